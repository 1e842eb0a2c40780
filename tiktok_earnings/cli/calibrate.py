"""`calibrate`: fit the hearts model's elasticity to a creator's own past streams.

The work is in calibration.py (the core) and render/calibration.py (the views); this module
parses the arguments, prints, writes the block, and chooses the exit code: 0 a fit was made
(warnings or not); 1 the data cannot support any fit (why is printed on stderr, and nothing is
written); 2 a usage or input error, each problem on stderr as `file:line: what — what to do`.
"""

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from tiktok_earnings.cli import AllowOutsideOption, DebugOption, ListFormat, app, errors_handled, show
from tiktok_earnings.cli.app import Argument, BadParameter, Option
from tiktok_earnings.cli.help import examples
from tiktok_earnings.errors import ExitCode, Problem, ToolError
from tiktok_earnings.escape import snippet

if TYPE_CHECKING:
    from decimal import Decimal

HISTORY_HELP = (
    "HISTORY is any mix of: CSV files with one row per past stream (columns duration_minutes, average_viewers, hearts,"
    " gift_coins, and optionally date and name; lines starting with # are comments); scenario files (.yaml, .yml);"
    " LIVE recordings (.jsonl); folders (searched for all of these; names starting with _ or . are skipped); and quoted"
    " glob patterns. Streams without gifts are left out, and the output says so."
)
MODEL_HELP = (
    "The fit: log(gift coins per viewer-minute) = a + ε · log(1 + h/k), by least squares, with h the hearts per"
    " viewer-minute and k fixed: --reference, else the k the history's scenarios use"
    " (engagement.reference_hearts_per_viewer_minute; they must agree), else 1. The 90% confidence interval is"
    " ε ± t · SE, with Student's t for n − 2 degrees of freedom. The block written sets elasticity {low, base, high}"
    " from that interval, clamped at 0, and a `calibrated:` note that `run` shows. It is a correlation in these"
    " streams, not proof that hearts cause gifts."
)

BY_MINUTE_HELP = (
    "--by minute fits within streams instead, from LIVE recordings (.jsonl) only: coins to the host in minute t of"
    " stream s ~ Poisson(exp(a_s) · viewers_t · (1 + h_t/k)^ε), h_t the hearts tapped in that minute per viewer and"
    " a_s each stream's own level, by Poisson maximum likelihood (minutes without gifts count). The 90% interval is"
    " cluster-robust by stream (Student's t, G − 1 degrees of freedom): at least 2 recordings with gifts, 8 or more to"
    " be worth much. Still a correlation: a good moment drives both hearts and gifts."
)


class By(StrEnum):
    stream = "stream"
    minute = "minute"


def _reference(value: str | None) -> "Decimal | None":
    """--reference as a Decimal read from its text, greater than 0."""
    if value is None:
        return None
    from decimal import InvalidOperation

    from tiktok_earnings.numbers import parse_decimal

    try:
        number = parse_decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number <= 0:
        raise BadParameter(f"'{snippet(value)}' is not a number greater than 0, e.g. 1", param_hint="'--reference'")
    return number


