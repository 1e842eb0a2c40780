"""Look-ups and helpers that need no scenario: rates, gifts, convert, init and schema."""

import sys
from pathlib import Path
from typing import Annotated

from tiktok_earnings.cli import DebugOption, ListFormat, RowsFormat, app, errors_handled, show
from tiktok_earnings.cli.app import Argument, Option
from tiktok_earnings.cli.help import examples
from tiktok_earnings.errors import WRITABLE_HINT, ToolError

FormatOption = Annotated[
    ListFormat, Option("--format", "-f", metavar="FORMAT", help="table for people; json for scripts.")
]
def _preset_names() -> list[str]:
    from tiktok_earnings.rates import load_presets

    return list(load_presets())


def _units() -> tuple[str, ...]:
    from tiktok_earnings.convert import UNITS

    return UNITS


PresetOption = Annotated[
    str, Option("--preset", "-p", metavar="PRESET", complete=_preset_names,
                help="The coin-rate preset to use (`tiktok-earnings rates`).")
]
STARTER_SCENARIO = Path(__file__).resolve().parent.parent / "data" / "starter-scenario.yaml"
SCHEMA_FILE = "scenario.schema.json"  # the name the starter scenario's `$schema=` line points at


@app.command(section="Look up",
             epilog=examples("tiktok-earnings rates", "tiktok-earnings rates --format json"))
def rates(
    output_format: FormatOption = ListFormat.table,
    debug: DebugOption = False,
) -> None:
    """List the coin-rate presets (`coin_rates: preset:` in a scenario), with their sources and dates."""
    with errors_handled(debug):
        from tiktok_earnings.rates import load_presets
        from tiktok_earnings.render.output import render
        from tiktok_earnings.render.rates import PresetsView

        show(render(PresetsView(), load_presets(), output_format.to_format()))


@app.command(section="Look up",
    epilog=examples(
        ("tiktok-earnings gifts", "every gift, cheapest first"),
        ("tiktok-earnings gifts heart", "names containing 'heart' (also 'Hand Hearts', 'Heart Me')"),
        "tiktok-earnings gifts --min-coins 1000 --max-coins 5000 --preset two-coins-per-diamond",
        "tiktok-earnings gifts lion --format json",
        ("tiktok-earnings gifts --stale", "entries only the old lists know"),
    ),
)
def gifts(
    search: Annotated[
        str | None,
        Argument("SEARCH", help="Part of a gift's name; case, spaces and hyphens don't matter, as in a scenario."),
    ] = None,
    min_coins: Annotated[
        int | None, Option("--min-coins", min=0, metavar="N", help="Only gifts of at least N coins.")
    ] = None,
    max_coins: Annotated[
        int | None, Option("--max-coins", min=0, metavar="N", help="Only gifts of at most N coins.")
    ] = None,
    stale: Annotated[
        bool, Option("--stale", help="Only entries the newest list (2026-10-05) does not show at their price.")
    ] = False,
    preset: PresetOption = "default",
    output_format: Annotated[
        RowsFormat, Option("--format", "-f", metavar="FORMAT", help="table for people; json, or csv (a row per gift), for"
                                                                    " scripts and spreadsheets.")
    ] = RowsFormat.table,
    debug: DebugOption = False,
) -> None:
    """List the gift catalogue, with each entry's source and what the creator gets per gift.

    Each gift's name, id (none for a gift only the 2026 snapshot knows), coin price, whether it
    streaks (is sent in combos), the list it comes from and its date, the newest list that shows it
    at that price, and what the creator gets per gift under a coin-rate preset: exact, before agency,
    fees and tax. Cheapest first. --stale lists the entries only the old lists know.
    """
    with errors_handled(debug):
        if min_coins is not None and max_coins is not None and min_coins > max_coins:
            raise ToolError(f"--min-coins {min_coins} is above --max-coins {max_coins}", "swap them")
        from tiktok_earnings.catalogue import is_stale, load_catalogue, normalise
        from tiktok_earnings.convert import find_rates

        coin_rates = find_rates(preset)
        catalogue = load_catalogue()
        needle = normalise(search or "")
        found = sorted(
            (gift for gift in catalogue.gifts
             if needle in normalise(gift.name)
             and (min_coins is None or gift.coins >= min_coins)
             and (max_coins is None or gift.coins <= max_coins)
             and (not stale or is_stale(gift))),
            key=lambda gift: (gift.coins, gift.name.casefold(), gift.gift_id is None, gift.gift_id or 0),
        )
        if not found and search:
            from tiktok_earnings.errors import did_you_mean

            close = did_you_mean(search, sorted({gift.name for gift in catalogue.gifts}), normalise)
            if close:
                print(f"tiktok-earnings: no gift matches '{search}' — {close}", file=sys.stderr)
        from tiktok_earnings.render.catalogue import GiftList, GiftListView, describe_filter
        from tiktok_earnings.render.output import render

        listed = GiftList(found, len(catalogue.gifts), coin_rates, describe_filter(search, min_coins, max_coins, stale))
        show(render(GiftListView(), listed, output_format.to_format()))


