"""Sweeps and goals for people (a table, a chart drawn with text, a panel) and for scripts (JSON, CSV).

Every function is pure: it takes a Sweep or a Goal (whatif.py) and returns text or a Rich renderable.
Rich is imported inside the functions that draw, so JSON and CSV never load it. Money is as `run`
shows it: in the report currency, rounded to the cent; JSON and CSV give it as two-decimal strings.

The chart has one row per point: the value, a bar for the base-case net, and for hearts the band
between the low and the high elasticity:

    █ net in every case   ▓ base-case net within the band   ░ band above the base case

Bar lengths are whole cells, scaled so that the largest value fills the width.
"""

import csv
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from tiktok_earnings.errors import Problem
from tiktok_earnings.figures import HEARTS as HEARTS_GROUP
from tiktok_earnings.figures import MONEY, Kind, in_group, nested
from tiktok_earnings.hearts.model import Range
from tiktok_earnings.numbers import ONE, ZERO, plain, round_half_up
from tiktok_earnings.render.json_text import JsonWriter
from tiktok_earnings.render.output import Format, Output, View
from tiktok_earnings.whatif.fields import AUDIENCE, GIFT_COUNT, HEARTS, Field
from tiktok_earnings.whatif.goal import SEARCH_BOUND_RATIO, Goal
from tiktok_earnings.whatif.points import Point
from tiktok_earnings.whatif.sweep import Sweep

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, Group, RenderableType
    from rich.text import Text

    from tiktok_earnings.render.fit import Fitted

TWO_PLACES = Decimal("0.01")
FACTOR_PLACES = Decimal("0.000001")
SCENARIO_MARK = "◀ scenario"
SOLID, BAND_BELOW, BAND_ABOVE = "█", "▓", "░"
MIN_BAR_WIDTH = 10

# A point's hearts figures: those of a breakdown, but the shares (the sweep's own ranges say more).
WATERFALL = in_group(MONEY)
SWEPT_HEARTS = tuple(figure for figure in in_group(HEARTS_GROUP) if figure.kind is not Kind.SHARE)
SWEEP_COLUMNS = (
    "field", "value", "is_scenario", "currency", "coins", *(figure.name for figure in WATERFALL),
    *(f"creator_net_range.{case}" for case in Range._fields),
    *(f"gift_factor.{case}" for case in Range._fields),
    *(figure.name for figure in SWEPT_HEARTS),
)


# --- values ----------------------------------------------------------------------------------


def value_text(field: Field, value: Decimal) -> str:
    """A field's value for people: counts and audiences with thousands separators, settings as written."""
    if field.kind in (HEARTS, GIFT_COUNT, AUDIENCE):
        return f"{Decimal(plain(value)):,}"
    return plain(value)


def quantity(field: Field, value: Decimal) -> str:
    """A value with its unit: '405 average viewers', '130,000 hearts', '12 × Galaxy'."""
    if field.kind == GIFT_COUNT:
        return f"{value_text(field, value)} × {field.label.removesuffix(' count')}"
    return f"{value_text(field, value)} {field.label}"


def _field_name(field: Field) -> str:
    """The field as written on the command line, with the gift's name for a gift's count."""
    return f"{field.name} ({field.label.removesuffix(' count')})" if field.kind == GIFT_COUNT else field.name


def _coins(point: Point) -> str:
    """Expected coins: whole where the gifts were not scaled, two decimals at most where they were."""
    return plain(round_half_up(Decimal(point.report.coins), TWO_PLACES))


def _is_scenario(sweep: Sweep, point: Point) -> bool:
    return point.value == sweep.current


# --- JSON and CSV ----------------------------------------------------------------------------


def point_dict(sweep: Sweep, point: Point) -> dict:
    report = point.report
    return {
        "value": plain(point.value),
        "is_scenario": _is_scenario(sweep, point),
        "coins": _coins(point),
        **{figure.name: figure.json(figure.value(report)) for figure in WATERFALL},
        "creator_net_range": _range(point.net, str),
        "gift_factor": _range(point.gift_factor, lambda factor: plain(round_half_up(factor, FACTOR_PLACES))),
        **nested((figure.name, figure.json(figure.value(report))) for figure in SWEPT_HEARTS),
    }


def _range(values: Range, text: Callable[[Decimal], str]) -> dict[str, str]:
    return {case: text(value) for case, value in zip(Range._fields, values, strict=True)}


