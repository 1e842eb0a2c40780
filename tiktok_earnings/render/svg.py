"""What every SVG chart is made of: safe text, an axis of round numbers, bars, and the document around them.

Self-contained by construction: the only URL is the SVG namespace; no script, no stylesheet, no
web font (text asks for the reader's own sans-serif), no image. Names come from input files, so
every text and attribute goes through `text()` or `attribute()`: markup is escaped, control
characters are shown as escapes (escape.py), and characters XML cannot hold become U+FFFD.

Values stay Decimal until they are placed: `Scale` turns a value into a pixel position, a float,
which is geometry only (never shown, never added up). Tick labels are written from the Decimal
ticks. Money is formatted by render/money.py.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import NamedTuple

from tiktok_earnings.escape import terminal
from tiktok_earnings.numbers import ONE, ZERO

NAMESPACE = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"  # the reader's own fonts
INK, MUTED, GRID, AXIS = "#1f2328", "#59636e", "#e6e8eb", "#8c959f"
CHAR_WIDTH_PX = 6.8  # an estimate of one character at 12px, to place things after a text and to cut labels
ELLIPSIS = "…"
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # what XML 1.0 cannot hold once terminal() has shown the controls


def text(value: str) -> str:
    """Untrusted text as SVG/HTML text content: on one line, controls shown as escapes, markup escaped."""
    shown = _NOT_XML.sub("\ufffd", terminal(value))
    return shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """Untrusted text inside a double-quoted attribute."""
    return text(value).replace('"', "&quot;").replace("'", "&#39;")


def shorten(value: str, limit: int) -> str:
    """At most `limit` characters (as shown, controls as escapes), ending in … when cut. Not yet escaped."""
    shown = terminal(value)
    return shown if len(shown) <= limit else shown[: max(1, limit - 1)].rstrip() + ELLIPSIS


def px(position: float) -> str:
    """A pixel position, as SVG attributes hold it."""
    return f"{position:.1f}".removesuffix(".0")


def text_width_px(value: str, size: float = 12) -> float:
    return len(terminal(value)) * CHAR_WIDTH_PX * size / 12


# --- numbers on an axis ---------------------------------------------------------------------------


def ticks(low: Decimal, high: Decimal, *, least_step: Decimal = ZERO, count: int = 5) -> tuple[Decimal, ...]:
    """Round values from at or below `low` to at or above `high`, about `count` steps of 1, 2 or 5 × 10^n apart.

    No step is below `least_step` (a currency's smallest unit: no two ticks read the same). An empty
    range is widened to one whole unit, so that a chart of zeros still has an axis.
    """
    low, high = min(low, high), max(low, high)
    if high == low:
        high = low + max(abs(low), ONE)
    raw = (high - low) / count
    magnitude = ONE.scaleb(raw.adjusted())
    step = next(multiple * magnitude for multiple in (1, 2, 5, 10) if multiple * magnitude >= raw)
    if least_step > step:
        step = least_step
    first = (low / step).to_integral_value(ROUND_FLOOR)
    last = (high / step).to_integral_value(ROUND_CEILING)
    places = ONE.scaleb(min(0, _exponent(step)))  # 800, not 8E+2: written as people write numbers
    return tuple(((first + index) * step).quantize(places) for index in range(int(last - first) + 1))


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "a finite number"
    return exponent


class Scale:
    """A Decimal range laid onto pixels, from `start_px` (at `low`) to `end_px` (at `high`)."""

    def __init__(self, low: Decimal, high: Decimal, start_px: float, end_px: float) -> None:
        self.low, self.high = low, high
        self.start_px, self.end_px = start_px, end_px

    def __call__(self, value: Decimal) -> float:
        span = self.high - self.low
        if not span:
            return self.start_px
        return self.start_px + float((value - self.low) / span) * (self.end_px - self.start_px)


# --- the document -----------------------------------------------------------------------------------


class Chart(NamedTuple):
    """An SVG image and its size in pixels."""

    svg: str
    width: int
    height: int


class Swatch(NamedTuple):
    """A colour in a legend, and what it stands for."""

    label: str
    colour: str


def document(width: int, height: int, ident: str, title: str, description: str, body: Iterable[str]) -> Chart:
    """An SVG image, standalone or inline in a page: its title and description are for screen readers and
    tooltips (`ident` keeps their ids apart when a page holds several charts)."""
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", ident)
    return Chart("\n".join([
        f'<svg xmlns="{NAMESPACE}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"'
        f' aria-labelledby="{ident}-title {ident}-desc" font-family="{attribute(FONT)}" font-size="12" fill="{INK}">',
        f'<title id="{ident}-title">{text(title)}</title>',
        f'<desc id="{ident}-desc">{text(description)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        *body,
        "</svg>",
    ]) + "\n", width, height)


def stacked(charts: Sequence[Chart], ident: str, title: str, description: str) -> Chart:
    """Several charts one above the other, as one image: a file holds one picture, a chart one currency."""
    if len(charts) == 1:
        return charts[0]
    width, body, top = max(chart.width for chart in charts), [], 0
    for chart in charts:
        body.append(f'<g transform="translate(0 {top})">\n{chart.svg}</g>')
        top += chart.height
    return document(width, top, ident, title, description, body)


def heading(left_px: float, title: str, subtitle: str, width_px: float) -> list[str]:
    """The chart's title (bold) and one line under it, each cut to the width."""
    limit = int(width_px / CHAR_WIDTH_PX)
    return [
        f'<text x="{px(left_px)}" y="24" font-size="15" font-weight="bold">{text(shorten(title, int(limit * 0.85)))}</text>',
        f'<text x="{px(left_px)}" y="42" fill="{MUTED}">{text(shorten(subtitle, limit))}</text>',
    ]


def legend(left_px: float, top_px: float, swatches: Sequence[Swatch], width_px: float) -> tuple[list[str], float]:
    """Coloured squares with their labels, in rows that fit `width_px`; and the height they take."""
    parts, x, y = [], left_px, top_px
    for swatch in swatches:
        item_px = 18 + text_width_px(swatch.label) + 16
        if x > left_px and x + item_px > left_px + width_px:
            x, y = left_px, y + 18
        parts.append(f'<rect x="{px(x)}" y="{px(y)}" width="12" height="12" rx="2" fill="{swatch.colour}"/>')
        parts.append(f'<text x="{px(x + 18)}" y="{px(y + 10)}">{text(swatch.label)}</text>')
        x += item_px
    return parts, (y - top_px + 18 if swatches else 0)


def tooltip(value: str) -> str:
    """A hover text for the element it is put in."""
    return f"<title>{text(value)}</title>"


# --- horizontal bars: one row per item, each with segments along one value axis ---------------------


class Segment(NamedTuple):
    start: Decimal
    end: Decimal
    colour: str
    tooltip: str


class Row(NamedTuple):
    label: str  # shown cut to fit; in full in the tooltip
    segments: tuple[Segment, ...]
    note: str = ""  # after the bar: its total, in words
    bold: bool = False


ROW_PX, BAR_PX, LABEL_CHARS = 24, 16, 30


def horizontal_bars(*, ident: str, title: str, subtitle: str, description: str, rows: Sequence[Row],
                    swatches: Sequence[Swatch], tick_text: Callable[[Decimal], str], least_step: Decimal,
                    width: int = 900) -> Chart:
    """Rows of bars along one axis (money), with a grid, tick labels under the rows and a legend above them.

    Each segment spans [start, end] of the axis, so stacked bars, floating steps (a waterfall) and values
    below zero are all drawn alike; the axis always shows zero.
    """
    left_px, right_px = 16 + LABEL_CHARS * CHAR_WIDTH_PX, 150
    plot_w = width - left_px - right_px
    keys, keys_h = legend(left_px, 56, swatches, plot_w + right_px)
    top_px = 56 + keys_h + 10
    height = int(top_px + max(1, len(rows)) * ROW_PX + 44)
    values = [value for row in rows for segment in row.segments for value in (segment.start, segment.end)]
    marks = ticks(min([ZERO, *values]), max([ZERO, *values]), least_step=least_step)
    scale = Scale(marks[0], marks[-1], left_px, left_px + plot_w)
    bottom_px = top_px + max(1, len(rows)) * ROW_PX
    body = [*heading(16, title, subtitle, width - 32), *keys]
    for mark in marks:
        x = scale(mark)
        body.append(f'<line x1="{px(x)}" y1="{px(top_px)}" x2="{px(x)}" y2="{px(bottom_px)}"'
                    f' stroke="{AXIS if mark == 0 else GRID}"/>')
        body.append(f'<text x="{px(x)}" y="{px(bottom_px + 16)}" text-anchor="middle" fill="{MUTED}">'
                    f"{text(tick_text(mark))}</text>")
    for index, row in enumerate(rows):
        y = top_px + index * ROW_PX
        weight = ' font-weight="bold"' if row.bold else ""
        body.append(f'<text x="{px(left_px - 8)}" y="{px(y + ROW_PX / 2 + 4)}" text-anchor="end"{weight}>'
                    f"{tooltip(row.label)}{text(shorten(row.label, LABEL_CHARS))}</text>")
        for segment in row.segments:
            start, end = sorted((scale(segment.start), scale(segment.end)))
            if end - start < 0.05:
                continue  # nothing to see: a zero part
            body.append(f'<rect x="{px(start)}" y="{px(y + (ROW_PX - BAR_PX) / 2)}" width="{px(end - start)}"'
                        f' height="{BAR_PX}" fill="{segment.colour}">{tooltip(segment.tooltip)}</rect>')
        if row.note:
            end_px = max([scale(ZERO), *(scale(value) for segment in row.segments for value in (segment.start, segment.end))])
            body.append(f'<text x="{px(end_px + 6)}" y="{px(y + ROW_PX / 2 + 4)}" fill="{MUTED}"{weight}>{text(row.note)}</text>')
    if not rows:
        body.append(f'<text x="{px(left_px)}" y="{px(top_px + ROW_PX / 2 + 4)}" fill="{MUTED}">nothing to draw</text>')
    return document(width, height, ident, title, description, body)
