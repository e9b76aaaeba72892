"""The `wijkstem` command: serve, migrate, demo, create-user, check, audit verify, and modules'."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import shutil
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path

from app.settings import SettingsError


class CliError(Exception):
    """A problem to report as one line on stderr, with a non-zero exit."""


def _run(coro: Coroutine[object, object, int]) -> int:
    return asyncio.run(coro)


async def _with_db(work: Callable[[], Coroutine[object, object, int]]) -> int:
    from app.db import close_pool, start_pool

    await start_pool()
    try:
        return await work()
    finally:
        await close_pool()


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the web application with uvicorn."""
    from app.logs import configure_logging
    from app.serving import run
    from app.settings import get_settings

    # Links in mail and CSVs follow the address served on, unless WIJKSTEM_BASE_URL says otherwise.
    os.environ["HOST"], os.environ["PORT"] = args.host, str(args.port)
    settings = get_settings()  # fail early, with one line, on a bad configuration
    configure_logging()
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics_dir = settings.data_dir / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)  # every worker adds up
    trusted = list(settings.trusted_proxies)
    run(
        "app.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=None,
        access_log=False,
        # Only WIJKSTEM_TRUSTED_PROXIES may name the client (none by default); the app's
        # client_address helper applies the same rule. uvicorn's access log is off: it would
        # log addresses and full paths (app/logs.py logs the route and status instead).
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        log_level="info",
    )
    return 0


async def migrate() -> int:
    """Apply every pending migration; on SQLite switch the journal to WAL."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.db import DB, is_sqlite

    result = await run_forwards(app_name="all")
    if not result.success:
        raise CliError(f"migration failed: {result.message}")
    if is_sqlite():
        await DB.run_ddl("PRAGMA journal_mode=WAL")
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply migrations."""
    return _run(_with_db(migrate))


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the Groningen demo data (idempotent)."""
    from app.demo import load_demo

    async def work() -> int:
        summary = await load_demo()
        print(summary)
        return 0

    return _run(_with_db(work))


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != password:
            raise CliError("the passwords do not match")
    if not password:
        raise CliError("no password given (type it at the prompt or pipe it on stdin)")
    return password


def cmd_create_user(args: argparse.Namespace) -> int:
    """Create a confirmed account with a role; the password comes from stdin or a prompt."""
    from app.accounts import services

    password = _read_password(args.password_stdin)

    async def work() -> int:
        answer = await services.create_user_with_role(
            email=args.email,
            name=args.name or args.email.split("@")[0],
            password=password,
            role=args.role,
            area_code=args.area or "",
            postcode=args.postcode or "",
        )
        if not answer.ok:
            raise CliError("; ".join(answer.problems.values()))
        print(f"created {args.email} with role {args.role}")
        return 0

    return _run(_with_db(work))


def cmd_check(args: argparse.Namespace) -> int:
    """Check the configuration and the database."""
    from app.settings import get_settings

    settings = get_settings()

    async def work() -> int:
        from app.audit import services as audit

        engine = "postgresql" if settings.is_postgres else f"sqlite ({settings.sqlite_path})"
        print(f"environment: {settings.env}")
        print(f"data directory: {settings.data_dir}")
        print(f"database: {engine}")
        try:
            verdict = await audit.verify_chain()
        except Exception as exc:  # any database failure is reported as one line
            raise CliError(f"database not reachable or not migrated: {exc}") from exc
        print(f"audit chain: {'ok' if verdict.ok else 'BROKEN'} ({verdict.length} events)")
        return 0 if verdict.ok else 1

    return _run(_with_db(work))


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Recompute the audit chain and report the first broken link."""

    async def work() -> int:
        from app.audit import services as audit

        verdict = await audit.verify_chain(expect_head=args.expect_head)
        if verdict.ok:
            print(f"ok: {verdict.length} events, head {verdict.head_hash}")
            return 0
        if verdict.broken_height is None:
            print(f"broken: {verdict.reason}")
        else:
            print(
                f"broken at event {verdict.broken_height}: {verdict.reason} "
                f"({verdict.length} events verified before it)"
            )
        return 1

    return _run(_with_db(work))


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent backup of the database to a new file."""
    from app.backup import BackupError, backup
    from app.settings import get_settings

    try:
        backup(get_settings(), Path(args.out))
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"wrote backup {args.out}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Load a backup into an empty database, then check the audit chain."""
    from app.backup import BackupError, restore
    from app.settings import get_settings

    try:
        restore(get_settings(), Path(args.file))
    except BackupError as exc:
        raise CliError(str(exc)) from exc
    print(f"restored {args.file}")
    return cmd_audit_verify(argparse.Namespace(expect_head=None))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand, including those the modules register."""
    parser = argparse.ArgumentParser(
        prog="wijkstem", description="Wijkstem: participatory budgeting for neighbourhoods."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    serve = sub.add_parser("serve", help="serve the web application")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=1, help="number of worker processes")
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    backup = sub.add_parser("backup", help="write a consistent backup of the database")
    backup.add_argument("--out", metavar="FILE", required=True, help="a new file")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="load a backup into an empty database")
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(func=cmd_restore)
    sub.add_parser("demo", help="load the Groningen demo data (idempotent)").set_defaults(
        func=cmd_demo
    )

    create = sub.add_parser(
        "create-user", help="create a confirmed account with a role (password from stdin/prompt)"
    )
    create.add_argument("--email", required=True)
    create.add_argument("--role", required=True, help="resident, council, staff, certifier, admin")
    create.add_argument("--area", help="area code (required for council members)")
    create.add_argument("--name", help="display name (default: the part before @)")
    create.add_argument("--postcode", help="postcode, e.g. 9712AB")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    create.set_defaults(func=cmd_create_user)

    sub.add_parser("check", help="check configuration and database health").set_defaults(
        func=cmd_check
    )

    audit = sub.add_parser("audit", help="audit chain tools")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION")
    audit_sub.required = True
    verify = audit_sub.add_parser("verify", help="recompute the chain")
    verify.add_argument(
        "--expect-head", metavar="HASH", help="a head hash noted earlier that must still be in it"
    )
    verify.set_defaults(func=cmd_audit_verify)

    from app.modules import load_modules

    for module in load_modules():
        if module.cli is not None:
            module.cli(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `wijkstem` console script."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.func(args))
    except (CliError, SettingsError) as exc:
        print(f"wijkstem: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one line, never a traceback, unless asked for
        if os.environ.get("WIJKSTEM_DEBUG"):
            raise
        hint = ""
        if "no such table" in str(exc) or "does not exist" in str(exc):
            hint = " (is the database migrated? run `wijkstem migrate`)"
        elif isinstance(exc, OSError):
            hint = " (is the database reachable?)"
        print(f"wijkstem: error: {type(exc).__name__}: {exc}{hint}", file=sys.stderr)
        return 1
