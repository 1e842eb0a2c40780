from decimal import Decimal as D

from tiktok_earnings.numbers import allocate, plain, round_half_up, shown


def test_round_half_up_rounds_halves_away_from_zero_not_to_even():
    assert round_half_up(D("0.125")) == D("0.13")  # banker's rounding would give 0.12
    assert round_half_up(D("0.135")) == D("0.14")
    assert round_half_up(D("2.5"), D("1")) == D("3")
    assert round_half_up(D("0.12345"), D("0.0001")) == D("0.1235")


def test_allocate_makes_rounded_parts_add_up_to_the_rounded_total():
    parts = [D("0.333"), D("0.333"), D("0.334")]  # rounded alone: 0.33 + 0.33 + 0.33 = 0.99
    assert allocate(parts) == [D("0.33"), D("0.33"), D("0.34")]
    assert sum(allocate(parts)) == D("1.00")


def test_allocate_gives_the_missing_cents_to_the_parts_that_lost_most():
    parts = [D("1.104"), D("206.9954"), D("0.276")]  # total 208.3754 -> 208.38
    assert allocate(parts) == [D("1.10"), D("207.00"), D("0.28")]


def test_allocate_of_nothing_is_nothing():
    assert allocate([]) == []


def test_plain_writes_decimals_without_exponent_or_trailing_zeros():
    assert plain(D("1E+1")) == "10"
    assert plain(D("0.0500")) == "0.05"
    assert plain(D("45299")) == "45299"
    assert plain(D("0")) == "0"


def test_shown_quotes_a_short_number_in_full_and_a_huge_one_with_its_exponent():
    assert shown(D("1E+3")) == "1000"
    assert shown(D("0.50")) == "0.5"
    assert shown(D("1E+999999999")) == "1E+999999999"  # in full, a gigabyte of digits
    assert shown(D("-1E+40")) == "-1E+40"
    assert shown(D("1" * 60)) == "11111111111111111111…11111111, 60 characters"
    assert shown(D("NaN")) == "NaN"
