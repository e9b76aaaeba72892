"""The mail outbox: written with the change, sent once by the runner, failures shown to staff."""

from __future__ import annotations

import smtplib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email import message_from_bytes, policy
from typing import Any

import httpx
import pytest

from tests.support.jobs import run_jobs
from tests.support.web import login, post_form, unique_email


def delivered(address: str) -> list[str]:
    """Subjects of the .eml files delivered to an address."""
    from app.settings import get_settings

    outbox = get_settings().outbox_dir
    subjects = []
    for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == address:
            subjects.append(str(message["Subject"]))
    return subjects


async def test_mail_of_a_change_that_rolled_back_is_never_sent() -> None:
    """Mail is written in the transaction of the change: no change, no mail."""
    from app.db import transaction
    from app.mail import send_mail

    address = unique_email("rollback")
    with pytest.raises(RuntimeError):
        async with transaction():
            await send_mail(address, "Niet verstuurd", "tekst")
            raise RuntimeError("the change fails")
    async with transaction():
        await send_mail(address, "Wel verstuurd", "tekst")
    await run_jobs()
    assert delivered(address) == ["Wel verstuurd"]
    await run_jobs()
    assert delivered(address) == ["Wel verstuurd"]


async def test_an_event_run_twice_mails_each_follower_once() -> None:
    """A domain event taken again after a crash does not mail anybody a second time."""
    from app import events
    from app.jobs import runner
    from app.jobs.queue import enqueue
    from app.jobs.tables import Job
    from app.mail import send_mail

    address = unique_email("twice")

    async def tell(payload: dict[str, Any]) -> None:
        await send_mail(address, f"Nieuws {payload['n']}", "tekst")

    events.subscribe("test.news", tell)
    await run_jobs()
    job_id = await enqueue("event", {"name": "test.news", "payload": {"n": 1}})
    job = await runner.claim("crashing")
    assert job is not None and job.id == job_id
    token = runner.current_job.set(job.id)
    try:  # the first runner wrote the mail, then died before it finished the job
        await tell({"n": 1})
    finally:
        runner.current_job.reset(token)
    await Job.update({Job.lease_until: datetime(2000, 1, 1, tzinfo=UTC)}).where(Job.id == job_id)
    await run_jobs()
    assert delivered(address) == ["Nieuws 1"]


class BrokenSMTP:
    """A relay that refuses every connection."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise smtplib.SMTPConnectError(421, b"try later")


async def test_failed_mail_is_retried_then_shown_to_staff_who_can_send_it_again(
    client: httpx.AsyncClient,
    make_user: Callable[..., Awaitable[Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A relay that keeps refusing: the message is retried, then listed as failed for staff."""
    from dataclasses import replace

    from app import mail, runtime
    from app.jobs import outbox
    from app.jobs.tables import Job, OutgoingMail
    from app.mail import send_mail
    from app.settings import get_settings

    await run_jobs()
    address = unique_email("bounce")
    relay = replace(get_settings(), smtp_host="smtp.invalid")
    monkeypatch.setattr(outbox, "current_settings", lambda: relay)
    monkeypatch.setattr(mail.smtplib, "SMTP", BrokenSMTP)
    await send_mail(address, "Bevestig uw adres", "tekst")
    row = await OutgoingMail.select().where(OutgoingMail.recipient == address).first()
    assert row is not None
    for _ in range(8):  # every attempt, without waiting for the pauses
        await Job.update({Job.run_after: datetime.now(UTC)}).where(Job.status == "queued")
        await run_jobs()
    row = await OutgoingMail.select().where(OutgoingMail.recipient == address).first()
    assert row is not None and row["status"] == "failed" and row["attempts"] == 8
    assert "try later" in row["last_error"]
    resident = await make_user("resident")
    await login(client, resident)
    assert (await client.get("/beheer/post")).status_code == 403
    client.cookies.clear()
    await login(client, await make_user("staff"))
    page = await client.get("/beheer/post")
    assert page.status_code == 200 and address in page.text and "try later" in page.text
    monkeypatch.setattr(outbox, "current_settings", runtime.current_settings)
    answer = await post_form(client, f"/beheer/post/{row['id']}/opnieuw")
    assert answer.status_code == 303
    again = await post_form(client, f"/beheer/post/{row['id']}/opnieuw")
    assert again.status_code == 409
    await run_jobs()
    assert delivered(address) == ["Bevestig uw adres"]
