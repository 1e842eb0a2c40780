"""What if one input were different? Sweeps over a range of values, and the value that reaches a target net.

A field names one input of a scenario:

    hearts                              whole number >= 0
    stream.average_viewers              > 0
    stream.duration_minutes             > 0
    coin_rates.viewer_price_per_coin    > 0 (USD)
    coin_rates.diamonds_per_coin        > 0
    coin_rates.payout_per_diamond       > 0 (USD)
    payout.agency_commission            a fraction, 0..1
    payout.withdrawal_fee               a fraction, 0..1
    payout.tax_rate                     a fraction, 0..1
    payout.fx_rate                      > 0; only when payout.currency is not USD
    gifts[N].count, gifts[NAME].count   whole number >= 0; N counts from 0 in the scenario's gift list,
                                        NAME is compared as the catalogue does (case, spaces, hyphens ignored)

What changes with it (the assumptions, which every output states):

- Average viewers or minutes: gift counts scale with viewer-minutes, and so do hearts (the hearts per
  viewer-minute stay as they are, and with them the hearts model's share). Twice the viewer-minutes,
  twice the gifts and twice every money figure.
- Hearts: gifts follow the hearts model, gifts × ((1 + h′/k) / (1 + h/k))^ε for the low, base and high ε,
  where h is the scenario's own hearts per viewer-minute. Hearts are worth nothing directly at any point.
- Anything else: the value is set in the scenario, and the scenario is calculated as `run` would.

Every money figure of a breakdown is linear in the gift coins (agency, fees and tax are fractions), so
scaling the gifts by m scales every money figure, each gift row and the hearts' indirect value by
exactly m: `scaled()` does that, once, for both kinds of scaling. Each point is then rounded as `run`
rounds (report.rounded: the report currency, cents, the identities kept).

`solve()` finds the smallest value of a field that reaches a target net, compared at the cent as
displayed. For average viewers, minutes and a gift's count the net is linear in the value: it is solved
exactly, then checked by recomputing the answer (it reaches the target) and one step less (it does not).
For hearts it is a binary search on whole hearts, up to the hearts for h/k = 1000, far beyond the model's
evidence (about h/k = 10, where gifts roughly double); past that bound, or with no gifts to scale, it
says that the target cannot be reached and why.
"""

import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import NamedTuple

from tiktok_earnings.calculator import Breakdown, GiftEarnings, HeartsEffect, calculate, plan
from tiktok_earnings.catalogue import normalise
from tiktok_earnings.errors import did_you_mean
from tiktok_earnings.hearts.model import Range
from tiktok_earnings.numbers import ONE, ZERO, OutOfBounds, out_of_bounds, parse_decimal, plain, round_half_up
from tiktok_earnings.report import rounded
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.reader import MEANING

# What a field's change does to the rest of the scenario.
HEARTS = "hearts"  # gifts follow the hearts model
AUDIENCE = "audience"  # gifts and hearts scale with viewer-minutes
GIFT_COUNT = "gift count"  # one gift line's count; the other gifts stay
SETTING = "setting"  # a rate or payout setting, set in the scenario

DEFAULT_STEPS = 11
MAX_STEPS = 1000
SEARCH_BOUND_RATIO = Decimal(1000)  # hearts goals search up to h/k = 1000 ...
EVIDENCE_RATIO = Decimal(10)  # ... far beyond the evidence, at about h/k = 10 (gifts roughly doubled)
HEARTS_INSTEAD = "solve for stream.average_viewers, stream.duration_minutes or a gift's count instead"
MAX_VALUE = Decimal(10) ** 12  # the largest value or target taken: beyond it, cents would need more than 28 digits
EXTRA_PLACES = 2  # sweep points that fall between the inputs' decimals keep two more


