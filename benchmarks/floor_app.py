"""The Typer floor: tiktok-earnings' own command line, with commands that do nothing.

This takes the tool's `app` (tiktok_earnings/cli/: its commands, arguments, options, help texts
and the checks Typer runs while parsing, such as --export's) and swaps each command's function
for one that does nothing but has the same signature and docstring, so Typer builds exactly the
same interface from it. There is no second copy of the interface to keep in step: a new option
is in the floor as soon as it is in the tool. Starting this costs what Typer itself costs with
this interface (Python, Typer, its click, and the few modules tiktok_earnings/cli/ imports at the
top), which is the least any Typer CLI with this interface can cost. `benchmarks/startup.py`
shows the tool against it, as a second column beside the physical floors.

    python benchmarks/floor_app.py run X --format json
"""

import functools
from typing import Any

from tiktok_earnings.cli import app


def _does_nothing(command: Any) -> Any:
    @functools.wraps(command)  # keeps __doc__, __annotations__ and __wrapped__: Typer reads the signature through them
    def nothing(*args: Any, **kwargs: Any) -> None:
        return None

    return nothing


for info in app.registered_commands:
    info.callback = _does_nothing(info.callback)


if __name__ == "__main__":
    app(prog_name="tiktok-earnings")
