"""`run`'s reports, one per format: each a stream that renders every outcome as it is computed.

For people, a table: each breakdown as it is computed (one file, or --detail), then the summary of
several files. For scripts, JSON, CSV or Markdown (json.py, csv.py, markdown.py). JUnit (junit.py)
is not a format but a second report, written beside the first.
"""

from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings.render import StreamingReport
from tiktok_earnings.render.output import Format, Output, View

if TYPE_CHECKING:
    from tiktok_earnings.batch import Outcome


class Run(NamedTuple):
    """What a run's report shows: several files (a summary) or one, and each breakdown with --detail."""

    several: bool
    detail: bool = False
    tiktok_diamonds: int | None = None  # the figure in TikTok's LIVE summary, set beside each recording's


class TableReport:
    """Tables for people: each breakdown as it is computed (one file, or --detail), then the summary (several files)."""

    def __init__(self, run: Run) -> None:
        from tiktok_earnings.render.summary import SummaryTable

        self.breakdowns = run.detail or not run.several
        self.tiktok_diamonds = run.tiktok_diamonds
        self.summary = SummaryTable() if run.several else None

    def start(self) -> Output:
        return ()

    def add(self, outcome: "Outcome") -> Output:
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
        return () if self.summary is None else self.summary.table()


class RunView(View[Run, StreamingReport]):
    """`run`'s report in each format, as a stream."""

    formats = (Format.table, Format.json, Format.csv, Format.markdown)

    def table(self, result: Run) -> StreamingReport:
        return TableReport(result)

    def json(self, result: Run) -> StreamingReport:
        from tiktok_earnings.render.json import JsonReport

        return JsonReport(result.tiktok_diamonds)

    def csv(self, result: Run) -> StreamingReport:
        from tiktok_earnings.render.csv import CsvReport

        return CsvReport()

    def markdown(self, result: Run) -> StreamingReport:
        from tiktok_earnings.render.markdown import MarkdownReport

        return MarkdownReport()
