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

from decimal import Decimal

from tiktok_earnings.calculator import Breakdown, GiftEarnings, HeartsEffect
from tiktok_earnings.numbers import SHARE_PLACES, allocate, round_half_up


def rounded(exact: Breakdown) -> Breakdown:
    """The breakdown in the scenario's report currency, rounded for display."""
    payout = exact.scenario.payout

    def money(usd: Decimal) -> Decimal:
        return round_half_up(usd * payout.fx_rate)

    gross = money(exact.creator_gross)
    after_agency = money(exact.creator_gross - exact.agency_commission)
    after_fees = money(exact.creator_gross - exact.agency_commission - exact.withdrawal_fees)
    net = money(exact.creator_net)
    viewer_spend = money(exact.viewer_spend)
    gift_gross = allocate([gift.creator_gross * payout.fx_rate for gift in exact.gifts])
    hearts = exact.hearts
    return Breakdown(
        scenario=exact.scenario,
        currency=payout.currency,
        gifts=tuple(GiftEarnings(gift.line, shown) for gift, shown in zip(exact.gifts, gift_gross, strict=True)),
        coins=exact.coins,
        diamonds=exact.diamonds,
        viewer_spend=viewer_spend,
        platform_share=viewer_spend - gross,
        creator_gross=gross,
        agency_commission=gross - after_agency,
        withdrawal_fees=after_agency - after_fees,
        tax=after_fees - net,
        creator_net=net,
        hearts=HeartsEffect(
            count=hearts.count,
            per_viewer_minute=round_half_up(hearts.per_viewer_minute, SHARE_PLACES),
            direct_value=money(hearts.direct_value),
            indirect_share=hearts.indirect_share.map(lambda share: round_half_up(share, SHARE_PLACES)),
            indirect_value=hearts.indirect_value.map(money),
        ),
    )
