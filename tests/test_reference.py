"""The look-ups and helpers: gifts, convert, init and schema (and their help), through the CLI and the core."""

import json
import subprocess
import sys
from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from tiktok_earnings.catalogue import load_catalogue, normalise
from tiktok_earnings.cli import app
from tiktok_earnings.cli.reference import STARTER_SCENARIO
from tiktok_earnings.convert import ArgumentError, convert
from tiktok_earnings.errors import ExitCode
from tiktok_earnings.figures import NUMERIC_FIELDS
from tiktok_earnings.rates import load_presets
from tiktok_earnings.render.catalogue import gifts_table
from tiktok_earnings.render.convert import conversion_table
from tiktok_earnings.scenario.reader import load_scenario
from tiktok_earnings.scenario.schema import scenario_schema
from tiktok_earnings.scenario.spec import SCENARIO_KEYS

from .cli_runner import CliRunner
from .conftest import CONFIGS, DATA, ROOT

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), prog_name="tiktok-earnings")


def run_json(*args: str) -> dict:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)


def assert_input_error(result, *texts: str) -> None:
    """Exit 2, nothing on stdout, one `tiktok-earnings: what — what to do` line on stderr, no traceback."""
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tiktok-earnings: ") and " — " in result.stderr
    assert "Traceback" not in result.stderr
    for text in texts:
        assert text in result.stderr


