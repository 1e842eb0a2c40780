"""`compare`: the core on scenarios with differences worked out by hand, the four views, and the command.

The bundled comparison (configs/compare/) is one stream three ways: coins bought in the app (the
first), on the web store, and with a 20% agency. Its goldens are rendered from the repository root,
so sources are stable relative paths; rerun with --update-golden to accept a change on purpose.
"""

import csv
import json
import subprocess
import sys
from decimal import Decimal as D
from io import StringIO

import pytest
from rich.console import Console

from tiktok_earnings.batch import evaluate
from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode
from tiktok_earnings.figures import NUMERIC_FIELDS
from tiktok_earnings.render.compare import comparison_csv, comparison_json, comparison_markdown, comparison_table, csv_columns
from tiktok_earnings.whatif.compare import FIELD_KINDS, compare, percent_change

from .cli_runner import CliRunner
from .conftest import CONFIGS, DATA, ROOT

runner = CliRunner()
BUNDLED = [f"configs/compare/{name}.yaml" for name in ("app-coins", "web-coins", "with-agency")]

ROSES = """\
name: {name}
stream: {{duration_minutes: 60, average_viewers: 100}}
hearts: {hearts}
gifts:
  - gift: Rose
    count: 1000
coin_rates: {{preset: {preset}}}
payout: {payout}
"""


def invoke(*args: str):
    return runner.invoke(app, list(args), prog_name="tiktok-earnings")


def roses(write_scenario, name: str, preset: str = "default", hearts: int = 6000, payout: str = "{}") -> str:
    """1,000 roses (1,000 coins): a scenario whose figures are easy to work out by hand."""
    return str(write_scenario(ROSES.format(name=name, preset=preset, hearts=hearts, payout=payout), f"{name}.yaml"))


def comparison_of(*paths: str):
    outcomes = [evaluate(path) for path in paths]
    assert all(outcome.report is not None for outcome in outcomes), [outcome.problems for outcome in outcomes]
    return compare([outcome.report for outcome in outcomes])


def field(comparison, name: str):
    (row,) = [row for row in comparison.fields if row.field == name]
    return row


@pytest.fixture
def bundled(monkeypatch):
    monkeypatch.chdir(ROOT)
    return comparison_of(*BUNDLED)


def table_text(comparison) -> str:
    console = Console(file=StringIO(), width=100, color_system=None, force_terminal=False, legacy_windows=False)
    console.print(comparison_table(comparison))
    return console.file.getvalue()


# --- the core -------------------------------------------------------------------------------------


def test_web_coins_cost_viewers_less_and_pay_the_creator_the_same(write_scenario):
    app_coins, web_coins = roses(write_scenario, "app"), roses(write_scenario, "web", preset="web")
    comparison = comparison_of(app_coins, web_coins)
    # 1,000 coins at $0.0133 and at $0.0106: viewers spend 1,000 × (0.0133 − 0.0106) = $2.70 less.
    spend = field(comparison, "viewer_spend")
    assert spend.values == (D("13.30"), D("10.60"))
    assert spend.differences == (None, D("-2.70")) and spend.differences[1] == 1000 * (D("0.0106") - D("0.0133"))
    assert spend.changes == (None, D("-20.3"))  # −2.70 / 13.30 = −20.30%
    # The creator gets 1,000 × $0.005 either way: TikTok and the stores take the whole difference.
    gross = field(comparison, "creator_gross")
    assert gross.values == (D("5.00"), D("5.00")) and gross.differences[1] == 0 and gross.changes[1] == 0
    share = field(comparison, "platform_share")
    assert share.values == (D("8.30"), D("5.60")) and share.differences[1] == D("-2.70")
    assert share.changes[1] == D("-32.5")  # −2.70 / 8.30 = −32.53%
    assert field(comparison, "creator_net").differences[1] == 0
    assert field(comparison, "coins").differences == (None, 0)
    assert [(a.setting, a.values) for a in comparison.assumptions] == [
        ("coin_rates.preset", ("default", "web")),
        ("coin_rates.viewer_price_per_coin", (D("0.0133"), D("0.0106"))),
    ]
    assert comparison.warnings == ()


