"""Where every dollar of a stream went, computed exactly in USD.

    coins          = Σ count × coin price              diamonds = coins × diamonds_per_coin
    viewer_spend   = coins × viewer_price_per_coin     creator_gross = diamonds × payout_per_diamond
    platform_share = viewer_spend − creator_gross      (TikTok's and the app stores' part)
    agency         = gross × agency_commission
    fees           = (gross − agency) × withdrawal_fee
    tax            = (gross − agency − fees) × tax_rate
    creator_net    = gross − agency − fees − tax

Beside the stream, all per month (other income is entered per month; LIVE is scaled by the schedule):

    other_income   = qualified_views × rpm ÷ 1000 + subscribers × price × creator_share + Σ brand deals
    streams/month  = streams_per_week × 4.345       (1 without a `schedule:`: the month's only stream)
    live_net/month = creator_net × streams/month    total_income = live_net/month + other_income
    per week       = per stream × streams_per_week  per year = per month × 12
    withdrawal     days = ⌈live_net/month ÷ $1,000 daily cap⌉; a warning when creator_net < the minimum

Hearts add exactly $0 directly. The hearts model (hearts.py) attributes a share of the gift
money to them: an estimate that is part of creator_gross, never extra money on top of it.
Nothing here rounds; report.py converts to the report currency and rounds once, for display.
"""

from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from tiktok_earnings.hearts.model import Range, hearts_per_viewer_minute, indirect_shares
from tiktok_earnings.income import MONTHS_PER_YEAR, default
from tiktok_earnings.numbers import ONE, ZERO
from tiktok_earnings.scenario.model import GiftLine, Scenario


class GiftEarnings(NamedTuple):
    line: GiftLine
    creator_gross: Decimal


class HeartsEffect(NamedTuple):
    count: int
    per_viewer_minute: Decimal
    direct_value: Decimal  # always zero: hearts are free and carry no cash value
    indirect_share: Range  # share of gift money the model attributes to hearts
    indirect_value: Range  # that share of creator_gross: part of it, not extra


class OtherIncomeFigures(NamedTuple):
    """Per month; no heart changes any of it."""

    creator_rewards: Decimal
    subscriptions: Decimal
    brand_deals: tuple[Decimal, ...]  # one per deal, in the scenario's order
    total: Decimal

    @property
    def brand_deals_total(self) -> Decimal:
        return sum(self.brand_deals, self.total * 0)  # total × 0: a zero with the total's decimals, "0.00" with no deals


class TotalIncome(NamedTuple):
    """A month: the LIVE net of its streams plus the month's other income."""

    streams_per_month: Decimal  # streams_per_week × 4.345, or 1 without a schedule
    live_net: Decimal
    other_income: Decimal
    total: Decimal


class PeriodFigures(NamedTuple):
    creator_gross: Decimal
    creator_net: Decimal


class Projection(NamedTuple):
    """The LIVE figures of one stream, scaled by the schedule (other income is not scaled)."""

    streams_per_week: Decimal
    per_stream: PeriodFigures
    per_week: PeriodFigures
    per_month: PeriodFigures
    per_year: PeriodFigures


class Withdrawal(NamedTuple):
    """Getting a month's LIVE net out of the wallet."""

    minimum: Decimal  # the smallest withdrawal
    daily_cap: Decimal  # the most withdrawn in a calendar day
    month_net: Decimal  # the LIVE net of a month, as in total_income
    days_for_month: int  # ⌈month_net ÷ daily_cap⌉
    stream_below_minimum: bool  # one stream's net is less than the minimum
    streams_to_minimum: int | None  # ⌈minimum ÷ creator_net⌉ streams to reach it; None when a stream nets nothing


