"""Where every dollar of a stream went, computed exactly in USD.

    coins          = Σ count × coin price              diamonds = coins × diamonds_per_coin
    viewer_spend   = coins × viewer_price_per_coin     creator_gross = diamonds × payout_per_diamond
    payout_per_diamond = coin_rates.payout_per_diamond (the presets' $0.005: the flat 50%) without `rewards:`,
                         reward rate × a diamond's face value ($0.01) with it (rewards.py)
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

Where the reward rate is a range (scaled-2025, 5 to 25 minutes: no source gives the points there), every
figure is worked out at the low end, and the waterfall at the high end (`reward.high`) beside it: each
holds the identities exactly; the month, projection and withdrawal follow the low end.

Hearts add exactly $0 directly. The hearts model (hearts.py) attributes a share of the gift
money to them: an estimate that is part of creator_gross, never extra money on top of it.
Nothing here rounds; report.py converts to the report currency and rounds once, for display.
Everything runs in the MONEY context (numbers.py), and `too_large` refuses, before anything is
computed for display, a scenario whose figures would be too large to report.
"""

from decimal import ROUND_CEILING, Decimal, localcontext
from typing import NamedTuple

from tiktok_earnings.hearts.model import Range, hearts_per_viewer_minute, indirect_shares
from tiktok_earnings.income import MONTHS_PER_YEAR, default
from tiktok_earnings.numbers import LARGEST_FIGURE, MONEY, ONE, ZERO
from tiktok_earnings.rewards import Rate, face_value, reward_rate
from tiktok_earnings.scenario.model import GiftLine, Payout, Scenario


class GiftEarnings(NamedTuple):
    line: GiftLine
    creator_gross: Decimal


class HeartsEffect(NamedTuple):
    """What the hearts did. Its field `count` hides tuple's count(), which nothing here calls; a NamedTuple rather
    than a dataclass, as every figure here is: importing dataclasses imports inspect, a sixth of a run's start-up."""

    count: int  # type: ignore[assignment]  # hides tuple.count(), on purpose (see above)
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


class Waterfall(NamedTuple):
    """From viewers' spend (the same at both ends of a range) to the creator's net, at one reward rate."""

    platform_share: Decimal
    creator_gross: Decimal
    agency_commission: Decimal
    withdrawal_fees: Decimal
    tax: Decimal
    creator_net: Decimal


class RewardFigures(NamedTuple):
    """The reward rate a scenario's `rewards:` gives, and the waterfall at its high end when it is a range."""

    rate: Rate
    high: Waterfall | None  # None when the rate is one figure


class Breakdown(NamedTuple):
    """Every figure of a scenario, exact, in USD: built whole by calculate().

    report.Report holds the same figures, under the same names, converted and rounded for display.
    """

    scenario: Scenario
    currency: str  # always "USD": the currency of every money figure here
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
    other_income: OtherIncomeFigures
    total_income: TotalIncome
    projection: Projection | None  # None without a schedule
    withdrawal: Withdrawal
    reward: RewardFigures | None = None  # None without `rewards:` in the scenario


class _Stream(NamedTuple):
    """The money of one stream, from the coins to the creator's net."""

    coins: int
    diamonds: Decimal
    viewer_spend: Decimal
    creator_gross: Decimal
    agency_commission: Decimal
    withdrawal_fees: Decimal
    tax: Decimal
    creator_net: Decimal


class _Month(NamedTuple):
    """What one stream's LIVE figures make of a month, beside the other income."""

    other_income: OtherIncomeFigures
    total_income: TotalIncome
    projection: Projection | None
    withdrawal: Withdrawal


def scenario_rate(scenario: Scenario) -> Rate | None:
    """The reward rate of the scenario's `rewards:` at its stream's length; None without `rewards:`."""
    if scenario.rewards is None:
        return None
    return reward_rate(scenario.rewards, scenario.stream.duration_minutes)


