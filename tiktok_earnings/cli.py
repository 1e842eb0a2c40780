"""The command line: parses arguments, calls the core, prints what the renderers return.

This is the only module that turns errors into messages and exit codes. The core and the
renderers are imported inside the commands, so `--help` and `--version` stay quick and
`--format json` never loads Rich.
"""

import sys
from enum import StrEnum
from typing import Annotated

import typer

from tiktok_earnings import __version__

EXIT_OK = 0
EXIT_INPUT_ERROR = 2  # usage or input error: a bad argument or a bad scenario file
EXIT_INTERNAL_ERROR = 3  # a bug in tiktok-earnings

EXIT_CODES_HELP = (
    "Exit codes: 0 all good; 2 usage or input error (each problem is printed on stderr as"
    " `file:line: what is wrong — what to do`); 3 internal error (a bug: rerun with --debug and report it)."
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


@app.command(
    epilog="Examples:\n\n"
    "  tiktok-earnings run configs/friday-qa.yaml\n\n"
    "  tiktok-earnings run configs/friday-qa.yaml --format json | jq .scenarios[0].creator_net\n\n"
    + EXIT_CODES_HELP,
)
def run(
    scenarios: Annotated[list[str], typer.Argument(metavar="SCENARIO", help="Scenario YAML files.", show_default=False)],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table for people; json for scripts (on stdout).")
    ] = OutputFormat.table,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback for internal errors.")] = False,
) -> None:
    """Compute each scenario and show where the money went, and what hearts did."""
    with _errors_handled(debug):
        from tiktok_earnings.calculator import calculate
        from tiktok_earnings.errors import InputError
        from tiktok_earnings.report import rounded
        from tiktok_earnings.scenario import load_scenario

        reports, problems = [], []
        for path in scenarios:
            try:
                reports.append(rounded(calculate(load_scenario(path))))
            except InputError as error:
                problems.extend(error.problems)
        _print_problems(problems)
        if output_format is OutputFormat.json:
            from tiktok_earnings.render.json import render_json

            sys.stdout.write(render_json(reports))
        elif reports:
            from tiktok_earnings.render.table import breakdown

            console = _console()
            for report in reports:
                console.print(breakdown(report))
        raise typer.Exit(EXIT_INPUT_ERROR if problems else EXIT_OK)


@app.command(epilog="Example:\n\n  tiktok-earnings rates\n\n  tiktok-earnings rates --format json")
def rates(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table for people; json for scripts.")
    ] = OutputFormat.table,
) -> None:
    """List the coin-rate presets (`coin_rates: preset:` in a scenario), with their sources and dates."""
    from tiktok_earnings.rates import load_presets

    presets = load_presets()
    if output_format is OutputFormat.json:
        from tiktok_earnings.render.rates import presets_json

        sys.stdout.write(presets_json(presets))
    else:
        from tiktok_earnings.render.rates import presets_table

        _console().print(presets_table(presets))


def _console():
    import os

    from rich.console import Console

    console = Console()
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 100  # a pipe must not cut tables at 80 columns (Rich#1518)
    return console


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


class _errors_handled:
    """Turn an unexpected exception into one line and exit code 3; --debug re-raises it."""

    def __init__(self, debug: bool) -> None:
        self.debug = debug

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None or isinstance(error, (typer.Exit, typer.Abort, KeyboardInterrupt, SystemExit)):
            return False
        if self.debug:
            return False
        print(f"tiktok-earnings: internal error: {error!r} — this is a bug; rerun with --debug and report it",
              file=sys.stderr)
        raise typer.Exit(EXIT_INTERNAL_ERROR)


def main() -> None:
    app(prog_name="tiktok-earnings")
