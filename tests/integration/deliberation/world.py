"""Building blocks for deliberation and ballot tests: rounds, proposals and signed-in browsers."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import httpx
from litestar import Litestar

from tests.support.web import Account, login

BINNENSTAD = "WK001401"  # postcodes 9711, 9712 and 9718 live here
OOSTERPARK = "WK001403"  # postcodes 9713 live here
INSIDE = "9712AB"
OUTSIDE = "9713LA"


async def make_round(
    area_code: str = BINNENSTAD, phase: str = "deliberating", threshold: int = 0
) -> int:
    """A round straight in the rounds table, in the given phase."""
    from app.areas.tables import Area
    from app.rounds.tables import Round

    area = await Area.select(Area.id).where(Area.code == area_code).first()
    assert area is not None
    rows = await Round.insert(
        Round(
            area=area["id"],
            title=f"Testronde {secrets.token_hex(4)}",
            phase=phase,
            support_threshold=threshold,
            amount_cents=10_000_000,
            max_cost_cents=5_000_000,
        )
    ).returning(Round.id)
    return int(rows[0]["id"])


async def make_proposal(
    round_id: int,
    status: str = "feasible",
    supports: int = 0,
    cost_cents: int = 1_000_000,
    title: str = "",
    hidden: str = "",
) -> int:
    """A proposal straight in the proposals table."""
    from proposals.tables import Proposal

    rows = await Proposal.insert(
        Proposal(
            round=round_id,
            title=title or f"Voorstel {secrets.token_hex(4)}",
            summary="Een samenvatting",
            cost_cents=cost_cents,
            status=status,
            support_count=supports,
            hidden=hidden,
        )
    ).returning(Proposal.id)
    return int(rows[0]["id"])


async def proposal_row(proposal_id: int) -> dict[str, Any]:
    """The stored proposal row."""
    from proposals.tables import Proposal

    row = await Proposal.select().where(Proposal.id == proposal_id).first()
    assert row is not None
    return dict(row)


class Browsers:
    """Opens one signed-in, English-speaking client per account, on the test's event loop."""

    def __init__(self, app: Litestar, stack: AsyncExitStack) -> None:
        self.app = app
        self.stack = stack

    async def __call__(self, account: Account | None = None) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=self.app)
        client = await self.stack.enter_async_context(
            httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")
        )
        client.cookies.set("wijkstem_lang", "en")
        if account is not None:
            await login(client, account)
        return client


async def browsers(app: Litestar) -> AsyncIterator[Browsers]:
    """A `Browsers` factory whose clients are closed afterwards."""
    async with AsyncExitStack() as stack:
        yield Browsers(app, stack)


async def mails_to(address: str) -> list[EmailMessage]:
    """The messages delivered to one person, oldest first (after the job runner ran)."""
    from app.settings import get_settings
    from tests.support.jobs import run_jobs

    await run_jobs()
    outbox = get_settings().outbox_dir
    found = []
    for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        if message["To"] == address:
            found.append(message)
    return found


def body_of(message: EmailMessage) -> str:
    """The plain-text body of a message."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


MakeUser = Callable[..., Awaitable[Account]]
