"""Every command shown with its output in README.md and docs/*.md is run, and its output must match.

The convention, for whoever writes the docs:

- A shown command lives in a ```console block. Each line that starts with `$ ` is a command; the
  lines after it, up to the next `$ ` line or the end of the block, are what it prints: stdout and
  stderr as a terminal shows them, in order, at the width a pipe gets (100 columns), without colour.
  Trailing spaces are ignored.
- The commands are `tiktok-earnings ARGS…` (run in-process through the tests' CliRunner, as the other
  tests run it; `COLUMNS=N tiktok-earnings ARGS…` runs it N columns wide), `cat PATH` and `echo $?`. After a command may come `| head -N`, `| jq FILTER`
  (only `.`, `.a[0].b` and `{a, b}`, joined by `|`), `> PATH` or `2> PATH` (`/dev/null` allowed).
  Anything else fails the test, so a block never silently goes unchecked.
- A line that is only `…` stands for lines left out: the parts around it must appear in the real
  output in that order (the first part at the start and the last at the end, unless the block
  starts or ends with `…`).
- Each block runs in a fresh scratch folder holding copies of configs/, examples/ and tests/data/,
  so the paths shown are the repository's and nothing a command writes lands in the clone.
- A block that needs something prepared says so on the line before it, in an HTML comment that the
  rendered page hides: `<!-- docs-test: setup=NAME -->`, NAME one of SETUPS below.

To rewrite the shown outputs after a deliberate change of output, as for the golden files:

    python3 dev.py test tests/test_docs.py --update-golden

then review the diff. A trimmed block (with `…`) keeps its shape: each part is taken again from
where its first line is found in the new output.

Relative links between README.md and docs/ must also resolve, to a file and, with `#anchor`, to
one of its headings.
"""

import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tiktok_earnings.cli import app

from .cli_runner import CliRunner
from .conftest import ROOT
from .test_recording import FakeClient, example_live, tt  # noqa: F401 - tt is a fixture used by a setup

pytestmark = pytest.mark.filterwarnings("ignore:websockets:DeprecationWarning")

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COPIED = ("configs", "examples", "tests/data")
ELLIPSIS = "…"
FENCE = re.compile(r"^(`{3,})(\S*)\s*$")
SETUP = re.compile(r"^<!-- docs-test: setup=([\w-]+) -->$")


@dataclass
class Step:
    command: str
    expected: list[str]


@dataclass
class Block:
    page: Path
    start: int  # index of the first line inside the fence
    end: int  # index of the closing fence
    setup: str | None
    index: int  # its place among the page's console blocks
    steps: list[Step] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.start}"


def console_blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith(opening[1]) and not lines[j].strip("`")), len(lines))
        if opening[2] == "console":
            before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
            setup = SETUP.match(before.strip())
            block = Block(page, i + 1, end, setup[1] if setup else None, len(blocks))
            for line in lines[i + 1:end]:
                if line.startswith("$ "):
                    block.steps.append(Step(line[2:], []))
                elif block.steps:
                    block.steps[-1].expected.append(line)
                else:
                    raise AssertionError(f"{page}:{i + 2}: a console block must start with a `$ ` command line")
            blocks.append(block)
        i = end + 1
    return blocks


BLOCKS = [block for page in PAGES for block in console_blocks(page)]


# --- what a block may need prepared ---------------------------------------------------------------


def recording_of_the_example(request, monkeypatch, folder: Path) -> None:
    """`record` with a stand-in for TikTokLive's client that replays the bundled example LIVE."""
    live = example_live(request.getfixturevalue("tt"))
    monkeypatch.setattr("TikTokLive.TikTokLiveClient", FakeClient)
    monkeypatch.setattr(FakeClient, "script", [event for _, event in live.events])
    monkeypatch.setattr(FakeClient, "ending", None)


