"""What the benchmark scripts share: timing a command, reading its peak memory, and their environment.

Used by batch.py and import_events.py (run as scripts, so this folder is on sys.path).
"""

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Runs a command and prints its exit code and peak RSS (KiB) on stderr, the command's own stderr
# going to /dev/null. A child's ru_maxrss starts from its parent's peak RSS (Linux carries the
# old memory's high-water mark across exec), so measuring from a benchmark script that has read
# big reports would overstate small children: this bare interpreter (about 10 MiB) stands between.
RSS_LAUNCHER = """\
import os, sys
quiet = [(os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=quiet)
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, file=sys.stderr)
"""


def console_script(who: str, python: str = sys.executable) -> str:
    """The installed `tiktok-earnings` next to `python` (this interpreter), or exit saying how to get it."""
    script = Path(python).parent / "tiktok-earnings"
    if not script.exists():
        sys.exit(f"{who}: no console script at {script}; install the project in this environment")
    return str(script)


def subprocess_env(pycache: str) -> dict[str, str]:
    """Cached bytecode (as an installed tool has) under a temporary prefix, and no progress bar."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": pycache, "CI": "true"}


def wall_seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def cpu_and_wall_seconds(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, of the command and the children it waited for) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = wall_seconds(command, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def peak_rss_mib(command: list[str], env: dict[str, str], who: str, stdout=subprocess.DEVNULL) -> float:
    """The command's own peak RSS, read by RSS_LAUNCHER with os.wait4 (ru_maxrss is KiB on Linux)."""
    launcher = [sys.executable, "-I", "-S", "-c", RSS_LAUNCHER, *command]
    done = subprocess.run(launcher, cwd=ROOT, env=env, stdout=stdout, stderr=subprocess.PIPE, text=True)
    code, max_rss_kib = map(int, done.stderr.split())
    if code != 0:
        sys.exit(f"{who}: {' '.join(command)} exited {code} in the memory run")
    return max_rss_kib / 1024


def throughput(runs: list[float], items: int, unit: str) -> dict[str, float]:
    """Best and median seconds, and items per second for each: `best_{unit}_per_s`, `median_{unit}_per_s`."""
    best, median = min(runs), statistics.median(runs)
    return {"best_s": best, "median_s": median, f"best_{unit}_per_s": items / best, f"median_{unit}_per_s": items / median}


def rounded(value):
    """Figures for --json: floats to three decimals, recursively."""
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    return round(value, 3) if isinstance(value, float) else value
