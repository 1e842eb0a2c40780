"""The one output interface: every format renders for every kind of result, through one dispatch.

Also the one error type (errors.ToolError) and the one declaration of the output figures (figures.py).
"""

import json
import subprocess
import sys
from io import StringIO

import pytest
from rich.console import Console

from tiktok_earnings import figures
from tiktok_earnings.batch import evaluate
from tiktok_earnings.catalogue import GiftLookupError
from tiktok_earnings.convert import ArgumentError
from tiktok_earnings.errors import ExitCode, InputError, Problem, ReportWriteError, ToolError
from tiktok_earnings.live.tally import BadEvent
from tiktok_earnings.render import render_all
from tiktok_earnings.render.output import Format, FormatNotOffered, ListFormat, OutputFormat, RowsFormat, View, render
from tiktok_earnings.whatif.fields import WhatIfError

from .conftest import CONFIGS, ROOT


def drawn(output) -> str:
    """What the CLI would print: text as it is, anything else drawn by a pinned console."""
    console = Console(file=StringIO(), width=100, color_system=None, force_terminal=False, legacy_windows=False)
    text = ""
    for piece in output if isinstance(output, tuple) else (output,):
        if isinstance(piece, str):
            text += piece
        else:
            console.print(piece)
            text += console.file.getvalue()
            console.file.seek(0)
            console.file.truncate()
    return text


def _comparison():
    from tiktok_earnings.render.compare import ComparisonView
    from tiktok_earnings.whatif.compare import compare

    files = sorted((CONFIGS / "compare").glob("*.yaml"))
    return ComparisonView(), compare([evaluate(str(path)).report for path in files])


def _sweep():
    from tiktok_earnings.render.sweep import SweepView
    from tiktok_earnings.scenario.reader import load_scenario
    from tiktok_earnings.whatif.sweep import parse_vary, sweep

    scenario = load_scenario(str(CONFIGS / "whatif-growing-stream.yaml"))
    return SweepView(), sweep(scenario, parse_vary("hearts=0..200000:5"))


def _goal():
    from tiktok_earnings.render.sweep import GoalView
    from tiktok_earnings.scenario.reader import load_scenario
    from tiktok_earnings.whatif.goal import goal_field, parse_target, solve

    scenario = load_scenario(str(CONFIGS / "whatif-growing-stream.yaml"))
    return GoalView(), solve(scenario, goal_field("stream.average_viewers", scenario), parse_target("25"))


def _calibration():
    from tiktok_earnings.hearts.calibration import calibrate
    from tiktok_earnings.hearts.history import load_history
    from tiktok_earnings.render.calibration import CalibrationView

    return CalibrationView(), calibrate(load_history([str(CONFIGS / "history-example.csv")]))


def _gifts():
    from tiktok_earnings.catalogue import load_catalogue
    from tiktok_earnings.convert import find_rates
    from tiktok_earnings.render.catalogue import GiftList, GiftListView

    gifts = load_catalogue().gifts
    return GiftListView(), GiftList(gifts[:3], len(gifts), find_rates("default"))


def _presets():
    from tiktok_earnings.rates import load_presets
    from tiktok_earnings.render.rates import PresetsView

    return PresetsView(), load_presets()


def _conversion():
    from tiktok_earnings.convert import convert
    from tiktok_earnings.render.convert import ConversionView

    return ConversionView(), convert("50", "usd", None, "default", None)


def _run():
    from tiktok_earnings.render.run import Run, RunView

    return RunView(), Run(several=True, detail=True)


RESULTS = {"compare": _comparison, "sweep": _sweep, "goal": _goal, "calibrate": _calibration, "gifts": _gifts,
           "rates": _presets, "convert": _conversion, "run": _run}
# Each command's --format choices.
CHOICES = {"run": OutputFormat, "compare": OutputFormat, "sweep": RowsFormat, "goal": ListFormat,
           "calibrate": ListFormat, "gifts": RowsFormat, "rates": ListFormat, "convert": ListFormat}


def format_choices(command: str) -> list[str]:
    """What `tiktok-earnings COMMAND --format` accepts, as the CLI itself declares it."""
    from tiktok_earnings.cli import app

    (option,) = [param for param in app.commands[command].parameters if "--format" in param.names]
    return [member.value for member in option.kind]


def _text(command: str, view: View, result, format_: Format) -> str:
    rendered = render(view, result, format_)
    if command != "run":
        return drawn(rendered)
    outcomes = [evaluate(str(CONFIGS / "friday-qa.yaml")), evaluate(str(CONFIGS / "tokyo-yen.yaml"))]
    return "".join(drawn(piece) for piece in (rendered.start(), *map(rendered.add, outcomes), rendered.finish()))


