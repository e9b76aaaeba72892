"""The fast float runs behind Add1: same winners as the exact run, doubt on ties, sound jumps."""

from __future__ import annotations

from fractions import Fraction
from typing import Any
from unittest.mock import patch

from counting_pabu import oracle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ballots.counting import Ballot, Instance, Profile, Project, count, mes_core
from ballots.counting.add1 import add1, exhaustive
from ballots.counting.mes_core import MesData, MesRun
from ballots.counting.mes_float import FloatData, FloatRun, Reference
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


def test_a_tie_makes_the_float_run_unsure_and_the_exact_run_breaks_it() -> None:
    projects = (Project("a", 30), Project("b", 30), Project("c", 50))
    choices = [("a", "b"), ("b", "a", "c")]
    ballots = tuple(Ballot(choices[v % 2], None, f"v{v}") for v in range(6))
    election = (Instance(60, projects, "approval"), Profile("approval", ballots))
    data = _data(election)
    share = Fraction(data.tally.budget, data.tally.voters)
    assert FloatRun(FloatData(data), float(share)).run().doubtful
    exact = MesRun(data, share).run()
    assert exact.ties and exact.selected[0] == data.tally.ids.index("a")
    assert count(*election, "mes-add1").ties


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

    with patch.object(FloatRun, "run", wrong):
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
