"""The batch renderers (CSV, Markdown, JUnit XML, the Rich summary) on the files in tests/data/batch/.

Outcomes are evaluated from the repository root, so their sources are stable relative paths and the
golden files hold no machine-specific paths. Rerun with --update-golden to accept changes on purpose.
"""

import csv
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from io import StringIO

import pytest
from rich.console import Console

from tiktok_earnings import batch
from tiktok_earnings.figures import NUMERIC_FIELDS
from tiktok_earnings.render.csv import INPUT_COLUMNS, render_csv
from tiktok_earnings.render.junit import render_junit
from tiktok_earnings.render.markdown import render_markdown
from tiktok_earnings.render.summary import summary_table
from tiktok_earnings.scenario import spec

from .conftest import DATA, ROOT

FILES = sorted(path.relative_to(ROOT).as_posix() for path in (DATA / "batch").glob("*.yaml"))


def summary_text(outcomes) -> str:
    console = Console(file=StringIO(), width=120, color_system=None, force_terminal=False, legacy_windows=False)
    console.print(summary_table(outcomes))
    return console.file.getvalue()


RENDERERS = {"csv": render_csv, "markdown": render_markdown, "junit": render_junit, "summary": summary_text}


@pytest.fixture
def outcomes(monkeypatch):
    monkeypatch.chdir(ROOT)
    return [batch.evaluate(path) for path in FILES]


def test_the_fixtures_cover_every_status(outcomes):
    names = ("broken", "fails-expectation", "good-eur", "good-usd")
    assert [f"tests/data/batch/{name}.yaml" for name in names] == FILES
    assert [outcome.status for outcome in outcomes] == ["error", "failed", "ok", "ok"]
    assert {outcome.report.currency for outcome in outcomes if outcome.report} == {"USD", "EUR"}


def test_csv_matches_golden(outcomes, golden):
    golden("batch.csv", render_csv(outcomes))


def test_markdown_matches_golden(outcomes, golden):
    golden("batch.md", render_markdown(outcomes))


def test_summary_matches_golden(outcomes, golden):
    golden("batch-summary.txt", summary_text(outcomes))


def test_csv_has_the_stable_columns_and_the_report_figures(outcomes):
    reader = csv.DictReader(StringIO(render_csv(outcomes)))
    assert reader.fieldnames == ["name", "source", "status", "currency", *NUMERIC_FIELDS, "messages", *INPUT_COLUMNS]
    rows = list(reader)
    assert [row["source"] for row in rows] == FILES
    broken, failed, eur, usd = rows
    good = outcomes[3].report
    assert usd["name"] == "Morning | coffee chat"
    assert usd["creator_net"] == str(good.creator_net) == "0.90"
    assert usd["coins"] == str(good.coins) and usd["hearts.count"] == str(good.hearts.count)
    assert usd["hearts.indirect_share.base"] == str(good.hearts.indirect_share.base)
    assert (usd["status"], usd["currency"], usd["messages"]) == ("ok", "USD", "")
    assert eur["currency"] == "EUR"
    assert failed["status"] == "failed" and "creator_net 193.03 is below min 1000" in failed["messages"]
    assert broken["status"] == "error" and broken["name"] == "" and broken["currency"] == ""
    assert all(broken[field] == "" for field in (*NUMERIC_FIELDS, *INPUT_COLUMNS))
    assert broken["messages"] == " | ".join(str(problem) for problem in outcomes[0].problems)


def test_csv_carries_the_inputs_beside_the_money_after_every_earlier_column(outcomes):
    header = render_csv(outcomes).splitlines()[0].split(",")
    assert header[:header.index("messages") + 1] == ["name", "source", "status", "currency", *NUMERIC_FIELDS, "messages"]
    assert (*(key.path for key in spec.SCENARIO_KEYS if key.column), "reward_rate", "reward_rate_high") == INPUT_COLUMNS
    usd = {row["source"]: row for row in csv.DictReader(StringIO(render_csv(outcomes)))}["tests/data/batch/good-usd.yaml"]
    assert (usd["stream.duration_minutes"], usd["stream.average_viewers"]) == ("60", "40")  # as written in the file
    assert (usd["coin_rates.preset"], usd["coin_rates.payout_per_diamond"]) == ("default", "0.005")  # the preset's
    assert (usd["payout.agency_commission"], usd["agency_commission"]) == ("0.1", "0.10")  # the rate, and its money
    assert usd["schedule.streams_per_week"] == usd["reward_rate"] == ""  # no `schedule:`, no `rewards:`


def test_csv_numbers_are_plain(outcomes):
    for row in csv.DictReader(StringIO(render_csv(outcomes))):
        for field in NUMERIC_FIELDS:
            if row[field]:
                Decimal(row[field])  # parses: no symbols, no thousands separators
                assert "," not in row[field] and "E" not in row[field].upper()


def test_junit_counts_cases_failures_and_errors(outcomes):
    text = render_junit(outcomes)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<testsuites>') and text.endswith("</testsuites>\n")
    root = ET.fromstring(text)
    (suite,) = root.findall("testsuite")
    assert suite.attrib == {"name": "tiktok-earnings", "tests": "4", "failures": "1", "errors": "1", "skipped": "0"}
    cases = suite.findall("testcase")
    assert [case.get("file") for case in cases] == FILES
    assert [case.get("name") for case in cases] == [FILES[0], "Friday Q&A", "Berlin evening", "Morning | coffee chat"]
    assert {case.get("classname") for case in cases} == {"tiktok-earnings"}
    assert [len(case) for case in cases] == [1, 1, 0, 0]


