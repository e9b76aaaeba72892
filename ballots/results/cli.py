"""The `wijkstem count`, `export` and `verify` commands (`worker` lives in app/jobs)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from ballots.results.verify import report, verify

EXPORT_FILES = ("ballots.pb", "certificate.json", "record.pdf", "public-key.pem")


def _with_db(work: Callable[[], Awaitable[int]]) -> int:
    async def run() -> int:
        from app.db import close_pool, start_pool

        await start_pool()
        try:
            return await work()
        finally:
            await close_pool()

    return asyncio.run(run())


def cmd_count(args: argparse.Namespace) -> int:
    """Count a round in the counting phase now, in this process (for operators)."""

    try:
        shares = [Path(name).read_text(encoding="utf-8") for name in args.share or []]
    except (OSError, UnicodeDecodeError) as exc:
        print(f"wijkstem: error: cannot read a share file: {exc}", file=sys.stderr)
        return 2

    async def work() -> int:
        from app.answer import FAILED
        from ballots.box import opening
        from ballots.results import jobs

        if shares:
            opened = await opening.open_box("cli", args.round_id, shares)
            if opened.value is None:
                print(f"wijkstem: error: {opened.message}", file=sys.stderr)
                return 2
            print(f"opened the ballot box of round {args.round_id}: {opened.value.ballots} ballots")
        answer = await jobs.count_now(args.round_id)
        if not answer.ok:
            print(f"wijkstem: error: {answer.message}", file=sys.stderr)
            return 1 if answer.reason == FAILED else 2
        print(f"counted round {args.round_id}: draft result {answer.value}")
        return 0

    return _with_db(work)


def cmd_export(args: argparse.Namespace) -> int:
    """Write ballots.pb, certificate.json and record.pdf of a certified round to a folder."""

    async def work() -> int:
        from ballots.results import queries, record

        found = await queries.certified_export(args.round_id)
        if found is None:
            print(f"round {args.round_id} has no certified result", file=sys.stderr)
            return 2
        certificate, ballots = found
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "ballots.pb").write_text(ballots, encoding="utf-8", newline="")
        (out / "certificate.json").write_text(certificate.published(), encoding="utf-8")
        outcome = await queries.outcome_of(certificate.result_id)
        pdf = record.record_pdf(
            certificate.body,
            certificate.sha256,
            certificate.audit_head,
            outcome,
            certificate.signature,
        )
        (out / "record.pdf").write_bytes(pdf)
        from ballots.results import signing

        key = signing.private_key().public_key()
        (out / "public-key.pem").write_text(signing.public_pem(key), encoding="ascii")
        print(f"wrote {', '.join(str(out / name) for name in EXPORT_FILES)}")
        return 0

    return _with_db(work)


def cmd_verify(args: argparse.Namespace) -> int:
    """Recount the ballot file without any database and compare it with the certificate.

    Exit 0 match, 1 mismatch (the report names each failed check), 2 unreadable input.
    """
    from ballots.results import signing

    key = None
    try:
        ballots = Path(args.ballots).read_text(encoding="utf-8")
        certificate = Path(args.certificate).read_text(encoding="utf-8")
        if args.public_key:
            key = signing.read_public_key(Path(args.public_key).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, signing.SigningKeyError) as exc:
        print(f"wijkstem: error: cannot read the files: {exc}", file=sys.stderr)
        return 2
    expect = (args.expect_certificate_sha256 or "").strip().lower()
    if expect and (len(expect) != 64 or any(c not in "0123456789abcdef" for c in expect)):
        print("wijkstem: error: --expect-certificate-sha256 needs 64 hex digits", file=sys.stderr)
        return 2
    verdict = verify(ballots, certificate, public_key=key, expect_sha256=expect)
    print(report(verdict))
    return verdict.exit_code


def cmd_public_key(args: argparse.Namespace) -> int:
    """Print the public half of the certificate signing key (PEM) and its fingerprint."""
    from ballots.results import signing

    try:
        key = signing.private_key().public_key()
    except signing.SigningKeyError as exc:
        print(f"wijkstem: error: {exc}", file=sys.stderr)
        return 2
    print(signing.public_pem(key), end="")
    print(f"# key id (SHA-256 of the raw key): {signing.key_id(key)}")
    return 0


def cmd_new_key(args: argparse.Namespace) -> int:
    """Make the municipality's signing key in a new file (for WIJKSTEM_SIGNING_KEY_FILE)."""
    from ballots.results import signing

    path = Path(args.out)
    try:
        key = signing.write_new_key(path)
    except FileExistsError:
        print(f"wijkstem: error: {path} exists; a key is never overwritten", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"wijkstem: error: cannot write {path}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"wrote {path} (mode 0600); key id: {signing.key_id(key.public_key())}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the results commands to the CLI."""
    count = subparsers.add_parser("count", help="count a round in the counting phase now")
    count.add_argument("round_id", metavar="ROUND_ID", type=int)
    count.add_argument(
        "--share",
        metavar="FILE",
        action="append",
        help="a certifier's share of the box key; give k of them to open the box first",
    )
    count.set_defaults(func=cmd_count)
    export = subparsers.add_parser("export", help="write a certified round's public export")
    export.add_argument("round_id", metavar="ROUND_ID", type=int)
    export.add_argument("--out", metavar="DIR", required=True)
    export.set_defaults(func=cmd_export)
    check = subparsers.add_parser(
        "verify", help="recount ballots.pb and compare it with certificate.json (no database)"
    )
    check.add_argument("ballots", metavar="BALLOTS_PB")
    check.add_argument("certificate", metavar="CERTIFICATE_JSON")
    check.add_argument(
        "--public-key",
        metavar="FILE",
        help="the municipality's public key (PEM, from /uitslag/sleutel) to check the signature",
    )
    check.add_argument(
        "--expect-certificate-sha256",
        metavar="HEX",
        help="the certificate hash printed on the official record; fail when it differs",
    )
    check.set_defaults(func=cmd_verify)
    certificate = subparsers.add_parser("certificate", help="the certificate signing key")
    actions = certificate.add_subparsers(dest="certificate_command", metavar="ACTION")
    actions.required = True
    public = actions.add_parser("public-key", help="print the public key that checks signatures")
    public.set_defaults(func=cmd_public_key)
    new_key = actions.add_parser("new-key", help="make a new signing key in a new file")
    new_key.add_argument("--out", metavar="FILE", required=True)
    new_key.set_defaults(func=cmd_new_key)
