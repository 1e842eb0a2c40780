"""`run` and `validate`: scenario files in, reports out, with exit codes a CI can act on."""

import contextlib
import itertools
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, cast

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
    progress_shown,
    records_terminal,
    save_export,
    stdout_closed,
    with_progress,
)
from tiktok_earnings.cli.app import Argument, BadParameter, Exit, Option
from tiktok_earnings.cli.help import examples
from tiktok_earnings.errors import ExitCode, ReportWriteError
from tiktok_earnings.escape import snippet
from tiktok_earnings.render import PiecewiseReport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from rich.console import Console

    from tiktok_earnings.batch import Outcome
    from tiktok_earnings.groups import GroupBy
    from tiktok_earnings.render import RunReport
    from tiktok_earnings.render.output import Output
    from tiktok_earnings.render.run import Run


def _parse_shard(value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    from tiktok_earnings.numbers import small_whole

    written_index, _, written_count = value.partition("/")
    index, count = small_whole(written_index), small_whole(written_count)
    if index is None or count is None or not 1 <= index <= count:
        raise BadParameter(f"'{snippet(value)}' is not K/N with 1 <= K <= N, e.g. 2/4", param_hint="'--shard'")
    return index, count


def _check_diamonds(diamonds: int | None) -> int | None:
    """--tiktok-diamonds within the bounds of every number the tool reads."""
    from tiktok_earnings.numbers import out_of_bounds

    bad = None if diamonds is None else out_of_bounds(diamonds)
    if bad is not None:
        raise BadParameter(f"the number {bad[0]} — {bad[1]}")
    return diamonds


class GroupChoice(StrEnum):
    """What --group-by takes: each is a groups.GroupBy (imported only when a run groups, to keep start-up quick)."""

    folder = "folder"

    def to_group(self) -> "GroupBy":
        from tiktok_earnings.groups import GroupBy

        return GroupBy(self.value)


MANY_FILES = "Many files"  # the options' panel in --help

AllowOutsideOption = Annotated[
    bool, Option("--allow-extends-outside", section=MANY_FILES,
                 help="Let `extends:` read bases outside the folders being run (by default a base must lie"
                      " inside them, so a scenario cannot read other files on the machine).")]


JobsOption = Annotated[
    int | None,
    Option("--jobs", "-j", min=1, metavar="N", show_default=False, section=MANY_FILES,
           help="Worker processes for many files (default: one per core); output is the same with any N."),
]
PathsArgument = Annotated[
    list[str],
    Argument("PATH", files=True,
             help="Scenario files, LIVE recordings (.jsonl, from `record`), folders (searched recursively for"
                  " *.yaml, *.yml and *.jsonl) and quoted glob patterns."),
]


@app.command(section="Compute",
    epilog=examples(
        "tiktok-earnings run configs/friday-qa.yaml",
        "tiktok-earnings run configs/friday-qa.yaml --format json | jq .scenarios[0].creator_net",
        "tiktok-earnings run scenarios/ --format markdown --junit report.xml",
        "tiktok-earnings run 'scenarios/**/*.yaml' --shard 2/4 --format csv --output shard-2.csv",
        ("tiktok-earnings run creators/ --group-by folder", "totals per creator's folder, per currency"),
        ("tiktok-earnings run stream.jsonl", "a LIVE recording: imported as `import` would, then computed"),
    ) + "\n\n" + EXIT_CODES_HELP,
)
def run(
    paths: PathsArgument,
    output_format: Annotated[
        OutputFormat,
        Option("--format", "-f", metavar="FORMAT",
               help="table for people; json, csv or markdown for scripts and CI (on stdout)."),
    ] = OutputFormat.table,
    detail: Annotated[bool, Option("--detail", help="With several scenarios, show each full breakdown too.")] = False,
    output: Annotated[
        Path | None, Option("--output", "-o", metavar="FILE",
                            help="Write the report to this file (atomically) instead of stdout.")
    ] = None,
    junit: Annotated[
        Path | None, Option("--junit", metavar="FILE.xml",
                            help="Also write a JUnit XML report: a test case per scenario.")
    ] = None,
    shard: Annotated[
        str | None, Option("--shard", metavar="K/N", section=MANY_FILES,
                           help="Run only the K-th of N stable slices of the files (with --group-by, of the"
                                " folders: each folder's totals whole in one shard).")
    ] = None,
    group_by: Annotated[
        GroupChoice | None, Option("--group-by", metavar="folder", show_default=False, section=MANY_FILES,
                                   help="Also total every money figure per folder (and currency): a table after"
                                        " the scenarios; JSON gains \"groups\"; CSV rows become the groups.")
    ] = None,
    export: ExportOption = None,
    tiktok_diamonds: Annotated[
        int | None, Option("--tiktok-diamonds", metavar="N", min=0, check=_check_diamonds, show_default=False,
                           section="LIVE recordings",
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
            every = len(files)
            files = batch.shard(files, *slice_, group_of=None if group_by is None else group_by.to_group().of)
            if every and not files:
                print(f"--shard {shard}: this shard holds no files ({_files(every)} in all, in {slice_[1]} shards):"
                      " nothing to compute", file=sys.stderr)
        _refuse_to_overwrite_inputs(files, output, junit)
        cache = batch.DocumentCache(batch.roots(paths), anywhere=allow_outside)
        several = len(files) + len(unmatched) > 1 or group_by is not None  # groups are shown beside their scenarios
        from tiktok_earnings.render.output import render
        from tiktok_earnings.render.run import Run, RunView

        run_ = Run(several, detail, tiktok_diamonds, None if group_by is None else group_by.to_group())
        main_report = render(RunView(), run_, format_)
        pieces = _pieces(main_report, junit, export)
        computed: Iterable[tuple[Outcome, str | None]] = (
            ((outcome, None) for outcome in parallel.outcomes(files, "evaluate", _jobs(jobs), cache)) if pieces is None
            else parallel.outcomes_and_pieces(files, _jobs(jobs), cache, pieces))
        outcomes = itertools.chain(
            ((batch.Outcome(problem.file, problems=(problem,)), None) for problem in unmatched),
            with_progress(computed, len(files)),
        )
        if tiktok_diamonds is not None and not any(path.lower().endswith(batch.RECORDING_SUFFIX) for path in files):
            print("--tiktok-diamonds: no .jsonl recording among the files, so there is nothing to set it beside"
                  " — give the recording of that LIVE", file=sys.stderr)
        raise Exit(_report(outcomes, main_report, format_, run_, output, junit, export))


def _files(count: int) -> str:
    return f"{count:,} file" if count == 1 else f"{count:,} files"


def _pieces(report: "RunReport", junit: Path | None, export: Path | None) -> "Callable[[Outcome], str] | None":
    """What makes the report's part for each outcome in the worker that computes it, where the report is made so
    (render.PiecewiseReport) and is the only one: JUnit and a chart or a page need every outcome's figures here."""
    if junit is not None or export is not None or not isinstance(report, PiecewiseReport):
        return None
    return report.pieces()


def _report(outcomes: "Iterable[tuple[Outcome, str | None]]", main_report: "RunReport", output_format: Format, run_: "Run",
            output: Path | None, junit: Path | None, export: Path | None = None) -> int:
    """Feed each outcome (and, where it was made with it, its piece of the main report) to the reports as it is
    computed, print its problems, and return the worst exit code.

    `--export` is one more report (render/export.py: a chart, or a page), or, for .txt, what the terminal showed.
    A report written to a file says so on stderr, once the file is in place.
    """
    worst = ExitCode.OK
    several = run_.several
    try:
        with contextlib.ExitStack() as open_files:
            target = open_files.enter_context(_report_file(output, REPORT_NAMES[output_format])) if output is not None else None
            screen = Screen(target, record=records_terminal(export))
            main = _Feed(main_report, screen, laid_out=output_format is Format.table)
            reports = [main]
            written = [] if output is None else [(output, main)]  # each file a report goes to, said on stderr
            if export is not None and not records_terminal(export):
                from tiktok_earnings.render.export import Kind, RunExport

                exported = RunExport(Kind.of(export), several, run_.tiktok_diamonds)
                reports.append(_Feed(exported, Screen(open_files.enter_context(_report_file(export)))))
                written.append((export, reports[-1]))
            if junit is not None:
                from tiktok_earnings.render.junit import JunitReport

                reports.append(_Feed(JunitReport(), Screen(open_files.enter_context(_report_file(junit, "junit.xml")))))
                written.append((junit, reports[-1]))
            for report in reports:
                report.start()
            try:
                for outcome, piece in outcomes:
                    worst = max(worst, outcome.exit_code)
                    _print_problems(outcome)
                    main.add(outcome, piece)
                    for other in reports[1:]:
                        other.add(outcome)
            except Exception:  # a bug met in a later file: the documents already started still end whole
                for report in reports:
                    report.finish()
                raise
            for report in reports:
                report.finish()
        for path, feed in written:
            print(f"wrote {feed.report.wrote()} to {path}", file=sys.stderr)
        if export is not None and records_terminal(export):
            save_export(export, screen.console.export_text())
    except ReportWriteError as error:
        raise error.as_problem("the report") from None
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, keeping the exit code so far
        stdout_closed()
    return worst


REPORT_NAMES = {Format.table: "report.txt", Format.json: "report.json", Format.csv: "report.csv",
                Format.markdown: "report.md"}  # what an error suggests where --output names a folder


def _report_file(path: Path, example: str | None = None) -> "contextlib.AbstractContextManager[TextIO]":
    """A text stream whose text replaces `path` when it closes normally (it writes and flushes as a file does);
    `example` is the file name suggested where `path` is a folder."""
    from tiktok_earnings.atomic import atomic_writer  # only paid for when a report goes to a file

    return cast("contextlib.AbstractContextManager[TextIO]", atomic_writer(path, example=example))


class _Feed:
    """A streaming report and the screen its output goes to.

    With `laid_out`, what the report draws at the end (the summary of a long run, which takes Rich
    seconds to lay out) is laid out first, with a spinner on stderr while it is, on a terminal.
    """

    def __init__(self, report: "RunReport", screen: Screen, laid_out: bool = False) -> None:
        self.report, self.screen, self.laid_out = report, screen, laid_out
        self.piecewise = report if isinstance(report, PiecewiseReport) else None  # once: the check costs 10 µs a call
        self.outcomes = 0

    def start(self) -> None:
        self.screen.show(self.report.start())

    def add(self, outcome: "Outcome", piece: str | None = None) -> None:
        """Show the report's part for the outcome, or the piece of it made already (render.PiecewiseReport)."""
        self.outcomes += 1
        if piece is None:
            self.screen.show(self.report.add(outcome))
        else:
            assert self.piecewise is not None, "only a piecewise report is given pieces"
            self.screen.show(self.piecewise.add_piece(outcome, piece))

    def finish(self) -> None:
        output = self.report.finish()
        if self.laid_out and self.outcomes >= LAY_OUT_WITH_SPINNER and progress_shown():
            output = _laid_out(output, self.screen.console, f"Laying out the table of {self.outcomes:,} scenarios")
        self.screen.show(output)


LAY_OUT_WITH_SPINNER = 500  # rows: Rich lays out a few hundred a second on a slow machine


def _laid_out(output: "Output", console: "Console", doing: str) -> "Output":
    """The output with each Rich piece drawn for `console` now, while a spinner on stderr says what is being done."""
    from rich.console import Console
    from rich.segment import Segments

    pieces = output if isinstance(output, tuple) else (output,)
    with Console(stderr=True).status(doing):
        return tuple(piece if isinstance(piece, str) else Segments(list(console.render(piece))) for piece in pieces)


@app.command(section="Compute",
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
        invalid, worst = -len(unmatched), ExitCode.OK  # a path not read is no file found invalid: told apart below
        for outcome in outcomes:  # each file's problems are printed as soon as it is checked
            _print_problems(outcome)
            invalid += bool(outcome.problems)
            worst = max(worst, outcome.exit_code)
        checked = f"{_files(len(files))} checked: {f'{invalid} invalid' if invalid else 'all valid'}" if files \
            else "no file checked"
        print(checked + (f"; {len(unmatched)} not read (above)" if unmatched else ""), file=sys.stderr)
        raise Exit(worst)


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


