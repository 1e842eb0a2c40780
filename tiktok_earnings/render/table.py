"""The breakdown for people: a gift table, a waterfall from viewers' spend to net, a hearts panel."""

from decimal import Decimal

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tiktok_earnings.figures import DEDUCTIONS, MONEY, in_group
from tiktok_earnings.numbers import plain, round_half_up
from tiktok_earnings.render.fit import Fitted
from tiktok_earnings.render.money import money, withdrawal_warning
from tiktok_earnings.report import Report
from tiktok_earnings.rewards import depends_on_length, face_value
from tiktok_earnings.scenario.spec import PAYOUT_FRACTIONS

__all__ = ["breakdown", "money", "percent", "rate"]


def percent(fraction: Decimal) -> str:
    """A share as a percentage with one decimal: 0.12965 -> '13.0%'."""
    return f"{round_half_up(fraction * 100, Decimal('0.1'))}%"


def rate(fraction: Decimal) -> str:
    """A setting as the percentage it was written as: 0.10 -> '10%', 0.025 -> '2.5%'."""
    return f"{plain(fraction * 100)}%"


def breakdown(report: Report) -> RenderableType:
    parts: list[RenderableType] = [_heading(report), Text(), _gift_table(report)]
    if report.scenario.guest_gifts:
        parts.append(_guest_gifts(report))
    parts.append(_waterfall(report))
    if report.reward is not None:
        parts.append(_reward(report))
    parts.append(_hearts_panel(report))
    if _has_the_whole_picture(report):
        parts += [_month_table(report)]
    parts += [_withdrawal(report)]
    return Group(*parts)


def _has_the_whole_picture(report: Report) -> bool:
    """Other income or a schedule: a scenario without them shows the stream alone, as before."""
    scenario = report.scenario
    other = scenario.other_income
    return scenario.schedule is not None or bool(other.creator_rewards or other.subscriptions or other.brand_deals)


def _heading(report: Report) -> Text:
    scenario = report.scenario
    stream, payout = scenario.stream, scenario.payout
    text = Text()
    text.append(scenario.name, style="bold")
    text.append(f"  ({scenario.source})\n", style="dim")
    facts = [
        f"{plain(stream.duration_minutes)} min",
        f"{plain(stream.average_viewers)} average viewers",
        f"{scenario.hearts:,} hearts",
        f"rates: {scenario.coin_rates.preset}",
    ]
    if payout.currency != "USD":
        facts.append(f"{payout.currency} at {plain(payout.fx_rate)} per USD")
    text.append(" · ".join(facts))
    return text


def _gift_table(report: Report) -> Fitted:
    table = Table(title="Gifts", title_justify="left", box=box.SIMPLE_HEAD, show_footer=bool(report.gifts))
    table.add_column("Gift", footer="Total", overflow="fold")
    table.add_column("Id", justify="right")
    table.add_column("Coins each", justify="right")
    table.add_column("Count", justify="right")
    table.add_column("Coins", justify="right", footer=f"{report.coins:,}")
    table.add_column("Creator gets", justify="right", footer=money(report.creator_gross, report.currency))
    for row in report.gifts:
        line = row.line
        table.add_row(
            line.name,
            str(line.gift_id) if line.gift_id is not None else "—" if line.in_catalogue else "custom",
            f"{line.coins_each:,}",
            f"{line.count:,}",
            f"{line.coins:,}",
            money(row.creator_gross, report.currency),
        )
    if not report.gifts:
        table.add_row(Text("no gifts in this scenario", style="dim"), "", "", "", "", "")
    return Fitted(table)


def _guest_gifts(report: Report) -> Fitted:
    """Gift lines with `to:` a guest: what guests received, not the host's money (in no figure of the waterfall)."""
    lines = report.scenario.guest_gifts
    table = Table(title="Guests received (not the host's money)", title_justify="left", box=box.SIMPLE_HEAD, show_footer=True)
    table.add_column("Gift", footer="Total", overflow="fold")
    table.add_column("To", overflow="fold")
    table.add_column("Coins each", justify="right")
    table.add_column("Count", justify="right")
    table.add_column("Coins", justify="right", footer=f"{sum(line.coins for line in lines):,}")
    for line in lines:
        table.add_row(line.name, line.to or "", f"{line.coins_each:,}", f"{line.count:,}", f"{line.coins:,}")
    return Fitted(table)


# What each payout fraction (spec.PAYOUT_FRACTIONS, in the order they come off) is a fraction of: the gross,
# then what the ones before it leave.
_OF = ("of gross", "of what is left", "of the rest")
_SHORT = ("agency", "fees", "tax")  # figures.DEDUCTIONS, in a word each, for the high end of a reward-rate range


