"""A LIVE recording's own views: who gave, minute by minute, guests, battles, and TikTok's figure beside it.

The table view of `run FILE.jsonl` shows them under the breakdown (render/run.py); `timeline_svg`
draws the minutes as a self-contained SVG chart (`run FILE.jsonl --export FILE.svg`, and inline in
the `.html` page): no script, no web fonts, nothing fetched (render/svg.py). The figures are the
recording's (live/tally.py); render/json.py writes the same ones as JSON.
"""

from decimal import Decimal

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tiktok_earnings.live.tally import Minute, Recording
from tiktok_earnings.numbers import ONE, ZERO, plain
from tiktok_earnings.render.fit import Fitted
from tiktok_earnings.render.json import reconcile
from tiktok_earnings.render.svg import AXIS, GRID, MUTED, Chart, Scale, document, heading, px, ticks, tooltip
from tiktok_earnings.render.table import percent
from tiktok_earnings.report import Report

TOP = 10  # gifters shown one by one; the rest are one row
CHART_ROWS = 30  # at most this many rows in the terminal chart: longer recordings are drawn a few minutes a row
BAR = 24  # the longest bar, in characters


def recording_views(recording: Recording, report: Report, tiktok_diamonds: int | None = None) -> RenderableType:
    """The gifters, the guests, the battles, the hearts' two windows, the minutes, and TikTok's figure if given."""
    parts: list[RenderableType] = [_gifters(recording)]
    if recording.to_others:
        parts.append(_guests(recording))
    if recording.battles:
        parts.append(_battles(recording))
    parts += [_hearts(recording), Text(), _chart(recording)]
    if tiktok_diamonds is not None:
        parts.append(_reconciliation(recording, report, tiktok_diamonds))
    return Group(*parts)


def shares(recording: Recording) -> tuple[int, Decimal, Decimal]:
    """How many gave the host gifts, and the shares of the host's coins from the top 1 and the top 10."""
    total = sum(gifter.coins for gifter in recording.gifters)
    if not total:
        return len(recording.gifters), Decimal(0), Decimal(0)
    top = [gifter.coins for gifter in recording.gifters[:TOP]]
    return len(recording.gifters), Decimal(top[0]) / total, Decimal(sum(top)) / total


def _gifters(recording: Recording) -> RenderableType:
    gifters = recording.gifters
    total = sum(gifter.coins for gifter in gifters)
    table = Table(title="Who gave (gifts to the host)", title_justify="left", box=box.SIMPLE_HEAD, show_footer=bool(gifters))
    table.add_column("#", justify="right")
    table.add_column("Gifter", footer="Total", overflow="fold")
    table.add_column("User id", style="dim")
    table.add_column("Gifts", justify="right", footer=f"{sum(gifter.gifts for gifter in gifters):,}")
    table.add_column("Coins", justify="right", footer=f"{total:,}")
    table.add_column("Share", justify="right", footer="100.0%" if total else "")
    for rank, gifter in enumerate(gifters[:TOP], 1):
        table.add_row(str(rank), gifter.nickname or "(no name)", gifter.user_id or "–", f"{gifter.gifts:,}",
                      f"{gifter.coins:,}", percent(Decimal(gifter.coins) / total) if total else "")
    rest = gifters[TOP:]
    if rest:
        coins = sum(gifter.coins for gifter in rest)
        table.add_row("", Text(f"the other {len(rest):,}", style="italic"), "", f"{sum(gifter.gifts for gifter in rest):,}",
                      f"{coins:,}", percent(Decimal(coins) / total))
    if not gifters:
        table.add_row("", Text("no gifts to the host", style="dim"), "", "", "", "")
        return Fitted(table, keys=2)
    gave, top1, top10 = shares(recording)
    line = Text(f"{gave:,} gave. The top gifter gave {percent(top1)} of the coins,"
                f" the top {min(TOP, gave)} gave {percent(top10)}.", style="dim")
    return Group(Fitted(table, keys=2), line)


