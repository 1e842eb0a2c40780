"""`--export FILE`: what each kind of file holds, for every command that takes the option.

- `.svg`: a chart (render/charts.py). A run over several files: where viewers' money went, a bar per
  creator (scenarios grouped by their folder), a chart per currency. One scenario: its waterfall;
  one LIVE recording: its minutes (render/recording.py). A sweep: the net along the varied values.
  A goal: the net on the way from the scenario's value to the answer, the target across. A comparison: a bar
  per scenario.
- `.html`: one self-contained page (render/html.py): the tables and the charts inline.
- `.txt`: what the terminal shows, as plain text (the command line records it).

Only loaded when --export is given. A run's export is a streaming report like the others
(render/__init__.py): it keeps a few figures of each scenario as it is computed and writes the
document at the end.
"""

import os
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings.batch import Outcome
from tiktok_earnings.figures import SUMMARY, Figure
from tiktok_earnings.groups import GroupBy, Total, Totals
from tiktok_earnings.render import charts
from tiktok_earnings.render.charts import SPEND_PARTS, WATERFALL, Spend
from tiktok_earnings.render.outcomes import RunTotals, label, messages, plural

if TYPE_CHECKING:
    from tiktok_earnings.whatif.compare import Comparison
    from tiktok_earnings.whatif.goal import Goal
    from tiktok_earnings.whatif.sweep import Sweep


class Kind(StrEnum):
    """What an export file holds, by its suffix."""

    SVG = ".svg"  # a chart
    HTML = ".html"  # a page
    TEXT = ".txt"  # the terminal's text

    @classmethod
    def of(cls, path: Path) -> "Kind":
        return cls(path.suffix.lower())


# The figures a run's export keeps of each scenario: the summary's and the waterfall's, once each.
KEPT: tuple[Figure, ...] = tuple(dict.fromkeys((*SUMMARY, *WATERFALL)))


class Line(NamedTuple):
    """One scenario file of a run, as its export shows it."""

    name: str
    source: str
    status: str
    currency: str | None  # None: it could not be computed
    values: tuple[Decimal, ...]  # KEPT, in order; empty when it could not be computed
    scheduled: bool = False  # it has a `schedule:`: its month's figures are a month's (figures.MONTHLY)

    def value(self, figure: Figure) -> Decimal:
        return self.values[KEPT.index(figure)]

    @property
    def folder(self) -> str:
        return GroupBy.folder.of(self.source)


def creator_bars(folders: list[Total], names: Mapping[str, str]) -> list[tuple[str, Spend]]:
    """A bar per folder (a creator's scenarios), or per scenario when each folder holds one; largest net first.

    `folders` are the run's totals by folder and currency (groups.py); `names` the first scenario's name in
    each folder. A folder is named from where the folders part: `creators/ana` and `creators/ben` are `ana`
    and `ben`.
    """
    one_each = all(group.scenarios == 1 for group in folders)
    paths = {group.group for group in folders}
    common = os.path.commonpath(sorted(paths)) if len(paths) > 1 and len({os.path.isabs(path) for path in paths}) == 1 else ""

    def name(folder: str) -> str:
        short = os.path.relpath(folder, common) if common else folder
        return folder if short == "." else short

    def bar(group: Total) -> Spend:
        parts = tuple(group.sums[figure.name] for figure in SPEND_PARTS)
        if one_each:
            return Spend(names[group.group], parts, f"in {group.group}")
        return Spend(name(group.group), parts, f"{group.group}: {plural(group.scenarios, 'scenario')}")

    bars = [(group.currency or "", bar(group)) for group in folders]
    return sorted(bars, key=lambda pair: (-pair[1].parts[0], pair[1].label))