class WhatIfError(ValueError):
    """A field or value the what-if commands cannot use; `message` says what is wrong, `hint` what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(f"{message} — {hint}" if hint else message)
        self.message = message
        self.hint = hint


class Field(NamedTuple):
    """One input of a scenario that can vary, and the values it accepts."""

    name: str  # as written on the command line, canonical: "stream.average_viewers", "gifts[2].count"
    label: str  # for people: "average viewers", "Rose count"
    kind: str  # HEARTS, AUDIENCE, GIFT_COUNT or SETTING
    whole: bool  # whole numbers only (hearts, gift counts)
    lowest: Decimal  # the smallest value accepted ...
    lowest_included: bool  # ... or a bound it must be above (False)
    highest: Decimal | None = None  # fractions: at most 1
    gift_index: int | None = None


def _field(name: str, label: str, kind: str, *, whole: bool = False, above_zero: bool = True, fraction: bool = False) -> Field:
    return Field(name, label, kind, whole, ZERO, not above_zero, ONE if fraction else None)


FIELDS = {
    field.name: field
    for field in (
        _field("hearts", "hearts", HEARTS, whole=True, above_zero=False),
        _field("stream.average_viewers", "average viewers", AUDIENCE),
        _field("stream.duration_minutes", "minutes", AUDIENCE),
        _field("coin_rates.viewer_price_per_coin", "viewer price per coin (USD)", SETTING),
        _field("coin_rates.diamonds_per_coin", "diamonds per coin", SETTING),
        _field("coin_rates.payout_per_diamond", "payout per diamond (USD)", SETTING),
        _field("payout.agency_commission", "agency commission", SETTING, above_zero=False, fraction=True),
        _field("payout.withdrawal_fee", "withdrawal fee", SETTING, above_zero=False, fraction=True),
        _field("payout.tax_rate", "tax rate", SETTING, above_zero=False, fraction=True),
        _field("payout.fx_rate", "exchange rate (per USD)", SETTING),
    )
}
GIFT_FIELDS = ("gifts[N].count", "gifts[NAME].count")
FIELD_NAMES = (*FIELDS, *GIFT_FIELDS)
GOAL_KINDS = (AUDIENCE, HEARTS, GIFT_COUNT)
GOAL_FIELD_NAMES = ("stream.average_viewers", "stream.duration_minutes", "hearts", *GIFT_FIELDS)
_GIFT_FIELD = re.compile(r"gifts\[(?P<key>[^\]]*)\](?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_RANGE = re.compile(r"(?P<start>[^:]*?)\.\.(?P<stop>[^:]*)(?::(?P<steps>.*))?", re.DOTALL)


class Vary(NamedTuple):
    """`--vary FIELD=START..STOP[:STEPS]`, as written, before it is checked against a scenario."""

    field: str
    start: Decimal
    stop: Decimal
    steps: int


class Point(NamedTuple):
    """A scenario recomputed with one field set to `value`."""

    value: Decimal
    report: Breakdown  # the base case, rounded as `run` shows it (report currency, cents)
    net: Range  # creator net for the low, base and high elasticity: all three equal unless hearts vary
    gift_factor: Range  # gifts at this point ÷ gifts in the scenario, for the low, base and high ε


class Sweep(NamedTuple):
    scenario: Scenario
    vary: Vary
    field: Field
    current: Decimal  # the field's value in the scenario
    points: tuple[Point, ...]
    assumptions: tuple[str, ...]


class Goal(NamedTuple):
    """The smallest value of `field` at which the displayed creator net reaches `target`."""

    scenario: Scenario
    field: Field
    target: Decimal  # in the report currency, compared with the net as displayed (rounded to the cent)
    method: str  # "exact" (linear: solved, then checked) or "search" (binary search, hearts)
    now: Point  # at the scenario's own value
    answer: Point | None  # None when the target cannot be reached
    below: Point | None  # one step less than the answer (does not reach it); None when the answer is 0
    reason: str  # why the target cannot be reached; "" when it can
    hint: str  # what to do instead, when it cannot
    bound: Point | None  # hearts: the search's upper bound, and the net there
    notes: tuple[str, ...]  # how it was solved, and caveats
    assumptions: tuple[str, ...]

    @property
    def reached(self) -> bool:
        return self.answer is not None

    @property
    def already_reached(self) -> bool:
        return self.now.report.creator_net >= self.target


# --- fields ----------------------------------------------------------------------------------


def parse_field(text: str, scenario: Scenario) -> Field:
    """The field `text` names in `scenario`; WhatIfError with the nearest names if there is none."""
    written = text.strip()
    gift = _GIFT_FIELD.fullmatch(written)
    if gift:
        return _gift_field(gift["key"].strip(), gift["rest"].strip(), written, scenario)
    field = FIELDS.get(written.casefold())
    if field is None:
        hint = did_you_mean(written, list(FIELD_NAMES)) or "fields: " + ", ".join(FIELD_NAMES)
        raise WhatIfError(f"unknown field '{written}'", hint)
    if field.name == "payout.fx_rate" and scenario.payout.currency == "USD":
        raise WhatIfError("payout.fx_rate can only vary when the report currency is not USD",
                          "set `payout.currency` (and `fx_rate`) in the scenario first")
    if field.name == "payout.fx_rate":
        field = field._replace(label=f"{scenario.payout.currency} per USD")
    return field


def _gift_field(key: str, rest: str, written: str, scenario: Scenario) -> Field:
    if rest.casefold() != ".count":
        raise WhatIfError(f"'{written}' is not a field: only a gift's count can vary", f"write gifts[{key or 0}].count")
    gifts = scenario.gifts
    listing = ", ".join(f"gifts[{i}] {line.name}" for i, line in enumerate(gifts)) or "none"
    if not gifts:
        raise WhatIfError("the scenario has no gifts", "add a `gifts:` list to the scenario, or vary another field")
    if key.isdigit():
        index = int(key)
        if index >= len(gifts):
            raise WhatIfError(f"gifts[{index}] is not in the scenario: it has {len(gifts)} gift line{'s' * (len(gifts) != 1)}",
                              f"count from 0; the gifts are {listing}")
    else:
        matches = [i for i, line in enumerate(gifts) if normalise(line.name) == normalise(key)]
        if not matches:
            hint = did_you_mean(key, [line.name for line in gifts], normalise) or f"the gifts are {listing}"
            raise WhatIfError(f"no gift '{key}' in the scenario", hint)
        if len(matches) > 1:
            raise WhatIfError(f"'{key}' names {len(matches)} gift lines: " + ", ".join(f"gifts[{i}]" for i in matches),
                              "pick one by its index, e.g. " + f"gifts[{matches[0]}].count")
        (index,) = matches
    return Field(f"gifts[{index}].count", f"{gifts[index].name} count", GIFT_COUNT, True, ZERO, True, None, index)


def value_of(scenario: Scenario, field: Field) -> Decimal:
    """The field's value in the scenario."""
    if field.kind == GIFT_COUNT:
        return Decimal(scenario.gifts[field.gift_index].count)
    if field.kind == HEARTS:
        return Decimal(scenario.hearts)
    section, key = field.name.split(".")
    return getattr(getattr(scenario, section), key)


