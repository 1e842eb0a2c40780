"""Every command's --help reads well (cli/help.py): commands in their sections, no type placeholders
(`<str>`, `<path>`, `<table|json>`: each argument and option names what it takes), no line wider than
the terminal, no option name cut, no paragraph broken where it did not need to be (a ragged line),
and examples that fit, each line of them one a shell can take.
"""

import re
from itertools import pairwise

import pytest

from tiktok_earnings.cli import app
from tiktok_earnings.cli.help import BACKSLASH, CONTINUED, EXAMPLE_WIDTH, INDENT, _shell_lines, examples

from .cli_runner import CliRunner

PLACEHOLDER = re.compile(r"<[^<>\s]+>")  # <str>, <list[str]>, <table|json>; not "low <= base <= high"
COMMANDS = sorted(app.commands)


def help_text(*command: str, width: int = 80) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], prog_name="tiktok-earnings", terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.stdout


def ragged(text: str, width: int) -> list[tuple[str, str]]:
    """Pairs of lines of one paragraph of prose where the second's first word would have fit on the first: a
    line break kept from the source, which reads as a ragged edge. Lists (options, commands) and examples
    are not prose."""
    def prose(line: str) -> bool:
        return bool(re.match(r"  [^\s\-#]", line)) and "  " not in line.strip() and not line.strip().startswith(
            "tiktok-earnings")

    return [(line, following) for line, following in pairwise(text.split("\n"))
            if prose(line) and prose(following) and len(line) + 1 + len(following.split()[0]) <= width - 2]


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_fits_its_width_without_placeholders_or_ragged_lines(command, width):
    text = help_text(*([command] if command else []), width=width)
    assert not PLACEHOLDER.findall(text), PLACEHOLDER.findall(text)
    too_wide = [line for line in text.split("\n") if len(line) > width and " " in line.strip()]
    assert not too_wide, too_wide  # (only one unbreakable word may stick out)
    assert not ragged(text, min(width, 80)), ragged(text, min(width, 80))
    if command:
        for param in app.commands[command].parameters:
            for name in param.names:
                assert re.search(rf"(^|\s){re.escape(name)}(\s|,|$)", text, re.MULTILINE), f"{name} cut in:\n{text}"


def test_the_commands_are_listed_under_their_sections_in_the_order_declared():
    text = help_text()
    headings = re.findall(r"^(\w[\w ]*):$", text, flags=re.MULTILINE)
    assert headings == ["Options", "Compute", "What if", "Live streams", "Look up", "Scenario files", "Shell"]
    section = text.split("\nCompute:\n")[1].split("\n\n")[0]
    assert section.split()[0] == "run" and "\n  validate  Check scenario files" in section
    assert "..." not in text.split("Compute:")[1]  # each command's first sentence whole, wrapped rather than cut


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_shows_examples_that_fit_80_columns(command):
    epilog = app.commands[command].epilog
    assert "Examples:" in epilog
    for line in epilog.split("\n"):
        if line.startswith(INDENT):
            assert len(line) <= EXAMPLE_WIDTH, line
    shown = help_text(command).split("Examples:")[1]
    assert [line for line in shown.splitlines() if line.strip().startswith("tiktok-earnings")]


def test_a_long_example_is_continued_between_options_and_reads_back_as_typed():
    command = ("tiktok-earnings calibrate streams.csv scenarios/ 'recordings/*.jsonl' --by minute --format json"
               " | jq .calibration.fit")
    block = examples((command, "minute by minute, as JSON"))
    lines = block.split("\n")[2:]
    assert lines[0] == INDENT + "# minute by minute, as JSON"
    assert all(len(line) <= EXAMPLE_WIDTH for line in lines)
    assert all(line.endswith(BACKSLASH) for line in lines[1:-1])
    assert all(line.startswith((CONTINUED + "--", CONTINUED + "| ")) for line in lines[2:])  # before options, the pipe
    assert " ".join(line.removesuffix(BACKSLASH).strip() for line in lines[1:]) == command


def test_on_a_narrower_terminal_an_example_line_is_broken_again_between_words():
    line = "  tiktok-earnings run 'scenarios/**/*.yaml' --shard 2/4 --format csv --output shard-2.csv \\"
    assert _shell_lines(line, 60) == [
        "  tiktok-earnings run 'scenarios/**/*.yaml' --shard 2/4 \\",
        "    --format csv --output shard-2.csv \\",
    ]
    assert _shell_lines("  # " + "word " * 20, 40)[0] == "  # word word word word word word word"
    assert _shell_lines("  tiktok-earnings rates", 60) == ["  tiktok-earnings rates"]


def test_an_optional_argument_shows_its_default_and_a_bounded_option_its_bound():
    assert "PATH  The file to write.  [default: scenario.yaml]" in help_text("init")
    assert re.search(r"--min-coins N +Only gifts of at least N coins\.  \[x>=0\]", help_text("gifts"))
