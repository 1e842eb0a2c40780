"""Quick arithmetic between coins, diamonds, what viewers pay and what the creator is paid.

The units (`tiktok-earnings convert AMOUNT UNIT`), under one coin-rate preset:

    coins      coins, as viewers buy and gift them: always whole
    diamonds   diamonds credited to the creator: diamonds_per_coin for each coin gifted
    usd        US dollars viewers pay for the coins: viewer_price_per_coin each
    creator    US dollars the creator is paid for them, before agency, fees and tax: creator_per_coin each

Coins are bought and gifted only whole, so every figure is computed from a whole number of coins.
Money a viewer pays buys whole coins: coins from `usd` are rounded down. Diamonds and creator money
come from gifting whole coins: coins for them are rounded up, to the fewest coins that give at
least that much. The arithmetic is exact Decimal; only what is displayed rounds money, half-up to cents.
"""

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from typing import NamedTuple

from tiktok_earnings.catalogue import Gift, GiftLookupError, load_catalogue, normalise
from tiktok_earnings.errors import ToolError, did_you_mean
from tiktok_earnings.escape import snippet
from tiktok_earnings.numbers import ONE, out_of_bounds, parse_decimal
from tiktok_earnings.rates import CoinRates, load_presets

UNITS = ("coins", "diamonds", "usd", "creator")
UNIT_MEANING = {
    "coins": "coins, as viewers buy and gift them (whole)",
    "diamonds": "diamonds credited to the creator",
    "usd": "US dollars viewers pay for the coins",
    "creator": "US dollars the creator is paid, before agency, fees and tax",
}
ALIASES = {"coin": "coins", "diamond": "diamonds"}
UNITS_HINT = "use coins, diamonds, usd (what viewers pay) or creator (what the creator is paid, in USD)"


class ArgumentError(ToolError, ValueError):
    """A command-line value that cannot be used: the message says what is wrong, the hint what to do."""


class Figure(NamedTuple):
    unit: str
    value: Decimal  # exact
    given: bool  # the amount as it was given, not computed


class Conversion(NamedTuple):
    amount: Decimal  # as given, in `unit` (a gift's price in coins when a gift was named)
    unit: str
    gift: Gift | None  # the gift named instead of a number
    rates: CoinRates
    coins: int  # the whole coins every computed figure is for
    coins_exact: Decimal  # the amount in coins before rounding to whole coins
    rounding: str  # "" when the amount was whole coins already, else "down" or "up"
    figures: tuple[Figure, ...]  # each unit asked for, in UNITS order


def per_coin(rates: CoinRates, unit: str) -> Decimal:
    """How much of `unit` one coin is."""
    return {
        "coins": ONE,
        "diamonds": rates.diamonds_per_coin,
        "usd": rates.viewer_price_per_coin,
        "creator": rates.creator_per_coin,
    }[unit]


def find_unit(text: str) -> str:
    key = text.strip().casefold()
    key = ALIASES.get(key, key)
    if key in UNITS:
        return key
    close = did_you_mean(key, list(UNITS))
    raise ArgumentError(f"unknown unit '{snippet(text)}'", close if close.startswith("did you mean") else UNITS_HINT)


def find_rates(preset: str) -> CoinRates:
    presets = load_presets()
    if preset not in presets:
        hint = did_you_mean(preset, list(presets)) or "list them with `tiktok-earnings rates`"
        raise ArgumentError(f"unknown coin-rate preset '{preset}'", hint)
    return presets[preset].rates


