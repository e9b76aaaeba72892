"""Demo rounds: one budget round in each phase in Groningen's neighbourhoods (idempotent)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from piccolo.columns import Column

from app.audit.services import append_event
from app.db import transaction
from app.rounds import forms, phases, queries, services
from app.rounds.tables import Round

ACTOR = "system"
DAY = timedelta(days=1)
# Days from the start of one scheduled phase to the next.
PHASE_DAYS = {"proposing": 28, "reviewing": 21, "deliberating": 21, "voting": 14}


class DemoRound(NamedTuple):
    """One demo round: where, what, how much (euros), its phase and its ballot."""

    area_code: str
    title: str
    description: str
    euros: int
    phase: str
    ballot_type: str
    counting_rule: str
    ballot_max: int = 0
    knapsack_euros: int = 0


DEMO_ROUNDS: tuple[DemoRound, ...] = (
    DemoRound(
        "WK001405",
        "Wijkbudget Beijum 2027",
        "Volgend jaar beslissen de bewoners van Beijum opnieuw mee. De wijkraad bereidt de "
        "ronde nu voor.",
        40_000,
        "draft",
        "approval",
        "mes-add1",
    ),
    DemoRound(
        "WK001403",
        "Buurtbudget Oosterpark 2026",
        "Heeft u een idee voor de Oosterparkwijk? Meer groen, een speelplek of een "
        "buurtfeest: dien het in en maak kans op uitvoering.",
        60_000,
        "proposing",
        "approval",
        "mes-add1",
    ),
    DemoRound(
        "WK001406",
        "Wijkbudget Lewenborg 2026",
        "De gemeente bekijkt nu of de ingediende ideeën voor Lewenborg uitvoerbaar zijn en "
        "wat ze kosten.",
        40_000,
        "reviewing",
        "approval",
        "mes-add1",
    ),
    DemoRound(
        "WK001407",
        "Buurtbudget Selwerd 2026",
        "Praat mee over de voorstellen voor Selwerd en steun de plannen die u belangrijk vindt.",
        35_000,
        "deliberating",
        "approval",
        "mes-add1",
    ),
    DemoRound(
        "WK001408",
        "Wijkbudget Paddepoel 2026",
        "Stem op de plannen voor Paddepoel: kies voorstellen tot het budget op is.",
        50_000,
        "voting",
        "knapsack",
        "mes-add1",
        0,
        50_000,
    ),
    DemoRound(
        "WK001410",
        "Wijkbudget Vinkhuizen 2026",
        "De stemming in Vinkhuizen is gesloten; de stemmen worden geteld.",
        45_000,
        "counting",
        "approval",
        "greedy",
        5,
    ),
    DemoRound(
        "WK001418",
        "Dorpsbudget Haren 2026",
        "De uitslag van het dorpsbudget Haren is geteld en wordt gecertificeerd.",
        40_000,
        "certified",
        "approval",
        "mes-add1",
    ),
    DemoRound(
        "WK001414",
        "Buurtbudget De Wijert 2026",
        "De gekozen plannen voor De Wijert worden nu uitgevoerd.",
        50_000,
        "implementing",
        "approval",
        "mes-add1",
    ),
    DemoRound(
        "WK001401",
        "Binnenstadsbudget 2026",
        "Deze ronde in de Binnenstad is afgerond. Bekijk wat er is gekozen.",
        60_000,
        "closed",
        "approval",
        "mes-add1",
    ),
)


def schedule_for(phase: str, now: datetime) -> dict[str, datetime]:
    """Phase starts that agree with `phase` today: the reached phases lie in the past."""
    reached = [p for p in phases.SCHEDULED if phases.index(p) <= phases.index(phase)]
    offset = -sum(PHASE_DAYS.get(p, 0) for p in reached[:-1]) - 7 if reached else 14
    start = now.replace(second=0, microsecond=0, minute=0, hour=19) + offset * DAY
    if phase in ("certified", "implementing", "closed"):
        start -= 60 * DAY
    schedule: dict[str, datetime] = {}
    for name in phases.SCHEDULED:
        schedule[name] = start
        start += PHASE_DAYS.get(name, 0) * DAY
    return schedule


def _form(spec: DemoRound, line_id: int, now: datetime) -> dict[str, str]:
    found = forms.RoundInput(schedule=schedule_for(spec.phase, now))
    data = forms.form_values(found)
    data.update(
        title=spec.title,
        description=spec.description,
        amount=str(spec.euros),
        budget_line=str(line_id),
        proposer_min_age="16",
        max_cost=str(spec.euros // 2),
        categories="Groen, Spelen, Verkeer, Ontmoeten, Kunst en cultuur",
        support_threshold="10",
        ballot_type=spec.ballot_type,
        ballot_max=str(spec.ballot_max),
        ballot_cost_limit=str(spec.knapsack_euros) if spec.knapsack_euros else "",
        counting_rule=spec.counting_rule,
        tie_break="lot",
        tie_seed="2026",
    )
    return data


async def _line_for(area_code: str, cents: int) -> int:
    for line in await queries.resident_lines(area_code):
        if line.free_cents >= cents:
            return line.id
    raise RuntimeError(f"demo round in {area_code}: no resident budget line with room")


async def load_rounds_demo() -> str:
    """Create the demo rounds that are missing; running it twice changes nothing."""
    now = datetime.now(UTC)
    added = 0
    for spec in DEMO_ROUNDS:
        if await queries.round_id_by_title(spec.area_code, spec.title) is not None:
            continue
        line_id = await _line_for(spec.area_code, spec.euros * 100)
        outcome = await services.create_round(
            None, ACTOR, spec.area_code, _form(spec, line_id, now)
        )
        if not outcome.ok or outcome.value is None:
            raise RuntimeError(f"demo round {spec.title}: {outcome.problems}")
        if spec.phase != "draft":
            async with transaction():
                await Round.update({Round.phase: spec.phase}).where(Round.id == outcome.value)
                await append_event(
                    ACTOR,
                    "round.phase",
                    f"round:{outcome.value}",
                    {"from": "draft", "to": spec.phase, "by": "demo"},
                )
        added += 1
    if not added:
        return "rounds: already loaded, nothing changed"
    return f"rounds: added {added} demo rounds"


async def force_phase(
    round_id: int,
    phase: str,
    voting_starts: datetime | None = None,
    counting_starts: datetime | None = None,
    set_dates: bool = False,
) -> None:
    """Demo only: put a round in a phase without the checks (and its voting dates when asked)."""
    values: dict[Column | str, object] = {Round.phase: phase}
    if set_dates:
        values |= {Round.voting_starts: voting_starts, Round.counting_starts: counting_starts}
    await Round.update(values).where(Round.id == round_id)
