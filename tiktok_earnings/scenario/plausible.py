"""Plausibility: values that are allowed but probably a typo, each a warning at its file and line.

A warning goes to stderr and changes nothing: the figures are computed as written. Checked here:

- the creator is paid more per coin than the viewer paid (TikTok's share would be negative);
- a payout fraction (spec.PAYOUT_FRACTIONS: agency, withdrawal fee, tax) of exactly 1 (100%: `1` is how 1%
  is often mistyped; 1% is 0.01);
- an fx_rate outside its currency's plausible band (data/currencies.csv: wide bands, not exchange rates);
- hearts per viewer-minute beyond the hearts model's evidence (h/k above 10);
- under scaled-2025, a stream shorter than the first duration step (5 minutes): the duration mission
  gives its lowest points (20, against 38 at 25 minutes or more);
- mission counts under the flat program, where they change nothing.
"""

from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter

from tiktok_earnings.currencies import currency
from tiktok_earnings.errors import Problem
from tiktok_earnings.hearts.model import EVIDENCE_RATIO, hearts_per_viewer_minute
from tiktok_earnings.numbers import LARGEST_FIGURE, ONE, plain, shown
from tiktok_earnings.rewards import FLAT, depends_on_length, face_value, load_rules, reward_rate
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.spec import PAYOUT_FRACTIONS
from tiktok_earnings.scenario.yamldoc import Document

WARNING = "warning: "
TENTH = Decimal("0.1")
_FRACTIONS = tuple((key, attrgetter(key.path)) for key in PAYOUT_FRACTIONS)  # each with what reads it from a scenario


def plausibility_warnings(scenario: Scenario, document: Document) -> tuple[Problem, ...]:
    """Every plausibility warning of a scenario read from `document`, in the order of the file."""
    found: list[Problem] = []

    def warn(path: tuple[str, ...], message: str, hint: str) -> None:
        found.append(document.problem(path, WARNING + message, hint))

    _paid_more_than_spent(scenario, warn)
    payout = scenario.payout
    for key, value_of in _FRACTIONS:
        if value_of(scenario) == ONE:
            warn(tuple(key.path.split(".")), f"`{key.path}` is 1, that is 100%: nothing of it is left",
                 "a fraction: 1% is 0.01; keep 1 only if all of it really goes")
    known = currency(payout.currency)
    if known.fx_low is not None and known.fx_high is not None and not known.fx_low <= payout.fx_rate <= known.fx_high:
        warn(("payout", "fx_rate"), f"`payout.fx_rate` {plain(payout.fx_rate)} is far from any recent {payout.currency}"
             f" rate (plausible: {plain(known.fx_low)} to {plain(known.fx_high)} per USD)",
             f"give {payout.currency} per USD; is it another currency's rate, or a misplaced decimal point?")
    model, stream = scenario.engagement, scenario.stream
    ratio = hearts_per_viewer_minute(scenario.hearts, stream.average_viewers, stream.duration_minutes) \
        / model.reference_hearts_per_viewer_minute
    if ratio > EVIDENCE_RATIO:
        shown_ratio = plain(ratio.quantize(TENTH)) if ratio < LARGEST_FIGURE else shown(ratio)  # 1E+32: too many digits
        warn(("hearts",), f"{shown_ratio} hearts per viewer-minute over k (h/k) is beyond the"
             f" hearts model's evidence (about h/k = {EVIDENCE_RATIO}): its indirect estimate is an extrapolation",
             "check `hearts` against the stream's viewers and minutes")
    _rewards(scenario, warn)
    if not found:  # most scenarios
        return ()
    return tuple(sorted(found, key=lambda problem: (problem.file != document.file, problem.file, problem.line or 0)))


Warn = Callable[[tuple[str, ...], str, str], None]


def _paid_more_than_spent(scenario: Scenario, warn: Warn) -> None:
    rates = scenario.coin_rates
    where: tuple[str, ...]
    if scenario.rewards is not None:
        rate = reward_rate(scenario.rewards, scenario.stream.duration_minutes)
        per_coin, where = rates.diamonds_per_coin * rate.high * face_value(), ("rewards",)
    else:
        per_coin, where = rates.diamonds_per_coin * rates.payout_per_diamond, ("coin_rates", "payout_per_diamond")
    if per_coin > rates.viewer_price_per_coin:
        warn(where, f"the creator is paid ${plain(per_coin)} per coin gifted, more than the viewer paid for it"
             f" (${plain(rates.viewer_price_per_coin)}): TikTok's share comes out negative",
             "check `coin_rates` (diamonds_per_coin, payout_per_diamond) and `rewards`")


def _rewards(scenario: Scenario, warn: Warn) -> None:
    settings = scenario.rewards
    if settings is None:
        return
    if settings.program == FLAT and settings.rate is None:
        counted = [name for name in ("new_followers", "weekly_lives", "team_members", "deduction")
                   if getattr(settings, name)] + (["league"] if settings.league != "none" else [])
        if counted:
            warn(("rewards", counted[0]), f"missions ({', '.join(counted)}) change nothing under the flat program",
                 "set `program: scaled-2025` (US from 2025-02-10) for them to count, or remove them")
    if not depends_on_length(settings):
        return
    steps = sorted((rule for rule in load_rules() if rule.program == settings.program and rule.rule == "duration"),
                   key=lambda rule: Decimal(rule.at))
    if len(steps) > 1 and scenario.stream.duration_minutes < Decimal(steps[1].at):
        lowest, best = steps[0].points, steps[-1].points
        assert lowest is not None and best is not None, "the ends of the duration mission are sourced"
        warn(("stream", "duration_minutes"), f"a stream under {steps[1].at} minutes under {settings.program}: the duration"
             f" mission gives {plain(lowest)} points ({plain(best)} at {steps[-1].at} minutes or more), so at most"
             f" {plain(lowest)}% of the diamonds' face value comes from it",
             f"stream {steps[1].at} minutes or more, or check `duration_minutes`")
