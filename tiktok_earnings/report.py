"""The figures as shown: converted to the report currency and rounded once, half-up to cents.

Rounding each figure on its own would let displayed rows drift a cent from displayed totals. So
the waterfall rounds its running subtotals (gross, after agency, after fees, net) and shows each
deduction as the difference of two rounded subtotals, and gift rows are allocated by largest
remainder. Displayed figures then obey the identities exactly:

    viewer_spend = platform_share + creator_gross
    creator_net  = creator_gross − agency_commission − withdrawal_fees − tax
    Σ gift rows' creator_gross = creator_gross

and each one is within a cent of its exact value.
"""

from dataclasses import dataclass
from decimal import Decimal

from tiktok_earnings.calculator import Breakdown
from tiktok_earnings.hearts import Range
from tiktok_earnings.numbers import SHARE_PLACES, allocate, round_half_up
from tiktok_earnings.scenario import Scenario


@dataclass(frozen=True)
class GiftRow:
    gift: str
    gift_id: int | None
    coins_each: int
    count: int
    coins: int
    creator_gross: Decimal


@dataclass(frozen=True)
class HeartsRow:
    count: int
    per_viewer_minute: Decimal
    direct_value: Decimal
    indirect_share: Range
    indirect_value: Range


@dataclass(frozen=True)
class Report:
    scenario: Scenario
    currency: str
    coins: int
    diamonds: Decimal
    viewer_spend: Decimal
    platform_share: Decimal
    creator_gross: Decimal
    agency_commission: Decimal
    withdrawal_fees: Decimal
    tax: Decimal
    creator_net: Decimal
    hearts: HeartsRow
    gifts: tuple[GiftRow, ...]


def build_report(breakdown: Breakdown) -> Report:
    fx = breakdown.scenario.payout.fx_rate

    def money(usd: Decimal) -> Decimal:
        return round_half_up(usd * fx)

    b = breakdown
    viewer_spend = money(b.viewer_spend)
    gross = money(b.creator_gross)
    after_agency = money(b.creator_gross - b.agency_commission)
    after_fees = money(b.creator_gross - b.agency_commission - b.withdrawal_fees)
    net = money(b.creator_net)
    gift_gross = allocate([gift.creator_gross * fx for gift in b.gifts])
    hearts = b.hearts
    return Report(
        scenario=b.scenario,
        currency=b.scenario.payout.currency,
        coins=b.coins,
        diamonds=b.diamonds,
        viewer_spend=viewer_spend,
        platform_share=viewer_spend - gross,
        creator_gross=gross,
        agency_commission=gross - after_agency,
        withdrawal_fees=after_agency - after_fees,
        tax=after_fees - net,
        creator_net=net,
        hearts=HeartsRow(
            count=hearts.count,
            per_viewer_minute=round_half_up(hearts.per_viewer_minute, SHARE_PLACES),
            direct_value=money(hearts.direct_value),
            indirect_share=hearts.indirect_share.map(lambda share: round_half_up(share, SHARE_PLACES)),
            indirect_value=hearts.indirect_value.map(money),
        ),
        gifts=tuple(
            GiftRow(g.line.name, g.line.gift_id, g.line.coins_each, g.line.count, g.line.coins, row_gross)
            for g, row_gross in zip(b.gifts, gift_gross, strict=True)
        ),
    )
