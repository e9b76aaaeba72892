"""Round table: one budget round of an area, with its schedule, money and rules."""

from piccolo.columns import (
    BigInt,
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

from app.areas.tables import Area
from app.db import DB
from app.programmes.tables import BudgetLine


class Round(Table, tablename="budget_round", db=DB):
    """A budget round: money from a programme's resident line, put to residents of an area."""

    id: Serial
    area = ForeignKey(references=Area, on_delete=OnDelete.restrict, index=True)
    budget_line = ForeignKey(
        references=BudgetLine,
        null=True,
        on_delete=OnDelete.restrict,
        help_text="The programme's resident-decision line the money comes from.",
    )
    title = Varchar(length=200)
    description = Text(default="")
    amount_cents = BigInt(default=0, help_text="The money residents decide on, in cents.")
    phase = Varchar(length=20, default="draft", index=True)
    # Schedule: the start of each scheduled phase (UTC); voting ends when counting starts.
    proposing_starts = Timestamptz(null=True, default=None)
    reviewing_starts = Timestamptz(null=True, default=None)
    deliberating_starts = Timestamptz(null=True, default=None)
    voting_starts = Timestamptz(null=True, default=None)
    counting_starts = Timestamptz(null=True, default=None)
    # Rules (see app/rounds/rules.py).
    proposer_min_age = Integer(default=0)
    max_cost_cents = BigInt(default=0)
    categories = Text(default="[]", help_text="JSON list of category names.")
    support_threshold = Integer(default=0)
    ballot_type = Varchar(length=20, default="approval")
    ballot_min = Integer(default=0)
    ballot_max = Integer(default=0)
    ballot_cost_limit_cents = BigInt(default=0)
    points_total = Integer(default=0)
    counting_rule = Varchar(length=30, default="mes-add1")
    rule_options = Text(default="{}", help_text="JSON object of counting options.")
    tie_break = Varchar(length=60, default="lexicographic")
    allow_blank = Boolean(default=True)
    allow_vote_change = Boolean(default=False)
    template_of = Integer(null=True, default=None, help_text="Round this one was started from.")
    created_by = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
