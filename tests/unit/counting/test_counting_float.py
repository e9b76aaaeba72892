"""The fast float runs behind Add1: same winners as the exact run, doubt on ties, sound jumps."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from typing import Any
from unittest.mock import patch

import numpy as np
import pytest
from counting_pabu import oracle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.counting import Ballot, Instance, Profile, Project, count, mes_core, mes_jit
from ballots.counting.add1 import add1, exhaustive
from ballots.counting.mes_core import MesData, MesRun
from ballots.counting.mes_float import FloatData, FloatRun, Reference
from ballots.counting.mes_jit import JitRun
from ballots.counting.prepare import prepare

SOME = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@st.composite
def irregular(draw: Any, kind: str = "approval") -> tuple[Instance, Profile]:
    """Elections with uneven costs and many voters: few exact ties, so floats decide."""
    n = draw(st.integers(3, 9))
    ids = [f"p{i}" for i in range(n)]
    costs = draw(st.lists(st.integers(50, 997), min_size=n, max_size=n))
    projects = tuple(Project(pid, cost) for pid, cost in zip(ids, costs, strict=True))
    budget = draw(st.integers(sum(costs) // 4, sum(costs) // 2 + 1))
    ballots = []
    for v in range(draw(st.integers(8, 40))):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=n))
        points = tuple(draw(st.integers(1, 5)) for _ in chosen) if kind == "cumulative" else None
        ballots.append(Ballot(tuple(chosen), points, f"v{v}"))
    return Instance(budget, projects, kind), Profile(kind, tuple(ballots))  # type: ignore[arg-type]


def _data(election: tuple[Instance, Profile], factor: int = 1) -> MesData:
    instance, profile = election
    if factor > 1:
        projects = tuple(Project(p.id, p.cost * factor) for p in instance.projects)
        instance = Instance(instance.budget * factor, projects, instance.kind)
    return MesData.build(prepare(instance, profile))


@SOME
@given(irregular(), st.integers(0, 400))
def test_float_run_picks_the_exact_runs_winners_unless_it_says_it_is_unsure(
    election: tuple[Instance, Profile], extra: int
) -> None:
    data = _data(election)
    share = Fraction(data.tally.budget, data.tally.voters) + extra
    fast = FloatRun(FloatData(data), float(share)).run()
    if not fast.doubtful:
        assert fast.selected == MesRun(data, share).run().selected


@SOME
@given(irregular(kind="cumulative"), st.integers(0, 400))
def test_float_run_agrees_on_points_ballots(election: tuple[Instance, Profile], extra: int) -> None:
    data = _data(election)
    share = Fraction(data.tally.budget, data.tally.voters) + extra
    fast = FloatRun(FloatData(data), float(share)).run()
    if not fast.doubtful:
        assert fast.selected == MesRun(data, share).run().selected


@pytest.mark.parametrize("tie_break", ["lexicographic", "lot:1", "lot:2", "lot:3"])
def test_an_exact_tie_at_floor_prices_is_decided_in_the_tie_order_without_doubt(
    tie_break: str,
) -> None:
    """Two projects whose supporters all pay price x utility cost exactly cost / utility: the
    float run compares those fractions, then the tie order, as the exact run does."""
    projects = (Project("a", 30), Project("b", 30), Project("c", 50))
    choices = [("a", "b"), ("b", "a", "c")]
    ballots = tuple(Ballot(choices[v % 2], None, f"v{v}") for v in range(6))
    election = (Instance(66, projects, "approval"), Profile("approval", ballots))
    data = MesData.build(prepare(*election, tie_break))
    share = Fraction(data.tally.budget, data.tally.voters)
    fast = FloatRun(FloatData(data), float(share)).run()
    exact = MesRun(data, share).run()
    assert exact.ties and not fast.doubtful
    assert fast.selected == exact.selected
    first = min((0, 1), key=lambda p: data.tally.rank[p])  # a and b are projects 0 and 1
    assert fast.selected[0] == first
    assert count(*election, "mes-add1").ties


def _tie_after_drain() -> tuple[Instance, Profile]:
    """Round 1 (d) takes everything from the z voters; then a (z voters, who pay nothing now,
    and four g voters) and b (four f voters) both cost exactly 1/4 per unit of utility."""
    projects = (Project("d", 100), Project("b", 20), Project("a", 20))
    ballots = [Ballot(("d", "a"), (5, 1), f"z{v}") for v in range(2)]
    ballots += [Ballot(("d",), (1,), f"r{v}") for v in range(10)]
    ballots += [Ballot(("b",), (1,), f"f{v}") for v in range(4)]
    ballots += [Ballot(("a",), (1,), f"g{v}") for v in range(4)]
    return Instance(200, projects, "cumulative"), Profile("cumulative", tuple(ballots))


def test_a_tie_among_voters_who_spent_everything_is_decided_exactly() -> None:
    """A price whose other payers have exactly nothing left is cost / (utility of those who
    pay): the float run decides such a tie exactly instead of doubting."""
    data = _data(_tie_after_drain())
    share = Fraction(data.tally.budget, data.tally.voters)
    fast = FloatRun(FloatData(data), float(share)).run()
    exact = MesRun(data, share).run()
    assert exact.ties and exact.alphas[1] == exact.alphas[2] == Fraction(1, 4)
    assert (fast.doubtful, fast.selected) == (False, exact.selected)


def test_a_close_call_floats_cannot_settle_exactly_is_left_to_the_exact_run() -> None:
    """When a supporter of a tied project has some money left but not enough to pay price x
    utility, the float run cannot know the price exactly: it doubts (the exact run decides)."""
    data = _data(_tie_after_drain())
    fd = FloatData(data)
    run = FloatRun(fd, float(Fraction(data.tally.budget, data.tally.voters)))
    run.round()  # d: the z voters pay everything
    a, b = fd.position[data.tally.ids.index("a")], fd.position[data.tally.ids.index("b")]
    assert run._floor_pick([(a, 0.25), (b, 0.25)]) == (a, 0.25)
    run.budget[fd.idx[a]] = np.where(run.budget[fd.idx[a]] == 0.0, 0.5, run.budget[fd.idx[a]])
    run.zero[:] = False  # as if the z voters had 0.5 left: poor, but not exactly at zero
    assert run._floor_pick([(a, 0.25), (b, 0.25)]) is None


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(irregular(), st.integers(0, 300), st.integers(1, 120))
def test_a_certified_jump_means_every_share_in_between_has_the_same_winners(
    election: tuple[Instance, Profile], extra: int, width: int
) -> None:
    """The certificate of mes_float.FloatRun, checked against exact runs on a fine grid."""
    data = _data(election)
    fd = FloatData(data)
    low = Fraction(data.tally.budget, data.tally.voters) + extra
    a = FloatRun(fd, float(low)).run()
    b = FloatRun(fd, float(low + width), Reference(a.beta, a.alphas, a.poor)).run()
    if a.doubtful or b.doubtful or not b.certified or b.selected != a.selected:
        return
    for tenth in range(10 * width + 1):
        assert MesRun(data, low + Fraction(tenth, 10)).run().selected == a.selected


def _naive_add1(data: MesData, exhaustive_stop: bool) -> list[str]:
    tally = data.tally
    share = Fraction(tally.budget, tally.voters)
    previous_run: MesRun | None = None
    while True:
        run = MesRun(data, share).run()
        if sum(tally.costs[p] for p in run.selected) > tally.budget:
            return sorted(tally.ids[p] for p in (previous_run.selected if previous_run else []))
        if len(run.selected) == len(data.candidates) or (exhaustive_stop and exhaustive(data, run)):
            return sorted(tally.ids[p] for p in run.selected)
        previous_run, share = run, share + tally.scale


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(irregular(), st.booleans(), st.sampled_from([1, 10]))
def test_add1_with_float_runs_and_jumps_equals_exact_stepping(
    election: tuple[Instance, Profile], stop: bool, factor: int
) -> None:
    data = _data(election, factor)
    instance, profile = election
    if factor > 1:
        projects = tuple(Project(p.id, p.cost * factor) for p in instance.projects)
        instance = Instance(instance.budget * factor, projects, instance.kind)
    result = count(instance, profile, "mes-add1", exhaustive_stop=stop)
    assert _naive_add1(data, stop) == sorted(result.selected)


@SOME
@given(irregular(), st.booleans())
def test_exact_mode_add1_equals_the_fast_one(
    election: tuple[Instance, Profile], stop: bool
) -> None:
    fast = count(*election, "mes-add1", exhaustive_stop=stop)
    exact = count(*election, "mes-add1", exhaustive_stop=stop, exact=True)
    assert (fast.selected, fast.ties) == (exact.selected, exact.ties)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(irregular(), st.sampled_from(["mes", "mes-add1"]))
def test_exact_runs_without_any_float_shortcut_still_match_pabutools(
    election: tuple[Instance, Profile], rule: str
) -> None:
    """With TOLERANCE 0 every float shortcut of the exact run is refused: all fractions."""
    options = {"exact": True} if rule == "mes-add1" else {}
    with patch.object(mes_core, "TOLERANCE", 0.0):
        result = count(*election, rule, **options)  # type: ignore[arg-type]
    assert oracle(rule, *election) == sorted(result.selected)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(irregular(), st.integers(0, 300), st.integers(1, 120))
def test_an_exactly_certified_jump_means_every_share_in_between_has_the_same_winners(
    election: tuple[Instance, Profile], extra: int, width: int
) -> None:
    """The same certificate in exact mode (mes_core.MesRun with a reference run)."""
    data = _data(election)
    low = Fraction(data.tally.budget, data.tally.voters) + extra
    a = MesRun(data, low).run()
    b = MesRun(
        data, low + width, reference=tuple(a.alphas), reference_poor=a.poor_sets, reference_beta=low
    ).run()
    if not b.certified or b.selected != a.selected:
        return
    for tenth in range(10 * width + 1):
        assert MesRun(data, low + Fraction(tenth, 10)).run().selected == a.selected


def test_a_float_run_that_disagrees_with_the_exact_run_makes_add1_recount_exactly() -> None:
    """Never seen on real data; if it happens, the exact count stands (with a note)."""
    election = _swiecie_like()
    honest = count(*election, "mes-add1", exact=True)
    real_run = FloatRun.run

    def wrong(self: FloatRun, until_uncertified: bool = False) -> FloatRun:
        done = real_run(self, until_uncertified)
        done.selected = list(reversed(done.selected))
        return done

    real_plain = mes_jit.plain_run

    def wrong_plain(*args: Any) -> JitRun | None:
        done = real_plain(*args)
        return replace(done, selected=list(reversed(done.selected))) if done else None

    with (
        patch.object(FloatRun, "run", wrong),
        patch("ballots.counting.add1.plain_run", wrong_plain),
    ):
        result = count(*election, "mes-add1")
    assert result.selected == honest.selected
    assert any("counted exactly" in note for note in result.notes)


def _swiecie_like() -> tuple[Instance, Profile]:
    """A fixed election without ties: uneven costs, varied ballots."""
    ids = [f"p{i}" for i in range(6)]
    costs = [431, 287, 199, 523, 151, 97]
    projects = tuple(Project(pid, cost) for pid, cost in zip(ids, costs, strict=True))
    ballots = tuple(
        Ballot(
            tuple(ids[j] for j in range(6) if (v * v * 7 + j * 13 + v * j) % 11 < 5), None, f"v{v}"
        )
        for v in range(37)
    )
    return Instance(1300, projects, "approval"), Profile("approval", ballots)


def test_ties_at_cent_scale_still_jump() -> None:
    """Identical ballots tie everywhere (floats doubt every run); the exact certificate jumps."""
    ids = ["a", "b", "c", "d"]
    projects = tuple(
        Project(pid, cost * 100) for pid, cost in zip(ids, [400, 300, 300, 250], strict=True)
    )
    ballots = tuple(Ballot(("a", "b") if v % 2 else ("c", "d"), None, f"v{v}") for v in range(8))
    election = (Instance(100_000, projects, "approval"), Profile("approval", ballots))
    tally = prepare(*election)
    data = MesData.build(tally)
    outcome = add1(data, Fraction(tally.budget, tally.voters), tally.scale)
    assert outcome.steps > 1000 and outcome.runs < outcome.steps / 20
    assert _naive_add1(data, True) == sorted(tally.ids[p] for p in outcome.run.selected)
