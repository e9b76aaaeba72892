"""Pure status rules of an initiative: the steps, where each may go, and what counts as public."""

from __future__ import annotations

from collections.abc import Mapping

DRAFT = "draft"
SUBMITTED = "submitted"  # waiting for the co-initiators to confirm
IN_REVIEW = "in_review"  # in the deciders' queue, with a deadline
GRANTED = "granted"
REFUSED = "refused"
CARRIED_OUT = "carried_out"  # the report is in
ACCOUNTED_FOR = "accounted_for"
WITHDRAWN = "withdrawn"
STATUSES: tuple[str, ...] = (
    DRAFT,
    SUBMITTED,
    IN_REVIEW,
    GRANTED,
    REFUSED,
    CARRIED_OUT,
    ACCOUNTED_FOR,
    WITHDRAWN,
)

NEXT: Mapping[str, frozenset[str]] = {
    DRAFT: frozenset({SUBMITTED, WITHDRAWN}),
    SUBMITTED: frozenset({IN_REVIEW, WITHDRAWN}),
    IN_REVIEW: frozenset({GRANTED, REFUSED, WITHDRAWN}),
    GRANTED: frozenset({CARRIED_OUT}),
    REFUSED: frozenset(),
    CARRIED_OUT: frozenset({ACCOUNTED_FOR}),
    ACCOUNTED_FOR: frozenset(),
    WITHDRAWN: frozenset(),
}

# Outcomes of a decision; all but 'refused' grant money.
OUTCOME_GRANTED = "granted"
OUTCOME_PART = "part"
OUTCOME_CONDITIONS = "conditions"
OUTCOME_REFUSED = "refused"
OUTCOMES: tuple[str, ...] = (OUTCOME_GRANTED, OUTCOME_PART, OUTCOME_CONDITIONS, OUTCOME_REFUSED)

# Anyone may see an initiative once it left the applicant's drafts and was not withdrawn early.
PUBLIC: frozenset[str] = frozenset(STATUSES) - {DRAFT, WITHDRAWN}
# Still waiting for a decision: the deadline runs.
UNDECIDED: frozenset[str] = frozenset({IN_REVIEW})
# Personal data may be deleted after the retention period.
CLOSED_WITHOUT_MONEY: frozenset[str] = frozenset({REFUSED, WITHDRAWN})


def can_move(current: str, target: str) -> bool:
    """Whether an initiative may go from one status to another."""
    return target in NEXT.get(current, frozenset())


def status_after_decision(outcome: str) -> str:
    """The status a decision leads to."""
    return REFUSED if outcome == OUTCOME_REFUSED else GRANTED


def decision_holds(outcome: str, votes: Mapping[str, int]) -> bool:
    """Whether the votes carry the outcome: more for than against to grant, else to refuse."""
    cast = votes.get("for", 0) + votes.get("against", 0) + votes.get("abstain", 0)
    if cast == 0:
        return False
    in_favour = votes.get("for", 0) > votes.get("against", 0)
    return in_favour if outcome != OUTCOME_REFUSED else not in_favour
