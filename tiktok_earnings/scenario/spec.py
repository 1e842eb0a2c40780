"""Every key of a scenario file, declared once: its kind, bounds, unit, default, meaning and uses.

The rest is derived from this list: the keys the reader allows in each section, its bounds, defaults
and hints (scenario/reader.py), the JSON Schema (scenario/schema.py), the fields `sweep` and `goal`
may vary (whatif/fields.py), the settings `compare` lists and their labels, the assumptions in `run`'s
JSON, the inputs in `run`'s CSV, the hints of `calibrate` and the docs' table of keys (keys_table_markdown).

A key's path is dotted, without list indices: `payout.agency_commission`, `gifts.count` (the count of
every line of `gifts:`). Rules that tie several keys together (a currency other than USD needs an
fx_rate, low <= base <= high, a gift from the catalogue or a custom one) are code, in the reader.

To add a setting: a Key here (where it belongs in a file: the order of the schema, the docs and
`compare`), the field in its record (last, with a default, as some code builds records by position),
and the code that computes with it. The reader (which builds records by keyword), the schema, the
docs' table and, as the Key says, `sweep`/`goal`, `compare` and `run`'s JSON assumptions follow.

This module imports nothing heavy: `compare`, `calibrate` and the what-if commands load it at start-up.
"""

import functools
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from tiktok_earnings.hearts.model import DEFAULT_ELASTICITY, DEFAULT_REFERENCE_RATE
from tiktok_earnings.income import DEFAULT_REGION
from tiktok_earnings.income import default as income_default
from tiktok_earnings.numbers import ONE, ZERO
from tiktok_earnings.rates import DEFAULT_PRESET
from tiktok_earnings.rewards import DEFAULT_PROGRAM

# Kinds of key.
DECIMAL = "decimal"  # a number, read exactly as Decimal
WHOLE = "whole number"
TEXT = "text"  # non-blank; a number is read as its text (`name: 2024`)
CHOICE = "choice"  # text, one of a list that comes from a data file (`values`)
SECTION = "section"  # a mapping of the keys below it
LIST = "list"  # a list of mappings of the keys below it
EXPECTATIONS = "expectations"  # a mapping of output fields (fields.NUMERIC_FIELDS) to {min, max}
SCALARS = (DECIMAL, WHOLE, TEXT, CHOICE)

# What `sweep` and `goal` do with a key that varies (whatif/fields.py).
HEARTS = "hearts"  # gifts follow the hearts model
AUDIENCE = "audience"  # gifts and hearts scale with viewer-minutes
GIFT_COUNT = "gift count"  # one gift line's count; the other gifts stay
SETTING = "setting"  # a rate or payout setting, set in the scenario

# Where the allowed or example values of a key come from (scenario/schema.py reads them).
GIFT_NAMES = "gift names"  # the catalogue's names: examples, as any spelling is matched
GIFT_IDS = "gift ids"  # the catalogue's ids
PRESETS = "presets"  # data/coin_rates.csv
CURRENCIES = "currencies"  # the built-in table of currencies: examples, any code is allowed
REGIONS = "regions"  # income.REGIONS
REWARD_PROGRAMS = "reward programs"  # data/reward_programs.csv
LEAGUES = "leagues"  # the league rules of data/reward_rules.csv


class Payout(NamedTuple):
    """What comes off the creator's gross, and the currency the creator's money is reported in.

    The record of the `payout:` keys declared below, kept beside them: a new payout setting is one Key
    and one field here (scenario/model.py holds the other records of a scenario).
    """

    agency_commission: Decimal = ZERO  # fraction of creator gross
    withdrawal_fee: Decimal = ZERO  # fraction of what is left after the agency
    tax_rate: Decimal = ZERO  # fraction of gross minus agency minus fees
    currency: str = "USD"
    fx_rate: Decimal = ONE  # units of `currency` per USD
    minimum_withdrawal: Decimal | None = None  # USD; None: the default in data/income_defaults.csv

    @property
    def withdrawal_minimum(self) -> Decimal:
        return self.minimum_withdrawal if self.minimum_withdrawal is not None else income_default("minimum_withdrawal")


