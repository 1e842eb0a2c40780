"""How fast tiktok-earnings computes a large folder of scenarios, with 1, 2 and 4 workers, against a parse-only floor.

N varied, valid scenario files are generated into a temporary folder, the same ones for a
given seed: spread over sub-folders; 0–8 gift lines drawn from catalogue names that resolve
to one price, plus custom gifts; coin-rate presets and overrides; payouts in USD and in EUR
or GBP with fx_rate; custom hearts models; `expect:` bounds that pass; and about 20% that
`extends: ../_shared/base.yaml` (a base holding payout settings, which `run` skips as a
scenario because its folder starts with `_`).

Each measurement is a fresh subprocess, from spawn to exit, run by the interpreter of this
script, so interpreter start-up counts on every side: its wall time, and its CPU time (user +
system of it and its workers, from RUSAGE_CHILDREN). Programs, run in turn:

- the floor, `benchmarks/parse_floor.py FOLDER`: finds the same files the same way and only
  parses each with PyYAML's C loader (yaml.CSafeLoader), in one process. Any tool that reads its
  scenarios with PyYAML pays at least this;
- the tool, `tiktok-earnings run FOLDER --format json --jobs N` for N = 1, 2 and 4 (its console
  script, next to the interpreter), stdout to /dev/null, with CI=true so no progress bar is drawn;
- with `--baseline DIR`, the tool as installed in another checkout's .venv (an earlier commit,
  set up with `python3 dev.py`), without --jobs, to show before and after side by side.

The target: at most 1.5× the floor's wall time with the workers the machine has (`--jobs` left
at its default: one per core), by medians; the wall time is what a user waits, and more workers
than cores cannot help. On a machine shared with other work, wall times move: the CPU time shows
what each run cost whatever the load. Runs are interleaved after one checked run of each, which
must exit 0 and see all N files.

Peak memory is the max RSS of one more tool run with --jobs 1 (all the work in one process),
read with os.wait4 on that child (not RUSAGE_CHILDREN, which is a maximum over every child so
far) by a bare launcher interpreter: Linux starts a child's ru_maxrss from its parent's peak,
which here would be this script's. It is measured for N files and for the first N/10 of them,
in their own folder, to show whether memory grows with the number of files; beside it, the size
of the JSON report itself (that run's stdout, written to a file), which a tool that builds the
report as one string must hold in memory at least once.

Bytecode is cached, as for an installed tool, under a temporary PYTHONPYCACHEPREFIX (nothing
is written into the repository). This is a report, not a test: it exits 0 whether or not the
target is met.

    .venv/bin/python benchmarks/batch.py [--files N] [--runs R] [--seed S] [--baseline DIR] [--memory-only] [--keep DIR] [--json]
"""

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from measure import ROOT, console_script, cpu_and_wall_seconds, peak_rss_mib, rounded, subprocess_env

GIFTS_CSV = ROOT / "tiktok_earnings" / "data" / "gifts.csv"
# Gift names are drawn from TikTok's own list of 2024-01-05, which every version of the catalogue knows,
# so that a --baseline of an older checkout reads the same scenarios without errors.
TIKTOK_LIST_CSV = ROOT / "data" / "gift-lists" / "tiktok-gift-list-2024-01-05.csv"
FLOOR_SCRIPT = ROOT / "benchmarks" / "parse_floor.py"
TARGET_RATIO = 1.5
JOBS = (1, 2, 4)
SUBFOLDERS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
PRESETS = ("default", "web", "app-2025", "two-coins-per-diamond")
CURRENCIES = (("EUR", ("0.92", "0.9134", "0.87", "0.95")), ("GBP", ("0.79", "0.7712", "0.81")))
SHARED_BASE = """\
# Shared payout settings for the generated scenarios that `extends:` this file.
payout:
  agency_commission: 0.10
  withdrawal_fee: 0.02
  tax_rate: 0.15
  currency: EUR
  fx_rate: 0.92
"""


# --- the scenarios ------------------------------------------------------------------------


