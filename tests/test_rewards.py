"""The reward rate (issue 11): each mission worked out by hand, their sum, the cap, the floor, the range between
5 and 25 minutes, a rate stated outright; the money it gives, with the identities exact at both ends of a range;
what-if over the stream's length; and the plausibility warnings, on stderr only."""

import json
from decimal import Decimal as D

import pytest

from tiktok_earnings.calculator import calculate
from tiktok_earnings.cli import app
from tiktok_earnings.report import rounded
from tiktok_earnings.rewards import Settings, load_rules, reward_rate
from tiktok_earnings.scenario.reader import load_scenario
from tiktok_earnings.whatif.fields import parse_field
from tiktok_earnings.whatif.goal import solve
from tiktok_earnings.whatif.points import evaluate

from .cli_runner import CliRunner

runner = CliRunner()
SCALED = "scaled-2025"


def invoke(*args: str):
    return runner.invoke(app, [str(arg) for arg in args], prog_name="tiktok-earnings")


def points(minutes: str = "40", **settings) -> tuple[D, D]:
    """The rate as percentage points, (low, high)."""
    rate = reward_rate(Settings(program=SCALED, **settings), D(minutes))
    return rate.low * 100, rate.high * 100


def part(mission: str, minutes: str = "40", **settings) -> tuple[D, D]:
    rate = reward_rate(Settings(program=SCALED, **settings), D(minutes))
    (found,) = [p for p in rate.parts if p.mission == mission]
    return found.low, found.high


# --- each mission, by hand (Creator Academy, 2025-02-06; data/reward_rules.csv) -------------------------


@pytest.mark.parametrize(("minutes", "expected"), [
    ("1", (20, 20)), ("4.99", (20, 20)),  # under 5 minutes: 20
    ("5", (20, 38)), ("15", (20, 38)), ("24.99", (20, 38)),  # 5 to 25: no source, the sourced ends as a range
    ("25", (38, 38)), ("240", (38, 38)),  # 25 or more: 38
])
def test_the_duration_mission(minutes, expected):
    assert part("duration", minutes) == expected


@pytest.mark.parametrize(("followers", "expected"), [(0, 0), (4, 0), (5, 2), (700, 2)])
def test_new_followers_give_2_points_at_5(followers, expected):
    assert part("new_followers", new_followers=followers) == (expected, expected)


@pytest.mark.parametrize(("lives", "expected"), [(0, 0), (1, 6), (2, 8), (5, 8)])
def test_weekly_lives_give_6_for_one_and_8_for_two(lives, expected):
    assert part("weekly_lives", weekly_lives=lives) == (expected, expected)


@pytest.mark.parametrize(("members", "expected"), [(9, 0), (10, 1), (1999, 1), (2000, 2)])
def test_team_members_give_1_at_10_and_2_at_2000(members, expected):
    assert part("team_members", team_members=members) == (expected, expected)


@pytest.mark.parametrize(("league", "expected"), [("none", 0), ("kept", 1), ("highest", 3)])
def test_the_league_mission(league, expected):
    assert part("league", league=league) == (expected, expected)


def test_the_missions_add_up():
    # 38 (40 minutes) + 2 (7 followers) + 8 (2 weekly LIVEs) = 48: the example
    assert points(new_followers=7, weekly_lives=2) == (48, 48)
    # + 1 (12 team members) + 1 (league kept) - 5 deducted = 45
    assert points(new_followers=7, weekly_lives=2, team_members=12, league="kept", deduction=5) == (45, 45)
    rate = reward_rate(Settings(program=SCALED, new_followers=7, weekly_lives=2), D(40))
    assert rate.low == D("0.48")
    assert rate.text() == "Reward rate 48%: 38 for 25+ minutes, +2 for 5+ new followers, +8 for 2 weekly LIVEs"


def test_every_mission_reached_is_the_cap_of_53():
    assert points(new_followers=5, weekly_lives=2, team_members=2000, league="highest") == (53, 53)


def test_the_cap_holds_when_the_rules_would_give_more():
    # A later rule change (a data change) that pays 10 points for the highest league: 38 + 2 + 8 + 2 + 10 = 60, capped at 53.
    rules = tuple(rule._replace(points=D(10)) if rule.rule == "league" and rule.at == "highest" else rule
                  for rule in load_rules())
    rate = reward_rate(Settings(SCALED, 5, 2, 2000, "highest"), D(40), rules)
    assert (rate.points_low, rate.low) == (60, D("0.53"))
    assert "(capped at 53)" in rate.text()


