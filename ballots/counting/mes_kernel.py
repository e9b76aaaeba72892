"""The compiled loop of mes_jit (a plain float MES run): imported only when Numba is installed.

Numba compiles `run` on its first call and caches the machine code beside this file (in
__pycache__), so later processes start at once. See mes_jit for what it computes.
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np
import numpy.typing as npt

from ballots.counting.mes_float import DECIDE
from ballots.counting.slopes import SAFETY

OK, DOUBTFUL, UNSETTLED = 0, 1, 2


class Played(NamedTuple):
    """What `run` answers; rounds 0..rounds-1 of the arrays are filled."""

    code: int  # OK when played out, else DOUBTFUL or UNSETTLED (see mes_jit)
    certified: bool  # every round so far held against the reference (with one)
    finished: bool  # played out (not stopped where the certificate failed, nor doubtful)
    selected: npt.NDArray[np.int64]  # round t bought project selected[t] ...
    alphas: npt.NDArray[np.float64]  # ... at price alphas[t] per unit of utility
    floors: npt.NDArray[np.bool_]  # was it at its floor price (every supporter paid in full)?
    poor: npt.NDArray[np.int64]  # round t's (maybe) poor voter types: poor[poor_start[t]:...]
    poor_start: npt.NDArray[np.int64]
    rounds: int
    up_k: npt.NDArray[np.int64]  # round t's runner-up (-1 if none) ...
    up_a: npt.NDArray[np.float64]  # ... and its price (a lower bound when far behind)


@numba.njit(cache=True)
def _answer(code, certified, finished, rounds, arrays):
    """The Played of `run` from its arrays (selected, alphas, floors, poor, poor_start, up_k,
    up_a), so that every way out of it answers the same shape."""
    selected, alphas, floors, poor, poor_start, up_k, up_a = arrays
    return Played(
        code, certified, finished, selected, alphas, floors, poor, poor_start, rounds, up_k, up_a
    )


@numba.njit(cache=True, fastmath={"reassoc"})
def price(ratio, n, wu, lo, cost, start, enough):
    """mes_float.float_price over ratio[:n] (budget / utility) and wu[lo:lo + n]."""
    alpha = start
    for _ in range(100):
        paid = 0.0
        rich = 0.0
        for j in range(n):
            r = ratio[j]
            x = wu[lo + j]
            paid += x * min(r, alpha)
            rich += x if r >= alpha else 0.0
        if paid >= cost or rich <= 0.0:
            break
        step = (cost - paid) / rich
        alpha += step
        if step <= alpha * 1e-15 or alpha > enough:
            break
    return alpha


@numba.njit(cache=True)
def winner_fall(
    at, lo, hi, idx, w, wu, high, low, poor_b, maybe_b, maybe_a, mark, ref_poor, ref_start
):
    """slopes.SlopeBounds._winner: the fastest and slowest fall of round at's winning price
    (supporters lo..hi; poor_b, maybe_b by entry); fills maybe_a (maybe poor at a)."""
    n = hi - lo
    if at >= len(ref_start) - 1:
        for e in range(n):
            maybe_a[e] = maybe_b[e]
        return -np.inf, 0.0
    for t in range(ref_start[at], ref_start[at + 1]):
        mark[ref_poor[t]] = True
    rich_a, fast, rich_b, slow = 0.0, 0.0, 0.0, 0.0
    for e in range(n):
        j = lo + e
        v = idx[j]
        maybe_a[e] = mark[v] or maybe_b[e]
        if maybe_a[e]:
            fast += w[j] * high[v]
        else:
            rich_a += wu[j]
        if poor_b[e]:
            slow += w[j] * low[v]
        else:
            rich_b += wu[j]
    for t in range(ref_start[at], ref_start[at + 1]):
        mark[ref_poor[t]] = False
    fastest = -fast / rich_a if rich_a > 0 else -np.inf
    slowest = -slow / rich_b if rich_b > 0 else 0.0
    return fastest, slowest


@numba.njit(cache=True)
def certify(
    at,
    winner,
    alpha,
    bar,
    ne,
    ev_k,
    ev_a,
    start,
    idx,
    w,
    wu,
    inv,
    budget,
    high,
    low,
    mark,
    poor_e,
    maybe_e,
    maybe_a,
    ref_poor,
    ref_start,
    ref_floors,
    ref_selected,
    floor_rank,
    width,
):
    """FloatRun._certify: does round at's choice hold at every share between a and b?"""
    if bar == 0.0 or alpha > bar * (1 + DECIDE):
        return False
    floor_win = (
        at < len(ref_floors) and ref_selected[at] == winner and ref_floors[at]
    )  # FloatRun._harmless_at_floor
    fastest = np.nan
    for e in range(ne):
        k, price_k = ev_k[e], ev_a[e]
        if k == winner or price_k > bar * (1 + DECIDE):
            continue
        if floor_win and floor_rank[k] > floor_rank[winner]:
            continue
        if fastest != fastest:  # the winner's fastest fall, computed once
            lo, hi = start[winner], start[winner + 1]
            for j in range(lo, hi):
                r = budget[idx[j]] * inv[j]
                poor_e[j - lo] = r < alpha * (1 - DECIDE)
                maybe_e[j - lo] = r <= alpha * (1 + DECIDE)
            fastest, _ = winner_fall(
                at, lo, hi, idx, w, wu, high, low, poor_e, maybe_e, maybe_a, mark, ref_poor,
                ref_start,
            )  # fmt: skip
        rich, slow = 0.0, 0.0
        for j in range(start[k], start[k + 1]):
            if budget[idx[j]] * inv[j] < price_k * (1 - DECIDE):
                slow += w[j] * low[idx[j]]
            else:
                rich += wu[j]
        slowest = -slow / rich if rich > 0 else 0.0
        closing = width * max(0.0, slowest - fastest) * SAFETY
        if not price_k - alpha > closing + DECIDE * alpha:
            return False
    return True


