"""The figures as shown: converted to the report currency and rounded once, half-up to its minor unit.

Amounts round to the currency's smallest unit (data/currencies.csv): cents for USD, whole yen for
JPY. Rounding each figure on its own would let displayed rows drift from displayed totals. So
the waterfall rounds its running subtotals (gross, after agency, after fees, net) and shows each
deduction as the difference of two rounded subtotals, and gift rows and other-income rows are
allocated by largest remainder. Displayed figures then obey the identities exactly:

    viewer_spend = platform_share + creator_gross
    creator_net  = creator_gross − each of figures.DEDUCTIONS
    Σ gift rows' creator_gross = creator_gross
    other_income.total = creator_rewards + subscriptions + Σ brand deals
    total_income.total = total_income.live_net + total_income.other_income
    projection.per_stream = (creator_gross, creator_net);  projection.per_month.creator_net = total_income.live_net

and the same waterfall identities at the high end of a reward-rate range (reward.high).

and each one is within one unit of its exact value. The other projection periods are each rounded
from their exact value, so a week may differ by a cent from streams × the rounded stream.
"""

from decimal import Decimal, localcontext
from itertools import pairwise

from tiktok_earnings.calculator import (
    Breakdown,
    GiftEarnings,
    HeartsEffect,
    OtherIncomeFigures,
    PeriodFigures,
    Projection,
    Report,
    TotalIncome,
    Waterfall,
    Withdrawal,
)
from tiktok_earnings.currencies import currency
from tiktok_earnings.figures import DEDUCTIONS
from tiktok_earnings.hearts.model import Range
from tiktok_earnings.numbers import MONEY, SHARE_PLACES, ZERO, allocate, round_half_up


def rounded(exact: Breakdown) -> Report:
    """The breakdown in the scenario's report currency, rounded for display."""
    with localcontext(MONEY):
        return _rounded(exact)


def _rounded(exact: Breakdown) -> Report:
    payout = exact.scenario.payout
    fx_rate, step = payout.fx_rate, currency(payout.currency).step

    def money(usd: Decimal) -> Decimal:
        return round_half_up(usd * fx_rate, step)

    viewer_spend = money(exact.viewer_spend)
    low = _waterfall(exact, viewer_spend, money)
    gross, net = low.creator_gross, low.creator_net
    gift_gross = allocate([gift.creator_gross * fx_rate for gift in exact.gifts], step)
    hearts = exact.hearts
    other = _other_income(exact.other_income, fx_rate, step)
    month = exact.total_income
    live_month = money(month.live_net)
    projection = exact.projection
    if projection is not None:
        def period(figures: PeriodFigures) -> PeriodFigures:
            return PeriodFigures(money(figures.creator_gross), money(figures.creator_net))

        projection = Projection(projection.streams_per_week, PeriodFigures(gross, net), period(projection.per_week),
                                period(projection.per_month), period(projection.per_year))
    withdrawal = exact.withdrawal
    share, value = hearts.indirect_share, hearts.indirect_value
    return Report(  # by position, in the order of its fields, as calculate() builds a Breakdown
        exact.scenario,
        payout.currency,
        tuple(GiftEarnings(gift.line, shown) for gift, shown in zip(exact.gifts, gift_gross, strict=True)),
        exact.coins,
        exact.diamonds,
        viewer_spend,
        *low,  # the waterfall: platform_share, creator_gross, the deductions, creator_net (Report's fields, in order)
        HeartsEffect(
            hearts.count,
            round_half_up(hearts.per_viewer_minute, SHARE_PLACES),
            money(hearts.direct_value),
            Range(round_half_up(share.low, SHARE_PLACES), round_half_up(share.base, SHARE_PLACES),
                  round_half_up(share.high, SHARE_PLACES)),
            Range(money(value.low), money(value.base), money(value.high)),
        ),
        other,
        TotalIncome(month.streams_per_month, live_month, other.total, live_month + other.total),
        projection,
        Withdrawal(money(withdrawal.minimum), money(withdrawal.daily_cap), live_month,
                   *withdrawal[3:]),  # the rest as calculated
        None if exact.reward is None else exact.reward._replace(
            high=None if exact.reward.high is None else _waterfall(exact.reward.high, viewer_spend, money)),
    )


# _rounded passes a Report's fields by position: they are Breakdown's, and from platform_share to creator_net Waterfall's.
assert Report._fields == Breakdown._fields
assert Report._fields[Report._fields.index("platform_share"):][:len(Waterfall._fields)] == Waterfall._fields


def _waterfall(exact: Breakdown | Waterfall, viewer_spend: Decimal, money) -> Waterfall:
    """The waterfall rounded by its running subtotals (the gross, what each deduction but the last leaves,
    the net), each deduction (figures.DEDUCTIONS, in order) the difference of two: the identities hold."""
    left = exact.creator_gross
    subtotals = [money(left)]
    for name in DEDUCTIONS[:-1]:
        left = left - getattr(exact, name)
        subtotals.append(money(left))
    subtotals.append(money(exact.creator_net))
    gross, net = subtotals[0], subtotals[-1]
    return Waterfall._make((viewer_spend - gross, gross, *(above - below for above, below in pairwise(subtotals)), net))


def _other_income(exact: OtherIncomeFigures, fx_rate: Decimal, step: Decimal) -> OtherIncomeFigures:
    """Each part allocated by largest remainder, so that the parts add up to the rounded total."""
    parts = [exact.creator_rewards, exact.subscriptions, *exact.brand_deals]
    rewards, subscriptions, *deals = allocate([part * fx_rate for part in parts], step)
    return OtherIncomeFigures(rewards, subscriptions, tuple(deals), rewards + subscriptions + sum(deals, ZERO))