def payout_per_diamond(scenario: Scenario, rate: Decimal | None = None) -> Decimal:
    """USD a diamond pays: `rate` (default: the low end of the scenario's reward rate) × $0.01 with `rewards:`,
    coin_rates.payout_per_diamond without."""
    if rate is None:
        reward = scenario_rate(scenario)
        if reward is None:
            return scenario.coin_rates.payout_per_diamond
        rate = reward.low
    return rate * face_value()


def creator_per_coin(scenario: Scenario) -> Decimal:
    """USD the creator's gross gains per coin gifted (at the low end of a range)."""
    return scenario.coin_rates.diamonds_per_coin * payout_per_diamond(scenario)


def calculate(scenario: Scenario) -> Breakdown:
    with localcontext(MONEY):
        rate = scenario_rate(scenario)  # worked out once: what a diamond and a coin pay follow from it
        per_diamond = payout_per_diamond(scenario, rate.low if rate is not None else None)
        stream = _stream(scenario, per_diamond)
        per_coin = scenario.coin_rates.diamonds_per_coin * per_diamond
        gifts = tuple(GiftEarnings(line, line.coins * per_coin) for line in scenario.gifts)
        month = _month(scenario, stream.creator_gross, stream.creator_net)
        return Breakdown(  # by position, in the order of its fields: by keyword, 18 of them take three times as long
            scenario,
            "USD",  # currency
            gifts,
            stream.coins,
            stream.diamonds,
            stream.viewer_spend,
            stream.viewer_spend - stream.creator_gross,  # platform_share
            stream.creator_gross,
            stream.agency_commission,
            stream.withdrawal_fees,
            stream.tax,
            stream.creator_net,
            hearts_effect(scenario, stream.creator_gross),
            month.other_income,
            month.total_income,
            month.projection,
            month.withdrawal,
            _reward(scenario, rate, stream.diamonds, stream.viewer_spend),
        )


def _reward(scenario: Scenario, rate: Rate | None, diamonds: Decimal, viewer_spend: Decimal) -> RewardFigures | None:
    if rate is None:
        return None
    if not rate.is_range:
        return RewardFigures(rate, None)
    return RewardFigures(rate, _waterfall(scenario, diamonds, viewer_spend, payout_per_diamond(scenario, rate.high)))


def _waterfall(scenario: Scenario, diamonds: Decimal, viewer_spend: Decimal, per_diamond: Decimal) -> Waterfall:
    payout = scenario.payout
    gross = diamonds * per_diamond
    agency = gross * payout.agency_commission
    fees = (gross - agency) * payout.withdrawal_fee
    tax = (gross - agency - fees) * payout.tax_rate
    return Waterfall(viewer_spend - gross, gross, agency, fees, tax, gross - agency - fees - tax)


def kept_share(payout: Payout) -> Decimal:
    """The fraction of the creator's gross that `_waterfall` leaves as net: (1 − agency)(1 − fee)(1 − tax)."""
    return (ONE - payout.agency_commission) * (ONE - payout.withdrawal_fee) * (ONE - payout.tax_rate)


def repriced(live: Breakdown) -> Breakdown:
    """`live`, whose coins, diamonds and viewers' spend are right (what-if scales them), with every figure from
    the creator's gross on worked out again at its scenario's reward rate: the rate depends on the stream's length.

    For a scenario without `rewards:` it is `live` as it is.
    """
    scenario = live.scenario
    rate = scenario_rate(scenario)
    if rate is None:
        return live
    with localcontext(MONEY):
        low = _waterfall(scenario, live.diamonds, live.viewer_spend, payout_per_diamond(scenario, rate.low))
        coins = sum(line.coins for line in scenario.gifts)
        per_coin = creator_per_coin(scenario) * Decimal(live.coins) / coins if coins else ZERO
        hearts = live.hearts
        changed = live._replace(
            gifts=tuple(GiftEarnings(row.line, row.line.coins * per_coin) for row in live.gifts),
            platform_share=low.platform_share,
            creator_gross=low.creator_gross,
            agency_commission=low.agency_commission,
            withdrawal_fees=low.withdrawal_fees,
            tax=low.tax,
            creator_net=low.creator_net,
            hearts=HeartsEffect(hearts.count, hearts.per_viewer_minute, hearts.direct_value, hearts.indirect_share,
                                hearts.indirect_share.map(lambda share: share * low.creator_gross)),
            reward=_reward(scenario, rate, live.diamonds, live.viewer_spend),
        )
    return plan(changed)