def without_tiktoklive(request, monkeypatch, folder: Path) -> None:
    monkeypatch.setitem(sys.modules, "TikTokLive", None)  # `import TikTokLive` now raises ImportError


def stopped_recording(request, monkeypatch, folder: Path) -> None:
    """stopped.jsonl: the first 127 lines of the example recording and half of line 128."""
    lines = (folder / "configs" / "recorded-stream.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "stopped.jsonl").write_text("".join(lines[:127]) + lines[127][: len(lines[127]) // 2], encoding="utf-8")


def next_friday(request, monkeypatch, folder: Path) -> None:
    """A folder of scenarios with one scenario that extends the engagement block calibrate writes."""
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "next-friday.yaml").write_text(
        "name: Next Friday\nextends: _engagement.yaml\nstream:\n  duration_minutes: 90\n  average_viewers: 350\n"
        "hearts: 48000\ngifts:\n  - gift: Rose\n    count: 240\n  - gift: Galaxy\n    count: 3\n", encoding="utf-8")


SETUPS: dict[str, Callable] = {
    "recording-of-the-example": recording_of_the_example,
    "without-tiktoklive": without_tiktoklive,
    "stopped-recording": stopped_recording,
    "next-friday": next_friday,
}


# --- running a shown command ----------------------------------------------------------------------


