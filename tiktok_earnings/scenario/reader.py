"""Reading a scenario from a YAML file, with a precise error for every bad value.

A scenario describes one LIVE stream: its length and audience, the hearts tapped, the gifts sent,
the coin rates, and what comes off the creator's money (agency, fees, tax). Reading it checks every
value and reports all the problems in the file at once, each with its line and what to do.

The keys each section allows, their kinds, bounds, defaults and hints come from scenario/spec.py;
the code here builds the records and checks what ties keys together (the currency and its fx_rate,
low <= base <= high, a catalogue gift or a custom one, the preset, the region, `expect:`).
"""

import functools
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from tiktok_earnings.calculator import payout_per_diamond, too_large
from tiktok_earnings.catalogue import Catalogue, Gift, GiftLookupError, load_catalogue
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
from tiktok_earnings.numbers import LARGEST_INPUT, ONE, out_of_bounds, parse_decimal
from tiktok_earnings.rates import CoinRates, load_presets
from tiktok_earnings.rewards import Settings as Rewards
from tiktok_earnings.rewards import league_names, program_names
from tiktok_earnings.scenario.expectations import Expectation
from tiktok_earnings.scenario.extends import DocumentCache, load_extended
from tiktok_earnings.scenario.model import GiftLine, Payout, Scenario, Stream
from tiktok_earnings.scenario.plausible import plausibility_warnings
from tiktok_earnings.scenario.spec import (
    DECIMAL,
    KEYS,
    LIST,
    SCALARS,
    SCENARIO_KEYS,
    SECTION,
    WHOLE,
    FromData,
    Key,
    children,
    default_value,
    names,
)
from tiktok_earnings.scenario.yamldoc import Document, Path_

_MISSING = object()
_NOTHING: dict = {}  # scalars(): no defaults, or no values known; never written to
_FROM_SPEC = object()  # read(): the default the spec declares


# --- the spec, compiled once for reading (scenario/spec.py) -------------------------------------
# A batch reads thousands of files: what the reader needs of each key and section is worked out here,
# at import, instead of for every key of every file.


class _Field(NamedTuple):
    """A scalar key of the spec, as the reader checks it."""

    key: Key | None  # None for an expectation's `min:` and `max:`
    name: str
    kind: str  # DECIMAL, WHOLE, TEXT or CHOICE
    hint: str
    default: object  # when absent: the spec's default (FromData too), or _MISSING when the key is required
    fixed: bool  # the default is a value as it is (not FromData, and the key is not required)
    above: Decimal | None = None
    at_least: Decimal | int | None = None  # for a whole number an int, 0 unless the spec says
    at_most: Decimal | None = None


class _Section(NamedTuple):
    """A section or list item of the spec: the names it allows, in the spec's order, and its scalar keys."""

    names: tuple[str, ...]
    allowed: frozenset[str]
    required: bool
    fields: dict[str, _Field]  # its scalar keys by name, in the spec's order


def _field(key: Key) -> _Field:
    default = _MISSING if key.required else key.default
    fixed = default is not _MISSING and not isinstance(default, FromData)
    if key.kind == DECIMAL:
        return _Field(key, key.name, key.kind, key.hint, default, fixed, key.above, key.at_least, key.at_most)
    if key.kind == WHOLE:
        return _Field(key, key.name, key.kind, key.hint, default, fixed, at_least=int(key.at_least or 0),
                      at_most=key.at_most)
    return _Field(key, key.name, key.kind, key.hint, default, fixed)


def _section(path: str) -> _Section:
    keys = children(path)
    return _Section(names(path), frozenset(names(path)), bool(path) and KEYS[path].required,
                    {key.name: _field(key) for key in keys if key.kind in SCALARS})


_SECTIONS = {path: _section(path) for path in ("", *(key.path for key in SCENARIO_KEYS if key.kind in (SECTION, LIST)))}
_TOP, _GIFT, _COIN_RATES, _DEAL, _SUBSCRIPTIONS = (
    _SECTIONS[path] for path in ("", "gifts", "coin_rates", "other_income.brand_deals", "other_income.subscriptions"))
_COUNT, _COINS, _GIFT_ID, _TO, _CATALOGUE_NAME, _CUSTOM_NAME = (
    _GIFT.fields[name] for name in ("count", "coins", "gift_id", "to", "gift", "name"))  # read for every gift line
