"""The batch summary for people: one row per scenario file, then a total per currency; with --group-by,
then a table of totals per group and currency.

Rows come in the order given. A scenario is one stream, and its money is that stream's. The month's
income (figures.MONTHLY: the LIVE net of the month's streams plus the month's other income) is shown
only for a scenario with a `schedule:`, and only where some scenario has one; a total of it only where
every scenario it adds up has one (groups.py), since a single stream is not a month.

Hearts show the base estimate of their indirect effect only, to keep the table narrow; a scenario's
breakdown shows the low – base – high range. Files that could not be computed show their status and
no figures (their errors go to stderr). Where two scenarios share a name, each shows its path under
it. Totals are never added across currencies; each is the sum of the figures shown above it.
"""

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from rich import box
from rich.table import Table
from rich.text import Text

from tiktok_earnings.batch import Outcome
from tiktok_earnings.figures import MONTHLY, SUMMARY, SUMMARY_HEADINGS, SUMMARY_TOTALS, Figure
from tiktok_earnings.groups import GroupBy, Total
from tiktok_earnings.render.fit import Fitted
from tiktok_earnings.render.money import money
from tiktok_earnings.render.outcomes import MONTH_NOTE, RunTotals, label, plural, short_folders, short_paths

STATUS_STYLE = {"ok": "green", "failed": "bold yellow", "error": "bold red"}
NOT_A_MONTH = "—"  # a month's figure of a single stream (no `schedule:`), or a total over one
GROUP_HEADINGS = {GroupBy.folder: "Folder"}


class _Row(NamedTuple):
    name: str
    source: str
    status: str
    figures: tuple[str, ...]  # SUMMARY's, as shown; () for a file that could not be computed
    scheduled: bool


class SummaryTable:
    """Rows are made as outcomes arrive; the tables come out at the end, with a total per currency."""

    def __init__(self, group_by: GroupBy | None = None) -> None:
        self.group_by = group_by
        self.totals = RunTotals(group_by)
        self.rows: list[_Row] = []

    def add(self, outcome: Outcome) -> None:
        self.totals.add(outcome)
        report = outcome.report
        if report is None:  # a broken file: its errors are on stderr
            self.rows.append(_Row(label(outcome), outcome.source, outcome.status, (), False))
            return
        scheduled = report.scenario.schedule is not None
        figures = tuple(_shown(figure, figure.value(report) if scheduled or figure.name not in MONTHLY else None,
                               report.currency) for figure in SUMMARY)
        self.rows.append(_Row(report.scenario.name, outcome.source, outcome.status, figures, scheduled))

    @property
    def months(self) -> bool:
        """Whether the month's column is shown: only where some scenario has a `schedule:`."""
        return any(row.scheduled for row in self.rows)

    @property
    def gaps(self) -> bool:
        """Whether the month's column is shown with a gap: a scenario without a `schedule:` beside one with."""
        return self.months and not all(row.scheduled for row in self.rows if row.figures)

    def columns(self) -> tuple[int, ...]:
        """The indices of the SUMMARY figures shown."""
        return tuple(index for index, figure in enumerate(SUMMARY) if self.months or figure.name not in MONTHLY)

    def table(self) -> Fitted:
        totals, shown = self.totals, self.columns()
        caption = totals.tally() + (f"\n{MONTH_NOTE}" if self.gaps else "")
        table = Table(box=box.SIMPLE_HEAD, title=f"{plural(totals.outcomes, 'scenario')}, money per stream",
                      title_justify="left", caption=caption, caption_justify="left", collapse_padding=True)
        table.add_column("Scenario", overflow="fold")
        table.add_column("Status", no_wrap=True)
        for index in shown:
            table.add_column(SUMMARY_HEADINGS[SUMMARY[index].name], justify="right")
        repeated = {name for name, count in Counter(row.name for row in self.rows).items() if count > 1}
        where = short_paths(row.source for row in self.rows)  # a file that could not be read is named by its path
        for row in self.rows:
            name = Text(where[row.source] if row.name == row.source else row.name)
            if row.name in repeated and row.name != row.source:
                name.append(f"\n{where[row.source]}", style="dim")
            figures = [row.figures[index] for index in shown] if row.figures else []
            table.add_row(name, Text(row.status, style=STATUS_STYLE[row.status]), *figures)
        by_currency = totals.by_currency()
        if by_currency:
            table.add_section()
        for total in by_currency:
            title = Text(f"Total {total.currency} ({plural(total.scenarios, 'scenario')})", style="bold")
            table.add_row(title, "", *_total_cells(total, [SUMMARY[index] for index in shown]))
        return Fitted(table)

    def group_table(self) -> Fitted | None:
        """The totals per group and currency (--group-by), with the summary's totalled columns; None without."""
        groups = self.totals.groups
        if groups is None or self.group_by is None:
            return None
        figures = [figure for figure in SUMMARY_TOTALS if self.months or figure.name not in MONTHLY]
        rows = groups.rows()
        heading = GROUP_HEADINGS[self.group_by]
        under, names = short_folders(total.group for total in rows)
        count = plural(len(names), heading.lower())
        where = f" under {under}" if under else ""
        table = Table(box=box.SIMPLE_HEAD, title=f"Totals by {heading.lower()}{where}: {count}, a row per currency",
                      title_justify="left", collapse_padding=True)
        table.add_column(heading, overflow="fold")
        table.add_column("Scenarios", justify="right")
        table.add_column("Errors", justify="right")
        for figure in figures:
            table.add_column(SUMMARY_HEADINGS[figure.name], justify="right")
        for total in rows:  # the currency shows in the money (the symbol, or the code where it has none)
            errors = Text(f"{total.errors:,}", style=STATUS_STYLE["error"]) if total.errors else ""
            if total.currency is None:
                table.add_row(names[total.group], "", errors)
            else:
                table.add_row(names[total.group], f"{total.scenarios:,}", errors, *_total_cells(total, figures))
        return Fitted(table)

    def tables(self) -> tuple[Fitted, ...]:
        group_table = self.group_table()
        return (self.table(),) if group_table is None else (self.table(), group_table)


def summary_table(outcomes: Iterable[Outcome]) -> Fitted:
    summary = SummaryTable()
    for outcome in outcomes:
        summary.add(outcome)
    return summary.table()


def _shown(figure: Figure, value: Decimal | None, currency: str) -> str:
    """A figure as the summary shows it: money in the report currency, counts with thousands separators."""
    if value is None:
        return NOT_A_MONTH
    return money(value, currency) if figure.money else f"{value:,}"


def _total_cells(total: Total, figures: list[Figure]) -> list[Text | str]:
    """A total's cells under `figures`: its sum in bold where the figure is totalled, blank where it is not."""
    currency = total.currency or ""
    return [Text(_shown(figure, total.value(figure), currency), style="bold") if figure in SUMMARY_TOTALS else ""
            for figure in figures]
