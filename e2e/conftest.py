"""Browser journeys: a real server on loopback with the demo data, driven in headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# The journeys follow the loop and share one server: a later journey uses what an earlier left.
JOURNEY_ORDER = ("accounts", "rounds", "digid", "voting", "results", "delivery", "pages")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the journeys in the order of the loop (voting closes the round results count)."""

    def rank(item: pytest.Item) -> int:
        name = item.path.stem.removeprefix("test_journey_")
        return JOURNEY_ORDER.index(name) if name in JOURNEY_ORDER else len(JOURNEY_ORDER)

    items.sort(key=rank)  # stable: tests keep their order inside a file


@pytest.fixture(scope="session", autouse=True)
def fresh_screenshots() -> None:
    """Start each e2e run with an empty test-results/pages/ (its screenshots and their index)."""
    from e2e.support.layout import SHOTS

    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def data_dir() -> Iterator[Path]:
    """A private data directory (SQLite database, outbox) for the journeys."""
    path = Path(tempfile.mkdtemp(prefix="wijkstem-e2e-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


# DigiD people of the demo register (made-up BSNs from ballots/register/demo_register.csv):
# one logs in at a level fit for voting, one with DigiD basis (username and password only).
DIGID_USERS = (
    {"sub": "anouk-bos", "bsn": "718184324", "acr": "urn:etoegang:core:assurance-class:loa3"},
    {"sub": "bram-basis", "bsn": "195567341", "acr": "urn:etoegang:core:assurance-class:loa1"},
)
DIGID_MIN_ACR = "urn:etoegang:core:assurance-class:loa2plus"


def _wait_for(url: str, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start-up (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 (loopback test server)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{what} did not start")


@pytest.fixture(scope="session")
def digid_provider(data_dir: Path) -> Iterator[str]:
    """A real OpenID Connect provider (oidc-provider-mock) on loopback, nonce required; its
    issuer URL. Started like the app: its own process on a free port."""
    port = _free_port()
    users = [arg for user in DIGID_USERS for arg in ("--user-claims", json.dumps(user))]
    log = (data_dir / "digid.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--port",
            str(port),
            "--require-nonce",
            *users,
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{issuer}/.well-known/openid-configuration", process, "the DigiD provider")
        yield issuer
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def server_env(data_dir: Path, digid_provider: str) -> dict[str, str]:
    """Environment of the server and of CLI calls made by the journeys."""
    env = dict(os.environ)
    env.pop("WIJKSTEM_DATABASE_URL", None)
    env.update(
        WIJKSTEM_DATA_DIR=str(data_dir),
        WIJKSTEM_ARGON2_PROFILE="test",
        WIJKSTEM_SECRET_KEY="e2e-secret-key-that-is-long-enough-0123456789",
        WIJKSTEM_ENV="development",
        PICCOLO_CONF="app.piccolo_conf",
        WIJKSTEM_MAP_TILES="",  # no internet here: the map shows the buurten on a plain background
        WIJKSTEM_OIDC_ISSUER=digid_provider,
        WIJKSTEM_OIDC_CLIENT_ID="wijkstem-e2e",
        WIJKSTEM_OIDC_CLIENT_SECRET="e2e-client-secret",
        WIJKSTEM_OIDC_MIN_ACR=DIGID_MIN_ACR,
    )
    return env


def wijkstem(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """Run the CLI against the journey's database; fail loudly."""
    done = subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="session")
def live_server(server_env: dict[str, str]) -> Iterator[str]:
    """Migrate, load the demo, serve on a free port; yield the base URL."""
    wijkstem(server_env, "migrate")
    wijkstem(server_env, "demo")
    port = _free_port()
    env = dict(server_env, WIJKSTEM_BASE_URL=f"http://127.0.0.1:{port}")
    server_env["WIJKSTEM_BASE_URL"] = env["WIJKSTEM_BASE_URL"]
    # The server's log goes to a file (a pipe nobody reads would block it once full).
    log_path = Path(server_env["WIJKSTEM_DATA_DIR"]) / "server.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a loaded machine starts slowly
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as response:  # noqa: S310 (loopback test server)
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        log.close()
        tail = log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"the test server did not start: {tail}")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    text = log_path.read_text(errors="replace")
    errors = [line for line in text.splitlines() if " 500 " in line or "Traceback" in line]
    assert errors == [], f"the server failed during the journeys: {errors[:5]}\n{text[-3000:]}"


@pytest.fixture(scope="session")
def paddepoel_voter(live_server: str, server_env: dict[str, str]) -> tuple[str, str]:
    """A resident of Paddepoel: votes in the voting journey, follows delivery later on."""
    email, password = "voter-paddepoel@example.org", "stemmen-in-paddepoel"
    wijkstem(
        server_env,
        "create-user",
        "--email",
        email,
        "--name",
        "Pim Paddepoel",
        "--role",
        "resident",
        "--postcode",
        "9742AB",
        "--password-stdin",
        stdin=f"{password}\n",
    )
    return email, password


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    """pytest-playwright resolves relative page.goto() paths against this."""
    return live_server


@pytest.fixture(scope="session")
def outbox(data_dir: Path) -> Path:
    """Where the server writes mail in development."""
    return data_dir / "outbox"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Use Debian's Chromium; the bundled browser cannot be downloaded here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


PADDEPOEL = "Wijkbudget Paddepoel 2026"  # the demo round in voting: knapsack, with the register


def round_in_phase(env: dict[str, str], title: str, phase: str) -> int:
    """The id of a demo round by title, which must be in `phase`."""
    for row in json.loads(wijkstem(env, "rounds", "list", "--json")):
        if row["title"] == title and row["phase"] == phase:
            return int(row["id"])
    raise AssertionError(f"the demo has no round {title!r} in {phase}")


@pytest.fixture(scope="session")
def paddepoel_letters(live_server: str, server_env: dict[str, str], browser: Any) -> dict[str, str]:
    """Staff make the letters of Paddepoel's register (one PDF page a person); name -> code.

    Journeys take the letter of the person they need; the secret entry gets no letter.
    """
    from e2e.support.letters import register_letters

    round_id = round_in_phase(server_env, PADDEPOEL, "voting")
    return register_letters(browser, live_server, round_id)
