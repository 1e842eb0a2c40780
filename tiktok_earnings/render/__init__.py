"""Renderers: each takes results and returns text (or something Rich draws); the CLI prints it.

output.py is the interface every command's result goes through: `Format`, one `View` per kind of
result, and `render()`, the one dispatch. json_text.py is the one JSON writer.

A run's reports (table, JSON, CSV, Markdown, JUnit) are streams: `start()`, then `add(outcome)` for
each scenario file as it is computed, then `finish()`, each returning the output to write next. A
run therefore holds at most the report itself in memory, never every scenario's full figures.
"""

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from tiktok_earnings.batch import Outcome
    from tiktok_earnings.render.output import Output


class StreamingReport(Protocol):
    def start(self) -> "Output": ...

    def add(self, outcome: "Outcome") -> "Output": ...

    def finish(self) -> "Output": ...


class RunReport(StreamingReport, Protocol):
    """A report of `run`: also says what it wrote, for the line on stderr when it went to a file."""

    def wrote(self) -> str:
        """What the report holds, counted: `5,000 rows`, `12 scenarios and 1 error`."""
        ...


@runtime_checkable
class PiecewiseReport(Protocol):
    """A report whose part for each outcome depends on that outcome alone (JSON's line, CSV's row).

    `pieces()` gives the function that makes that part, or None where the report needs every
    outcome's figures (totals per group): a worker process runs it beside the computing, so that
    only the text and the outcome's problems come back (parallel.py). `add_piece(outcome, piece)`
    then adds it, and returns what `add(outcome)` would have, byte for byte; the outcome's own
    figures may have been left out by then.
    """

    def pieces(self) -> "Callable[[Outcome], str] | None": ...

    def add_piece(self, outcome: "Outcome", piece: str) -> str: ...


class TextReport(Protocol):
    """A streaming report for scripts: text only."""

    def start(self) -> str: ...

    def add(self, outcome: "Outcome") -> str: ...

    def finish(self) -> str: ...


def render_all(report: TextReport, outcomes: "Iterable[Outcome]") -> str:
    """The whole report as one text: for tests and small runs."""
    return report.start() + "".join(report.add(outcome) for outcome in outcomes) + report.finish()
