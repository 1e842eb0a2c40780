"""Renderers: each takes results and returns text (or a Rich renderable); the CLI prints it.

The batch reports (JSON, CSV, Markdown, JUnit) are streams: `start()`, then `add(outcome)` for each
scenario file as it is computed, then `finish()`, each returning the text to write next. A run
therefore holds at most the report itself in memory, never every scenario's full figures.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tiktok_earnings.batch import Outcome


class StreamingReport(Protocol):
    def start(self) -> str: ...

    def add(self, outcome: "Outcome") -> str: ...

    def finish(self) -> str: ...


def render_all(report: StreamingReport, outcomes: "Iterable[Outcome]") -> str:
    """The whole report as one text: for tests and small runs."""
    return report.start() + "".join(report.add(outcome) for outcome in outcomes) + report.finish()
