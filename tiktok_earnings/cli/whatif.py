"""`sweep` and `goal`: what if one input of a scenario were different?

The work is in whatif/ (fields, sweep, goal) and render/sweep.py (the views); this module parses the
arguments, prints, and chooses the exit code. A field or a range it cannot use is a usage error
(exit 2, saying what is wrong and what to do); a scenario file with problems prints each as
`file:line: what — what to do` on stderr (exit 2); a goal that cannot be reached prints why, on
stderr, and exits 1, like a failed expectation.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

from tiktok_earnings.cli import (
    AllowOutsideOption,
    DebugOption,
    ExportOption,
    ListFormat,
    RowsFormat,
    app,
    errors_handled,
    export_needs_table,
    show,
)
from tiktok_earnings.cli.app import Argument, Option
from tiktok_earnings.cli.help import examples
from tiktok_earnings.errors import ExitCode, ToolError

if TYPE_CHECKING:
    from tiktok_earnings.scenario.model import Scenario
    from tiktok_earnings.whatif.goal import Goal
    from tiktok_earnings.whatif.sweep import Sweep

FIELDS = "{fields}"  # where the sweep's epilog lists the fields, from the spec when the help is shown
FIELDS_HELP = (
    f"Fields: {FIELDS};"
    " a gift's count as gifts[N].count (N from 0, in the scenario's order) or gifts[NAME].count (case, spaces and"
    " hyphens ignored; quote it in the shell)."
)
ASSUMPTIONS_HELP = (
    "Assumptions, shown with every result: when viewers or minutes change, gift counts (and hearts) scale with"
    " viewer-minutes; when hearts change, gifts follow the hearts model, gifts × ((1 + h′/k) / (1 + h/k))^ε for"
    " the low, base and high ε, and hearts are worth $0 directly at every point; any other field is set in the"
    " scenario, which is computed as `run` would. Money is in the report currency, rounded as `run` rounds it."
)


ScenarioArgument = Annotated[str, Argument("SCENARIO", help="A scenario file (YAML).", files=True)]


SWEEP_EPILOG = (
    examples(
        "tiktok-earnings sweep configs/whatif-growing-stream.yaml --vary hearts=0..200000:21",
        "tiktok-earnings sweep configs/whatif-growing-stream.yaml --vary stream.average_viewers=50..2000:40",
        "tiktok-earnings sweep configs/friday-qa.yaml --vary coin_rates.viewer_price_per_coin=0.0106..0.0155:10",
        "tiktok-earnings sweep configs/friday-qa.yaml --vary 'gifts[Rose].count=0..1000' --format csv",
        "tiktok-earnings sweep configs/whatif-growing-stream.yaml --vary hearts=0..200000 --export hearts.svg",
    ) + "\n\n" + FIELDS_HELP + "\n\n" + ASSUMPTIONS_HELP + "\n\n"
    "Exit codes: 0 done; 2 usage or input error (a bad field or range, or a problem in the scenario file, printed"
    " on stderr); 3 internal error (a bug: rerun with --debug and report it)."
)


def _sweep_epilog() -> str:
    """Sweep's epilog with the fields it may vary, from the scenario's spec, read only when the help is shown:
    importing the spec (and the modules of its defaults) at start-up would slow every command."""
    from tiktok_earnings.scenario.spec import what_if_keys_text

    return SWEEP_EPILOG.replace(FIELDS, what_if_keys_text())


def _vary_fields() -> list[str]:
    """What --vary starts with, for a Tab: `FIELD=`, the range to be typed after it (a gift's count has its own N or NAME)."""
    from tiktok_earnings.whatif.fields import FIELDS

    return [f"{name}=" for name in FIELDS]


def _goal_fields() -> list[str]:
    """What --solve takes, for a Tab: the fields with one name (a gift's count is written with its own N or NAME)."""
    from tiktok_earnings.whatif.fields import GIFT_FIELDS
    from tiktok_earnings.whatif.goal import GOAL_FIELD_NAMES

    return [name for name in GOAL_FIELD_NAMES if name not in GIFT_FIELDS]


@app.command(section="What if", epilog=_sweep_epilog)
def sweep(
    scenario: ScenarioArgument,
    vary: Annotated[
        str,
        Option("--vary", metavar="FIELD=RANGE", show_default=False, complete=_vary_fields,
               help="The field to vary and its range, as FIELD=START..STOP[:STEPS]: STEPS evenly spaced values,"
                    " both ends included (default 11). Hearts and gift counts are rounded to whole numbers."),
    ],
    output_format: Annotated[
        RowsFormat,
        Option("--format", "-f", metavar="FORMAT",
               help="table (with a chart) for people; json or csv, one row per point, for scripts."),
    ] = RowsFormat.table,
    export: ExportOption = None,
    allow_outside: AllowOutsideOption = False,
    debug: DebugOption = False,
) -> None:
    """Vary one input of a scenario over a range and recompute it at each point.

    Shows a table and a chart of the creator net (for hearts: the base case, with the model's low–high band), or JSON or CSV.
    """
    format_ = output_format.to_format()
    export_needs_table(export, format_)
    with errors_handled(debug):
        from tiktok_earnings.render.output import render
        from tiktok_earnings.render.sweep import SweepView
        from tiktok_earnings.whatif import sweep as whatif

        spec = _checked(lambda: whatif.parse_vary(vary), option="--vary")
        loaded = _load(scenario, allow_outside)
        result = _checked(lambda: whatif.sweep(loaded, spec), option="--vary")
        show(render(SweepView(), result, format_), export, lambda kind: _export(result, kind))


@app.command(section="What if",
    epilog=examples(
        "tiktok-earnings goal configs/whatif-growing-stream.yaml --target-net 25 --solve stream.average_viewers",
        "tiktok-earnings goal configs/whatif-growing-stream.yaml --target-net 20 --solve hearts",
        "tiktok-earnings goal configs/friday-qa.yaml --target-net 200 --solve 'gifts[Rose].count' --format json",
        ("tiktok-earnings goal configs/friday-qa.yaml --target-net 300 --solve hearts --export goal.html",
         "a page with a chart of the net on the way to the target"),
    ) + "\n\n"
    "FIELD is stream.average_viewers, stream.duration_minutes, hearts, or a gift's count as gifts[N].count or"
    " gifts[NAME].count. The answer is a whole number (viewers and minutes at least 1). Viewers, minutes and gift"
    " counts are solved exactly (the net is linear in them), hearts by a binary search up to the hearts for h/k = 1000,"
    " far beyond the model's evidence (about h/k = 10). Either way the answer is checked by recomputing it (it reaches"
    " the target) and one step less (it does not), with the net rounded as `run` shows it. When the scenario already"
    " reaches the target, the answer is the least value that still does.\n\n"
    + ASSUMPTIONS_HELP + "\n\n"
    "Exit codes: 0 the target is reached at the answer; 1 it cannot be reached by changing FIELD (why is printed"
    " on stderr); 2 usage or input error; 3 internal error (a bug: rerun with --debug and report it).",
)
def goal(
    scenario: ScenarioArgument,
    target_net: Annotated[
        str,
        Option("--target-net", metavar="AMOUNT", show_default=False,
               help="The creator net to reach, in the scenario's report currency (payout.currency), e.g. 200."),
    ],
    solve: Annotated[
        str,
        Option("--solve", metavar="FIELD", show_default=False, complete=_goal_fields,
               help="What to change: stream.average_viewers, stream.duration_minutes, hearts or gifts[N].count."),
    ],
    output_format: Annotated[
        ListFormat, Option("--format", "-f", metavar="FORMAT", help="table for people; json for scripts.")
    ] = ListFormat.table,
    export: ExportOption = None,
    allow_outside: AllowOutsideOption = False,
    debug: DebugOption = False,
) -> None:
    """Find the smallest value of one input at which the creator net reaches a target.

    Says plainly when no value can reach it, and why: hearts alone make no money while gifts are zero, and the model is bounded.
    """
    format_ = output_format.to_format()
    export_needs_table(export, format_)
    with errors_handled(debug):
        from tiktok_earnings.render.output import render
        from tiktok_earnings.render.sweep import GoalView
        from tiktok_earnings.whatif import goal as whatif

        target = _checked(lambda: whatif.parse_target(target_net), option="--target-net")
        loaded = _load(scenario, allow_outside)
        field = _checked(lambda: whatif.goal_field(solve, loaded), option="--solve")
        result = whatif.solve(loaded, field, target)
        show(render(GoalView(), result, format_), export, lambda kind: _goal_export(result, kind))
        if not result.reached:
            from tiktok_earnings.render.sweep import unreachable

            raise ToolError(problems=[unreachable(result)], exit_code=ExitCode.EXPECTATION_FAILED)


def _load(path: str, allow_outside: bool) -> "Scenario":
    """The scenario, its bases read from its own folder (or anywhere); an InputError with every problem in it otherwise."""
    from tiktok_earnings.scenario.extends import DocumentCache
    from tiktok_earnings.scenario.reader import load_scenario

    return load_scenario(path, DocumentCache(anywhere=allow_outside))  # no roots: the scenario's own folder


T = TypeVar("T")


def _checked(compute: Callable[[], T], option: str) -> T:
    """compute(), with a field or value it refuses reported as a usage error of `option`."""
    from tiktok_earnings.whatif.fields import WhatIfError

    try:
        return compute()
    except WhatIfError as error:
        raise error.on_option(option) from None


def _export(sweep: "Sweep", suffix: str) -> str:
    from tiktok_earnings.render.export import Kind, sweep_document

    return sweep_document(sweep, Kind(suffix))


def _goal_export(goal: "Goal", suffix: str) -> str:
    from tiktok_earnings.render.export import Kind, goal_document

    return goal_document(goal, Kind(suffix))
