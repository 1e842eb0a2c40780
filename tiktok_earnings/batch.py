"""Runs over many scenario files: finding them, slicing them for CI shards, and each file's outcome.

One broken file never stops the others: every file gets an Outcome, and the run's exit code is
the worst of them (2 input error > 1 expectation failed > 0 all good). A file whose figures cannot
be computed (a Decimal signal trapped by numbers.MONEY) is an input error of that file alone.
"""

import glob
import os
from collections.abc import Iterable, Iterator
from decimal import DecimalException
from typing import NamedTuple

from tiktok_earnings.calculator import calculate
from tiktok_earnings.errors import ExitCode, InputError, Problem
from tiktok_earnings.report import Report, rounded
from tiktok_earnings.scenario.expectations import failed_expectations
from tiktok_earnings.scenario.extends import DocumentCache
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.reader import load_scenario

RECORDING_SUFFIX = ".jsonl"
SCENARIO_SUFFIXES = (".yaml", ".yml", ".jsonl")  # .jsonl: a LIVE recording (live/reader.py), imported, then computed


class Outcome(NamedTuple):
    """What became of one scenario file: its report, or why there is none, and its failed expectations."""

    source: str
    report: Report | None = None
    problems: tuple[Problem, ...] = ()  # why the file could not be computed
    failures: tuple[Problem, ...] = ()  # expectations its figures missed
    warnings: tuple[Problem, ...] = ()  # worth knowing, but no reason to fail (a recording's open streak); for stderr

    @property
    def exit_code(self) -> ExitCode:
        if self.problems:
            return ExitCode.INPUT_ERROR
        return ExitCode.EXPECTATION_FAILED if self.failures else ExitCode.OK

    @property
    def status(self) -> str:
        return {ExitCode.OK: "ok", ExitCode.EXPECTATION_FAILED: "failed", ExitCode.INPUT_ERROR: "error"}[self.exit_code]


def worst_exit_code(codes: Iterable[int]) -> int:
    return max(codes, default=ExitCode.OK)


def collect(arguments: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """The scenario files and LIVE recordings named by files, folders (searched recursively) and glob patterns.

    Files come out sorted and once each, whatever order the file system lists them in. Inside a
    folder, files and folders whose names start with `_` or `.` are skipped: that is where shared
    `extends:` bases live. A file named explicitly is always taken.
    """
    found: dict[str, None] = {}
    problems = []
    for argument in arguments:
        if os.path.isdir(argument):
            matches = sorted(files_under(argument))
            if not matches:
                problems.append(Problem(argument, None, "folder holds no .yaml or .yml scenario files", "check the path"))
        elif os.path.exists(argument) or not glob.has_magic(argument):
            matches = [argument]  # a file, or a missing one: loading it reports the problem
        else:
            matches = sorted(path for path in glob.glob(argument, recursive=True) if not os.path.isdir(path))
            if not matches:
                problems.append(Problem(argument, None, "no files match this pattern", "check the pattern and quote it"))
        found.update(dict.fromkeys(matches))
    return sorted(found, key=_sort_key), problems


def files_under(folder: str, suffixes: tuple[str, ...] = SCENARIO_SUFFIXES, *, any_case: bool = False) -> Iterator[str]:
    """The files under `folder` whose names end with one of `suffixes` (in any letter case if `any_case`), unsorted.

    Files and folders whose names start with `_` or `.` are skipped.
    """
    for directory, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(("_", "."))]
        for name in files:
            if (name.lower() if any_case else name).endswith(suffixes) and not name.startswith(("_", ".")):
                yield os.path.join(directory, name)


def _sort_key(path: str) -> str:
    """Sorts as the tuple of the path's parts would (a folder's files before a longer sibling name), but as one
    string: for 50,000 files the tuples cost about 20 MiB at the peak of a run, a string a quarter of that."""
    return os.path.normpath(path).replace(os.sep, "\0")


def shard(paths: list[str], index: int, count: int) -> list[str]:
    """The `index`-th (1-based) of `count` slices of a sorted list: every count-th file from there.

    Together the slices are exactly the list, and no two share a file.
    """
    if not 1 <= index <= count:
        raise ValueError(f"shard {index}/{count} is out of range: K must be between 1 and N")
    return paths[index - 1 :: count]


def evaluate(path: str, cache: DocumentCache | None = None) -> Outcome:
    """Read, compute and check one scenario file, or import and compute one recording."""
    try:
        scenario, warnings = _load(path, cache)
        report = rounded(calculate(scenario))
        failures = tuple(failed_expectations(report))
    except InputError as error:
        return Outcome(path, problems=tuple(error.problems))
    except DecimalException as error:  # reading refuses figures too large to report (calculator.too_large): a safety net
        return Outcome(path, problems=(Problem(path, None, f"cannot be computed: {_signal(error)}",
                                               "look for a number far larger or smaller than the others"),))
    return Outcome(path, report, failures=failures, warnings=warnings)


def _signal(error: DecimalException) -> str:
    """What a Decimal signal means, in words."""
    kind = type(error).__name__
    words = {"Overflow": "a figure is too large", "DivisionByZero": "a division by zero", "Underflow": "a figure is too small"}
    return words.get(kind, f"a figure cannot be held exactly ({kind})")


def check(path: str, cache: DocumentCache | None = None) -> Outcome:
    """Read and check one scenario file or recording without computing it (`validate`)."""
    try:
        _, warnings = _load(path, cache)
    except InputError as error:
        return Outcome(path, problems=tuple(error.problems))
    return Outcome(path, warnings=warnings)


def _load(path: str, cache: DocumentCache | None) -> tuple[Scenario, tuple[Problem, ...]]:
    """The scenario in a file, and its warnings: a `.jsonl` file is a LIVE recording, anything else a scenario file."""
    if path.lower().endswith(RECORDING_SUFFIX):
        from tiktok_earnings.live.reader import load_recording_scenario  # only paid for when there is a recording

        scenario, warnings = load_recording_scenario(path)
        return scenario, tuple(warnings)
    return load_scenario(path, cache), ()
