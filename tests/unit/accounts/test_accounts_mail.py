"""Delivering mail: an .eml file in the outbox folder without SMTP, a relay with it."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import replace
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from app import mail
from app.settings import Settings
from tests.support.smtp_relay import Relay, tls_files


def test_without_smtp_mail_lands_in_the_outbox_once(tmp_path: Path) -> None:
    """Development mail is written as a readable .eml file; delivering it again overwrites it."""
    settings = Settings(data_dir=tmp_path)
    message = mail.compose(settings, "anna@example.nl", "Hallo", "Een link: https://x.nl/a")
    mail.deliver(settings, message, "20261203T100000000000-000000001")
    mail.deliver(settings, message, "20261203T100000000000-000000001")
    (path,) = (tmp_path / "outbox").glob("*")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert (message["To"], message["Subject"]) == ("anna@example.nl", "Hallo")


def test_with_smtp_the_relay_answer_decides_between_retry_and_uncertain(tmp_path: Path) -> None:
    """Through a real relay: sent once; a refusal raises for a retry; a line broken after the
    text raises DeliveryUncertain; the caller's mark runs before the text goes out."""
    relay = Relay(tmp_path)
    try:
        settings = Settings(
            data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=relay.port, smtp_ca_file=relay.ca
        )
        message = mail.compose(settings, "bram@example.nl", "Hallo", "Tekst")
        marks: list[bool] = []
        mail.deliver(settings, message, "x", lambda: marks.append(relay.received.is_set()))
        assert marks == [False]
        assert [sent["Subject"] for sent in relay.to("bram@example.nl")] == ["Hallo"]
        assert not (tmp_path / "outbox").exists()
        relay.end_of_data = "554"
        with pytest.raises(smtplib.SMTPDataError):
            mail.deliver(settings, message, "x")
        relay.end_of_data = "hang up"
        with pytest.raises(mail.DeliveryUncertain):
            mail.deliver(settings, message, "x")
        assert len(relay.to("bram@example.nl")) == 1
    finally:
        relay.close()


def test_the_relay_certificate_is_checked(tmp_path: Path) -> None:
    """STARTTLS checks the relay's certificate: one from an unknown CA is refused before any
    mail goes out; with the municipality's CA in WIJKSTEM_SMTP_CA_FILE it is accepted."""
    relay = Relay(tmp_path)
    try:
        plain = Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=relay.port)
        message = mail.compose(plain, "cor@example.nl", "Hallo", "Tekst")
        with pytest.raises(ssl.SSLCertVerificationError):
            mail.deliver(plain, message, "x")
        other_ca = tls_files(tmp_path, "other").ca
        with pytest.raises(ssl.SSLCertVerificationError):
            mail.deliver(replace(plain, smtp_ca_file=other_ca), message, "x")
        assert relay.to("cor@example.nl") == []
        mail.deliver(replace(plain, smtp_ca_file=relay.ca), message, "x")
        assert [sent["Subject"] for sent in relay.to("cor@example.nl")] == ["Hallo"]
    finally:
        relay.close()


def test_the_ca_file_setting_is_read_and_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WIJKSTEM_SMTP_CA_FILE names a file that must exist; unset, the system's CAs are used."""
    from app.settings import SettingsError, load_settings

    monkeypatch.setenv("WIJKSTEM_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WIJKSTEM_SMTP_CA_FILE", raising=False)
    assert load_settings().smtp_ca_file is None
    ca = tls_files(tmp_path).ca
    monkeypatch.setenv("WIJKSTEM_SMTP_CA_FILE", str(ca))
    assert load_settings().smtp_ca_file == ca.resolve()
    monkeypatch.setenv("WIJKSTEM_SMTP_CA_FILE", str(tmp_path / "missing.pem"))
    with pytest.raises(SettingsError, match="WIJKSTEM_SMTP_CA_FILE"):
        load_settings()
