"""Dashboard figures shaped from plain facts: the datasets behind every chart, table and CSV."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Cell = str | int | float | None

DELIVERY_STATUSES: tuple[str, ...] = ("planned", "in_progress", "delivered", "cancelled")
DATASETS: tuple[str, ...] = ("activity", "turnout", "money", "delivery")


@dataclass(frozen=True)
class BuurtTurnout:
    """Who took part in one buurt in one round, and how many could (0 when unknown)."""

    buurt_code: str
    buurt_name: str
    participants: int
    eligible: int


@dataclass(frozen=True)
class RoundFacts:
    """What one (non-draft) round amounted to; `decided_cents` is 0 until a result is certified."""

    round_id: int
    area_code: str
    year: int
    proposals: int
    participants: int
    buurten: tuple[BuurtTurnout, ...] = ()
    decided_cents: int = 0
    certified: bool = False


@dataclass(frozen=True)
class ProjectFacts:
    """One delivery project: its round, status and money."""

    round_id: int
    status: str
    amount_cents: int
    spent_cents: int


@dataclass(frozen=True)
class Facts:
    """Everything a dashboard shows, for one scope (an area and what lies below it, or all)."""

    rounds: tuple[RoundFacts, ...] = ()
    projects: tuple[ProjectFacts, ...] = ()


@dataclass(frozen=True)
class Dataset:
    """A table of numbers: machine column names (the CSV header) and rows of plain values."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...] = field(default=())

    def column(self, name: str) -> list[Cell]:
        """Every value of one column, in row order."""
        at = self.columns.index(name)
        return [row[at] for row in self.rows]


def percent(part: int, whole: int) -> float | None:
    """part/whole as a percentage with one decimal, or None when the whole is unknown (0)."""
    return None if whole <= 0 else round(100 * part / whole, 1)


def years_of(rounds: Iterable[RoundFacts]) -> list[int]:
    """The distinct years of the rounds, oldest first."""
    return sorted({item.year for item in rounds})


def activity(facts: Facts) -> Dataset:
    """Per year: rounds held, proposals and participants (participations)."""
    rows = []
    for year in years_of(facts.rounds):
        held = [item for item in facts.rounds if item.year == year]
        rows.append(
            (
                year,
                len(held),
                sum(item.proposals for item in held),
                sum(item.participants for item in held),
            )
        )
    return Dataset("activity", ("year", "rounds", "proposals", "participants"), tuple(rows))


def turnout(facts: Facts) -> Dataset:
    """Per buurt and year: participants, eligible and turnout (%) where eligible is known."""
    totals: dict[tuple[str, int], list[int]] = {}
    names: dict[str, str] = {}
    for item in facts.rounds:
        for buurt in item.buurten:
            names.setdefault(buurt.buurt_code, buurt.buurt_name)
            sums = totals.setdefault((buurt.buurt_code, item.year), [0, 0])
            sums[0] += buurt.participants
            sums[1] += buurt.eligible
    rows = [
        (year, code, names[code], part, eligible, percent(part, eligible))
        for (code, year), (part, eligible) in sorted(totals.items())
    ]
    return Dataset(
        "turnout",
        ("year", "buurt_code", "buurt_name", "participants", "eligible", "turnout_percent"),
        tuple(rows),
    )


def money(facts: Facts) -> Dataset:
    """Per year: money residents decided (certified results) against money spent on delivery."""
    year_of = {item.round_id: item.year for item in facts.rounds}
    decided: dict[int, int] = {}
    delivered: dict[int, int] = {}
    for item in facts.rounds:
        decided[item.year] = decided.get(item.year, 0) + item.decided_cents
    for project in facts.projects:
        year = year_of.get(project.round_id)
        if year is not None and project.status == "delivered":
            delivered[year] = delivered.get(year, 0) + project.spent_cents
    rows = [
        (year, decided.get(year, 0), delivered.get(year, 0))
        for year in sorted(set(decided) | set(delivered))
    ]
    return Dataset("money", ("year", "decided_cents", "delivered_cents"), tuple(rows))


def delivery(facts: Facts) -> Dataset:
    """Per status: how many projects, their funded amount and what was spent."""
    rows = []
    for status in DELIVERY_STATUSES:
        these = [item for item in facts.projects if item.status == status]
        rows.append(
            (
                status,
                len(these),
                sum(item.amount_cents for item in these),
                sum(item.spent_cents for item in these),
            )
        )
    return Dataset("delivery", ("status", "projects", "amount_cents", "spent_cents"), tuple(rows))


def dataset(facts: Facts, name: str) -> Dataset:
    """One named dataset of a scope (a name from DATASETS)."""
    builders = {"activity": activity, "turnout": turnout, "money": money, "delivery": delivery}
    return builders[name](facts)


def comparison(
    areas: Sequence[tuple[str, str, Facts]], years: Sequence[int] | None = None
) -> Dataset:
    """Areas side by side per year: rounds, participants, turnout and money.

    `areas` holds (code, name, facts) per area; `years` limits the rows (None: every year).
    Turnout only counts buurten whose eligible number is known.
    """
    rows = []
    for code, name, facts in areas:
        spent = money(facts)
        delivered_by_year = {row[0]: row[2] for row in spent.rows}
        wanted = years if years is not None else years_of(facts.rounds)
        for year in wanted:
            held = [item for item in facts.rounds if item.year == year]
            known = [b for item in held for b in item.buurten if b.eligible > 0]
            rows.append(
                (
                    code,
                    name,
                    year,
                    len(held),
                    sum(item.proposals for item in held),
                    sum(item.participants for item in held),
                    percent(sum(b.participants for b in known), sum(b.eligible for b in known)),
                    sum(item.decided_cents for item in held),
                    delivered_by_year.get(year, 0),
                )
            )
    return Dataset(
        "comparison",
        (
            "area_code",
            "area_name",
            "year",
            "rounds",
            "proposals",
            "participants",
            "turnout_percent",
            "decided_cents",
            "delivered_cents",
        ),
        tuple(rows),
    )