class Breakdown(NamedTuple):
    scenario: Scenario
    currency: str  # of every money figure: USD as calculated; the report currency once rounded
    gifts: tuple[GiftEarnings, ...]
    coins: int
    diamonds: Decimal
    viewer_spend: Decimal
    platform_share: Decimal
    creator_gross: Decimal
    agency_commission: Decimal
    withdrawal_fees: Decimal
    tax: Decimal
    creator_net: Decimal
    hearts: HeartsEffect
    other_income: OtherIncomeFigures | None = None  # these four: see plan(), which calculate() calls
    total_income: TotalIncome | None = None
    projection: Projection | None = None  # None without a schedule
    withdrawal: Withdrawal | None = None


def calculate(scenario: Scenario) -> Breakdown:
    rates, payout = scenario.coin_rates, scenario.payout
    gifts = tuple(
        GiftEarnings(line, line.coins * rates.creator_per_coin)
        for line in scenario.gifts
    )
    coins = sum(line.coins for line in scenario.gifts)
    diamonds = coins * rates.diamonds_per_coin
    viewer_spend = coins * rates.viewer_price_per_coin
    gross = diamonds * rates.payout_per_diamond
    agency = gross * payout.agency_commission
    fees = (gross - agency) * payout.withdrawal_fee
    tax = (gross - agency - fees) * payout.tax_rate
    return plan(Breakdown(
        scenario=scenario,
        currency="USD",
        gifts=gifts,
        coins=coins,
        diamonds=diamonds,
        viewer_spend=viewer_spend,
        platform_share=viewer_spend - gross,
        creator_gross=gross,
        agency_commission=agency,
        withdrawal_fees=fees,
        tax=tax,
        creator_net=gross - agency - fees - tax,
        hearts=hearts_effect(scenario, gross),
    ))


def plan(live: Breakdown) -> Breakdown:
    """The breakdown with its other income, month, projection and withdrawal worked out from its LIVE figures."""
    scenario = live.scenario
    other = scenario.other_income
    deals = tuple(deal.amount for deal in other.brand_deals)
    rewards = other.creator_rewards.amount if other.creator_rewards else ZERO
    subscriptions = other.subscriptions.amount if other.subscriptions else ZERO
    other_figures = OtherIncomeFigures(rewards, subscriptions, deals, rewards + subscriptions + sum(deals, ZERO))
    schedule = scenario.schedule
    per_month = schedule.streams_per_month if schedule else ONE
    month_net = live.creator_net * per_month
    projection = None
    if schedule:
        def times(factor: Decimal) -> PeriodFigures:
            return PeriodFigures(live.creator_gross * factor, live.creator_net * factor)

        projection = Projection(schedule.streams_per_week, times(ONE), times(schedule.streams_per_week), times(per_month),
                                times(per_month * MONTHS_PER_YEAR))
    minimum, cap = scenario.payout.withdrawal_minimum, default("daily_withdrawal_cap")
    withdrawal = Withdrawal(
        minimum=minimum,
        daily_cap=cap,
        month_net=month_net,
        days_for_month=_whole_up(month_net / cap),
        stream_below_minimum=live.creator_net < minimum,
        streams_to_minimum=_whole_up(minimum / live.creator_net) if live.creator_net > 0 else None,
    )
    return live._replace(
        other_income=other_figures,
        total_income=TotalIncome(per_month, month_net, other_figures.total, month_net + other_figures.total),
        projection=projection,
        withdrawal=withdrawal,
    )


def _whole_up(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def hearts_effect(scenario: Scenario, creator_gross: Decimal) -> HeartsEffect:
    model = scenario.engagement
    stream = scenario.stream
    per_viewer_minute = hearts_per_viewer_minute(scenario.hearts, stream.average_viewers, stream.duration_minutes)
    shares = indirect_shares(per_viewer_minute, model)
    return HeartsEffect(
        count=scenario.hearts,
        per_viewer_minute=per_viewer_minute,
        direct_value=ZERO,
        indirect_share=shares,
        indirect_value=shares.map(lambda share: share * creator_gross),
    )
