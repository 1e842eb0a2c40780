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
after 3 warm-up runs of each. This is a report, not a test: it exits 0 whether or not
the target is met.

    .venv/bin/python benchmarks/startup.py [--runs N] [--json]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = [sys.executable, str(ROOT / "benchmarks" / "floor_app.py")]
WARMUP_RUNS = 3
TARGET_CASE = "run --format json"
TARGET_RATIO = 1.25
SCENARIO = "configs/friday-qa.yaml"  # relative to ROOT, the subprocesses' working directory

# (name, arguments): each is run by both the tool and the floor.
CASES = [
    (TARGET_CASE, ["run", SCENARIO, "--format", "json"]),
    ("--help", ["--help"]),
    ("run (table, informational)", ["run", SCENARIO]),
]


def tool_command() -> list[str]:
    script = Path(sys.executable).parent / "tiktok-earnings"
    if not script.exists():
        sys.exit(f"startup.py: no console script at {script}; install the project in this environment")
    return [sys.executable, str(script)]


def subprocess_env(pycache: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": pycache}


def check_exits_zero(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"startup.py: {' '.join(command)} exited {done.returncode}:\n{done.stderr}")


def wall_ms(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def measure(tool: list[str], floor: list[str], runs: int, env: dict[str, str]) -> dict[str, float]:
    for _ in range(WARMUP_RUNS):
        wall_ms(tool, env)
        wall_ms(floor, env)
    tool_ms, floor_ms = [], []
    for _ in range(runs):
        tool_ms.append(wall_ms(tool, env))
        floor_ms.append(wall_ms(floor, env))
    figures = {
        "tool_median_ms": statistics.median(tool_ms),
        "floor_median_ms": statistics.median(floor_ms),
        "tool_min_ms": min(tool_ms),
        "floor_min_ms": min(floor_ms),
    }
    figures["median_ratio"] = figures["tool_median_ms"] / figures["floor_median_ms"]
    figures["min_ratio"] = figures["tool_min_ms"] / figures["floor_min_ms"]
    return figures


def print_table(results: dict[str, dict[str, float]], runs: int) -> None:
    print(f"Startup wall time, {runs} interleaved runs each (ms); floor = bare Typer app with the same interface\n")
    header = f"{'case':<28} {'tool med':>9} {'floor med':>9} {'ratio':>6}   {'tool min':>9} {'floor min':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for name, f in results.items():
        print(
            f"{name:<28} {f['tool_median_ms']:>9.1f} {f['floor_median_ms']:>9.1f} {f['median_ratio']:>5.2f}×"
            f"   {f['tool_min_ms']:>9.1f} {f['floor_min_ms']:>9.1f} {f['min_ratio']:>5.2f}×"
        )
    ratio = results[TARGET_CASE]["median_ratio"]
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"\ntarget: {TARGET_CASE} ≤ {TARGET_RATIO}× the floor — {verdict} (median ratio {ratio:.2f}×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="measured runs of each program per case (default 30)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    if options.runs < 1:
        parser.error("--runs must be at least 1")

    tool = tool_command()
    pairs = {name: (tool + args, FLOOR + args) for name, args in CASES}
    with tempfile.TemporaryDirectory(prefix="startup-pycache-") as pycache:
        env = subprocess_env(pycache)
        for commands in pairs.values():
            for command in commands:
                check_exits_zero(command, env)
        results = {name: measure(tool_cmd, floor_cmd, options.runs, env) for name, (tool_cmd, floor_cmd) in pairs.items()}

    if options.json:
        ratio = results[TARGET_CASE]["median_ratio"]
        target = {"case": TARGET_CASE, "max_ratio": TARGET_RATIO, "median_ratio": round(ratio, 3), "met": ratio <= TARGET_RATIO}
        cases = {name: {key: round(value, 3) for key, value in figures.items()} for name, figures in results.items()}
        print(json.dumps({"runs": options.runs, "cases": cases, "target": target}, indent=2))
    else:
        print_table(results, options.runs)


if __name__ == "__main__":
    main()