def test_the_floor_is_0():
    # Under 5 minutes with the most deducted: 20 - 20 = 0.
    assert points("3", deduction=20) == (0, 0)
    # With rules paying 15 points under 5 minutes: 15 - 20 = -5, never below 0.
    rules = tuple(rule._replace(points=D(15)) if rule.rule == "duration" and rule.at == "0" else rule for rule in load_rules())
    rate = reward_rate(Settings(program=SCALED, deduction=20), D(3), rules)
    assert (rate.points_low, rate.low, rate.high) == (-5, 0, 0)


def test_the_range_between_5_and_25_minutes_carries_the_other_missions():
    # 20 to 38 for 15 minutes, + 2 + 8, - 3: 27 to 45
    assert points("15", new_followers=5, weekly_lives=2, deduction=3) == (27, 45)


def test_a_rate_stated_outright_replaces_the_missions():
    rate = reward_rate(Settings(program=SCALED, new_followers=7, weekly_lives=2, rate=D("0.46")), D(15))
    assert (rate.low, rate.high, rate.parts, rate.stated) == (D("0.46"), D("0.46"), (), True)
    assert "stated in the scenario" in rate.text()


def test_flat_is_50_percent_whatever_the_stream():
    for minutes in ("1", "15", "90"):
        rate = reward_rate(Settings(), D(minutes))
        assert (rate.low, rate.high) == (D("0.5"), D("0.5"))


# --- the money ------------------------------------------------------------------------------------------

BASE = """\
stream:
  duration_minutes: {minutes}
  average_viewers: 100
gifts:
  - gift: Galaxy
    count: 1
payout:
  agency_commission: 0.10
  withdrawal_fee: 0.02
  tax_rate: 0.15
"""


def scenario(write_scenario, minutes="40", rewards=""):
    return load_scenario(write_scenario(BASE.format(minutes=minutes) + rewards))


def assert_identities(waterfall, viewer_spend):
    assert viewer_spend == waterfall.platform_share + waterfall.creator_gross
    assert waterfall.creator_net == (waterfall.creator_gross - waterfall.agency_commission - waterfall.withdrawal_fees
                                     - waterfall.tax)


def test_gross_is_diamonds_times_the_rate_times_a_cent(write_scenario):
    exact = calculate(scenario(write_scenario, rewards="rewards: {program: scaled-2025, new_followers: 7, weekly_lives: 2}\n"))
    # 1,000 diamonds × 48% × $0.01 = $4.80; agency 10%: 0.48; fees 2% of 4.32: 0.0864; tax 15% of 4.2336: 0.63504
    assert exact.creator_gross == D("4.80")
    assert (exact.agency_commission, exact.withdrawal_fees, exact.tax) == (D("0.480"), D("0.08640"), D("0.6350400"))
    assert exact.creator_net == D("3.5985600")
    assert exact.viewer_spend == D("13.3000")  # 1,000 coins at $0.0133: the viewer pays the same under any program
    assert_identities(exact, exact.viewer_spend)
    assert exact.reward.high is None


def test_flat_rewards_give_todays_figures_exactly(write_scenario):
    without = calculate(scenario(write_scenario))
    flat = calculate(scenario(write_scenario, rewards="rewards: {program: flat}\n"))
    assert without.creator_gross == flat.creator_gross == D("5.000")  # $0.005 a diamond
    for name in ("viewer_spend", "platform_share", "agency_commission", "withdrawal_fees", "tax", "creator_net"):
        assert getattr(without, name) == getattr(flat, name)
    assert without.reward is None


def test_a_range_gives_both_ends_each_with_exact_identities(write_scenario):
    exact = calculate(scenario(write_scenario, "15", "rewards: {program: scaled-2025, new_followers: 5}\n"))
    rate = exact.reward.rate
    assert (rate.low, rate.high) == (D("0.22"), D("0.40"))
    assert exact.creator_gross == D("2.20")  # the figures are at the low end: 1,000 × 22% × $0.01
    high = exact.reward.high
    assert high.creator_gross == D("4.00")  # the high end beside them: 1,000 × 40% × $0.01
    assert high.creator_net == D("4.00") * D("0.9") * D("0.98") * D("0.85")
    assert_identities(exact, exact.viewer_spend)
    assert_identities(high, exact.viewer_spend)
    shown = rounded(exact)  # rounded to the cent, the identities still hold at both ends
    assert_identities(shown, shown.viewer_spend)
    assert_identities(shown.reward.high, shown.viewer_spend)
    assert (shown.creator_net, shown.reward.high.creator_net) == (D("1.65"), D("3.00"))


