"""Properties that hold for every scenario, checked over many generated ones."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from tiktok_earnings.calculator import calculate
from tiktok_earnings.currencies import currency
from tiktok_earnings.hearts.model import Engagement, Range
from tiktok_earnings.income import BrandDeal, CreatorRewards, OtherIncome, Schedule, Subscriptions
from tiktok_earnings.rates import CoinRates
from tiktok_earnings.report import rounded
from tiktok_earnings.rewards import Settings
from tiktok_earnings.scenario.model import GiftLine, Payout, Scenario, Stream


def decimals(low: str, high: str, places: int = 4):
    return st.decimals(D(low), D(high), places=places, allow_nan=False, allow_infinity=False)


gift_lines = st.builds(
    GiftLine,
    name=st.sampled_from(["Rose", "Lion", "Galaxy", "Custom"]),
    gift_id=st.none() | st.integers(1, 10_000),
    coins_each=st.integers(1, 45_000),
    count=st.integers(0, 5_000),
)
rates = st.builds(CoinRates, preset=st.just("custom"), viewer_price_per_coin=decimals("0.0050", "0.0200"),
                  diamonds_per_coin=st.sampled_from([D("0.5"), D(1)]), payout_per_diamond=decimals("0.0010", "0.0100"))
payouts = st.builds(Payout, agency_commission=decimals("0", "0.5", 2), withdrawal_fee=decimals("0", "0.1", 3),
                    tax_rate=decimals("0", "0.5", 2), currency=st.sampled_from(["USD", "EUR", "JPY"]), fx_rate=decimals("0.5", "200"),
                    minimum_withdrawal=st.none() | decimals("0", "200", 0))
other_incomes = st.builds(
    OtherIncome,
    st.none() | st.builds(CreatorRewards, st.integers(0, 10_000_000), decimals("0", "2", 2)),
    st.none() | st.builds(Subscriptions, st.integers(0, 10_000), decimals("0", "50", 2), st.just("other"), decimals("0", "1", 2)),
    st.lists(st.builds(BrandDeal, st.just("deal"), decimals("0", "10000", 2)), max_size=3).map(tuple),
)
elasticities = st.tuples(decimals("0", "0.5", 2), decimals("0", "0.5", 2), decimals("0", "0.5", 2)).map(
    lambda values: Range(*sorted(values)))
scenarios = st.builds(
    Scenario,
    name=st.just("generated"),
    source=st.just("generated.yaml"),
    stream=st.builds(Stream, decimals("1", "600", 1), decimals("1", "50000", 0)),
    hearts=st.integers(0, 10_000_000),
    gifts=st.lists(gift_lines, max_size=8).map(tuple),
    coin_rates=rates,
    payout=payouts,
    engagement=st.builds(Engagement, decimals("0.1", "10", 2), elasticities),
    expectations=st.just(()),
    other_income=other_incomes,
    schedule=st.none() | st.builds(Schedule, decimals("0.5", "14", 1)),
    rewards=st.none() | st.builds(
        Settings, program=st.sampled_from(["flat", "scaled-2025"]), new_followers=st.integers(0, 20),
        weekly_lives=st.integers(0, 3), team_members=st.sampled_from([0, 10, 2000]),
        league=st.sampled_from(["none", "kept", "highest"]), deduction=st.integers(0, 20),
        rate=st.none() | decimals("0", "0.53", 2)),
    warnings=st.just(()),
)


MONEY = ("viewer_spend", "platform_share", "creator_gross", "agency_commission", "withdrawal_fees", "tax", "creator_net")


@given(scenarios, st.integers(0, 10_000_000))
def test_hearts_never_change_the_money(scenario, other_hearts):
    before, after = calculate(scenario), calculate(scenario._replace(hearts=other_hearts))
    for field in ("coins", *MONEY):
        assert getattr(before, field) == getattr(after, field)
    assert after.hearts.direct_value == 0


@given(scenarios)
def test_displayed_parts_add_up_to_displayed_totals(scenario):
    report = rounded(calculate(scenario))
    other, month = report.other_income, report.total_income
    assert other.total == other.creator_rewards + other.subscriptions + sum(other.brand_deals, D(0))
    assert month.total == month.live_net + other.total
    if report.projection is not None:
        assert report.projection.per_stream == (report.creator_gross, report.creator_net)
        assert report.projection.per_month.creator_net == month.live_net
    assert report.viewer_spend == report.platform_share + report.creator_gross
    assert report.creator_net == report.creator_gross - report.agency_commission - report.withdrawal_fees - report.tax
    assert sum((row.creator_gross for row in report.gifts), D(0)) == report.creator_gross
    assert sum(row.line.coins for row in report.gifts) == report.coins
    if report.reward is not None and report.reward.high is not None:  # the high end of a reward-rate range
        high = report.reward.high
        assert report.viewer_spend == high.platform_share + high.creator_gross
        assert high.creator_net == high.creator_gross - high.agency_commission - high.withdrawal_fees - high.tax
        assert high.creator_gross >= report.creator_gross


@given(scenarios)
def test_every_displayed_figure_is_within_a_cent_of_the_exact_one(scenario):
    """Within one unit of the currency: a cent, or a yen."""
    exact, shown, fx = calculate(scenario), rounded(calculate(scenario)), scenario.payout.fx_rate
    unit = currency(scenario.payout.currency).step
    for field in MONEY:
        assert abs(getattr(shown, field) - getattr(exact, field) * fx) <= unit, field
    for row, gift in zip(shown.gifts, exact.gifts, strict=True):
        assert abs(row.creator_gross - gift.creator_gross * fx) < unit
    for part, exact_part in zip((shown.other_income.creator_rewards, shown.other_income.subscriptions, *shown.other_income.brand_deals),
                                (exact.other_income.creator_rewards, exact.other_income.subscriptions, *exact.other_income.brand_deals),
                                strict=True):
        assert abs(part - exact_part * fx) < unit
    assert abs(shown.total_income.total - exact.total_income.total * fx) <= 2 * unit  # two rounded parts


@given(scenarios, st.randoms(use_true_random=False))
def test_the_order_of_the_gift_list_does_not_matter(scenario, random):
    shuffled = list(scenario.gifts)
    random.shuffle(shuffled)
    a, b = rounded(calculate(scenario)), rounded(calculate(scenario._replace(gifts=tuple(shuffled))))
    assert a.coins == b.coins and a.hearts == b.hearts
    assert all(getattr(a, field) == getattr(b, field) for field in MONEY)


@given(scenarios, gift_lines)
def test_more_gifts_never_lower_the_gross(scenario, extra):
    more = scenario._replace(gifts=(*scenario.gifts, extra))
    assert calculate(more).creator_gross >= calculate(scenario).creator_gross
    assert calculate(more).creator_net >= calculate(scenario).creator_net


@given(scenarios)
def test_the_hearts_estimate_is_a_part_of_gross_ordered_low_to_high(scenario):
    hearts = calculate(scenario).hearts
    assert 0 <= hearts.indirect_share.low <= hearts.indirect_share.base <= hearts.indirect_share.high < 1
    assert hearts.indirect_value.high <= calculate(scenario).creator_gross
