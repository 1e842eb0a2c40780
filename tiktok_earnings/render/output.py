"""One output interface for every command's result: a format, a view per kind of result, one dispatch.

Each kind of result (a run's outcomes, a sweep, a goal, a comparison, a calibration, the gift list,
the rate presets, a conversion) has one `View`: a class with one renderer per format it offers.
`render(view, result, format)` is the one place that picks the renderer for a format. A command's
`--format` option offers the choices of one of the enums below; `to_format()` turns a choice into a
`Format`. Adding a format means a member of `Format`, a `case` in `render()`, and its renderers.

What a renderer returns is `Output`: text (`str`), written exactly as it is, or something Rich
draws, or a tuple of these, in order. Only the command line prints it (cli.show). This module loads
neither Rich nor any renderer: views import what they draw with inside their methods.
"""

from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Generic, TypeAlias, TypeVar, Union, assert_never

if TYPE_CHECKING:
    from rich.console import ConsoleRenderable, RichCast

Piece: TypeAlias = Union[str, "ConsoleRenderable", "RichCast"]
Output: TypeAlias = Piece | tuple[Piece, ...]


class Format(StrEnum):
    """Every output format: a table for people, and JSON, CSV and Markdown for scripts and CI."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class _Choice(StrEnum):
    """The values a command's --format takes; each is a Format."""

    def to_format(self) -> Format:
        return Format(self.value)


class OutputFormat(_Choice):
    """run and compare."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class RowsFormat(_Choice):
    """sweep and gifts: one row per point, or per gift."""

    table = "table"
    json = "json"
    csv = "csv"


class ListFormat(_Choice):
    """goal, calibrate, rates and convert."""

    table = "table"
    json = "json"


Result = TypeVar("Result", contravariant=True)
Rendered = TypeVar("Rendered", covariant=True)


class FormatNotOffered(Exception):
    """A view was asked for a format its command does not offer: a bug, as --format cannot ask for it."""


class View(Generic[Result, Rendered]):
    """The renderers of one kind of result, one method per format; `formats` lists those it offers."""

    formats: ClassVar[tuple[Format, ...]] = (Format.table, Format.json)

    def _not_offered(self, format_: Format) -> FormatNotOffered:
        return FormatNotOffered(f"{type(self).__name__} offers no {format_} output")

    def table(self, result: Result) -> Rendered:
        raise self._not_offered(Format.table)

    def json(self, result: Result) -> Rendered:
        raise self._not_offered(Format.json)

    def csv(self, result: Result) -> Rendered:
        raise self._not_offered(Format.csv)

    def markdown(self, result: Result) -> Rendered:
        raise self._not_offered(Format.markdown)


def render(view: View[Result, Rendered], result: Result, format_: Format) -> Rendered:
    """The result in `format_`, by the view's renderer for it: the one format dispatch."""
    match format_:
        case Format.table:
            return view.table(result)
        case Format.json:
            return view.json(result)
        case Format.csv:
            return view.csv(result)
        case Format.markdown:
            return view.markdown(result)
        case _:
            assert_never(format_)
