"""Locust users for `make load`: the last evening of a vote (see bench/load.py)."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from locust import HttpUser, between, events, task

if TYPE_CHECKING:
    from requests import Response

ROUND = int(os.environ.get("LOAD_ROUND", "0"))
_CODES: Iterator[str] = iter(json.loads(os.environ.get("LOAD_CODES", "[]")))
_ACCOUNTS: Iterator[list[str]] = iter(json.loads(os.environ.get("LOAD_ACCOUNTS", "[]")))
PASS = re.compile(r'name="pass" value="([^"]+)"')
CHOICE = re.compile(r'name="choice"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="choice"')
STAFF = ("staff@wijkstem.example", "demo-staff-2026")
SEEN: list[tuple[str, float, bool, float]] = []


@events.request.add_listener
def _keep(name: str, response_time: float, exception: object, **_: object) -> None:
    started = time.time() - response_time / 1000
    SEEN.append((name, response_time, exception is None, started))


@events.quitting.add_listener
def _dump(**_: object) -> None:
    Path(os.environ["LOAD_OUT"]).write_text(json.dumps(SEEN))


def _form(user: HttpUser, path: str, data: dict[str, str], name: str) -> Response:
    token = user.client.cookies.get("wijkstem_csrf")
    if token is None:
        user.client.get("/", name="home")
        token = user.client.cookies.get("wijkstem_csrf")
    return user.client.post(
        path, data={"_csrf_token": token, **data}, name=name, allow_redirects=False
    )


def _choice(text: str) -> str | None:
    found = CHOICE.search(text)
    return None if found is None else (found.group(1) or found.group(2))


class Resident(HttpUser):
    """Browses proposals and results, checks the board."""

    weight = 6
    wait_time = between(0.5, 2)

    @task(4)
    def proposals(self) -> None:
        self.client.get(f"/rondes/{ROUND}/voorstellen", name="proposals")

    @task(2)
    def round_page(self) -> None:
        self.client.get(f"/rondes/{ROUND}", name="round")

    @task(2)
    def home(self) -> None:
        self.client.get("/", name="home")

    @task(1)
    def board(self) -> None:
        self.client.get(f"/stemmen/{ROUND}/bord", name="board")


class CodeVoter(HttpUser):
    """Votes once with a letter code, then looks at the round."""

    weight = 3
    wait_time = between(0.5, 2)

    @task
    def vote(self) -> None:
        code = next(_CODES, None)
        if code is None:
            self.client.get(f"/rondes/{ROUND}", name="round")
            return
        start = _form(self, f"/stemmen/{ROUND}", {"code": code}, "vote: code")
        found, choice = PASS.search(start.text), _choice(start.text)
        if found is None or choice is None:
            return
        body = {"pass": found.group(1), "choice": [choice]}
        _form(self, f"/stemmen/{ROUND}/controleren", body, "vote: confirm")
        cast = _form(self, f"/stemmen/{ROUND}/uitbrengen", body, "vote: cast")
        if cast.status_code == 200 and 'data-testid="receipt"' not in cast.text:
            cast.failure("no receipt")


class AccountVoter(HttpUser):
    """Logs in (once, not counted), votes with the account, then browses."""

    weight = 1
    wait_time = between(0.5, 2)
    voted = False

    def on_start(self) -> None:
        account = next(_ACCOUNTS, None)
        self.voted = account is None
        if account is not None:
            login = {"email": account[0], "password": account[1]}
            _form(self, "/account/inloggen", login, "setup: login")

    @task
    def vote(self) -> None:
        if self.voted:
            self.client.get(f"/rondes/{ROUND}/voorstellen", name="proposals")
            return
        self.voted = True
        page = self.client.get(f"/stemmen/{ROUND}/met-account", name="vote: account ballot")
        choice = _choice(page.text)
        if choice is None:
            return
        body = {"choice": [choice], "age_confirmed": "yes"}
        _form(self, f"/stemmen/{ROUND}/met-account/controleren", body, "vote: account confirm")
        _form(self, f"/stemmen/{ROUND}/met-account/uitbrengen", body, "vote: account cast")


class Staff(HttpUser):
    """Watches turnout."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        _form(self, "/account/inloggen", {"email": STAFF[0], "password": STAFF[1]}, "setup: login")

    @task
    def turnout(self) -> None:
        self.client.get(f"/stemmen/{ROUND}/opkomst", name="turnout")


class Bare(HttpUser):
    """The yardstick: the bare page, with the same number of users."""

    wait_time = between(0.5, 2)

    @task
    def bare(self) -> None:
        self.client.get("/", name="bare")
