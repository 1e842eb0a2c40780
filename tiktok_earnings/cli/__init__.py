"""The command line: parses arguments, calls the core, prints what the renderers return.

This package is the only place that prints: `Screen.show()` writes what a renderer returns (text as
it is, anything else through Rich). `errors_handled` is where a command's errors become messages
and exit codes: a ToolError (errors.py) becomes its lines on stderr and its exit code; the command
line's own usage errors are written by cli/app.py, and `main()` meets what happens outside any
command (help written into a closed pipe or a full disk).
`app` (declared in cli/app.py) and the helpers every command shares live here; the commands live in one module per
concern (run.py: run and validate; reference.py: rates and the other look-ups). The core and the
renderers are imported inside the commands, so `--help` and `--version` stay quick, and
`--format json` never loads Rich.
"""

import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Annotated, TextIO, TypeVar

from tiktok_earnings import __version__
from tiktok_earnings.cli.app import App, BadParameter, Exit, Option, UsageError
from tiktok_earnings.errors import ExitCode, ReportWriteError, ToolError
from tiktok_earnings.render.output import Format, ListFormat, Output, OutputFormat, RowsFormat

if TYPE_CHECKING:
    from rich.console import Console
    from rich.segment import Segment

__all__ = ["Format", "ListFormat", "OutputFormat", "RowsFormat"]

EXIT_CODES_HELP = (
    "Exit codes: 0 all good; 1 an expectation failed; 2 usage or input error (each problem is printed on"
    " stderr as `file:line: what is wrong — what to do`, and every other file is still computed); 3 internal"
    " error (a bug: rerun with --debug and report it); 130 interrupted. With several files, the worst code wins."
)

app = App(
    name="tiktok-earnings",
    help="What did a TikTok LIVE stream earn, and do hearts pay?\n\n"
         "Loads stream scenarios from YAML and shows where every dollar went: viewers' spend, TikTok's and the"
         " app stores' share, the creator's gross, then agency, fees and tax, down to net. Hearts add $0"
         " directly; their estimated indirect effect on gifts is shown beside that, as a range.",
    version=__version__,
    moved={"--install-completion": "completion --install", "--show-completion": "completion"},  # as Typer spelt them
    # Each command's module, in the order --help lists them: a module is imported when one of its commands is
    # wanted (tests/test_command_line.py checks that each declares just these).
    modules={name: f"tiktok_earnings.cli.{module}" for module, names in (
        ("run", ("run", "validate")),
        ("whatif", ("sweep", "goal")),
        ("compare", ("compare",)),
        ("live", ("record", "import")),
        ("calibrate", ("calibrate",)),
        ("reference", ("rates", "gifts", "convert", "init", "schema")),
        ("completion", ("completion",)),
    ) for name in names},
)

COMPLETE_VARIABLE = "_TIKTOK_EARNINGS_COMPLETE"  # set by the shell scripts of cli/completion.py, whose value names the shell

DebugOption = Annotated[bool, Option("--debug", help="Show a traceback for internal errors.")]
AllowOutsideOption = Annotated[  # run and validate have their own, in their "Many files" section
    bool, Option("--allow-extends-outside",
                 help="Let `extends:` read bases outside the folders given (a file's own folder; by default a base"
                      " must lie inside them, so a scenario cannot read other files on the machine).")]
EXPORT_SUFFIXES = (".svg", ".html", ".txt")  # render/export.py: what each holds


def _check_export(path: Path | None) -> Path | None:
    if path is not None and path.suffix.lower() not in EXPORT_SUFFIXES:
        from tiktok_earnings.escape import snippet

        if path.name.lower() in EXPORT_SUFFIXES:  # `.svg` alone: a hidden file's name, with no suffix
            raise BadParameter(f"'{snippet(str(path))}' is only a suffix: give a name before it, e.g. chart{path.name}")
        raise BadParameter(f"'{snippet(str(path))}' must end in .svg (a chart), .html (a page) or .txt (the terminal's text)")
    return path


ExportOption = Annotated[
    Path | None,
    Option("--export", metavar="FILE", check=_check_export,
           help="Also save a chart (FILE.svg), a self-contained web page with the tables and charts (FILE.html),"
                " or what the terminal shows as plain text (FILE.txt), for sharing."),
]


def export_needs_table(export: Path | None, output_format: Format) -> None:
    """--export FILE.txt saves what the terminal shows, so it goes with the table view only; a chart or a page with any."""
    if export is not None and export.suffix.lower() == ".txt" and output_format is not Format.table:
        raise BadParameter("--export FILE.txt saves the table view: use it with --format table, or export .svg"
                                 " or .html", param_hint="--export")


def records_terminal(export: Path | None) -> bool:
    """Whether --export saves what the terminal shows (.txt), so that the console must record it."""
    return export is not None and export.suffix.lower() == ".txt"


def save_export(path: Path, document: str) -> None:
    """Write an export (a chart, a page, or the terminal's text) to `path`, atomically."""
    from tiktok_earnings.atomic import atomic_writer

    try:
        with atomic_writer(path) as stream:
            stream.write(document)
    except ReportWriteError as error:
        raise error.as_problem("the export") from None


