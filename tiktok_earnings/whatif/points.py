"""One point of a what-if: the scenario recomputed with one field at a value, and what that assumes.

What changes with a field (the assumptions, which every output states):

- Average viewers or minutes: gift counts scale with viewer-minutes, and so do hearts (the hearts per
  viewer-minute stay as they are, and with them the hearts model's share). Twice the viewer-minutes,
  twice the gifts and twice every money figure.
- Hearts: gifts follow the hearts model, gifts × ((1 + h′/k) / (1 + h/k))^ε for the low, base and high ε,
  where h is the scenario's own hearts per viewer-minute. Hearts are worth nothing directly at any point.
- Anything else: the value is set in the scenario, and the scenario is calculated as `run` would.

With `rewards:` under scaled-2025, the stream's length also sets the reward rate (rewards.py): at each
point the money is worked out again at that length's rate (calculator.repriced), so the step at 25
minutes shows; the figures are at the low end of a range, as `run` shows them.

Every money figure of a breakdown is linear in the gift coins (agency, fees and tax are fractions), so
scaling the gifts by m scales every money figure, each gift row and the hearts' indirect value by
exactly m: `scaled()` does that, once, for both kinds of scaling. Each point is then rounded as `run`
rounds (report.rounded: the report currency, cents, the identities kept).
"""

from decimal import Decimal, DecimalException
from typing import Any, NamedTuple

from tiktok_earnings.calculator import Breakdown, GiftEarnings, HeartsEffect, Waterfall, calculate, plan, repriced
from tiktok_earnings.figures import COINS_AND_DIAMONDS, MONEY_FIELDS, names
from tiktok_earnings.hearts.model import EVIDENCE_RATIO, Range, gift_factors
from tiktok_earnings.numbers import LARGEST_FIGURE, ONE, ZERO, plain, round_half_up, shown
from tiktok_earnings.report import Report, rounded
from tiktok_earnings.rewards import depends_on_length
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.whatif.fields import AUDIENCE, GIFT_COUNT, HEARTS, Field, WhatIfError, with_value

STREAM_FIELDS = names(COINS_AND_DIAMONDS)  # coins and diamonds, linear in the gifts as the money is


class Point(NamedTuple):
    """A scenario recomputed with one field set to `value`."""

    value: Decimal
    report: Report  # the base case, rounded as `run` shows it (report currency, cents)
    net: Range  # creator net for the low, base and high elasticity: all three equal unless hearts vary
    gift_factor: Range  # gifts at this point ÷ gifts in the scenario, for the low, base and high ε


def scaled(exact: Breakdown, factor: Decimal, divisor: Decimal = ONE, scenario: Scenario | None = None) -> Breakdown:
    """The exact breakdown with the gifts multiplied by factor ÷ divisor: every money figure, each gift
    row and the hearts' indirect value scale by the same amount, as they are all linear in the gift coins.

    `coins` becomes an expected number of coins (a Decimal, not necessarily whole). The hearts' count
    is `scenario`'s (default: the breakdown's own scenario); their per-viewer-minute rate and shares stay.
    """
    scenario = scenario or exact.scenario

    def scale(value: Decimal) -> Decimal:
        return value * factor / divisor

    hearts = exact.hearts
    reward = exact.reward
    if reward is not None and reward.high is not None:
        reward = reward._replace(high=Waterfall(*(scale(value) for value in reward.high)))
    # The coins, the diamonds and the money figures (figures.py), by their names: a coins count becomes an
    # expected number of coins, a Decimal (see the docstring).
    linear: dict[str, Any] = {name: scale(Decimal(getattr(exact, name))) for name in (*STREAM_FIELDS, *MONEY_FIELDS)}
    return plan(exact._replace(
        **linear,
        scenario=scenario,
        gifts=tuple(GiftEarnings(row.line, scale(row.creator_gross)) for row in exact.gifts),
        hearts=HeartsEffect(scenario.hearts, hearts.per_viewer_minute, hearts.direct_value, hearts.indirect_share,
                            hearts.indirect_value.map(scale)),
        reward=reward,
    ))


def hearts_gift_factors(scenario: Scenario, hearts: int) -> Range:
    """((1 + h′/k) / (1 + h/k))^ε for the low, base and high ε: how the gifts change with `hearts` hearts.

    One logarithm, then exp(ε · ln ratio) for each ε, as in hearts.indirect_shares; exactly 1 at the
    scenario's own hearts.
    """
    if hearts == scenario.hearts:
        return Range(ONE, ONE, ONE)
    k_viewer_minutes = scenario.engagement.reference_hearts_per_viewer_minute * scenario.stream.viewer_minutes
    return gift_factors(scenario.hearts, hearts, k_viewer_minutes, scenario.engagement.elasticity)


