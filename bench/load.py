"""`make load`: the last evening of a vote, driven by Locust (headless) for a bounded time.

Residents browse proposals, the round and the board; others vote with letter codes or
their accounts; staff watch turnout. SQLite with one worker, then PostgreSQL with four
(`wijkstem serve`, the job runner on its own), each against a bare Litestar + Jinja page
served by the same number of workers with the same users, in the same run. The logins at the
start, and the requests made while they run (the warm-up), are left out of the figures (the
stderr line says how long the warm-up took). One line per engine:
`engine: …; workers: …; rps: …; p50_ms: …; p95_ms: …; p99_ms: …; errors: …; ratio_to_bare: …`
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from ops_stack import start_stack
from vote_support import PYTHON, ROOT, bare_engine, start_server

# Accounts that vote: the voting round has a register, so each account is linked to one of
# its people, as if that person had entered their letter's code once (at most one per person).
ACCOUNTS = """
import asyncio, json, sys
async def main():
    from app.db import start_pool, close_pool
    from app.accounts import queries, services
    from ballots.register import queries as register
    from ballots.register.tables import AccountBinding
    await start_pool()
    round_id = int(sys.argv[2])
    people = await register.entries(round_id, with_secret=True)
    made = []
    for n, person in enumerate(people[: int(sys.argv[1])]):
        email = f"kiezer{n}@example.org"
        created = await services.create_user_with_role(email=email, name=f"Kiezer {n}",
            password="load-test-password-1", role="resident", area_code="", postcode="9742AB")
        user_id = await queries.user_id_by_email(email)
        if created.ok and user_id is not None:
            await AccountBinding.insert(AccountBinding(user_id=user_id, round=round_id,
                person_key=person.person_key, provider="letter"))
            made.append([email, "load-test-password-1"])
    print(json.dumps(made))
    await close_pool()
asyncio.run(main())
"""


def locust(
    host: str, users: list[str], seconds: int, count: int, env: dict[str, str], out: Path
) -> list[list]:
    """Run Locust headless; every request seen (name, ms, ok)."""
    command = [
        PYTHON,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "-u",
        str(count),
        "-r",
        str(max(1, count // 2)),
        "-t",
        f"{seconds}s",
        "--host",
        host,
        "--only-summary",
        "--loglevel",
        "ERROR",
        *users,
    ]
    subprocess.run(command, env={**env, "LOAD_OUT": str(out)}, check=False, capture_output=True)
    return list(json.loads(out.read_text()))


def figures(seen: list[list], seconds: int) -> dict[str, float]:
    """Throughput and percentiles after the warm-up; errors over the whole run.

    The warm-up ends when the last user has logged in: every login (argon2, about 0.3 s of
    CPU each) falls in the first seconds and would otherwise stall the other requests of
    that moment, which an evening with logins spread over hours never sees.
    """
    warm = max((item[3] + item[1] / 1000 for item in seen if _setup(item)), default=0.0)
    timed = [item for item in seen if not _setup(item) and item[3] >= warm]
    span = seconds - max(0.0, warm - min((item[3] for item in seen), default=warm))
    times = sorted(float(item[1]) for item in timed) or [0.0]
    cuts = statistics.quantiles(times, n=100) if len(times) > 1 else [times[0]] * 99
    return {
        "rps": len(timed) / max(span, 1.0),
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
        "errors": sum(1 for item in seen if not _setup(item) and not item[2]),  # all of them
        "warmup": max(0.0, seconds - span),
    }


def slowest(seen: list[list], warmup: float, shown: int = 4) -> str:
    """The requests with the highest p95 after the warm-up, to see where the time goes."""
    start = min((item[3] for item in seen), default=0.0) + warmup
    by_name: dict[str, list[float]] = {}
    for item in seen:
        if not _setup(item) and item[3] >= start:
            by_name.setdefault(str(item[0]), []).append(float(item[1]))
    p95 = {name: sorted(times)[int(0.95 * (len(times) - 1))] for name, times in by_name.items()}
    top = sorted(p95, key=lambda name: -p95[name])[:shown]
    return ", ".join(f"{name} p95 {p95[name]:.0f} ms (n={len(by_name[name])})" for name in top)


def _setup(item: list) -> bool:
    return str(item[0]).startswith("setup:")


def run(engine: str, workers: int, seconds: int, users: int) -> str:
    """One engine: the application's evening, then the bare page; the figure line."""
    stack = start_stack(
        engine, workers, proxy=False, production=False, extra_env={"WIJKSTEM_INPROCESS_WORKER": "0"}
    )
    try:
        rounds = json.loads(stack.cli("rounds", "list", "--json"))
        round_id = int(next(r["id"] for r in rounds if r["phase"] == "voting"))
        codes_csv = stack.tmp / "codes.csv"
        stack.cli("codes", "generate", str(round_id), "--count", "3000", "--csv", str(codes_csv))
        codes = [line.split(",")[0] for line in codes_csv.read_text().splitlines()[1:]]
        made = subprocess.run(
            [PYTHON, "-c", ACCOUNTS, "20", str(round_id)],
            env=stack.env,
            check=True,
            capture_output=True,
            text=True,
        )
        env = {
            **os.environ,
            "LOAD_ROUND": str(round_id),
            "LOAD_CODES": json.dumps(codes),
            "LOAD_ACCOUNTS": made.stdout.strip().splitlines()[-1],
        }
        classes = ["Resident", "CodeVoter", "AccountVoter", "Staff"]
        seen = locust(stack.url, classes, seconds, users, env, stack.tmp / "app.json")
        app = figures(seen, seconds)
        print(f"  {engine}/{workers} slowest: {slowest(seen, app['warmup'])}", file=sys.stderr)
        every = slowest(seen, app["warmup"], shown=100)
        print(f"  {engine}/{workers} every request: {every}", file=sys.stderr)
    finally:
        stack.stop()
    bare_env = bare_engine()
    server = start_server(bare_env, workers=workers, bare=True)
    try:
        out = bare_env.data_dir / "bare.json"
        bare = figures(
            locust(
                f"http://127.0.0.1:{server.port}", ["Bare"], seconds, users, os.environ.copy(), out
            ),
            seconds,
        )
    finally:
        server.stop()
        bare_env.stop()
    print(
        f"  {engine}/{workers}: app p95 {app['p95']:.1f} ms, bare p95 {bare['p95']:.1f} ms, "
        f"bare rps {bare['rps']:.0f}, warm-up {app['warmup']:.1f} s",
        file=sys.stderr,
    )
    return (
        f"engine: {engine}; workers: {workers}; rps: {app['rps']:.1f}; p50_ms: {app['p50']:.1f}; "
        f"p95_ms: {app['p95']:.1f}; p99_ms: {app['p99']:.1f}; errors: {app['errors']}; "
        f"ratio_to_bare: {app['p95'] / max(bare['p95'], 0.1):.1f}"
    )


def main() -> int:
    """SQLite with one worker, PostgreSQL with four; one line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOAD_SECONDS", "30")))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "30")))
    args = parser.parse_args()
    lines = [
        run("sqlite", 1, args.seconds, args.users),
        run("postgresql", 4, args.seconds, args.users),
    ]
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
