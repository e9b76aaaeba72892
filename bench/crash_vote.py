"""Kill the server with SIGKILL in the middle of 1,000 casts, ten times: no receipt is lost."""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vote_support import (
    Load,
    cast_load,
    create_round,
    db_counts,
    make_engine,
    start_server,
    use_uvloop,
)

RUNS = 10
PER_RUN = 1000
CLIENTS = 32


async def _killed_load(engine_port: int, round_id: int, codes: list[str], kill: object) -> Load:
    load = Load()
    task = asyncio.create_task(cast_load(engine_port, round_id, codes, CLIENTS, load))
    # Kill mid-load: after a random number of acknowledged receipts (or 5 s at the most).
    target = random.randint(100, 900)
    deadline = asyncio.get_running_loop().time() + 5
    while len(load.receipts) < target and not task.done():
        if asyncio.get_running_loop().time() > deadline:
            break
        await asyncio.sleep(0.002)
    kill()  # type: ignore[operator]  # set by the started server before this runs
    await task
    return load


def main() -> int:
    """Ten runs on SQLite (WAL, synchronous=FULL, group commit); check after each restart."""
    use_uvloop()
    engine = make_engine("sqlite")
    acknowledged: set[str] = set()
    lost = 0
    integrity = "ok"
    try:
        round_id, codes = create_round(engine, RUNS * PER_RUN)
        for run in range(RUNS):
            server = start_server(engine, workers=2)
            batch = codes[run * PER_RUN : (run + 1) * PER_RUN]
            load = asyncio.run(_killed_load(server.port, round_id, batch, server.kill))
            acknowledged.update(load.receipts)
            restarted = start_server(engine, workers=2)  # recovery happens on this start
            restarted.stop()
            stored = db_counts(engine, round_id)
            missing = acknowledged - set(stored["receipts"])
            lost = len(missing)
            if stored["integrity"] != "ok" or stored["participations"] != stored["ballots"]:
                integrity = f"FAILED ({stored['integrity']}, {stored['participations']} "
                integrity += f"participations, {stored['ballots']} ballots)"
            print(
                f"run {run + 1:2d}: {len(load.receipts):4d} receipts before the kill, "
                f"{stored['ballots']} ballots == {stored['participations']} participations, "
                f"lost {lost}, integrity {stored['integrity']}",
                flush=True,
            )
    finally:
        engine.stop()
    print(f"runs: {RUNS}; acknowledged: {len(acknowledged)}; lost: {lost}; integrity: {integrity}")
    return 0 if lost == 0 and integrity == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
