"""The float MES run of mes_float compiled with Numba, for Add1's plain runs (no certificate).

A plain float run on Toulouse 2024 plays about 120 rounds over arrays of about 100 supporters;
in NumPy most of its time is the overhead of small calls. This is the same run as
`mes_float.FloatRun(fd, beta, hint=...).run()`, written as loops over one flat layout of
every project's supporters: the same choices, the same DECIDE margins, the same doubt. Sums
are added in another order than NumPy's, so values may differ from FloatRun's in the last
bits (far inside DECIDE: float prices are off by about 1e-14 relative, DECIDE is 1e-8).

Decisions it cannot make in floats it does not make: a close call ends the run as doubtful
(the caller runs the exact code, as for FloatRun). A tie too close to call is decided as
FloatRun._floor_pick decides it: when every supporter of each tied project clearly pays or
has surely nothing left, its price is exactly cost / (weight x utility of its payers), and
those fractions are compared by cross-multiplying int64s; where such a product could
overflow the run ends `unsettled` and the caller runs FloatRun instead. Without Numba (not
installed, or it fails to load), `available()` is False and Add1 uses FloatRun as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ballots.counting.mes_float import FloatData, Reference

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DOUBTFUL, UNSETTLED = 1, 2  # what mes_kernel.run answers besides 0 (a run played out)

_COMPILED: Any = None
_FAILED = False


def _compiled() -> Any:
    global _COMPILED, _FAILED
    if _COMPILED is None and not _FAILED:
        try:
            from ballots.counting import mes_kernel

            _COMPILED = mes_kernel.run
        except Exception:  # no Numba here, or it cannot load: use FloatRun
            _FAILED = True
    return _COMPILED


def _flat(parts: Sequence[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    """The arrays one after the other (an empty float array for none)."""
    return np.concatenate(list(parts)) if parts else np.zeros(0)


@dataclass(frozen=True)
class JitRun:
    """What Add1 reads of a plain float run (the same fields as mes_float.FloatRun's)."""

    beta: float
    selected: list[int]
    alphas: list[float]
    poor: list[IntArray]
    floors: list[bool]
    doubtful: bool
    unsettled: bool
    finished: bool = True
    certified: bool = False
    packed: Any = None  # the run's arrays, as a probe against it wants them (mes_jit._run)
    runner_up: list[int] | None = None  # each round's runner-up project (-1: none) ...
    runner_up_alpha: list[float] | None = None  # ... and its price (maybe a lower bound)


class JitData:
    """mes_float.FloatData's per-project arrays laid out flat, as the compiled run wants them."""

    def __init__(self, fd: FloatData) -> None:
        self.fd = fd
        self.project_of = fd.project_of
        self.start = np.zeros(len(fd.idx) + 1, dtype=np.int64)
        self.start[1:] = np.cumsum([len(i) for i in fd.idx])
        cat = _flat
        self.idx = cat(fd.idx).astype(np.int64)
        self.w = cat(fd.weight).astype(np.float64)
        self.wu = cat(fd.wu).astype(np.float64)
        self.inv = cat(fd.inv_util).astype(np.float64)
        self.util = cat(fd.util).astype(np.float64)
        self.same = np.array(fd.same_util, dtype=np.float64)
        order = sorted(range(len(fd.floor_key)), key=lambda k: fd.floor_key[k])
        self.floor_rank = np.empty(len(order), dtype=np.int64)
        self.floor_rank[order] = np.arange(len(order), dtype=np.int64)
        # integers for exact tie decisions, when every product fits in an int64
        data = fd.data
        costs = [data.tally.costs[p] for p in data.candidates]
        self.cost_int = np.array(costs, dtype=np.int64)
        self.rank = np.array([data.tally.rank[p] for p in data.candidates], dtype=np.int64)
        self.small = data.exact_dtype is np.int64 and (
            max(costs, default=0) * max(data.total.values(), default=0) < 2**62
        )
        if self.small:
            self.w_int = cat([data.tally.weights[i] for i in fd.idx]).astype(np.int64)
            self.u_int = cat([data.utility[p] for p in data.candidates]).astype(np.int64)
        else:
            self.w_int = self.u_int = np.zeros(len(self.idx), dtype=np.int64)


def available() -> bool:
    """True when the compiled run can be used (Numba installed and compiling here)."""
    return _compiled() is not None


def plain_run(jd: JitData, beta: float, hint: list[int] | None = None) -> JitRun | None:
    """The plain float run at share `beta` (as FloatRun without a reference), or None
    without Numba."""
    return _run(jd, beta, hint, None)


def probe_run(
    jd: JitData, beta: float, reference: Reference, hint: list[int], to_the_end: bool = False
) -> JitRun | None:
    """The run at `beta` certified against `reference`, stopping where the certificate
    fails (as FloatRun(fd, beta, reference, hint).run(until_uncertified=True)); None without
    Numba or when the reference has no poor sets (then FloatRun decides).

    With `to_the_end` it plays on as a plain run where the certificate fails, so the caller
    learns the outcome at `beta` too (`certified` False). A doubtful run's `certified` says
    whether the certificate still held when the doubt came.
    """
    if reference.poor is None:
        return None
    return _run(jd, beta, hint, reference, to_the_end)


NONE_INT = np.zeros(0, dtype=np.int64)


def _run(
    jd: JitData,
    beta: float,
    hint: list[int] | None,
    ref: Reference | None,
    to_the_end: bool = False,
) -> JitRun | None:
    run = _compiled()
    if run is None:
        return None
    fd = jd.fd
    hint_pos = np.array([fd.position[p] for p in hint or ()], dtype=np.int64)
    ref_alphas, ref_poor, ref_start = np.zeros(0), NONE_INT, np.zeros(1, dtype=np.int64)
    ref_floors, ref_selected, width = np.zeros(0, dtype=np.bool_), NONE_INT, 0.0
    if ref is not None and ref.packed is not None:
        ref_alphas, ref_poor, ref_start, ref_floors, ref_selected = ref.packed
        width = float(beta) - ref.beta
    elif ref is not None and ref.poor is not None:
        ref_alphas = np.array(ref.alphas, dtype=np.float64)
        ref_start = np.zeros(len(ref.poor) + 1, dtype=np.int64)
        ref_start[1:] = np.cumsum([len(p) for p in ref.poor])
        ref_poor = _flat(ref.poor).astype(np.int64)
        if ref.floors is not None and ref.selected is not None:
            ref_floors = np.array(ref.floors, dtype=np.bool_)
            ref_selected = np.array([fd.position[p] for p in ref.selected], dtype=np.int64)
        width = float(beta) - ref.beta
    out = run(
        fd.n_types, float(beta), jd.start, jd.idx, jd.w, jd.wu, jd.inv, jd.util,
        fd.cost, fd.floor, jd.same, hint_pos, jd.w_int, jd.u_int, jd.cost_int, jd.rank,
        jd.small, jd.floor_rank, ref_alphas, ref_poor, ref_start, ref_floors, ref_selected,
        width, ref is not None, ref is not None and not to_the_end,
    )  # fmt: skip
    rounds = out.rounds
    alphas, floors, sel = out.alphas[:rounds], out.floors[:rounds], out.selected[:rounds]
    poor, poor_start = out.poor, out.poor_start[: rounds + 1]
    return JitRun(
        float(beta),
        [jd.project_of[k] for k in sel.tolist()],
        alphas.tolist(),
        [poor[poor_start[t] : poor_start[t + 1]] for t in range(rounds)],
        floors.tolist(),
        out.code == DOUBTFUL,
        out.code == UNSETTLED,
        bool(out.finished),
        bool(out.certified),
        (alphas, poor[: poor_start[rounds]], poor_start, floors, sel),
        [jd.project_of[k] if k >= 0 else -1 for k in out.up_k[:rounds].tolist()],
        out.up_a[:rounds].tolist(),
    )
