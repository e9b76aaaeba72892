"""`make faults`: kill things while a municipality votes, counts and mails; nothing may be lost.

Against the production stack (PostgreSQL, 4 web workers behind nginx, the job runner on its
own, mail through an SMTP relay): SIGKILL the web workers during voting and restart
PostgreSQL during voting; SIGKILL the runner in the middle of a count (held just before it
writes the result) and in the middle of mail delivery. Afterwards every acknowledged receipt
must be in the ballot box, ballots must equal participations, the count must finish once,
and every message must arrive once or, when the kill fell between the relay's answer and our
commit, be marked uncertain for staff (never sent twice by itself, never silently lost).
`--short` is the variant inside `make test`.
Last line: `faults: …; uncertain_mail: N (…); …; lost: 0; stuck: 0; duplicate_mail: 0`.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping

from ops_journey import client, demo_shares, make_codes, open_box, vote_sealed, voting_round
from ops_stack import Stack, start_stack
from smtp_sink import Sink, serve, tls_files

LEASE_SECONDS = 3
RUNNER_SLOTS = 2  # `wijkstem worker --slots` default


def sql(stack: Stack, query: str, *args: object) -> list[Mapping[str, object]]:
    """Rows of one query on the stack's PostgreSQL database."""
    import asyncpg

    async def run() -> list[Mapping[str, object]]:
        conn = await asyncpg.connect(stack.env["WIJKSTEM_DATABASE_URL"])
        try:
            return list(await conn.fetch(query, *args))
        finally:
            await conn.close()

    return asyncio.run(run())


