"""Fuzzing `run` with hostile inputs (issue 13): whatever a scenario file or a recording holds, the tool
ends with exit 0, 1 or 2, never 3; no traceback; stdout empty or one whole JSON or CSV document; and each
stderr line starts with the file's name (`file:line:`) or the tool's.

Four strategies: YAML structures built from the scenario's own keys, numbers at the edges of Decimal,
strings with control characters, and LIVE recordings. CI runs a few examples of each (a few seconds);
`pytest tests/test_fuzz.py --slow` (or TIKTOK_FUZZ_EXAMPLES=N) runs many more.
"""

import contextlib
import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiktok_earnings.cli import app

from .cli_runner import CliRunner

EXAMPLES = int(os.environ.get("TIKTOK_FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 15,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
runner = CliRunner()

KEYS = ["name", "extends", "stream", "duration_minutes", "average_viewers", "hearts", "gifts", "gift", "gift_id",
        "count", "coins", "coin_rates", "preset", "viewer_price_per_coin", "payout", "currency", "fx_rate",
        "agency_commission", "withdrawal_fee", "tax_rate", "engagement", "elasticity", "low", "base", "high",
        "reference_hearts_per_viewer_minute", "schedule", "streams_per_week", "other_income", "creator_rewards",
        "subscriptions", "brand_deals", "expect", "creator_net", "min", "max", "<<"]
EDGE_NUMBERS = ["0", "-0", "1e-1000000", "1E+999999999", "9" * 5000, "0." + "0" * 60 + "1", "1e28", "-1e12",
                "1000000000001", "1E-12", "NaN", ".inf", "-.inf", "0x10", "1_000", "4.9e-324", "1.7976931348623157e308",
                "99999999999999999999999999999", "1e-28", "123456789012345678901234567890.5"]
CONTROL_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["\x1b[2J\x1b[H", "x\nfile.yaml:1: forged", "\x07\x08\r", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
     "\u202eevil", "[bold red]x[/]", "[/bold]", "<script>alert(1)</script>", "`|`", "]]>", "\x00\x9b31m"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.decimals(allow_nan=False, allow_infinity=False).map(str),
                    st.sampled_from(EDGE_NUMBERS), CONTROL_TEXT)
STRUCTURES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.sampled_from(KEYS) | CONTROL_TEXT, inner, max_size=5), max_leaves=25)

VALID = {"name": "Fuzz", "stream": {"duration_minutes": 60, "average_viewers": 100}, "hearts": 1000,
         "gifts": [{"gift": "Rose", "count": 10}], "payout": {"tax_rate": 0.1}}  # yaml.safe_dump writes 0.1
NUMBER_PLACES = [("stream", "duration_minutes"), ("stream", "average_viewers"), ("hearts",), ("gifts", 0, "count"),
                 ("payout", "tax_rate"), ("payout", "fx_rate"), ("coin_rates", "viewer_price_per_coin"),
                 ("engagement", "elasticity", "base"), ("schedule", "streams_per_week"),
                 ("engagement", "reference_hearts_per_viewer_minute"), ("expect", "creator_net", "min")]


def check_run(files: list[Path], output_format: str) -> None:
    """The promise every hostile input is held to."""
    result = runner.invoke(app, ["run", *map(str, files), "--format", output_format], prog_name="tiktok-earnings")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    if result.stdout:
        if output_format == "json":
            json.loads(result.stdout)
        elif output_format == "csv":
            rows = list(csv.reader(io.StringIO(result.stdout)))
            assert len({len(row) for row in rows}) == 1
            assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    starts = tuple(str(path) for path in files) + ("tiktok-earnings",)
    for line in result.stderr.splitlines():
        assert line.startswith(starts), line
        assert "\x1b" not in line and "\r" not in line


def _write(folder: str, name: str, text: str) -> Path:
    path = Path(folder) / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def _set(data: dict, place: tuple, value: object) -> dict:
    target = data
    for key in place[:-1]:
        target = target.setdefault(key, {}) if isinstance(key, str) else target[key]
    target[place[-1]] = value
    return data


def test_the_valid_scenario_the_fuzzing_starts_from_is_valid():
    """Else every example would stop at its first problem, and the fuzzing reach no further."""
    with tempfile.TemporaryDirectory() as folder:
        result = runner.invoke(app, ["run", str(_write(folder, "good.yaml", yaml.safe_dump(VALID))), "--format", "json"])
    assert result.exit_code == 0 and result.stderr == "", result.stderr


