"""How fast tiktok-earnings starts, against the physical floors and against its own command line doing nothing.

Each measurement is a fresh subprocess, from spawn to exit, run by the interpreter of this script
(which must have the project installed): its wall time, and its CPU time (user + system, read from
RUSAGE_CHILDREN around the run). The machine is shared, so the CPU time is the steadier figure and
the ratios are taken from it; wall times are shown beside it. Programs compared, per case:

- the tool, through its installed console script, as `python <console script> ...` (the script's
  own cost, compiling it and importing `re`, counts against the tool);
- the physical floor, what no Python tool doing this job can go below:
  - for `run`: `python -c "import yaml, json, decimal"` that also reads and parses the scenario
    with PyYAML's C loader (targets: JSON output ≤ 2×, the table ≤ 3×);
  - for `--help`: a bare click app with the tool's command names and one-line helps, no options
    and no Rich (target ≤ 2×; needs `click` installed, else the case is skipped with a note);
- the CLI floor, `benchmarks/floor_app.py`: the tool's own command line with commands that do
  nothing, i.e. what parsing this interface costs (a second column, for comparison);
- with `--baseline DIR`, the tool as installed in another checkout's .venv (e.g. a `git worktree`
  of an earlier commit, set up with `python3 dev.py`), to show before and after side by side.

With `--instructions`, each program is instead run once under valgrind's callgrind (when it is
installed), with PYTHONHASHSEED=0, and the ratios are of the instructions it executed: the same
figures on every run of the same machine and build, whatever else the machine is doing, for
telling apart changes of a few per cent that CPU time on a shared machine cannot. An instruction
is not a fixed time: importing touches more memory than computing, so CPU-time ratios run a few
per cent above these.

With `--python PYTHON`, the tool and the floors run under that interpreter instead. `.venv` holds an
editable install, whose finder `site` runs at every start of that interpreter, the floors' too (it
imports pathlib and more): a venv with a regular install shows what a user's `pip install` starts in.

Bytecode is cached for every program, as for an installed tool, under a temporary
PYTHONPYCACHEPREFIX (nothing is written into the repositories), even when PYTHONDONTWRITEBYTECODE
is set. Runs are interleaved (every program of every case once, in turn, `--runs` times) after 3
warm-up rounds, so load on the machine hits all alike; `run`'s physical floor, the same program for
its two cases, is run once a round and serves both. Medians are shown. This is a report, not a test: it exits 0
whether or not the targets are met.

    .venv/bin/python benchmarks/startup.py [--runs N] [--instructions] [--baseline DIR] [--python PYTHON] [--json]
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARMUP_RUNS = 3
SCENARIO = "configs/friday-qa.yaml"  # relative to ROOT, the subprocesses' working directory

PHYSICAL_RUN = (
    "import yaml, json, decimal\n"
    f"with open({SCENARIO!r}, 'rb') as f: yaml.load(f, Loader=yaml.CSafeLoader)\n"
)

# (name, arguments, physical floor, target ratio to it)
CASES = [
    ("run --format json", ["run", SCENARIO, "--format", "json"], "run", 2.0),
    ("run (table)", ["run", SCENARIO], "run", 3.0),
    ("--help", ["--help"], "click", 2.0),
]


def console_script(python: str) -> str:
    script = Path(python).parent / "tiktok-earnings"
    if not script.exists():
        sys.exit(f"startup.py: no console script at {script}; install the project there (python3 dev.py)")
    return str(script)


def click_floor_code(python: str) -> str | None:
    """A bare click app with the tool's command names and one-line helps: None when `python` has no click."""
    if subprocess.run([python, "-c", "import click"], capture_output=True).returncode != 0:
        return None
    from tiktok_earnings.cli import app

    lines = ["import click", "@click.group(context_settings={'help_option_names': ['-h', '--help']})",
             f"def cli():\n    {app.help.splitlines()[0]!r}"]
    for name, command in app.commands.items():
        summary = command.summary()
        lines.append(f"@cli.command({name!r}, help={summary!r})\ndef _{name.strip('_')}():\n    pass")
    lines.append("cli(prog_name='tiktok-earnings')")
    return "\n".join(lines)


