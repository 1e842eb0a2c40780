"""The number policy (numbers.py) end to end: bad numbers never cost a batch its other files or its document.

The crash inputs of issue 10 and their kin are named files in tests/data/invalid/ (checked with their
line and message by test_scenario.py); here they run among good scenarios, through `run`.
"""

import csv
import io
import json
import shutil
from decimal import Decimal, FloatOperation, Overflow, localcontext

import pytest

from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode
from tiktok_earnings.numbers import (
    LARGEST_INPUT,
    MONEY,
    MOST_DIGITS,
    SMALLEST_INPUT,
    OutOfBounds,
    out_of_bounds,
    parse_decimal,
    parse_integer,
)

from .cli_runner import CliRunner
from .conftest import DATA

runner = CliRunner()
CRASHED_BEFORE = ("product-too-large", "duration-too-small", "exponent-too-small")  # issue 10: exit 3, half a JSON
KIN = ("exponent-too-large", "exponent-beyond-decimal", "too-many-digits", "zero-with-huge-exponent", "integer-too-long",
       "hearts-rate-too-large", "minimum-withdrawal-too-large", "year-too-large", "brand-deals-too-large")


def invoke(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def mixed_folder(tmp_path):
    """Two good scenarios with every bad-number file of tests/data/invalid/ between them."""
    shutil.copy(DATA / "batch" / "good-usd.yaml", tmp_path / "a-good-usd.yaml")
    for name in (*CRASHED_BEFORE, *KIN):
        shutil.copy(DATA / "invalid" / f"{name}.yaml", tmp_path / f"m-{name}.yaml")
    shutil.copy(DATA / "batch" / "good-eur.yaml", tmp_path / "z-good-eur.yaml")
    return tmp_path


def test_a_folder_of_good_and_bad_numbers_gives_a_whole_json_document_listing_every_error(mixed_folder):
    result = invoke("run", str(mixed_folder), "--format", "json")
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    document = json.loads(result.stdout)  # whole: it parses
    assert [scenario["source"] for scenario in document["scenarios"]] == [
        str(mixed_folder / "a-good-usd.yaml"), str(mixed_folder / "z-good-eur.yaml")]
    erred = {error["file"] for error in document["errors"]}
    assert erred == {str(mixed_folder / f"m-{name}.yaml") for name in (*CRASHED_BEFORE, *KIN)}
    assert all(error["line"] is not None and error["hint"] for error in document["errors"])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_folder_of_good_and_bad_numbers_gives_a_whole_csv_with_a_row_for_each_file(mixed_folder):
    result = invoke("run", str(mixed_folder), "--format", "csv")
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2 + len(CRASHED_BEFORE) + len(KIN)
    assert [row["status"] for row in rows if row["creator_net"]] == ["ok", "ok"]
    assert all(row["messages"] for row in rows if row["status"] == "error")


def test_the_issue_examples_are_input_errors_at_their_line_for_validate_too():
    paths = [str(DATA / "invalid" / f"{name}.yaml") for name in CRASHED_BEFORE]
    result = invoke("validate", *paths)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert f"{paths[0]}:7: `gifts[0].count` makes `viewer_spend` too large to report" in result.stderr
    assert f"{paths[1]}:3: `stream.duration_minutes` is too small (got 1.0E-30)" in result.stderr
    assert f"{paths[2]}:9: `coin_rates.viewer_price_per_coin` is too small (got 1.0E-999999999)" in result.stderr


def test_a_decimal_signal_while_computing_one_file_is_that_files_input_error(mixed_folder, monkeypatch):
    from tiktok_earnings import batch

    real = batch.calculate

    def overflowing(scenario):
        if scenario.name == "Berlin evening":
            raise Overflow("a figure too large")
        return real(scenario)

    monkeypatch.setattr("tiktok_earnings.batch.calculate", overflowing)
    good = [str(mixed_folder / "a-good-usd.yaml"), str(mixed_folder / "z-good-eur.yaml")]
    result = invoke("run", *good, "--format", "json")
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    document = json.loads(result.stdout)
    assert len(document["scenarios"]) == 1
    assert document["errors"][0]["file"] == good[1]
    assert "cannot be computed: a figure is too large" in document["errors"][0]["message"]


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_a_bug_in_a_later_file_still_leaves_a_whole_document(mixed_folder, monkeypatch, output_format):
    from tiktok_earnings import batch

    real = batch.calculate

    def broken(scenario):
        if scenario.name == "Berlin evening":
            raise ZeroDivisionError("a bug")
        return real(scenario)

    monkeypatch.setattr("tiktok_earnings.batch.calculate", broken)
    good = [str(mixed_folder / "a-good-usd.yaml"), str(mixed_folder / "z-good-eur.yaml")]
    result = invoke("run", *good, "--format", output_format)
    assert result.exit_code == ExitCode.INTERNAL_ERROR
    if output_format == "json":
        assert len(json.loads(result.stdout)["scenarios"]) == 1
    else:
        assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 1


# --- numbers.py ----------------------------------------------------------------------------


def test_parse_decimal_reads_the_digits_exactly_and_refuses_what_is_out_of_bounds():
    assert parse_decimal("0.0133") == Decimal("0.0133") and str(parse_decimal("0.10")) == "0.10"
    assert parse_decimal("nan").is_nan()  # the caller words it
    with pytest.raises(OutOfBounds, match="too small"):
        parse_decimal("1e-13")
    with pytest.raises(OutOfBounds, match="too large"):
        parse_decimal("1e99999999999999999999")  # beyond what Decimal can hold, still "too large"
    with pytest.raises(OutOfBounds, match="too many digits"):
        parse_decimal("0." + "1" * MOST_DIGITS)
    with pytest.raises(ArithmeticError):
        parse_decimal("twelve")
    assert parse_decimal("1e-999999999", bounded=False) == Decimal("1e-999999999")  # cheap: only printing it is not


def test_parse_integer_never_builds_a_number_from_thousands_of_digits():
    assert parse_integer("0042") == 42
    with pytest.raises(OutOfBounds):
        parse_integer("9" * 5000)
    with pytest.raises(ValueError):
        parse_integer("0x1F")


def test_the_bounds_are_inclusive_and_zero_is_always_in_them():
    assert out_of_bounds(LARGEST_INPUT) is None and out_of_bounds(-LARGEST_INPUT) is None
    assert out_of_bounds(SMALLEST_INPUT) is None and out_of_bounds(Decimal(0)) is None
    assert out_of_bounds(Decimal("0.000")) is None
    assert out_of_bounds(LARGEST_INPUT + 1) is not None
    assert out_of_bounds(10**5000)[0].startswith("is too large (got 1.000E+5000")  # str() refuses 4,300 digits


def test_the_money_context_traps_floats_and_overflow():
    with localcontext(MONEY):
        with pytest.raises(FloatOperation):
            assert Decimal("0.1") < 0.2  # a float in money is a bug, never rounded through
        with pytest.raises(FloatOperation):
            MONEY.create_decimal(0.1)
        with pytest.raises(Overflow):
            Decimal("1E+999999") * 10


@pytest.mark.parametrize(("amount", "message"), [
    ("1e13", "the amount is too large (got 1E+13) — numbers here are at most 1,000,000,000,000"),
    ("0.0000000000001", "the amount is too small (got 1E-13)"),
])
def test_convert_takes_amounts_within_the_same_bounds_as_a_scenario(amount, message):
    result = CliRunner().invoke(app, ["convert", amount, "usd"], prog_name="tiktok-earnings")
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert message in result.stderr