def plan(live: Breakdown) -> Breakdown:
    """`live` with its other income, month, projection and withdrawal worked out again from its LIVE figures.

    For a breakdown whose stream figures were changed after calculate() (what-if scales them).
    """
    with localcontext(MONEY):
        month = _month(live.scenario, live.creator_gross, live.creator_net)
    return live._replace(other_income=month.other_income, total_income=month.total_income, projection=month.projection,
                         withdrawal=month.withdrawal)


def _stream(scenario: Scenario, per_diamond: Decimal | None = None) -> _Stream:
    """The stream's money at `per_diamond` (default: the scenario's payout per diamond, at the low end of a range)."""
    rates = scenario.coin_rates
    coins = sum(line.coins for line in scenario.gifts)
    diamonds = coins * rates.diamonds_per_coin
    spend = coins * rates.viewer_price_per_coin
    money = _waterfall(scenario, diamonds, spend, payout_per_diamond(scenario) if per_diamond is None else per_diamond)
    return _Stream(coins, diamonds, spend, money.creator_gross, money.agency_commission, money.withdrawal_fees, money.tax,
                   money.creator_net)


def _highest_per_diamond(scenario: Scenario) -> Decimal:
    """What a diamond pays at the high end of the reward rate: the largest figures a report shows."""
    rate = scenario_rate(scenario)
    return payout_per_diamond(scenario, rate.high if rate is not None else None)


def _month(scenario: Scenario, creator_gross: Decimal, creator_net: Decimal) -> _Month:
    other = scenario.other_income
    deals = tuple(deal.amount for deal in other.brand_deals) if other.brand_deals else ()
    rewards = other.creator_rewards.amount if other.creator_rewards else ZERO
    subscriptions = other.subscriptions.amount if other.subscriptions else ZERO
    other_figures = OtherIncomeFigures(rewards, subscriptions, deals, rewards + subscriptions + sum(deals, ZERO))
    schedule = scenario.schedule
    per_month = schedule.streams_per_month if schedule else ONE
    month_net = creator_net * per_month
    projection = None
    if schedule:
        def times(factor: Decimal) -> PeriodFigures:
            return PeriodFigures(creator_gross * factor, creator_net * factor)

        projection = Projection(schedule.streams_per_week, times(ONE), times(schedule.streams_per_week), times(per_month),
                                times(per_month * MONTHS_PER_YEAR))
    minimum, cap = scenario.payout.withdrawal_minimum, default("daily_withdrawal_cap")
    withdrawal = Withdrawal(minimum, cap, month_net, _whole_up(month_net / cap), creator_net < minimum,
                            _whole_up(minimum / creator_net) if creator_net > 0 else None)  # by position: made per file
    total = TotalIncome(per_month, month_net, other_figures.total, month_net + other_figures.total)
    return _Month(other_figures, total, projection, withdrawal)


def _whole_up(value: Decimal) -> int:
    return int(value.to_integral_value(ROUND_CEILING))  # rounding by position: quicker to parse than by keyword


def hearts_effect(scenario: Scenario, creator_gross: Decimal) -> HeartsEffect:
    model = scenario.engagement
    stream = scenario.stream
    per_viewer_minute = hearts_per_viewer_minute(scenario.hearts, stream.average_viewers, stream.duration_minutes)
    low, base, high = shares = indirect_shares(per_viewer_minute, model)
    # count, per_viewer_minute, direct_value, indirect_share, indirect_value: by position, as made for every file
    return HeartsEffect(scenario.hearts, per_viewer_minute, ZERO, shares,
                        Range(low * creator_gross, base * creator_gross, high * creator_gross))


