"""The command line's grammar and messages (cli/app.py), on a small app declared as the tool's commands are.

Each rule is shown on a command that records what it was called with, so a test fails when parsing
changes, not only when the tool's output does.
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pytest

from tiktok_earnings.cli import app as tool
from tiktok_earnings.cli.app import App, Argument, BadParameter, Option

from .cli_runner import CliRunner


class Shape(StrEnum):
    table = "table"
    json = "json"


def _even(value: int | None) -> int | None:
    if value is not None and value % 2:
        raise BadParameter(f"{value} is odd")
    return value


def make_app() -> tuple[App, list[dict]]:
    calls: list[dict] = []
    app = App("demo", "A demo.\n\nIt does little.", "1.2.3")

    @app.command(section="Main", epilog="Examples:\n\n  demo go a.yaml")
    def go(
        paths: Annotated[list[str], Argument("PATH", help="Files.")],
        shape: Annotated[Shape, Option("--shape", "-s", metavar="SHAPE", help="How.")] = Shape.table,
        out: Annotated[Path | None, Option("--out", "-o", metavar="FILE", help="Where.")] = None,
        jobs: Annotated[int | None, Option("--jobs", "-j", min=1, metavar="N", section="Many", help="Workers.")] = None,
        pair: Annotated[int | None, Option("--pair", metavar="N", check=_even, help="Even.")] = None,
        loud: Annotated[bool, Option("--loud", help="Shout.")] = False,
    ) -> None:
        """Go over the files.

        More words.
        """
        calls.append({"paths": paths, "shape": shape, "out": out, "jobs": jobs, "pair": pair, "loud": loud})

    @app.command("import", section="Other")
    def import_(source: Annotated[str, Argument("SOURCE", help="From.")], to: Annotated[str, Option("--to", help="To.")],
                extra: Annotated[str | None, Argument("EXTRA", help="More.")] = None) -> None:
        """Bring one thing in."""
        calls.append({"source": source, "to": to, "extra": extra})

    return app, calls


def invoke(*args: str):
    app, calls = make_app()
    return CliRunner().invoke(app, list(args), prog_name="demo"), calls


@pytest.mark.parametrize("args", [
    ["go", "a", "--shape", "json", "b", "-o", "r.txt", "--loud", "-j", "2"],
    ["go", "--shape=json", "a", "b", "-or.txt", "--loud", "-j2"],
    ["go", "-s", "json", "--jobs=2", "--out", "r.txt", "--loud", "--", "a", "b"],
    ["go", "--shape", "table", "a", "--shape", "json", "b", "--out", "r.txt", "--loud", "--jobs", "2"],  # the last wins
])
def test_options_go_anywhere_in_every_spelling(args):
    result, calls = invoke(*args)
    assert result.exit_code == 0, result.output
    assert calls == [{"paths": ["a", "b"], "shape": Shape.json, "out": Path("r.txt"), "jobs": 2, "pair": None, "loud": True}]


@pytest.mark.parametrize("number", ["-1", "-0.5", "-.5", "-2e3"])
def test_a_negative_number_is_an_argument_not_an_option(number):
    result, calls = invoke("go", number, "-j", "2", "-3")
    assert result.exit_code == 0, result.output
    assert calls[0]["paths"] == [number, "-3"] and calls[0]["jobs"] == 2
    result, _ = invoke("go", "a", "-x")
    assert result.exit_code == 2 and "No such option: -x" in result.output


def test_defaults_and_an_optional_argument():
    result, calls = invoke("import", "x", "--to", "y")
    assert (result.exit_code, calls) == (0, [{"source": "x", "to": "y", "extra": None}])
    result, calls = invoke("go", "--", "-a-file-named-with-a-dash")
    assert calls[0]["paths"] == ["-a-file-named-with-a-dash"] and calls[0]["shape"] is Shape.table


@pytest.mark.parametrize(("args", "usage", "error"), [
    (["go"], "demo go [OPTIONS] PATH...", "Missing argument 'PATH...'."),
    (["import", "x"], "demo import [OPTIONS] SOURCE [EXTRA]", "Missing option '--to'."),
    (["import", "x", "y", "z", "--to", "t"], "demo import [OPTIONS] SOURCE [EXTRA]", "Got unexpected extra argument (z)"),
    (["go", "a", "--shape", "xml"], "demo go [OPTIONS] PATH...",
     "Invalid value for '--shape' / '-s': 'xml' is not one of 'table', 'json'."),
    (["go", "a", "-j", "0"], "demo go [OPTIONS] PATH...", "Invalid value for '--jobs' / '-j': 0 is not in the range x>=1."),
    (["go", "a", "-j", "two"], "demo go [OPTIONS] PATH...", "Invalid value for '--jobs' / '-j': 'two' is not a valid integer."),
    (["go", "a", "--pair", "3"], "demo go [OPTIONS] PATH...", "Invalid value for '--pair': 3 is odd"),
    (["go", "a", "--loud=yes"], "demo go [OPTIONS] PATH...", "Option '--loud' does not take a value."),
    (["go", "a", "--out"], "demo go [OPTIONS] PATH...", "Option '--out' requires an argument."),
    (["go", "a", "--shpae", "json"], "demo go [OPTIONS] PATH...", "No such option: --shpae (did you mean --shape?)"),
    (["go", "a", "-x"], "demo go [OPTIONS] PATH...", "No such option: -x"),
    (["imprt"], "demo [OPTIONS] COMMAND [ARGS]...", "No such command 'imprt'. Did you mean 'import'?"),
    (["--verbose"], "demo [OPTIONS] COMMAND [ARGS]...", "No such option: --verbose"),
])
def test_each_usage_error_names_the_command_how_to_get_help_and_what_is_wrong(args, usage, error):
    result, calls = invoke(*args)
    where = "demo" if usage.startswith("demo [") else f"demo {args[0]}"
    assert (result.exit_code, result.stdout, calls) == (2, "", [])
    assert result.stderr == f"Usage: {usage}\nTry '{where} -h' for help.\n\nError: {error}\n"


def test_help_anywhere_before_a_double_dash_wins_and_no_arguments_is_help_on_stderr():
    for args in (["go", "--help"], ["go", "a", "--shape", "xml", "-h"]):
        result, calls = invoke(*args)
        assert (result.exit_code, result.stderr, calls) == (0, "", [])
        assert result.stdout.startswith("Usage: demo go [OPTIONS] PATH...\n\n  Go over the files.\n\n  More words.\n")
    result, _ = invoke()
    assert result.exit_code == 2 and result.stdout == "" and result.stderr.startswith("Usage: demo [OPTIONS] COMMAND")
    assert invoke("--version")[0].stdout == "demo 1.2.3\n"


def test_help_lists_arguments_options_by_section_with_defaults_bounds_and_required():
    result, _ = invoke("go", "--help")
    assert result.stdout == (
        "Usage: demo go [OPTIONS] PATH...\n\n"
        "  Go over the files.\n\n"
        "  More words.\n\n"
        "Arguments:\n"
        "  PATH  Files.  [required]\n\n"
        "Options:\n"
        "  -s, --shape SHAPE  How.  [default: table]\n"
        "  -o, --out FILE     Where.\n"
        "  --pair N           Even.\n"
        "  --loud             Shout.\n"
        "  -h, --help         Show this message and exit.\n\n"
        "Many:\n"
        "  -j, --jobs N  Workers.  [x>=1]\n\n"
        "  Examples:\n\n"
        "    demo go a.yaml\n"
    )
    top, _ = invoke("--help")
    assert top.stdout.endswith("Main:\n  go  Go over the files.\n\nOther:\n  import  Bring one thing in.\n")


def test_the_tools_commands_all_declare_what_help_needs():
    """Every parameter of every command is an Option or an Argument with help, and every option has a metavar or is a flag."""
    for command in tool.commands.values():
        for parameter in command.parameters:
            assert parameter.declared.help, f"{command.name} {parameter.name}"
            assert parameter.flag or not parameter.is_option or parameter.declared.metavar, f"{command.name} {parameter.name}"


def test_each_command_is_declared_in_the_module_the_app_imports_for_it():
    from tiktok_earnings.cli import app as tool

    listed = tool.commands  # imports every module
    assert list(listed) == list(tool.modules) and set(tool.declared) == set(tool.modules)
    for name, command in listed.items():
        assert command.function.__module__ == tool.modules[name], name
