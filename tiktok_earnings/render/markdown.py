"""Markdown for a CI job summary or a pull-request comment (GitHub-flavoured).

A heading, a tally, one table row per scenario file in the given order, totals per currency (never
added across currencies), with --group-by a table of totals per group and currency, then every problem
and failed expectation. Money is plain with its code, `12.34 USD`, as scenarios may be reported in
different currencies. The columns and periods are the terminal summary's (summary.py): money per
stream, the month's income only with a `schedule:`, and a scenario's path beside a name that repeats.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal

from tiktok_earnings.batch import Outcome
from tiktok_earnings.escape import terminal
from tiktok_earnings.figures import MONTHLY, SUMMARY, SUMMARY_HEADINGS, SUMMARY_TOTALS, Figure
from tiktok_earnings.groups import GroupBy, Total
from tiktok_earnings.render import render_all
from tiktok_earnings.render.outcomes import MONTH_NOTE, RunTotals, label, messages, plural, short_folders, short_paths

STATUS = {"ok": "ok", "failed": "**failed**", "error": "**error**"}
NO_FIGURE = "—"  # a file that could not be computed, or a month's figure of a single stream (no `schedule:`)
GROUP_HEADINGS = {GroupBy.folder: "Folder"}
_MARKUP = re.compile(r"[\\`*_\[\]<>|@]")  # characters that would format a name, end its cell, or mention someone


def heading(figure: Figure) -> str:
    return SUMMARY_HEADINGS[figure.name].replace("\n", " ")


class MarkdownReport:
    """Rows and problems are written down as outcomes arrive; the heading needs the tally, and a row
    whether its name repeats, so the text comes out whole at the end."""

    def __init__(self, group_by: GroupBy | None = None) -> None:
        self.group_by = group_by
        self.totals = RunTotals(group_by)
        self.rows: list[tuple[str, str, str, tuple[str, ...]]] = []  # name, source, status, SUMMARY's cells
        self.problems: list[str] = []
        self.months = False  # some scenario has a `schedule:`
        self.single = False  # some scenario has none

    def start(self) -> str:
        return ""

    def add(self, outcome: Outcome) -> str:
        self.totals.add(outcome)
        report = outcome.report
        if report is None:
            self.rows.append((label(outcome), outcome.source, STATUS[outcome.status], ()))
        else:
            scheduled = report.scenario.schedule is not None
            self.months |= scheduled
            self.single |= not scheduled
            cells = tuple(_cell(figure, figure.value(report) if scheduled or figure.name not in MONTHLY else None,
                                report.currency) for figure in SUMMARY)
            self.rows.append((report.scenario.name, outcome.source, STATUS[outcome.status], cells))
        self.problems.extend(f"- {code_span(message)}" for message in messages(outcome))
        return ""

    def finish(self) -> str:
        totals = self.totals
        shown = [index for index, figure in enumerate(SUMMARY) if self.months or figure.name not in MONTHLY]
        lines = [f"### tiktok-earnings: {plural(totals.outcomes, 'scenario')}", "", totals.tally(), ""]
        lines += [table_row(("Scenario", "Status", *(heading(SUMMARY[index]) for index in shown))),
                  table_row((":---", ":---", *["---:"] * len(shown)))]
        repeated = {name for name, count in Counter(row[0] for row in self.rows).items() if count > 1}
        where = short_paths(row[1] for row in self.rows)  # a file that could not be read is named by its path
        for name, source, status, cells in self.rows:
            shown_name = where[source] if name == source else f"{name} ({where[source]})" if name in repeated else name
            lines.append(table_row((escape_cell(shown_name), status,
                                    *(cells[index] if cells else NO_FIGURE for index in shown))))
        by_currency = totals.by_currency()
        if by_currency:
            lines += ["", "Money per stream. Totals per currency, over the scenarios that computed:", ""]
            lines += [self._total_line(total) for total in by_currency]
        if self.months and self.single:
            lines += ["", MONTH_NOTE]
        if totals.groups is not None and self.group_by is not None:
            lines += ["", *self._group_table(totals.groups.rows())]
        if self.problems:
            lines += ["", "#### Problems", "", *self.problems]
        return "\n".join(lines) + "\n"

    def wrote(self) -> str:
        return plural(self.totals.outcomes, "scenario")

    def _totalled(self) -> list[Figure]:
        return [figure for figure in SUMMARY_TOTALS if self.months or figure.name not in MONTHLY]

    def _total_line(self, total: Total) -> str:
        currency = total.currency or ""
        sums = " · ".join(f"{heading(figure).lower()} {_cell(figure, total.value(figure), currency)}"
                          for figure in self._totalled())
        return f"- **{currency}** ({plural(total.scenarios, 'scenario')}): {sums}"

    def _group_table(self, rows: list[Total]) -> list[str]:
        assert self.group_by is not None
        figures = self._totalled()
        under, names = short_folders(total.group for total in rows)
        lines = [f"#### Totals by {self.group_by.value}" + (f" under {escape_cell(under)}" if under else ""), "",
                 table_row((GROUP_HEADINGS[self.group_by], "Currency", "Scenarios", "Errors",
                            *(heading(figure) for figure in figures))),
                 table_row((":---", ":---", "---:", "---:", *["---:"] * len(figures)))]
        for total in rows:
            currency = total.currency or ""
            cells = [_cell(figure, total.value(figure), currency) if total.currency else NO_FIGURE for figure in figures]
            lines.append(table_row((escape_cell(names[total.group]), currency or NO_FIGURE, str(total.scenarios),
                                    str(total.errors), *cells)))
        return lines


def render_markdown(outcomes: Iterable[Outcome], group_by: GroupBy | None = None) -> str:
    return render_all(MarkdownReport(group_by), outcomes)


def _cell(figure: Figure, value: Decimal | None, currency: str) -> str:
    if value is None:
        return NO_FIGURE
    return money_with_code(value, currency) if figure.money else figure.text(value)


def table_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def money_with_code(value: Decimal, currency: str) -> str:
    return f"{value} {currency}"


def escape_cell(text: str) -> str:
    """Text shown as written inside a table cell: on one line, with `|` and Markdown's own characters escaped."""
    return _MARKUP.sub(r"\\\g<0>", _one_line(text))


def _one_line(text: str) -> str:
    """On one line, every control character shown as an escape (escape.py)."""
    return terminal(" ".join(text.splitlines()))


def code_span(text: str) -> str:
    """An inline code span that holds `text` whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{_one_line(text)}{padding}{fence}"
