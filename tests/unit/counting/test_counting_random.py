"""Hypothesis: the engine equals pabutools on small random instances, and keeps its promises."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from counting_pabu import oracle, to_pabutools
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pabutools.analysis.justifiedrepresentation import is_EJR_one_approval
from pabutools.election import Cost_Sat

from ballots.counting import Ballot, Instance, Profile, Project, count
from ballots.counting.add1 import exhaustive
from ballots.counting.mes_core import MesData, MesRun
from ballots.counting.prepare import prepare

MANY = settings(
    max_examples=1000, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
SOME = settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@st.composite
def elections(
    draw: Any, kind: str = "approval", max_projects: int = 6, max_voters: int = 8
) -> tuple[Instance, Profile]:
    n = draw(st.integers(1, max_projects))
    ids = [f"p{i}" for i in draw(st.permutations(range(n)))]
    costs = draw(st.lists(st.integers(1, 40), min_size=n, max_size=n))
    projects = tuple(Project(pid, cost) for pid, cost in zip(ids, costs, strict=True))
    budget = draw(st.integers(1, 100))
    ballots = []
    for v in range(draw(st.integers(1, max_voters))):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=n))
        points = tuple(draw(st.integers(1, 4)) for _ in chosen) if kind == "cumulative" else None
        ballots.append(Ballot(tuple(chosen), points, f"v{v}"))
    return Instance(budget, projects, kind), Profile(kind, tuple(ballots))  # type: ignore[arg-type]


@MANY
@given(elections())
def test_greedy_matches_pabutools(election: tuple[Instance, Profile]) -> None:
    assert oracle("greedy", *election) == sorted(count(*election, "greedy").selected)


@MANY
@given(elections())
def test_mes_matches_pabutools(election: tuple[Instance, Profile]) -> None:
    assert oracle("mes", *election) == sorted(count(*election, "mes").selected)


@MANY
@given(elections())
def test_mes_add1_matches_pabutools(election: tuple[Instance, Profile]) -> None:
    assert oracle("mes-add1", *election) == sorted(count(*election, "mes-add1").selected)


@MANY
@given(elections())
def test_phragmen_matches_pabutools(election: tuple[Instance, Profile]) -> None:
    assert oracle("phragmen", *election) == sorted(count(*election, "phragmen").selected)


@SOME
@given(elections(kind="cumulative"))
def test_points_rules_match_pabutools(election: tuple[Instance, Profile]) -> None:
    for rule in ("greedy", "mes"):
        assert oracle(rule, *election) == sorted(count(*election, rule).selected)


def _naive_add1(election: tuple[Instance, Profile], exhaustive_stop: bool) -> list[str]:
    tally = prepare(*election)
    data = MesData.build(tally)
    share, previous = Fraction(tally.budget, tally.voters), None
    while True:
        run = MesRun(data, share).run()
        if sum(tally.costs[p] for p in run.selected) > tally.budget:
            return sorted(tally.ids[p] for p in (previous.selected if previous else []))
        if len(run.selected) == len(data.candidates) or (exhaustive_stop and exhaustive(data, run)):
            return sorted(tally.ids[p] for p in run.selected)
        previous, share = run, share + 1


@SOME
@given(elections(max_projects=8, max_voters=12), st.booleans())
def test_add1_jumps_equal_stepping_one_unit_at_a_time(
    election: tuple[Instance, Profile], stop: bool
) -> None:
    result = count(*election, "mes-add1", exhaustive_stop=stop)
    assert _naive_add1(election, stop) == sorted(result.selected)


@SOME
@given(elections(), st.sampled_from(["greedy", "greedy-no-skip", "mes", "mes-add1", "phragmen"]))
def test_funded_cost_never_exceeds_budget(election: tuple[Instance, Profile], rule: str) -> None:
    result = count(*election, rule)
    assert result.total_cost <= election[0].budget


@SOME
@given(
    elections(),
    st.sampled_from(["greedy", "mes", "mes-add1", "phragmen"]),
    st.randoms(use_true_random=False),
)
def test_outcome_ignores_ballot_and_project_order(
    election: tuple[Instance, Profile], rule: str, rnd: Any
) -> None:
    instance, profile = election
    ballots, projects = list(profile.ballots), list(instance.projects)
    rnd.shuffle(ballots)
    rnd.shuffle(projects)
    shuffled = (Instance(instance.budget, tuple(projects)), Profile(profile.kind, tuple(ballots)))
    assert sorted(count(*election, rule).selected) == sorted(count(*shuffled, rule).selected)


@SOME
@given(elections(), st.data())
def test_greedy_is_monotone_in_approvals(election: tuple[Instance, Profile], data: Any) -> None:
    instance, profile = election
    winners = count(instance, profile, "greedy").selected
    if not winners:
        return
    target = data.draw(st.sampled_from(winners))
    more = Profile(profile.kind, (*profile.ballots, Ballot((target,), None, "extra")))
    assert target in count(instance, more, "greedy").selected


@SOME
@given(elections())
def test_mes_add1_then_greedy_is_exhaustive(election: tuple[Instance, Profile]) -> None:
    instance, profile = election
    result = count(instance, profile, "mes-add1", then_greedy=True)
    left = instance.budget - result.total_cost
    assert all(p.cost > left for p in instance.projects if p.id not in result.selected)


@SOME
@given(elections(max_projects=5, max_voters=5))
def test_mes_satisfies_ejr_up_to_one(election: tuple[Instance, Profile]) -> None:
    pinst, pprof, _ = to_pabutools(*election)
    chosen = set(count(*election, "mes").selected)
    assert is_EJR_one_approval(pinst, pprof, Cost_Sat, [p for p in pinst if p.name in chosen])


@settings(
    max_examples=100, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(elections(max_projects=6, max_voters=10), st.booleans(), st.sampled_from([5, 20]))
def test_add1_jumps_equal_stepping_with_small_currency_units(
    election: tuple[Instance, Profile], stop: bool, factor: int
) -> None:
    """Money x factor: many Add1 steps, so the certified jumps span many steps at once."""
    instance, profile = election
    projects = tuple(Project(p.id, p.cost * factor) for p in instance.projects)
    scaled = (Instance(instance.budget * factor, projects, instance.kind), profile)
    result = count(*scaled, "mes-add1", exhaustive_stop=stop)
    assert _naive_add1(scaled, stop) == sorted(result.selected)