def test_the_bundled_comparison_has_the_differences_worked_out_by_hand(bundled):
    assert [column.name for column in bundled.columns] == ["App coins", "Web coins", "With a 20% agency"]
    # 5,250 coins: 1,200 roses, 40 perfumes (20), 15 doughnuts (30), 8 hand hearts (100), 2 galaxies (1,000).
    assert field(bundled, "coins").values == (5250, 5250, 5250)
    spend = field(bundled, "viewer_spend")  # 5,250 × $0.0133 = $69.825 shows as $69.83; 5,250 × $0.0106 = $55.65
    assert spend.values == (D("69.83"), D("55.65"), D("69.83"))
    assert spend.differences == (None, D("-14.18"), D("0.00")) and spend.changes == (None, D("-20.3"), D("0.0"))
    assert abs(spend.differences[1] - 5250 * (D("0.0106") - D("0.0133"))) <= D("0.01")
    assert field(bundled, "creator_gross").values == (D("26.25"),) * 3  # 5,250 × $0.005 in every case
    agency = field(bundled, "agency_commission")  # 20% of $26.25, from nothing: no percent change from 0
    assert agency.differences == (None, D("0.00"), D("5.25")) and agency.changes == (None, None, None)
    net = field(bundled, "creator_net")  # $26.25 × 0.85 = $22.31 (tax 15%); ($26.25 − $5.25) × 0.85 = $17.85
    assert net.values == (D("22.31"), D("22.31"), D("17.85"))
    assert net.differences[2] == D("-4.46") and net.changes[2] == D("-20.0")  # −4.46 / 22.31 = −19.99%
    assert field(bundled, "tax").differences[2] == D("-0.79")  # $3.94 → $3.15
    assert [a.setting for a in bundled.assumptions] == [
        "coin_rates.preset", "coin_rates.viewer_price_per_coin", "payout.agency_commission"]


def test_every_numeric_field_is_compared_in_order(bundled):
    assert [row.field for row in bundled.fields] == list(NUMERIC_FIELDS) == list(FIELD_KINDS)
    assert all(len(row.values) == len(row.differences) == len(row.changes) == 3 for row in bundled.fields)
    assert all(row.differences[0] is None and row.changes[0] is None for row in bundled.fields)


@pytest.mark.parametrize(("first", "value", "change"), [
    ("0", "5", None),  # undefined from zero, never a division by zero
    ("0", "0", None),
    ("13.30", "10.60", "-20.3"),
    ("200", "200.1", "0.1"),  # 0.05% rounds half-up
    ("200", "199.9", "-0.1"),  # and halves away from zero
    ("100", "99.99", "0.0"),  # never "-0.0"
    ("-10", "-5", "50.0"),  # against a negative figure, a rise is still positive
    ("0.50", "1.00", "100.0"),
])
def test_percent_change(first, value, change):
    result = percent_change(D(first), D(value))
    assert (None if result is None else str(result)) == change


def test_percent_change_from_zero_is_na_in_every_view(write_scenario):
    none = write_scenario("stream: {duration_minutes: 60, average_viewers: 10}\n", "none.yaml")
    some = write_scenario("stream: {duration_minutes: 60, average_viewers: 10}\ngifts: [{gift: Rose, count: 100}]\n",
                          "some.yaml")
    comparison = comparison_of(str(none), str(some))
    spend = field(comparison, "viewer_spend")
    assert spend.differences == (None, D("1.33")) and spend.changes == (None, None)
    assert "$1.33 (+$1.33, n/a)" in table_text(comparison)
    assert "| Viewers spent | 0.00 USD | 1.33 USD (+1.33 USD, n/a) |" in comparison_markdown(comparison)
    (spend_json,) = [item for item in json.loads(comparison_json(comparison))["fields"] if item["field"] == "viewer_spend"]
    assert spend_json == {"field": "viewer_spend", "kind": "money", "values": ["0.00", "1.33"],
                          "differences": [None, "1.33"], "percent": [None, None]}
    rows = {row["field"]: row for row in csv.DictReader(StringIO(comparison_csv(comparison)))}
    assert (rows["viewer_spend"]["difference_2"], rows["viewer_spend"]["percent_2"]) == ("1.33", "")
    assert [a.gift for a in comparison.assumptions] == ["Rose (1 coin)"]
    assert comparison.assumptions[0].values == (0, 100)


