"""The batch summary for people: one row per scenario file, then a total per currency.

Rows come in the order given. Total income is a month's: the LIVE net of the month's streams (this
one stream without a `schedule:`) plus the month's other income.

Hearts show the base estimate of their indirect effect only, to keep
the table narrow; a scenario's breakdown shows the low – base – high range. Files that could not
be computed show their status and no figures (their errors go to stderr). Totals are never added
across currencies.
"""

from collections.abc import Iterable

from rich import box
from rich.table import Table
from rich.text import Text

from tiktok_earnings.batch import Outcome
from tiktok_earnings.figures import SUMMARY
from tiktok_earnings.render.fit import Fitted
from tiktok_earnings.render.outcomes import CurrencyTotals, RunTotals, label, plural
from tiktok_earnings.render.table import money
from tiktok_earnings.report import Report

STATUS_STYLE = {"ok": "green", "failed": "bold yellow", "error": "bold red"}
HEADINGS = ("Coins", "Viewers\nspent", "Creator\ngross", "Creator\nnet", "Total income\n(a month)", "Hearts\n(base)")


class SummaryTable:
    """Rows are made as outcomes arrive; the table comes out at the end, with a total per currency."""

    def __init__(self) -> None:
        self.totals = RunTotals()
        self.rows: list[tuple] = []

    def add(self, outcome: Outcome) -> None:
        self.totals.add(outcome)
        status = Text(outcome.status, style=STATUS_STYLE[outcome.status])
        figures = _figures(outcome.report) if outcome.report is not None else []  # a broken file: errors are on stderr
        self.rows.append((label(outcome), status, *figures))

    def table(self) -> Fitted:
        totals = self.totals
        table = Table(box=box.SIMPLE_HEAD, title=plural(totals.outcomes, "scenario"), title_justify="left",
                      caption=totals.tally(), caption_justify="left", collapse_padding=True)
        table.add_column("Scenario", overflow="fold")
        table.add_column("Status", no_wrap=True)
        for heading in HEADINGS:
            table.add_column(heading, justify="right")
        for row in self.rows:
            table.add_row(*row)
        by_currency = totals.by_currency()
        if by_currency:
            table.add_section()
        for total in by_currency:
            title = Text(f"Total {total.currency} ({plural(total.scenarios, 'scenario')})", style="bold")
            table.add_row(title, "", *_total_figures(total))
        return Fitted(table)


def summary_table(outcomes: Iterable[Outcome]) -> Fitted:
    summary = SummaryTable()
    for outcome in outcomes:
        summary.add(outcome)
    return summary.table()


def _figures(report: Report) -> list[str]:
    """The figures.SUMMARY figures: money in the report currency, coins with thousands separators."""
    values = [(figure, figure.value(report)) for figure in SUMMARY]
    return [money(value, report.currency) if figure.money else f"{value:,}" for figure, value in values]


def _total_figures(total: CurrencyTotals) -> list[Text]:
    figures = (money(amount, total.currency) for amount in total.amounts)
    return [Text(text, style="bold") for text in (f"{total.coins:,}", *figures)]