def find_gift(name: str, gift_id: int | None = None) -> Gift:
    """The catalogue gift `name` means; ArgumentError with the catalogue's own hint if none or unclear."""
    catalogue = load_catalogue()
    try:
        return catalogue.find(name, gift_id)
    except GiftLookupError as error:
        if error.choices:  # several prices: an id picks one, or the price itself converts
            hint = f"add `--gift-id`, or convert the price, e.g. `convert {error.prices[-1]} coins`: {error.choices}"
            raise ArgumentError(error.message, hint) from None
        if normalise(name) in catalogue.by_name:  # a wrong id, or a retired gift: the catalogue says which
            raise ArgumentError(error.message, error.hint.replace("`gift_id:`", "`--gift-id`")
                                .replace("`gift_id: ", "`--gift-id ")) from None
        names = sorted({gift.name for gift in catalogue.gifts})
        hint = did_you_mean(name, names, normalise) or "give a number and a unit, e.g. `1000 coins`, or look the gift up" \
            " with `tiktok-earnings gifts NAME`"
        raise ArgumentError(f"'{name}' is neither a number nor a gift in the catalogue", hint) from None


def parse_amount(text: str) -> Decimal | None:
    """The number `text` spells (`1000`, `12.5`, `1,000`, `1_000`), or None when it is not a number."""
    text = text.strip().replace("_", "")
    if "," in text:
        whole, _, fraction = text.partition(".")
        groups = whole.lstrip("+-").split(",")
        if not (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
            return None  # `1,5` is not a number here: decimals take a point
        text = whole.replace(",", "") + ("." + fraction if fraction else "")
    try:
        return parse_decimal(text, bounded=False)  # _check() words the bounds for a conversion
    except InvalidOperation:
        return None


def convert(amount_text: str, unit_text: str | None = None, to: str | None = None, preset: str = "default",
            gift_id: int | None = None) -> Conversion:
    """`amount_text` in `unit_text` (or a gift's name: its price in coins) in every unit, or only in `to`."""
    rates = find_rates(preset)
    target = find_unit(to) if to is not None else None
    number = parse_amount(amount_text)
    gift = None
    if number is None:
        unit = find_unit(unit_text) if unit_text is not None else "coins"
        if unit != "coins":
            raise ArgumentError(f"a gift's price is in coins, not {unit}",
                                f"give the unit with --to: convert '{amount_text}' --to {unit}")
        gift = find_gift(amount_text, gift_id)
        number = Decimal(gift.coins)
    else:
        if gift_id is not None:
            raise ArgumentError("--gift-id goes with a gift's name, not a number",
                                "name the gift, e.g. `convert Heart --gift-id 5480`")
        if unit_text is None:
            raise ArgumentError(f"'{amount_text}' has no unit", "add one: coins, diamonds, usd (what viewers pay) or"
                                " creator (what the creator is paid), e.g. `convert 1000 coins`")
        unit = find_unit(unit_text)
        _check(number, amount_text, unit)
    coins_exact = number / per_coin(rates, unit)
    if unit == "coins" or coins_exact == coins_exact.to_integral_value():
        coins, rounding = int(coins_exact), ""
    elif unit == "usd":  # money buys whole coins: what is left over buys none
        coins, rounding = int(coins_exact.to_integral_value(rounding=ROUND_FLOOR)), "down"
    else:  # the fewest whole coins that give at least this many diamonds, or this much money
        coins, rounding = int(coins_exact.to_integral_value(rounding=ROUND_CEILING)), "up"
    figures = tuple(
        Figure(each, number if each == unit else coins * per_coin(rates, each), each == unit)
        for each in UNITS
        if target in (None, each)
    )
    return Conversion(number, unit, gift, rates, coins, coins_exact, rounding, figures)


def _check(number: Decimal, text: str, unit: str) -> None:
    if not number.is_finite():
        raise ArgumentError(f"'{snippet(text)}' is not a finite number", "give an amount such as 1000 or 12.50")
    if number < 0:
        raise ArgumentError(f"the amount must not be negative (got {text})", "give an amount of 0 or more")
    bad = out_of_bounds(number)
    if bad is not None:  # the same bounds as any number in a scenario
        raise ArgumentError(f"the amount {bad[0]}", bad[1])
    if unit == "coins" and number != number.to_integral_value():
        raise ArgumentError(f"coins come whole (got {text})", "give a whole number of coins, e.g. 1000")
