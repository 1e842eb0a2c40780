"""Calculator examples, each worked out by hand in the comments."""

from decimal import Decimal as D

from tiktok_earnings.calculator import TotalIncome, Withdrawal, calculate
from tiktok_earnings.hearts.model import Engagement
from tiktok_earnings.income import BrandDeal, CreatorRewards, OtherIncome, Schedule, Subscriptions
from tiktok_earnings.rates import CoinRates
from tiktok_earnings.render.money import money
from tiktok_earnings.report import rounded
from tiktok_earnings.scenario.model import GiftLine, Payout, Scenario, Stream

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


# --- the whole picture: other income, schedule, withdrawal, currencies ---------------------------------

FULL_PICTURE_GIFTS = [ROSES._replace(count=400), GiftLine("Finger Heart", 5487, 5, 60), GiftLine("Doughnut", 5879, 30, 10)]
FULL_PICTURE_INCOME = OtherIncome(
    CreatorRewards(250_000, D("0.70")),
    Subscriptions(40, D("4.99"), "us-ca", D("0.70")),
    (BrandDeal("Coffee sponsor", D(300)), BrandDeal("Headset review", D(150))),
)


def test_the_full_picture_in_dollars():
    report = rounded(calculate(scenario(FULL_PICTURE_GIFTS, payout=Payout(D("0.10"), D(0), D("0.20"), minimum_withdrawal=D(100)))
                               ._replace(other_income=FULL_PICTURE_INCOME, schedule=Schedule(D(4)))))
    # coins 400 + 60 × 5 + 10 × 30 = 1000; gross 1000 × 0.005 = 5.00; agency 0.50; tax 20% of 4.50 = 0.90; net 3.60
    assert (report.coins, report.creator_gross, report.creator_net) == (1000, D("5.00"), D("3.60"))
    # Creator Rewards 250,000 × 0.70 ÷ 1000 = 175.00; subscriptions 40 × 4.99 × 0.70 = 139.72; deals 300 + 150
    other = report.other_income
    assert (other.creator_rewards, other.subscriptions, other.brand_deals) == (D("175.00"), D("139.72"), (D("300.00"), D("150.00")))
    assert other.total == D("764.72") and other.brand_deals_total == D("450.00")
    # 4 a week × 4.345 = 17.38 streams a month: 3.60 × 17.38 = 62.568 -> 62.57; total 62.57 + 764.72 = 827.29
    assert report.total_income == TotalIncome(D("17.380"), D("62.57"), D("764.72"), D("827.29"))
    projection = report.projection
    assert projection.per_stream == (D("5.00"), D("3.60"))
    assert projection.per_week == (D("20.00"), D("14.40"))  # × 4
    assert projection.per_month == (D("86.90"), D("62.57"))  # 5.00 × 17.38 = 86.90
    assert projection.per_year == (D("1042.80"), D("750.82"))  # × 12: 62.568 × 12 = 750.816
    # $1,000 a day: 62.568 ÷ 1000 -> 1 day; 3.60 < $100 minimum: ⌈100 ÷ 3.60⌉ = ⌈27.8⌉ = 28 streams
    assert report.withdrawal == Withdrawal(D("100.00"), D("1000.00"), D("62.57"), 1, True, 28)


def test_hearts_change_no_other_income():
    with_income = scenario([ROSES], hearts=0)._replace(other_income=FULL_PICTURE_INCOME)
    assert calculate(with_income).other_income == calculate(with_income._replace(hearts=5_000_000)).other_income


def test_without_a_schedule_the_month_holds_this_stream_only():
    report = rounded(calculate(scenario([UNIVERSE])._replace(other_income=OtherIncome(brand_deals=(BrandDeal("Deal", D("99.995")),)))))
    # net 224.995 -> 225.00 (half up); deal 99.995 -> 100.00; 1 stream a month
    assert report.projection is None
    assert report.total_income == TotalIncome(D(1), D("225.00"), D("100.00"), D("325.00"))
    # 224.995 ≥ 100: no warning; ⌈224.995 ÷ 1000⌉ = 1 day
    assert report.withdrawal.stream_below_minimum is False and report.withdrawal.days_for_month == 1


def test_a_big_month_takes_several_days_to_withdraw():
    lions = GiftLine("Lion", 6369, 29999, 2)  # 59,998 coins -> $299.99 a stream
    report = rounded(calculate(scenario([lions])._replace(schedule=Schedule(D(5)))))
    # 299.99 × 5 × 4.345 = 6517.28275 -> 6517.28; ⌈6.517⌉ = 7 days at $1,000 a day
    assert report.total_income.live_net == D("6517.28")
    assert report.withdrawal.days_for_month == 7 and report.withdrawal.streams_to_minimum == 1


def test_yen_have_no_decimals_and_the_identities_hold():
    gifts = [ROSES._replace(count=333), GiftLine("Doughnut", 5879, 30, 7)]
    payout = Payout(currency="JPY", fx_rate=D("151.37"))
    exact = calculate(scenario(gifts, payout=payout)._replace(
        other_income=OtherIncome(brand_deals=(BrandDeal("Ramen shop", D("66.66")),)), schedule=Schedule(D(3))))
    report = rounded(exact)
    # 543 coins; gross 2.715 USD × 151.37 = 410.96955 -> ¥411; spend 7.2219 × 151.37 = 1093.18 -> ¥1093
    assert (report.coins, report.creator_gross, report.viewer_spend, report.platform_share) == (543, D(411), D(1093), D(682))
    assert str(report.creator_net) == "411" and str(report.hearts.direct_value) == "0"
    # month: 3 × 4.345 = 13.035 streams; 2.715 × 13.035 = 35.390025 USD × 151.37 = 5356.988… -> ¥5357
    # deal 66.66 × 151.37 = 10090.32 -> ¥10090; total ¥15447
    assert report.total_income == TotalIncome(D("13.035"), D(5357), D(10090), D(15447))
    assert report.projection.per_week.creator_net == D(1233)  # 8.145 × 151.37 = 1232.91
    assert report.projection.per_year.creator_net == D(64284)  # 424.6803 × 151.37 = 64283.86
    # minimum $100 = ¥15137, cap $1,000 = ¥151370; ⌈100 ÷ 2.715⌉ = ⌈36.8⌉ = 37 streams
    assert report.withdrawal == Withdrawal(D(15137), D(151370), D(5357), 1, True, 37)
    assert money(report.total_income.total, "JPY") == "¥15,447"


def test_money_shows_each_currencys_symbol_and_decimals():
    assert money(D("1234.5"), "USD") == "$1,234.50"
    assert money(D(18533), "JPY") == "¥18,533"
    assert money(D("-0.830"), "KWD") == "-0.830 KWD"
    assert money(D("12.00"), "XYZ") == "12.00 XYZ"  # not in the table: two decimals and the code
    assert money(D("9.99"), "CAD") == "CA$9.99"