def test_money_in_another_currency_is_shown_not_compared(write_scenario):
    usd = roses(write_scenario, "usd")
    eur = roses(write_scenario, "eur", hearts=12000, payout="{currency: EUR, fx_rate: 0.5}")
    eur_too = roses(write_scenario, "eur-too", payout="{currency: EUR, fx_rate: 0.5}")
    comparison = comparison_of(usd, eur, eur_too)
    assert [column.money_compared for column in comparison.columns] == [True, False, False]
    spend = field(comparison, "viewer_spend")
    assert spend.values == (D("13.30"), D("6.65"), D("6.65"))
    assert spend.differences == (None, None, None) and spend.changes == (None, None, None)
    # Counts, diamonds and hearts carry no currency: still compared.
    assert field(comparison, "hearts.count").differences == (None, D(6000), 0)
    assert field(comparison, "hearts.count").changes == (None, D("100.0"), D("0.0"))
    assert field(comparison, "hearts.indirect_share.base").differences[1] > 0
    assert field(comparison, "hearts.indirect_value.base").differences == (None, None, None)
    warnings = [str(warning) for warning in comparison.warnings]
    assert warnings == [
        f"{path}: reports in EUR, but the first scenario ({usd}) in USD: its money is shown, not compared"
        " — give both the same `payout.currency` (and `fx_rate`) to compare their money"
        for path in (eur, eur_too)
    ]
    assert ("payout.currency", ("USD", "EUR", "EUR")) in [(a.setting, a.values) for a in comparison.assumptions]
    text = table_text(comparison)
    assert text.count("EUR: money not compared") == 2 and "€6.65 (" not in text
    assert [item["money_compared"] for item in json.loads(comparison_json(comparison))["scenarios"]] == [True, False, False]


def test_money_in_the_same_other_currency_is_compared(write_scenario):
    comparison = comparison_of(roses(write_scenario, "a", payout="{currency: EUR, fx_rate: 0.5}"),
                               roses(write_scenario, "b", preset="web", payout="{currency: EUR, fx_rate: 0.5}"))
    assert comparison.warnings == ()
    assert field(comparison, "viewer_spend").differences == (None, D("-1.35"))  # (13.30 − 10.60) × 0.5
    assert "€5.30 (-€1.35, -20.3%)" in table_text(comparison)


def test_gift_mix_differences_name_each_gift_and_its_price(write_scenario):
    first = write_scenario("stream: {duration_minutes: 60, average_viewers: 10}\n"
                           "gifts: [{gift: Rose, count: 10}, {gift: Rose, count: 5}, {gift: Lion, count: 1}]\n", "first.yaml")
    second = write_scenario("stream: {duration_minutes: 60, average_viewers: 10}\n"
                            "gifts: [{gift: Lion, count: 1}, {name: Rose, coins: 2, count: 15}]\n", "second.yaml")
    comparison = comparison_of(str(first), str(second))
    assert [(a.setting, a.gift, a.values) for a in comparison.assumptions] == [
        ("gifts", "Rose (1 coin)", (15, 0)),  # lines of one gift are added up; the Lions are the same
        ("gifts", "Rose (2 coins)", (0, 15)),
    ]
    assert field(comparison, "coins").differences[1] == 15


def test_identical_settings_are_said_to_be_so(write_scenario):
    comparison = comparison_of(roses(write_scenario, "a"), roses(write_scenario, "b"))
    assert comparison.assumptions == ()
    assert "none: every setting is the same" in table_text(comparison)
    assert all(difference == 0 for row in comparison.fields for difference in row.differences[1:])


def test_compare_needs_two_reports():
    with pytest.raises(ValueError):
        compare([])


# --- the views ------------------------------------------------------------------------------------


def test_table_matches_golden(bundled, golden):
    golden("compare-bundled.txt", table_text(bundled))


def test_csv_matches_golden(bundled, golden):
    golden("compare-bundled.csv", comparison_csv(bundled))


def test_markdown_matches_golden(bundled, golden):
    golden("compare-bundled.md", comparison_markdown(bundled))


def test_json_matches_golden(bundled, golden):
    golden("compare-bundled.json", comparison_json(bundled))


def test_table_shows_values_differences_and_the_settings_that_differ(bundled):
    text = table_text(bundled)
    assert "$55.65 (-$14.18, -20.3%)" in text and "$17.85 (-$4.46, -20.0%)" in text and "$5.25 (+$5.25, n/a)" in text
    lines = text.splitlines()
    assert all(len(line) <= 100 for line in lines)
    (preset,) = [line for line in lines if "Coin-rate preset" in line]
    assert preset.split() == ["Coin-rate", "preset", "default", "web", "default"]
    assert text.index("Settings that differ") < text.index("Money") < text.index("Coins and diamonds") < text.index("Hearts")


