"""Read-only questions about deliberation, for the proposal pages of other modules."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app.accounts.permissions import Principal, acts_for_area, is_staff
from app.areas import queries as area_queries
from app.dates import local_datetime
from app.i18n import LOCAL_TIME, _
from deliberation import permissions, proposal_rows
from deliberation.rows import CommentNode, LinkedProposal, MeetingRow, ProposalPanel, ReportItem
from deliberation.services import CLOSED_STATUSES, MAX_COMMENT, pair
from deliberation.subjects import Subject, lives_in, subject
from deliberation.tables import Comment, Follow, Meeting, Report, Support

__all__ = ["CommentNode", "LinkedProposal", "MeetingRow", "ProposalPanel", "ReportItem"]


def local_time(moment: datetime | None) -> str:
    """A moment as local Dutch date and time, e.g. 12-03-2026 19:30."""
    if moment is None:
        return ""
    return local_datetime(moment)


async def _support_state(found: Subject, viewer: Principal) -> tuple[bool, str]:
    """Whether the viewer may support now, and otherwise why not (empty: nothing to say)."""
    if not found.round.allows("support"):
        return False, _("Supporting is not open in this phase of the round.")
    if found.hidden or found.proposal.status in CLOSED_STATUSES:
        return False, _("This proposal can no longer be supported.")
    if viewer.id is None:
        return False, ""
    if not viewer.email_confirmed:
        return False, _("Confirm your email address first; we sent you a link.")
    if not await lives_in(viewer, found.round.area_code):
        return False, _("Only residents of {area} can support proposals in this round.").format(
            area=found.round.area_name
        )
    return True, ""


def _thread(rows: list[dict[str, Any]]) -> list[CommentNode]:
    """Comments as a tree: each has `replies`; orphans (parent gone) become roots."""
    by_id: dict[int, CommentNode] = {}
    for row in rows:
        by_id[int(row["id"])] = CommentNode(
            id=int(row["id"]),
            parent=row["parent"],
            author=str(row["author_name"] or _("Former participant")),
            lines=tuple(str(row["body"]).split("\n")),
            official=str(row["official"]),
            hidden_reason=str(row["hidden_reason"]),
            created=local_time(row["created_at"]),
        )
    roots: list[CommentNode] = []
    for item in by_id.values():
        parent = by_id.get(item.parent) if item.parent is not None else None
        (parent.replies if parent is not None else roots).append(item)
    return roots


async def comment_tree(proposal_id: int) -> list[CommentNode]:
    """The threaded comments of a proposal, oldest first."""
    rows = await (
        Comment.select(
            Comment.id,
            Comment.parent,
            Comment.author.name.as_alias("author_name"),
            Comment.body,
            Comment.official,
            Comment.hidden_reason,
            Comment.created_at,
        )
        .where(Comment.proposal == proposal_id)
        .order_by(Comment.id)
    )
    return _thread(rows)


async def meetings_for_round(round_id: int) -> list[MeetingRow]:
    """The meetings of a round, in date order, with their linked proposal ids."""
    rows = await Meeting.select().where(Meeting.round == round_id).order_by(Meeting.starts_at)
    return [_meeting(row) for row in rows]


def _meeting(row: Mapping[str, Any], proposals: tuple[LinkedProposal, ...] = ()) -> MeetingRow:
    starts: datetime = row["starts_at"]
    local = starts.astimezone(LOCAL_TIME)
    return MeetingRow(
        id=int(row["id"]),
        round_id=int(row["round"]),
        title=str(row["title"]),
        starts_at=starts,
        place=str(row["place"]),
        agenda=str(row["agenda"]),
        minutes=str(row["minutes"]),
        proposal_ids=tuple(int(pid) for pid in json.loads(row["proposal_ids"] or "[]")),
        created_by=row["created_by"],
        updated_at=row["updated_at"],
        when=local_time(starts),
        local_date=local.strftime("%Y-%m-%d"),
        local_time=local.strftime("%H:%M"),
        proposals=proposals,
    )


async def meeting(meeting_id: int) -> MeetingRow | None:
    """One meeting with its linked proposals (id and title), or None."""
    row = await Meeting.select().where(Meeting.id == meeting_id).first()
    if row is None:
        return None
    linked = set(_meeting(row).proposal_ids)
    rows = await proposal_rows.proposals_for_round(int(row["round"]))
    return _meeting(row, tuple(LinkedProposal(p.id, p.title) for p in rows if p.id in linked))


async def proposal_panel(proposal_id: int, viewer: Principal) -> ProposalPanel:
    """Context for templates/deliberation/_panel.html on a proposal page (supports, comments)."""
    found = await subject(proposal_id)
    if found is None:
        return ProposalPanel(proposal_id=proposal_id, exists=False)
    supports = follows = False
    if viewer.id is not None:
        key = pair(proposal_id, viewer.id)
        supports = bool(await Support.exists().where(Support.pair == key))
        follows = bool(await Follow.exists().where(Follow.pair == key))
    may_support, support_note = await _support_state(found, viewer)
    may_comment = (
        viewer.id is not None
        and viewer.email_confirmed
        and not found.hidden
        and found.round.allows("comment")
    )
    meetings = [
        m for m in await meetings_for_round(found.round.id) if proposal_id in m.proposal_ids
    ]
    return ProposalPanel(
        exists=True,
        proposal_id=proposal_id,
        round_id=found.round.id,
        hidden_reason=found.proposal.hidden,
        support_count=found.proposal.support_count,
        supports=supports,
        follows=follows,
        may_support=may_support and not supports,
        may_withdraw=supports and found.round.allows("support"),
        support_note=support_note,
        signed_in=viewer.id is not None,
        may_comment=may_comment,
        comments_open=found.round.allows("comment") and not found.hidden,
        may_moderate=permissions.may_moderate(viewer, found.lineage),
        comments=tuple(await comment_tree(proposal_id)),
        comment_count=found.proposal.comment_count,
        max_comment=MAX_COMMENT,
        meetings=tuple(meetings),
    )


async def moderation_queue(viewer: Principal) -> list[ReportItem]:
    """Open reports the viewer may handle: all for staff, their areas' rounds for council."""
    rows = await (
        Report.select(
            Report.id,
            Report.subject,
            Report.reason,
            Report.created_at,
            Report.proposal.as_alias("proposal_id"),
            Report.proposal._.title.as_alias("proposal_title"),
            Report.proposal._.round._.area._.code.as_alias("area_code"),
        )
        .where(Report.handled.eq(False))
        .order_by(Report.id)
    )
    staff = is_staff(viewer)
    lineages: dict[str, list[str]] = {}
    queue = []
    for row in rows:
        code = str(row["area_code"])
        if not staff and code not in lineages:
            lineages[code] = await area_queries.lineage_codes(code)
        if not (staff or acts_for_area(viewer, lineages[code])):
            continue
        kind, _sep, target = str(row["subject"]).partition(":")
        queue.append((row, kind, int(target)))
    texts = await _comment_texts([target for _row, kind, target in queue if kind == "comment"])
    return [
        ReportItem(
            **row,
            kind=kind,
            target_id=target,
            when=local_time(row["created_at"]),
            text=texts.get(target, "") if kind == "comment" else str(row["proposal_title"]),
        )
        for row, kind, target in queue
    ]