class RunExport:
    """A run's chart or page, as a streaming report: the document comes out at the end."""

    def __init__(self, kind: Kind, several: bool, tiktok_diamonds: int | None = None) -> None:
        self.kind, self.several, self.tiktok_diamonds = kind, several, tiktok_diamonds
        self.totals = RunTotals()
        self.folders = Totals(WATERFALL, group_of=GroupBy.folder.of)  # a creator per folder
        self.names: dict[str, str] = {}  # each folder's first scenario, to name its bar when it is the only one
        self.lines: list[Line] = []
        self.problems: list[str] = []
        self.single: Outcome | None = None  # one scenario file: all of it is shown

    def start(self) -> str:
        return ""

    def wrote(self) -> str:
        return "a page" if self.kind is Kind.HTML else "a chart"

    def add(self, outcome: Outcome) -> str:
        self.totals.add(outcome)
        self.folders.add(outcome)
        report = outcome.report
        if report is not None:
            self.names.setdefault(GroupBy.folder.of(outcome.source), label(outcome))
        if not self.several:
            self.single = outcome
        values = () if report is None else tuple(figure.value(report) for figure in KEPT)
        currency = None if report is None else report.currency
        scheduled = report is not None and report.scenario.schedule is not None
        self.lines.append(Line(label(outcome), outcome.source, outcome.status, currency, values, scheduled))
        self.problems += messages(outcome)
        return ""

    def finish(self) -> str:
        single = self.single
        if single is not None and single.report is not None:  # one scenario file, computed: all of it
            if self.kind is Kind.HTML:
                from tiktok_earnings.render.html import scenario_page

                return scenario_page(single.report, single.recording, self.tiktok_diamonds)
            if single.recording is not None:
                from tiktok_earnings.render.recording import timeline_svg

                return timeline_svg(single.recording, single.report.scenario.name)
            return charts.waterfall_chart(single.report).svg
        folders = self.folders.by_currency()
        if self.kind is Kind.HTML:
            from tiktok_earnings.render.html import run_page

            return run_page(self.lines, self.totals, folders, self.names, self.problems)
        return charts.one_picture(run_charts(folders, self.names), "run", "Where viewers' money went, by creator").svg


def run_charts(folders: list[Total], names: Mapping[str, str]) -> list[charts.Chart]:
    """Where viewers' money went, a bar per creator (folder) or per scenario, a chart per currency."""
    by_scenario = all(group.scenarios == 1 for group in folders)
    title = "Where viewers' money went, by " + ("scenario" if by_scenario else "creator (folder)")
    bars = creator_bars(folders, names)
    if not bars:
        return [charts.nothing_chart("run", title, "No scenario could be computed: their problems are on stderr.")]
    return charts.spend_charts(bars, ident="run", title=title, noun="scenario" if by_scenario else "folder")


def sweep_document(sweep: "Sweep", kind: Kind) -> str:
    """A sweep's chart, or its page."""
    if kind is Kind.HTML:
        from tiktok_earnings.render.html import sweep_page

        return sweep_page(sweep)
    return charts.sweep_chart(sweep).svg


def goal_document(goal: "Goal", kind: Kind) -> str:
    """A goal's chart, the net on the way from the scenario to the answer with the target across, or its page."""
    from tiktok_earnings.whatif.goal import path

    points = path(goal)
    if kind is Kind.HTML:
        from tiktok_earnings.render.html import goal_page

        return goal_page(goal, points)
    return charts.goal_chart(goal, points).svg



def comparison_document(comparison: "Comparison", kind: Kind) -> str:
    """A comparison's chart (a bar per scenario, a chart per currency), or its page."""
    if kind is Kind.HTML:
        from tiktok_earnings.render.html import comparison_page

        return comparison_page(comparison)
    return charts.one_picture(comparison_charts(comparison), "compare", "Where viewers' money went, by scenario").svg


def comparison_charts(comparison: "Comparison") -> list[charts.Chart]:
    """A bar per scenario, in the order compared, a chart per currency."""
    values = {row.field: row.values for row in comparison.fields}
    bars = [(column.currency, Spend(f"{number}. {column.name}", tuple(values[figure.name][index] for figure in SPEND_PARTS),
                                    column.source))
            for index, (number, column) in enumerate(enumerate(comparison.columns, start=1))]
    return charts.spend_charts(bars, ident="compare", title="Where viewers' money went, by scenario", noun="scenario",
                               in_order=True)
