"""Markdown for a CI job summary or a pull-request comment (GitHub-flavoured).

A heading, a tally, one table row per scenario file in the given order, totals per currency (never
added across currencies), then every problem and failed expectation. Money is plain with its code,
`12.34 USD`, as scenarios may be reported in different currencies.
"""

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from tiktok_earnings.batch import Outcome
from tiktok_earnings.escape import terminal
from tiktok_earnings.figures import SUMMARY, Figure
from tiktok_earnings.render import render_all
from tiktok_earnings.render.outcomes import CurrencyTotals, RunTotals, label, messages, plural
from tiktok_earnings.report import Report

HEADER = ("Scenario", "Status", "Coins", "Viewers spent", "Creator gross", "Creator net", "Total income / month",
          "Hearts (indirect, base)")
ALIGNMENT = (":---", ":---", "---:", "---:", "---:", "---:", "---:", "---:")
STATUS = {"ok": "ok", "failed": "**failed**", "error": "**error**"}
NO_FIGURE = "—"
_MARKUP = re.compile(r"[\\`*_\[\]<>|@]")  # characters that would format a name, end its cell, or mention someone


class MarkdownReport:
    """Rows and problems are written down as outcomes arrive; the heading needs the tally, so the
    text comes out whole at the end."""

    def __init__(self) -> None:
        self.totals = RunTotals()
        self.rows: list[str] = []
        self.problems: list[str] = []

    def start(self) -> str:
        return ""

    def add(self, outcome: Outcome) -> str:
        self.totals.add(outcome)
        self.rows.append(table_row(_cells(outcome)))
        self.problems.extend(f"- {code_span(message)}" for message in messages(outcome))
        return ""

    def finish(self) -> str:
        totals = self.totals
        lines = [f"### tiktok-earnings: {plural(totals.outcomes, 'scenario')}", "", totals.tally(), ""]
        lines += [table_row(HEADER), table_row(ALIGNMENT), *self.rows]
        by_currency = totals.by_currency()
        if by_currency:
            lines += ["", "Totals per currency, over the scenarios that computed:", ""]
            lines += [_total_line(total) for total in by_currency]
        if self.problems:
            lines += ["", "#### Problems", "", *self.problems]
        return "\n".join(lines) + "\n"


def render_markdown(outcomes: Iterable[Outcome]) -> str:
    return render_all(MarkdownReport(), outcomes)


def _cells(outcome: Outcome) -> tuple[str, ...]:
    name, status = escape_cell(label(outcome)), STATUS[outcome.status]
    report = outcome.report
    if report is None:
        return (name, status, *[NO_FIGURE] * (len(HEADER) - 2))
    return (name, status, *(_summary_cell(figure, report) for figure in SUMMARY))


def _summary_cell(figure: Figure, report: Report) -> str:
    value = figure.value(report)
    return money_with_code(value, report.currency) if figure.money else figure.text(value)


def _total_line(total: CurrencyTotals) -> str:
    spent, gross, net, income = (money_with_code(amount, total.currency) for amount in total.amounts)
    scenarios = plural(total.scenarios, "scenario")
    return (f"- **{total.currency}** ({scenarios}): viewers spent {spent} · creator gross {gross} · creator net {net}"
            f" · total income {income}")


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