class Screen:
    """Where a command's output goes: stdout (the terminal, or a pipe) or a report file.

    `show()` writes text exactly as it is and has Rich draw everything else, on a console made the
    first time it is needed; `record=True` keeps what the console draws, for --export.
    """

    def __init__(self, stream: TextIO | None = None, record: bool = False) -> None:
        self.stream = sys.stdout if stream is None else stream
        self.to_terminal = stream is None
        self.record = record
        self._console: Console | None = None

    @property
    def console(self) -> "Console":
        if self._console is None:
            self._console = console(self.record) if self.to_terminal else file_console(self.stream, self.record)
        return self._console

    def show(self, output: Output) -> None:
        for piece in output if isinstance(output, tuple) else (output,):
            if isinstance(piece, str):
                self.stream.write(piece)
            else:
                self.console.print(piece)


def show(output: Output, export: Path | None = None, document: "Callable[[str], str] | None" = None) -> None:
    """Print a command's output on stdout; with `export`, also save there `document(suffix)` (a chart for
    ".svg", a page for ".html": render/export.py), or for ".txt" what the terminal shows."""
    screen = Screen(record=records_terminal(export))
    screen.show(output)
    if export is None:
        return
    if records_terminal(export):
        save_export(export, screen.console.export_text())
    else:
        assert document is not None, "every command with --export makes its chart and page"
        save_export(export, document(export.suffix.lower()))


T = TypeVar("T")


def progress_shown() -> bool:
    """Whether progress is shown on stderr: only on a terminal, never in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def with_progress(items: Iterable[T], total: int) -> Iterable[T]:
    """The `total` items, with a progress bar on stderr while they come: only on a terminal, never in CI."""
    if total < 2 or not progress_shown():
        return items
    from rich.console import Console
    from rich.progress import track

    return track(items, total=total, description="Computing scenarios", console=Console(stderr=True), transient=True)


PIPE_WIDTH = 100  # tables piped or written to a file, unless COLUMNS says otherwise: not cut at 80 (Rich#1518)
MAX_WIDTH = 1000  # wider than any screen; Rich pads a panel to the width, and COLUMNS=100000000 took gigabytes


def _safe_console() -> "type[Console]":
    """A Rich console that takes no markup from text, shows control characters in it as escapes, and ends
    no line with spaces.

    Names and values come from input files: `[bold]` in a scenario name stays text, and an escape
    sequence in a gift name is shown (`\\e[2J`), never sent to the terminal (escape.py). Rich pads
    what it draws to the width of the table or the screen; those spaces are left out, so that piped
    output has none at the end of a line.
    """
    from rich.console import Console
    from rich.segment import Segment

    from tiktok_earnings.escape import is_clean, terminal

    class SafeConsole(Console):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, markup=False, emoji=False, **kwargs)  # type: ignore[arg-type]
            if self.width > MAX_WIDTH:  # a terminal's width as COLUMNS says it
                self.width = MAX_WIDTH

        _filtering = False  # a render within a render (a table's cells, a panel's body) is filtered by the outer one

        def render(self, renderable, options=None):
            if self._filtering:
                yield from super().render(renderable, options)
                return
            self._filtering = True
            try:
                yield from self._filtered(super().render(renderable, options))
            finally:
                self._filtering = False

        def _filtered(self, segments):
            line: list[Segment] = []
            for segment in segments:
                if segment.control is None and not is_clean(segment.text, keep_newlines=True):
                    segment = Segment(terminal(segment.text, keep_newlines=True), segment.style)
                if segment.control is not None or "\n" not in segment.text:
                    line.append(segment)
                    continue
                *ended, rest = segment.text.split("\n")
                for text in ended:
                    line.append(Segment(text, segment.style))
                    yield from _without_trailing_spaces(line)
                    yield Segment("\n", segment.style)
                    line = []
                if rest:
                    line.append(Segment(rest, segment.style))
            yield from line

    return SafeConsole


def _without_trailing_spaces(line: "list[Segment]") -> "list[Segment]":
    """A line's segments without the spaces at its end (none of it control codes, which stay)."""
    from rich.segment import Segment

    end = len(line)
    while end and line[end - 1].control is None and not line[end - 1].text.rstrip(" "):
        end -= 1
    if end and line[end - 1].control is None:
        last = line[end - 1]
        return [*line[:end - 1], Segment(last.text.rstrip(" "), last.style)]
    return line[:end]


def pipe_width() -> int:
    """The width of output that goes to no terminal: COLUMNS when set (at most MAX_WIDTH), else PIPE_WIDTH."""
    from tiktok_earnings.cli.help import columns

    return min(columns() or PIPE_WIDTH, MAX_WIDTH)


def file_console(stream: TextIO, record: bool = False) -> "Console":
    return _safe_console()(file=stream, width=pipe_width(), color_system=None, force_terminal=False, record=record)


