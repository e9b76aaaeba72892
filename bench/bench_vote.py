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

Sealing's cost is measured in the same run: beside the application, a second server runs it
with the X25519 sealing replaced by a stand-in of the same size (`unsealed_app`), on its own
round of the same database. Each repeat casts CODES ballots through each, in alternating
order, right after the bare page; `sealing_cost_pct` is the median of the per-repeat
1 - sealed/unsealed throughput, with the smallest and largest as the spread. Throughput on
this shared machine swings with the other processes' load, so the same repeats also measure
the server's own CPU time per acknowledged ballot (its processes in /proc, before and after
each batch; PostgreSQL's own processes are not counted): `sealing_cpu_pct` is the median
share of that CPU which sealing adds, 1 - unsealed/sealed.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vote_support import (
    Server,
    bare_engine,
    bare_load,
    cast_load,
    create_round,
    db_counts,
    group_cpu_seconds,
    make_engine,
    start_server,
    use_uvloop,
)

if TYPE_CHECKING:
    from app.jsontypes import JSONObject

CODES = 2000  # ballots per repeat and side of the A/B
REPEATS = 8  # rounds; each casts CODES sealed and CODES unsealed ballots (the A/B)
WARMUP = 300
CLIENTS = 32
RECONNECT = 10  # ballots (or bare pages) per client connection; see cast_load
WORKERS = 2
BARE_REQUESTS = 6000


def run(engine_name: str, bare_server: Server) -> JSONObject:
    """Measure one engine; checks that every receipt is a stored ballot, and nothing more.

    Each repeat runs the bare page, then the sealed and the unsealed server (the A/B) in
    alternating order, back to back, each on its own round of the same database.
    """
    engine = make_engine(engine_name)
    rows: list[dict[str, float]] = []
    costs: list[float] = []  # 1 - sealed/unsealed throughput, per repeat, in %
    cpu_costs: list[float] = []  # the share of the server's CPU per ballot that sealing adds
    receipts: dict[bool, list[str]] = {False: [], True: []}
    try:
        rounds = {
            unsealed: create_round(engine, CODES * REPEATS + WARMUP, f"BU000{1 + unsealed}")
            for unsealed in (False, True)
        }
        servers = {
            unsealed: start_server(engine, workers=WORKERS, unsealed=unsealed)
            for unsealed in (False, True)
        }
        try:
            for unsealed, server in servers.items():
                round_id, codes = rounds[unsealed]
                warm = asyncio.run(cast_load(server.port, round_id, codes[:WARMUP], 8))
                receipts[unsealed] += warm.receipts
            asyncio.run(bare_load(bare_server.port, BARE_REQUESTS // 10, CLIENTS))
            for repeat in range(REPEATS):
                bare = asyncio.run(
                    bare_load(bare_server.port, BARE_REQUESTS, CLIENTS, reconnect_every=RECONNECT)
                )
                assert bare.statuses.get(200, 0) == BARE_REQUESTS, bare.statuses
                rate: dict[bool, float] = {}
                cpu_ms: dict[bool, float] = {}  # the server's CPU per acknowledged ballot
                for unsealed in (False, True) if repeat % 2 == 0 else (True, False):
                    round_id, codes = rounds[unsealed]
                    batch = codes[WARMUP + repeat * CODES : WARMUP + (repeat + 1) * CODES]
                    cpu_before = group_cpu_seconds(servers[unsealed])
                    load = asyncio.run(
                        cast_load(
                            servers[unsealed].port,
                            round_id,
                            batch,
                            CLIENTS,
                            reconnect_every=RECONNECT,
                        )
                    )
                    ok = load.statuses.get(200, 0)
                    assert len(load.receipts) == ok == CODES, (load.statuses, load.errors)
                    receipts[unsealed] += load.receipts
                    rate[unsealed] = ok / load.seconds
                    cpu_ms[unsealed] = (
                        1000 * (group_cpu_seconds(servers[unsealed]) - cpu_before) / ok
                    )
                    if not unsealed:
                        sealed_p95 = load.p95_ms()
                bare_rate = BARE_REQUESTS / bare.seconds
                cost = 100 * (1 - rate[False] / rate[True])
                costs.append(cost)
                cpu_costs.append(100 * (1 - cpu_ms[True] / cpu_ms[False]))
                rows.append(
                    {
                        "bare_per_s": bare_rate,
                        "ballots_per_s": rate[False],
                        "p95_ms": sealed_p95,
                        "ratio_to_bare": rate[False] / bare_rate,
                    }
                )
                print(
                    f"{engine_name:<11} #{repeat + 1} bare {bare_rate:7.0f}/s "
                    f"p95 {bare.p95_ms():6.1f} ms | ballots {rate[False]:7.0f}/s "
                    f"p95 {sealed_p95:6.1f} ms | {CODES} receipts | not sealed "
                    f"{rate[True]:7.0f}/s: sealing costs {cost:5.1f} % | server CPU per "
                    f"ballot {cpu_ms[False]:.2f} ms sealed, {cpu_ms[True]:.2f} ms not",
                    flush=True,
                )
        finally:
            for server in servers.values():
                server.stop()
        stored = {
            unsealed: db_counts(engine, rounds[unsealed][0], unsealed=unsealed)
            for unsealed in (False, True)
        }
    finally:
        engine.stop()
    acknowledged = CODES * REPEATS + WARMUP
    for unsealed, counted in stored.items():
        assert len(receipts[unsealed]) == acknowledged, len(receipts[unsealed])
        assert counted["participations"] == counted["ballots"] == acknowledged, counted
        assert set(receipts[unsealed]) == set(counted["receipts"]), "a receipt is not on the board"
    print(
        f"{engine_name:<11} stored: {stored[False]['ballots']} ballots == "
        f"{stored[False]['participations']} participations == {acknowledged} receipts "
        f"acknowledged (and the same for the unsealed round)",
        flush=True,
    )
    result: JSONObject = {key: statistics.median(row[key] for row in rows) for key in rows[0]}
    result["costs"] = costs
    result["cpu_costs"] = cpu_costs
    return result


def main() -> int:
    """Run SQLite then PostgreSQL (or the engines named) and print the figure lines."""
    names = sys.argv[1:] or ["sqlite", "postgresql"]
    use_uvloop()
    print(
        f"{CODES} ballots x {REPEATS} from {CLIENTS} concurrent clients (a new keep-alive "
        f"connection every {RECONNECT}), {WORKERS} uvicorn workers, loopback; "
        "bare page: Litestar + Jinja, same workers and client"
    )
    bare_env = bare_engine()
    bare_server = start_server(bare_env, workers=WORKERS, bare=True)
    try:
        results = {name: run(name, bare_server) for name in names}
    finally:
        bare_server.stop()
        bare_env.stop()
    for name, row in results.items():
        print(
            f"engine: {name}; ballots_per_s: {row['ballots_per_s']:.0f}; "
            f"p95_ms: {row['p95_ms']:.1f}; ratio_to_bare: {row['ratio_to_bare']:.2f}"
        )
    for name, row in results.items():
        costs, cpu = row["costs"], row["cpu_costs"]
        print(
            f"engine: {name}; sealing_cost_pct: {statistics.median(costs):.1f}; "
            f"spread_pct: {min(costs):.1f}..{max(costs):.1f}; rounds: {len(costs)}; "
            f"sealing_cpu_pct: {statistics.median(cpu):.1f}; "
            f"cpu_spread_pct: {min(cpu):.1f}..{max(cpu):.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