def unambiguous_gift_names() -> list[str]:
    """Catalogue names that occur once, even compared as the tool compares them (case, spaces, hyphens ignored),
    and that TikTok's list of 2024-01-05 has too."""
    with open(GIFTS_CSV, newline="", encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(line for line in handle if not line.startswith("#"))]

    def normalise(name: str) -> str:
        return "".join(ch for ch in name.casefold() if ch not in " \t-_")

    counts = Counter(normalise(name) for name in names)
    with open(TIKTOK_LIST_CSV, newline="", encoding="utf-8") as handle:
        known_to_all = {normalise(row["name"]) for row in csv.DictReader(handle)}
    return [name for name in names if counts[normalise(name)] == 1 and normalise(name) in known_to_all]


def scenario_text(rng: random.Random, index: int, gift_names: list[str]) -> str:
    """One valid scenario file, varied by `rng`."""
    q = json.dumps  # a JSON string is a valid double-quoted YAML scalar: safe for any gift name
    extends = rng.random() < 0.2
    lines = [f"# generated scenario {index}"]
    if extends:
        lines.append("extends: ../_shared/base.yaml")
    if rng.random() < 0.5:
        lines.append(f"name: {q(f'Stream {index}')}")
    duration = rng.choice((rng.randint(10, 480), f"{rng.randint(10, 300)}.5"))
    viewers = max(1, int(rng.lognormvariate(4.5, 1.5)))
    if rng.random() < 0.3:
        lines.append(f"stream: {{duration_minutes: {duration}, average_viewers: {viewers}}}")
    else:
        lines += ["stream:", f"  duration_minutes: {duration}", f"  average_viewers: {viewers}"]
    hearts = int(viewers * float(duration) * rng.uniform(0, 8))
    if rng.random() < 0.9:
        lines.append(f"hearts: {hearts}")
    else:
        hearts = 0

    count = rng.randint(0, 8)
    if count or rng.random() < 0.5:
        lines.append("gifts:" if count else "gifts: []")
    for name in rng.sample(gift_names, count):
        if rng.random() < 0.15:
            lines += [f"  - name: {q(f'Custom {name}')}", f"    coins: {rng.randint(1, 5000)}"]
        else:
            lines.append(f"  - gift: {q(rng.choice((name, name.lower(), name.upper())))}")
            if rng.random() < 0.05:
                lines.append(f"    coins: {rng.randint(1, 100)}")
        lines.append(f"    count: {rng.randint(0, 400)}")

    if rng.random() < 0.4:
        lines += ["coin_rates:", f"  preset: {rng.choice(PRESETS)}"]
        if rng.random() < 0.3:
            lines.append(f"  payout_per_diamond: 0.00{rng.randint(35, 55)}")
    if not extends and rng.random() < 0.4:
        lines += ["payout:", f"  agency_commission: 0.{rng.randint(0, 30):02d}", f"  tax_rate: 0.{rng.randint(0, 45):02d}"]
        if rng.random() < 0.5:
            lines.append(f"  withdrawal_fee: 0.0{rng.randint(0, 5)}")
        if rng.random() < 0.4:
            currency, rates = rng.choice(CURRENCIES)
            lines += [f"  currency: {currency}", f"  fx_rate: {rng.choice(rates)}"]
    elif extends and rng.random() < 0.2:
        lines.append(f"payout: {{agency_commission: 0.{rng.randint(0, 30):02d}}}")  # merged into the base's payout
    if rng.random() < 0.1:
        low = rng.randint(1, 10)
        lines += [
            "engagement:",
            f"  reference_hearts_per_viewer_minute: {rng.choice((1, 2, '0.5'))}",
            f"  elasticity: {{low: 0.{low:02d}, base: 0.{low + 5:02d}, high: 0.{low + 20:02d}}}",
        ]
    if rng.random() < 0.25:
        lines += ["expect:", "  creator_net: {min: 0}"]
        if rng.random() < 0.5:
            lines.append(f"  hearts.count: {{min: {hearts}, max: {hearts}}}")
        if rng.random() < 0.5:
            lines.append("  hearts.direct_value: {max: 0}")
    return "\n".join(lines) + "\n"


