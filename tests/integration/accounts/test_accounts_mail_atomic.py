"""Account mail (confirmation, reset) is written with the change that causes it, or not at all."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests.support.outbox import OutboxDown, mail_subjects, refuse_outbox_writes
from tests.support.web import DEFAULT_PASSWORD, Account, unique_email

MakeUser = Callable[..., Awaitable[Account]]


async def _tokens(user_id: int, purpose: str) -> set[str]:
    """The stored (hashed) links of one purpose; a new link replaces the unused old one."""
    from app.accounts.tables import EmailToken

    rows = await EmailToken.select(EmailToken.token_hash).where(
        (EmailToken.user == user_id) & (EmailToken.purpose == purpose)
    )
    return {str(row["token_hash"]) for row in rows}


async def test_a_registration_whose_mail_cannot_be_written_leaves_no_account(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No account without its confirmation mail: the outbox failing undoes the registration."""
    from app.accounts import queries, services

    email = unique_email("atomic-register")
    refuse_outbox_writes(monkeypatch)
    with pytest.raises(OutboxDown):
        await services.register("Anna de Vries", email, DEFAULT_PASSWORD, "9712AB")
    assert not await queries.user_exists(email)
    monkeypatch.undo()
    assert (await services.register("Anna de Vries", email, DEFAULT_PASSWORD, "9712AB")).ok
    assert await queries.user_exists(email)
    assert await mail_subjects(email) == ["Bevestig uw e-mailadres voor Wijkstem"]


async def test_a_new_confirmation_link_is_kept_only_with_its_mail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Asking for the confirmation mail again: if it cannot be mailed, the link already mailed
    keeps working (no new link replaces it unseen)."""
    from app.accounts import queries, services, tokens

    email = unique_email("atomic-resend")
    assert (await services.register("Bram Bakker", email, DEFAULT_PASSWORD, "9712AB")).ok
    user_id = await queries.user_id_by_email(email)
    assert user_id is not None
    mailed = await _tokens(user_id, tokens.CONFIRM)
    refuse_outbox_writes(monkeypatch)
    with pytest.raises(OutboxDown):
        await services.resend_confirmation(user_id)
    assert await _tokens(user_id, tokens.CONFIRM) == mailed
    assert len(await mail_subjects(email)) == 1
    monkeypatch.undo()
    await services.resend_confirmation(user_id)
    assert len(await _tokens(user_id, tokens.CONFIRM) - mailed) == 1
    assert len(await mail_subjects(email)) == 2


async def test_a_reset_link_is_kept_only_with_its_mail(
    monkeypatch: pytest.MonkeyPatch, make_user: MakeUser
) -> None:
    """A password reset: no usable link is stored unless its mail is in the outbox too."""
    from app.accounts import credentials, tokens

    user = await make_user("resident")
    refuse_outbox_writes(monkeypatch)
    with pytest.raises(OutboxDown):
        await credentials.request_password_reset(user.email, address="192.0.2.41")
    assert await _tokens(user.id, tokens.RESET) == set()
    assert await mail_subjects(user.email) == []
    monkeypatch.undo()
    await credentials.request_password_reset(user.email, address="192.0.2.42")
    assert len(await _tokens(user.id, tokens.RESET)) == 1
    assert await mail_subjects(user.email) == ["Stel uw Wijkstem-wachtwoord opnieuw in"]