@FUZZ
@given(structure=STRUCTURES, output_format=st.sampled_from(["json", "csv", "markdown", "table"]))
def test_any_yaml_structure_is_handled(structure, output_format):
    with tempfile.TemporaryDirectory() as folder:
        text = yaml.safe_dump(structure, allow_unicode=True) if not isinstance(structure, str) else structure
        check_run([_write(folder, "fuzz.yaml", text), _write(folder, "good.yaml", yaml.safe_dump(VALID))], output_format)


@FUZZ
@given(place=st.sampled_from(NUMBER_PLACES), number=st.sampled_from(EDGE_NUMBERS) | st.decimals().map(str)
       | st.integers().map(str), output_format=st.sampled_from(["json", "csv"]))
def test_numbers_at_the_edges_of_decimal_are_handled(place, number, output_format):
    data = json.loads(json.dumps(VALID))
    with tempfile.TemporaryDirectory() as folder:
        text = yaml.safe_dump(_set(data, place, "NUMBER")).replace("NUMBER", number)
        check_run([_write(folder, "numbers.yaml", text)], output_format)


WHAT_IFS = [["sweep", "{0}", "--vary", "hearts=0..100000:3"], ["sweep", "{0}", "--vary", "stream.average_viewers=1..1000:3"],
            ["sweep", "{0}", "--vary", "gifts[0].count=0..1000000:3", "--format", "csv"],
            ["goal", "{0}", "--target-net", "200", "--solve", "hearts"],
            ["goal", "{0}", "--target-net", "200", "--solve", "stream.duration_minutes", "--format", "json"],
            ["goal", "{0}", "--target-net", "0.01", "--solve", "gifts[0].count"],
            ["compare", "{1}", "{0}", "--format", "json"], ["calibrate", "{0}", "{1}", "{2}", "{0}"]]


@FUZZ
@given(place=st.sampled_from(NUMBER_PLACES), number=st.sampled_from(EDGE_NUMBERS) | st.decimals().map(str),
       command=st.sampled_from(WHAT_IFS))
def test_numbers_at_the_edges_of_decimal_reach_every_command_that_reads_a_scenario(place, number, command):
    """sweep, goal, compare and calibrate on a scenario with one number at an edge, beside valid ones."""
    data = json.loads(json.dumps(VALID))
    with tempfile.TemporaryDirectory() as folder:
        edge = _write(folder, "edge.yaml", yaml.safe_dump(_set(data, place, "NUMBER")).replace("NUMBER", number))
        valid = [_write(folder, f"valid{i}.yaml", yaml.safe_dump(dict(VALID, hearts=1000 * i))) for i in (1, 3)]
        args = [part.format(edge, *valid) for part in command]
        result = runner.invoke(app, args, prog_name="tiktok-earnings")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and max(map(len, result.stderr.splitlines()), default=0) < 1000


def _command_lines(draw: st.DrawFn, paths: list[str], outputs: list[str]) -> list[str]:
    """A command line of any command but `record` (it connects), from the command's own declaration: its options,
    each given or not, with values of its kind (a few of them hostile), and its arguments."""
    from enum import Enum

    name = draw(st.sampled_from([name for name in app.commands if name != "record"]))
    args = [name]
    texts = st.sampled_from(["Rose", "hearts", "stream.average_viewers", "gifts[0].count", "hearts=0..1000:3", "200",
                             "0.5", "1/2", "coins", "usd", "bash", "folder"]) | CONTROL_TEXT | st.sampled_from(EDGE_NUMBERS)
    for parameter in app.commands[name].parameters:
        if parameter.is_option and parameter.names != ("--install",) and draw(st.booleans()):
            option = draw(st.sampled_from(parameter.names))
            if parameter.flag:
                args.append(option)
                continue
            if parameter.kind is int:
                value = draw(st.sampled_from(["0", "1", "2", "100"]) | st.sampled_from(EDGE_NUMBERS))
            elif isinstance(parameter.kind, type) and issubclass(parameter.kind, Enum):
                value = draw(st.sampled_from([member.value for member in parameter.kind] + ["bogus"]))
            elif parameter.kind is Path:
                value = draw(st.sampled_from(outputs + paths))
            else:
                value = draw(texts | st.sampled_from(paths))
            args += [option, value] if draw(st.booleans()) else [f"{option}={value}"]
        elif not parameter.is_option:
            args += draw(st.lists(st.sampled_from(paths) | texts, min_size=0 if parameter.many else 1, max_size=3))
    return [arg.replace("\0", "") for arg in args]  # an argument cannot hold a NUL: the system's argv ends at one


