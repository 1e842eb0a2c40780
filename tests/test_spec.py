"""The spec of a scenario's keys is the one declaration: the reader, the schema, the docs' table, `sweep`/`goal`
and `compare` all take their keys from it."""

from decimal import Decimal as D

import pytest

from tiktok_earnings.calculator import calculate
from tiktok_earnings.errors import InputError
from tiktok_earnings.figures import NUMERIC_FIELDS
from tiktok_earnings.render.compare import SETTING_LABELS
from tiktok_earnings.render.json import scenario_dict
from tiktok_earnings.report import rounded
from tiktok_earnings.scenario.reader import scenario_from_document
from tiktok_earnings.scenario.schema import scenario_schema
from tiktok_earnings.scenario.spec import (
    EXPECTATIONS,
    KEYS,
    LIST,
    SCALARS,
    SCENARIO_KEYS,
    SECTION,
    Key,
    keys_table_markdown,
    names,
)
from tiktok_earnings.scenario.yamldoc import Document
from tiktok_earnings.whatif.compare import SETTING_KINDS
from tiktok_earnings.whatif.fields import FIELDS, GIFT_FIELDS
from tiktok_earnings.whatif.goal import GOAL_FIELD_NAMES

MINIMAL = {"stream": {"duration_minutes": 90, "average_viewers": 350}}
# A list item of each list that is otherwise valid, so that one bad key is the only problem in it.
ITEMS = {"gifts": {"gift": "Rose", "count": 1}, "gifts.name": {"coins": 1, "count": 1},
         "other_income.brand_deals": {"name": "Cola", "amount": 10}}


def read(data: dict) -> list[str]:
    """The reader's messages for a document (no line numbers: it is built in memory)."""
    try:
        scenario_from_document(Document("spec-test.yaml", data))
    except InputError as error:
        return [problem.message for problem in error.problems]
    return []


def with_value(path: str, value: object) -> tuple[dict, str]:
    """MINIMAL with `value` at the key `path` (in the first item of a list), and the key as the reader names it."""
    data: dict = {**MINIMAL, "stream": dict(MINIMAL["stream"])}
    where, written = data, ""
    parts = path.split(".")
    for depth, part in enumerate(parts[:-1]):
        section = ".".join(parts[:depth + 1])
        written += ("." if written else "") + part
        if KEYS[section].kind == LIST:
            item = dict(ITEMS.get(path, ITEMS[section]))
            where[part] = [item]
            where, written = item, written + "[0]"
        else:
            where = where.setdefault(part, {})
    where[parts[-1]] = value
    return data, f"{written}.{parts[-1]}" if written else parts[-1]


SCALAR_KEYS = [key for key in SCENARIO_KEYS if key.kind in SCALARS and key.path != "extends"]  # extends.py reads `extends`


@pytest.mark.parametrize("key", SCALAR_KEYS, ids=lambda key: key.path)
def test_the_reader_reads_every_scalar_key_of_the_spec(key: Key):
    data, written = with_value(key.path, [1])
    assert any(message.startswith(f"`{written}` must be") and message.endswith("not a list") for message in read(data)), (
        read(data))


@pytest.mark.parametrize("key", [key for key in SCENARIO_KEYS if key.kind in (SECTION, LIST)] + [None],
                         ids=lambda key: key.path if key else "top")
def test_every_section_allows_exactly_the_keys_the_spec_declares(key: Key | None):
    path = key.path if key else ""
    data, _ = with_value(f"{path}.no_such_key" if path else "no_such_key", 1)
    messages = read(data)
    assert any(message.startswith("unknown key 'no_such_key'") for message in messages), messages
    for name in names(path):  # every declared key is allowed: no "unknown key" for any of them
        if KEYS[f"{path}.{name}" if path else name].kind not in SCALARS:
            continue
        data, _ = with_value(f"{path}.{name}" if path else name, [1])
        assert not [message for message in read(data) if message.startswith("unknown key")], name


def test_the_reader_takes_its_defaults_from_the_spec():
    scenario = scenario_from_document(Document("spec-test.yaml", MINIMAL))
    assert scenario.hearts == KEYS["hearts"].default
    assert scenario.payout.agency_commission == KEYS["payout.agency_commission"].default
    assert scenario.engagement.elasticity.base == KEYS["engagement.elasticity.base"].default
    assert scenario.coin_rates.preset == KEYS["coin_rates.preset"].default


