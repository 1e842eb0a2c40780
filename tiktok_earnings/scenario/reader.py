"""The scenario model, and reading it from a YAML file with a precise error for every bad value.

A scenario describes one LIVE stream: its length and audience, the hearts tapped, the gifts sent,
the coin rates, and what comes off the creator's money (agency, fees, tax). Reading it checks every
value and reports all the problems in the file at once, each with its line and what to do.
"""

from decimal import Decimal
from pathlib import Path

from tiktok_earnings.calculator import too_large
from tiktok_earnings.catalogue import GiftLookupError, load_catalogue
from tiktok_earnings.errors import InputError, Problem, did_you_mean
from tiktok_earnings.fields import NUMERIC_FIELDS
from tiktok_earnings.hearts.model import DEFAULT_ELASTICITY, DEFAULT_REFERENCE_RATE, Engagement, Range
from tiktok_earnings.income import (
    DEFAULT_REGION,
    REGIONS,
    BrandDeal,
    CreatorRewards,
    OtherIncome,
    Schedule,
    Subscriptions,
    default,
    subscription_share,
)
from tiktok_earnings.numbers import ONE, ZERO, out_of_bounds, parse_decimal
from tiktok_earnings.rates import DEFAULT_PRESET, CoinRates, load_presets
from tiktok_earnings.scenario.expectations import Expectation
from tiktok_earnings.scenario.extends import DocumentCache, load_extended
from tiktok_earnings.scenario.model import GiftLine, Payout, Scenario, Stream
from tiktok_earnings.scenario.yamldoc import Document, Path_

TOP_LEVEL_KEYS = (
    "name", "extends", "stream", "hearts", "gifts", "coin_rates", "payout", "engagement", "other_income", "schedule", "expect",
)
STREAM_KEYS = ("duration_minutes", "average_viewers")
GIFT_KEYS = ("gift", "gift_id", "name", "coins", "count")
COIN_RATE_KEYS = ("preset", "viewer_price_per_coin", "diamonds_per_coin", "payout_per_diamond")
PAYOUT_KEYS = ("agency_commission", "withdrawal_fee", "tax_rate", "currency", "fx_rate", "minimum_withdrawal")
ENGAGEMENT_KEYS = ("reference_hearts_per_viewer_minute", "elasticity", "calibrated")
ELASTICITY_KEYS = ("low", "base", "high")
OTHER_INCOME_KEYS = ("creator_rewards", "subscriptions", "brand_deals")
CREATOR_REWARDS_KEYS = ("qualified_views", "rpm")
SUBSCRIPTION_KEYS = ("subscribers", "price", "region", "creator_share")
BRAND_DEAL_KEYS = ("name", "amount")
SCHEDULE_KEYS = ("streams_per_week",)

# What each setting means, for the "what to do" part of an error.
MEANING = {
    "stream.duration_minutes": "give the stream's length in minutes, e.g. 90",
    "stream.average_viewers": "give the average number of concurrent viewers, e.g. 350",
    "hearts": "give the total hearts (likes) tapped as a whole number, e.g. 48000",
    "count": "give how many of this gift were sent, as a whole number",
    "coins": "give the gift's price in coins, as a whole number",
    "gift_id": "give the catalogue id of the gift, e.g. 9072",
    "coin_rates.viewer_price_per_coin": "give the USD a viewer pays per coin, e.g. 0.0133",
    "coin_rates.diamonds_per_coin": "give the diamonds credited per coin gifted, e.g. 1 or 0.5",
    "coin_rates.payout_per_diamond": "give the USD paid per diamond, e.g. 0.005",
    "payout.agency_commission": "give a fraction of the creator's gross: 10% is 0.10",
    "payout.withdrawal_fee": "give a fraction of what is left after the agency: 2% is 0.02",
    "payout.tax_rate": "give a fraction: 15% is 0.15",
    "payout.fx_rate": "give units of the report currency per USD, e.g. 0.92 for EUR",
    "payout.minimum_withdrawal": "give the smallest withdrawal TikTok allows, in USD, e.g. 50 or 100",
    "other_income.creator_rewards.qualified_views": "give the qualified views in a month, as a whole number, e.g. 120000",
    "other_income.creator_rewards.rpm": "give the USD paid per 1,000 qualified views, e.g. 0.70 (about 0.40 to 1.00)",
    "other_income.subscriptions.subscribers": "give the paying LIVE subscribers in a month, as a whole number, e.g. 25",
    "other_income.subscriptions.price": "give the USD a subscriber pays per month, e.g. 4.99",
    "other_income.subscriptions.creator_share": "give the creator's share as a fraction: 70% is 0.70",
    "other_income.brand_deals.amount": "give the deal's USD per month, e.g. 250",
    "schedule.streams_per_week": "give how many streams like this one a week, e.g. 4",
    "engagement.reference_hearts_per_viewer_minute": "give the model's reference rate k, e.g. 1",
    "engagement.elasticity": "give elasticities as fractions, e.g. {low: 0.05, base: 0.15, high: 0.30}",
    "engagement.calibrated": "give a note on where the elasticities come from, as `tiktok-earnings calibrate` writes it",
}