def test_a_stated_rate_is_one_figure_at_any_length(write_scenario):
    exact = calculate(scenario(write_scenario, "15", "rewards: {program: scaled-2025, rate: 0.46}\n"))
    assert exact.creator_gross == D("4.60")
    assert exact.reward.high is None


def test_json_carries_the_rate_and_its_points(write_scenario):
    path = write_scenario(BASE.format(minutes=15) + "rewards: {program: scaled-2025, new_followers: 7, weekly_lives: 2}\n")
    result = invoke("run", path, "--format", "json")
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.stdout)["scenarios"]
    assert (item["reward_rate"], item["reward_rate_high"]) == ("0.3", "0.48")
    points = item["reward_points"]
    assert [(p["mission"], p["low"], p["high"]) for p in points["parts"]][:3] == [
        ("duration", "20", "38"), ("new_followers", "2", "2"), ("weekly_lives", "8", "8")]
    assert (points["total_low"], points["total_high"], points["cap"]) == ("30", "48", "53")
    assert item["reward_high"]["creator_gross"] == "4.80"
    assert item["creator_gross"] == "3.00"


def test_json_of_a_scenario_without_rewards_has_no_reward_keys(write_scenario):
    result = invoke("run", write_scenario(BASE.format(minutes=40)), "--format", "json")
    (item,) = json.loads(result.stdout)["scenarios"]
    assert not [key for key in item if key.startswith("reward")]


def test_the_breakdown_shows_the_rate_and_what_hearts_do_not_change(write_scenario):
    path = write_scenario(BASE.format(minutes=40) + "rewards: {program: scaled-2025, new_followers: 7, weekly_lives: 2}\n")
    result = invoke("run", path)
    text = " ".join(result.stdout.split())
    assert "Reward rate 48%: 38 for 25+ minutes, +2 for 5+ new followers, +8 for 2 weekly LIVEs" in text
    assert "Hearts do not change the reward rate: new followers and the stream's length do." in text
    assert "1,000 diamonds at 48% of $0.01" in text


# --- what-if over the stream's length --------------------------------------------------------------------

REWARDED = "rewards: {program: scaled-2025, new_followers: 7, weekly_lives: 2}\n"


def test_sweeping_minutes_shows_the_step_at_25(write_scenario):
    loaded = scenario(write_scenario, "40", REWARDED)
    field = parse_field("stream.duration_minutes", loaded)
    # 40 minutes: 1,000 coins, so 25 coins a minute; 24 minutes: 600 diamonds at 30%; 25: 625 at 48%
    at_24, at_25 = (evaluate(loaded, field, D(minutes)).report for minutes in (24, 25))
    assert (at_24.creator_gross, at_25.creator_gross) == (D("1.80"), D("3.00"))


def test_goal_finds_25_minutes_when_the_step_reaches_the_target(write_scenario):
    loaded = scenario(write_scenario, "40", REWARDED)
    field = parse_field("stream.duration_minutes", loaded)
    at_25 = evaluate(loaded, field, D(25)).report.creator_net
    goal = solve(loaded, field, at_25 - D("0.50"))  # more than 24 minutes give, less than 25 do
    assert goal.answer.value == 25
    assert goal.below.report.creator_net < goal.target <= goal.answer.report.creator_net


def test_goal_on_minutes_above_the_step_is_still_the_smallest(write_scenario):
    loaded = scenario(write_scenario, "40", REWARDED)
    field = parse_field("stream.duration_minutes", loaded)
    goal = solve(loaded, field, D("3.00"))
    assert goal.answer is not None
    assert goal.answer.report.creator_net >= D("3.00") > goal.below.report.creator_net


# --- plausibility ----------------------------------------------------------------------------------------


def warnings_of(write_scenario, text):
    return [str(problem) for problem in load_scenario(write_scenario(text)).warnings]


@pytest.mark.parametrize(("extra", "expected"), [
    ("coin_rates: {payout_per_diamond: 0.02}\n", "more than the viewer paid for it"),
    ("coin_rates: {viewer_price_per_coin: 0.004}\nrewards: {program: scaled-2025, rate: 0.5}\n",
     "more than the viewer paid for it"),
    ("payout: {tax_rate: 1}\n", "`payout.tax_rate` is 1, that is 100%"),
    ("payout: {withdrawal_fee: 1}\n", "`payout.withdrawal_fee` is 1, that is 100%"),
    ("payout: {agency_commission: 1}\n", "`payout.agency_commission` is 1, that is 100%"),
    ("payout: {currency: EUR, fx_rate: 151.37}\n", "`payout.fx_rate` 151.37 is far from any recent EUR rate"),
    ("payout: {currency: JPY, fx_rate: 0.92}\n", "is far from any recent JPY rate"),
    ("hearts: 50000\n", "beyond the hearts model's evidence"),
    ("rewards: {program: flat, new_followers: 9}\n", "change nothing under the flat program"),
])
def test_each_warning(write_scenario, extra, expected):
    text = "stream: {duration_minutes: 40, average_viewers: 100}\ngifts: [{gift: Rose, count: 10}]\n" + extra
    found = warnings_of(write_scenario, text)
    assert len(found) == 1 and expected in found[0] and "warning: " in found[0], found


