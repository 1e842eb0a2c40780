"""CSV for spreadsheets and scripts: one row per scenario file, with stable columns.

Columns: name, source, status, currency, every figure by its dotted name (figures.py), then
messages (problems and failed expectations, joined with " | "). Numbers are plain: money with the
currency's decimals as reported (two; none for JPY), no currency symbols, no thousands separators.
A file that could not be computed keeps its source, status and messages; its name and figures are empty.
Text from input (name, source, messages) is made safe for spreadsheets: a cell that would start with
= + - or @ (a formula) starts with ' instead, and control characters are shown as escapes (escape.py).
"""

import csv
import io
from collections.abc import Iterable

from tiktok_earnings.batch import Outcome
from tiktok_earnings.escape import csv_cell
from tiktok_earnings.figures import FIGURES, NUMERIC_FIELDS
from tiktok_earnings.render import render_all
from tiktok_earnings.render.outcomes import messages

COLUMNS = ("name", "source", "status", "currency", *NUMERIC_FIELDS, "messages")
MESSAGE_SEPARATOR = " | "


class CsvReport:
    """A header row, then a row as each outcome arrives."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.DictWriter(self._buffer, fieldnames=COLUMNS, lineterminator="\n")

    def start(self) -> str:
        self._writer.writeheader()
        return self._drain()

    def add(self, outcome: Outcome) -> str:
        self._writer.writerow(_row(outcome))
        return self._drain()

    def finish(self) -> str:
        return ""

    def _drain(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


def render_csv(outcomes: Iterable[Outcome]) -> str:
    return render_all(CsvReport(), outcomes)


def _row(outcome: Outcome) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(source=csv_cell(outcome.source), status=outcome.status,
               messages=csv_cell(MESSAGE_SEPARATOR.join(messages(outcome))))
    report = outcome.report
    if report is not None:
        row.update(name=csv_cell(report.scenario.name), currency=report.currency)
        row.update((figure.name, figure.text(figure.value(report))) for figure in FIGURES)
    return row