class FromData(NamedTuple):
    """A default read from data/income_defaults.csv, by its name there."""

    name: str


class Key(NamedTuple):
    """One key of a scenario file."""

    path: str  # dotted, without list indices: "payout.agency_commission", "gifts.count"
    kind: str  # DECIMAL, WHOLE, TEXT, CHOICE, SECTION, LIST or EXPECTATIONS
    hint: str = ""  # what to give, for an error's "what to do" ("give …"); also its meaning when `about` is empty
    about: str = ""  # what the key is, when the hint does not say it (sections, text, keys without a hint)
    required: bool = False  # absent is an error (for a section: when nothing is extended)
    default: object = None  # when absent: a value, FromData, or None (nothing, or see default_from)
    default_from: str = ""  # when the default is not one value: where it comes from, in words
    above: Decimal | None = None  # bounds on a number: greater than `above`, ...
    at_least: Decimal | None = None  # ... not below `at_least`, ...
    at_most: Decimal | None = None  # ... not above `at_most`
    unit: str = ""  # "USD", "minutes", "fraction", ...
    values: str = ""  # the data its values come from: GIFT_NAMES, GIFT_IDS, PRESETS, CURRENCIES, REGIONS, ...
    pattern: str = ""  # text: a regular expression it matches (the schema's check; the reader's is code)
    item: str = ""  # a list: what one item is
    vary: str = ""  # what `sweep`/`goal` do when it varies (HEARTS, AUDIENCE, GIFT_COUNT, SETTING); "": it cannot
    vary_label: str = ""  # for people, in what-if output: "average viewers"
    compare: str = ""  # how `compare` shows it: text, count, usd, fraction or number; "": it does not
    compare_label: str = ""  # for people, in compare output: "Average viewers"
    shown: bool = False  # stated among the assumptions of `run`'s JSON output (a section: when a key in it is)
    shown_as: str = ""  # its name there, when not its own
    column: bool = False  # a column of `run`'s CSV, named by its path: the inputs beside the money (render/csv.py)

    @property
    def name(self) -> str:
        """The key as written in its section: `agency_commission`."""
        return self.path.rpartition(".")[2]

    @property
    def parent(self) -> str:
        """The section or list it is in ("" at the top)."""
        return self.path.rpartition(".")[0]

    @property
    def described(self) -> str:
        """What it is, as a sentence: `about`, or the hint made one."""
        if self.about:
            return self.about
        return self.hint[0].upper() + self.hint[1:] + "."


def _fraction(path: str, hint: str, vary_label: str, compare_label: str, column: bool = False) -> Key:
    return Key(path, DECIMAL, hint, default=ZERO, at_least=ZERO, at_most=ONE, unit="fraction", vary=SETTING,
               vary_label=vary_label, compare="fraction", compare_label=compare_label, shown=True, column=column)


def _elasticity(case: str, about: str) -> Key:
    return Key(f"engagement.elasticity.{case}", DECIMAL, about=about, default=getattr(DEFAULT_ELASTICITY, case),
               at_least=ZERO, compare="number", compare_label=f"Hearts model: ε {case}", shown=True)


