"""Pure phase model of a budget round: the order of phases and what each one allows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

PHASES: tuple[str, ...] = (
    "draft",
    "proposing",
    "reviewing",
    "deliberating",
    "voting",
    "counting",
    "certified",
    "implementing",
    "closed",
)

ACTIONS: tuple[str, ...] = (
    "propose",
    "edit",
    "withdraw",
    "support",
    "comment",
    "review",
    "confirm_ballot",
    "vote",
    "count",
    "certify",
)

CAPABILITIES: Mapping[str, frozenset[str]] = {
    "draft": frozenset(),
    "proposing": frozenset({"propose", "edit", "withdraw", "support", "comment"}),
    "reviewing": frozenset({"review", "withdraw", "support", "comment"}),
    "deliberating": frozenset({"support", "comment", "confirm_ballot", "withdraw"}),
    "voting": frozenset({"vote", "comment"}),
    "counting": frozenset({"count"}),
    "certified": frozenset({"certify"}),
    "implementing": frozenset(),
    "closed": frozenset(),
}

# Phases whose start date is part of the round's schedule (draft has none; the rest follow).
SCHEDULED: tuple[str, ...] = ("proposing", "reviewing", "deliberating", "voting", "counting")

# From voting on, the rules that decide the outcome are frozen.
FAIRNESS_FROZEN_FROM = "voting"


def index(phase: str) -> int:
    """Position of a phase in the order; ValueError for an unknown phase."""
    return PHASES.index(phase)


def allows(phase: str, action: str) -> bool:
    """Whether an action is allowed in a phase."""
    return action in CAPABILITIES.get(phase, frozenset())


def next_phase(phase: str) -> str | None:
    """The phase after this one, or None after closed."""
    position = index(phase)
    return PHASES[position + 1] if position + 1 < len(PHASES) else None


def fairness_frozen(phase: str) -> bool:
    """Whether ballot type, limits, counting rule and budget may no longer change."""
    return index(phase) >= index(FAIRNESS_FROZEN_FROM)


@dataclass(frozen=True)
class Transition:
    """A refused or accepted phase change, with the reason when refused."""

    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class Facts:
    """What the phase service found out about a round before moving it; False until shown.

    Each field is one precondition; add a field (default False) and a line in PRECONDITIONS to
    add one. Modules other than rounds supply them through their module declaration.
    """

    ballot_confirmed: bool = False  # a confirmed ballot list with at least one option
    eligibility_ready: bool = False  # a voter register, or the round marked an unverified poll
    certified: bool = False  # only the certification use case (second certifier) sets this
    unverified_poll: bool = False  # no register: shown as an "unverified poll" (no precondition)


# (from, to) -> the facts that must hold, each with the reason given when it does not.
PRECONDITIONS: Mapping[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("deliberating", "voting"): (
        ("ballot_confirmed", "the ballot list is not confirmed"),
        ("eligibility_ready", "no eligibility source"),
    ),
    ("counting", "certified"): (("certified", "only certification moves to certified"),),
}

# Phases the phase button (and `rounds advance`) never moves to: another use case does.
NOT_BY_HAND: frozenset[str] = frozenset({"certified"})


def missing(current: str, target: str, facts: Facts) -> list[str]:
    """The reasons a forward move from `current` to `target` may not happen yet."""
    needed = PRECONDITIONS.get((current, target), ())
    return [reason for name, reason in needed if not getattr(facts, name)]


def check_transition(
    current: str, target: str, *, reopen: bool = False, facts: Facts | None = None
) -> Transition:
    """Forward moves go one phase at a time, when their preconditions hold (see Facts);
    going back needs an admin reopening with a reason."""
    if current not in PHASES or target not in PHASES:
        return Transition(False, "unknown phase")
    if index(target) == index(current) + 1:
        problems = missing(current, target, facts or Facts())
        return Transition(not problems, problems[0] if problems else "")
    if index(target) > index(current) + 1:
        return Transition(False, "phases cannot be skipped")
    if index(target) == index(current):
        return Transition(False, "the round is already in this phase")
    if not reopen:
        return Transition(False, "going back to an earlier phase needs an admin reopening")
    return Transition(True)


def phase_on(schedule: Mapping[str, datetime | None], now: datetime, current: str) -> str:
    """The phase the dates say the round should be in now (never earlier than `current`).

    `schedule` maps each scheduled phase to its start. A round in draft stays in draft: it is
    opened by hand. Counting starts when voting ends (the `counting` start).
    """
    if current == "draft":
        return current
    reached = current
    for phase in SCHEDULED:
        start = schedule.get(phase)
        if start is not None and start <= now and index(phase) > index(reached):
            reached = phase
    return reached


def schedule_problems(schedule: Mapping[str, datetime | None]) -> list[str]:
    """Plain reasons a schedule is inconsistent (dates must not go backwards)."""
    problems = []
    previous: tuple[str, datetime] | None = None
    for phase in SCHEDULED:
        start = schedule.get(phase)
        if start is None:
            continue
        if previous is not None and start < previous[1]:
            problems.append(f"{phase} starts before {previous[0]}")
        previous = (phase, start)
    return problems


def past_date_changes(
    old: Mapping[str, datetime | None], new: Mapping[str, datetime | None], now: datetime
) -> list[str]:
    """Scheduled phases whose start changed although the old or the new start is not ahead.

    A start that has passed is history (moving it could reopen a closed vote), and a new start
    in the past would move the round at once without the phase button's checks.
    """
    changed = []
    for phase in SCHEDULED:
        before, after = old.get(phase), new.get(phase)
        if before == after:
            continue
        if (before is not None and before <= now) or (after is not None and after <= now):
            changed.append(phase)
    return changed