def check_value(field: Field, value: Decimal, what: str = "") -> None:
    """WhatIfError unless `value` is one the field accepts."""
    shown = f"{what} is {plain(value)}" if what else f"got {plain(value)}"
    hint = MEANING.get("count" if field.kind == GIFT_COUNT else field.name, "")
    if field.whole and value != value.to_integral_value():
        raise WhatIfError(f"{field.name} must be a whole number ({shown})", hint)
    if field.lowest_included and value < field.lowest:
        raise WhatIfError(f"{field.name} must not be below {field.lowest} ({shown})", hint)
    if not field.lowest_included and not value > field.lowest:
        raise WhatIfError(f"{field.name} must be greater than {field.lowest} ({shown})", hint)
    if field.highest is not None and value > field.highest:
        raise WhatIfError(f"{field.name} must not be above {field.highest} ({shown})", hint)
    if value > MAX_VALUE:
        raise WhatIfError(f"{field.name} must not be above {MAX_VALUE:,} ({shown})", hint)


def with_value(scenario: Scenario, field: Field, value: Decimal) -> Scenario:
    """The scenario with the field set to `value`, and nothing else changed."""
    if field.kind == GIFT_COUNT:
        gifts = list(scenario.gifts)
        gifts[field.gift_index] = gifts[field.gift_index]._replace(count=int(value))
        return scenario._replace(gifts=tuple(gifts))
    if field.kind == HEARTS:
        return scenario._replace(hearts=int(value))
    section, key = field.name.split(".")
    return scenario._replace(**{section: getattr(scenario, section)._replace(**{key: value})})


# --- one point -------------------------------------------------------------------------------


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
    return plan(exact._replace(
        scenario=scenario,
        gifts=tuple(GiftEarnings(row.line, scale(row.creator_gross)) for row in exact.gifts),
        coins=scale(Decimal(exact.coins)),
        diamonds=scale(exact.diamonds),
        viewer_spend=scale(exact.viewer_spend),
        platform_share=scale(exact.platform_share),
        creator_gross=scale(exact.creator_gross),
        agency_commission=scale(exact.agency_commission),
        withdrawal_fees=scale(exact.withdrawal_fees),
        tax=scale(exact.tax),
        creator_net=scale(exact.creator_net),
        hearts=HeartsEffect(scenario.hearts, hearts.per_viewer_minute, hearts.direct_value, hearts.indirect_share,
                            hearts.indirect_value.map(scale)),
    ))


