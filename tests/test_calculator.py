"""Calculator examples, each worked out by hand in the comments."""

from decimal import Decimal as D

from tiktok_earnings.calculator import calculate
from tiktok_earnings.hearts import Engagement
from tiktok_earnings.rates import CoinRates
from tiktok_earnings.report import rounded
from tiktok_earnings.scenario import GiftLine, Payout, Scenario, Stream

DEFAULT_RATES = CoinRates("default", D("0.0133"), D(1), D("0.005"))


NO_DEDUCTIONS = Payout()


def scenario(gifts, *, hearts=0, rates=DEFAULT_RATES, payout=NO_DEDUCTIONS, viewers=350, minutes=90) -> Scenario:
    return Scenario("example", "example.yaml", Stream(D(minutes), D(viewers)), hearts, tuple(gifts), rates, payout, Engagement())


ROSES = GiftLine("Rose", 5655, 1, 240)
UNIVERSE = GiftLine("TikTok Universe", 9072, 44999, 1)
BADGE = GiftLine("Birthday Badge", None, 15, 4)


def test_roses_at_default_rates():
    result = calculate(scenario([ROSES]))
    # 240 coins; viewers pay 240 × 0.0133 = 3.192; creator gets 240 × 1 × 0.005 = 1.20
    assert result.coins == 240
    assert result.diamonds == 240
    assert result.viewer_spend == D("3.192")
    assert result.creator_gross == D("1.200")
    assert result.platform_share == D("1.992")
    assert result.creator_net == D("1.200")


def test_deductions_come_off_in_order():
    result = calculate(scenario([UNIVERSE], payout=Payout(D("0.10"), D("0.02"), D("0.15"))))
    # gross 44999 × 0.005 = 224.995
    # agency 10% = 22.4995; fees 2% of 202.4955 = 4.04991; tax 15% of 198.44559 = 29.7668385
    # net = 198.44559 - 29.7668385 = 168.6787515
    assert result.creator_gross == D("224.995")
    assert result.agency_commission == D("22.4995")
    assert result.withdrawal_fees == D("4.04991")
    assert result.tax == D("29.7668385")
    assert result.creator_net == D("168.6787515")


def test_two_coins_per_diamond_halves_the_creator_money_but_not_the_viewer_spend():
    rates = CoinRates("two-coins-per-diamond", D("0.0133"), D("0.5"), D("0.005"))
    result = calculate(scenario([ROSES], rates=rates))
    # 240 coins -> 120 diamonds -> 120 × 0.005 = 0.60
    assert result.diamonds == 120
    assert result.creator_gross == D("0.600")
    assert result.viewer_spend == D("3.192")


def test_hearts_add_nothing_directly_and_an_estimated_share_indirectly():
    result = calculate(scenario([ROSES], hearts=31500))  # h = 31500 / (350 × 90) = 1 heart per viewer-minute
    assert result.hearts.direct_value == 0
    assert result.hearts.per_viewer_minute == 1
    # base share 1 - 2^-0.15 = 0.0987495; of 1.20 gross that is 0.1185
    assert abs(result.hearts.indirect_value.base - D("0.1184994")) < D("0.000001")
    assert result.creator_gross == D("1.200")  # the estimate is part of the gift money, not added


def test_no_gifts_means_no_money_even_with_hearts():
    result = calculate(scenario([], hearts=1_000_000))
    assert result.creator_gross == 0 and result.viewer_spend == 0
    assert result.hearts.indirect_value.high == 0


def test_report_rounds_once_and_keeps_the_identities_in_euros():
    report = rounded(calculate(scenario(
        [ROSES, UNIVERSE, BADGE],
        hearts=48000,
        payout=Payout(D("0.10"), D("0.02"), D("0.15"), "EUR", D("0.92")),
    )))
    # coins 240 + 44999 + 60 = 45299; USD gross 226.495, spend 602.4767
    # EUR: spend 554.278564 -> 554.28; gross 208.3754 -> 208.38
    # after agency 187.53786 -> 187.54; after fees 183.7871028 -> 183.79; net 156.218037... -> 156.22
    assert report.coins == 45299
    assert report.viewer_spend == D("554.28")
    assert report.creator_gross == D("208.38")
    assert report.platform_share == D("345.90")
    assert report.agency_commission == D("20.84")
    assert report.withdrawal_fees == D("3.75")
    assert report.tax == D("27.57")
    assert report.creator_net == D("156.22")
    # gift rows 1.104, 206.9954, 0.276 are allocated to 1.10, 207.00, 0.28 = 208.38
    assert [row.creator_gross for row in report.gifts] == [D("1.10"), D("207.00"), D("0.28")]
    assert report.hearts.direct_value == D("0.00")


def test_rounding_a_cent_the_naive_way_would_break_the_sum():
    # three gifts of 1 coin at 0.00333…/coin each: rounded alone 0.00 + 0.00 + 0.00 ≠ 0.01
    rates = CoinRates("custom", D("0.01"), D(1), D("0.0033333"))
    gifts = [GiftLine(name, None, 1, 1) for name in "ABC"]
    report = rounded(calculate(scenario(gifts, rates=rates)))
    assert report.creator_gross == D("0.01")
    assert sum(row.creator_gross for row in report.gifts) == report.creator_gross
