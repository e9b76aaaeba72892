"""The typed rows `deliberation.queries` answers with (frozen: no reader changes another's copy)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CommentNode:
    """A comment as the thread shows it, with its replies (filled while the tree is built)."""

    id: int
    parent: int | None
    author: str
    lines: tuple[str, ...]
    official: str
    hidden_reason: str
    created: str
    replies: list[CommentNode] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Follower:
    """Someone who follows a proposal: the follow's id and pair, and how to write to them."""

    id: int
    pair: str
    email: str
    name: str
    language: str
    user_id: int


@dataclass(frozen=True, slots=True)
class LinkedProposal:
    """A proposal linked to a meeting."""

    id: int
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingRow:
    """A residents' evening with its local date and time and its linked proposal ids."""

    id: int
    round_id: int
    title: str
    starts_at: datetime
    place: str
    agenda: str
    minutes: str
    proposal_ids: tuple[int, ...]
    created_by: int | None
    updated_at: datetime
    when: str
    local_date: str
    local_time: str
    proposals: tuple[LinkedProposal, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposalPanel:
    """What the deliberation block on a proposal page shows (templates/deliberation/_panel.html)."""

    proposal_id: int
    exists: bool = True
    round_id: int = 0
    hidden_reason: str = ""
    support_count: int = 0
    supports: bool = False
    follows: bool = False
    may_support: bool = False
    may_withdraw: bool = False
    support_note: str = ""
    signed_in: bool = False
    may_comment: bool = False
    comments_open: bool = False
    may_moderate: bool = False
    comments: tuple[CommentNode, ...] = ()
    comment_count: int = 0
    max_comment: int = 0
    meetings: tuple[MeetingRow, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportItem:
    """An open report in the moderation queue, with the reported text."""

    id: int
    subject: str
    reason: str
    created_at: datetime
    proposal_id: int
    proposal_title: str
    area_code: str
    kind: str
    target_id: int
    when: str
    text: str
