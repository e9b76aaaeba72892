"""The `wijkstem` command: help on every subcommand, one-line errors, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

COMMANDS = ["serve", "migrate", "demo", "create-user", "check", "audit", "tally"]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    done = run(command, "--help")
    assert done.returncode == 0
    assert "usage: wijkstem" in done.stdout


def test_check_reports_configuration_and_a_healthy_database() -> None:
    done = run("check")
    assert done.returncode == 0, done.stderr
    assert "database:" in done.stdout
    assert "audit chain: ok" in done.stdout


def test_create_user_with_an_unknown_area_prints_one_line_and_stores_nothing() -> None:
    done = run(
        "create-user",
        "--email",
        "nobody-cli@example.org",
        "--role",
        "council",
        "--area",
        "WK999999",
        "--password-stdin",
        stdin="a-good-long-password\n",
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "WK999999" in done.stderr
    again = run(
        "create-user",
        "--email",
        "nobody-cli@example.org",
        "--role",
        "resident",
        "--password-stdin",
        stdin="a-good-long-password\n",
    )
    assert again.returncode == 0, again.stderr  # the failed attempt left no account behind


def test_create_user_refuses_an_unknown_role_and_a_short_password() -> None:
    bad_role = run(
        "create-user",
        "--email",
        "r@example.org",
        "--role",
        "mayor",
        "--password-stdin",
        stdin="a-good-long-password\n",
    )
    assert bad_role.returncode != 0 and "Traceback" not in bad_role.stderr
    short = run(
        "create-user",
        "--email",
        "s@example.org",
        "--role",
        "resident",
        "--password-stdin",
        stdin="short\n",
    )
    assert short.returncode != 0 and "Traceback" not in short.stderr


def test_an_unknown_command_is_a_usage_error() -> None:
    done = run("frobnicate")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_an_unmigrated_database_is_one_line_with_a_hint(tmp_path: object) -> None:
    import os

    env = {**os.environ, "WIJKSTEM_DATA_DIR": str(tmp_path)}
    env.pop("WIJKSTEM_DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "create-user",
            "--email",
            "a@example.org",
            "--role",
            "council",
            "--area",
            "WK001403",
            "--password-stdin",
        ],
        input="a-good-long-password\n",
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=60,
    )
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1 and "wijkstem migrate" in lines[0], done.stderr
