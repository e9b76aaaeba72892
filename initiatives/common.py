"""What every initiatives use case needs: load an initiative with its subject, parse money."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from app.accounts import queries as account_queries
from app.accounts.permissions import Principal
from app.answer import FORBIDDEN, LOGIN, MISSING, Answer, T, refused
from app.areas import queries as area_queries
from app.i18n import _
from app.programmes.money import MoneyError, format_euros, parse_euros
from app.programmes.services import money_message
from initiatives import deadlines, notify, queries
from initiatives.permissions import Subject
from initiatives.rows import FundRow, InitiativeRow

# What a unique index raises when a concurrent request won the race, on either engine.


@dataclass(frozen=True)
class Loaded:
    """An initiative row, its fund row and what the permission rules need."""

    row: InitiativeRow
    fund: FundRow
    subject: Subject

    @property
    def id(self) -> int:
        """The initiative's id."""
        return self.row.id

    @property
    def status(self) -> str:
        """The initiative's status."""
        return self.row.status


def token_hash(token: str) -> str:
    """How a mailed link token is stored: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def actor(user: Principal) -> str:
    """The audit actor of a signed-in user."""
    return f"user:{user.id}"


def rules_of(fund: FundRow) -> deadlines.Rules:
    """The deadline rules of a fund row (bad stored dates count as none)."""
    try:
        days = deadlines.parse_dates(fund.decision_dates)
    except ValueError:
        days = ()
    return deadlines.Rules(
        fast_limit_cents=fund.fast_limit_cents,
        fast_weeks=fund.fast_weeks,
        decision_dates=days,
        report_weeks=fund.report_weeks,
    )


def committee_of(fund: FundRow) -> frozenset[int]:
    """The committee's user ids."""
    return frozenset(int(part) for part in fund.committee.split() if part.isdigit())


async def subject_of(row: InitiativeRow, fund: FundRow) -> Subject:
    """The permission subject of an initiative."""
    initiative_id = row.id
    co = await queries.co_initiators(initiative_id)
    reactions = await queries.reactions(initiative_id)
    return Subject(
        applicant_id=row.applicant,
        lineage=tuple(await area_queries.lineage_codes(fund.area_code)),
        deciders=fund.deciders,
        committee=committee_of(fund),
        co_initiator_ids=frozenset(c.user_id for c in co if c.user_id is not None),
        supporter_ids=frozenset(r.user_id for r in reactions if r.kind == "support"),
        reactor_ids=frozenset(r.user_id for r in reactions),
    )


async def load(initiative_id: int) -> Loaded | None:
    """An initiative with its fund and subject, or None."""
    row = await queries.initiative(initiative_id)
    if row is None:
        return None
    fund = await queries.fund(row.fund)
    if fund is None:
        return None
    return Loaded(row, fund, await subject_of(row, fund))


def missing() -> Answer[T]:
    """The refusal for an unknown initiative."""
    return refused(MISSING, _("This initiative does not exist."))


def not_allowed(user: Principal, message: str) -> Answer[T]:
    """Sign in first, or: not allowed, with the reason."""
    if not user.authenticated:
        return refused(LOGIN, _("Please log in to continue."))
    return refused(FORBIDDEN, message)


def cents(raw: str, field: str, problems: dict[str, str], required: bool = True) -> int:
    """Euros typed in a form as cents; an empty optional field is zero."""
    if not (raw or "").strip() and not required:
        return 0
    try:
        return parse_euros(raw)
    except MoneyError as error:
        problems[field] = money_message(error)
        return 0


def parse_day(raw: str, field: str, problems: dict[str, str]) -> date | None:
    """A date typed as 2026-06-30."""
    text = (raw or "").strip()
    if not text:
        problems[field] = _("Enter a date.")
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        problems[field] = _("Enter a date such as 2026-06-30.")
        return None


async def lives_in(postcode: str, area_code: str) -> bool:
    """Whether a postcode lies in the area (or one of its parts)."""
    found = await area_queries.area_for_postcode(postcode)
    if found is None:
        return False
    return area_code in await area_queries.lineage_codes(str(found["code"]))


async def deciders_of(loaded: Loaded) -> list[int]:
    """The user ids of the deciding body of an initiative's fund."""
    if loaded.subject.deciders == "committee":
        return sorted(loaded.subject.committee)
    return await account_queries.council_member_ids(list(loaded.subject.lineage))


def euro(cents_value: int) -> str:
    """Cents as euros for a message, e.g. € 1.500 (cents only where they exist)."""
    return format_euros(cents_value)


async def applicant_mail(loaded: Loaded, news: str) -> list[notify.Mail]:
    """The mail that tells the applicant some news (none once their data is gone)."""
    if loaded.subject.applicant_id is None:
        return []
    profile = await account_queries.profile(loaded.subject.applicant_id)
    if profile is None:
        return []
    return [notify.to_applicant(str(profile["email"]), loaded.row.title, loaded.id, news)]
