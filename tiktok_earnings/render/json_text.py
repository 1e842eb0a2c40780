"""JSON text, written one way for every command: the one place that calls the JSON encoder.

A small document (a conversion, the gift list, the presets) is written whole, indented or on one
line (`document`). A long one (a run's scenarios, a sweep's points, a comparison's fields) is
written as its items arrive, one item a line (`JsonWriter`), so that a run over thousands of files
never holds the whole document, and Python's C encoder (which does not indent) does the work:

    {"schema_version": 1, "scenarios": [
    {...},
    {...}
    ], "errors": []}

Non-ASCII text is written as it is (`ensure_ascii=False`). Nothing passes through float: callers
give money as exact decimal strings.
"""

import json
from collections.abc import Iterable

from tiktok_earnings.escape import unicode_escapes

SCHEMA_VERSION = 1


def dumps(value: object) -> str:
    """One value on one line."""
    return unicode_escapes(_ONE_LINE.encode(value))


# What dumps() writes with, made once rather than by json.dumps on each call: a run writes a line a scenario. Its
# values are trees made for the line, never a cycle, so the encoder does not keep a note of each object it is in to
# find one (a tenth of its time).
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def document(value: object, indent: int | None = None) -> str:
    """A whole document and its final newline; indented by `indent` spaces when given."""
    return unicode_escapes(json.dumps(value, indent=indent, ensure_ascii=False)) + "\n"


class JsonWriter:
    """An object written a piece at a time: `start()`, then `value()`s and lists (`open_list()`,
    `item()` per item, `close_list()`), then `finish()`. Each method returns the text to write next.

    Keys follow each other with `", "`, or with `separator` where given; each list item is on a line
    of its own, and an empty list is `[]`.
    """

    def __init__(self, schema_version: int = SCHEMA_VERSION) -> None:
        self.schema_version = schema_version
        self._items = 0

    def start(self) -> str:
        return "{" + f'"schema_version": {self.schema_version}'

    def value(self, key: str, value: object, separator: str = ", ") -> str:
        return f"{separator}{dumps(key)}: {dumps(value)}"

    def open_list(self, key: str, separator: str = ", ") -> str:
        self._items = 0
        return f"{separator}{dumps(key)}: ["

    def item(self, value: object) -> str:
        return self.item_text(dumps(value))

    def item_text(self, text: str) -> str:
        """An item already written as JSON on one line (`dumps`)."""
        self._items += 1
        return ("\n" if self._items == 1 else ",\n") + text

    def close_list(self) -> str:
        return "\n]" if self._items else "]"

    def items(self, key: str, values: Iterable[object], separator: str = ", ") -> str:
        """A whole list under `key`, one item a line."""
        return self.open_list(key, separator) + "".join(self.item(value) for value in values) + self.close_list()

    def finish(self) -> str:
        return "}\n"
