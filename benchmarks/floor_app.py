"""The framework floor: tiktok-earnings' command line with nothing behind it.

Same Typer app, commands, options, help texts and epilogs as `tiktok_earnings/cli.py`, but
the commands do nothing. Starting this costs what Typer itself costs (Python, Typer, Click,
and whatever they import), which is the least any Typer CLI with this interface can cost.
`benchmarks/startup.py` compares the real tool against it.

    python benchmarks/floor_app.py run X --format json
"""

from enum import StrEnum
from typing import Annotated

import typer

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
        print("tiktok-earnings floor")
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


@app.command(epilog="Example:\n\n  tiktok-earnings rates\n\n  tiktok-earnings rates --format json")
def rates(
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table for people; json for scripts.")
    ] = OutputFormat.table,
) -> None:
    """List the coin-rate presets (`coin_rates: preset:` in a scenario), with their sources and dates."""


if __name__ == "__main__":
    app(prog_name="tiktok-earnings")
