"""The start-up benchmark's floor (benchmarks/floor_app.py) is the CLI's own interface with nothing behind it.

The floor is built from `tiktok_earnings.cli.app` by copying Typer's records of its commands,
groups and callback. If a Typer release changes those records, these tests fail here, loudly,
rather than leaving the benchmark to compare the tool with something else.
"""

import importlib.util
import subprocess
import sys
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tiktok_earnings.cli import app as cli_app

from .conftest import ROOT

FLOOR_SCRIPT = ROOT / "benchmarks" / "floor_app.py"


def load_script(name: str) -> Any:
    """A module of benchmarks/, a folder of scripts rather than a package."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def floor_app() -> typer.Typer:
    return load_script("floor_app").app


def described(param: object) -> dict[str, object]:
    """A parameter's attributes. Typer wraps parse-time callbacks anew on each build, so the callback is
    compared as the function given to typer.Option/typer.Argument, which the parameter's info holds."""
    found = dict(vars(param))
    found["callback"] = found["callback"] is None
    kind = found["type"]  # Typer 0.28 makes a new click type for each build: compared by its class and settings
    found["type"] = (type(kind).__name__, {key: value for key, value in vars(kind).items() if not callable(value)})
    descriptor = found.pop("type_descriptor", None)  # Typer 0.29 keeps one; 0.28 (the pinned release) does not
    if descriptor is not None:
        found["annotation"], found["file_annotation"] = descriptor.annotation, descriptor.file_annotation
        found["parameter_info"] = vars(descriptor.parameter_info)
    return found


def interface(command: Any, path: str = "") -> dict[str, object]:  # Any: Typer vendors its own Click, privately
    """Everything Typer keeps about each command but its callback, by command path: names, help texts,
    epilogs, panels, settings, and every parameter's attributes (its parse-time callback included)."""
    ctx = typer.Context(command, info_name=path or "tiktok-earnings")
    kept = {key: value for key, value in vars(command).items() if key not in ("callback", "params", "commands")}
    found: dict[str, object] = {path: (kept, [described(param) for param in command.get_params(ctx)])}
    if isinstance(command, typer.core.TyperGroup):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            found |= interface(sub, f"{path} {name}".strip())
    return found


def test_the_floor_has_every_command_option_and_text_of_the_cli(floor_app):
    tool, floor = interface(typer.main.get_command(cli_app)), interface(typer.main.get_command(floor_app))
    assert len(tool) > 10  # the app and its commands, not an empty app mirrored by an empty floor
    assert list(floor) == list(tool)
    for path in tool:
        assert floor[path] == tool[path], f"the floor's `{path}` differs from the CLI's"


@pytest.mark.parametrize("command", ["", "run", "sweep", "import", "convert"])
def test_the_floors_help_is_the_clis(floor_app, command):
    args = [command, "--help"] if command else ["--help"]
    tool = CliRunner().invoke(cli_app, args, prog_name="tiktok-earnings", terminal_width=120)
    floor = CliRunner().invoke(floor_app, args, prog_name="tiktok-earnings", terminal_width=120)
    assert tool.exit_code == floor.exit_code == 0
    assert floor.output == tool.output


def test_groups_and_a_typer_callback_are_hollowed_too():
    """The CLI has no sub-groups today; the floor mirrors them, and Typer(callback=...), when it does."""
    module = load_script("floor_app")
    calls: list[str] = []

    def top(verbose: bool = typer.Option(False, "--verbose", help="Say more.")) -> None:
        calls.append("top")

    def sub_callback() -> None:
        """Things in a group."""
        calls.append("group")

    def leaf(count: int = typer.Argument(3, help="How many."), *, label: str = typer.Option("x", "--label")) -> None:
        """A leaf command."""
        calls.append("leaf")

    app, group = typer.Typer(callback=top, no_args_is_help=True), typer.Typer(callback=sub_callback)
    group.command(rich_help_panel="Leaves", epilog="An epilog.")(leaf)
    app.add_typer(group, name="things", help="The things.")
    app.command("other")(leaf)
    floor = module.floor_of(app)
    assert interface(typer.main.get_command(floor)) == interface(typer.main.get_command(app))
    assert CliRunner().invoke(floor, ["--verbose", "things", "leaf", "5", "--label", "y"]).exit_code == 0
    assert calls == []
    assert CliRunner().invoke(app, ["--verbose", "things", "leaf", "5", "--label", "y"]).exit_code == 0
    assert calls == ["top", "group", "leaf"]


def test_the_floors_commands_do_nothing(floor_app):
    assert {command.callback for command in floor_app.registered_commands}.isdisjoint(
        command.callback for command in cli_app.registered_commands
    )
    missing = ["run", "no/such/file.yaml", "--format", "json"]
    assert CliRunner().invoke(cli_app, missing, prog_name="tiktok-earnings").exit_code == 2
    floor = CliRunner().invoke(floor_app, missing, prog_name="tiktok-earnings")
    assert (floor.exit_code, floor.output) == (0, "")


def test_the_floor_still_parses_as_the_cli_does(floor_app):
    """Parameter callbacks (checks Typer runs while parsing) are kept: a bad --export fails in both."""
    args = ["run", "x.yaml", "--export", "picture.png"]
    tool = CliRunner().invoke(cli_app, args, prog_name="tiktok-earnings")
    floor = CliRunner().invoke(floor_app, args, prog_name="tiktok-earnings")
    assert tool.exit_code == floor.exit_code == 2
    assert "must end in .svg" in floor.output


def test_the_floor_costs_the_declaration_not_the_core():
    """Started as startup.py starts it, the floor loads the CLI's modules but none of the core's work."""
    code = (
        "import runpy, sys\n"
        f"sys.argv = [{str(FLOOR_SCRIPT)!r}, 'run', 'configs/friday-qa.yaml', '--format', 'json']\n"
        "try:\n"
        f"    runpy.run_path({str(FLOOR_SCRIPT)!r}, run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "print('\\n'.join(sys.modules))\n"
    )
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
                 .stdout.split())
    assert "tiktok_earnings.cli.run" in loaded
    core = {"yaml", "rich", "tiktok_earnings.calculator", "tiktok_earnings.batch", "tiktok_earnings.report"}
    assert not core & loaded
