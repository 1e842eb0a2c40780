"""The statistics `calibrate` needs, in Decimal: Student's t quantile and an ordinary least-squares line.

Everything is Decimal, like the money: logarithms, square roots and the t quantile (computed
here, in plain Python, from the closed form of Student's distribution) included, so that the
results are the same on every machine.
"""

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from tiktok_earnings.hearts.model import Range
from tiktok_earnings.numbers import ONE, ZERO

CONFIDENCE = Decimal("0.90")  # two-sided: ε ± t(0.95, n − 2) · SE


# --- Student's t --------------------------------------------------------------------------------

EXACT_DEGREES = 300  # up to here the quantile inverts the exact distribution; beyond, the Cornish-Fisher expansion
_TOLERANCE = Decimal("1E-15")


def student_t_quantile(probability: Decimal, degrees_of_freedom: int | None) -> Decimal:
    """The t with P(T <= t) = probability (between 0.5 and 1) for Student's t; None degrees: the normal.

    Up to EXACT_DEGREES the answer inverts, by bisection, the closed form of the distribution for
    whole degrees of freedom ν (Abramowitz & Stegun 26.7.3 and 26.7.4), with θ = arctan(t/√ν):

        P(|T| <= t) = sin θ · (1 + ½cos²θ + (1·3)/(2·4)cos⁴θ + … + (1·3⋯(ν−3))/(2·4⋯(ν−2))cos^(ν−2)θ)   ν even
        P(|T| <= t) = (2/π)(θ + sin θ cos θ (1 + ⅔cos²θ + … + (2·4⋯(ν−3))/(3·5⋯(ν−2))cos^(ν−3)θ))   ν odd

    which is exact to the precision of the bisection (1E-15). Beyond, it is the Cornish-Fisher
    expansion around the normal quantile z to 1/ν⁴ (A&S 26.7.5), whose error there is below 1E-12.
    Known values: t(0.95, 5) = 2.015, t(0.95, 10) = 1.812, t(0.95, 30) = 1.697, z(0.95) = 1.645.
    """
    if not Decimal("0.5") < probability < ONE:
        raise ValueError(f"probability must be between 0.5 and 1, not {probability}")
    if degrees_of_freedom is not None and degrees_of_freedom < 1:
        raise ValueError(f"degrees of freedom must be at least 1, not {degrees_of_freedom}")
    return _t_quantile(probability, degrees_of_freedom)


@functools.cache
def _t_quantile(probability: Decimal, degrees_of_freedom: int | None) -> Decimal:
    central = 2 * probability - 1
    if degrees_of_freedom is None:
        return _increasing_root(_normal_central, central)
    if degrees_of_freedom > EXACT_DEGREES:
        return _cornish_fisher(_increasing_root(_normal_central, central), Decimal(degrees_of_freedom))
    return _increasing_root(lambda t: _t_central(t, degrees_of_freedom), central)


