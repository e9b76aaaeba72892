"""DigiD through a real OpenID Connect provider on loopback (oidc-provider-mock, nonce required).

The login binds the account to the register person of its BSN; the BSN, name and birth date
are stored nowhere; the bound account votes once, and the person's letter is then refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from oidc_provider_mock import User, run_server_in_thread

from tests.integration.box.conftest import VotingRound
from tests.integration.box.test_box_accounts import account_vote
from tests.integration.box.test_box_cast import counts
from tests.integration.box.test_box_register import BSN, register_round
from tests.support.web import Account, login

MakeRound = Callable[..., Awaitable[VotingRound]]
MakeUser = Callable[..., Awaitable[Account]]
LOA3 = "urn:etoegang:core:assurance-class:loa3"
LOA1 = "urn:etoegang:core:assurance-class:loa1"  # DigiD basis: username and password only
# The test provider (oidc-provider-mock 0.3, the last for Python 3.11) uses an authlib server
# hook that authlib 1.9 marks deprecated; that warning is the provider's, not ours.
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OpenID Connect provider on a free loopback port; its issuer URL."""
    users = [
        User(sub="anna", claims={"bsn": BSN, "acr": LOA3, "name": "Anna de Boer"}),
        User(sub="basis", claims={"bsn": BSN, "acr": LOA1}),
    ]
    with run_server_in_thread(require_nonce=True, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def digid_settings(provider: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's settings pointed at the provider (the settings object is read once)."""
    from app.settings import get_settings
    from ballots.register import oidc_controllers

    changed = dataclasses.replace(
        get_settings(),
        oidc_issuer=provider,
        oidc_client_id="wijkstem",
        oidc_client_secret="s3cret",
        oidc_min_acr="urn:etoegang:core:assurance-class:loa2plus",
    )
    monkeypatch.setattr(oidc_controllers, "current_settings", lambda: changed)


async def log_in_with_digid(client: httpx.AsyncClient, sub: str, next_path: str) -> httpx.Response:
    """Our start page, the provider's form (choose the user), then our return page."""
    start = await client.get(f"/account/digid?next={next_path}")
    assert start.status_code == 302, start.text
    authorize = start.headers["location"]
    query = parse_qs(urlparse(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    async with httpx.AsyncClient() as browser:
        chosen = await browser.post(authorize, data={"sub": sub}, follow_redirects=False)
    assert chosen.status_code in (302, 303), chosen.text
    back = urlparse(chosen.headers["location"])
    assert back.path == "/account/digid/terug"
    return await client.get(f"{back.path}?{back.query}", follow_redirects=False)


@pytest.mark.usefixtures("digid_settings")
async def test_a_digid_login_binds_the_account_and_it_votes_once(
    client: httpx.AsyncClient, voting_round: MakeRound, make_user: MakeUser
) -> None:
    from app.audit.tables import AuditEvent
    from ballots.register import services
    from ballots.register.tables import AccountBinding

    round_id, _digits = await register_round(voting_round)
    await login(client, await make_user(postcode="1011AB"))
    blocked = await client.get(f"/stemmen/{round_id}/met-account")
    assert blocked.status_code == 403
    done = await log_in_with_digid(client, "anna", f"/stemmen/{round_id}/met-account")
    assert done.status_code == 303 and done.headers["location"].endswith("/met-account")
    bindings = await AccountBinding.select().where(AccountBinding.round.is_null())
    stored = repr(bindings) + repr(await AuditEvent.select())
    assert BSN not in stored and "Anna de Boer" not in stored
    assert services.key_for_bsn(BSN) in {row["person_key"] for row in bindings}
    assert any(row["acr"] == LOA3 for row in bindings)
    cast = await account_vote(client, round_id, {"choice": ["P1"]})
    assert cast.status_code == 200 and 'data-testid="receipt"' in cast.text
    again = await client.get(f"/stemmen/{round_id}/met-account")
    assert again.status_code == 409
    assert await counts(round_id) == (1, 1)


@pytest.mark.usefixtures("digid_settings")
async def test_a_forged_state_or_a_replayed_return_is_refused(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    await login(client, await make_user())
    start = await client.get("/account/digid")
    authorize = start.headers["location"]
    async with httpx.AsyncClient() as browser:
        chosen = await browser.post(authorize, data={"sub": "anna"}, follow_redirects=False)
    back = urlparse(chosen.headers["location"])
    forged = back.query.replace("state=", "state=x")
    refused = await client.get(f"{back.path}?{forged}")
    assert refused.status_code == 400 and 'data-testid="digid-refused"' in refused.text
    client.cookies.clear()
    await login(client, await make_user())
    other = await client.get(f"{back.path}?{back.query}")  # another account, no login in flight
    assert other.status_code == 400


@pytest.mark.usefixtures("digid_settings")
async def test_a_login_below_the_minimum_assurance_is_refused_in_plain_dutch(
    client: httpx.AsyncClient, make_user: MakeUser
) -> None:
    from ballots.register.tables import AccountBinding

    account = await make_user()
    await login(client, account)
    refused = await log_in_with_digid(client, "basis", "/account")
    assert refused.status_code == 403
    assert 'data-reason="acr"' in refused.text and "niet veilig genoeg" in refused.text
    assert 'data-testid="digid-retry"' in refused.text
    assert not await AccountBinding.exists().where(AccountBinding.user_id == account.id)
