"""Outgoing mail: queued in the outbox table, then written as .eml files (no SMTP) or sent."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from app.settings import Settings

_SMTP_TIMEOUT = 20


def compose(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    """Build a plain-text message from the site's sender address."""
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="wijkstem.local")
    message.set_content(body)
    return message


def _write_outbox(settings: Settings, message: EmailMessage, name: str) -> None:
    settings.outbox_dir.mkdir(parents=True, exist_ok=True)
    path = settings.outbox_dir / f"{name}.eml"
    partial = path.with_suffix(".part")
    partial.write_bytes(message.as_bytes())
    partial.replace(path)  # the same name again overwrites: a message lands once


def _send_smtp(settings: Settings, message: EmailMessage) -> None:
    if settings.smtp_port == 465:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=_SMTP_TIMEOUT
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=_SMTP_TIMEOUT)
    with smtp:
        if settings.smtp_port != 465:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(message)


def deliver(settings: Settings, message: EmailMessage, name: str) -> None:
    """Hand one message to the SMTP relay, or write it as `<name>.eml` (blocking; in a thread)."""
    if settings.smtp_host:
        _send_smtp(settings, message)
    else:
        _write_outbox(settings, message, name)


async def send_mail(to: str, subject: str, body: str) -> bool:
    """Queue one message in the outbox, inside the caller's transaction if there is one."""
    from app.jobs.outbox import enqueue_mail

    await enqueue_mail(to, subject, body)
    return True


class Mailer:
    """Delivers mail as the settings say: through the SMTP relay, or into the outbox folder."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def compose(self, to: str, subject: str, body: str) -> EmailMessage:
        """A plain-text message from the site's sender address."""
        return compose(self.settings, to, subject, body)

    def deliver(self, message: EmailMessage, name: str) -> None:
        """Send one message (blocking: run it in a thread)."""
        deliver(self.settings, message, name)
