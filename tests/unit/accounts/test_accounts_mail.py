"""Delivering mail: an .eml file in the outbox folder without SMTP, smtplib with it."""

from __future__ import annotations

import smtplib
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from app import mail
from app.settings import Settings


class FakeSMTP:
    """Records what smtplib would have done."""

    sent: list[EmailMessage] = []
    fail = False

    def __init__(self, host: str, port: int, timeout: int) -> None:
        assert (host, port) == ("smtp.example.nl", 587)

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *args: Any) -> None:
        return None

    def starttls(self) -> None:
        """Pretend to switch to TLS."""

    def login(self, user: str, password: str) -> None:
        """Pretend to authenticate."""

    def send_message(self, message: EmailMessage) -> None:
        """Keep the message, or fail like an unreachable server."""
        if FakeSMTP.fail:
            raise smtplib.SMTPServerDisconnected("gone")
        FakeSMTP.sent.append(message)


def test_without_smtp_mail_lands_in_the_outbox_once(tmp_path: Path) -> None:
    """Development mail is written as a readable .eml file; delivering it again overwrites it."""
    settings = Settings(data_dir=tmp_path)
    message = mail.compose(settings, "anna@example.nl", "Hallo", "Een link: https://x.nl/a")
    mail.deliver(settings, message, "20261203T100000000000-000000001")
    mail.deliver(settings, message, "20261203T100000000000-000000001")
    (path,) = (tmp_path / "outbox").glob("*")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert (message["To"], message["Subject"]) == ("anna@example.nl", "Hallo")


def test_with_smtp_mail_is_sent_and_failures_raise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With an SMTP host the message goes through smtplib; a failure raises for a retry."""
    settings = Settings(data_dir=tmp_path, smtp_host="smtp.example.nl", smtp_user="u")
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    message = mail.compose(settings, "bram@example.nl", "Hallo", "Tekst")
    mail.deliver(settings, message, "x")
    assert [sent["To"] for sent in FakeSMTP.sent] == ["bram@example.nl"]
    assert not (tmp_path / "outbox").exists()
    FakeSMTP.fail = True
    try:
        with pytest.raises(smtplib.SMTPServerDisconnected):
            mail.deliver(settings, message, "x")
    finally:
        FakeSMTP.fail = False
