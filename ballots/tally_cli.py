"""The `wijkstem tally` command: count a .pb file by a rule, or check its official outcome."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from app.jsontypes import JSONObject
from ballots.counting import (
    CountingError,
    TieBreakError,
    UnknownRuleError,
    count,
    invalid_ballots,
    parse,
    to_json,
    to_text,
)
from ballots.counting.model import Instance, Profile
from ballots.counting.pabulib import Limits
from ballots.counting.rules import RULES, Option
from ballots.counting.validate import without

OFFICIAL: dict[str, tuple[str, dict[str, Option], str]] = {
    "greedy": ("greedy", {}, ""),
    "greedy-no-skip": ("greedy-no-skip", {}, ""),
    "greedy-threshold": ("greedy-threshold", {}, ""),
    "greedy-exclusive": (
        "greedy",
        {},
        "greedy-exclusive (Warsaw) is greedy that also skips projects excluded by a funded one; "
        "the file carries no exclusions, so it is counted as plain greedy",
    ),
    "equalshares": ("mes", {}, ""),
    "equalshares/add1": ("mes-add1", {}, ""),
    "equalshares/add1-comparison": (
        "mes-add1",
        {"exhaustive_stop": False, "comparison": "satisfaction"},
        "add1-comparison: Add1 without the exhaustive stop, "
        "then compared with greedy by satisfaction",
    ),
}


class _ParserError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _ParserError(message)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `tally` subcommand to a CLI."""
    parser = subparsers.add_parser("tally", help="count a Pabulib .pb file", description=__doc__)
    _arguments(parser)
    parser.set_defaults(func=run)


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a Pabulib .pb file")
    parser.add_argument("--rule", help=f"one of {', '.join(RULES)}")
    parser.add_argument(
        "--official", action="store_true", help="apply META rule, compare with `selected`"
    )
    parser.add_argument(
        "--tie-break", default="lexicographic", help="lexicographic, equalshares or lot:SEED"
    )
    parser.add_argument(
        "--no-exhaustive-stop", action="store_true", help="mes-add1: go on past exhaustive"
    )
    parser.add_argument(
        "--integral-start", action="store_true", help="mes-add1: start at floor(budget/voters)"
    )
    parser.add_argument(
        "--then-greedy", action="store_true", help="mes-add1: fill what is left greedily"
    )
    parser.add_argument("--comparison", help="mes-add1: satisfaction or exclusion-ratio")
    parser.add_argument(
        "--exact", action="store_true", help="mes-add1: exact runs only (slower, no floats)"
    )
    parser.add_argument("--threshold", type=int, help="greedy-threshold: minimum score")
    parser.add_argument("--format", choices=("json", "text"), default="json")
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=Limits.max_bytes,
        help=f"refuse larger files (default {Limits.max_bytes} bytes)",
    )
    parser.add_argument(
        "--max-line",
        type=int,
        default=Limits.max_line,
        help=f"refuse files with longer lines (default {Limits.max_line} characters)",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--include-invalid", action="store_true", help="count ballots that break META rules"
    )
    group.add_argument(
        "--exclude-invalid", action="store_true", help="drop ballots that break META rules"
    )


def _options(args: argparse.Namespace) -> dict[str, Option]:
    options: dict[str, Option] = {}
    if args.no_exhaustive_stop:
        options["exhaustive_stop"] = False
    if args.integral_start:
        options["integral_start"] = True
    if args.then_greedy:
        options["then_greedy"] = True
    if args.comparison is not None:
        options["comparison"] = args.comparison
    if args.exact:
        options["exact"] = True
    if args.threshold is not None:
        options["threshold"] = args.threshold
    return options


def _fail(message: str) -> int:
    print(f"wijkstem tally: {message}", file=sys.stderr)
    return 2


def _ballots(args: argparse.Namespace, instance: Instance, profile: Profile) -> Profile | None:
    bad = invalid_ballots(instance, profile)
    if not bad or args.include_invalid:
        return profile
    if args.exclude_invalid:
        return without(profile, {at for at, _, _ in bad})
    for _, voter, problems in bad:
        print(f"voter {voter}: {'; '.join(problems)}", file=sys.stderr)
    print(
        f"{len(bad)} ballots break the META rules; choose --include-invalid or --exclude-invalid",
        file=sys.stderr,
    )
    return None


def run(args: argparse.Namespace) -> int:
    """Run the command and return its exit code.

    0: counted (and, with --official, the outcome matches); 1: --official does not match or
    cannot be compared; 2: unreadable or malformed file, refused ballots, bad rule or option.
    """
    limits = Limits(
        getattr(args, "max_bytes", Limits.max_bytes), getattr(args, "max_line", Limits.max_line)
    )
    try:
        size = Path(args.file).stat().st_size
        if size > limits.max_bytes:
            return _fail(
                f"{args.file} has {size} bytes, more than the limit of {limits.max_bytes} "
                "(raise it with --max-bytes)"
            )
        data = Path(args.file).read_bytes()
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error}")
    parsed = parse(data, limits)
    if parsed.problems or parsed.instance is None or parsed.profile is None or parsed.file is None:
        for line, message in parsed.problems:
            print(f"{args.file}:{line}: {message}", file=sys.stderr)
        return 2
    profile = _ballots(args, parsed.instance, parsed.profile)
    if profile is None:
        return 2
    rule, options, note = args.rule, _options(args), ""
    if args.official:
        meta_rule = parsed.file.meta_value("rule") or ""
        if meta_rule not in OFFICIAL:
            return _fail(f"META rule {meta_rule!r} is not one this engine can reproduce")
        rule, extra, note = OFFICIAL[meta_rule]
        options = {**extra, **options}
    if rule is None:
        return _fail("give --rule RULE or --official")
    try:
        result = count(parsed.instance, profile, rule, args.tie_break, **options)
    except (UnknownRuleError, TieBreakError, CountingError) as error:
        return _fail(str(error))
    output = to_json(result)
    code = 0
    if args.official:
        expected = parsed.file.selected()
        got = set(result.selected)
        official: JSONObject = {"meta_rule": parsed.file.meta_value("rule"), "note": note}
        if expected is None:
            official |= {"matches": None, "expected_selected": None, "missing": [], "extra": []}
            official["note"] = (
                note + "; " if note else ""
            ) + "the file has no selected column to compare with"
            code = 1
        else:
            missing = sorted(set(expected) - got)
            surplus = sorted(got - set(expected))
            official |= {
                "matches": not missing and not surplus,
                "expected_selected": list(expected),
            }
            official |= {"missing": missing, "extra": surplus}
            code = 0 if official["matches"] else 1
        output["official"] = official
    if args.format == "json":
        print(json.dumps(output, ensure_ascii=False, indent=2))
    else:
        print(to_text(result))
        if "official" in output:
            print(f"official: {json.dumps(output['official'], ensure_ascii=False)}")
    return code


def main(argv: list[str] | None = None) -> int:
    """Parse arguments as `wijkstem tally` does and run; bad arguments exit 2 in one line."""
    parser = _Parser(prog="wijkstem tally", description=__doc__)
    _arguments(parser)
    try:
        args = parser.parse_args(argv)
    except _ParserError as error:
        return _fail(str(error))
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