async def _comment_texts(comment_ids: list[int]) -> dict[int, str]:
    """The text of each reported comment that still exists."""
    comments = {
        int(row["id"]): row
        for row in (
            await Comment.select(Comment.id, Comment.body, Comment.hidden_reason).where(
                Comment.id.is_in(comment_ids)
            )
            if comment_ids
            else []
        )
    }
    return {comment_id: str(row["body"]) for comment_id, row in comments.items()}


def is_moderator(viewer: Principal) -> bool:
    """Whether the viewer moderates anywhere (staff, or council of some area)."""
    return permissions.moderates_anywhere(viewer)


async def personal_data(user_id: int) -> dict[str, object]:
    """Comments, supports, follows and reports of an account, for its owner's data download."""
    comments = await Comment.select(
        Comment.id, Comment.proposal, Comment.body, Comment.created_at
    ).where(Comment.author == user_id)
    supports = await Support.select(Support.proposal, Support.at).where(Support.user == user_id)
    follows = await Follow.select(Follow.proposal).where(Follow.user == user_id)
    reports = await Report.select(Report.subject, Report.reason, Report.created_at).where(
        Report.reporter == user_id
    )
    return {"comments": comments, "supports": supports, "follows": follows, "reports": reports}


async def has_supported(proposal_id: int, user_id: int) -> bool:
    """Whether the user supports the proposal."""
    return bool(
        await Support.exists().where(Support.proposal == proposal_id, Support.user == user_id)
    )