_MISSING = object()


def load_scenario(path: str | Path, cache: DocumentCache | None = None) -> Scenario:
    """Read and check one scenario file, with what it extends; raise InputError listing every problem.

    Pass the same `cache` when reading many files, so that a shared base file is read once.
    """
    return scenario_from_document(load_extended(path, cache))


def scenario_from_document(document: Document) -> Scenario:
    reader = _Reader(document)
    scenario = reader.scenario()
    blame = too_large(scenario) if scenario is not None and not reader.problems else None
    if blame is not None:  # within the input bounds, but a figure computed from them is not
        reader.fail(blame.path, f"`{dotted(blame.path)}` {blame.what}", blame.hint)
    if reader.problems:  # in the order of the file, inherited values last
        raise InputError(sorted(reader.problems, key=lambda p: (p.file != document.file, p.file, p.line or 0)))
    return scenario


def dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return str(value)


class _Reader:
    """Reads a Document into a Scenario, collecting a Problem for every bad value on the way."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def fail(self, path: Path_, message: str, hint: str = "") -> None:
        self.problems.append(self.document.problem(path, message, hint))

    def hint_for(self, path: Path_) -> str:
        key = dotted(tuple(part for part in path if not isinstance(part, int)))
        if path and path[0] == "gifts":
            key = str(path[-1])
        return MEANING.get(key, "")

    # --- shapes ---------------------------------------------------------------------------

    def mapping(self, value: object, path: Path_, allowed: tuple[str, ...], required: bool = False, kind: str = "key") -> dict:
        """The mapping at `path` ({} when absent and optional), with unknown keys reported."""
        if value is _MISSING or value is None:
            if required:
                self.fail(path, f"missing `{dotted(path)}`", f"add a `{dotted(path)}:` section")
            return {}
        if not isinstance(value, dict):
            what = f"`{dotted(path)}`" if path else "a scenario file"
            self.fail(path, f"{what} must be a mapping of keys to values, not {_describe(value)}",
                      "see configs/ for the layout of a scenario")
            return {}
        for key in value:
            if key not in allowed:
                where = f"`{dotted(path)}`" if path else "a scenario"
                hint = did_you_mean(key, list(allowed)) or f"allowed {kind}s: " + ", ".join(allowed)
                self.fail(path + (key,), f"unknown {kind} '{key}' in {where}", hint)
        return value

    def given_number(self, mapping: dict, path: Path_, default: object, kind: str) -> tuple[bool, object]:
        """(True, the number written at `path`), or (False, what to use instead: the default, or None after a problem)."""
        value = mapping.get(path[-1], _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                self.fail(path, f"missing `{dotted(path)}`", self.hint_for(path))
                return False, None
            return False, default
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            hint = "remove the quotes" if isinstance(value, str) and _looks_numeric(value) else self.hint_for(path)
            self.fail(path, f"`{dotted(path)}` must be {kind}, not {_describe(value)}", hint)
            return False, None
        bad = out_of_bounds(value)
        if bad is not None:
            self.fail(path, f"`{dotted(path)}` {bad[0]}", bad[1])
            return False, None
        return True, value

    def decimal(self, mapping: dict, path: Path_, default: object = _MISSING, *, above: Decimal | None = None,
                at_least: Decimal | None = None, at_most: Decimal | None = None) -> Decimal | None:
        given, value = self.given_number(mapping, path, default, "a number")
        if not given:
            return value
        number = Decimal(value)
        if above is not None and not number > above:
            self.fail(path, f"`{dotted(path)}` must be greater than {above} (got {value})", self.hint_for(path))
        elif at_least is not None and number < at_least:
            self.fail(path, f"`{dotted(path)}` must not be below {at_least} (got {value})", self.hint_for(path))
        elif at_most is not None and number > at_most:
            self.fail(path, f"`{dotted(path)}` must not be above {at_most} (got {value})", self.hint_for(path))
        else:
            return number
        return None

    def integer(self, mapping: dict, path: Path_, default: object = _MISSING, *, at_least: int = 0) -> int | None:
        given, value = self.given_number(mapping, path, default, "a whole number")
        if not given:
            return value
        if isinstance(value, Decimal):
            self.fail(path, f"`{dotted(path)}` must be a whole number (got {value})", self.hint_for(path))
            return None
        if value < at_least:
            self.fail(path, f"`{dotted(path)}` must not be below {at_least} (got {value})", self.hint_for(path))
            return None
        return value

    def text(self, mapping: dict, path: Path_, default: object = _MISSING) -> str | None:
        value = mapping.get(path[-1], _MISSING)
        if value is _MISSING:
            return default
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return str(value)  # e.g. `name: 2024`
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"`{dotted(path)}` must be text, not {_describe(value)}", self.hint_for(path))
            return None
        return value.strip()

    # --- sections -------------------------------------------------------------------------

    def scenario(self) -> Scenario | None:
        document = self.document
        top = self.mapping(document.data, (), TOP_LEVEL_KEYS)
        if not isinstance(document.data, dict):
            return None
        name = self.text(top, ("name",), Path(document.file).stem)
        stream = self.stream(top)
        hearts = self.integer(top, ("hearts",), 0)
        gifts = self.gifts(top.get("gifts"))
        coin_rates = self.coin_rates(top.get("coin_rates", _MISSING))
        payout = self.payout(top.get("payout", _MISSING))
        engagement = self.engagement(top.get("engagement", _MISSING))
        other_income = self.other_income(top.get("other_income", _MISSING))
        schedule = self.schedule(top.get("schedule", _MISSING))
        expectations = self.expectations(top.get("expect", _MISSING))
        if self.problems:
            return None
        return Scenario(name, document.file, stream, hearts, gifts, coin_rates, payout, engagement, expectations,
                        other_income, schedule)

    def stream(self, top: dict) -> Stream:
        section = self.mapping(top.get("stream", _MISSING), ("stream",), STREAM_KEYS, required=True)
        if not section:
            if isinstance(top.get("stream"), dict):
                self.fail(("stream",), "`stream` is empty", "give `duration_minutes` and `average_viewers`")
            return None
        return Stream(
            self.decimal(section, ("stream", "duration_minutes"), above=ZERO),
            self.decimal(section, ("stream", "average_viewers"), above=ZERO),
        )

    def gifts(self, value: object) -> tuple[GiftLine, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(("gifts",), f"`gifts` must be a list, not {_describe(value)}",
                      "write each gift as a list item: `- gift: Rose` then `count: 240`")
            return ()
        lines = (self.gift_line(item, ("gifts", i)) for i, item in enumerate(value))
        return tuple(line for line in lines if line is not None)

    def gift_line(self, item: object, path: Path_) -> GiftLine | None:
        if not isinstance(item, dict):
            self.fail(path, f"`{dotted(path)}` must be a mapping, not {_describe(item)}",
                      "write `- gift: Rose` then `count: 240` on the next line, indented")
            return None
        before = len(self.problems)
        entry = self.mapping(item, path, GIFT_KEYS)
        count = self.integer(entry, path + ("count",))
        coins = self.integer(entry, path + ("coins",), None, at_least=1)
        gift_id = self.integer(entry, path + ("gift_id",), None, at_least=1)
        if "gift" in entry or "gift_id" in entry:
            if "name" in entry:
                self.fail(path + ("name",), "a gift has either `gift:` (from the catalogue) or `name:` (a custom gift), not both",
                          "keep `gift:` for a catalogue gift, or `name:` with `coins:` for one that is not listed")
            gift_name = self.text(entry, path + ("gift",), None)
            if len(self.problems) > before:
                return None
            try:
                gift = load_catalogue().find(gift_name, gift_id)
            except GiftLookupError as error:
                self.fail(path + (("gift",) if "gift" in entry else ("gift_id",)), error.message, error.hint)
                return None
            return GiftLine(gift.name, gift.gift_id, coins if coins is not None else gift.coins, count)
        if "name" in entry:
            name = self.text(entry, path + ("name",), None)
            if coins is None and "coins" not in entry:
                self.fail(path + ("name",), f"custom gift '{name}' needs `coins:`",
                          "give its price in coins, or use `gift:` if it is in the catalogue")
            if len(self.problems) > before:
                return None
            return GiftLine(name, None, coins, count)
        if len(self.problems) == before:
            self.fail(path, f"`{dotted(path)}` names no gift",
                      "add `gift:` with a catalogue name, or `name:` and `coins:` for a custom gift")
        return None

    def coin_rates(self, value: object) -> CoinRates | None:
        section = self.mapping(value, ("coin_rates",), COIN_RATE_KEYS)
        presets = load_presets()
        preset_name = self.text(section, ("coin_rates", "preset"), DEFAULT_PRESET)
        if preset_name not in presets:
            if preset_name is not None:
                hint = did_you_mean(preset_name, list(presets)) or "list them with `tiktok-earnings rates`"
                self.fail(("coin_rates", "preset"), f"unknown coin-rate preset '{preset_name}'", hint)
            return None
        base = presets[preset_name].rates

        def rate(key: str) -> Decimal | None:
            return self.decimal(section, ("coin_rates", key), getattr(base, key), above=ZERO)

        return CoinRates(preset_name, rate("viewer_price_per_coin"), rate("diamonds_per_coin"), rate("payout_per_diamond"))

    def payout(self, value: object) -> Payout | None:
        path = ("payout",)
        section = self.mapping(value, path, PAYOUT_KEYS)

        def fraction(key: str) -> Decimal | None:
            return self.decimal(section, path + (key,), ZERO, at_least=ZERO, at_most=ONE)

        agency, fee, tax = fraction("agency_commission"), fraction("withdrawal_fee"), fraction("tax_rate")
        currency = self.text(section, path + ("currency",), "USD")
        if currency is not None and not (len(currency) == 3 and currency.isalpha()):
            self.fail(path + ("currency",), f"`payout.currency` must be a three-letter currency code, not '{currency}'",
                      "e.g. USD, EUR, GBP")
            currency = None
        currency = currency.upper() if currency else currency
        fx_rate = self.decimal(section, path + ("fx_rate",), None, above=ZERO)
        if currency and currency != "USD" and fx_rate is None and "fx_rate" not in section:
            self.fail(path + ("currency",), f"`payout.fx_rate` is required when the currency is {currency}",
                      f"add `fx_rate:` with the {currency} per USD you were paid at, e.g. `fx_rate: 0.92`")
        if currency == "USD" and fx_rate is not None and fx_rate != ONE:
            self.fail(path + ("fx_rate",), f"`payout.fx_rate` is {fx_rate}, but the currency is USD",
                      "set `currency:` to the currency it converts to, or remove `fx_rate`")
        minimum = self.decimal(section, path + ("minimum_withdrawal",), None, at_least=ZERO)
        return Payout(agency, fee, tax, currency, fx_rate if fx_rate is not None else ONE, minimum)

    def engagement(self, value: object) -> Engagement | None:
        path = ("engagement",)
        section = self.mapping(value, path, ENGAGEMENT_KEYS)
        reference = self.decimal(section, path + ("reference_hearts_per_viewer_minute",), DEFAULT_REFERENCE_RATE, above=ZERO)
        elastic_path = path + ("elasticity",)
        given = self.mapping(section.get("elasticity", _MISSING), elastic_path, ELASTICITY_KEYS)
        low, base, high = (
            self.decimal(given, elastic_path + (key,), getattr(DEFAULT_ELASTICITY, key), at_least=ZERO)
            for key in ELASTICITY_KEYS
        )
        calibrated = self.text(section, path + ("calibrated",), None)
        if None in (low, base, high, reference):
            return None
        if not low <= base <= high:
            self.fail(elastic_path, f"elasticities must satisfy low <= base <= high (got {low}, {base}, {high})",
                      "order them from the most cautious to the most generous")
            return None
        return Engagement(reference, Range(low, base, high), calibrated)

    def other_income(self, value: object) -> OtherIncome:
        path = ("other_income",)
        section = self.mapping(value, path, OTHER_INCOME_KEYS)
        rewards = subscriptions = None
        if section.get("creator_rewards") is not None:
            rewards_path = path + ("creator_rewards",)
            given = self.mapping(section["creator_rewards"], rewards_path, CREATOR_REWARDS_KEYS)
            if not isinstance(section["creator_rewards"], dict):
                return OtherIncome()
            views = self.integer(given, rewards_path + ("qualified_views",))
            rpm = self.decimal(given, rewards_path + ("rpm",), default("creator_rewards_rpm"), at_least=ZERO)
            rewards = CreatorRewards(views, rpm)
        if section.get("subscriptions") is not None:
            subscriptions = self.subscriptions(section["subscriptions"], path + ("subscriptions",))
        return OtherIncome(rewards, subscriptions, self.brand_deals(section.get("brand_deals"), path + ("brand_deals",)))

    def subscriptions(self, value: object, path: Path_) -> Subscriptions | None:
        given = self.mapping(value, path, SUBSCRIPTION_KEYS)
        if not isinstance(value, dict):
            return None
        subscribers = self.integer(given, path + ("subscribers",))
        price = self.decimal(given, path + ("price",), at_least=ZERO)
        region = self.text(given, path + ("region",), DEFAULT_REGION)
        if region is not None and region.lower() not in REGIONS:
            self.fail(path + ("region",), f"unknown region '{region}' for LIVE Subscriptions",
                      did_you_mean(region, list(REGIONS)) or "expected one of: " + ", ".join(REGIONS))
            region = None
        region = region.lower() if region else DEFAULT_REGION
        share = self.decimal(given, path + ("creator_share",), subscription_share(region), at_least=ZERO, at_most=ONE)
        return Subscriptions(subscribers, price, region, share)

    def brand_deals(self, value: object, path: Path_) -> tuple[BrandDeal, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(path, f"`{dotted(path)}` must be a list, not {_describe(value)}",
                      "write each deal as a list item: `- name: Sponsor` then `amount: 250`")
            return ()
        deals = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(path + (i,), f"`{dotted(path + (i,))}` must be a mapping, not {_describe(item)}",
                          "write `- name: Sponsor` then `amount: 250` on the next line, indented")
                continue
            entry = self.mapping(item, path + (i,), BRAND_DEAL_KEYS)
            name = self.text(entry, path + (i, "name"), _MISSING)
            if name is _MISSING:
                self.fail(path + (i,), f"`{dotted(path + (i,))}` has no `name:`", "name the brand or the deal")
                name = None
            deals.append(BrandDeal(name, self.decimal(entry, path + (i, "amount"), at_least=ZERO)))
        return tuple(deals)

    def schedule(self, value: object) -> Schedule | None:
        path = ("schedule",)
        if value is _MISSING or value is None:
            return None
        section = self.mapping(value, path, SCHEDULE_KEYS)
        if not section:
            return None
        return Schedule(self.decimal(section, path + ("streams_per_week",), above=ZERO))

    def expectations(self, value: object) -> tuple[Expectation, ...]:
        path = ("expect",)
        section = self.mapping(value, path, NUMERIC_FIELDS, kind="output field")
        found = []
        for field, bounds in section.items():
            if field not in NUMERIC_FIELDS:
                continue  # reported by mapping() with the nearest field names
            bounds_path = path + (field,)
            given = self.mapping(bounds, bounds_path, ("min", "max"))
            if not given and (bounds is None or isinstance(bounds, dict)):
                self.fail(bounds_path, f"expectation `{field}` sets no bound", "give `min:` and/or `max:`, e.g. {min: 50}")
            minimum = self.decimal(given, bounds_path + ("min",), None)
            maximum = self.decimal(given, bounds_path + ("max",), None)
            if minimum is not None and maximum is not None and minimum > maximum:
                self.fail(bounds_path, f"expectation `{field}` has min {minimum} above max {maximum}", "swap them")
            elif minimum is not None or maximum is not None:
                found.append(self.expectation(field, minimum, maximum, bounds_path))
        return tuple(found)

    def expectation(self, field: str, minimum: Decimal | None, maximum: Decimal | None, path: Path_) -> Expectation:
        file, line = self.document.where(path)
        if file == self.document.file:
            return Expectation(field, minimum, maximum, file, line)
        _, extends_line = self.document.where(("extends",))
        return Expectation(field, minimum, maximum, self.document.file, extends_line, inherited_from=f"{file}:{line}")


def _looks_numeric(text: str) -> bool:
    try:
        parse_decimal(text.replace("_", ""), bounded=False)
    except ArithmeticError:
        return False
    return True
