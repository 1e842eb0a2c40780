"""What `sweep` and `goal` may vary: the fields, derived from the scenario's spec, and the values they take.

A field names one input of a scenario, as written on the command line: the keys scenario/spec.py marks
with a what-if kind (`hearts`, `stream.average_viewers`, a payout fraction, ...), and a gift line's count,
`gifts[N].count` or `gifts[NAME].count` (N counts from 0 in the scenario's gift list; NAME is compared as
the catalogue does: case, spaces and hyphens ignored). Each field takes the values its key takes in a
scenario file (the spec's bounds), up to MAX_VALUE; `payout.fx_rate` only when the currency is not USD.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from tiktok_earnings.catalogue import normalise
from tiktok_earnings.errors import ToolError, did_you_mean
from tiktok_earnings.escape import snippet
from tiktok_earnings.numbers import OutOfBounds, is_digits, out_of_bounds, parse_decimal, shown, small_whole
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.spec import AUDIENCE, GIFT_COUNT, HEARTS, SCENARIO_KEYS, SETTING, WHOLE, Key, hint, value_at

__all__ = ["AUDIENCE", "GIFT_COUNT", "HEARTS", "SETTING"]  # the kinds of field, declared in the spec

MAX_VALUE = Decimal(10) ** 12  # the largest value or target taken: beyond it, cents would need more than 28 digits


class WhatIfError(ToolError, ValueError):
    """A field or value the what-if commands cannot use; `message` says what is wrong, `hint` what to do."""


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


def _field(key: Key, name: str, label: str, gift_index: int | None = None) -> Field:
    lowest = key.above if key.above is not None else key.at_least
    assert lowest is not None, f"{key.path} varies, so the spec gives it a lower bound"
    return Field(name, label, key.vary, key.kind == WHOLE, lowest, key.above is None, key.at_most, gift_index)


FIELDS = {key.path: _field(key, key.path, key.vary_label) for key in SCENARIO_KEYS if key.vary and key.vary != GIFT_COUNT}
GIFT_KEY = next(key for key in SCENARIO_KEYS if key.vary == GIFT_COUNT)  # gifts.count: one line's, in a list
GIFT_FIELDS = (f"{GIFT_KEY.parent}[N].{GIFT_KEY.name}", f"{GIFT_KEY.parent}[NAME].{GIFT_KEY.name}")
FIELD_NAMES = (*FIELDS, *GIFT_FIELDS)
_GIFT_FIELD = re.compile(re.escape(GIFT_KEY.parent) + r"\[(?P<key>[^\]]*)\](?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_FX_RATE = "payout.fx_rate"


def parse_field(text: str, scenario: Scenario) -> Field:
    """The field `text` names in `scenario`; WhatIfError with the nearest names if there is none."""
    written = text.strip()
    gift = _GIFT_FIELD.fullmatch(written)
    if gift:
        return _gift_field(gift["key"].strip(), gift["rest"].strip(), written, scenario)
    field = FIELDS.get(written.casefold())
    if field is None:
        hint = did_you_mean(written, list(FIELD_NAMES)) or "fields: " + ", ".join(FIELD_NAMES)
        raise WhatIfError(f"unknown field '{snippet(written)}'", hint)
    if field.name == _FX_RATE and scenario.payout.currency == "USD":
        raise WhatIfError(f"{_FX_RATE} can only vary when the report currency is not USD",
                          "set `payout.currency` (and `fx_rate`) in the scenario first")
    if field.name == _FX_RATE:
        field = field._replace(label=f"{scenario.payout.currency} per USD")
    return field


def _gift_field(key: str, rest: str, written: str, scenario: Scenario) -> Field:
    list_name, item = GIFT_KEY.parent, GIFT_KEY.name
    if rest.casefold() != f".{item}":
        raise WhatIfError(f"'{snippet(written)}' is not a field: only a gift's {item} can vary",
                          f"write {list_name}[{key or 0}].{item}")
    gifts = scenario.gifts
    listing = ", ".join(f"{list_name}[{i}] {line.name}" for i, line in enumerate(gifts)) or "none"
    if not gifts:
        raise WhatIfError("the scenario has no gifts", "add a `gifts:` list to the scenario, or vary another field")
    if is_digits(key):
        index = small_whole(key)
        if index is None or index >= len(gifts):
            lines = f"{len(gifts)} gift line{'s' * (len(gifts) != 1)}"
            raise WhatIfError(f"gifts[{snippet(key)}] is not in the scenario: it has {lines}",
                              f"count from 0; the gifts are {listing}")
    else:
        matches = [i for i, line in enumerate(gifts) if normalise(line.name) == normalise(key)]
        if not matches:
            hint = did_you_mean(key, [line.name for line in gifts], normalise) or f"the gifts are {listing}"
            raise WhatIfError(f"no gift '{key}' in the scenario", hint)
        if len(matches) > 1:
            raise WhatIfError(f"'{key}' names {len(matches)} gift lines: " + ", ".join(f"gifts[{i}]" for i in matches),
                              "pick one by its index, e.g. " + f"gifts[{matches[0]}].{item}")
        (index,) = matches
    return _field(GIFT_KEY, f"{list_name}[{index}].{item}", f"{gifts[index].name} {item}", index)


def line_index(field: Field) -> int:
    assert field.gift_index is not None, "a gift line's field knows its line"
    return field.gift_index


def value_of(scenario: Scenario, field: Field) -> Decimal:
    """The field's value in the scenario."""
    if field.kind == GIFT_COUNT:
        return Decimal(scenario.gifts[line_index(field)].count)
    number = value_at(scenario, field.name)
    assert isinstance(number, (int, Decimal)), f"{field.name} is a number in a scenario"
    return Decimal(number)


