"""The framework floor: tiktok-earnings' command line with nothing behind it.

The floor is built from the tool's own Typer app, `tiktok_earnings.cli.app`: every registered
command, group and the app's callback keep their name, parameters (types, defaults, metavars,
help texts, panels, and the checks Typer runs while parsing, such as `--export`'s suffix),
docstring and epilog, but their callbacks do nothing. So it cannot drift from the CLI.

Starting it costs Python, Typer, Click and the CLI's declaration (the `tiktok_earnings.cli`
modules and what they import at module level); it does not cost the core, which the commands
import inside their bodies. That is the least the tool's interface can cost, and what
`benchmarks/startup.py` compares the tool against. tests/test_benchmarks.py checks that the
floor mirrors the CLI and that it loads none of the core.

Only Typer's public surface is used: the `info`, `registered_commands`, `registered_groups`
and `registered_callback` of a `typer.Typer`, and the `callback` of their `CommandInfo` and
`TyperInfo` records, which are copied with `copy.copy` so that whatever else Typer keeps in
them comes along unchanged.

    python benchmarks/floor_app.py run X --format json
"""

import copy
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from tiktok_earnings.cli import app as cli_app

Info = TypeVar("Info", typer.models.CommandInfo, typer.models.TyperInfo)


def do_nothing_like(callback: Callable[..., Any]) -> Callable[..., None]:
    """A function that does nothing, which Typer reads as `callback`: same signature, annotations, name and docstring."""

    def do_nothing(*args: Any, **kwargs: Any) -> None:
        return None

    do_nothing.__signature__ = inspect.signature(callback)  # type: ignore[attr-defined]
    for name in ("__name__", "__qualname__", "__doc__", "__annotations__", "__module__"):
        setattr(do_nothing, name, getattr(callback, name))
    return do_nothing


def _hollow(info: Info) -> Info:
    """A copy of a command's or a group's record whose callback (and sub-app) does nothing."""
    hollow = copy.copy(info)
    if callable(info.callback):  # not None, nor the DefaultPlaceholder Typer keeps for "not given"
        hollow.callback = do_nothing_like(info.callback)
    if isinstance(hollow, typer.models.TyperInfo) and isinstance(hollow.typer_instance, typer.Typer):
        hollow.typer_instance = floor_of(hollow.typer_instance)
    return hollow


def floor_of(app: typer.Typer) -> typer.Typer:
    """A copy of `app` (its settings as they are) whose commands, groups and callback do nothing."""
    floor = copy.copy(app)
    floor.info = _hollow(app.info)  # what typer.Typer(callback=...) was given
    floor.registered_commands = [_hollow(command) for command in app.registered_commands]
    floor.registered_groups = [_hollow(group) for group in app.registered_groups]
    if app.registered_callback is not None:
        floor.registered_callback = _hollow(app.registered_callback)
    return floor


app = floor_of(cli_app)
main = functools.partial(app, prog_name="tiktok-earnings")

if __name__ == "__main__":
    main()
