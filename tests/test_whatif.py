"""`sweep` and `goal`: points agree with `run`, goals are checked at the answer and one step below, and bad input is refused."""

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from tiktok_earnings.calculator import calculate
from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode
from tiktok_earnings.numbers import round_half_up
from tiktok_earnings.render.sweep import SWEEP_COLUMNS, goal_view, sweep_view
from tiktok_earnings.report import rounded
from tiktok_earnings.scenario.reader import load_scenario
from tiktok_earnings.whatif.fields import parse_field, value_of
from tiktok_earnings.whatif.goal import PATH_POINTS, goal_field, parse_target, solve
from tiktok_earnings.whatif.goal import path as goal_path
from tiktok_earnings.whatif.points import scaled as scaled_breakdown
from tiktok_earnings.whatif.sweep import parse_vary, sweep, sweep_values

from .cli_runner import CliRunner
from .conftest import CONFIGS, ROOT

runner = CliRunner()
GROWING = str(CONFIGS / "whatif-growing-stream.yaml")
FRIDAY = str(CONFIGS / "friday-qa.yaml")
BERLIN = str(CONFIGS / "berlin-web-coins-eur.yaml")
MONEY = ("viewer_spend", "platform_share", "creator_gross", "agency_commission", "withdrawal_fees", "tax", "creator_net")


def invoke(*args: str):
    return runner.invoke(app, list(args), prog_name="tiktok-earnings")


def flat(text: str) -> str:
    """Text with Rich's box borders and line wrapping taken out, to look for a message in a usage error."""
    return " ".join(text.replace("│", " ").replace("╭", " ").replace("╰", " ").split())


