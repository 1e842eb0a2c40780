"""JSON for scripts: `{"schema_version": 1, "scenarios": [...], "errors": [...]}` with stable keys.

Money is a fixed-point string with the currency's decimals ("123.45", "18533" in JPY), in the
scenario's report currency;
shares and rates are exact decimal strings. Nothing passes through float.

Each scenario is one line, written as soon as it is computed: a run over thousands of files never
holds the whole document, and Python's C encoder (which does not indent) does the work. Pipe the
output through `jq .` to read it indented.
"""

from collections.abc import Iterable
from decimal import Decimal

from tiktok_earnings.batch import Outcome
from tiktok_earnings.calculator import Breakdown, PeriodFigures
from tiktok_earnings.errors import Problem
from tiktok_earnings.figures import FIGURES, REWARD_FIGURES, REWARD_HIGH_FIGURES, nested
from tiktok_earnings.hearts.model import Engagement, Range
from tiktok_earnings.income import MONTHS_PER_YEAR, WEEKS_PER_MONTH
from tiktok_earnings.numbers import plain
from tiktok_earnings.render import render_all
from tiktok_earnings.render.json_text import SCHEMA_VERSION, JsonWriter
from tiktok_earnings.render.money import with_code, withdrawal_warning
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.spec import SECTION, children, value_or_default


def _range(values: Range) -> dict[str, object]:
    return {"low": str(values.low), "base": str(values.base), "high": str(values.high)}


def scenario_dict(report: Breakdown) -> dict:
    scenario = report.scenario
    figures = nested((figure.name, figure.json(figure.value(report))) for figure in FIGURES)
    return {
        "name": scenario.name,
        "source": scenario.source,
        "currency": report.currency,
        **{name: value for name, value in figures.items() if name not in ("other_income", "total_income")},
        **_reward(report),
        "other_income": _other_income(report, figures["other_income"]),
        "total_income": {
            "period": "month",
            "streams_per_month": plain(report.total_income.streams_per_month),
            "live_net": str(report.total_income.live_net),
            "other_income": str(report.total_income.other_income),
            "total": str(report.total_income.total),
        },
        "projection": _projection(report),
        "withdrawal": _withdrawal(report),
        "gifts": [
            {
                "gift": row.line.name,
                "gift_id": row.line.gift_id,
                "coins_each": row.line.coins_each,
                "count": row.line.count,
                "coins": row.line.coins,
                "creator_gross": str(row.creator_gross),
            }
            for row in report.gifts
        ],
        "assumptions": _assumptions(scenario),
    }


def _reward(report: Breakdown) -> dict:
    """The reward rate and its points, for a scenario with `rewards:` only; {} otherwise (the output as before)."""
    reward = report.reward
    if reward is None:
        return {}
    rate = reward.rate
    figures = nested((figure.name, figure.json(figure.value(report))) for figure in REWARD_FIGURES)
    return {
        **figures,
        "reward_points": {
            "program": rate.program,
            "stated": rate.stated,
            "parts": [{"mission": part.mission, "low": plain(part.low), "high": plain(part.high), "label": part.label}
                      for part in rate.parts],
            "total_low": plain(rate.points_low),
            "total_high": plain(rate.points_high),
            "cap": None if rate.cap is None else plain(rate.cap),
            "floor": None if rate.floor is None else plain(rate.floor),
            "text": rate.text(),
        },
        "reward_high": None if reward.high is None else nested(
            (figure.name.partition(".")[2], figure.json(figure.value(report))) for figure in REWARD_HIGH_FIGURES),
    }


def _other_income(report: Breakdown, figures: dict[str, object]) -> dict:
    other, given = report.other_income, report.scenario.other_income
    rewards, subscriptions = given.creator_rewards, given.subscriptions
    return {
        "period": "month",
        "affected_by_hearts": False,
        **figures,
        "creator_rewards_from": None if rewards is None else {
            "qualified_views": rewards.qualified_views, "rpm_usd": plain(rewards.rpm)},
        "subscriptions_from": None if subscriptions is None else {
            "subscribers": subscriptions.subscribers, "price_usd": plain(subscriptions.price),
            "region": subscriptions.region, "creator_share": plain(subscriptions.creator_share)},
        "deals": [{"name": deal.name, "amount": str(amount)}
                  for deal, amount in zip(given.brand_deals, other.brand_deals, strict=True)],
    }


def _projection(report: Breakdown) -> dict | None:
    projection = report.projection
    if projection is None:
        return None

    def period(figures: PeriodFigures) -> dict:
        return {"creator_gross": str(figures.creator_gross), "creator_net": str(figures.creator_net)}

    return {
        "streams_per_week": plain(projection.streams_per_week),
        "weeks_per_month": plain(WEEKS_PER_MONTH),
        "months_per_year": MONTHS_PER_YEAR,
        "per_stream": period(projection.per_stream),
        "per_week": period(projection.per_week),
        "per_month": period(projection.per_month),
        "per_year": period(projection.per_year),
    }


def _withdrawal(report: Breakdown) -> dict:
    withdrawal = report.withdrawal
    return {
        "minimum": str(withdrawal.minimum),
        "daily_cap": str(withdrawal.daily_cap),
        "month_net": str(withdrawal.month_net),
        "days_for_month": withdrawal.days_for_month,
        "stream_below_minimum": withdrawal.stream_below_minimum,
        "streams_to_minimum": withdrawal.streams_to_minimum,
        "warning": withdrawal_warning(report, with_code),
    }


def _assumptions(scenario: Scenario) -> dict:
    """The settings the scenario was calculated with: the keys scenario/spec.py marks `shown`, by section."""

    def shown(parent: str) -> dict:
        settings = {}
        for key in children(parent):
            value = shown(key.path) if key.kind == SECTION else _exact(value_or_default(scenario, key)) if key.shown else {}
            if value != {}:
                settings[key.shown_as or key.name] = value
        return settings

    settings = shown("")
    settings["engagement"] = {"source": _engagement_source(scenario.engagement), **settings["engagement"]}
    return settings


def _exact(value: object) -> object:
    return plain(value) if isinstance(value, Decimal) else value


def _engagement_source(engagement: Engagement) -> str:
    """"default", "scenario" (set by hand), or "calibrated" (written by `calibrate`, with its note)."""
    if engagement.calibrated:
        return "calibrated"
    return "default" if engagement.is_default else "scenario"


def outcome_dict(outcome: Outcome, report: Breakdown) -> dict:
    return scenario_dict(report) | {
        "status": outcome.status,
        "failed_expectations": [problem_dict(problem) for problem in outcome.failures],
    }


def problem_dict(problem: Problem) -> dict:
    return {"file": problem.file, "line": problem.line, "message": problem.message, "hint": problem.hint}


class JsonReport:
    """Computed scenarios under "scenarios", one a line; files that could not be computed under "errors"."""

    def __init__(self) -> None:
        self.json = JsonWriter(SCHEMA_VERSION)
        self.errors: list[dict] = []

    def start(self) -> str:
        return self.json.start() + self.json.open_list("scenarios")

    def add(self, outcome: Outcome) -> str:
        self.errors.extend(problem_dict(problem) for problem in outcome.problems)
        if outcome.report is None:
            return ""
        return self.json.item(outcome_dict(outcome, outcome.report))

    def finish(self) -> str:
        return self.json.close_list() + self.json.items("errors", self.errors) + self.json.finish()


def render_json(outcomes: Iterable[Outcome]) -> str:
    return render_all(JsonReport(), outcomes)
