"""Reading a scenario from a YAML file, with a precise error for every bad value.

A scenario describes one LIVE stream: its length and audience, the hearts tapped, the gifts sent,
the coin rates, and what comes off the creator's money (agency, fees, tax). Reading it checks every
value and reports all the problems in the file at once, each with its line and what to do.

The keys each section allows, their kinds, bounds, defaults and hints come from scenario/spec.py;
the code here builds the records and checks what ties keys together (the currency and its fx_rate,
low <= base <= high, a catalogue gift or a custom one, the preset, the region, `expect:`).
"""

import functools
from decimal import Decimal
from pathlib import Path
from typing import Any

from tiktok_earnings.calculator import payout_per_diamond, too_large
from tiktok_earnings.catalogue import GiftLookupError, load_catalogue
from tiktok_earnings.errors import InputError, Problem, did_you_mean
from tiktok_earnings.escape import snippet
from tiktok_earnings.figures import NUMERIC_FIELDS
from tiktok_earnings.hearts.model import Engagement, Range
from tiktok_earnings.income import (
    DEFAULT_REGION,
    REGIONS,
    BrandDeal,
    CreatorRewards,
    OtherIncome,
    Schedule,
    Subscriptions,
    subscription_share,
)
from tiktok_earnings.numbers import ONE, out_of_bounds, parse_decimal
from tiktok_earnings.rates import CoinRates, load_presets
from tiktok_earnings.rewards import Settings as Rewards
from tiktok_earnings.rewards import league_names, program_names
from tiktok_earnings.scenario.expectations import Expectation
from tiktok_earnings.scenario.extends import DocumentCache, load_extended
from tiktok_earnings.scenario.model import GiftLine, Payout, Scenario, Stream
from tiktok_earnings.scenario.plausible import plausibility_warnings
from tiktok_earnings.scenario.spec import DECIMAL, KEYS, SCALARS, WHOLE, children, default_value, hint, names
from tiktok_earnings.scenario.yamldoc import Document, Path_

