"""Confirming paper ballots: only the one-vote index reads as "voted in the meantime"."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.integration.box.conftest import VotingRound

MakeRound = Callable[..., Awaitable[VotingRound]]


async def test_only_a_second_vote_is_refused_as_voted_and_other_failures_surface(
    voting_round: MakeRound, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A voter who voted already is refused; a broken database is not reported as that."""
    from ballots.box import paper
    from ballots.box.tables import Participation

    voting = await voting_round(codes=1)
    voter = {"voter_key": secrets.token_hex(16), "buurt_code": "BU00000001", "code_hash": ""}
    now = datetime.now(UTC)
    await paper._cast_voter(voting.id, voter, now)
    with pytest.raises(paper._Refused):
        await paper._cast_voter(voting.id, voter, now)

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError("disk I/O error")

    monkeypatch.setattr(Participation, "insert", broken)
    with pytest.raises(OSError, match="disk I/O error"):
        await paper._cast_voter(voting.id, {**voter, "voter_key": secrets.token_hex(16)}, now)