SCENARIO_KEYS: tuple[Key, ...] = (
    Key("name", TEXT, about="The scenario's name in reports; defaults to the file name. Never inherited through `extends`.",
        default_from="the file name"),
    Key("extends", TEXT, pattern=r"\S", about="Inherit another scenario file's keys, merged deeply (this file's keys win). "
        "The path is relative to this file, e.g. ../_shared/base.yaml."),
    Key("stream", SECTION, required=True,
        about="The stream's length and audience. Required (or inherited through `extends`)."),
    Key("stream.duration_minutes", DECIMAL, "give the stream's length in minutes, e.g. 90", required=True, above=ZERO,
        unit="minutes", vary=AUDIENCE, vary_label="minutes", compare="number", compare_label="Minutes streamed",
        shown=True, column=True),
    Key("stream.average_viewers", DECIMAL, "give the average number of concurrent viewers, e.g. 350", required=True,
        above=ZERO, unit="viewers", vary=AUDIENCE, vary_label="average viewers", compare="number",
        compare_label="Average viewers", shown=True, column=True),
    Key("hearts", WHOLE, "give the total hearts (likes) tapped as a whole number, e.g. 48000", default=0, at_least=ZERO,
        unit="hearts", vary=HEARTS, vary_label="hearts", compare="count", compare_label="Hearts tapped"),
    Key("gifts", LIST, about="The gift mix: a list of catalogue gifts (`gift:`) and custom gifts (`name:` with `coins:`). "
        "May be empty.", item="One line of the gift mix: a catalogue gift (`gift:` and/or `gift_id:`) or a custom one "
        "(`name:` and `coins:`), and how many were sent (`count:`)."),
    Key("gifts.gift", TEXT, values=GIFT_NAMES,
        about="A gift from the catalogue (`tiktok-earnings gifts`): case, spaces and hyphens don't matter."),
    Key("gifts.gift_id", WHOLE, "give the catalogue id of the gift, e.g. 9072", at_least=ONE, values=GIFT_IDS),
    Key("gifts.name", TEXT, about="A custom gift that is not in the catalogue; give its `coins:` price too."),
    Key("gifts.coins", WHOLE, "give the gift's price in coins, as a whole number", at_least=ONE, unit="coins",
        default_from="the catalogue"),
    Key("gifts.count", WHOLE, "give how many of this gift were sent, as a whole number", required=True, at_least=ZERO,
        vary=GIFT_COUNT),
    Key("gifts.to", TEXT, pattern=r"\S", default_from="host",
        about="Who received the gift: `host` (the default), or a guest of a multi-guest LIVE (`guest`, or their name). "
        "A guest's gifts are not the host's money: listed as what guests received, in none of the host's figures."),
    Key("coin_rates", SECTION, about="What a viewer pays per coin and what the creator is paid per coin gifted (USD). "
        "Every key falls back to the preset."),
    Key("coin_rates.preset", CHOICE, about="The coin-rate preset every rate falls back to (`tiktok-earnings rates`).",
        default=DEFAULT_PRESET, values=PRESETS, compare="text", compare_label="Coin-rate preset", shown=True, column=True),
    Key("coin_rates.viewer_price_per_coin", DECIMAL, "give the USD a viewer pays per coin, e.g. 0.0133", above=ZERO,
        unit="USD", default_from="the preset", vary=SETTING, vary_label="viewer price per coin (USD)", compare="usd",
        compare_label="Viewer pays per coin", shown=True, column=True),
    Key("coin_rates.diamonds_per_coin", DECIMAL, "give the diamonds credited per coin gifted, e.g. 1 or 0.5", above=ZERO,
        unit="diamonds", default_from="the preset", vary=SETTING, vary_label="diamonds per coin", compare="number",
        compare_label="Diamonds per coin", shown=True, column=True),
    Key("coin_rates.payout_per_diamond", DECIMAL, "give the USD paid per diamond, e.g. 0.005", above=ZERO, unit="USD",
        default_from="the preset", vary=SETTING, vary_label="payout per diamond (USD)", compare="usd",
        compare_label="Paid per diamond", shown=True, column=True),
    Key("rewards", SECTION, about="How TikTok sets the creator's share of each diamond (docs/money-model.md). Without it, "
        "`coin_rates.payout_per_diamond` (the preset's $0.005: the flat 50%) applies; with it, a diamond pays the reward "
        "rate × its $0.01 face value, and `payout_per_diamond` may not be given too."),
    Key("rewards.program", CHOICE, about="`flat` (50%: the rule outside the US) or `scaled-2025` (US from 2025-02-10: "
        "missions set the rate); `tiktok-earnings rates` lists them with their sources.", default=DEFAULT_PROGRAM,
        values=REWARD_PROGRAMS),
    Key("rewards.new_followers", WHOLE, "give this LIVE's new followers, e.g. 7 (5 or more: +2 points)", default=0,
        at_least=ZERO, unit="followers"),
    Key("rewards.weekly_lives", WHOLE, "give the LIVEs of 25 minutes or more in the week, e.g. 2 (1: +6 points, 2 or "
        "more: +8)", default=0, at_least=ZERO, unit="LIVEs"),
    Key("rewards.team_members", WHOLE, "give the team members, e.g. 12 (10 or more: +1 point, 2,000 or more: +2)",
        default=0, at_least=ZERO, unit="members"),
    Key("rewards.league", CHOICE, about="The weekly league mission: `none` (+0), `kept` (+1, stayed in the A league) or "
        "`highest` (+3, reached a new best).", default="none", values=LEAGUES),
    Key("rewards.deduction", WHOLE, "give the points taken off for guideline violations, 0 to 20", default=0,
        at_least=ZERO, at_most=Decimal(20), unit="points"),
    Key("rewards.rate", DECIMAL, "give the reward rate as a fraction, as your LIVE Center shows it: 46% is 0.46",
        about="The reward rate outright, as a fraction (46% is 0.46), as the creator's LIVE Center shows it: it "
        "replaces the missions.", at_least=ZERO, at_most=ONE, unit="fraction"),
    Key("payout", SECTION, about="What comes off the creator's gross (agency, fees, tax), "
        "and the currency the creator's money is reported in."),
    _fraction("payout.agency_commission", "give a fraction of the creator's gross: 10% is 0.10",
              "agency commission", "Agency commission", column=True),
    _fraction("payout.withdrawal_fee", "give a fraction of what is left after the agency: 2% is 0.02",
              "withdrawal fee", "Withdrawal fee"),
    _fraction("payout.tax_rate", "give a fraction: 15% is 0.15", "tax rate", "Tax rate"),
    Key("payout.currency", TEXT, about="Report the creator's money in this currency (a three-letter code); "
        "give `fx_rate` when it is not USD. Codes in the built-in table are shown with their symbol and decimals "
        "(JPY has none); any other code with two decimals.", default="USD", values=CURRENCIES,
        pattern=r"^\s*[A-Za-z]{3}\s*$", compare="text", compare_label="Report currency"),
    Key("payout.fx_rate", DECIMAL, "give units of the report currency per USD, e.g. 0.92 for EUR", above=ZERO,
        unit="per USD", default_from="1 for USD; required for another currency", vary=SETTING,
        vary_label="exchange rate (per USD)", compare="number", compare_label="Units per USD", shown=True),
    Key("payout.minimum_withdrawal", DECIMAL, "give the smallest withdrawal TikTok allows, in USD, e.g. 50 or 100",
        default=FromData("minimum_withdrawal"), at_least=ZERO, unit="USD", shown=True, shown_as="minimum_withdrawal_usd"),
    Key("engagement", SECTION, about="The model of hearts' indirect effect on gifts: share = 1 − (1 + h/k)^−ε."),
    Key("engagement.reference_hearts_per_viewer_minute", DECIMAL, "give the model's reference rate k, e.g. 1",
        default=DEFAULT_REFERENCE_RATE, above=ZERO, unit="hearts per viewer-minute", compare="number",
        compare_label="Hearts model: k", shown=True),
    Key("engagement.elasticity", SECTION,
        "give elasticities as fractions, e.g. {low: 0.05, base: 0.15, high: 0.30}"),
    _elasticity("low", "The most cautious elasticity ε; low <= base <= high."),
    _elasticity("base", "The central elasticity ε; low <= base <= high."),
    _elasticity("high", "The most generous elasticity ε; low <= base <= high."),
    Key("engagement.calibrated", TEXT,
        "give a note on where the elasticities come from, as `tiktok-earnings calibrate` writes it",
        about="Where the elasticities come from, as written by `tiktok-earnings calibrate` "
        "(e.g. \"24 streams, 2026-09-04 to 2026-11-27: ε 0.124 (90% CI 0.088 to 0.160), R² 0.61\"); reports show it.",
        shown=True),
    Key("other_income", SECTION, about="Money beside LIVE gifts, per month and in USD; hearts change none of it."),
    Key("other_income.creator_rewards", SECTION,
        about="The Creator Rewards Program (videos, not LIVE): qualified views × rpm ÷ 1,000, per month."),
    Key("other_income.creator_rewards.qualified_views", WHOLE,
        "give the qualified views in a month, as a whole number, e.g. 120000", required=True, at_least=ZERO,
        unit="views per month"),
    Key("other_income.creator_rewards.rpm", DECIMAL,
        "give the USD paid per 1,000 qualified views, e.g. 0.70 (about 0.40 to 1.00)",
        default=FromData("creator_rewards_rpm"), at_least=ZERO, unit="USD per 1,000 views"),
    Key("other_income.subscriptions", SECTION,
        about="LIVE Subscriptions: subscribers × price × creator_share, per month."),
    Key("other_income.subscriptions.subscribers", WHOLE,
        "give the paying LIVE subscribers in a month, as a whole number, e.g. 25", required=True, at_least=ZERO),
    Key("other_income.subscriptions.price", DECIMAL, "give the USD a subscriber pays per month, e.g. 4.99",
        required=True, at_least=ZERO, unit="USD per month"),
    Key("other_income.subscriptions.region", CHOICE,
        about="Chooses the default creator_share by the 2025 terms: us-ca 0.70, other 0.50.",
        default=DEFAULT_REGION, values=REGIONS),
    Key("other_income.subscriptions.creator_share", DECIMAL, "give the creator's share as a fraction: 70% is 0.70",
        at_least=ZERO, at_most=ONE, unit="fraction", default_from="the region, from data/income_defaults.csv"),
    Key("other_income.brand_deals", LIST, about="Brand deals, each `{name, amount}` in USD per month.",
        item="One brand deal: its name and its USD per month."),
    Key("other_income.brand_deals.name", TEXT, about="The brand or the deal, as shown in reports.", required=True),
    Key("other_income.brand_deals.amount", DECIMAL, "give the deal's USD per month, e.g. 250", required=True,
        at_least=ZERO, unit="USD per month"),
    Key("schedule", SECTION,
        about="How often you stream like this: adds a projection per week, month (4.345 weeks) and year."),
    Key("schedule.streams_per_week", DECIMAL, "give how many streams like this one a week, e.g. 4", required=True,
        above=ZERO, column=True),
    Key("expect", EXPECTATIONS,
        about="Bounds on output fields, named as in the JSON output; a missed bound makes `run` exit 1."),
)

