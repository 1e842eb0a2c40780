"""The framework floor: tiktok-earnings' command line with nothing behind it.

Same Typer app, commands, arguments, options (names, types, defaults, metavars, help panels),
help texts and epilogs as the package `tiktok_earnings/cli/`, with the `--export` check that
Typer runs while parsing, but the commands do nothing. Starting this costs what Typer itself
costs (Python, Typer, Click, and whatever they import), which is the least any Typer CLI with
this interface can cost. `benchmarks/startup.py` compares the real tool against it. It imports
nothing from tiktok_earnings: keep it in step with `tiktok_earnings/cli/` by hand.

    python benchmarks/floor_app.py run X --format json
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

# tiktok_earnings/cli/__init__.py

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
        print("tiktok-earnings floor")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    pass


DebugOption = Annotated[bool, typer.Option("--debug", help="Show a traceback for internal errors.")]
EXPORT_SUFFIXES = (".svg", ".html")


def _check_export(path: Path | None) -> Path | None:
    if path is not None and path.suffix.lower() not in EXPORT_SUFFIXES:
        raise typer.BadParameter(f"'{path}' must end in .svg (a picture) or .html (a page)")
    return path


ExportOption = Annotated[
    Path | None,
    typer.Option("--export", metavar="FILE.svg|FILE.html", callback=_check_export, show_default=False,
                 help="Also save what the terminal shows, as a picture (.svg) or a web page (.html), for sharing."),
]

# tiktok_earnings/cli/run.py

PathsArgument = Annotated[
    list[str],
    typer.Argument(metavar="PATH", show_default=False,
                   help="Scenario files, LIVE recordings (.jsonl, from `record`), folders (searched recursively for"
                        " *.yaml, *.yml and *.jsonl) and quoted glob patterns."),
]


@app.command(rich_help_panel="Compute",
    epilog="Examples:\n\n"
    "  tiktok-earnings run configs/friday-qa.yaml\n\n"
    "  tiktok-earnings run configs/friday-qa.yaml --format json | jq .scenarios[0].creator_net\n\n"
    "  tiktok-earnings run scenarios/ --format markdown --junit report.xml\n\n"
    "  tiktok-earnings run 'scenarios/**/*.yaml' --shard 2/4 --format csv --output shard-2.csv\n\n"
    "  tiktok-earnings run stream.jsonl          (a LIVE recording: imported as `import` would, then computed)\n\n"
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
    export: ExportOption = None,
    debug: DebugOption = False,
) -> None:
    """Compute scenarios and show where the money went, and what hearts did.

    One file shows its full breakdown; several show a summary table with totals. Scenarios may carry `expect:` bounds on output fields; a missed bound fails the run with exit code 1. A .jsonl LIVE recording (from `record`) is imported as `import` would, then computed; its warnings (a streak still open at the end, a cut-off last line) go to stderr and do not change the exit code.
    """  # noqa: E501 - Typer keeps a docstring's line breaks in --help


@app.command(rich_help_panel="Compute",
    epilog="Examples:\n\n  tiktok-earnings validate configs/\n\n  tiktok-earnings validate 'scenarios/**/*.yaml'\n\n"
    "Exit codes: 0 every file is valid; 2 at least one is not (each problem is printed as `file:line: message`).",
)
def validate(paths: PathsArgument, debug: DebugOption = False) -> None:
    """Check scenario files (and .jsonl recordings) without computing them, and report every problem in every file."""


# tiktok_earnings/cli/whatif.py


class SweepFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FIELDS_HELP = (
    "Fields: hearts; stream.average_viewers; stream.duration_minutes; coin_rates.viewer_price_per_coin,"
    " .diamonds_per_coin, .payout_per_diamond; payout.agency_commission, .withdrawal_fee, .tax_rate, .fx_rate;"
    " a gift's count as gifts[N].count (N from 0, in the scenario's order) or gifts[NAME].count (case, spaces and"
    " hyphens ignored; quote it in the shell)."
)
ASSUMPTIONS_HELP = (
    "Assumptions, shown with every result: when viewers or minutes change, gift counts (and hearts) scale with"
    " viewer-minutes; when hearts change, gifts follow the hearts model, gifts × ((1 + h′/k) / (1 + h/k))^ε for"
    " the low, base and high ε, and hearts are worth $0 directly at every point; any other field is set in the"
    " scenario, which is computed as `run` would. Money is in the report currency, rounded as `run` rounds it."
)

ScenarioArgument = Annotated[str, typer.Argument(metavar="SCENARIO", show_default=False, help="A scenario file (YAML).")]


@app.command(rich_help_panel="What if",
    epilog="Examples:\n\n"
    "  tiktok-earnings sweep configs/whatif-growing-stream.yaml --vary hearts=0..200000:21\n\n"
    "  tiktok-earnings sweep configs/whatif-growing-stream.yaml --vary stream.average_viewers=50..2000:40\n\n"
    "  tiktok-earnings sweep configs/friday-qa.yaml --vary coin_rates.viewer_price_per_coin=0.0106..0.0155:10\n\n"
    "  tiktok-earnings sweep configs/friday-qa.yaml --vary 'gifts[Rose].count=0..1000' --format csv\n\n"
    "  tiktok-earnings sweep configs/whatif-growing-stream.yaml --vary hearts=0..200000 --export hearts.svg\n\n"
    + FIELDS_HELP + "\n\n" + ASSUMPTIONS_HELP + "\n\n"
    "Exit codes: 0 done; 2 usage or input error (a bad field or range, or a problem in the scenario file, printed"
    " on stderr); 3 internal error (a bug: rerun with --debug and report it).",
)
def sweep(
    scenario: ScenarioArgument,
    vary: Annotated[
        str,
        typer.Option("--vary", metavar="FIELD=START..STOP[:STEPS]", show_default=False,
                     help="The field to vary and its range: STEPS evenly spaced values, both ends included (default 11)."
                     " Hearts and gift counts are rounded to whole numbers."),
    ],
    output_format: Annotated[
        SweepFormat,
        typer.Option("--format", "-f", help="table (with a chart) for people; json or csv, one row per point, for scripts."),
    ] = SweepFormat.table,
    export: ExportOption = None,
    debug: DebugOption = False,
) -> None:
    """Vary one input of a scenario over a range and recompute it at each point.

    Shows a table and a chart of the creator net (for hearts: the base case, with the model's low–high band), or JSON or CSV.
    """


@app.command(rich_help_panel="What if",
    epilog="Examples:\n\n"
    "  tiktok-earnings goal configs/whatif-growing-stream.yaml --target-net 25 --solve stream.average_viewers\n\n"
    "  tiktok-earnings goal configs/whatif-growing-stream.yaml --target-net 20 --solve hearts\n\n"
    "  tiktok-earnings goal configs/friday-qa.yaml --target-net 200 --solve 'gifts[Rose].count' --format json\n\n"
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
        typer.Option("--target-net", metavar="AMOUNT", show_default=False,
                     help="The creator net to reach, in the scenario's report currency (payout.currency), e.g. 200."),
    ],
    solve: Annotated[
        str,
        typer.Option("--solve", metavar="FIELD", show_default=False,
                     help="What to change: stream.average_viewers, stream.duration_minutes, hearts or gifts[N].count."),
    ],
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="table for people; json for scripts.")] = (
        ListFormat.table
    ),
    debug: DebugOption = False,
) -> None:
    """Find the smallest value of one input at which the creator net reaches a target.

    Says plainly when no value can reach it, and why: hearts alone make no money while gifts are zero, and the model is bounded.
    """


# tiktok_earnings/cli/compare.py


@app.command(rich_help_panel="What if",
    help="Show scenarios side by side: the settings that differ, then every figure, with its difference to the first"
    " scenario in money and in percent.\n\n"
    "Money is compared only between scenarios reported in the same currency as the first: another currency's money"
    " is shown but not compared, with a warning on stderr. `expect:` bounds are not checked here (use `run`).",
    epilog="Examples:\n\n"
    "  tiktok-earnings compare configs/compare/\n\n"
    "  tiktok-earnings compare app-coins.yaml web-coins.yaml --export comparison.svg\n\n"
    "  tiktok-earnings compare before.yaml after.yaml -f markdown >> \"$GITHUB_STEP_SUMMARY\"\n\n"
    "  tiktok-earnings compare before.yaml after.yaml -f csv > comparison.csv\n\n"
    "Exit codes: 0 compared; 2 usage or input error (fewer than two scenarios, or a file that cannot be"
    " computed: each problem is printed on stderr as `file:line: what is wrong — what to do`, and nothing is"
    " compared); 3 internal error (a bug: rerun with --debug and report it); 130 interrupted.",
)
def compare(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", show_default=False,
                       help="Two or more scenario files, the first being the one the others are compared with;"
                            " a folder or a quoted glob pattern adds its files in sorted order."),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table for people; json, csv or markdown for scripts and CI (on stdout)."),
    ] = OutputFormat.table,
    export: ExportOption = None,
    debug: DebugOption = False,
) -> None:
    pass


# tiktok_earnings/cli/live.py


@app.command(rich_help_panel="Live streams",
    epilog="Examples:\n\n"
    "  tiktok-earnings record @creator --out stream.jsonl\n\n"
    "  tiktok-earnings record @creator -o stream.jsonl && tiktok-earnings run stream.jsonl\n\n"
    # The backslash keeps Rich from reading [live] as markup.
    "Stop with Ctrl-C; recording also stops when the LIVE ends. Needs TikTokLive: pip install 'tiktok-earnings\\[live]'."
    "\n\nExit codes: 0 the LIVE ended; 2 TikTokLive is missing, the creator is not LIVE or cannot be found, or the"
    " file cannot be written; 3 internal error (a bug: rerun with --debug and report it); 130 stopped with Ctrl-C"
    " (the recording so far is kept).",
)
def record(
    username: Annotated[str, typer.Argument(metavar="@USERNAME", show_default=False,
                                            help="The creator whose LIVE to record: @name, name or their LIVE's URL.")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE.jsonl", show_default=False,
                                      help="The recording to append to (created if missing).")],
    debug: DebugOption = False,
) -> None:
    """Record a TikTok LIVE's gifts, likes and viewer counts to a JSONL file, as they happen.

    Each event TikTokLive receives becomes one line, {"event": …, "received_at": …, "data": …}, written and flushed at once: a crash or Ctrl-C loses at most the event in flight. A summary (events, coins, hearts, viewers) is shown on stderr while it records. Turn the file into a scenario with `tiktok-earnings import`, or compute it directly with `tiktok-earnings run FILE.jsonl`.
    """  # noqa: E501 - Typer keeps a docstring's line breaks in --help


@app.command("import", rich_help_panel="Live streams",
    epilog="Examples:\n\n"
    "  tiktok-earnings import stream.jsonl -o stream.yaml\n\n"
    "  tiktok-earnings import configs/recorded-stream.jsonl            (the scenario on stdout)\n\n"
    "  tiktok-earnings run stream.jsonl                                (import and compute in one go)\n\n"
    "Exit codes: 0 done (warnings, such as a streak still open at the end, do not change it); 2 a bad line or"
    " file (each printed on stderr as `file:line: what is wrong — what to do`) or an -o file that exists; 3 internal"
    " error (a bug: rerun with --debug and report it).",
)
def import_(
    recording: Annotated[Path, typer.Argument(metavar="RECORDING.jsonl", show_default=False,
                                              help="A recording written by `tiktok-earnings record`.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE.yaml", show_default=False,
                                                help="Write the scenario to this file (atomically) instead of stdout.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the -o file if it exists.")] = False,
    debug: DebugOption = False,
) -> None:
    """Turn a LIVE recording into a scenario file that `run` computes.

    Gifts are counted as TikTokLive counts them: a streak once, on its final frame, at each event's own coin price; gifts in the catalogue are named as the catalogue names them, others become custom gifts. Hearts are the room's highest like total; viewers the time-weighted average of the viewer counts; the duration runs from the first event to the last. The file starts with a comment saying what was recorded, when, and what could not be known. Needs no TikTokLive.
    """  # noqa: E501 - Typer keeps a docstring's line breaks in --help


# tiktok_earnings/cli/calibrate.py

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


@app.command(rich_help_panel="What if",
    epilog="Examples:\n\n"
    "  tiktok-earnings calibrate configs/history-example.csv\n\n"
    "  tiktok-earnings calibrate configs/history-example.csv -o engagement.yaml\n\n"
    "  tiktok-earnings calibrate streams.csv scenarios/ 'recordings/*.jsonl' --format json | jq .calibration.fit\n\n"
    + HISTORY_HELP + "\n\n" + MODEL_HELP + "\n\n"
    "Exit codes: 0 fitted (read the warnings); 1 the data cannot support a fit (why is printed on stderr, and nothing is"
    " written); 2 usage or input error (each problem on stderr as `file:line: what is wrong — what to do`); 3 internal"
    " error (a bug: rerun with --debug and report it).",
)
def calibrate(
    history: Annotated[
        list[str],
        typer.Argument(metavar="HISTORY", show_default=False,
                       help="Past streams: CSV files, scenario files, .jsonl recordings, folders and quoted glob patterns."),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE.yaml", show_default=False,
                     help="Write the engagement: block to this file (atomically; an existing file is replaced), for"
                     " `extends:`. Without it, the block is printed after the report."),
    ] = None,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="table for people; json for scripts.")] = (
        ListFormat.table
    ),
    reference: Annotated[
        str | None,
        typer.Option("--reference", metavar="K", show_default=False,
                     help="The reference rate k in hearts per viewer-minute (default: the scenarios', else 1)."),
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Fit the hearts model's elasticity ε to your own past streams, and write it as an engagement: block.

    Reports ε with its standard error and 90% confidence interval, the streams used and R², what the fit means in plain words, and warnings where the data cannot support it.
    """  # noqa: E501 - Typer keeps a docstring's line breaks in --help


# tiktok_earnings/cli/reference.py

FormatOption = Annotated[ListFormat, typer.Option("--format", "-f", help="table for people; json for scripts.")]
PresetOption = Annotated[
    str, typer.Option("--preset", "-p", metavar="PRESET", help="The coin-rate preset to use (`tiktok-earnings rates`).")
]


@app.command(rich_help_panel="Look up", epilog="Examples:\n\n  tiktok-earnings rates\n\n  tiktok-earnings rates --format json")
def rates(
    output_format: FormatOption = ListFormat.table,
    debug: DebugOption = False,
) -> None:
    """List the coin-rate presets (`coin_rates: preset:` in a scenario), with their sources and dates."""


@app.command(rich_help_panel="Look up",
    epilog="Examples:\n\n"
    "  tiktok-earnings gifts                       every gift, cheapest first\n\n"
    "  tiktok-earnings gifts heart                 names containing 'heart' (also 'Hand Hearts', 'Heart Me')\n\n"
    "  tiktok-earnings gifts --min-coins 1000 --max-coins 5000 --preset two-coins-per-diamond\n\n"
    "  tiktok-earnings gifts lion --format json"
)
def gifts(
    search: Annotated[
        str | None,
        typer.Argument(metavar="SEARCH", show_default=False,
                       help="Part of a gift's name; case, spaces and hyphens don't matter, as in a scenario."),
    ] = None,
    min_coins: Annotated[
        int | None, typer.Option("--min-coins", min=0, metavar="N", help="Only gifts of at least N coins.")
    ] = None,
    max_coins: Annotated[
        int | None, typer.Option("--max-coins", min=0, metavar="N", help="Only gifts of at most N coins.")
    ] = None,
    preset: PresetOption = "default",
    output_format: FormatOption = ListFormat.table,
    debug: DebugOption = False,
) -> None:
    """List the gift catalogue, with what the creator gets per gift.

    Each gift's name, id, coin price, whether it streaks (is sent in combos), the date of the list its
    price comes from, and what the creator gets per gift under a coin-rate preset: exact, before
    agency, fees and tax. Cheapest first.
    """


@app.command(rich_help_panel="Look up",
    epilog="Examples:\n\n"
    "  tiktok-earnings convert 1000 coins                   in every unit\n\n"
    "  tiktok-earnings convert 50 usd --to coins            how many coins $50 buys\n\n"
    "  tiktok-earnings convert 100 creator --to coins       how many coins the creator must receive to be paid $100\n\n"
    "  tiktok-earnings convert Lion --to usd                what a Lion costs a viewer\n\n"
    "  tiktok-earnings convert 1000 coins --preset two-coins-per-diamond"
)
def convert(
    amount: Annotated[
        str, typer.Argument(metavar="AMOUNT", show_default=False,
                            help="A number (1000, 12.50, 1,000), or a gift's name, which means its price in coins.")
    ],
    unit: Annotated[
        str | None,
        typer.Argument(metavar="UNIT", show_default=False,
                       help="What AMOUNT counts: coins, diamonds, usd or creator. Not needed after a gift's name."),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="UNIT", show_default=False, help="Show only this unit (all four without it).")
    ] = None,
    preset: PresetOption = "default",
    gift_id: Annotated[
        int | None,
        typer.Option("--gift-id", metavar="ID", show_default=False,
                     help="With a gift's name: pick one entry where the name has several prices (as `gift_id:` in a scenario)."),
    ] = None,
    output_format: FormatOption = ListFormat.table,
    debug: DebugOption = False,
) -> None:
    """Convert between coins, diamonds, what viewers pay and what the creator is paid.

    Units: coins (as viewers buy and gift them, always whole); diamonds (credited to the creator);
    usd (US dollars viewers pay for the coins); creator (US dollars the creator is paid, before agency,
    fees and tax). Rates come from the preset.

    Coins are bought and gifted only whole, so every figure is for whole coins: coins bought with usd
    are rounded down (what the money buys); coins for diamonds or creator money are rounded up (the
    fewest that give at least that much), and the output says so. Arithmetic is exact; money is shown
    rounded half-up to cents, with the exact figure beside it when they differ.
    """


