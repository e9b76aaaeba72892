"""Opening a sealed box of 100,000 ballots: rebuild the key from two shares, open and check
every ballot, shuffle, write the plaintext ballots in one transaction and delete the sealed rows.

The box is filled directly (participations and sealed ballots, as casts write them) in a fresh
database per engine; only `open_box` is timed. Target: under 30 s on this machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from vote_support import PYTHON, make_engine

BALLOTS = 100_000

SCRIPT = """
import asyncio, json, random, sys, time
from datetime import UTC, date, datetime
async def main():
    from app.db import start_pool, close_pool
    await start_pool()
    from app.areas.tables import Area
    from app.rounds.tables import Round
    from ballots.tables import BallotOption
    from ballots.box import codes, keys, opening, services, sealing
    from ballots.box.tables import Participation
    count = int(sys.argv[1])
    area = await Area.insert(Area(code="BU0001", name="Bench", level="buurt",
        valid_from=date(2020, 1, 1))).returning(Area.id)
    rows = await Round.insert(Round(area=area[0]["id"], title="Bench", amount_cents=10**9,
        phase="deliberating", ballot_type="approval", ballot_max=5)).returning(Round.id)
    rid = rows[0]["id"]
    await BallotOption.insert(*[BallotOption(round=rid, proposal_id=i, slot=f"{rid}:{i}",
        project_key=f"P{i:02d}", title=f"Project {i}", summary="", cost_cents=10**7 * i,
        position=i) for i in range(1, 11)])
    shares = (await keys.hand_out(rid, [None, None, None], 2)).value
    await Round.update({Round.phase: "voting"}).where(Round.id == rid)
    services.forget_caches()
    page = await services.ballot_page(rid)
    chooser = random.Random(7)
    keys_ = [o.key for o in page.options]
    today = datetime.now(UTC).date()
    for start in range(0, count, 400):
        n = min(400, count - start)
        people, boxes = [], []
        for _ in range(n):
            chosen = sorted(chooser.sample(keys_, chooser.randint(1, 5)))
            choices = json.dumps({"projects": chosen}, separators=(",", ":"))
            sealed = services.seal_ballot(page, choices, codes.new_receipt(), "online")
            people += [codes.new_ballot_id(), rid, codes.new_ballot_id() * 2, "online", "", today]
            boxes += [codes.new_ballot_id(), rid, sealed, sealing.sealed_hash(sealed), "online"]
        await Participation.raw(
            'INSERT INTO "ballot_participation" ("id", "round", "voter_key", "channel", '
            '"buurt_code", "voted_on") VALUES ' + ", ".join(["({}, {}, {}, {}, {}, {})"] * n),
            *people)
        await Participation.raw(
            'INSERT INTO "sealed_ballot" ("id", "round", "sealed", "sealed_hash", "channel", '
            '"status", "token_hash") VALUES '
            + ", ".join(["({}, {}, {}, {}, {}, 'active', '')"] * n), *boxes)
    await Round.update({Round.phase: "counting"}).where(Round.id == rid)
    started = time.perf_counter()
    opened = await opening.open_box("bench", rid, [shares[2], shares[0]])
    seconds = time.perf_counter() - started
    assert opened.value is not None and opened.value.ballots == count, opened
    await close_pool()
    print(json.dumps({"ballots": opened.value.ballots, "open_s": seconds}))
asyncio.run(main())
"""


def run(engine_name: str) -> dict[str, float]:
    """Fill and open one box on a fresh database of the engine."""
    engine = make_engine(engine_name)
    try:
        done = subprocess.run(
            [PYTHON, "-c", SCRIPT, str(BALLOTS)],
            env=engine.env,
            check=False,
            capture_output=True,
        )
    finally:
        engine.stop()
    if done.returncode:
        sys.stderr.write(done.stderr.decode()[-4000:])
        raise SystemExit(f"bench-open failed on {engine_name}")
    result: dict[str, float] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


def main() -> int:
    """Open a box of BALLOTS ballots on SQLite and on PostgreSQL; one figure line each."""
    names = sys.argv[1:] or ["sqlite", "postgresql"]
    for name in names:
        row = run(name)
        print(f"ballots: {row['ballots']:.0f}; open_s: {row['open_s']:.1f}; engine: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
