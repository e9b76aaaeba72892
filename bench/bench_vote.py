"""Ballots per second through the full HTTP path (code, CSRF, validation, durable commit)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vote_support import (
    bare_load,
    cast_load,
    create_round,
    db_counts,
    make_engine,
    start_server,
    use_uvloop,
)

CODES = 6000
WARMUP = 300
CLIENTS = 32
BARE_REQUESTS = 6000


def run(engine_name: str) -> dict[str, float]:
    """Measure one engine: bare page, then casts; checks every cast really stored a ballot."""
    engine = make_engine(engine_name)
    try:
        round_id, codes = create_round(engine, CODES + WARMUP)
        server = start_server(engine, workers=2)
        try:
            asyncio.run(cast_load(server.port, round_id, codes[:WARMUP], 8))
            bare = asyncio.run(bare_load(server.port, BARE_REQUESTS, CLIENTS))
            load = asyncio.run(cast_load(server.port, round_id, codes[WARMUP:], CLIENTS))
        finally:
            server.stop()
        stored = db_counts(engine, round_id)
    finally:
        engine.stop()
    ok = load.statuses.get(200, 0)
    assert len(load.receipts) == ok == CODES, (load.statuses, load.errors)
    assert stored["participations"] == stored["ballots"] == CODES + WARMUP, stored
    assert set(load.receipts) <= set(stored["receipts"])
    bare_rate = BARE_REQUESTS / bare.seconds
    rate = ok / load.seconds
    row = {
        "bare_per_s": bare_rate,
        "bare_p95_ms": bare.p95_ms(),
        "ballots_per_s": rate,
        "p95_ms": load.p95_ms(),
        "ratio_to_bare": rate / bare_rate,
    }
    print(
        f"{engine_name:<11} bare {bare_rate:7.0f}/s p95 {bare.p95_ms():6.1f} ms | "
        f"ballots {rate:7.0f}/s p95 {load.p95_ms():6.1f} ms | {ok} receipts, "
        f"{stored['ballots']} ballots == {stored['participations']} participations",
        flush=True,
    )
    return row


def main() -> int:
    """Run SQLite then PostgreSQL and print one figure line per engine."""
    use_uvloop()
    print(f"{CODES} ballots from {CLIENTS} concurrent clients, 2 uvicorn workers, loopback")
    results = {name: run(name) for name in ("sqlite", "postgresql")}
    for name, row in results.items():
        print(
            f"engine: {name}; ballots_per_s: {row['ballots_per_s']:.0f}; "
            f"p95_ms: {row['p95_ms']:.1f}; ratio_to_bare: {row['ratio_to_bare']:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