@numba.njit(cache=True)
def run(
    n_types,
    beta,
    start,
    idx,
    w,
    wu,
    inv,
    util,
    cost,
    floor,
    same_util,
    hint,
    w_int,
    u_int,
    cost_int,
    rank,
    big_ok,
    floor_rank,
    ref_alphas,
    ref_poor,
    ref_start,
    ref_floors,
    ref_selected,
    width,
    has_ref,
    until_uncertified,
):
    """One plain float run at share `beta` (mes_float.FloatRun.run without a reference).

    Projects are positions 0..m-1; project k's supporters are entries start[k]..start[k+1]
    of idx (voter type), w (weight), wu (weight x utility), inv (1 / utility), util, and for
    exact tie decisions w_int, u_int (exact when big_ok). Answers a Played: code OK when
    played out, DOUBTFUL or UNSETTLED (see mes_jit); round t bought selected[t] at alphas[t],
    with poor[poor_start[t]:poor_start[t+1]] the voter types that paid (maybe) all they had,
    and up_k[t] was the runner-up at up_a[t]. With a reference (`has_ref`) it also
    certifies every round against it; `until_uncertified` stops at the first round that fails,
    otherwise the run plays on as a plain run. A doubtful run answers whether the certificate
    still held up to the doubt.
    """
    m = len(cost)
    budget = np.full(n_types, beta)
    zero = np.zeros(n_types, dtype=np.bool_)
    stale = floor.copy()
    open_ = floor.copy()
    alive = np.ones(m, dtype=np.bool_)
    selected = np.empty(m, dtype=np.int64)
    alphas = np.empty(m, dtype=np.float64)
    floors = np.zeros(m, dtype=np.bool_)
    poor = np.empty(len(idx), dtype=np.int64)
    poor_start = np.zeros(m + 1, dtype=np.int64)
    up_k = np.full(m, -1, dtype=np.int64)
    up_a = np.full(m, np.inf)
    ev_k = np.empty(m, dtype=np.int64)
    ev_a = np.empty(m, dtype=np.float64)
    widest = 0
    for k in range(m):
        widest = max(widest, start[k + 1] - start[k])
    ratio = np.empty(widest, dtype=np.float64)
    # the certificate (FloatRun._certify, slopes.SlopeBounds): slope bounds per voter type
    certified = has_ref
    high = np.ones(n_types)
    low_slope = np.ones(n_types)
    mark = np.zeros(n_types, dtype=np.bool_)
    poor_e = np.zeros(widest, dtype=np.bool_)
    maybe_e = np.zeros(widest, dtype=np.bool_)
    maybe_a = np.zeros(widest, dtype=np.bool_)
    rounds, n_poor = 0, 0
    arrays = (selected, alphas, floors, poor, poor_start, up_k, up_a)
    while m > 0:
        if until_uncertified and not certified:
            return _answer(OK, False, False, rounds, arrays)
        at = rounds
        bar = 0.0
        if certified and at < len(ref_alphas):
            bar = ref_alphas[at]
        best, second, winner, ne = np.inf, np.inf, -1, 0
        first = -1
        if at < len(hint) and alive[hint[at]]:
            first = hint[at]
        enough = np.inf
        while True:
            k = first if first >= 0 else int(np.argmin(open_))
            first = -1
            low = open_[k]
            if low == np.inf or low > enough:
                break
            open_[k] = np.inf
            lo, hi = start[k], start[k + 1]
            # one pass gathers the budgets and takes price()'s first step from stale[k]
            alpha = stale[k]
            total, paid, rich = 0.0, 0.0, 0.0
            same = same_util[k]
            if same != 0.0:
                inv_same = 1.0 / same
                for j in range(lo, hi):
                    b = budget[idx[j]]
                    total += b * w[j]
                    r = b * inv_same
                    ratio[j - lo] = r
                    x = wu[j]
                    paid += x * min(r, alpha)
                    rich += x if r >= alpha else 0.0
            else:
                for j in range(lo, hi):
                    b = budget[idx[j]]
                    total += b * w[j]
                    r = b * inv[j]
                    ratio[j - lo] = r
                    x = wu[j]
                    paid += x * min(r, alpha)
                    rich += x if r >= alpha else 0.0
            c = cost[k]
            if total < c * (1 - DECIDE):
                alive[k] = False
                continue
            if total <= c * (1 + DECIDE):
                return _answer(DOUBTFUL, certified, False, rounds, arrays)
            if paid < c and rich > 0.0:
                step = (c - paid) / rich
                alpha += step
                if not (step <= alpha * 1e-15 or alpha > enough):
                    alpha = price(ratio, hi - lo, wu, lo, c, alpha, enough)
            stale[k] = alpha
            ev_k[ne], ev_a[ne] = k, alpha
            ne += 1
            if alpha < best:
                best, second, winner = alpha, best, k
                enough = max(best, bar) * (1 + DECIDE)
            elif alpha < second:
                second = alpha
        if winner < 0:
            break
        if second <= best * (1 + DECIDE):
            # as FloatRun._floor_pick: the price of a tied project is exactly
            # cost / (weight x utility of its payers) when every supporter clearly pays
            # or has surely nothing left; compared as fractions, then by the tie order
            pick, pick_pay, bound = -1, 0, best * (1 + DECIDE)
            for e in range(ne):
                k, a = ev_k[e], ev_a[e]
                if a > bound:
                    continue
                pay = 0
                for j in range(start[k], start[k + 1]):
                    if budget[idx[j]] * inv[j] >= a * (1 + DECIDE):
                        pay += w_int[j] * u_int[j]
                    elif not zero[idx[j]]:
                        return _answer(DOUBTFUL, certified, False, rounds, arrays)
                if pay <= 0 or not big_ok:
                    return _answer(UNSETTLED, False, False, rounds, arrays)
                if pick >= 0:
                    mine, theirs = cost_int[k] * pick_pay, cost_int[pick] * pay
                    if mine > theirs or (mine == theirs and rank[k] > rank[pick]):
                        continue
                pick, pick_pay, winner, best = k, pay, k, a
        for e in range(ne):
            if ev_k[e] != winner:
                open_[ev_k[e]] = ev_a[e]
                if ev_a[e] < up_a[at]:
                    up_k[at], up_a[at] = ev_k[e], ev_a[e]
        if certified:
            certified = certify(
                at, winner, best, bar, ne, ev_k, ev_a, start, idx, w, wu, inv, budget,
                high, low_slope, mark, poor_e, maybe_e, maybe_a, ref_poor, ref_start,
                ref_floors, ref_selected, floor_rank, width,
            )  # fmt: skip
        k, alpha = winner, best
        same = same_util[k]
        any_maybe = False
        lo, hi = start[k], start[k + 1]
        for j in range(lo, hi):
            price_j = alpha * same if same != 0.0 else alpha * util[j]
            left = budget[idx[j]] - price_j
            band = price_j * DECIDE
            maybe_e[j - lo] = left <= band
            poor_e[j - lo] = left < -band
            if left <= band:
                any_maybe = True
                poor[n_poor] = idx[j]
                n_poor += 1
                if left < -band:
                    zero[idx[j]] = True
                left = max(left, 0.0)
            budget[idx[j]] = left
        if certified:  # slopes.SlopeBounds._bring for this round
            fastest, slowest = winner_fall(
                at, lo, hi, idx, w, wu, high, low_slope, poor_e, maybe_e, maybe_a, mark,
                ref_poor, ref_start,
            )  # fmt: skip
            for j in range(lo, hi):
                v = idx[j]
                high[v] = 0.0 if poor_e[j - lo] else high[v] - fastest * util[j]
                low_slope[v] = 0.0 if maybe_a[j - lo] else low_slope[v] - slowest * util[j]
        alive[k] = False
        selected[rounds] = k
        alphas[rounds] = alpha
        floors[rounds] = (not any_maybe) and alpha <= floor[k] * (1 + DECIDE)
        rounds += 1
        poor_start[rounds] = n_poor
    if has_ref and rounds != len(ref_alphas):
        certified = False
    return _answer(OK, certified, True, rounds, arrays)
