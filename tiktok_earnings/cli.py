"""The command line: parses arguments, calls the core, prints what the renderers return.

This is the only module that prints, and that turns errors into messages and exit codes. The
core and the renderers are imported inside the commands, so `--help` and `--version` stay quick,
and `--format json` never loads Rich.
"""

import contextlib
import itertools
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tiktok_earnings import __version__
from tiktok_earnings.errors import ExitCode, ReportWriteError

if TYPE_CHECKING:
    from tiktok_earnings.batch import Outcome

EXIT_CODES_HELP = (
    "Exit codes: 0 all good; 1 an expectation failed; 2 usage or input error (each problem is printed on"
    " stderr as `file:line: what is wrong — what to do`, and every other file is still computed); 3 internal"
    " error (a bug: rerun with --debug and report it); 130 interrupted. With several files, the worst code wins."
)

app = typer.Typer(
    name="tiktok-earnings",
    help="What did a TikTok LIVE stream earn, and do hearts pay?\n\n"
    "Loads stream scenarios from YAML and shows where every dollar went: viewers' spend, TikTok's and the"
    " app stores' share, the creator's gross, then agency, fees and tax, down to net. Hearts add $0"
    " directly; their estimated indirect effect on gifts is shown beside that, as a range.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        print(f"tiktok-earnings {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    pass


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise typer.BadParameter(f"'{value}' is not K/N with 1 <= K <= N, e.g. 2/4")
    return int(index), int(count)


PathsArgument = Annotated[
    list[str],
    typer.Argument(metavar="PATH", show_default=False,
                   help="Scenario files, folders (searched recursively for *.yaml and *.yml) and quoted glob patterns."),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show a traceback for internal errors.")]


@app.command(
    epilog="Examples:\n\n"
    "  tiktok-earnings run configs/friday-qa.yaml\n\n"
    "  tiktok-earnings run configs/friday-qa.yaml --format json | jq .scenarios[0].creator_net\n\n"
    "  tiktok-earnings run scenarios/ --format markdown --junit report.xml\n\n"
    "  tiktok-earnings run 'scenarios/**/*.yaml' --shard 2/4 --format csv --output shard-2.csv\n\n"
    + EXIT_CODES_HELP,
)
def run(
    paths: PathsArgument,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table for people; json, csv or markdown for scripts and CI (on stdout)."),
    ] = OutputFormat.table,
    detail: Annotated[bool, typer.Option("--detail", help="With several scenarios, show each full breakdown too.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file (atomically) instead of stdout.")
    ] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Also write a JUnit XML report: a test case per scenario.")
    ] = None,
    shard: Annotated[
        str | None, typer.Option("--shard", metavar="K/N", help="Run only the K-th of N stable slices of the files.")
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Compute scenarios and show where the money went, and what hearts did.

    One file shows its full breakdown; several show a summary table with totals. Scenarios may
    carry `expect:` bounds on output fields; a missed bound fails the run with exit code 1.
    """
    slice_ = _parse_shard(shard)
    with _errors_handled(debug):
        from tiktok_earnings import batch

        files, unmatched = batch.collect(paths)
        if slice_:
            files = batch.shard(files, *slice_)
        _refuse_to_overwrite_inputs(files, output, junit)
        cache: dict = {}
        outcomes = itertools.chain(
            (batch.Outcome(problem.file, problems=(problem,)) for problem in unmatched),
            (batch.evaluate(path, cache) for path in _with_progress(files)),
        )
        several = len(files) + len(unmatched) > 1
        raise typer.Exit(_report(outcomes, output_format, several, detail, output, junit))


def _report(outcomes, output_format: OutputFormat, several: bool, detail: bool, output: Path | None, junit: Path | None) -> int:
    """Feed each outcome to the reports as it is computed, print its problems, and return the worst exit code."""
    worst = ExitCode.OK
    try:
        with contextlib.ExitStack() as open_files:
            target = open_files.enter_context(_report_file(output)) if output is not None else sys.stdout
            if output_format is OutputFormat.table:
                reports = [_TableReport(target, several, detail, to_terminal=output is None)]
            else:
                reports = [_ReportWriter(_streaming_report(output_format), target)]
            if junit is not None:
                from tiktok_earnings.render.junit import JunitReport

                reports.append(_ReportWriter(JunitReport(), open_files.enter_context(_report_file(junit))))
            for report in reports:
                report.start()
            for outcome in outcomes:
                worst = max(worst, outcome.exit_code)
                _print_problems(outcome)
                for report in reports:
                    report.add(outcome)
            for report in reports:
                report.finish()
    except ReportWriteError as error:
        print(f"{error.path}: cannot write the report: {error.reason} — check that the folder exists and is writable",
              file=sys.stderr)
        return ExitCode.INPUT_ERROR
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return worst


def _report_file(path: Path):
    from tiktok_earnings.atomic import atomic_writer  # only paid for when a report goes to a file

    return atomic_writer(path)


def _streaming_report(output_format: OutputFormat):
    if output_format is OutputFormat.json:
        from tiktok_earnings.render.json import JsonReport

        return JsonReport()
    if output_format is OutputFormat.csv:
        from tiktok_earnings.render.csv import CsvReport

        return CsvReport()
    from tiktok_earnings.render.markdown import MarkdownReport

    return MarkdownReport()


class _ReportWriter:
    """A streaming report and the stream its text goes to."""

    def __init__(self, report, stream) -> None:
        self.report, self.stream = report, stream

    def start(self) -> None:
        self.stream.write(self.report.start())

    def add(self, outcome: "Outcome") -> None:
        self.stream.write(self.report.add(outcome))

    def finish(self) -> None:
        self.stream.write(self.report.finish())


class _TableReport:
    """Tables for people: each breakdown as it is computed (one file, or --detail), then the summary (several files)."""

    def __init__(self, stream, several: bool, detail: bool, to_terminal: bool) -> None:
        from tiktok_earnings.render.summary import SummaryTable

        self.console = _console() if to_terminal else _file_console(stream)
        self.breakdowns = detail or not several
        self.summary = SummaryTable() if several else None

    def start(self) -> None:
        pass

    def add(self, outcome: "Outcome") -> None:
        if self.breakdowns and outcome.report is not None:
            from tiktok_earnings.render.table import breakdown

            self.console.print(breakdown(outcome.report))
            self.console.print()
        if self.summary is not None:
            self.summary.add(outcome)

    def finish(self) -> None:
        if self.summary is not None:
            self.console.print(self.summary.table())


@app.command(
    epilog="Examples:\n\n  tiktok-earnings validate configs/\n\n  tiktok-earnings validate 'scenarios/**/*.yaml'\n\n"
    "Exit codes: 0 every file is valid; 2 at least one is not (each problem is printed as `file:line: message`).",
)
def validate(paths: PathsArgument, debug: DebugOption = False) -> None:
    """Check scenario files without computing them, and report every problem in every file."""
    with _errors_handled(debug):
        from tiktok_earnings import batch

        files, unmatched = batch.collect(paths)
        cache: dict = {}
        outcomes = [batch.Outcome(problem.file, problems=(problem,)) for problem in unmatched]
        outcomes += [batch.check(path, cache) for path in _with_progress(files)]
        for outcome in outcomes:
            _print_problems(outcome)
        invalid = sum(1 for outcome in outcomes if outcome.problems)
        checked = f"{len(files)} file{'s' if len(files) != 1 else ''} checked"
        print(f"{checked}: {invalid} invalid" if invalid else f"{checked}: all valid", file=sys.stderr)
        raise typer.Exit(batch.worst_exit_code(outcome.exit_code for outcome in outcomes))


@app.command(epilog="Examples:\n\n  tiktok-earnings rates\n\n  tiktok-earnings rates --format json")
def rates(
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="table for people; json for scripts.")] = (
        ListFormat.table
    ),
) -> None:
    """List the coin-rate presets (`coin_rates: preset:` in a scenario), with their sources and dates."""
    from tiktok_earnings.rates import load_presets

    presets = load_presets()
    if output_format is ListFormat.json:
        from tiktok_earnings.render.rates import presets_json

        sys.stdout.write(presets_json(presets))
    else:
        from tiktok_earnings.render.rates import presets_table

        _console().print(presets_table(presets))


def _refuse_to_overwrite_inputs(files: list[str], *reports: Path | None) -> None:
    targets = {os.path.realpath(report): report for report in reports if report is not None}
    for path in files if targets else ():
        report = targets.get(os.path.realpath(path))
        if report is not None:
            raise typer.BadParameter(f"{report} is one of the scenario files; choose another report path")


def _with_progress(files: list[str]):
    """The files, with a progress bar on stderr while they are worked through: only on a terminal, never in CI."""
    if len(files) < 2 or not sys.stderr.isatty() or os.environ.get("CI"):
        return files
    from rich.console import Console
    from rich.progress import track

    return track(files, description="Computing scenarios", console=Console(stderr=True), transient=True)


def _file_console(stream):
    from rich.console import Console

    return Console(file=stream, width=100, color_system=None, force_terminal=False)


def _console():
    from rich.console import Console

    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 100  # a pipe must not cut tables at 80 columns (Rich#1518)
    return console


def _print_problems(outcome: "Outcome") -> None:
    for problem in (*outcome.problems, *outcome.failures):
        print(problem, file=sys.stderr)


class _errors_handled:
    """Ctrl-C exits 130; an unexpected exception becomes one line and exit code 3 (--debug re-raises it)."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if isinstance(error, KeyboardInterrupt):
            print("tiktok-earnings: interrupted; no report was written", file=sys.stderr)
            raise typer.Exit(ExitCode.INTERRUPTED)
        if error is None or isinstance(error, (typer.Exit, typer.Abort, SystemExit, typer.BadParameter)) or self.debug:
            return False
        print(f"tiktok-earnings: internal error: {error!r} — this is a bug; rerun with --debug and report it",
              file=sys.stderr)
        raise typer.Exit(ExitCode.INTERNAL_ERROR)


def main() -> None:
    app(prog_name="tiktok-earnings")
