"""Fitting the hearts model's elasticity ε to a creator's own past streams (`tiktok-earnings calibrate`).

The hearts model (model.py; README, "Do hearts pay?") says gift money grows with the hearts rate
as (1 + h/k)^ε. Over a history of streams that is a straight line in logarithms:

    log(gift coins per viewer-minute) = a + ε · log(1 + h/k)        h = hearts per viewer-minute

fitted here by ordinary least squares, with k fixed (the scenarios' reference rate, default 1).
The 90% confidence interval is ε ± t · SE, with t the 0.95 quantile of Student's t with n − 2
degrees of freedom and SE the slope's standard error. That interval becomes the elasticity's
low and high in the `engagement:` block `calibrate` writes; the fitted ε becomes its base.

What the data cannot support is said, not hidden: fewer than 8 streams, hearts per viewer-minute
that barely vary, and streams without gifts (left out: the logarithm of zero is undefined) each
give a warning; with fewer than 3 streams, or the same hearts rate in every stream, there is no
fit at all, and `no_fit` says why. A negative slope is reported as it is (more hearts went with
less gift money in these streams); the model has no negative effect, so the block it writes is
clamped at 0, and a warning says so. Above all, a fit is a correlation in the creator's own
data, not proof that hearts cause gifts.

Everything is Decimal, like the money; the statistics (the t quantile, the least-squares line)
are in statistics.py, and reading a history (CSV files, scenario files and `.jsonl` LIVE
recordings) is in history.py. This module is the fit, and what it means in words.
"""

from collections.abc import Iterable
from decimal import Decimal, DecimalException
from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings.errors import InputError, Problem
from tiktok_earnings.hearts.history import History, StreamRecord
from tiktok_earnings.hearts.model import DEFAULT_REFERENCE_RATE, Range, gift_factors, log_growth
from tiktok_earnings.hearts.statistics import (
    Fit,
    NoPoissonFit,
    PoissonFit,
    least_squares,
    median,
    poisson_fixed_effects,
    standard_deviation,
)
from tiktok_earnings.numbers import LARGEST_FIGURE, ONE, ZERO, plain, round_half_up

if TYPE_CHECKING:
    from tiktok_earnings.hearts.minutes import MinuteSeries

MIN_STREAMS = 8  # fewer than this: a warning that the fit cannot be trusted
MIN_STREAMS_TO_FIT = 3  # a line and its standard error need n − 2 >= 1
MIN_SPREAD = Decimal("0.1")  # standard deviation of log(1 + h/k) below this: a warning
MIN_SPREAD_TO_FIT = Decimal("1E-6")  # below this the hearts rate is, for the fit, the same in every stream
BLOCK_PLACES = Decimal("0.001")  # the written elasticities, as shown
SHOWN_PLACES = Decimal("0.001")  # ε, its error and interval, as people read them

MODEL = "log(gift coins per viewer-minute) = a + ε · log(1 + h/k)"
CAVEAT = (
    "Correlation, not causation: this is a link in the creator's own streams, not proof that hearts cause gifts."
    " Other things, such as a good show, a loyal crowd or a trending topic, drive both."
)


# --- the fit -----------------------------------------------------------------------------------


class Calibration(NamedTuple):
    """What `calibrate` found: the fit (or why there is none), and what it means, in figures and in words."""

    files: tuple[str, ...]
    reference: Decimal  # k
    streams: tuple[StreamRecord, ...]  # every stream read
    used: tuple[StreamRecord, ...]  # those with gifts
    excluded: tuple[StreamRecord, ...]  # those without: log(0) is undefined
    fit: Fit | None
    no_fit: str  # why there is no fit; "" when there is one
    no_fit_hint: str
    elasticity: Range | None  # for the block: the interval and ε, rounded half-up to BLOCK_PLACES, clamped at 0
    typical_rate: Decimal | None  # the median hearts per viewer-minute of the streams used
    doubling: Range | None  # gift coins per viewer-minute at twice typical_rate, as a factor, for the interval and ε
    first_date: str | None
    last_date: str | None
    note: str | None  # the `calibrated:` note for the block
    reading: tuple[str, ...]  # the fit in plain words
    warnings: tuple[str, ...]


