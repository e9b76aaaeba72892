"""Delivery tables: projects on a programme's resident line, milestones, photos and followers."""

from piccolo.columns import (
    BigInt,
    Boolean,
    Date,
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
from app.programmes.tables import BudgetLine, Programme
from app.rounds.tables import Round


class Project(Table, tablename="delivery_project", db=DB):
    """A funded proposal being delivered, with its money on the programme's resident line."""

    id: Serial
    programme = ForeignKey(references=Programme, on_delete=OnDelete.restrict, index=True)
    budget_line = ForeignKey(references=BudgetLine, null=True, on_delete=OnDelete.restrict)
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    certificate_id = Integer(help_text="The certificate that funded it.")
    proposal_id = Integer(null=True, default=None)
    project_key = Varchar(length=20, help_text="The ballot option key in the certified result.")
    slot = Varchar(length=40, unique=True, help_text="'<round>:<project_key>': created once.")
    title = Varchar(length=120)
    amount_cents = BigInt(help_text="The amount the result funded.")
    committed_cents = BigInt(default=0)
    spent_cents = BigInt(default=0)
    status = Varchar(
        length=12,
        default="planned",
        index=True,
        help_text="planned, in_progress, delivered or cancelled",
    )
    cancel_reason = Text(default="")
    demo = Boolean(default=False, help_text="Made by the demo loader, not by a certificate.")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Milestone(Table, tablename="delivery_milestone", db=DB):
    """A planned or reached step of a project."""

    id: Serial
    project = ForeignKey(references=Project, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=200)
    planned_on = Date(null=True, default=None)
    reached_on = Date(null=True, default=None)
    note = Text(default="")


class ProjectPhoto(Table, tablename="delivery_photo", db=DB):
    """A photo of progress, stored under the data directory with a random name."""

    id: Serial
    project = ForeignKey(references=Project, on_delete=OnDelete.cascade, index=True)
    filename = Varchar(length=80, unique=True)
    content_type = Varchar(length=30)
    alt_text = Varchar(length=200, default="")
    uploaded_at = Timestamptz(default=TimestamptzNow())


class ProjectFollow(Table, tablename="delivery_follow", db=DB):
    """A resident follows a project and is told of progress (one-click unsubscribe)."""

    id: Serial
    project = ForeignKey(references=Project, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    pair = Varchar(length=40, unique=True)
    unsubscribe_token = Varchar(length=64, unique=True, help_text="Hash of the one-click token.")
