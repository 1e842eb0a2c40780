"""Read a LIVE recording (JSON Lines of TikTokLive events) into a scenario.

`tiktok-earnings record` (recorder.py) writes one event per line:

    {"event": "GiftEvent", "received_at": "2025-06-01T20:00:03.123456Z", "data": {...}}

where `data` is the event's own TikTokLive `to_dict()`: protobuf JSON, with camelCase keys and
64-bit integers as strings (REFERENCE.md, section 5). Reading it needs no TikTokLive.

The file is read in one pass, line by line, each event fed to a `Tally` (tally.py says what is
counted and how). A cut-off last line (the recorder stopped mid-write) is left out with a warning;
any other bad line is an error at its line.
"""

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from tiktok_earnings.errors import InputError, Problem
from tiktok_earnings.escape import snippet
from tiktok_earnings.files import MAX_LINE_BYTES, MAX_RECORDING_BYTES, open_regular, too_large
from tiktok_earnings.live.scenario_yaml import scenario_document
from tiktok_earnings.live.tally import GIFT, RECORD_HINT, BadEvent, Recording, Tally
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.reader import scenario_from_document

MAX_ERRORS = 20  # bad lines reported one by one; past that, only counted


def load_recording_scenario(path: str) -> tuple[Scenario, list[Problem]]:
    """The scenario a recording adds up to, and the warnings about it; InputError for a bad file or line."""
    scenario, recording = load_recording(path)
    return scenario, list(recording.warnings)


def load_recording(path: str) -> tuple[Scenario, Recording]:
    """The scenario a recording adds up to, and the recording itself (its gifters, minutes, guests and battles)."""
    recording = read_recording(path)
    return scenario_from_document(scenario_document(recording)), recording


def read_recording(path: str | Path, new_tally: Callable[[str], Tally] = Tally) -> Recording:
    """Read a recording line by line; raise InputError with every bad line (up to MAX_ERRORS).

    `new_tally(file)` makes what counts the events: a Tally, or one that also keeps more (hearts/minutes.py).
    """
    file = str(path)
    tally = new_tally(file)
    tick, handlers, other = tally.timeline.tick, tally.handlers, tally.others.add
    loads, parse_time = json.loads, datetime.fromisoformat
    problems: list[Problem] = []
    bad_lines = 0
    cut_off: Problem | None = None
    with open_regular(file, "recording") as handle:
        for number, raw in enumerate(_lines(handle, file), 1):
            try:
                record = loads(raw)
                if b"\\u" in raw and _SURROGATE_ESCAPE.search(raw):
                    record = _whole_characters(record)
                kind, data, at = record["event"], record["data"], parse_time(record["received_at"])
                if at.tzinfo is None or type(data) is not dict or type(kind) is not str:
                    raise TypeError
                handler = handlers.get(kind)
            except (ValueError, KeyError, TypeError, IndexError):
                if not raw.strip():
                    continue  # a blank line
                if not raw.endswith(b"\n") and _not_json(raw):  # the last line, cut off mid-write
                    cut_off = Problem(file, number, "the last line is cut off (the recording stopped mid-write): it was left out",
                                      "nothing to do: every event before it is imported")
                    break
                bad_lines += 1
                if bad_lines <= MAX_ERRORS:
                    problems.append(_line_problem(file, number, raw))
                continue
            try:
                tick(at, number)
                if handler is None:
                    other(kind, number)
                else:
                    handler(data, at, number)
            except BadEvent as error:
                bad_lines += 1
                if bad_lines <= MAX_ERRORS:
                    problems.append(Problem(file, number, f"{kind}: {error.message}", error.hint))
    if bad_lines > MAX_ERRORS:
        problems.append(Problem(file, None, f"… and {bad_lines - MAX_ERRORS:,} more bad lines", "fix the lines above first"))
    if problems:
        raise InputError(problems)
    return tally.finish(cut_off)


# JSON may escape half of a UTF-16 pair alone ("\\ud800"): json.loads keeps it as a str that no stream can write.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_characters(value: object) -> object:
    """`value` with every lone surrogate in its texts, keys too, replaced by U+FFFD (�), as a bad byte is decoded."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_whole_characters(item) for item in value]
    if isinstance(value, dict):
        return {_whole_characters(key): _whole_characters(item) for key, item in value.items()}
    return value


def _lines(handle: BinaryIO, file: str) -> Iterator[bytes]:
    """The file's lines, each at most MAX_LINE_BYTES, the whole at most MAX_RECORDING_BYTES; InputError past either."""
    total = 0
    for number, raw in enumerate(iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b""), 1):
        total += len(raw)
        if total > MAX_RECORDING_BYTES:
            raise too_large(file, MAX_RECORDING_BYTES, "recording")
        if len(raw) > MAX_LINE_BYTES:
            raise InputError([Problem(file, number, f"the line is longer than {MAX_LINE_BYTES:,} bytes",
                                      "a recording holds one event a line; check that this is a recording")])
        yield raw


def _not_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return True
    return False


def _line_problem(file: str, number: int, raw: bytes) -> Problem:
    """Why a line could not be read (the slow path: only for bad lines)."""
    try:
        record = json.loads(raw)
    except UnicodeDecodeError:
        return Problem(file, number, "not UTF-8 text", RECORD_HINT)
    except json.JSONDecodeError as error:
        where = "at the end of the line" if not error.doc[error.pos:].strip() else f"at column {error.pos + 1}"
        return Problem(file, number, f"not a JSON line: {error.msg} {where}", RECORD_HINT)
    except ValueError:  # json reads no integer of more than 4,300 digits (sys.get_int_max_str_digits)
        return Problem(file, number, "a number on the line has thousands of digits, more than any event holds", RECORD_HINT)
    shape = 'a JSON object {"event": …, "received_at": …, "data": {…}}'
    if not isinstance(record, dict):
        return Problem(file, number, f"a line must be {shape}", RECORD_HINT)
    missing = [key for key in ("event", "received_at", "data") if key not in record]
    if missing:
        return Problem(file, number, "missing " + ", ".join(f"`{key}`" for key in missing), f"a line is {shape}")
    if not isinstance(record["event"], str):
        event = snippet(repr(record["event"]))
        return Problem(file, number, f"`event` must be an event name such as {GIFT}, not {event}", RECORD_HINT)
    at = record["received_at"]
    try:
        parsed = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return Problem(file, number, f"`received_at` is not an ISO-8601 time: {snippet(repr(at))}",
                       "write UTC times such as 2025-06-01T20:00:03.123456Z")
    if parsed.tzinfo is None:
        return Problem(file, number, f"`received_at` {snippet(repr(at))} has no time zone",
                       "write UTC times, ending in Z or +00:00")
    return Problem(file, number, "`data` must be a JSON object (the event's to_dict())", RECORD_HINT)
