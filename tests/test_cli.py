"""The command line through the tests' CliRunner (tests/cli_runner.py): output streams, formats and every exit code."""

import json

import pytest

from tiktok_earnings import __version__
from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode

from .cli_runner import CliRunner
from .conftest import CONFIGS, DATA

runner = CliRunner()
FRIDAY = str(CONFIGS / "friday-qa.yaml")
FIRST = str(CONFIGS / "first-stream.yaml")


def invoke(*args: str):
    return runner.invoke(app, list(args), prog_name="tiktok-earnings")


def test_run_shows_the_breakdown_and_exits_0():
    result = invoke("run", FRIDAY)
    assert result.exit_code == ExitCode.OK, result.output
    for text in ("Where the money went", "Creator net", "$171.13", "worth $0.00 directly", "$10.33 – $29.60 – $55.36"):
        assert text in result.stdout
    assert result.stderr == ""


def test_run_json_is_parseable_with_the_documented_keys():
    result = invoke("run", FRIDAY, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    (scenario,) = document["scenarios"]
    assert list(scenario)[:12] == ["name", "source", "currency", "coins", "diamonds", "viewer_spend", "platform_share",
                                   "creator_gross", "agency_commission", "withdrawal_fees", "tax", "creator_net"]
    assert scenario["creator_net"] == "171.13"
    assert set(scenario["hearts"]) == {"count", "per_viewer_minute", "direct_value", "indirect_share", "indirect_value"}
    assert set(scenario["gifts"][0]) == {"gift", "gift_id", "coins_each", "count", "coins", "creator_gross"}


def test_several_files_give_several_scenarios_in_path_order():
    result = invoke("run", FRIDAY, FIRST, "-f", "json")
    assert [s["name"] for s in json.loads(result.stdout)["scenarios"]] == ["first-stream", "Friday Q&A"]


def test_a_bad_file_exits_2_with_file_and_line_on_stderr_and_nothing_on_stdout():
    bad = str(DATA / "invalid" / "negative-count.yaml")
    result = invoke("run", bad)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stdout == ""
    assert result.stderr.startswith(f"{bad}:7: `gifts[0].count` must not be below 0 (got -3) — ")
    assert "Traceback" not in result.output


def test_json_stays_parseable_when_another_file_is_broken():
    result = invoke("run", FRIDAY, str(DATA / "invalid" / "unknown-gift.yaml"), "--format", "json")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert [s["name"] for s in json.loads(result.stdout)["scenarios"]] == ["Friday Q&A"]
    assert "unknown gift 'Lionn'" in result.stderr


def test_a_missing_file_exits_2_without_a_traceback(tmp_path):
    result = invoke("run", str(tmp_path / "missing.yaml"))
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr == f"{tmp_path / 'missing.yaml'}: no such file — check the path\n"


def test_a_usage_error_exits_2():
    assert invoke("run", FRIDAY, "--format", "xml").exit_code == ExitCode.INPUT_ERROR
    assert invoke("run").exit_code == ExitCode.INPUT_ERROR


def test_an_internal_error_exits_3_with_one_line_and_debug_shows_the_traceback(monkeypatch):
    def broken(_scenario):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("tiktok_earnings.batch.calculate", broken)
    result = invoke("run", FRIDAY)
    assert result.exit_code == ExitCode.INTERNAL_ERROR
    assert "internal error: ZeroDivisionError('a bug')" in result.stderr and "Traceback" not in result.stderr
    debug = invoke("run", FRIDAY, "--debug")
    assert isinstance(debug.exception, ZeroDivisionError)


def test_version():
    result = invoke("--version")
    assert result.exit_code == ExitCode.OK and result.stdout == f"tiktok-earnings {__version__}\n"


def test_rates_lists_every_preset_with_source_and_date():
    result = invoke("rates", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    presets = {row["preset"]: row for row in json.loads(result.stdout)["presets"]}
    assert {"default", "web", "two-coins-per-diamond"} <= set(presets)
    assert presets["default"]["creator_per_coin"] == "0.005"
    assert presets["two-coins-per-diamond"]["creator_per_coin"] == "0.0025"
    assert all(row["source"] and row["as_of"] for row in presets.values())
    table = invoke("rates")
    assert table.exit_code == ExitCode.OK and "two-coins-per-diamond" in table.stdout


@pytest.mark.parametrize("command", [[], ["run"], ["rates"]], ids=["main", "run", "rates"])
def test_every_command_has_help_with_an_example(command):
    result = invoke(*command, "--help")
    assert result.exit_code == ExitCode.OK, result.output
    assert "tiktok-earnings" in result.stdout
    if command:
        assert "Example" in result.stdout


def test_run_help_documents_the_exit_codes():
    assert "Exit codes: 0" in " ".join(invoke("run", "--help").stdout.split())


def test_python_dash_m_works(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "tiktok_earnings", "run", FIRST, "-f", "json"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scenarios"][0]["creator_net"] == "0.50"


def test_export_saves_a_chart_a_page_or_the_terminals_text(tmp_path):
    saved = {}
    for name in ("report.svg", "report.html", "report.txt"):
        result = invoke("run", FRIDAY, "--export", str(tmp_path / name))
        assert result.exit_code == ExitCode.OK, result.output
        assert "Where the money went" in result.stdout
        saved[name] = (tmp_path / name).read_text(encoding="utf-8")
    assert saved["report.svg"].startswith("<svg") and "<title id=\"waterfall-title\">Where the money went: Friday Q&amp;A" in saved["report.svg"]
    assert saved["report.html"].startswith("<!DOCTYPE html>") and "<title>Friday Q&amp;A: tiktok-earnings</title>" in saved["report.html"]
    assert saved["report.txt"] == result.stdout  # what the terminal showed, as text


def test_export_needs_a_known_suffix_and_only_the_text_needs_the_table_view(tmp_path):
    png = invoke("run", FRIDAY, "--export", str(tmp_path / "report.png"))
    assert png.exit_code == ExitCode.INPUT_ERROR and "must end in .svg (a chart), .html (a page) or .txt" in png.stderr
    bare = invoke("run", FRIDAY, "--export", str(tmp_path / ".svg"))  # a hidden file's name, to Python: no suffix
    assert bare.exit_code == ExitCode.INPUT_ERROR and "is only a suffix: give a name before it, e.g. chart.svg" in bare.stderr
    text = invoke("run", FRIDAY, "-f", "json", "--export", str(tmp_path / "r.txt"))
    assert text.exit_code == ExitCode.INPUT_ERROR and "--export FILE.txt saves the table view" in text.stderr
    assert not (tmp_path / "r.txt").exists()
    chart = invoke("run", FRIDAY, "-f", "json", "--export", str(tmp_path / "r.svg"))  # a chart goes with any format
    assert chart.exit_code == ExitCode.OK and json.loads(chart.stdout)["scenarios"][0]["name"] == "Friday Q&A"
    assert (tmp_path / "r.svg").read_text(encoding="utf-8").startswith("<svg")
