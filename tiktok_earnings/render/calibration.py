"""A calibration for people (Rich), for scripts (JSON), and as the `engagement:` block it writes (YAML).

Every function is pure: it takes a Calibration (calibration.py) and returns text or a Rich
renderable. Rich is imported inside the functions that draw, so JSON never loads it. Statistics
are shown to three decimals (R² to two), and given in JSON to six, as decimal strings.

The block is written as text, not dumped by a YAML library, so that it can carry comments
saying where it came from; a test reads it back through the scenario reader.
"""

import textwrap
from decimal import Decimal
from typing import TYPE_CHECKING

from tiktok_earnings.hearts.calibration import (
    CAVEAT,
    MINUTE_CAVEAT,
    MINUTE_MODEL,
    MODEL,
    Calibration,
    MinuteCalibration,
    period,
    shown,
)
from tiktok_earnings.hearts.history import StreamRecord
from tiktok_earnings.hearts.model import Range
from tiktok_earnings.hearts.statistics import CONFIDENCE
from tiktok_earnings.numbers import plain, round_half_up
from tiktok_earnings.render.json_text import SCHEMA_VERSION, document, dumps
from tiktok_earnings.render.output import Output, View

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Group, RenderableType

JSON_PLACES = Decimal("0.000001")
COMMENT_WIDTH = 98
MOST_FILES_NAMED = 3


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else plain(round_half_up(value, JSON_PLACES))


def _r_squared(value: Decimal | None) -> str:
    return "n/a" if value is None else shown(value, Decimal("0.01"))


def _files(calibration: Calibration | MinuteCalibration) -> str:
    files = calibration.files
    if len(files) <= MOST_FILES_NAMED:
        return ", ".join(files)
    return f"{len(files)} files"


def _written(calibration: Calibration) -> Range:
    """The elasticity the block sets: there is one whenever there is a fit."""
    if calibration.elasticity is None:
        raise ValueError("a calibration without a fit writes no elasticity")
    return calibration.elasticity


# --- the engagement: block ---------------------------------------------------------------------


def engagement_yaml(calibration: Calibration, file_name: str = "engagement.yaml") -> str:
    """The `engagement:` block with comments on where it came from, ready for `extends:` or pasting; "" without a fit.

    `file_name` is the name the block is saved under, for the comment that says how to use it.
    """
    fit = calibration.fit
    if fit is None:
        return ""
    written = _written(calibration)
    used, left_out = len(calibration.used), len(calibration.excluded)
    when = period(calibration)
    history = (f"{used} streams with gifts" + (f" ({left_out} without gifts left out)" if left_out else "")
               + (f", {when}" if when else "") + f", from {_files(calibration)}.")
    comments = [
        "The hearts model fitted to this creator's own streams by `tiktok-earnings calibrate`.",
        f"History: {history}",
        f"Fit, by least squares, with k fixed: {MODEL}.",
        f"ε = {shown(fit.elasticity)}, standard error {shown(fit.standard_error)}, 90% confidence interval"
        f" {shown(fit.interval.low)} to {shown(fit.interval.high)} (Student's t, {fit.degrees_of_freedom} degrees of"
        f" freedom), R² {_r_squared(fit.r_squared)}.",
        "base is the fitted ε and low and high the interval, to three decimals and never below 0.",
        "A correlation in these streams, not proof that hearts cause gifts: a good show drives both.",
        *(f"Warning: {warning}" for warning in calibration.warnings),
        _use(file_name),
    ]
    return _block(comments, calibration.reference, written, calibration.note)


def _block(comments: list[str], reference: Decimal, written: Range, note: str | None) -> str:
    lines = []
    for comment in comments:
        lines += textwrap.wrap(" ".join(comment.split()), COMMENT_WIDTH - 2, initial_indent="# ", subsequent_indent="#   ",
                               break_on_hyphens=False)
    lines += [
        "engagement:",
        f"  reference_hearts_per_viewer_minute: {plain(reference)}",
        f"  elasticity: {{low: {written.low:.3f}, base: {written.base:.3f}, high: {written.high:.3f}}}",
        f"  calibrated: {dumps(note)}",  # a JSON string is a YAML double-quoted one
    ]
    return "\n".join(lines) + "\n"


def _use(file_name: str) -> str:
    return (f"Use it with `extends: {file_name}` in a scenario (the path relative to the scenario), or paste the block"
            " into one." + ("" if file_name.startswith("_") else
                            f" Inside a folder of scenarios, name this file _{file_name}, so that `run` skips it."))


# --- JSON --------------------------------------------------------------------------------------


