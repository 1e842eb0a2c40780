"""`--help` as cli/help.py lays it out: commands in their sections, examples kept whole and copyable."""

import re

import pytest
from typer.testing import CliRunner

from tiktok_earnings.cli import app
from tiktok_earnings.cli.help import _shell_lines

COMMANDS = [command.name or command.callback.__name__ for command in app.registered_commands if command.callback]


def help_text(*args: str, width: int = 80) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], prog_name="tiktok-earnings", terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_commands_are_listed_under_their_sections_in_the_order_declared():
    text = help_text()
    headings = re.findall(r"^(\w[\w ]*):$", text, flags=re.MULTILINE)
    assert headings == ["Options", "Compute", "What if", "Live streams", "Look up", "Scenario files"]
    section = text.split("\nCompute:\n")[1].split("\n\n")[0]
    assert section.split()[0] == "run" and "\n  validate  Check scenario files" in section
    assert "..." not in text.split("Compute:")[1]  # each command's first sentence whole, wrapped rather than cut


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_fits_its_width_and_keeps_its_examples_copyable(command, width):
    text = help_text(command, width=width)
    assert "Examples:" in text
    examples = text.split("Examples:")[1]
    lines = [line for line in examples.splitlines() if line.strip().startswith("tiktok-earnings")]
    assert lines  # every example still starts on a line of its own
    for line in text.splitlines():
        assert len(line) <= width or " " not in line.strip(), line  # only an unbreakable word may stick out


def test_a_long_example_breaks_between_words_as_a_shell_continues_it_with_its_note_above():
    line = "    tiktok-earnings run 'scenarios/**/*.yaml' --shard 2/4 --format csv --output shard-2.csv   (a CI shard)"
    assert _shell_lines(line, 60) == [
        "    # a CI shard",
        "    tiktok-earnings run 'scenarios/**/*.yaml' --shard 2/4 \\",
        "      --format csv --output shard-2.csv",
    ]
    assert _shell_lines("    tiktok-earnings rates", 60) == ["    tiktok-earnings rates"]
