"""Every command's tables at 60, 80 and 120 columns, and piped: no number cut, no line too wide or ending in a space.

Each command runs as a user's pipe would (the tests' CliRunner, with COLUMNS set, or unset for the
default pipe width). For every command at every width: each number the command prints at WIDE,
where everything fits unnarrowed, is printed whole at that width too, at least as often (a table in
parts repeats its first column, so more often is fine); no '…' touches a digit or a currency sign;
no line is wider than the width; no line ends with a space. The renders of the main commands are
pinned in tests/golden/widths/; rerun with --update-golden to accept a change on purpose.
"""

import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from tiktok_earnings.cli import MAX_WIDTH, PIPE_WIDTH, app
from tiktok_earnings.render.fit import FOLD_FLOOR

from .cli_runner import CliRunner
from .conftest import ROOT
from .minute_streams import history, write_recording

WIDTHS = (60, 80, 120)
WIDE = 400
NUMBER = re.compile(r"[$€¥£]?\d(?:[\d,.]*\d)?%?")  # $1,234.50, 14.6%, 0.032, 5,250: one word each
CUT = re.compile(r"[\d$€¥£]…|…[\d$€¥£]")
BLOCK_START = "# The hearts model"  # calibrate's engagement: block, printed as it is written to a file (never wrapped)

COMMANDS = {
    "run-friday-qa": "run configs/friday-qa.yaml",
    "run-full-picture": "run configs/full-picture.yaml",
    "run-tokyo-yen": "run configs/tokyo-yen.yaml",
    "run-us-scaled-rewards": "run configs/us-scaled-rewards.yaml",
    "run-berlin": "run configs/berlin-web-coins-eur.yaml",
    "run-recording": "run configs/recorded-stream.jsonl --tiktok-diamonds 900",
    "run-folder": "run configs/compare/",
    "run-batch": "run tests/data/batch/",
    "sweep-hearts": "sweep configs/whatif-growing-stream.yaml --vary hearts=0..200000:11",
    "sweep-viewers": "sweep configs/whatif-growing-stream.yaml --vary stream.average_viewers=50..2000:40",
    "sweep-rose-eur": "sweep configs/berlin-web-coins-eur.yaml --vary gifts[Rose].count=0..1200:7",
    "goal-viewers": "goal configs/whatif-growing-stream.yaml --target-net 25 --solve stream.average_viewers",
    "goal-hearts": "goal configs/whatif-growing-stream.yaml --target-net 20 --solve hearts",
    "goal-unreachable": "goal configs/whatif-growing-stream.yaml --target-net 2000 --solve hearts",
    "compare": "compare configs/compare/",
    "compare-five": "compare configs/friday-qa.yaml configs/tokyo-yen.yaml configs/full-picture.yaml"
                    " configs/us-scaled-rewards.yaml configs/berlin-web-coins-eur.yaml",
    "calibrate": "calibrate configs/history-example.csv",
    "calibrate-minute": "calibrate {recordings} --by minute",
    "gifts-lion": "gifts lion",
    "gifts-dear": "gifts --min-coins 20000",
    "rates": "rates",
    "convert-50-usd": "convert 50 usd",
    "convert-lion": "convert Lion",
    "convert-100-creator": "convert 100 creator",
}
PINNED = ("run-friday-qa", "run-full-picture", "run-folder", "sweep-hearts", "goal-hearts", "compare", "calibrate",
          "gifts-lion", "rates", "convert-50-usd")


