"""Compute pabutools' MES+Add1 outcomes once and store them as JSON test oracles.

Run from the repository root:
`.venv/bin/python tests/unit/counting/oracle/make_oracle.py [--cap SECONDS] [--only TEXT]`.
Each case runs in its own process and is abandoned after the cap (default 1200 s); abandoned
cases are recorded as such and the tests skip them. Every record holds the pabutools
version, the exact call (`call`), the input file's SHA-256 (`input_sha256`; a test checks it
against the file) and the seconds pabutools took.
exhaustive_stop on is pabutools' own `voter_budget_increment=1`; off is the same inner
MES stepped by one unit until the outcome overspends (pabutools has no switch for it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[3] / ".." / "shared" / "pabulib"
LARGE = "Poland_Wroclaw_2015_150_-_500"  # pabutools needs about a minute just to read it
TOULOUSE = "France_Toulouse_2024"  # 183 projects: pabutools' Add1 takes very long
PLAIN_RULES = ("greedy", "mes", "phragmen")
READ = "instance, profile = pabutools.election.parse_pabulib(path); "
CALLS = {
    "greedy": READ + "greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)",
    "mes": READ + "method_of_equal_shares(instance, profile, sat_class=Cost_Sat)",
    "phragmen": READ + "sequential_phragmen(instance, profile)",
    "add1_stop": READ + "method_of_equal_shares(instance, profile, sat_class=Cost_Sat, "
    "voter_budget_increment=1)",
    "add1_nostop": READ + "share = budget_limit / num_ballots; repeat "
    "method_of_equal_shares_scheme(instance, profile, profile.as_sat_profile(Cost_Sat), share, "
    "BudgetAllocation(), lexico_tie_breaking, binary_sat=True), share += 1, until the outcome "
    "overspends (keep the one before) or selects every supported project",
}


def sha256(path: Path) -> str:
    """The SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


FILES = (
    "Netherlands_Assen_2024",
    "Poland_Swiecie_2023",
    "Poland_Wieliczka_2023_Green_Budget",
    "Poland_Warszawa_2024_Mokotow",
)


def _pabutools_add1(path: str, exhaustive_stop: bool) -> list[str]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.fractions import frac
    from pabutools.rules import method_of_equal_shares
    from pabutools.rules.budgetallocation import BudgetAllocation
    from pabutools.rules.mes.mes_rule import method_of_equal_shares_scheme
    from pabutools.tiebreaking import lexico_tie_breaking

    instance, profile = parse_pabulib(path)
    if exhaustive_stop:
        outcome = method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
        )
        return sorted(p.name for p in outcome)
    share, previous = frac(instance.budget_limit, profile.num_ballots()), BudgetAllocation()
    sat = profile.as_sat_profile(Cost_Sat)
    supported = [p for p in instance if profile.approval_score(p) > 0 and p.cost > 0]
    while True:
        outcome = method_of_equal_shares_scheme(
            instance, profile, sat, share, BudgetAllocation(), lexico_tie_breaking, binary_sat=True
        )
        if not instance.is_feasible(outcome):
            return sorted(p.name for p in previous)
        if len(outcome) == len(supported):
            return sorted(p.name for p in outcome)
        previous, share = outcome, share + 1


def _pabutools_plain(path: str, rule: str) -> list[str]:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import (
        greedy_utilitarian_welfare,
        method_of_equal_shares,
        sequential_phragmen,
    )

    instance, profile = parse_pabulib(path)
    if rule == "greedy":
        return sorted(
            p.name for p in greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        )
    if rule == "mes":
        return sorted(p.name for p in method_of_equal_shares(instance, profile, sat_class=Cost_Sat))
    return sorted(p.name for p in sequential_phragmen(instance, profile))


