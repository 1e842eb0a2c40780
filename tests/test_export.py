"""--export: charts (.svg) and pages (.html) that need nothing but themselves, for every command that takes it.

Each file is parsed (an SVG as XML, a page by Python's HTML parser) and held to the same rules: no
URL but the SVG namespace, no script, no stylesheet import, names from input files escaped. The
figures in them are the ones `run` prints. tests/test_browser.py opens them in a real browser.
"""

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode
from tiktok_earnings.groups import Total
from tiktok_earnings.render.charts import WATERFALL
from tiktok_earnings.render.export import creator_bars
from tiktok_earnings.render.svg import text

from .cli_runner import CliRunner
from .conftest import CONFIGS

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"
GROWING = CONFIGS / "whatif-growing-stream.yaml"
FRIDAY = CONFIGS / "friday-qa.yaml"
HOSTILE = '<script>alert(1)</script>&"\x1b[2J\u202e'


def invoke(*args: object):
    return runner.invoke(app, [str(arg) for arg in args], prog_name="tiktok-earnings")


def scenario(name: str, roses: int = 100, extra: str = "") -> str:
    return (f"name: {json.dumps(name)}\nstream: {{duration_minutes: 60, average_viewers: 50}}\nhearts: 3000\n"
            f"gifts:\n  - gift: Rose\n    count: {roses}\n{extra}")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def self_contained(document: str) -> None:
    """Nothing in it can fetch anything: the SVG namespace is its only URL."""
    urls = set(re.findall(r"[a-z][a-z0-9+.-]*://[^\s\"'<>)]*", document, flags=re.IGNORECASE))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls
    lowered = document.lower()
    for forbidden in ("<script", "@import", "url(", "href=", "src=", "<link", "<iframe", "<object", "<image", "<img"):
        assert forbidden not in lowered, forbidden


def svg_of(path: Path) -> ET.Element:
    document = path.read_text(encoding="utf-8")
    self_contained(document)
    root = ET.fromstring(document)  # well-formed XML: every name escaped
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text  # for screen readers
    return root


class Page(HTMLParser):
    """What a page holds, as a browser would read it: its title, its tables' cells, its tags."""

    def __init__(self, document: str) -> None:
        super().__init__()
        self.title, self.cells, self.tags, self._in = "", [], [], None
        self.feed(document)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("td", "th") or (tag == "title" and not self.title):
            self._in = tag
            if tag != "title":
                self.cells.append("")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in in ("td", "th"):
            self.cells[-1] += data


def page_of(path: Path) -> Page:
    document = path.read_text(encoding="utf-8")
    self_contained(document)
    assert document.startswith("<!DOCTYPE html>") and "default-src 'none'" in document
    return Page(document)


def texts(root: ET.Element) -> list[str]:
    """The texts a chart shows (not their tooltips)."""
    return [(node.text or "") + "".join(child.tail or "" for child in node) for node in root.iter(f"{SVG}text")]


# --- grouping by folder ---------------------------------------------------------------------------------


def test_a_bar_per_folder_and_currency_named_where_the_folders_part():
    def total(folder: str, currency: str, scenarios: int, net: int) -> Total:
        return Total(folder, currency, WATERFALL, scenarios=scenarios, sums={figure.name: D(net) for figure in WATERFALL})

    totals = [total("creators/ana", "EUR", 1, 7), total("creators/ana", "USD", 2, 5), total("creators/ben", "USD", 1, 1)]
    bars = creator_bars(totals, {})
    assert [(currency, bar.label) for currency, bar in bars] == [("EUR", "ana"), ("USD", "ana"), ("USD", "ben")]
    assert bars[1][1].parts[0] == D(5) and bars[1][1].about == "creators/ana: 2 scenarios"  # never added to the euros
    one_each = [total("a", "USD", 1, 1), total("b", "USD", 1, 2)]
    assert [bar.label for _, bar in creator_bars(one_each, {"a": "x", "b": "y"})] == ["y", "x"]  # by name, largest net first


# --- run -------------------------------------------------------------------------------------------------


