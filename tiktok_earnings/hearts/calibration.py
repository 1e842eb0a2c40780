"""Fitting the hearts model's elasticity ε to a creator's own past streams (`tiktok-earnings calibrate`).

The hearts model (hearts.py; README, "Do hearts pay?") says gift money grows with the hearts rate
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

Everything is Decimal, like the money: logarithms, square roots and the t quantile (computed
here, in plain Python, from the closed form of Student's distribution) included. The results
are the same on every machine. A history is read from CSV files (one row per stream), scenario
files and `.jsonl` LIVE recordings; every bad value is a Problem with its file and line.
"""

import csv
import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from tiktok_earnings.errors import InputError, Problem, did_you_mean
from tiktok_earnings.hearts.model import DEFAULT_REFERENCE_RATE, Range
from tiktok_earnings.numbers import ONE, ZERO, out_of_bounds, parse_decimal, plain, round_half_up

CONFIDENCE = Decimal("0.90")  # two-sided: ε ± t(0.95, n − 2) · SE
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

CSV_SUFFIX, RECORDING_SUFFIX, SCENARIO_SUFFIXES = ".csv", ".jsonl", (".yaml", ".yml")
HISTORY_SUFFIXES = (CSV_SUFFIX, *SCENARIO_SUFFIXES, RECORDING_SUFFIX)
REQUIRED_COLUMNS = ("duration_minutes", "average_viewers", "hearts", "gift_coins")
OPTIONAL_COLUMNS = ("date", "name")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
COLUMN_MEANING = {
    "duration_minutes": "give the stream's length in minutes, e.g. 90",
    "average_viewers": "give the average number of concurrent viewers, e.g. 350",
    "hearts": "give the total hearts (likes) tapped as a whole number, e.g. 48000",
    "gift_coins": "give the coins of all gifts received (count × coin price, summed) as a whole number, e.g. 5400",
    "date": "give the date as YYYY-MM-DD, e.g. 2026-11-24, or leave it empty",
}
HEADER_HINT = "the header needs duration_minutes, average_viewers, hearts and gift_coins; date and name are optional"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- the history -------------------------------------------------------------------------------


