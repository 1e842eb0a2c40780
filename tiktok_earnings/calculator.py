"""Where every dollar of a stream went, computed exactly in USD.

    coins          = Σ count × coin price              diamonds = coins × diamonds_per_coin
    viewer_spend   = coins × viewer_price_per_coin     creator_gross = diamonds × payout_per_diamond
    platform_share = viewer_spend − creator_gross      (TikTok's and the app stores' part)
    agency         = gross × agency_commission
    fees           = (gross − agency) × withdrawal_fee
    tax            = (gross − agency − fees) × tax_rate
    creator_net    = gross − agency − fees − tax

Hearts add exactly $0 directly. The hearts model (hearts.py) attributes a share of the gift
money to them: an estimate that is part of creator_gross, never extra money on top of it.
Nothing here rounds; report.py converts to the report currency and rounds once, for display.
"""

from decimal import Decimal
from typing import NamedTuple

from tiktok_earnings.hearts import Range, hearts_per_viewer_minute, indirect_shares
from tiktok_earnings.numbers import ZERO
from tiktok_earnings.scenario import GiftLine, Scenario


class GiftEarnings(NamedTuple):
    line: GiftLine
    creator_gross: Decimal


class HeartsEffect(NamedTuple):
    count: int
    per_viewer_minute: Decimal
    direct_value: Decimal  # always zero: hearts are free and carry no cash value
    indirect_share: Range  # share of gift money the model attributes to hearts
    indirect_value: Range  # that share of creator_gross: part of it, not extra


class Breakdown(NamedTuple):
    scenario: Scenario
    currency: str  # of every money figure: USD as calculated; the report currency once rounded
    gifts: tuple[GiftEarnings, ...]
    coins: int
    diamonds: Decimal
    viewer_spend: Decimal
    platform_share: Decimal
    creator_gross: Decimal
    agency_commission: Decimal
    withdrawal_fees: Decimal
    tax: Decimal
    creator_net: Decimal
    hearts: HeartsEffect


def calculate(scenario: Scenario) -> Breakdown:
    rates, payout = scenario.coin_rates, scenario.payout
    gifts = tuple(
        GiftEarnings(line, line.coins * rates.creator_per_coin)
        for line in scenario.gifts
    )
    coins = sum(line.coins for line in scenario.gifts)
    diamonds = coins * rates.diamonds_per_coin
    viewer_spend = coins * rates.viewer_price_per_coin
    gross = diamonds * rates.payout_per_diamond
    agency = gross * payout.agency_commission
    fees = (gross - agency) * payout.withdrawal_fee
    tax = (gross - agency - fees) * payout.tax_rate
    return Breakdown(
        scenario=scenario,
        currency="USD",
        gifts=gifts,
        coins=coins,
        diamonds=diamonds,
        viewer_spend=viewer_spend,
        platform_share=viewer_spend - gross,
        creator_gross=gross,
        agency_commission=agency,
        withdrawal_fees=fees,
        tax=tax,
        creator_net=gross - agency - fees - tax,
        hearts=hearts_effect(scenario, gross),
    )


def hearts_effect(scenario: Scenario, creator_gross: Decimal) -> HeartsEffect:
    model = scenario.engagement
    stream = scenario.stream
    per_viewer_minute = hearts_per_viewer_minute(scenario.hearts, stream.average_viewers, stream.duration_minutes)
    shares = indirect_shares(per_viewer_minute, model)
    return HeartsEffect(
        count=scenario.hearts,
        per_viewer_minute=per_viewer_minute,
        direct_value=ZERO,
        indirect_share=shares,
        indirect_value=shares.map(lambda share: share * creator_gross),
    )
