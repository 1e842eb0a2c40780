"""Money as people read it, in the report currency: symbol and decimals from data/currencies.csv.

Rich-free, so that JSON and the plain-text reports can use it without loading the terminal layer.
"""

from collections.abc import Callable
from decimal import Decimal

from tiktok_earnings.currencies import currency as currency_of
from tiktok_earnings.report import Report


def money(value: Decimal, currency: str, places: int | None = None) -> str:
    """`$1,234.50`, `¥18,533`, or `12.00 CHF` for a currency shown without a symbol.

    `places` overrides the currency's decimals (a chart's axis writes `$200`, not `$200.00`).
    """
    known = currency_of(currency)
    sign = "-" if value < 0 else ""
    amount = f"{abs(value):,.{known.minor_units if places is None else places}f}"
    return f"{sign}{known.symbol}{amount}" if known.symbol else f"{sign}{amount} {currency}"


def with_code(value: Decimal, currency: str) -> str:
    """`3.60 USD`: for machine-readable output, which never shows symbols."""
    return f"{value} {currency}"


def withdrawal_warning(report: Report, money: Callable[[Decimal, str], str] = money) -> str | None:
    """Why one stream's net cannot be withdrawn on its own, or None when it can."""
    withdrawal, currency = report.withdrawal, report.currency
    if not withdrawal.stream_below_minimum:
        return None
    minimum = money(withdrawal.minimum, currency)
    if withdrawal.streams_to_minimum is None:
        return f"a stream like this one nets nothing, so it never reaches the {minimum} minimum withdrawal"
    return (f"one stream nets {money(report.creator_net, currency)}, below the {minimum} minimum withdrawal: "
            f"it takes {withdrawal.streams_to_minimum} streams like this one before you can withdraw")