KEYS: dict[str, Key] = {key.path: key for key in SCENARIO_KEYS}
# Each section's keys and their names, worked out once: the reader asks for them for every file of a batch.
_CHILDREN: dict[str, tuple[Key, ...]] = {}
for _key in SCENARIO_KEYS:
    _CHILDREN[_key.parent] = (*_CHILDREN.get(_key.parent, ()), _key)
_NAMES: dict[str, tuple[str, ...]] = {parent: tuple(key.name for key in keys) for parent, keys in _CHILDREN.items()}


# The payout's fractions, in the order they come off the creator's gross (calculator.py: each is a fraction
# of what the ones before it leave). A new fraction setting in `payout:` is checked and named with them.
PAYOUT_FRACTIONS: tuple[Key, ...] = tuple(key for key in _CHILDREN["payout"] if key.unit == "fraction")


def what_if_keys_text() -> str:
    """The keys `sweep` and `goal` may vary (a gift's count aside), for their --help: section by section,
    `payout.agency_commission, .withdrawal_fee, ...`."""
    sections: dict[str, list[str]] = {}
    for key in SCENARIO_KEYS:
        if key.vary and key.vary != GIFT_COUNT:
            names = sections.setdefault(key.parent or key.path, [])
            names.append(key.path if not names else f".{key.name}")
    return "; ".join(", ".join(names) for names in sections.values())