def _stream_dict(stream: StreamRecord) -> dict:
    return {"file": stream.file, "line": stream.line, "name": stream.name, "date": stream.date, "reason": "no gifts"}


def calibration_dict(calibration: Calibration) -> dict:
    fit, doubling = calibration.fit, calibration.doubling
    return {
        "model": MODEL,
        "reference_hearts_per_viewer_minute": plain(calibration.reference),
        "files": list(calibration.files),
        "streams": {
            "read": len(calibration.streams),
            "used": len(calibration.used),
            "excluded": [_stream_dict(stream) for stream in calibration.excluded],
        },
        "dates": None if calibration.first_date is None else {"first": calibration.first_date, "last": calibration.last_date},
        "fit": None if fit is None else {
            "elasticity": _exact(fit.elasticity),
            "standard_error": _exact(fit.standard_error),
            "confidence_level": str(CONFIDENCE),
            "interval": {"low": _exact(fit.interval.low), "high": _exact(fit.interval.high)},
            "t_quantile": _exact(fit.t_quantile),
            "degrees_of_freedom": fit.degrees_of_freedom,
            "intercept": _exact(fit.intercept),
            "r_squared": _exact(fit.r_squared),
            "log_hearts_rate_sd": _exact(fit.spread),
        },
        "no_fit": {"reason": calibration.no_fit, "hint": calibration.no_fit_hint} if fit is None else None,
        "typical_hearts_per_viewer_minute": _exact(calibration.typical_rate),
        "twice_the_hearts": None if doubling is None else {case: _exact(getattr(doubling, case)) for case in doubling._fields},
        "reading": list(calibration.reading),
        "warnings": list(calibration.warnings),
        "caveat": CAVEAT,
        "engagement": None if fit is None else {
            "reference_hearts_per_viewer_minute": plain(calibration.reference),
            "elasticity": {case: f"{value:.3f}" for case, value in _written(calibration)._asdict().items()},
            "calibrated": calibration.note,
        },
        "engagement_yaml": engagement_yaml(calibration) or None,
    }


def calibration_json(calibration: Calibration) -> str:
    """`{"schema_version": 1, "calibration": {...}}` on one line (pipe through `jq .` to read it)."""
    return document({"schema_version": SCHEMA_VERSION, "calibration": calibration_dict(calibration)})


# --- for people --------------------------------------------------------------------------------


def calibration_view(calibration: Calibration, saved_to: str | None = None) -> "Group":
    """The figures, what they mean, the warnings, the caveat, and how to use the block (printed after this)."""
    from rich import box
    from rich.console import Group, RenderableType
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from tiktok_earnings.render.fit import Fitted

    fit = calibration.fit
    facts = [f"{len(calibration.streams)} stream{'' if len(calibration.streams) == 1 else 's'} read",
             f"{len(calibration.used)} with gifts used"]
    if calibration.excluded:
        facts.append(f"{len(calibration.excluded)} without gifts left out")
    if period(calibration):
        facts.append(period(calibration))
    parts: list[RenderableType] = _opening("Calibrating the hearts model", calibration, facts)
    if fit is not None:
        table = Table(title=f"Fit by least squares: {MODEL}", title_justify="left", box=box.SIMPLE_HEAD, show_header=False)
        table.add_column("what")
        table.add_column("value", justify="right")
        table.add_column("how", style="dim", overflow="fold")
        table.add_row(Text("ε, the elasticity", style="bold"), Text(shown(fit.elasticity), style="bold"),
                      "the slope: log gift money against log(1 + h/k)")
        table.add_row("Standard error", shown(fit.standard_error), "")
        table.add_row("90% confidence interval", f"{shown(fit.interval.low)} to {shown(fit.interval.high)}",
                      f"ε ± {shown(fit.t_quantile)} × SE (Student's t, {fit.degrees_of_freedom} df)")
        table.add_row("Streams", str(len(calibration.used)),
                      f"{len(calibration.excluded)} without gifts left out" if calibration.excluded else "all had gifts")
        table.add_row("R²", _r_squared(fit.r_squared), "share of the variation the line accounts for")
        table.add_row("Intercept a", shown(fit.intercept),
                      f"e^a = {shown(fit.intercept.exp())} coins per viewer-minute at h = 0")
        low, base, high = _written(calibration)
        table.add_row("Written elasticity", f"{low} / {base} / {high}", "low / base / high in the engagement: block")
        parts.append(Fitted(table))
        parts.append(Panel(Text("\n".join(calibration.reading)), title=Text("What it means"), title_align="left",
                           border_style="magenta"))
    if calibration.excluded:
        listed = Table.grid(padding=(0, 1))
        listed.add_column()
        listed.add_column(style="dim")
        for stream in calibration.excluded:
            listed.add_row("·", "  ".join(part for part in (stream.where, stream.name, stream.date) if part))
        parts += [Text("Left out (no gifts)", style="bold"), listed, Text()]
    return Group(*parts, *_closing(calibration.warnings, CAVEAT if fit is not None else None, saved_to))