def schema_properties(schema: dict, root: dict, path: str = ""):
    """(dotted path, schema) of every property in the schema, following list items into $defs."""
    for name, prop in schema.get("properties", {}).items():
        yield f"{path}{name}", prop
        ref = prop.get("items", {}).get("$ref", "")
        target = root["$defs"][ref.rpartition("/")[2]] if ref else prop
        if not path.startswith("expect"):
            yield from schema_properties(target, root, f"{path}{name}.")


def test_the_schema_declares_every_key_of_the_spec_and_no_other():
    schema = scenario_schema()
    declared = dict(schema_properties(schema, schema))
    expected = [key.path for key in SCENARIO_KEYS] + [f"expect.{field}" for field in NUMERIC_FIELDS]
    assert list(declared) == expected
    for key in SCENARIO_KEYS:
        assert declared[key.path]["description"].startswith(key.described)  # and a default that JSON cannot hold
        if key.kind == EXPECTATIONS:
            continue
        assert declared[key.path]["type"] in {SECTION: (["object", "null"], "object"), LIST: (["array", "null"],)}.get(
            key.kind, ("number", "integer", "string", ["string", "number"])), key.path
    fraction = declared["payout.agency_commission"]
    assert (fraction["minimum"], fraction["maximum"], fraction["default"]) == (0, 1, 0)


def test_the_docs_table_has_a_row_for_every_key():
    table = keys_table_markdown()
    rows = table.splitlines()[2:]
    assert len(rows) == len(SCENARIO_KEYS)
    for key, row in zip(SCENARIO_KEYS, rows, strict=True):
        assert row.startswith(f"| `{key.path}` |") or row.startswith(f"| `{key.parent}[].{key.name}` |"), row
    assert "| `payout.agency_commission` | decimal (fraction) | >= 0, <= 1 | `0` | Give a fraction" in table


def test_what_if_fields_come_from_the_spec():
    varying = [key for key in SCENARIO_KEYS if key.vary]
    assert list(FIELDS) == [key.path for key in varying if not key.parent or KEYS[key.parent].kind != LIST]
    assert GIFT_FIELDS == ("gifts[N].count", "gifts[NAME].count")
    for name, field in FIELDS.items():
        key = KEYS[name]
        assert (field.kind, field.label, field.highest) == (key.vary, key.vary_label, key.at_most)
        assert field.lowest == (key.above if key.above is not None else key.at_least) == D(0)
        assert field.lowest_included == (key.above is None)
    assert GOAL_FIELD_NAMES[:3] == ("stream.duration_minutes", "stream.average_viewers", "hearts")


def test_compare_settings_and_labels_come_from_the_spec():
    compared = [key for key in SCENARIO_KEYS if key.compare]
    assert {key.path: key.compare for key in compared} == SETTING_KINDS
    assert {key.path: key.compare_label for key in compared} == SETTING_LABELS
    assert all(label for label in SETTING_LABELS.values())


def test_every_key_means_something_and_every_bound_is_whole():
    for key in SCENARIO_KEYS:
        assert key.described.endswith("."), key.path
        assert key.hint == "" or key.hint.startswith("give "), key.path
        for bound in (key.above, key.at_least, key.at_most):
            assert bound is None or bound == bound.to_integral_value(), key.path  # the schema needs no floats


def test_the_json_assumptions_are_the_keys_the_spec_marks_shown():
    scenario = scenario_from_document(Document("spec-test.yaml", MINIMAL))
    stated = scenario_dict(rounded(calculate(scenario)))["assumptions"]

    def flat(settings: dict, prefix: str = ""):
        for name, value in settings.items():
            yield from flat(value, f"{prefix}{name}.") if isinstance(value, dict) else [f"{prefix}{name}"]

    shown = [f"{key.parent}.{key.shown_as}" if key.shown_as else key.path for key in SCENARIO_KEYS if key.shown]
    assert [path for path in flat(stated) if path != "engagement.source"] == shown
    assert stated["payout"]["agency_commission"] == "0" and stated["engagement"]["elasticity"]["base"] == "0.15"


def test_the_sweep_help_lists_the_keys_that_vary_section_by_section_in_the_spec_order():
    from tiktok_earnings.scenario.spec import what_if_keys_text

    assert what_if_keys_text() == (
        "stream.duration_minutes, .average_viewers; hearts; coin_rates.viewer_price_per_coin, .diamonds_per_coin,"
        " .payout_per_diamond; payout.agency_commission, .withdrawal_fee, .tax_rate, .fx_rate")