def pinned(renderable) -> str:
    console = Console(file=StringIO(), width=100, color_system=None, force_terminal=False, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()


# --- help ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["rates", "gifts", "convert", "init", "schema"])
def test_every_command_has_help_with_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == ExitCode.OK, result.output
    assert "Example" in result.stdout
    assert f"tiktok-earnings {command}" in result.stdout


# --- convert -----------------------------------------------------------------------------------------


def test_1000_coins_at_the_default_rates():
    document = run_json("convert", "1000", "coins")
    assert document["values"] == {"coins": 1000, "diamonds": "1000", "usd": "13.30", "creator": "5.00"}
    assert document["preset"] == "default" and document["rounding"] is None
    table = invoke("convert", "1000", "coins")
    assert table.exit_code == ExitCode.OK, table.output
    for text in ("1,000 coins", "$13.30", "$5.00", "1 diamond per coin", "at preset default"):
        assert text in table.stdout


def test_two_coins_per_diamond_halves_diamonds_and_creator_money_but_not_what_viewers_pay():
    document = run_json("convert", "1000", "coins", "--preset", "two-coins-per-diamond")
    assert document["values"] == {"coins": 1000, "diamonds": "500", "usd": "13.30", "creator": "2.50"}


def test_core_arithmetic_is_exact_decimal():
    conversion = convert("1000", "coins")
    values = {figure.unit: figure.value for figure in conversion.figures}
    assert values == {"coins": D(1000), "diamonds": D(1000), "usd": D("13.30"), "creator": D("5.00")}
    assert all(isinstance(value, D) for value in values.values())


def test_a_gift_name_means_its_price_in_coins():
    document = run_json("convert", "Lion")
    assert document["gift"] == {"name": "Lion", "gift_id": 6369, "coins": 29999, "as_of": "2024-01-05"}
    assert document["values"]["coins"] == 29999
    assert document["exact"]["creator"] == "149.995" and document["values"]["creator"] == "150.00"
    to_usd = run_json("convert", "lion", "--to", "usd")
    assert to_usd["values"] == {"usd": "398.99"} and to_usd["exact"] == {"usd": "398.9867"}
    assert "$398.99" in invoke("convert", "Lion", "--to", "usd").stdout
    assert run_json("convert", "Lion", "coins")["coins"] == 29999


def test_usd_buys_whole_coins_rounded_down():
    document = run_json("convert", "50", "usd", "--to", "coins")
    assert document["values"] == {"coins": 3759} and document["rounding"] == "down"  # 50 / 0.0133 = 3759.398…
    table = invoke("convert", "50", "usd").stdout
    assert "rounded down to 3,759" in table and "3,759.40" in table
    assert "$18.80" in table and "exactly $18.795" in table  # 3,759 coins × $0.005


def test_creator_money_and_diamonds_take_whole_coins_rounded_up():
    assert run_json("convert", "100", "creator", "--to", "coins")["values"] == {"coins": 20000}
    assert run_json("convert", "100", "creator", "--to", "coins", "--preset", "two-coins-per-diamond")["values"] == {
        "coins": 40000}
    up = run_json("convert", "5.001", "creator")
    assert up["coins"] == 1001 and up["rounding"] == "up"
    assert up["values"]["creator"] == "5.00" and up["exact"]["creator"] == "5.001"  # as given
    assert up["values"]["usd"] == "13.31"  # 1,001 × 0.0133 = 13.3133
    assert run_json("convert", "1000", "diamonds", "--preset", "two-coins-per-diamond")["values"] == {
        "coins": 2000, "diamonds": "1000", "usd": "26.60", "creator": "5.00"}
    assert "rounded up to 1,001" in invoke("convert", "5.001", "creator").stdout


@given(st.decimals(D("0"), D("100000"), places=4, allow_nan=False, allow_infinity=False),
       st.sampled_from(sorted(load_presets())))
def test_whole_coins_are_the_nearest_on_the_stated_side(amount, preset):
    rates = load_presets()[preset].rates
    bought = convert(str(amount), "usd", preset=preset).coins
    assert bought * rates.viewer_price_per_coin <= amount < (bought + 1) * rates.viewer_price_per_coin
    needed = convert(str(amount), "creator", preset=preset).coins
    assert needed * rates.creator_per_coin >= amount
    assert needed == 0 or (needed - 1) * rates.creator_per_coin < amount


def test_numbers_may_be_grouped_and_units_singular_or_any_case():
    assert run_json("convert", "1,000", "Coin")["values"]["usd"] == "13.30"
    assert run_json("convert", "1_000", "DIAMONDS", "--to", "creator")["values"] == {"creator": "5.00"}


BAD_CONVERSIONS = [
    (["1000", "usdd"], ["unknown unit 'usdd'", "did you mean 'usd'?"]),
    (["1000", "dollars"], ["unknown unit 'dollars'", "usd (what viewers pay)", "creator (what the creator is paid"]),
    (["1000", "coins", "--to", "dimonds"], ["unknown unit 'dimonds'", "did you mean 'diamonds'?"]),
    (["1000"], ["'1000' has no unit", "e.g. `convert 1000 coins`"]),
    (["Lionn"], ["'Lionn' is neither a number nor a gift in the catalogue", "did you mean 'Lion' or"]),
    (["Heart"], ["gift 'Heart' has several prices in the 2026-10-05 list", "add `--gift-id`, or convert the price",
                 "1 coins (gift_id 6247), 10 coins (gift_id 5480), 200 coins (gift_id 5738)"]),
    (["Sports Car"], ["gift 'Sports Car' has several prices", "4999 coins (no gift_id), 7000 coins (gift_id 6089)"]),
    (["Rocket", "--gift-id", "1"], ["gift 'Rocket' has no gift_id 1", "use one of: 5930 (20000 coins, 2024-02-22)"]),
    (["Heart", "--gift-id", "1"], ["gift 'Heart' has no gift_id 1", "use one of: 6247"]),
    (["Lion", "usd"], ["a gift's price is in coins, not usd", "convert 'Lion' --to usd"]),
    (["2.5", "coins"], ["coins come whole (got 2.5)"]),
    (["--", "-5", "coins"], ["must not be negative (got -5)"]),
    (["nan", "usd"], ["'nan' is not a finite number"]),
    (["1e20", "usd"], ["too large"]),
    (["1000", "coins", "--preset", "wbe"], ["unknown coin-rate preset 'wbe'", "did you mean 'web'?"]),
    (["1000", "coins", "--gift-id", "5480"], ["--gift-id goes with a gift's name"]),
]


@pytest.mark.parametrize(("args", "texts"), BAD_CONVERSIONS, ids=[" ".join(args) for args, _ in BAD_CONVERSIONS])
def test_bad_conversions_get_one_line_and_exit_2(args, texts):
    assert_input_error(invoke("convert", *args), *texts)


def test_an_ambiguous_gift_is_picked_by_gift_id():
    document = run_json("convert", "Heart", "--gift-id", "5480", "--to", "creator")
    assert document["gift"]["gift_id"] == 5480 and document["values"] == {"creator": "0.05"}


def test_argument_errors_carry_a_hint():
    with pytest.raises(ArgumentError) as raised:
        convert("1000", "eur")
    assert raised.value.message == "unknown unit 'eur'" and raised.value.hint


def test_conversion_table_matches_golden(golden):
    golden("convert-50-usd.txt", pinned(conversion_table(convert("50", "usd"))))
    golden("convert-lion.txt", pinned(conversion_table(convert("Lion"))))


# --- gifts --------------------------------------------------------------------------------------------


def gift_names(*args: str) -> list[str]:
    return [row["name"] for row in run_json("gifts", *args)["gifts"]]


def test_gifts_lists_the_whole_catalogue_cheapest_first():
    rows = run_json("gifts")["gifts"]
    assert len(rows) == len(load_catalogue().gifts)
    assert [row["coins"] for row in rows] == sorted(row["coins"] for row in rows)
    assert set(rows[0]) == {"name", "gift_id", "coins", "streakable", "as_of", "source", "last_listed", "status",
                            "stale", "creator_gets"}


def test_search_ignores_case_spaces_and_hyphens_and_matches_parts_of_names():
    assert gift_names("lion")[:2] == ["Lion’s Mane", "Arabian Stallion"] and "Lion" in gift_names("lion")
    assert gift_names("FINGER-heart") == ["Finger Heart"]
    assert gift_names("tiktokuniverse") == ["TikTok Universe"] * 3 + ["TikTok Universe+", "TikTok Universe"]
    assert gift_names("lion's mane") == gift_names("lion’s mane") == ["Lion’s Mane"]  # ' and ’ alike
    assert all("heart" in normalise(name) for name in gift_names("heart")) and len(gift_names("heart")) > 3


def test_min_and_max_coins_bound_the_price_inclusively():
    rows = run_json("gifts", "--min-coins", "1000", "--max-coins", "3000")["gifts"]
    expected = [gift for gift in load_catalogue().gifts if 1000 <= gift.coins <= 3000]
    assert len(rows) == len(expected) > 0
    assert min(row["coins"] for row in rows) == 1000 and max(row["coins"] for row in rows) == 3000
    assert gift_names("heart me", "--max-coins", "1") == ["Heart Me"]
    assert gift_names("lion", "--min-coins", "30000") == ["Crescent Lion", "Leon and Lion", "Holiday Lion"]


def test_what_the_creator_gets_per_gift_follows_the_preset_exactly():
    lion = run_json("gifts", "lion", "--min-coins", "29999", "--max-coins", "29999")["gifts"][0]
    assert (lion["name"], lion["gift_id"], lion["coins"], lion["streakable"], lion["as_of"], lion["source"]) == (
        "Lion", 6369, 29999, False, "2024-01-05", "tiktok-list")
    assert (lion["last_listed"], lion["status"], lion["stale"]) == ("2026-10-05", None, False)
    assert lion["creator_gets"] == "149.995"
    assert run_json("gifts", "leon and lion", "--preset", "two-coins-per-diamond")["gifts"][0]["creator_gets"] == "85"
    galaxy = run_json("gifts", "galaxy", "--min-coins", "1000", "--max-coins", "1000")["gifts"][0]
    assert (galaxy["as_of"], galaxy["source"], galaxy["streakable"]) == ("2024-02-22", "giftsgenerator", None)
    table = invoke("gifts", "rose").stdout
    assert "$0.005" in table and "preset default" in table


def test_stale_lists_only_the_entries_the_newest_list_does_not_show():
    rows = run_json("gifts", "--stale")["gifts"]
    catalogue = load_catalogue()
    assert len(rows) == sum(1 for gift in catalogue.gifts if gift.last_listed < "2026-10-05") > 0
    assert all(row["stale"] and (row["last_listed"] or "") < "2026-10-05" for row in rows)
    assert [(row["gift_id"], row["coins"], row["status"]) for row in run_json("gifts", "rocket", "--stale")["gifts"]] == [
        (5930, 20000, "retired")]
    assert gift_names("tiktok universe", "--stale") == ["TikTok Universe"] * 3  # 34,999: 6038, 6039, 6041
    table = invoke("gifts", "rocket", "--stale").stdout
    assert "Gifts: 1 of" in table and "stale (not in the 2026-10-05 list at that price)" in table
    assert "Rocket (retired)" in table and "generator 2024-02-22" in table


def test_the_table_shows_each_entrys_source_and_date():
    table = invoke("gifts", "falcon").stdout
    assert "scrape 2026-10-05" in table and "generator 2024-02-22" in table and " — " in table  # no id
    assert "(seasonal)" in invoke("gifts", "holiday universe").stdout


def test_no_match_is_not_an_error_and_suggests_a_name():
    result = invoke("gifts", "lionn", "-f", "json")
    assert result.exit_code == ExitCode.OK
    assert json.loads(result.stdout)["gifts"] == []
    assert "did you mean 'Lion' or" in result.stderr


def test_bad_gift_filters_exit_2():
    assert_input_error(invoke("gifts", "--min-coins", "10", "--max-coins", "5"), "swap them")
    assert_input_error(invoke("gifts", "--preset", "wbe"), "did you mean 'web'?")
    assert invoke("gifts", "--min-coins", "-1").exit_code == ExitCode.INPUT_ERROR


def test_gifts_as_csv_are_the_json_rows_with_the_preset_for_spreadsheets():
    import csv

    listed = json.loads(invoke("gifts", "rose", "--preset", "web", "-f", "json").stdout)
    result = invoke("gifts", "rose", "--preset", "web", "-f", "csv")
    assert result.exit_code == ExitCode.OK and result.stderr == ""
    rows = list(csv.DictReader(StringIO(result.stdout)))
    assert len(rows) == len(listed["gifts"]) > 3
    for row, gift in zip(rows, listed["gifts"], strict=True):
        text = {key: "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
                for key, value in gift.items()}
        assert row == text | {"preset": "web"}
    nothing = invoke("gifts", "no such gift at all", "-f", "csv")
    assert nothing.stdout == "name,gift_id,coins,streakable,as_of,source,last_listed,status,stale,creator_gets,preset\n"


def test_gifts_table_matches_golden(golden):
    catalogue = load_catalogue()
    lions = [gift for gift in catalogue.gifts if "lion" in normalise(gift.name)]
    golden("gifts-lion.txt", pinned(gifts_table(lions, len(catalogue.gifts), load_presets()["default"].rates, "matching 'lion'")))


@pytest.mark.parametrize("args", [["gifts"], ["convert", "1000", "coins"], ["schema"]])
def test_json_and_schema_output_never_load_rich(args):
    code = (
        "import sys\n"
        "from tiktok_earnings.cli import app\n"
        "try:\n"
        f"    app({args + ([] if args == ['schema'] else ['--format', 'json'])!r}, prog_name='tiktok-earnings')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "print('\\n'.join(sys.modules), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    json.loads(out.stdout)
    assert "rich" not in out.stderr.split()


def test_the_new_core_modules_never_import_typer_or_rich():
    code = "import tiktok_earnings.convert, tiktok_earnings.scenario.schema, sys; print('\\n'.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert not {name for name in loaded if name.split(".")[0] in ("typer", "rich", "click")}


# --- init ---------------------------------------------------------------------------------------------


def test_init_writes_the_starter_scenario_and_never_overwrites_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = invoke("init")
    assert first.exit_code == ExitCode.OK, first.output
    written = tmp_path / "scenario.yaml"
    assert written.read_text(encoding="utf-8") == STARTER_SCENARIO.read_text(encoding="utf-8")
    assert "tiktok-earnings run scenario.yaml" in first.stderr and first.stdout == ""

    written.write_text("my own work\n", encoding="utf-8")
    refused = invoke("init")
    assert_input_error(refused, "scenario.yaml already exists", "--force")
    assert written.read_text(encoding="utf-8") == "my own work\n"

    forced = invoke("init", "--force")
    assert forced.exit_code == ExitCode.OK, forced.output
    assert written.read_text(encoding="utf-8") == STARTER_SCENARIO.read_text(encoding="utf-8")


def test_init_takes_a_path_and_refuses_a_folder_or_a_missing_folder(tmp_path):
    target = tmp_path / "friday.yaml"
    assert invoke("init", str(target)).exit_code == ExitCode.OK
    assert load_scenario(target).name == "My first stream"
    assert_input_error(invoke("init", str(tmp_path)), "is a folder", "scenario.yaml")
    assert_input_error(invoke("init", str(tmp_path / "missing" / "s.yaml")), "cannot write", "folder exists")
    assert_input_error(invoke("init", str(tmp_path), "--force"), "is a folder")


def test_the_starter_scenario_is_valid_and_explains_every_key():
    scenario = load_scenario(STARTER_SCENARIO)
    assert scenario.stream.duration_minutes == 60 and scenario.gifts
    text = STARTER_SCENARIO.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=scenario.schema.json"
    assert "tiktok-earnings schema > scenario.schema.json" in text
    for key in (key.name for key in SCENARIO_KEYS if not key.parent.startswith("engagement.elasticity")):
        assert any(line.lstrip("# -").startswith(f"{key}:") and "#" in line.lstrip("# ") for line in lines), (
            f"`{key}:` is not in the starter scenario with a comment")
    jsonschema.validate(yaml.safe_load(text), scenario_schema())


# --- schema -------------------------------------------------------------------------------------------

SCHEMA = scenario_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
MINIMAL = {"stream": {"duration_minutes": 90, "average_viewers": 350}}


def is_valid(document: object) -> bool:
    return VALIDATOR.is_valid(document)


def test_the_schema_is_a_valid_draft_2020_12_schema_and_the_command_prints_it():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    result = invoke("schema")
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout) == SCHEMA
    assert invoke("schema").stdout == result.stdout  # deterministic


EXAMPLES = [*sorted(CONFIGS.rglob("*.yaml")), *sorted((DATA / "batch").glob("good-*.yaml"))]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_example_scenario_is_valid(path):
    if not path.name.startswith("_"):  # a shared base need not be a whole scenario
        load_scenario(path)  # the reader accepts it …
    errors = [error.message for error in VALIDATOR.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert errors == []  # … and so does the schema


@pytest.mark.parametrize(("change", "why"), [
    ({"heart": 48000}, "unknown top-level key"),
    ({"payout": {"agency_comission": 0.1}}, "unknown nested key"),
    ({"gifts": [{"gift": "Rose", "count": -3}]}, "negative count"),
    ({"gifts": [{"gift": "Rose", "count": 1.5}]}, "fractional count"),
    ({"gifts": [{"gift": "Rose"}]}, "no count"),
    ({"gifts": [{"name": "Badge", "count": 1}]}, "custom gift without coins"),
    ({"gifts": [{"gift": "Rose", "name": "Rose", "count": 1}]}, "both gift and name"),
    ({"gifts": [{"gift": "Rose", "gift_id": 1234, "count": 1}]}, "gift_id not in the catalogue"),
    ({"payout": {"tax_rate": 15}}, "fraction above 1"),
    ({"payout": {"withdrawal_fee": -0.1}}, "negative fraction"),
    ({"payout": {"currency": "EUR"}}, "currency without fx_rate"),
    ({"payout": {"fx_rate": 0.92}}, "fx_rate for USD"),
    ({"payout": {"currency": "EURO", "fx_rate": 0.9}}, "not a currency code"),
    ({"stream": {"duration_minutes": 0, "average_viewers": 350}}, "zero minutes"),
    ({"stream": {"duration_minutes": 90}}, "no viewers"),
    ({"stream": {"duration_minutes": 90, "average_viewers": "lots"}}, "text for a number"),
    ({"hearts": "48000"}, "quoted number"),
    ({"coin_rates": {"preset": "wbe"}}, "unknown preset"),
    ({"coin_rates": {"payout_per_diamond": 0}}, "zero rate"),
    ({"engagement": {"elasticity": {"low": -0.1}}}, "negative elasticity"),
    ({"expect": {"creator_nett": {"min": 1}}}, "unknown output field"),
    ({"expect": {"creator_net": {"minimum": 1}}}, "unknown bound"),
    ({"expect": {"creator_net": {}}}, "no bound"),
    ({"name": True}, "boolean name"),
    ({"other_income": {"creator_rewards": {"qualified_views": 1000, "rpm": -0.5}}}, "negative rpm"),
    ({"other_income": {"creator_rewards": {"rpm": 0.5}}}, "rewards without views"),
    ({"other_income": {"subscriptions": {"subscribers": 10, "price": 4.99, "region": "eu"}}}, "unknown region"),
    ({"other_income": {"subscriptions": {"subscribers": 10, "price": 4.99, "creator_share": 70}}}, "share as percent"),
    ({"other_income": {"brand_deals": [{"name": "Cola"}]}}, "deal without amount"),
    ({"other_income": {"brand_deals": [{"name": "Cola", "amount": 100, "months": 3}]}}, "unknown deal key"),
    ({"schedule": {"streams_per_week": 0}}, "zero streams a week"),
    ({"schedule": {}}, "schedule without streams_per_week"),
    ({"payout": {"minimum_withdrawal": -50}}, "negative minimum withdrawal"),
], ids=lambda value: value if isinstance(value, str) else None)
def test_invalid_scenarios_fail_the_schema(change, why):
    assert is_valid(MINIMAL)
    assert not is_valid({**MINIMAL, **change}), why


def test_a_missing_stream_is_only_an_error_without_extends():
    assert not is_valid({"hearts": 10})
    assert is_valid({"extends": "../base.yaml", "hearts": 10})
    assert is_valid({"extends": "base.yaml", "stream": {"average_viewers": 10}, "payout": {"currency": "EUR"}})


def test_what_the_reader_allows_the_schema_allows():
    assert is_valid({**MINIMAL, "name": 2024, "gifts": [{"gift": "rose", "count": 0}, {"gift_id": 9072, "count": 1},
                                                         {"gift": "Lion", "coins": 1, "count": 2},
                                                         {"name": "Badge", "coins": 15, "count": 4}]})
    assert is_valid({**MINIMAL, "payout": None, "coin_rates": None, "engagement": {"elasticity": None}, "gifts": None})
    assert is_valid({**MINIMAL, "payout": {"currency": "eur", "fx_rate": 0.92, "tax_rate": 1}})
    assert is_valid({**MINIMAL, "payout": {"currency": "usd", "fx_rate": 1}})
    assert is_valid({**MINIMAL, "expect": {field: {"min": 0} for field in NUMERIC_FIELDS}})
    assert is_valid({**MINIMAL, "other_income": {"creator_rewards": {"qualified_views": 0},
                                                 "subscriptions": {"subscribers": 3, "price": 0, "region": "us-ca"},
                                                 "brand_deals": [{"name": 2024, "amount": 0}]},
                     "schedule": {"streams_per_week": 0.5}, "payout": {"minimum_withdrawal": 50, "currency": "JPY", "fx_rate": 150}})
    assert is_valid({**MINIMAL, "other_income": None, "schedule": None})


# Invalid files whose fault only the reader can see: a gift name is matched loosely (so names are
# examples in the schema, not an enum), one price per name, the order of elasticities, duplicate
# keys (a plain YAML loader keeps the last) and NaN (which JSON cannot hold; infinity is above the maximum).
READER_ONLY = {"ambiguous-gift", "ambiguous-gift-without-id", "unknown-gift", "elasticity-order", "duplicate-key", "nan"}
# The number policy (numbers.py) beyond what a JSON number shows: a size below 1e-12 and the digits
# are lost when YAML reads a float, and figures too large to report come from several values at once.
READER_ONLY |= {"duration-too-small", "too-many-digits", "zero-with-huge-exponent", "hearts-rate-too-large",
                "product-too-large", "minimum-withdrawal-too-large", "year-too-large", "brand-deals-too-large"}
# Two keys that each are fine but not together: `rewards:` sets what a diamond pays, so payout_per_diamond may not.
READER_ONLY |= {"rewards-and-payout-per-diamond"}


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.yaml")), ids=lambda path: path.stem)
def test_the_schema_rejects_every_invalid_example_it_can_see(path):
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, ValueError):  # broken YAML, a tag that builds an object, 5,000 digits: the editor's parser says so
        assert path.stem in ("invalid-yaml", "python-tag", "integer-too-long")
        return
    assert is_valid(document) == (path.stem in READER_ONLY)


def declared_properties(schema: dict, path: str = ""):
    """(dotted path, schema) for every property declared under `properties`, in sections and list items."""
    for key, value in schema.get("properties", {}).items():
        yield f"{path}{key}", value
        yield from declared_properties(value, f"{path}{key}.")


def test_the_schema_holds_the_data_files_values_and_closes_every_section():
    top = SCHEMA["properties"]
    assert top["coin_rates"]["properties"]["preset"]["enum"] == list(load_presets())
    assert "Lion" in SCHEMA["$defs"]["gift"]["properties"]["gift"]["examples"]
    assert list(top["expect"]["properties"]) == list(NUMERIC_FIELDS)
    assert SCHEMA["$defs"]["bounds"]["description"]
    assert SCHEMA["additionalProperties"] is False
    for path, prop in declared_properties(SCHEMA):
        if "properties" in prop:
            assert prop["additionalProperties"] is False, path
    for item in ("gift", "brand_deal"):
        assert SCHEMA["$defs"][item]["additionalProperties"] is False


def test_a_schema_file_in_an_editor_setup_checks_the_starter_scenario(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    invoke("init")
    (tmp_path / "scenario.schema.json").write_text(invoke("schema").stdout, encoding="utf-8")
    schema = json.loads((tmp_path / "scenario.schema.json").read_text(encoding="utf-8"))
    assert jsonschema.Draft202012Validator(schema).is_valid(yaml.safe_load(Path("scenario.yaml").read_text()))
