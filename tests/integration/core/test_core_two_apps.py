"""Two applications built from different settings serve side by side in one process."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx

from tests.support.web import csrf_token, post_form


def _app(settings: Any) -> Any:
    from app.web.factory import create_app

    application = create_app(settings)
    application.on_startup.clear()  # the pool is opened by `migrated`, on the test loop
    application.on_shutdown.clear()
    return application


def _client(application: Any) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=application)
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000")


async def test_each_app_uses_its_own_settings(make_user: Callable[..., Any]) -> None:
    """Pages, CSRF keys and the links in mail follow the settings the app was built with."""
    from app.jobs.tables import OutgoingMail
    from app.settings import get_settings

    first = get_settings()
    second = replace(
        first,
        municipality="Gemeente Tweedorp",
        secret_key="another-secret-key-that-is-long-enough-9876543210",
        base_url="http://tweedorp.example",
    )
    account = await make_user()
    async with _client(_app(first)) as one, _client(_app(second)) as two:
        home_one, home_two = await one.get("/"), await two.get("/")
        assert first.municipality in home_one.text and "Gemeente Tweedorp" not in home_one.text
        assert "Gemeente Tweedorp" in home_two.text
        # A form token signed with the first app's key is refused by the second app.
        token = await csrf_token(one)
        two.cookies.update(one.cookies)
        forged = await two.post(
            "/account/wachtwoord-vergeten",
            data={"_csrf_token": token, "email": account.email},
            follow_redirects=False,
        )
        assert forged.status_code == 403
        two.cookies.clear()
        # The reset link mailed while the second app answers points at the second app.
        sent = await post_form(two, "/account/wachtwoord-vergeten", {"email": account.email})
        assert sent.status_code == 200
    mail = await (
        OutgoingMail.select(OutgoingMail.body)
        .where(OutgoingMail.recipient == account.email)
        .order_by(OutgoingMail.id, ascending=False)
        .first()
    )
    assert mail is not None
    assert "http://tweedorp.example/account/wachtwoord-herstellen/" in mail["body"]


async def test_the_ballot_box_keys_codes_and_passes_with_its_apps_secret() -> None:
    """A voting code and a voting pass made under one app's secret key open nothing in another."""
    from app.runtime import build, using
    from app.settings import get_settings
    from ballots.box.issuing import generate_codes
    from tests.integration.box.conftest import create_round

    first = get_settings()
    second = replace(first, secret_key="another-secret-key-that-is-long-enough-9876543210")
    with using(build(first)):
        round_id = await create_round()
        made = await generate_codes(round_id, count=1, actor="test")
        assert made.value is not None, made
        code = made.value[0].code
    async with _client(_app(first)) as one, _client(_app(second)) as two:
        opened = await post_form(one, f"/stemmen/{round_id}", {"code": code})
        assert opened.status_code == 200, opened.text
        found = re.search(r'name="pass" value="([^"]+)"', opened.text)
        assert found is not None
        # The second app hashes the code with its own key: it knows no such code.
        assert (await post_form(two, f"/stemmen/{round_id}", {"code": code})).status_code == 400
        # A pass signed by the first app is refused by the second as tampered with.
        checked = await post_form(
            two, f"/stemmen/{round_id}/controleren", {"pass": found.group(1), "choice": ["P1"]}
        )
        assert checked.status_code == 400
        confirm = await post_form(
            one, f"/stemmen/{round_id}/controleren", {"pass": found.group(1), "choice": ["P1"]}
        )
        assert confirm.status_code == 200, confirm.text
