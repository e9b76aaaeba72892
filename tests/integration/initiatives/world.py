"""Building blocks for initiative tests: a fund on a fresh line, people, a submitted application."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.accounts.permissions import Principal
from tests.support.images import jpeg_with_gps
from tests.support.web import Account

OOSTERPARK = "WK001403"  # postcodes 9713; the council grant is on this code
INSIDE = "9713AB"
OUTSIDE = "9712AB"
VALID_IBAN = "NL91ABNA0417164300"
JPEG = jpeg_with_gps()  # a real photo: uploads are re-encoded, its GPS position dropped
PDF = b"%PDF-1.4\n" + b"0" * 64

MakeUser = Callable[..., Awaitable[Account]]
_YEARS = itertools.count(2100)  # one programme per area and year: each fund gets its own year


def resident(account: Account, postcode: str = INSIDE) -> Principal:
    """A resident as the services see them."""
    return Principal(
        id=account.id,
        email=account.email,
        postcode=postcode,
        email_confirmed=True,
        grants=frozenset({("resident", "")}),
    )


def council(account: Account, area_code: str = OOSTERPARK, postcode: str = INSIDE) -> Principal:
    """A council member of one area."""
    return Principal(
        id=account.id,
        postcode=postcode,
        email_confirmed=True,
        grants=frozenset({("council", area_code)}),
    )


def staff(account: Account) -> Principal:
    """A staff member."""
    return Principal(id=account.id, email_confirmed=True, grants=frozenset({("staff", "")}))


async def fund(line_euros: int = 10_000, **rules: str) -> int:
    """A fund of Oosterpark on the line of a programme of its own (the demo's stay untouched)."""
    from app.areas.tables import Area
    from app.programmes.tables import BudgetLine, Programme
    from initiatives import services

    area = await Area.select(Area.id).where(Area.code == OOSTERPARK).first()
    assert area is not None
    programmes = await Programme.insert(
        Programme(
            area=area["id"],
            year=next(_YEARS),
            title=f"Testprogramma {secrets.token_hex(3)}",
            total_cents=line_euros * 100,
        )
    ).returning(Programme.id)
    rows = await BudgetLine.insert(
        BudgetLine(
            programme=programmes[0]["id"],
            name=f"Initiatieven {secrets.token_hex(3)}",
            kind="regular",
            amount_cents=line_euros * 100,
        )
    ).returning(BudgetLine.id)
    form = {
        "area_code": OOSTERPARK,
        "max": "5000",
        "fast_limit": "5000",
        "fast_weeks": "4",
        "advance_percent": "50",
        "report_weeks": "4",
        "decision_dates": "",
        "deciders": "council",
        **rules,
    }
    admin = Principal(id=1, grants=frozenset({("staff", "")}))
    result = await services.save_fund(admin, int(rows[0]["id"]), form)
    assert result.ok, result.problems
    assert result.value is not None
    return result.value


def application_form(asked: str = "1000", **extra: str) -> dict[str, str]:
    """A complete application form with two co-initiators from Oosterpark."""
    return {
        "title": f"Straatfeest {secrets.token_hex(3)}",
        "description": "Een feest voor de hele straat, met muziek en eten.",
        "place": "Florabuurt",
        "held_on": (date.today() + timedelta(days=30)).isoformat(),
        "total": str(int(asked) + 500),
        "asked": asked,
        "own": "500",
        "other_funds": "0",
        "payee": "Stichting Florafeest",
        "iban": VALID_IBAN,
        "postcode": INSIDE,
        "co1_name": "Cor Een",
        "co1_email": f"cor-{secrets.token_hex(3)}@example.org",
        "co2_name": "Cora Twee",
        "co2_email": f"cora-{secrets.token_hex(3)}@example.org",
        **extra,
    }


async def link_in_outbox(to: str, path: str) -> str:
    """The last path segment of the newest link with `path` in mail to this address.

    Mail is sent by the job runner, so the queue is run first.
    """
    import re
    from email import message_from_bytes, policy

    from app.settings import get_settings
    from tests.support.jobs import run_jobs

    await run_jobs()
    outbox = get_settings().outbox_dir
    for eml in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
        message = message_from_bytes(eml.read_bytes(), policy=policy.default)
        if to.lower() not in str(message["To"]).lower():
            continue
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        for link in re.findall(r"https?://\S+", text):
            if path in link:
                return str(link.rsplit("/", 1)[1])
    raise AssertionError(f"no mail to {to} with a link to {path}")


@dataclass(frozen=True)
class Applied:
    """A submitted application and the tokens of its co-initiators' links."""

    initiative_id: int
    applicant: Principal
    tokens: list[str]


async def submitted(
    make_user: MakeUser, fund_id: int, asked: str = "1000", confirm: bool = True
) -> Applied:
    """A resident applies; the co-initiators confirm (unless asked not to)."""
    from initiatives import services

    account = await make_user(postcode=INSIDE)
    applicant = resident(account)
    form = application_form(asked)
    result = await services.save_application(
        applicant, fund_id, services.Application(form), submit=True
    )
    assert result.ok, result.problems
    assert result.value is not None
    tokens = [
        await link_in_outbox(form[f"co{n}_email"], "/initiatieven/bevestigen/") for n in (1, 2)
    ]
    if confirm:
        for token in tokens:
            confirmed = await services.confirm_co_initiator(token, INSIDE)
            assert confirmed.ok, confirmed.problems
    return Applied(result.value, applicant, tokens)


async def row(initiative_id: int) -> dict[str, Any]:
    """The initiative's row as the module reads it (as a dict, for short asserts)."""
    from dataclasses import asdict

    from initiatives import queries

    found = await queries.initiative(initiative_id)
    assert found is not None
    return asdict(found)
