"""CSV for spreadsheets and scripts: one row per scenario file, with stable columns; with --group-by,
one row per group and currency instead.

Columns: name, source, status, currency, every figure by its dotted name (figures.py), messages
(problems and failed expectations, joined with " | "), then the inputs beside the money: the scenario
keys that scenario/spec.py marks `column`, each named by its path (`stream.duration_minutes`; the
agency's rate under `payout.`, beside the agency's money among the figures), as in force
(a preset's rates where the file gives none), then the reward rate (figures.REWARD_FIGURES). They come
after `messages`, so that every earlier column keeps its place. A key whose section the scenario does
not have (`schedule:`), and the reward rate of a scenario without `rewards:`, are empty.

Numbers are plain: money with the currency's decimals as reported (two; none for JPY), no currency
symbols, no thousands separators. A file that could not be computed keeps its source, status and
messages; its name, figures and inputs are empty. Text from input (name, source, messages) is made
safe for spreadsheets: a cell that would start with = + - or @ (a formula) starts with ' instead, and
control characters are shown as escapes (escape.py).

With --group-by, the rows are groups (groups.py): group, currency, scenarios, errors, then every
figure that adds up (figures.SUMMED) by its dotted name, each the exact sum of the group's scenarios'
figures in that currency. The month's figures (figures.MONTHLY) are empty where a scenario of the group
has no `schedule:`; a group's files that could not be computed are counted in a row of their own, with
an empty currency and empty figures.
"""

import csv
import functools
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from tiktok_earnings.batch import Outcome
from tiktok_earnings.escape import csv_cell
from tiktok_earnings.figures import FIGURES, NUMERIC_FIELDS, REWARD_FIGURES, SUMMED
from tiktok_earnings.groups import GroupBy, Total, Totals
from tiktok_earnings.numbers import plain
from tiktok_earnings.render import render_all
from tiktok_earnings.render.outcomes import messages, plural
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.spec import COLUMNS as INPUTS
from tiktok_earnings.scenario.spec import value_in_force

INPUT_COLUMNS = (*(key.path for key in INPUTS), *(figure.name for figure in REWARD_FIGURES))
COLUMNS = ("name", "source", "status", "currency", *NUMERIC_FIELDS, "messages", *INPUT_COLUMNS)
GROUP_COLUMNS = ("group", "currency", "scenarios", "errors", *(figure.name for figure in SUMMED))
MESSAGE_SEPARATOR = " | "


class CsvReport:
    """A header row, then a row as each outcome arrives; with `group_by`, the groups' rows at the end."""

    def __init__(self, group_by: GroupBy | None = None) -> None:
        self._buffer = io.StringIO()
        self.groups = None if group_by is None else Totals(group_of=group_by.of)
        self._writer = csv.DictWriter(self._buffer, fieldnames=COLUMNS if self.groups is None else GROUP_COLUMNS,
                                      lineterminator="\n")
        self.rows = 0

    def start(self) -> str:
        self._writer.writeheader()
        return self._drain()

    def add(self, outcome: Outcome) -> str:
        if self.groups is not None:
            self.groups.add(outcome)
            return ""
        return self.add_piece(outcome, csv_row(outcome))

    def pieces(self) -> Callable[[Outcome], str] | None:
        """What makes each file's row, from that outcome alone; None with groups, whose totals need the figures."""
        return None if self.groups is not None else csv_row

    def add_piece(self, outcome: Outcome, piece: str) -> str:
        self.rows += 1
        return piece

    def finish(self) -> str:
        if self.groups is not None:
            for total in self.groups.rows():
                self.rows += 1
                self._writer.writerow(_group_row(total))
        return self._drain()

    def wrote(self) -> str:
        return plural(self.rows, "row") if self.groups is None else plural(self.rows, "group row")

    def _drain(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


def render_csv(outcomes: Iterable[Outcome], group_by: GroupBy | None = None) -> str:
    return render_all(CsvReport(group_by), outcomes)


def csv_row(outcome: Outcome) -> str:
    """The file's row, as CSV text."""
    buffer, writer = _row_writer()
    writer.writerow(_row(outcome))
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


@functools.cache
def _row_writer() -> tuple[io.StringIO, csv.DictWriter]:
    buffer = io.StringIO()
    return buffer, csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")


def _row(outcome: Outcome) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    row.update(source=csv_cell(outcome.source), status=outcome.status,
               messages=csv_cell(MESSAGE_SEPARATOR.join(messages(outcome))))
    report = outcome.report
    if report is not None:
        row.update(name=csv_cell(report.scenario.name), currency=report.currency)
        row.update((figure.name, figure.text(figure.value(report))) for figure in FIGURES)
        row.update(_inputs(report.scenario))
        if report.reward is not None:
            row.update((figure.name, figure.text(figure.value(report))) for figure in REWARD_FIGURES)
    return row


def _inputs(scenario: Scenario) -> Iterable[tuple[str, str]]:
    for key in INPUTS:
        value = value_in_force(scenario, key)
        yield key.path, "" if value is None else plain(value) if isinstance(value, Decimal) else csv_cell(str(value))


def _group_row(total: Total) -> dict[str, object]:
    row: dict[str, object] = {"group": csv_cell(total.group), "currency": total.currency or "",
                              "scenarios": total.scenarios, "errors": total.errors}
    for figure, value in total.values():
        row[figure.name] = "" if value is None else figure.text(value)
    return row
