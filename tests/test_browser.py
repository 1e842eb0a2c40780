"""The exported charts and pages in a real browser: headless Chromium (tests/browser.py).

Each file loads on its own: no request but the file itself, no console message, no script in its
DOM, and a screenshot that shows the chart (its colours), not a blank page. Without Chromium, and
without a way to install it, these tests are skipped with the reason.
"""

import pytest

from tiktok_earnings.cli import app
from tiktok_earnings.render.charts import PART_COLOURS, STEP_COLOURS

from . import browser
from .cli_runner import CliRunner
from .conftest import CONFIGS
from .test_export import HOSTILE, scenario, write

runner = CliRunner()
WHITE = (255, 255, 255)


@pytest.fixture(scope="session")
def chromium():
    return browser.chromium()  # installs it once where apt-get and root allow; else skips


def export(tmp_path, *args) -> None:
    result = runner.invoke(app, [str(arg) for arg in args], prog_name="tiktok-earnings")
    assert result.exit_code == 0, result.output


def colour(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[index:index + 2], 16) for index in (1, 3, 5))  # type: ignore[return-value]


def shows(visit: browser.Visit, *colours: str) -> None:
    """The screenshot is no blank page: many colours, enough ink, and each of `colours` (a chart's) painted."""
    width, height, pixels = browser.pixels(visit.screenshot)
    seen = {pixel[:3] for pixel in pixels}
    assert len(seen) > 30, f"only {len(seen)} colours"
    assert sum(pixel[:3] != WHITE for pixel in pixels) > width * height // 50  # more than 2% is not white
    for wanted in map(colour, colours):
        assert any(all(abs(a - b) <= 8 for a, b in zip(pixel, wanted, strict=False)) for pixel in seen), wanted


def alone(visit: browser.Visit, path) -> None:
    """Nothing but the file itself was asked for, nothing was logged, and no script came with it."""
    assert visit.requests == [path.resolve().as_uri()]
    assert visit.console == []
    assert visit.facts["scripts"] == 0


def test_every_export_loads_alone_and_shows_its_chart(chromium, tmp_path):
    creators = tmp_path / "creators"
    write(creators / "ana" / "friday.yaml", scenario("Ana, Friday", 900, "payout: {agency_commission: 0.1, tax_rate: 0.2}\n"))
    write(creators / "ana" / "sunday.yaml", scenario("Ana, Sunday", 300))
    write(creators / "odd" / "hostile.yaml", scenario(HOSTILE + " <img src=https://example.com/x.png>", 400))
    write(creators / "lea" / "berlin.yaml", scenario("Lea", 500, "payout: {currency: EUR, fx_rate: 0.92}\n"))
    files = {name: tmp_path / name for name in ("run.html", "run.svg", "one.svg", "sweep.svg", "compare.svg", "live.html")}
    export(tmp_path, "run", creators, "--export", files["run.html"])
    export(tmp_path, "run", creators, "--export", files["run.svg"])
    export(tmp_path, "run", CONFIGS / "friday-qa.yaml", "--export", files["one.svg"])
    export(tmp_path, "sweep", CONFIGS / "whatif-growing-stream.yaml", "--vary", "hearts=0..200000:11", "--export", files["sweep.svg"])
    export(tmp_path, "compare", CONFIGS / "compare", "--export", files["compare.svg"])
    export(tmp_path, "run", CONFIGS / "recorded-stream.jsonl", "--export", files["live.html"])
    visits = dict(zip(files, browser.load(*files.values(), scale=0.5), strict=True))
    for name, visit in visits.items():
        alone(visit, files[name])
    page = visits["run.html"]
    assert page.facts["title"] == "tiktok-earnings: 4 scenarios" and page.facts["svgs"] == 2  # a chart per currency
    shows(page, *PART_COLOURS[:2], PART_COLOURS[-1])  # the net, the tax, the platforms' share
    shows(visits["run.svg"], PART_COLOURS[0], PART_COLOURS[-1])
    shows(visits["one.svg"], *STEP_COLOURS.values())
    shows(visits["sweep.svg"], "#1a7f37")
    shows(visits["compare.svg"], PART_COLOURS[0], PART_COLOURS[3])  # the agency's 20%
    assert visits["live.html"].facts["svgs"] == 2
    shows(visits["live.html"], "#d4a017")  # the recording's coins, minute by minute


def test_without_chromium_and_a_way_to_install_it_the_browser_tests_are_skipped_with_the_reason(monkeypatch):
    monkeypatch.setattr(browser, "_found", lambda: None)
    monkeypatch.setattr(browser, "_install", lambda: pytest.fail("must not install"))
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)  # no apt-get
    with pytest.raises(pytest.skip.Exception, match="no apt-get to install it with"):
        browser.chromium()
    monkeypatch.setattr(browser.shutil, "which", lambda name: "/usr/bin/apt-get")
    monkeypatch.setattr(browser.os, "geteuid", lambda: 1000)
    with pytest.raises(pytest.skip.Exception, match="needs root"):
        browser.chromium()
    monkeypatch.setenv("TIKTOK_EARNINGS_NO_BROWSER_INSTALL", "1")
    with pytest.raises(pytest.skip.Exception, match="TIKTOK_EARNINGS_NO_BROWSER_INSTALL is set"):
        browser.chromium()