def hearts_gift_factors(scenario: Scenario, hearts: int) -> Range:
    """((1 + h′/k) / (1 + h/k))^ε for the low, base and high ε: how the gifts change with `hearts` hearts.

    One logarithm, then exp(ε · ln ratio) for each ε, as in hearts.indirect_shares; exactly 1 at the
    scenario's own hearts.
    """
    if hearts == scenario.hearts:
        return Range(ONE, ONE, ONE)
    k_viewer_minutes = scenario.engagement.reference_hearts_per_viewer_minute * scenario.stream.viewer_minutes
    log_ratio = ((k_viewer_minutes + hearts) / (k_viewer_minutes + scenario.hearts)).ln()
    return scenario.engagement.elasticity.map(lambda elasticity: (elasticity * log_ratio).exp())


def evaluate(scenario: Scenario, field: Field, value: Decimal, exact: Breakdown | None = None) -> Point:
    """The scenario with `field` at `value`, under the stated assumptions, rounded as `run` shows it.

    `exact` is calculate(scenario), passed in by callers that evaluate many points. Values are not
    checked here (see check_value): a goal also looks one step below the lowest accepted value.
    """
    if field.kind == HEARTS:
        changed = with_value(scenario, field, value)
        factors = hearts_gift_factors(scenario, int(value))
        at_hearts = calculate(changed)
        reports = factors.map(lambda factor: rounded(scaled(at_hearts, factor)))
        return Point(value, reports.base, reports.map(lambda report: report.creator_net), factors)
    if field.kind == AUDIENCE:
        exact = exact if exact is not None else calculate(scenario)
        changed = with_value(scenario, field, value)
        old, new = scenario.stream.viewer_minutes, changed.stream.viewer_minutes
        changed = changed._replace(hearts=int(round_half_up(scenario.hearts * new / old, ONE)))
        report = rounded(scaled(exact, new, old, changed))
        factor = new / old
        return Point(value, report, Range(*[report.creator_net] * 3), Range(factor, factor, factor))
    report = rounded(calculate(with_value(scenario, field, value)))
    return Point(value, report, Range(*[report.creator_net] * 3), Range(ONE, ONE, ONE))


def assumptions(scenario: Scenario, field: Field) -> tuple[str, ...]:
    """What the recomputed points assume, in words, for every output."""
    model = scenario.engagement
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
    elif field.name == "coin_rates.viewer_price_per_coin":
        lines = ("The viewer's price per coin changes what viewers spend and TikTok's share, not the creator's money.",)
    else:
        lines = ("The setting changes; the gifts, the hearts and the audience stay as they are.",)
    return (*lines, "Everything else is as in the scenario; each point is rounded as `run` rounds it.")


# --- sweeps ----------------------------------------------------------------------------------


def parse_vary(text: str) -> Vary:
    """`FIELD=START..STOP[:STEPS]`; WhatIfError naming what is wrong with it."""
    example = "e.g. hearts=0..200000:21 or stream.average_viewers=50..2000:40"
    field, equals, spec = text.partition("=")
    if not equals or not field.strip():
        raise WhatIfError(f"'{text}' is not FIELD=START..STOP[:STEPS]", example)
    parts = _RANGE.fullmatch(spec.strip())
    if parts is None:
        raise WhatIfError(f"'{spec}' is not a range START..STOP[:STEPS]", example)
    start, stop = parse_number(parts["start"], "START"), parse_number(parts["stop"], "STOP")
    if not start < stop:
        raise WhatIfError(f"START must be below STOP (got {plain(start)}..{plain(stop)})", "write the smaller value first")
    steps = DEFAULT_STEPS
    if parts["steps"] is not None:
        written = parts["steps"].strip()
        if not written.isdigit() or not 2 <= int(written) <= MAX_STEPS:
            raise WhatIfError(f"STEPS must be a whole number from 2 to {MAX_STEPS} (got '{written}')",
                              f"it counts the points, both ends included; the default is {DEFAULT_STEPS}")
        steps = int(written)
    return Vary(field.strip(), start, stop, steps)