@pytest.fixture(scope="module")
def recordings(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("recordings")
    for number, rows in enumerate(history(seed=3, epsilon=0.2, streams=3, minutes=(8, 12))):
        write_recording(folder / f"live{number}.jsonl", rows, start=datetime(2026, 11, number + 1, 20, tzinfo=UTC),
                        seed=number)
    return str(folder)


@pytest.fixture(autouse=True)
def from_the_repository(monkeypatch):
    monkeypatch.chdir(ROOT)  # paths in the output are the repository's, as in the docs
    for variable in ("COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(variable, raising=False)


def printed(command: str, width: int | None, recordings: str) -> str:
    """What the command prints on stdout when piped `width` columns wide (None: COLUMNS unset)."""
    args = command.format(recordings=recordings).split()
    result = CliRunner().invoke(app, args, prog_name="tiktok-earnings", env={"COLUMNS": None if width is None else str(width)})
    assert result.exit_code in (0, 1, 2), result.output  # run-batch has broken files; goal-unreachable cannot be reached
    assert result.stdout, result.output
    return result.stdout


def shown(text: str) -> list[str]:
    """The lines the width applies to: all but calibrate's engagement: block."""
    return text.split("\n" + BLOCK_START)[0].split("\n")


def numbers(text: str) -> Counter[str]:
    return Counter(NUMBER.findall(text))


@pytest.mark.parametrize("width", [*WIDTHS, None], ids=[*map(str, WIDTHS), "piped"])
@pytest.mark.parametrize("name", COMMANDS)
def test_no_number_is_cut_and_every_line_fits(name, width, recordings):
    wide = numbers(printed(COMMANDS[name], WIDE, recordings))
    text = printed(COMMANDS[name], width, recordings)
    narrow = numbers(text)
    missing = {number: count - narrow[number] for number, count in wide.items() if narrow[number] < count}
    assert not missing, f"numbers cut or broken at {width} columns (number: times missing): {missing}\n{text}"
    assert not CUT.findall(text), text
    limit = PIPE_WIDTH if width is None else width
    for line in shown(text):
        assert len(line) <= limit, f"{len(line)} columns, over {limit}: {line!r}"
        assert line == line.rstrip(), f"ends with a space: {line!r}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PINNED)
def test_main_commands_match_golden_at_each_width(name, width, recordings, golden):
    golden(f"widths/{name}-{width}.txt", printed(COMMANDS[name], width, recordings))


def test_the_check_catches_a_cut_number(recordings):
    """The narrow render of a table Rich would cut ('$69.…') fails the number check: the test can fail."""
    from io import StringIO

    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD)
    for heading in ("Scenario", "Viewers spent", "Creator gross", "Creator net"):
        table.add_column(heading, justify="right")
    table.add_row("App coins", "$69.83", "$26.25", "$22.31")
    console = Console(file=StringIO(), width=30, color_system=None)
    console.print(table)
    cut = console.file.getvalue()
    assert numbers(cut)["$69.83"] < 1 or CUT.search(cut)


def test_a_name_longer_than_the_fold_floor_folds_and_a_number_never_does():
    from io import StringIO

    from rich import box
    from rich.console import Console
    from rich.table import Table

    from tiktok_earnings.render.fit import Fitted

    name = "Q" * (FOLD_FLOOR + 10)
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("Gift", overflow="fold")
    for heading in ("Coins", "Creator gets", "Viewers spent", "Net"):
        table.add_column(heading, justify="right")
    table.add_row(name, "1,234,567", "$6,172.835", "$16,419.74", "$4,938.27")
    table.add_row("Rose", "1", "$0.005", "$0.01", "$0.00")
    for width in (30, 40, 60):
        console = Console(file=StringIO(), width=width, color_system=None)
        console.print(Fitted(table))
        text = console.file.getvalue()
        assert all(numbers(text)[number] >= 1 for number in ("1,234,567", "$6,172.835", "$16,419.74", "$4,938.27")), text
        assert all(len(line) <= width for line in text.split("\n")), text
        assert text.count("Q") % len(name) == 0 < text.count("Q"), text  # every letter, in each part it is printed in
        assert (name in text) == (width == 60), text  # folded where the table cannot give it its width


def test_a_table_of_many_columns_is_split_into_as_few_even_parts_as_fit():
    """Thirty scenarios side by side at 60 columns (compare with many files): quick, every figure whole, each
    part repeating the key column, and parts of even size rather than full ones and a remnant."""
    import time
    from io import StringIO

    from rich import box
    from rich.console import Console
    from rich.table import Table

    from tiktok_earnings.render.fit import Fitted

    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("Figure", overflow="fold")
    for number in range(30):
        table.add_column(f"S{number}", justify="right")
    table.add_row("Net", *(f"${number},{number:03}.{number:02}" for number in range(30)))
    console = Console(file=StringIO(), width=60, color_system=None)
    started = time.perf_counter()
    console.print(Fitted(table))
    assert time.perf_counter() - started < 2
    text = console.file.getvalue()
    assert all(f"${number},{number:03}.{number:02}" in text for number in range(30)), text
    assert all(len(line) <= 60 for line in text.split("\n")), text
    sizes = [line.count("$") for line in text.split("\n") if line.strip().startswith("Net")]
    assert sum(sizes) == 30 and max(sizes) - min(sizes) <= 1, sizes


def test_the_pipe_width_is_columns_when_set_else_100_and_never_above_1000(monkeypatch):
    from tiktok_earnings.cli import pipe_width

    for columns, width in ((None, PIPE_WIDTH), ("72", 72), ("0", PIPE_WIDTH), ("wide", PIPE_WIDTH), ("²", PIPE_WIDTH),
                           ("100000000", MAX_WIDTH), ("9" * 30, MAX_WIDTH)):
        if columns is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", columns)
        assert pipe_width() == width


def test_a_terminal_as_wide_as_columns_says_is_drawn_at_most_1000_wide(monkeypatch):
    """COLUMNS=100000000 had Rich pad the hearts panel to a hundred million spaces a line, for gigabytes."""
    from tiktok_earnings.cli import _safe_console

    monkeypatch.setenv("COLUMNS", "100000000")
    assert _safe_console()(force_terminal=True).width == MAX_WIDTH
    result = CliRunner().invoke(app, ["run", str(ROOT / "configs" / "friday-qa.yaml")], terminal_width=100000000)
    assert result.exit_code == 0 and max(map(len, result.stdout.splitlines())) == MAX_WIDTH


def test_on_a_colour_terminal_no_line_ends_with_a_space_either():
    """Styled segments are stripped too, before Rich writes the escape sequences around them."""
    from io import StringIO

    from tiktok_earnings.batch import DocumentCache, evaluate
    from tiktok_earnings.cli import _safe_console
    from tiktok_earnings.render.table import breakdown

    report = evaluate("configs/full-picture.yaml", DocumentCache()).report
    assert report is not None
    console = _safe_console()(file=StringIO(), width=60, force_terminal=True, color_system="truecolor")
    console.print(breakdown(report))
    text = re.sub(r"\x1b\[[0-9;]*m", "", console.file.getvalue())
    assert "\x1b" not in text and "$827.29" in text
    assert [line for line in text.split("\n") if line != line.rstrip()] == []


def _runs_by_brute_force(count, part, width):
    """_even_runs as it was written first: every (start, end) pair asked for, which took minutes for 3,000 columns."""
    parts = {(start, end): part(start, end) for start in range(count) for end in range(start + 1, count + 1)}
    best = {0: (0, 0, [])}
    for end in range(1, count + 1):
        choices = [(best[start][0] + 1, max(best[start][1], width(parts[start, end])), [*best[start][2], parts[start, end]])
                   for start in range(end) if parts[start, end] is not None and start in best]
        if choices:
            best[end] = min(choices, key=lambda choice: choice[:2])
    return best[count][2] if count in best else None


@pytest.mark.parametrize("seed", range(20))
def test_even_runs_asks_only_for_parts_that_can_fit_and_chooses_as_asking_for_all_did(seed):
    """`compare` of 3,000 scenarios did not finish in ten minutes: every run of columns from every start was laid
    out, millions of them. A run that does not fit does not fit longer either, so few need asking for."""
    import random

    from tiktok_earnings.render.fit import _even_runs, _Part

    rng = random.Random(seed)
    count, room = rng.randint(1, 60), rng.randint(8, 40)
    sizes = [rng.randint(1, 12) for _ in range(count)]
    asked = []

    def part(start: int, end: int):
        asked.append((start, end))
        widths = tuple(sizes[start:end])
        return _Part(tuple(range(start, end)), widths) if sum(widths) + 3 * (end - start) <= room else None

    def width(fitted) -> int:
        return sum(fitted.widths)

    runs = _even_runs(count, part, width)
    assert len(asked) <= count * (room // 4 + 2)  # not count²/2
    assert runs == _runs_by_brute_force(count, part, width)
