"""The job queue and mail outbox refusing writes (a full disk, a lost connection), and what
they hold: to show that mail is kept together with the change that causes it, or not at all."""

from __future__ import annotations

from typing import Any

import pytest


class OutboxDown(RuntimeError):
    """The outbox could not take the message."""


def refuse_outbox_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on (until the test ends) writing a message or a job fails."""
    from app.jobs.tables import Job, OutgoingMail

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OutboxDown("the outbox refused the write")

    monkeypatch.setattr(Job, "insert", refuse)
    monkeypatch.setattr(OutgoingMail, "insert", refuse)


async def mail_subjects(address: str) -> list[str]:
    """Subjects of the messages in the outbox for one address (sent or not)."""
    from app.jobs.tables import OutgoingMail

    rows = await OutgoingMail.select(OutgoingMail.subject).where(OutgoingMail.recipient == address)
    return [str(row["subject"]) for row in rows]


async def status_events(proposal_id: int) -> int:
    """How many "proposal.status_changed" events are queued or done for one proposal."""
    from app.jobs.tables import Job

    rows = await Job.select(Job.payload).where(Job.kind == "event")
    needle = f'"proposal_id":{proposal_id},'
    return sum(
        1
        for row in rows
        if '"proposal.status_changed"' in row["payload"] and needle in row["payload"]
    )
