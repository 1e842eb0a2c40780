"""A creator's history of past streams, as `calibrate` reads it: one StreamRecord per stream.

A history is read from CSV files (one row per stream), scenario files and `.jsonl` LIVE
recordings, found in files, folders and glob patterns as `run` finds scenarios. Numbers are
Decimal from their text; every bad value is a Problem with its file and line, and every problem
in every file is reported at once.
"""

import csv
import os
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from tiktok_earnings.errors import InputError, Problem, did_you_mean
from tiktok_earnings.escape import snippet
from tiktok_earnings.files import RECORDING_SUFFIX, SCENARIO_SUFFIXES, YAML_SUFFIXES, describe
from tiktok_earnings.numbers import out_of_bounds, parse_decimal
from tiktok_earnings.scenario.extends import DocumentCache
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.spec import hint as key_hint

CSV_SUFFIX = ".csv"
HISTORY_SUFFIXES = (CSV_SUFFIX, *SCENARIO_SUFFIXES)
REQUIRED_COLUMNS = ("duration_minutes", "average_viewers", "hearts", "gift_coins")
OPTIONAL_COLUMNS = ("date", "name")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
COLUMN_MEANING = {
    "duration_minutes": key_hint("stream.duration_minutes"),
    "average_viewers": key_hint("stream.average_viewers"),
    "hearts": key_hint("hearts"),
    "gift_coins": "give the coins of all gifts received (count × coin price, summed) as a whole number, e.g. 5400",
    "date": "give the date as YYYY-MM-DD, e.g. 2026-11-24, or leave it empty",
}
HEADER_HINT = "the header needs duration_minutes, average_viewers, hearts and gift_coins; date and name are optional"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class StreamRecord(NamedTuple):
    """One past stream, as read from a CSV row, a scenario file or a recording."""

    file: str
    line: int | None  # the CSV row's line; None for a scenario or a recording (the whole file)
    name: str | None
    date: str | None  # YYYY-MM-DD, from a CSV's optional `date` column
    duration_minutes: Decimal
    average_viewers: Decimal
    hearts: int
    gift_coins: int
    reference: Decimal | None = None  # the k a scenario file sets (or defaults to); None for CSV rows and recordings
    reference_line: int | None = None  # where that k is written, when it is

    @property
    def where(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"

    @property
    def viewer_minutes(self) -> Decimal:
        return self.duration_minutes * self.average_viewers

    @property
    def hearts_rate(self) -> Decimal:
        """h, the hearts per viewer-minute."""
        return Decimal(self.hearts) / self.viewer_minutes


class History(NamedTuple):
    files: tuple[str, ...]
    streams: tuple[StreamRecord, ...]
    notices: tuple[Problem, ...]  # warnings from reading the inputs (a recording's gaps), for stderr


def load_history(arguments: Iterable[str], anywhere: bool = False) -> History:
    """Every stream in the files, folders and glob patterns given; InputError with every problem in all of them.

    A scenario's bases are read from inside the folders given, or, with `anywhere`, from anywhere (extends.py)."""
    files, problems = collect_history(arguments)
    streams: list[StreamRecord] = []
    notices: list[Problem] = []
    from tiktok_earnings.batch import roots

    cache = DocumentCache(roots(arguments), anywhere=anywhere)
    for path in files:
        try:
            if not os.path.isfile(path):
                kind = describe(path)  # a FIFO or a device is never read: it could block or never end
                raise InputError([Problem(path, None, f"is {kind}, not a history file" if kind else "no such file",
                                          "only regular files are read; give the path of a file" if kind else "check the path")])
            suffix = os.path.splitext(path)[1].lower()
            if suffix == CSV_SUFFIX:
                streams += read_csv(path)
            elif suffix in YAML_SUFFIXES:
                streams.append(read_scenario(path, cache))
            elif suffix == RECORDING_SUFFIX:
                stream, warnings = read_recording(path)
                streams.append(stream)
                notices += warnings
            else:
                raise InputError([Problem(path, None, "is not a history file", "give a CSV of past streams (.csv),"
                                          " scenario files (.yaml, .yml) or LIVE recordings (.jsonl)")])
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return History(tuple(files), tuple(streams), tuple(notices))


def collect_history(arguments: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """The history files named by files, folders and glob patterns, sorted and once each.

    Files and patterns are found as `run` finds them (batch.collect). A folder gives every .csv,
    .yaml, .yml and .jsonl file under it (in any letter case), skipping names that start with `_`
    or `.`, as `run` does (batch.files_under).
    """
    from tiktok_earnings.batch import collect, files_under

    found: dict[str, None] = {}
    problems: list[Problem] = []
    for argument in arguments:
        if os.path.isdir(argument):
            matches = list(files_under(argument, HISTORY_SUFFIXES, any_case=True))
            if not matches:
                problems.append(Problem(argument, None, "folder holds no history files (.csv, .yaml, .yml, .jsonl)",
                                        "check the path"))
        else:
            matches, unmatched = collect([argument])
            problems += unmatched
        found.update(dict.fromkeys(matches))
    return sorted(found, key=lambda path: tuple(os.path.normpath(path).split(os.sep))), problems


def read_scenario(path: str, cache: DocumentCache | None = None) -> StreamRecord:
    """A scenario file as one past stream: its length, audience, hearts, gift coins and k."""
    from tiktok_earnings.scenario.extends import load_extended
    from tiktok_earnings.scenario.reader import scenario_from_document

    document = load_extended(path, cache)
    scenario = scenario_from_document(document)
    key = ("engagement", "reference_hearts_per_viewer_minute")
    reference_line = document.where(key)[1] if key in document.origins else None
    return _from_scenario(scenario, path)._replace(
        reference=scenario.engagement.reference_hearts_per_viewer_minute, reference_line=reference_line)


def read_recording(path: str) -> tuple[StreamRecord, list[Problem]]:
    """A `.jsonl` LIVE recording as one past stream, through the recording importer (issue #5), with its warnings.

    A recording is raw data: it carries no k of its own, so it takes the one the rest of the history uses.
    """
    from tiktok_earnings.live.reader import load_recording_scenario

    scenario, warnings = load_recording_scenario(path)
    return _from_scenario(scenario, path), list(warnings)


def _from_scenario(scenario: Scenario, path: str) -> StreamRecord:
    stream = scenario.stream
    coins = sum(line.coins for line in scenario.gifts)
    return StreamRecord(path, None, scenario.name, None, stream.duration_minutes, stream.average_viewers, scenario.hearts,
                        coins)


def read_csv(path: str) -> list[StreamRecord]:
    """The rows of a history CSV, one per stream; InputError with every bad cell, each at its line.

    The first line that is not blank or a comment is the header: the columns duration_minutes,
    average_viewers, hearts and gift_coins, and optionally date and name, in any order and no
    others. Lines whose first character (after spaces) is `#` are comments, and blank lines are
    skipped: that lets a file say where its numbers came from. Numbers are read as Decimal from
    their text. A quoted value cannot span lines.
    """
    from tiktok_earnings.files import MAX_HISTORY_BYTES
    from tiktok_earnings.scenario.yamldoc import read_text

    raw = read_text(path, MAX_HISTORY_BYTES, "history file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = raw[: error.start].count(b"\n") + 1
        raise InputError([Problem(path, where, "is not UTF-8 text", "save the file as CSV UTF-8")]) from None
    problems: list[Problem] = []
    streams: list[StreamRecord] = []
    columns: dict[str, int] | None = None
    width = header_line = 0
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cells = [cell.strip() for cell in next(csv.reader([line], strict=True, skipinitialspace=True))]
        except csv.Error as error:
            problems.append(Problem(path, number, f"not a CSV row: {error}", "check the quotes on this line"))
            continue
        if columns is None:
            columns, width, header_line = _header(cells, path, number, problems), len(cells), number
            if columns is None:
                break
        elif len(cells) != width:
            problems.append(Problem(path, number, f"this row has {len(cells)} values, but the header has {width} columns",
                                    "give a value for every column, separated by commas; quote a name that holds a comma"))
        else:
            stream = _row(cells, columns, path, number, problems)
            if stream is not None:
                streams.append(stream)
    if columns is None and not problems:
        problems.append(Problem(path, None, "is empty: no header row", HEADER_HINT))
    elif columns is not None and not streams and not problems:
        problems.append(Problem(path, header_line, "has a header but no streams", "add one row per past stream"))
    if problems:
        raise InputError(problems)
    return streams


def _header(cells: list[str], path: str, line: int, problems: list[Problem]) -> dict[str, int] | None:
    before = len(problems)
    if len(cells) == 1 and (";" in cells[0] or "\t" in cells[0]):
        problems.append(Problem(path, line, "the columns are not separated by commas",
                                "save the file as CSV with commas (not semicolons or tabs)"))
        return None
    seen: dict[str, int] = {}
    suggested: set[str] = set()  # columns a "did you mean" already points at: not reported missing as well
    for index, name in enumerate(cells):
        if not name:
            problems.append(Problem(path, line, f"column {index + 1} of the header has no name", HEADER_HINT))
        elif name in seen:
            problems.append(Problem(path, line, f"column '{snippet(name)}' appears twice in the header", "keep one of them"))
        elif name not in COLUMNS:
            hint = did_you_mean(name, list(COLUMNS)) or HEADER_HINT
            suggested |= {column for column in COLUMNS if f"'{column}'" in hint}
            problems.append(Problem(path, line, f"unknown column '{snippet(name)}'", hint))
        else:
            seen[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in seen and name not in suggested:
            problems.append(Problem(path, line, f"missing column '{name}'", HEADER_HINT))
    return None if len(problems) > before else seen


def _row(cells: list[str], columns: dict[str, int], path: str, line: int, problems: list[Problem]) -> StreamRecord | None:
    before = len(problems)

    def fail(column: str, message: str) -> None:
        problems.append(Problem(path, line, f"`{column}` {message}", COLUMN_MEANING[column]))

    def number(column: str, *, whole: bool, positive: bool) -> Decimal | None:
        text = cells[columns[column]]
        if not text:
            fail(column, "is empty")
            return None
        try:
            value = parse_decimal(text, bounded=False)
        except InvalidOperation:
            separators = " (write it without thousands separators)" if "," in text else ""
            fail(column, f"must be a number, not '{snippet(text)}'" + separators)
            return None
        if not value.is_finite():
            fail(column, f"must be a finite number, not '{snippet(text)}'")
        elif value < 0 or (positive and value == 0):
            fail(column, f"must be {'greater than' if positive else 'at least'} 0 (got {text})")
        elif (bad := out_of_bounds(value)) is not None:
            fail(column, f"{bad[0]}; {bad[1]}")
        elif whole and value != value.to_integral_value():
            fail(column, f"must be a whole number (got {text})")
        else:
            return value
        return None

    duration = number("duration_minutes", whole=False, positive=True)
    viewers = number("average_viewers", whole=False, positive=True)
    hearts = number("hearts", whole=True, positive=False)
    coins = number("gift_coins", whole=True, positive=False)
    date = cells[columns["date"]] if "date" in columns else ""
    if date and not _is_date(date):
        fail("date", f"must be a date as YYYY-MM-DD, not '{snippet(date)}'")
    name = cells[columns["name"]] if "name" in columns else ""
    if len(problems) > before or duration is None or viewers is None or hearts is None or coins is None:
        return None  # each None is a problem above
    return StreamRecord(path, line, name or None, date or None, duration, viewers, int(hearts), int(coins))


def _is_date(text: str) -> bool:
    from datetime import date

    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