class Shell:
    """Just enough of a shell to run the commands the docs show, in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.status = 0
        self.runner = CliRunner()

    def run(self, command: str) -> str:
        stages = [stage.strip() for stage in _split_pipes(command)]
        words = shlex.split(stages[0])
        redirect = {}
        while len(words) >= 2 and words[-2] in (">", "2>"):
            redirect[words[-2]] = words[-1]
            words = words[:-2]
        stdout, stderr, interleaved = self.program(words)
        for stage in stages[1:]:
            stdout = self.filter(shlex.split(stage), stdout)
            interleaved = None  # a pipe takes stdout away from the terminal
        for target, text in ((">", stdout), ("2>", stderr)):
            if redirect.get(target, "/dev/null") != "/dev/null":
                (self.folder / redirect[target]).write_text(text, encoding="utf-8")
        if not redirect and interleaved is not None:
            return interleaved
        return ("" if "2>" in redirect else stderr) + ("" if ">" in redirect else stdout)

    def program(self, words: list[str]) -> tuple[str, str, str | None]:
        env = {}
        if re.fullmatch(r"COLUMNS=\d+", words[0]) and words[1:2] == ["tiktok-earnings"]:
            env["COLUMNS"] = words.pop(0).partition("=")[2]
        name, args = words[0], words[1:]
        if name == "tiktok-earnings":
            result = self.runner.invoke(app, args, prog_name="tiktok-earnings", env=env)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise result.exception
            self.status = result.exit_code
            return result.stdout, result.stderr, result.output
        if name == "cat" and len(args) == 1:
            self.status = 0
            return (self.folder / args[0]).read_text(encoding="utf-8"), "", None
        if words == ["echo", "$?"]:
            return f"{self.status}\n", "", None
        raise AssertionError(f"a shown command the docs test cannot run: {shlex.join(words)}")

    def filter(self, words: list[str], text: str) -> str:
        if words[0] == "head" and len(words) == 2 and re.fullmatch(r"-\d+", words[1]):
            return "".join(text.splitlines(keepends=True)[: int(words[1][1:])])
        if words[0] == "head" and len(words) == 3 and words[1] == "-n":
            return "".join(text.splitlines(keepends=True)[: int(words[2])])
        if words[0] == "jq" and len(words) == 2:
            filtered = json.dumps(jq(words[1], json.loads(text)), indent=2, ensure_ascii=False) + "\n"
            if shutil.which("jq"):  # where jq is installed, check that the stand-in does what jq does
                assert subprocess.run(words, input=text, capture_output=True, text=True, check=True).stdout == filtered
            return filtered
        raise AssertionError(f"a shown filter the docs test cannot run: {shlex.join(words)}")


def _split_pipes(command: str) -> list[str]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars="|")
    lexer.whitespace_split = True
    stages: list[str] = []
    current: list[str] = []
    for token in lexer:
        if token == "|":
            stages.append(shlex.join(current))
            current = []
        else:
            current.append(token)
    stages.append(shlex.join(current))
    return stages


def jq(expression: str, value: object) -> object:
    """The few jq filters the docs use: `.`, `.a[0].b` and `{a, b}`, joined by `|`."""
    for part in (part.strip() for part in expression.split("|")):
        if part == ".":
            continue
        if re.fullmatch(r"(\.\w+|\[\d+\])+", part):
            for key in re.findall(r"\w+", part):
                value = value[int(key) if key.isdigit() else key]  # type: ignore[index]
        elif re.fullmatch(r"\{\s*\w+(\s*,\s*\w+)*\s*\}", part):
            value = {key: value[key] for key in re.findall(r"\w+", part)}  # type: ignore[index]
        else:
            raise AssertionError(f"a jq filter the docs test cannot run: {part}")
    return value


# --- comparing ------------------------------------------------------------------------------------


def _clean(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected: list[str], actual: list[str]) -> bool:
    expected = _clean(expected)
    if ELLIPSIS not in expected:
        return expected == actual
    parts = _parts(expected)
    position = 0
    for n, part in enumerate(parts):
        if not part:
            continue
        found = _find(actual, part, position)
        if found is None or (n == 0 and found != 0):
            return False
        position = found + len(part)
    return not parts[-1] or position == len(actual)


def _parts(lines: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for line in lines:
        if line == ELLIPSIS:
            parts.append([])
        else:
            parts[-1].append(line)
    return parts


def _find(lines: list[str], part: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines) - len(part) + 1) if lines[i:i + len(part)] == part), None)


def regenerated(expected: list[str], actual: list[str]) -> list[str]:
    """The shown output again from the real one: all of it, or for a trimmed block each part re-taken."""
    if ELLIPSIS not in _clean(expected):
        return actual
    out: list[str] = []
    position = 0
    for n, part in enumerate(_parts(_clean(expected))):
        if n:
            out.append(ELLIPSIS)
        if not part:
            continue
        start = next((i for i in range(position, len(actual)) if actual[i] == part[0]), None)
        assert start is not None, f"cannot regenerate a trimmed output: {part[0]!r} is no longer in it; edit it by hand"
        out.extend(actual[start:start + len(part)])
        position = start + len(part)
    return out


# --- the tests ------------------------------------------------------------------------------------


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Iterator[Path]:
    folder = tmp_path / "repo"
    for name in COPIED:
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    for variable in ("COLUMNS", "LINES", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(folder)
    yield folder


@pytest.mark.parametrize("block", BLOCKS, ids=[block.where for block in BLOCKS])
def test_shown_output_is_what_the_command_prints(block: Block, scratch: Path, request, monkeypatch):
    if block.setup is not None:
        assert block.setup in SETUPS, f"{block.where}: unknown setup {block.setup!r}; known: {', '.join(SETUPS)}"
        SETUPS[block.setup](request, monkeypatch, scratch)
    shell = Shell(scratch)
    shown = []
    wrong = []
    for step in block.steps:
        actual = _clean(shell.run(step.command).split("\n"))
        shown.append(f"$ {step.command}")
        if matches(step.expected, actual):
            shown.extend(step.expected)
            continue
        wrong.append(f"$ {step.command}\n--- shown:\n" + "\n".join(_clean(step.expected)) + "\n--- printed:\n" + "\n".join(actual))
        shown.extend(regenerated(step.expected, actual))
    if wrong and request.config.getoption("--update-golden"):
        now = console_blocks(block.page)[block.index]  # an earlier block's update may have moved it
        lines = block.page.read_text(encoding="utf-8").split("\n")
        lines[now.start:now.end] = _clean(shown)
        block.page.write_text("\n".join(lines), encoding="utf-8")
        return
    assert not wrong, f"{block.where}: the docs show another output than the command prints " \
                      "(rerun with --update-golden if the change is on purpose)\n" + "\n\n".join(wrong)


def test_the_docs_show_commands():
    pages = {block.page.name for block in BLOCKS}
    assert "README.md" in pages and len(BLOCKS) >= 20, pages


# --- links ----------------------------------------------------------------------------------------

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to hyphens."""
    found: set[str] = set()
    in_fence = False
    for line in page.read_text(encoding="utf-8").split("\n"):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence or not line.startswith("#"):
            continue
        text = line.lstrip("#").strip().lower()
        slug = re.sub(r"[^\w\- ]", "", text.replace("`", "")).replace(" ", "-")
        candidate, n = slug, 1
        while candidate in found:
            candidate, n = f"{slug}-{n}", n + 1
        found.add(candidate)
    return found


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_relative_links_resolve(page: Path):
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path_part, _, anchor = target.partition("#")
        linked = (page.parent / path_part).resolve() if path_part else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no heading #{anchor} in {linked.relative_to(ROOT)}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_every_page_in_docs_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    unlinked = [page.name for page in PAGES[1:] if f"docs/{page.name}" not in readme]
    assert not unlinked, f"README.md links none of: {', '.join(unlinked)}"


