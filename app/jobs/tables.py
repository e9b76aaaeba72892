"""Job runner tables: queued jobs, the runners' heartbeats and the outgoing mail."""

from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.db import DB


class Job(Table, tablename="job", db=DB):
    """One unit of slow work, run by a runner that holds a lease and renews it while it works."""

    id: Serial
    kind = Varchar(length=60, help_text="Which handler runs it, e.g. results.count or mail.send.")
    payload = Text(default="{}", help_text="Canonical JSON handed to the handler.")
    key = Varchar(
        length=200, null=True, default=None, unique=True, help_text="Optional dedupe key."
    )
    status = Varchar(
        length=10, default="queued", index=True, help_text="queued/running/done/failed"
    )
    attempts = Integer(default=0, help_text="How often a runner took it.")
    max_attempts = Integer(default=6)
    run_after = Timestamptz(default=TimestamptzNow(), help_text="Not before (back-off).")
    lease_until = Timestamptz(null=True, default=None, help_text="A running job past this is free.")
    worker = Varchar(length=80, default="", help_text="The runner that holds (or held) it.")
    last_error = Text(default="", help_text="The last failure, without personal data.")
    created_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)


class RunnerBeat(Table, tablename="job_runner", db=DB):
    """A runner's last sign of life, for /health and the metrics."""

    id: Serial
    name = Varchar(length=80, unique=True)
    beat_at = Timestamptz(default=TimestamptzNow())


class OutgoingMail(Table, tablename="mail_outbox", db=DB):
    """A message written in the transaction that caused it and delivered by a mail.send job."""

    id: Serial
    recipient = Varchar(length=320)
    subject = Varchar(length=300)
    body = Text()
    key = Varchar(length=200, null=True, default=None, unique=True, help_text="One per event.")
    status = Varchar(length=10, default="pending", index=True, help_text="pending/sent/failed")
    attempts = Integer(default=0)
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
