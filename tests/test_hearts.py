from decimal import Decimal as D

from tiktok_earnings.hearts.model import (
    Engagement,
    Range,
    gift_factors,
    hearts_per_viewer_minute,
    indirect_shares,
    log_growth,
)


def indirect_share(per_viewer_minute, reference, elasticity):
    """The model's share for one elasticity."""
    return indirect_shares(per_viewer_minute, Engagement(reference, Range(elasticity, elasticity, elasticity))).base


def test_hearts_per_viewer_minute():
    assert hearts_per_viewer_minute(48000, D(350), D(90)) == D(48000) / D(31500)
    assert hearts_per_viewer_minute(0, D(10), D(10)) == 0


def test_no_hearts_means_no_indirect_share():
    assert indirect_share(D(0), D(1), D("0.30")) == 0


def test_heavy_tapping_with_high_elasticity_is_about_half_the_gifts():
    # REFERENCE section 6: h/k = 10, eps = 0.30 gives s = 1 - 11^-0.3, about 0.51
    share = indirect_share(D(10), D(1), D("0.30"))
    # 11^-0.3 = exp(-0.3 × ln 11) = exp(-0.7193686) = 0.4870597
    assert D("0.51294") < share < D("0.51295")


def test_share_by_hand_at_one_heart_per_viewer_minute():
    # 2^-0.15 = exp(-0.15 × ln 2) = exp(-0.1039721) = 0.9012505
    assert abs(indirect_share(D(1), D(1), D("0.15")) - D("0.0987495")) < D("0.0000001")


def test_share_rises_with_hearts_and_stays_below_one():
    shares = [indirect_share(D(h), D(1), D("0.30")) for h in (0, 1, 10, 100, 10_000)]
    assert shares == sorted(shares)
    assert all(0 <= s < 1 for s in shares)


def test_default_engagement_is_the_documented_default():
    model = Engagement()
    assert model.is_default
    assert (model.elasticity.low, model.elasticity.base, model.elasticity.high) == (D("0.05"), D("0.15"), D("0.30"))
    assert model.reference_hearts_per_viewer_minute == 1


def test_the_three_shares_match_the_power_formula():
    model = Engagement()
    shares = indirect_shares(D("1.5238"), model)
    for share, eps in ((shares.low, D("0.05")), (shares.base, D("0.15")), (shares.high, D("0.30"))):
        assert abs(share - (1 - (1 + D("1.5238")) ** -eps)) < D("1E-25")


def test_zero_elasticity_means_no_share():
    assert indirect_share(D(5), D(1), D(0)) == 0


def test_log_growth_is_the_logarithm_the_share_is_made_of():
    growth = log_growth(D(3), D(2))  # ln(1 + 3/2)
    assert abs(growth - D("2.5").ln()) < D("1E-27")
    assert indirect_share(D(3), D(2), D("0.2")) == 1 - (-D("0.2") * growth).exp()


def test_gift_factors_match_the_power_formula_in_either_unit():
    elasticity = Range(D("0.05"), D("0.15"), D("0.30"))
    per_viewer_minute = gift_factors(D(1), D(3), D(2), elasticity)  # h = 1 to h′ = 3 hearts per viewer-minute, k = 2
    whole_hearts = gift_factors(100, 300, D(2) * 100, elasticity)  # the same over 100 viewer-minutes
    for factor, other, eps in zip(per_viewer_minute, whole_hearts, elasticity, strict=True):
        expected = ((1 + D(3) / 2) / (1 + D(1) / 2)) ** eps
        assert abs(factor - expected) < D("1E-25") and abs(other - expected) < D("1E-25")


def test_gift_factors_are_one_when_the_hearts_stay_and_the_share_undoes_them():
    elasticity = Range(D("0.05"), D("0.15"), D("0.30"))
    assert gift_factors(D(7), D(7), D(1), elasticity) == Range(D(1), D(1), D(1))
    # from no hearts to h, gifts grow by (1 + h/k)^ε, of which the share s = 1 − (1 + h/k)^−ε is the hearts' part
    factors, shares = gift_factors(D(0), D(4), D(1), elasticity), indirect_shares(D(4), Engagement(D(1), elasticity))
    for factor, share in zip(factors, shares, strict=True):
        assert abs((factor - 1) / factor - share) < D("1E-25")
