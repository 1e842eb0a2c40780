"""Totals over a batch's scenarios: per currency, or per group (the folder a file sits in) and currency.

A total is the exact sum of its scenarios' figures as displayed (the rounded report), so a reader who
adds up the rows gets the total, to the cent. Totals never add currencies together: a group with
scenarios in two currencies has a total for each. A month's figures (figures.MONTHLY) are totalled only
when every scenario in the total has a `schedule:`, since a scenario without one is a single stream,
not a month; otherwise they are None ("not a month"). Files that could not be computed have no currency
and no figures: they are counted, as errors, in a total of their own (currency None) in their group.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Context, Decimal, FloatOperation, Inexact, InvalidOperation, localcontext
from enum import StrEnum
from os.path import dirname, normpath

from tiktok_earnings.batch import Outcome, sort_key
from tiktok_earnings.figures import MONTHLY, SUMMED, Figure
from tiktok_earnings.numbers import ZERO

# Sums are exact: wide enough for any number of figures within the input bounds, and an inexact sum
# would raise rather than pass.
_EXACT = Context(prec=80, traps=[InvalidOperation, Inexact, FloatOperation])


class GroupBy(StrEnum):
    """What `run --group-by` rolls scenarios up by."""

    folder = "folder"  # the folder a scenario file sits in, as its path names it: `creators/ann`

    def of(self, source: str) -> str:
        """The group of the file at `source`: `./creators/ann/a.yaml` and `creators/ann/b.yaml` share one."""
        return normpath(dirname(source) or ".")


@dataclass(slots=True)
class Total:
    """The sums of one group's scenarios in one currency; currency None: the group's files that failed."""

    group: str
    currency: str | None
    figures: tuple[Figure, ...]
    scenarios: int = 0  # computed (ok, or an expectation failed)
    errors: int = 0  # could not be computed: counted, never summed
    unscheduled: int = 0  # scenarios without a `schedule:`: their month's figures are a single stream's
    sums: dict[str, Decimal] = field(default_factory=dict)

    def value(self, figure: Figure) -> Decimal | None:
        """The sum of `figure`; None where there is nothing to sum, or a month's figure over a single stream."""
        if not self.scenarios or (figure.name in MONTHLY and self.unscheduled):
            return None
        return self.sums[figure.name]

    def values(self) -> list[tuple[Figure, Decimal | None]]:
        return [(figure, self.value(figure)) for figure in self.figures]


class Totals:
    """Totals gathered one outcome at a time, by group and currency; `group_of` names a file's group
    (by default every file is in one group, "")."""

    def __init__(self, figures: tuple[Figure, ...] = SUMMED, group_of: Callable[[str], str] | None = None) -> None:
        self.figures = figures
        self.group_of = group_of
        self._totals: dict[tuple[str, str | None], Total] = {}

    def add(self, outcome: Outcome) -> None:
        group = "" if self.group_of is None else self.group_of(outcome.source)
        report = outcome.report
        currency = None if report is None else report.currency
        total = self._totals.get((group, currency))
        if total is None:
            total = self._totals[group, currency] = Total(group, currency, self.figures,
                                                          sums=dict.fromkeys((f.name for f in self.figures), ZERO))
        if report is None:
            total.errors += 1
            return
        total.scenarios += 1
        total.unscheduled += report.scenario.schedule is None
        sums = total.sums
        with localcontext(_EXACT):
            for figure in self.figures:
                sums[figure.name] += figure.value(report)

    def rows(self) -> list[Total]:
        """Every total: by group (in the order of their paths), then currency, a group's errors last."""
        return sorted(self._totals.values(), key=lambda total: (sort_key(total.group), total.currency is None,
                                                                total.currency or ""))

    def by_currency(self) -> list[Total]:
        """The totals that hold computed scenarios, by group and currency (errors have no currency)."""
        return [total for total in self.rows() if total.currency is not None]
