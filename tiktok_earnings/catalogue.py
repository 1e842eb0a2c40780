"""The gift catalogue: TikTok's gifts with their ids, coin prices and the date of each price.

The data lives in data/gifts.csv (see its header for the sources). One name can have several
prices under several ids (TikTok Universe was 34,999 coins in Sept 2023 and 44,999 from Dec 2023),
so an entry carries its id and its as-of date, and a name resolves to the price in the newest list.
"""

import csv
from functools import cache
from pathlib import Path
from typing import NamedTuple

from tiktok_earnings.errors import ToolError

DATA_FILE = Path(__file__).parent / "data" / "gifts.csv"


class Gift(NamedTuple):
    gift_id: int
    name: str
    coins: int
    streakable: bool | None  # None where the source does not say
    as_of: str  # YYYY-MM-DD of the list the price comes from; "" for the undated community list
    source: str


class GiftLookupError(ToolError, LookupError):
    """A name or id that does not pick exactly one gift; the message says why, the hint what to do."""


def normalise(name: str) -> str:
    """The form names are compared in: case, spaces, hyphens and underscores do not matter."""
    return "".join(ch for ch in name.casefold() if ch not in " \t-_")


class Catalogue:
    def __init__(self, gifts: list[Gift]) -> None:
        self.gifts = gifts
        self.by_id = {gift.gift_id: gift for gift in gifts}
        self.by_name: dict[str, list[Gift]] = {}
        for gift in gifts:
            self.by_name.setdefault(normalise(gift.name), []).append(gift)

    def find(self, name: str | None, gift_id: int | None = None) -> Gift:
        """The gift a scenario means by `name` and/or `gift_id`; GiftLookupError if none or unclear."""
        if name is None:
            if gift_id in self.by_id:
                return self.by_id[gift_id]
            raise GiftLookupError(f"unknown gift_id {gift_id}", "check the id, or give the gift's name instead")
        candidates = self.by_name.get(normalise(name))
        if not candidates:
            from tiktok_earnings.errors import did_you_mean

            names = sorted({gift.name for gift in self.gifts})
            hint = did_you_mean(name, names, normalise) or "list the catalogue with `tiktok-earnings gifts`"
            hint += " If it is not in the catalogue, write it as `name:` with its `coins:` price."
            raise GiftLookupError(f"unknown gift '{name}'", hint)
        if gift_id is not None:
            for gift in candidates:
                if gift.gift_id == gift_id:
                    return gift
            raise GiftLookupError(
                f"gift '{name}' has no gift_id {gift_id}", "use one of: " + _describe(candidates)
            )
        newest = max(gift.as_of for gift in candidates)
        current = [gift for gift in candidates if gift.as_of == newest]
        if len({gift.coins for gift in current}) > 1:
            listed = f"the {newest} list" if newest else "the catalogue"
            raise GiftLookupError(
                f"gift '{name}' has several prices in {listed}",
                "add `gift_id:` to pick one: " + _describe(current),
            )
        return min(current, key=lambda gift: gift.gift_id)


def _describe(gifts: list[Gift]) -> str:
    return ", ".join(f"{gift.gift_id} ({gift.coins} coins{', ' + gift.as_of if gift.as_of else ''})" for gift in gifts)


@cache
def load_catalogue(path: Path = DATA_FILE) -> Catalogue:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        gifts = [
            Gift(
                gift_id=int(row["gift_id"]),
                name=row["name"],
                coins=int(row["coins"]),
                streakable={"yes": True, "no": False}.get(row["streakable"]),
                as_of=row["as_of"],
                source=row["source"],
            )
            for row in rows
        ]
    return Catalogue(gifts)