def _t_central(t: Decimal, df: int) -> Decimal:
    """P(|T| <= t) for Student's t with df degrees of freedom (the closed form above)."""
    nu = Decimal(df)
    cos2 = nu / (nu + t * t)
    sin = t / (nu + t * t).sqrt()
    total = term = ONE
    if df % 2 == 0:
        for j in range(1, (df - 2) // 2 + 1):
            term = term * (2 * j - 1) / (2 * j) * cos2
            total += term
        return sin * total
    theta = _arctan(t / nu.sqrt())
    if df == 1:
        return 2 * theta / _pi()
    for j in range(1, (df - 3) // 2 + 1):
        term = term * (2 * j) / (2 * j + 1) * cos2
        total += term
    return 2 * (theta + sin * cos2.sqrt() * total) / _pi()


def _normal_central(z: Decimal) -> Decimal:
    """P(|Z| <= z) = erf(z/√2), with erf(x) = (2/√π)·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3⋯(2n+1)): all terms positive."""
    x = z / Decimal(2).sqrt()
    total = term = x
    n = 0
    while term > total * Decimal("1E-30"):
        n += 1
        term = term * 2 * x * x / (2 * n + 1)
        total += term
    return 2 / _pi().sqrt() * (-x * x).exp() * total


def _cornish_fisher(z: Decimal, nu: Decimal) -> Decimal:
    z2 = z * z
    g1 = (z2 + 1) * z / 4
    g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
    g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
    g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
    return z + g1 / nu + g2 / nu**2 + g3 / nu**3 + g4 / nu**4


def _increasing_root(function: Callable[[Decimal], Decimal], target: Decimal) -> Decimal:
    """The x >= 0 where an increasing function from [0, ∞) to [0, 1) reaches `target`, by bisection."""
    low, high = ZERO, ONE
    while function(high) < target:
        low, high = high, high * 2
    while high - low > _TOLERANCE:
        middle = (low + high) / 2
        if function(middle) < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _arctan(y: Decimal) -> Decimal:
    """arctan(y) for y >= 0: halve the angle, tan(θ/2) = y / (1 + √(1 + y²)), until y is small; then the series."""
    halvings = 0
    while y > Decimal("0.1"):
        y = y / (ONE + (ONE + y * y).sqrt())
        halvings += 1
    total, power, y2, n = ZERO, y, y * y, 1
    while power > Decimal("1E-32"):
        total += power / n if n % 4 == 1 else -power / n
        power *= y2
        n += 2
    return total * 2**halvings


@functools.cache
def _pi() -> Decimal:
    return 4 * _arctan(ONE)


# --- least squares ------------------------------------------------------------------------------


class Fit(NamedTuple):
    """A least-squares line y = a + ε·x; for calibrate, x is log(1 + h/k) and y log(gift coins per viewer-minute)."""

    elasticity: Decimal  # ε, the slope
    intercept: Decimal  # a
    standard_error: Decimal  # of ε
    t_quantile: Decimal  # t(0.95, n − 2)
    degrees_of_freedom: int
    interval: Range  # ε − t·SE, ε, ε + t·SE: the 90% confidence interval, around the fitted ε
    r_squared: Decimal | None  # None when gift coins per viewer-minute are the same in every stream
    spread: Decimal  # standard deviation of log(1 + h/k) over the streams


def least_squares(xs: list[Decimal], ys: list[Decimal]) -> Fit:
    """The ordinary least-squares line y = a + ε·x, with ε's standard error and 90% interval (len(xs) >= 3)."""
    n = len(xs)
    mean_x, mean_y = sum(xs, ZERO) / n, sum(ys, ZERO) / n
    sxx = sum(((x - mean_x) ** 2 for x in xs), ZERO)
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), ZERO)
    syy = sum(((y - mean_y) ** 2 for y in ys), ZERO)
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    residual = sum(((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True)), ZERO)
    degrees = n - 2
    error = (residual / degrees / sxx).sqrt()
    t = student_t_quantile((1 + CONFIDENCE) / 2, degrees)
    r_squared = max(ZERO, ONE - residual / syy) if len(set(ys)) > 1 and syy > 0 else None
    return Fit(slope, intercept, error, t, degrees, Range(slope - t * error, slope, slope + t * error), r_squared,
               (sxx / (n - 1)).sqrt())


def standard_deviation(values: list[Decimal]) -> Decimal:
    """The sample standard deviation (n − 1 in the denominator; at least two values)."""
    mean = sum(values, ZERO) / len(values)
    return (sum(((value - mean) ** 2 for value in values), ZERO) / (len(values) - 1)).sqrt()