def children(parent: str) -> tuple[Key, ...]:
    """The keys directly in the section or list `parent` ("" for the top level), in the order of a scenario file."""
    return _CHILDREN.get(parent, ())


def names(parent: str) -> tuple[str, ...]:
    """The names of the keys directly in `parent`, as written in a file."""
    return _NAMES.get(parent, ())


def hint(path: str) -> str:
    """The "give …" hint for the key at `path`; "" when it has none."""
    key = KEYS.get(path)
    return key.hint if key is not None else ""


def value_at(record: object, path: str) -> object:
    """The value of the key at `path` in a record whose fields are named as the keys (a Scenario)."""
    return _getter(path)(record)


_getter = functools.cache(attrgetter)  # reads through each part of a dotted path; made once a path (`run`'s JSON asks for each)


def default_value(key: Key) -> object:
    """What a key is when it is not given: its default, read from the data file for FromData."""
    return income_default(key.default.name) if isinstance(key.default, FromData) else key.default


def value_or_default(record: object, key: Key) -> object:
    """The key's value in the record, or its default where the record holds None for "the default"."""
    value = _getter(key.path)(record)  # value_at(), for each shown key of every scenario of a batch
    return default_value(key) if value is None else value


def value_in_force(record: object, key: Key) -> object:
    """As value_or_default, but None where a section on the way is absent (a scenario without `schedule:`)."""
    *sections, name = _parts(key.path)
    for part in sections:
        record = getattr(record, part)
        if record is None:
            return None
    value = getattr(record, name)
    return default_value(key) if value is None else value


