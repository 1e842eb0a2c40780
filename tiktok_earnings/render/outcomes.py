"""What every batch renderer needs from outcomes: a label, messages, a tally and totals per currency.

Pure and Rich-free, so that CSV, Markdown and JUnit can use it without loading the terminal layer.
Totals are kept per report currency and never added across currencies.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from tiktok_earnings.batch import Outcome
from tiktok_earnings.numbers import ZERO

# Words for each status in a tally, singular and plural, in the order a tally lists them.
_TALLY_WORDS = {"ok": ("ok", "ok"), "failed": ("expectation failed", "expectations failed"), "error": ("error", "errors")}


@dataclass(frozen=True)
class CurrencyTotals:
    """Sums over the computed scenarios reported in one currency."""

    currency: str
    scenarios: int
    coins: int
    viewer_spend: Decimal
    creator_gross: Decimal
    creator_net: Decimal

    @property
    def amounts(self) -> tuple[Decimal, Decimal, Decimal]:
        """Viewers spent, creator gross, creator net: the money columns of a summary."""
        return self.viewer_spend, self.creator_gross, self.creator_net


def label(outcome: Outcome) -> str:
    """The scenario's name, or its file when it could not be read."""
    return outcome.report.scenario.name if outcome.report is not None else outcome.source


def messages(outcome: Outcome) -> list[str]:
    """Why the file could not be computed, then the expectations it missed, as `file:line: message — hint`."""
    return [str(problem) for problem in (*outcome.problems, *outcome.failures)]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def tally(outcomes: Iterable[Outcome]) -> str:
    """How the outcomes went, in one line: `2 ok, 1 expectation failed, 1 error`."""
    counts = dict.fromkeys(_TALLY_WORDS, 0)
    for outcome in outcomes:
        counts[outcome.status] += 1
    parts = [f"{count} {_TALLY_WORDS[status][count != 1]}" for status, count in counts.items() if count]
    return ", ".join(parts) or "nothing to report"


def totals_by_currency(outcomes: Iterable[Outcome]) -> list[CurrencyTotals]:
    """One total per report currency over every computed outcome (ok or failed), sorted by currency."""
    groups: dict[str, list] = {}
    for outcome in outcomes:
        if outcome.report is not None:
            groups.setdefault(outcome.report.currency, []).append(outcome.report)
    return [
        CurrencyTotals(
            currency=currency,
            scenarios=len(reports),
            coins=sum(report.coins for report in reports),
            viewer_spend=_sum(report.viewer_spend for report in reports),
            creator_gross=_sum(report.creator_gross for report in reports),
            creator_net=_sum(report.creator_net for report in reports),
        )
        for currency, reports in sorted(groups.items())
    ]


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)

