"""The charts `--export FILE.svg` draws, and an `--export FILE.html` page shows inline.

- Where viewers' money went, a bar per creator (a batch `run`, by folder) or per scenario (`compare`):
  each bar is what viewers spent, split into the creator's net, each deduction and the platforms'
  share (together exactly the viewers' spend: report.py's identities). One chart per currency:
  money in different currencies is never put on one axis.
- One scenario's waterfall, from viewers' spend down to the net, a row per step.
- A sweep: the creator net across the varied values, with the hearts model's low–high band.

Which figures a chart shows, and their labels, come from figures.py. Money stays Decimal; only pixel
positions are floats (render/svg.py).
"""

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings.currencies import currency as currency_of
from tiktok_earnings.figures import MONEY, Figure, in_group
from tiktok_earnings.numbers import ZERO, round_half_up
from tiktok_earnings.render.money import money
from tiktok_earnings.render.outcomes import plural
from tiktok_earnings.render.svg import (
    AXIS,
    GRID,
    MUTED,
    Chart,
    Row,
    Scale,
    Segment,
    Swatch,
    document,
    heading,
    horizontal_bars,
    legend,
    px,
    stacked,
    text,
    ticks,
    tooltip,
)
from tiktok_earnings.report import Report

if TYPE_CHECKING:
    from tiktok_earnings.scenario.model import Scenario
    from tiktok_earnings.whatif.fields import Field
    from tiktok_earnings.whatif.goal import Goal
    from tiktok_earnings.whatif.points import Point
    from tiktok_earnings.whatif.sweep import Sweep

WATERFALL = in_group(MONEY)  # from viewers' spend down to the creator's net
SPENT, NET = WATERFALL[0], WATERFALL[-1]
GROSS = next(figure for figure in WATERFALL[1:-1] if figure.total)  # the subtotal the gifts are worth to the creator
# Where viewers' money went, as a bar shows it from zero: the net first, then what came off it on the way
# there, nearest first (the deductions, then the platforms' share). They add up to SPENT exactly.
SPEND_PARTS = (NET, *reversed([figure for figure in WATERFALL[1:-1] if not figure.total]))
PART_COLOURS = ("#2da44e", "#cf222e", "#8250df", "#fb8c00", "#8c959f")  # net green, then warm to grey
MOST_BARS = 30  # more items than this: the rest are one row, "N more", without a bar, so that the chart stays readable


def label(figure: Figure) -> str:
    """A figure's label without the waterfall's − and = marks: `Agency commission`."""
    return figure.label.lstrip("−= ")


def money_ticks(currency: str) -> Callable[[Decimal], str]:
    """How an axis writes money: whole units when every tick is whole (`$200`), else the currency's decimals."""

    def tick_text(value: Decimal) -> str:
        return money(value, currency, places=0 if value == value.to_integral_value() else None)

    return tick_text


class Spend(NamedTuple):
    """One bar: what viewers spent on an item (a creator, a scenario), in SPEND_PARTS."""

    label: str
    parts: tuple[Decimal, ...]  # SPEND_PARTS, in order
    about: str = ""  # more about the item, for its tooltip: "3 scenarios in creators/ana"

    @property
    def spent(self) -> Decimal:
        return sum(self.parts, ZERO)