def sweep_header(sweep: Sweep) -> dict:
    scenario = sweep.scenario
    return {
        "scenario": scenario.name,
        "source": scenario.source,
        "field": sweep.field.name,
        "label": sweep.field.label,
        "scenario_value": plain(sweep.current),
        "start": plain(sweep.vary.start),
        "stop": plain(sweep.vary.stop),
        "steps": sweep.vary.steps,
        "currency": scenario.payout.currency,
        "assumptions": list(sweep.assumptions),
    }


def sweep_json(sweep: Sweep) -> str:
    """`{"schema_version": 1, "sweep": {...}, "points": [...]}`, each point on a line of its own."""
    json = JsonWriter()
    points = (point_dict(sweep, point) for point in sweep.points)
    return json.start() + json.value("sweep", sweep_header(sweep)) + json.items("points", points, ",\n") + json.finish()


def sweep_csv(sweep: Sweep) -> str:
    """A header row, then one row per point; plain numbers, money with two decimals, no symbols."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SWEEP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for point in sweep.points:
        writer.writerow(_flat(point_dict(sweep, point)) | {
            "field": sweep.field.name,
            "currency": sweep.scenario.payout.currency,
            "is_scenario": "true" if _is_scenario(sweep, point) else "false",
        })
    return buffer.getvalue()


def _flat(item: dict, prefix: str = "") -> dict[str, object]:
    flat: dict[str, object] = {}
    for key, value in item.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def goal_dict(goal: Goal) -> dict:
    def net(point: Point | None) -> str | None:
        return None if point is None else str(point.report.creator_net)

    def value(point: Point | None) -> str | None:
        return None if point is None else plain(point.value)

    scenario = goal.scenario
    return {
        "scenario": scenario.name,
        "source": scenario.source,
        "field": goal.field.name,
        "label": goal.field.label,
        "target_net": _amount(goal.target),
        "currency": scenario.payout.currency,
        "reached": goal.reached,
        "already_reached": goal.already_reached,
        "method": goal.method,
        "answer": value(goal.answer),
        "net_at_answer": net(goal.answer),
        "creator_net_range_at_answer": None if goal.answer is None else _range(goal.answer.net, str),
        "one_step_below": value(goal.below),
        "net_one_step_below": net(goal.below),
        "scenario_value": value(goal.now),
        "scenario_net": net(goal.now),
        "search_bound": value(goal.bound),
        "net_at_search_bound": net(goal.bound),
        "reason": goal.reason or None,
        "hint": goal.hint or None,
        "notes": list(goal.notes),
        "assumptions": list(goal.assumptions),
    }


def _amount(value: Decimal) -> str:
    """Money as given: two decimals, or more when it was given with more."""
    cents = round_half_up(value, TWO_PLACES)
    return str(cents) if cents == value else plain(value)


def goal_json(goal: Goal) -> str:
    json = JsonWriter()
    return json.start() + json.value("goal", goal_dict(goal)) + json.finish()


def unreachable(goal: Goal) -> Problem:
    """Why the target cannot be reached, for stderr: `file: what — what to do`."""
    target = f"{_amount(goal.target)} {goal.scenario.payout.currency}"
    message = f"a creator net of {target} cannot be reached by changing {goal.field.name}: {goal.reason}"
    if goal.bound is not None:
        message += f" (net at the bound: {goal.bound.report.creator_net} {goal.scenario.payout.currency})"
    return Problem(goal.scenario.source, None, message, goal.hint)


# --- for people ------------------------------------------------------------------------------


def sweep_view(sweep: Sweep) -> "Group":
    """Heading, table, chart and assumptions: what `sweep` prints (and --export saves)."""
    from rich.console import Group
    from rich.text import Text

    return Group(_sweep_heading(sweep), Text(), sweep_table(sweep), SweepChart(sweep), Text(), _assumptions(sweep.assumptions))


def _heading(goal_or_sweep: Goal | Sweep) -> "Text":
    from rich.text import Text

    scenario = goal_or_sweep.scenario
    text = Text()
    text.append(scenario.name, style="bold")
    text.append(f"  ({scenario.source})\n", style="dim")
    return text


def _sweep_heading(sweep: Sweep) -> "Text":
    field, points = sweep.field, sweep.points
    text = _heading(sweep)
    text.append(f"Sweep of {_field_name(field)}: {value_text(field, points[0].value)} to {value_text(field, points[-1].value)},"
                f" {len(points)} points · in the scenario: {value_text(field, sweep.current)}")
    if sweep.scenario.payout.currency != "USD":
        text.append(f" · money in {sweep.scenario.payout.currency}")
    return text


def sweep_table(sweep: Sweep) -> "Fitted":
    from rich import box
    from rich.table import Table

    from tiktok_earnings.render.fit import Fitted
    from tiktok_earnings.render.table import money

    field, currency = sweep.field, sweep.scenario.payout.currency
    scaled = field.kind in (HEARTS, AUDIENCE)
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(field.label[0].upper() + field.label[1:], justify="right")
    table.add_column("Coins" + ("\n(expected)" if scaled else ""), justify="right")
    table.add_column("Viewers\nspent", justify="right")
    table.add_column("Creator\ngross", justify="right")
    table.add_column("Creator\nnet", justify="right")
    if field.kind == HEARTS:
        table.add_column("Net,\nlow ε", justify="right")
        table.add_column("Net,\nhigh ε", justify="right")
        table.add_column("Hearts'\ndirect value", justify="right")
    if field.kind == AUDIENCE:
        table.add_column("Hearts", justify="right")
    table.add_column("")
    for point in sweep.points:
        report = point.report
        row = [
            value_text(field, point.value),
            f"{round_half_up(Decimal(report.coins), ONE):,}",
            money(report.viewer_spend, currency),
            money(report.creator_gross, currency),
            money(report.creator_net, currency),
        ]
        if field.kind == HEARTS:
            row += [money(point.net.low, currency), money(point.net.high, currency), money(report.hearts.direct_value, currency)]
        if field.kind == AUDIENCE:
            row.append(f"{report.hearts.count:,}")
        row.append(SCENARIO_MARK if _is_scenario(sweep, point) else "")
        table.add_row(*row, style="bold" if _is_scenario(sweep, point) else None)
    return Fitted(table)


class SweepChart:
    """The creator net at each point as a bar (the base case), with the low–high band for hearts."""

    def __init__(self, sweep: Sweep) -> None:
        self.sweep = sweep

    def __rich_console__(self, console: "Console", options: "ConsoleOptions") -> "Iterator[Text]":
        from rich.text import Text

        from tiktok_earnings.render.table import money

        sweep, field = self.sweep, self.sweep.field
        currency = sweep.scenario.payout.currency
        band = field.kind == HEARTS
        labels = [value_text(field, point.value) for point in sweep.points]
        amounts = [money(point.net.base, currency) for point in sweep.points]
        label_width, amount_width = max(map(len, labels)), max(map(len, amounts))
        mark_width = len(SCENARIO_MARK) + 1 if any(_is_scenario(sweep, point) for point in sweep.points) else 0
        width = max(MIN_BAR_WIDTH, options.max_width - label_width - amount_width - mark_width - 4)
        top = max(max(point.net) for point in sweep.points)

        def cells(value: Decimal) -> int:
            return int(round_half_up(value * width / top, ONE)) if top > ZERO else 0

        yield Text(f"Creator net by {field.label}" + (" (base case, with the low–high band)" if band else ""), style="bold")
        legend = f"{SOLID} net in every case  {BAND_BELOW} base case within the band  {BAND_ABOVE} band above the base case" \
            if band else f"{SOLID} creator net"
        yield Text(legend + ("" if top > ZERO else "  (zero at every point)"), style="dim")
        for label, amount, point in zip(labels, amounts, sweep.points, strict=True):
            low, high = min(point.net), max(point.net)
            solid, base, upper = cells(low), cells(point.net.base), cells(high)
            line = Text(label.rjust(label_width) + " │")
            line.append(SOLID * solid, style="green")
            line.append(BAND_BELOW * (base - solid), style="green")
            line.append(BAND_ABOVE * (upper - base), style="dim green")
            line.append(" " * (width - upper) + " " + amount.rjust(amount_width))
            if _is_scenario(sweep, point):
                line.append(" " + SCENARIO_MARK, style="bold")
            yield line
        yield Text(" " * label_width + " └" + "─" * width)
        top_text = money(top, currency)
        yield Text(" " * (label_width + 2) + "0" + top_text.rjust(width - 1), style="dim")


def _assumptions(lines: tuple[str, ...]) -> "Group":
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    items = Table.grid(padding=(0, 1))
    items.add_column()
    items.add_column(style="dim")
    for line in lines:
        items.add_row("·", line)
    return Group(Text("Assumptions", style="bold"), items)


ANSWER = "Answer"


def goal_rows(goal: Goal) -> list[tuple[str, str, str, str]]:
    """(what, value, creator net, note) for the answer, one step less, the hearts model's range at the answer, the
    scenario and, where the target is out of reach, the search's bound: the rows of the table and of the page."""
    from tiktok_earnings.render.money import money

    field, currency, now = goal.field, goal.scenario.payout.currency, goal.now
    rows = []
    if goal.answer is None:
        rows.append((ANSWER, "cannot be reached", "", ""))
    else:
        rows.append((ANSWER, quantity(field, goal.answer.value), money(goal.answer.report.creator_net, currency),
                     "reaches the target"))
        if goal.below is not None:
            rows.append(("One step less", quantity(field, goal.below.value), money(goal.below.report.creator_net, currency),
                         "does not"))
        if field.kind == HEARTS:
            net = goal.answer.net
            rows.append(("  low – high ε", "", f"{money(net.low, currency)} – {money(net.high, currency)}",
                         "at the answer, by the hearts model's range"))
    verdict = "reaches the target" if goal.already_reached else "below the target"
    rows.append(("The scenario", quantity(field, now.value), money(now.report.creator_net, currency), verdict))
    if goal.bound is not None and goal.answer is None:
        rows.append(("Search bound", quantity(field, goal.bound.value), money(goal.bound.report.creator_net, currency),
                     f"the most hearts tried (h/k = {SEARCH_BOUND_RATIO})"))
    return rows


