"""`run` and `validate`: scenario files in, reports out, with exit codes a CI can act on."""

import contextlib
import itertools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, cast

import typer

from tiktok_earnings.cli import (
    EXIT_CODES_HELP,
    DebugOption,
    ExportOption,
    Format,
    OutputFormat,
    Screen,
    app,
    errors_handled,
    export_needs_table,
    save_export,
    stdout_closed,
    with_progress,
)
from tiktok_earnings.cli.help import PLAIN, Command, examples
from tiktok_earnings.errors import ExitCode, ReportWriteError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tiktok_earnings.batch import Outcome
    from tiktok_earnings.live.tally import Recording
    from tiktok_earnings.render import StreamingReport


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    index, _, count = value.partition("/")
    if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
        raise typer.BadParameter(f"'{value}' is not K/N with 1 <= K <= N, e.g. 2/4")
    return int(index), int(count)


MANY_FILES = "Many files"  # the options' panel in --help

AllowOutsideOption = Annotated[
    bool, typer.Option("--allow-extends-outside", rich_help_panel=MANY_FILES,
                       help="Let `extends:` read bases outside the folders being run (by default a base must lie"
                            " inside them, so a scenario cannot read other files on the machine).")]


JobsOption = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, metavar="N", show_default=False, rich_help_panel=MANY_FILES,
                 help="Worker processes for many files (default: one per core); output is the same with any N."),
]
PathsArgument = Annotated[
    list[str],
    typer.Argument(metavar="PATH", click_type=PLAIN, show_default=False,
                   help="Scenario files, LIVE recordings (.jsonl, from `record`), folders (searched recursively for"
                        " *.yaml, *.yml and *.jsonl) and quoted glob patterns."),
]


@app.command(rich_help_panel="Compute", cls=Command,
    epilog=examples(
        "tiktok-earnings run configs/friday-qa.yaml",
        "tiktok-earnings run configs/friday-qa.yaml --format json | jq .scenarios[0].creator_net",
        "tiktok-earnings run scenarios/ --format markdown --junit report.xml",
        "tiktok-earnings run 'scenarios/**/*.yaml' --shard 2/4 --format csv --output shard-2.csv",
        ("tiktok-earnings run stream.jsonl", "a LIVE recording: imported as `import` would, then computed"),
    ) + "\n\n" + EXIT_CODES_HELP,
)
def run(
    paths: PathsArgument,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", metavar="FORMAT",
                     help="table for people; json, csv or markdown for scripts and CI (on stdout)."),
    ] = OutputFormat.table,
    detail: Annotated[bool, typer.Option("--detail", help="With several scenarios, show each full breakdown too.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE",
                                  help="Write the report to this file (atomically) instead of stdout.")
    ] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", metavar="FILE.xml",
                                  help="Also write a JUnit XML report: a test case per scenario.")
    ] = None,
    shard: Annotated[
        str | None, typer.Option("--shard", metavar="K/N", rich_help_panel=MANY_FILES,
                                 help="Run only the K-th of N stable slices of the files.")
    ] = None,
    export: ExportOption = None,
    tiktok_diamonds: Annotated[
        int | None, typer.Option("--tiktok-diamonds", metavar="N", min=0, show_default=False, rich_help_panel="LIVE recordings",
                                 help="For a LIVE recording: the diamonds in TikTok's LIVE summary, to show the difference"
                                      " and what commonly explains it.")
    ] = None,
    allow_outside: AllowOutsideOption = False,
    jobs: JobsOption = None,
    debug: DebugOption = False,
) -> None:
    """Compute scenarios and show where the money went, and what hearts did.

    One file shows its full breakdown; several show a summary table with totals. Scenarios may carry
    `expect:` bounds on output fields; a missed bound fails the run with exit code 1. A .jsonl LIVE
    recording (from `record`) is imported as `import` would, then computed; its warnings (a streak
    still open at the end, a cut-off last line) go to stderr and do not change the exit code.
    """
    slice_ = _parse_shard(shard)
    format_ = output_format.to_format()
    export_needs_table(export, format_)
    with errors_handled(debug):
        from tiktok_earnings import batch, parallel

        files, unmatched = batch.collect(paths)
        if slice_:
            files = batch.shard(files, *slice_)
        _refuse_to_overwrite_inputs(files, output, junit)
        cache = batch.DocumentCache(batch.roots(paths), anywhere=allow_outside)
        outcomes = itertools.chain(
            (batch.Outcome(problem.file, problems=(problem,)) for problem in unmatched),
            with_progress(parallel.outcomes(files, "evaluate", _jobs(jobs), cache), len(files)),
        )
        several = len(files) + len(unmatched) > 1
        if tiktok_diamonds is not None and not any(path.lower().endswith(batch.RECORDING_SUFFIX) for path in files):
            print("--tiktok-diamonds: no .jsonl recording among the files, so there is nothing to set it beside"
                  " — give the recording of that LIVE", file=sys.stderr)
        raise typer.Exit(_report(outcomes, format_, several, detail, output, junit, export, tiktok_diamonds))