_MISSING = object()
_FROM_SPEC = object()  # read(): the default the spec declares


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
    if reader.problems or scenario is None:  # in the order of the file, inherited values last
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
        return f"the text '{snippet(value)}'"
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
        return hint(_spec_path(path))

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
                self.fail(path + (key,), f"unknown {kind} '{snippet(key)}' in {where}", hint)
        return value

    def given_number(self, mapping: dict, path: Path_, default: object, kind: str) -> tuple[bool, Any]:
        """(True, the number written at `path`), or (False, what to use instead: the default, or None after a problem)."""
        value = mapping.get(path[-1], _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                self.fail(path, f"missing `{dotted(path)}`", self.hint_for(path))
                return False, None
            return False, default
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            hint = _numeric_text_hint(value) if isinstance(value, str) and _looks_numeric(value) else self.hint_for(path)
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

    def text(self, mapping: dict, path: Path_, default: Any = _MISSING) -> str | None:
        value = mapping.get(path[-1], _MISSING)
        if value is _MISSING:
            return default
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return str(value)  # e.g. `name: 2024`
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"`{dotted(path)}` must be text, not {_describe(value)}", self.hint_for(path))
            return None
        return value.strip()

    # --- the keys of the spec (scenario/spec.py) ------------------------------------------

    def section(self, value: object, path: Path_) -> dict:
        """The section or list item at `path`, with the keys the spec declares in it."""
        key = _spec_path(path)
        return self.mapping(value, path, names(key), required=bool(key) and KEYS[key].required)

    def read(self, mapping: dict, path: Path_, default: object = _FROM_SPEC) -> Any:
        """The value of the scalar key at `path`, checked as the spec declares it; its default when absent."""
        key = KEYS[_spec_path(path)]
        if default is _FROM_SPEC:
            default = _MISSING if key.required else default_value(key)
        if key.kind == DECIMAL:
            return self.decimal(mapping, path, default, above=key.above, at_least=key.at_least, at_most=key.at_most)
        if key.kind == WHOLE:
            return self.integer(mapping, path, default, at_least=int(key.at_least or 0))
        return self.text(mapping, path, default)

    def scalars(self, mapping: dict, path: Path_, defaults: dict | None = None, known: dict | None = None) -> dict:
        """{name: value} for every scalar key the spec declares in the section at `path`, in its order.

        `defaults` replaces the spec's defaults where they depend on other keys (the preset, the region);
        `known` holds values already read and checked.
        """
        defaults, known = defaults or {}, known or {}
        return {
            name: known[name] if name in known else self.read(mapping, path + (name,), defaults.get(name, _FROM_SPEC))
            for name in _scalar_names(_spec_path(path))
        }

    # --- sections -------------------------------------------------------------------------

    def scenario(self) -> Scenario | None:
        document = self.document
        top = self.section(document.data, ())
        if not isinstance(document.data, dict):
            return None
        name = self.read(top, ("name",), Path(document.file).stem)
        stream = self.stream(top)
        hearts = self.read(top, ("hearts",))
        every_gift = self.gifts(top.get("gifts"))
        gifts = tuple(line for line in every_gift if line.to is None)
        guest_gifts = tuple(line for line in every_gift if line.to is not None)
        coin_rates = self.coin_rates(top.get("coin_rates", _MISSING))
        payout = self.payout(top.get("payout", _MISSING))
        engagement = self.engagement(top.get("engagement", _MISSING))
        other_income = self.other_income(top.get("other_income", _MISSING))
        schedule = self.schedule(top.get("schedule", _MISSING))
        expectations = self.expectations(top.get("expect", _MISSING))
        rewards = self.rewards(top.get("rewards", _MISSING), top.get("coin_rates"))
        if self.problems:
            return None
        assert stream is not None and coin_rates is not None and engagement is not None, "built, as there is no problem"
        scenario = Scenario(name, document.file, stream, hearts, gifts, coin_rates, payout, engagement, expectations,
                            other_income, schedule, guest_gifts, rewards)
        if rewards is not None:  # what a diamond pays at this length (the low end of a range), as the assumptions state it
            scenario = scenario._replace(coin_rates=coin_rates._replace(payout_per_diamond=payout_per_diamond(scenario)))
        return scenario._replace(warnings=plausibility_warnings(scenario, document))

    def stream(self, top: dict) -> Stream | None:
        path = ("stream",)
        section = self.section(top.get("stream", _MISSING), path)
        if not section:
            if isinstance(top.get("stream"), dict):
                self.fail(path, "`stream` is empty", "give " + " and ".join(f"`{key}`" for key in names("stream")))
            return None
        return Stream(**self.scalars(section, path))

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
        entry = self.section(item, path)
        count = self.read(entry, path + ("count",))
        coins = self.read(entry, path + ("coins",))
        gift_id = self.read(entry, path + ("gift_id",))
        to = self.read(entry, path + ("to",))
        to = None if to is None or to.strip().lower() == "host" else to.strip()
        if "gift" in entry or "gift_id" in entry:
            if "name" in entry:
                self.fail(path + ("name",), "a gift has either `gift:` (from the catalogue) or `name:` (a custom gift), not both",
                          "keep `gift:` for a catalogue gift, or `name:` with `coins:` for one that is not listed")
            gift_name = self.read(entry, path + ("gift",))
            if len(self.problems) > before:
                return None
            try:
                gift = load_catalogue().find(gift_name, gift_id, coins)
            except GiftLookupError as error:
                self.fail(path + (("gift",) if "gift" in entry else ("gift_id",)), error.message, error.hint)
                return None
            return GiftLine(gift.name, gift.gift_id, coins if coins is not None else gift.coins, count, in_catalogue=True, to=to)
        if "name" in entry:
            name = self.read(entry, path + ("name",))
            if coins is None and "coins" not in entry:
                self.fail(path + ("name",), f"custom gift '{snippet(name)}' needs `coins:`",
                          "give its price in coins, or use `gift:` if it is in the catalogue")
            if len(self.problems) > before:
                return None
            return GiftLine(name, None, coins, count, to=to)
        if len(self.problems) == before:
            self.fail(path, f"`{dotted(path)}` names no gift",
                      "add `gift:` with a catalogue name, or `name:` and `coins:` for a custom gift")
        return None

    def coin_rates(self, value: object) -> CoinRates | None:
        path = ("coin_rates",)
        section = self.section(value, path)
        presets = load_presets()
        preset_name = self.read(section, path + ("preset",))
        if preset_name not in presets:
            if preset_name is not None:
                hint = did_you_mean(preset_name, list(presets)) or "list them with `tiktok-earnings rates`"
                self.fail(path + ("preset",), f"unknown coin-rate preset '{snippet(preset_name)}'", hint)
            return None
        # Every rate falls back to the preset's.
        return CoinRates(**self.scalars(section, path, presets[preset_name].rates._asdict(), {"preset": preset_name}))

    def rewards(self, value: object, coin_rates: object) -> Rewards | None:
        path = ("rewards",)
        if value is _MISSING or value is None:
            return None
        before = len(self.problems)
        section = self.section(value, path)
        if not isinstance(value, dict):
            return None
        values = self.scalars(section, path)
        for name, known in (("program", program_names()), ("league", league_names())):
            given = values[name]
            if given is not None and given.lower() not in known:
                what = "reward program" if name == "program" else "league"
                self.fail(path + (name,), f"unknown {what} '{given}'",
                          did_you_mean(given, known) or "expected one of: " + ", ".join(known))
                values[name] = None
            elif given is not None:
                values[name] = given.lower()
        if isinstance(coin_rates, dict) and "payout_per_diamond" in coin_rates:
            self.fail(("coin_rates", "payout_per_diamond"),
                      "`coin_rates.payout_per_diamond` and `rewards:` both set what a diamond pays",
                      "keep `rewards:` (a diamond pays the reward rate × $0.01) or `payout_per_diamond`, not both")
        return Rewards(**values) if len(self.problems) == before else None

    def payout(self, value: object) -> Payout:
        path = ("payout",)
        section = self.section(value, path)
        values = self.scalars(section, path)
        currency, fx_rate = values["currency"], values["fx_rate"]
        if currency is not None and not (len(currency) == 3 and currency.isalpha()):
            self.fail(path + ("currency",),
                      f"`payout.currency` must be a three-letter currency code, not '{snippet(str(currency))}'",
                      "e.g. USD, EUR, GBP")
            currency = None
        currency = currency.upper() if currency else currency
        if currency and currency != "USD" and fx_rate is None and "fx_rate" not in section:
            self.fail(path + ("currency",), f"`payout.fx_rate` is required when the currency is {currency}",
                      f"add `fx_rate:` with the {currency} per USD you were paid at, e.g. `fx_rate: 0.92`")
        if currency == "USD" and fx_rate is not None and fx_rate != ONE:
            self.fail(path + ("fx_rate",), f"`payout.fx_rate` is {fx_rate}, but the currency is USD",
                      "set `currency:` to the currency it converts to, or remove `fx_rate`")
        return Payout(**values | {"currency": currency, "fx_rate": fx_rate if fx_rate is not None else ONE})

    def engagement(self, value: object) -> Engagement | None:
        path = ("engagement",)
        section = self.section(value, path)
        elastic_path = path + ("elasticity",)
        given = self.section(section.get("elasticity", _MISSING), elastic_path)
        values = self.scalars(section, path)
        low, base, high = elasticity = Range(**self.scalars(given, elastic_path))
        if None in elasticity:
            return None  # the problem is reported; the scenario is not built
        if not low <= base <= high:
            self.fail(elastic_path, f"elasticities must satisfy low <= base <= high (got {low}, {base}, {high})",
                      "order them from the most cautious to the most generous")
            return None
        return Engagement(elasticity=elasticity, **values)

    def other_income(self, value: object) -> OtherIncome:
        path = ("other_income",)
        section = self.section(value, path)
        rewards = subscriptions = None
        if section.get("creator_rewards") is not None:
            rewards_path = path + ("creator_rewards",)
            given = self.section(section["creator_rewards"], rewards_path)
            if not isinstance(section["creator_rewards"], dict):
                return OtherIncome()
            rewards = CreatorRewards(**self.scalars(given, rewards_path))
        if section.get("subscriptions") is not None:
            subscriptions = self.subscriptions(section["subscriptions"], path + ("subscriptions",))
        return OtherIncome(rewards, subscriptions, self.brand_deals(section.get("brand_deals"), path + ("brand_deals",)))

    def subscriptions(self, value: object, path: Path_) -> Subscriptions | None:
        given = self.section(value, path)
        if not isinstance(value, dict):
            return None
        region = self.read(given, path + ("region",))
        if region is not None and region.lower() not in REGIONS:
            self.fail(path + ("region",), f"unknown region '{snippet(region)}' for LIVE Subscriptions",
                      did_you_mean(region, list(REGIONS)) or "expected one of: " + ", ".join(REGIONS))
            region = None
        region = region.lower() if region else DEFAULT_REGION
        # The creator's share falls back to the region's.
        return Subscriptions(**self.scalars(given, path, {"creator_share": subscription_share(region)}, {"region": region}))

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
            entry = self.section(item, path + (i,))
            name = self.read(entry, path + (i, "name"), _MISSING)
            if name is _MISSING:
                self.fail(path + (i,), f"`{dotted(path + (i,))}` has no `name:`", "name the brand or the deal")
                name = None
            deals.append(BrandDeal(**self.scalars(entry, path + (i,), known={"name": name})))
        return tuple(deals)

    def schedule(self, value: object) -> Schedule | None:
        path = ("schedule",)
        if value is _MISSING or value is None:
            return None
        section = self.section(value, path)
        if not section:
            return None
        return Schedule(**self.scalars(section, path))

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


@functools.cache
def _scalar_names(section: str) -> tuple[str, ...]:
    """The names of the scalar keys the spec declares in `section`, in its order."""
    return tuple(key.name for key in children(section) if key.kind in SCALARS)


@functools.lru_cache(maxsize=4096)  # a batch asks for the same few paths in every file
def _spec_path(path: Path_) -> str:
    """The key at `path` as the spec names it: dotted, without list indices."""
    return ".".join(part for part in path if isinstance(part, str))


def _numeric_text_hint(text: str) -> str:
    """What to do about a number that YAML read as text: quotes, or an exponent YAML 1.1 does not take as a number."""
    mantissa, e, _ = text.strip().lower().partition("e")
    if e and "." not in mantissa and not text.strip().startswith(("'", '"')):
        return f"YAML reads an exponent without a decimal point as text: write {mantissa}.0e{text.strip()[len(mantissa) + 1:]}"
    return "remove the quotes"


def _looks_numeric(text: str) -> bool:
    try:
        parse_decimal(text.replace("_", ""), bounded=False)
    except ArithmeticError:
        return False
    return True