def spend_chart(items: Sequence[Spend], currency: str, *, ident: str, title: str, noun: str) -> Chart:
    """A bar per item of what viewers spent, stacked by where it went. Past MOST_BARS items, the rest are one row
    with their net in all and no bar: a bar of their sum would set the scale and squash every other."""
    shown, rest = (items, ()) if len(items) <= MOST_BARS else (items[:MOST_BARS - 1], items[MOST_BARS - 1:])
    drawn = [any(item.parts[part] for item in shown) for part in range(len(SPEND_PARTS))]  # the parts some bar has
    if not any(drawn):  # nothing spent anywhere: the legend still says what a bar would hold
        drawn = [True] * len(SPEND_PARTS)
    rows = []
    for item in shown:
        segments, below, above = [], ZERO, ZERO
        for figure, value, colour in zip(SPEND_PARTS, item.parts, PART_COLOURS, strict=True):
            if not value:  # no width: nothing to draw, nor to point at
                continue
            start = below if value < 0 else above
            end = start + value
            below, above = (end, above) if value < 0 else (below, end)
            tip = f"{item.label}: {label(figure)} {money(value, currency)} of {money(item.spent, currency)} spent"
            segments.append(Segment(start, end, colour, tip + (f" ({item.about})" if item.about else "")))
        rows.append(Row(item.label, tuple(segments), f"net {money(item.parts[0], currency)}"))
    if rest:
        rows.append(Row(f"{len(rest):,} more {noun}s", (), f"net {money(sum((item.parts[0] for item in rest), ZERO), currency)}"
                        " in all, not drawn"))
    count = plural(len(items), noun)
    total = money(sum((item.parts[0] for item in items), ZERO), currency)
    more = f"; past {MOST_BARS - 1}, the rest are summed without a bar" if rest else ""
    nets = ", ".join(f"{row.label} {row.note}" for row in rows)
    parts = [(figure, colour) for figure, colour, there in zip(SPEND_PARTS, PART_COLOURS, drawn, strict=True) if there]
    description = (f"Horizontal bars, one per {noun}, in {currency}: what viewers spent, split into "
                   f"{', '.join(label(figure) for figure, _ in parts)}. {count}{more}: {nets}.")
    swatches = [Swatch(label(figure), colour) for figure, colour in parts]  # a part no bar has is not in the legend
    return horizontal_bars(ident=ident, title=title, subtitle=f"What viewers spent, in {currency}, and where it went; {count},"
                           f" total net {total}", description=description, rows=rows, swatches=swatches,
                           tick_text=money_ticks(currency), least_step=currency_of(currency).step)


def spend_charts(items: Sequence[tuple[str, Spend]], *, ident: str, title: str, noun: str,
                 in_order: bool = False) -> list[Chart]:
    """`spend_chart` for each currency of (currency, item) pairs: the currencies sorted, or `in_order` as they come."""
    currencies = list(dict.fromkeys(code for code, _ in items))
    if not in_order:
        currencies.sort()
    return [spend_chart([item for code, item in items if code == currency], currency, ident=f"{ident}-{currency}",
                        title=f"{title}, in {currency}" if len(currencies) > 1 else title, noun=noun)
            for currency in currencies]


def nothing_chart(ident: str, title: str, why: str) -> Chart:
    """A chart with nothing to draw says so, rather than being left out."""
    return document(900, 90, ident, title, why, [*heading(16, title, why, 868)])


def one_picture(charts: Sequence[Chart], ident: str, title: str) -> Chart:
    """Charts as one image, one under the other (a chart per currency)."""
    return stacked(charts, ident, title, f"{len(charts)} charts, one per currency: money in different currencies"
                                           " is never drawn on one axis.")


# --- one scenario: the waterfall -------------------------------------------------------------------

STEP_COLOURS = {"start": "#0969da", "total": "#2da44e", "down": "#e5534b"}


def waterfall_chart(report: Report, ident: str = "waterfall") -> Chart:
    """From what viewers spent down to the creator's net: a bar for each total, a floating step for each part taken."""
    currency, name = report.currency, report.scenario.name
    rows, running = [], ZERO
    for index, figure in enumerate(WATERFALL):
        value = figure.value(report)
        tip = f"{label(figure)}: {money(value, currency)}"
        if index == 0 or figure.total:
            running = value
            kind = "start" if index == 0 else "total"
            rows.append(Row(figure.label, (Segment(ZERO, value, STEP_COLOURS[kind], tip),), money(value, currency), True))
        else:
            rows.append(Row(figure.label, (Segment(running - value, running, STEP_COLOURS["down"], tip),),
                            money(value, currency)))
            running -= value
    spent, net = SPENT.value(report), NET.value(report)
    share = f" ({round_half_up(net / spent * 100, Decimal('0.1'))}%)" if spent else ""
    subtitle = f"Viewers spent {money(spent, currency)}; the creator keeps {money(net, currency)}{share}"
    description = f"Where the money of {name} went, in {currency}: " + "; ".join(
        f"{label(figure)} {money(figure.value(report), currency)}" for figure in WATERFALL) + "."
    swatches = [Swatch(label(SPENT), STEP_COLOURS["start"]), Swatch("Subtotal", STEP_COLOURS["total"]),
                Swatch("Taken on the way", STEP_COLOURS["down"])]
    return horizontal_bars(ident=ident, title=f"Where the money went: {name}", subtitle=subtitle, description=description,
                           rows=rows, swatches=swatches, tick_text=money_ticks(currency), least_step=currency_of(currency).step)


