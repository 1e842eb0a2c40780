"""Tables that fit the width they are drawn at, and never cut a number.

Rich narrows a table that is too wide, and where narrowing is not enough it cuts cells with '…': at
60 columns a money column read `$39.…`. `Fitted(table)` draws a Rich table so that every word of
every cell is shown whole (a number is one word). Only a column made with `overflow="fold"` (a name,
a note) may break a word, and only one longer than FOLD_FLOOR. At the width it is given it tries,
in turn:

1. the table as built, its columns narrowed where needed: text wraps at spaces, and no column gets
   narrower than its longest word;
2. the same, compact: two spaces between columns, one at each edge (a table built with
   `collapse_padding` is always drawn compact: Rich's collapsed padding miscounts the first column);
3. the columns after the first `keys` in as few parts as fit, each part a table of its own that
   repeats the key columns (what each row is): the title on the first part, the caption on the last.

Rich measures every cell and draws every table; this module only chooses the columns' widths. A
column that is empty throughout (heading too) is left out.
"""

from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import replace
from typing import NamedTuple

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Column, Table

FOLD_FLOOR = 14  # a column that may fold is not made narrower than this (or than its heading's longest word)
_UNBOUNDED = 1_000_000
_COMPACT_PADDING = (0, 1, 0, 0)  # one space right of each cell: two between columns, with the separator


class _Span(NamedTuple):
    """How narrow a column may be drawn (its longest word, or the fold floor), how wide it wants to be, and
    whether it may fold (break a long word)."""

    least: int
    most: int
    fold: bool


class _Part(NamedTuple):
    """One table to draw: its columns (indices into the fitted ones) and their widths."""

    columns: tuple[int, ...]
    widths: tuple[int, ...]


class Fitted:
    """A Rich table, drawn at any width without cutting a word: narrowed, made compact, or split in parts."""

    def __init__(self, table: Table, keys: int = 1) -> None:
        self.table = table
        self.keys = keys

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = self._columns(console, options)
        spans = [span for _, span in columns]
        compact, parts = self._layout(console, spans, options.max_width)
        for number, part in enumerate(parts):
            if number and not (self.table.box and self.table.show_edge):
                yield Segment.line()
            yield self._draw([columns[index][0] for index in part.columns], part.widths, compact, number, len(parts))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        spans = [span for _, span in self._columns(console, options)]
        keys = spans[:self.keys]
        narrowest = self._overhead(console, len(keys) + 1, True) + sum(span.least for span in keys) + max(
            (span.least for span in spans[self.keys:]), default=0)
        widest = self._overhead(console, len(spans), False) + sum(span.most for span in spans)
        return Measurement(narrowest, widest).with_maximum(options.max_width)

    # --- measuring --------------------------------------------------------------------------

    def _columns(self, console: Console, options: ConsoleOptions) -> list[tuple[Column, _Span]]:
        """The table's columns with their spans, those empty throughout left out."""
        wide = options.update(width=_UNBOUNDED, min_width=1, max_width=_UNBOUNDED, no_wrap=False)
        measured = []
        for index, column in enumerate(self.table.columns):
            span = self._span(console, wide, column)
            if span.most or index < self.keys:
                measured.append((column, span))
        return measured

    def _span(self, console: Console, options: ConsoleOptions, column: Column) -> _Span:
        table = self.table
        heading = [column.header] if table.show_header else []
        cells = [*column.cells, *([column.footer] if table.show_footer else [])]
        heads = [Measurement.get(console, options, cell) for cell in heading]
        bodies = [Measurement.get(console, options, cell) for cell in cells]
        most = max((measure.maximum for measure in heads + bodies), default=0)
        head_word = max((measure.minimum for measure in heads), default=0)
        body_word = max((measure.minimum for measure in bodies), default=0)
        if column.overflow == "fold":
            body_word = min(body_word, max(FOLD_FLOOR, head_word))
        least = max(head_word, body_word, min(column.min_width or 0, most))
        return _Span(min(least, most), most, column.overflow == "fold")

    def _overhead(self, console: Console, count: int, compact: bool) -> int:
        """The width a table of `count` columns takes beyond its cells: edges, separators, padding."""
        probe = self._variant([Column(width=1) for _ in range(count)], compact)
        return Measurement.get(console, console.options.update_width(_UNBOUNDED), probe).maximum - count

    # --- choosing the layout ------------------------------------------------------------------

    def _layout(self, console: Console, spans: list[_Span], width: int) -> tuple[bool, list[_Part]]:
        """As built if it fits, else compact; then compact with text wrapped; then compact in parts."""
        overheads: dict[tuple[int, bool], int] = {}

        def room(count: int, compact: bool) -> int:
            if (count, compact) not in overheads:
                overheads[count, compact] = self._overhead(console, count, compact)
            return width - overheads[count, compact]

        everything = tuple(range(len(spans)))
        for compact in (False, True)[self.table.collapse_padding:]:
            if sum(span.most for span in spans) <= room(len(spans), compact):
                return compact, [_Part(everything, tuple(span.most for span in spans))]
        widths = _share(spans, everything, room(len(spans), True))
        if widths is not None:
            return True, [_Part(everything, widths)]
        keys, rest = everything[:self.keys], everything[self.keys:]

        def part(start: int, end: int) -> _Part | None:
            columns = keys + rest[start:end]
            shared = _share(spans, columns, room(len(columns), True))
            return None if shared is None else _Part(columns, shared)

        runs = _even_runs(len(rest), part, lambda fitted: sum(spans[column].most for column in fitted.columns))
        if runs:
            return True, runs
        # Not even the keys and one more column fit: each part at its least widths, cut by Rich where it must be.
        groups = [keys + (index,) for index in rest] or [keys]
        return True, [_Part(group, tuple(spans[column].least for column in group)) for group in groups]

    # --- drawing ----------------------------------------------------------------------------

    def _variant(self, columns: Sequence[Column], compact: bool) -> Table:
        table = copy(self.table)
        table.columns = [replace(column, _index=index) for index, column in enumerate(columns)]
        table.expand, table.width, table.min_width = False, None, None
        if compact:
            table.padding, table.collapse_padding, table.pad_edge = _COMPACT_PADDING, False, False
        return table

    def _draw(self, columns: list[Column], widths: tuple[int, ...], compact: bool, number: int, parts: int) -> Table:
        fixed = [replace(column, width=width, min_width=None, max_width=None, ratio=None, no_wrap=False, overflow="fold")
                 for column, width in zip(columns, widths, strict=True)]
        table = self._variant(fixed, compact)
        if number:
            table.title = None
        if number < parts - 1:
            table.caption = None
        return table


