"""The engine against pabutools and against the official outcomes on the shared Pabulib files."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pytest
from counting_pabu import DATA, oracle

from ballots import tally_cli
from ballots.counting import count, parse
from ballots.counting.pabulib import Parsed

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/pabulib is not present")
ORACLE = Path(__file__).resolve().parent / "oracle"
APPROVAL = (
    "Netherlands_Assen_2024",
    "Poland_Swiecie_2023",
    "Poland_Wieliczka_2023_Green_Budget",
    "Poland_Warszawa_2024_Mokotow",
    "Poland_Zabrze_2021",
    "US_Stanford_Dataset_PB_Greensboro_District_3_2019_vote_knapsacks",
)
POINTS = (
    "Poland_Katowice_2020",
    "Switzerland_Zurich_D10",
    "US_Stanford_Dataset_PB_Chicago_47th_Ward_2021_vote_rankings",
)
_CACHE: dict[str, Parsed] = {}


def load(name: str) -> Parsed:
    if name not in _CACHE:
        _CACHE[name] = parse((DATA / f"{name}.pb").read_text(encoding="utf-8"))
    return _CACHE[name]


@pytest.mark.parametrize("rule", ["greedy", "mes", "phragmen"])
@pytest.mark.parametrize("name", APPROVAL)
def test_approval_file_matches_pabutools(name: str, rule: str) -> None:
    """greedy, mes and phragmen select exactly what pabutools selects."""
    parsed = load(name)
    assert parsed.instance and parsed.profile
    expected = oracle(rule, parsed.instance, parsed.profile)
    assert expected == sorted(count(parsed.instance, parsed.profile, rule).selected)


@pytest.mark.parametrize("rule", ["greedy", "mes"])
@pytest.mark.parametrize("name", POINTS)
def test_points_file_matches_pabutools(name: str, rule: str) -> None:
    """Points rules (utility = points x cost; ordinal k - position) match pabutools."""
    parsed = load(name)
    assert parsed.instance and parsed.profile
    expected = oracle(rule, parsed.instance, parsed.profile)
    assert expected == sorted(count(parsed.instance, parsed.profile, rule).selected)


ORACLE_CASES = sorted(ORACLE.glob("*.json"))


@pytest.mark.parametrize("path", ORACLE_CASES, ids=[p.stem for p in ORACLE_CASES])
def test_matches_stored_pabutools_oracle(path: Path) -> None:
    """Where pabutools is too slow to run in CI (mes-add1; the 131,778-voter Wroclaw file),
    the engine equals the outcome pabutools produced once (oracle/make_oracle.py)."""
    record = json.loads(path.read_text(encoding="utf-8"))
    if record["selected"] is None:
        pytest.skip(f"pabutools did not finish within {record['abandoned_after_s']} s")
    parsed = load(record["file"])
    assert parsed.instance and parsed.profile
    options = {"exhaustive_stop": record["exhaustive_stop"]} if record["rule"] == "mes-add1" else {}
    result = count(parsed.instance, parsed.profile, record["rule"], **options)
    assert record["selected"] == sorted(result.selected)


@pytest.mark.parametrize("path", ORACLE_CASES, ids=[p.stem for p in ORACLE_CASES])
def test_stored_oracle_says_how_it_was_made(path: Path) -> None:
    """Each stored outcome names the pabutools version and call, the time it took and the
    SHA-256 of its input, which must still be the shared file's: an oracle cannot drift."""
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["pabutools_version"] and record["call"] and record["seconds"] > 0
    data = (DATA / f"{record['file']}.pb").read_bytes()
    assert record["input_sha256"] == hashlib.sha256(data).hexdigest()


EXACT_CASES = [p for p in ORACLE_CASES if "add1" in p.stem and "Mokotow" not in p.stem]


@pytest.mark.parametrize("path", EXACT_CASES, ids=[p.stem for p in EXACT_CASES])
def test_exact_add1_matches_stored_pabutools_oracle(path: Path) -> None:
    """The float-free mode (`exact`, used for the platform's official counts) agrees too."""
    record = json.loads(path.read_text(encoding="utf-8"))
    parsed = load(record["file"])
    assert parsed.instance and parsed.profile
    options = {"exhaustive_stop": record["exhaustive_stop"], "exact": True}
    result = count(parsed.instance, parsed.profile, "mes-add1", **options)
    assert record["selected"] == sorted(result.selected)
    assert result.parameters["exact"] is True


def test_cli_exact_flag_counts_without_floats(capsys: pytest.CaptureFixture[str]) -> None:
    args = tally_cli.main.__globals__["_Parser"]()
    tally_cli._arguments(args)
    path = str(DATA / "Poland_Swiecie_2023.pb")
    assert tally_cli.run(args.parse_args([path, "--rule", "mes-add1", "--exact"])) == 0
    exact = json.loads(capsys.readouterr().out)
    assert tally_cli.run(args.parse_args([path, "--rule", "mes-add1"])) == 0
    fast = json.loads(capsys.readouterr().out)
    assert exact["parameters"]["exact"] is True and fast["parameters"]["exact"] is False
    assert exact["selected"] == fast["selected"]


def _official(name: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    args = tally_cli.main.__globals__["_Parser"]()  # same arguments as the CLI
    tally_cli._arguments(args)
    code = tally_cli.run(args.parse_args([str(DATA / f"{name}.pb"), "--official"]))
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Assen_2024",
        "Poland_Swiecie_2023",
        "Poland_Wieliczka_2023_Green_Budget",
        "Poland_Warszawa_2024_Mokotow",
        "Poland_Katowice_2020",
        "Poland_Wroclaw_2015_150_-_500",
    ],
)
def test_official_outcome_is_reproduced(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--official reproduces the file's own `selected` column and exits 0."""
    code, out = _official(name, capsys)
    official = out["official"]
    assert isinstance(official, dict)
    assert (code, official["matches"], official["missing"], official["extra"]) == (0, True, [], [])


def test_official_without_selected_column_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """Zabrze has no `selected` column: no match is claimed and the exit code is 1."""
    code, out = _official("Poland_Zabrze_2021", capsys)
    official = out["official"]
    assert isinstance(official, dict)
    assert (code, official["matches"]) == (1, None)
    assert "no selected column" in str(official["note"])


def test_run_reports_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    """JSON output carries the documented fields, money as ints."""
    ns = argparse.Namespace(
        file=str(DATA / "Netherlands_Assen_2024.pb"),
        rule="mes-add1",
        official=False,
        tie_break="lexicographic",
        no_exhaustive_stop=False,
        integral_start=False,
        then_greedy=True,
        comparison=None,
        exact=False,
        threshold=None,
        format="json",
        include_invalid=False,
        exclude_invalid=False,
    )
    assert tally_cli.run(ns) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"rule", "parameters", "budget", "selected", "total_cost", "ties", "projects"} <= set(
        out
    )
    assert out["budget"] == 100000
    assert {
        "id",
        "name",
        "cost",
        "score",
        "effective_support",
        "funded",
        "position",
        "reason",
    } <= set(out["projects"][0])