@app.command(rich_help_panel="Scenario files",
    epilog="Examples:\n\n"
    "  tiktok-earnings init                             writes scenario.yaml here\n\n"
    "  tiktok-earnings init scenarios/friday.yaml\n\n"
    "  tiktok-earnings init scenario.yaml --force       replaces an existing file"
)
def init(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="The file to write.")] = Path("scenario.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite PATH if it exists.")] = False,
    debug: DebugOption = False,
) -> None:
    """Write a starter scenario: every key explained in a comment, valid as written, ready to edit.

    Its first line points editors at `scenario.schema.json` beside it: create that with
    `tiktok-earnings schema > scenario.schema.json` for completion and checking as you type.
    An existing file is never overwritten without --force.
    """


@app.command(rich_help_panel="Scenario files",
    epilog="Examples:\n\n"
    "  tiktok-earnings schema > scenario.schema.json\n\n"
    "  Then, in a scenario file's first line:  # yaml-language-server: $schema=scenario.schema.json\n\n"
    '  or in VS Code settings:  "yaml.schemas": {"./scenario.schema.json": ["scenarios/**/*.yaml"]}'
)
def schema(debug: DebugOption = False) -> None:
    """Print the JSON Schema of the scenario format, for editors to complete and check scenario files.

    The schema (JSON Schema draft 2020-12) lets editors complete keys and check values as a scenario
    file is typed. It is generated from the reader's own keys, bounds, presets and gift catalogue. Some checks need the
    reader (a gift name in any spelling, one price per name, low <= base <= high): run
    `tiktok-earnings validate` for those.
    """


if __name__ == "__main__":
    app(prog_name="tiktok-earnings")
