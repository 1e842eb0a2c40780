"""JSON for scripts: `{"schema_version": 1, "scenarios": [...], "errors": [...]}` with stable keys, and
with --group-by, `"groups": [...]` after them (docs/json-output.md).

Money is a fixed-point string with the currency's decimals ("123.45", "18533" in JPY), in the
scenario's report currency;
shares and rates are exact decimal strings. Nothing passes through float.

Each scenario is one line, written as soon as it is computed: a run over thousands of files never
holds the whole document, and Python's C encoder (which does not indent) does the work. Pipe the
output through `jq .` to read it indented.
"""

import functools
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings.batch import Outcome
from tiktok_earnings.calculator import PeriodFigures
from tiktok_earnings.errors import Problem
from tiktok_earnings.figures import FIGURES, REWARD_FIGURES, REWARD_HIGH_FIGURES, as_json, nested, shape
from tiktok_earnings.hearts.model import Engagement, Range
from tiktok_earnings.income import MONTHS_PER_YEAR, WEEKS_PER_MONTH
from tiktok_earnings.numbers import plain
from tiktok_earnings.render import render_all
from tiktok_earnings.render.json_text import SCHEMA_VERSION, JsonWriter, dumps
from tiktok_earnings.render.money import with_code, withdrawal_warning
from tiktok_earnings.render.outcomes import plural
from tiktok_earnings.report import Report
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.spec import SECTION, Key, children, value_or_default

if TYPE_CHECKING:  # a run without --group-by, of scenario files only, needs neither
    from tiktok_earnings.groups import GroupBy, Total, Totals
    from tiktok_earnings.live.tally import Recording


def _range(values: Range) -> dict[str, object]:
    return {"low": str(values.low), "base": str(values.base), "high": str(values.high)}


# How the figures nest, worked out once: each line fills them in. total_income is written whole below, with what it adds.
_FIGURES = shape(figure for figure in FIGURES if not figure.name.startswith("total_income."))
_REWARD_FIGURES = shape(REWARD_FIGURES)
_REWARD_HIGH_FIGURES = shape(REWARD_HIGH_FIGURES)


def scenario_dict(report: Report) -> dict:
    scenario = report.scenario
    figures = as_json(_FIGURES, report)
    other_income = figures.pop("other_income")
    return {
        "name": scenario.name,
        "source": scenario.source,
        "currency": report.currency,
        **figures,
        **_reward(report),
        "other_income": _other_income(report, other_income),
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
                "gift": line.name,
                "gift_id": line.gift_id,
                "coins_each": line.coins_each,
                "count": line.count,
                "coins": line.coins,
                "creator_gross": str(creator_gross),
            }
            for line, creator_gross in report.gifts
        ],
        **({"guest_gifts": [  # only when a gift line says `to:` a guest: not the host's money, in no figure above
            {"gift": line.name, "gift_id": line.gift_id, "to": line.to, "coins_each": line.coins_each, "count": line.count,
             "coins": line.coins} for line in scenario.guest_gifts]} if scenario.guest_gifts else {}),
        "assumptions": _assumptions(scenario),
    }


def _reward(report: Report) -> dict:
    """The reward rate and its points, for a scenario with `rewards:` only; {} otherwise (the output as before)."""
    reward = report.reward
    if reward is None:
        return {}
    rate = reward.rate
    return {
        **as_json(_REWARD_FIGURES, report),
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
        "reward_high": None if reward.high is None else as_json(_REWARD_HIGH_FIGURES, report)["reward_high"],
    }


def _other_income(report: Report, figures: dict[str, object]) -> dict:
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


def _projection(report: Report) -> dict | None:
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


def _withdrawal(report: Report) -> dict:
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
    settings = _shown(scenario, _shown_plan(""))
    settings["engagement"] = {"source": _engagement_source(scenario.engagement), **settings["engagement"]}
    return settings


