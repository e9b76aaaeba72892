"""Registration: the happy path with its single-use confirmation link, and refused input."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.web import DEFAULT_PASSWORD, Account, login, post_form, unique_email

Client = AsyncTestClient[Litestar]


def _form(email: str, **overrides: str) -> dict[str, str]:
    return {
        "name": "Anna de Vries",
        "email": email,
        "password": DEFAULT_PASSWORD,
        "postcode": "9712 ab",
        **overrides,
    }


async def _stored(email: str) -> bool:
    from app.accounts import queries

    return await queries.user_exists(email)


async def test_register_confirm_once_and_log_in(
    client: Client, outbox: Callable[[str], Awaitable[list[str]]]
) -> None:
    """A new resident is stored unconfirmed, mailed a link that confirms once, and can log in."""
    from app.accounts import queries

    email = unique_email("new")
    response = await post_form(client, "/account/registreren", _form(email.upper()))
    assert response.status_code == 303
    done = await client.get(response.headers["location"])
    assert 'data-testid="check-mail"' in done.text

    user_id = await queries.user_id_by_email(email)
    assert user_id is not None
    profile = await queries.profile(user_id)
    assert profile is not None
    assert (profile.postcode, profile.email_confirmed) == ("9712AB", False)
    assert [grant.role for grant in await queries.roles_of(user_id)] == ["resident"]

    links = await outbox(email)
    assert len(links) == 1
    assert links[0].startswith("/account/bevestigen/")
    first = await client.get(links[0])
    assert first.status_code == 200
    assert 'data-testid="email-confirmed"' in first.text
    profile = await queries.profile(user_id)
    assert profile is not None and profile.email_confirmed
    second = await client.get(links[0])
    assert second.status_code == 400
    assert 'data-testid="link-invalid"' in second.text

    await login(client, Account(id=user_id, email=email, password=DEFAULT_PASSWORD))
    page = await client.get("/account")
    assert 'data-testid="account-name">Anna de Vries<' in page.text
    assert 'data-testid="email-unconfirmed"' not in page.text


async def _mails_to(email: str) -> list[str]:
    from email import message_from_bytes, policy

    from tests.support.jobs import run_jobs

    await run_jobs()  # mail is sent by the job runner

    from app.settings import get_settings

    outbox = get_settings().outbox_dir
    bodies = []
    for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == email:
            bodies.append(f"{message['Subject']}\n{message.get_body().get_content()}")  # type: ignore[union-attr]
    return bodies


async def test_an_existing_email_gets_the_same_answer_and_its_owner_a_mail(
    english: Client,
) -> None:
    """Registering an address that has an account looks like any registration; the owner is told."""
    from app.accounts import queries

    email = unique_email("dup")
    first = await post_form(english, "/account/registreren", _form(email))
    again = await post_form(
        english, "/account/registreren", _form(email.upper(), name="=Pay at evil.example")
    )
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    user_id = await queries.user_id_by_email(email)
    assert user_id is not None
    profile = await queries.profile(user_id)
    assert profile is not None and profile.name == "Anna de Vries"
    mails = await _mails_to(email)
    assert len(mails) == 2
    assert "already" in mails[1] and "/account/inloggen" in mails[1]


async def test_mails_carry_no_text_the_registrant_typed(client: Client) -> None:
    """Whoever registers with someone else's address cannot put words in the mail they get."""
    email = unique_email("victim")
    name = "Win 1000 euro at evil.example"
    assert (await post_form(client, "/account/registreren", _form(email, name=name))).status_code
    [mail] = await _mails_to(email)
    assert "evil.example" not in mail and "Win 1000" not in mail


async def test_registration_is_throttled_before_any_hashing(
    app: Litestar, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bad input is never hashed; many registrations from one address back off before argon2."""
    from app.accounts import passwords, throttle
    from tests.support.web import client_at

    hashed: list[str] = []
    real = passwords.hash_password

    async def counting(password: str) -> str:
        hashed.append(password)
        return await real(password)

    monkeypatch.setattr(passwords, "hash_password", counting)
    async with client_at(app, "198.51.100.50") as attacker:
        bad = await post_form(attacker, "/account/registreren", _form("x", postcode="0000"))
        assert bad.status_code == 400 and hashed == []
        answers = await asyncio.gather(
            *(
                post_form(attacker, "/account/registreren", _form(unique_email("flood")))
                for _ in range(20)
            )
        )
    assert len(hashed) <= throttle.FREE_PER_PAIR
    assert sum(a.status_code == 400 for a in answers) >= 20 - throttle.FREE_PER_PAIR
    async with client_at(app, "198.51.100.51") as other:
        fine = await post_form(other, "/account/registreren", _form(unique_email("fine")))
        assert fine.status_code == 303


async def test_malformed_postcode_is_refused(english: Client) -> None:
    """A postcode that is not Dutch, or uses unissued letters, is named and nothing is stored."""
    for postcode in ("1234", "0123AB", "9712 SS"):
        email = unique_email("pc")
        response = await post_form(english, "/account/registreren", _form(email, postcode=postcode))
        assert response.status_code == 400
        assert 'href="#postcode"' in response.text
        assert "Enter a Dutch postcode" in response.text
        assert not await _stored(email)


async def test_overlong_and_missing_fields_are_refused(english: Client) -> None:
    """An overlong name, a short password and an empty email are each named; nothing stored."""
    email = unique_email("long")
    response = await post_form(
        english, "/account/registreren", _form(email, name="x" * 101, password="short")
    )
    assert response.status_code == 400
    assert "The name may be at most 100 characters long." in response.text
    assert "at least 10 characters" in response.text
    assert 'value="' + email + '"' in response.text  # the form keeps what was typed
    assert DEFAULT_PASSWORD not in response.text
    assert not await _stored(email)
    overlong = await post_form(english, "/account/registreren", _form("x" * 300 + "@example.nl"))
    assert overlong.status_code == 400
    assert "at most 254 characters" in overlong.text


async def test_missing_csrf_token_is_refused_and_nothing_stored(client: Client) -> None:
    """A form posted without the CSRF token gets a 403 and creates no account."""
    email = unique_email("csrf")
    await client.get("/account/registreren")
    response = await client.post("/account/registreren", data=_form(email), follow_redirects=False)
    assert response.status_code == 403
    assert not await _stored(email)
