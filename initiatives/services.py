"""Use cases of applying: funds, drafts, submission, co-initiators, reactions, thread, withdrawal.

Each checks permissions, validates, and runs one transaction with its audit event where a
decision-like change happens; mail goes out after the commit. Deciding lives in
`deciding.py`, money and reports in `finance.py`, the daily run in `tick.py`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from piccolo.columns import Column

from app.accounts import queries as account_queries
from app.accounts.permissions import Principal
from app.answer import Answer, done, invalid
from app.areas import queries as area_queries
from app.audit.services import append_event
from app.db import DUPLICATE_ERRORS, is_duplicate, transaction
from app.i18n import _
from app.programmes import queries as programme_queries
from initiatives import deadlines, files, iban, notify, permissions, queries
from initiatives import money as rules_money
from initiatives import status as st
from initiatives.common import (
    Loaded,
    actor,
    applicant_mail,
    cents,
    euro,
    lives_in,
    load,
    missing,
    not_allowed,
    parse_day,
    rules_of,
    token_hash,
)
from initiatives.rows import FundRow
from initiatives.tables import CoInitiator, Fund, Initiative, InitiativeFile, Message, Reaction

MAX_TITLE = 120
MAX_TEXT = 5000
MAX_PLACE = 120
MIN_CO_INITIATORS = 2
MAX_CO_INITIATORS = 3


# ---- funds -----------------------------------------------------------------------------


async def save_fund(user: Principal, line_id: int, form: dict[str, str]) -> Answer[int]:
    """Staff mark a budget line as the initiatives line of an area, or change its rules."""
    if not permissions.can_manage_funds(user):
        return not_allowed(user, _("Only municipal staff set up initiative funds."))
    line = await programme_queries.budget_line(line_id)
    if line is None:
        return invalid({"line": _("This budget line does not exist.")})
    found: dict[str, str] = {}
    area_code = form.get("area_code", "").strip().upper()
    lineage = await area_queries.lineage_codes(area_code) if area_code else []
    if not lineage:
        found["area_code"] = _("Enter the code of an existing area.")
    elif str(line["area_code"]) not in lineage:
        found["area_code"] = _("The area must lie within the programme's area.")
    max_cents = cents(form.get("max", ""), "max", found)
    fast_limit = cents(form.get("fast_limit", ""), "fast_limit", found)
    numbers = {}
    for name, low, high in (
        ("fast_weeks", 1, 26),
        ("advance_percent", 0, 100),
        ("report_weeks", 1, 52),
    ):
        raw = form.get(name, "").strip()
        if not raw.isdigit() or not low <= int(raw) <= high:
            found[name] = _("Enter a whole number from {low} to {high}.").format(low=low, high=high)
        else:
            numbers[name] = int(raw)
    try:
        days = deadlines.parse_dates(form.get("decision_dates", ""))
    except ValueError:
        found["decision_dates"] = _("Enter dates such as 2026-03-01, separated by spaces.")
        days = ()
    deciders = form.get("deciders", "council")
    if deciders not in ("council", "committee"):
        found["deciders"] = _("Choose who decides.")
    committee = " ".join(part for part in form.get("committee", "").replace(",", " ").split())
    if deciders == "committee" and not all(p.isdigit() for p in committee.split()):
        found["committee"] = _("Enter the account numbers of the committee members.")
    if deciders == "committee" and not committee:
        found["committee"] = _("Name at least one committee member.")
    if found:
        return invalid(found)
    values: dict[str, Any] = {
        "area_code": area_code,
        "max_cents": max_cents,
        "fast_limit_cents": fast_limit,
        "fast_weeks": numbers["fast_weeks"],
        "decision_dates": " ".join(day.isoformat() for day in days),
        "advance_percent": numbers["advance_percent"],
        "report_weeks": numbers["report_weeks"],
        "deciders": deciders,
        "committee": committee,
    }
    async with transaction():
        existing = await Fund.select(Fund.id).where(Fund.budget_line == line_id).first()
        if existing is None:
            fund = Fund(budget_line=line_id)
            for name, value in values.items():
                setattr(fund, name, value)
            rows = await Fund.insert(fund).returning(Fund.id)
            fund_id = int(rows[0]["id"])
        else:
            fund_id = int(existing["id"])
            changes: dict[Column | str, object] = {
                getattr(Fund, name): v for name, v in values.items()
            }
            await Fund.update(changes).where(Fund.id == fund_id)
        await append_event(
            actor(user), "initiatives.fund", f"fund:{fund_id}", {"budget_line": line_id, **values}
        )
    return done(fund_id)


# ---- applying --------------------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    """The application form as typed, and the photos or quotes sent with it."""

    form: dict[str, str]
    uploads: list[files.Upload] = field(default_factory=list)


def _co_initiators(form: dict[str, str], found: dict[str, str]) -> list[tuple[str, str]]:
    people = []
    for number in range(1, MAX_CO_INITIATORS + 1):
        name = form.get(f"co{number}_name", "").strip()[:100]
        email = form.get(f"co{number}_email", "").strip().lower()[:254]
        if not name and not email:
            continue
        if not name or "@" not in email or " " in email:
            found[f"co{number}"] = _("Give the name and email address of each co-initiator.")
            continue
        people.append((name, email))
    if len({email for _name, email in people}) < len(people):
        found["co1"] = _("Each co-initiator needs their own email address.")
    return people


async def _validate(
    user: Principal, fund: FundRow, form: dict[str, str], submit: bool
) -> tuple[dict[str, Any], list[tuple[str, str]], dict[str, str]]:
    found: dict[str, str] = {}
    title = form.get("title", "").strip()
    if not title:
        found["title"] = _("Give your initiative a title.")
    elif len(title) > MAX_TITLE:
        found["title"] = _("The title is too long (at most 120 characters).")
    description = form.get("description", "").strip()
    if len(description) > MAX_TEXT:
        found["description"] = _("The description is too long (at most 5000 characters).")
    place = form.get("place", "").strip()[:MAX_PLACE]
    values: dict[str, Any] = {
        "title": title[:MAX_TITLE],
        "description": description[:MAX_TEXT],
        "place": place,
        "applicant_kind": "organisation"
        if form.get("applicant_kind") == "organisation"
        else "resident",
        "show_name": form.get("show_name") == "yes",
        "in_kind": form.get("in_kind", "").strip()[:1000],
        "payee": form.get("payee", "").strip()[:100],
    }
    raw_day = form.get("held_on", "")
    values["held_on"] = (
        parse_day(raw_day, "held_on", found) if (submit or raw_day.strip()) else None
    )
    for name in ("total", "asked", "own", "other_funds"):
        values[f"{name}_cents"] = cents(
            form.get(name, ""), name, found, required=submit and name in ("total", "asked")
        )
    raw_iban = iban.normalise(form.get("iban", ""))
    if raw_iban and not iban.valid(raw_iban):
        found["iban"] = _("This IBAN is not valid: check the number.")
    values["iban"] = raw_iban
    people = _co_initiators(form, found)
    if user.email and any(email == user.email.lower() for _name, email in people):
        found["co1"] = _("Co-initiators are other people than you: use their own addresses.")
    if submit:
        if not description:
            found["description"] = _("Describe your initiative.")
        if not place:
            found["place"] = _("Say in which buurt or street it takes place.")
        amount_codes = rules_money.amount_problems(
            values["total_cents"],
            values["asked_cents"],
            values["own_cents"],
            values["other_funds_cents"],
            fund.max_cents,
        )
        messages = {
            "asked_missing": _("Enter the amount you ask for."),
            "asked_over_max": _("This fund gives at most {max} per initiative.").format(
                max=euro(fund.max_cents)
            ),
            "asked_over_total": _("You cannot ask for more than the total cost."),
            "not_covered": _("The amount asked and your co-financing must cover the total cost."),
        }
        for key, code in amount_codes.items():
            found.setdefault(key, messages[code])
        if not values["payee"]:
            found["payee"] = _("Say to whom the grant is paid.")
        if not raw_iban:
            found["iban"] = _("Enter the IBAN the grant is paid to.")
        if len(people) < MIN_CO_INITIATORS:
            found.setdefault("co1", _("Name at least two co-initiators from the area."))
        postcode = form.get("postcode", "").strip() or user.postcode
        if not await lives_in(postcode, fund.area_code):
            found["postcode"] = _(
                "Only residents, organisations and entrepreneurs with an address in this area "
                "can apply: this postcode is not in the area."
            )
        if values["held_on"] is not None and values["held_on"] < date.today():
            found["held_on"] = _("The date of the initiative cannot lie in the past.")
    return values, people, found


def _check_uploads(
    uploads: list[files.Upload], found: dict[str, str]
) -> list[tuple[str, str, str, bytes]]:
    stored = []
    for upload in uploads:
        if not upload.data:
            continue
        if len(upload.data) > files.MAX_BYTES:
            found["photos"] = _("A file can be at most 5 MB.")
            continue
        kept = files.accepted(upload.data)
        if kept is None:
            found["photos"] = _("Send a photo (JPEG, PNG or WebP) or a quote as PDF.")
            continue
        kind, data = kept
        stored.append((files.new_name(kind), kind, upload.alt_text.strip()[:200], data))
    return stored


async def save_application(
    user: Principal,
    fund_id: int,
    application: Application,
    initiative_id: int | None = None,
    submit: bool = False,
) -> Answer[int]:
    """Save a draft (new or existing); with `submit`, check it all and ask co-initiators."""
    if not user.authenticated:
        return not_allowed(user, "")
    fund = await queries.fund(fund_id)
    if fund is None:
        return invalid({"fund": _("This fund does not exist.")})
    loaded: Loaded | None = None
    if initiative_id is not None:
        loaded = await load(initiative_id)
        if loaded is None or loaded.fund.id != fund_id:
            return missing()
        if not permissions.can_edit(user, loaded.subject, loaded.status):
            return not_allowed(user, _("Only the applicant can change a draft."))
    values, people, found = await _validate(user, fund, application.form, submit)
    stored = _check_uploads(application.uploads, found)
    existing_photos = 0 if loaded is None else len(await queries.files(loaded.id, "photo"))
    if existing_photos + len(stored) > files.MAX_PHOTOS:
        found["photos"] = _("Send at most three photos or quotes.")
    if found:
        return invalid(found)
    for name, _kind, _alt, content in stored:
        files.write_pending(name, content, private=False)
    profile = await account_queries.profile(int(user.id or 0))
    tokens: list[tuple[str, str, str]] = []
    try:
        async with transaction():
            columns = {getattr(Initiative, key): value for key, value in values.items()}
            columns[Initiative.updated_at] = datetime.now(UTC)
            if loaded is None:
                rows = await Initiative.insert(
                    Initiative(
                        fund=fund_id,
                        number=f"tmp-{secrets.token_hex(6)}",
                        applicant=user.id,
                        applicant_name=str(profile["name"]) if profile else "",
                        **values,
                    )
                ).returning(Initiative.id)
                new_id = int(rows[0]["id"])
                await Initiative.update({Initiative.number: f"INI-{fund.year}-{new_id:04d}"}).where(
                    Initiative.id == new_id
                )
            else:
                new_id = loaded.id
                await Initiative.update(columns).where(Initiative.id == new_id)
            for name, kind, alt, _content in stored:
                await InitiativeFile.insert(
                    InitiativeFile(
                        initiative=new_id,
                        kind="photo",
                        filename=name,
                        content_type=kind,
                        alt_text=alt,
                    )
                )
            await CoInitiator.delete().where(CoInitiator.initiative == new_id)
            for name, email in people:
                token = secrets.token_urlsafe(24)
                holder = await account_queries.user_id_by_email(email)
                await CoInitiator.insert(
                    CoInitiator(
                        initiative=new_id,
                        name=name,
                        email=email,
                        user_id=holder,
                        token_hash=token_hash(token),
                    )
                )
                tokens.append((name, email, token))
            if submit:
                await Initiative.update(
                    {Initiative.status: st.SUBMITTED, Initiative.submitted_at: datetime.now(UTC)}
                ).where(Initiative.id == new_id)
                await append_event(
                    actor(user),
                    "initiatives.submit",
                    f"initiative:{new_id}",
                    {"fund": fund_id, "asked_cents": values["asked_cents"]},
                )
    except BaseException:
        files.discard_pending([s[0] for s in stored], private=False)
        raise
    files.publish([s[0] for s in stored], private=False)
    if submit:
        applicant = str(profile["name"]) if profile else ""
        await notify.send_all(
            [
                notify.co_initiator(email, name, applicant, str(values["title"]), token)
                for name, email, token in tokens
            ]
        )
    return done(new_id)


async def confirm_co_initiator(token: str, postcode: str) -> Answer[int]:
    """A co-initiator confirms by the mailed link with their postcode in the area.

    When enough co-initiators confirmed, the application enters review and its decision
    deadline starts.
    """
    if not token or len(token) > 100:
        return invalid({"token": _("This link is not valid (any more).")})
    row = (
        await CoInitiator.select(CoInitiator.id, CoInitiator.initiative, CoInitiator.confirmed_at)
        .where(CoInitiator.token_hash == token_hash(token))
        .first()
    )
    if row is None:
        return invalid({"token": _("This link is not valid (any more).")})
    loaded = await load(int(row["initiative"]))
    if loaded is None:
        return missing()
    if loaded.status not in (st.SUBMITTED, st.IN_REVIEW):
        return invalid({"token": _("This application no longer needs confirmations.")})
    if not await lives_in(postcode, loaded.fund.area_code):
        return invalid(
            {"postcode": _("Co-initiators live in the area: this postcode is not in it.")}
        )
    mails: list[notify.Mail] = []
    async with transaction():
        if row["confirmed_at"] is None:
            await CoInitiator.update({CoInitiator.confirmed_at: datetime.now(UTC)}).where(
                CoInitiator.id == row["id"]
            )
        confirmed = await CoInitiator.count().where(
            CoInitiator.initiative == loaded.id, CoInitiator.confirmed_at.is_not_null()
        )
        current = (
            await Initiative.select(Initiative.status).where(Initiative.id == loaded.id).first()
        )
        if (
            current is not None
            and current["status"] == st.SUBMITTED
            and confirmed >= MIN_CO_INITIATORS
        ):
            today = date.today()
            due = deadlines.decision_deadline(
                rules_of(loaded.fund), int(loaded.row.asked_cents), today
            )
            await Initiative.update(
                {
                    Initiative.status: st.IN_REVIEW,
                    Initiative.review_from: today,
                    Initiative.deadline: due,
                }
            ).where(Initiative.id == loaded.id)
            await append_event(
                "system",
                "initiatives.in_review",
                f"initiative:{loaded.id}",
                {"deadline": due.isoformat() if due else ""},
            )
            mails = await applicant_mail(
                loaded,
                _(
                    "Your co-initiators confirmed: your application is now being reviewed. "
                    "A decision is due by {day}."
                ).format(day=due.isoformat() if due else "—"),
            )
    await notify.send_all(mails)
    return done(loaded.id)


async def react(user: Principal, initiative_id: int, kind: str, reason: str = "") -> Answer[int]:
    """A resident of the area shows support or records an objection (one each)."""
    loaded = await load(initiative_id)
    if loaded is None:
        return missing()
    if kind not in ("support", "objection"):
        return invalid({"kind": _("Choose support or objection.")})
    inside = user.authenticated and await lives_in(user.postcode, loaded.fund.area_code)
    if user.id in loaded.subject.reactor_ids:
        return invalid({"kind": _("You already reacted to this initiative.")})
    if not permissions.can_react(user, loaded.subject, loaded.status, inside):
        return not_allowed(
            user,
            _(
                "Only residents of the area, other than the applicant, can react while the "
                "application is open."
            ),
        )
    reason = (reason or "").strip()
    if len(reason) > 1000:
        return invalid({"reason": _("The reason is too long (at most 1000 characters).")})
    try:
        async with transaction():
            rows = await Reaction.insert(
                Reaction(
                    initiative=loaded.id,
                    user=user.id,
                    pair=f"{loaded.id}:{user.id}",
                    kind=kind,
                    reason=reason,
                )
            ).returning(Reaction.id)
    except DUPLICATE_ERRORS as error:
        if not is_duplicate(error):
            raise
        return invalid({"kind": _("You already reacted to this initiative.")})
    return done(int(rows[0]["id"]))


async def post_message(user: Principal, initiative_id: int, body: str) -> Answer[int]:
    """Staff ask a question, the applicant answers, in the application's thread."""
    loaded = await load(initiative_id)
    if loaded is None:
        return missing()
    if not permissions.can_write_thread(user, loaded.subject, loaded.status):
        return not_allowed(user, _("Only staff and the applicant write in this thread."))
    body = (body or "").strip()
    if not body:
        return invalid({"body": _("Write your question or answer.")})
    if len(body) > MAX_TEXT:
        return invalid({"body": _("The message is too long (at most 5000 characters).")})
    official = not permissions.is_applicant(user, loaded.subject)
    async with transaction():
        rows = await Message.insert(
            Message(initiative=loaded.id, author=user.id, official=official, body=body)
        ).returning(Message.id)
    if official:
        await notify.send_all(
            await applicant_mail(
                loaded,
                _("Staff asked a question about your application:\n\n{body}").format(body=body),
            )
        )
    return done(int(rows[0]["id"]))


async def withdraw(user: Principal, initiative_id: int) -> Answer[int]:
    """The applicant withdraws the application before a decision."""
    loaded = await load(initiative_id)
    if loaded is None:
        return missing()
    if not permissions.can_withdraw(user, loaded.subject, loaded.status):
        return not_allowed(
            user, _("Only the applicant can withdraw, and only before the decision.")
        )
    async with transaction():
        current = (
            await Initiative.select(Initiative.status).where(Initiative.id == loaded.id).first()
        )
        if current is None or not st.can_move(str(current["status"]), st.WITHDRAWN):
            return invalid({"status": _("This application can no longer be withdrawn.")})
        await Initiative.update(
            {
                Initiative.status: st.WITHDRAWN,
                Initiative.iban: "",
                Initiative.updated_at: datetime.now(UTC),
            }
        ).where(Initiative.id == loaded.id)
        await append_event(
            actor(user),
            "initiatives.withdraw",
            f"initiative:{loaded.id}",
            {"from": current["status"]},
        )
    return done(loaded.id)
