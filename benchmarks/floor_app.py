"""The CLI floor: tiktok-earnings' command line with nothing behind it.

The floor is built from the tool's own declaration, `tiktok_earnings.cli.app`: every command keeps
its name, section, help, epilog and parameters (read from the very same functions, so they cannot
drift), and its command line is parsed and checked as the tool's is (`--export`'s suffix, `--jobs`'s
bound); only the call of the command's function is left out.

Starting it costs Python and the CLI's declaration (the `tiktok_earnings.cli` modules and what they
import at module level); it does not cost the core, which the commands import inside their bodies.
That is the least the tool's interface can cost, and what `benchmarks/startup.py` shows beside the
physical floor. tests/test_benchmarks.py checks that the floor mirrors the CLI and loads none of the core.

    python benchmarks/floor_app.py run X --format json
"""

import functools
from typing import Any

from tiktok_earnings.cli import app as cli_app
from tiktok_earnings.cli.app import App, Command


class DoesNothing(Command):
    """A command declared as another is, whose run does nothing once its command line is parsed."""

    def run(self, values: dict[str, Any]) -> None:
        return None


def hollow(command: Command) -> Command:
    floor = DoesNothing.__new__(DoesNothing)
    floor.__dict__.update(vars(command))
    return floor


class Floor(App):
    """An app with `app`'s name, help, version, moved options and commands, each of which does nothing. A command's
    module is imported when the command is wanted, as the tool imports it."""

    def __init__(self, app: App) -> None:
        super().__init__(app.name, app.help, app.version, app.moved, app.modules)
        self.app = app

    def find(self, name: str) -> Command | None:
        command = self.app.find(name)
        return None if command is None else hollow(command)

    @property
    def commands(self) -> dict[str, Command]:
        return {name: hollow(command) for name, command in self.app.commands.items()}


app = Floor(cli_app)
main = functools.partial(app, prog_name="tiktok-earnings")

if __name__ == "__main__":
    main()
