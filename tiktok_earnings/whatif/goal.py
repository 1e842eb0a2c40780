"""Goals: the smallest value of a field at which the creator net, as displayed, reaches a target.

`solve()` compares at the cent as displayed. For average viewers, minutes and a gift's count the net is
linear in the value: it is solved exactly, then checked by recomputing the answer (it reaches the
target) and one step less (it does not). For hearts it is a binary search on whole hearts, up to the
hearts for h/k = 1000, far beyond the model's evidence (about h/k = 10, where gifts roughly double); past
that bound, or with no gifts to scale, it says that the target cannot be reached and why.
"""

from collections.abc import Callable
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from tiktok_earnings.calculator import Breakdown, calculate, creator_per_coin, kept_share, scenario_rate
from tiktok_earnings.numbers import CENT, ONE, ZERO, plain, round_half_up, shown
from tiktok_earnings.rewards import depends_on_length
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.spec import PAYOUT_FRACTIONS
from tiktok_earnings.whatif.fields import (
    AUDIENCE,
    FIELDS,
    GIFT_COUNT,
    GIFT_FIELDS,
    HEARTS,
    MAX_VALUE,
    Field,
    WhatIfError,
    line_index,
    parse_field,
    parse_number,
    value_of,
)
from tiktok_earnings.whatif.points import EVIDENCE_RATIO, Point, assumptions, evaluate

SEARCH_BOUND_RATIO = Decimal(1000)  # hearts goals search up to h/k = 1000, far beyond the evidence
HEARTS_INSTEAD = "solve for stream.average_viewers, stream.duration_minutes or a gift's count instead"
GOAL_KINDS = (AUDIENCE, HEARTS, GIFT_COUNT)
GOAL_FIELD_NAMES = (*(name for name, field in FIELDS.items() if field.kind in GOAL_KINDS), *GIFT_FIELDS)


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