# --- the limits of a report --------------------------------------------------------------------

InputPath = tuple[str | int, ...]  # where a value is written in a scenario file: ("gifts", 0, "count")


class TooLarge(NamedTuple):
    """An input that makes a figure too large to report: where it is written, what is wrong, what to do."""

    path: InputPath
    what: str
    hint: str


def too_large(scenario: Scenario) -> TooLarge | None:
    """The input to blame when a figure of `scenario` would be larger than LARGEST_FIGURE; None when all fit.

    Every money figure is checked in the report currency, and so is the hearts rate. Such a figure
    comes from a product (or a quotient) of inputs that are each within their bounds; the one
    blamed is the factor of the largest figure that is itself the largest (for a divisor: the
    smallest), the first in the file on a tie. Cheap: the hearts model's logarithms are not taken,
    and the blame is only worked out for a scenario that needs it.
    """
    fx = scenario.payout.fx_rate
    with localcontext(MONEY):
        per_diamond = _highest_per_diamond(scenario)
        rates = scenario.coin_rates
        coins = sum(line.coins for line in scenario.gifts)  # as _stream() works out the spend and the gross
        spend, gross = coins * rates.viewer_price_per_coin, coins * rates.diamonds_per_coin * per_diamond
        if _upper_bound(scenario, spend, gross) * fx <= LARGEST_FIGURE and _hearts_rate(scenario) <= LARGEST_FIGURE:
            return None
        stream = _stream(scenario, per_diamond)
        month = _month(scenario, stream.creator_gross, stream.creator_net)
        checks = _figures_to_check(scenario, stream, month)

        def shown(check: _Check) -> Decimal:
            return check.size * fx if check.in_money else check.size

        worst = max(checks, key=shown)
        size = shown(worst)
        if size <= LARGEST_FIGURE:
            return None
        path, _ = max(worst.factors, key=lambda factor: factor[1])
    unit = f" {scenario.payout.currency}" if worst.in_money else ""
    limit = Decimal(LARGEST_FIGURE)
    return TooLarge(path, f"makes `{worst.name}` too large to report ({size:.2E}{unit}; figures are at most {limit:.0E})",
                    f"lower it, or what it is multiplied by: {worst.formula}")


def _upper_bound(scenario: Scenario, viewer_spend: Decimal, creator_gross: Decimal) -> Decimal:
    """At least as large as every money figure in USD, and quicker to find than the month's figures."""
    other = scenario.other_income
    other_total = sum((deal.amount.copy_abs() for deal in other.brand_deals), ZERO) if other.brand_deals else ZERO
    if other.creator_rewards is not None:
        other_total += other.creator_rewards.amount
    if other.subscriptions is not None:
        other_total += other.subscriptions.amount
    months = scenario.schedule.streams_per_month * MONTHS_PER_YEAR if scenario.schedule else ONE  # a year, or the month
    return max(viewer_spend, creator_gross * max(months, ONE) + other_total, scenario.payout.withdrawal_minimum)


def _hearts_rate(scenario: Scenario) -> Decimal:
    stream = scenario.stream
    return hearts_per_viewer_minute(scenario.hearts, stream.average_viewers, stream.duration_minutes)


class _Check(NamedTuple):
    name: str
    size: Decimal
    in_money: bool  # a money figure, converted to the report currency before it is shown
    formula: str
    factors: tuple[tuple[InputPath, Decimal], ...]  # each input of the figure, with how much it makes it grow


