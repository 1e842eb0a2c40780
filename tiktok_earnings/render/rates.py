"""The coin-rate presets and the reward programs, as a table for people or JSON for scripts."""

from typing import TYPE_CHECKING

from tiktok_earnings.numbers import plain
from tiktok_earnings.rates import Preset
from tiktok_earnings.render.json_text import SCHEMA_VERSION, document
from tiktok_earnings.render.output import Output, View
from tiktok_earnings.rewards import face_value, load_programs

if TYPE_CHECKING:
    from rich.console import Group


def presets_table(presets: dict[str, Preset]) -> "Group":
    """The figures side by side, then each preset's source in full below them."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from tiktok_earnings.render.fit import Fitted

    table = Table(box=box.SIMPLE_HEAD, title="Coin-rate presets (USD)", title_justify="left")
    table.add_column("Preset", style="bold")
    table.add_column("Viewer pays per coin", justify="right")
    table.add_column("Diamonds per coin", justify="right")
    table.add_column("Paid per diamond", justify="right")
    table.add_column("Creator gets per coin", justify="right")
    table.add_column("As of")
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
    usage = Text("Use one in a scenario with `coin_rates: {preset: NAME}`; any figure can be overridden there.\n",
                 style="dim")
    programs = Table(box=box.SIMPLE_HEAD, title=f"Reward programs (a diamond's face value: ${plain(face_value())})",
                     title_justify="left")
    programs.add_column("Program", style="bold")
    programs.add_column("Where", overflow="fold")
    programs.add_column("Since")
    programs.add_column("The creator gets", overflow="fold")
    program_sources = Text()
    for name, program in load_programs().items():
        programs.add_row(name, program.where, program.since, program.about)
        program_sources.append(f"{name}: ", style="bold")
        program_sources.append(f"{program.source} (as of {program.as_of})\n")
    rewards_usage = Text("Use one in a scenario with `rewards: {program: NAME}`: it replaces `payout_per_diamond`;"
                         " the rules, points and thresholds are in data/reward_rules.csv.", style="dim")
    return Group(Fitted(table), Text("Sources", style="bold"), sources, usage, Fitted(programs), Text("Sources", style="bold"),
                 program_sources, rewards_usage)


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
    programs = [program._asdict() for program in load_programs().values()]
    return document({"schema_version": SCHEMA_VERSION, "presets": rows, "reward_programs": programs,
                     "diamond_face_value_usd": plain(face_value())}, indent=2)


class PresetsView(View[dict[str, Preset], Output]):
    def table(self, result: dict[str, Preset]) -> Output:
        return presets_table(result)

    def json(self, result: dict[str, Preset]) -> Output:
        return presets_json(result)
