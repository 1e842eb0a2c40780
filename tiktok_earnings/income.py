"""Money beside LIVE gifts, and the calendar: other income, a streaming schedule, and withdrawals.

Other income (Creator Rewards, LIVE Subscriptions, brand deals) is entered per month, in USD, and
no heart changes it. A schedule turns one stream into weeks, months (4.345 weeks) and years
(12 months). The defaults, with their sources, are in data/income_defaults.csv.
"""

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

from tiktok_earnings.numbers import parse_decimal

DATA_FILE = Path(__file__).parent / "data" / "income_defaults.csv"
WEEKS_PER_MONTH = Decimal("4.345")  # 52.14 weeks ÷ 12 months
MONTHS_PER_YEAR = 12
VIEWS_PER_RPM = 1000  # an RPM is money per 1,000 qualified views
REGIONS = ("us-ca", "other")  # LIVE Subscriptions: the 2025 terms differ between the US and Canada and elsewhere
DEFAULT_REGION = "other"


class CreatorRewards(NamedTuple):
    """The Creator Rewards Program (videos, not LIVE): money per 1,000 qualified views, per month."""

    qualified_views: int
    rpm: Decimal  # USD per 1,000 qualified views

    @property
    def amount(self) -> Decimal:
        return self.qualified_views * self.rpm / VIEWS_PER_RPM


class Subscriptions(NamedTuple):
    """LIVE Subscriptions, per month: subscribers × price × the creator's share."""

    subscribers: int
    price: Decimal  # USD a subscriber pays per month
    region: str  # chooses the default share: "us-ca" or "other"
    creator_share: Decimal

    @property
    def amount(self) -> Decimal:
        return self.subscribers * self.price * self.creator_share


class BrandDeal(NamedTuple):
    name: str
    amount: Decimal  # USD per month


class OtherIncome(NamedTuple):
    creator_rewards: CreatorRewards | None = None
    subscriptions: Subscriptions | None = None
    brand_deals: tuple[BrandDeal, ...] = ()


class Schedule(NamedTuple):
    streams_per_week: Decimal

    @property
    def streams_per_month(self) -> Decimal:
        return self.streams_per_week * WEEKS_PER_MONTH


class Default(NamedTuple):
    value: Decimal
    as_of: str
    source: str


@cache
def load_defaults(path: Path = DATA_FILE) -> dict[str, Default]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["name"]: Default(parse_decimal(row["value"]), row["as_of"], row["source"]) for row in rows}


def default(name: str) -> Decimal:
    return load_defaults()[name].value


def subscription_share(region: str) -> Decimal:
    return default(f"subscription_share.{region}")
