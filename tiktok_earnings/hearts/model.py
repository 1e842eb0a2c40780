"""The hearts model: hearts are worth nothing directly; this estimates their pull on gifts.

No published study measures how likes drive gifts, so this is an estimate under a stated model,
with a range (README, "Do hearts pay?"):

    h = hearts / (average viewers × minutes)          hearts per viewer-minute
    s(ε) = 1 − (1 + h/k) ^ (−ε)                       share of gift money attributed to hearts

that is, gift money grows with the hearts rate as (1 + h/k)^ε. This module is the one place that
formula is computed: the share (`indirect_shares`), the change in gift money when the hearts change
(`gift_factors`, for `sweep` and `goal`) and the logarithm `calibrate` fits against (`log_growth`).

k is a reference rate (default 1 heart per viewer-minute) and ε an elasticity given as low, base
and high (defaults 0.05, 0.15, 0.30). At h = 0 the share is 0; it rises with h and stays below 1.
With h/k = 10 and ε = 0.30 it is about 0.51: gifts roughly doubled, the upper anchor from Ghose,
Mayya & Yu (2022), where encouraging free gifts raised paid gifting by 105%.
"""

from decimal import Decimal
from typing import NamedTuple

from tiktok_earnings.numbers import ONE, ZERO

DEFAULT_REFERENCE_RATE = Decimal(1)
EVIDENCE_RATIO = Decimal(10)  # the model's evidence reaches about h/k = 10 (gifts roughly doubled); beyond, an extrapolation


class Range(NamedTuple):
    low: Decimal
    base: Decimal
    high: Decimal

    def map(self, function) -> "Range":
        return Range(function(self.low), function(self.base), function(self.high))


DEFAULT_ELASTICITY = Range(Decimal("0.05"), Decimal("0.15"), Decimal("0.30"))


class Engagement(NamedTuple):
    """The hearts model's settings.

    `calibrated` is a note written by `tiktok-earnings calibrate` beside the elasticities it fitted
    from the creator's own streams ("24 streams, …: ε 0.124 (90% CI 0.088 to 0.160), R² 0.61"), so that a
    report can say where they came from; None when they are the defaults or set by hand.
    """

    reference_hearts_per_viewer_minute: Decimal = DEFAULT_REFERENCE_RATE
    elasticity: Range = DEFAULT_ELASTICITY
    calibrated: str | None = None

    @property
    def is_default(self) -> bool:
        return self == Engagement()


def hearts_per_viewer_minute(hearts: int, average_viewers: Decimal, minutes: Decimal) -> Decimal:
    return Decimal(hearts) / (average_viewers * minutes)


def log_growth(per_viewer_minute: Decimal, reference: Decimal) -> Decimal:
    """ln(1 + h/k): gift money grows with the hearts rate h as (1 + h/k)^ε, so its logarithm by ε times this."""
    return (ONE + per_viewer_minute / reference).ln()


def indirect_shares(per_viewer_minute: Decimal, model: Engagement) -> Range:
    """s = 1 − (1 + h/k)^(−ε) for the low, base and high ε: the share of gift money put down to hearts.

    Computed as 1 − exp(−ε · ln(1 + h/k)) with the logarithm taken once: the same number, and three
    Decimal powers would cost a third of a batch run's time.
    """
    if per_viewer_minute == ZERO:
        return Range(ZERO, ZERO, ZERO)
    growth = log_growth(per_viewer_minute, model.reference_hearts_per_viewer_minute)
    return model.elasticity.map(lambda elasticity: ONE - (-elasticity * growth).exp())


def gift_factors(hearts: Decimal | int, new_hearts: Decimal | int, reference: Decimal, elasticity: Range) -> Range:
    """((1 + h′/k) / (1 + h/k))^ε for the low, base and high ε: how gift money changes when h becomes h′.

    The ratio is taken as (k + h′) / (k + h), which is the same, so the three may be in any one unit:
    hearts per viewer-minute with k, or whole hearts with k × viewer-minutes. One logarithm, then
    exp(ε · ln ratio) for each ε, as in indirect_shares.
    """
    log_ratio = ((reference + new_hearts) / (reference + hearts)).ln()
    return elasticity.map(lambda each: (each * log_ratio).exp())

