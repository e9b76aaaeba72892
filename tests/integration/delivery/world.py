"""Building blocks for delivery tests: a decided round on a resident line, its projects, people."""

from __future__ import annotations

import secrets
from typing import Any

from app.accounts.permissions import Principal
from tests.integration.deliberation.world import make_proposal
from tests.support.web import Account

OOSTERPARK = "WK001403"  # council of Oosterpark: raad; postcodes 9713
DE_WIJERT = "WK001414"
OOST = "GB001402"  # the district programme Oosterpark's money comes from


def staff(account: Account) -> Principal:
    """A staff member as the services see them."""
    return Principal(id=account.id, email_confirmed=True, grants=frozenset({("staff", "")}))


def council(account: Account, area_code: str) -> Principal:
    """A council member of one area as the services see them."""
    return Principal(
        id=account.id, email_confirmed=True, grants=frozenset({("council", area_code)})
    )


def resident(account: Account) -> Principal:
    """A resident as the services see them."""
    return Principal(id=account.id, email_confirmed=True, grants=frozenset({("resident", "")}))


async def decided_round(area_code: str = OOSTERPARK, euros: int = 2_000) -> tuple[int, int]:
    """A round in phase implementing on its district's resident line: (round id, line id)."""
    from app.areas.tables import Area
    from app.rounds import queries as round_queries
    from app.rounds.tables import Round

    line = next(
        line
        for line in await round_queries.resident_lines(area_code)
        if line.free_cents >= euros * 100
    )
    area = await Area.select(Area.id).where(Area.code == area_code).first()
    assert area is not None
    rows = await Round.insert(
        Round(
            area=area["id"],
            budget_line=line.id,
            title=f"Uitvoeringsronde {secrets.token_hex(4)}",
            phase="implementing",
            amount_cents=euros * 100,
            max_cost_cents=euros * 100,
        )
    ).returning(Round.id)
    return int(rows[0]["id"]), line.id


async def funded_projects(
    round_id: int, author: int | None = None, costs: tuple[int, ...] = (600_000, 400_000)
) -> list[dict[str, Any]]:
    """Proposals for the round (by `author`) and the funded list a certificate would hold."""
    from proposals.tables import Proposal

    funded = []
    for position, cents in enumerate(costs, start=1):
        proposal_id = await make_proposal(round_id, cost_cents=cents, title=f"Plan {position}")
        if author is not None:
            await Proposal.update({Proposal.author: author}).where(Proposal.id == proposal_id)
        funded.append(
            {
                "project_key": str(proposal_id),
                "proposal_id": proposal_id,
                "title": f"Plan {position} {secrets.token_hex(3)}",
                "amount_cents": cents,
            }
        )
    return funded


async def certify(
    round_id: int, funded: list[dict[str, Any]], certificate_id: int = 7
) -> list[int]:
    """Run projects_from_certificate the way certification does, in a transaction; project ids."""
    from app.db import transaction
    from delivery import queries, services

    async with transaction():
        await services.projects_from_certificate(round_id, certificate_id, funded)
    ids = [await queries.project_id_for_slot(f"{round_id}:{f['project_key']}") for f in funded]
    assert None not in ids
    return [int(i) for i in ids if i is not None]


async def record_vote(round_id: int, user_id: int) -> None:
    """That an account holder took part in a round: a participation only, no ballot."""
    from datetime import date

    from ballots.box.services import account_voter
    from ballots.box.tables import Participation

    voter = account_voter(round_id, user_id)
    await Participation.insert(
        Participation(
            round=round_id, voter_key=voter.voter_key, channel="online", voted_on=date.today()
        )
    )
