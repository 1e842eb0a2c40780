"""Reading scenario files: the valid contract, and a precise error for every bad input."""

import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from tiktok_earnings.errors import InputError
from tiktok_earnings.income import OtherIncome
from tiktok_earnings.scenario.reader import load_scenario

from .conftest import CONFIGS, DATA

INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def expected_problems(path: Path) -> list[tuple[int, str]]:
    """The `# expect LINE: message` comments at the top of an invalid fixture."""
    found = re.findall(r"^# expect (\d+): (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, f"{path.name} has no `# expect LINE: message` comment"
    return [(int(line), message) for line, message in found]


@pytest.mark.parametrize("path", INVALID, ids=[path.stem for path in INVALID])
def test_each_bad_input_is_reported_with_its_line_and_message(path):
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    problems = caught.value.problems
    expected = expected_problems(path)
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for problem, (line, message) in zip(problems, expected, strict=True):
        assert problem.file == str(path)
        assert problem.line == line, str(problem)
        assert message in str(problem)
        assert problem.hint, f"no 'what to do' in: {problem}"


def test_the_issue_example_reads_as_written(write_scenario):
    path = write_scenario("""\
name: Friday Q&A
stream:
  duration_minutes: 90
  average_viewers: 350
hearts: 48000
gifts:
  - gift: Rose
    count: 240
  - gift: TikTok Universe
    gift_id: 9072
    count: 1
  - name: Birthday Badge
    coins: 15
    count: 4
coin_rates:
  preset: default
  viewer_price_per_coin: 0.0133
  diamonds_per_coin: 1
  payout_per_diamond: 0.005
payout:
  agency_commission: 0.10
  withdrawal_fee: 0.02
  tax_rate: 0.15
  currency: EUR
  fx_rate: 0.92
engagement:
  reference_hearts_per_viewer_minute: 1
  elasticity: {low: 0.05, base: 0.15, high: 0.30}
""")
    scenario = load_scenario(path)
    assert scenario.name == "Friday Q&A"
    assert scenario.hearts == 48000
    assert [(g.name, g.gift_id, g.coins_each, g.count) for g in scenario.gifts] == [
        ("Rose", 5655, 1, 240),
        ("TikTok Universe", 9072, 44999, 1),
        ("Birthday Badge", None, 15, 4),
    ]
    assert scenario.coin_rates.viewer_price_per_coin == D("0.0133")
    assert scenario.payout.currency == "EUR" and scenario.payout.fx_rate == D("0.92")
    assert scenario.engagement.is_default


def test_numbers_are_decimal_from_their_text_never_float(write_scenario):
    path = write_scenario("stream: {duration_minutes: 90, average_viewers: 350}\ncoin_rates: {viewer_price_per_coin: 0.1}\n")
    price = load_scenario(path).coin_rates.viewer_price_per_coin
    assert isinstance(price, D) and price == D("0.1")  # float 0.1 would be 0.1000000000000000055…


def test_defaults_fill_what_is_left_out(write_scenario):
    scenario = load_scenario(write_scenario("stream: {duration_minutes: 30, average_viewers: 10}\n", "quiet-night.yaml"))
    assert scenario.name == "quiet-night"
    assert scenario.hearts == 0 and scenario.gifts == ()
    assert scenario.coin_rates.preset == "default" and scenario.coin_rates.payout_per_diamond == D("0.005")
    assert scenario.payout.currency == "USD" and scenario.payout.agency_commission == 0


def test_a_preset_key_can_be_overridden_alone(write_scenario):
    path = write_scenario("stream: {duration_minutes: 30, average_viewers: 10}\n"
                          "coin_rates: {preset: web, payout_per_diamond: 0.004}\n")
    rates = load_scenario(path).coin_rates
    assert (rates.preset, rates.viewer_price_per_coin, rates.payout_per_diamond) == ("web", D("0.0106"), D("0.004"))


def test_a_catalogue_price_can_be_overridden(write_scenario):
    path = write_scenario("stream: {duration_minutes: 30, average_viewers: 10}\ngifts: [{gift: Rose, coins: 2, count: 3}]\n")
    (line,) = load_scenario(path).gifts
    assert (line.name, line.gift_id, line.coins_each) == ("Rose", 5655, 2)


def test_yaml_anchors_and_merge_keys_work(write_scenario):
    path = write_scenario("""\
stream: {duration_minutes: 60, average_viewers: 20}
gifts:
  - &rose {gift: Rose, count: 10}
  - *rose
payout:
  <<: {tax_rate: 0.2, withdrawal_fee: 0.01}
  tax_rate: 0.25
""")
    scenario = load_scenario(path)
    assert scenario.payout.tax_rate == D("0.25") and scenario.payout.withdrawal_fee == D("0.01")
    assert [line.count for line in scenario.gifts] == [10, 10]


def test_an_alias_bomb_is_refused_not_expanded(write_scenario):
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    with pytest.raises(InputError) as caught:
        load_scenario(write_scenario("\n".join(lines) + "\n"))
    assert "too many values" in str(caught.value)


@pytest.mark.parametrize("path", sorted(CONFIGS.glob("*.yaml")), ids=lambda path: path.stem)
def test_every_bundled_example_is_valid(path):
    assert load_scenario(path).stream.duration_minutes > 0


def test_a_missing_file_a_folder_and_a_binary_file_are_input_errors(tmp_path):
    binary = tmp_path / "photo.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x00\x00garbage\x80\x81")
    for path, message in [
        (tmp_path / "nope.yaml", "no such file"),
        (tmp_path, "is a directory"),
        (binary, "not a YAML text file"),
    ]:
        with pytest.raises(InputError) as caught:
            load_scenario(path)
        (problem,) = caught.value.problems
        assert message in problem.message and problem.line == (1 if path == binary else None) and problem.hint


