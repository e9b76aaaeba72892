"""Who may vote without a code: account holders in the round's area, residents seen at a desk.

A desk registration votes when the person is found in the round's register (their person key is
their voter key, so they cannot also vote by letter or account), or, for someone outside the
register, once a second staff member confirms the registration.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from app.accounts.permissions import Principal, is_staff
from app.answer import FORBIDDEN, FORM, LOGIN, THROTTLED, Answer, Problems, done, invalid, refused
from app.areas import queries as areas
from app.areas.postcodes import normalise_postcode
from app.audit.services import append_event
from app.db import transaction
from app.i18n import _
from app.rounds import phases
from app.rounds.queries import RoundView
from app.runtime import current_settings
from ballots.box import codes, messages, services
from ballots.box.services import Voter, account_voter
from ballots.box.tables import CodePerson, DeskApproval, DeskRegistration, VotingCode
from ballots.register import queries as register
from ballots.register.tables import AccountBinding

# Voting age: a platform rule, confirmed by the voter on the ballot (no birth dates are kept).
VOTING_MIN_AGE = 16
ELIGIBLE = "eligible"
NOT_SIGNED_IN = "not_signed_in"
UNCONFIRMED = "unconfirmed"
NO_POSTCODE = "no_postcode"
OUTSIDE_AREA = "outside_area"
NOT_BOUND = "not_bound"  # a round with a register: the account stands for nobody in it yet


@dataclass(frozen=True)
class Eligibility:
    """Whether an account may vote in a round, why not, and the buurt its postcode lies in."""

    outcome: str
    buurt_code: str = ""
    person_key: str = ""  # set in a round with a register: the person the account stands for

    @property
    def ok(self) -> bool:
        """Whether the account may vote."""
        return self.outcome == ELIGIBLE


async def residence_buurt(postcode: str, area_code: str) -> str | None:
    """The buurt of a postcode when it lies in the area (or the area itself), else None."""
    found = await areas.area_for_postcode(postcode) if postcode else None
    if found is None:
        return None
    if area_code not in await areas.lineage_codes(str(found.code)):
        return None
    return str(found.code)


async def account_eligibility(user: Principal, view: RoundView) -> Eligibility:
    """Signed in, email confirmed, and: in a round with a register, bound to a person in it
    (by a letter code or a DigiD login); otherwise a postcode inside the round's area.

    A self-declared postcode never grants a vote in a round with a register.
    """
    if not user.authenticated or user.id is None:
        return Eligibility(NOT_SIGNED_IN)
    if not user.email_confirmed:
        return Eligibility(UNCONFIRMED)
    if await register.source_kind(view.id) == register.REGISTER:
        bound = await register.bound_person(user.id, view.id)
        entry = await register.entry_for_key(view.id, bound[0]) if bound else None
        if entry is None:
            return Eligibility(NOT_BOUND)
        return Eligibility(ELIGIBLE, entry.buurt_code, entry.person_key)
    if not user.postcode:
        return Eligibility(NO_POSTCODE)
    buurt = await residence_buurt(user.postcode, view.area_code)
    return Eligibility(OUTSIDE_AREA) if buurt is None else Eligibility(ELIGIBLE, buurt)


def voter_for_account(view: RoundView, user: Principal, eligibility: Eligibility) -> Voter:
    """The voter of an eligible account: the person's key in a register round, else its own."""
    assert user.id is not None and eligibility.ok  # noqa: S101  (callers check eligibility)
    if eligibility.person_key:
        key = person_voter_key(eligibility.person_key)
        return Voter(view.id, key, None, eligibility.buurt_code)
    return account_voter(view.id, user.id, eligibility.buurt_code)


async def code_person(code_id: int) -> str:
    """The register person key a letter's code was made for ('' for codes without one)."""
    row = await CodePerson.select(CodePerson.person_key).where(CodePerson.code == code_id).first()
    return "" if row is None else str(row["person_key"])


def person_voter_key(person_key: str) -> str:
    """The participation key of a register person, the same on every channel."""
    return codes.voter_key_for_person(current_settings().secret_key, person_key)


def _desk_key(registration_id: int) -> str:
    return codes.keyed_hash(current_settings().secret_key, "voter", f"desk:{registration_id}")


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
class DeskReference:
    """A new desk registration: the reference staff type to let the resident vote."""

    reference: str
    pending: bool = False  # outside the register: a second staff member must confirm