def test_json_has_stable_keys_and_exact_strings(bundled):
    document = json.loads(comparison_json(bundled))
    assert list(document) == ["schema_version", "scenarios", "assumptions", "fields"] and document["schema_version"] == 1
    assert document["scenarios"][0] == {"name": "App coins", "source": BUNDLED[0], "currency": "USD", "money_compared": True}
    assert document["assumptions"][2] == {"setting": "payout.agency_commission", "gift": None, "values": ["0", "0", "0.2"]}
    fields = {item["field"]: item for item in document["fields"]}
    assert list(fields) == list(NUMERIC_FIELDS)
    assert all(list(item) == ["field", "kind", "values", "differences", "percent"] for item in fields.values())
    assert fields["creator_net"] == {"field": "creator_net", "kind": "money", "values": ["22.31", "22.31", "17.85"],
                                     "differences": [None, "0.00", "-4.46"], "percent": [None, "0.0", "-20.0"]}
    assert fields["coins"]["values"] == [5250, 5250, 5250] and fields["coins"]["differences"] == [None, 0, 0]
    assert fields["hearts.indirect_share.base"]["values"][0] == "0.1284"


def test_csv_has_stable_columns_and_plain_numbers(bundled):
    reader = csv.DictReader(StringIO(comparison_csv(bundled)))
    assert reader.fieldnames == csv_columns(3) == [
        "field", "value_1", "value_2", "difference_2", "percent_2", "value_3", "difference_3", "percent_3"]
    rows = list(reader)
    assert [row["field"] for row in rows] == ["name", "source", "currency", *NUMERIC_FIELDS]
    assert [rows[0][f"value_{n}"] for n in (1, 2, 3)] == ["App coins", "Web coins", "With a 20% agency"]
    assert [rows[1][f"value_{n}"] for n in (1, 2, 3)] == BUNDLED
    net = rows[3 + NUMERIC_FIELDS.index("creator_net")]
    assert (net["value_1"], net["value_3"], net["difference_3"], net["percent_3"]) == ("22.31", "17.85", "-4.46", "-20.0")
    for row in rows[3:]:
        for column in reader.fieldnames[1:]:
            if row[column]:
                D(row[column])  # parses: no symbols, no thousands separators, no percent signs


# --- the command ----------------------------------------------------------------------------------


