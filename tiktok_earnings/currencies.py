"""The currencies reports know how to show: symbol and minor units, from data/currencies.csv.

Exchange rates are not here: a scenario gives its own `payout.fx_rate`; the table holds only a wide
plausible band per currency, for a warning when a rate is far outside it (scenario/plausible.py). A code not in the table is
still accepted (any three letters were, before the table existed), and is shown with two decimals
and its code after the amount.
"""

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

DATA_FILE = Path(__file__).parent / "data" / "currencies.csv"


class Currency(NamedTuple):
    code: str
    symbol: str  # shown before the amount; "" to show the code after it
    minor_units: int  # digits after the decimal point: 2 for USD, 0 for JPY
    fx_low: Decimal | None = None  # a plausible band of units per USD (a warning outside it); None: not known
    fx_high: Decimal | None = None

    @property
    def step(self) -> Decimal:
        """The smallest amount shown: 0.01 for USD, 1 for JPY."""
        return Decimal(1).scaleb(-self.minor_units)


@cache
def load_currencies(path: Path = DATA_FILE) -> dict[str, Currency]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["code"]: Currency(row["code"], row["symbol"], int(row["minor_units"]),
                                      Decimal(row["fx_low"]) if row.get("fx_low") else None,
                                      Decimal(row["fx_high"]) if row.get("fx_high") else None) for row in rows}


def currency(code: str) -> Currency:
    """The table's entry for `code`, or two decimals and no symbol for a code it does not list."""
    return load_currencies().get(code) or Currency(code, "", 2)
