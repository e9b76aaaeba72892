"""Result tables: count jobs, draft results, certifier decisions and certificates."""

from piccolo.columns import (
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


class CountJob(Table, tablename="result_count_job", db=DB):
    """A request to count a round, picked up by a background worker (never a web request)."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    status = Varchar(
        length=12, default="queued", index=True, help_text="queued/running/done/failed"
    )
    progress = Integer(default=0, help_text="0-100, shown on the round's result page.")
    message = Varchar(length=300, default="")
    requested_by = Integer(null=True, default=None)
    corrects = Integer(
        null=True, default=None, help_text="Certificate id a correction recount corrects."
    )
    reason = Text(default="", help_text="Why a correction recount was started.")
    worker = Varchar(length=60, default="", help_text="Which worker claimed it.")
    requested_at = Timestamptz(default=TimestamptzNow())
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)


class Result(Table, tablename="result", db=DB):
    """A counted outcome of a round: draft until two certifiers approve it."""

    id: Serial
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    job = ForeignKey(references=CountJob, null=True, on_delete=OnDelete.set_null)
    status = Varchar(length=12, default="draft", index=True, help_text="draft/rejected/certified")
    rule = Varchar(length=30)
    parameters = Text(help_text="Canonical JSON of every counting parameter, tie order included.")
    outcome = Text(help_text="Canonical JSON of the engine's result (selected, explanations).")
    comparison = Text(default="{}", help_text="JSON: what the other rule would have funded.")
    counts = Text(default="{}", help_text="JSON: eligible, participations and ballots per channel.")
    ballots_sha256 = Varchar(length=64, help_text="SHA-256 of the canonical ballot export.")
    export = Text(default="", help_text="The Pabulib ballot export exactly as counted and hashed.")
    corrects = Integer(null=True, default=None, help_text="Certificate id this result corrects.")
    correction_reason = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class CertifierDecision(Table, tablename="result_certifier_decision", db=DB):
    """One certifier's approval or rejection (with reason) of a draft result."""

    id: Serial
    result = ForeignKey(references=Result, on_delete=OnDelete.restrict, index=True)
    certifier = Integer(help_text="User id of the certifier.")
    pair = Varchar(length=40, unique=True, help_text="'<result>:<certifier>': one decision each.")
    decision = Varchar(length=10, help_text="approve or reject")
    reason = Text(default="")
    decided_at = Timestamptz(default=TimestamptzNow())


class Certificate(Table, tablename="result_certificate", db=DB):
    """The official record of a certified result; never changed, only corrected by a new one."""

    id: Serial
    result = ForeignKey(references=Result, on_delete=OnDelete.restrict, unique=True)
    round = ForeignKey(references=Round, on_delete=OnDelete.restrict, index=True)
    body = Text(help_text="Canonical JSON of the certificate, exactly as published.")
    sha256 = Varchar(length=64, unique=True)
    audit_head = Varchar(length=64, help_text="Audit chain head hash when it was appended.")
    corrects = Integer(null=True, default=None, help_text="Certificate id this one corrects.")
    created_at = Timestamptz(default=TimestamptzNow())


class CertificateSignature(Table, tablename="result_certificate_signature", db=DB):
    """The municipality's Ed25519 signature over a certificate's canonical body."""

    id: Serial
    certificate = ForeignKey(references=Certificate, on_delete=OnDelete.restrict, unique=True)
    signature = Varchar(length=100, help_text="Base64 Ed25519 signature of the canonical body.")
    public_key = Varchar(length=60, help_text="Base64 of the 32-byte public key that signed it.")
    key_id = Varchar(length=64, help_text="SHA-256 of the public key (hex).")


class RecountSlot(Table, tablename="result_recount_slot", db=DB):
    """One of the few places for a public recount, shared by every web worker (a lease row)."""

    id: Serial
    slot = Integer(unique=True, help_text="0, 1, …: at most that many recounts run at once.")
    holder = Varchar(length=40, default="", help_text="Random token of the recount holding it.")
    lease_until = Timestamptz(
        null=True, default=None, help_text="Free again after this (a dead worker's slot too)."
    )