def _desk_open(view: RoundView) -> bool:
    return phases.index(view.phase) <= phases.index("voting") and view.phase != "draft"


async def register_at_desk(
    view: RoundView, staff: Principal, name: str, postcode: str, house_number: str
) -> Answer[DeskReference]:
    """Staff confirm the residency of a person without email; audited. No BSN is asked.

    Answers the reference; or problems per field (`_form`: the desk is closed, or the person
    is registered already).
    """
    if not is_staff(staff) or staff.id is None:
        return refused(FORBIDDEN, _("Only staff can confirm residency at the desk."))
    problems: Problems = {}
    name, house_number = name.strip(), house_number.strip()
    clean = normalise_postcode(postcode) or ""
    if not name or len(name) > 120:
        problems["name"] = _("Fill in the name (at most 120 characters).")
    if not clean:
        problems["postcode"] = _("Fill in a Dutch postcode, e.g. 9712 AB.")
    if not house_number or len(house_number) > 12:
        problems["house_number"] = _("Fill in the house number (at most 12 characters).")
    if not _desk_open(view):
        problems[FORM] = _("Residents can be registered at the desk only until voting closes.")
    buurt = await residence_buurt(clean, view.area_code) if clean else None
    if clean and buurt is None:
        problems["postcode"] = _("This postcode is not in {area}.").format(area=view.area_name)
    if problems:
        return invalid(problems)
    person_key = ""
    if await register.source_kind(view.id) == register.REGISTER:
        found = await register.look_up(view.id, clean, house_number, name)
        exact = [
            e for e in found if " ".join(e.name.lower().split()) == " ".join(name.lower().split())
        ]
        if len(found) > 1 and len(exact) != 1:
            return invalid({"name": _("Several people at this address match; type the full name.")})
        match = exact[0] if len(exact) == 1 else found[0] if found else None
        person_key = match.person_key if match is not None else ""
    async with transaction():
        same = await DeskRegistration.exists().where(
            (DeskRegistration.round == view.id)
            & (DeskRegistration.postcode == clean)
            & (DeskRegistration.house_number == house_number)
            & (DeskRegistration.name == name)
        )
        if person_key:
            same = same or await DeskApproval.exists().where(
                (DeskApproval.registration.round == view.id)
                & (DeskApproval.person_key == person_key)
            )
        if same:
            return refused(FORM, _("This person is already registered for this vote."))
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
        registration = int(rows[0]["id"])
        await DeskApproval.insert(DeskApproval(registration=registration, person_key=person_key))
        await append_event(
            f"user:{staff.id}",
            "voting_desk.registered",
            f"round:{view.id}",
            {"registration": registration, "buurt": buurt or "", "in_register": bool(person_key)},
        )
    return done(DeskReference(reference, pending=not person_key))


async def confirm_desk(view: RoundView, staff: Principal, registration_id: int) -> Answer[None]:
    """A second staff member confirms a registration outside the register.

    Every refusal is `_forbidden` (a 403 page): not staff, the desk closed, no such pending
    registration in this round, or the same staff member who registered it.
    """
    if not is_staff(staff) or staff.id is None:
        return refused(FORBIDDEN, _("Only staff can confirm a desk registration."))
    if not _desk_open(view):
        return refused(
            FORBIDDEN, _("Residents can be registered at the desk only until voting closes.")
        )
    async with transaction():
        row = await (
            DeskRegistration.select(DeskRegistration.registered_by)
            .where((DeskRegistration.id == registration_id) & (DeskRegistration.round == view.id))
            .first()
        )
        approval = await (
            DeskApproval.select().where(DeskApproval.registration == registration_id).first()
        )
        if row is None or approval is None:
            return refused(FORBIDDEN, _("There is no such registration in this round."))
        if approval["person_key"] or approval["confirmed_by"] is not None:
            return refused(FORBIDDEN, _("This registration needs no further confirmation."))
        if int(row["registered_by"]) == staff.id:
            return refused(
                FORBIDDEN, _("A second staff member must confirm this registration, not you.")
            )
        await DeskApproval.update(
            {DeskApproval.confirmed_by: staff.id, DeskApproval.confirmed_at: datetime.now(UTC)}
        ).where(DeskApproval.id == int(approval["id"]))
        await append_event(
            f"user:{staff.id}",
            "voting_desk.confirmed",
            f"round:{view.id}",
            {"registration": registration_id},
        )
    return done()