@pytest.fixture
def creators(tmp_path):
    """Three creators, a folder each: one in euros, one with a hostile name and one scenario without gifts."""
    write(tmp_path / "creators" / "ana" / "friday.yaml", scenario("Ana, Friday", 900, "payout: {agency_commission: 0.1}\n"))
    write(tmp_path / "creators" / "ana" / "sunday.yaml", scenario("Ana, Sunday", 300))
    write(tmp_path / "creators" / "ben" / "quiet.yaml", scenario("Ben " + "x" * 80, 0))
    write(tmp_path / "creators" / "lea" / "berlin.yaml", scenario("Lea, Berlin", 500, "payout: {currency: EUR, fx_rate: 0.92}\n"))
    write(tmp_path / "creators" / HOSTILE.replace("/", "_")[:12] / "odd.yaml", scenario(HOSTILE, 50))
    write(tmp_path / "creators" / "zed" / "broken.yaml", "name: [unclosed\n")
    return tmp_path / "creators"


def test_a_runs_chart_has_a_bar_per_creator_and_a_chart_per_currency(creators, tmp_path):
    result = invoke("run", creators, "--export", tmp_path / "run.svg")
    assert result.exit_code == ExitCode.INPUT_ERROR  # the broken file; the chart is made from the others
    root = svg_of(tmp_path / "run.svg")
    charts = root.findall(f"{SVG}g/{SVG}svg")
    assert [chart.find(f"{SVG}title").text for chart in charts] == [
        "Where viewers' money went, by creator (folder), in EUR", "Where viewers' money went, by creator (folder), in USD"]
    euros, dollars = ("\n".join(texts(chart)) for chart in charts)
    assert "$" not in euros and "€" not in dollars  # one currency per axis
    assert "lea" in euros and "net €2.30" in euros  # 500 Roses: 500 diamonds at $0.005, at 0.92 € a dollar
    labels = [node.text for node in charts[1].iter(f"{SVG}title")]
    assert "ana" in labels and "ben" in labels and HOSTILE.replace("/", "_")[:12].replace("\x1b", "\\e") in labels
    assert "net $0.00" in dollars and "net $5.55" in dollars  # Ben's stream without gifts still has its bar; Ana's two
    assert "2 folders" not in dollars and "3 folders" in dollars


