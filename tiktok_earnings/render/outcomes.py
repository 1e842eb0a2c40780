"""What every batch report needs from outcomes: a label, messages, and running totals.

Pure and Rich-free, so that CSV, Markdown and JUnit can use it without loading the terminal layer.
Totals are gathered one outcome at a time (groups.py), kept per report currency, and per group with
--group-by; they are never added across currencies.
"""

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tiktok_earnings.batch import Outcome
from tiktok_earnings.figures import SUMMARY_TOTALS

if TYPE_CHECKING:  # JSON and JUnit take only words from here: the totals are loaded by what keeps them
    from tiktok_earnings.groups import GroupBy, Total

# Under a summary whose month's column has a gap (summary.py, markdown.py).
MONTH_NOTE = "Income a month: only with a `schedule:` (— for a single stream, and for a total that includes one)."

# Words for each status in a tally, singular and plural, in the order a tally lists them.
_TALLY_WORDS = {"ok": ("ok", "ok"), "failed": ("expectation failed", "expectations failed"), "error": ("error", "errors")}


class RunTotals:
    """How a run went so far: outcomes by status, the summary's totals per currency (figures.SUMMARY_TOTALS),
    and with `group_by`, every summed figure per group and currency (groups.py)."""

    def __init__(self, group_by: "GroupBy | None" = None) -> None:
        from tiktok_earnings.groups import Totals

        self.counts = dict.fromkeys(_TALLY_WORDS, 0)
        self._by_currency = Totals(SUMMARY_TOTALS)
        self.groups = None if group_by is None else Totals(group_of=group_by.of)

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.report is not None:
            self._by_currency.add(outcome)
        if self.groups is not None:
            self.groups.add(outcome)

    @property
    def outcomes(self) -> int:
        return sum(self.counts.values())

    def by_currency(self) -> "list[Total]":
        """One total per report currency over every computed outcome (ok or failed), sorted by currency."""
        return self._by_currency.by_currency()

    def tally(self) -> str:
        """How the outcomes went, in one line: `2 ok, 1 expectation failed, 1 error`."""
        parts = [f"{count} {_TALLY_WORDS[status][count != 1]}" for status, count in self.counts.items() if count]
        return ", ".join(parts) or "nothing to report"


def label(outcome: Outcome) -> str:
    """The scenario's name, or its file when it could not be read."""
    return outcome.report.scenario.name if outcome.report is not None else outcome.source


def messages(outcome: Outcome) -> list[str]:
    """Why the file could not be computed, then the expectations it missed, as `file:line: message — hint`."""
    return [str(problem) for problem in (*outcome.problems, *outcome.failures)]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count:,} {noun}s"


def short_paths(sources: Iterable[str]) -> dict[str, str]:
    """Each path relative to the folder they all sit in, to tell rows with the same name apart in little room:
    `creators/ann/stream.yaml` and `creators/bob/stream.yaml` read `ann/stream.yaml` and `bob/stream.yaml`."""
    paths = list(sources)
    folders = [os.path.dirname(os.path.normpath(path)) for path in paths]
    try:
        common = os.path.commonpath(folders) if folders else ""
    except ValueError:  # absolute paths beside relative ones: nothing in common
        common = ""
    return {path: os.path.relpath(path, common) if common else path for path in paths}


def short_folders(folders: Iterable[str]) -> tuple[str, dict[str, str]]:
    """The folder that several folders share, and each relative to it: `creators/ann` and `creators/bob` are
    `ann` and `bob` under `creators`. One folder alone, or folders with nothing in common, stay as they are
    (the shared folder is then "")."""
    distinct = sorted(set(folders))
    try:
        common = os.path.commonpath(distinct) if len(distinct) > 1 else ""
    except ValueError:  # absolute paths beside relative ones
        common = ""
    if common in ("", "."):
        return "", {folder: folder for folder in distinct}
    return common, {folder: folder if folder == common else os.path.relpath(folder, common) for folder in distinct}
