"""A comparison (compare.py) for people (a Rich table, Markdown) and for scripts (JSON, CSV).

The views for people show the settings that differ first, then the figures grouped as money
(the waterfall from viewers' spend to net), coins and diamonds, and hearts. Each scenario after the
first shows, beside a figure that differs from the first's, the difference and the change in
percent: `$55.65 (-$14.18, -20.3%)`; `n/a` where the first's figure is 0. A figure shown alone is
the same as the first's. Shares (the hearts model) are percentages, so their differences are in
percentage points (`pp`). Money of a scenario in another currency than the first is shown alone,
and its column says it is not compared.

The views for scripts hold every figure exactly as reported, with null (JSON) or an empty cell
(CSV) where there is no difference: the first scenario, money in another currency, a percent
change from 0. Only the table needs Rich, and it is imported there: JSON, CSV and Markdown never
load it.
"""

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from tiktok_earnings.figures import BY_NAME, COINS_AND_DIAMONDS, FIGURES, HEARTS, MONEY, names
from tiktok_earnings.numbers import plain, round_half_up
from tiktok_earnings.render.json_text import JsonWriter
from tiktok_earnings.render.markdown import code_span, escape_cell, money_with_code, table_row
from tiktok_earnings.render.output import Format, Output, View
from tiktok_earnings.scenario.spec import SCENARIO_KEYS
from tiktok_earnings.whatif.compare import PERCENT_STEP, Assumption, Column, Comparison, FieldComparison

if TYPE_CHECKING:
    from rich.console import ConsoleRenderable

NOT_APPLICABLE = "n/a"

LABELS = {figure.name: figure.label for figure in FIGURES}
# The figures for people, in groups: the money waterfall first, as a breakdown shows it.
GROUPS = tuple((group, names(group)) for group in (MONEY, COINS_AND_DIAMONDS, HEARTS))
SETTING_LABELS = {key.path: key.compare_label for key in SCENARIO_KEYS if key.compare}
SETTINGS_HEADING = "Settings that differ"
NO_SETTINGS = "none: every setting is the same"

Money = Callable[[Decimal, str], str]


# --- for people: the table and Markdown ------------------------------------------------------


def _figure(kind: str, value: Decimal, currency: str, money: Money) -> str:
    if kind == "money":
        return money(value, currency)
    if kind == "share":
        return f"{round_half_up(value * 100, PERCENT_STEP)}%"
    return f"{value:,}"


def _difference(kind: str, difference: Decimal, currency: str, money: Money) -> str:
    if kind == "money":
        return ("+" if difference > 0 else "") + money(difference, currency)
    if kind == "share":
        return f"{round_half_up(difference * 100, PERCENT_STEP):+} pp"
    return f"{difference:+,}"


def _change(change: Decimal | None) -> str:
    return NOT_APPLICABLE if change is None else f"{change:+}%"


def _cells(row: FieldComparison, columns: tuple[Column, ...], money: Money) -> list[str]:
    """Each scenario's figure, with its difference and change where it differs from the first's."""
    cells = []
    for column, value, difference, change in zip(columns, row.values, row.differences, row.changes, strict=True):
        text = _figure(row.kind, value, column.currency, money)
        if difference:  # None for the first and for money not compared; 0 when the same
            text += f" ({_difference(row.kind, difference, column.currency, money)}, {_change(change)})"
        cells.append(text)
    return cells


def _setting_label(assumption: Assumption) -> str:
    return f"Gifts: {assumption.gift}" if assumption.setting == "gifts" else SETTING_LABELS[assumption.setting]


def _setting_value(kind: str, value: str | int | Decimal, usd: Callable[[str], str]) -> str:
    if isinstance(value, str):  # kind "text"
        return value
    if kind == "count":
        return f"{value:,}"
    number = Decimal(value)
    if kind == "usd":
        return usd(plain(number))
    if kind == "fraction":
        return f"{plain(number * 100)}%"
    return plain(number)


