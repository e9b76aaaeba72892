"""Ballot tables: the confirmed ballot list of a round, as snapshots of its proposals."""

from piccolo.columns import (
    BigInt,
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

from app.db import DB
from app.rounds.tables import Round


class BallotOption(Table, tablename="ballot_option", db=DB):
    """What voters see for one proposal: frozen at confirmation, linked back to the proposal."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    proposal_id = Integer(help_text="The proposal this option was snapshotted from.")
    slot = Varchar(
        length=40, unique=True, help_text="'<round>:<proposal>': a proposal is offered once."
    )
    project_key = Varchar(length=20, help_text="Stable id used in ballots and exports.")
    title = Varchar(length=120)
    summary = Varchar(length=300)
    cost_cents = BigInt()
    position = Integer()


class BallotListConfirmation(Table, tablename="ballot_list_confirmation", db=DB):
    """The council's confirmation of a round's ballot list, with reasons for hand changes."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, unique=True)
    confirmed_by = Integer()
    changes = Text(default="[]", help_text="JSON list of {proposal, change, reason}.")
    confirmed_at = Timestamptz(default=TimestamptzNow())
