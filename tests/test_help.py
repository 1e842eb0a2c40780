"""Every command's --help reads well on an 80-column terminal.

No type placeholders (`<str>`, `<path>`, `<table|json>`: each argument and option names what it
takes), no line over 80 columns, no option name cut, no paragraph broken where it did not need to
be (a ragged line), and examples that fit, each line of them one a shell can take.
"""

import re
from itertools import pairwise

import pytest
from rich.cells import cell_len
from typer.main import get_command
from typer.testing import CliRunner

from tiktok_earnings.cli import app
from tiktok_earnings.cli.help import CONTINUED, EXAMPLE_WIDTH, INDENT, Command, examples, reflowed

WIDTH = 80
PLACEHOLDER = re.compile(r"<[^<>\s]+>")  # <str>, <list[str]>, <table|json>; not "low <= base <= high"
GROUP = get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]


def help_text(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], prog_name="tiktok-earnings", env={"COLUMNS": str(WIDTH)})
    assert result.exit_code == 0, result.output
    return result.stdout


def ragged(text: str) -> list[tuple[str, str]]:
    """Pairs of prose lines (outside the panels and the examples) where the second's first word would have fit on
    the first: a line break kept from the source, which reads as a ragged edge."""
    prose = [line.rstrip() for line in text.split("\n") if not line.startswith(("│", "╭", "╰"))]
    return [(line, following) for line, following in pairwise(prose)
            if all(re.match(r" \S", text) for text in (line, following))
            and cell_len(line) + 1 + cell_len(following.split()[0]) <= WIDTH - 1]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_fits_80_columns_without_placeholders_or_ragged_lines(command):
    text = help_text(*([command] if command else []))
    assert not PLACEHOLDER.findall(text), PLACEHOLDER.findall(text)
    too_wide = [line for line in text.split("\n") if cell_len(line) > WIDTH]
    assert not too_wide, too_wide
    assert not ragged(text), ragged(text)
    if command:
        for param in GROUP.commands[command].params:  # type: ignore[attr-defined]
            for name in (*param.opts, *param.secondary_opts):
                if name.startswith("-"):
                    assert re.search(rf"(^|\s){re.escape(name)}(\s|,|$)", text, re.MULTILINE), f"{name} cut in:\n{text}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_reflows_its_help_and_shows_examples_that_fit(command):
    cli_command = GROUP.commands[command]  # type: ignore[attr-defined]
    assert isinstance(cli_command, Command)
    epilog = cli_command.epilog or ""
    assert "Examples:" in epilog
    for line in epilog.split("\n"):
        if line.startswith(INDENT):
            assert cell_len(line) <= EXAMPLE_WIDTH, line


def test_a_long_example_is_continued_between_options_and_reads_back_as_typed():
    command = ("tiktok-earnings calibrate streams.csv scenarios/ 'recordings/*.jsonl' --by minute --format json"
               " | jq .calibration.fit")
    block = examples((command, "minute by minute, as JSON"))
    lines = block.split("\n")[2:]
    assert lines[0] == INDENT + "# minute by minute, as JSON"
    assert all(len(line) <= EXAMPLE_WIDTH for line in lines)
    assert all(line.endswith(" \\") for line in lines[1:-1])
    assert all(line.startswith((CONTINUED + "--", CONTINUED + "| ")) for line in lines[2:])  # before options, the pipe
    assert " ".join(line.removesuffix(" \\").strip() for line in lines[1:]) == command


def test_paragraphs_are_joined_and_indented_ones_kept():
    text = "First line\nstill the first paragraph.\n\nSecond\nparagraph.\n\n  tiktok-earnings run a.yaml \\\n      --detail"
    assert reflowed(text) == ("First line still the first paragraph.\n\nSecond paragraph.\n\n"
                              "  tiktok-earnings run a.yaml \\\n      --detail")
