"""How much slower tiktok-earnings starts than a bare Typer app with the same interface.

Each measurement is the wall time of a fresh subprocess, from spawn to exit, run by the
same interpreter as this script. Two programs are compared:

- the tool, through its installed console script (`tiktok-earnings`, next to the
  interpreter), run as `python <console script> ...`;
- the floor, `benchmarks/floor_app.py`: the tool's own Typer app, rebuilt with commands that
  do nothing (same commands, options and help texts, so it cannot drift). Its cost is what
  Typer and the CLI's declaration cost to start, which this interface cannot go below; the
  core, which the commands import inside their bodies, is not part of it.

Everything the tool does on top of the floor (reading YAML, validation, the rate catalogue,
the calculation, the output) should cost at most a quarter of it: the target is
`run --format json` ≤ 1.25× the floor, compared by medians. The console script wrapper
adds a little of its own (a script to compile, `re` to import, argv to rewrite), which
counts against the tool, so the comparison is conservative.

Both run with cached bytecode, as an installed tool does: the subprocesses write and read
their .pyc files under a temporary PYTHONPYCACHEPREFIX (so nothing is written into the
repository), even when PYTHONDONTWRITEBYTECODE is set; without that the tool would
recompile its own modules on every run (about 10 ms here) while Typer's stay compiled.

Runs are interleaved (tool, floor, tool, floor, ...) so machine load hits both alike,
after 3 warm-up runs of each. Each run's CPU time (user + system) is read too, and given in
--json and beside a baseline: other work on the machine disturbs it less than wall time.
This is a report, not a test: it exits 0 whether or not the target is met.

With `--baseline DIR`, the tool of another checkout of the project (say, the commit before a
change: `git worktree add ../baseline main`) is timed in the same run, interleaved with the
others, and shown beside this one. It runs from DIR/.venv if DIR has one, else with this
interpreter and PYTHONPATH=DIR, so it needs no install (its dependencies must be this
environment's). It reads the same scenario files, this checkout's.

    .venv/bin/python benchmarks/startup.py [--runs N] [--baseline DIR] [--json]
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import ROOT, Baseline, console_script, rounded, subprocess_env, timed

FLOOR = [sys.executable, str(ROOT / "benchmarks" / "floor_app.py")]
WARMUP_RUNS = 3
TARGET_CASE = "run --format json"
TARGET_RATIO = 1.25
SCENARIO = "configs/friday-qa.yaml"  # relative to ROOT, the subprocesses' working directory

# (name, arguments): each is run by the tool and the floor (and the baseline's tool).
CASES = [
    (TARGET_CASE, ["run", SCENARIO, "--format", "json"]),
    ("--help", ["--help"]),
    ("run (table, informational)", ["run", SCENARIO]),
]


class Program:
    """A program to time: the start of its command line, and what it adds to the environment."""

    def __init__(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        self.name, self.command, self.env = name, command, env or {}

    def check_exits_zero(self, args: list[str], env: dict[str, str]) -> None:
        command = self.command + args
        done = subprocess.run(command, cwd=ROOT, env=env | self.env, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"startup.py: {' '.join(command)} exited {done.returncode}:\n{done.stderr}")

    def timed_ms(self, args: list[str], env: dict[str, str]) -> tuple[float, float]:
        """Wall and CPU milliseconds of one run."""
        wall, cpu = timed(self.command + args, env | self.env)
        return wall * 1000, cpu * 1000


def measure(programs: list[Program], args: list[str], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Each program's median and min wall time with `args` (`{name}_median_ms`, `{name}_min_ms`) and
    median CPU time (`{name}_cpu_median_ms`), the programs' runs interleaved."""
    for _ in range(WARMUP_RUNS):
        for program in programs:
            program.timed_ms(args, env)
    walls: dict[str, list[float]] = {program.name: [] for program in programs}
    cpus: dict[str, list[float]] = {program.name: [] for program in programs}
    for _ in range(runs):
        for program in programs:
            wall, cpu = program.timed_ms(args, env)
            walls[program.name].append(wall)
            cpus[program.name].append(cpu)
    figures = {}
    for name in walls:
        figures[f"{name}_median_ms"], figures[f"{name}_min_ms"] = statistics.median(walls[name]), min(walls[name])
        figures[f"{name}_cpu_median_ms"] = statistics.median(cpus[name])
    for kind in ("median", "min", "cpu_median"):
        figures[f"{kind}_ratio"] = figures[f"tool_{kind}_ms"] / figures[f"floor_{kind}_ms"]
        if "baseline" in walls:  # this tool ÷ the baseline's: below 1 is faster
            figures[f"{kind}_change"] = figures[f"tool_{kind}_ms"] / figures[f"baseline_{kind}_ms"]
    return figures


