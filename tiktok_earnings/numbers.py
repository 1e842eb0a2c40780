"""The number policy: every Decimal made from text, the bounds on input, and the context money runs in.

Never use floating point for money. Numbers are parsed straight from their text into Decimal
(`parse_decimal`, `parse_integer`: the only parsers of numeric text in the tool) and stay exact
through the calculation; only what is shown to a person or a script is rounded, half-up.

Bounds keep every figure printable. An input is at most LARGEST_INPUT and, unless it is zero, at
least SMALLEST_INPUT in size, written with at most MOST_DIGITS digits in full. The figures computed
from such inputs are checked against LARGEST_FIGURE (calculator.too_large) before anything is
rounded. Within these bounds every figure the tool shows has far fewer digits than MONEY's
precision, so rounding it to cents is exact; outside them, reading the scenario fails with an
input error at the line of the value that caused it.
"""

import re
from decimal import (
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    FloatOperation,
    InvalidOperation,
    Overflow,
)

D = Decimal
ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
SHARE_PLACES = Decimal("0.0001")

# The bounds on any number read from input (scenarios, recordings, history files, the command line).
# No real stream comes near them, and within them every figure the tool computes fits its context.
LARGEST_INPUT = 10**12
SMALLEST_INPUT = Decimal("1E-12")  # the smallest non-zero size: 0.000000000001
_LARGEST_DECIMAL = Decimal(LARGEST_INPUT)
MOST_DIGITS = 28  # digits of an input written out in full (123.45 has 5; 0.000001 has 7): MONEY holds it exactly
LARGEST_FIGURE = 10**18  # the largest figure a report shows, in any currency: a quintillion
_MOST_INTEGER_DIGITS = 100  # longer digit strings are not even turned into an int (Python refuses beyond 4,300)

# The context all money arithmetic runs in (calculator.py, report.py): `with localcontext(MONEY):`.
# 28 significant digits, as Python's default, rounding half-even inside the calculation (display
# rounds half-up, below). The exponent limits are Python's defaults too; with the bounds above no
# figure comes near them. Overflow, a division by zero, an invalid operation and any float mixed
# into the arithmetic raise instead of passing silently: batch.py turns them into an input error.
MONEY = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[InvalidOperation, DivisionByZero, Overflow, FloatOperation],
)


class OutOfBounds(InvalidOperation, ValueError):
    """Text that spells a number outside the input bounds: `what` is wrong with it, `hint` what to do.

    An InvalidOperation, as Decimal("…") raises for text that is no number, and a ValueError, as int("…")
    does, so that a caller that only catches those still refuses it; one that catches this first can say why.
    """

    def __init__(self, what: str, hint: str) -> None:
        super().__init__(f"{what} — {hint}")
        self.what = what
        self.hint = hint


_EXPONENT = re.compile(r"[eE]([+-]?)0*(\d+)\s*$")


def parse_decimal(text: str, *, bounded: bool = True) -> Decimal:
    """The number `text` spells, read exactly from its digits (never through float), in Decimal's syntax.

    Raises InvalidOperation, as Decimal() does, when the text spells no number; NaN and infinities
    are returned as such, for the caller to word (`is_finite()`). With `bounded` (the default) a
    number outside the input bounds raises OutOfBounds; without it, such a number is returned for
    the caller to check with `out_of_bounds()`, except one whose exponent Decimal cannot hold at all.
    """
    try:
        value = Decimal(text)
    except InvalidOperation:
        exponent = _EXPONENT.search(text)
        if exponent is None or len(exponent.group(2)) < 10:
            raise
        try:  # a number with an exponent beyond Decimal's range: say which way it is out of bounds
            Decimal(text[: exponent.start()])
        except InvalidOperation:
            raise InvalidOperation(text) from None
        raise _out_of_bounds_error(exponent.group(1) != "-") from None
    if bounded and value.is_finite():
        bad = out_of_bounds(value)
        if bad is not None:
            raise OutOfBounds(*bad)
    return value


def is_digits(text: str) -> bool:
    """Whether `text` is digits 0-9 and nothing else. str.isdigit() alone also takes '²', which int() refuses,
    and '١', which int() reads as 1."""
    return text.isascii() and text.isdigit()


def small_whole(text: str, most_digits: int = 18) -> int | None:
    """The whole number `text` spells in digits 0-9 alone; None for other text and for more than `most_digits`
    digits, leading zeros aside. No count, index or identifier the tool reads comes near that, and int() refuses
    text of more than 4,300 digits with a ValueError, which would otherwise have to be caught at every call."""
    if not is_digits(text) or len(text.lstrip("0")) > most_digits:
        return None
    return int(text)


