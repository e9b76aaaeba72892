"""The compiled plain float run (mes_jit): the same choices as FloatRun, the same doubt."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_counting_float import SOME, _data, _swiecie_like, _tie_after_drain, irregular

from ballots.counting import Ballot, Instance, Profile, Project, count, parse
from ballots.counting import add1 as add1_module
from ballots.counting.mes_core import MesData, MesRun
from ballots.counting.mes_float import FloatData, FloatRun, Reference
from ballots.counting.mes_jit import JitData, available, plain_run, probe_run
from ballots.counting.prepare import prepare

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "pabulib"


def test_numba_is_there_and_compiles() -> None:
    """Numba is a dependency: without it Add1 still counts, but several times slower."""
    assert available()


def _same_as_float_run(data: MesData, share: Fraction, hint: list[int] | None = None) -> None:
    fd = FloatData(data)
    fast = plain_run(JitData(fd), float(share), hint)
    slow = FloatRun(fd, float(share), hint=hint).run()
    assert fast is not None
    if fast.doubtful or fast.unsettled:
        return
    assert fast.selected == MesRun(data, share).run().selected
    if slow.doubtful:
        return
    assert fast.selected == slow.selected
    assert fast.floors == slow.floors
    assert [p.tolist() for p in fast.poor] == [p.tolist() for p in slow.poor]
    assert fast.alphas == pytest.approx(slow.alphas, rel=1e-10)


@SOME
@given(irregular(), st.integers(0, 400))
def test_compiled_run_makes_the_float_runs_and_the_exact_runs_choices(
    election: tuple[Instance, Profile], extra: int
) -> None:
    data = _data(election)
    _same_as_float_run(data, Fraction(data.tally.budget, data.tally.voters) + extra)


@SOME
@given(irregular(kind="cumulative"), st.integers(0, 400), st.booleans())
def test_compiled_run_agrees_on_points_ballots_with_and_without_a_hint(
    election: tuple[Instance, Profile], extra: int, hinted: bool
) -> None:
    data = _data(election)
    share = Fraction(data.tally.budget, data.tally.voters) + extra
    hint = MesRun(data, share + 1).run().selected if hinted else None
    _same_as_float_run(data, share, hint)


@pytest.mark.parametrize("tie_break", ["lexicographic", "lot:1", "lot:2", "lot:3"])
def test_an_exact_tie_at_floor_prices_is_decided_in_the_tie_order(tie_break: str) -> None:
    projects = (Project("a", 30), Project("b", 30), Project("c", 50))
    choices = [("a", "b"), ("b", "a", "c")]
    ballots = tuple(Ballot(choices[v % 2], None, f"v{v}") for v in range(6))
    election = (Instance(66, projects, "approval"), Profile("approval", ballots))
    data = MesData.build(prepare(*election, tie_break))
    share = Fraction(data.tally.budget, data.tally.voters)
    fast = plain_run(JitData(FloatData(data)), float(share))
    exact = MesRun(data, share).run()
    assert fast is not None and exact.ties
    assert (fast.doubtful, fast.unsettled, fast.selected) == (False, False, exact.selected)


def test_a_tie_among_voters_who_spent_everything_is_decided_exactly() -> None:
    data = _data(_tie_after_drain())
    share = Fraction(data.tally.budget, data.tally.voters)
    fast = plain_run(JitData(FloatData(data)), float(share))
    exact = MesRun(data, share).run()
    assert fast is not None and exact.alphas[1] == exact.alphas[2] == Fraction(1, 4)
    assert (fast.doubtful, fast.unsettled, fast.selected) == (False, False, exact.selected)


def test_a_close_call_ends_the_compiled_run_as_doubtful() -> None:
    """Two projects whose supporters can exactly just pay: too close to call in floats."""
    projects = (Project("a", 40), Project("b", 40))
    ballots = tuple(Ballot(("a",) if v < 4 else ("b",), None, f"v{v}") for v in range(8))
    data = _data((Instance(80, projects, "approval"), Profile("approval", ballots)))
    fast = plain_run(JitData(FloatData(data)), 10.0)
    assert fast is not None and fast.doubtful


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024", "Poland_Swiecie_2023"])
def test_add1_counts_the_same_with_and_without_the_compiled_run(name: str) -> None:
    parsed = parse((SHARED / f"{name}.pb").read_text(encoding="utf-8"))
    assert parsed.instance and parsed.profile
    compiled = count(parsed.instance, parsed.profile, "mes-add1")
    with patch.object(add1_module, "available", lambda: False):
        plain = count(parsed.instance, parsed.profile, "mes-add1")
    assert (compiled.selected, compiled.notes) == (plain.selected, plain.notes)


def test_add1_without_numba_still_counts_exactly_the_same() -> None:
    with patch.object(add1_module, "available", lambda: False):
        plain = count(*_swiecie_like(), "mes-add1")
    assert plain.selected == count(*_swiecie_like(), "mes-add1", exact=True).selected


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(irregular(), st.integers(0, 300), st.integers(1, 120))
def test_a_jump_the_compiled_probe_certifies_has_the_same_winners_all_the_way(
    election: tuple[Instance, Profile], extra: int, width: int
) -> None:
    """The compiled certificate, checked against exact runs on a grid of shares in between."""
    data = _data(election)
    jd = JitData(FloatData(data))
    low = Fraction(data.tally.budget, data.tally.voters) + extra
    a = plain_run(jd, float(low))
    assert a is not None
    reference = Reference(a.beta, a.alphas, a.poor, a.floors, a.selected)
    b = probe_run(jd, float(low + width), reference, a.selected)
    assert b is not None
    if a.doubtful or a.unsettled or b.doubtful or b.unsettled:
        return
    if b.finished and b.certified and b.selected == a.selected:
        for tenth in range(10 * width + 1):
            assert MesRun(data, low + Fraction(tenth, 10)).run().selected == a.selected


@SOME
@given(irregular(kind="cumulative"), st.integers(0, 300), st.integers(1, 60))
def test_the_compiled_probe_certifies_what_the_float_probe_certifies(
    election: tuple[Instance, Profile], extra: int, width: int
) -> None:
    """Probes (runs certified against a run at a smaller share) decide as FloatRun's do."""
    data = _data(election)
    fd = FloatData(data)
    low = Fraction(data.tally.budget, data.tally.voters) + extra
    a = FloatRun(fd, float(low)).run()
    if a.doubtful:
        return
    reference = Reference(a.beta, a.alphas, a.poor, a.floors, a.selected)
    fast = probe_run(JitData(fd), float(low + width), reference, a.selected)
    slow = FloatRun(fd, float(low + width), reference, a.selected).run(until_uncertified=True)
    assert fast is not None
    if fast.doubtful or fast.unsettled or slow.doubtful:
        return
    assert (fast.finished, fast.certified, fast.selected) == (
        slow.finished,
        slow.certified,
        slow.selected,
    )


