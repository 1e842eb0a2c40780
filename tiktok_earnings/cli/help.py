"""How `--help` reads: plain text laid out by click's formatter, with the commands in sections.

Typer's Rich help imports Rich, a Markdown parser and Rich's traceback module on every `--help`
(about 100 ms, three times what the rest of the help costs: docs/development.md). Plain help needs
none of them, wraps its paragraphs evenly at any width, and reads the same in a pipe. Two things
are added here, both through click's public formatting methods:

- the commands are listed under the headings that their `rich_help_panel=` names, in the order
  they are declared, each with its first sentence whole (click would cut it at the width);
- an epilog's indented paragraphs (the examples) are kept as they are written, line by line; a
  line too long for the width is broken between words with ` \\` at the end, as a shell reads it,
  and its note (what follows three spaces) goes above it as a `#` comment.
"""

import textwrap
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

CONTINUED = " \\"


class HelpCommand(TyperCommand):
    """A command whose epilog keeps its examples as written."""

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        if not self.epilog:
            return
        formatter.write_paragraph()
        with formatter.indentation():
            width = formatter.width - formatter.current_indent
            formatter.write_text("\n\n".join(_paragraph(text, width) for text in self.epilog.split("\n\n")))


def _paragraph(text: str, width: int) -> str:
    """A paragraph as click's formatter should show it: indented ones line by line (`\\b`), others wrapped."""
    if not text.startswith(" "):
        return text
    lines = [piece for line in text.splitlines() for piece in _shell_lines(line, width)]
    return "\b\n" + "\n".join(lines)


def _shell_lines(line: str, width: int) -> list[str]:
    """One example line as lines of at most `width`: where it is wider, its note (the words after three
    spaces) goes above it as a `#` comment, and the command is broken between words, each part but
    the last ending in ` \\`."""
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    command, _, note = line.strip().partition("   ")
    room = width - len(indent)
    note = note.strip()
    if note.startswith("(") and note.endswith(")"):
        note = note[1:-1]
    comment = [f"{indent}# {piece}" for piece in _words(note, room - 2)]
    pieces = _words(command, room - len(CONTINUED), subsequent_indent="  ")
    return [*comment, *(f"{indent}{piece}{CONTINUED}" for piece in pieces[:-1]), indent + pieces[-1]]


def _words(text: str, width: int, subsequent_indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent=subsequent_indent, break_long_words=False,
                         break_on_hyphens=False)


class CommandSections(TyperGroup):
    """The command list, under the headings the commands name (`rich_help_panel=`), in the order declared."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            heading = getattr(command, "rich_help_panel", None) or "Commands"
            sections.setdefault(heading, []).append((name, _first_sentence(command.help or "")))
        for heading, rows in sections.items():
            with formatter.section(heading):
                formatter.write_dl(rows)


def _first_sentence(text: str) -> str:
    first = text.strip().split("\n\n")[0].replace("\n", " ")
    end = first.find(". ")
    return first if end < 0 else first[: end + 1]


class App(typer.Typer):
    """The tool's Typer app: plain help, commands in sections, examples kept as written."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(cls=CommandSections, rich_markup_mode=None, **settings)

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **settings: Any) -> Any:
        return super().command(*args, cls=cls or HelpCommand, **settings)
