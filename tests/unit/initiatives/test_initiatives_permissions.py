"""Who may do what with an initiative, as one table of (who, action, status) → allowed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.accounts.permissions import Principal
from initiatives import permissions as p
from initiatives import status as st

APPLICANT = Principal(id=1, grants=frozenset({("resident", "")}))
COUNCIL = Principal(id=2, grants=frozenset({("council", "WK001403")}))
SUPPORTING_COUNCIL = Principal(id=3, grants=frozenset({("council", "WK001403")}))
OTHER_COUNCIL = Principal(id=4, grants=frozenset({("council", "WK001414")}))
STAFF = Principal(id=5, grants=frozenset({("staff", "")}))
NEIGHBOUR = Principal(id=6, grants=frozenset({("resident", "")}))
CO_INITIATOR_ON_COUNCIL = Principal(id=7, grants=frozenset({("council", "GB001402")}))
ANONYMOUS = Principal()

SUBJECT = p.Subject(
    applicant_id=1,
    lineage=("WK001403", "GB001402", "GM0014"),
    co_initiator_ids=frozenset({7}),
    supporter_ids=frozenset({3}),
    reactor_ids=frozenset({3}),
)

Check = Callable[[Principal, p.Subject, str], bool]

TABLE: list[tuple[str, Principal, Check, str, bool]] = [
    ("anyone sees a submitted application", ANONYMOUS, p.can_view, st.IN_REVIEW, True),
    ("a draft is hidden from the public", ANONYMOUS, p.can_view, st.DRAFT, False),
    ("the applicant sees their draft", APPLICANT, p.can_view, st.DRAFT, True),
    ("staff see a draft", STAFF, p.can_view, st.DRAFT, True),
    ("the applicant edits a draft", APPLICANT, p.can_edit, st.DRAFT, True),
    ("nobody edits after submission", APPLICANT, p.can_edit, st.SUBMITTED, False),
    ("staff do not edit a draft", STAFF, p.can_edit, st.DRAFT, False),
    ("the applicant withdraws in review", APPLICANT, p.can_withdraw, st.IN_REVIEW, True),
    ("no withdrawal once granted", APPLICANT, p.can_withdraw, st.GRANTED, False),
    ("a neighbour cannot withdraw", NEIGHBOUR, p.can_withdraw, st.IN_REVIEW, False),
    ("the area's council votes", COUNCIL, p.can_vote, st.IN_REVIEW, True),
    (
        "a supporter on the council may not vote",
        SUPPORTING_COUNCIL,
        p.can_vote,
        st.IN_REVIEW,
        False,
    ),
    (
        "a co-initiator on the council may not vote",
        CO_INITIATOR_ON_COUNCIL,
        p.can_vote,
        st.IN_REVIEW,
        False,
    ),
    ("another area's council may not vote", OTHER_COUNCIL, p.can_vote, st.IN_REVIEW, False),
    ("staff are not deciders", STAFF, p.can_vote, st.IN_REVIEW, False),
    ("no votes before review", COUNCIL, p.can_vote, st.SUBMITTED, False),
    ("the council records the decision", COUNCIL, p.can_decide, st.IN_REVIEW, True),
    ("staff record the decision", STAFF, p.can_decide, st.IN_REVIEW, True),
    ("a conflicted member does not decide", SUPPORTING_COUNCIL, p.can_decide, st.IN_REVIEW, False),
    ("the applicant does not decide", APPLICANT, p.can_decide, st.IN_REVIEW, False),
    ("staff advise in review", STAFF, p.can_advise, st.IN_REVIEW, True),
    ("the council does not advise", COUNCIL, p.can_advise, st.IN_REVIEW, False),
    ("staff extend in review", STAFF, p.can_extend, st.IN_REVIEW, True),
    ("the applicant reports when granted", APPLICANT, p.can_report, st.GRANTED, True),
    ("no report before the grant", APPLICANT, p.can_report, st.IN_REVIEW, False),
    ("staff accept a report", STAFF, p.can_accept_report, st.CARRIED_OUT, True),
    ("the council does not accept reports", COUNCIL, p.can_accept_report, st.CARRIED_OUT, False),
    ("the thread is closed to neighbours", NEIGHBOUR, p.can_see_thread, st.IN_REVIEW, False),
    ("the deciders read the thread", COUNCIL, p.can_see_thread, st.IN_REVIEW, True),
    ("staff write in the thread", STAFF, p.can_write_thread, st.IN_REVIEW, True),
    ("the council only reads the thread", COUNCIL, p.can_write_thread, st.IN_REVIEW, False),
]


@pytest.mark.parametrize(
    ("who", "check", "status", "allowed"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_permission_table(who: Principal, check: Check, status: str, allowed: bool) -> None:
    """Each row of the table holds."""
    assert check(who, SUBJECT, status) is allowed


def test_reacting_needs_an_address_in_the_area_and_only_once() -> None:
    """A neighbour of the area reacts once; outsiders, the applicant and repeaters do not."""
    assert p.can_react(NEIGHBOUR, SUBJECT, st.IN_REVIEW, lives_in_area=True)
    assert not p.can_react(NEIGHBOUR, SUBJECT, st.IN_REVIEW, lives_in_area=False)
    assert not p.can_react(APPLICANT, SUBJECT, st.IN_REVIEW, lives_in_area=True)
    assert not p.can_react(SUPPORTING_COUNCIL, SUBJECT, st.IN_REVIEW, lives_in_area=True)
    assert not p.can_react(NEIGHBOUR, SUBJECT, st.GRANTED, lives_in_area=True)


def test_a_committee_decides_instead_of_the_council() -> None:
    """With a committee, only its named members vote."""
    committee = p.Subject(
        applicant_id=1, lineage=("WK001403",), deciders="committee", committee=frozenset({6})
    )
    assert p.can_vote(NEIGHBOUR, committee, st.IN_REVIEW)
    assert not p.can_vote(COUNCIL, committee, st.IN_REVIEW)


def test_receipts_are_never_public() -> None:
    """Only the applicant and staff see receipts."""
    assert p.can_see_receipts(APPLICANT, SUBJECT)
    assert p.can_see_receipts(STAFF, SUBJECT)
    assert not p.can_see_receipts(ANONYMOUS, SUBJECT)
    assert not p.can_see_receipts(COUNCIL, SUBJECT)
