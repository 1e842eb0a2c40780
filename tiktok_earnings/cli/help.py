"""How `--help` reads: plain text, commands in sections, options in theirs, examples that paste.

Everything shown comes from the commands' one declaration (cli/app.py): their signatures, docstrings
and epilogs. The layout is click's, which the tool used before it left Typer: the usage line, the
help's paragraphs wrapped whole at the terminal's width (at most 80 columns), then aligned lists of
arguments and options (each with `[default: ...]`, `[required]` or its bound), then the epilog.

- The commands are listed under the headings their `section=` names, in the order declared, each
  with its first sentence whole.
- `examples()` writes an epilog's examples: each command on lines of at most EXAMPLE_WIDTH,
  continued with ` \\` before an option or a pipe, with what it does as a `#` comment above it.
  They are shown as written, and a line is broken again between words (` \\`) only where the
  terminal is narrower still.

tests/test_help.py fails when a help shows a `<…>` placeholder or a line wider than its terminal.
"""

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tiktok_earnings.cli.app import App, Command, Parameter

EXAMPLE_WIDTH = 76  # what an 80-column terminal leaves inside the epilog's indent and the formatter's margin
INDENT = "  "
CONTINUED = INDENT + "    "
BACKSLASH = " \\"
MAX_WIDTH = 80  # help is not spread wider than this, however wide the terminal: long lines are hard to read
NAMES_COLUMN = 30  # at most this wide: a longer option's help starts on the next line


def columns() -> int | None:
    """The width COLUMNS sets: None where it is unset, 0, or anything but digits 0-9 (`²` is a digit to Python).

    Past a million it is read as a million: every use caps it far below, and int() refuses over 4,300 digits.
    """
    text = os.environ.get("COLUMNS", "")
    if not (text.isascii() and text.isdigit()):
        return None
    return min(int(text.lstrip("0")[:7] or "0"), 1_000_000) or None


def width() -> int:
    """The width help is laid out for: the terminal's (COLUMNS when set), at most MAX_WIDTH, less a margin."""
    terminal = columns()
    if terminal is None:
        import shutil  # here, not at start-up: every command imports this module for examples()

        terminal = shutil.get_terminal_size().columns
    return max(min(terminal, MAX_WIDTH) - 2, 40)


def usage(command: "Command | None", prog: str) -> str:
    """`Usage: tiktok-earnings run [OPTIONS] PATH...`: the app's when `command` is None."""
    if command is None:
        return f"Usage: {prog} [OPTIONS] COMMAND [ARGS]..."
    arguments = []
    for parameter in command.parameters:
        if not parameter.is_option:
            shown = parameter.metavar + ("..." if parameter.many else "")
            arguments.append(shown if parameter.required else f"[{shown}]")
    return " ".join([f"Usage: {prog} {command.name} [OPTIONS]", *arguments])


HELP_TEXT, VERSION_TEXT = "Show this message and exit.", "Show the version and exit."  # also completion.py's
HELP_ROW = ("-h, --help", HELP_TEXT)


def app_help(app: "App", prog: str) -> str:
    """The app's help: what it does, its options, and its commands under their sections."""
    wide = width()
    sections: dict[str, list[tuple[str, str]]] = {}
    for name, command in app.commands.items():
        sections.setdefault(command.section, []).append((name, command.summary()))
    parts = [usage(None, prog), _wrapped(app.help, wide),
             _listed("Options", [("--version", VERSION_TEXT), HELP_ROW], wide)]
    parts += [_listed(heading, rows, wide) for heading, rows in sections.items()]
    return "\n\n".join(parts) + "\n"


def command_help(command: "Command", prog: str) -> str:
    """A command's help: usage, what it does, its arguments, its options by section, and its epilog."""
    wide = width()
    parts = [usage(command, prog)]
    if command.help.strip():
        parts.append(_wrapped(_cleaned(command.help), wide))
    arguments = [(parameter.metavar, _described(parameter)) for parameter in command.parameters if not parameter.is_option]
    if arguments:
        parts.append(_listed("Arguments", arguments, wide))
    sections: dict[str, list[tuple[str, str]]] = {"Options": []}
    for parameter in command.parameters:
        if parameter.is_option:
            sections.setdefault(parameter.declared.section, []).append((_names(parameter), _described(parameter)))
    sections["Options"].append(HELP_ROW)
    parts += [_listed(heading, rows, wide) for heading, rows in sections.items() if rows]
    epilog = command.epilog
    if epilog:
        parts.append(_epilog(epilog, wide))
    return "\n\n".join(parts) + "\n"


def _names(parameter: "Parameter") -> str:
    names = ", ".join(sorted(parameter.names, key=lambda name: name.startswith("--")))  # -f, --format
    return f"{names} {parameter.metavar}" if parameter.metavar else names


def _described(parameter: "Parameter") -> str:
    """A parameter's help, with what else --help says of it in brackets: its default, its bound, or that it is required."""
    extra = []
    default = parameter.default_shown()
    if default is not None:
        extra.append(f"default: {default}")
    bound = parameter.declared.min if parameter.is_option else None
    if bound is not None:
        extra.append(f"x>={bound}")
    if parameter.required:
        extra.append("required")
    text = " ".join(parameter.declared.help.split())
    return f"{text}  [{'; '.join(extra)}]" if extra else text


def _cleaned(docstring: str) -> str:
    """A docstring without the indentation of its source (its first line starts at once)."""
    import textwrap

    first, _, rest = docstring.strip("\n").partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip()


def _wrapped(text: str, wide: int, indent: str = INDENT) -> str:
    """Each paragraph of `text` wrapped whole, indented."""
    return "\n\n".join(
        "\n".join(_words(" ".join(paragraph.split()), wide, initial_indent=indent, subsequent_indent=indent))
        for paragraph in text.split("\n\n"))


def _listed(heading: str, rows: list[tuple[str, str]], wide: int) -> str:
    """A heading and its rows in two columns: the names, then the help wrapped beside them."""
    column = min(max(len(name) for name, _ in rows), NAMES_COLUMN) + 2
    lines = [f"{heading}:"]
    for name, text in rows:
        wrapped = _words(text, wide - len(INDENT) - column) or [""]
        if len(name) <= column - 2:
            lines.append(f"{INDENT}{name:<{column}}{wrapped[0]}".rstrip())
        else:
            lines += [INDENT + name, INDENT + " " * column + wrapped[0]]
        lines += [INDENT + " " * column + line for line in wrapped[1:]]
    return "\n".join(lines)


def _epilog(epilog: str, wide: int) -> str:
    """The epilog's paragraphs: indented ones (the examples) line by line, the others wrapped."""
    width_inside = wide - len(INDENT)
    return "\n\n".join(
        "\n".join(INDENT + piece for line in paragraph.splitlines() for piece in _shell_lines(line, width_inside))
        if paragraph.startswith(" ") else _wrapped(paragraph, wide)
        for paragraph in epilog.split("\n\n"))



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


def _words(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    import textwrap  # only when help is shown

    return textwrap.wrap(text, width, initial_indent=initial_indent, subsequent_indent=subsequent_indent,
                         break_long_words=False, break_on_hyphens=False)


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
