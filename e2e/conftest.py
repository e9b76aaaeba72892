"""Browser journeys: a real server on loopback with the demo data, driven in headless Chromium."""

from __future__ import annotations

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
JOURNEY_ORDER = ("accounts", "rounds", "voting", "results", "delivery", "pages")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the journeys in the order of the loop (voting closes the round results count)."""

    def rank(item: pytest.Item) -> int:
        name = item.path.stem.removeprefix("test_journey_")
        return JOURNEY_ORDER.index(name) if name in JOURNEY_ORDER else len(JOURNEY_ORDER)

    items.sort(key=rank)  # stable: tests keep their order inside a file


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


@pytest.fixture(scope="session")
def server_env(data_dir: Path) -> dict[str, str]:
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
    deadline = time.monotonic() + 30
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
