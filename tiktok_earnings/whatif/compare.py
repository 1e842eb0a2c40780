"""Scenarios side by side: every output field, and how far each scenario is from the first.

The comparison is made from the reports as displayed (report.rounded), so a difference is exactly
the difference of two figures a reader sees. For a scenario B and the first scenario A:

    difference = B − A
    change     = (B − A) / |A| as a percentage, rounded half-up to one decimal; None when A is 0

Money is only compared within one currency. A scenario reported in another currency than the
first keeps its money figures, but their difference and change are None (`Column.money_compared`
is False) and a warning says why; its coins, diamonds and hearts figures carry no currency and are
still compared.

Beside the figures, `Comparison.assumptions` lists the settings that differ between the scenarios
(stream, hearts, gift mix, coin rates, payout, hearts model), so a reader sees why the numbers
differ. Settings that all scenarios share are left out.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, cast

from tiktok_earnings.errors import Problem
from tiktok_earnings.figures import FIGURES, NUMERIC_FIELDS, numeric_values
from tiktok_earnings.numbers import round_half_up
from tiktok_earnings.scenario.spec import SCENARIO_KEYS, value_at

if TYPE_CHECKING:
    from tiktok_earnings.report import Report
    from tiktok_earnings.scenario.model import Scenario

PERCENT_STEP = Decimal("0.1")
CASES = ("low", "base", "high")

# How each numeric field is counted: money (in the report currency), a whole count, a share (a
# fraction shown as a percentage), or a plain number.
FIELD_KINDS = {figure.name: figure.kind.family for figure in FIGURES}


class Column(NamedTuple):
    """One scenario of the comparison."""

    name: str
    source: str
    currency: str
    money_compared: bool  # False when its report currency is not the first scenario's


class FieldComparison(NamedTuple):
    """One output field across the scenarios; differences and changes are None for the first."""

    field: str  # dotted, as in the JSON output and `expect:` (figures.py)
    kind: str  # money, count, share or number (FIELD_KINDS)
    values: tuple[Decimal, ...]
    differences: tuple[Decimal | None, ...]  # B − A
    changes: tuple[Decimal | None, ...]  # (B − A) / |A| in percent, one decimal; None when A is 0


class Assumption(NamedTuple):
    """A setting that is not the same in every scenario, with its value in each."""

    setting: str  # the scenario key, e.g. `coin_rates.preset`; `gifts` for how many of one gift were sent
    kind: str  # text, count, usd (a rate in dollars), fraction or number
    values: tuple[str | int | Decimal, ...]
    gift: str = ""  # for `gifts`: the gift and its price, e.g. `Rose (1 coin)`


class Comparison(NamedTuple):
    columns: tuple[Column, ...]
    assumptions: tuple[Assumption, ...]  # only the settings that differ
    fields: tuple[FieldComparison, ...]  # every numeric field, in NUMERIC_FIELDS order

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """One per scenario whose money is not compared, as `file: message — hint`."""
        first = self.columns[0]
        return tuple(
            Problem(column.source, None,
                    f"reports in {column.currency}, but the first scenario ({first.source}) in {first.currency}:"
                    " its money is shown, not compared",
                    "give both the same `payout.currency` (and `fx_rate`) to compare their money")
            for column in self.columns[1:]
            if not column.money_compared
        )


def percent_change(first: Decimal, value: Decimal) -> Decimal | None:
    """(value − first) / |first| as a percentage, half-up to one decimal; None when first is 0.

    Dividing by |first| keeps the sign of the change meaningful when a figure is negative (a
    platform share below zero, with custom rates): more is always a rise.
    """
    if first == 0:
        return None
    change = round_half_up((value - first) / abs(first) * 100, PERCENT_STEP)
    return abs(change) if change == 0 else change  # never "-0.0"


def compare(reports: Sequence["Report"]) -> Comparison:
    """Compare rounded reports (report.rounded) with the first of them."""
    if len(reports) < 2:
        raise ValueError("a comparison needs at least two reports")
    first_currency = reports[0].currency
    columns = tuple(
        Column(report.scenario.name, report.scenario.source, report.currency, report.currency == first_currency)
        for report in reports
    )
    values_by_report = [numeric_values(report) for report in reports]
    fields = []
    for field in NUMERIC_FIELDS:
        kind = FIELD_KINDS[field]
        values = tuple(values[field] for values in values_by_report)
        first = values[0]
        compared = [index > 0 and (kind != "money" or columns[index].money_compared) for index in range(len(values))]
        fields.append(FieldComparison(
            field,
            kind,
            values,
            tuple(value - first if ok else None for value, ok in zip(values, compared, strict=True)),
            tuple(percent_change(first, value) if ok else None for value, ok in zip(values, compared, strict=True)),
        ))
    return Comparison(columns, differing_assumptions([report.scenario for report in reports]), tuple(fields))


def differing_assumptions(scenarios: Sequence["Scenario"]) -> tuple[Assumption, ...]:
    """The settings whose values are not all the same, in the order of a scenario file (gifts after hearts)."""
    per_scenario = [_settings(scenario) for scenario in scenarios]
    found = []
    for setting, kind in SETTING_KINDS.items():
        values = tuple(settings[setting] for settings in per_scenario)
        if len(set(values)) > 1:  # Decimal("0.10") and Decimal("0.1") are the same setting
            found.append(Assumption(setting, kind, values))
        if setting == "hearts":
            found += _differing_gifts(scenarios)
    return tuple(found)


# The settings `compare` lists, in the order of a scenario file, and how each is shown: from the spec.
SETTING_KINDS = {key.path: key.compare for key in SCENARIO_KEYS if key.compare}


def _settings(scenario: "Scenario") -> dict[str, str | int | Decimal]:
    return {path: cast(str | int | Decimal, value_at(scenario, path)) for path in SETTING_KINDS}  # scalars, by the spec


def _differing_gifts(scenarios: Sequence["Scenario"]) -> list[Assumption]:
    """How many of each gift (at each price) every scenario sent, where the counts differ; 0 where it sent none.

    Gifts come in the order they first appear, the first scenario's first; lines of the same gift
    at the same price are added up.
    """
    counts: dict[tuple[str, int], list[int]] = {}
    for index, scenario in enumerate(scenarios):
        for line in scenario.gifts:
            counts.setdefault((line.name, line.coins_each), [0] * len(scenarios))[index] += line.count
    return [
        Assumption("gifts", "count", tuple(sent), gift=f"{name} ({coins:,} coin{'' if coins == 1 else 's'})")
        for (name, coins), sent in counts.items()
        if len(set(sent)) > 1
    ]