@functools.cache
def _parts(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


# The keys that are columns of `run`'s CSV, in the order of a scenario file.
COLUMNS: tuple[Key, ...] = tuple(key for key in SCENARIO_KEYS if key.column)


# --- the docs' table of keys ---------------------------------------------------------------------


def _bounds(key: Key) -> str:
    parts = []
    if key.above is not None:
        parts.append(f"> {key.above}")
    if key.at_least is not None:
        parts.append(f">= {key.at_least}")
    if key.at_most is not None:
        parts.append(f"<= {key.at_most}")
    return ", ".join(parts)


def _default(key: Key) -> str:
    if key.required:
        return "required"
    if isinstance(key.default, FromData):
        return f"data/income_defaults.csv (`{key.default.name}`)"
    if key.default is not None:
        return f"`{key.default}`"
    return key.default_from


def _type(key: Key) -> str:
    if key.kind in (DECIMAL, WHOLE) and key.unit:
        return f"{key.kind} ({key.unit})"
    if key.kind == CHOICE:
        return f"one of the {key.values}"
    return key.kind


def keys_table_markdown() -> str:
    """The table of scenario keys for docs/scenario.md: key, type, bounds, default and meaning, one row a key.

    A default of "—" means none: the key is optional and nothing takes its place. Every number is also
    at most numbers.LARGEST_INPUT.
    """
    rows = ["| Key | Type | Bounds | Default | Meaning |", "| --- | --- | --- | --- | --- |"]
    for key in SCENARIO_KEYS:
        path = key.path
        parent = KEYS.get(key.parent)
        if parent is not None and parent.kind == LIST:
            path = f"{key.parent}[].{key.name}"
        cells = (f"`{path}`", _type(key), _bounds(key) or "—", _default(key) or "—", key.described)
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(rows) + "\n"
