"""What a scenario is: one LIVE stream's length and audience, hearts, gifts, coin rates and payout settings.

Plain values, checked and complete: scenario/reader.py builds them from a YAML file.
"""

from decimal import Decimal
from typing import NamedTuple

from tiktok_earnings.errors import Problem
from tiktok_earnings.hearts.model import Engagement
from tiktok_earnings.income import OtherIncome, Schedule
from tiktok_earnings.rates import CoinRates
from tiktok_earnings.rewards import Settings as Rewards
from tiktok_earnings.scenario.expectations import Expectation
from tiktok_earnings.scenario.spec import Payout  # declared beside its keys


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
