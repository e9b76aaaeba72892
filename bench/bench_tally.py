"""Benchmark: every rule on every shared Pabulib file, against pabutools in the same run.

Run `.venv/bin/python bench/bench_tally.py [--quick] [--cap SECONDS]`. pabutools runs in a
subprocess with a time cap; a run that hits the cap is reported as "> cap". The last line
holds the figures as `name: value; name: value`.

The machine is shared, so seconds move with its load. `calibration_run_cpu_ms` is the CPU time
of one fixed piece of counting work measured in the same run (a float MES run on Toulouse
2024 at its starting share, the mean over CALIBRATION_RUNS runs, at the start and again at
the end); the `..._in_runs` figures divide CPU seconds by it, so they compare across runs of
the benchmark whatever the load.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ballots.counting import Instance, Profile, Project, count, parse  # noqa: E402
from ballots.counting.mes_data import MesData  # noqa: E402
from ballots.counting.mes_float import FloatData, FloatRun  # noqa: E402
from ballots.counting.mes_jit import JitData, available, plain_run  # noqa: E402
from ballots.counting.prepare import prepare  # noqa: E402

DATA = ROOT / ".." / "shared" / "pabulib"
RULES = ("greedy", "greedy-no-skip", "mes", "mes-add1", "phragmen")
MOKOTOW = "Poland_Warszawa_2024_Mokotow"
TOULOUSE = "France_Toulouse_2024"
PABUTOOLS = """
import sys
from pabutools.election import parse_pabulib, Cost_Sat
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen
inst, prof = parse_pabulib(sys.argv[1])
rule = sys.argv[2]
if rule == "greedy": greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)
elif rule == "mes": method_of_equal_shares(inst, prof, sat_class=Cost_Sat)
elif rule == "mes-add1":
    method_of_equal_shares(inst, prof, sat_class=Cost_Sat, voter_budget_increment=1)
else: sequential_phragmen(inst, prof)
"""


CPU: dict[tuple[str, str], float] = {}


def ours(instance: Instance, profile: Profile, rule: str) -> float:
    """Wall-clock seconds (CPU seconds are kept in CPU: the machine is shared)."""
    started, cpu = time.perf_counter(), time.process_time()
    count(instance, profile, rule)
    CPU[(str(instance.budget), rule)] = time.process_time() - cpu
    return time.perf_counter() - started


def theirs(path: Path, rule: str, cap: float) -> float | None:
    """Seconds pabutools takes, reading the file included; None past the cap."""
    started = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "-c", PABUTOOLS, str(path), rule],
            check=True,
            timeout=cap,
            capture_output=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - started


def scaled(instance: Instance, factor: int) -> Instance:
    """The same election with money multiplied (forint-like amounts: many more Add1 steps)."""
    projects = tuple(Project(p.id, p.cost * factor, p.name) for p in instance.projects)
    return Instance(instance.budget * factor, projects, instance.kind, instance.constraints)


SCALED = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from ballots.counting import count, parse
sys.path.insert(0, sys.argv[1] + "/bench")
from bench_tally import scaled
import time
from bench_tally import jit_warmup
jit_warmup()
parsed = parse(Path(sys.argv[2]).read_text(encoding="utf-8"))
instance = scaled(parsed.instance, int(sys.argv[3]))
started, cpu = time.perf_counter(), time.process_time()
notes = count(instance, parsed.profile, "mes-add1").notes
print(f"{time.perf_counter() - started} {time.process_time() - cpu}")
print(notes[0])
"""
SCALED_CPU: dict[int, float] = {}


def scaled_add1(factor: int, cap: float) -> float | None:
    """Seconds for mes-add1 on Mokotow with money x factor, in a subprocess capped at `cap`
    (the count alone, without reading the file; its CPU seconds go to SCALED_CPU)."""
    path = DATA / f"{MOKOTOW}.pb"
    try:
        done = subprocess.run(
            [sys.executable, "-c", SCALED, str(ROOT), str(path), str(factor)],
            check=True,
            timeout=cap,
            capture_output=True,
            text=True,
        )
    except subprocess.TimeoutExpired:
        print(f"Mokotow with money x{factor}: mes-add1 did not finish within {cap:.0f} s")
        return None
    timing, note = done.stdout.strip().split("\n", 1)
    wall, SCALED_CPU[factor] = (float(part) for part in timing.split())
    print(f"Mokotow with money x{factor}: {note}")
    return wall


HOSTILE = (
    "META\nkey;value\nvote_type;cumulative\nbudget;{budget}\nmax_length;{length}\n"
    "PROJECTS\nproject_id;cost\na;{cost}\nVOTES\nvoter_id;vote;points\n1;a;{points}\n"
)


