"""How `--help` reads on an 80-column terminal: paragraphs that wrap whole, examples that fit, no type placeholders.

Typer 0.28 (rich_utils.rich_format_help) keeps every line break of a help text after its first
paragraph, and of an epilog, and Rich then wraps each line on its own: a docstring wrapped at the
source's width reads raggedly at 80 columns. `Command` joins the lines of each paragraph, so that
Rich wraps whole paragraphs; a paragraph whose lines are indented (examples) stays as written.
`examples()` writes those: each command on a line of its own, continued with ` \\` where it would
pass EXAMPLE_WIDTH, with what it does as a `#` comment above it, so that every line can be pasted
into a shell.

Beside an argument's name (`PATH`) Typer shows the metavar of its type, or `<str>` when the type
has none; `PLAIN` is a type that has an empty one, for arguments whose name says it all. Options
take a `metavar=` each (FORMAT, FILE, N, …), so that none shows a type (`<path>`,
`<table|json>`). tests/test_help.py fails when any help shows a `<…>` placeholder or a line over
80 columns.
"""

from typer._click.core import Context, Parameter
from typer._click.types import StringParamType
from typer.core import TyperCommand

EXAMPLE_WIDTH = 78  # what Typer leaves of an 80-column terminal: one column of padding each side
INDENT = "  "
CONTINUED = INDENT + "    "


class _Plain(StringParamType):
    """Text, with no metavar of its own: --help shows the argument's name alone, not `PATH  <str>`."""

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return ""


PLAIN = _Plain()


def reflowed(text: str | None) -> str | None:
    """`text` with each paragraph on one line, but for those with an indented line (examples), kept as written."""
    if not text:
        return text
    paragraphs = text.strip("\n").split("\n\n")
    return "\n\n".join(
        paragraph if any(line.startswith(" ") for line in paragraph.split("\n"))
        else " ".join(line.strip() for line in paragraph.split("\n"))
        for paragraph in paragraphs
    )


class Command(TyperCommand):
    """A command whose help and epilog are reflowed (see the module's docstring); every command is one."""

    @property
    def help(self) -> str | None:
        return self._help

    @help.setter
    def help(self, value: str | None) -> None:
        self._help = reflowed(value)

    @property
    def epilog(self) -> str | None:
        # Typer dedents an epilog (inspect.cleandoc) by its lines after the first: one of examples only would
        # lose their indent. A first line left empty stops that, and cleandoc drops it.
        return None if self._epilog is None else "\n" + self.completed(self._epilog)

    @epilog.setter
    def epilog(self, value: str | None) -> None:
        self._epilog = reflowed(value)

    def completed(self, epilog: str) -> str:
        """The epilog as shown: what a subclass fills in when the help is read (see cli/whatif.py)."""
        return epilog


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
                lines.append(line + " \\")
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