def _report(outcomes: "Iterable[Outcome]", output_format: Format, several: bool, detail: bool, output: Path | None,
            junit: Path | None, export: Path | None = None, tiktok_diamonds: int | None = None) -> int:
    """Feed each outcome to the reports as it is computed, print its problems, and return the worst exit code.

    `--export FILE.svg` of one LIVE recording draws its minutes as a chart; otherwise it saves what the terminal showed.
    """
    from tiktok_earnings.render.output import render
    from tiktok_earnings.render.run import Run, RunView

    worst = ExitCode.OK
    try:
        with contextlib.ExitStack() as open_files:
            target = open_files.enter_context(_report_file(output)) if output is not None else None
            screen = Screen(target, record=export is not None)
            reports = [_Feed(render(RunView(), Run(several, detail, tiktok_diamonds), output_format), screen)]
            recordings = []
            if junit is not None:
                from tiktok_earnings.render.junit import JunitReport

                reports.append(_Feed(JunitReport(), Screen(open_files.enter_context(_report_file(junit)))))
            for report in reports:
                report.start()
            try:
                for outcome in outcomes:
                    worst = max(worst, outcome.exit_code)
                    _print_problems(outcome)
                    if outcome.recording is not None and outcome.report is not None:
                        recordings.append((outcome.recording, outcome.report.scenario.name))
                    for report in reports:
                        report.add(outcome)
            except Exception:  # a bug met in a later file: the documents already started still end whole
                for report in reports:
                    report.finish()
                raise
            for report in reports:
                report.finish()
        if export is not None and export.suffix.lower() == ".svg" and len(recordings) == 1 and not several:
            _save_chart(*recordings[0], export)
        elif export is not None:
            save_export(screen.console, export)
    except ReportWriteError as error:
        raise error.as_problem("the report") from None
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, keeping the exit code so far
        stdout_closed()
    return worst


def _save_chart(recording: "Recording", title: str, path: Path) -> None:
    """A recording's minutes as an SVG chart (render/recording.py), written atomically."""
    from tiktok_earnings.atomic import atomic_writer
    from tiktok_earnings.render.recording import timeline_svg

    with atomic_writer(path) as stream:
        stream.write(timeline_svg(recording, title))


def _report_file(path: Path) -> "contextlib.AbstractContextManager[TextIO]":
    """A text stream whose text replaces `path` when it closes normally (it writes and flushes as a file does)."""
    from tiktok_earnings.atomic import atomic_writer  # only paid for when a report goes to a file

    return cast("contextlib.AbstractContextManager[TextIO]", atomic_writer(path))


class _Feed:
    """A streaming report and the screen its output goes to."""

    def __init__(self, report: "StreamingReport", screen: Screen) -> None:
        self.report, self.screen = report, screen

    def start(self) -> None:
        self.screen.show(self.report.start())

    def add(self, outcome: "Outcome") -> None:
        self.screen.show(self.report.add(outcome))

    def finish(self) -> None:
        self.screen.show(self.report.finish())


@app.command(rich_help_panel="Compute", cls=Command,
    epilog=examples("tiktok-earnings validate configs/", "tiktok-earnings validate 'scenarios/**/*.yaml'") + "\n\n"
    "Exit codes: 0 every file is valid; 2 at least one is not (each problem is printed as `file:line: message`).",
)
def validate(paths: PathsArgument, jobs: JobsOption = None, allow_outside: AllowOutsideOption = False,
             debug: DebugOption = False) -> None:
    """Check scenario files (and .jsonl recordings) without computing them, and report every problem in every file."""
    with errors_handled(debug):
        from tiktok_earnings import batch, parallel

        files, unmatched = batch.collect(paths)
        cache = batch.DocumentCache(batch.roots(paths), anywhere=allow_outside)
        outcomes = itertools.chain(
            (batch.Outcome(problem.file, problems=(problem,)) for problem in unmatched),
            with_progress(parallel.outcomes(files, "check", _jobs(jobs), cache), len(files)),
        )
        invalid, worst = 0, ExitCode.OK
        for outcome in outcomes:  # each file's problems are printed as soon as it is checked
            _print_problems(outcome)
            invalid += bool(outcome.problems)
            worst = max(worst, outcome.exit_code)
        checked = f"{len(files)} file{'s' if len(files) != 1 else ''} checked"
        print(f"{checked}: {invalid} invalid" if invalid else f"{checked}: all valid", file=sys.stderr)
        raise typer.Exit(worst)


def _jobs(jobs: int | None) -> int:
    """--jobs, or one worker per core this process may use."""
    if jobs is not None:
        return jobs
    from tiktok_earnings.parallel import available_cores

    return available_cores()


def _refuse_to_overwrite_inputs(files: list[str], *reports: Path | None) -> None:
    # A report that does not exist yet cannot be an input: only existing ones are looked for among the files.
    targets = {os.path.realpath(report): report for report in reports if report is not None and os.path.lexists(report)}
    for path in files if targets else ():
        report = targets.get(os.path.realpath(path))
        if report is not None:
            from tiktok_earnings.atomic import RefusedWrite

            raise RefusedWrite(report, "is one of the scenario files: it is never written over", "choose another report path")


def _print_problems(outcome: "Outcome") -> None:
    for problem in (*outcome.warnings, *outcome.problems, *outcome.failures):
        print(problem, file=sys.stderr)