@pytest.mark.parametrize(("content", "line", "message"), [
    (b"name: caf\xe9\nhearts: 1\n", 1, "the byte 0xE9 on this line is not UTF-8"),  # Latin-1
    (b"name: x\nhearts: 5\x01\n", 2, "the character U+0001 (\\x01) on this line is not allowed in YAML"),
    ("name: x\n\nhearts: 5\ufffe\n".encode(), 3, "the character U+FFFE"),
    (b"\xff\xfen\x00a\x00\x00\xd8", None, "it starts as UTF-16 text does, but is not"),
])
def test_a_file_that_is_not_yaml_text_is_an_error_at_the_line_that_says_why(tmp_path, content, line, message):
    """PyYAML's own message gave no line, and the byte as a character code of the byte after it."""
    path = tmp_path / "s.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.message.startswith("not a YAML text file: ") and message in problem.message, problem.message
    assert problem.line == line


def test_an_unreadable_file_is_an_input_error(tmp_path, monkeypatch):
    import os

    path = tmp_path / "locked.yaml"
    path.write_text("stream: {duration_minutes: 1, average_viewers: 1}\n")
    real_open = os.open  # files.py opens input files with os.open (to refuse FIFOs without blocking)

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert str(caught.value) == f"{path}: permission denied — make the file readable, or run as a user who can read it"


def test_other_income_and_schedule_read_with_their_documented_defaults(write_scenario):
    path = write_scenario("""\
stream: {duration_minutes: 60, average_viewers: 40}
payout: {minimum_withdrawal: 50}
other_income:
  creator_rewards: {qualified_views: 120000}
  subscriptions: {subscribers: 25, price: 4.99}
  brand_deals:
    - {name: Coffee sponsor, amount: 250}
schedule: {streams_per_week: 2.5}
""")
    scenario = load_scenario(path)
    other = scenario.other_income
    assert other.creator_rewards.rpm == D("0.70")  # the midpoint of $0.40-$1.00
    assert (other.subscriptions.region, other.subscriptions.creator_share) == ("other", D("0.50"))  # outside the US and Canada
    assert [(deal.name, deal.amount) for deal in other.brand_deals] == [("Coffee sponsor", 250)]
    assert scenario.schedule.streams_per_week == D("2.5") and scenario.payout.withdrawal_minimum == 50
    us = write_scenario("stream: {duration_minutes: 60, average_viewers: 40}\n"
                        "other_income: {subscriptions: {subscribers: 1, price: 1, region: US-CA}}\n", "us.yaml")
    assert load_scenario(us).other_income.subscriptions.creator_share == D("0.70")


def test_without_the_new_sections_nothing_changes(write_scenario):
    scenario = load_scenario(write_scenario("stream: {duration_minutes: 30, average_viewers: 10}\n"))
    assert scenario.other_income == OtherIncome() and scenario.schedule is None
    assert scenario.payout.withdrawal_minimum == 100
