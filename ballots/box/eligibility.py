"""Who may vote without a code: account holders in the round's area, residents seen at a desk."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from app.accounts.permissions import Principal, is_staff
from app.areas import queries as areas
from app.areas.postcodes import normalise_postcode
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from app.rounds import phases
from app.rounds.queries import RoundView
from app.settings import get_settings
from ballots.box import codes
from ballots.box.services import Voter, account_voter
from ballots.box.tables import DeskRegistration

# Voting age: a platform rule, confirmed by the voter on the ballot (no birth dates are kept).
VOTING_MIN_AGE = 16
ELIGIBLE = "eligible"
NOT_SIGNED_IN = "not_signed_in"
UNCONFIRMED = "unconfirmed"
NO_POSTCODE = "no_postcode"
OUTSIDE_AREA = "outside_area"


@dataclass(frozen=True)
class Eligibility:
    """Whether an account may vote in a round, why not, and the buurt its postcode lies in."""

    outcome: str
    buurt_code: str = ""

    @property
    def ok(self) -> bool:
        """Whether the account may vote."""
        return self.outcome == ELIGIBLE


async def residence_buurt(postcode: str, area_code: str) -> str | None:
    """The buurt of a postcode when it lies in the area (or the area itself), else None."""
    found = await areas.area_for_postcode(postcode) if postcode else None
    if found is None:
        return None
    if area_code not in await areas.lineage_codes(str(found["code"])):
        return None
    return str(found["code"])


async def account_eligibility(user: Principal, view: RoundView) -> Eligibility:
    """Signed in, email confirmed, and a postcode inside the round's area."""
    if not user.authenticated or user.id is None:
        return Eligibility(NOT_SIGNED_IN)
    if not user.email_confirmed:
        return Eligibility(UNCONFIRMED)
    if not user.postcode:
        return Eligibility(NO_POSTCODE)
    buurt = await residence_buurt(user.postcode, view.area_code)
    return Eligibility(OUTSIDE_AREA) if buurt is None else Eligibility(ELIGIBLE, buurt)


def voter_for_account(view: RoundView, user: Principal, eligibility: Eligibility) -> Voter:
    """The voter of an eligible account (its participation key, never its id)."""
    assert user.id is not None and eligibility.ok  # noqa: S101  (callers check eligibility)
    return account_voter(view.id, user.id, eligibility.buurt_code)


def _desk_key(registration_id: int) -> str:
    return codes.keyed_hash(get_settings().secret_key, "voter", f"desk:{registration_id}")


def new_reference() -> str:
    """A desk reference such as D-K7Q4-MX2P (40 random bits; staff type it, nobody guesses)."""
    text = "".join(secrets.choice(codes.ALPHABET) for _ in range(8))
    return f"D-{text[:4]}-{text[4:]}"


def normalise_reference(raw: str) -> str:
    """A typed desk reference in its stored form (upper case, dashes restored)."""
    text = raw.upper().replace("-", "").replace(" ", "")
    if len(text) != 9 or not text.startswith("D"):
        return ""
    return f"D-{text[1:5]}-{text[5:]}"


@dataclass(frozen=True)
class DeskResult:
    """A desk registration, or the problems per field."""

    problems: dict[str, str] = field(default_factory=dict)
    reference: str = ""


def _desk_open(view: RoundView) -> bool:
    return phases.index(view.phase) <= phases.index("voting") and view.phase != "draft"


async def register_at_desk(
    view: RoundView, staff: Principal, name: str, postcode: str, house_number: str
) -> DeskResult:
    """Staff confirm the residency of a person without email; audited. No BSN is asked."""
    if not is_staff(staff) or staff.id is None:
        return DeskResult({"form": _("Only staff can confirm residency at the desk.")})
    problems: dict[str, str] = {}
    name, house_number = name.strip(), house_number.strip()
    clean = normalise_postcode(postcode) or ""
    if not name or len(name) > 120:
        problems["name"] = _("Fill in the name (at most 120 characters).")
    if not clean:
        problems["postcode"] = _("Fill in a Dutch postcode, e.g. 9712 AB.")
    if not house_number or len(house_number) > 12:
        problems["house_number"] = _("Fill in the house number (at most 12 characters).")
    if not _desk_open(view):
        problems["form"] = _("Residents can be registered at the desk only until voting closes.")
    buurt = await residence_buurt(clean, view.area_code) if clean else None
    if clean and buurt is None:
        problems["postcode"] = _("This postcode is not in {area}.").format(area=view.area_name)
    if problems:
        return DeskResult(problems)
    async with transaction():
        same = await DeskRegistration.exists().where(
            (DeskRegistration.round == view.id)
            & (DeskRegistration.postcode == clean)
            & (DeskRegistration.house_number == house_number)
            & (DeskRegistration.name == name)
        )
        if same:
            return DeskResult({"form": _("This person is already registered for this vote.")})
        reference = new_reference()
        rows = await DeskRegistration.insert(
            DeskRegistration(
                round=view.id,
                reference=reference,
                name=name,
                postcode=clean,
                house_number=house_number,
                buurt_code=buurt or "",
                registered_by=staff.id,
            )
        ).returning(DeskRegistration.id)
        await append_event(
            f"user:{staff.id}",
            "voting_desk.registered",
            f"round:{view.id}",
            {"registration": int(rows[0]["id"]), "buurt": buurt or ""},
        )
    return DeskResult(reference=reference)


async def desk_registration(round_id: int, reference: str) -> dict[str, Any] | None:
    """A round's desk registration by its reference, or None."""
    row: dict[str, Any] | None = await (
        DeskRegistration.select()
        .where(
            (DeskRegistration.round == round_id)
            & (DeskRegistration.reference == normalise_reference(reference))
        )
        .first()
    )
    return row


async def desk_voter(round_id: int, reference: str) -> Voter | None:
    """The voter of a desk registration, or None when the reference is unknown in the round."""
    row = await desk_registration(round_id, reference)
    if row is None:
        return None
    return Voter(round_id, _desk_key(int(row["id"])), None, str(row["buurt_code"]))


async def desk_count(round_id: int) -> int:
    """How many residents were registered at a desk for a round."""
    return int(await DeskRegistration.count().where(DeskRegistration.round == round_id))
