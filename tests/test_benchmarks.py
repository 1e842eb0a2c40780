"""The start-up benchmark's floor (benchmarks/floor_app.py) is the CLI's own interface with nothing behind it.

The floor is built from `tiktok_earnings.cli.app`, with commands that do nothing once their command line
is parsed. These tests fail, loudly, if it ever stops mirroring the CLI, rather than leaving the benchmark
to compare the tool with something else.
"""

import importlib.util
import subprocess
import sys
from typing import Any

import pytest

from tiktok_earnings.cli import app as cli_app
from tiktok_earnings.cli.app import App, Command

from .cli_runner import CliRunner
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
def floor_app() -> App:
    return load_script("floor_app").app


def interface(app: App) -> dict[str, object]:
    """Everything the app declares but what its commands do: names, sections, help texts, epilogs, and each
    parameter's kind, default and declaration (its names, metavar, help, bound and check)."""
    return {name: (command.section, command.help, command.epilog,
                   [(parameter.name, parameter.kind, parameter.many, parameter.default, vars(parameter.declared))
                    for parameter in command.parameters])
            for name, command in app.commands.items()} | {"": (app.name, app.help, app.version)}


def test_the_floor_has_every_command_option_and_text_of_the_cli(floor_app):
    tool, floor = interface(cli_app), interface(floor_app)
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


def test_the_floors_commands_do_nothing(floor_app):
    assert all(type(command).run is not Command.run for command in floor_app.commands.values())
    missing = ["run", "no/such/file.yaml", "--format", "json"]
    assert CliRunner().invoke(cli_app, missing, prog_name="tiktok-earnings").exit_code == 2
    floor = CliRunner().invoke(floor_app, missing, prog_name="tiktok-earnings")
    assert (floor.exit_code, floor.output) == (0, "")


def test_the_floor_still_parses_as_the_cli_does(floor_app):
    """The checks run while parsing are kept: a bad --export fails in both."""
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


def test_instructions_are_read_from_callgrinds_report_and_give_the_ratios(tmp_path):
    """startup.py --instructions: a stand-in valgrind reports a count as callgrind does, on stderr."""
    startup = load_script("startup")
    fake = tmp_path / "valgrind"
    fake.write_text("#!/bin/sh\necho '==7== Collected : 350000000' >&2\n")
    fake.chmod(0o755)
    assert startup.counted(["python", "-c", "pass"], {"PATH": str(tmp_path)}) == 350.0
    figures = {"tool": {"instructions_m": 350.0}, "physical": {"instructions_m": 175.0}, "cli": {"instructions_m": 140.0}}
    assert startup.ratios(figures, "instructions_m") == {"tool_vs_physical": 2.0, "tool_vs_cli": 2.5}
    fake.write_text("#!/bin/sh\necho 'valgrind: no such tool' >&2\nexit 1\n")
    with pytest.raises(SystemExit, match="exited 1"):
        startup.counted(["python"], {"PATH": str(tmp_path)})
