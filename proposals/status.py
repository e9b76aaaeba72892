"""Proposal statuses: their plain words for residents and which changes between them are allowed."""

from __future__ import annotations

from collections.abc import Mapping

from app.i18n import _

SUBMITTED = "submitted"
FEASIBLE = "feasible"
FEASIBLE_CHANGED = "feasible_changed"
NOT_FEASIBLE = "not_feasible"
MERGED = "merged"
WITHDRAWN = "withdrawn"
ON_BALLOT = "on_ballot"

STATUSES: tuple[str, ...] = (
    SUBMITTED,
    FEASIBLE,
    FEASIBLE_CHANGED,
    NOT_FEASIBLE,
    MERGED,
    WITHDRAWN,
    ON_BALLOT,
)

# What a review may decide (merge is a review outcome too).
REVIEW_OUTCOMES: tuple[str, ...] = (FEASIBLE, FEASIBLE_CHANGED, NOT_FEASIBLE, MERGED)

# Statuses from which a proposal may still reach the ballot.
QUALIFYING: frozenset[str] = frozenset({FEASIBLE, FEASIBLE_CHANGED})

_REVIEWABLE = frozenset(REVIEW_OUTCOMES)
TRANSITIONS: Mapping[str, frozenset[str]] = {
    SUBMITTED: _REVIEWABLE | {WITHDRAWN},
    # Staff may revise a review while reviewing is open; the history keeps every decision.
    FEASIBLE: _REVIEWABLE - {FEASIBLE} | {WITHDRAWN, ON_BALLOT},
    FEASIBLE_CHANGED: _REVIEWABLE | {WITHDRAWN, ON_BALLOT},
    NOT_FEASIBLE: _REVIEWABLE - {NOT_FEASIBLE} | {WITHDRAWN},
    MERGED: frozenset(),
    WITHDRAWN: frozenset(),
    # The council may take a proposal off the ballot list again before voting opens.
    ON_BALLOT: frozenset({FEASIBLE, FEASIBLE_CHANGED}),
}


def can_change(current: str, target: str) -> bool:
    """Whether a proposal in `current` may move to `target`."""
    return target in TRANSITIONS.get(current, frozenset())


def is_final(status: str) -> bool:
    """Whether nothing can happen to a proposal any more (withdrawn or merged)."""
    return not TRANSITIONS.get(status, frozenset())


def is_editable(status: str) -> bool:
    """The author may change the text only before staff have decided on it."""
    return status == SUBMITTED


def status_word(status: str) -> str:
    """The plain word residents see for a status."""
    words = {
        SUBMITTED: _("Submitted"),
        FEASIBLE: _("Feasible"),
        FEASIBLE_CHANGED: _("Feasible with changes"),
        NOT_FEASIBLE: _("Not feasible"),
        MERGED: _("Merged"),
        WITHDRAWN: _("Withdrawn"),
        ON_BALLOT: _("On the ballot"),
    }
    return words.get(status, status)


def status_explanation(status: str) -> str:
    """One sentence that says what a status means for the resident."""
    texts = {
        SUBMITTED: _("The municipality has not checked this proposal yet."),
        FEASIBLE: _("The municipality checked it: it can be done for the estimated cost."),
        FEASIBLE_CHANGED: _(
            "The municipality checked it: it can be done, with a different cost or scope."
        ),
        NOT_FEASIBLE: _("The municipality checked it: it cannot be done. The reason is below."),
        MERGED: _("This proposal was combined with a very similar one."),
        WITHDRAWN: _("The author withdrew this proposal."),
        ON_BALLOT: _("Residents can vote on this proposal."),
    }
    return texts.get(status, "")