def calibrate(history: History, reference: Decimal | None = None) -> Calibration:
    """Fit ε to the history's streams; InputError when scenarios in it use different k (see reference_rate)."""
    k = reference_rate(history.streams, reference)
    used = tuple(stream for stream in history.streams if stream.gift_coins > 0)
    excluded = tuple(stream for stream in history.streams if stream.gift_coins == 0)
    dates = sorted(stream.date for stream in history.streams if stream.date)
    first_date, last_date = (dates[0], dates[-1]) if dates else (None, None)
    rates = [stream.hearts_rate for stream in used]
    xs = [log_growth(rate, k) for rate in rates]
    ys = [(Decimal(stream.gift_coins) / stream.viewer_minutes).ln() for stream in used]

    warnings = []
    n = len(used)
    if 0 < n < MIN_STREAMS:
        warnings.append(f"Only {n} stream{_s(n)} with gifts: a fit needs at least {MIN_STREAMS} to be worth much."
                        " Treat the figures with care, and calibrate again as streams add up.")
    if excluded:
        warnings.append(f"{len(excluded)} stream{_s(len(excluded))} without gifts left out: the fit takes the logarithm of"
                        " gift coins per viewer-minute, and 0 has none.")
    spread = standard_deviation(xs) if n >= 2 else None
    same_rate = spread is not None and (len(set(rates)) == 1 or spread < MIN_SPREAD_TO_FIT)
    if spread is not None and spread < MIN_SPREAD:
        warnings.append(f"Hearts per viewer-minute barely vary across these streams (log(1 + h/k) has a standard deviation"
                        f" of {shown(spread)}, under {MIN_SPREAD}): the data cannot tell the hearts' pull from everything"
                        " else.")

    empty = Calibration(files=tuple(history.files), reference=k, streams=history.streams, used=used, excluded=excluded,
                        fit=None, no_fit="", no_fit_hint="", elasticity=None, typical_rate=None, doubling=None,
                        first_date=first_date, last_date=last_date, note=None, reading=(), warnings=tuple(warnings))
    if n < MIN_STREAMS_TO_FIT:
        reason = "no stream has gifts" if n == 0 else f"only {n} stream{_s(n)} with gifts"
        return empty._replace(no_fit=f"{reason}: a line and its error need at least {MIN_STREAMS_TO_FIT}",
                              no_fit_hint=f"add past streams with gifts: {MIN_STREAMS} or more for a fit worth trusting")
    if same_rate:
        return empty._replace(no_fit="hearts per viewer-minute are the same in every stream, so their link with gifts"
                                     " cannot be measured",
                              no_fit_hint="add streams with more or fewer hearts per viewer-minute")

    fit = least_squares(xs, ys)
    low, base = fit.interval.low, fit.interval.base
    if base < 0:
        warnings.append(f"The fitted ε is negative ({shown(base)}): in these streams, more hearts per viewer-minute went"
                        " with less gift money. The hearts model has no negative effect (an elasticity is at least 0),"
                        " so the block below is clamped at 0 and says hearts add nothing; it cannot express the"
                        " negative link.")
    elif low < 0:
        warnings.append(f"The 90% interval reaches below 0 (to {shown(low)}): the block sets low to 0, the least the"
                        " model allows.")
    written = fit.interval.map(lambda value: round_half_up(max(ZERO, value), BLOCK_PLACES))  # monotone: the order stays
    typical = median([rate for rate in rates if rate > 0])
    doubling = _doubling(typical, k, fit)
    if doubling is None:
        return empty._replace(no_fit=_too_steep(fit), no_fit_hint="add streams with more or fewer hearts per viewer-minute",
                              warnings=tuple(warnings))
    result = empty._replace(fit=fit, elasticity=written, typical_rate=typical, doubling=doubling)
    return result._replace(note=_note(fit, len(used), period(result)), reading=_reading(fit, written, typical, doubling),
                           warnings=tuple(warnings))


