"""Plain-language, translated messages for the ballot box's refusals and ballot problems."""

from __future__ import annotations

from app.i18n import _
from app.programmes.money import format_euros
from ballots.box import outcomes, rules, store


def problem(item: rules.Problem) -> str:
    """One ballot problem as a sentence for the voter."""
    p = item.params
    if item.code == "unknown_project":
        return _("Your ballot names a project that is not on this ballot.")
    if item.code == "duplicate":
        return _("Your ballot names a project twice.")
    if item.code == "blank_not_allowed":
        return _("A blank ballot is not allowed in this round: choose at least one project.")
    if item.code == "too_few":
        return _("Choose at least {min} projects (you chose {n}).").format(**p)
    if item.code == "too_many":
        return _("Choose at most {max} projects (you chose {n}).").format(**p)
    if item.code == "over_limit":
        return _("Your choices cost {total}, more than the limit of {limit}.").format(
            total=format_euros(int(p["total"])), limit=format_euros(int(p["limit"]))
        )
    return _extra_problem(item) or _("This ballot does not follow the rules of the round.")


def _extra_problem(item: rules.Problem) -> str:
    """Messages of the points, ranking and yes/no ballots."""
    p = item.params
    if item.code == "too_many_points":
        return _("You gave {total} points, more than the {limit} points you have.").format(**p)
    if item.code == "negative_points":
        return _("Points cannot be negative.")
    if item.code == "not_a_number":
        return _("Fill in a whole number for {title}.").format(**p)
    if item.code == "bad_answer":
        return _("Answer yes or no for {title}.").format(**p)
    if item.code == "duplicate_rank":
        return _("Give each place only once: two projects have the same place.")
    return ""


def outcome(code: str) -> str:
    """Why a code, token or cast was refused."""
    texts = {
        outcomes.WRONG: _("We do not know this voting code for this vote. Check the letter."),
        outcomes.VOIDED: _("This voting code is no longer valid. A new letter was sent."),
        outcomes.PENDING: _(
            "This voting code is not valid yet: a second staff member must still confirm it."
        ),
        outcomes.THROTTLED: _("Too many wrong codes from this connection. Wait 15 minutes."),
        outcomes.NOT_ALLOWED: _("In this vote a ballot cannot be changed."),
        store.ALREADY_VOTED: _("You have already voted. Your ballot was not changed."),
        store.CODE_REFUSED: _("This voting code is no longer valid."),
        store.CLOSED: _("Voting is not open now, so no ballot was stored."),
        store.NOT_ELIGIBLE: _("You have not voted yet, so there is no ballot to change."),
        store.TOKEN_UNKNOWN: _(
            "We do not recognise this change code, or your ballot was already changed with it."
        ),
        outcomes.TAMPERED: _(
            "This voting form was changed or has expired. Start again with your code."
        ),
    }
    return texts.get(code, _("Something went wrong. Nothing was stored."))