def _opening(title: str, calibration: "Calibration | MinuteCalibration", facts: list[str]) -> "list[RenderableType]":
    """The heading (the files, `facts` and k), then, when nothing could be fitted, why and what to do."""
    from rich.text import Text

    heading = Text()
    heading.append(title, style="bold")
    heading.append(f"  ({_files(calibration)})\n", style="dim")
    heading.append(" · ".join([*facts, f"k = {plain(calibration.reference)}"]))
    parts: list[RenderableType] = [heading, Text()]
    if calibration.fit is None:
        why = Text("No fit: ", style="bold red")
        why.append(calibration.no_fit[0].upper() + calibration.no_fit[1:] + ".")
        why.append(f" What to do: {calibration.no_fit_hint}.", style="dim")
        parts += [why, Text()]
    return parts


def _closing(warnings: "Sequence[str]", caveat: str | None, saved_to: str | None) -> "list[RenderableType]":
    """The warnings, then, after a fit (`caveat` given), the caveat and, unless it was saved, where the block follows."""
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    if warnings:
        items = Table.grid(padding=(0, 1))
        items.add_column(style="yellow")
        items.add_column()
        for warning in warnings:
            items.add_row("!", warning)
        parts += [Text("Warnings", style="bold yellow"), items, Text()]
    if caveat is not None:
        parts += [Text(caveat, style="bold"), Text()]
        if saved_to is None:  # else the block went to a file, and `calibrate` says so on stderr, once
            parts.append(Text("The engagement: block, for `extends:` or pasting into a scenario"
                              " (save it with -o engagement.yaml):", style="bold"))
    return parts


class CalibrationView(View[Calibration, Output]):
    """`calibrate`'s output. For people, the report, then the engagement: block as it is, never wrapped,
    so that it can be copied; unless the block was written to `saved_to`."""

    def __init__(self, saved_to: str | None = None) -> None:
        self.saved_to = saved_to

    def table(self, result: Calibration) -> Output:
        view = calibration_view(result, saved_to=self.saved_to)
        block = engagement_yaml(result) if self.saved_to is None else ""
        return (view, block) if block else view

    def json(self, result: Calibration) -> Output:
        return calibration_json(result)


# --- minute by minute (`calibrate --by minute`) -----------------------------------------------


def _minute_written(calibration: MinuteCalibration) -> Range:
    if calibration.elasticity is None:
        raise ValueError("a calibration without a fit writes no elasticity")
    return calibration.elasticity


def minute_engagement_yaml(calibration: MinuteCalibration, file_name: str = "engagement.yaml") -> str:
    """The `engagement:` block from the minute-by-minute fit, with comments on where it came from; "" without a fit."""
    fit = calibration.fit
    if fit is None:
        return ""
    left_out = len(calibration.excluded)
    comments = [
        "The hearts model fitted minute by minute, within this creator's own streams, by"
        " `tiktok-earnings calibrate --by minute`.",
        f"History: {len(calibration.used)} recordings with gifts, {calibration.minutes:,} whole minutes"
        + (f" ({left_out} without gifts left out)" if left_out else "") + f", from {_files(calibration)}.",
        f"Fit, by Poisson maximum likelihood with a level per stream, k fixed: {MINUTE_MODEL}.",
        f"ε = {shown(fit.elasticity)}, standard error {shown(fit.standard_error)} (cluster-robust by stream), 90%"
        f" confidence interval {shown(fit.interval.low)} to {shown(fit.interval.high)} (Student's t,"
        f" {fit.degrees_of_freedom} degrees of freedom).",
        "base is the fitted ε and low and high the interval, to three decimals and never below 0.",
        "A correlation within these streams, not proof that hearts cause gifts: a good moment drives both.",
        *(f"Warning: {warning}" for warning in calibration.warnings),
        _use(file_name),
    ]
    return _block(comments, calibration.reference, _minute_written(calibration), calibration.note)


