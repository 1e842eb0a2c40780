import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from the current output.")
    parser.addoption("--slow", action="store_true", help="Fuzz longer: 500 hostile inputs per strategy (test_fuzz.py).")


def pytest_configure(config):
    if config.getoption("--slow", default=False):
        os.environ.setdefault("TIKTOK_FUZZ_EXAMPLES", "500")


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/NAME; with --update-golden, write it instead."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"{path} is missing: run `python3 dev.py test --update-golden` and review the diff"
        assert text == path.read_text(encoding="utf-8"), f"output differs from {path}; if on purpose, rerun with --update-golden"

    return check


@pytest.fixture
def write_scenario(tmp_path):
    """Write YAML text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
