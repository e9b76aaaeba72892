"""Ballots per second through the full HTTP path (code, CSRF, validation, durable commit).

The yardstick is a bare Litestar + Jinja page (no middleware, no database) served by uvicorn
with the same workers, loaded by the same client in the same run. The client is a raw asyncio
HTTP/1.1 client (about 0.1 ms of CPU per request, measured, so it takes little from the two
cores); every client reuses one CSRF cookie and token (Litestar's double-submit token is
signed, not bound to a session) and casts with a distinct code per ballot. Only 200 responses
carrying a receipt count, and afterwards the database must hold exactly as many ballots and
participations as receipts were acknowledged, each receipt on the board.

The machine is shared and noisy, so each engine is measured REPEATS times, bare page and
ballots back to back, and the figure line gives the medians (the ratio is the median of the
paired ratios).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vote_support import (
    Server,
    bare_engine,
    bare_load,
    cast_load,
    create_round,
    db_counts,
    make_engine,
    start_server,
    use_uvloop,
)

CODES = 6000  # ballots per repeat
REPEATS = 3
WARMUP = 300
CLIENTS = 32
RECONNECT = 10  # ballots (or bare pages) per client connection; see cast_load
WORKERS = 2
BARE_REQUESTS = 6000


def run(engine_name: str, bare_server: Server) -> dict[str, float]:
    """Measure one engine; checks that every receipt is a stored ballot, and nothing more."""
    engine = make_engine(engine_name)
    rows: list[dict[str, float]] = []
    receipts: list[str] = []
    try:
        round_id, codes = create_round(engine, CODES * REPEATS + WARMUP)
        server = start_server(engine, workers=WORKERS)
        try:
            warm = asyncio.run(cast_load(server.port, round_id, codes[:WARMUP], 8))
            receipts += warm.receipts
            asyncio.run(bare_load(bare_server.port, BARE_REQUESTS // 10, CLIENTS))
            for repeat in range(REPEATS):
                bare = asyncio.run(
                    bare_load(bare_server.port, BARE_REQUESTS, CLIENTS, reconnect_every=RECONNECT)
                )
                batch = codes[WARMUP + repeat * CODES : WARMUP + (repeat + 1) * CODES]
                load = asyncio.run(
                    cast_load(server.port, round_id, batch, CLIENTS, reconnect_every=RECONNECT)
                )
                ok = load.statuses.get(200, 0)
                assert len(load.receipts) == ok == CODES, (load.statuses, load.errors)
                assert bare.statuses.get(200, 0) == BARE_REQUESTS, bare.statuses
                receipts += load.receipts
                bare_rate = BARE_REQUESTS / bare.seconds
                rate = ok / load.seconds
                rows.append(
                    {
                        "bare_per_s": bare_rate,
                        "ballots_per_s": rate,
                        "p95_ms": load.p95_ms(),
                        "ratio_to_bare": rate / bare_rate,
                    }
                )
                print(
                    f"{engine_name:<11} #{repeat + 1} bare {bare_rate:7.0f}/s "
                    f"p95 {bare.p95_ms():6.1f} ms | ballots {rate:7.0f}/s "
                    f"p95 {load.p95_ms():6.1f} ms | {ok} receipts",
                    flush=True,
                )
        finally:
            server.stop()
        stored = db_counts(engine, round_id)
    finally:
        engine.stop()
    acknowledged = CODES * REPEATS + WARMUP
    assert len(receipts) == acknowledged, len(receipts)
    assert stored["participations"] == stored["ballots"] == acknowledged, stored
    assert set(receipts) == set(stored["receipts"]), "a receipt is not on the board"
    print(
        f"{engine_name:<11} stored: {stored['ballots']} ballots == {stored['participations']} "
        f"participations == {len(receipts)} receipts acknowledged",
        flush=True,
    )
    return {key: statistics.median(row[key] for row in rows) for key in rows[0]}


def main() -> int:
    """Run SQLite then PostgreSQL and print one figure line per engine."""
    use_uvloop()
    print(
        f"{CODES} ballots x {REPEATS} from {CLIENTS} concurrent clients (a new keep-alive "
        f"connection every {RECONNECT}), {WORKERS} uvicorn workers, loopback; "
        "bare page: Litestar + Jinja, same workers and client"
    )
    bare_env = bare_engine()
    bare_server = start_server(bare_env, workers=WORKERS, bare=True)
    try:
        results = {name: run(name, bare_server) for name in ("sqlite", "postgresql")}
    finally:
        bare_server.stop()
        bare_env.stop()
    for name, row in results.items():
        print(
            f"engine: {name}; ballots_per_s: {row['ballots_per_s']:.0f}; "
            f"p95_ms: {row['p95_ms']:.1f}; ratio_to_bare: {row['ratio_to_bare']:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