def test_junit_failure_names_the_missed_expectation_and_its_line(outcomes):
    failed = outcomes[1]
    line = 1 + (ROOT / failed.source).read_text(encoding="utf-8").splitlines().index("  creator_net: {min: 1000}")
    case = ET.fromstring(render_junit(outcomes)).find("testsuite").findall("testcase")[1]
    (failure,) = case
    assert failure.tag == "failure" and failure.get("type") == "expectation"
    assert failure.get("message") == f"{failed.source}:{line}: creator_net {failed.report.creator_net} is below min 1000"
    assert failure.text.splitlines() == [str(problem) for problem in failed.failures]
    assert len(failed.failures) == 2


def test_junit_error_lists_every_problem(outcomes):
    broken = outcomes[0]
    (error,) = ET.fromstring(render_junit(outcomes)).find("testsuite").findall("testcase")[0]
    assert error.tag == "error" and error.get("type") == "input"
    assert error.get("message") == str(broken.problems[0])
    assert error.text.splitlines() == [str(problem) for problem in broken.problems]
    assert len(broken.problems) == 2


def test_junit_takes_a_suite_name(outcomes):
    suite = ET.fromstring(render_junit(outcomes, suite_name="shard 1/2")).find("testsuite")
    assert suite.get("name") == "shard 1/2"


def markdown_totals(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- **")]


def test_markdown_totals_never_mix_currencies(outcomes):
    totals = markdown_totals(render_markdown(outcomes))
    assert [line.split("**")[1] for line in totals] == ["EUR", "USD"]
    for line in totals:
        currency = line.split("**")[1]
        other = {"EUR", "USD"} - {currency}
        assert not any(code in line for code in other), line
    usd = [outcome.report for outcome in outcomes if outcome.report and outcome.report.currency == "USD"]
    spent, gross, agency, net = (sum((getattr(report, field) for report in usd), Decimal(0))
                                 for field in ("viewer_spend", "creator_gross", "agency_commission", "creator_net"))
    coins = sum(report.coins for report in usd)
    assert totals[1] == (f"- **USD** (2 scenarios): coins {coins} · viewers spent {spent} USD · creator gross {gross} USD"
                         f" · agency {agency} USD · creator net {net} USD")  # no schedule: no month


def test_markdown_table_rows_escape_pipes_and_keep_their_columns(outcomes):
    text = render_markdown(outcomes)
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + len(outcomes)
    assert all(line.replace("\\|", "").count("|") == 9 for line in rows)
    assert "| Morning \\| coffee chat | ok |" in text
    assert "| Friday Q&A | **failed** |" in text and "| **error** |" in text


def test_markdown_lists_every_problem_in_a_code_span(outcomes):
    text = render_markdown(outcomes)
    problems = text.split("#### Problems\n\n")[1].splitlines()
    expected = [str(problem) for outcome in outcomes for problem in (*outcome.problems, *outcome.failures)]
    assert [line.removeprefix("- ").strip("`").strip() for line in problems] == expected


def test_nothing_to_report_renders_too():
    assert render_csv([]).count("\n") == 1
    assert render_markdown([]).startswith("### tiktok-earnings: 0 scenarios\n")
    assert ET.fromstring(render_junit([])).find("testsuite").get("tests") == "0"
    assert "0 scenarios" in summary_text([])


@pytest.mark.parametrize("render", RENDERERS.values(), ids=RENDERERS.keys())
def test_renderers_are_deterministic(outcomes, render):
    again = [batch.evaluate(path) for path in FILES]
    assert render(outcomes) == render(outcomes) == render(again)


def test_rows_follow_the_given_order_and_nothing_else_does(outcomes):
    backwards = outcomes[::-1]
    header, *rows = render_csv(outcomes).splitlines()
    assert render_csv(backwards).splitlines() == [header, *rows[::-1]]

    forward_md, backward_md = render_markdown(outcomes), render_markdown(backwards)
    assert markdown_totals(forward_md) == markdown_totals(backward_md)
    table = [line for line in forward_md.splitlines() if line.startswith("| ")]
    assert [line for line in backward_md.splitlines() if line.startswith("| ")] == table[:2] + table[:1:-1]

    names = [case.get("name") for case in ET.fromstring(render_junit(backwards)).iter("testcase")]
    assert names == [case.get("name") for case in ET.fromstring(render_junit(outcomes)).iter("testcase")][::-1]

    forward, backward = summary_text(outcomes).splitlines(), summary_text(backwards).splitlines()
    assert [line for line in forward if "Total" in line] == [line for line in backward if "Total" in line]
    assert sorted(forward) == sorted(backward)


def test_csv_markdown_and_junit_do_not_load_rich():
    code = ("import sys\nimport tiktok_earnings.render.csv, tiktok_earnings.render.markdown, tiktok_earnings.render.junit\n"
            "print('\\n'.join(sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert "tiktok_earnings.render.outcomes" in loaded
    assert not [name for name in loaded if name.split(".")[0] == "rich"]
