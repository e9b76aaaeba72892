"""Pure helpers of deliberation and the ballot list: threads, qualification, times, tokens."""

from __future__ import annotations

from datetime import UTC, datetime


def test_thread_nests_replies_and_keeps_orphans() -> None:
    """Replies hang under their parent at any depth; a reply whose parent is gone is a root."""
    from deliberation.queries import _thread

    def row(cid: int, parent: int | None) -> dict[str, object]:
        return {
            "id": cid,
            "parent": parent,
            "author_name": "A",
            "body": "a\nb",
            "official": "",
            "hidden_reason": "",
            "created_at": datetime(2026, 1, 1, tzinfo=UTC),
        }

    roots = _thread([row(1, None), row(2, 1), row(3, 2), row(4, 99)])
    assert [item.id for item in roots] == [1, 4]
    assert [item.id for item in roots[0].replies] == [2]
    assert [item.id for item in roots[0].replies[0].replies] == [3]
    assert roots[0].lines == ("a", "b")


def test_qualifies_by_status_threshold_and_visibility() -> None:
    """Feasible (possibly changed), visible and at least the threshold qualify."""
    from ballots.ballot_list import qualifies

    def proposal(status: str, supports: int, hidden: str = "") -> dict[str, object]:
        return {"status": status, "support_count": supports, "hidden": hidden}

    assert qualifies(proposal("feasible", 3), 3)
    assert qualifies(proposal("feasible_changed", 4), 3)
    assert not qualifies(proposal("feasible", 2), 3)
    assert not qualifies(proposal("not_feasible", 9), 3)
    assert not qualifies(proposal("submitted", 9), 3)
    assert not qualifies(proposal("feasible", 9, hidden="Spam"), 3)


def test_ballot_order_is_most_supported_then_oldest() -> None:
    """Positions follow supports (descending), ties by id."""
    from ballots.ballot_list import ballot_order

    rows = [
        {"id": 3, "support_count": 1},
        {"id": 2, "support_count": 5},
        {"id": 1, "support_count": 1},
    ]
    assert [row["id"] for row in ballot_order(rows)] == [2, 1, 3]


def test_meeting_time_is_read_as_dutch_local_time() -> None:
    """19:30 in March is 18:30 UTC; in July 17:30 UTC; nonsense gives None."""
    from deliberation.meetings import starts_at

    assert datetime(2026, 3, 12, 18, 30, tzinfo=UTC) == starts_at("2026-03-12", "19:30")
    assert datetime(2026, 7, 1, 17, 30, tzinfo=UTC) == starts_at("2026-07-01", "19:30")
    assert starts_at("12 maart", "19:30") is None
    assert starts_at("2026-02-30", "19:30") is None


def test_unsubscribe_token_is_stable_per_follow_and_stored_hashed() -> None:
    """The same follow gives the same token; another follow another; the hash is not the token."""
    from deliberation.services import token_hash, unsubscribe_token

    token = unsubscribe_token(1, "5:7")
    assert token == unsubscribe_token(1, "5:7")
    assert token != unsubscribe_token(2, "5:7")
    assert token_hash(token) != token and len(token_hash(token)) == 64


def test_outcome_helpers() -> None:
    """Refusals carry their reason and message; form problems answer 400."""
    from app.answer import FORBIDDEN, done, invalid, refused
    from app.web.answers import status_of

    assert (done(7).ok, done(7).value) == (True, 7)
    no = refused(FORBIDDEN, "no")
    assert (no.ok, status_of(no), no.message) == (False, 403, "no")
    form = invalid({"title": "x"})
    assert (status_of(form), form.message, form.field_problems) == (400, "x", {"title": "x"})