@FUZZ
@given(data=st.data())
def test_any_command_line_the_declaration_allows_is_handled(data):
    """Every command, its options drawn from its one declaration (cli/app.py): exit 0, 1 or 2, never 3."""
    configs = Path(__file__).resolve().parent.parent / "configs"
    with tempfile.TemporaryDirectory() as folder:
        copied = Path(folder) / "configs"
        shutil.copytree(configs, copied)
        paths = [str(path) for path in sorted(copied.rglob("*")) if path.is_file()]
        paths += [str(copied), str(copied / "*.yaml"), str(copied / "missing.yaml"), "/dev/null"]
        outputs = [str(Path(folder) / name) for name in ("out.json", "out.yaml", "out.svg", "out.txt", "out.xml")]
        args = _command_lines(data.draw, paths, outputs)
        with contextlib.chdir(folder):  # `init NAME` writes NAME here
            result = runner.invoke(app, args, prog_name="tiktok-earnings", env={"HOME": folder})
    debug = "--debug" in args  # re-raises, as asked
    assert debug or result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert debug or result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert debug or "Traceback" not in result.stderr


@FUZZ
@given(name=CONTROL_TEXT, gift=CONTROL_TEXT, output_format=st.sampled_from(["json", "csv", "markdown", "table"]))
def test_strings_with_control_characters_are_made_safe(name, gift, output_format):
    data = dict(VALID, name=name, gifts=[{"name": gift, "coins": 5, "count": 2}], hearts=gift)
    with tempfile.TemporaryDirectory() as folder:
        check_run([_write(folder, "names.yaml", json.dumps(data, ensure_ascii=False))], output_format)


SCENARIO = str(Path(__file__).resolve().parent.parent / "configs" / "friday-qa.yaml")
NUMBER_OPTIONS = [["sweep", SCENARIO, "--vary", "hearts=0..{}:3"], ["sweep", SCENARIO, "--vary", "hearts={}..1:3"],
                  ["sweep", SCENARIO, "--vary", "payout.tax_rate=0..{}:3"],
                  ["goal", SCENARIO, "--solve", "hearts", "--target-net={}"], ["convert", "--", "{}", "coins"]]


@pytest.mark.parametrize("command", NUMBER_OPTIONS, ids=lambda command: " ".join(command[0:1] + command[2:]))
def test_numbers_at_the_edges_of_decimal_on_the_command_line_are_handled(command):
    """1E+999999999 once took a gigabyte of digits per figure quoted in the error, and tens of seconds."""
    for number in EDGE_NUMBERS:
        result = runner.invoke(app, [part.format(number) for part in command], prog_name="tiktok-earnings")
        assert result.exit_code in (0, 1, 2), (number, result.exit_code, result.stderr[:500])
        assert "Traceback" not in result.stderr
        assert max(map(len, result.stderr.splitlines()), default=0) < 400, (number, result.stderr[:500])


EVENTS = ["GiftEvent", "LikeEvent", "RoomUserSeqEvent", "ConnectEvent", "LiveEndEvent", "Other"]
ANY_NUMBER = st.integers() | st.sampled_from(["1", "-1", "9" * 40, "1e5", "", "18446744073709551616"]) | st.none()
GIFT_DATA = st.fixed_dictionaries({"giftId": ANY_NUMBER, "repeatCount": ANY_NUMBER, "repeatEnd": st.booleans(),
                                   "groupId": ANY_NUMBER, "user": st.fixed_dictionaries({"id": ANY_NUMBER}),
                                   "gift": st.fixed_dictionaries({"id": ANY_NUMBER, "type": ANY_NUMBER,
                                                                  "diamondCount": ANY_NUMBER, "name": CONTROL_TEXT})})
OTHER_DATA = st.fixed_dictionaries({"count": ANY_NUMBER, "total": ANY_NUMBER, "totalUser": ANY_NUMBER})
TIMES = st.sampled_from(["2025-06-01T20:00:00Z", "2025-06-01T20:00:05.5+00:00", "9999-12-31T23:59:59Z",
                         "0001-01-01T00:00:00Z", "2025-06-01T20:00:00", "not a time", "2025-06-01T21:00:00+14:00"])
LINES = st.one_of(
    st.builds(lambda event, at, data: json.dumps({"event": event, "received_at": at, "data": data}),
              st.sampled_from(EVENTS), TIMES, GIFT_DATA | OTHER_DATA),
    CONTROL_TEXT, st.sampled_from(["{}", "[]", "null", '{"event": 1}', "{" * 1000]))


@FUZZ
@given(lines=st.lists(LINES, max_size=12), output_format=st.sampled_from(["json", "csv", "table"]))
def test_any_recording_is_handled(lines, output_format):
    with tempfile.TemporaryDirectory() as folder:
        check_run([_write(folder, "stream.jsonl", "\n".join(lines))], output_format)