def _shown(scenario: Scenario, plan: tuple[tuple[str, Key, tuple], ...]) -> dict:
    """A section's stated settings, by a plan of _shown_plan: a value a key, and a section's own settings a section.

    A function of its own, not a closure made per scenario: a closure that calls itself is a reference cycle, which
    keeps the scenario alive until the garbage collector finds it, and makes the collector run several times as often.
    """
    settings: dict[str, object] = {}
    for name, key, inner in plan:
        if inner:
            settings[name] = _shown(scenario, inner)
        else:  # a decimal exactly, as it was given: no exponent, no trailing zeros
            value = value_or_default(scenario, key)
            settings[name] = plain(value) if isinstance(value, Decimal) else value
    return settings


@functools.cache
def _shown_plan(parent: str) -> tuple[tuple[str, Key, tuple], ...]:
    """(name in the JSON, key, its own plan) for each key under `parent` that is shown or holds one that is: a section's
    plan is never empty, a value's always is."""
    plan = []
    for key in children(parent):
        if key.kind == SECTION:
            inner = _shown_plan(key.path)
            if inner:
                plan.append((key.shown_as or key.name, key, inner))
        elif key.shown:
            plan.append((key.shown_as or key.name, key, ()))
    return tuple(plan)


def _engagement_source(engagement: Engagement) -> str:
    """"default", "scenario" (set by hand), or "calibrated" (written by `calibrate`, with its note)."""
    if engagement.calibrated:
        return "calibrated"
    return "default" if engagement.is_default else "scenario"


def outcome_dict(outcome: Outcome, report: Report, tiktok_diamonds: int | None = None) -> dict:
    line = scenario_dict(report)  # added to, not merged into a copy: a line has some thirty keys
    if outcome.recording is not None:
        line["recording"] = recording_dict(outcome.recording, report, tiktok_diamonds)
    line["status"] = outcome.status
    line["failed_expectations"] = [problem_dict(problem) for problem in outcome.failures]
    return line


def recording_dict(recording: "Recording", report: Report, tiktok_diamonds: int | None = None) -> dict:
    """A recording's own figures: every gifter, each minute, gifts to guests, battles (docs/json-output.md)."""
    return {
        "gifters": [{"user_id": gifter.user_id, "nickname": gifter.nickname, "coins": gifter.coins, "gifts": gifter.gifts}
                    for gifter in recording.gifters],
        "timeline": [{"minute": row.minute, "coins": row.coins, "hearts": row.hearts,
                      "viewers": None if row.viewers is None else plain(row.viewers)} for row in recording.timeline],
        "to_others": [{"to": guest.to, "nickname": guest.nickname, "coins": guest.coins} for guest in recording.to_others],
        "battles": [{"started_at": iso_utc(battle.started_at), "ended_at": iso_utc(battle.ended_at), "coins": battle.coins}
                    for battle in recording.battles],
        "hearts": {"while_recording": recording.hearts, "room_total": recording.room_hearts},
        "guests_received_coins": sum(guest.coins for guest in recording.to_others),
        "tiktok_diamonds": None if tiktok_diamonds is None else _reconciliation(reconcile(recording, report, tiktok_diamonds)),
    }


class Reconciliation(NamedTuple):
    """A recording's diamonds beside the figure in TikTok's LIVE summary, and what commonly explains the gap."""

    tiktok: int
    recorded: Decimal  # the host's diamonds, as computed from the recording
    reasons: tuple[str, ...]

    @property
    def difference(self) -> Decimal:
        """TikTok's figure minus the recording's: above 0, TikTok counted more."""
        return self.tiktok - self.recorded


