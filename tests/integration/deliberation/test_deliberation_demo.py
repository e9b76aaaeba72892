"""The deliberation demo: threads, a hidden comment, a meeting and confirmed ballots; idempotent."""

from __future__ import annotations


async def test_demo_loads_once_and_is_idempotent() -> None:
    """A second run changes nothing; voting-and-later demo rounds have ballot options."""
    from app.demo import load_accounts
    from app.rounds.demo import load_rounds_demo
    from ballots.tables import BallotOption
    from deliberation.demo import load_deliberation_demo
    from deliberation.tables import Comment, Meeting
    from proposals.demo import load_proposals_demo

    await load_accounts()
    await load_rounds_demo()
    await load_proposals_demo()
    first = await load_deliberation_demo()
    assert first.startswith("deliberation:")
    assert await load_deliberation_demo() == "deliberation: already loaded, nothing changed"
    assert await Comment.count().where(Comment.official == "staff") >= 1
    assert await Comment.count().where(Comment.hidden_reason != "") >= 1
    assert await Meeting.count().where(Meeting.minutes != "") >= 1
    assert await BallotOption.count() >= 1