class Voters:
    """Residents voting with codes from several threads; keeps the acknowledged receipts."""

    def __init__(self, stack: Stack, round_id: int, codes: list[str], threads: int = 4) -> None:
        self.stack, self.round_id = stack, round_id
        self.codes = iter(codes)
        self.lock = threading.Lock()
        self.receipts: list[tuple[str, str]] = []  # (receipt, sealed-ballot fingerprint)
        self.failed = 0
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run) for _ in range(threads)]

    def _next(self) -> str | None:
        with self.lock:
            return next(self.codes, None)

    def _run(self) -> None:
        while not self.stop.is_set() and (code := self._next()) is not None:
            for _ in range(40):  # a resident whose page failed tries again, with the same code
                try:
                    with client(self.stack, timeout=10) as browser:
                        receipt = vote_sealed(browser, self.round_id, code)
                except Exception:  # not acknowledged (maybe cast, answer lost): fine
                    time.sleep(0.5)
                    continue
                with self.lock:
                    self.receipts.append(receipt)
                break
            else:
                with self.lock:
                    self.failed += 1

    def __enter__(self) -> Voters:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def restart_postgres(stack: Stack) -> None:
    """A fast restart of the database server (every connection is cut)."""
    cluster = stack.engine.cluster
    log = str(cluster.datadir.parent / "log")
    command = [str(cluster.bindir / "pg_ctl"), "-D", str(cluster.datadir), "-l", log, "-m", "fast"]
    subprocess.run(  # the server must not hold our pipes open, hence no capture
        cluster._cmd(*command, "-w", "restart"),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def vote_through_faults(
    stack: Stack, round_id: int, web_kills: int, pg_restarts: int
) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Vote while the web workers are killed and PostgreSQL restarts; what survived (every
    acknowledged sealed ballot must be in the box), and the acknowledged receipts."""
    codes = make_codes(stack, round_id, 40 * (web_kills + pg_restarts + 1))
    with Voters(stack, round_id, codes) as voters:
        for fault in ["web"] * web_kills + ["postgres"] * pg_restarts:
            time.sleep(2)
            if fault == "web":
                stack.kill_web()
                stack.start_web()
            else:
                restart_postgres(stack)
        time.sleep(2)
    sealed = {
        row["sealed_hash"]
        for row in sql(stack, 'SELECT sealed_hash FROM sealed_ballot WHERE "round" = $1', round_id)
    }
    active = sql(
        stack,
        'SELECT count(*) AS n FROM sealed_ballot WHERE "round" = $1 AND status = $2',
        round_id,
        "active",
    )[0]["n"]
    taken = sql(
        stack, 'SELECT count(*) AS n FROM ballot_participation WHERE "round" = $1', round_id
    )[0]["n"]
    figures = {
        "acknowledged": len(voters.receipts),
        "lost": len({sealed_hash for _receipt, sealed_hash in voters.receipts} - sealed),
        "half_done": abs(int(active) - int(taken)),
    }
    return figures, voters.receipts


def lost_in_the_opening(stack: Stack, round_id: int, receipts: list[tuple[str, str]]) -> int:
    """Acknowledged receipts missing from the opened box's plaintext ballots."""
    opened = {
        row["receipt"]
        for row in sql(stack, 'SELECT receipt FROM ballot WHERE "round" = $1', round_id)
    }
    return len({receipt for receipt, _sealed_hash in receipts} - opened)


def wait_for(check: Callable[[], object], seconds: float) -> bool:
    """Poll `check()` until it is true or the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def count_through_a_kill(stack: Stack, round_id: int) -> dict[str, int]:
    """Open the box with two shares, then kill the runner while it holds the count (just
    before it writes the result)."""
    import asyncpg

    stack.cli("rounds", "advance", str(round_id))
    stack.pause_runner(True)
    open_box(stack, round_id, demo_shares(stack, round_id)[:2])  # queues the count

    async def hold_and_kill() -> None:
        conn = await asyncpg.connect(stack.env["WIJKSTEM_DATABASE_URL"])
        try:
            async with conn.transaction():
                await conn.execute("SELECT id FROM budget_round WHERE id = $1 FOR UPDATE", round_id)
                stack.pause_runner(False)
                for _ in range(600):
                    job = await conn.fetchrow(
                        'SELECT status, progress FROM result_count_job WHERE "round" = $1 '
                        "ORDER BY id DESC LIMIT 1",
                        round_id,
                    )
                    if job is not None and job["progress"] == 80:
                        break
                    await asyncio.sleep(0.05)
                stack.kill_runner()  # it was counting, waiting to write the result
        finally:
            await conn.close()

    asyncio.run(hold_and_kill())
    stack.start_runner()

    def finished() -> bool:
        rows = sql(stack, 'SELECT status FROM result_count_job WHERE "round" = $1', round_id)
        return bool(rows) and all(row["status"] == "done" for row in rows)

    done = wait_for(finished, LEASE_SECONDS * 10 + 30)
    results = sql(stack, 'SELECT count(*) AS n FROM result WHERE "round" = $1', round_id)[0]["n"]
    return {"stuck": 0 if done else 1, "duplicate_results": max(0, int(results) - 1)}


MAIL = """
import asyncio, sys
async def main():
    from app.db import start_pool, close_pool, transaction
    from app.mail import send_mail
    await start_pool()
    async with transaction():
        for n in range(int(sys.argv[1])):
            await send_mail(f"bewoner{n}@example.org", sys.argv[2], "Er is nieuws.")
    await close_pool()
asyncio.run(main())
"""


def mail_through_a_kill(stack: Stack, sink: Sink, messages: int) -> dict[str, int]:
    """Kill the runner while it delivers a batch of mail.

    Each message must arrive once, or be marked uncertain for staff: its delivery was cut
    between the relay's "250" and our commit (only a message in flight at the kill can be).
    Lost = neither arrived nor shown to staff; duplicate = arrived more than once.
    """
    subject = f"Nieuws {time.monotonic_ns()}"
    stack.pause_runner(True)
    subprocess.run([sys.executable, "-c", MAIL, str(messages), subject], env=stack.env, check=True)
    stack.pause_runner(False)

    def arrived() -> int:
        with sink.lock:
            return sum(1 for m in sink.messages if m["Subject"] == subject)

    wait_for(lambda: arrived() >= messages // 3, 60)
    stack.kill_runner()
    stack.start_runner()

    def status() -> dict[str, set[str]]:
        query = "SELECT recipient, status FROM mail_outbox WHERE subject = $1"
        found: dict[str, set[str]] = {"sent": set(), "uncertain": set()}
        for row in sql(stack, query, subject):
            found.setdefault(str(row["status"]), set()).add(str(row["recipient"]))
        return found

    def settled() -> int:
        now = status()
        return len(now["sent"]) + len(now["uncertain"])

    done = wait_for(lambda: settled() == messages, LEASE_SECONDS * 10 + 60)
    uncertain = status()["uncertain"]
    with sink.lock:
        seen = Counter(str(m["To"]) for m in sink.messages if m["Subject"] == subject)
    everyone = {f"bewoner{n}@example.org" for n in range(messages)}
    return {
        "mail_stuck": 0 if done else messages - settled(),
        "mail_lost": len(everyone - set(seen) - uncertain),
        "duplicate_mail": sum(count - 1 for count in seen.values()),
        "uncertain_mail": len(uncertain),
        "uncertain_arrived": len(uncertain & set(seen)),
    }


def main() -> int:
    """Run every fault, print the line; exit 1 when anything was lost, stuck or doubled."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="one fault of each kind, quickly")
    args = parser.parse_args()
    web_kills, pg_restarts, messages = (1, 1, 20) if args.short else (3, 2, 200)
    started = time.monotonic()
    sink = Sink(answer_delay=0.05)
    workers = 2 if args.short else 4
    stack = start_stack("postgresql", workers, lease_seconds=LEASE_SECONDS, runner=True)
    try:
        tls = tls_files(stack.tmp)  # the relay's certificate, from a CA the runner is told of
        server, port = serve(sink, tls.cert, tls.key)
        stack.env.update(
            WIJKSTEM_SMTP_HOST="127.0.0.1",
            WIJKSTEM_SMTP_PORT=str(port),
            WIJKSTEM_SMTP_CA_FILE=str(tls.ca),
        )
        stack.kill_runner()
        stack.start_runner()  # now with the relay
        round_id = voting_round(stack)
        voting, receipts = vote_through_faults(stack, round_id, web_kills, pg_restarts)
        counting = count_through_a_kill(stack, round_id)
        voting["lost"] += lost_in_the_opening(stack, round_id, receipts)
        mailing = mail_through_a_kill(stack, sink, messages)
        server.shutdown()
    finally:
        stack.stop()
    lost = voting["lost"] + mailing["mail_lost"]
    stuck = counting["stuck"] + mailing["mail_stuck"]
    duplicates = mailing["duplicate_mail"] + counting["duplicate_results"]
    # Only a message in flight when the runner died can be uncertain: at most one per slot.
    too_uncertain = mailing["uncertain_mail"] > RUNNER_SLOTS
    print(
        f"faults: web_workers={workers}, web_kills={web_kills}, "
        f"postgres_restarts={pg_restarts}, runner_kills=2 (count, mail); "
        f"acknowledged: {voting['acknowledged']}; mails: {messages}; "
        f"uncertain_mail: {mailing['uncertain_mail']} "
        f"(arrived: {mailing['uncertain_arrived']}, shown to staff); "
        f"half_done: {voting['half_done']}; seconds: {time.monotonic() - started:.0f}; "
        f"lost: {lost}; stuck: {stuck}; duplicate_mail: {duplicates}"
    )
    return 1 if lost or stuck or duplicates or too_uncertain or voting["half_done"] else 0


if __name__ == "__main__":
    sys.exit(main())
