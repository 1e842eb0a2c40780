"""Set up and use tiktok-earnings from a fresh clone, with only Python 3.11+ and pip.

    python3 dev.py run configs/friday-qa.yaml   # set up if needed, then run the tool
    python3 dev.py test                         # set up if needed, then run the whole test suite
    python3 dev.py lint                         # ruff over the project, then mypy over the package
    python3 dev.py compile                      # compile the tool and its dependencies to bytecode again

Every other command goes to tiktok-earnings itself: `python3 dev.py rates` runs
`tiktok-earnings rates`. The first call makes a virtual environment in .venv and installs the
project into it, editable, with its test tools and the `live` extra (TikTokLive), so that the
recording tests run, and compiles it to bytecode (which PYTHONDONTWRITEBYTECODE would otherwise
stop Python from caching). Later calls reuse it, reinstall only when pyproject.toml has changed, and
compile again only the sources edited since.
Nothing needs activating: `.venv/bin/tiktok-earnings` is the installed tool. Arguments after
`test` go to pytest, and those after `lint` to ruff. `lint` type-checks with mypy, configured in
pyproject.toml; `test` does not.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / "installed-from"
COMPILED = VENV / "compiled-at"


def ensure_installed() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py itself may be started by an older Python
        sys.exit(f"tiktok-earnings needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print("dev.py: creating .venv …", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("dev.py: installing tiktok-earnings and its test tools into .venv …", file=sys.stderr)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "-e", f"{ROOT}[test,live]"], check=True)
    compile_bytecode()
    STAMP.write_text(wanted)


def lint(ruff_args: list[str]) -> int:
    """ruff over the project, then mypy over the package (as [tool.mypy] in pyproject.toml says) and over the
    benchmark scripts; every checker runs, and the worst exit code is returned."""
    checks = [
        ["ruff", "check", *ruff_args, str(ROOT)],
        ["mypy"],
        ["mypy", "--follow-imports=silent", str(ROOT / "benchmarks")],  # the package's errors: line above
    ]
    return max(subprocess.call([str(PYTHON), "-m", *check], cwd=ROOT) for check in checks)


def compile_bytecode(everything: bool = True) -> None:
    """Compile the tool (and, with `everything`, all installed beside it) to .pyc files.

    Python reads cached bytecode even where PYTHONDONTWRITEBYTECODE is set, but then never writes
    it: without this, every run of the tool would compile its own modules again (about 10 ms of a
    start, docs/development.md). pip compiles what it installs, but not an editable project's
    sources nor setuptools' editable finder.
    """
    paths = [str(ROOT / "tiktok_earnings"), *(site_packages() if everything else [])]
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", "-j", "0", *paths], check=True)
    COMPILED.touch()


def compile_edited_sources() -> None:
    """Compile the project's sources again when one has changed since they were last compiled."""
    compiled = COMPILED.stat().st_mtime if COMPILED.exists() else 0
    if any(path.stat().st_mtime > compiled for path in (ROOT / "tiktok_earnings").rglob("*.py")):
        compile_bytecode(everything=False)


def site_packages() -> list[str]:
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    return subprocess.run([str(PYTHON), "-c", code], check=True, capture_output=True, text=True).stdout.split()


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ensure_installed()
    compile_edited_sources()
    if argv[0] == "test":
        return subprocess.call([str(PYTHON), "-m", "pytest", *argv[1:]], cwd=ROOT)
    if argv[0] == "compile":
        compile_bytecode()
        return 0
    if argv[0] == "lint":
        return lint(argv[1:])
    return subprocess.call([str(PYTHON), "-m", "tiktok_earnings", *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
