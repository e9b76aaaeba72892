"""Who may do what with an initiative: pure functions of (principal, subject, status)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.accounts.permissions import Principal, is_staff
from initiatives import status as st


@dataclass(frozen=True)
class Subject:
    """What the rules need to know about one initiative and its fund."""

    applicant_id: int | None
    lineage: tuple[str, ...] = ()  # the fund's area code, then its ancestors
    deciders: str = "council"  # or 'committee'
    committee: frozenset[int] = frozenset()
    co_initiator_ids: frozenset[int] = frozenset()
    supporter_ids: frozenset[int] = frozenset()
    reactor_ids: frozenset[int] = field(default_factory=frozenset)


def is_applicant(user: Principal, subject: Subject) -> bool:
    """The signed-in user made this application."""
    return user.authenticated and user.id == subject.applicant_id


def is_decider(user: Principal, subject: Subject) -> bool:
    """A member of the deciding body: the area's council (or an ancestor's), or the committee."""
    if not user.authenticated or user.id is None:
        return False
    if subject.deciders == "committee":
        return user.id in subject.committee
    return bool(user.council_areas() & set(subject.lineage))


def conflicted(user: Principal, subject: Subject) -> bool:
    """An applicant, co-initiator or supporter of the application may not vote on it."""
    return user.id is not None and (
        user.id == subject.applicant_id
        or user.id in subject.co_initiator_ids
        or user.id in subject.supporter_ids
    )


def can_view(user: Principal, subject: Subject, status: str) -> bool:
    """Public once submitted; drafts and early withdrawals only for the applicant and staff."""
    return status in st.PUBLIC or is_applicant(user, subject) or is_staff(user)


def can_edit(user: Principal, subject: Subject, status: str) -> bool:
    """The applicant edits and submits a draft."""
    return status == st.DRAFT and is_applicant(user, subject)


def can_withdraw(user: Principal, subject: Subject, status: str) -> bool:
    """The applicant withdraws until a decision is taken."""
    return is_applicant(user, subject) and st.can_move(status, st.WITHDRAWN)


def can_react(user: Principal, subject: Subject, status: str, lives_in_area: bool) -> bool:
    """A resident of the area (not the applicant) supports or objects while it is undecided."""
    return (
        user.authenticated
        and lives_in_area
        and not is_applicant(user, subject)
        and status in (st.SUBMITTED, st.IN_REVIEW)
        and (user.id not in subject.reactor_ids)
    )


def can_see_thread(user: Principal, subject: Subject, status: str) -> bool:
    """The questions and answers: the applicant, staff and the deciders."""
    if status == st.DRAFT:
        return is_applicant(user, subject)
    return is_applicant(user, subject) or is_staff(user) or is_decider(user, subject)


def can_write_thread(user: Principal, subject: Subject, status: str) -> bool:
    """Staff ask and the applicant answers, from submission until accounted for."""
    return status not in (st.DRAFT, st.WITHDRAWN, st.ACCOUNTED_FOR) and (
        is_applicant(user, subject) or is_staff(user)
    )


def can_advise(user: Principal, subject: Subject, status: str) -> bool:
    """Staff give advice (feasibility, permits) while the application is in review."""
    return is_staff(user) and status == st.IN_REVIEW


def can_vote(user: Principal, subject: Subject, status: str) -> bool:
    """A decider without a conflict of interest votes while the application is in review."""
    return status == st.IN_REVIEW and is_decider(user, subject) and not conflicted(user, subject)


def can_decide(user: Principal, subject: Subject, status: str) -> bool:
    """A decider without a conflict, or staff, records the outcome the votes carry."""
    if status != st.IN_REVIEW or conflicted(user, subject):
        return False
    return is_decider(user, subject) or is_staff(user)


def can_extend(user: Principal, subject: Subject, status: str) -> bool:
    """Staff extend a small request's deadline (once) while it is in review."""
    return is_staff(user) and status == st.IN_REVIEW


def can_report(user: Principal, subject: Subject, status: str) -> bool:
    """The applicant reports on a granted initiative."""
    return is_applicant(user, subject) and status == st.GRANTED


def can_accept_report(user: Principal, subject: Subject, status: str) -> bool:
    """Staff accept the report, which settles the money."""
    return is_staff(user) and status == st.CARRIED_OUT


def can_see_receipts(user: Principal, subject: Subject) -> bool:
    """Receipts are never public: the applicant and staff only."""
    return is_applicant(user, subject) or is_staff(user)


def can_manage_finance(user: Principal) -> bool:
    """Staff (the finance department) handle payment orders and confirmations."""
    return is_staff(user)


def can_manage_funds(user: Principal) -> bool:
    """Staff mark budget lines as initiatives lines and set their rules."""
    return is_staff(user)


def may_decide_somewhere(user: Principal) -> bool:
    """Whether the user may decide on applications in some fund: staff or council somewhere."""
    return user.authenticated and (is_staff(user) or bool(user.council_areas()))
