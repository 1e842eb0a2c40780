"""`compare`: scenarios side by side, each figure with its difference to the first scenario's."""

import sys
from typing import TYPE_CHECKING, Annotated

from tiktok_earnings.cli import (
    AllowOutsideOption,
    DebugOption,
    ExportOption,
    OutputFormat,
    app,
    errors_handled,
    export_needs_table,
    show,
)
from tiktok_earnings.cli.app import Argument, BadParameter, Exit, Option
from tiktok_earnings.cli.help import examples
from tiktok_earnings.errors import ExitCode, Problem, ToolError

if TYPE_CHECKING:
    from tiktok_earnings.whatif.compare import Comparison


@app.command(section="What if",
    help="Show scenarios side by side: the settings that differ, then every figure, with its difference to the first"
         " scenario in money and in percent.\n\n"
         "Money is compared only between scenarios reported in the same currency as the first: another currency's money"
         " is shown but not compared, with a warning on stderr. `expect:` bounds are not checked here (use `run`).",
    epilog=examples(
        "tiktok-earnings compare configs/compare/",
        "tiktok-earnings compare app-coins.yaml web-coins.yaml --export comparison.svg",
        "tiktok-earnings compare before.yaml after.yaml -f markdown >> \"$GITHUB_STEP_SUMMARY\"",
        "tiktok-earnings compare before.yaml after.yaml -f csv > comparison.csv",
    ) + "\n\n"
    "Exit codes: 0 compared; 2 usage or input error (fewer than two scenarios, or a file that cannot be"
    " computed: each problem is printed on stderr as `file:line: what is wrong — what to do`, and nothing is"
    " compared); 3 internal error (a bug: rerun with --debug and report it); 130 interrupted.",
)
def compare(
    paths: Annotated[
        list[str],
        Argument("PATH", files=True,
                 help="Two or more scenario files, the first being the one the others are compared with;"
                      " a folder or a quoted glob pattern adds its files in sorted order."),
    ],
    output_format: Annotated[
        OutputFormat,
        Option("--format", "-f", metavar="FORMAT",
               help="table for people; json, csv or markdown for scripts and CI (on stdout)."),
    ] = OutputFormat.table,
    export: ExportOption = None,
    allow_outside: AllowOutsideOption = False,
    debug: DebugOption = False,
) -> None:
    format_ = output_format.to_format()
    export_needs_table(export, format_)
    with errors_handled(debug):
        from tiktok_earnings import batch

        files: list[str] = []
        problems: list[Problem] = []
        for path in paths:  # in the order given: the first scenario is the one compared with
            found, unmatched = batch.collect([path])
            files += found
            problems += unmatched
        if len(files) + len(problems) < 2:
            raise BadParameter("give at least two scenario files: the first, and one to compare with it",
                                     param_hint="PATH")
        cache = batch.DocumentCache(batch.roots(paths), anywhere=allow_outside)  # as `run` of the same paths
        outcomes = [batch.evaluate(path, cache) for path in files]
        problems += [problem for outcome in outcomes for problem in outcome.problems]
        if problems:  # a comparison without one of its scenarios, or against another first, would mislead
            nothing = Problem("compare", None, "nothing compared", "fix the problems above and rerun")
            raise ToolError(problems=[*problems, nothing])

        from tiktok_earnings.render.compare import ComparisonView
        from tiktok_earnings.render.output import render
        from tiktok_earnings.whatif.compare import compare as compare_reports

        comparison = compare_reports([outcome.report for outcome in outcomes if outcome.report is not None])
        for warning in comparison.warnings:
            print(warning, file=sys.stderr)
        show(render(ComparisonView(), comparison, format_), export, lambda kind: _export(comparison, kind))
        raise Exit(ExitCode.OK)


def _export(comparison: "Comparison", suffix: str) -> str:
    from tiktok_earnings.render.export import Kind, comparison_document

    return comparison_document(comparison, Kind(suffix))