def _waterfall(report: Report) -> Fitted:
    scenario, currency = report.scenario, report.currency
    rates, payout = scenario.coin_rates, scenario.payout
    table = Table(title="Where the money went", title_justify="left", box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("step")
    table.add_column("amount", justify="right")
    table.add_column("how", style="dim", overflow="fold")
    hows = (  # how each figure of the waterfall (figures.MONEY) came about, in its order
        f"{report.coins:,} coins at ${plain(rates.viewer_price_per_coin)} each",
        f"{percent(_share(report.platform_share, report.viewer_spend))} of viewers' spend",
        f"{report.diamonds:,} diamonds at " + (f"${plain(rates.payout_per_diamond)}" if report.reward is None else
                                                f"{rate(report.reward.rate.low)} of ${plain(face_value())}"),
        *(f"{rate(getattr(payout, key.name))} {_OF[min(i, len(_OF) - 1)]}" for i, key in enumerate(PAYOUT_FRACTIONS)),
        "",
    )
    waterfall = in_group(MONEY)
    for figure, how in zip(waterfall, hows, strict=True):
        amount = money(figure.value(report), currency)
        if figure is waterfall[-1]:  # the net, where the waterfall ends
            table.add_row(Text(figure.label, style="bold green"), Text(amount, style="bold green"), how)
        elif figure.total:
            table.add_row(Text(figure.label, style="bold"), amount, how)
        else:
            table.add_row(figure.label, amount, how)
    return Fitted(table)


def _reward(report: Report) -> Text:
    """The reward rate and its parts; for a range, the waterfall at its high end."""
    assert report.reward is not None, "shown for a scenario with `rewards:`"
    reward, currency = report.reward, report.currency
    text = Text()
    text.append(reward.rate.text() + ".", style="bold")
    high = reward.high
    if high is not None:
        text.append(f"\nAt the high end ({rate(reward.rate.high)}): creator gross {money(high.creator_gross, currency)}"
                    f" (TikTok and app stores {money(high.platform_share, currency)}), "
                    + "".join(f"− {word} {money(getattr(high, name), currency)}, "
                              for name, word in zip(DEDUCTIONS, _SHORT, strict=True))
                    + f"= creator net {money(high.creator_net, currency)}."
                    " The month and the withdrawal below are at the low end.")
    text.append("\n")
    return text


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return part / whole if whole else Decimal(0)


def _hearts_panel(report: Report) -> Panel:
    hearts, currency = report.hearts, report.currency
    model = report.scenario.engagement
    value, share, elasticity = hearts.indirect_value, hearts.indirect_share, model.elasticity
    lines = Text()
    lines.append(f"{hearts.count:,} hearts are worth {money(hearts.direct_value, currency)} directly.", style="bold")
    lines.append(" Hearts are free; only gifts pay.\n")
    lines.append("Estimated indirect effect on gifts (low – base – high): ")
    lines.append(" – ".join(money(v, currency) for v in (value.low, value.base, value.high)), style="bold")
    lines.append(f"\nThat is {' – '.join(percent(s) for s in (share.low, share.base, share.high))} of the creator gross above:"
                 " part of the gift money, not extra.\n")
    reward = report.reward
    if reward is not None:
        lines.append("Hearts do not change the reward rate" + (
            ": new followers and the stream's length do.\n" if depends_on_length(report.scenario.rewards) else ".\n"))
    which = f"calibrated: {model.calibrated}" if model.calibrated else "default" if model.is_default else "from the scenario"
    lines.append(
        f"Model: share = 1 − (1 + h/k)^−ε with h = {plain(hearts.per_viewer_minute)} hearts per viewer-minute,"
        f" k = {plain(model.reference_hearts_per_viewer_minute)}, ε = {elasticity.low} / {elasticity.base} /"
        f" {elasticity.high} ({which}). " + (
            "A correlation in the creator's own streams, not proof that hearts cause gifts." if model.calibrated
            else "An estimate, not a measurement: no study has measured it."),
        style="dim",
    )
    return Panel(lines, title=Text("Hearts"), title_align="left", border_style="magenta")


def _month_table(report: Report) -> Fitted:
    """The month: LIVE (by the schedule, per stream to per year), then other income, then the total."""
    scenario, currency = report.scenario, report.currency
    table = Table(title="A month", title_justify="left", box=box.SIMPLE_HEAD, show_header=False)
    table.add_column("what", overflow="fold")
    table.add_column("amount", justify="right")
    table.add_column("how", style="dim", overflow="fold")
    projection = report.projection
    if projection is not None:
        streams = plain(projection.streams_per_week)
        table.add_row("LIVE net per stream", money(projection.per_stream.creator_net, currency), "as above")
        table.add_row("LIVE net per week", money(projection.per_week.creator_net, currency), f"{streams} streams a week")
        how = f"{streams} a week × 4.345 weeks = {plain(report.total_income.streams_per_month)} streams"
    else:
        how = "this stream only: add `schedule:` for more"
    table.add_row(Text("LIVE net per month", style="bold"), money(report.total_income.live_net, currency), how)
    other, given = report.other_income, scenario.other_income
    if given.creator_rewards is not None:
        rewards = given.creator_rewards
        table.add_row("+ Creator Rewards", money(other.creator_rewards, currency),
                      f"{rewards.qualified_views:,} qualified views at ${rewards.rpm} per 1,000")
    if given.subscriptions is not None:
        subs = given.subscriptions
        table.add_row("+ LIVE Subscriptions", money(other.subscriptions, currency),
                      f"{subs.subscribers:,} × ${subs.price} × {rate(subs.creator_share)} ({subs.region})")
    for deal, amount in zip(given.brand_deals, other.brand_deals, strict=True):
        table.add_row(f"+ Brand deal: {deal.name}", money(amount, currency), "as entered")
    table.add_row("= Other income", money(other.total, currency), "per month, as entered; hearts change none of it")
    total = Text(money(report.total_income.total, currency), style="bold green")
    table.add_row(Text("= Total income", style="bold green"), total, "LIVE net per month + other income")
    if projection is not None:
        table.add_row("LIVE net per year", money(projection.per_year.creator_net, currency), "12 months; LIVE only")
    return Fitted(table)


def _withdrawal(report: Report) -> Text:
    withdrawal, currency = report.withdrawal, report.currency
    text = Text()
    days = withdrawal.days_for_month
    what = "a month's LIVE net" if report.projection is not None else "this stream's net"
    text.append(f"Withdrawing {what} of {money(withdrawal.month_net, currency)} takes {days} day{'s' * (days != 1)}"
                f" at the {money(withdrawal.daily_cap, currency)} daily cap (minimum {money(withdrawal.minimum, currency)}).",
                style="dim")
    warning = withdrawal_warning(report)
    if warning:
        text.append("\nWarning: " + warning + ".", style="bold yellow")
    return text