def _share(spans: list[_Span], columns: tuple[int, ...], room: int) -> tuple[int, ...] | None:
    """Widths for `columns` within `room`, or None when their least widths do not fit.

    Each column gets what it wants when all fit. Otherwise the widest are narrowed first, to one cap
    (as Rich narrows a table, but without cutting a word), in stages: the columns that may fold
    (names, notes) down to FOLD_FLOOR; then the others too, down to their longest word; then the
    folding ones down to theirs.
    """
    chosen = [spans[column] for column in columns]
    stages = (
        [_comfortable(span) if span.fold else span.most for span in chosen],
        [_comfortable(span) if span.fold else span.least for span in chosen],
        [span.least for span in chosen],
    )
    for floors in stages:
        if sum(floors) <= room:
            return _narrow(chosen, floors, room)
    return None


def _comfortable(span: _Span) -> int:
    return max(span.least, min(span.most, FOLD_FLOOR))


def _narrow(spans: list[_Span], floors: list[int], room: int) -> tuple[int, ...]:
    """Widths within `room` (which `floors` fit): every column at most `cap` wide but not below its floor,
    with the largest cap that fits; what is left goes one cell each to the narrowed columns, from the left."""
    def widths(cap: int) -> list[int]:
        return [max(floor, min(span.most, cap)) for span, floor in zip(spans, floors, strict=True)]

    low_cap, high_cap = 0, max(span.most for span in spans)
    while low_cap < high_cap:
        middle = (low_cap + high_cap + 1) // 2
        if sum(widths(middle)) <= room:
            low_cap = middle
        else:
            high_cap = middle - 1
    shared = widths(low_cap)
    spare = room - sum(shared)
    for index, span in enumerate(spans):
        if spare and shared[index] < span.most:
            shared[index] += 1
            spare -= 1
    return tuple(shared)


def _even_runs(count: int, part: Callable[[int, int], _Part | None], width: Callable[[_Part], int]) -> list[_Part] | None:
    """The `count` columns in as few runs as fit (each run's part from `part(start, end)`, None where it does not
    fit), and of those the most even: the widest part (by `width`) as narrow as can be. None when one column alone
    does not fit."""
    # A run that does not fit does not fit with a column more, nor does one that starts earlier: from each start,
    # runs are tried only until one does not fit, so a comparison of 3,000 scenarios asks for thousands of parts,
    # not millions (each of them a measure of its columns).
    parts: dict[tuple[int, int], _Part] = {}
    for start in range(count):
        for end in range(start + 1, count + 1):
            fitted = part(start, end)
            if fitted is None:
                break
            parts[start, end] = fitted
    # best[end]: the fewest runs for the first `end` columns, then the narrowest widest part, and the runs themselves
    best: dict[int, tuple[int, int, list[_Part]]] = {0: (0, 0, [])}
    for end in range(1, count + 1):
        first = end  # the earliest start of a run ending here that fits: an earlier one has more columns
        while first > 0 and (first - 1, end) in parts:
            first -= 1
        choices = []
        for start in range(first, end):  # in this order: min() keeps the first of equally good choices
            if start in best:
                runs, widest, before = best[start]
                choices.append((runs + 1, max(widest, width(parts[start, end])), [*before, parts[start, end]]))
        if choices:
            best[end] = min(choices, key=lambda choice: choice[:2])
    return best[count][2] if count in best else None
