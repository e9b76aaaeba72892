"""A review, a merge or a withdrawal is kept together with the news of it, or not at all."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import pytest

from tests.integration.deliberation.world import make_proposal, proposal_row
from tests.support.outbox import OutboxDown, mail_subjects, refuse_outbox_writes, status_events
from tests.support.web import Account

if TYPE_CHECKING:
    from app.accounts.permissions import Principal

MakeUser = Callable[..., Awaitable[Account]]
MakeRound = Callable[..., Awaitable[int]]


def _as(account: Account, *grants: tuple[str, str]) -> Principal:
    from app.accounts.permissions import Principal

    return Principal(id=account.id, email_confirmed=True, grants=frozenset(grants))


async def _authored(round_id: int, author: Account, title: str) -> int:
    from proposals.tables import Proposal

    proposal_id = await make_proposal(round_id, "submitted", title=title)
    await Proposal.update({Proposal.author: author.id}).where(Proposal.id == proposal_id)
    return proposal_id


async def test_a_review_whose_news_cannot_be_written_is_not_kept(
    monkeypatch: pytest.MonkeyPatch, make_user: MakeUser, make_round: MakeRound
) -> None:
    """The status change and its event for followers are one write: both or neither."""
    from proposals.review import ReviewForm, review_proposal

    staff = _as(await make_user("staff", postcode=""), ("staff", ""))
    round_id = await make_round(phase="reviewing")
    proposal_id = await _authored(round_id, await make_user("resident"), "Speeltuin")
    form = ReviewForm(outcome="feasible", reason="Past in het beheerplan.")
    refuse_outbox_writes(monkeypatch)
    with pytest.raises(OutboxDown):
        await review_proposal(staff, proposal_id, form)
    assert (await proposal_row(proposal_id))["status"] == "submitted"
    assert await status_events(proposal_id) == 0
    monkeypatch.undo()
    assert (await review_proposal(staff, proposal_id, form)).value == proposal_id
    assert (await proposal_row(proposal_id))["status"] == "feasible"
    assert await status_events(proposal_id) == 1


async def test_a_merge_whose_mail_cannot_be_written_is_not_kept(
    monkeypatch: pytest.MonkeyPatch, make_user: MakeUser, make_round: MakeRound
) -> None:
    """Merged proposals and the mail to both authors: both or neither."""
    from proposals.review import ReviewForm, review_proposal

    staff = _as(await make_user("staff", postcode=""), ("staff", ""))
    first, second = await make_user("resident"), await make_user("resident")
    round_id = await make_round(phase="reviewing")
    merged = await _authored(round_id, first, "Bankje A")
    target = await _authored(round_id, second, "Bankje B")
    form = ReviewForm(outcome="merged", reason="Bijna hetzelfde.", merge_into=str(target))
    refuse_outbox_writes(monkeypatch)
    with pytest.raises(OutboxDown):
        await review_proposal(staff, merged, form)
    row = await proposal_row(merged)
    assert (row["status"], row["merged_into"]) == ("submitted", None)
    assert await mail_subjects(first.email) == await mail_subjects(second.email) == []
    monkeypatch.undo()
    assert (await review_proposal(staff, merged, form)).value == merged
    assert (await proposal_row(merged))["merged_into"] == target
    subject = "Uw voorstel is samengevoegd met een ander voorstel"
    assert await mail_subjects(first.email) == await mail_subjects(second.email) == [subject]


async def test_a_withdrawal_whose_news_cannot_be_written_is_not_kept(
    monkeypatch: pytest.MonkeyPatch, make_user: MakeUser, make_round: MakeRound
) -> None:
    """The author's withdrawal and its event for followers: both or neither."""
    from proposals.services import withdraw_proposal

    author = await make_user("resident")
    round_id = await make_round(phase="proposing")
    proposal_id = await _authored(round_id, author, "Bloemen")
    refuse_outbox_writes(monkeypatch)
    with pytest.raises(OutboxDown):
        await withdraw_proposal(_as(author, ("resident", "")), proposal_id, "Verhuisd")
    assert (await proposal_row(proposal_id))["status"] == "submitted"
    assert await status_events(proposal_id) == 0
    monkeypatch.undo()
    await withdraw_proposal(_as(author, ("resident", "")), proposal_id, "Verhuisd")
    assert (await proposal_row(proposal_id))["status"] == "withdrawn"
    assert await status_events(proposal_id) == 1
