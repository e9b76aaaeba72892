"""`wijkstem codes generate`: plain codes exist only in the CSV; the database keeps hashes."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from ballots.box.tables import VotingCode


def codes(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "codes", "generate", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


async def test_generated_codes_are_written_once_and_stored_only_as_hashes(
    voting_round: Callable[..., Awaitable[Any]], tmp_path: Path
) -> None:
    ballot_round = await voting_round(codes=0)
    target = tmp_path / "codes.csv"
    done = codes(str(ballot_round.id), "--count", "5", "--csv", str(target))
    assert done.returncode == 0, done.stderr
    with target.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    plain = [row["code"] for row in rows]
    assert len(set(plain)) == 5
    stored = await VotingCode.select().where(VotingCode.round == ballot_round.id)
    assert len(stored) == 5
    dumped = repr(stored)
    assert not any(code in dumped or code.replace("-", "") in dumped for code in plain)
    again = codes(str(ballot_round.id), "--count", "5", "--csv", str(target))
    assert again.returncode != 0 and "already exists" in again.stderr  # never overwritten


async def test_codes_per_address_and_a_bsn_column_is_refused(
    voting_round: Callable[..., Awaitable[Any]], tmp_path: Path
) -> None:
    ballot_round = await voting_round(codes=0)
    addresses = tmp_path / "addresses.csv"
    addresses.write_text("postcode,house_number,name\n9742 AB,12,J. de Boer\n9742AC,3,\n")
    target = tmp_path / "letters.csv"
    done = codes(str(ballot_round.id), "--addresses", str(addresses), "--csv", str(target))
    assert done.returncode == 0, done.stderr
    assert len(target.read_text().strip().splitlines()) == 3  # header and two codes
    stored = await VotingCode.select(VotingCode.postcode, VotingCode.house_number).where(
        VotingCode.round == ballot_round.id
    )
    assert sorted((row["postcode"], row["house_number"]) for row in stored) == [
        ("9742AB", "12"),
        ("9742AC", "3"),
    ]
    with_bsn = tmp_path / "bsn.csv"
    with_bsn.write_text("postcode,house_number,bsn\n9742AB,1,123456782\n")
    refused = codes(
        str(ballot_round.id), "--addresses", str(with_bsn), "--csv", str(tmp_path / "x.csv")
    )
    assert refused.returncode != 0
    assert "bsn" in refused.stderr.lower() and "Traceback" not in refused.stderr
    assert not (tmp_path / "x.csv").exists()
