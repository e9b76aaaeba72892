"""A resident's own data: download it as JSON, delete the account, and ids are never reused."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

from tests.support.web import Account, login, post_form

Client = httpx.AsyncClient
MakeUser = Callable[..., Awaitable[Account]]


async def test_a_resident_downloads_their_data_as_json(
    english: Client, make_user: MakeUser
) -> None:
    """The download holds the account, its roles and what stays after deletion; no hash."""
    account = await make_user(name="Dina Data")
    assert (await english.get("/account/gegevens.json")).status_code in (302, 303)
    await login(english, account)
    answer = await english.get("/account/gegevens.json")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    data = answer.json()
    assert data["account"]["email"] == account.email
    assert data["account"]["name"] == "Dina Data"
    assert [role["role"] for role in data["roles"]] == ["resident"]
    assert {"proposals", "deliberation", "delivery"} <= set(data)
    assert "password" not in answer.text and "argon2" not in answer.text
    assert any("Audit events stay" in line for line in data["kept_after_deletion"])


async def test_the_delete_form_says_what_stays(english: Client, make_user: MakeUser) -> None:
    """Before deleting, the page names what remains: anonymous ballots, audit by number."""
    await login(english, await make_user())
    page = await english.get("/account")
    assert 'data-testid="delete-what-stays"' in page.text
    assert "never held your name" in page.text and "only by its number" in page.text
    assert "user:ID" not in page.text  # no internal key on the page
    assert 'data-testid="account-data-download"' in page.text


async def test_a_deleted_account_id_is_never_given_to_someone_else(
    client: Client, make_user: MakeUser
) -> None:
    """After the newest account is deleted, the next account gets a new id (audit stays true)."""
    from app.accounts import queries
    from app.audit.queries import events_for_subject

    gone = await make_user()
    await login(client, gone)
    answer = await post_form(client, "/account/verwijderen", {"delete_password": gone.password})
    assert answer.status_code == 303
    assert await queries.profile(gone.id) is None
    newcomer = await make_user()
    assert newcomer.id != gone.id
    assert newcomer.id > gone.id
    assert [e["action"] for e in await events_for_subject(f"user:{gone.id}")][-1] == (
        "account.delete"
    )
