"""`run`'s reports, one per format: each a stream that renders every outcome as it is computed.

For people, a table: each breakdown as it is computed (one file, or --detail), then the summary of
several files. For scripts, JSON, CSV or Markdown (json.py, csv.py, markdown.py). JUnit (junit.py)
is not a format but a second report, written beside the first.
"""

from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings.render import RunReport
from tiktok_earnings.render.output import Format, Output, View

if TYPE_CHECKING:
    from tiktok_earnings.batch import Outcome
    from tiktok_earnings.groups import GroupBy
    from tiktok_earnings.render.summary import SummaryTable


class Run(NamedTuple):
    """What a run's report shows: several files (a summary) or one, and each breakdown with --detail."""

    several: bool
    detail: bool = False
    tiktok_diamonds: int | None = None  # the figure in TikTok's LIVE summary, set beside each recording's
    group_by: "GroupBy | None" = None  # totals per group too (groups.py)


class TableReport:
    """Tables for people: each breakdown as it is computed (one file, or --detail), then the summary (several files)."""

    def __init__(self, run: Run) -> None:
        self.breakdowns = run.detail or not run.several
        self.tiktok_diamonds = run.tiktok_diamonds
        self.summary: SummaryTable | None = None
        if run.several:  # one file has no summary, nor the totals it keeps
            from tiktok_earnings.render import summary

            self.summary = summary.SummaryTable(run.group_by)
        self.outcomes = 0

    def start(self) -> Output:
        return ()

    def add(self, outcome: "Outcome") -> Output:
        self.outcomes += 1
        if self.summary is not None:
            self.summary.add(outcome)
        if not self.breakdowns or outcome.report is None:
            return ()
        from rich.console import NewLine

        from tiktok_earnings.render.table import breakdown

        shown = breakdown(outcome.report), NewLine()
        if outcome.recording is None:
            return shown
        from tiktok_earnings.render.recording import recording_views

        return (*shown, recording_views(outcome.recording, outcome.report, self.tiktok_diamonds), NewLine())

    def finish(self) -> Output:
        if self.summary is None:
            return ()
        from rich.console import NewLine

        first, *others = self.summary.tables()
        return (first, *(piece for table in others for piece in (NewLine(), table)))

    def wrote(self) -> str:
        return f"{self.outcomes} scenario" if self.outcomes == 1 else f"{self.outcomes:,} scenarios"


class RunView(View[Run, RunReport]):
    """`run`'s report in each format, as a stream."""

    formats = (Format.table, Format.json, Format.csv, Format.markdown)

    def table(self, result: Run) -> RunReport:
        return TableReport(result)

    def json(self, result: Run) -> RunReport:
        from tiktok_earnings.render.json import JsonReport

        return JsonReport(result.tiktok_diamonds, result.group_by)

    def csv(self, result: Run) -> RunReport:
        from tiktok_earnings.render.csv import CsvReport

        return CsvReport(result.group_by)

    def markdown(self, result: Run) -> RunReport:
        from tiktok_earnings.render.markdown import MarkdownReport

        return MarkdownReport(result.group_by)
