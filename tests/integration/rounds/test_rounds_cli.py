"""The `wijkstem rounds` command: list as JSON, advance with the web's checks, tick by date."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Awaitable, Callable

from tests.integration.rounds.conftest import events, phase_of

NewRound = Callable[..., Awaitable[int]]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "rounds", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


async def test_list_json_has_the_documented_fields(new_round: NewRound) -> None:
    round_id = await new_round(counting_rule="greedy", title="CLI-lijst 2026")
    done = run("list", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["id"]: row for row in json.loads(done.stdout)}
    row = rows[round_id]
    assert {
        "id",
        "area_code",
        "title",
        "phase",
        "ballot_type",
        "counting_rule",
        "rule_options",
    } == set(row)
    assert (
        row["title"],
        row["phase"],
        row["ballot_type"],
        row["counting_rule"],
        row["rule_options"],
    ) == ("CLI-lijst 2026", "draft", "approval", "greedy", {})
    plain = run("list")
    assert plain.returncode == 0 and "CLI-lijst 2026" in plain.stdout


async def test_advance_moves_one_phase_and_is_audited_as_cli(new_round: NewRound) -> None:
    round_id = await new_round()
    done = run("advance", str(round_id))
    assert done.returncode == 0, done.stderr
    assert await phase_of(round_id) == "proposing"
    last = (await events(round_id))[-1]
    assert (
        last["action"],
        last["actor"],
        last["payload"],
    ) == ("round.phase", "cli", {"from": "draft", "to": "proposing"})


async def test_an_unknown_or_refused_advance_prints_one_line_and_changes_nothing(
    new_round: NewRound,
) -> None:
    unknown = run("advance", "987654321")
    assert unknown.returncode == 2
    assert len(unknown.stderr.strip().splitlines()) == 1 and "987654321" in unknown.stderr
    closed = await new_round("closed")
    before = await events(closed)
    refused = run("advance", str(closed))
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "Traceback" not in refused.stderr
    assert ("closed", before) == (await phase_of(closed), await events(closed))


def test_tick_reports_what_it_moved() -> None:
    done = run("tick")
    assert done.returncode == 0, done.stderr
    assert "phase change(s)" in done.stdout
