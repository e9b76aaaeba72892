"""Outgoing mail: written as .eml files to the outbox without SMTP, else sent via smtplib."""

from __future__ import annotations

import logging
import secrets
import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import anyio

from app.settings import Settings, get_settings

log = logging.getLogger("wijkstem.mail")

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


def _write_outbox(settings: Settings, message: EmailMessage) -> None:
    settings.outbox_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path = settings.outbox_dir / f"{stamp}-{secrets.token_hex(4)}.eml"
    path.write_bytes(message.as_bytes())


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


async def send_mail(to: str, subject: str, body: str) -> bool:
    """Send one message off the event loop; a failure is logged and answered with False."""
    settings = get_settings()
    message = compose(settings, to, subject, body)
    deliver = _send_smtp if settings.smtp_host else _write_outbox
    try:
        await anyio.to_thread.run_sync(deliver, settings, message)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send mail %r", subject)
        return False
    return True