def sweep_points(path: str, vary: str) -> tuple[dict, list[dict]]:
    result = invoke("sweep", path, "--vary", vary, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    return document["sweep"], document["points"]


def goal_of(path: str, target: str, field: str, expect: int = ExitCode.OK) -> dict:
    result = invoke("goal", path, "--target-net", target, "--solve", field, "--format", "json")
    assert result.exit_code == expect, result.output
    return json.loads(result.stdout)["goal"]


def run_json(path) -> dict:
    result = invoke("run", str(path), "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    (scenario,) = json.loads(result.stdout)["scenarios"]
    return scenario


def shown(scenario) -> object:
    """The scenario as `run` shows it: calculated exactly, then rounded."""
    return rounded(calculate(scenario))


# --- sweep points agree with run -------------------------------------------------------------


SETTING_SWEEPS = [
    (FRIDAY, "coin_rates.payout_per_diamond=0.004..0.006:5"),
    (FRIDAY, "coin_rates.diamonds_per_coin=0.5..1:3"),
    (FRIDAY, "coin_rates.viewer_price_per_coin=0.0106..0.0155:10"),
    (FRIDAY, "payout.agency_commission=0..0.3:4"),
    (FRIDAY, "payout.withdrawal_fee=0..0.05:6"),
    (FRIDAY, "payout.tax_rate=0..0.45:4"),
    (BERLIN, "payout.fx_rate=0.85..0.95:3"),
    (FRIDAY, "gifts[Rose].count=0..1000:5"),
    (FRIDAY, "gifts[3].count=0..4:5"),
    (GROWING, "gifts[galaxy].count=0..10:6"),
]


@pytest.mark.parametrize(("path", "vary"), SETTING_SWEEPS, ids=[vary.split("=")[0] for _, vary in SETTING_SWEEPS])
def test_a_setting_or_count_sweep_equals_run_at_every_point(path, vary):
    header, points = sweep_points(path, vary)
    scenario = load_scenario(path)
    section, _, key = header["field"].partition(".")
    for point in points:
        value = D(point["value"])
        if section.startswith("gifts["):
            index = int(section[len("gifts["):-1])
            gifts = list(scenario.gifts)
            gifts[index] = gifts[index]._replace(count=int(value))
            changed = scenario._replace(gifts=tuple(gifts))
        else:
            changed = scenario._replace(**{section: getattr(scenario, section)._replace(**{key: value})})
        direct = shown(changed)
        assert {name: point[name] for name in MONEY} == {name: str(getattr(direct, name)) for name in MONEY}, point["value"]
        assert point["hearts"]["indirect_value"]["base"] == str(direct.hearts.indirect_value.base)
    assert sum(point["is_scenario"] for point in points) <= 1


def test_sweep_points_equal_the_run_command_on_a_file_written_by_hand(tmp_path):
    _, points = sweep_points(FRIDAY, "payout.tax_rate=0..0.3:4")
    data = yaml.safe_load(Path(FRIDAY).read_text(encoding="utf-8"))
    for point in points:
        data["payout"]["tax_rate"] = float(point["value"])  # short decimals round-trip exactly through YAML text
        (tmp_path / "changed.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        direct = run_json(tmp_path / "changed.yaml")
        assert (point["creator_net"], point["creator_gross"], point["tax"]) == (direct["creator_net"], direct["creator_gross"], direct["tax"])


def test_doubling_the_viewers_doubles_gross_and_equals_run_with_every_count_doubled(tmp_path):
    _, points = sweep_points(GROWING, "stream.average_viewers=300..600:2")
    now, doubled = points
    assert now["is_scenario"] and not doubled["is_scenario"]
    assert abs(D(doubled["creator_gross"]) - 2 * D(now["creator_gross"])) <= D("0.01")
    assert now["creator_net"] == run_json(GROWING)["creator_net"]
    data = yaml.safe_load(Path(GROWING).read_text(encoding="utf-8"))
    data["stream"]["average_viewers"] *= 2
    data["hearts"] *= 2
    for gift in data["gifts"]:
        gift["count"] *= 2
    (tmp_path / "doubled.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    direct = run_json(tmp_path / "doubled.yaml")
    assert {name: doubled[name] for name in MONEY} == {name: direct[name] for name in MONEY}
    assert doubled["hearts"]["count"] == direct["hearts"]["count"]
    assert doubled["hearts"]["indirect_value"] == direct["hearts"]["indirect_value"]
    assert D(doubled["coins"]) == direct["coins"]


def test_minutes_scale_gifts_like_viewers_do():
    _, by_minutes = sweep_points(FRIDAY, "stream.duration_minutes=45..180:4")
    _, by_viewers = sweep_points(FRIDAY, "stream.average_viewers=175..700:4")
    assert [p["creator_net"] for p in by_minutes] == [p["creator_net"] for p in by_viewers]
    assert [p["gift_factor"]["base"] for p in by_minutes] == ["0.5", "1", "1.5", "2"]


def test_scaled_multiplies_every_money_figure_exactly():
    scenario = load_scenario(FRIDAY)
    doubled = scenario._replace(gifts=tuple(line._replace(count=2 * line.count) for line in scenario.gifts))
    scaled = scaled_breakdown(calculate(scenario), D(2))
    direct = calculate(doubled)
    for name in (*MONEY, "diamonds"):
        assert getattr(scaled, name) == getattr(direct, name), name
    assert scaled.coins == direct.coins
    assert [row.creator_gross for row in scaled.gifts] == [row.creator_gross for row in direct.gifts]
    for scaled_value, direct_value in zip(scaled.hearts.indirect_value, direct.hearts.indirect_value, strict=True):
        assert abs(scaled_value - direct_value) < D("1e-20")  # the same to the 28 digits Decimal keeps, but the last


# --- hearts ----------------------------------------------------------------------------------


def test_a_hearts_sweep_keeps_the_direct_value_at_zero_and_meets_run_at_the_scenarios_hearts():
    header, points = sweep_points(GROWING, "hearts=0..72000:9")
    assert header["field"] == "hearts" and header["scenario_value"] == "36000"
    assert all(point["hearts"]["direct_value"] == "0.00" for point in points)
    (at_scenario,) = [point for point in points if point["is_scenario"]]
    direct = run_json(GROWING)
    assert at_scenario["value"] == "36000"
    assert {name: at_scenario[name] for name in MONEY} == {name: direct[name] for name in MONEY}
    assert at_scenario["gift_factor"] == {"low": "1", "base": "1", "high": "1"}
    nets = [D(point["creator_net"]) for point in points]
    assert nets == sorted(nets) and nets[0] < nets[-1]  # more hearts, more gifts, by the model
    for point in points:
        band = {case: D(value) for case, value in point["creator_net_range"].items()}
        assert band["base"] == D(point["creator_net"])
        above = D(point["value"]) > 36000
        assert (band["low"] <= band["base"] <= band["high"]) if above else (band["low"] >= band["base"] >= band["high"])


def test_a_hearts_sweep_follows_the_hearts_model_formula():
    scenario = load_scenario(GROWING)
    exact_net = calculate(scenario).creator_net
    k_viewer_minutes = scenario.engagement.reference_hearts_per_viewer_minute * scenario.stream.viewer_minutes
    _, points = sweep_points(GROWING, "hearts=0..200000:5")
    for point in points:
        ratio = (k_viewer_minutes + D(point["value"])) / (k_viewer_minutes + scenario.hearts)
        for case, elasticity in zip(("low", "base", "high"), scenario.engagement.elasticity, strict=True):
            assert point["creator_net_range"][case] == str(round_half_up(exact_net * ratio ** elasticity))


def test_whole_number_fields_are_rounded_and_not_repeated():
    scenario = load_scenario(GROWING)
    field = parse_field("hearts", scenario)
    assert sweep_values(field, D(0), D(10), 4) == (D(0), D(3), D(7), D(10))
    assert sweep_values(field, D(0), D(2), 5) == (D(0), D(1), D(2))
    rate = parse_field("coin_rates.viewer_price_per_coin", scenario)
    assert [str(v) for v in sweep_values(rate, D("0.0106"), D("0.0155"), 3)] == ["0.0106", "0.01305", "0.0155"]


# --- goals -----------------------------------------------------------------------------------


def net_at(path: str, field: str, value: D) -> D:
    """The net at one value, through `sweep` at that value and one below it (STEPS 2)."""
    _, points = sweep_points(path, f"{field}={value - 1}..{value}:2")
    return D(points[-1]["creator_net"])


@pytest.mark.parametrize(("path", "target", "field"), [
    (GROWING, "30", "stream.average_viewers"),
    (GROWING, "30", "stream.duration_minutes"),
    (GROWING, "20", "hearts"),
    (FRIDAY, "200", "stream.average_viewers"),
    (FRIDAY, "200", "hearts"),
    (BERLIN, "12.5", "stream.average_viewers"),
])
def test_goal_reaches_the_target_at_the_answer_and_not_one_step_below(path, target, field):
    goal = goal_of(path, target, field)
    answer, below = D(goal["answer"]), D(goal["one_step_below"])
    assert goal["reached"] and not goal["already_reached"] and answer == below + 1
    _, (at_below, at_answer) = sweep_points(path, f"{field}={below}..{answer}:2")
    assert D(at_answer["creator_net"]) >= D(target) > D(at_below["creator_net"])
    assert (at_answer["creator_net"], at_below["creator_net"]) == (goal["net_at_answer"], goal["net_one_step_below"])
    assert goal["method"] == ("search" if field == "hearts" else "exact")


@pytest.mark.parametrize(("path", "target", "field"), [
    (GROWING, "30", "stream.average_viewers"), (GROWING, "20", "hearts"), (FRIDAY, "300", "gifts[0].count"),
    (FRIDAY, "1", "gifts[0].count"),  # already reached: the answer lies below the scenario's value
    (FRIDAY, "100000", "hearts"),  # out of reach: up to the search's bound
])
def test_a_goals_path_runs_in_order_from_the_scenario_to_the_answer_through_every_point_it_names(path, target, field):
    scenario = load_scenario(path)
    goal = solve(scenario, goal_field(field, scenario), D(target))
    points = goal_path(goal)
    values = [point.value for point in points]
    assert values == sorted(set(values)) and PATH_POINTS <= len(values) <= PATH_POINTS + 3
    named = [point for point in (goal.now, goal.answer, goal.below) if point is not None]
    assert all(point in points for point in named)
    end = goal.answer or goal.bound
    assert {values[0], values[-1]} == {goal.now.value, end.value}
    if goal.field.whole:
        assert all(value == value.to_integral_value() for value in values)
    assert [point.report.creator_net for point in points] == sorted(point.report.creator_net for point in points)


@pytest.mark.parametrize("field", ["stream.average_viewers", "stream.duration_minutes"])
def test_an_audience_goal_agrees_with_proportional_scaling_of_the_exact_net(field):
    scenario = load_scenario(GROWING)
    exact_net, now = calculate(scenario).creator_net, value_of(scenario, parse_field(field, scenario))
    goal = goal_of(GROWING, "30", field)
    answer = D(goal["answer"])
    assert round_half_up(exact_net * answer / now) >= 30 > round_half_up(exact_net * (answer - 1) / now)


def test_a_gift_count_goal_is_checked_by_running_the_scenario_at_the_answer():
    scenario = load_scenario(GROWING)
    goal = goal_of(GROWING, "30", "gifts[Galaxy].count")
    assert goal["field"] == "gifts[3].count" and goal["answer"] == "7"
    for count, reaches in ((7, True), (6, False)):
        gifts = list(scenario.gifts)
        gifts[3] = gifts[3]._replace(count=count)
        assert (shown(scenario._replace(gifts=tuple(gifts))).creator_net >= 30) is reaches


def test_a_goal_the_scenario_already_reaches_gives_the_least_value_that_still_does():
    goal = goal_of(GROWING, "10", "stream.average_viewers")
    assert goal["already_reached"] and goal["reached"]
    answer = D(goal["answer"])
    assert answer < 300
    assert D(goal["net_at_answer"]) >= 10 > D(goal["net_one_step_below"])
    assert net_at(GROWING, "stream.average_viewers", answer) == D(goal["net_at_answer"])


def test_a_gift_count_of_zero_can_be_the_answer_with_no_step_below():
    goal = goal_of(GROWING, "5", "gifts[Rose].count")
    assert goal["answer"] == "0" and goal["one_step_below"] is None and goal["already_reached"]


def test_hearts_alone_never_pay_without_gifts(write_scenario):
    path = str(write_scenario("stream: {duration_minutes: 60, average_viewers: 100}\nhearts: 50000\n"))
    result = invoke("goal", path, "--target-net", "1", "--solve", "hearts")
    assert result.exit_code == ExitCode.EXPECTATION_FAILED
    assert "cannot be reached" in result.stdout
    assert result.stderr.startswith(f"{path}: a creator net of 1.00 USD cannot be reached by changing hearts: the scenario has no gifts")
    assert "hearts are worth nothing directly" in result.stderr and "Traceback" not in result.output
    goal = goal_of(path, "1", "hearts", expect=ExitCode.EXPECTATION_FAILED)
    assert goal["reached"] is False and goal["answer"] is None and "no gifts" in goal["reason"]
    assert goal_of(path, "1", "stream.average_viewers", expect=ExitCode.EXPECTATION_FAILED)["answer"] is None


def test_hearts_beyond_the_models_bound_cannot_reach_the_target_and_the_bound_is_stated():
    result = invoke("goal", GROWING, "--target-net", "50", "--solve", "hearts")
    assert result.exit_code == ExitCode.EXPECTATION_FAILED
    assert "even 18,000,000 hearts (h/k = 1000, the search's bound)" in result.stderr
    assert "(net at the bound: 40.73 USD) — solve for stream.average_viewers" in result.stderr
    assert "no number of hearts alone reaches it" in result.stderr
    assert "Search bound" in result.stdout and "18,000,000 hearts" in result.stdout
    goal = goal_of(GROWING, "50", "hearts", expect=ExitCode.EXPECTATION_FAILED)
    assert goal["search_bound"] == "18000000" and D(goal["net_at_search_bound"]) < 50
    assert net_at(GROWING, "hearts", D(18_000_000)) == D(goal["net_at_search_bound"])


def test_a_hearts_answer_beyond_the_evidence_says_so():
    goal = goal_of(GROWING, "30", "hearts")
    assert D(goal["answer"]) > 10 * 18000
    assert any("beyond the model's evidence" in note and "extrapolation" in note for note in goal["notes"])


@pytest.mark.parametrize(("target", "field"), [("200", "stream.duration_minutes"), ("200", "stream.average_viewers"),
                                               ("0.01", "stream.duration_minutes"), ("1", "gifts[0].count")])
def test_a_goal_where_one_step_adds_less_than_a_cent_finds_the_least_value_far_below_the_guess(write_scenario, target,
                                                                                              field):
    """A Rose an hour: a minute adds 0.0075 cents, so about 130 values show 200.00. The answer was once looked
    for only 20 steps from the closed-form guess, and the goal ended in an internal error."""
    path = str(write_scenario("stream: {duration_minutes: 60, average_viewers: 100}\nhearts: 1000\n"
                              "gifts: [{gift: Rose, count: 1}]\npayout: {tax_rate: 0.1}\n"))
    goal = goal_of(path, target, field)
    answer, below = D(goal["answer"]), D(goal["one_step_below"])
    assert goal["reached"] and answer == below + 1
    assert D(goal["net_at_answer"]) >= D(target) > D(goal["net_one_step_below"])
    assert (net_at(path, field, answer), net_at(path, field, below)) == (D(goal["net_at_answer"]),
                                                                          D(goal["net_one_step_below"]))


@pytest.mark.parametrize(("scenario", "args", "point"), [
    ("stream: {duration_minutes: 60, average_viewers: 0.000000000001}\ngifts: [{gift: Rose, count: 1000000000000}]\n",
     ["sweep", "--vary", "stream.average_viewers=1..1000000000000:3"], "stream.average_viewers = 1"),
    ("stream: {duration_minutes: 60, average_viewers: 100}\nhearts: 100000\ngifts: [{gift: Rose, count: 10}]\n"
     "engagement: {elasticity: {low: 0, base: 1000, high: 1000000000000}}\n",
     ["sweep", "--vary", "hearts=0..1000000:3"], "hearts = 0"),
    ("stream: {duration_minutes: 60, average_viewers: 100}\nhearts: 100000\ngifts: [{gift: Rose, count: 10}]\n"
     "engagement: {elasticity: {low: 0, base: 1000, high: 1000000000000}}\n",
     ["goal", "--target-net", "100", "--solve", "hearts"], "hearts = "),
])
def test_a_point_whose_figures_no_report_can_show_is_an_input_error_not_a_crash(write_scenario, scenario, args, point):
    """Figures beyond 10^18 (run refuses a scenario with such figures), or past Decimal's 28 digits (InvalidOperation
    once ended the run with exit 3), or a power beyond Decimal's exponents (Overflow, likewise)."""
    path = str(write_scenario(scenario))
    result = invoke(args[0], path, *args[1:], "--format", "json")
    assert result.exit_code == ExitCode.INPUT_ERROR, result.stderr
    assert f"at {point}" in result.stderr
    assert "a figure would be larger than 1,000,000,000,000,000,000, the most a report shows" in result.stderr


def test_a_linear_goal_past_the_largest_value_is_unreachable_not_a_crash(write_scenario):
    path = str(write_scenario("stream: {duration_minutes: 60, average_viewers: 100}\ngifts: [{gift: Rose, count: 1}]\n"
                              "coin_rates: {payout_per_diamond: 0.0000000001}\n"))
    goal = goal_of(path, "1000000", "stream.average_viewers", expect=ExitCode.EXPECTATION_FAILED)
    assert "more than 1,000,000,000,000 average viewers" in goal["reason"]


def test_payout_settings_that_keep_nothing_make_any_goal_unreachable(write_scenario):
    path = str(write_scenario("stream: {duration_minutes: 60, average_viewers: 100}\ngifts: [{gift: Rose, count: 10}]\n"
                              "payout: {tax_rate: 1}\n"))
    goal = goal_of(path, "1", "gifts[0].count", expect=ExitCode.EXPECTATION_FAILED)
    assert "keep nothing of the creator's gross (agency commission 0, withdrawal fee 0, tax rate 1)" in goal["reason"]


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(("vary", "message"), [
    ("heart=0..10", "unknown field 'heart' — did you mean 'hearts'?"),
    ("stream.viewers=1..10", "unknown field 'stream.viewers' — did you mean 'stream.average_viewers'?"),
    ("hearts", "'hearts' is not FIELD=START..STOP[:STEPS]"),
    ("hearts=0-10", "'0-10' is not a range START..STOP[:STEPS]"),
    ("hearts=a..10", "START must be a number (got 'a')"),
    ("hearts=0..nan", "STOP must be a number (got 'nan')"),
    ("hearts=10..0", "START must be below STOP (got 10..0)"),
    ("hearts=0..10:1", "STEPS must be a whole number from 2 to 1000 (got '1')"),
    ("hearts=0..10:2.5", "STEPS must be a whole number from 2 to 1000 (got '2.5')"),
    ("hearts=0.5..10", "hearts must be a whole number (START is 0.5)"),
    ("hearts=-5..10", "hearts must not be below 0 (START is -5)"),
    ("stream.average_viewers=0..100", "stream.average_viewers must be greater than 0 (START is 0)"),
    ("payout.tax_rate=0..15", "payout.tax_rate must not be above 1 (STOP is 15) — give a fraction: 15% is 0.15"),
    ("coin_rates.payout_per_diamond=0..0.01", "coin_rates.payout_per_diamond must be greater than 0 (START is 0)"),
    ("payout.fx_rate=0.9..1", "payout.fx_rate can only vary when the report currency is not USD"),
    ("gifts[Rosa].count=0..5", "no gift 'Rosa' in the scenario — did you mean 'Rose'?"),
    ("gifts[9].count=0..5", "gifts[9] is not in the scenario: it has 4 gift lines — count from 0; the gifts are gifts[0] Rose,"),
    ("gifts[Rose].coins=0..5", "'gifts[Rose].coins' is not a field: only a gift's count can vary — write gifts[Rose].count"),
    ("gifts[0].count=0..2.5", "gifts[0].count must be a whole number (STOP is 2.5)"),
    ("hearts=0..1e40", "hearts must not be above 1,000,000,000,000 (STOP is 1E+40)"),
])
def test_a_bad_field_or_range_is_a_usage_error_that_says_what_to_do(vary, message):
    result = invoke("sweep", GROWING, "--vary", vary)
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    assert "Invalid value for '--vary'" in flat(result.stderr)
    assert message in flat(result.stderr)


def test_a_name_that_picks_two_gift_lines_asks_for_the_index(write_scenario):
    path = str(write_scenario("stream: {duration_minutes: 60, average_viewers: 100}\n"
                              "gifts: [{gift: Rose, count: 10}, {gift: rose, count: 5}]\n"))
    result = invoke("sweep", path, "--vary", "gifts[ROSE].count=0..5")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "'ROSE' names 2 gift lines: gifts[0], gifts[1] — pick one by its index" in flat(result.stderr)


@pytest.mark.parametrize(("args", "message"), [
    (["--target-net", "abc", "--solve", "hearts"], "Invalid value for '--target-net': --target-net must be a number (got 'abc')"),
    (["--target-net", "0", "--solve", "hearts"], "--target-net must be above 0 and at most 1,000,000,000,000 (got 0)"),
    (["--target-net", "1e13", "--solve", "hearts"], "--target-net must be above 0 and at most 1,000,000,000,000 (got 10000000000000)"),
    (["--target-net", "inf", "--solve", "hearts"], "--target-net must be a number (got 'inf')"),
    (["--target-net", "10", "--solve", "payout.tax_rate"], "goal cannot solve for payout.tax_rate — solve for stream.duration_minutes, stream.average_viewers, hearts,"),
    (["--target-net", "10", "--solve", "hearts_count"], "unknown field 'hearts_count' — did you mean 'hearts'?"),
])
def test_a_bad_goal_is_a_usage_error(args, message):
    result = invoke("goal", GROWING, *args)
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert message in flat(result.stderr) and result.stdout == ""


def test_a_broken_scenario_prints_each_problem_with_its_line_and_exits_2():
    from .conftest import DATA

    bad = str(DATA / "invalid" / "negative-count.yaml")
    for args in (["sweep", bad, "--vary", "hearts=0..10"], ["goal", bad, "--target-net", "5", "--solve", "hearts"]):
        result = invoke(*args)
        assert result.exit_code == ExitCode.INPUT_ERROR
        assert result.stderr.startswith(f"{bad}:7: `gifts[0].count` must not be below 0 (got -3) — ")
        assert result.stdout == ""


# --- formats, help, export -------------------------------------------------------------------


def test_sweep_json_has_a_header_and_one_line_per_point_with_money_as_two_decimal_strings():
    result = invoke("sweep", GROWING, "--vary", "hearts=0..200000:21", "-f", "json")
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + 21 + 1 and lines[0].startswith('{"schema_version": 1, "sweep": {')
    header, points = json.loads(result.stdout)["sweep"], json.loads(result.stdout)["points"]
    assert (header["start"], header["stop"], header["steps"], header["currency"]) == ("0", "200000", 21, "USD")
    assert any("worth nothing directly" in line for line in header["assumptions"])
    assert [point["value"] for point in points][:3] == ["0", "10000", "20000"]
    for point in points:
        assert all(len(point[name].split(".")[1]) == 2 for name in MONEY)
        assert D(point["creator_net"]) == D(point["creator_gross"]) - D(point["agency_commission"]) - D(point["withdrawal_fees"]) - D(point["tax"])
        assert D(point["viewer_spend"]) == D(point["platform_share"]) + D(point["creator_gross"])


def test_sweep_csv_has_stable_columns_and_one_row_per_point():
    result = invoke("sweep", FRIDAY, "--vary", "stream.average_viewers=50..2000:40", "-f", "csv")
    assert result.exit_code == ExitCode.OK, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(csv.reader(io.StringIO(result.stdout)).__next__()) == SWEEP_COLUMNS
    assert len(rows) == 40 and {row["field"] for row in rows} == {"stream.average_viewers"}
    assert [row["is_scenario"] for row in rows].count("true") == 1
    assert all("$" not in value and "," not in value for row in rows for value in row.values())
    assert rows[-1]["value"] == "2000" and D(rows[-1]["creator_net"]) > D(rows[0]["creator_net"])


def test_every_output_is_deterministic():
    for args in (["sweep", GROWING, "--vary", "hearts=0..200000:7"], ["goal", GROWING, "--target-net", "20", "--solve", "hearts"]):
        assert invoke(*args).stdout == invoke(*args).stdout


@pytest.mark.parametrize("command", ["sweep", "goal"])
def test_both_commands_have_help_with_examples_and_exit_codes(command):
    result = invoke(command, "--help")
    assert result.exit_code == ExitCode.OK, result.output
    text = flat(result.stdout)
    assert "Example" in text and f"tiktok-earnings {command} configs/whatif-growing-stream.yaml" in text
    assert "Exit codes: 0" in text and "Assumptions" in text


def test_sweep_exports_a_chart_a_page_or_the_terminals_text(tmp_path):
    for name in ("sweep.svg", "sweep.html", "sweep.txt"):
        result = invoke("sweep", GROWING, "--vary", "hearts=0..200000:5", "--export", str(tmp_path / name))
        assert result.exit_code == ExitCode.OK, result.output
        assert "Creator net by hearts" in result.stdout
        saved = (tmp_path / name).read_text()
        start = {"sweep.svg": "<svg", "sweep.html": "<!DOCTYPE html>", "sweep.txt": "Growing evening stream"}[name]
        assert saved.startswith(start) and "Creator net by hearts" in saved
    refused = invoke("sweep", GROWING, "--vary", "hearts=0..10", "-f", "json", "--export", str(tmp_path / "x.txt"))
    assert refused.exit_code == ExitCode.INPUT_ERROR and not (tmp_path / "x.txt").exists()


def test_the_core_loads_no_terminal_layer_and_json_never_loads_rich():
    code = (
        "import sys\nimport tiktok_earnings.whatif.goal, tiktok_earnings.whatif.sweep\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')]\n"
        "from tiktok_earnings.cli import app\n"
        "for args in (['sweep', 'configs/whatif-growing-stream.yaml', '--vary', 'hearts=0..100:3', '-f', 'json'],\n"
        "             ['goal', 'configs/whatif-growing-stream.yaml', '--target-net', '20', '--solve', 'hearts', '-f', 'json']):\n"
        "    try:\n"
        "        app(args, prog_name='tiktok-earnings')\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 0, exit.code\n"
        "assert 'rich' not in sys.modules, 'rich was loaded'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


# --- golden views ----------------------------------------------------------------------------


def pinned_console() -> Console:
    return Console(file=StringIO(), width=100, color_system=None, force_terminal=False, legacy_windows=False)


@pytest.mark.parametrize(("name", "path", "vary"), [
    ("sweep-hearts", "configs/whatif-growing-stream.yaml", "hearts=0..200000:11"),
    ("sweep-viewers", "configs/whatif-growing-stream.yaml", "stream.average_viewers=100..1000:10"),
    ("sweep-rose-count-eur", "configs/berlin-web-coins-eur.yaml", "gifts[Rose].count=0..1200:7"),
])
def test_sweep_view_matches_golden(name, path, vary, golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    console = pinned_console()
    console.print(sweep_view(sweep(load_scenario(path), parse_vary(vary))))
    golden(f"{name}.txt", console.file.getvalue())


@pytest.mark.parametrize(("name", "target", "field"), [
    ("goal-viewers", "30", "stream.average_viewers"),
    ("goal-hearts", "20", "hearts"),
    ("goal-hearts-unreachable", "50", "hearts"),
])
def test_goal_view_matches_golden(name, target, field, golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    scenario = load_scenario("configs/whatif-growing-stream.yaml")
    console = pinned_console()
    console.print(goal_view(solve(scenario, goal_field(field, scenario), parse_target(target))))
    golden(f"{name}.txt", console.file.getvalue())


def test_the_chart_scales_bars_to_the_width_and_draws_the_band():
    scenario = load_scenario(GROWING)
    console = pinned_console()
    console.print(sweep_view(sweep(scenario, parse_vary("hearts=0..200000:3"))))
    lines = console.file.getvalue().splitlines()
    bars = [line for line in lines if " │" in line and ("█" in line or "░" in line)]
    assert len(bars) == 3 and all(len(line.rstrip()) <= 100 for line in lines)
    assert "░" in bars[-1] and "▓" in bars[0]  # below the scenario's hearts the base is inside the band; above it, the band reaches beyond
    assert bars[-1].count("█") + bars[-1].count("▓") + bars[-1].count("░") == max(
        line.count("█") + line.count("▓") + line.count("░") for line in bars)