def parse_number(text: str, what: str) -> Decimal:
    """A finite decimal number from its text, never through float."""
    written = text.strip()
    try:
        number = parse_decimal(written, bounded=False)  # check_value() words the bounds of each field
    except OutOfBounds as error:
        raise WhatIfError(f"{what} {error.what} (got '{written}')", error.hint) from None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not written:
        raise WhatIfError(f"{what} must be a number (got '{written}')", "write it as digits, e.g. 200 or 0.0133")
    if number.copy_abs() <= MAX_VALUE and (bad := out_of_bounds(number)) is not None:  # too small, too many digits
        raise WhatIfError(f"{what} {bad[0]}", bad[1])
    return number


def sweep_values(field: Field, start: Decimal, stop: Decimal, steps: int) -> tuple[Decimal, ...]:
    """`steps` evenly spaced values from start to stop, both included.

    Whole-number fields are rounded half-up to whole numbers; other values keep two decimals more than
    START and STOP are written with. A value that rounding repeats is taken once.
    """
    places = max(-start.as_tuple().exponent, -stop.as_tuple().exponent, 0)
    quantum = ONE if field.whole else Decimal(1).scaleb(-(places + EXTRA_PLACES))
    values: dict[Decimal, None] = {}
    for i in range(steps):
        value = stop if i == steps - 1 else start + (stop - start) * i / (steps - 1)
        values[Decimal(plain(round_half_up(value, quantum)))] = None
    return tuple(values)


def sweep(scenario: Scenario, vary: Vary) -> Sweep:
    """Recompute the scenario at every value of the range; WhatIfError for a field or range it cannot use."""
    field = parse_field(vary.field, scenario)
    check_value(field, vary.start, "START")
    check_value(field, vary.stop, "STOP")
    exact = calculate(scenario)
    points = tuple(evaluate(scenario, field, value, exact) for value in sweep_values(field, vary.start, vary.stop, vary.steps))
    return Sweep(scenario, vary, field, value_of(scenario, field), points, assumptions(scenario, field))


# --- goals -----------------------------------------------------------------------------------


def parse_target(text: str) -> Decimal:
    target = parse_number(text, "--target-net")
    if not ZERO < target <= MAX_VALUE:
        raise WhatIfError(f"--target-net must be above 0 and at most {MAX_VALUE:,} (got {plain(target)})",
                          "give the creator net to reach, e.g. 200")
    return target


def goal_field(text: str, scenario: Scenario) -> Field:
    field = parse_field(text, scenario)
    if field.kind not in GOAL_KINDS:
        raise WhatIfError(f"goal cannot solve for {field.name}",
                          "solve for " + ", ".join(GOAL_FIELD_NAMES) + "; to see a setting's effect, use `sweep --vary`")
    return field


def solve(scenario: Scenario, field: Field, target: Decimal) -> Goal:
    """The smallest whole value of `field` (viewers, minutes, hearts or a gift's count) whose displayed
    creator net reaches `target`, in the report currency. Average viewers and minutes are at least 1.
    When the scenario already reaches the target the answer is still the smallest such value, at or
    below the scenario's own, and `already_reached` says so.
    """
    exact = calculate(scenario)
    now = evaluate(scenario, field, value_of(scenario, field), exact)
    lowest = ONE if field.kind == AUDIENCE else ZERO

    def at(value: Decimal) -> Point:
        return evaluate(scenario, field, value, exact)

    def reaches(value: Decimal) -> bool:
        return at(value).report.creator_net >= target

    goal = Goal(scenario, field, target, "exact", now, None, None, "", "", None, (), assumptions(scenario, field))
    reason, hint = _unreachable(scenario, field, exact)
    if reason:
        return goal._replace(reason=reason, hint=hint)
    if field.kind == HEARTS:
        return _search_hearts(goal, at, reaches)
    fx = scenario.payout.fx_rate
    if field.kind == AUDIENCE:  # net = net now × value ÷ value now
        per_unit, fixed = exact.creator_net * fx / value_of(scenario, field), ZERO
        how = f"The net is proportional to {field.label} here: solved exactly, then checked at the cent."
    else:  # net = (other gifts' coins + count × coins each) × net per coin
        line = scenario.gifts[field.gift_index]
        per_coin = scenario.coin_rates.creator_per_coin * _kept(scenario) * fx
        per_unit, fixed = line.coins_each * per_coin, (exact.coins - line.coins) * per_coin
        how = f"The net rises by the same amount with each {line.name}: solved exactly, then checked at the cent."
    guess = ((target - fixed) / per_unit).to_integral_value(rounding=ROUND_CEILING)
    if guess > MAX_VALUE:
        return goal._replace(notes=(how,), hint="check the scenario's coin rates and payout settings",
                             reason=f"it would take more than {MAX_VALUE:,} {field.label}, the most this tool computes")
    answer = _smallest_reaching(max(guess, lowest), lowest, reaches)
    return goal._replace(answer=at(answer), below=at(answer - 1) if answer > 0 else None, notes=(how,))


