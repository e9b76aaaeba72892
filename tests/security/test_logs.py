"""Privacy: no log line of the whole run holds a password, voting code, token, BSN or choice."""

from __future__ import annotations

import re
from typing import Any

from tests.security.logs import CAPTURE
from tests.security.world import World
from tests.support.web import DEFAULT_PASSWORD, csrf_token, post_form

_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
VOTING_ROUND = 5  # the demo round that is open for voting


def _is_bsn(digits: str) -> bool:
    """The Dutch eleven test that every BSN passes."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def _register_bsns() -> set[str]:
    """The BSNs of the demo register the world loaded (a random nine-digit number is not one)."""
    import csv
    from pathlib import Path

    import ballots.register

    path = Path(ballots.register.__file__).with_name("demo_register.csv")
    with path.open(encoding="utf-8") as rows:
        return {row["bsn"] for row in csv.DictReader(rows) if row["bsn"]}


async def _secrets_in_use(world: World, app: Any) -> list[str]:
    """Walk the flows that handle secrets, and return the secrets they used."""
    from app.demo import DEMO_ACCOUNTS
    from ballots.box import issuing
    from tests.integration.accounts.conftest import mail_links
    from tests.support.web import client_at, unique_email

    used = [DEFAULT_PASSWORD, *(account.password for account in DEMO_ACCOUNTS)]
    async with client_at(app, "192.0.2.77") as browser:
        email = unique_email("logscan")
        password = "log scan password 12345"
        form = {"name": "Log Scan", "email": email, "password": password, "postcode": "9713 AB"}
        await post_form(browser, "/account/registreren", form)
        await post_form(browser, "/account/wachtwoord-vergeten", {"email": email})
        await post_form(browser, "/account/inloggen", {"email": email, "password": "wrong one!"})
        for link in await mail_links(email):
            await browser.get(link)
            used.append(link.rsplit("/", 1)[1])
        [issued] = (await issuing.generate_codes(VOTING_ROUND, count=1, actor="test")).value or []
        await post_form(browser, f"/stemmen/{VOTING_ROUND}", {"code": issued.code})
        await post_form(browser, f"/stemmen/{VOTING_ROUND}", {"code": "AAAA-BBBB-CCCC"})
        used += [password, issued.code, issued.code.replace("-", ""), await csrf_token(browser)]
        used += [str(value) for value in browser.cookies.values()]
    for client in world.clients.values():
        used += [str(value) for value in client.cookies.values()]
    return [secret for secret in used if len(secret) >= 8]


async def test_no_log_line_holds_a_secret(world: World, app: Any) -> None:
    """The logs of the whole suite hold no password, code, token, register BSN or choice."""
    secrets = await _secrets_in_use(world, app)
    assert len(secrets) > 10
    text = "\n".join(CAPTURE.lines)
    leaked = sorted({secret[:6] + "…" for secret in secrets if secret in text})
    assert leaked == []
    bsns = _register_bsns()
    assert len(bsns) > 5 and all(_is_bsn(bsn) for bsn in bsns)
    found = {n for n in _NINE_DIGITS.findall(text) if n in bsns}
    assert found == set(), [line for line in CAPTURE.lines if any(n in line for n in found)][:5]
    assert not re.search(r"choices?[\"']?\s*[:=]", text), "a ballot's choices reached a log"


def test_the_capture_sees_application_logs() -> None:
    """The scan above would see a leak: application loggers reach the capture."""
    import logging

    logging.getLogger("wijkstem").info("capture-probe")
    assert any("capture-probe" in line for line in CAPTURE.lines)