def median(values: list[Decimal]) -> Decimal:
    """The middle value, or the mean of the two middle ones (at least one value)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# --- Poisson regression with a level per stream, for calibrate --by minute ----------------------


class PoissonFit(NamedTuple):
    """ε fitted minute by minute: coins ~ Poisson(exp(a_s) · e · exp(ε·x)), a level a_s per stream profiled out."""

    elasticity: Decimal  # ε
    standard_error: Decimal  # cluster-robust, by stream
    model_standard_error: Decimal  # from the curvature of the profile likelihood (right only if coins were Poisson)
    t_quantile: Decimal  # t(0.95, G − 1)
    degrees_of_freedom: int  # G − 1, G the streams with coins
    interval: Range  # ε − t·SE, ε, ε + t·SE
    iterations: int


class NoPoissonFit(ValueError):
    """The data pin no finite ε down (e.g. every coin in the minutes with the most hearts)."""


FLOAT_ITERATIONS = 100
MOST_ELASTICITY = 50  # |ε| beyond this: the likelihood has no maximum worth the name


def poisson_fixed_effects(streams: list[list[tuple[int, Decimal, Decimal]]]) -> PoissonFit:
    """The Poisson maximum-likelihood ε, with a level per stream, from (coins, exposure, x) per minute of each stream.

    For a fixed ε the best level of stream s has a closed form, exp(a_s) = Y_s / Σ_t e_t·exp(ε·x_t)
    (Y_s its coins), and putting it back leaves the profile log-likelihood

        ℓ(ε) = Σ_s [ ε·Σ_t y_t·x_t − Y_s · log Σ_t e_t·exp(ε·x_t) ] + a constant

    whose slope is Σ_s U_s, U_s = Σ_t y_t·x_t − Y_s·x̄_s(ε) (x̄_s the mean of x weighted by
    e·exp(ε·x)), and whose curvature is −Σ_s Y_s·Var_s(x) ≤ 0: ℓ is concave and its maximum, where
    it exists, is the one root of the slope. Minutes without coins count through the Y_s·x̄_s term;
    a stream without coins says nothing about ε (its level goes to −∞) and is to be left out.

    The root is found by Newton's method in float (a starting point only), then polished by two
    Newton steps in Decimal, from which ε, its curvature and the U_s are taken; each step doubles
    the correct digits, so the float start leaves no trace in the result.

    The standard error is cluster-robust by stream, √(G/(G−1) · Σ_s U_s²) / Σ_s Y_s·Var_s(x): it
    allows coins that come in lumps (a 500-coin gift is not 500 independent coins) and minutes of a
    stream that are alike, which the curvature's √(1/Σ Y_s·Var_s(x)) does not; and the interval uses
    Student's t with G − 1 degrees of freedom. At least two streams.
    """
    if len(streams) < 2:
        raise ValueError("a cluster-robust error needs at least two streams")
    epsilon = _float_root(streams)
    score = information = ZERO
    scores: list[Decimal] = []
    for _ in range(2):
        scores, information = _score(streams, epsilon)
        score = sum(scores, ZERO)
        if information <= 0:
            raise NoPoissonFit("hearts per viewer-minute do not vary within any stream with gifts")
        epsilon += score / information
    groups = len(streams)
    robust = (Decimal(groups) / (groups - 1) * sum((u * u for u in scores), ZERO)).sqrt() / information
    t = student_t_quantile((1 + CONFIDENCE) / 2, groups - 1)
    return PoissonFit(epsilon, robust, (ONE / information).sqrt(), t, groups - 1,
                      Range(epsilon - t * robust, epsilon, epsilon + t * robust), 2)


def _score(streams: list[list[tuple[int, Decimal, Decimal]]], epsilon: Decimal) -> tuple[list[Decimal], Decimal]:
    """Each stream's U_s at ε, and the information Σ_s Y_s·Var_s(x) (all in Decimal)."""
    scores = []
    information = ZERO
    for minutes in streams:
        a = b = c = ZERO
        coins, coins_x = 0, ZERO
        for y, exposure, x in minutes:
            weight = exposure * (epsilon * x).exp()
            a += weight
            b += weight * x
            c += weight * x * x
            if y:
                coins += y
                coins_x += y * x
        mean = b / a
        scores.append(coins_x - coins * mean)
        information += coins * (c / a - mean * mean)
    return scores, information


def _float_root(streams: list[list[tuple[int, Decimal, Decimal]]]) -> Decimal:
    """Where the profile likelihood's slope is 0, to float precision: Newton's method, steps halved while ℓ does not rise."""
    import math

    data = [([float(x) for _, _, x in minutes], [math.log(exposure) for _, exposure, _ in minutes],
             [float(y) for y, _, _ in minutes]) for minutes in streams]

    def evaluate(epsilon: float) -> tuple[float, float, float]:
        value = slope = curvature = 0.0
        for xs, log_exposures, ys in data:
            exponents = [log_e + epsilon * x for log_e, x in zip(log_exposures, xs, strict=True)]
            top = max(exponents)
            weights = [math.exp(z - top) for z in exponents]
            a = sum(weights)
            mean = sum(w * x for w, x in zip(weights, xs, strict=True)) / a
            second = sum(w * x * x for w, x in zip(weights, xs, strict=True)) / a
            total = sum(ys)
            value += sum(y * x for y, x in zip(ys, xs, strict=True)) * epsilon - total * (top + math.log(a))
            slope += sum(y * x for y, x in zip(ys, xs, strict=True)) - total * mean
            curvature -= total * max(0.0, second - mean * mean)
        return value, slope, curvature

    epsilon = 0.0
    value, slope, curvature = evaluate(epsilon)
    for _ in range(FLOAT_ITERATIONS):
        if curvature >= 0:
            raise NoPoissonFit("hearts per viewer-minute do not vary within any stream with gifts")
        step = -slope / curvature
        while True:
            candidate = epsilon + step
            if abs(candidate) > MOST_ELASTICITY:
                raise NoPoissonFit("the likelihood keeps rising as ε grows without bound")
            new = evaluate(candidate)
            if new[0] >= value - 1e-9 * abs(value) or abs(step) < 1e-12:
                break
            step /= 2
        epsilon, (value, slope, curvature) = candidate, new
        if abs(step) < 1e-10:
            return Decimal(repr(epsilon))
    raise NoPoissonFit("the fit did not settle")