@dataclass(frozen=True, slots=True)
class PendingDesk:
    """A desk registration outside the register that awaits a second staff member."""

    id: int
    reference: str
    name: str
    postcode: str
    house_number: str
    registered_by: int


async def pending_desk(round_id: int) -> list[PendingDesk]:
    """Desk registrations outside the register that await a second staff member."""
    rows = await (
        DeskApproval.select(
            DeskApproval.registration.id,
            DeskApproval.registration.reference,
            DeskApproval.registration.name,
            DeskApproval.registration.postcode,
            DeskApproval.registration.house_number,
            DeskApproval.registration.registered_by,
        )
        .where(
            (DeskApproval.registration.round == round_id)
            & (DeskApproval.person_key == "")
            & (DeskApproval.confirmed_by.is_null())
        )
        .output(nested=True)
    )
    found = []
    for row in rows:
        item = row["registration"]
        found.append(
            PendingDesk(
                id=int(item["id"]),
                reference=str(item["reference"]),
                name=str(item["name"]),
                postcode=str(item["postcode"]),
                house_number=str(item["house_number"]),
                registered_by=int(item["registered_by"]),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class DeskRow:
    """A desk registration as the ballot box needs it: its id and buurt."""

    id: int
    buurt_code: str


async def desk_registration(round_id: int, reference: str) -> DeskRow | None:
    """A round's desk registration by its reference, or None."""
    row = await (
        DeskRegistration.select(DeskRegistration.id, DeskRegistration.buurt_code)
        .where(
            (DeskRegistration.round == round_id)
            & (DeskRegistration.reference == normalise_reference(reference))
        )
        .first()
    )
    return None if row is None else DeskRow(int(row["id"]), str(row["buurt_code"]))


async def desk_voter(round_id: int, reference: str) -> Voter | None:
    """The voter of a desk registration, or None when unknown in the round or not confirmed.

    Someone found in the register votes as that person; someone outside it, once confirmed.
    """
    row = await desk_registration(round_id, reference)
    if row is None:
        return None
    approval = await DeskApproval.select().where(DeskApproval.registration == row.id).first()
    if approval is None:
        return None
    if approval["person_key"]:
        key = person_voter_key(str(approval["person_key"]))
    elif approval["confirmed_by"] is not None:
        key = _desk_key(row.id)
    else:
        return None
    return Voter(round_id, key, None, row.buurt_code)


async def desk_count(round_id: int) -> int:
    """How many residents were registered at a desk for a round."""
    return int(await DeskRegistration.count().where(DeskRegistration.round == round_id))


async def bind_with_code(
    user: Principal, view: RoundView, raw_code: str, client: str
) -> Answer[None]:
    """Bind an account to the register person of a letter's code (throttled like voting).

    From then on the account and the letter are one voter: whichever votes first, the other
    is refused. Refusals: `_login`, `_throttled` (too many wrong codes), `code` (a code that
    does not vote, or was not made from the register), `_form` (already linked).
    """
    if not user.authenticated or user.id is None:
        return refused(LOGIN, _("Please log in to continue."))
    check = await services.verify_code(view.id, raw_code, client)
    if check.outcome == services.THROTTLED:
        return refused(THROTTLED, messages.outcome(check.outcome))
    if check.outcome not in (services.OK, services.USED):
        return invalid({"code": messages.outcome(check.outcome)})
    hashed = codes.code_hash(current_settings().secret_key, codes.normalise(raw_code) or "")
    row = await VotingCode.select(VotingCode.id).where(VotingCode.code_hash == hashed).first()
    person = await code_person(int(row["id"])) if row is not None else ""
    if not person:
        return invalid(
            {"code": _("This code was not made from the voter register, so it cannot be linked.")}
        )
    async with transaction():
        mine = await AccountBinding.exists().where(
            (AccountBinding.user_id == user.id) & (AccountBinding.round == view.id)
        )
        if mine:
            return refused(FORM, _("Your account is already linked to a person in this vote."))
        other = await AccountBinding.exists().where(
            (AccountBinding.round == view.id) & (AccountBinding.person_key == person)
        )
        if other:
            return refused(FORM, _("This letter is already linked to another account."))
        await AccountBinding.insert(
            AccountBinding(user_id=user.id, round=view.id, person_key=person, provider="letter")
        )
        await append_event(
            f"user:{user.id}", "voter_register.bound", f"round:{view.id}", {"provider": "letter"}
        )
    return done()
