"""The numeric output fields by their JSON names, flattened with dots: `hearts.indirect_value.base`.

Expectations (`expect:` in a scenario) and CSV columns name fields this way, so they are listed
once, here, in the order reports show them.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # scenario.py reads the names here, and the calculator reads scenario.py
    from tiktok_earnings.report import Report

MONEY_FIELDS = (
    "viewer_spend",
    "platform_share",
    "creator_gross",
    "agency_commission",
    "withdrawal_fees",
    "tax",
    "creator_net",
)
HEARTS_FIELDS = (
    "hearts.count",
    "hearts.per_viewer_minute",
    "hearts.direct_value",
    *(f"hearts.indirect_share.{case}" for case in ("low", "base", "high")),
    *(f"hearts.indirect_value.{case}" for case in ("low", "base", "high")),
)
OTHER_INCOME_FIELDS = (
    "other_income.creator_rewards",
    "other_income.subscriptions",
    "other_income.brand_deals",
    "other_income.total",
)
TOTAL_INCOME_FIELDS = ("total_income.live_net", "total_income.total")
NUMERIC_FIELDS = ("coins", "diamonds", *MONEY_FIELDS, *HEARTS_FIELDS, *OTHER_INCOME_FIELDS, *TOTAL_INCOME_FIELDS)


def numeric_values(report: "Report") -> dict[str, Decimal]:
    """Every numeric field of a report, by its dotted name, in NUMERIC_FIELDS order."""
    hearts = report.hearts
    values = {"coins": Decimal(report.coins), "diamonds": report.diamonds}
    values.update((name, getattr(report, name)) for name in MONEY_FIELDS)
    values["hearts.count"] = Decimal(hearts.count)
    values["hearts.per_viewer_minute"] = hearts.per_viewer_minute
    values["hearts.direct_value"] = hearts.direct_value
    for kind, cases in (("indirect_share", hearts.indirect_share), ("indirect_value", hearts.indirect_value)):
        values.update({f"hearts.{kind}.low": cases.low, f"hearts.{kind}.base": cases.base, f"hearts.{kind}.high": cases.high})
    other, month = report.other_income, report.total_income
    values["other_income.creator_rewards"] = other.creator_rewards
    values["other_income.subscriptions"] = other.subscriptions
    values["other_income.brand_deals"] = other.brand_deals_total
    values["other_income.total"] = other.total
    values["total_income.live_net"] = month.live_net
    values["total_income.total"] = month.total
    return values