_EXPECT = _Section(NUMERIC_FIELDS, frozenset(NUMERIC_FIELDS), False, {})
_BOUNDS = _Section(("min", "max"), frozenset(("min", "max")), False, {})
_MIN, _MAX = (_Field(None, name, DECIMAL, "", None, True) for name in ("min", "max"))  # an expectation's bounds


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


_Record = TypeVar("_Record")


def _same_when_absent(read: "Callable[[_Reader, object], _Record]") -> "Callable[[_Reader, object], _Record]":
    """A section's reader that works out once what a file without the section gets: the defaults the spec declares
    (and the data files it names), the same for every file. Only a section none of whose keys is required is read
    so, and the record is kept only when reading it found no problem."""
    kept: list[_Record] = []

    @functools.wraps(read)
    def reading(self: "_Reader", value: object) -> _Record:
        if value is not _MISSING:
            return read(self, value)
        if not kept:
            before = len(self.problems)
            record = read(self, value)
            if len(self.problems) > before:
                return record
            kept.append(record)
        return kept[0]

    return reading


class _Reader:
    """Reads a Document into a Scenario, collecting a Problem for every bad value on the way."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def fail(self, path: Path_, message: str, hint: str = "") -> None:
        self.problems.append(self.document.problem(path, message, hint))

    # --- shapes ---------------------------------------------------------------------------

    def mapping(self, value: object, path: Path_, spec: _Section, kind: str = "key") -> dict:
        """The mapping at `path` ({} when absent and optional), with keys that `spec` does not allow reported."""
        if value is _MISSING or value is None:
            if spec.required:
                self.fail(path, f"missing `{dotted(path)}`", f"add a `{dotted(path)}:` section")
            return {}
        if not isinstance(value, dict):
            what = f"`{dotted(path)}`" if path else "a scenario file"
            self.fail(path, f"{what} must be a mapping of keys to values, not {_describe(value)}",
                      "see configs/ for the layout of a scenario")
            return {}
        if spec.allowed.issuperset(value):  # the keys of most mappings, looked up without a loop in Python
            return value
        for key in value:
            if key not in spec.allowed:
                names = spec.names
                where = f"`{dotted(path)}`" if path else "a scenario"
                hint = did_you_mean(key, list(names)) or f"allowed {kind}s: " + ", ".join(names)
                self.fail(path + (key,), f"unknown {kind} '{snippet(key)}' in {where}", hint)
        return value

    # --- the keys of the spec (scenario/spec.py) ------------------------------------------

    def section(self, value: object, path: Path_) -> dict:
        """The section or list item at `path`, with the keys the spec declares in it."""
        return self.mapping(value, path, _SECTIONS[_spec_path(path)])

    def read(self, mapping: dict, path: Path_, field: _Field, default: object = _FROM_SPEC) -> Any:
        """The value of the scalar key `field` in the section at `path`, checked as the spec declares it; its
        default when absent (the spec's, or `default`)."""
        value = mapping.get(field.name, _MISSING)
        if value is not _MISSING:
            return self.given(value, path + (field.name,), field)
        if default is _FROM_SPEC:
            return field.default if field.fixed else self.absent(path, field)
        return default

    def absent(self, path: Path_, field: _Field) -> Any:
        """What the key `field`, not written in the section at `path`, is: the spec's default (read from its data
        file for FromData), or None after reporting it missing when it is required."""
        default = field.default
        if default is _MISSING:
            path += (field.name,)
            self.fail(path, f"missing `{dotted(path)}`", field.hint)
            return None
        if isinstance(default, FromData) and field.key is not None:
            return default_value(field.key)
        return default

    def given(self, value: object, path: Path_, field: _Field) -> Any:
        """The value written at `path` for `field`, checked; None after a problem."""
        kind = field.kind
        if (kind == WHOLE and type(value) is int and -LARGEST_INPUT <= value <= LARGEST_INPUT
                and value >= (field.at_least or 0) and (field.at_most is None or value <= field.at_most)):
            return value  # the most common value, and a good one: every check below would pass
        if kind != DECIMAL and kind != WHOLE:
            if isinstance(value, str):
                text = value.strip()
                if text:
                    return text
            elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                return str(value)  # e.g. `name: 2024`
            wrong = "not be empty" if isinstance(value, str) else f"be text, not {_describe(value)}"  # str: only spaces
            self.fail(path, f"`{dotted(path)}` must {wrong}", field.hint)
            return None
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            hint = _numeric_text_hint(value) if isinstance(value, str) and _looks_numeric(value) else field.hint
            wanted = "a whole number" if kind == WHOLE else "a number"
            self.fail(path, f"`{dotted(path)}` must be {wanted}, not {_describe(value)}", hint)
            return None
        bad = out_of_bounds(value)
        if bad is not None:
            self.fail(path, f"`{dotted(path)}` {bad[0]}", bad[1])
            return None
        above, at_least, at_most = field.above, field.at_least, field.at_most
        if kind == WHOLE and isinstance(value, Decimal):
            self.fail(path, f"`{dotted(path)}` must be a whole number (got {value})", field.hint)
            return None
        number = value if kind == WHOLE else Decimal(value)  # the same bounds hold for both
        if above is not None and not number > above:
            self.fail(path, f"`{dotted(path)}` must be greater than {above} (got {value})", field.hint)
        elif at_least is not None and number < at_least:
            self.fail(path, f"`{dotted(path)}` must not be below {at_least} (got {value})", field.hint)
        elif at_most is not None and number > at_most:
            self.fail(path, f"`{dotted(path)}` must not be above {at_most} (got {value})", field.hint)
        else:
            return number
        return None

    def scalars(self, mapping: dict, path: Path_, defaults: dict | None = None, known: dict | None = None) -> dict:
        """{name: value} for every scalar key the spec declares in the section at `path`, in its order.

        `defaults` replaces the spec's defaults where they depend on other keys (the preset, the region);
        `known` holds values already read and checked.
        """
        values = {}
        known = known or _NOTHING
        defaults = defaults or _NOTHING
        for name, field in _SECTIONS[_spec_path(path)].fields.items():  # read() written out: most keys are absent
            if name in known:
                values[name] = known[name]
            elif name in mapping:
                values[name] = self.given(mapping[name], path + (name,), field)
            elif name in defaults:
                values[name] = defaults[name]
            else:
                values[name] = field.default if field.fixed else self.absent(path, field)
        return values

    # --- sections -------------------------------------------------------------------------

    def scenario(self) -> Scenario | None:
        document = self.document
        top = self.section(document.data, ())
        if not isinstance(document.data, dict):
            return None
        name = self.read(top, (), _TOP.fields["name"]) if "name" in top else _stem(document.file)
        stream = self.stream(top)
        hearts = self.read(top, (), _TOP.fields["hearts"])
        every_gift = self.gifts(top.get("gifts"))
        gifts = tuple(line for line in every_gift if line.to is None)
        guest_gifts = tuple(line for line in every_gift if line.to is not None) if len(gifts) < len(every_gift) else ()
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
        warnings = plausibility_warnings(scenario, document)
        return scenario._replace(warnings=warnings) if warnings else scenario  # most files have none: () as built

    def stream(self, top: dict) -> Stream | None:
        path = ("stream",)
        section = self.section(top.get("stream", _MISSING), path)
        if not section:
            if isinstance(top.get("stream"), dict):
                self.fail(path, "`stream` is empty", "give " + " and ".join(f"`{key}`" for key in _SECTIONS["stream"].names))
            return None
        return Stream(**self.scalars(section, path))

    def gifts(self, value: object) -> tuple[GiftLine, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(("gifts",), f"`gifts` must be a list, not {_describe(value)}",
                      "write each gift as a list item: `- gift: Rose` then `count: 240`")
            return ()
        lines = []
        for i, item in enumerate(value):
            line = self.gift_line(item, ("gifts", i))
            if line is not None:
                lines.append(line)
        return tuple(lines)

    def gift_line(self, item: object, path: Path_) -> GiftLine | None:
        if not isinstance(item, dict):
            self.fail(path, f"`{dotted(path)}` must be a mapping, not {_describe(item)}",
                      "write `- gift: Rose` then `count: 240` on the next line, indented")
            return None
        before = len(self.problems)
        entry = self.mapping(item, path, _GIFT)
        count = self.read(entry, path, _COUNT)
        coins = self.read(entry, path, _COINS)
        gift_id = self.read(entry, path, _GIFT_ID)
        to = self.read(entry, path, _TO)
        to = None if to is None or to.strip().lower() == "host" else to.strip()
        if "gift" in entry or "gift_id" in entry:
            if "name" in entry:
                self.fail(path + ("name",), "a gift has either `gift:` (from the catalogue) or `name:` (a custom gift), not both",
                          "keep `gift:` for a catalogue gift, or `name:` with `coins:` for one that is not listed")
            gift_name = self.read(entry, path, _CATALOGUE_NAME)
            if len(self.problems) > before:
                return None
            try:
                gift = _catalogue_gift(gift_name, gift_id, coins)
            except GiftLookupError as error:
                self.fail(path + (("gift",) if "gift" in entry else ("gift_id",)), error.message, error.hint)
                return None
            return GiftLine(gift.name, gift.gift_id, coins if coins is not None else gift.coins, count, True, to)  # in_catalogue
        if "name" in entry:
            name = self.read(entry, path, _CUSTOM_NAME)
            if coins is None and "coins" not in entry:
                which = f"custom gift '{snippet(name)}'" if name is not None else "a custom gift"  # None: a bad name, told above
                self.fail(path + ("name",), f"{which} needs `coins:`",
                          "give its price in coins, or use `gift:` if it is in the catalogue")
            if len(self.problems) > before:
                return None
            return GiftLine(name, None, coins, count, False, to)  # not in_catalogue
        if len(self.problems) == before:
            self.fail(path, f"`{dotted(path)}` names no gift",
                      "add `gift:` with a catalogue name, or `name:` and `coins:` for a custom gift")
        return None

    @_same_when_absent
    def coin_rates(self, value: object) -> CoinRates | None:
        path = ("coin_rates",)
        section = self.section(value, path)
        presets = load_presets()
        preset_name = self.read(section, path, _COIN_RATES.fields["preset"])
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

    @_same_when_absent
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
        values["currency"], values["fx_rate"] = currency, fx_rate if fx_rate is not None else ONE
        return Payout(**values)

    @_same_when_absent
    def engagement(self, value: object) -> Engagement | None:
        path = ("engagement",)
        section = self.section(value, path)
        elastic_path = path + ("elasticity",)
        given = self.section(section.get("elasticity", _MISSING), elastic_path)
        values = self.scalars(section, path)
        low, base, high = elasticity = Range(**self.scalars(given, elastic_path))
        if low is None or base is None or high is None:  # not `None in`: comparing a Decimal with None asks an ABC
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
        region = self.read(given, path, _SUBSCRIPTIONS.fields["region"])
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
            item_path = path + (i,)
            entry = self.mapping(item, item_path, _DEAL)
            if "name" in entry:
                name = self.read(entry, item_path, _DEAL.fields["name"])
            else:
                self.fail(item_path, f"`{dotted(item_path)}` has no `name:`", "name the brand or the deal")
                name = None
            deals.append(BrandDeal(**self.scalars(entry, item_path, known={"name": name})))
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
        section = self.mapping(value, path, _EXPECT, kind="output field")
        found = []
        for field, bounds in section.items():
            if field not in NUMERIC_FIELDS:
                continue  # reported by mapping() with the nearest field names
            bounds_path = path + (field,)
            given = self.mapping(bounds, bounds_path, _BOUNDS)
            if not given and (bounds is None or isinstance(bounds, dict)):
                self.fail(bounds_path, f"expectation `{field}` sets no bound", "give `min:` and/or `max:`, e.g. {min: 50}")
            minimum = self.read(given, bounds_path, _MIN)
            maximum = self.read(given, bounds_path, _MAX)
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


def _catalogue_gift(name: str | None, gift_id: int | None, coins: int | None) -> Gift:
    """The catalogue's gift for a gift line (Catalogue.find); GiftLookupError when there is none, or no one.

    A batch names the same few gifts in file after file: each short name, id and price is looked up once.
    """
    catalogue = load_catalogue()
    if name is not None and len(name) > _REMEMBERED_NAME:
        return catalogue.find(name, gift_id, coins)
    return _found(catalogue, name, gift_id, coins)


_REMEMBERED_NAME = 100  # characters: a gift's name is far shorter; a longer text is looked up, not kept


@functools.lru_cache(maxsize=1024)
def _found(catalogue: Catalogue, name: str | None, gift_id: int | None, coins: int | None) -> Gift:
    return catalogue.find(name, gift_id, coins)


@functools.lru_cache(maxsize=4096)  # a batch asks for the same few paths in every file
def _spec_path(path: Path_) -> str:
    """The key at `path` as the spec names it: dotted, without list indices."""
    return ".".join(part for part in path if isinstance(part, str))


def _stem(file: str) -> str:
    """Path(file).stem, without making a Path: the file's name without its last suffix (`friday-qa`)."""
    name = os.path.basename(file)
    if name in ("", ".", ".."):  # no name of a file: what Path makes of it
        return Path(file).stem
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


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