def evaluate(scenario: Scenario, field: Field, value: Decimal, exact: Breakdown | None = None) -> Point:
    """The scenario with `field` at `value`, under the stated assumptions, rounded as `run` shows it.

    `exact` is calculate(scenario), passed in by callers that evaluate many points. Values are not
    checked here (see check_value): a goal also looks one step below the lowest accepted value. A point
    is held to what `run` holds a scenario to: WhatIfError where a figure of it would be larger than
    LARGEST_FIGURE (a thousand times the viewers of a scenario of a trillion coins; an elasticity so high
    that the hearts model's power passes Decimal's range).
    """
    try:
        point = _evaluate(scenario, field, value, exact)
    except DecimalException:  # a figure too long to round to the cent, or a power beyond Decimal's exponents
        point = None
    if point is None or max(_largest(point.report[1:]), _largest(point.net), _largest(point.gift_factor)) > LARGEST_FIGURE:
        raise WhatIfError(f"at {field.name} = {shown(value)}, a figure would be larger than {LARGEST_FIGURE:,}, the most"
                          " a report shows", "give a smaller range, or look in the scenario for a number far larger or"
                          " smaller than the others")
    return point


def _largest(figures: object) -> Decimal:
    """The largest size of a number among `figures`, nested tuples (a Report's parts) searched too."""
    if isinstance(figures, tuple):
        return max((_largest(each) for each in figures), default=ZERO)
    if isinstance(figures, (int, Decimal)) and not isinstance(figures, bool):
        return Decimal(figures).copy_abs()
    return ZERO


def _evaluate(scenario: Scenario, field: Field, value: Decimal, exact: Breakdown | None) -> Point:
    if field.kind == HEARTS:
        changed = with_value(scenario, field, value)
        factors = hearts_gift_factors(scenario, int(value))
        at_hearts = calculate(changed)
        low, base, high = (rounded(scaled(at_hearts, factor)) for factor in factors)
        return Point(value, base, Range(low.creator_net, base.creator_net, high.creator_net), factors)
    if field.kind == AUDIENCE:
        exact = exact if exact is not None else calculate(scenario)
        changed = with_value(scenario, field, value)
        old, new = scenario.stream.viewer_minutes, changed.stream.viewer_minutes
        changed = changed._replace(hearts=int(round_half_up(scenario.hearts * new / old, ONE)))
        report = rounded(repriced(scaled(exact, new, old, changed)))  # the reward rate may change with the length
        factor = new / old
        return Point(value, report, Range(*[report.creator_net] * 3), Range(factor, factor, factor))
    report = rounded(calculate(with_value(scenario, field, value)))
    return Point(value, report, Range(*[report.creator_net] * 3), Range(ONE, ONE, ONE))


def assumptions(scenario: Scenario, field: Field) -> tuple[str, ...]:
    """What the recomputed points assume, in words, for every output."""
    model = scenario.engagement
    lines: tuple[str, ...]
    if field.kind == AUDIENCE:
        lines = (
            "Gift counts scale with viewer-minutes (minutes × average viewers): twice the viewer-minutes, twice the gifts.",
            "Hearts scale with them too: the hearts per viewer-minute, and so the hearts model's share, stay as they are.",
        )
    elif field.kind == HEARTS:
        per_viewer_minute = round_half_up(Decimal(scenario.hearts) / scenario.stream.viewer_minutes, Decimal("0.01"))
        lines = (
            "Hearts are worth nothing directly: their direct value is 0 at every point.",
            f"Gifts follow the hearts model: gifts × ((1 + h′/k) / (1 + h/k))^ε, where h = {plain(per_viewer_minute)}"
            f" hearts per viewer-minute in the scenario, k = {plain(model.reference_hearts_per_viewer_minute)},"
            f" ε = {model.elasticity.low} / {model.elasticity.base} / {model.elasticity.high}"
            f" (low / base / high{'' if model.is_default else ', from the scenario'}).",
            "The net shown is the base case; low and high bound it. An estimate, not a measurement: no study has measured it.",
            f"The model's evidence reaches about h/k = {EVIDENCE_RATIO} (gifts roughly doubled);"
            " beyond that it is an extrapolation.",
        )
    elif field.kind == GIFT_COUNT:
        lines = ("Only this gift's count changes: the other gifts, the hearts and the audience stay as they are.",)
    elif field.name == "coin_rates.payout_per_diamond" and scenario.rewards is not None:
        lines = ("The scenario's `rewards:` sets what a diamond pays: payout_per_diamond changes nothing here.",)
    elif field.name == "coin_rates.viewer_price_per_coin":
        lines = ("The viewer's price per coin changes what viewers spend and TikTok's share, not the creator's money.",)
    else:
        lines = ("The setting changes; the gifts, the hearts and the audience stay as they are.",)
    if field.name == "stream.duration_minutes" and depends_on_length(scenario.rewards):
        lines += ("The reward rate follows the stream's length (scaled-2025): 20 points under 5 minutes, 38 at 25 minutes"
                  " or more; between, the low end of the sourced range, as `run` shows it.",)
    return (*lines, "Everything else is as in the scenario; each point is rounded as `run` rounds it.")
