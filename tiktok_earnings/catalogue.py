"""The gift catalogue: TikTok's gifts with their ids, coin prices and the date of each price.

The data lives in data/gifts.csv (see its header for the sources). One name can have several
prices under several ids (TikTok Universe was 34,999 coins in Sept 2023 and 44,999 from Dec 2023),
so an entry carries its id (none for a gift only the 2026 list, which has no ids, knows), its source
and date, and the newest list that shows it. A name means its entry the newest list shows, never a
retired one; where that list has several prices, `coins:` or `gift_id:` picks one (Catalogue.find).
"""

import csv
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

from tiktok_earnings.errors import ToolError

DATA_FILE = Path(__file__).parent / "data" / "gifts.csv"


class Gift(NamedTuple):
    gift_id: int | None  # None for an entry only a list without ids knows (the 2026-10-05 snapshot)
    name: str
    coins: int
    streakable: bool | None  # None where the source does not say
    as_of: str  # YYYY-MM-DD of the list the entry comes from; "" for the undated community list
    source: str  # that list: tiktok-list, giftsgenerator, community or streamtoearn (see data/gifts.csv)
    last_listed: str = ""  # the newest list date that shows this name at this price; "" if only undated
    status: str = ""  # "" (in use), "retired" (never a name's default) or "seasonal"

    @property
    def retired(self) -> bool:
        return self.status == "retired"


STALE_BEFORE = "2026-10-05"  # the newest list: an entry it does not show at its price is stale


def is_stale(gift: Gift) -> bool:
    """Only the old lists know this name at this price: the newest one no longer shows it."""
    return gift.last_listed < STALE_BEFORE


class GiftLookupError(ToolError, LookupError):
    """A name or id that does not pick exactly one gift; the message says why, the hint what to do.

    Where a name has several prices, `prices` holds them and `choices` says them with their ids
    (`1999 coins (gift_id 6834), ...`), for a hint in another setting's words (`convert`'s).
    """

    def __init__(self, message: str, hint: str, choices: str = "", prices: tuple[int, ...] = ()) -> None:
        super().__init__(message, hint)
        self.choices = choices
        self.prices = prices


def normalise(name: str) -> str:
    """The form names are compared in: case, spaces, hyphens and underscores do not matter, nor ’ for '."""
    # replace() rather than translate(): about four times as quick, and every name in the catalogue is normalised
    # each time it is loaded
    return name.casefold().replace(" ", "").replace("\t", "").replace("-", "").replace("_", "").replace("\u2019", "'")


def _preference(gift: Gift) -> tuple[str, bool, str, bool, int]:
    """Which of a name's entries a scenario means by default: the most recently listed; at one price, the
    id TikTok's own newest list has, then any id (the lowest), then an entry without one."""
    return gift.last_listed, gift.source == "tiktok-list", gift.as_of, gift.gift_id is not None, -(gift.gift_id or 0)