def _setting_cells(assumption: Assumption, usd: Callable[[str], str]) -> list[str]:
    """Each scenario's value of a setting; `usd` writes a rate in dollars (unrounded: `$0.0133`)."""
    return [_setting_value(assumption.kind, value, usd) for value in assumption.values]


def _dollars(rate: str) -> str:
    return f"${rate}"


def _usd_code(rate: str) -> str:
    """As Markdown money is written, `0.0133 USD`: two `$` in a line may start a math span on GitHub."""
    return f"{rate} USD"


def _rows_by_field(comparison: Comparison) -> dict[str, FieldComparison]:
    return {row.field: row for row in comparison.fields}


def _money_not_compared(column: Column) -> str:
    return f"{column.currency}: money not compared"


def _key(first: Column) -> str:
    return (f"In brackets: the difference to the first scenario, {first.name}, and the change in percent"
            f" ({NOT_APPLICABLE} where the first's figure is 0). A figure shown alone is the same as the first's.")


def comparison_table(comparison: Comparison) -> "ConsoleRenderable":
    """The settings that differ, then every figure, one column per scenario; the sources above."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from tiktok_earnings.render.fit import Fitted
    from tiktok_earnings.render.table import money

    columns = comparison.columns
    first = columns[0]
    heading = Text(f"{len(columns)} scenarios, compared with the first", style="bold")
    for number, column in enumerate(columns, start=1):
        heading.append(f"\n{number}. {column.name}", style="not bold")
        heading.append(f"  ({column.source})", style="dim")

    table = Table(box=box.SIMPLE_HEAD, collapse_padding=True)
    table.add_column("", overflow="fold")
    for column in columns:
        header = Text(column.name, style="bold")
        if not column.money_compared:
            header.append("\n" + _money_not_compared(column), style="yellow")
        table.add_column(header, justify="right")

    def group(title: str) -> None:
        table.add_row(Text(title, style="bold"), *[""] * len(columns))

    group(SETTINGS_HEADING)
    for assumption in comparison.assumptions:
        table.add_row(_setting_label(assumption), *_setting_cells(assumption, _dollars))
    if not comparison.assumptions:
        table.add_row(Text(NO_SETTINGS, style="dim"), *[""] * len(columns))
    rows = _rows_by_field(comparison)
    for title, fields in GROUPS:
        table.add_section()
        group(title)
        for field in fields:
            row = rows[field]
            label = Text(LABELS[field], style="bold" if BY_NAME[field].total else "")
            same = [index > 0 and difference == 0 for index, difference in enumerate(row.differences)]
            cells = [Text(cell, style="dim" if dim else "") for cell, dim in zip(_cells(row, columns, money), same, strict=True)]
            table.add_row(label, *cells)
    return Group(heading, Fitted(table), Text(_key(first), style="dim"))


def comparison_markdown(comparison: Comparison) -> str:
    """A GitHub-flavoured table for a pull-request comment or a job summary, the sources below it."""
    columns = comparison.columns
    first = columns[0]
    header = [""] + [escape_cell(column.name) + (f" ({_money_not_compared(column)})" if not column.money_compared else "")
                     for column in columns]
    blank = [""] * len(columns)
    lines = [f"### tiktok-earnings: {len(columns)} scenarios compared", "", escape_cell(_key(first)), ""]
    lines += [table_row(header), table_row([":---"] + ["---:"] * len(columns))]
    lines.append(table_row([f"**{SETTINGS_HEADING}**", *blank]))
    for assumption in comparison.assumptions:
        cells = [_setting_label(assumption), *_setting_cells(assumption, _usd_code)]
        lines.append(table_row([escape_cell(cell) for cell in cells]))
    if not comparison.assumptions:
        lines.append(table_row([f"*{NO_SETTINGS}*", *blank]))
    rows = _rows_by_field(comparison)
    for title, fields in GROUPS:
        lines.append(table_row([f"**{title}**", *blank]))
        lines += [table_row([LABELS[field], *_cells(rows[field], columns, money_with_code)]) for field in fields]
    lines += ["", "Scenarios:", ""]
    lines += [f"{number}. **{escape_cell(column.name)}**: {code_span(column.source)}"
              for number, column in enumerate(columns, start=1)]
    return "\n".join(lines) + "\n"


# --- for scripts: JSON and CSV ---------------------------------------------------------------


def _json_number(field: str, value: Decimal | None) -> int | str | None:
    """As in `run --format json`: counts are integers, everything else an exact decimal string."""
    return None if value is None else BY_NAME[field].json(value)


def exact(field: str, value: Decimal) -> str:
    """As `run --format csv` writes the figure."""
    return BY_NAME[field].text(value)


def _json_setting(kind: str, value: str | int | Decimal) -> str | int:
    return value if isinstance(value, (str, int)) else plain(value)


def comparison_json(comparison: Comparison) -> str:
    """`{"schema_version": 1, "scenarios": [...], "assumptions": [...], "fields": [...]}`, an item a line.

    Each list in `assumptions` and `fields` has one entry per scenario, in the order of `scenarios`;
    `differences` and `percent` are null for the first scenario, for money in another currency than
    the first's, and (`percent`) where the first's figure is 0. `percent` is a decimal string with
    one decimal, `"-20.3"`. As with `run --format json`, pipe it through `jq .` to read it indented.
    """
    scenarios = [
        {"name": column.name, "source": column.source, "currency": column.currency, "money_compared": column.money_compared}
        for column in comparison.columns
    ]
    assumptions = [
        {"setting": assumption.setting, "gift": assumption.gift or None,
         "values": [_json_setting(assumption.kind, value) for value in assumption.values]}
        for assumption in comparison.assumptions
    ]
    fields = [
        {
            "field": row.field,
            "kind": row.kind,
            "values": [_json_number(row.field, value) for value in row.values],
            "differences": [_json_number(row.field, value) for value in row.differences],
            "percent": [None if change is None else str(change) for change in row.changes],
        }
        for row in comparison.fields
    ]
    json = JsonWriter()
    lists = "".join(json.items(key, items) for key, items in
                    (("scenarios", scenarios), ("assumptions", assumptions), ("fields", fields)))
    return json.start() + lists + json.finish()


def csv_columns(scenarios: int) -> list[str]:
    """`field, value_1`, then `value_K, difference_K, percent_K` for each scenario K after the first."""
    columns = ["field", "value_1"]
    for number in range(2, scenarios + 1):
        columns += [f"value_{number}", f"difference_{number}", f"percent_{number}"]
    return columns


def comparison_csv(comparison: Comparison) -> str:
    """One row per field, every numeric field by its dotted name, after three rows that say which
    scenario each column is: `name`, `source` and `currency`. Numbers are plain, as `run --format
    csv` writes them; a cell without a difference or a percent change is empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = comparison.columns
    writer.writerow(csv_columns(len(columns)))
    for name in ("name", "source", "currency"):
        values = [getattr(column, name) for column in columns]
        writer.writerow([name, values[0], *(cell for value in values[1:] for cell in (value, "", ""))])
    for row in comparison.fields:
        cells = [row.field, exact(row.field, row.values[0])]
        for value, difference, change in zip(row.values[1:], row.differences[1:], row.changes[1:], strict=True):
            cells += [exact(row.field, value), "" if difference is None else exact(row.field, difference),
                      "" if change is None else str(change)]
        writer.writerow(cells)
    return buffer.getvalue()


class ComparisonView(View[Comparison, Output]):
    """`compare`'s output, in every format."""

    formats = (Format.table, Format.json, Format.csv, Format.markdown)

    def table(self, result: Comparison) -> Output:
        return comparison_table(result)

    def json(self, result: Comparison) -> Output:
        return comparison_json(result)

    def csv(self, result: Comparison) -> Output:
        return comparison_csv(result)

    def markdown(self, result: Comparison) -> Output:
        return comparison_markdown(result)