def parse_target(text: str) -> Decimal:
    target = parse_number(text, "--target-net")
    if not ZERO < target <= MAX_VALUE:
        raise WhatIfError(f"--target-net must be above 0 and at most {MAX_VALUE:,} (got {shown(target)})",
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
    if field.name == "stream.duration_minutes" and depends_on_length(scenario.rewards):
        return _search_minutes(goal, at, reaches)
    fx = scenario.payout.fx_rate
    if field.kind == AUDIENCE:  # net = net now × value ÷ value now
        per_unit, fixed = exact.creator_net * fx / value_of(scenario, field), ZERO
        how = f"The net is proportional to {field.label} here: solved exactly, then checked at the cent."
    else:  # net = (other gifts' coins + count × coins each) × net per coin
        line = scenario.gifts[line_index(field)]
        per_coin = creator_per_coin(scenario) * kept_share(scenario.payout) * fx
        per_unit, fixed = line.coins_each * per_coin, (exact.coins - line.coins) * per_coin
        how = f"The net rises by the same amount with each {line.name}: solved exactly, then checked at the cent."
    guess = ((target - fixed) / per_unit).to_integral_value(rounding=ROUND_CEILING)
    if guess > MAX_VALUE:
        return goal._replace(notes=(how,), hint="check the scenario's coin rates and payout settings",
                             reason=f"it would take more than {MAX_VALUE:,} {field.label}, the most this tool computes")
    answer = _smallest_reaching(max(guess, lowest), lowest, reaches)
    return goal._replace(answer=at(answer), below=at(answer - 1) if answer > 0 else None, notes=(how,))


PATH_POINTS = 21  # points along the way, for the chart of a goal


def path(goal: Goal) -> tuple[Point, ...]:
    """The creator net on the way from the scenario's value to the answer, for a chart: PATH_POINTS evenly
    spaced values between the two (whole ones for a whole field), with the scenario's, the answer's and one
    step less's points among them, in order. Where the target cannot be reached: to the search's bound (hearts),
    or else to twice the scenario's value, along which the net does not reach it either."""
    scenario, field = goal.scenario, goal.field
    end = goal.bound if goal.answer is None else goal.answer
    known = [point for point in (goal.now, end, goal.below) if point is not None]
    ends = [point.value for point in known] + ([] if end is not None else [max(goal.now.value * 2, ONE)])
    low, high = min(ends), max(ends)
    whole = field.whole or high - low >= PATH_POINTS  # viewers and minutes too, over a range that wide
    exact = calculate(scenario)
    by_value = {point.value: point for point in known}
    for step in range(PATH_POINTS):
        value = Decimal(plain(round_half_up(low + (high - low) * step / (PATH_POINTS - 1), ONE if whole else CENT)))
        if value not in by_value and (value > field.lowest or (field.lowest_included and value == field.lowest)):
            by_value[value] = evaluate(scenario, field, value, exact)
    return tuple(by_value[value] for value in sorted(by_value))



def _unreachable(scenario: Scenario, field: Field, exact: Breakdown) -> tuple[str, str]:
    """Why no value of the field can give a positive net, and what to do; ("", "") when one can."""
    if field.kind != GIFT_COUNT and exact.coins == 0:
        gifts_only = "hearts are worth nothing directly, and the hearts model only scales the gifts there are" \
            if field.kind == HEARTS else "only gifts pay"
        return (f"the scenario has no gifts, so the creator net is 0 at any number of {field.label}: {gifts_only}",
                "add the gifts you expect to the scenario, or solve for a gift's count: --solve gifts[0].count")
    if kept_share(scenario.payout) == ZERO:
        settings = ", ".join(f"{key.vary_label} {plain(getattr(scenario.payout, key.name))}" for key in PAYOUT_FRACTIONS)
        return (f"the payout settings keep nothing of the creator's gross ({settings}), so the net is 0 whatever"
                f" the {field.label}", "check `payout:` in the scenario")
    lengthens = field.name == "stream.duration_minutes" and depends_on_length(scenario.rewards)
    if creator_per_coin(scenario) == ZERO and not lengthens:
        rate = scenario_rate(scenario)
        return (f"the reward rate is 0% ({rate.text() if rate else 'no payout'}), so the creator net is 0 whatever the"
                f" {field.label}", "check `rewards:` in the scenario")
    if field.kind == HEARTS and scenario.engagement.elasticity.base == ZERO:
        return ("the model's base elasticity is 0: in it, hearts do not change the gifts, and they are worth nothing directly",
                HEARTS_INSTEAD)
    return "", ""


def _smallest_reaching(guess: Decimal, lowest: Decimal, reaches: Callable[[Decimal], bool]) -> Decimal:
    """From a closed-form guess, the smallest whole value from `lowest` up that reaches the target.

    The net is shown rounded to the cent, so it rises in steps: where one more viewer or minute adds
    less than a cent, many values show the same net, and the smallest of them can be far below the
    guess (a Rose an hour, solved for 200 in minutes: about 130 values show 200.00). Steps that
    double, away from the guess, find a value on each side of the answer; halving between them finds it.
    """
    step = ONE
    if reaches(guess):
        reaching, failing = guess, guess - step
        while failing >= lowest and reaches(failing):
            reaching, step = failing, step * 2
            failing = reaching - step
        if failing < lowest:
            if reaches(lowest):
                return lowest
            failing = lowest
    else:
        failing, reaching = guess, guess + step
        while not reaches(reaching):
            if step > MAX_VALUE:
                raise ArithmeticError(f"the closed-form answer {guess} is far below any value that reaches the target")
            failing, step = reaching, step * 2
            reaching = failing + step
    return _bisected(failing, reaching, reaches)


def _bisected(failing: Decimal, reaching: Decimal, reaches: Callable[[Decimal], bool]) -> Decimal:
    """The smallest whole value that reaches the target, between one that does not and one that does."""
    while reaching - failing > 1:
        middle = (failing + reaching) // 2
        failing, reaching = (failing, middle) if reaches(middle) else (middle, reaching)
    return reaching


def _search_minutes(goal: Goal, at: Callable[[Decimal], Point], reaches: Callable[[Decimal], bool]) -> Goal:
    """Minutes under scaled-2025: the net grows with the minutes, and steps up where the reward rate does (25
    minutes), so it is not proportional: a binary search on whole minutes, from a bound that reaches the target."""
    how = ("The net grows with the minutes and steps up with the reward rate at 25 minutes (scaled-2025): found by a"
           " binary search on whole minutes.")
    goal = goal._replace(method="search", notes=(how,))
    reaching = max(Decimal(25), value_of(goal.scenario, goal.field).to_integral_value(rounding=ROUND_CEILING))
    while not reaches(reaching):
        reaching *= 2
        if reaching > MAX_VALUE:
            return goal._replace(hint="check the scenario's coin rates and payout settings",
                                 reason=f"it would take more than {MAX_VALUE:,} {goal.field.label}, the most this tool computes")
    reaching = _bisected(ZERO, reaching, reaches)  # minutes are above 0: a stream of 0 minutes reaches nothing
    return goal._replace(answer=at(reaching), below=at(reaching - 1) if reaching > 1 else None)


def _search_hearts(goal: Goal, at: Callable[[Decimal], Point], reaches: Callable[[Decimal], bool]) -> Goal:
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
    answer = ZERO if reaches(ZERO) else _bisected(ZERO, bound, reaches)
    notes = goal.notes
    if answer > EVIDENCE_RATIO * k_viewer_minutes:
        ratio = round_half_up(answer / k_viewer_minutes, ONE)
        notes += (f"The answer is h/k = {ratio}, beyond the model's evidence (about h/k = {EVIDENCE_RATIO}):"
                  " an extrapolation, not a forecast.",)
    return goal._replace(answer=at(answer), below=at(answer - 1) if answer > 0 else None, notes=notes)
