"""Benchmark: latency of the proposal list page with 5,000 proposals and 50,000 comments.

Builds a fresh SQLite database in a temporary folder, starts the app with uvicorn in a
subprocess on a free loopback port, and compares the list page with the bare /health page
measured in the same run. Ends with one summary line.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

DATA_DIR = Path(tempfile.mkdtemp(prefix="wijkstem-bench-"))
os.environ["WIJKSTEM_DATA_DIR"] = str(DATA_DIR)
os.environ["WIJKSTEM_SECRET_KEY"] = "bench-secret-key-that-is-long-enough-0123456789"  # noqa: S105  # throw-away
os.environ["WIJKSTEM_ARGON2_PROFILE"] = "test"
os.environ["PICCOLO_CONF"] = "app.piccolo_conf"
os.environ.pop("WIJKSTEM_DATABASE_URL", None)
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROPOSALS = 5_000
COMMENTS = 50_000
LIST_REQUESTS = 300
BARE_REQUESTS = 300
WORDS = ("bankjes", "moestuin", "speeltoestel", "bomen", "verlichting", "fietsenrek", "kunst")


async def build() -> int:
    """Migrate and fill the database; return the round id."""
    from app.areas.tables import Area
    from app.cli import migrate
    from app.rounds.tables import Round
    from deliberation.tables import Comment
    from proposals.tables import Proposal
    from tests.support.web import DEFAULT_PASSWORD

    await migrate()
    from app.accounts import queries as account_queries
    from app.accounts import services as account_services

    day = date(2000, 1, 1)
    [wijk] = await Area.insert(
        Area(code="WKBENCH", name="Benchwijk", level="neighbourhood", valid_from=day)
    ).returning(Area.id)
    buurten = []
    for n in range(4):
        rows = await Area.insert(
            Area(
                code=f"BUBENCH{n}",
                name=f"Buurt {n}",
                level="buurt",
                parent=wijk["id"],
                valid_from=day,
            )
        ).returning(Area.id)
        buurten.append(int(rows[0]["id"]))
    await account_services.create_user_with_role(
        email="bench@example.org",
        name="Bench",
        password=DEFAULT_PASSWORD,
        role="resident",
        area_code="",
        postcode="",
    )
    author = await account_queries.user_id_by_email("bench@example.org")
    [round_row] = await Round.insert(
        Round(area=wijk["id"], title="Bench", phase="deliberating", categories='["Groen","Spelen"]')
    ).returning(Round.id)
    round_id = int(round_row["id"])
    start = datetime.now(UTC) - timedelta(days=60)
    per_proposal = COMMENTS // PROPOSALS
    statuses = ("submitted", "feasible", "feasible_changed", "not_feasible", "withdrawn")
    for offset in range(0, PROPOSALS, 500):
        await Proposal.insert(
            *[
                Proposal(
                    round=round_id,
                    author=author,
                    title=f"Voorstel {n}: {WORDS[n % len(WORDS)]} in buurt {n % 4}",
                    summary=f"Meer {WORDS[(n * 3) % len(WORDS)]} voor de buurt, idee nummer {n}.",
                    description="Een **beschrijving** van het idee.\n\n- punt een\n- punt twee",
                    cost_cents=100_000 + (n * 7919) % 5_000_000,
                    category=("Groen", "Spelen")[n % 2],
                    area=buurten[n % 4],
                    status=statuses[n % len(statuses)],
                    support_count=(n * 31) % 97,
                    comment_count=per_proposal,
                    created_at=start + timedelta(minutes=n),
                )
                for n in range(offset, offset + 500)
            ]
        )
    ids = [int(r["id"]) for r in await Proposal.select(Proposal.id).order_by(Proposal.id)]
    for offset in range(0, COMMENTS, 2_000):
        await Comment.insert(
            *[
                Comment(
                    proposal=ids[n % len(ids)],
                    author=author,
                    body=f"Reactie {n}: goed idee!",
                    created_at=start + timedelta(seconds=n),
                )
                for n in range(offset, offset + 2_000)
            ]
        )
    return round_id


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure(client: object, paths: list[str]) -> list[float]:
    """Milliseconds per GET, one request after the other; every answer must be 200."""
    timings = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)  # type: ignore[attr-defined]  # the client type is chosen at run time
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[-1]


def list_paths(round_id: int) -> list[str]:
    """A mix of pages, filters, searches and sorts."""
    base = f"/rondes/{round_id}/voorstellen"
    variants = [
        "",
        "?page=2",
        "?page=40",
        "?page=250",
        "?sort=supported",
        "?sort=cost_asc",
        "?sort=cost_desc&page=7",
        "?sort=random&seed=77",
        "?q=moestuin",
        "?q=BANKJES&page=3",
        "?status=feasible",
        "?category=Spelen&sort=supported",
        "?area=BUBENCH2",
        "?area=WKBENCH&status=not_feasible&page=5",
        "?q=buurt+1&category=Groen",
    ]
    return [base + variants[n % len(variants)] for n in range(LIST_REQUESTS)]


def main() -> int:
    """Build, serve, measure, print."""
    import httpx

    began = time.perf_counter()
    round_id = asyncio.run(build())
    print(
        f"built {PROPOSALS} proposals and {COMMENTS} comments in "
        f"{time.perf_counter() - began:.1f} s ({DATA_DIR})"
    )
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _attempt in range(100):
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            measure(client, list_paths(round_id)[:15] + ["/health"] * 15)  # warm up
            listed = measure(client, list_paths(round_id))
            bare = measure(client, ["/health"] * BARE_REQUESTS)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(DATA_DIR, ignore_errors=True)
    print(f"{'page':<16}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, values in (("proposal list", listed), ("bare /health", bare)):
        print(
            f"{name:<16}{len(values):>10}{statistics.median(values):>10.1f}"
            f"{p95(values):>10.1f}{max(values):>10.1f}"
        )
    print(
        f"list_p50_ms: {statistics.median(listed):.1f}; list_p95_ms: {p95(listed):.1f}; "
        f"bare_p50_ms: {statistics.median(bare):.1f}; bare_p95_ms: {p95(bare):.1f}; "
        f"ratio_p95: {p95(listed) / p95(bare):.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
