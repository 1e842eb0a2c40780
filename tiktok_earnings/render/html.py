"""`--export FILE.html`: one self-contained page per command, tables as HTML tables and the charts inline.

A page needs nothing but itself: the style is inline, there is no script, and its Content-Security-
Policy forbids fetching anything, so a name crafted to load something could not, even if it got
past the escaping. Every text from an input goes through svg.text() (markup escaped, control
characters shown as escapes). Money is written as the terminal writes it (render/money.py); totals
are per currency, never added across currencies.
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings import __version__
from tiktok_earnings.figures import (
    BY_NAME,
    HEARTS,
    MONTHLY,
    OTHER_INCOME,
    SUMMARY,
    SUMMARY_TOTALS,
    TOTAL_INCOME,
    Figure,
    Kind,
    in_group,
)
from tiktok_earnings.groups import Total
from tiktok_earnings.numbers import ONE, ZERO, plain, round_half_up
from tiktok_earnings.render import charts
from tiktok_earnings.render.charts import GROSS, WATERFALL, label
from tiktok_earnings.render.export import Line, run_charts
from tiktok_earnings.render.money import money, withdrawal_warning
from tiktok_earnings.render.outcomes import RunTotals, plural, short_folders
from tiktok_earnings.render.svg import text
from tiktok_earnings.report import Report

if TYPE_CHECKING:
    from tiktok_earnings.live.tally import Recording
    from tiktok_earnings.whatif.compare import Comparison
    from tiktok_earnings.whatif.goal import Goal
    from tiktok_earnings.whatif.points import Point
    from tiktok_earnings.whatif.sweep import Sweep

STYLE = """
body { margin: 0; background: #f6f8fa; color: #1f2328;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 40px; background: #ffffff; }
h1 { font-size: 1.6em; margin: 0 0 .2em; overflow-wrap: break-word; }
h2 { font-size: 1.2em; margin: 1.8em 0 .5em; padding-bottom: .2em; border-bottom: 1px solid #d1d9e0; }
h3 { font-size: 1em; margin: 1.2em 0 .3em; }
.meta, .note, caption { color: #59636e; }
caption { text-align: left; padding: 0 0 .3em; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .4em 0 1em; font-size: .94em; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e6e8eb; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #8c959f; }
th[scope=row] { font-weight: normal; overflow-wrap: break-word; }
.num { text-align: right; } td.num { white-space: nowrap; }
.total td, .total th, tfoot td, tfoot th { font-weight: 600; }
.net td, .net th { color: #1a7f37; font-weight: 600; }
.ok { color: #1a7f37; } .failed { color: #9a6700; font-weight: 600; } .error { color: #cf222e; font-weight: 600; }
figure { margin: 1em 0; } svg { max-width: 100%; height: auto; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em; overflow-wrap: break-word; }
footer { color: #59636e; font-size: .85em; text-align: center; padding: 16px; }
""".strip()
# Nothing may be fetched: no script, no stylesheet, no font, no image other than inline SVG.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def page(title: str, body: Iterable[str]) -> str:
    """A whole HTML document: `title` in the tab, `body` as it is (already escaped)."""
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="tiktok-earnings {__version__}">',
        f"<title>{text(title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        *body,
        "</main>",
        f"<footer>Made with tiktok-earnings {__version__}. Money is rounded as the terminal shows it;"
        " totals are per currency.</footer>",
        "</body>",
        "</html>",
    ]) + "\n"


class Html(str):
    """Markup made here, written into a page as it is; any other text is escaped."""


def escaped(value: str) -> Html:
    return value if isinstance(value, Html) else Html(text(value))


def code(value: str) -> Html:
    """A path or a message in a monospaced font; a path may break after each `/`."""
    return Html("<code>" + text(value).replace("/", "/<wbr>") + "</code>")


class Column(NamedTuple):
    heading: str
    number: bool = False  # right-aligned


def table(columns: Sequence[Column], rows: Iterable[Sequence[str]], *, foot: Iterable[Sequence[str]] = (),
          caption: str = "", classes: Sequence[str] = ()) -> Html:
    """A table whose first cell heads its row. Cells are text, escaped here, or Html; `classes` gives each body
    row's class, in order, where it has one (total, net, group)."""
    def aligned(column: Column) -> str:
        return ' class="num"' if column.number else ""

    def row(cells: Sequence[str], kind: str = "") -> str:
        shown = [f'<th scope="row">{escaped(cells[0])}</th>'] + [
            f"<td{aligned(column)}>{escaped(cell)}</td>" for column, cell in zip(columns[1:], cells[1:], strict=True)]
        return (f'<tr class="{kind}">' if kind else "<tr>") + "".join(shown) + "</tr>"

    head = "".join(f'<th scope="col"{aligned(column)}>{text(column.heading)}</th>' for column in columns)
    body = [row(cells, classes[index] if index < len(classes) else "") for index, cells in enumerate(rows)]
    footer = [row(cells) for cells in foot]
    return Html("\n".join([
        '<div class="scroll"><table>',
        *([f"<caption>{text(caption)}</caption>"] if caption else []),
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>", *body, "</tbody>",
        *(["<tfoot>", *footer, "</tfoot>"] if footer else []),
        "</table></div>",
    ]))


def figure_html(chart: charts.Chart) -> Html:
    return Html(f"<figure>\n{chart.svg}</figure>")


def percent(part: Decimal, whole: Decimal = ONE) -> str:
    """A share with one decimal, rounded half-up as every output rounds: `20.3%`."""
    return f"{round_half_up(part / whole * 100, Decimal('0.1'))}%" if whole else ""


def paragraph(*parts: str, kind: str = "") -> Html:
    """A paragraph of text and Html, a `kind` of note or meta (shown muted) or plain."""
    inner = "".join(escaped(part) for part in parts)
    return Html(f'<p class="{kind}">{inner}</p>' if kind else f"<p>{inner}</p>")


def items(lines: Iterable[str], tag: str = "ul") -> list[str]:
    return [f"<{tag}>", *(f"<li>{escaped(line)}</li>" for line in lines), f"</{tag}>"]


# --- a run over several files ----------------------------------------------------------------------------


def run_page(lines: Sequence[Line], totals: RunTotals, folders: Sequence[Total], names: Mapping[str, str],
             problems: Sequence[str]) -> str:
    """A run: where the money went by creator (charts, then totals by folder), every scenario, every problem."""
    title = f"tiktok-earnings: {plural(totals.outcomes, 'scenario')}"
    body = [f"<h1>{text(title)}</h1>", paragraph(totals.tally(), kind="meta"), "<h2>Where viewers' money went</h2>",
            paragraph("Each bar is what viewers spent, split into what reached the creator and what was taken on the way."
                      " Scenarios are grouped by their folder (a folder per creator), with a chart per currency.", kind="note"),
            *(figure_html(chart) for chart in run_charts(list(folders), names))]
    if folders:
        body += ["<h2>By folder</h2>", *_folder_tables(folders)]
    body += ["<h2>Every scenario</h2>", _summary_table(lines, totals)]
    if problems:
        body += ["<h2>Problems</h2>", *items(code(problem) for problem in problems)]
    return page(title, body)


def _folder_tables(folders: Sequence[Total]) -> list[Html]:
    """Per currency, a row per folder: its scenarios and the sums of the waterfall's figures, then their total."""
    currencies = sorted({group.currency or "" for group in folders})  # by_currency(): never None
    under, names = short_folders(group.group for group in folders)
    columns = [Column("Folder"), Column("Scenarios", True), *(Column(label(figure), True) for figure in WATERFALL)]
    tables = []
    for currency in currencies:
        groups = [group for group in folders if group.currency == currency]
        rows = [[code(names[group.group]), f"{group.scenarios:,}",
                 *(money(group.sums[figure.name], currency) for figure in WATERFALL)] for group in groups]
        sums = [sum((group.sums[figure.name] for group in groups), ZERO) for figure in WATERFALL]
        scenarios = sum(group.scenarios for group in groups)
        foot = [[f"Total {currency}", f"{scenarios:,}", *(money(value, currency) for value in sums)]]
        caption = " ".join(filter(None, [f"In {currency}" if len(currencies) > 1 else "",
                                         f"(folders under {under})" if under else ""]))
        tables.append(table(columns, rows, foot=foot, caption=caption))
    return tables


def _summary_table(lines: Sequence[Line], totals: RunTotals) -> Html:
    """A row per scenario file (figures.SUMMARY), then a total per currency as the terminal's summary has them."""
    columns = [Column("Scenario"), Column("Folder"), Column("Status"), *(Column(label(figure), True) for figure in SUMMARY)]
    rows = []
    _, folders = short_folders(line.folder for line in lines)
    for line in lines:
        status = Html(f'<span class="{line.status}">{text(line.status)}</span>')
        figures = ["—"] * len(SUMMARY) if line.currency is None else [
            "—" if figure.name in MONTHLY and not line.scheduled  # a single stream is not a month
            else money(line.value(figure), line.currency) if figure.money else f"{line.value(figure):,}"
            for figure in SUMMARY]
        rows.append([line.name, code(folders[line.folder]), status, *figures])
    foot = []
    for total in totals.by_currency():
        cells = [_total_cell(figure, total) for figure in SUMMARY]
        foot.append([f"Total {total.currency} ({plural(total.scenarios, 'scenario')})", "", "", *cells])
    return table(columns, rows, foot=foot)


def _total_cell(figure: Figure, total: Total) -> str:
    """A currency's total under one of the summary's columns: blank where the column is not totalled, — where
    the total is not a month (a scenario without `schedule:`)."""
    if figure not in SUMMARY_TOTALS:
        return ""
    value = total.value(figure)
    return "—" if value is None else money(value, total.currency or "") if figure.money else f"{value:,}"


# --- one scenario ------------------------------------------------------------------------------------------


def scenario_page(report: Report, recording: "Recording | None" = None, tiktok_diamonds: int | None = None) -> str:
    """One scenario: its waterfall (chart and table), gifts, hearts, the month; for a recording, its minutes and gifters."""
    scenario, currency = report.scenario, report.currency
    stream = scenario.stream
    facts = [f"{plain(stream.duration_minutes)} min", f"{plain(stream.average_viewers)} average viewers",
             f"{scenario.hearts:,} hearts", f"rates: {scenario.coin_rates.preset}", f"money in {currency}"]
    body = [f"<h1>{text(scenario.name)}</h1>", paragraph(code(scenario.source), " · " + " · ".join(facts), kind="meta"),
            figure_html(charts.waterfall_chart(report)), "<h2>Where the money went</h2>", _waterfall_table(report)]
    if report.reward is not None:
        body.append(paragraph(report.reward.rate.text() + ".", kind="note"))
    warning = withdrawal_warning(report)
    if warning:
        body.append(paragraph(f"Warning: {warning}.", kind="note"))
    body += ["<h2>Gifts</h2>", _gift_table(report), "<h2>Hearts</h2>", *_hearts(report)]
    if scenario.schedule is not None or any(figure.value(report) for figure in in_group(OTHER_INCOME)):
        month = [*in_group(OTHER_INCOME), *in_group(TOTAL_INCOME)]
        rows = ([figure.label, money(figure.value(report), currency)] for figure in month)
        body += ["<h2>A month</h2>", table([Column("Figure"), Column("Amount", True)], rows,
                                            classes=["total" if figure.total else "" for figure in month])]
    if recording is not None:
        body += _recording(recording, report, tiktok_diamonds)
    return page(f"{scenario.name}: tiktok-earnings", body)


def _waterfall_table(report: Report) -> Html:
    rows = [[figure.label, money(figure.value(report), report.currency)] for figure in WATERFALL]
    kinds = ["total" if figure.total else "" for figure in WATERFALL]
    kinds[-1] = "net"
    return table([Column("Step"), Column("Amount", True)], rows, classes=kinds)


def _gift_table(report: Report) -> Html:
    if not report.gifts:
        return paragraph("No gifts in this scenario.", kind="note")
    columns = [Column("Gift"), Column("Coins each", True), Column("Count", True), Column("Coins", True),
               Column("Creator gets", True)]
    rows = [[row.line.name, f"{row.line.coins_each:,}", f"{row.line.count:,}", f"{row.line.coins:,}",
             money(row.creator_gross, report.currency)] for row in report.gifts]
    return table(columns, rows, foot=[["Total", "", "", f"{report.coins:,}", money(GROSS.value(report), report.currency)]])


# The hearts figures (figures.HEARTS): how many, their direct value, then the low, base and high of their indirect
# share and value.
_HEARTS_COUNT = next(figure for figure in in_group(HEARTS) if figure.kind is Kind.COUNT)
_DIRECT, *_INDIRECT = (figure for figure in in_group(HEARTS) if figure.money)
_SHARES = tuple(figure for figure in in_group(HEARTS) if figure.kind is Kind.SHARE)


def _hearts(report: Report) -> list[Html]:
    currency = report.currency
    values = " – ".join(money(figure.value(report), currency) for figure in _INDIRECT)
    shares = " – ".join(percent(figure.value(report)) for figure in _SHARES)
    return [
        paragraph(f"{_HEARTS_COUNT.value(report):,} hearts are worth {money(_DIRECT.value(report), currency)} directly."
                  " Hearts are free; only gifts pay."),
        paragraph(f"Estimated indirect effect on gifts (low – base – high): {values}, that is {shares} of the creator gross:"
                  " part of the gift money, not extra. An estimate from the hearts model, not a measurement.", kind="note"),
    ]


def _recording(recording: "Recording", report: Report, tiktok_diamonds: int | None) -> list[str]:
    from tiktok_earnings.render.recording import TOP, timeline_chart

    gifters = recording.gifters
    coins = Decimal(sum(gifter.coins for gifter in gifters))
    rows = [[gifter.nickname or "(no name)", f"{gifter.gifts:,}", f"{gifter.coins:,}", percent(Decimal(gifter.coins), coins)]
            for gifter in gifters[:TOP]]
    rest = gifters[TOP:]
    if rest:
        rest_coins = sum(gifter.coins for gifter in rest)
        rows.append([f"the other {len(rest):,}", f"{sum(gifter.gifts for gifter in rest):,}", f"{rest_coins:,}",
                     percent(Decimal(rest_coins), coins)])
    parts: list[str] = ["<h2>Minute by minute</h2>", figure_html(timeline_chart(recording, report.scenario.name)),
                        "<h2>Who gave</h2>"]
    parts.append(table([Column("Gifter"), Column("Gifts", True), Column("Coins", True), Column("Share", True)], rows)
                 if rows else paragraph("No gifts to the host.", kind="note"))
    if tiktok_diamonds is not None:
        from tiktok_earnings.render.json import reconcile

        reconciled = reconcile(recording, report, tiktok_diamonds)
        parts.append(paragraph(f"TikTok's LIVE summary: {tiktok_diamonds:,} diamonds; recorded: {reconciled.recorded:,}"
                               f" (difference {reconciled.difference:+,}).", kind="note"))
    return parts


# --- a sweep -------------------------------------------------------------------------------------------------


def sweep_page(sweep: "Sweep") -> str:
    """A sweep: its chart, a row per point, and what it assumes."""
    from tiktok_earnings.render.sweep import SCENARIO_MARK, value_text
    from tiktok_earnings.whatif.fields import HEARTS

    scenario, field, currency = sweep.scenario, sweep.field, sweep.scenario.payout.currency
    points = sweep.points
    banded = field.kind == HEARTS
    shown = (WATERFALL[0], *(figure for figure in WATERFALL[1:] if figure.total))  # spent, gross, net
    columns = [Column(field.label[0].upper() + field.label[1:], True), Column("Coins", True),
               *(Column(label(figure), True) for figure in shown)]
    if banded:
        columns += [Column("Net, low ε", True), Column("Net, high ε", True)]
    rows, kinds = [], []
    for point in points:
        report, mine = point.report, point.value == sweep.current
        cells = [value_text(field, point.value), f"{round_half_up(Decimal(report.coins), ONE):,}",
                 *(money(figure.value(report), currency) for figure in shown)]
        if banded:
            cells += [money(point.net.low, currency), money(point.net.high, currency)]
        rows.append([*cells, SCENARIO_MARK if mine else ""])
        kinds.append("total" if mine else "")
    span = (f" · sweep of {field.name}: {value_text(field, points[0].value)} to {value_text(field, points[-1].value)},"
            f" {len(points)} points · in the scenario: {value_text(field, sweep.current)} · money in {currency}")
    body = [f"<h1>{text(scenario.name)}</h1>", paragraph(code(scenario.source), span, kind="meta"),
            figure_html(charts.sweep_chart(sweep)), "<h2>Every point</h2>", table([*columns, Column("")], rows, classes=kinds),
            "<h2>Assumptions</h2>", *items(sweep.assumptions)]
    return page(f"{scenario.name}: sweep of {field.name}: tiktok-earnings", body)


def goal_page(goal: "Goal", points: "Sequence[Point]") -> str:
    """A goal: the chart of the net on the way to the answer, the answer's table, how it was found, the assumptions."""
    from tiktok_earnings.render.sweep import ANSWER, goal_outcome, goal_rows, goal_title

    scenario = goal.scenario
    rows = goal_rows(goal)
    outcome, hint = goal_outcome(goal)
    body = [f"<h1>{text(scenario.name)}</h1>", paragraph(code(scenario.source), f" · {goal_title(goal)}", kind="meta"),
            figure_html(charts.goal_chart(goal, points)),
            table([Column(""), Column("Value", True), Column("Creator net", True), Column("")], rows,
                  classes=["total" if row[0] == ANSWER else "" for row in rows])]
    body += [paragraph(outcome + (f" {hint}" if hint else ""))] if outcome else []
    body += [paragraph(note, kind="note") for note in goal.notes]
    body += ["<h2>Assumptions</h2>", *items(goal.assumptions)]
    return page(f"{scenario.name}: goal by {goal.field.name}: tiktok-earnings", body)


# --- a comparison --------------------------------------------------------------------------------------------


def comparison_page(comparison: "Comparison") -> str:
    """Scenarios side by side: where their money went (a chart per currency), every setting that differs, every figure."""
    from tiktok_earnings.render.compare import (  # the terminal's table, cell for cell
        GROUPS,
        LABELS,
        NO_SETTINGS,
        SETTINGS_HEADING,
        _cells,
        _dollars,
        _key,
        _money_not_compared,
        _setting_cells,
        _setting_label,
    )
    from tiktok_earnings.render.export import comparison_charts

    columns = comparison.columns
    title = f"{len(columns)} scenarios, compared with the first"
    blank = [""] * len(columns)
    headings = [Column(""), *(Column(column.name + ("" if column.money_compared else f" ({_money_not_compared(column)})"), True)
                              for column in columns)]
    rows: list[list[str]] = [[Html(f"<strong>{text(SETTINGS_HEADING)}</strong>"), *blank]]
    kinds = ["group"]
    for assumption in comparison.assumptions:
        rows.append([_setting_label(assumption), *_setting_cells(assumption, _dollars)])
        kinds.append("")
    if not comparison.assumptions:
        rows.append([NO_SETTINGS, *blank])
        kinds.append("")
    by_field = {row.field: row for row in comparison.fields}
    for group, names in GROUPS:
        rows.append([Html(f"<strong>{text(group)}</strong>"), *blank])
        kinds.append("group")
        for name in names:
            rows.append([LABELS[name], *_cells(by_field[name], columns, money)])
            kinds.append("total" if BY_NAME[name].total else "")
    body = [f"<h1>{text(title)}</h1>",
            *items((Html(f"{text(column.name)} {code(column.source)}") for column in columns), "ol"),
            *(figure_html(chart) for chart in comparison_charts(comparison)),
            "<h2>Settings and figures</h2>", table(headings, rows, classes=kinds), paragraph(_key(columns[0]), kind="note")]
    return page(f"{title}: tiktok-earnings", body)
