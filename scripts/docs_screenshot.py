"""Take docs/report.png again: the page of `run examples/creators/ --export report.html`, in headless Chromium.

    .venv/bin/python scripts/docs_screenshot.py

It uses the browser the tests use (tests/browser.py: found, or installed with apt-get where that is
allowed), at the width of a laptop's window, cut below the totals by folder to keep the file small.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import browser  # noqa: E402
from tests.cli_runner import CliRunner  # noqa: E402
from tiktok_earnings.cli import app  # noqa: E402

TARGET = ROOT / "docs" / "report.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        os.chdir(ROOT)  # paths as the docs show them
        result = CliRunner().invoke(app, ["run", "examples/creators/", "--export", str(page)])
        if result.exit_code != 0:
            sys.exit(result.output)
        visit, = browser.load(page, width=900, most=1150)
    if visit.console or len(visit.requests) != 1:
        sys.exit(f"the page did not load alone: {visit.requests} {visit.console}")
    TARGET.write_bytes(visit.screenshot)
    print(f"{TARGET.relative_to(ROOT)}: {len(visit.screenshot):,} bytes")


if __name__ == "__main__":
    main()