def _doubling(typical: Decimal, k: Decimal, fit: Fit | PoissonFit) -> Range | None:
    """How the gift money changes from the typical hearts rate to twice it, for the fit's ε and its interval; None
    where a factor would be larger than any figure a report shows (a line so steep that it means nothing)."""
    try:
        doubling = gift_factors(typical / k, 2 * typical / k, ONE, fit.interval)  # h/k to 2h/k, against 1
    except DecimalException:  # beyond Decimal's exponents
        return None
    return doubling if max(doubling.low, doubling.high) <= LARGEST_FIGURE else None


def _too_steep(fit: Fit | PoissonFit) -> str:
    return (f"the fitted line is too steep to mean anything (ε {shown(fit.elasticity)}): twice the hearts per"
            f" viewer-minute would go with more than {LARGEST_FIGURE:,} times the gift money")


def reference_rate(streams: Iterable[StreamRecord], given: Decimal | None = None) -> Decimal:
    """The k to fit with: `given` (--reference), else the one every scenario in the history uses, else 1.

    Scenarios that use different k are an InputError: ε means something only for one k, and the
    block written holds one. CSV rows and recordings carry no k and take the history's.
    """
    if given is not None:
        return given
    carrying = [(stream, stream.reference) for stream in streams if stream.reference is not None]
    if not carrying:
        return DEFAULT_REFERENCE_RATE
    first, k = carrying[0]
    problems = [
        Problem(stream.file, stream.reference_line,
                f"the reference rate k is {plain(reference)} here{'' if stream.reference_line else ' (the default)'},"
                f" but {plain(k)} in {first.file}",
                "calibrate fits one k: give every scenario the same `engagement.reference_hearts_per_viewer_minute`,"
                " or choose one with --reference K")
        for stream, reference in carrying if reference != k
    ]
    if problems:
        raise InputError(problems)
    return k


# --- in words ----------------------------------------------------------------------------------


def shown(value: Decimal, places: Decimal = SHOWN_PLACES) -> str:
    """A statistic as people read it: rounded half-up to three decimals, e.g. '0.137', '-0.041' (a huge one, 2.726E+22)."""
    return str(round_half_up(value, places)) if value.adjusted() < 20 else f"{value:.3E}"


def period(calibration: Calibration) -> str:
    """'2026-09-04 to 2026-11-27', one date, or '' when the history has none."""
    first, last = calibration.first_date, calibration.last_date
    if first is None:
        return ""
    return first if first == last else f"{first} to {last}"


def change(factor: Decimal) -> str:
    """A factor as an amount of gift money: 1.094 -> '9% more', 0.96 -> '4% less', 1.004 -> '0.4% more', 1 -> 'the same'."""
    percent = (factor - 1) * 100
    size = round_half_up(abs(percent), ONE) or round_half_up(abs(percent), Decimal("0.1"))
    return f"{size}% {'more' if percent > 0 else 'less'}" if size else "the same"


def _note(fit: Fit, streams: int, when: str) -> str:
    """The `calibrated:` note: how many streams, when, ε with its interval, and R²."""
    r_squared = "n/a" if fit.r_squared is None else shown(fit.r_squared, Decimal("0.01"))
    note = (f"{streams} streams{', ' + when if when else ''}: ε {shown(fit.elasticity)}"
            f" (90% CI {shown(fit.interval.low)} to {shown(fit.interval.high)}), R² {r_squared}")
    return note + ("; clamped at 0" if fit.interval.low < 0 else "")