@app.command(section="Look up",
    epilog=examples(
        ("tiktok-earnings convert 1000 coins", "in every unit"),
        ("tiktok-earnings convert 50 usd --to coins", "how many coins $50 buys"),
        ("tiktok-earnings convert 100 creator --to coins", "how many coins the creator must receive to be paid $100"),
        ("tiktok-earnings convert Lion --to usd", "what a Lion costs a viewer"),
        "tiktok-earnings convert 1000 coins --preset two-coins-per-diamond",
    ),
)
def convert(
    amount: Annotated[
        str, Argument("AMOUNT", help="A number (1000, 12.50, 1,000), or a gift's name, which means its price in coins.")
    ],
    unit: Annotated[
        str | None,
        Argument("UNIT", complete=_units,
                 help="What AMOUNT counts: coins, diamonds, usd or creator. Not needed after a gift's name."),
    ] = None,
    to: Annotated[
        str | None, Option("--to", metavar="UNIT", show_default=False, complete=_units,
                           help="Show only this unit (all four without it).")
    ] = None,
    preset: PresetOption = "default",
    gift_id: Annotated[
        int | None,
        Option("--gift-id", metavar="ID", show_default=False,
               help="With a gift's name: pick one entry where the name has several prices (as `gift_id:` in a scenario)."),
    ] = None,
    output_format: FormatOption = ListFormat.table,
    debug: DebugOption = False,
) -> None:
    """Convert between coins, diamonds, what viewers pay and what the creator is paid.

    Units: coins (as viewers buy and gift them, always whole); diamonds (credited to the creator);
    usd (US dollars viewers pay for the coins); creator (US dollars the creator is paid, before agency,
    fees and tax). Rates come from the preset.

    Coins are bought and gifted only whole, so every figure is for whole coins: coins bought with usd
    are rounded down (what the money buys); coins for diamonds or creator money are rounded up (the
    fewest that give at least that much), and the output says so. Arithmetic is exact; money is shown
    rounded half-up to cents, with the exact figure beside it when they differ.
    """
    with errors_handled(debug):
        from tiktok_earnings.convert import convert as compute
        from tiktok_earnings.render.convert import ConversionView
        from tiktok_earnings.render.output import render

        show(render(ConversionView(), compute(amount, unit, to, preset, gift_id), output_format.to_format()))


@app.command(section="Scenario files",
    epilog=examples(
        ("tiktok-earnings init", "writes scenario.yaml here"),
        "tiktok-earnings init scenarios/friday.yaml",
        ("tiktok-earnings init scenario.yaml --force", "replaces an existing file"),
    ),
)
def init(
    path: Annotated[Path, Argument("PATH", help="The file to write.")] = Path("scenario.yaml"),
    force: Annotated[bool, Option("--force", help="Overwrite PATH if it exists.")] = False,
    debug: DebugOption = False,
) -> None:
    """Write a starter scenario: every key explained in a comment, valid as written, ready to edit.

    Its first line points editors at `scenario.schema.json` beside it: create that with
    `tiktok-earnings schema > scenario.schema.json` for completion and checking as you type.
    An existing file is never overwritten without --force.
    """
    with errors_handled(debug):
        if path.is_dir():
            raise ToolError(f"{path} is a folder", f"give a file name, e.g. `tiktok-earnings init {path / 'scenario.yaml'}`")
        if path.exists() and not force:
            raise ToolError(f"{path} already exists", "give another path, or add --force to overwrite it")
        from tiktok_earnings.atomic import atomic_writer
        from tiktok_earnings.errors import ReportWriteError

        try:
            with atomic_writer(path, force) as stream:
                stream.write(STARTER_SCENARIO.read_text(encoding="utf-8"))
        except ReportWriteError as error:
            raise ToolError(f"cannot write {path}: {error.reason}", WRITABLE_HINT) from None
        schema_path = path.parent / SCHEMA_FILE
        print(f"Wrote {path}, a starter scenario. Edit it, then run `tiktok-earnings run {path}`.\n"
              f"For completion and checking in editors: `tiktok-earnings schema > {schema_path}`.", file=sys.stderr)


@app.command(section="Scenario files",
    epilog=examples("tiktok-earnings schema > scenario.schema.json") + "\n\n"
    "Then point a scenario file at it with a first line"
    "\n\n  # yaml-language-server: $schema=scenario.schema.json\n\n"
    "or, in VS Code, with the setting"
    '\n\n  "yaml.schemas": {"./scenario.schema.json": ["scenarios/**/*.yaml"]}',
)
def schema(debug: DebugOption = False) -> None:
    """Print the JSON Schema of the scenario format, for editors to complete and check scenario files.

    The schema (JSON Schema draft 2020-12) lets editors complete keys and check values as a scenario
    file is typed. It is generated from the reader's own keys, bounds, presets and gift catalogue. Some checks need the
    reader (a gift name in any spelling, one price per name, low <= base <= high): run
    `tiktok-earnings validate` for those.
    """
    with errors_handled(debug):
        from tiktok_earnings.render.json_text import document
        from tiktok_earnings.scenario.schema import scenario_schema

        show(document(scenario_schema(), indent=2))