class StreamRecord(NamedTuple):
    """One past stream, as read from a CSV row, a scenario file or a recording."""

    file: str
    line: int | None  # the CSV row's line; None for a scenario or a recording (the whole file)
    name: str | None
    date: str | None  # YYYY-MM-DD, from a CSV's optional `date` column
    duration_minutes: Decimal
    average_viewers: Decimal
    hearts: int
    gift_coins: int
    reference: Decimal | None = None  # the k a scenario file sets (or defaults to); None for CSV rows and recordings
    reference_line: int | None = None  # where that k is written, when it is

    @property
    def where(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"

    @property
    def viewer_minutes(self) -> Decimal:
        return self.duration_minutes * self.average_viewers

    @property
    def hearts_rate(self) -> Decimal:
        """h, the hearts per viewer-minute."""
        return Decimal(self.hearts) / self.viewer_minutes


class History(NamedTuple):
    files: tuple[str, ...]
    streams: tuple[StreamRecord, ...]
    notices: tuple[Problem, ...]  # warnings from reading the inputs (a recording's gaps), for stderr


def load_history(arguments: Iterable[str]) -> History:
    """Every stream in the files, folders and glob patterns given; InputError with every problem in all of them."""
    files, problems = collect_history(arguments)
    streams: list[StreamRecord] = []
    notices: list[Problem] = []
    cache: dict = {}
    for path in files:
        try:
            if not os.path.isfile(path):
                raise InputError([Problem(path, None, "no such file", "check the path")])
            suffix = os.path.splitext(path)[1].lower()
            if suffix == CSV_SUFFIX:
                streams += read_csv(path)
            elif suffix in SCENARIO_SUFFIXES:
                streams.append(read_scenario(path, cache))
            elif suffix == RECORDING_SUFFIX:
                stream, warnings = read_recording(path)
                streams.append(stream)
                notices += warnings
            else:
                raise InputError([Problem(path, None, "is not a history file", "give a CSV of past streams (.csv),"
                                          " scenario files (.yaml, .yml) or LIVE recordings (.jsonl)")])
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return History(tuple(files), tuple(streams), tuple(notices))


def collect_history(arguments: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """The history files named by files, folders and glob patterns, sorted and once each.

    Files and patterns are found as `run` finds them (batch.collect). A folder gives every .csv,
    .yaml, .yml and .jsonl file under it, skipping names that start with `_` or `.`, as `run` does.
    """
    from tiktok_earnings.batch import collect

    found: dict[str, None] = {}
    problems: list[Problem] = []
    for argument in arguments:
        if os.path.isdir(argument):
            matches = list(_history_under(argument))
            if not matches:
                problems.append(Problem(argument, None, "folder holds no history files (.csv, .yaml, .yml, .jsonl)",
                                        "check the path"))
        else:
            matches, unmatched = collect([argument])
            problems += unmatched
        found.update(dict.fromkeys(matches))
    return sorted(found, key=lambda path: tuple(os.path.normpath(path).split(os.sep))), problems


def _history_under(folder: str) -> Iterator[str]:
    for directory, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(("_", "."))]
        for name in files:
            if name.lower().endswith(HISTORY_SUFFIXES) and not name.startswith(("_", ".")):
                yield os.path.join(directory, name)


def read_scenario(path: str, cache: dict | None = None) -> StreamRecord:
    """A scenario file as one past stream: its length, audience, hearts, gift coins and k."""
    from tiktok_earnings.scenario.extends import load_extended
    from tiktok_earnings.scenario.reader import scenario_from_document

    document = load_extended(path, cache)
    scenario = scenario_from_document(document)
    key = ("engagement", "reference_hearts_per_viewer_minute")
    reference_line = document.where(key)[1] if key in document.origins else None
    return _from_scenario(scenario, path)._replace(
        reference=scenario.engagement.reference_hearts_per_viewer_minute, reference_line=reference_line)


def read_recording(path: str) -> tuple[StreamRecord, list[Problem]]:
    """A `.jsonl` LIVE recording as one past stream, through the recording importer (issue #5), with its warnings.

    A recording is raw data: it carries no k of its own, so it takes the one the rest of the history uses.
    """
    from tiktok_earnings.live.recording import load_recording_scenario

    scenario, warnings = load_recording_scenario(path)
    return _from_scenario(scenario, path), list(warnings)


def _from_scenario(scenario, path: str) -> StreamRecord:
    stream = scenario.stream
    coins = sum(line.coins for line in scenario.gifts)
    return StreamRecord(path, None, scenario.name, None, stream.duration_minutes, stream.average_viewers, scenario.hearts,
                        coins)


def read_csv(path: str) -> list[StreamRecord]:
    """The rows of a history CSV, one per stream; InputError with every bad cell, each at its line.

    The first line that is not blank or a comment is the header: the columns duration_minutes,
    average_viewers, hearts and gift_coins, and optionally date and name, in any order and no
    others. Lines whose first character (after spaces) is `#` are comments, and blank lines are
    skipped: that lets a file say where its numbers came from. Numbers are read as Decimal from
    their text. A quoted value cannot span lines.
    """
    from tiktok_earnings.scenario.yamldoc import read_text

    raw = read_text(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError([Problem(path, line, "is not UTF-8 text", "save the file as CSV UTF-8")]) from None
    problems: list[Problem] = []
    streams: list[StreamRecord] = []
    columns: dict[str, int] | None = None
    width = header_line = 0
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cells = [cell.strip() for cell in next(csv.reader([line], strict=True, skipinitialspace=True))]
        except csv.Error as error:
            problems.append(Problem(path, number, f"not a CSV row: {error}", "check the quotes on this line"))
            continue
        if columns is None:
            columns, width, header_line = _header(cells, path, number, problems), len(cells), number
            if columns is None:
                break
        elif len(cells) != width:
            problems.append(Problem(path, number, f"this row has {len(cells)} values, but the header has {width} columns",
                                    "give a value for every column, separated by commas; quote a name that holds a comma"))
        else:
            stream = _row(cells, columns, path, number, problems)
            if stream is not None:
                streams.append(stream)
    if columns is None and not problems:
        problems.append(Problem(path, None, "is empty: no header row", HEADER_HINT))
    elif columns is not None and not streams and not problems:
        problems.append(Problem(path, header_line, "has a header but no streams", "add one row per past stream"))
    if problems:
        raise InputError(problems)
    return streams


def _header(cells: list[str], path: str, line: int, problems: list[Problem]) -> dict[str, int] | None:
    before = len(problems)
    if len(cells) == 1 and (";" in cells[0] or "\t" in cells[0]):
        problems.append(Problem(path, line, "the columns are not separated by commas",
                                "save the file as CSV with commas (not semicolons or tabs)"))
        return None
    seen: dict[str, int] = {}
    suggested: set[str] = set()  # columns a "did you mean" already points at: not reported missing as well
    for index, name in enumerate(cells):
        if not name:
            problems.append(Problem(path, line, f"column {index + 1} of the header has no name", HEADER_HINT))
        elif name in seen:
            problems.append(Problem(path, line, f"column '{name}' appears twice in the header", "keep one of them"))
        elif name not in COLUMNS:
            hint = did_you_mean(name, list(COLUMNS)) or HEADER_HINT
            suggested |= {column for column in COLUMNS if f"'{column}'" in hint}
            problems.append(Problem(path, line, f"unknown column '{name}'", hint))
        else:
            seen[name] = index
    for name in REQUIRED_COLUMNS:
        if name not in seen and name not in suggested:
            problems.append(Problem(path, line, f"missing column '{name}'", HEADER_HINT))
    return None if len(problems) > before else seen


def _row(cells: list[str], columns: dict[str, int], path: str, line: int, problems: list[Problem]) -> StreamRecord | None:
    before = len(problems)

    def fail(column: str, message: str) -> None:
        problems.append(Problem(path, line, f"`{column}` {message}", COLUMN_MEANING[column]))

    def number(column: str, *, whole: bool, positive: bool) -> Decimal | None:
        text = cells[columns[column]]
        if not text:
            fail(column, "is empty")
            return None
        try:
            value = parse_decimal(text, bounded=False)
        except InvalidOperation:
            fail(column, f"must be a number, not '{text}'" + (" (write it without thousands separators)" if "," in text else ""))
            return None
        if not value.is_finite():
            fail(column, f"must be a finite number, not '{text}'")
        elif value < 0 or (positive and value == 0):
            fail(column, f"must be {'greater than' if positive else 'at least'} 0 (got {text})")
        elif (bad := out_of_bounds(value)) is not None:
            fail(column, f"{bad[0]}; {bad[1]}")
        elif whole and value != value.to_integral_value():
            fail(column, f"must be a whole number (got {text})")
        else:
            return value
        return None

    duration = number("duration_minutes", whole=False, positive=True)
    viewers = number("average_viewers", whole=False, positive=True)
    hearts = number("hearts", whole=True, positive=False)
    coins = number("gift_coins", whole=True, positive=False)
    date = cells[columns["date"]] if "date" in columns else ""
    if date and not _is_date(date):
        fail("date", f"must be a date as YYYY-MM-DD, not '{date}'")
    name = cells[columns["name"]] if "name" in columns else ""
    if len(problems) > before:
        return None
    return StreamRecord(path, line, name or None, date or None, duration, viewers, int(hearts), int(coins))


def _is_date(text: str) -> bool:
    from datetime import date

    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def reference_rate(streams: Iterable[StreamRecord], given: Decimal | None = None) -> Decimal:
    """The k to fit with: `given` (--reference), else the one every scenario in the history uses, else 1.

    Scenarios that use different k are an InputError: ε means something only for one k, and the
    block written holds one. CSV rows and recordings carry no k and take the history's.
    """
    if given is not None:
        return given
    carrying = [stream for stream in streams if stream.reference is not None]
    if not carrying:
        return DEFAULT_REFERENCE_RATE
    first = carrying[0]
    problems = [
        Problem(stream.file, stream.reference_line,
                f"the reference rate k is {plain(stream.reference)} here{'' if stream.reference_line else ' (the default)'},"
                f" but {plain(first.reference)} in {first.file}",
                "calibrate fits one k: give every scenario the same `engagement.reference_hearts_per_viewer_minute`,"
                " or choose one with --reference K")
        for stream in carrying if stream.reference != first.reference
    ]
    if problems:
        raise InputError(problems)
    return first.reference


# --- Student's t, in Decimal --------------------------------------------------------------------

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


# --- the fit -----------------------------------------------------------------------------------


class Fit(NamedTuple):
    """The least-squares line through (log(1 + h/k), log(gift coins per viewer-minute))."""

    elasticity: Decimal  # ε, the slope
    intercept: Decimal  # a
    standard_error: Decimal  # of ε
    t_quantile: Decimal  # t(0.95, n − 2)
    degrees_of_freedom: int
    interval: Range  # ε − t·SE, ε, ε + t·SE: the 90% confidence interval, around the fitted ε
    r_squared: Decimal | None  # None when gift coins per viewer-minute are the same in every stream
    spread: Decimal  # standard deviation of log(1 + h/k) over the streams


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
    xs = [(ONE + rate / k).ln() for rate in rates]
    ys = [(Decimal(stream.gift_coins) / stream.viewer_minutes).ln() for stream in used]

    warnings = []
    n = len(used)
    if 0 < n < MIN_STREAMS:
        warnings.append(f"Only {n} stream{_s(n)} with gifts: a fit needs at least {MIN_STREAMS} to be worth much."
                        " Treat the figures with care, and calibrate again as streams add up.")
    if excluded:
        warnings.append(f"{len(excluded)} stream{_s(len(excluded))} without gifts left out: the fit takes the logarithm of"
                        " gift coins per viewer-minute, and 0 has none.")
    spread = _standard_deviation(xs) if n >= 2 else None
    same_rate = n >= 2 and (len(set(rates)) == 1 or spread < MIN_SPREAD_TO_FIT)
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
    typical = _median([rate for rate in rates if rate > 0])
    growth = ((ONE + 2 * typical / k) / (ONE + typical / k)).ln()
    doubling = fit.interval.map(lambda elasticity: (elasticity * growth).exp())
    result = empty._replace(fit=fit, elasticity=written, typical_rate=typical, doubling=doubling)
    return result._replace(note=_note(result), reading=_reading(result), warnings=tuple(warnings))


def least_squares(xs: list[Decimal], ys: list[Decimal]) -> Fit:
    """The ordinary least-squares line y = a + ε·x, with ε's standard error and 90% interval (len(xs) >= 3)."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    syy = sum((y - mean_y) ** 2 for y in ys)
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    degrees = n - 2
    error = (residual / degrees / sxx).sqrt()
    t = student_t_quantile((1 + CONFIDENCE) / 2, degrees)
    r_squared = max(ZERO, ONE - residual / syy) if len(set(ys)) > 1 and syy > 0 else None
    return Fit(slope, intercept, error, t, degrees, Range(slope - t * error, slope, slope + t * error), r_squared,
               (sxx / (n - 1)).sqrt())


def _standard_deviation(values: list[Decimal]) -> Decimal:
    mean = sum(values) / len(values)
    return (sum((value - mean) ** 2 for value in values) / (len(values) - 1)).sqrt()


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# --- in words ----------------------------------------------------------------------------------


def shown(value: Decimal, places: Decimal = SHOWN_PLACES) -> str:
    """A statistic as people read it: rounded half-up to three decimals, e.g. '0.137', '-0.041'."""
    return str(round_half_up(value, places))


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


def _note(calibration: Calibration) -> str:
    fit = calibration.fit
    when = period(calibration)
    r_squared = "n/a" if fit.r_squared is None else shown(fit.r_squared, Decimal("0.01"))
    note = (f"{len(calibration.used)} streams{', ' + when if when else ''}: ε {shown(fit.elasticity)}"
            f" (90% CI {shown(fit.interval.low)} to {shown(fit.interval.high)}), R² {r_squared}")
    return note + ("; clamped at 0" if fit.interval.low < 0 else "")


def _reading(calibration: Calibration) -> tuple[str, ...]:
    fit, doubling, typical = calibration.fit, calibration.doubling, calibration.typical_rate
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
    low, base, high = calibration.elasticity
    lines.append(f"Written as elasticity {low} / {base} / {high} (low / base / high), `run` shows the hearts' indirect effect"
                 " with these values instead of the defaults 0.05 / 0.15 / 0.30.")
    return tuple(lines)


def _s(count: int) -> str:
    return "" if count == 1 else "s"
