"""HTTP journeys through the stack: log in, vote with a code, open the box, count, certify."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import time
from pathlib import Path

import httpx
from ops_stack import Stack
from vote_support import PYTHON, ROOT

STAFF = ("staff@wijkstem.example", "demo-staff-2026")
CERTIFIERS = (
    ("certifier@wijkstem.example", "demo-cert-2026"),
    ("certifier2@wijkstem.example", "demo-cert2-2026"),
)
PASS = re.compile(r'name="pass" value="([^"]+)"')
CHOICE = re.compile(r'name="choice"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="choice"')
RECEIPT = re.compile(r'data-testid="receipt">([2-9A-Z]{5}-[2-9A-Z]{5})<')
SEALED = re.compile(r'data-testid="sealed-hash">((?:[0-9a-f]{8}<wbr>){8})<')
DEMO_SHARES = """
import json, sys
from ballots.box import sealing
from ballots.results.demo import demo_seed
seed = demo_seed(sys.argv[1])
print(json.dumps(sealing.split(sealing.demo_key(seed), 2, 3, seed)))
"""


def client(stack: Stack, source: str = "127.0.0.1", timeout: float = 30) -> httpx.Client:
    """A browser-like client (own cookies) connecting from a given loopback address."""
    transport = httpx.HTTPTransport(local_address=source, verify=False)
    return httpx.Client(base_url=stack.url, transport=transport, timeout=timeout)


def post_form(
    browser: httpx.Client, path: str, data: dict[str, str] | None = None
) -> httpx.Response:
    """POST a form with the CSRF token from the cookie, without following redirects."""
    if "wijkstem_csrf" not in browser.cookies:
        browser.get("/")
    body = {"_csrf_token": browser.cookies["wijkstem_csrf"], **(data or {})}
    return browser.post(path, data=body, follow_redirects=False)


def login(browser: httpx.Client, email: str, password: str) -> httpx.Response:
    """Log in through the login form; the answer (303 when it worked)."""
    return post_form(browser, "/account/inloggen", {"email": email, "password": password})


def voting_round(stack: Stack) -> int:
    """The demo round in the voting phase."""
    rows = json.loads(stack.cli("rounds", "list", "--json"))
    return int(next(row["id"] for row in rows if row["phase"] == "voting"))


def make_codes(stack: Stack, round_id: int, count: int) -> list[str]:
    """Voting codes for a round, through `wijkstem codes generate`."""
    path = stack.tmp / f"codes-{round_id}-{time.monotonic_ns()}.csv"
    stack.cli("codes", "generate", str(round_id), "--count", str(count), "--csv", str(path))
    with Path(path).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return [row[0] for row in rows[1:]]


def vote(browser: httpx.Client, round_id: int, code: str) -> str:
    """Code, ballot, confirm, cast: the receipt."""
    return vote_sealed(browser, round_id, code)[0]


def vote_sealed(browser: httpx.Client, round_id: int, code: str) -> tuple[str, str]:
    """Code, ballot, confirm, cast: the receipt and the sealed ballot's fingerprint."""
    start = post_form(browser, f"/stemmen/{round_id}", {"code": code})
    assert start.status_code == 200, start.status_code
    voting_pass = PASS.search(start.text)
    choice = CHOICE.search(start.text)
    assert voting_pass is not None and choice is not None, "no ballot form"
    body = {"pass": voting_pass.group(1), "choice": [choice.group(1) or choice.group(2)]}
    confirm = post_form(browser, f"/stemmen/{round_id}/controleren", body)
    assert confirm.status_code == 200, confirm.status_code
    cast = post_form(browser, f"/stemmen/{round_id}/uitbrengen", body)
    found, sealed = RECEIPT.search(cast.text), SEALED.search(cast.text)
    assert cast.status_code == 200 and found is not None, cast.status_code
    assert sealed is not None, "the receipt shows no sealed-ballot fingerprint"
    return found.group(1), sealed.group(1).replace("<wbr>", "")  # break points on phones


def demo_shares(stack: Stack, round_id: int) -> list[str]:
    """The three shares of a demo round's box key (certifier, second certifier, the safe).

    The demo loader holds each round's key ceremony with a public seed (README.md prints the
    words), so the certifiers' shares can be made again here, outside the server.
    """
    rows = json.loads(stack.cli("rounds", "list", "--json"))
    title = next(str(row["title"]) for row in rows if int(row["id"]) == round_id)
    done = subprocess.run(
        [PYTHON, "-c", DEMO_SHARES, title],
        cwd=str(ROOT),
        env=stack.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def open_box(stack: Stack, round_id: int, shares: list[str]) -> None:
    """Two certifiers type their shares on the opening page; the box opens, the count queues."""
    email, password = CERTIFIERS[0]
    with client(stack) as certifier:
        assert login(certifier, email, password).status_code == 303
        assert certifier.get(f"/beheer/stemmen/{round_id}/openen").status_code == 200
        answer = post_form(certifier, f"/beheer/stemmen/{round_id}/openen", {"share": shares})
        assert answer.status_code == 303, f"the box did not open ({answer.status_code})"


def count_and_certify(stack: Stack, round_id: int, wait_seconds: float = 120) -> str:
    """Close the vote, open the box with two certifiers' shares (that queues the count), wait
    for the runner, certify twice."""
    stack.cli("rounds", "advance", str(round_id))
    open_box(stack, round_id, demo_shares(stack, round_id)[:2])
    with client(stack) as staff:
        assert login(staff, *STAFF).status_code == 303
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if (
                'data-testid="result" data-status="draft"'
                in staff.get(f"/rondes/{round_id}/uitslag").text
            ):
                break
            time.sleep(0.5)
        else:
            raise AssertionError("the runner did not count")
    for at, (email, password) in enumerate(CERTIFIERS):
        with client(stack) as certifier:
            assert login(certifier, email, password).status_code == 303
            page = certifier.get(f"/rondes/{round_id}/uitslag").text
            action = re.search(rf'action="(/rondes/{round_id}/uitslag/\d+/goedkeuren)"', page)
            assert action is not None, "no approve form for the certifier"
            form = {"password": password} if at else {}
            assert post_form(certifier, action.group(1), form).status_code == 303
    with client(stack) as anyone:
        page = anyone.get(f"/rondes/{round_id}/uitslag").text
    found = re.search(r'data-testid="certificate-sha"[^>]*>([0-9a-f]{64})', page)
    assert found is not None or "certificate-sha" in page, "no certificate"
    return found.group(1) if found else "certified"
