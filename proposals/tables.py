"""Proposal tables: proposals, their kept versions, reviews, status history and photos."""

from piccolo.columns import (
    BigInt,
    Boolean,
    DoublePrecision,
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
from app.areas.tables import Area
from app.db import DB
from app.rounds.tables import Round


class Proposal(Table, tablename="proposal", db=DB):
    """A resident's proposal in a round; the current text (older ones are in ProposalVersion)."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    author = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null, index=True)
    title = Varchar(length=120)
    summary = Varchar(length=300)
    description = Text(default="", help_text="Markdown, rendered through an allow-list sanitiser.")
    cost_cents = BigInt(default=0, index=True)
    category = Varchar(length=60, default="", index=True)
    area = ForeignKey(
        references=Area,
        null=True,
        on_delete=OnDelete.restrict,
        index=True,
        help_text="The buurt or street the proposal concerns.",
    )
    status = Varchar(length=20, default="submitted", index=True)
    version = Integer(default=1)
    merged_into = Integer(null=True, default=None)
    support_count = Integer(
        default=0, index=True, help_text="Kept in step with deliberation's supports."
    )
    comment_count = Integer(default=0)
    hidden = Varchar(length=300, default="", help_text="Moderation reason; empty when visible.")
    age_confirmed = Boolean(
        default=False, help_text="The author confirmed the round's minimum age (no birth dates)."
    )
    lat = DoublePrecision(
        null=True, default=None, help_text="The author's pin (WGS84); empty: the area's centre."
    )
    lon = DoublePrecision(null=True, default=None, help_text="The pin's longitude (WGS84).")
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    updated_at = Timestamptz(default=TimestamptzNow())


class ProposalVersion(Table, tablename="proposal_version", db=DB):
    """One kept version of a proposal's text (the public edit history)."""

    id: Serial
    proposal = ForeignKey(references=Proposal, on_delete=OnDelete.cascade, index=True)
    version = Integer()
    title = Varchar(length=120)
    summary = Varchar(length=300)
    description = Text(default="")
    cost_cents = BigInt(default=0)
    category = Varchar(length=60, default="")
    area_code = Varchar(length=20, default="")
    edited_by = Integer(null=True, default=None)
    edited_at = Timestamptz(default=TimestamptzNow())


class ProposalStatusChange(Table, tablename="proposal_status_change", db=DB):
    """A status change with its public reason (review outcomes, withdrawal, merge, ballot)."""

    id: Serial
    proposal = ForeignKey(references=Proposal, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=20)
    reason = Text(default="")
    changed_cost_cents = BigInt(null=True, default=None)
    scope_note = Text(default="", help_text="Review: how the scope was changed, if it was.")
    actor = Integer(null=True, default=None)
    official = Varchar(length=20, default="", help_text="'staff', 'council' or '' (author).")
    at = Timestamptz(default=TimestamptzNow())


class ProposalPhoto(Table, tablename="proposal_photo", db=DB):
    """A photo stored under the data directory; the file name is random, never the upload's."""

    id: Serial
    proposal = ForeignKey(references=Proposal, on_delete=OnDelete.cascade, index=True)
    filename = Varchar(length=80, unique=True)
    content_type = Varchar(length=30)
    size_bytes = Integer()
    alt_text = Varchar(length=200, default="")
    uploaded_at = Timestamptz(default=TimestamptzNow())
