"""Mail through a real SMTP relay: never sent twice by itself, never silently lost."""

from __future__ import annotations

import asyncio
import html
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.jobs import run_jobs
from tests.support.smtp_relay import Relay
from tests.support.web import login, post_form, unique_email


@pytest.fixture
async def relay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Relay]:
    """The outbox sends through a loopback relay; jobs queued before the test are done first."""
    from app.jobs import outbox
    from app.settings import get_settings

    await run_jobs()
    server = Relay(tmp_path)
    settings = replace(
        get_settings(), smtp_host="127.0.0.1", smtp_port=server.port, smtp_ca_file=server.ca
    )
    monkeypatch.setattr(outbox, "current_settings", lambda: settings)
    yield server
    server.close()


async def _status(address: str) -> dict[str, Any]:
    from app.jobs.tables import OutgoingMail

    row = await OutgoingMail.select().where(OutgoingMail.recipient == address).first()
    assert row is not None
    return dict(row)


async def _retry_due_jobs() -> None:
    """Run the queue again without waiting for the back-off pause."""
    from app.jobs.tables import Job

    await Job.update({Job.run_after: datetime.now(UTC)}).where(Job.status == "queued")
    await run_jobs()


async def test_a_runner_killed_after_the_relay_took_a_message_does_not_send_it_again(
    relay: Relay,
    client: httpx.AsyncClient,
    make_user: Callable[..., Awaitable[Any]],
) -> None:
    """Killed between the relay's 250 and the commit: taken over, the message is marked
    uncertain (not sent again); staff see it with its message code and may send it again."""
    from app.jobs import outbox, runner
    from app.jobs.tables import Job
    from app.mail import send_mail

    address = unique_email("killed")
    await send_mail(address, "Uw stemcode", "tekst")
    mail_id = (await _status(address))["id"]
    while (job := await runner.claim("doomed-runner")) is not None:
        if job.payload.get("mail") == mail_id:
            break
        await runner.run(job, "doomed-runner")  # an earlier test's job that came due
    assert job is not None
    relay.received.clear()  # (an earlier test's mail may have gone through this relay)
    relay.hold = True
    sending = asyncio.create_task(outbox.deliver_job(job))
    while not relay.received.is_set():
        await asyncio.sleep(0.01)
    sending.cancel()  # the runner dies while the relay answers 250
    relay.release.set()
    with pytest.raises(asyncio.CancelledError):
        await sending
    for _ in range(500):  # the relay thread keeps it and answers on its own time
        if relay.to(address):
            break
        await asyncio.sleep(0.01)
    assert len(relay.to(address)) == 1
    assert (await _status(address))["status"] == "sending"
    await Job.update({Job.lease_until: datetime(2000, 1, 1, tzinfo=UTC)}).where(Job.id == job.id)
    await run_jobs()  # another runner takes the job over
    await _retry_due_jobs()
    row = await _status(address)
    assert row["status"] == "uncertain" and len(relay.to(address)) == 1
    await login(client, await make_user("staff"))
    page = await client.get("/beheer/post")
    code = relay.to(address)[0]["Message-ID"]
    assert page.status_code == 200 and address in page.text
    assert "Misschien niet aangekomen" in page.text and html.escape(code) in page.text
    assert (await post_form(client, f"/beheer/post/{row['id']}/opnieuw")).status_code == 303
    await run_jobs()
    again = relay.to(address)
    assert len(again) == 2 and again[1]["Message-ID"] == code  # staff chose to; same code
    assert (await _status(address))["status"] == "sent"


async def test_a_line_broken_during_data_is_uncertain_and_not_retried(relay: Relay) -> None:
    """The relay hangs up after the text without answering: it may have it, so no retry."""
    from app.mail import send_mail

    address = unique_email("hangup")
    relay.end_of_data = "hang up"
    await send_mail(address, "Uw stemcode", "tekst")
    await run_jobs()
    relay.end_of_data = "250"
    await _retry_due_jobs()
    row = await _status(address)
    assert (row["status"], row["attempts"], relay.to(address)) == ("uncertain", 1, [])


async def test_a_refusal_at_the_end_of_data_is_retried_and_arrives_once(relay: Relay) -> None:
    """A 451 after the text is a definite "not taken": tried again later, delivered once."""
    from app.mail import send_mail

    address = unique_email("later")
    relay.end_of_data = "451"
    await send_mail(address, "Uw stemcode", "tekst")
    await run_jobs()
    row = await _status(address)
    assert (row["status"], relay.to(address)) == ("pending", [])
    assert "451" in row["last_error"]
    relay.end_of_data = "250"
    await _retry_due_jobs()
    await _retry_due_jobs()
    assert (await _status(address))["status"] == "sent"
    assert len(relay.to(address)) == 1