def minute_calibration_dict(calibration: MinuteCalibration) -> dict:
    fit, doubling = calibration.fit, calibration.doubling
    return {
        "by": "minute",
        "model": MINUTE_MODEL,
        "reference_hearts_per_viewer_minute": plain(calibration.reference),
        "files": list(calibration.files),
        "streams": {
            "read": len(calibration.series),
            "used": len(calibration.used),
            "excluded": [{"file": stream.file, "reason": "no gifts"} for stream in calibration.excluded],
        },
        "minutes": calibration.minutes,
        "fit": None if fit is None else {
            "elasticity": _exact(fit.elasticity),
            "standard_error": _exact(fit.standard_error),
            "standard_error_kind": "cluster-robust by stream",
            "model_standard_error": _exact(fit.model_standard_error),
            "confidence_level": str(CONFIDENCE),
            "interval": {"low": _exact(fit.interval.low), "high": _exact(fit.interval.high)},
            "t_quantile": _exact(fit.t_quantile),
            "degrees_of_freedom": fit.degrees_of_freedom,
        },
        "no_fit": {"reason": calibration.no_fit, "hint": calibration.no_fit_hint} if fit is None else None,
        "typical_hearts_per_viewer_minute": _exact(calibration.typical_rate),
        "twice_the_hearts": None if doubling is None else {case: _exact(getattr(doubling, case)) for case in doubling._fields},
        "reading": list(calibration.reading),
        "warnings": list(calibration.warnings),
        "caveat": MINUTE_CAVEAT,
        "engagement": None if fit is None else {
            "reference_hearts_per_viewer_minute": plain(calibration.reference),
            "elasticity": {case: f"{value:.3f}" for case, value in _minute_written(calibration)._asdict().items()},
            "calibrated": calibration.note,
        },
        "engagement_yaml": minute_engagement_yaml(calibration) or None,
    }


def minute_calibration_view(calibration: MinuteCalibration, saved_to: str | None = None) -> "Group":
    """The minute-by-minute fit for people: figures, what they mean, warnings, the caveat."""
    from rich import box
    from rich.console import Group, RenderableType
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from tiktok_earnings.render.fit import Fitted

    fit = calibration.fit
    facts = [f"{len(calibration.series)} recording{'' if len(calibration.series) == 1 else 's'} read",
             f"{len(calibration.used)} with gifts used", f"{calibration.minutes:,} whole minutes"]
    if calibration.excluded:
        facts.append(f"{len(calibration.excluded)} without gifts left out")
    parts: list[RenderableType] = _opening("Calibrating the hearts model, minute by minute", calibration, facts)
    if fit is not None:
        table = Table(title=f"Fit by Poisson maximum likelihood, a level a_s per stream: {MINUTE_MODEL}",
                      title_justify="left", box=box.SIMPLE_HEAD, show_header=False)
        table.add_column("what")
        table.add_column("value", justify="right")
        table.add_column("how", style="dim", overflow="fold")
        table.add_row(Text("ε, the elasticity", style="bold"), Text(shown(fit.elasticity), style="bold"),
                      "within streams: coins per viewer against 1 + hearts per viewer, minute by minute")
        table.add_row("Standard error", shown(fit.standard_error), "cluster-robust by stream")
        table.add_row("90% confidence interval", f"{shown(fit.interval.low)} to {shown(fit.interval.high)}",
                      f"ε ± {shown(fit.t_quantile)} × SE (Student's t, {fit.degrees_of_freedom} df)")
        table.add_row("Streams", str(len(calibration.used)), "each with its own level")
        table.add_row("Minutes", f"{calibration.minutes:,}", "whole minutes with viewers; minutes without gifts count")
        low, base, high = _minute_written(calibration)
        table.add_row("Written elasticity", f"{low} / {base} / {high}", "low / base / high in the engagement: block")
        parts.append(Fitted(table))
        parts.append(Panel(Text("\n".join(calibration.reading)), title=Text("What it means"), title_align="left",
                           border_style="magenta"))
    return Group(*parts, *_closing(calibration.warnings, MINUTE_CAVEAT if fit is not None else None, saved_to))


class MinuteCalibrationView(View[MinuteCalibration, Output]):
    """`calibrate --by minute`'s output, as CalibrationView's."""

    def __init__(self, saved_to: str | None = None) -> None:
        self.saved_to = saved_to

    def table(self, result: MinuteCalibration) -> Output:
        view = minute_calibration_view(result, saved_to=self.saved_to)
        block = minute_engagement_yaml(result) if self.saved_to is None else ""
        return (view, block) if block else view

    def json(self, result: MinuteCalibration) -> Output:
        return document({"schema_version": SCHEMA_VERSION, "calibration": minute_calibration_dict(result)})