@pytest.mark.parametrize("factor", [1, 10])
def test_add1_on_mokotow_counts_the_same_with_and_without_the_compiled_runs(factor: int) -> None:
    """Plain runs and probes both compiled (money x10: mostly probes) against FloatRun's."""
    parsed = parse((SHARED / "Poland_Warszawa_2024_Mokotow.pb").read_text(encoding="utf-8"))
    assert parsed.instance and parsed.profile
    instance = parsed.instance
    if factor > 1:
        projects = tuple(Project(p.id, p.cost * factor) for p in instance.projects)
        instance = Instance(instance.budget * factor, projects, instance.kind)
    compiled = count(instance, parsed.profile, "mes-add1")
    with patch.object(add1_module, "available", lambda: False):
        plain = count(instance, parsed.profile, "mes-add1")
    assert (compiled.selected, compiled.notes) == (plain.selected, plain.notes)


@SOME
@given(irregular(), st.integers(0, 300), st.integers(1, 120))
def test_a_probe_that_plays_on_past_its_certificate_ends_as_the_plain_run_does(
    election: tuple[Instance, Profile], extra: int, width: int
) -> None:
    """Add1 reads the outcome at a failed probe's share from the probe: it must be the
    plain run's and the exact run's, and the certificate the same as a stopping probe's."""
    data = _data(election)
    jd = JitData(FloatData(data))
    low = Fraction(data.tally.budget, data.tally.voters) + extra
    a = plain_run(jd, float(low))
    assert a is not None
    reference = Reference(a.beta, a.alphas, a.poor, a.floors, a.selected)
    on = probe_run(jd, float(low + width), reference, a.selected, to_the_end=True)
    stops = probe_run(jd, float(low + width), reference, a.selected)
    plain = plain_run(jd, float(low + width), a.selected)
    assert on is not None and stops is not None and plain is not None
    if a.doubtful or a.unsettled or any(r.doubtful or r.unsettled for r in (on, stops, plain)):
        return
    assert on.finished and on.certified == stops.certified
    assert on.selected == plain.selected == MesRun(data, low + width).run().selected
    assert on.alphas == pytest.approx(plain.alphas, rel=1e-12)
    assert [p.tolist() for p in on.poor] == [p.tolist() for p in plain.poor]


@SOME
@given(irregular(), st.integers(0, 300))
def test_each_rounds_runner_up_was_open_and_no_cheaper_than_the_winner(
    election: tuple[Instance, Profile], extra: int
) -> None:
    """Add1 guesses where an outcome changes from each round's runner-up and its price."""
    data = _data(election)
    run = plain_run(JitData(FloatData(data)), float(data.tally.budget / data.tally.voters) + extra)
    assert run is not None and run.runner_up is not None and run.runner_up_alpha is not None
    if run.doubtful or run.unsettled:
        return
    assert len(run.runner_up) == len(run.runner_up_alpha) == len(run.selected)
    for t, (up, price) in enumerate(zip(run.runner_up, run.runner_up_alpha, strict=True)):
        if up == -1:
            assert price == float("inf")
            continue
        assert up in data.candidates and up not in run.selected[: t + 1]
        assert price >= run.alphas[t] * (1 - 1e-8)