def test_a_runs_page_has_the_summary_the_folders_and_the_charts(creators, tmp_path):
    result = invoke("run", creators, "--format", "json", "--export", tmp_path / "run.html")
    assert result.exit_code == ExitCode.INPUT_ERROR
    scenarios = json.loads(result.stdout)["scenarios"]
    page = page_of(tmp_path / "run.html")
    assert page.title == "tiktok-earnings: 6 scenarios"
    assert page.tags.count("svg") == 2 and "script" not in page.tags
    document = (tmp_path / "run.html").read_text(encoding="utf-8")
    assert "<script>alert" not in document and "&lt;script&gt;alert(1)&lt;/script&gt;&amp;" in document
    for item in scenarios:  # every scenario's row, with its net as `run` prints it
        if item["status"] != "error":
            row = page.cells.index(text(item["name"]).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
            assert f"{'€' if item['currency'] == 'EUR' else '$'}{item['creator_net']}" in page.cells[row:row + 12]
    assert "Total USD (4 scenarios)" in page.cells and "Total EUR (1 scenario)" in page.cells
    assert "ana" in page.cells and f"(folders under {creators})" in document  # totals by folder, named from theirs
    assert any("broken.yaml" in cell for cell in page.cells) and "Problems" in document


def test_one_scenario_exports_its_waterfall_and_a_page_with_its_breakdown(tmp_path):
    friday = CONFIGS / "friday-qa.yaml"
    assert invoke("run", friday, "--export", tmp_path / "one.svg").exit_code == ExitCode.OK
    labels = texts(svg_of(tmp_path / "one.svg"))
    assert "= Creator net" in labels and "$171.13" in labels and "− Agency commission" in labels
    assert invoke("run", friday, "--export", tmp_path / "one.html").exit_code == ExitCode.OK
    page = page_of(tmp_path / "one.html")
    assert page.title == "Friday Q&A: tiktok-earnings" and "= Creator net" in page.cells and "$171.13" in page.cells
    assert "Birthday Badge" in page.cells and page.tags.count("svg") == 1


def test_a_recordings_page_holds_its_minutes(tmp_path):
    assert invoke("run", CONFIGS / "recorded-stream.jsonl", "--export", tmp_path / "live.html").exit_code == ExitCode.OK
    page = page_of(tmp_path / "live.html")
    assert page.tags.count("svg") == 2 and "Ritu" in page.cells  # the waterfall, the minutes; who gave
    assert invoke("run", CONFIGS / "recorded-stream.jsonl", "--export", tmp_path / "live.svg").exit_code == ExitCode.OK
    assert svg_of(tmp_path / "live.svg").find(f"{SVG}title").text == "@example_creator LIVE, 2025-06-01 20:00 UTC"


# --- sweep and compare -------------------------------------------------------------------------------------


def test_a_sweeps_chart_is_a_line_with_its_band_and_the_scenario_marked(tmp_path):
    result = invoke("sweep", GROWING, "--vary", "hearts=0..200000:5", "--export", tmp_path / "sweep.svg")
    assert result.exit_code == ExitCode.OK, result.output
    root = svg_of(tmp_path / "sweep.svg")
    assert len(root.findall(f"{SVG}polygon")) == 1 and len(root.findall(f"{SVG}polyline")) == 1  # the band, the line
    tips = [node.text for node in root.iter(f"{SVG}title")]
    assert any(tip.startswith("0 hearts: creator net $") and "(low $" in tip for tip in tips)
    assert "200,000" in texts(root) and "Creator net (USD)" in texts(root)
    flat = invoke("sweep", GROWING, "--vary", "payout.tax_rate=0..0.4:3", "--export", tmp_path / "tax.html")
    assert flat.exit_code == ExitCode.OK
    page = page_of(tmp_path / "tax.html")
    assert page.title.endswith("sweep of payout.tax_rate: tiktok-earnings") and "◀ scenario" in page.cells
    assert "<polygon" not in (tmp_path / "tax.html").read_text(encoding="utf-8")  # no band where nothing is uncertain


def test_a_sweep_of_one_point_still_draws(tmp_path):
    result = invoke("sweep", GROWING, "--vary", "gifts[0].count=0..1:9", "--export", tmp_path / "one.svg")
    assert result.exit_code == ExitCode.OK, result.output
    assert "nan" not in (tmp_path / "one.svg").read_text(encoding="utf-8").lower()
    svg_of(tmp_path / "one.svg")


def test_a_goals_chart_runs_from_the_scenario_to_the_answer_with_the_target_across(tmp_path):
    result = invoke("goal", FRIDAY, "--target-net", "300", "--solve", "hearts", "--export", tmp_path / "goal.svg")
    assert result.exit_code == ExitCode.OK, result.output
    root = svg_of(tmp_path / "goal.svg")
    tips = [node.text for node in root.iter(f"{SVG}title")]
    assert "48,000 hearts, as in the scenario: creator net $171.13 (low $171.13, high $171.13)" in tips
    assert any(tip.startswith("3,322,412 hearts: creator net $300.00") for tip in tips)  # the answer: the last point
    assert "3,322,411 hearts: creator net $299.99 (low $206.35, high $525.89)" in tips  # and one step less
    assert "The target: a creator net of $300.00" in tips and "Target: $300.00" in texts(root)
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1 and len(root.findall(f"{SVG}polygon")) == 1  # the target; the hearts model's band


def test_a_goal_out_of_reach_still_exports_its_chart_and_a_page_that_says_why(tmp_path):
    result = invoke("goal", FRIDAY, "--target-net", "100000", "--solve", "hearts", "--export", tmp_path / "goal.svg")
    assert result.exit_code == ExitCode.EXPECTATION_FAILED
    subtitle = texts(svg_of(tmp_path / "goal.svg"))[1]
    assert subtitle.startswith("Friday Q&A: a creator net of $100,000.00 cannot be reached by changing hearts")
    result = invoke("goal", FRIDAY, "--target-net", "300", "--solve", "stream.average_viewers", "--export", tmp_path / "g.html")
    assert result.exit_code == ExitCode.OK
    page = page_of(tmp_path / "g.html")
    assert page.title == "Friday Q&A: goal by stream.average_viewers: tiktok-earnings"
    assert page.cells[4:8] == ["Answer", "614 average viewers", "$300.22", "reaches the target"]
    assert "The scenario" in page.cells and "Assumptions" in (tmp_path / "g.html").read_text(encoding="utf-8")
    giftless = write(tmp_path / "no-gifts.yaml", "name: No gifts\nstream: {duration_minutes: 60, average_viewers: 100}\n"
                     "hearts: 5000\n")
    unreached = invoke("goal", giftless, "--target-net", "1", "--solve", "hearts", "--export", tmp_path / "none.html")
    assert unreached.exit_code == ExitCode.EXPECTATION_FAILED
    page = page_of(tmp_path / "none.html")
    assert page.cells[4:6] == ["Answer", "cannot be reached"]
    assert "The scenario has no gifts, so the creator net is 0 at any number of hearts" in (tmp_path / "none.html").read_text(
        encoding="utf-8")


def test_compare_draws_a_chart_per_currency_in_the_order_given(tmp_path):
    files = [CONFIGS / "compare" / "app-coins.yaml", CONFIGS / "tokyo-yen.yaml", CONFIGS / "compare" / "with-agency.yaml"]
    assert invoke("compare", *files, "--export", tmp_path / "c.svg").exit_code == ExitCode.OK
    charts = svg_of(tmp_path / "c.svg").findall(f"{SVG}g/{SVG}svg")
    assert [chart.find(f"{SVG}title").text.rsplit(" ", 1)[-1] for chart in charts] == ["USD", "JPY"]
    assert "1. App coins" in texts(charts[0]) and "3. With a 20% agency" in texts(charts[0])


def test_charts_and_pages_are_loaded_only_when_exported(tmp_path):
    from .test_architecture import command_modules

    drawing = {f"tiktok_earnings.render.{name}" for name in ("export", "charts", "svg", "html")}
    _, printed = command_modules("run", "configs/friday-qa.yaml")
    assert not printed & drawing
    _, charted = command_modules("run", "configs/friday-qa.yaml", "--format", "json", "--export", str(tmp_path / "x.svg"))
    assert drawing - charted == {"tiktok_earnings.render.html"} and "rich" not in {name.split(".")[0] for name in charted}


def test_a_run_where_nothing_computed_still_exports_what_went_wrong(tmp_path):
    broken = [write(tmp_path / name, "name: [unclosed\n") for name in ("a.yaml", "b.yaml")]
    assert invoke("run", *broken, "--export", tmp_path / "run.svg").exit_code == ExitCode.INPUT_ERROR
    assert "No scenario could be computed" in (tmp_path / "run.svg").read_text(encoding="utf-8")
    svg_of(tmp_path / "run.svg")
    assert invoke("run", *broken, "--export", tmp_path / "run.html").exit_code == ExitCode.INPUT_ERROR
    page = page_of(tmp_path / "run.html")
    assert page.cells.count("error") == 2 and "Problems" in (tmp_path / "run.html").read_text(encoding="utf-8")


def test_a_page_shows_a_month_only_for_a_scenario_with_a_schedule():
    from tiktok_earnings.figures import MONTHLY, SUMMARY
    from tiktok_earnings.render.export import KEPT, Line
    from tiktok_earnings.render.html import _summary_table
    from tiktok_earnings.render.outcomes import RunTotals

    month = next(index for index, figure in enumerate(SUMMARY) if figure.name in MONTHLY)
    lines = [Line(name, f"creators/{name}.yaml", "ok", "USD", tuple(D(7) for _ in KEPT), scheduled)
             for name, scheduled in (("weekly", True), ("single", False))]
    rows = str(_summary_table(lines, RunTotals())).split("<tr")
    cells = {name: re.findall(r"<td[^>]*>(.*?)</td>", next(row for row in rows if f">{name}<" in row)) for name in ("weekly", "single")}
    assert cells["weekly"][2 + month] == "$7.00" and cells["single"][2 + month] == "—"  # (folder, status, then SUMMARY)