def parse_integer(text: str) -> int:
    """The whole number `text` spells in base 10 (an optional sign, then digits); ValueError when it spells none.

    Raises OutOfBounds for a digit string too long to be any number the tool takes, without building it.
    """
    if is_digits(text) and len(text) <= _MOST_INTEGER_DIGITS:  # plain digits: the common case
        return int(text)
    digits = text.strip().lstrip("+-")
    if not is_digits(digits):
        raise ValueError(f"'{text}' is not a whole number in base 10")
    if len(digits.lstrip("0")) > _MOST_INTEGER_DIGITS:
        raise _out_of_bounds_error(too_large=True)
    return int(text)


def _out_of_bounds_error(too_large: bool) -> OutOfBounds:
    if too_large:
        return OutOfBounds("is too large", f"numbers here are at most {LARGEST_INPUT:,}")
    return OutOfBounds("is too small", _SMALL_HINT)


_SMALL_HINT = f"numbers here are 0 or at least {SMALLEST_INPUT:f} in size"


def out_of_bounds(value: int | Decimal) -> tuple[str, str] | None:
    """(what is wrong, what to do) when a number read from input is outside the bounds; None when it is fine."""
    if isinstance(value, int):
        if -LARGEST_INPUT <= value <= LARGEST_INPUT:
            return None
        text = str(value) if value.bit_length() < 1000 else f"{Decimal(value):.3E}"  # str() refuses 4,300 digits
        return f"is too large (got {_shown(text)})", f"numbers here are at most {LARGEST_INPUT:,}"
    size = value.copy_abs()
    if size > _LARGEST_DECIMAL:
        return f"is too large (got {_shown(str(value))})", f"numbers here are at most {LARGEST_INPUT:,}"
    if size < SMALLEST_INPUT and not value.is_zero():
        return f"is too small (got {_shown(str(value))})", _SMALL_HINT
    text = str(value)  # without an exponent, its digits are the digits in full: the common case, and quick
    if ("E" in text or len(text) > MOST_DIGITS) and digits_in_full(value) > MOST_DIGITS:
        return (f"has too many digits (got {_shown(str(value))})",
                f"write it with at most {MOST_DIGITS} digits")
    return None


def digits_in_full(value: Decimal) -> int:
    """How many digits `value` takes written out without an exponent: 123.45 -> 5, 0.000001 -> 7, 1E+3 -> 4."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "only finite numbers have digits"
    return max(value.adjusted(), 0) + 1 + max(-exponent, 0)


_SHOWN_IN_FULL = 40  # the longest number an error message quotes whole


def shown(value: Decimal) -> str:
    """A number as an error message quotes it: written out (plain()) where that is short, else with its exponent.

    A number that fails a check can be 1E+999999999, whose digits in full would take a gigabyte.
    """
    if value.is_finite() and digits_in_full(value) <= _SHOWN_IN_FULL:
        return plain(value)
    return _shown(str(value))


def _shown(text: str) -> str:
    """A number's text as an error message quotes it: whole unless it is very long."""
    return text if len(text) <= _SHOWN_IN_FULL else f"{text[:20]}…{text[-8:]}, {len(text)} characters"


def round_half_up(value: Decimal, step: Decimal = CENT) -> Decimal:
    """Round to a multiple of `step` (a power of ten), halves away from zero."""
    return value.quantize(step, ROUND_HALF_UP)  # rounding by position: by keyword, Decimal parses it twice as slowly


def allocate(parts: list[Decimal], step: Decimal = CENT) -> list[Decimal]:
    """Round non-negative `parts` so that they add up exactly to their rounded total.

    Largest-remainder rounding: each part is first rounded down, then the steps still missing
    from the rounded total go to the parts that lost the most, earlier parts first on ties.
    Every rounded part is within one step of its exact value.
    """
    floors = [part.quantize(step, ROUND_FLOOR) for part in parts]  # rounding by position, as in round_half_up
    missing = int((round_half_up(sum(parts, ZERO), step) - sum(floors, ZERO)) / step)
    if missing:  # often none: the other income of most scenarios is all zeros
        losses = [floor - part for floor, part in zip(floors, parts, strict=True)]
        for i in sorted(range(len(parts)), key=losses.__getitem__)[:missing]:
            floors[i] += step
    return floors


def plain(value: Decimal) -> str:
    """Text for a Decimal with no exponent and no trailing zeros after the point: 1E+1 -> '10'."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
