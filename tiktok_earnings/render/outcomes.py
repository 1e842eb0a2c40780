"""What every batch report needs from outcomes: a label, messages, and running totals.

Pure and Rich-free, so that CSV, Markdown and JUnit can use it without loading the terminal layer.
Totals are gathered one outcome at a time, kept per report currency, and never added across
currencies.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from tiktok_earnings.batch import Outcome
from tiktok_earnings.figures import SUMMARY_TOTALS
from tiktok_earnings.numbers import ZERO

# Words for each status in a tally, singular and plural, in the order a tally lists them.
TOTALLED = tuple(figure.name for figure in SUMMARY_TOTALS)
_TALLY_WORDS = {"ok": ("ok", "ok"), "failed": ("expectation failed", "expectations failed"), "error": ("error", "errors")}


@dataclass
class CurrencyTotals:
    """Sums over the computed scenarios reported in one currency: coins, and the money a summary totals."""

    currency: str
    scenarios: int = 0
    coins: int = 0
    sums: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(TOTALLED, ZERO))

    @property
    def amounts(self) -> tuple[Decimal, ...]:
        """The money columns of a summary (figures.SUMMARY_TOTALS), in order: spent, gross, net, total income."""
        return tuple(self.sums.values())


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
        for figure in SUMMARY_TOTALS:
            totals.sums[figure.name] += figure.value(report)

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