@pytest.mark.parametrize("command", RESULTS)
def test_every_format_a_command_offers_renders(command):
    view, result = RESULTS[command]()
    assert {choice.to_format() for choice in CHOICES[command]} == set(view.formats)
    assert format_choices(command) == [choice.value for choice in CHOICES[command]]
    for format_ in Format:
        if format_ in view.formats:
            text = _text(command, view, result, format_)
            assert text.strip(), (command, format_)
            if format_ is Format.json:
                assert json.loads(text)["schema_version"] == 1
        else:
            with pytest.raises(FormatNotOffered):
                render(view, result, format_)


def test_every_format_is_offered_somewhere_and_every_choice_is_a_format():
    offered = {format_ for choices in CHOICES.values() for format_ in (choice.to_format() for choice in choices)}
    assert offered == set(Format)
    assert all(choice.value == choice.to_format().value for choices in CHOICES.values() for choice in choices)


def test_text_reports_stream_the_same_text_as_a_whole():
    from tiktok_earnings.render.json import JsonReport

    outcomes = [evaluate(str(CONFIGS / "friday-qa.yaml"))]
    document = json.loads(render_all(JsonReport(), outcomes))
    assert list(document) == ["schema_version", "scenarios", "errors"] and document["errors"] == []


def test_the_json_writer_puts_each_item_on_a_line_and_writes_empty_lists_short():
    from tiktok_earnings.render.json_text import JsonWriter

    json_ = JsonWriter()
    text = json_.start() + json_.items("a", [{"x": "é"}, 2]) + json_.items("b", []) + json_.finish()
    assert text == '{"schema_version": 1, "a": [\n{"x": "é"},\n2\n], "b": []}\n'


# --- one error type ------------------------------------------------------------------------------


def test_every_error_a_user_sees_is_a_tool_error_that_declares_nothing_again():
    for kind in (InputError, ReportWriteError, GiftLookupError, WhatIfError, ArgumentError, BadEvent):
        assert issubclass(kind, ToolError)
        assert not {"message", "hint", "text", "lines", "exit_code"} & set(vars(kind)), kind


def test_a_tool_error_is_one_line_or_its_problems():
    error = ArgumentError("unknown unit 'eur'", "use coins")
    assert (error.message, error.hint, error.exit_code) == ("unknown unit 'eur'", "use coins", ExitCode.INPUT_ERROR)
    assert error.lines() == ["tiktok-earnings: unknown unit 'eur' — use coins"] and str(error) == "unknown unit 'eur' — use coins"
    problems = [Problem("a.yaml", 3, "bad", "fix it"), Problem("b.yaml", None, "worse")]
    assert InputError(problems).lines() == ["a.yaml:3: bad — fix it", "b.yaml: worse"]
    assert BadEvent("no gift").hint.startswith("each line is one event")


def test_a_report_that_cannot_be_written_says_which_file_and_why(tmp_path):
    error = ReportWriteError(tmp_path / "x.json", PermissionError(13, "Permission denied"))
    assert error.as_problem("the report").lines() == [
        f"{tmp_path / 'x.json'}: cannot write the report: Permission denied — check that the folder exists and is writable"]


def test_errors_become_output_in_one_place_in_the_cli():
    """No command prints an InputError's problems or chooses exit code 2 for one itself."""
    for path in (ROOT / "tiktok_earnings" / "cli").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "except InputError" not in text and "except ArgumentError" not in text, path
        assert "Exit(ExitCode.INPUT_ERROR)" not in text, path


# --- the output figures, declared once -----------------------------------------------------------


def test_figures_do_not_import_the_calculator():
    out = subprocess.run([sys.executable, "-c", "import sys, tiktok_earnings.figures; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert "tiktok_earnings.calculator" not in out and "tiktok_earnings.scenario" not in out


def test_every_figure_has_a_kind_a_label_and_a_group_and_its_value_in_a_report():
    report = evaluate(str(CONFIGS / "full-picture.yaml")).report
    values = figures.numeric_values(report)
    assert list(values) == list(figures.NUMERIC_FIELDS) == [figure.name for figure in figures.FIGURES]
    for figure in figures.FIGURES:
        assert figure.label and figure.group and figure.kind in figures.Kind
        assert figure.money == (figure.kind is figures.Kind.MONEY)
    assert values["other_income.brand_deals"] == report.other_income.brand_deals_total


def test_summaries_have_a_heading_for_each_summary_figure():
    assert list(figures.SUMMARY_HEADINGS) == [figure.name for figure in figures.SUMMARY]
    assert set(figures.SUMMARY_TOTALS) <= set(figures.SUMMARY) and set(figures.SUMMARY_TOTALS) <= set(figures.SUMMED)
    assert {figure.name for figure in figures.SUMMED} >= figures.MONTHLY


def test_the_json_output_nests_the_figures_by_their_dotted_names():
    from tiktok_earnings.render.json import scenario_dict

    report = evaluate(str(CONFIGS / "full-picture.yaml")).report
    document = scenario_dict(report)
    for figure in figures.FIGURES:
        node = document
        for key in figure.name.split("."):
            node = node[key]
        assert node == figure.json(figure.value(report)), figure.name