def _reading(fit: Fit, written: Range, typical: Decimal, doubling: Range) -> tuple[str, ...]:
    """The fit in plain words: what twice the typical hearts rate went with, how much the line explains, what is written."""
    rate = plain(round_half_up(typical, Decimal("0.01")))
    twice = plain(round_half_up(2 * typical, Decimal("0.01")))
    lines = [
        f"In these streams, twice the hearts per viewer-minute (from {rate} to {twice}, the median stream's rate and"
        f" double it) went with about {change(doubling.base)} gift money per viewer-minute; the 90% interval runs from"
        f" {change(doubling.low)} to {change(doubling.high)}."
    ]
    if fit.interval.low <= 0 <= fit.interval.high:
        lines.append("The interval includes no change at all: these streams are consistent with hearts having no link"
                     " with gifts.")
    if fit.r_squared is not None:
        explained = round_half_up(fit.r_squared * 100, ONE)
        lines.append(f"The line accounts for {explained}% of the stream-to-stream variation in (the logarithm of) gift"
                     f" coins per viewer-minute (R² {shown(fit.r_squared, Decimal('0.01'))}); the other {100 - explained}%"
                     " is everything else.")
    low, base, high = written
    lines.append(f"Written as elasticity {low} / {base} / {high} (low / base / high), `run` shows the hearts' indirect effect"
                 " with these values instead of the defaults 0.05 / 0.15 / 0.30.")
    return tuple(lines)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


# --- minute by minute (`calibrate --by minute`) -----------------------------------------------

MINUTE_MODEL = "coins in minute t of stream s ~ Poisson(exp(a_s) · viewers_t · (1 + h_t/k)^ε)"
MINUTE_CAVEAT = (
    "Correlation, not causation: within a stream, the minutes with more hearts per viewer brought more (or fewer)"
    " gifts; a good moment, such as a joke, a battle or a shout-out, drives both, so this is not proof that hearts"
    " cause gifts."
)
MIN_STREAMS_BY_MINUTE = 2  # a cluster-robust error by stream needs two


class MinuteCalibration(NamedTuple):
    """What `calibrate --by minute` found: the Poisson fit within streams (or why there is none), in figures and words."""

    files: tuple[str, ...]
    reference: Decimal  # k
    series: tuple["MinuteSeries", ...]  # every recording read
    used: tuple["MinuteSeries", ...]  # those with coins in their whole minutes
    excluded: tuple["MinuteSeries", ...]  # those without: they say nothing about ε
    minutes: int  # the minutes of the streams used
    fit: PoissonFit | None
    no_fit: str
    no_fit_hint: str
    elasticity: Range | None  # for the block, rounded half-up to BLOCK_PLACES, clamped at 0
    typical_rate: Decimal | None  # the median hearts per viewer-minute of the minutes used, those with hearts
    doubling: Range | None
    note: str | None
    reading: tuple[str, ...]
    warnings: tuple[str, ...]


def load_minutes(arguments: Iterable[str]) -> tuple[tuple[str, ...], tuple["MinuteSeries", ...], tuple[Problem, ...]]:
    """The recordings among files, folders and glob patterns, minute by minute, with their warnings.

    --by minute needs minutes: a CSV row or a scenario has only totals, so any other file is an error.
    """
    from tiktok_earnings.hearts.history import RECORDING_SUFFIX, collect_history
    from tiktok_earnings.hearts.minutes import read_minutes

    files, problems = collect_history(arguments)
    series = []
    notices: list[Problem] = []
    for path in files:
        if not path.lower().endswith(RECORDING_SUFFIX):
            problems.append(Problem(path, None, "--by minute reads LIVE recordings (.jsonl) only: this file holds totals,"
                                    " not minutes", "give recordings, e.g. 'recordings/*.jsonl', or leave out --by minute"))
            continue
        try:
            read = read_minutes(path)
        except InputError as error:
            problems += error.problems
            continue
        series.append(read)
        notices += read.warnings
    if problems:
        raise InputError(problems)
    return tuple(files), tuple(series), tuple(notices)