def _kept(scenario: Scenario) -> Decimal:
    """The fraction of the creator's gross left after agency, fees and tax."""
    payout = scenario.payout
    return (ONE - payout.agency_commission) * (ONE - payout.withdrawal_fee) * (ONE - payout.tax_rate)


def _unreachable(scenario: Scenario, field: Field, exact: Breakdown) -> tuple[str, str]:
    """Why no value of the field can give a positive net, and what to do; ("", "") when one can."""
    if field.kind != GIFT_COUNT and exact.coins == 0:
        gifts_only = "hearts are worth nothing directly, and the hearts model only scales the gifts there are" \
            if field.kind == HEARTS else "only gifts pay"
        return (f"the scenario has no gifts, so the creator net is 0 at any number of {field.label}: {gifts_only}",
                "add the gifts you expect to the scenario, or solve for a gift's count: --solve gifts[0].count")
    if _kept(scenario) == ZERO:
        payout = scenario.payout
        return (f"the payout settings keep nothing of the creator's gross (agency {plain(payout.agency_commission)},"
                f" withdrawal fee {plain(payout.withdrawal_fee)}, tax {plain(payout.tax_rate)}), so the net is 0 whatever"
                f" the {field.label}", "check `payout:` in the scenario")
    if field.kind == HEARTS and scenario.engagement.elasticity.base == ZERO:
        return ("the model's base elasticity is 0: in it, hearts do not change the gifts, and they are worth nothing directly",
                HEARTS_INSTEAD)
    return "", ""


def _smallest_reaching(guess: Decimal, lowest: Decimal, reaches) -> Decimal:
    """From a closed-form guess, the smallest whole value that reaches the target (rounding at the cent
    can put the guess a step off either way)."""
    value = guess
    for _ in range(20):
        if not reaches(value):
            value += 1
        elif value > lowest and reaches(value - 1):
            value -= 1
        else:
            return value
    raise ArithmeticError(f"the closed-form answer {guess} is more than a few steps off")  # a bug: exit 3


def _search_hearts(goal: Goal, at, reaches) -> Goal:
    scenario = goal.scenario
    ratio_limit = SEARCH_BOUND_RATIO
    k_viewer_minutes = scenario.engagement.reference_hearts_per_viewer_minute * scenario.stream.viewer_minutes
    bound = (ratio_limit * k_viewer_minutes).to_integral_value(rounding=ROUND_CEILING)
    bound = Decimal(plain(max(bound, Decimal(scenario.hearts))))
    at_bound = at(bound)
    how = (f"The net rises with hearts but ever more slowly: found by a binary search on whole hearts up to {bound:,}"
           f" (h/k = {ratio_limit}, far beyond the model's evidence at about h/k = {EVIDENCE_RATIO}).")
    goal = goal._replace(method="search", bound=at_bound, notes=(how,))
    if at_bound.report.creator_net < goal.target:
        return goal._replace(hint=HEARTS_INSTEAD, reason=(
            f"even {bound:,} hearts (h/k = {ratio_limit}, the search's bound) lift the gifts only"
            f" {round_half_up(at_bound.gift_factor.base, Decimal('0.01'))}× in the base case: no number of hearts alone"
            " reaches it"
        ))
    if reaches(ZERO):
        answer = ZERO
    else:
        failing, reaching = ZERO, bound
        while reaching - failing > 1:
            middle = (failing + reaching) // 2
            failing, reaching = (failing, middle) if reaches(middle) else (middle, reaching)
        answer = reaching
    notes = goal.notes
    if answer > EVIDENCE_RATIO * k_viewer_minutes:
        ratio = round_half_up(answer / k_viewer_minutes, ONE)
        notes += (f"The answer is h/k = {ratio}, beyond the model's evidence (about h/k = {EVIDENCE_RATIO}):"
                  " an extrapolation, not a forecast.",)
    return goal._replace(answer=at(answer), below=at(answer - 1) if answer > 0 else None, notes=notes)