def print_table(results: dict[str, dict[str, float]], runs: int, baseline: Baseline | None) -> None:
    print(f"Startup wall time, {runs} interleaved runs each (ms); floor = bare Typer app with the same interface\n")
    header = f"{'case':<28} {'tool med':>9} {'floor med':>9} {'ratio':>6}   {'tool min':>9} {'floor min':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, f in results.items():
        print(
            f"{name:<28} {f['tool_median_ms']:>9.1f} {f['floor_median_ms']:>9.1f} {f['median_ratio']:>5.2f}×"
            f"   {f['tool_min_ms']:>9.1f} {f['floor_min_ms']:>9.1f} {f['min_ratio']:>5.2f}×"
        )
    if baseline is not None:
        print(f"\nbaseline: {baseline.describe()}; change = this tool ÷ the baseline's (below 1× is faster)\n")
        header = f"{'case':<28} {'tool med':>9} {'base med':>9} {'change':>7}   {'tool min':>9} {'base min':>9} {'change':>7}"
        header += f"   {'tool cpu':>9} {'base cpu':>9} {'change':>7}"
        print(header)
        print("-" * len(header))
        for name, f in results.items():
            print(
                f"{name:<28} {f['tool_median_ms']:>9.1f} {f['baseline_median_ms']:>9.1f} {f['median_change']:>6.2f}×"
                f"   {f['tool_min_ms']:>9.1f} {f['baseline_min_ms']:>9.1f} {f['min_change']:>6.2f}×"
                f"   {f['tool_cpu_median_ms']:>9.1f} {f['baseline_cpu_median_ms']:>9.1f} {f['cpu_median_change']:>6.2f}×"
            )
        print("(cpu: median CPU time, user + system; it varies less than wall time when the machine is busy)")
    ratio = results[TARGET_CASE]["median_ratio"]
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"\ntarget: {TARGET_CASE} ≤ {TARGET_RATIO}× the floor — {verdict} (median ratio {ratio:.2f}×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="measured runs of each program per case (default 30)")
    parser.add_argument("--baseline", metavar="DIR", type=Path,
                        help="also time the tool of another checkout of the project, DIR, and show it beside this one")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    if options.runs < 1:
        parser.error("--runs must be at least 1")

    programs = [Program("tool", [sys.executable, console_script("startup.py")]), Program("floor", FLOOR)]
    baseline = Baseline(options.baseline, "startup.py") if options.baseline is not None else None
    if baseline is not None:
        programs.append(Program("baseline", baseline.command(), baseline.env))
    with tempfile.TemporaryDirectory(prefix="startup-pycache-") as pycache:
        env = subprocess_env(pycache)
        for _, args in CASES:
            for program in programs:
                program.check_exits_zero(args, env)
        results = {name: measure(programs, args, options.runs, env) for name, args in CASES}

    if options.json:
        ratio = results[TARGET_CASE]["median_ratio"]
        target = {"case": TARGET_CASE, "max_ratio": TARGET_RATIO, "median_ratio": round(ratio, 3), "met": ratio <= TARGET_RATIO}
        document = {"runs": options.runs, "cases": rounded(results), "target": target}
        if baseline is not None:
            document["baseline"] = {"dir": str(baseline.checkout), "commit": baseline.commit, "with_venv": not baseline.env}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print_table(results, options.runs, baseline)


if __name__ == "__main__":
    main()
