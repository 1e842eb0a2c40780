"""The JSON Schema (draft 2020-12) of a scenario file, for editors that complete and check as you type.

It is built from what the reader itself uses, so it cannot drift from it: the keys of each section
come from the reader's tuples (scenario.TOP_LEVEL_KEYS, STREAM_KEYS, …), descriptions from its
MEANING hints, preset names from the presets file, gift names and ids from the catalogue, and the
field names under `expect:` from figures.NUMERIC_FIELDS. Each key's type and bounds are written
here once, beside the reader check they mirror; a key added to a reader tuple without an entry
here fails loudly (KeyError) when the schema is built, and a test builds it.

Some checks only the reader can make: a gift name in any spelling (case, spaces and hyphens do not
matter, so names are offered as examples, not enforced), one price per name, low <= base <= high,
duplicate keys, and finite numbers. `tiktok-earnings validate` makes them all.
"""

from tiktok_earnings.catalogue import load_catalogue
from tiktok_earnings.currencies import load_currencies
from tiktok_earnings.figures import NUMERIC_FIELDS
from tiktok_earnings.income import DEFAULT_REGION, REGIONS, default
from tiktok_earnings.numbers import LARGEST_INPUT
from tiktok_earnings.rates import DEFAULT_PRESET, load_presets
from tiktok_earnings.scenario.reader import (
    BRAND_DEAL_KEYS,
    COIN_RATE_KEYS,
    CREATOR_REWARDS_KEYS,
    ELASTICITY_KEYS,
    ENGAGEMENT_KEYS,
    GIFT_KEYS,
    MEANING,
    OTHER_INCOME_KEYS,
    PAYOUT_KEYS,
    SCHEDULE_KEYS,
    STREAM_KEYS,
    SUBSCRIPTION_KEYS,
    TOP_LEVEL_KEYS,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# The reader's checks, as JSON Schema: _Reader.decimal(above=0), decimal(at_least=0, at_most=1),
# decimal(at_least=0), integer() (whole, >= 0) and text() (non-blank; a number is read as its text).
POSITIVE = {"type": "number", "exclusiveMinimum": 0, "maximum": LARGEST_INPUT}
FRACTION = {"type": "number", "minimum": 0, "maximum": 1}
NOT_NEGATIVE = {"type": "number", "minimum": 0, "maximum": LARGEST_INPUT}
WHOLE = {"type": "integer", "minimum": 0, "maximum": LARGEST_INPUT}
TEXT = {"type": ["string", "number"], "pattern": r"\S"}
USD = r"^\s*[Uu][Ss][Dd]\s*$"

# What MEANING (written for error hints) does not say: the sections and the keys without a number.
ABOUT = {
    "name": "The scenario's name in reports; defaults to the file name. Never inherited through `extends`.",
    "extends": "Inherit another scenario file's keys, merged deeply (this file's keys win). "
    "The path is relative to this file, e.g. ../_shared/base.yaml.",
    "stream": "The stream's length and audience. Required (or inherited through `extends`).",
    "gifts": "The gift mix: a list of catalogue gifts (`gift:`) and custom gifts (`name:` with `coins:`). May be empty.",
    "coin_rates": "What a viewer pays per coin and what the creator is paid per coin gifted (USD). "
    "Every key falls back to the preset.",
    "payout": "What comes off the creator's gross (agency, fees, tax), and the currency the creator's money is reported in.",
    "engagement": "The model of hearts' indirect effect on gifts: share = 1 − (1 + h/k)^−ε.",
    "other_income": "Money beside LIVE gifts, per month and in USD; hearts change none of it.",
    "other_income.creator_rewards": "The Creator Rewards Program (videos, not LIVE): qualified views × rpm ÷ 1,000, per month.",
    "other_income.subscriptions": "LIVE Subscriptions: subscribers × price × creator_share, per month.",
    "other_income.subscriptions.region": "Chooses the default creator_share by the 2025 terms: us-ca 0.70, other 0.50.",
    "other_income.brand_deals": "Brand deals, each `{name, amount}` in USD per month.",
    "other_income.brand_deals.name": "The brand or the deal, as shown in reports.",
    "schedule": "How often you stream like this: adds a projection per week, month (4.345 weeks) and year.",
    "expect": "Bounds on output fields, named as in the JSON output; a missed bound makes `run` exit 1.",
    "gift": "A gift from the catalogue (`tiktok-earnings gifts`): case, spaces and hyphens don't matter.",
    "gifts.name": "A custom gift that is not in the catalogue; give its `coins:` price too.",
    "coin_rates.preset": "The coin-rate preset every rate falls back to (`tiktok-earnings rates`).",
    "payout.currency": "Report the creator's money in this currency (a three-letter code); "
    "give `fx_rate` when it is not USD. Codes in the built-in table are shown with their symbol and decimals "
    "(JPY has none); any other code with two decimals.",
    "engagement.elasticity.low": "The most cautious elasticity ε; low <= base <= high.",
    "engagement.elasticity.base": "The central elasticity ε; low <= base <= high.",
    "engagement.elasticity.high": "The most generous elasticity ε; low <= base <= high.",
    "engagement.calibrated": "Where the elasticities come from, as written by `tiktok-earnings calibrate` "
    "(e.g. \"24 streams, 2026-09-04 to 2026-11-27: ε 0.124 (90% CI 0.088 to 0.160), R² 0.61\"); reports show it.",
    "expect.bounds": "Give `min:` and/or `max:`, checked against the figure as displayed (rounded, in the report currency).",
}


def scenario_schema() -> dict:
    """The schema as a dict, ready for json.dumps; the same every time for the same data files."""
    catalogue = load_catalogue()
    presets = list(load_presets())
    gift_names = sorted({gift.name for gift in catalogue.gifts}, key=lambda name: (name.casefold(), name))
    gift_ids = sorted(catalogue.by_id)

    def section(name: str, keys: tuple[str, ...], specs: dict[str, dict], *, nullable: bool = True) -> dict:
        """An object with exactly the reader's `keys`; `null` (a section with every key commented out) reads as empty."""
        return {
            "type": ["object", "null"] if nullable else "object",
            "description": _describe(name),
            "properties": {key: specs[key] for key in keys},
            "additionalProperties": False,
        }

    stream = section("stream", STREAM_KEYS, {
        "duration_minutes": _with(POSITIVE, "stream.duration_minutes"),
        "average_viewers": _with(POSITIVE, "stream.average_viewers"),
    }, nullable=False)
    gift_specs = {
        "gift": _with(TEXT, "gift", examples=gift_names),
        "gift_id": {"type": "integer", "enum": gift_ids, "description": _describe("gift_id")},
        "name": _with(TEXT, "gifts.name"),
        "coins": {"type": "integer", "minimum": 1, "description": _describe("coins")},
        "count": _with(WHOLE, "count"),
    }
    gift = {
        "type": "object",
        "description": "One line of the gift mix: a catalogue gift (`gift:` and/or `gift_id:`) or a custom one "
        "(`name:` and `coins:`), and how many were sent (`count:`).",
        "properties": {key: gift_specs[key] for key in GIFT_KEYS},
        "required": ["count"],
        "additionalProperties": False,
        "oneOf": [
            {"title": "a catalogue gift", "anyOf": [{"required": ["gift"]}, {"required": ["gift_id"]}],
             "not": {"required": ["name"]}},
            {"title": "a custom gift", "required": ["name", "coins"],
             "not": {"anyOf": [{"required": ["gift"]}, {"required": ["gift_id"]}]}},
        ],
    }
    coin_rates = section("coin_rates", COIN_RATE_KEYS, {
        "preset": {"type": "string", "enum": presets, "default": DEFAULT_PRESET, "description": _describe("coin_rates.preset")},
        **{key: _with(POSITIVE, f"coin_rates.{key}") for key in COIN_RATE_KEYS if key != "preset"},
    })
    payout = section("payout", PAYOUT_KEYS, {
        "agency_commission": _with(FRACTION, "payout.agency_commission", default=0),
        "withdrawal_fee": _with(FRACTION, "payout.withdrawal_fee", default=0),
        "tax_rate": _with(FRACTION, "payout.tax_rate", default=0),
        "currency": {"type": "string", "pattern": r"^\s*[A-Za-z]{3}\s*$", "default": "USD",
                     "examples": list(load_currencies()), "description": _describe("payout.currency")},
        "fx_rate": _with(POSITIVE, "payout.fx_rate"),
        "minimum_withdrawal": _with(NOT_NEGATIVE, "payout.minimum_withdrawal", default=int(default("minimum_withdrawal"))),
    })
    rewards = section("other_income.creator_rewards", CREATOR_REWARDS_KEYS, {
        "qualified_views": _with(WHOLE, "other_income.creator_rewards.qualified_views"),
        # No `default` keyword here: the default (a Decimal) would have to pass through float to be a JSON number.
        "rpm": _with(NOT_NEGATIVE, "other_income.creator_rewards.rpm")
        | {"description": _describe("other_income.creator_rewards.rpm") + f" Default {default('creator_rewards_rpm')}."},
    }) | {"required": ["qualified_views"]}
    subscriptions = section("other_income.subscriptions", SUBSCRIPTION_KEYS, {
        "subscribers": _with(WHOLE, "other_income.subscriptions.subscribers"),
        "price": _with(NOT_NEGATIVE, "other_income.subscriptions.price"),
        "region": {"type": "string", "enum": list(REGIONS), "default": DEFAULT_REGION,
                   "description": _describe("other_income.subscriptions.region")},
        "creator_share": _with(FRACTION, "other_income.subscriptions.creator_share"),
    }) | {"required": ["subscribers", "price"]}
    deal_specs = {
        "name": _with(TEXT, "other_income.brand_deals.name"),
        "amount": _with(NOT_NEGATIVE, "other_income.brand_deals.amount"),
    }
    brand_deal = {
        "type": "object",
        "description": "One brand deal: its name and its USD per month.",
        "properties": {key: deal_specs[key] for key in BRAND_DEAL_KEYS},
        "required": list(BRAND_DEAL_KEYS),
        "additionalProperties": False,
    }
    other_income = section("other_income", OTHER_INCOME_KEYS, {
        "creator_rewards": rewards,
        "subscriptions": subscriptions,
        "brand_deals": {"type": ["array", "null"], "description": _describe("other_income.brand_deals"),
                        "items": {"$ref": "#/$defs/brand_deal"}},
    })
    schedule = section("schedule", SCHEDULE_KEYS, {
        "streams_per_week": _with(POSITIVE, "schedule.streams_per_week"),
    }) | {"required": list(SCHEDULE_KEYS)}
    elasticity = section("engagement.elasticity", ELASTICITY_KEYS, {
        key: _with(NOT_NEGATIVE, f"engagement.elasticity.{key}") for key in ELASTICITY_KEYS
    })
    engagement = section("engagement", ENGAGEMENT_KEYS, {
        "reference_hearts_per_viewer_minute": _with(POSITIVE, "engagement.reference_hearts_per_viewer_minute", default=1),
        "elasticity": elasticity,
        "calibrated": _with(TEXT, "engagement.calibrated"),
    })
    bounds = {
        "type": "object",
        "description": _describe("expect.bounds"),
        "properties": {"min": {"type": "number", "description": "The lowest value that passes."},
                       "max": {"type": "number", "description": "The highest value that passes."}},
        "additionalProperties": False,
        "minProperties": 1,
    }
    expect = section("expect", NUMERIC_FIELDS, {field: {"$ref": "#/$defs/bounds"} for field in NUMERIC_FIELDS})
    top = {
        "name": _with(TEXT, "name"),
        "extends": {"type": "string", "pattern": r"\S", "description": _describe("extends")},
        "stream": stream,
        "hearts": _with(WHOLE, "hearts", default=0),
        "gifts": {"type": ["array", "null"], "description": _describe("gifts"), "items": {"$ref": "#/$defs/gift"}},
        "coin_rates": coin_rates,
        "payout": payout,
        "engagement": engagement,
        "other_income": other_income,
        "schedule": schedule,
        "expect": expect,
    }
    # Only a scenario that extends nothing must be complete on its own: with `extends:`, the stream,
    # the currency or the fx_rate may come from the base, so these checks are left to the reader.
    complete = {
        "required": ["stream"],
        "properties": {
            "stream": {"required": list(STREAM_KEYS)},
            "payout": {
                "if": {"required": ["currency"], "properties": {"currency": {"not": {"pattern": USD}}}},
                "then": {"required": ["fx_rate"]},
                "else": {"properties": {"fx_rate": {"const": 1}}},
            },
        },
    }
    return {
        "$schema": DRAFT,
        "title": "tiktok-earnings scenario",
        "description": "One TikTok LIVE stream: its length and audience, hearts, gifts, coin rates and payout settings. "
        "Generated by `tiktok-earnings schema`; check a file fully with `tiktok-earnings validate`.",
        "type": "object",
        "properties": {key: top[key] for key in TOP_LEVEL_KEYS},
        "additionalProperties": False,
        "if": {"required": ["extends"]},
        "else": complete,
        "$defs": {"gift": gift, "brand_deal": brand_deal, "bounds": bounds},
    }


def _describe(path: str) -> str:
    """The reader's hint for `path` ("give …"), as a sentence, or the note above when it has none."""
    if path in ABOUT:
        return ABOUT[path]
    hint = MEANING[path]
    return hint[0].upper() + hint[1:] + "."


def _with(base: dict, path: str, **extra: object) -> dict:
    return {**base, **extra, "description": _describe(path)}
