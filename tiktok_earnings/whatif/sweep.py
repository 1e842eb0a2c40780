"""Sweeps: the scenario recomputed at evenly spaced values of one field (`--vary FIELD=START..STOP[:STEPS]`)."""

import re
from decimal import Decimal
from typing import NamedTuple

from tiktok_earnings.calculator import calculate
from tiktok_earnings.escape import snippet
from tiktok_earnings.numbers import ONE, plain, round_half_up, shown, small_whole
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.whatif.fields import Field, WhatIfError, check_value, parse_field, parse_number, value_of
from tiktok_earnings.whatif.points import Point, assumptions, evaluate

DEFAULT_STEPS = 11
MAX_STEPS = 1000
EXTRA_PLACES = 2  # sweep points that fall between the inputs' decimals keep two more
_RANGE = re.compile(r"(?P<start>[^:]*?)\.\.(?P<stop>[^:]*)(?::(?P<steps>.*))?", re.DOTALL)


class Vary(NamedTuple):
    """`--vary FIELD=START..STOP[:STEPS]`, as written, before it is checked against a scenario."""

    field: str
    start: Decimal
    stop: Decimal
    steps: int


class Sweep(NamedTuple):
    scenario: Scenario
    vary: Vary
    field: Field
    current: Decimal  # the field's value in the scenario
    points: tuple[Point, ...]
    assumptions: tuple[str, ...]


def parse_vary(text: str) -> Vary:
    """`FIELD=START..STOP[:STEPS]`; WhatIfError naming what is wrong with it."""
    example = "e.g. hearts=0..200000:21 or stream.average_viewers=50..2000:40"
    field, equals, spec = text.partition("=")
    if not equals or not field.strip():
        raise WhatIfError(f"'{snippet(text)}' is not FIELD=START..STOP[:STEPS]", example)
    parts = _RANGE.fullmatch(spec.strip())
    if parts is None:
        raise WhatIfError(f"'{snippet(spec)}' is not a range START..STOP[:STEPS]", example)
    start, stop = parse_number(parts["start"], "START"), parse_number(parts["stop"], "STOP")
    if not start < stop:
        raise WhatIfError(f"START must be below STOP (got {shown(start)}..{shown(stop)})", "write the smaller value first")
    steps = DEFAULT_STEPS
    if parts["steps"] is not None:
        written = parts["steps"].strip()
        whole = small_whole(written)
        if whole is None or not 2 <= whole <= MAX_STEPS:
            raise WhatIfError(f"STEPS must be a whole number from 2 to {MAX_STEPS} (got '{snippet(written)}')",
                              f"it counts the points, both ends included; the default is {DEFAULT_STEPS}")
        steps = whole
    return Vary(field.strip(), start, stop, steps)


def sweep_values(field: Field, start: Decimal, stop: Decimal, steps: int) -> tuple[Decimal, ...]:
    """`steps` evenly spaced values from start to stop, both included.

    Whole-number fields are rounded half-up to whole numbers; other values keep two decimals more than
    START and STOP are written with. A value that rounding repeats is taken once.
    """
    places = max(-_exponent(start), -_exponent(stop), 0)
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


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "a finite number (parse_number)"
    return exponent