def reconcile(recording: "Recording", report: Report, tiktok: int) -> Reconciliation:
    """The difference to TikTok's LIVE summary, and the usual explanations that apply to this recording."""
    recorded = report.diamonds
    reasons = []
    guests = sum(guest.coins for guest in recording.to_others)
    if tiktok > recorded:
        reasons.append(f"gifts sent before the recording connected ({recording.first_at.astimezone(UTC):%H:%M:%S} UTC):"
                       " TikTok sends no session total, so a recording only sees what came after it connected")
        reasons.append("events dropped while recording (a network gap, or a reconnect): each missing gift event is missing"
                       " coins")
        if recording.open_streaks or recording.unended_streaks:
            reasons.append("streaks without a final frame, counted as far as seen: the rest of the streak was not recorded")
    elif tiktok < recorded:
        reasons.append("events recorded twice (a client that reconnects can see some again; one user compared 205 diamonds"
                       " from a LIVE client with 101 in LIVE Studio, TikTok-Live-Connector#254)")
        reasons.append("gifts to a guest recorded without their recipient: they count as the host's here, as the guest's"
                       " at TikTok")
    if guests:
        reasons.append(f"{guests:,} coins went to guests (a recipient other than the host): not the host's, not in the recorded"
                       " figure; TikTok's summary for a multi-guest LIVE may show them")
    if recording.sessions > 1:
        reasons.append(f"{recording.sessions} recording sessions in one file: the time between them was not recorded")
    return Reconciliation(tiktok, recorded, tuple(reasons))


def iso_utc(at: datetime) -> str:
    """An ISO-8601 UTC time with microseconds, as the recorder writes `received_at`."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _reconciliation(reconciled: Reconciliation) -> dict:
    return {"tiktok": reconciled.tiktok, "recorded": plain(reconciled.recorded), "difference": plain(reconciled.difference),
            "explanations": list(reconciled.reasons)}


def problem_dict(problem: Problem) -> dict:
    return {"file": problem.file, "line": problem.line, "message": problem.message, "hint": problem.hint}


class JsonReport:
    """Computed scenarios under "scenarios", one a line; files that could not be computed under "errors";
    with `group_by`, the totals per group and currency under "groups" (groups.py)."""

    def __init__(self, tiktok_diamonds: int | None = None, group_by: "GroupBy | None" = None) -> None:
        self.json = JsonWriter(SCHEMA_VERSION)
        self.errors: list[dict] = []
        self.tiktok_diamonds = tiktok_diamonds
        self.groups: Totals | None = None
        if group_by is not None:
            from tiktok_earnings import groups

            self.groups = groups.Totals(group_of=group_by.of)
        self.scenarios = 0

    def start(self) -> str:
        return self.json.start() + self.json.open_list("scenarios")

    def add(self, outcome: Outcome) -> str:
        if self.groups is not None:
            self.groups.add(outcome)
        return self.add_piece(outcome, scenario_json(outcome, self.tiktok_diamonds))

    def pieces(self) -> Callable[[Outcome], str] | None:
        """What makes each scenario's line, from that outcome alone; None with groups, whose totals need the figures."""
        return None if self.groups is not None else functools.partial(scenario_json, tiktok_diamonds=self.tiktok_diamonds)

    def add_piece(self, outcome: Outcome, piece: str) -> str:
        self.errors.extend(problem_dict(problem) for problem in outcome.problems)
        if not piece:
            return ""
        self.scenarios += 1
        return self.json.item_text(piece)

    def finish(self) -> str:
        groups = "" if self.groups is None else self.json.items("groups", map(group_dict, self.groups.rows()))
        return self.json.close_list() + self.json.items("errors", self.errors) + groups + self.json.finish()

    def wrote(self) -> str:
        return f"{plural(self.scenarios, 'scenario')} and {plural(len(self.errors), 'error')}"


def scenario_json(outcome: Outcome, tiktok_diamonds: int | None = None) -> str:
    """A computed scenario's line under "scenarios"; "" for a file that could not be computed."""
    return "" if outcome.report is None else dumps(outcome_dict(outcome, outcome.report, tiktok_diamonds))


def group_dict(total: "Total") -> dict:
    """One group's totals in one currency: the figures that add up (figures.SUMMED), nested as a scenario's;
    null where there is nothing to add up, or for a month's figure over a stream without `schedule:`."""
    figures = nested((figure.name, None if value is None else figure.json(value)) for figure, value in total.values())
    return {"group": total.group, "currency": total.currency, "scenarios": total.scenarios, "errors": total.errors,
            **figures}


def render_json(outcomes: Iterable[Outcome]) -> str:
    return render_all(JsonReport(), outcomes)
