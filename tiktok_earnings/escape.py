"""Text from an input, made safe for where it is shown: a terminal, a CSV cell, a short quote.

Scenario names, gift names, file names and values come from files that arrive in pull requests.
Written as they are, a control character or an escape sequence could clear a terminal or erase an
error line, a newline could forge a `file:line:` line, and a CSV cell starting with `=` would run
as a spreadsheet formula. Each medium has one function here; the renderers and errors.py use them
(Markdown and XML escape their own syntax in render/markdown.py and render/junit.py, after this).
"""

import functools
import re

# C0 and C1 control characters, DEL, and the Unicode marks that reorder or hide text (bidi overrides
# and isolates, line and paragraph separators): what a terminal would act on instead of showing.
_CONTROL = "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
SNIPPET = 60  # the most characters of an input an error quotes


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


@functools.cache  # compiled when first used, not at import: errors.py imports this, and most runs escape nothing
def _controls(keep_newlines: bool) -> re.Pattern[str]:
    """What terminal() shows as escapes: _CONTROL, but for the newline with `keep_newlines`."""
    return re.compile(_CONTROL.replace("\x00-\x1f", "\x00-\x09\x0b-\x1f") if keep_newlines else _CONTROL)


def terminal(text: str, *, keep_newlines: bool = False) -> str:
    """`text` on one line with every control character shown as an escape (`\\n`, `\\e`, `\\x07`), never acted on.

    With `keep_newlines`, line breaks stay (text laid out by Rich, where they forge nothing).
    """
    return _controls(keep_newlines).sub(_visible, text)


def is_clean(text: str, *, keep_newlines: bool = False) -> bool:
    """Whether terminal() would leave `text` as it is."""
    return _controls(keep_newlines).search(text) is None


def snippet(text: str, limit: int = SNIPPET) -> str:
    """A short, safe quote of an input: terminal() of at most `limit` characters, with … when cut."""
    shown = terminal(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


# What JSON and YAML strings may hold raw but a terminal would act on (DEL, C1 controls) or that
# reorders text (bidi marks): written as \u escapes, which JSON and YAML readers turn back into the same text.
_RAW_UNSAFE = "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"


@functools.cache  # as _controls: ASCII text, the most common, never needs it
def _raw_unsafe() -> re.Pattern[str]:
    return re.compile(_RAW_UNSAFE)


def unicode_escapes(quoted: str) -> str:
    """A JSON (or YAML double-quoted) text with what json.dumps leaves raw and a terminal acts on as \\u escapes."""
    if quoted.isascii():  # known without reading the text: a batch's JSON is mostly ASCII, a line of 2 KB a scenario
        if "\x7f" not in quoted:  # the one character of _RAW_UNSAFE that is ASCII
            return quoted
    elif _raw_unsafe().search(quoted) is None:
        return quoted
    return _raw_unsafe().sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def csv_cell(text: str) -> str:
    """A text cell a spreadsheet shows as text: one starting with = + - @ (a formula) gets a leading '."""
    text = terminal(text)
    return "'" + text if text.startswith(_FORMULA_START) else text
