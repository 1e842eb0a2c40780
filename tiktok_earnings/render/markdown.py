"""Markdown for a CI job summary or a pull-request comment (GitHub-flavoured).

A heading, a tally, one table row per scenario file in the given order, totals per currency (never
added across currencies), then every problem and failed expectation. Money is plain with its code,
`12.34 USD`, as scenarios may be reported in different currencies.
"""

import re
from collections.abc import Sequence
from decimal import Decimal

from tiktok_earnings.batch import Outcome
from tiktok_earnings.render.outcomes import CurrencyTotals, label, messages, plural, tally, totals_by_currency

HEADER = ("Scenario", "Status", "Coins", "Viewers spent", "Creator gross", "Creator net", "Hearts (indirect, base)")
ALIGNMENT = (":---", ":---", "---:", "---:", "---:", "---:", "---:")
STATUS = {"ok": "ok", "failed": "**failed**", "error": "**error**"}
NO_FIGURE = "—"
_MARKUP = re.compile(r"[\\`*_\[\]<>|]")  # characters that would otherwise format a name or end its cell


def render_markdown(outcomes: Sequence[Outcome]) -> str:
    lines = [f"### tiktok-earnings: {plural(len(outcomes), 'scenario')}", "", tally(outcomes), ""]
    lines += [_table_row(HEADER), _table_row(ALIGNMENT), *(_table_row(_cells(outcome)) for outcome in outcomes)]
    totals = totals_by_currency(outcomes)
    if totals:
        lines += ["", "Totals per currency, over the scenarios that computed:", ""]
        lines += [_total_line(total) for total in totals]
    problems = [message for outcome in outcomes for message in messages(outcome)]
    if problems:
        lines += ["", "#### Problems", "", *(f"- {_code(message)}" for message in problems)]
    return "\n".join(lines) + "\n"


def _cells(outcome: Outcome) -> tuple[str, ...]:
    name, status = _escape(label(outcome)), STATUS[outcome.status]
    report = outcome.report
    if report is None:
        return (name, status, *[NO_FIGURE] * (len(HEADER) - 2))
    currency = report.currency
    return (
        name,
        status,
        str(report.coins),
        _money(report.viewer_spend, currency),
        _money(report.creator_gross, currency),
        _money(report.creator_net, currency),
        _money(report.hearts.indirect_value.base, currency),
    )


def _total_line(total: CurrencyTotals) -> str:
    spent, gross, net = (_money(amount, total.currency) for amount in total.amounts)
    scenarios = plural(total.scenarios, "scenario")
    return f"- **{total.currency}** ({scenarios}): viewers spent {spent} · creator gross {gross} · creator net {net}"


def _table_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _money(value: Decimal, currency: str) -> str:
    return f"{value} {currency}"


def _escape(text: str) -> str:
    """Text shown as written inside a table cell: on one line, with `|` and Markdown's own characters escaped."""
    return _MARKUP.sub(r"\\\g<0>", _one_line(text))


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


def _code(text: str) -> str:
    """An inline code span that holds `text` whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{_one_line(text)}{padding}{fence}"