class Catalogue:
    """The gifts in the data file's order (`gifts`), by id (`by_id`) and by normalised name (`by_name`, `named`).

    Read from the data file (`from_lines`), an entry is made a Gift only when it is asked for, and its line is
    read as CSV only then: a scenario names a few gifts of two thousand, and reading every line took about as
    long as PyYAML's import (the line's name is found without the csv module where it has no quote).
    """

    def __init__(self, gifts: list[Gift]) -> None:
        self._made: list[Gift | None] = list(gifts)
        self._lines: list[str] = []  # the data file's lines, for the entries not made yet (None in _made)
        self._keys = _normalised([gift.name for gift in gifts])  # each entry's name, normalised, in order

    @classmethod
    def from_lines(cls, lines: list[str]) -> "Catalogue":
        """The catalogue of the data file's lines after its header, each a row in its columns (Gift._fields)."""
        catalogue = cls([])
        catalogue._made, catalogue._lines = [None] * len(lines), lines
        catalogue._keys = _normalised([_row(line)[1] if '"' in line else line.split(",", 2)[1] for line in lines])
        return catalogue

    def _gift(self, position: int) -> Gift:
        gift = self._made[position]
        if gift is None:
            gift_id, name, coins, streakable, as_of, source, last_listed, status = _row(self._lines[position])
            gift = self._made[position] = Gift(int(gift_id) if gift_id else None, name, int(coins),
                                               STREAKABLE.get(streakable), as_of, source, last_listed, status)
        return gift

    def named(self, name: str) -> list[Gift]:
        """Every entry for `name`, spelt any way normalise() takes as the same, in the data file's order."""
        return [self._gift(position) for position in _positions(self._keys, normalise(name))]

    @cached_property
    def gifts(self) -> list[Gift]:
        return [self._gift(position) for position in range(len(self._made))]

    @cached_property
    def by_id(self) -> dict[int, Gift]:
        return {gift.gift_id: gift for gift in self.gifts if gift.gift_id is not None}

    @cached_property
    def by_name(self) -> dict[str, list[Gift]]:
        named: dict[str, list[Gift]] = {}
        for position, key in enumerate(self._keys):
            named.setdefault(key, []).append(self._gift(position))
        return named

    def find(self, name: str | None, gift_id: int | None = None, coins: int | None = None) -> Gift:
        """The gift a scenario means by `name`, `gift_id` and `coins`; GiftLookupError if none or unclear.

        `gift_id` picks any entry, a retired one too. Otherwise a name means its entry that the newest
        list shows, never a retired one; where that list shows it at several prices, `coins:` picks the
        entry at that price (where there is none, `coins:` only overrides the price).
        """
        if name is None:
            if gift_id in self.by_id:
                return self.by_id[gift_id]
            raise GiftLookupError(f"unknown gift_id {gift_id}", "check the id, or give the gift's name instead")
        candidates = self.named(name)
        if not candidates:
            from tiktok_earnings.errors import did_you_mean
            from tiktok_earnings.escape import snippet

            names = sorted({gift.name for gift in self.gifts})
            hint = did_you_mean(name, names, normalise) or "list the catalogue with `tiktok-earnings gifts`."
            hint += " If it is not in the catalogue, write it as `name:` with its `coins:` price."
            raise GiftLookupError(f"unknown gift '{snippet(name)}'", hint)
        if gift_id is not None:
            for gift in candidates:
                if gift.gift_id == gift_id:
                    return gift
            with_ids = [gift for gift in candidates if gift.gift_id is not None]
            if not with_ids:
                raise GiftLookupError(f"gift '{name}' has no gift_id in the catalogue",
                                      "drop `gift_id:`; `coins:` picks among its prices: " + describe_prices(candidates))
            raise GiftLookupError(f"gift '{name}' has no gift_id {gift_id}", "use one of: " + _describe(with_ids))
        in_use = [gift for gift in candidates if not gift.retired]
        if not in_use:
            retired = candidates[0]
            raise GiftLookupError(f"gift '{name}' is retired",
                                  f"add `gift_id: {retired.gift_id}` to use it anyway, or write `name:` with `coins:`")
        if coins is not None:
            priced = [gift for gift in in_use if gift.coins == coins]
            if priced:
                return max(priced, key=_preference)
        newest = max(gift.last_listed for gift in in_use)
        current = [gift for gift in in_use if gift.last_listed == newest]
        if len({gift.coins for gift in current}) > 1:
            listed = f"the {newest} list" if newest else "the catalogue"
            choices = describe_prices(current)
            raise GiftLookupError(f"gift '{name}' has several prices in {listed}",
                                  "add `coins:` with the price you mean, or `gift_id:`: " + choices, choices,
                                  tuple(sorted({gift.coins for gift in current})))
        return max(current, key=_preference)


def describe_prices(gifts: list[Gift]) -> str:
    """`1999 coins (gift_id 6834), 4999 coins (no gift_id)`: a name's prices and the ids that have each."""
    by_price: dict[int, list[int]] = {}
    for gift in sorted(gifts, key=lambda gift: gift.coins):
        by_price.setdefault(gift.coins, []).extend([] if gift.gift_id is None else [gift.gift_id])
    return ", ".join(f"{coins} coins (" + (f"gift_id {' or '.join(map(str, sorted(ids)))}" if ids else "no gift_id") + ")"
                     for coins, ids in by_price.items())


def _normalised(names: list[str]) -> list[str]:
    """normalise() of each name. The names are normalised joined, in one pass over their text: a call for each
    of two thousand names took about a millisecond more. normalise() changes each character on its own and never
    a line break, so the text splits back into the names, unless a name holds one."""
    keys = normalise("\n".join(names)).split("\n")
    return keys if len(keys) == len(names) else [normalise(name) for name in names]


def _positions(keys: list[str], key: str) -> list[int]:
    """Where `key` is in `keys`: list.index finds each in turn, as quick as a dict built at every load for a few
    lookups."""
    found: list[int] = []
    try:
        while True:
            found.append(keys.index(key, found[-1] + 1 if found else 0))
    except ValueError:
        return found


def _describe(gifts: list[Gift]) -> str:
    return ", ".join(f"{gift.gift_id} ({gift.coins} coins{', ' + gift.as_of if gift.as_of else ''})" for gift in gifts)


STREAKABLE = {"yes": True, "no": False}


@cache
def load_catalogue(path: Path = DATA_FILE) -> Catalogue:
    """The catalogue in the data file: lines starting with # (at its top) are its notes, then a header, one
    line for each entry. No value holds a line break (tests/test_catalogue.py reads the whole file as CSV)."""
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle.read().split("\n") if line and not line.startswith("#")]
    header = _row(lines[0]) if lines else []
    if header != list(Gift._fields):
        raise ValueError(f"{path}: columns {header}, expected {list(Gift._fields)}")
    return Catalogue.from_lines(lines[1:])


def _row(line: str) -> list[str]:
    """One line of the data file, read as CSV."""
    return next(csv.reader([line]))
