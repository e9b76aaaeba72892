"""Deliberation tables: supports, threaded comments, reports, follows and meetings."""

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.accounts.tables import User
from app.db import DB
from app.rounds.tables import Round
from proposals.tables import Proposal


class Support(Table, tablename="deliberation_support", db=DB):
    """One resident's support for one proposal (unique per pair)."""

    id: Serial
    proposal = ForeignKey(references=Proposal, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    pair = Varchar(length=40, unique=True, help_text="'<proposal>:<user>': one support each.")
    at = Timestamptz(default=TimestamptzNow())


class Comment(Table, tablename="deliberation_comment", db=DB):
    """A comment or reply on a proposal; official when written by staff or council."""

    id: Serial
    proposal = ForeignKey(references=Proposal, on_delete=OnDelete.cascade, index=True)
    parent = Integer(null=True, default=None, index=True, help_text="Comment replied to.")
    author = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    body = Text()
    official = Varchar(length=20, default="", help_text="'staff', 'council' or ''.")
    hidden_reason = Varchar(length=300, default="", help_text="Shown instead of the text.")
    created_at = Timestamptz(default=TimestamptzNow())


class Report(Table, tablename="deliberation_report", db=DB):
    """Someone reported a comment or proposal for moderation."""

    id: Serial
    subject = Varchar(length=40, index=True, help_text="'comment:<id>' or 'proposal:<id>'.")
    proposal = ForeignKey(
        references=Proposal,
        on_delete=OnDelete.cascade,
        index=True,
        help_text="The proposal concerned (itself or the one commented on), for area scoping.",
    )
    reporter = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    reason = Varchar(length=300)
    handled = Boolean(default=False, index=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Follow(Table, tablename="deliberation_follow", db=DB):
    """A resident follows a proposal and gets mail on status changes and official answers."""

    id: Serial
    proposal = ForeignKey(references=Proposal, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    pair = Varchar(length=40, unique=True, help_text="'<proposal>:<user>': one follow each.")
    unsubscribe_token = Varchar(length=64, unique=True, help_text="Hash of the one-click token.")


class Meeting(Table, tablename="deliberation_meeting", db=DB):
    """A residents' evening (bewonersavond) of a round, with agenda and minutes."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=200)
    starts_at = Timestamptz()
    place = Varchar(length=200)
    agenda = Text(default="")
    minutes = Text(default="")
    proposal_ids = Text(default="[]", help_text="JSON list of linked proposal ids.")
    created_by = Integer(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())
