"""Outgoing mail: queued in the outbox table, then written as .eml files (no SMTP) or sent."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlparse

from app.settings import Settings

_SMTP_TIMEOUT = 20


class DeliveryUncertain(Exception):
    """The relay may have the message (the line broke during DATA): never resend it blindly."""


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


def message_id(settings: Settings, mail_id: int) -> str:
    """An outbox message's Message-ID, the same on every try (relay logs and clients match it)."""
    host = urlparse(settings.base_url).hostname or "wijkstem.local"
    return f"<wijkstem-{mail_id}@{host}>"


def _write_outbox(settings: Settings, message: EmailMessage, name: str) -> None:
    settings.outbox_dir.mkdir(parents=True, exist_ok=True)
    path = settings.outbox_dir / f"{name}.eml"
    partial = path.with_suffix(".part")
    partial.write_bytes(message.as_bytes())
    partial.replace(path)  # the same name again overwrites: a message lands once


def tls_context(settings: Settings) -> ssl.SSLContext:
    """Check the relay's certificate and name: against the system's CAs, or against only the
    CA file a municipality names (its own CA) in WIJKSTEM_SMTP_CA_FILE."""
    if settings.smtp_ca_file is not None:
        return ssl.create_default_context(cafile=str(settings.smtp_ca_file))
    return ssl.create_default_context()


def _send_smtp(settings: Settings, message: EmailMessage, before_data: Callable[[], None]) -> None:
    context = tls_context(settings)
    if settings.smtp_port == 465:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=_SMTP_TIMEOUT, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=_SMTP_TIMEOUT)
    with smtp:
        if settings.smtp_port != 465:
            smtp.starttls(context=context)
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        sender, recipient = str(message["From"]), str(message["To"])
        code, answer = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, answer, sender)
        code, answer = smtp.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, answer)})
        before_data()
        raw = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        try:
            code, answer = smtp.data(raw)
        except smtplib.SMTPResponseException:
            raise  # the relay answered with a refusal: it did not take the message
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryUncertain(f"{type(exc).__name__} during DATA") from exc
        if code != 250:
            raise smtplib.SMTPDataError(code, answer)


def deliver(
    settings: Settings,
    message: EmailMessage,
    name: str,
    before_data: Callable[[], None] = lambda: None,
) -> None:
    """Hand one message to the SMTP relay, or write it as `<name>.eml` (blocking; in a thread).

    `before_data` runs just before the message itself goes out (after the relay accepted
    sender and recipient): the caller records there that delivery may have happened.
    Raises DeliveryUncertain when the line broke after that point without an answer.
    """
    if settings.smtp_host:
        _send_smtp(settings, message, before_data)
    else:
        before_data()
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
