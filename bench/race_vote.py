"""Race: 200 simultaneous casts with one code give one ballot; 1,000 voters give 1,000."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vote_support import (
    Connection,
    cast_body,
    cast_load,
    create_round,
    db_counts,
    make_engine,
    start_server,
    use_uvloop,
)

ATTEMPTS = 200
VOTERS = 1000


async def same_code(port: int, round_id: int, code: str) -> dict[int, int]:
    """Open 200 connections, fetch the form on each, then release all casts at once."""
    connections = [Connection(port) for _ in range(ATTEMPTS)]
    await asyncio.gather(
        *[c.request("GET", f"/stemmen/{round_id}/stembiljet") for c in connections]
    )
    gate = asyncio.Event()
    statuses: dict[int, int] = {}

    async def attempt(conn: Connection) -> None:
        await gate.wait()
        try:
            status, _ = await conn.request(
                "POST", f"/stemmen/{round_id}/uitbrengen", cast_body(conn.token(), code)
            )
        except (OSError, asyncio.IncompleteReadError):
            status = 0
        statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    tasks = [asyncio.create_task(attempt(c)) for c in connections]
    await asyncio.sleep(0.05)
    gate.set()
    await asyncio.gather(*tasks)
    return statuses


def run(engine_name: str, workers: int) -> tuple[int, int, int]:
    """Both races on one engine; returns (same-code ballots, same-code errors, voter errors)."""
    engine = make_engine(engine_name)
    try:
        round_id, codes = create_round(engine, VOTERS + 1)
        server = start_server(engine, workers=workers)
        try:
            statuses = asyncio.run(same_code(server.port, round_id, codes[0]))
            after_race = db_counts(engine, round_id)
            crowd = asyncio.run(cast_load(server.port, round_id, codes[1:], 500))
        finally:
            server.stop()
        final = db_counts(engine, round_id)
    finally:
        engine.stop()
    errors = sum(n for status, n in statuses.items() if status not in (200, 409))
    crowd_errors = crowd.errors + sum(n for s, n in crowd.statuses.items() if s != 200)
    print(
        f"{engine_name:<11} {workers} workers | same code: {statuses} -> "
        f"{after_race['ballots']} ballot(s) | {VOTERS} voters: {crowd.statuses} -> "
        f"{final['ballots'] - after_race['ballots']} ballots, "
        f"{final['participations']} participations, integrity {final['integrity']}",
        flush=True,
    )
    assert final["ballots"] == final["participations"]
    assert final["ballots"] - after_race["ballots"] == VOTERS - crowd_errors
    return int(after_race["ballots"]), errors, crowd_errors


def main() -> int:
    """SQLite with four workers, then PostgreSQL with two."""
    use_uvloop()
    results = [run("sqlite", 4), run("postgresql", 2)]
    ballots = max(r[0] for r in results) if all(r[0] == 1 for r in results) else 0
    errors = sum(r[1] for r in results)
    crowd_errors = sum(r[2] for r in results)
    print(f"distinct voters: {VOTERS} per engine; errors: {crowd_errors}")
    print(f"attempts: {ATTEMPTS}; ballots: {ballots}; errors: {errors}")
    return 0 if ballots == 1 and errors == 0 and crowd_errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