# --- a sweep: the creator net along the varied values -------------------------------------------------

LINE_COLOURS = {"line": "#1a7f37", "band": "#2da44e", "scenario": "#1f2328", "target": "#cf222e"}
MOST_MARKERS = 100  # more points than this: the line alone, without a dot per point


class Along(NamedTuple):
    """One point of a line: where it is along the x axis, and the low, base and high value there."""

    x: Decimal
    low: Decimal
    base: Decimal
    high: Decimal
    tip: str
    marked: bool = False  # the scenario's own point


class Target(NamedTuple):
    """A level the line is measured against (a goal's target net): a dashed line across the chart."""

    value: Decimal
    label: str
    tip: str


def line_chart(points: Sequence[Along], *, ident: str, title: str, subtitle: str, description: str, x_title: str,
               y_title: str, x_text: Callable[[Decimal], str], y_text: Callable[[Decimal], str], least_step: Decimal,
               band: str | None, line: str, target: Target | None = None) -> Chart:
    """A line through the base values with a shaded band from low to high (when `band` names it), the y axis from
    zero; with `target`, a dashed line across at its value."""
    width, height, left_px, right_px = 900, 460, 90, 30
    keys_list = [Swatch(line, LINE_COLOURS["line"])] + ([Swatch(band, "#b7e4c2")] if band else [])
    if any(point.marked for point in points):
        keys_list.append(Swatch("The scenario as it is", LINE_COLOURS["scenario"]))
    if target is not None:
        keys_list.append(Swatch(target.label, LINE_COLOURS["target"]))
    keys, keys_h = legend(left_px, 56, keys_list, width - left_px - right_px)
    top_px, bottom_px = 56 + keys_h + 12, height - 58
    level = [] if target is None else [target.value]
    lows = [min(point.low, point.base) for point in points] + level
    highs = [max(point.high, point.base) for point in points] + level
    y_marks = ticks(min([ZERO, *lows]), max([ZERO, *highs]), least_step=least_step)
    y = Scale(y_marks[0], y_marks[-1], bottom_px, top_px)
    first, last = points[0].x, points[-1].x
    if first == last:
        first, last = first - 1, last + 1
    x = Scale(first, last, left_px, width - right_px)
    body = [*heading(16, title, subtitle, width - 32), *keys]
    for mark in y_marks:
        body.append(f'<line x1="{left_px}" y1="{px(y(mark))}" x2="{width - right_px}" y2="{px(y(mark))}"'
                    f' stroke="{AXIS if mark == 0 else GRID}"/>')
        body.append(f'<text x="{left_px - 8}" y="{px(y(mark) + 4)}" text-anchor="end" fill="{MUTED}">'
                    f"{text(y_text(mark))}</text>")
    for mark in ticks(first, last, count=6):
        if first <= mark <= last:
            at = px(x(mark))
            body.append(f'<line x1="{at}" y1="{px(bottom_px)}" x2="{at}" y2="{px(bottom_px + 5)}" stroke="{AXIS}"/>')
            body.append(f'<text x="{at}" y="{px(bottom_px + 19)}" text-anchor="middle" fill="{MUTED}">'
                        f"{text(x_text(mark))}</text>")
    body.append(f'<text x="{px((left_px + width - right_px) / 2)}" y="{height - 16}" text-anchor="middle" fill="{MUTED}">'
                f"{text(x_title)}</text>")
    body.append(f'<text transform="translate(18 {px((top_px + bottom_px) / 2)}) rotate(-90)" text-anchor="middle"'
                f' fill="{MUTED}">{text(y_title)}</text>')
    if band:
        outline = [f"{px(x(point.x))},{px(y(point.high))}" for point in points]
        outline += [f"{px(x(point.x))},{px(y(point.low))}" for point in reversed(points)]
        body.append(f'<polygon points="{" ".join(outline)}" fill="{LINE_COLOURS["band"]}" fill-opacity="0.3" stroke="none"/>')
    if target is not None:
        body.append(f'<line x1="{left_px}" y1="{px(y(target.value))}" x2="{width - right_px}" y2="{px(y(target.value))}"'
                    f' stroke="{LINE_COLOURS["target"]}" stroke-width="2" stroke-dasharray="6 4">{tooltip(target.tip)}</line>')
    through = " ".join(f"{px(x(point.x))},{px(y(point.base))}" for point in points)
    body.append(f'<polyline points="{through}" fill="none" stroke="{LINE_COLOURS["line"]}" stroke-width="2.5"'
                ' stroke-linejoin="round"/>')
    for point in points:
        if len(points) <= MOST_MARKERS or point.marked:
            body.append(f'<circle cx="{px(x(point.x))}" cy="{px(y(point.base))}" r="3.5" fill="{LINE_COLOURS["line"]}">'
                        f"{tooltip(point.tip)}</circle>")
        if point.marked:
            body.append(f'<circle cx="{px(x(point.x))}" cy="{px(y(point.base))}" r="7" fill="none"'
                        f' stroke="{LINE_COLOURS["scenario"]}" stroke-width="2">{tooltip(point.tip)}</circle>')
    body.append(f'<line x1="{left_px}" y1="{px(bottom_px)}" x2="{width - right_px}" y2="{px(bottom_px)}" stroke="{AXIS}"/>')
    return document(width, height, ident, title, description, body)