def console(record: bool = False) -> "Console":
    """The console for stdout (the terminal's width, or pipe_width()); `record=True` keeps what it prints, for --export."""

    class Stdout(_safe_console()):  # type: ignore[misc]
        def on_broken_pipe(self) -> None:
            _reader_gone()

    console = Stdout(record=record)
    if not console.is_terminal:
        console.width = pipe_width()
    return console


def stdout_closed() -> None:
    """The reader went away (`| head`): send what is left to nowhere, so that nothing else fails on it."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _reader_gone() -> None:
    stdout_closed()
    raise BrokenPipeError  # Rich would exit 1 here, which means "an expectation failed" to a CI


class errors_handled:
    """The one place errors become output and exit codes. A ToolError prints its lines on stderr and
    exits with its code (as a usage error when it names an option); Ctrl-C exits 130; a reader that
    goes away (`| head`) ends the command quietly; an unexpected exception becomes one line and exit
    code 3 (--debug re-raises it)."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    def __enter__(self) -> None:
        from tiktok_earnings.files import start_run

        start_run()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> bool:
        if isinstance(error, OSError) and not isinstance(error, BrokenPipeError) and not self.debug:
            error = environment_problem(error)  # the system said no (a full disk, a closed stream): not a bug
        elif isinstance(error, RecursionError) and not self.debug:  # input nested beyond what every check foresaw
            error = ToolError("an input is nested too deeply to read", "flatten it (and please report the file)")
        if isinstance(error, ToolError):
            if error.option is not None:
                raise BadParameter(error.text(), param_hint=f"'{error.option}'") from None
            for line in error.lines():
                print(line, file=sys.stderr)
            raise Exit(error.exit_code) from None
        if isinstance(error, KeyboardInterrupt):
            raise Exit(interrupted(error))
        if isinstance(error, BrokenPipeError):
            stdout_closed()
            return True
        if error is None or isinstance(error, (Exit, SystemExit, BadParameter, UsageError)) or self.debug:
            return False
        print(f"tiktok-earnings: internal error: {error!r} — this is a bug; rerun with --debug and report it",
              file=sys.stderr)
        raise Exit(ExitCode.INTERNAL_ERROR)


def environment_problem(error: OSError) -> ToolError:
    """A refusal by the system (not a bug), as an error of one line: what it said, and what to do (exit 2)."""
    import errno

    reason = error.strerror or str(error)
    where = f" ({error.filename})" if error.filename else ""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        hint = "free some space, or write the report elsewhere with --output"
    elif error.errno == errno.EBADF:
        hint = "keep stdout open, or write the report with --output FILE"
    else:
        hint = "check the disk, the path and its permissions, then rerun"
    return ToolError(f"cannot go on: {reason}{where}", hint)


def interrupted(interrupt: KeyboardInterrupt) -> int:
    """Say that Ctrl-C, SIGTERM or SIGHUP stopped the run; its exit code (130 for Ctrl-C, 128 + the signal's number)."""
    if isinstance(interrupt, Terminated):
        print(f"tiktok-earnings: stopped by {interrupt.name}; no report was written", file=sys.stderr)
        return 128 + interrupt.signal
    print("tiktok-earnings: interrupted; no report was written", file=sys.stderr)
    return ExitCode.INTERRUPTED


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: ends the run as Ctrl-C does, so every temporary file is removed on the way out."""

    def __init__(self, signal: int, name: str) -> None:
        super().__init__(name)
        self.signal, self.name = signal, name


def _on_signal(number: int, _frame: object) -> None:
    import signal

    raise Terminated(number, signal.Signals(number).name)


def _catch_signals() -> None:
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _on_signal)


def main() -> None:
    from tiktok_earnings.cli.streams import prepare

    prepare()
    shell = os.environ.get(COMPLETE_VARIABLE)
    if shell is not None:  # a Tab in a shell with the tool's completion (cli/completion.py): no command runs
        from tiktok_earnings.cli.completion import answer

        sys.exit(answer(app, shell, sys.argv[1:]))
    _catch_signals()
    code = None
    try:
        app(prog_name="tiktok-earnings")
    except SystemExit as exit_:
        code = exit_.code
    except KeyboardInterrupt as interrupt:  # outside a command: while help or a usage error was written
        code = interrupted(interrupt)
    except BrokenPipeError:  # the reader went away while help was written (`--help | head -1`): the rest goes nowhere
        stdout_closed()
        code = ExitCode.OK
    except OSError as error:  # help written to a full disk (`--help > /dev/full`); a command's own meets errors_handled
        print(*environment_problem(error).lines(), sep="\n", file=sys.stderr)
        code = ExitCode.INPUT_ERROR
    finally:  # what is still buffered goes out now, while a closed pipe can still be met quietly
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            stdout_closed()
        except OSError as error:  # a full disk (`> /dev/full`): the report did not get out
            problem = environment_problem(error)
            print(*problem.lines(), sep="\n", file=sys.stderr)
            code = problem.exit_code
    sys.exit(code)

