"""The gift catalogue, as a table for people or JSON for scripts, with what the creator gets per gift.

What the creator gets per gift is shown exactly ($0.005 for a Rose at the default rates), not
rounded to cents: rounded, a Rose would read as $0.01 and a hundred of them as a dollar. Rich is loaded by the
table alone, so `--format json` never loads it.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings.catalogue import STALE_BEFORE, Gift, is_stale
from tiktok_earnings.escape import csv_cell, snippet
from tiktok_earnings.numbers import plain
from tiktok_earnings.rates import CoinRates
from tiktok_earnings.render.json_text import SCHEMA_VERSION, document
from tiktok_earnings.render.output import Format, Output, View

if TYPE_CHECKING:
    from rich.console import Group

STREAKABLE = {True: "yes", False: "no", None: "unknown"}


def exact_money(value: Decimal) -> str:
    """Dollars exactly, with at least two decimals and thousands separators: $149.995, $5.00, $1,234.50."""
    exact = Decimal(plain(value))
    places = max(2, -int(exact.as_tuple().exponent))
    return f"${exact:,.{places}f}"


def creator_gets(gift: Gift, rates: CoinRates) -> Decimal:
    return gift.coins * rates.creator_per_coin


def identity(gift: Gift) -> str:
    """`id 6369`, `no id` (an entry only a list without ids knows), with `, retired` where it is."""
    return ("no id" if gift.gift_id is None else f"id {gift.gift_id}") + (", retired" if gift.retired else "")


SOURCE_LABELS = {"tiktok-list": "TikTok", "giftsgenerator": "generator", "community": "community", "streamtoearn": "scrape"}


def source_of(gift: Gift) -> str:
    """`TikTok 2024-01-05`: the list the entry comes from (in short) and its date."""
    return f"{SOURCE_LABELS.get(gift.source, gift.source)} {gift.as_of or 'undated'}"


def describe_filter(search: str | None, min_coins: int | None, max_coins: int | None, stale: bool = False) -> str:
    """`matching 'lion', 100 to 1,000 coins`, or "" when nothing filters the catalogue."""
    parts = [f"matching '{snippet(search)}'"] if search else []
    if min_coins is not None and max_coins is not None:
        parts.append(f"{min_coins:,} to {max_coins:,} coins")
    elif min_coins is not None:
        parts.append(f"{min_coins:,} coins or more")
    elif max_coins is not None:
        parts.append(f"{max_coins:,} coins or fewer")
    if stale:
        parts.append(f"stale (not in the {STALE_BEFORE} list at that price)")
    return ", ".join(parts)


def gifts_table(gifts: list[Gift], total: int, rates: CoinRates, filters: str = "") -> "Group":
    """One row per gift, then how the creator's share was computed and where the prices come from."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from tiktok_earnings.render.fit import Fitted

    title = f"Gifts: {len(gifts)} of {total}" + (f", {filters}" if filters else "")
    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
    table.add_column("Gift", style="bold", overflow="fold")
    table.add_column("Id", justify="right")
    table.add_column("Coins", justify="right")
    table.add_column("Streaks")
    table.add_column("Source")
    table.add_column("Listed")
    table.add_column("Creator gets", justify="right")
    for gift in gifts:
        name = gift.name + (f" ({gift.status})" if gift.status else "")
        table.add_row(name, "—" if gift.gift_id is None else str(gift.gift_id), f"{gift.coins:,}",
                      STREAKABLE[gift.streakable], source_of(gift), gift.last_listed or "undated",
                      exact_money(creator_gets(gift, rates)))
    if not gifts:
        return Group(Text(title, style="italic"), Text("No gift matches: try a shorter search or a wider coin range.",
                                                       style="dim"))
    diamonds = f"{plain(rates.diamonds_per_coin)} {'diamond' if rates.diamonds_per_coin == 1 else 'diamonds'} per coin"
    notes = Text(
        f"Creator gets: coins × ${plain(rates.creator_per_coin)} (preset {rates.preset}: {diamonds}"
        f" at ${plain(rates.payout_per_diamond)} each), before agency, fees and tax; exact, not rounded.\n"
        "Source: the list the entry comes from, and its date (TikTok: TikTok's own gift list; generator: TikTok's"
        " merged with community scrapes; community: undated; scrape: a third-party scrape, no ids)."
        " Listed: the newest list showing the name at that price. In a scenario a name means its most recently"
        " listed entry, never a retired one; where that list has several prices, `coins:` or `gift_id:` picks one.",
        style="dim",
    )
    return Group(Fitted(table), notes)


def gift_row(gift: Gift, rates: CoinRates) -> dict[str, object]:
    """One gift as JSON and CSV give it: None where the catalogue has nothing."""
    return {
        "name": gift.name,
        "gift_id": gift.gift_id,
        "coins": gift.coins,
        "streakable": gift.streakable,
        "as_of": gift.as_of or None,
        "source": gift.source,
        "last_listed": gift.last_listed or None,
        "status": gift.status or None,
        "stale": is_stale(gift),
        "creator_gets": plain(creator_gets(gift, rates)),
    }


def gifts_json(gifts: list[Gift], rates: CoinRates) -> str:
    rows = [gift_row(gift, rates) for gift in gifts]
    return document({"schema_version": SCHEMA_VERSION, "preset": rates.preset, "creator_per_coin": plain(rates.creator_per_coin),
                     "gifts": rows}, indent=2)


def gifts_csv(gifts: list[Gift], rates: CoinRates) -> str:
    """A header, then a row per gift: gift_row()'s fields, then the preset its creator_gets is at. Empty where
    JSON has null, true/false as JSON writes them; names are made safe for spreadsheets (escape.csv_cell)."""
    import csv
    import io

    def cell(value: object) -> object:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return csv_cell(value) if isinstance(value, str) else value

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    rows = [gift_row(gift, rates) | {"preset": rates.preset} for gift in gifts]
    writer.writerow(rows[0] if rows else [*gift_row(Gift(None, "", 0, None, "", ""), rates), "preset"])  # the header
    writer.writerows([cell(value) for value in row.values()] for row in rows)
    return buffer.getvalue()


class GiftList(NamedTuple):
    """What `gifts` found: the gifts, out of how many, at which rates, and the filters in words."""

    gifts: list[Gift]
    total: int
    rates: CoinRates
    filters: str = ""


class GiftListView(View[GiftList, Output]):
    formats = (Format.table, Format.json, Format.csv)

    def table(self, result: GiftList) -> Output:
        return gifts_table(result.gifts, result.total, result.rates, result.filters)

    def json(self, result: GiftList) -> Output:
        return gifts_json(result.gifts, result.rates)

    def csv(self, result: GiftList) -> Output:
        return gifts_csv(result.gifts, result.rates)
