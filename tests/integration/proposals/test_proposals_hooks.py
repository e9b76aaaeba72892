"""The hooks other modules call inside their own transaction: set_status and adjust_counts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.proposals.conftest import Place, new_id, proposal_fields, submit
from tests.support.web import Account, login

Client = AsyncTestClient[Litestar]


async def test_counts_and_statuses_change_inside_the_callers_transaction(
    client: Client,
    place: Place,
    make_round: Callable[..., Awaitable[int]],
    resident: Callable[..., Awaitable[Account]],
) -> None:
    from app.db import transaction
    from proposals import queries, services

    round_id = await make_round()
    await login(client, await resident())
    proposal_id = new_id(await submit(client, round_id, proposal_fields(place)))
    async with transaction():
        await services.adjust_counts(proposal_id, supports=3, comments=2)
        await services.adjust_counts(proposal_id, supports=-1)
    found = await queries.proposal_by_id(proposal_id)
    assert found is not None
    assert (found.support_count, found.comment_count) == (2, 2)

    with pytest.raises(services.StatusError):
        async with transaction():
            await services.adjust_counts(proposal_id, supports=10)
            await services.set_status(proposal_id, "on_ballot", "Te vroeg", None, "council")
    found = await queries.proposal_by_id(proposal_id)
    assert found is not None and (found.status, found.support_count) == ("submitted", 2)

    async with transaction():
        await services.set_status(proposal_id, "feasible", "Kan", None, "staff")
    rows = await queries.proposals_for_round(round_id, statuses=["feasible"])
    assert [(r.id, r.support_count, r.author_id) for r in rows] == [
        (proposal_id, 2, found.author_id)
    ]
    assert await queries.proposals_for_round(round_id, statuses=[]) == []
