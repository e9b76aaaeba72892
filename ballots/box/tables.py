"""Ballot box tables: voting codes, participations (who voted) and ballots (how, unlinked)."""

from piccolo.columns import (
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

from app.db import DB
from app.rounds.tables import Round


class VotingCode(Table, tablename="voting_code", db=DB):
    """A letter's voting code, stored only as a keyed hash, with the address it was sent to."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    code_hash = Varchar(
        length=64, unique=True, help_text="HMAC-SHA256(secret key, normalised code), hex."
    )
    postcode = Varchar(length=6, default="", help_text="Postcode of the letter, e.g. 9712AB.")
    house_number = Varchar(length=12, default="", help_text="House number with any addition.")
    name = Varchar(length=120, default="", help_text="Addressee, optional; never a BSN.")
    buurt_code = Varchar(length=20, default="", help_text="Buurt for turnout figures.")
    status = Varchar(length=10, default="issued", help_text="issued, voided or used.")
    issued_at = Timestamptz(default=TimestamptzNow())


class Participation(Table, tablename="ballot_participation", db=DB):
    """That a voter took part in a round (unique per round and voter key), never how."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    voter_key = Varchar(
        length=64, help_text="HMAC of 'code:<code hash>' or 'user:<id>'; unique per round."
    )
    channel = Varchar(length=10, help_text="online or paper.")
    buurt_code = Varchar(length=20, default="", help_text="Buurt for turnout figures.")
    voted_on = Date(help_text="Day of voting only (coarse on purpose).")


class Ballot(Table, tablename="ballot", db=DB):
    """One secret ballot: choices, receipt and nothing that identifies or orders the voter.

    On SQLite the table is WITHOUT ROWID (stored in random-id order); see
    docs/ballot-secrecy.md for what remains.
    """

    id = Varchar(length=32, primary_key=True, help_text="Random 128-bit hex id; no sequence.")
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    choices = Text(help_text="Canonical JSON of the choices.")
    receipt = Varchar(length=11, unique=True, help_text="Receipt code shown to the voter.")
    channel = Varchar(length=10, help_text="online or paper.")
    status = Varchar(length=12, default="active", help_text="active or superseded.")
    token_hash = Varchar(
        length=64, default="", help_text="Keyed hash of the replacement token ('' if none)."
    )


class CodeFailure(Table, tablename="voting_code_failure", db=DB):
    """A wrong voting code typed from a client address, for the guessing throttle."""

    id: Serial
    key = Varchar(length=300, index=True)
    at = Timestamptz(default=TimestamptzNow())


class DeskRegistration(Table, tablename="voting_desk_registration", db=DB):
    """A resident whose residency staff confirmed at a desk: a voter key without an account."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    reference = Varchar(
        length=14, unique=True, help_text="Random reference such as D-K7Q4-MX2P; never a BSN."
    )
    name = Varchar(length=120, help_text="Name as shown at the desk.")
    postcode = Varchar(length=6, help_text="Postcode, e.g. 9712AB.")
    house_number = Varchar(length=12, help_text="House number with any addition.")
    buurt_code = Varchar(length=20, default="", help_text="Buurt for turnout figures.")
    registered_by = Integer(help_text="Staff account that confirmed the residency.")
    registered_at = Timestamptz(default=TimestamptzNow())


class PaperBatch(Table, tablename="voting_paper_batch", db=DB):
    """A batch of paper ballots entered by one staff member, counted once another confirms it."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    label = Varchar(length=80, default="", help_text="Where the batch came from, e.g. a box.")
    status = Varchar(length=10, default="pending", help_text="pending or confirmed.")
    ballots = Integer(default=0, help_text="How many ballots the batch holds.")
    entered_by = Integer(help_text="Staff account that entered the ballots.")
    entered_at = Timestamptz(default=TimestamptzNow())
    confirmed_by = Integer(null=True, default=None, help_text="The second staff member.")
    confirmed_at = Timestamptz(null=True, default=None)


class PaperEntry(Table, tablename="voting_paper_entry", db=DB):
    """One entered paper ballot awaiting confirmation; deleted when its batch is cast."""

    id: Serial
    batch = ForeignKey(references=PaperBatch, on_delete=OnDelete.cascade, index=True)
    position = Integer(help_text="Order within the batch, as on the stack of paper.")
    voter_key = Varchar(length=64, help_text="Participation key of the code or desk voter.")
    code_hash = Varchar(length=64, default="", help_text="Code hash to mark used ('' for desk).")
    hint = Varchar(length=20, default="", help_text="Last characters of the code, for checking.")
    buurt_code = Varchar(length=20, default="")
    choices = Text(help_text="Canonical JSON of the choices.")


class CodeApproval(Table, tablename="voting_code_approval", db=DB):
    """A code that one staff member asked for and a second must confirm before it can vote.

    Codes without an address and reissued codes start as `pending`; the confirmation sets them
    to `issued`. The plain code is only in the first staff member's download.
    """

    id: Serial
    code = ForeignKey(references=VotingCode, on_delete=OnDelete.cascade, unique=True)
    batch = Varchar(length=16, index=True, help_text="Random id of one request (many codes).")
    kind = Varchar(length=10, help_text="anonymous or reissue.")
    replaces = Integer(null=True, default=None, help_text="The voided code a reissue replaces.")
    requested_by = Integer(help_text="Staff account that asked for the codes.")
    requested_at = Timestamptz(default=TimestamptzNow())
    confirmed_by = Integer(null=True, default=None, help_text="The second staff member.")
    confirmed_at = Timestamptz(null=True, default=None)


class DeskApproval(Table, tablename="voting_desk_approval", db=DB):
    """Why a desk registration may vote: found in the register, or confirmed by a second staff.

    A registration without an approval row (or with neither) cannot vote.
    """

    id: Serial
    registration = ForeignKey(references=DeskRegistration, on_delete=OnDelete.cascade, unique=True)
    person_key = Varchar(length=64, default="", help_text="Register person key ('' if outside).")
    confirmed_by = Integer(null=True, default=None, help_text="Second staff member (outside).")
    confirmed_at = Timestamptz(null=True, default=None)


class CodePerson(Table, tablename="voting_code_person", db=DB):
    """The register person a letter's code was made for: its vote counts as that person's."""

    id: Serial
    code = ForeignKey(references=VotingCode, on_delete=OnDelete.cascade, unique=True)
    person_key = Varchar(length=64, index=True, help_text="The register entry's person key.")