def _figures_to_check(scenario: Scenario, stream: _Stream, month: _Month) -> list[_Check]:
    rates, payout = scenario.coin_rates, scenario.payout
    fx: tuple[tuple[InputPath, Decimal], ...] = ((("payout", "fx_rate"), payout.fx_rate),)
    gifts: tuple[tuple[InputPath, Decimal], ...] = ()
    if scenario.gifts:
        i, line = max(enumerate(scenario.gifts), key=lambda item: item[1].coins)
        gifts = ((("gifts", i, "count"), Decimal(line.count)), (("gifts", i, "coins"), Decimal(line.coins_each)))
    gross = (*gifts, (("coin_rates", "diamonds_per_coin"), rates.diamonds_per_coin),
             (("rewards",) if scenario.rewards else ("coin_rates", "payout_per_diamond"), _highest_per_diamond(scenario)),
             *fx)
    checks = [
        _Check("viewer_spend", stream.viewer_spend.copy_abs(), True, "count × coins × viewer_price_per_coin × fx_rate",
               (*gifts, (("coin_rates", "viewer_price_per_coin"), rates.viewer_price_per_coin), *fx)),
        _Check("creator_gross", stream.creator_gross.copy_abs(), True,
               "count × coins × diamonds_per_coin × payout_per_diamond × fx_rate", gross),
        _Check("withdrawal.minimum", month.withdrawal.minimum.copy_abs(), True, "minimum_withdrawal × fx_rate",
               ((("payout", "minimum_withdrawal"), month.withdrawal.minimum), *fx)),
    ]
    if month.projection is not None:
        checks.append(_Check("projection.per_year.creator_gross", month.projection.per_year.creator_gross.copy_abs(), True,
                             "creator_gross × streams_per_week × 4.345 × 12",
                             (*gross, (("schedule", "streams_per_week"), month.projection.streams_per_week))))
    other = scenario.other_income
    sources: list[tuple[InputPath, Decimal]] = []
    if other.creator_rewards is not None:
        sources += [(("other_income", "creator_rewards", "qualified_views"), Decimal(other.creator_rewards.qualified_views)),
                    (("other_income", "creator_rewards", "rpm"), other.creator_rewards.rpm)]
    if other.subscriptions is not None:
        sources += [(("other_income", "subscriptions", "subscribers"), Decimal(other.subscriptions.subscribers)),
                    (("other_income", "subscriptions", "price"), other.subscriptions.price)]
    sources += [(("other_income", "brand_deals", i, "amount"), deal.amount) for i, deal in enumerate(other.brand_deals)]
    checks.append(_Check("total_income.total", month.total_income.total.copy_abs(), True,
                         "the month's LIVE net plus its other income, × fx_rate", (*gross, *sources, *fx)))
    hearts, minutes, viewers = scenario.hearts, scenario.stream.duration_minutes, scenario.stream.average_viewers
    checks.append(_Check("hearts.per_viewer_minute", _hearts_rate(scenario), False,
                         "hearts ÷ (duration_minutes × average_viewers)",
                         ((("hearts",), Decimal(hearts)), (("stream", "duration_minutes"), ONE / minutes),
                          (("stream", "average_viewers"), ONE / viewers))))
    return checks


class Report(NamedTuple):
    """A scenario's figures as shown: Breakdown's, by the same names, in the report currency and rounded.

    A type of its own, so that exact and rounded figures are never taken for one another.
    """

    scenario: Scenario
    currency: str  # the scenario's report currency (payout.currency), of every money figure here
    gifts: tuple[GiftEarnings, ...]
    coins: int
    diamonds: Decimal  # exact, as calculated
    viewer_spend: Decimal
    platform_share: Decimal
    creator_gross: Decimal
    agency_commission: Decimal
    withdrawal_fees: Decimal
    tax: Decimal
    creator_net: Decimal
    hearts: HeartsEffect
    other_income: OtherIncomeFigures
    total_income: TotalIncome
    projection: Projection | None  # None without a schedule
    withdrawal: Withdrawal
    reward: RewardFigures | None = None  # the rate as calculated; the high end's waterfall rounded like the main one