def test_compare_prints_the_table_and_exits_0(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = invoke("compare", *BUNDLED)
    assert result.exit_code == ExitCode.OK, result.output
    assert "$55.65 (-$14.18, -20.3%)" in result.stdout and result.stderr == ""


def test_compare_keeps_the_order_given_and_expands_a_folder_sorted(monkeypatch):
    monkeypatch.chdir(ROOT)
    reversed_order = json.loads(invoke("compare", BUNDLED[1], BUNDLED[0], "-f", "json").stdout)
    assert [item["source"] for item in reversed_order["scenarios"]] == [BUNDLED[1], BUNDLED[0]]
    folder = invoke("compare", "configs/compare/", "-f", "json")
    assert folder.exit_code == ExitCode.OK, folder.output
    assert [item["source"] for item in json.loads(folder.stdout)["scenarios"]] == BUNDLED  # _stream.yaml is skipped


@pytest.mark.parametrize("output_format", ["json", "csv", "markdown"])
def test_every_format_prints_on_stdout(monkeypatch, output_format):
    monkeypatch.chdir(ROOT)
    result = invoke("compare", *BUNDLED, "--format", output_format)
    assert result.exit_code == ExitCode.OK, result.output
    render = {"json": comparison_json, "csv": comparison_csv, "markdown": comparison_markdown}[output_format]
    assert result.stdout == render(comparison_of(*BUNDLED))


def test_currencies_that_differ_warn_on_stderr_and_json_stays_parseable(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = invoke("compare", "configs/friday-qa.yaml", "configs/berlin-web-coins-eur.yaml", "-f", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr.startswith("configs/berlin-web-coins-eur.yaml: reports in EUR, but the first scenario"
                                    " (configs/friday-qa.yaml) in USD: its money is shown, not compared — ")
    document = json.loads(result.stdout)
    (net,) = [item for item in document["fields"] if item["field"] == "creator_net"]
    assert net["differences"] == [None, None] and net["values"] == ["171.13", "6.64"]


def test_help_has_an_example():
    result = invoke("compare", "--help")
    assert result.exit_code == ExitCode.OK, result.output
    assert "Example" in result.stdout and "tiktok-earnings compare" in result.stdout


def test_a_broken_file_exits_2_with_file_and_line_and_compares_nothing():
    bad = str(DATA / "invalid" / "negative-count.yaml")
    result = invoke("compare", str(CONFIGS / "first-stream.yaml"), bad)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:7: `gifts[0].count` must not be below 0 (got -3) — give how many of this gift were sent, as a whole number",
        "compare: nothing compared — fix the problems above and rerun",
    ]
    assert "Traceback" not in result.output


def test_a_missing_file_and_an_empty_glob_exit_2(tmp_path):
    result = invoke("compare", str(CONFIGS / "first-stream.yaml"), str(tmp_path / "missing.yaml"), str(tmp_path / "*.yaml"))
    assert result.exit_code == ExitCode.INPUT_ERROR and result.stdout == ""
    assert f"{tmp_path / 'missing.yaml'}: no such file — check the path" in result.stderr
    assert f"{tmp_path / '*.yaml'}: no files match this pattern" in result.stderr


def test_one_scenario_is_a_usage_error():
    for args in ([str(CONFIGS / "first-stream.yaml")], []):
        result = invoke("compare", *args)
        assert result.exit_code == ExitCode.INPUT_ERROR and result.stdout == ""


def test_export_draws_a_bar_per_scenario_or_saves_a_page(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    result = invoke("compare", *BUNDLED, "--export", str(tmp_path / "comparison.svg"))
    assert result.exit_code == ExitCode.OK, result.output
    saved = (tmp_path / "comparison.svg").read_text(encoding="utf-8")
    assert saved.startswith("<svg") and "Where viewers' money went, by scenario" in saved and "3 scenarios" in saved
    assert "2. Web coins" in saved and "net $22.31" in saved and "net $17.85" in saved  # a bar each, with its net
    page = invoke("compare", *BUNDLED, "-f", "json", "--export", str(tmp_path / "comparison.html"))
    assert page.exit_code == ExitCode.OK and json.loads(page.stdout)["scenarios"][1]["name"] == "Web coins"
    html = (tmp_path / "comparison.html").read_text(encoding="utf-8")
    assert "<title>3 scenarios, compared with the first: tiktok-earnings</title>" in html and "$55.65 (-$14.18, -20.3%)" in html
    refused = invoke("compare", *BUNDLED, "-f", "json", "--export", str(tmp_path / "other.txt"))
    assert refused.exit_code == ExitCode.INPUT_ERROR and not (tmp_path / "other.txt").exists()


# --- architecture and the bundled examples -------------------------------------------------------------


def loaded_modules(code: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules), file=sys.stderr)"],
                          capture_output=True, text=True, cwd=ROOT)
    return set(done.stderr.split())


def test_the_core_never_imports_typer_or_rich():
    loaded = loaded_modules("import tiktok_earnings.whatif.compare")
    assert "tiktok_earnings.whatif.compare" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("typer", "rich", "click")}


def test_compare_as_json_csv_or_markdown_does_not_load_rich():
    for output_format in ("json", "csv", "markdown"):
        loaded = loaded_modules(
            "from tiktok_earnings.cli import app\n"
            "try:\n"
            f"    app(['compare', {BUNDLED!r}[0], {BUNDLED!r}[1], '-f', '{output_format}'], prog_name='tiktok-earnings')\n"
            "except SystemExit as exit:\n"
            "    assert exit.code == 0, exit.code\n"
        )
        assert "tiktok_earnings.render.compare" in loaded and "rich" not in loaded, output_format


@pytest.mark.parametrize("path", sorted((CONFIGS / "compare").glob("[!_]*.yaml")), ids=lambda path: path.stem)
def test_every_bundled_comparison_scenario_computes(path, monkeypatch):
    monkeypatch.chdir(ROOT)
    outcome = evaluate(str(path.relative_to(ROOT)))
    assert outcome.status == "ok", outcome.problems
