"""What the benchmark scripts share: timing a command, reading its peak memory, and their environment.

Used by startup.py, batch.py and import_events.py (run as scripts, so this folder is on sys.path).
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def console_script(who: str) -> str:
    """The installed `tiktok-earnings` next to this interpreter, or exit saying how to get it."""
    script = Path(sys.executable).parent / "tiktok-earnings"
    if not script.exists():
        sys.exit(f"{who}: no console script at {script}; install the project in this environment")
    return str(script)


class Baseline:
    """The tool of another checkout of the project (e.g. `git worktree add ../baseline main`), to time beside this one.

    It runs from the checkout's own .venv when it has one; otherwise with this interpreter and this
    environment's console script, and PYTHONPATH=checkout, so that `tiktok_earnings` is imported from
    the checkout's files and nothing needs installing. `env` is what it adds to the environment.
    """

    def __init__(self, checkout: Path, who: str) -> None:
        self.checkout = checkout.resolve()
        if not (self.checkout / "tiktok_earnings" / "__init__.py").is_file():
            sys.exit(f"{who}: --baseline {checkout} is not a checkout of tiktok-earnings (no tiktok_earnings/ in it)")
        own = self.checkout / ".venv" / "bin"
        if (own / "python").exists() and (own / "tiktok-earnings").exists():
            self.python, self.script, self.env = str(own / "python"), str(own / "tiktok-earnings"), {}
        else:
            path = os.pathsep.join(filter(None, [str(self.checkout), os.environ.get("PYTHONPATH")]))
            self.python, self.script, self.env = sys.executable, console_script(who), {"PYTHONPATH": path}
        done = subprocess.run(["git", "-C", str(self.checkout), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True)
        self.commit = done.stdout.strip() if done.returncode == 0 else "unknown"
        self._check_imports_from_checkout(who)

    def command(self) -> list[str]:
        """The start of its command line; the tool's arguments follow."""
        return [self.python, self.script]

    def describe(self) -> str:
        how = "its .venv" if not self.env else "PYTHONPATH, this interpreter"
        return f"{self.checkout} at {self.commit}, run with {how}"

    def _check_imports_from_checkout(self, who: str) -> None:
        code = "import tiktok_earnings; print(tiktok_earnings.__file__)"
        done = subprocess.run([self.python, "-c", code], env=os.environ | self.env, cwd=tempfile.gettempdir(),
                              capture_output=True, text=True)
        if done.returncode != 0 or not Path(done.stdout.strip()).resolve().is_relative_to(self.checkout):
            sys.exit(f"{who}: the baseline imports tiktok_earnings from {done.stdout.strip() or done.stderr}, not from"
                     f" {self.checkout}")


def subprocess_env(pycache: str) -> dict[str, str]:
    """Cached bytecode (as an installed tool has) under a temporary prefix, and no progress bar."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPYCACHEPREFIX": pycache, "CI": "true"}


def wall_seconds(command: list[str], env: dict[str, str]) -> float:
    return timed(command, env)[0]


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds from spawn to exit, and the CPU seconds (user + system) the command used.

    CPU time is read as the growth of RUSAGE_CHILDREN, which counts each child once it is waited
    for; the runs here are one at a time. On a busy machine it varies far less than wall time,
    since waiting for a core is not counted: compare it when other work shares the machine.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def peak_rss_mib(command: list[str], env: dict[str, str], who: str, stdout: Any = subprocess.DEVNULL) -> float:
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


def rounded(value: Any) -> Any:
    """Figures for --json: floats to three decimals, recursively."""
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    return round(value, 3) if isinstance(value, float) else value
