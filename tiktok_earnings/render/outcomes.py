"""What every batch report needs from outcomes: a label, messages, and running totals.

Pure and Rich-free, so that CSV, Markdown and JUnit can use it without loading the terminal layer.
Totals are gathered one outcome at a time, kept per report currency, and never added across
currencies.
"""

from dataclasses import dataclass
from decimal import Decimal

from tiktok_earnings.batch import Outcome
from tiktok_earnings.numbers import ZERO

# Words for each status in a tally, singular and plural, in the order a tally lists them.
_TALLY_WORDS = {"ok": ("ok", "ok"), "failed": ("expectation failed", "expectations failed"), "error": ("error", "errors")}


@dataclass
class CurrencyTotals:
    """Sums over the computed scenarios reported in one currency."""

    currency: str
    scenarios: int = 0
    coins: int = 0
    viewer_spend: Decimal = ZERO
    creator_gross: Decimal = ZERO
    creator_net: Decimal = ZERO
    total_income: Decimal = ZERO  # a month: LIVE net per month plus other income

    @property
    def amounts(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """Viewers spent, creator gross, creator net, total income: the money columns of a summary."""
        return self.viewer_spend, self.creator_gross, self.creator_net, self.total_income


class RunTotals:
    """How a run went so far: outcomes by status, and money totals per currency."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys(_TALLY_WORDS, 0)
        self._by_currency: dict[str, CurrencyTotals] = {}

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        report = outcome.report
        if report is None:
            return
        totals = self._by_currency.setdefault(report.currency, CurrencyTotals(report.currency))
        totals.scenarios += 1
        totals.coins += report.coins
        totals.viewer_spend += report.viewer_spend
        totals.creator_gross += report.creator_gross
        totals.creator_net += report.creator_net
        totals.total_income += report.total_income.total

    @property
    def outcomes(self) -> int:
        return sum(self.counts.values())

    def by_currency(self) -> list[CurrencyTotals]:
        """One total per report currency over every computed outcome (ok or failed), sorted by currency."""
        return [self._by_currency[currency] for currency in sorted(self._by_currency)]

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
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