def _worker(path: str, rule: str, exhaustive_stop: bool, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    if rule == "mes-add1":
        queue.put(_pabutools_add1(path, exhaustive_stop))
    else:
        queue.put(_pabutools_plain(path, rule))


def _cases() -> list[tuple[str, str, bool, Path]]:
    cases = []
    for name in FILES:
        for stop in (True, False):
            cases.append(
                (name, "mes-add1", stop, HERE / f"{name}__add1_{'stop' if stop else 'nostop'}.json")
            )
    for name in (LARGE, TOULOUSE):
        for rule in PLAIN_RULES:
            cases.append((name, rule, True, HERE / f"{name}__{rule}.json"))
    for stop in (True, False):
        suffix = "stop" if stop else "nostop"
        cases.append((TOULOUSE, "mes-add1", stop, HERE / f"{TOULOUSE}__add1_{suffix}.json"))
    return cases


DERIVED_CALL = (
    "derived from {stop}: pabutools' voter_budget_increment loop (mes_rule.py) returns the "
    "outcome before the first infeasible one, or the first exhaustive one; "
    "instance.is_exhaustive(stop_outcome, available_projects=[supported projects of positive "
    "cost]) is False, so the stop-on run ended at an infeasible step, every step before it was "
    "feasible and not exhaustive, and the step-until-overspending loop of add1_nostop stops at "
    "the same step with the same outcome"
)


def derive_nostop(name: str) -> None:
    """Store `name`'s add1_nostop outcome derived from its stored add1_stop record, when
    that record's outcome is not exhaustive (then both loops end at the same infeasible step:
    see DERIVED_CALL). For Toulouse 2024, whose direct loop did not finish in 6,000 s."""
    from pabutools.election import parse_pabulib

    stop_path = HERE / f"{name}__add1_stop.json"
    stop = json.loads(stop_path.read_text(encoding="utf-8"))
    path = DATA / f"{name}.pb"
    assert stop["input_sha256"] == sha256(path), "the stop record is for another file"
    started = time.monotonic()
    instance, profile = parse_pabulib(str(path))
    chosen = [p for p in instance if p.name in set(stop["selected"])]
    supported = [p for p in instance if profile.approval_score(p) > 0 and p.cost > 0]
    if instance.is_exhaustive(chosen, available_projects=supported):
        raise SystemExit(f"{name}: the stop-on outcome is exhaustive, nothing can be derived")
    record = {
        "file": name,
        "rule": "mes-add1",
        "exhaustive_stop": False,
        "pabutools_version": version("pabutools"),
        "call": DERIVED_CALL.format(stop=stop_path.name),
        "input_sha256": sha256(path),
        "seconds": round(stop["seconds"] + time.monotonic() - started, 1),
        "selected": stop["selected"],
    }
    target = HERE / f"{name}__add1_nostop.json"
    target.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(name, "add1_nostop derived from add1_stop", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cap", type=float, default=1200.0)
    parser.add_argument("--only", help="run only cases whose file name contains this text")
    parser.add_argument("--derive-nostop", metavar="NAME", help="see derive_nostop")
    args = parser.parse_args()
    if args.derive_nostop:
        derive_nostop(args.derive_nostop)
        return
    for name, rule, exhaustive_stop, target in _cases():
        if target.exists() or (args.only and args.only not in name):
            continue
        queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        started = time.monotonic()
        path = DATA / f"{name}.pb"
        worker = multiprocessing.Process(
            target=_worker, args=(str(path), rule, exhaustive_stop, queue)
        )
        worker.start()
        worker.join(args.cap)
        seconds = round(time.monotonic() - started, 1)
        record = {
            "file": name,
            "rule": rule,
            "exhaustive_stop": exhaustive_stop,
            "pabutools_version": version("pabutools"),
            "call": CALLS[
                rule if rule != "mes-add1" else f"add1_{'stop' if exhaustive_stop else 'nostop'}"
            ],
            "input_sha256": sha256(path),
            "seconds": seconds,
        }
        if worker.is_alive():
            worker.terminate()
            record |= {"selected": None, "abandoned_after_s": args.cap}
        else:
            record["selected"] = queue.get()
        target.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        print(
            name,
            rule,
            exhaustive_stop,
            seconds,
            "abandoned" if record["selected"] is None else "done",
            flush=True,
        )


if __name__ == "__main__":
    main()