def test_a_short_stream_under_scaled_rewards_warns(write_scenario):
    found = warnings_of(write_scenario, "stream: {duration_minutes: 4, average_viewers: 100}\n"
                                        "rewards: {program: scaled-2025}\n")
    assert len(found) == 1 and found[0].startswith(f"{write_scenario('', 'unused.yaml').parent}/scenario.yaml:1: ")
    assert "a stream under 5 minutes under scaled-2025" in found[0]


def test_plausible_values_do_not_warn(write_scenario):
    text = ("stream: {duration_minutes: 40, average_viewers: 100}\nhearts: 4000\ngifts: [{gift: Rose, count: 10}]\n"
            "payout: {currency: EUR, fx_rate: 0.92, tax_rate: 0.01}\nrewards: {program: scaled-2025, rate: 0.53}\n")
    assert warnings_of(write_scenario, text) == []


def test_warnings_reach_stderr_never_stdout(write_scenario):
    path = write_scenario("stream: {duration_minutes: 4, average_viewers: 100}\ngifts: [{gift: Rose, count: 10}]\n"
                          "hearts: 50000\npayout: {tax_rate: 1, currency: EUR, fx_rate: 151.37}\n"
                          "rewards: {program: scaled-2025}\n")
    result = invoke("run", path, "--format", "json")
    assert result.exit_code == 0  # the figures are still computed
    assert "warning: " not in result.stdout
    (item,) = json.loads(result.stdout)["scenarios"]
    assert item["creator_net"] == "0.00"  # tax of 100%: as written
    assert result.stderr.count("warning: ") == 4, result.stderr


def test_rates_lists_the_programs_with_their_sources():
    result = invoke("rates", "--format", "json")
    document = json.loads(result.stdout)
    programs = {program["name"]: program for program in document["reward_programs"]}
    assert list(programs) == ["flat", "scaled-2025"]
    assert programs["scaled-2025"]["since"] == "2025-02-10"
    assert "Creator Academy" in programs["scaled-2025"]["source"]
    assert document["diamond_face_value_usd"] == "0.01"
    text = " ".join(invoke("rates").stdout.split())
    assert "Reward programs" in text and "Business Insider" in text


def test_every_rule_names_its_source_and_date():
    for rule in load_rules():
        assert rule.source and rule.as_of, rule


def test_a_rate_of_0_makes_a_goal_unreachable_except_by_a_longer_stream(write_scenario):
    loaded = scenario(write_scenario, "3", "rewards: {program: scaled-2025, deduction: 20}\n")  # 20 - 20 = 0%
    viewers = solve(loaded, parse_field("stream.average_viewers", loaded), D(1))
    assert viewers.answer is None and "the reward rate is 0%" in viewers.reason
    minutes = solve(loaded, parse_field("stream.duration_minutes", loaded), D(1))
    assert minutes.answer.value == 25  # 38 - 20 = 18% from 25 minutes on


def test_the_table_states_the_high_end_waterfall_deduction_by_deduction(write_scenario):
    # 1,000 coins (Rose), 10 minutes: 20 to 38 points. At 38%: gross 1,000 diamonds × $0.0038 = $3.80 of the
    # viewers' $13.30; agency 10% = $0.38 (leaves 3.42), fees 2% of that = 0.0684 (leaves 3.3516: $3.35, so $0.07),
    # tax 15% = 0.50274 (net 2.84886: $2.85, so $0.50).
    path = write_scenario("stream: {duration_minutes: 10, average_viewers: 100}\ngifts: [{gift: Rose, count: 1000}]\n"
                          "rewards: {program: scaled-2025}\n"
                          "payout: {agency_commission: 0.1, withdrawal_fee: 0.02, tax_rate: 0.15}\n")
    result = invoke("run", path)
    assert result.exit_code == 0, result.output
    assert ("At the high end (38%): creator gross $3.80 (TikTok and app stores $9.50), − agency $0.38, − fees $0.07,"
            " − tax $0.50, = creator net $2.85.") in " ".join(result.stdout.split())
