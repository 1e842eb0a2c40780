"""What a scenario is: one LIVE stream's length and audience, hearts, gifts, coin rates and payout settings.

Plain values, checked and complete: scenario/reader.py builds them from a YAML file.
"""

from decimal import Decimal
from typing import NamedTuple

from tiktok_earnings.errors import Problem
from tiktok_earnings.hearts.model import Engagement
from tiktok_earnings.income import OtherIncome, Schedule, default
from tiktok_earnings.numbers import ONE, ZERO
from tiktok_earnings.rates import CoinRates
from tiktok_earnings.rewards import Settings as Rewards
from tiktok_earnings.scenario.expectations import Expectation


class Stream(NamedTuple):
    duration_minutes: Decimal
    average_viewers: Decimal

    @property
    def viewer_minutes(self) -> Decimal:
        return self.duration_minutes * self.average_viewers


class GiftLine(NamedTuple):
    """One line of the gift mix: which gift, its coin price, and how many were sent."""

    name: str
    gift_id: int | None  # None for a custom gift, or a catalogue gift no list with ids has
    coins_each: int
    count: int  # type: ignore[assignment]  # hides tuple.count(), which no code calls on a gift line
    in_catalogue: bool = False  # named by `gift:`/`gift_id:`; False for a custom gift (`name:`)
    to: str | None = None  # a guest who received it (`to:`); None for the host

    @property
    def coins(self) -> int:
        return self.coins_each * self.count


class Payout(NamedTuple):
    """What comes off the creator's gross, and the currency the creator's money is reported in."""

    agency_commission: Decimal = ZERO  # fraction of creator gross
    withdrawal_fee: Decimal = ZERO  # fraction of what is left after the agency
    tax_rate: Decimal = ZERO  # fraction of gross minus agency minus fees
    currency: str = "USD"
    fx_rate: Decimal = ONE  # units of `currency` per USD
    minimum_withdrawal: Decimal | None = None  # USD; None: the default in data/income_defaults.csv

    @property
    def withdrawal_minimum(self) -> Decimal:
        return self.minimum_withdrawal if self.minimum_withdrawal is not None else default("minimum_withdrawal")


class Scenario(NamedTuple):
    name: str
    source: str
    stream: Stream
    hearts: int
    gifts: tuple[GiftLine, ...]
    coin_rates: CoinRates
    payout: Payout
    engagement: Engagement
    expectations: tuple[Expectation, ...] = ()
    other_income: OtherIncome = OtherIncome()  # per month, in USD
    schedule: Schedule | None = None  # None: the scenario is the month's only stream
    guest_gifts: tuple[GiftLine, ...] = ()  # gift lines with `to:` a guest: not the host's money, in no figure of the host's
    rewards: Rewards | None = None  # None: coin_rates.payout_per_diamond applies (the presets' flat 50%)
    warnings: tuple[Problem, ...] = ()  # plausibility: worth knowing, no reason to fail; for stderr (scenario/plausible.py)