def calibrate_by_minute(files: tuple[str, ...], series: tuple["MinuteSeries", ...],
                        reference: Decimal | None = None) -> MinuteCalibration:
    """Fit ε within streams, minute by minute (statistics.poisson_fixed_effects), and say what it means."""
    k = DEFAULT_REFERENCE_RATE if reference is None else reference
    used = tuple(stream for stream in series if stream.coins > 0)
    excluded = tuple(stream for stream in series if stream.coins == 0)
    minutes = sum(len(stream.minutes) for stream in used)
    warnings = []
    n = len(used)
    if 0 < n < MIN_STREAMS:
        warnings.append(f"Only {n} stream{_s(n)} with gifts: the interval is cluster-robust by stream, and with fewer"
                        f" than {MIN_STREAMS} streams it is rough. Treat the figures with care, and calibrate again as"
                        " recordings add up.")
    if excluded:
        warnings.append(f"{len(excluded)} recording{_s(len(excluded))} without gifts in their whole minutes left out:"
                        " a stream's own level absorbs them, so they say nothing about ε.")
    empty = MinuteCalibration(files=files, reference=k, series=series, used=used, excluded=excluded, minutes=minutes,
                              fit=None, no_fit="", no_fit_hint="", elasticity=None, typical_rate=None, doubling=None,
                              note=None, reading=(), warnings=tuple(warnings))
    if n < MIN_STREAMS_BY_MINUTE:
        reason = "no recording has gifts" if n == 0 else f"only {n} recording{_s(n)} with gifts"
        return empty._replace(no_fit=f"{reason}: a cluster-robust interval needs at least {MIN_STREAMS_BY_MINUTE} streams",
                              no_fit_hint=f"record more LIVEs: {MIN_STREAMS} or more for a fit worth trusting")
    rates = [[Decimal(minute.hearts) / minute.viewers for minute in stream.minutes] for stream in used]
    data = [[(minute.coins, minute.viewers, log_growth(rate, k)) for minute, rate in zip(stream.minutes, stream_rates,
                                                                                       strict=True)]
            for stream, stream_rates in zip(used, rates, strict=True)]
    try:
        fit = poisson_fixed_effects(data)
    except NoPoissonFit as error:
        return empty._replace(no_fit=f"no finite ε fits these minutes: {error}",
                              no_fit_hint="record more LIVEs, with more minutes and more varied tapping")
    low, base = fit.interval.low, fit.interval.base
    if base < 0:
        warnings.append(f"The fitted ε is negative ({shown(base)}): within these streams, minutes with more hearts per"
                        " viewer went with fewer gifts. The hearts model has no negative effect, so the block below is"
                        " clamped at 0.")
    elif low < 0:
        warnings.append(f"The 90% interval reaches below 0 (to {shown(low)}): the block sets low to 0, the least the"
                        " model allows.")
    written = fit.interval.map(lambda value: round_half_up(max(ZERO, value), BLOCK_PLACES))
    positive = [rate for stream_rates in rates for rate in stream_rates if rate > 0]
    typical = median(positive) if positive else None
    doubling = None if typical is None else _doubling(typical, k, fit)
    if typical is not None and doubling is None:
        return empty._replace(no_fit=_too_steep(fit), no_fit_hint="record more LIVEs, with more varied tapping",
                              warnings=tuple(warnings))
    note = (f"{n} streams, {minutes:,} minutes, by minute: ε {shown(fit.elasticity)} (90% CI {shown(low)} to"
            f" {shown(fit.interval.high)}, cluster-robust by stream)" + ("; clamped at 0" if low < 0 else ""))
    reading = []
    if typical is not None and doubling is not None:
        rate, twice = (plain(round_half_up(value, Decimal("0.01"))) for value in (typical, 2 * typical))
        reading.append(f"Within these streams, a minute with twice the hearts per viewer (from {rate} to {twice}, the"
                       f" median minute's rate and double it) went with about {change(doubling.base)} gift money per"
                       f" viewer; the 90% interval runs from {change(doubling.low)} to {change(doubling.high)}.")
    if low <= 0 <= fit.interval.high:
        reading.append("The interval includes no change at all: these minutes are consistent with hearts having no link"
                       " with gifts.")
    reading.append(f"Written as elasticity {written.low} / {written.base} / {written.high} (low / base / high), `run` shows"
                   " the hearts' indirect effect with these values instead of the defaults 0.05 / 0.15 / 0.30.")
    return empty._replace(fit=fit, elasticity=written, typical_rate=typical, doubling=doubling, note=note,
                          reading=tuple(reading), warnings=tuple(warnings))
