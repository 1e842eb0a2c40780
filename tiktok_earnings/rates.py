"""Coin-rate presets: what a viewer pays per coin, and what a creator is paid per coin gifted.

Sources disagree (see the README), so every figure is a setting; the presets in
data/rate_presets.csv name theirs, with its date.
"""

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

from tiktok_earnings.numbers import parse_decimal

DATA_FILE = Path(__file__).parent / "data" / "rate_presets.csv"
DEFAULT_PRESET = "default"


class CoinRates(NamedTuple):
    preset: str
    viewer_price_per_coin: Decimal  # USD a viewer pays per coin
    diamonds_per_coin: Decimal  # diamonds the creator is credited per coin gifted
    payout_per_diamond: Decimal  # USD the creator is paid per diamond

    @property
    def creator_per_coin(self) -> Decimal:
        return self.diamonds_per_coin * self.payout_per_diamond


class Preset(NamedTuple):
    rates: CoinRates
    as_of: str
    source: str


@cache
def load_presets(path: Path = DATA_FILE) -> dict[str, Preset]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {
            row["name"]: Preset(
                CoinRates(
                    preset=row["name"],
                    viewer_price_per_coin=parse_decimal(row["viewer_price_per_coin"]),
                    diamonds_per_coin=parse_decimal(row["diamonds_per_coin"]),
                    payout_per_diamond=parse_decimal(row["payout_per_diamond"]),
                ),
                as_of=row["as_of"],
                source=row["source"],
            )
            for row in rows
        }