def reject_hostile() -> float:
    """The slowest rejection (best of five tries each), in seconds, of small files built to
    make a reader stall."""
    cases = [
        {"budget": "1e6000000"},
        {"budget": "9" * 100},
        {"cost": "0." + "0" * 90 + "1"},
        {"length": "1e999999999"},
        {"points": "1" * 100},
        {"cost": "1/" + "7" * 90},
    ]
    slowest = 0.0
    for case in cases:
        text = HOSTILE.format(**({"budget": "1", "length": "1", "cost": "1", "points": "1"} | case))
        best = float("inf")
        for _ in range(5):  # best of five: the machine is shared
            started = time.perf_counter()
            parsed = parse(text)
            best = min(best, time.perf_counter() - started)
        slowest = max(slowest, best)
        assert parsed.problems and len(text) <= 250, text
    return slowest


CALIBRATION_RUNS = 50


def jit_warmup() -> float:
    """CPU seconds to load the compiled float run (ballots/counting/mes_kernel.py: importing
    Numba and its cached machine code, or compiling it on a first run after a change), once
    per process; done before anything is timed, so every count is timed in a warm process,
    as in the platform's long-lived worker. Reported as `jit_warmup_cpu_s`."""
    started = time.process_time()
    parsed = parse((DATA / "Netherlands_Assen_2024.pb").read_text(encoding="utf-8"))
    assert parsed.instance and parsed.profile
    data = MesData.build(prepare(parsed.instance, parsed.profile))
    if available():
        plain_run(JitData(FloatData(data)), float(data.tally.budget / data.tally.voters))
    return time.process_time() - started


def calibration() -> float:
    """CPU seconds of one float MES run on Toulouse 2024 at its starting share (mean of
    CALIBRATION_RUNS): the unit of the `..._in_runs` figures."""
    parsed = parse((DATA / f"{TOULOUSE}.pb").read_text(encoding="utf-8"))
    assert parsed.instance and parsed.profile
    tally = prepare(parsed.instance, parsed.profile)
    fd = FloatData(MesData.build(tally))
    share = tally.budget / tally.voters
    started = time.process_time()
    for _ in range(CALIBRATION_RUNS):
        FloatRun(fd, share).run()
    return (time.process_time() - started) / CALIBRATION_RUNS


def fmt(value: float | None, cap: float) -> str:
    return f">{cap:.0f}" if value is None else f"{value:.2f}"


def in_runs(figures: dict[str, str], unit: float, factors: tuple[int, ...]) -> None:
    """Add the `..._in_runs` figures: CPU seconds over one calibration run."""
    figures["calibration_run_cpu_ms"] = f"{unit * 1000:.2f}"
    for name, cpu_s in (
        ("mes_add1_toulouse2024", figures.get("mes_add1_toulouse2024_cpu_s")),
        ("mes_add1_mokotow", figures.get("mes_add1_mokotow_cpu_s")),
        ("max_add1_shared", figures.get("max_add1_shared_cpu_s")),
        *((f"mokotow_x{f}_add1", figures.get(f"mokotow_x{f}_add1_cpu_s")) for f in factors),
    ):
        if cpu_s is not None:
            figures[f"{name}_in_runs"] = f"{float(cpu_s) / unit:.0f}"