@app.command(section="What if",
    epilog=examples(
        "tiktok-earnings calibrate configs/history-example.csv",
        "tiktok-earnings calibrate configs/history-example.csv -o engagement.yaml",
        "tiktok-earnings calibrate streams.csv scenarios/ 'recordings/*.jsonl' --format json | jq .calibration.fit",
        "tiktok-earnings calibrate 'recordings/*.jsonl' --by minute",
    ) + "\n\n" + HISTORY_HELP + "\n\n" + MODEL_HELP + "\n\n" + BY_MINUTE_HELP + "\n\n"
    "Exit codes: 0 fitted (read the warnings); 1 the data cannot support a fit (why is printed on stderr, and nothing is"
    " written); 2 usage or input error (each problem on stderr as `file:line: what is wrong — what to do`); 3 internal"
    " error (a bug: rerun with --debug and report it).",
)
def calibrate(
    history: Annotated[
        list[str],
        Argument("HISTORY", files=True,
                 help="Past streams: CSV files, scenario files, .jsonl recordings, folders and quoted glob patterns."),
    ],
    output: Annotated[
        Path | None,
        Option("--output", "-o", metavar="FILE.yaml", show_default=False,
               help="Write the engagement: block to this file (atomically), for `extends:`. Without it, the"
                    " block is printed after the report."),
    ] = None,
    force: Annotated[bool, Option("--force", help="Replace the -o file if it exists.")] = False,
    output_format: Annotated[
        ListFormat, Option("--format", "-f", metavar="FORMAT", help="table for people; json for scripts.")
    ] = ListFormat.table,
    reference: Annotated[
        str | None,
        Option("--reference", metavar="K", show_default=False,
               help="The reference rate k in hearts per viewer-minute (default: the scenarios', else 1)."),
    ] = None,
    by: Annotated[
        By,
        Option("--by", metavar="stream|minute",
               help="stream: one point per past stream (any history file); minute: within streams,"
                    " minute by minute (recordings only)."),
    ] = By.stream,
    allow_outside: AllowOutsideOption = False,
    debug: DebugOption = False,
) -> None:
    """Fit the hearts model's elasticity ε to your own past streams, and write it as an engagement: block.

    Reports ε with its standard error and 90% confidence interval, the streams used and R², what the
    fit means in plain words, and warnings where the data cannot support it.
    """
    k = _reference(reference)
    if by is By.minute:
        _by_minute(history, output, output_format, k, force, debug)
        return
    with errors_handled(debug):
        from tiktok_earnings.hearts import calibration
        from tiktok_earnings.hearts.history import load_history

        history_read = load_history(history, anywhere=allow_outside)
        if output is not None:
            _refuse_to_overwrite(history_read.files, output, force)
        result = calibration.calibrate(history_read, k)
        for notice in history_read.notices:
            print(notice, file=sys.stderr)

        from tiktok_earnings.render.calibration import CalibrationView, engagement_yaml

        block = None if output is None or result.fit is None else engagement_yaml(result, output.name)
        _finish(result, CalibrationView(saved_to=None if output is None else str(output)), output_format, output, block, force)


def _by_minute(history: list[str], output: Path | None, output_format: ListFormat, k: "Decimal | None",
               force: bool, debug: bool) -> None:
    with errors_handled(debug):
        from tiktok_earnings.hearts import calibration

        files, series, notices = calibration.load_minutes(history)
        if output is not None:
            _refuse_to_overwrite(files, output, force)
        result = calibration.calibrate_by_minute(files, series, k)
        for notice in notices:
            print(notice, file=sys.stderr)

        from tiktok_earnings.render.calibration import MinuteCalibrationView, minute_engagement_yaml

        block = None if output is None or result.fit is None else minute_engagement_yaml(result, output.name)
        _finish(result, MinuteCalibrationView(saved_to=None if output is None else str(output)), output_format, output, block,
                force)


def _finish(result: Any, view: Any, output_format: ListFormat, output: Path | None, block: str | None, force: bool) -> None:
    """Write the engagement: block (when there is a fit and -o), show the result, and end as the fit went."""
    from tiktok_earnings.render.output import render

    if output is not None and block is not None:
        _write(output, block, force)
    show(render(view, result, output_format.to_format()))
    if result.fit is None:
        no_fit = Problem("tiktok-earnings calibrate", None, f"no fit: {result.no_fit}", result.no_fit_hint)
        raise ToolError(problems=[no_fit], exit_code=ExitCode.EXPECTATION_FAILED)
    if output is not None:
        print(f"Wrote {output}: use it with `extends:` in a scenario, or paste its engagement: block into one.",
              file=sys.stderr)


def _refuse_to_overwrite(files: tuple[str, ...], output: Path, force: bool) -> None:
    """Before any work: -o may not be a history file, a folder, or (without --force) a file that exists."""
    target = os.path.realpath(output)
    if any(os.path.realpath(path) == target for path in files):
        raise BadParameter(f"{output} is one of the history files; choose another path", param_hint="'--output'")
    if output.is_dir():
        raise BadParameter(f"{output} is a folder; give a file name, e.g. {output / 'engagement.yaml'}",
                                 param_hint="'--output'")
    if output.exists() and not force:
        raise ToolError(f"{output} already exists", "give another -o file, or add --force to replace it")


def _write(path: Path, text: str, force: bool) -> None:
    from tiktok_earnings.atomic import atomic_writer
    from tiktok_earnings.errors import ReportWriteError

    try:
        with atomic_writer(path, force) as stream:
            stream.write(text)
    except ReportWriteError as error:
        raise error.as_problem("the engagement block") from None
