"""The coin-rate presets, as a table for people or JSON for scripts."""

from typing import TYPE_CHECKING

from tiktok_earnings.numbers import plain
from tiktok_earnings.rates import Preset
from tiktok_earnings.render.json_text import SCHEMA_VERSION, document
from tiktok_earnings.render.output import Output, View

if TYPE_CHECKING:
    from rich.console import Group


def presets_table(presets: dict[str, Preset]) -> "Group":
    """The figures side by side, then each preset's source in full below them."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, title="Coin-rate presets (USD)", title_justify="left")
    table.add_column("Preset", style="bold", no_wrap=True)
    table.add_column("Viewer pays per coin", justify="right")
    table.add_column("Diamonds per coin", justify="right")
    table.add_column("Paid per diamond", justify="right")
    table.add_column("Creator gets per coin", justify="right")
    table.add_column("As of", no_wrap=True)
    sources = Text()
    for name, preset in presets.items():
        rates = preset.rates
        table.add_row(
            name,
            f"${plain(rates.viewer_price_per_coin)}",
            plain(rates.diamonds_per_coin),
            f"${plain(rates.payout_per_diamond)}",
            f"${plain(rates.creator_per_coin)}",
            preset.as_of,
        )
        sources.append(f"{name}: ", style="bold")
        sources.append(preset.source + "\n")
    usage = Text("Use one in a scenario with `coin_rates: {preset: NAME}`; any figure can be overridden there.", style="dim")
    return Group(table, Text("Sources", style="bold"), sources, usage)


def presets_json(presets: dict[str, Preset]) -> str:
    rows = [
        {
            "preset": name,
            "viewer_price_per_coin": plain(p.rates.viewer_price_per_coin),
            "diamonds_per_coin": plain(p.rates.diamonds_per_coin),
            "payout_per_diamond": plain(p.rates.payout_per_diamond),
            "creator_per_coin": plain(p.rates.creator_per_coin),
            "as_of": p.as_of,
            "source": p.source,
        }
        for name, p in presets.items()
    ]
    return document({"schema_version": SCHEMA_VERSION, "presets": rows}, indent=2)


class PresetsView(View[dict[str, Preset], Output]):
    def table(self, result: dict[str, Preset]) -> Output:
        return presets_table(result)

    def json(self, result: dict[str, Preset]) -> Output:
        return presets_json(result)
