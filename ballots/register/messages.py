"""Translated messages for register import problems (never echoing a BSN)."""

from __future__ import annotations

from app.i18n import _
from ballots.register.extract import Problem


def problem(item: Problem) -> str:
    """One problem of an extract as a sentence for staff, with its line number."""
    texts = {
        "missing_columns": _("The file misses the columns: {detail}."),
        "empty": _("The file has no rows."),
        "too_many_rows": _("The file has more than {detail} rows."),
        "postcode": _("'{detail}' is not a Dutch postcode."),
        "house_number": _("'{detail}' is not a house number (digits only)."),
        "house_letter": _("'{detail}' is not a house letter or addition (at most 4 characters)."),
        "name": _("The name is missing or longer than 120 characters."),
        "birth_date": _("'{detail}' is not a birth date (write 2001-04-30)."),
        "bsn": _("The BSN is not valid (nine digits that pass the eleven test)."),
        "kvk": _("The KvK number must have eight digits."),
        "kvk_not_admitted": _("This round admits residents only; remove the business rows."),
        "secret": _("'{detail}' is not yes or no (column secret)."),
        "duplicate": _("This person is already on line {detail}."),
        "no_round": _("This round does not exist."),
        "voting_opened": _("Voting has opened: the register of this round is fixed."),
        "settings": _("Choose a minimum age of 12, 16 or 18 and who is admitted."),
        "has_source": _("This round already has a register or is already an unverified poll."),
    }
    text = texts.get(item.code, item.code).format(detail=item.detail)
    if item.line > 0:
        return _("Line {line}: {text}").format(line=item.line, text=text)
    return text


def unverified_text() -> str:
    """Why an unverified poll's outcome is only an indication (pages, record, exports)."""
    return _(
        "This round has no voter register: who votes is not checked against the population "
        "register, so the outcome is an indication, not a verified vote."
    )


def eligibility_label(kind: str) -> str:
    """Who could vote in a round, by its eligibility source ('register' or anything else)."""
    if kind == "register":
        return _("The people in the round's voter register, one vote each")
    return _("Unverified poll: anyone who says they live in the area")
