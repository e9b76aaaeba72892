"""A confirmed ballot list is kept together with the news to each proposal's followers."""

from __future__ import annotations

import pytest

from tests.integration.deliberation.world import (
    BINNENSTAD,
    MakeUser,
    make_proposal,
    make_round,
    proposal_row,
)
from tests.support.outbox import OutboxDown, refuse_outbox_writes, status_events


async def test_a_ballot_list_whose_news_cannot_be_written_is_not_kept(
    monkeypatch: pytest.MonkeyPatch, make_user: MakeUser
) -> None:
    """Confirmation, statuses and the events for followers: all or nothing."""
    from app.accounts.permissions import Principal
    from ballots import queries
    from ballots.ballot_list import HandChanges, confirm_ballot_list

    council = await make_user("council", area_code=BINNENSTAD)
    user = Principal(id=council.id, grants=frozenset({("council", BINNENSTAD)}))
    round_id = await make_round(threshold=1)
    ids = [await make_proposal(round_id, "feasible", supports=2) for _ in range(2)]
    refuse_outbox_writes(monkeypatch)
    with pytest.raises(OutboxDown):
        await confirm_ballot_list(user, round_id, HandChanges())
    assert await queries.ballot_options(round_id) == []
    for proposal_id in ids:
        assert (await proposal_row(proposal_id))["status"] == "feasible"
        assert await status_events(proposal_id) == 0
    monkeypatch.undo()
    await confirm_ballot_list(user, round_id, HandChanges())
    assert len(await queries.ballot_options(round_id)) == 2
    for proposal_id in ids:
        assert (await proposal_row(proposal_id))["status"] == "on_ballot"
        assert await status_events(proposal_id) == 1