def add1_table(cap: float) -> None:
    """`--add1`: mes-add1 alone on every shared file and on Mokotow with money x1000, no
    pabutools; one line per file (seconds, CPU seconds, the same in calibration runs)."""
    warmup = jit_warmup()
    figures: dict[str, str] = {}
    unit_before = calibration()
    rows: list[tuple[str, float, float, str]] = []
    for path in sorted(DATA.glob("*.pb")):
        parsed = parse(path.read_text(encoding="utf-8"))
        assert parsed.instance and parsed.profile
        started, cpu = time.perf_counter(), time.process_time()
        result = count(parsed.instance, parsed.profile, "mes-add1")
        cpu, wall = time.process_time() - cpu, time.perf_counter() - started
        rows.append((path.stem, wall, cpu, result.notes[0] if result.notes else ""))
        if path.stem == TOULOUSE:
            figures["mes_add1_toulouse2024_s"] = f"{wall:.2f}"
            figures["mes_add1_toulouse2024_cpu_s"] = f"{cpu:.2f}"
        if path.stem == MOKOTOW:
            figures["mes_add1_mokotow_s"] = f"{wall:.2f}"
            figures["mes_add1_mokotow_cpu_s"] = f"{cpu:.2f}"
    figures["max_add1_shared_s"] = f"{max(r[1] for r in rows):.2f}"
    figures["max_add1_shared_cpu_s"] = f"{max(r[2] for r in rows):.2f}"
    figures["mokotow_x1000_add1_s"] = fmt(scaled_add1(1000, cap), cap)
    if 1000 in SCALED_CPU:
        figures["mokotow_x1000_add1_cpu_s"] = f"{SCALED_CPU[1000]:.2f}"
    unit = (unit_before + calibration()) / 2
    print(f"{'file':<42} {'wall s':>8} {'cpu s':>8} {'in runs':>8}  note")
    for name, wall, cpu, note in rows:
        print(f"{name[:42]:<42} {wall:8.2f} {cpu:8.2f} {cpu / unit:8.0f}  {note}")
    in_runs(figures, unit, (1000,))
    figures["peak_mb"] = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
    figures["jit_warmup_cpu_s"] = f"{warmup:.2f}"
    print("; ".join(f"{k}: {v}" for k, v in figures.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="three files, pabutools capped at 10 s"
    )
    parser.add_argument(
        "--add1", action="store_true", help="mes-add1 alone on every shared file (no pabutools)"
    )
    parser.add_argument("--cap", type=float, default=60.0)
    args = parser.parse_args()
    if args.add1:
        add1_table(max(args.cap, 600.0))
        return
    cap = 10.0 if args.quick else args.cap
    files = sorted(DATA.glob("*.pb"))
    if args.quick:
        files = [f for f in files if f.stem in ("Netherlands_Assen_2024", MOKOTOW, TOULOUSE)]
    warmup = jit_warmup()
    figures: dict[str, str] = {}
    unit_before = calibration()
    wroclaw_max, add1_max, add1_max_cpu = 0.0, 0.0, 0.0
    print(f"{'file':<42} {'rule':<15} {'ours s':>8} {'cpu s':>8} {'pabutools s':>12} {'ratio':>8}")
    for path in files:
        parsed = parse(path.read_text(encoding="utf-8"))
        assert parsed.instance and parsed.profile
        approval = parsed.instance.kind in ("approval", "choose-1")
        for rule in RULES:
            if rule == "phragmen" and not approval:
                continue
            mine = ours(parsed.instance, parsed.profile, rule)
            ref = theirs(path, rule, cap) if rule != "greedy-no-skip" and approval else None
            skip = rule == "greedy-no-skip" or not approval
            ratio = "-" if skip else (f">{cap / mine:.0f}" if ref is None else f"{ref / mine:.0f}")
            theirs_text = "-" if skip else fmt(ref, cap)
            cpu = CPU[(str(parsed.instance.budget), rule)]
            print(
                f"{path.stem[:42]:<42} {rule:<15} {mine:8.2f} {cpu:8.2f} {theirs_text:>12} "
                f"{ratio:>8}",
                flush=True,
            )
            if rule == "mes-add1":
                add1_max, add1_max_cpu = max(add1_max, mine), max(add1_max_cpu, cpu)
            if path.stem == TOULOUSE and rule == "mes-add1":
                figures["mes_add1_toulouse2024_s"] = f"{mine:.2f}"
                figures["mes_add1_toulouse2024_cpu_s"] = f"{cpu:.2f}"
            if path.stem == MOKOTOW and rule == "mes-add1":
                figures["mes_add1_mokotow_s"] = f"{mine:.2f}"
                figures["mes_add1_mokotow_cpu_s"] = f"{cpu:.2f}"
                figures["pabutools_mes_add1_mokotow_s"] = fmt(ref, cap)
                figures["speedup_mokotow"] = ratio
                started = time.perf_counter()
                count(parsed.instance, parsed.profile, rule, exact=True)
                figures["mes_add1_mokotow_exact_s"] = f"{time.perf_counter() - started:.2f}"
            if path.stem.startswith("Poland_Wroclaw"):
                wroclaw_max = max(wroclaw_max, mine)
    if not args.quick:
        figures["wroclaw_max_rule_s"] = f"{wroclaw_max:.2f}"
        figures["max_add1_shared_s"] = f"{add1_max:.2f}"
        figures["max_add1_shared_cpu_s"] = f"{add1_max_cpu:.2f}"
    factors = (10,) if args.quick else (100, 1000)
    for factor in factors:
        figures[f"mokotow_x{factor}_add1_s"] = fmt(scaled_add1(factor, cap), cap)
        if factor in SCALED_CPU:
            figures[f"mokotow_x{factor}_add1_cpu_s"] = f"{SCALED_CPU[factor]:.2f}"
    figures["reject_hostile_max_s"] = f"{reject_hostile():.4f}"
    unit = (unit_before + calibration()) / 2
    in_runs(figures, unit, factors)
    figures["peak_mb"] = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
    figures["jit_warmup_cpu_s"] = f"{warmup:.2f}"
    print("; ".join(f"{k}: {v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
