"""Look-ups that need no scenario: the coin-rate presets."""

import sys
from typing import Annotated

import typer

from tiktok_earnings.cli import ListFormat, app, console


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

        console().print(presets_table(presets))


