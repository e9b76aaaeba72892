"""Shared harness of the voting benchmarks: a fresh database, a server, and a raw HTTP load."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litestar import Litestar

    from app.jsontypes import JSONObject
    from tests.support.pgcluster import Cluster

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET = "bench-secret-key-that-is-long-enough-0123456789abcdef"  # noqa: S105  (throw-away)
RECEIPT = re.compile(rb'data-testid="receipt">([2-9A-Z]{5}-[2-9A-Z]{5})<')
CHOICES = ("P01", "P03", "P05")


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Engine:
    """One database to run against: its environment and, for PostgreSQL, its cluster."""

    name: str
    env: dict[str, str]
    data_dir: Path
    cluster: Cluster | None = None

    def stop(self) -> None:
        """Remove the cluster (PostgreSQL) and the data directory."""
        if self.cluster is not None:
            self.cluster.stop()
        subprocess.run(["rm", "-rf", str(self.data_dir)], check=False)


def make_engine(name: str) -> Engine:
    """A fresh, migrated database; PostgreSQL on a throw-away cluster with fsync back on."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"wijkstem-bench-{name}-"))
    env = {
        **os.environ,
        "WIJKSTEM_DATA_DIR": str(data_dir),
        "WIJKSTEM_SECRET_KEY": SECRET,
        "WIJKSTEM_ENV": "development",
        "PICCOLO_CONF": "app.piccolo_conf",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("WIJKSTEM_DATABASE_URL", None)
    cluster = None
    if name == "postgresql":
        sys.path.insert(0, str(ROOT))
        from tests.support.pgcluster import start_cluster

        cluster = start_cluster()
        env["WIJKSTEM_DATABASE_URL"] = cluster.url
        _durable_postgres(cluster.url)
    engine = Engine(name, env, data_dir, cluster)
    subprocess.run([PYTHON, "-m", "app", "migrate"], env=env, check=True, capture_output=True)
    return engine


def bare_engine() -> Engine:
    """The environment of the bare yardstick app: no database at all."""
    data_dir = Path(tempfile.mkdtemp(prefix="wijkstem-bench-bare-"))
    return Engine("bare", {**os.environ, "PYTHONPATH": str(ROOT)}, data_dir)


def _durable_postgres(url: str) -> None:
    """The test cluster starts with fsync off; a benchmark of durable commits turns it on."""
    import asyncpg

    async def work() -> None:
        conn = await asyncpg.connect(url)
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            await conn.execute(f"ALTER SYSTEM SET {setting} = on")
        await conn.execute("SELECT pg_reload_conf()")
        await conn.close()

    asyncio.run(work())


SETUP = """
import asyncio, json, sys
from datetime import UTC, date, datetime, timedelta
async def main():
    from app.db import start_pool, close_pool
    await start_pool()
    from app.areas.tables import Area
    from app.rounds.tables import Round
    from ballots.tables import BallotOption
    from ballots.box.issuing import generate_codes
    area_code = sys.argv[2] if len(sys.argv) > 2 else "BU0001"
    area = await Area.insert(Area(code=area_code, name="Bench", level="buurt",
        valid_from=date(2020, 1, 1))).returning(Area.id)
    now = datetime.now(UTC)
    rows = await Round.insert(Round(area=area[0]["id"], title="Bench", amount_cents=10**9,
        phase="deliberating", voting_starts=now - timedelta(days=1),
        counting_starts=now + timedelta(days=1), ballot_type="approval", ballot_max=5,
        allow_vote_change=False)).returning(Round.id)
    rid = rows[0]["id"]
    await BallotOption.insert(*[BallotOption(round=rid, proposal_id=i, slot=f"{rid}:{i}",
        project_key=f"P{i:02d}", title=f"Project {i}", summary="", cost_cents=10**7 * i,
        position=i) for i in range(1, 11)])
    from ballots.box import keys
    import os
    shares = (await keys.hand_out(rid, [None, None, None], 2)).value  # before voting opens
    with open(os.path.join(os.environ["WIJKSTEM_DATA_DIR"], f"bench-shares-{rid}.json"), "w") as f:
        json.dump(shares, f)
    await Round.update({Round.phase: "voting"}).where(Round.id == rid)
    issued = (await generate_codes(rid, count=int(sys.argv[1]), actor="bench")).value or []
    print(json.dumps({"round": rid, "codes": [c.code for c in issued]}))
    await close_pool()
asyncio.run(main())
"""


def create_round(engine: Engine, codes: int, area_code: str = "BU0001") -> tuple[int, list[str]]:
    """A round in voting with ten options and `codes` voting codes (created directly), in a
    new buurt `area_code` (one per round of the same database)."""
    done = subprocess.run(
        [PYTHON, "-c", SETUP, str(codes), area_code],
        env=engine.env,
        check=True,
        capture_output=True,
    )
    body = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return int(body["round"]), list(body["codes"])


@dataclass
class Server:
    """A uvicorn server with several workers on a loopback port."""

    port: int
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        """SIGKILL the whole process group (workers included)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Stop gracefully."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()


BARE_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p>{{ text }}</p></main></body></html>
"""


def bare_app() -> Litestar:
    """The yardstick: a bare Litestar app rendering one small Jinja page (no middleware, no
    database), served by uvicorn with the same workers as the application."""
    from jinja2 import DictLoader, Environment, select_autoescape
    from litestar import Litestar, get
    from litestar.plugins.jinja import JinjaTemplateEngine
    from litestar.response import Template
    from litestar.template.config import TemplateConfig

    def index() -> Template:
        context = {"title": "Wijkstem", "text": "Een kale pagina."}
        return Template(template_name="bare.html", context=context)

    index.__annotations__["return"] = Template  # resolvable without module-level imports

    env = Environment(loader=DictLoader({"bare.html": BARE_PAGE}), autoescape=select_autoescape())
    engine = JinjaTemplateEngine.from_environment(env)
    handler = get("/", sync_to_thread=False)(index)
    return Litestar([handler], template_config=TemplateConfig(engine=engine), debug=False)


UNSEALED_HEAD = 48  # what a sealed box adds: the sender's one-time public key and the MAC


def _not_sealed(public_key: bytes, plain: bytes) -> bytes:
    """The A/B's stand-in for `sealing.seal`: the plaintext behind 48 zero bytes (same size)."""
    return bytes(UNSEALED_HEAD) + plain


def unsealed_app() -> Litestar:
    """The application with the X25519 sealing replaced by `_not_sealed`: bench-vote's "B"
    side, to measure what sealing costs a cast. Everything else (padding, the sealed-ballot
    hash, the writes) is the same. Never served outside this benchmark."""
    from ballots.box import sealing

    sealing.seal = _not_sealed
    from app.main import app

    return app


SERVE = (
    "import sys; sys.path.insert(0, 'bench'); from app.serving import run; "
    "run('{app}', factory={factory}, host='127.0.0.1', port={port}, workers={workers}, "
    "access_log=False, log_level='warning')"
)


def start_server(
    engine: Engine,
    workers: int = 2,
    port: int | None = None,
    bare: bool = False,
    unsealed: bool = False,
) -> Server:
    """Start uvicorn (no access log) in its own process group and wait until it answers.

    `bare` serves `bare_app` (the yardstick page at `/`) instead of the application;
    `unsealed` serves `unsealed_app`.
    """
    port = port or free_port()
    factory = "vote_support:unsealed_app" if unsealed else "vote_support:bare_app"
    # The same server as `wijkstem serve` (app.serving: TCP_NODELAY with several workers), so
    # the bare page and the application are measured alike.
    target = (factory, True) if bare or unsealed else ("app.main:app", False)
    process = subprocess.Popen(
        [
            PYTHON,
            "-c",
            SERVE.format(app=target[0], factory=target[1], port=port, workers=workers),
        ],
        env=engine.env,
        cwd=str(ROOT),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            url = f"http://127.0.0.1:{port}{'/' if bare else '/health'}"
            with urllib.request.urlopen(url, timeout=1):
                return Server(port, process)
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


def group_cpu_seconds(server: Server) -> float:
    """CPU seconds (user + system) used so far by the live processes of a server's group: the
    uvicorn master and its workers (a worker's threads included)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == server.process.pid:  # fields[2]: the process group
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


@dataclass
class Load:
    """What a load run saw."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    receipts: list[str] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def p95_ms(self) -> float:
        """95th-percentile latency in milliseconds."""
        ordered = sorted(self.latencies)
        return 1000 * ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0


class Connection:
    """A minimal keep-alive HTTP/1.1 client connection (cheap enough to share two cores)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookie = ""

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        """Send one request and read the whole response."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if self.cookie:
            head += f"Cookie: {self.cookie}\r\n"
        if method == "POST":
            head += "Content-Type: application/x-www-form-urlencoded\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "set-cookie" and value.startswith("wijkstem_csrf="):
                self.cookie = value.split(";", 1)[0]
            elif name == "connection" and value.lower() == "close":
                close = True
        payload = await self.reader.readexactly(length)
        if close:
            self.close()
        return status, payload

    def close(self) -> None:
        """Drop the connection."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    def token(self) -> str:
        """The CSRF token the forms must echo (the cookie's value)."""
        return self.cookie.partition("=")[2]


def cast_body(token: str, code: str) -> bytes:
    """A cast form: CSRF token, voting code and three choices."""
    from urllib.parse import urlencode

    fields = [("_csrf_token", token), ("code", code)] + [("choice", c) for c in CHOICES]
    return urlencode(fields).encode()


async def cast_load(
    port: int,
    round_id: int,
    codes: list[str],
    clients: int,
    load: Load | None = None,
    reconnect_every: int = 0,
) -> Load:
    """Cast one ballot per code from `clients` concurrent keep-alive connections.

    With `reconnect_every`, a client opens a new connection (keeping its CSRF cookie) after
    that many ballots: new residents arrive on new connections, which lets the kernel spread
    them over the workers instead of pinning the first 32 connections for the whole run.
    """
    load = load or Load()
    queue: asyncio.Queue[str] = asyncio.Queue()
    for code in codes:
        queue.put_nowait(code)

    async def client() -> None:
        conn = Connection(port)
        try:
            await conn.request("GET", f"/stemmen/{round_id}/stembiljet")
            sent = 0
            while not queue.empty():
                code = queue.get_nowait()
                if reconnect_every and sent and sent % reconnect_every == 0:
                    conn.close()
                sent += 1
                started = time.perf_counter()
                status, payload = await conn.request(
                    "POST", f"/stemmen/{round_id}/uitbrengen", cast_body(conn.token(), code)
                )
                load.latencies.append(time.perf_counter() - started)
                load.statuses[status] = load.statuses.get(status, 0) + 1
                found = RECEIPT.search(payload) if status == 200 else None
                if found:
                    load.receipts.append(found.group(1).decode())
                elif status == 200:
                    load.errors += 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            load.errors += 1
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*[client() for _ in range(clients)])
    load.seconds = time.perf_counter() - started
    return load


async def bare_load(
    port: int, requests: int, clients: int, path: str = "/", reconnect_every: int = 0
) -> Load:
    """GET a page `requests` times from `clients` connections (renewed as in `cast_load`)."""
    load = Load()
    remaining = [requests]

    async def client() -> None:
        conn = Connection(port)
        sent = 0
        while remaining[0] > 0:
            remaining[0] -= 1
            if reconnect_every and sent and sent % reconnect_every == 0:
                conn.close()
            sent += 1
            started = time.perf_counter()
            status, _ = await conn.request("GET", path)
            load.latencies.append(time.perf_counter() - started)
            load.statuses[status] = load.statuses.get(status, 0) + 1
        conn.close()

    started = time.perf_counter()
    await asyncio.gather(*[client() for _ in range(clients)])
    load.seconds = time.perf_counter() - started
    return load


def db_counts(engine: Engine, round_id: int, unsealed: bool = False) -> JSONObject:
    """Participations, active ballots, receipts and (SQLite) the integrity check.

    `unsealed`: the round was cast through `unsealed_app` (the A/B's stand-in ballots).
    """
    script = (
        "import asyncio, base64, json, os, sys\n"
        f"UNSEALED_HEAD = {UNSEALED_HEAD}\n"
        "async def sealed(rid):\n"
        "    # the trackers in the sealed ballots, opened with the bench's shares (read only)\n"
        "    from ballots.box import sealing\n"
        "    from ballots.box.tables import KeyShare, SealedBallot\n"
        "    path = os.path.join(os.environ['WIJKSTEM_DATA_DIR'], f'bench-shares-{rid}.json')\n"
        "    shares = json.load(open(path))\n"
        "    rows = await KeyShare.select(KeyShare.commitment).where(KeyShare.round == rid)\n"
        "    key = sealing.combine(rid, shares[:2], [r['commitment'] for r in rows], 2)\n"
        "    open_one = sealing.opener(key)\n"
        "    def tracker(text):\n"
        "        if sys.argv[2] == 'unsealed':  # the A/B's stand-in (see unsealed_app)\n"
        "            return sealing.decode(base64.b64decode(text)[UNSEALED_HEAD:]).tracker\n"
        "        return open_one(text).tracker\n"
        "    rows = await SealedBallot.select(SealedBallot.sealed).where(\n"
        "        (SealedBallot.round == rid) & (SealedBallot.status == 'active'))\n"
        "    return [tracker(r['sealed']) for r in rows]\n"
        "async def main():\n"
        "    from app.db import start_pool, close_pool, is_sqlite, DB\n"
        "    await start_pool()\n"
        "    from ballots.box import queries\n"
        "    rid = int(sys.argv[1])\n"
        "    board = await queries.board(rid)\n"
        "    out = {'participations': await queries.participations(rid),\n"
        "           'ballots': await queries.ballots_cast(rid),\n"
        "           'receipts': [e.receipt for e in board] + await sealed(rid),\n"
        "           'integrity': 'ok'}\n"
        "    if is_sqlite():\n"
        "        rows = await DB._run_in_new_connection('PRAGMA integrity_check')\n"
        "        out['integrity'] = str(list(rows[0].values())[0])\n"
        "    await close_pool()\n"
        "    print(json.dumps(out))\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", script, str(round_id), "unsealed" if unsealed else "sealed"],
        env=engine.env,
        check=True,
        capture_output=True,
    )
    result: JSONObject = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


def use_uvloop() -> None:
    """Run the load generator on uvloop when it is installed (it is, with uvicorn)."""
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