def subprocess_env(pycache: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": pycache}


def check_runs(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"startup.py: {' '.join(command)} exited {done.returncode}:\n{done.stderr}")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def measure(commands: list[list[str]], runs: int, env: dict[str, str]) -> dict[tuple[str, ...], dict[str, float]]:
    """Median wall and CPU ms of each command, all run in turn in each round: every case's programs share the
    same rounds, and a program two cases use (the physical floor of `run`) is run once a round, for both."""
    unique = list(dict.fromkeys(tuple(command) for command in commands))
    for _ in range(WARMUP_RUNS):
        for command in unique:
            timed(list(command), env)
    samples: dict[tuple[str, ...], list[tuple[float, float]]] = {command: [] for command in unique}
    for _ in range(runs):
        for command in unique:
            samples[command].append(timed(list(command), env))
    return {command: {"wall_ms": statistics.median(w for w, _ in runs_), "cpu_ms": statistics.median(c for _, c in runs_)}
            for command, runs_ in samples.items()}


def counted(command: list[str], env: dict[str, str]) -> float:
    """Millions of instructions one run of `command` executes, as valgrind's callgrind counts them."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command], cwd=ROOT,
                          env=env | {"PYTHONHASHSEED": "0"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"startup.py: valgrind {' '.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return int(found.group(1)) / 1e6


def count(commands: list[list[str]], env: dict[str, str]) -> dict[tuple[str, ...], dict[str, float]]:
    """Millions of instructions of one run of each command (one is enough: the count does not move)."""
    return {command: {"instructions_m": counted(list(command), env)}
            for command in dict.fromkeys(tuple(command) for command in commands)}


def programs_for(args: list[str], floor: str, python: str, tool: list[str], baseline: list[str] | None,
                 click_code: str | None) -> dict[str, list[str]] | None:
    physical: list[str] | None = [python, "-c", PHYSICAL_RUN] if floor == "run" else None
    if floor == "click":
        if click_code is None:
            return None
        physical = [python, "-c", click_code, *args]
    cli_floor = [python, str(ROOT / "benchmarks" / "floor_app.py"), *args]
    if physical is None:
        return None
    programs = {"tool": tool + args, "physical": physical, "cli": cli_floor}
    if baseline is not None:
        programs["baseline"] = baseline + args
    return programs


def ratios(figures: dict[str, dict[str, float]], measure: str) -> dict[str, float]:
    """The tool's figure (and the baseline's) over the floors', in `measure`: "cpu_ms" or "instructions_m"."""
    cost = {name: f[measure] for name, f in figures.items()}
    out = {"tool_vs_physical": cost["tool"] / cost["physical"], "tool_vs_cli": cost["tool"] / cost["cli"]}
    if "baseline" in cost:
        out["baseline_vs_physical"] = cost["baseline"] / cost["physical"]
    return out


def print_table(results: dict, runs: int, instructions: bool) -> None:
    if instructions:
        print("Start-up, one run each under valgrind's callgrind: millions of instructions; ratios of them\n")
    else:
        print(f"Start-up, medians of {runs} interleaved runs each: CPU ms (wall ms); ratios of CPU time\n")
    has_baseline = any("baseline" in r["figures"] for r in results.values() if r)
    header = f"{'case':<19} {'physical floor':>15} {'CLI floor':>15} {'tool':>15}"
    header += f" {'baseline':>15}" if has_baseline else ""
    header += f" {'tool÷physical':>14} {'(target)':>9} {'tool÷CLI':>11}"
    header += f" {'baseline÷physical':>18}" if has_baseline else ""
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        if result is None:
            print(f"{name:<19} skipped: the bare click floor needs click (pip install click)")
            continue
        f, r = result["figures"], result["ratios"]

        def cell(program: str, f: dict = f) -> str:
            if instructions:
                return f"{f[program]['instructions_m']:.1f}"
            return f"{f[program]['cpu_ms']:.0f} ({f[program]['wall_ms']:.0f})"

        line = f"{name:<19} {cell('physical'):>15} {cell('cli'):>15} {cell('tool'):>15}"
        line += f" {cell('baseline'):>15}" if has_baseline else ""
        line += f" {r['tool_vs_physical']:>13.2f}× {'≤ ' + format(result['target'], 'g') + '×':>9} {r['tool_vs_cli']:>10.2f}×"
        line += f" {r['baseline_vs_physical']:>17.2f}×" if has_baseline else ""
        print(line)
    print()
    for name, result in results.items():
        if result is not None:
            ratio, target = result["ratios"]["tool_vs_physical"], result["target"]
            print(f"target: {name} ≤ {target:g}× its physical floor — {'met' if ratio <= target else 'NOT met'} ({ratio:.2f}×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="measured runs of each program per case (default 20)")
    parser.add_argument("--baseline", metavar="DIR", type=Path,
                        help="also time the tool installed in DIR/.venv (another checkout, set up with python3 dev.py)")
    parser.add_argument("--python", metavar="PYTHON", default=sys.executable,
                        help="the interpreter of the tool and of the floors (default: this one); e.g. a venv's with a"
                             " regular, not editable, install: `python3 -m venv /tmp/reg && /tmp/reg/bin/pip install . click`")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions with valgrind (one run each) instead of timing runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    if options.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (e.g. apt-get install valgrind)")
    measure_name = "instructions_m" if options.instructions else "cpu_ms"

    python = options.python
    tool = [python, console_script(python)]
    baseline = None
    if options.baseline is not None:
        baseline_python = str(options.baseline.resolve() / ".venv" / "bin" / "python")
        baseline = [baseline_python, console_script(baseline_python)]
    click_code = click_floor_code(python)
    cases = {name: (programs_for(args, floor, python, tool, baseline, click_code), target)
             for name, args, floor, target in CASES}
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="startup-pycache-") as pycache:
        env = subprocess_env(pycache)
        commands = [command for programs, _ in cases.values() if programs is not None for command in programs.values()]
        for command in commands:
            check_runs(command, env)
        timings = count(commands, env) if options.instructions else measure(commands, options.runs, env)
        for name, (programs, target) in cases.items():
            if programs is None:
                results[name] = None
                continue
            figures = {program: timings[tuple(command)] for program, command in programs.items()}
            results[name] = {"figures": figures, "ratios": ratios(figures, measure_name), "target": target}

    if options.json:
        def rounded(value):
            if isinstance(value, dict):
                return {key: rounded(item) for key, item in value.items()}
            return round(value, 3) if isinstance(value, float) else value

        print(json.dumps({"runs": 1 if options.instructions else options.runs, "measure": measure_name,
                          "cases": rounded(results)}, indent=2))
    else:
        print_table(results, options.runs, options.instructions)


if __name__ == "__main__":
    main()