def test_the_readme_is_a_front_page():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 300


def test_the_scenario_shown_with_every_setting_is_valid(tmp_path):
    text = (ROOT / "docs" / "scenario.md").read_text(encoding="utf-8")
    example = re.search(r"^```yaml\n(name:.*?)^```$", text, flags=re.S | re.M)
    assert example, "docs/scenario.md should open with a whole scenario in a ```yaml block"
    path = tmp_path / "example.yaml"
    path.write_text(example[1], encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)], prog_name="tiktok-earnings")
    assert result.exit_code == 0, result.output


# --- the convention itself ------------------------------------------------------------------------


def test_a_trimmed_output_matches_its_parts_in_order_and_regenerates_them():
    actual = ["a", "b", "c", "d", "e"]
    assert matches(["a", "b", "…", "e"], actual)
    assert matches(["…", "c", "…"], actual)
    assert not matches(["b", "…"], actual)  # the first part is at the start
    assert not matches(["…", "c"], actual)  # the last part is at the end
    assert not matches(["…", "d", "…", "c", "…"], actual)  # in order
    assert matches(["a  ", "b", "c", "d", "e", ""], actual)  # trailing spaces and blank lines do not count
    assert regenerated(["…", "c", "x", "…"], ["a", "c", "d", "e"]) == ["…", "c", "d", "…"]


def test_a_command_the_shell_cannot_run_fails_rather_than_passing_unchecked(tmp_path):
    with pytest.raises(AssertionError, match="cannot run: ls -l"):
        Shell(tmp_path).run("ls -l")
    with pytest.raises(AssertionError, match="cannot run: sort"):
        Shell(tmp_path).run("tiktok-earnings --version | sort")


def test_the_table_of_keys_is_the_one_the_spec_makes(request):
    """docs/scenario.md shows every scenario key as scenario/spec.py declares it; --update-golden rewrites it."""
    from tiktok_earnings.scenario.spec import keys_table_markdown

    page = ROOT / "docs" / "scenario.md"
    text = page.read_text(encoding="utf-8")
    start, end = "<!-- keys-table:start -->\n", "<!-- keys-table:end -->"
    before, rest = text.split(start)
    shown, after = rest.split(end)
    wanted = keys_table_markdown().rstrip("\n") + "\n"
    if shown != wanted and request.config.getoption("--update-golden"):
        page.write_text(before + start + wanted + end + after, encoding="utf-8")
        return
    assert shown == wanted, "docs/scenario.md's table of keys differs from the spec: rerun with --update-golden"