def _guests(recording: Recording) -> Fitted:
    table = Table(title="Gifts to guests (not the host's money)", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Guest", overflow="fold")
    table.add_column("Id", style="dim")
    table.add_column("Gifts", justify="right")
    table.add_column("Coins", justify="right")
    for guest in recording.to_others:
        table.add_row(guest.nickname or "(no name)", guest.to, f"{guest.gifts:,}", f"{guest.coins:,}")
    return Fitted(table)


def _battles(recording: Recording) -> Fitted:
    table = Table(title="Battles (LIVE Match)", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Battle", style="dim")
    table.add_column("From (UTC)")
    table.add_column("To")
    table.add_column("Host's coins", justify="right")
    for battle in recording.battles:
        end = f"{battle.ended_at:%H:%M:%S}" + ("" if battle.ended else " (last seen)")
        table.add_row(battle.battle_id or "(from gifts)", f"{battle.started_at:%H:%M:%S}", end, f"{battle.coins:,}")
    return Fitted(table)


def _hearts(recording: Recording) -> Text:
    before = recording.room_hearts - recording.hearts
    return Text(f"Hearts: {recording.hearts:,} tapped while recording (used above), of the room's {recording.room_hearts:,}"
                f" since the LIVE began ({before:,} before the recording's first like count).", style="dim")


def buckets(timeline: tuple[Minute, ...], rows: int = CHART_ROWS) -> tuple[int, list[tuple[int, int, int]]]:
    """Minutes grouped so that at most `rows` remain: the minutes per row, and each row's (first minute, coins, hearts)."""
    size = max(1, -(-len(timeline) // rows))
    grouped = [(timeline[start].minute, sum(row.coins for row in timeline[start:start + size]),
                sum(row.hearts for row in timeline[start:start + size])) for start in range(0, len(timeline), size)]
    return size, grouped


def _bar(value: int, most: int, block: str) -> str:
    return block * (0 if not most else -(-value * BAR // most))


def _chart(recording: Recording) -> Fitted:
    size, grouped = buckets(recording.timeline)
    most_coins = max((coins for _, coins, _ in grouped), default=0)
    most_hearts = max((hearts for _, _, hearts in grouped), default=0)
    per = "minute" if size == 1 else f"{size} minutes"
    table = Table(title=f"Minute by minute (a row per {per})", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("Min", justify="right")
    table.add_column("Coins to the host", style="yellow")
    table.add_column("", justify="right")
    table.add_column("Hearts", style="magenta")
    table.add_column("", justify="right")
    for minute, coins, hearts in grouped:
        table.add_row(str(minute), _bar(coins, most_coins, "█"), f"{coins:,}", _bar(hearts, most_hearts, "▒"), f"{hearts:,}")
    return Fitted(table)


def _reconciliation(recording: Recording, report: Report, tiktok: int) -> Panel:
    reconciled = reconcile(recording, report, tiktok)
    difference = reconciled.difference
    text = Text()
    text.append(f"TikTok's LIVE summary: {tiktok:,} diamonds. Recorded: {reconciled.recorded:,} (the host's gifts). ")
    if not difference:
        text.append("They agree.", style="bold green")
    else:
        more = "TikTok counted" if difference > 0 else "The recording counted"
        text.append(f"{more} {abs(difference):,} more ({percent(abs(difference) / tiktok) if tiktok else '–'} of TikTok's).",
                    style="bold")
    for reason in reconciled.reasons:
        text.append(f"\n  • {reason}", style="dim")
    return Panel(text, title=Text("Beside TikTok's figure"), title_align="left", border_style="cyan")


# --- the SVG chart ------------------------------------------------------------------------

_WIDTH, _HEIGHT, _LEFT, _RIGHT, _TOP, _BOTTOM = 900, 420, 70, 70, 62, 50
_COINS, _HEARTS = "#d4a017", "#c2185b"


def timeline_svg(recording: Recording, title: str) -> str:
    """The minutes as a standalone SVG picture (timeline_chart)."""
    return timeline_chart(recording, title).svg


def timeline_chart(recording: Recording, title: str) -> Chart:
    """The minutes as an SVG chart: coins to the host as bars (left axis), hearts as a line (right axis).

    The counts are whole numbers: each axis has five round ticks from zero (svg.ticks).
    """
    rows = recording.timeline
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
    coins_ticks = ticks(ZERO, Decimal(max((row.coins for row in rows), default=0)), least_step=ONE, count=4)
    hearts_ticks = ticks(ZERO, Decimal(max((row.hearts for row in rows), default=0)), least_step=ONE, count=4)
    coins_y = Scale(ZERO, coins_ticks[-1], _TOP + plot_h, _TOP)
    hearts_y = Scale(ZERO, hearts_ticks[-1], _TOP + plot_h, _TOP)
    step = plot_w / max(1, len(rows))
    coins, hearts = sum(row.coins for row in rows), sum(row.hearts for row in rows)
    subtitle = (f"Coins to the host (bars, left) and hearts tapped (line, right), per minute; {coins:,} coins,"
                f" {hearts:,} hearts in all")
    body = heading(_LEFT, title, subtitle, _WIDTH - _LEFT - 16)
    for mark in coins_ticks:
        y = coins_y(mark)
        body.append(f'<line x1="{_LEFT}" y1="{px(y)}" x2="{_LEFT + plot_w}" y2="{px(y)}" stroke="{GRID}"/>')
        body.append(f'<text x="{_LEFT - 6}" y="{px(y + 4)}" text-anchor="end" fill="#8a6d0b">{mark:,}</text>')
    for mark in hearts_ticks:
        body.append(f'<text x="{_LEFT + plot_w + 6}" y="{px(hearts_y(mark) + 4)}" fill="{_HEARTS}">{mark:,}</text>')
    for index, row in enumerate(rows):
        top = coins_y(Decimal(row.coins))
        viewers = "–" if row.viewers is None else plain(row.viewers)
        body.append(f'<rect x="{px(_LEFT + index * step + step * 0.1)}" y="{px(top)}" width="{px(step * 0.8)}"'
                    f' height="{px(_TOP + plot_h - top)}" fill="{_COINS}">'
                    + tooltip(f"minute {row.minute}: {row.coins:,} coins, {row.hearts:,} hearts, {viewers} viewers") + "</rect>")
    if rows:
        points = " ".join(f"{px(_LEFT + (index + 0.5) * step)},{px(hearts_y(Decimal(row.hearts)))}"
                          for index, row in enumerate(rows))
        body.append(f'<polyline points="{points}" fill="none" stroke="{_HEARTS}" stroke-width="2"/>')
    every = max(1, len(rows) // 15)
    for index, row in enumerate(rows):
        if index % every == 0:
            body.append(f'<text x="{px(_LEFT + (index + 0.5) * step)}" y="{_TOP + plot_h + 16}" text-anchor="middle"'
                        f' fill="{MUTED}">{row.minute}</text>')
    body.append(f'<text x="{px(_LEFT + plot_w / 2)}" y="{_HEIGHT - 10}" text-anchor="middle" fill="{MUTED}">minute of the'
                " recording</text>")
    body.append(f'<line x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{_LEFT + plot_w}" y2="{_TOP + plot_h}" stroke="{AXIS}"/>')
    busiest = max(rows, key=lambda row: row.coins, default=None)
    description = f"{title}: {subtitle}, over {len(rows)} minute{'s' if len(rows) != 1 else ''}." + (
        f" The most coins came in minute {busiest.minute} ({busiest.coins:,})." if busiest is not None and busiest.coins else "")
    return document(_WIDTH, _HEIGHT, "timeline", title, description, body)