def generate(root: Path, files: int, seed: int) -> tuple[Path, Path]:
    """`root/full` with `files` scenarios and `root/tenth` with the first tenth of them; each has its _shared/base.yaml."""
    rng = random.Random(seed)
    names = unambiguous_gift_names()
    texts = [scenario_text(rng, i, names) for i in range(files)]
    folders = root / "full", root / "tenth"
    for folder, count in zip(folders, (files, max(1, files // 10)), strict=True):
        for sub in (*SUBFOLDERS, "_shared"):
            (folder / sub).mkdir(parents=True)
        (folder / "_shared" / "base.yaml").write_text(SHARED_BASE, encoding="utf-8")
        for i, text in enumerate(texts[:count]):
            (folder / SUBFOLDERS[i % len(SUBFOLDERS)] / f"scenario-{i:06d}.yaml").write_text(text, encoding="utf-8")
    return folders


# --- running ------------------------------------------------------------------------------


def tool_command(folder: Path, jobs: int | None = 1, python: str = sys.executable) -> list[str]:
    return [console_script("batch.py", python), "run", str(folder), "--format", "json", *(["--jobs", str(jobs)] if jobs else [])]


def floor_command(folder: Path) -> list[str]:
    return [sys.executable, str(FLOOR_SCRIPT), str(folder)]


def check(command: list[str], env: dict[str, str], expected_files: int, count) -> None:
    """Run once, fail loudly unless it exits 0 and saw every file (`count` reads that from stdout)."""
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"batch.py: {' '.join(command)} exited {done.returncode}:\n{done.stderr[-4000:]}")
    seen = count(done.stdout)
    if seen != expected_files:
        sys.exit(f"batch.py: {' '.join(command)} saw {seen} scenarios, not {expected_files}:\n{done.stderr[-4000:]}")


def scenarios_in_report(stdout: str) -> int:
    report = json.loads(stdout)
    failed = [s for s in report["scenarios"] if s.get("status", "ok") != "ok" or s.get("problems")]
    if failed:
        sys.exit(f"batch.py: {len(failed)} generated scenarios were not ok, e.g. {json.dumps(failed[0])[:1000]}")
    return len(report["scenarios"])


def memory(folder: Path, env: dict[str, str], scratch: Path) -> dict[str, float]:
    """Peak RSS of one tool run over `folder` in one process, with the report written to a file to measure its size."""
    report = scratch / f"report-{folder.name}.json"
    with open(report, "wb") as out:
        peak = peak_rss_mib(tool_command(folder, 1), env, "batch.py", out)
    return {"peak_rss_mib": peak, "report_mib": report.stat().st_size / 2**20}


def memories(full: Path, tenth: Path, files: int, env: dict[str, str], scratch: Path, baseline: str | None) -> dict:
    figures = {
        "full": {"files": files, **memory(full, env, scratch)},
        "tenth": {"files": max(1, files // 10), **memory(tenth, env, scratch)},
        "floor_full_peak_rss_mib": peak_rss_mib(floor_command(full), env, "batch.py"),
    }
    if baseline is not None:
        figures["baseline_full_peak_rss_mib"] = peak_rss_mib(tool_command(full, None, baseline), env, "batch.py")
    return figures


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def measure(full: Path, tenth: Path, files: int, runs: int, env: dict[str, str], scratch: Path, baseline: str | None) -> dict:
    programs = {"floor": floor_command(full)}
    programs |= {f"tool, --jobs {jobs}": tool_command(full, jobs) for jobs in JOBS}
    if baseline is not None:
        programs["baseline"] = tool_command(full, None, baseline)
    for name, command in programs.items():
        check(command, env, files, (lambda stdout: int(stdout)) if name == "floor" else scenarios_in_report)
    check(tool_command(tenth), env, max(1, files // 10), scenarios_in_report)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in programs}
    for _ in range(runs):
        for name, command in programs.items():
            samples[name].append(cpu_and_wall_seconds(command, env))
    figures = {}
    for name, runs_ in samples.items():
        wall, cpu = statistics.median(w for w, _ in runs_), statistics.median(c for _, c in runs_)
        figures[name] = {"wall_s": wall, "cpu_s": cpu, "files_per_s": files / wall}
    floor = figures["floor"]
    for f in figures.values():
        f["wall_ratio"], f["cpu_ratio"] = f["wall_s"] / floor["wall_s"], f["cpu_s"] / floor["cpu_s"]
    return {
        "files": files,
        "runs": runs,
        "cores": default_jobs(),
        "programs": figures,
        "memory": memories(full, tenth, files, env, scratch, baseline),
    }


def target(results: dict) -> dict:
    jobs = min(results["cores"], max(JOBS))
    name = f"tool, --jobs {max(j for j in JOBS if j <= jobs)}"
    ratio = results["programs"][name]["wall_ratio"]
    return {"target": f"≤ {TARGET_RATIO:g}× the parse-only floor, wall time, with one worker per core ({name})",
            "median": round(ratio, 3), "met": ratio <= TARGET_RATIO}


# --- output -------------------------------------------------------------------------------


def print_table(results: dict) -> None:
    files, runs = results["files"], results["runs"]
    if "programs" not in results:
        print_memory(results)
        return
    print(f"Batch run over {files:,} generated scenarios on {results['cores']} cores, medians of {runs} interleaved runs;"
          " floor = parse-only with CSafeLoader, one process\n")
    header = f"{'':<16} {'wall s':>8} {'files/s':>9} {'÷ floor':>8}   {'CPU s':>7} {'÷ floor':>8}"
    print(header)
    print("-" * len(header))
    for name, f in results["programs"].items():
        print(f"{name:<16} {f['wall_s']:>8.2f} {f['files_per_s']:>9,.0f} {f['wall_ratio']:>7.2f}×"
              f"   {f['cpu_s']:>7.2f} {f['cpu_ratio']:>7.2f}×")

    print()
    print_memory(results)
    goal = target(results)
    print(f"\ntarget: {goal['target']} — {'met' if goal['met'] else 'NOT met'} ({goal['median']}×)")


def print_memory(results: dict) -> None:
    files = results["files"]
    print(f"{'peak memory (--jobs 1)':<24} {'files':>7} {'peak RSS MiB':>13} {'report MiB':>11}")
    for name in ("full", "tenth"):
        m = results["memory"][name]
        print(f"{'tool, ' + name:<24} {m['files']:>7,} {m['peak_rss_mib']:>13.1f} {m['report_mib']:>11.1f}")
    print(f"{'floor, full':<24} {files:>7,} {results['memory']['floor_full_peak_rss_mib']:>13.1f} {'-':>11}")
    full, tenth = results["memory"]["full"], results["memory"]["tenth"]
    growth = full["peak_rss_mib"] - tenth["peak_rss_mib"]
    report_growth = full["report_mib"] - tenth["report_mib"]
    print(f"RSS growth from {tenth['files']:,} to {full['files']:,} files: {growth:.1f} MiB"
          f" (the report grew {report_growth:.1f} MiB)")
    if "baseline_full_peak_rss_mib" in results["memory"]:
        print(f"baseline, full: {results['memory']['baseline_full_peak_rss_mib']:.1f} MiB peak RSS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="scenario files to generate (default 10,000)")
    parser.add_argument("--runs", type=int, default=3, help="measured runs of each program (default 3)")
    parser.add_argument("--seed", type=int, default=20240105, help="seed of the generated scenarios")
    parser.add_argument("--baseline", metavar="DIR", type=Path,
                        help="also time the tool installed in DIR/.venv (another checkout, set up with python3 dev.py)")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="generate into DIR (full/ and tenth/) and keep it, e.g. to profile; DIR must not exist")
    parser.add_argument("--memory-only", action="store_true",
                        help="measure only the peak memory (one run each), e.g. for --files 50000")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    if options.files < 1 or options.runs < 1:
        parser.error("--files and --runs must be at least 1")
    if options.keep is not None and options.keep.exists():
        parser.error(f"--keep: {options.keep} already exists")
    baseline = None if options.baseline is None else str(options.baseline.resolve() / ".venv" / "bin" / "python")

    with tempfile.TemporaryDirectory(prefix="batch-bench-") as scratch_name:
        scratch = Path(scratch_name)
        root = options.keep if options.keep is not None else scratch / "scenarios"
        full, tenth = generate(root, options.files, options.seed)
        pycache = scratch / "pycache"
        env = subprocess_env(str(pycache))
        if options.memory_only:
            results = {"files": options.files, "runs": 1, "memory": memories(full, tenth, options.files, env, scratch, baseline)}
        else:
            results = measure(full, tenth, options.files, options.runs, env, scratch, baseline)

    if options.json:
        goal = {} if options.memory_only else {"target": target(results)}
        print(json.dumps({**rounded(results), "seed": options.seed, **goal}, indent=2, ensure_ascii=False))
    else:
        print_table(results)
        if options.keep is not None:
            print(f"\nscenarios kept in {options.keep}/full and {options.keep}/tenth")


if __name__ == "__main__":
    main()
