"""A conversion, as a small table for people or JSON for scripts.

Money is shown rounded half-up to cents, with the exact figure beside it when rounding changed it;
coins are whole and diamonds exact. When the coins had to be rounded to whole coins, a note says
which way and why. Rich is loaded by the table alone, so `--format json` never loads it.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from tiktok_earnings.convert import Conversion, Figure, per_coin
from tiktok_earnings.numbers import plain, round_half_up
from tiktok_earnings.rates import CoinRates
from tiktok_earnings.render.catalogue import exact_money, identity
from tiktok_earnings.render.json_text import SCHEMA_VERSION, document
from tiktok_earnings.render.output import Output, View

if TYPE_CHECKING:
    from rich.console import ConsoleRenderable

MONEY_UNITS = ("usd", "creator")
MONEY_NOTES = {"usd": "usd is what viewers pay", "creator": "creator is what the creator is paid, before agency, fees and tax"}


def shown(figure: Figure) -> str:
    """The figure as displayed: whole coins, exact diamonds, money in cents."""
    if figure.unit == "coins":
        return f"{int(figure.value):,}"
    if figure.unit == "diamonds":
        return f"{Decimal(plain(figure.value)):,f}"
    from tiktok_earnings.render.table import money

    return money(round_half_up(figure.value), "USD")


def given(conversion: Conversion) -> str:
    """The amount converted, in words: `1,000 coins`, `$50.00 paid by viewers`, `Lion (id 6369): 29,999 coins`."""
    amount, unit, gift = conversion.amount, conversion.unit, conversion.gift
    if gift is not None:
        return f"{gift.name} ({identity(gift)}): {int(amount):,} coins"
    if unit == "coins":
        return f"{int(amount):,} coins"
    if unit == "diamonds":
        return f"{Decimal(plain(amount)):,f} diamonds"
    return f"{exact_money(amount)} {'paid by viewers' if unit == 'usd' else 'paid to the creator'}"


def _how(figure: Figure, conversion: Conversion) -> str:
    rates, gift = conversion.rates, conversion.gift
    if figure.given and gift is not None:
        dated = f", {gift.as_of} list" if gift.as_of else ", undated community list"
        how = f"the price of one {gift.name} ({identity(gift)}{dated})"
    elif figure.given:
        how = "given"
    elif figure.unit == "coins":
        rounded = {"down": "rounded down to whole coins", "up": "rounded up to whole coins"}.get(conversion.rounding)
        how = rounded or f"at {_rate(conversion.unit, rates)}"
    else:
        how = {
            "diamonds": _rate("diamonds", rates),
            "usd": f"viewers pay {_rate('usd', rates)}",
            "creator": f"the creator is paid {_rate('creator', rates)}",
        }[figure.unit]
    if figure.unit in MONEY_UNITS and round_half_up(figure.value) != figure.value:
        how += f" (exactly {exact_money(figure.value)})"
    return how


def _rate(unit: str, rates: CoinRates) -> str:
    """What one coin is in `unit`: `$0.0133 per coin`, `0.5 diamonds per coin`."""
    value = per_coin(rates, unit)
    if unit == "diamonds":
        return f"{plain(value)} {'diamond' if value == 1 else 'diamonds'} per coin"
    return f"${plain(value)} per coin"


def rounding_note(conversion: Conversion) -> str:
    """Why the coins were rounded, and which way; "" when they were not."""
    if not conversion.rounding:
        return ""
    exact = f"{round_half_up(conversion.coins_exact):,}"
    if conversion.rounding == "down":
        return (f"Coins are bought whole: {given(conversion)} buys {exact} coins, rounded down to {conversion.coins:,};"
                f" the computed figures are for {conversion.coins:,} coins.")
    return (f"Coins are gifted whole: {given(conversion)} takes {exact} coins, rounded up to {conversion.coins:,}"
            f" (the fewest that give at least that much); the computed figures are for {conversion.coins:,} coins.")


def conversion_table(conversion: Conversion) -> "ConsoleRenderable":
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from tiktok_earnings.render.fit import Fitted

    heading = Text()
    heading.append(given(conversion), style="bold")
    heading.append(f"  at preset {conversion.rates.preset}", style="dim")
    table = Table(box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("unit", style="bold")
    table.add_column("amount", justify="right")
    table.add_column("how", style="dim", overflow="fold")
    for figure in conversion.figures:
        table.add_row(figure.unit, shown(figure), _how(figure, conversion))
    money_notes = [MONEY_NOTES[figure.unit] for figure in conversion.figures if figure.unit in MONEY_NOTES]
    notes = [rounding_note(conversion), "; ".join(money_notes) + "." if money_notes else ""]
    text = "\n".join(note for note in notes if note)
    fitted = Fitted(table)
    return Group(heading, fitted, Text(text, style="dim")) if text else Group(heading, fitted)


def conversion_json(conversion: Conversion) -> str:
    gift = conversion.gift
    rates = conversion.rates
    return document({
        "schema_version": SCHEMA_VERSION,
        "preset": rates.preset,
        "rates": {
            "viewer_price_per_coin": plain(rates.viewer_price_per_coin),
            "diamonds_per_coin": plain(rates.diamonds_per_coin),
            "payout_per_diamond": plain(rates.payout_per_diamond),
        },
        "amount": plain(conversion.amount),
        "unit": conversion.unit,
        "gift": None if gift is None else {"name": gift.name, "gift_id": gift.gift_id, "coins": gift.coins,
                                           "as_of": gift.as_of or None},
        "coins": conversion.coins,
        "rounding": conversion.rounding or None,
        "values": {figure.unit: _json_value(figure) for figure in conversion.figures},
        "exact": {figure.unit: plain(figure.value) for figure in conversion.figures},
    }, indent=2)


def _json_value(figure: Figure) -> object:
    if figure.unit == "coins":
        return int(figure.value)
    if figure.unit == "diamonds":
        return plain(figure.value)
    return str(round_half_up(figure.value))


class ConversionView(View[Conversion, Output]):
    def table(self, result: Conversion) -> Output:
        return conversion_table(result)

    def json(self, result: Conversion) -> Output:
        return conversion_json(result)
