"""Money arithmetic: Decimal everywhere, and the one place where numbers are rounded for display.

Never use floating point for money. Values are parsed straight from their text into Decimal and
stay exact through the calculation; only what is shown to a person or a script is rounded, half-up.
"""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

D = Decimal
ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
SHARE_PLACES = Decimal("0.0001")

# The bounds on any number read from input (scenarios, recordings, history files, the command line).
# No real stream comes near them, and within them every figure the tool computes fits its context.
LARGEST_INPUT = 10**12


def out_of_bounds(value: int | Decimal) -> tuple[str, str] | None:
    """(what is wrong, what to do) when a number read from input is outside the bounds; None when it is fine."""
    if abs(value) > LARGEST_INPUT:
        return f"is too large (got {value})", f"numbers here are at most {LARGEST_INPUT:,}"
    return None


def round_half_up(value: Decimal, step: Decimal = CENT) -> Decimal:
    """Round to a multiple of `step` (a power of ten), halves away from zero."""
    return value.quantize(step, rounding=ROUND_HALF_UP)


def allocate(parts: list[Decimal], step: Decimal = CENT) -> list[Decimal]:
    """Round non-negative `parts` so that they add up exactly to their rounded total.

    Largest-remainder rounding: each part is first rounded down, then the steps still missing
    from the rounded total go to the parts that lost the most, earlier parts first on ties.
    Every rounded part is within one step of its exact value.
    """
    floors = [part.quantize(step, rounding=ROUND_FLOOR) for part in parts]
    missing = int((round_half_up(sum(parts, ZERO), step) - sum(floors, ZERO)) / step)
    by_loss = sorted(range(len(parts)), key=lambda i: floors[i] - parts[i])
    for i in by_loss[:missing]:
        floors[i] += step
    return floors


def plain(value: Decimal) -> str:
    """Text for a Decimal with no exponent and no trailing zeros after the point: 1E+1 -> '10'."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
