"""How `--help` reads: plain text laid out by click's formatter, commands in sections, examples that paste.

Typer's Rich help imports Rich, a Markdown parser and Rich's traceback module on every `--help`
(about 100 ms, three times what the rest of the help costs: docs/development.md). Plain help needs
none of them, wraps each paragraph whole at any width, and reads the same in a pipe. Added here,
through click's public formatting methods:

- the commands are listed under the headings their `rich_help_panel=` names, in the order they
  are declared, each with its first sentence whole (click would cut it at the width);
- `examples()` writes an epilog's examples: each command on lines of at most EXAMPLE_WIDTH,
  continued with ` \\` before an option or a pipe, with what it does as a `#` comment above it;
  `Command` shows those lines as written, and breaks one again between words (` \\`) only where
  the terminal is narrower still;
- `PLAIN`, a type with no metavar, for arguments whose name says what they take: beside `PATH`
  click would show `TEXT`. Options name what they take with `metavar=` (FORMAT, FILE, N).

tests/test_help.py fails when a help shows a `<…>` placeholder or a line wider than its terminal.
"""

import textwrap
from typing import Any

import typer
from typer._click.core import Context, Parameter
from typer._click.types import StringParamType
from typer.core import TyperCommand, TyperGroup

EXAMPLE_WIDTH = 76  # what an 80-column terminal leaves inside the epilog's indent and the formatter's margin
INDENT = "  "
CONTINUED = INDENT + "    "
BACKSLASH = " \\"


class _Plain(StringParamType):
    """Text, with no metavar of its own: --help shows the argument's name alone."""

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return ""


PLAIN = _Plain()


class Command(TyperCommand):
    """A command whose epilog shows its indented paragraphs (the examples) line by line, as written."""

    @property
    def epilog(self) -> str | None:
        return None if self._epilog is None else self.completed(self._epilog)

    @epilog.setter
    def epilog(self, value: str | None) -> None:
        self._epilog = value

    def completed(self, epilog: str) -> str:
        """The epilog as shown: what a subclass fills in when the help is read (see cli/whatif.py)."""
        return epilog

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        epilog = self.epilog
        if not epilog:
            return
        formatter.write_paragraph()
        with formatter.indentation():
            width = formatter.width - formatter.current_indent
            formatter.write_text("\n\n".join(_paragraph(text, width) for text in epilog.split("\n\n")))


def _paragraph(text: str, width: int) -> str:
    """A paragraph as click's formatter should show it: an indented one line by line (`\\b`), others wrapped."""
    if not text.startswith(" "):
        return text
    return "\b\n" + "\n".join(piece for line in text.splitlines() for piece in _shell_lines(line, width))


def _shell_lines(line: str, width: int) -> list[str]:
    """One line of an example, as lines of at most `width`: a comment wrapped as comments, a command broken
    between words, each part but the last ending in ` \\` (and the last too where the line did)."""
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    body = line.strip()
    if body.startswith("# "):
        return [f"{indent}# {piece}" for piece in _words(body[2:], width - len(indent) - 2)]
    pieces = _words(body.removesuffix(BACKSLASH), width - len(indent) - len(BACKSLASH), subsequent_indent=INDENT)
    last = indent + pieces[-1] + (BACKSLASH if body.endswith(BACKSLASH) else "")
    return [*(indent + piece + BACKSLASH for piece in pieces[:-1]), last]


def _words(text: str, width: int, subsequent_indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent=subsequent_indent, break_long_words=False,
                         break_on_hyphens=False)


def examples(*items: str | tuple[str, str]) -> str:
    """An `Examples:` paragraph: each item a command, or (command, what it does)."""
    lines = []
    for item in items:
        command, what = (item, "") if isinstance(item, str) else item
        lines.append("\n".join([*([f"{INDENT}# {what}"] if what else []), *_continued(command)]))
    return "Examples:\n\n" + "\n\n".join(lines)


def _continued(command: str) -> list[str]:
    """The command on lines of at most EXAMPLE_WIDTH, continued with ` \\`: broken before an option, a pipe or
    a redirection where it can be, else between words, never inside one."""
    lines: list[str] = []
    line = ""
    for chunk in _chunks(command):
        for piece in [chunk] if len(CONTINUED) + len(chunk) + 2 <= EXAMPLE_WIDTH else chunk.split(" "):
            if line and len(line) + 1 + len(piece) + 2 > EXAMPLE_WIDTH:
                lines.append(line + BACKSLASH)
                line = CONTINUED + piece
            else:
                line = f"{line} {piece}" if line else INDENT + piece
    return [*lines, line]


def _chunks(command: str) -> list[str]:
    """The command in runs that read together: the program and its arguments, each option with its value, each
    pipe or redirection with what follows it."""
    chunks: list[str] = []
    for word in command.split(" "):
        if chunks and not word.startswith(("-", "|", ">", "&&")):
            chunks[-1] += " " + word
        else:
            chunks.append(word)
    return chunks


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
    first = " ".join(text.strip().split("\n\n")[0].split())
    end = first.find(". ")
    return first if end < 0 else first[: end + 1]


class App(typer.Typer):
    """The tool's Typer app: plain help, commands in sections, every command a `Command`."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(cls=CommandSections, rich_markup_mode=None, **settings)

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **settings: Any) -> Any:
        return super().command(*args, cls=cls or Command, **settings)