def sweep_chart(sweep: "Sweep", ident: str = "sweep") -> Chart:
    """The creator net at each value of the sweep; for hearts, the band between the model's low and high ε."""
    from tiktok_earnings.render.sweep import value_text

    field, points = sweep.field, sweep.points
    first, last = value_text(field, points[0].value), value_text(field, points[-1].value)
    return _net_chart(sweep.scenario, field, points, sweep.current, ident, title=f"Creator net by {field.label}",
                      subtitle=f"{sweep.scenario.name}: {len(points)} points from {first} to {last}")


def goal_chart(goal: "Goal", points: "Sequence[Point]", ident: str = "goal") -> Chart:
    """The creator net from the scenario's value to a goal's answer (whatif.goal.path), with the target across."""
    from tiktok_earnings.render.sweep import quantity

    scenario, field, currency = goal.scenario, goal.field, goal.scenario.payout.currency
    target = money(goal.target, currency)
    found = f"is reached at {quantity(field, goal.answer.value)}" if goal.answer is not None else \
        f"cannot be reached by changing {field.label}"
    line = Target(goal.target, f"Target: {target}", f"The target: a creator net of {target}")
    return _net_chart(scenario, field, points, goal.now.value, ident, title=f"Creator net by {field.label}",
                      subtitle=f"{scenario.name}: a creator net of {target} {found}", target=line)


def _net_chart(scenario: "Scenario", field: "Field", points: "Sequence[Point]", current: Decimal, ident: str, *,
               title: str, subtitle: str, target: Target | None = None) -> Chart:
    """The creator net at each point, `current` the scenario's own value; for hearts, with the model's low–high band."""
    from tiktok_earnings.render.sweep import quantity, value_text
    from tiktok_earnings.whatif.fields import HEARTS

    currency = scenario.payout.currency
    banded = field.kind == HEARTS

    def tip(point: "Point") -> str:
        low, base, high = point.net
        spread = f" (low {money(low, currency)}, high {money(high, currency)})" if banded else ""
        mark = ", as in the scenario" if point.value == current else ""
        return f"{quantity(field, point.value)}{mark}: creator net {money(base, currency)}{spread}"

    along = [Along(point.value, *point.net, tip(point), point.value == current) for point in points]
    if banded:
        subtitle += "; the base case, with the hearts model's low–high band"
    description = f"{title}, in {currency}, for {scenario.name}: " + "; ".join(point.tip for point in along[:50]) + (
        f"; and {len(along) - 50} more points." if len(along) > 50 else ".")
    return line_chart(along, ident=ident, title=title, subtitle=subtitle, description=description,
                      x_title=field.label[0].upper() + field.label[1:], y_title=f"Creator net ({currency})",
                      x_text=lambda value: value_text(field, value), y_text=money_ticks(currency),
                      least_step=currency_of(currency).step, band="Low–high band (hearts model)" if banded else None,
                      line="Creator net" + (", base case" if banded else ""), target=target)