def goal_title(goal: Goal) -> str:
    from tiktok_earnings.render.money import money

    return f"Goal: a creator net of at least {money(goal.target, goal.scenario.payout.currency)}, by changing " \
        + _field_name(goal.field)


def goal_outcome(goal: Goal) -> tuple[str, str]:
    """Why the target cannot be reached and what to do; or that the scenario already reaches it; else ("", "")."""
    if goal.answer is None:
        return goal.reason[0].upper() + goal.reason[1:] + ".", f"What to do: {goal.hint}." if goal.hint else ""
    if goal.already_reached:
        return f"The scenario already reaches the target; {quantity(goal.field, goal.answer.value)} is the least that" \
            " still does.", ""
    return "", ""


def goal_view(goal: Goal) -> "Group":
    """What `goal` prints: the answer, the net there and one step below, how it was found, the assumptions."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from tiktok_earnings.render.fit import Fitted

    heading = _heading(goal)
    heading.append(goal_title(goal))
    rows = Table(box=box.SIMPLE, show_header=False, padding=(0, 1))
    rows.add_column("what", style="bold")
    rows.add_column("value")
    rows.add_column("net", justify="right")
    rows.add_column("note", overflow="fold")
    for what, value, net, note in goal_rows(goal):
        answer = what == ANSWER
        style = ("bold green" if goal.reached else "bold red") if answer else ""
        rows.add_row(what, Text(value, style=style), net, note)
    parts: list[RenderableType] = [heading, Fitted(rows)]
    outcome, hint = goal_outcome(goal)
    if goal.answer is None:
        why = Text("Why: ", style="bold")
        why.append(outcome)
        if hint:
            why.append(f" {hint}", style="dim")
        parts += [why, Text()]
    elif outcome:
        parts += [Text(outcome), Text()]
    if goal.notes:
        parts += [Text("\n".join(goal.notes), style="dim"), Text()]
    parts.append(_assumptions(goal.assumptions))
    return Group(*parts)


class SweepView(View[Sweep, Output]):
    """`sweep`'s output: a table with a chart for people, a row per point for scripts."""

    formats = (Format.table, Format.json, Format.csv)

    def table(self, result: Sweep) -> Output:
        return sweep_view(result)

    def json(self, result: Sweep) -> Output:
        return sweep_json(result)

    def csv(self, result: Sweep) -> Output:
        return sweep_csv(result)


class GoalView(View[Goal, Output]):
    """`goal`'s output: the answer, and how it was found."""

    def table(self, result: Goal) -> Output:
        return goal_view(result)

    def json(self, result: Goal) -> Output:
        return goal_json(result)
