"""Renders against golden files from a pinned Console; rerun with --update-golden to accept changes."""

import json
from decimal import Decimal as D
from io import StringIO

import pytest
from rich.console import Console

from tiktok_earnings.batch import evaluate
from tiktok_earnings.calculator import calculate
from tiktok_earnings.render.json import render_json
from tiktok_earnings.render.table import breakdown, money, percent
from tiktok_earnings.report import rounded
from tiktok_earnings.scenario.reader import load_scenario

from .conftest import CONFIGS

EXAMPLES = sorted(CONFIGS.glob("*.yaml"))


def pinned_console() -> Console:
    return Console(file=StringIO(), width=100, color_system=None, force_terminal=False, legacy_windows=False)


def report_for(path):
    return rounded(calculate(load_scenario(path.relative_to(CONFIGS.parent))))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_breakdown_matches_golden(path, golden, monkeypatch):
    monkeypatch.chdir(CONFIGS.parent)
    console = pinned_console()
    console.print(breakdown(report_for(path)))
    golden(f"{path.stem}.txt", console.file.getvalue())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_json_matches_golden_and_obeys_the_identities(path, golden, monkeypatch):
    monkeypatch.chdir(CONFIGS.parent)
    text = render_json([evaluate(str(path.relative_to(CONFIGS.parent)))])
    document = json.loads(text)
    golden(f"{path.stem}.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")  # indented, to review diffs
    (item,) = document["scenarios"]
    money_of = {key: D(item[key]) for key in ("viewer_spend", "platform_share", "creator_gross", "agency_commission",
                                              "withdrawal_fees", "tax", "creator_net")}
    assert money_of["viewer_spend"] == money_of["platform_share"] + money_of["creator_gross"]
    assert money_of["creator_net"] == (money_of["creator_gross"] - money_of["agency_commission"]
                                       - money_of["withdrawal_fees"] - money_of["tax"])
    assert sum(D(gift["creator_gross"]) for gift in item["gifts"]) == money_of["creator_gross"]
    other, month = item["other_income"], item["total_income"]
    assert D(other["total"]) == D(other["creator_rewards"]) + D(other["subscriptions"]) + D(other["brand_deals"])
    assert D(other["brand_deals"]) == sum((D(deal["amount"]) for deal in other["deals"]), D(0))
    assert D(month["total"]) == D(month["live_net"]) + D(month["other_income"])
    assert month["live_net"] == item["withdrawal"]["month_net"]
    if item["projection"] is not None:
        assert item["projection"]["per_stream"] == {"creator_gross": item["creator_gross"], "creator_net": item["creator_net"]}
        assert item["projection"]["per_month"]["creator_net"] == month["live_net"]
    decimals = 0 if item["currency"] == "JPY" else 2
    assert D(item["hearts"]["direct_value"]) == 0
    money_texts = [*map(str, money_of.values()), other["total"], month["total"], item["withdrawal"]["minimum"]]
    assert all(len(value.partition(".")[2]) == decimals for value in money_texts)
    assert item["status"] == "ok" and item["failed_expectations"] == []


def test_json_puts_each_scenario_and_each_error_on_its_own_line(monkeypatch):
    monkeypatch.chdir(CONFIGS.parent)
    outcomes = [evaluate(f"configs/{path.name}") for path in EXAMPLES] + [evaluate("configs/missing.yaml")]
    lines = render_json(outcomes).splitlines()
    assert lines[0] == '{"schema_version": 1, "scenarios": ['
    count = len(EXAMPLES)
    assert [json.loads(line.rstrip(","))["source"] for line in lines[1 : 1 + count]] == [f"configs/{path.name}" for path in EXAMPLES]
    assert lines[1 + count :] == ['], "errors": [', json.dumps({"file": "configs/missing.yaml", "line": None, "message": "no such file",
                                                       "hint": "check the path"}), "]}"]
    assert render_json([]) == '{"schema_version": 1, "scenarios": [], "errors": []}\n'


def test_money_formats_with_symbol_or_code():
    assert money(D("1234.5"), "USD") == "$1,234.50"
    assert money(D("3.75"), "EUR") == "€3.75"
    assert money(D("-0.83"), "USD") == "-$0.83"
    assert money(D("12.00"), "CHF") == "12.00 CHF"


def test_percent_has_one_decimal():
    assert percent(D("0.12965")) == "13.0%"
    assert percent(D("0.5")) == "50.0%"
