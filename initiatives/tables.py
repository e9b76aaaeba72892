"""Initiative tables: funds on lines, applications, co-initiators, reactions, votes, money."""

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
from app.programmes.tables import BudgetLine


class Fund(Table, tablename="initiative_fund", db=DB):
    """A programme's budget line marked as the initiatives line of one area, with its rules."""

    id: Serial
    budget_line = ForeignKey(references=BudgetLine, on_delete=OnDelete.restrict, unique=True)
    area_code = Varchar(length=20, index=True, help_text="The area whose residents may apply.")
    max_cents = BigInt(default=2_000_000, help_text="The most one initiative may receive.")
    fast_limit_cents = BigInt(default=500_000, help_text="Below this: decided within weeks.")
    fast_weeks = Integer(default=4, help_text="Weeks to decide a small request; extendable once.")
    decision_dates = Text(default="", help_text="Fixed dates (ISO, space-separated) for larger.")
    advance_percent = Integer(default=50)
    report_weeks = Integer(default=4, help_text="Weeks after the initiative's date to report.")
    deciders = Varchar(length=10, default="council", help_text="'council' or 'committee'.")
    committee = Text(default="", help_text="User ids of the committee, space-separated.")


class Initiative(Table, tablename="initiative_application", db=DB):
    """One application for (co)financing, from draft to accounted for."""

    id: Serial
    fund = ForeignKey(references=Fund, on_delete=OnDelete.restrict, index=True)
    number = Varchar(length=20, unique=True, help_text="The public grant number, INI-YYYY-NNNN.")
    applicant = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null, index=True)
    applicant_name = Varchar(length=100, default="")
    show_name = Boolean(default=False, help_text="The applicant agreed to show their name.")
    applicant_kind = Varchar(length=12, default="resident", help_text="resident or organisation")
    title = Varchar(length=120)
    description = Text(default="")
    place = Varchar(length=120, default="", help_text="The buurt or street.")
    held_on = Date(null=True, default=None, help_text="The date of the initiative.")
    total_cents = BigInt(default=0)
    asked_cents = BigInt(default=0)
    own_cents = BigInt(default=0)
    other_funds_cents = BigInt(default=0)
    in_kind = Text(default="")
    payee = Varchar(length=100, default="")
    iban = Varchar(length=34, default="", help_text="Kept only until a payment is ordered.")
    status = Varchar(length=16, default="draft", index=True)
    submitted_at = Timestamptz(null=True, default=None)
    review_from = Date(null=True, default=None, help_text="When co-initiators had confirmed.")
    deadline = Date(null=True, default=None, help_text="Decision deadline.")
    extended = Boolean(default=False)
    escalated = Boolean(default=False)
    advice = Text(default="")
    outcome = Varchar(length=16, default="")
    reasons = Text(default="")
    conditions = Text(default="")
    granted_cents = BigInt(default=0)
    decided_at = Timestamptz(null=True, default=None)
    report = Text(default="")
    spent_cents = BigInt(default=0)
    reported_at = Timestamptz(null=True, default=None)
    accounted_at = Timestamptz(null=True, default=None)
    reminded_before = Boolean(default=False)
    reminded_after = Boolean(default=False)
    drawn_for_audit = Varchar(length=6, default="", help_text="The quarter it was drawn in.")
    anonymised = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class CoInitiator(Table, tablename="initiative_coinitiator", db=DB):
    """A resident who backs the application and confirms it by a mailed link."""

    id: Serial
    initiative = ForeignKey(references=Initiative, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=100)
    email = Varchar(length=254)
    user_id = Integer(null=True, default=None, help_text="Their account, if they have one.")
    token_hash = Varchar(length=64, unique=True)
    confirmed_at = Timestamptz(null=True, default=None)


class Reaction(Table, tablename="initiative_reaction", db=DB):
    """A neighbour's support or objection: one per resident and initiative."""

    id: Serial
    initiative = ForeignKey(references=Initiative, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade)
    pair = Varchar(length=40, unique=True, help_text="'<initiative>:<user>'.")
    kind = Varchar(length=10, help_text="support or objection")
    reason = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Message(Table, tablename="initiative_message", db=DB):
    """A question from staff or an answer from the applicant, on the application."""

    id: Serial
    initiative = ForeignKey(references=Initiative, on_delete=OnDelete.cascade, index=True)
    author = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    official = Boolean(default=False)
    body = Text()
    created_at = Timestamptz(default=TimestamptzNow())


class Vote(Table, tablename="initiative_vote", db=DB):
    """One decider's vote on an application: one per member."""

    id: Serial
    initiative = ForeignKey(references=Initiative, on_delete=OnDelete.cascade, index=True)
    member = ForeignKey(references=User, null=True, on_delete=OnDelete.set_null)
    member_name = Varchar(length=100, default="")
    pair = Varchar(length=40, unique=True, help_text="'<initiative>:<member>'.")
    choice = Varchar(length=10, help_text="for, against or abstain")
    created_at = Timestamptz(default=TimestamptzNow())


class Payment(Table, tablename="initiative_payment", db=DB):
    """Money to or from an initiative: advance, final payment, or reclaim."""

    id: Serial
    initiative = ForeignKey(references=Initiative, on_delete=OnDelete.restrict, index=True)
    reference = Varchar(length=30, unique=True, help_text="Grant number and kind: INI-…-A.")
    kind = Varchar(length=10, help_text="advance, final or reclaim")
    amount_cents = BigInt()
    payee = Varchar(length=100, default="")
    iban = Varchar(length=34, default="", help_text="Cleared when the payment is confirmed.")
    status = Varchar(length=10, default="ordered", help_text="ordered or confirmed")
    ordered_at = Timestamptz(default=TimestamptzNow())
    confirmed_at = Timestamptz(null=True, default=None)


class InitiativeFile(Table, tablename="initiative_file", db=DB):
    """A photo or quote with the application, a report photo, or a receipt (never public)."""

    id: Serial
    initiative = ForeignKey(references=Initiative, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=10, help_text="photo, report or receipt")
    filename = Varchar(length=80, unique=True)
    content_type = Varchar(length=30)
    alt_text = Varchar(length=200, default="")
    keep_until = Date(null=True, default=None, help_text="Receipts: seven years.")
    uploaded_at = Timestamptz(default=TimestamptzNow())


class AuditDraw(Table, tablename="initiative_audit_draw", db=DB):
    """A quarter's published random draw of completed initiatives for a receipts audit."""

    id: Serial
    area_code = Varchar(length=20)
    quarter = Varchar(length=6)
    slot = Varchar(length=30, unique=True, help_text="'<area>:<quarter>': drawn once.")
    seed = Varchar(length=100)
    percent = Integer()
    drawn = Text(default="", help_text="Grant numbers, space-separated.")
    created_at = Timestamptz(default=TimestamptzNow())