def check_value(field: Field, value: Decimal, what: str = "") -> None:
    """WhatIfError unless `value` is one the field accepts."""
    quoted = f"{what} is {shown(value)}" if what else f"got {shown(value)}"
    meaning = hint(GIFT_KEY.path if field.kind == GIFT_COUNT else field.name)
    if field.whole and value != value.to_integral_value():
        raise WhatIfError(f"{field.name} must be a whole number ({quoted})", meaning)
    if field.lowest_included and value < field.lowest:
        raise WhatIfError(f"{field.name} must not be below {field.lowest} ({quoted})", meaning)
    if not field.lowest_included and not value > field.lowest:
        raise WhatIfError(f"{field.name} must be greater than {field.lowest} ({quoted})", meaning)
    if field.highest is not None and value > field.highest:
        raise WhatIfError(f"{field.name} must not be above {field.highest} ({quoted})", meaning)
    if value > MAX_VALUE:
        raise WhatIfError(f"{field.name} must not be above {MAX_VALUE:,} ({quoted})", meaning)


def with_value(scenario: Scenario, field: Field, value: Decimal) -> Scenario:
    """The scenario with the field set to `value`, and nothing else changed."""
    if field.kind == GIFT_COUNT:
        gifts = list(scenario.gifts)
        index = line_index(field)
        gifts[index] = gifts[index]._replace(count=int(value))
        return scenario._replace(gifts=tuple(gifts))
    section, _, key = field.name.rpartition(".")
    changed: dict[str, Any] = {key: int(value) if field.whole else value}
    if section:  # a key in a section, e.g. payout.fx_rate; else a top-level key, e.g. hearts
        changed = {section: getattr(scenario, section)._replace(**changed)}
    return scenario._replace(**changed)


def parse_number(text: str, what: str) -> Decimal:
    """A finite decimal number from its text, never through float."""
    written = text.strip()
    try:
        number = parse_decimal(written, bounded=False)  # check_value() words the bounds of each field
    except OutOfBounds as error:
        raise WhatIfError(f"{what} {error.what} (got '{snippet(written)}')", error.hint) from None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not written:
        raise WhatIfError(f"{what} must be a number (got '{snippet(written)}')", "write it as digits, e.g. 200 or 0.0133")
    if number.copy_abs() <= MAX_VALUE and (bad := out_of_bounds(number)) is not None:  # too small, too many digits
        raise WhatIfError(f"{what} {bad[0]}", bad[1])
    return number
