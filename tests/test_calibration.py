"""`calibrate`: the t quantile, the fit on synthetic histories with a known ε, degenerate and bad inputs, the CLI."""

import json
import math
import random
import re
import subprocess
import sys
from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from rich.console import Console

from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode, InputError
from tiktok_earnings.hearts.calibration import CAVEAT, calibrate, change
from tiktok_earnings.hearts.history import History, StreamRecord, collect_history, load_history
from tiktok_earnings.hearts.statistics import _t_central, student_t_quantile
from tiktok_earnings.render.calibration import calibration_json, calibration_view, engagement_yaml
from tiktok_earnings.scenario.reader import load_scenario
from tiktok_earnings.scenario.schema import scenario_schema

from .cli_runner import CliRunner
from .conftest import CONFIGS, DATA, ROOT

runner = CliRunner()
EXAMPLE = "configs/history-example.csv"
HEADER = "duration_minutes,average_viewers,hearts,gift_coins\n"
INVALID = sorted((DATA / "history").glob("*.csv"))
TRUE_EPSILON = 0.15


def invoke(*args: str):
    return runner.invoke(app, list(args), prog_name="tiktok-earnings")


def synthetic(streams: int, epsilon: float, noise: float, seed: int, k: float = 1.0) -> History:
    """A history made to the model: log(coins per viewer-minute) = log(0.15) + ε·log(1 + h/k) + N(0, noise)."""
    rng = random.Random(seed)
    records = []
    for i in range(streams):
        minutes, viewers = rng.randrange(45, 181, 5), rng.randrange(80, 1200)
        h = math.exp(rng.uniform(math.log(0.2), math.log(15)))
        per_viewer_minute = 0.15 * (1 + h / k) ** epsilon * math.exp(rng.gauss(0, noise))
        records.append(StreamRecord("synthetic.csv", i + 2, None, None, D(minutes), D(viewers), round(h * minutes * viewers),
                                    max(1, round(per_viewer_minute * minutes * viewers))))
    return History(("synthetic.csv",), tuple(records), ())


def rows(*streams: tuple) -> History:
    records = tuple(StreamRecord("h.csv", i + 2, None, None, D(m), D(v), hearts, coins)
                    for i, (m, v, hearts, coins) in enumerate(streams))
    return History(("h.csv",), records, ())


def pinned_console() -> Console:
    return Console(file=StringIO(), width=100, color_system=None, force_terminal=False, legacy_windows=False)


# --- Student's t ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("degrees", "expected"), [(5, "2.015"), (10, "1.812"), (30, "1.697"), (None, "1.645")])
def test_t_quantile_matches_the_tables(degrees, expected):
    assert round(student_t_quantile(D("0.95"), degrees), 3) == D(expected)


@pytest.mark.parametrize(("probability", "degrees", "expected"), [
    ("0.95", 1, "6.313752"), ("0.95", 2, "2.919986"), ("0.95", 3, "2.353363"), ("0.975", 1, "12.706205"),
    ("0.975", 2, "4.302653"), ("0.995", 7, "3.499483"), ("0.975", None, "1.959964"), ("0.95", 1000, "1.646379"),
    ("0.95", 10**6, "1.644855"),
])
def test_t_quantile_to_six_decimals(probability, degrees, expected):
    assert round(student_t_quantile(D(probability), degrees), 6) == D(expected)


def test_the_large_sample_expansion_agrees_with_the_exact_distribution_where_they_meet():
    t = student_t_quantile(D("0.95"), 301)  # Cornish-Fisher beyond 300 degrees of freedom
    assert abs(_t_central(t, 301) - D("0.90")) < D("1E-12")  # checked against the exact closed form
    quantiles = [student_t_quantile(D("0.95"), df) for df in (299, 300, 301, 302)]
    assert quantiles == sorted(quantiles, reverse=True)


def test_t_quantile_refuses_what_it_cannot_answer():
    for probability, degrees in (("0.5", 5), ("1", 5), ("0.95", 0)):
        with pytest.raises(ValueError):
            student_t_quantile(D(probability), degrees)


# --- the fit on synthetic histories ------------------------------------------------------------


def test_the_interval_covers_the_true_elasticity_in_about_90_percent_of_seeded_trials():
    trials = 400
    covered = 0
    for seed in range(trials):
        low, _, high = calibrate(synthetic(20, TRUE_EPSILON, noise=0.3, seed=seed)).fit.interval
        covered += low <= D(TRUE_EPSILON) <= high
    assert 0.86 <= covered / trials <= 0.94, covered / trials


def test_200_streams_with_little_noise_recover_epsilon_within_0_02():
    for seed in range(20):
        result = calibrate(synthetic(200, TRUE_EPSILON, noise=0.05, seed=seed))
        fit = result.fit
        assert abs(fit.elasticity - D(TRUE_EPSILON)) <= D("0.02"), (seed, fit.elasticity)
        assert fit.degrees_of_freedom == 198 and fit.r_squared > D("0.8")
        assert result.warnings == ()
        assert 0 < result.elasticity.low <= result.elasticity.base <= result.elasticity.high


def test_the_fit_uses_the_reference_rate_it_is_given():
    history = synthetic(200, TRUE_EPSILON, noise=0.05, seed=7, k=4.0)
    assert abs(calibrate(history, D(4)).fit.elasticity - D(TRUE_EPSILON)) <= D("0.02")
    assert calibrate(history, D(4)).reference == D(4)


def test_an_exact_line_gives_its_slope_with_no_error():
    # coins per viewer-minute = 0.1 · (1 + h)^0.5 exactly, at h = 0, 3, 8, 15 (so 1 + h = 1, 4, 9, 16)
    history = rows((100, 10, 0, 100), (100, 10, 3000, 200), (100, 10, 8000, 300), (100, 10, 15000, 400))
    fit = calibrate(history).fit
    assert round(fit.elasticity, 20) == D("0.5") and round(fit.standard_error, 20) == 0
    assert round(fit.r_squared, 20) == 1 and round(fit.intercept.exp(), 20) == D("0.1")


def test_the_same_history_gives_the_same_output():
    first = calibration_json(calibrate(load_history([EXAMPLE])))
    assert first == calibration_json(calibrate(load_history([EXAMPLE])))


# --- what the data cannot support: warnings, not crashes or NaN ------------------------------


def no_nan(result) -> dict:
    """The JSON, read with NaN and infinity refused, so that none can hide in it."""
    def refuse(constant):
        raise AssertionError(f"{constant} in the JSON")

    return json.loads(calibration_json(result), parse_constant=refuse)["calibration"]


def test_a_single_stream_warns_and_makes_no_fit():
    result = calibrate(rows((60, 100, 6000, 900)))
    assert result.fit is None and "only 1 stream with gifts" in result.no_fit
    assert any("Only 1 stream" in warning and "at least 8" in warning for warning in result.warnings)
    assert no_nan(result)["fit"] is None and engagement_yaml(result) == ""


def test_identical_hearts_everywhere_warn_and_make_no_fit():
    result = calibrate(rows(*[(60, 100, 6000, coins) for coins in (900, 700, 1200, 800, 950, 1000, 870, 990)]))
    assert result.fit is None and "the same in every stream" in result.no_fit
    assert any("barely vary" in warning for warning in result.warnings)
    no_nan(result)


def test_hearts_that_barely_vary_warn_but_still_fit():
    history = rows(*[(60, 100, 6000 + 50 * i, 900 + 37 * (i % 3)) for i in range(10)])
    result = calibrate(history)
    assert result.fit is not None
    assert any("barely vary" in warning for warning in result.warnings)


def test_a_line_too_steep_to_mean_anything_makes_no_fit_not_a_crash():
    """Two streams at one hearts rate and a third a hair apart, with other gifts: ε 272, and twice the hearts went
    with 2^272 times the gifts, which no report can show (the reading's rounding once ended in InvalidOperation)."""
    result = calibrate(rows((120, 400, 72000, 5250), (120, 400, 72000, 5250), (90, 350, 48000, 45654)))
    assert result.fit is None and result.no_fit.startswith("the fitted line is too steep to mean anything (ε 272.")
    assert any("barely vary" in warning for warning in result.warnings)
    assert no_nan(result)["fit"] is None and engagement_yaml(result) == ""


def test_streams_without_gifts_are_left_out_and_the_output_says_so():
    history = synthetic(12, TRUE_EPSILON, 0.1, seed=1)
    zero = history.streams[0]._replace(gift_coins=0, line=99, name="Test stream")
    result = calibrate(history._replace(streams=(zero, *history.streams[1:])))
    assert result.excluded == (zero,) and len(result.used) == 11
    assert any("1 stream without gifts left out" in warning for warning in result.warnings)
    assert no_nan(result)["streams"]["excluded"] == [
        {"file": "synthetic.csv", "line": 99, "name": "Test stream", "date": None, "reason": "no gifts"}]
    assert "(1 without gifts left out)" in engagement_yaml(result)


def test_only_streams_without_gifts_make_no_fit():
    result = calibrate(rows((60, 100, 6000, 0), (60, 100, 600, 0), (30, 10, 5, 0)))
    assert result.fit is None and result.no_fit.startswith("no stream has gifts") and len(result.excluded) == 3
    no_nan(result)


def test_few_streams_warn_but_fit():
    result = calibrate(synthetic(5, TRUE_EPSILON, 0.1, seed=3))
    assert result.fit is not None and result.fit.degrees_of_freedom == 3
    assert any("Only 5 streams" in warning for warning in result.warnings)


def test_a_negative_slope_is_reported_honestly_and_the_block_is_clamped_at_0():
    result = calibrate(synthetic(40, -0.3, noise=0.05, seed=2))
    assert result.fit.elasticity < 0 and result.fit.interval.high < 0
    assert any("negative" in warning and "less gift money" in warning for warning in result.warnings)
    assert "less gift money per viewer-minute" in result.reading[0]
    assert result.elasticity == (D("0.000"),) * 3
    block = engagement_yaml(result)
    assert "elasticity: {low: 0.000, base: 0.000, high: 0.000}" in block and "clamped at 0" in block


def test_an_interval_reaching_below_0_sets_low_to_0_and_says_so():
    result = calibrate(synthetic(10, 0.05, noise=0.4, seed=4))
    assert result.fit.interval.low < 0 < result.fit.elasticity
    assert result.elasticity.low == 0 and result.elasticity.base > 0
    assert any("reaches below 0" in warning for warning in result.warnings)
    assert any("consistent with hearts having no link" in line for line in result.reading)


def test_change_reads_as_an_amount_of_gift_money():
    assert [change(D(x)) for x in ("1.094", "0.96", "1.004", "1", "1.0004")] == [
        "9% more", "4% less", "0.4% more", "the same", "the same"]


# --- reading histories: bad rows are file:line errors ---------------------------------------


def expected_problems(path: Path) -> list[tuple[int, str]]:
    return [(int(line), message) for line, message in re.findall(r"^# expect (\d+): (.+)$", path.read_text(), re.MULTILINE)]


@pytest.mark.parametrize("path", INVALID, ids=[path.stem for path in INVALID])
def test_each_bad_csv_is_reported_with_its_line_and_message(path):
    expected = expected_problems(path)
    assert expected, f"{path.name} has no `# expect LINE: message` comment"
    with pytest.raises(InputError) as caught:
        load_history([str(path)])
    problems = caught.value.problems
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for problem, (line, message) in zip(problems, expected, strict=True):
        assert (problem.file, problem.line) == (str(path), line), str(problem)
        assert message in problem.message, str(problem)
        assert problem.hint, f"no 'what to do' in: {problem}"


def test_a_bad_csv_exits_2_with_one_line_per_problem_and_nothing_on_stdout():
    path = str(DATA / "history" / "malformed-number.csv")
    result = invoke("calibrate", path)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}:5: `gift_coins` must be a number, not 'lots' — give the coins of all gifts received (count × coin price,"
        " summed) as a whole number, e.g. 5400",
        f"{path}:6: `hearts` must be a number, not '48,000' (write it without thousands separators) — give the total hearts"
        " (likes) tapped as a whole number, e.g. 48000",
    ]


def test_an_empty_file_and_a_misspelt_column_say_what_to_do(tmp_path):
    (tmp_path / "empty.csv").write_text("# only a comment\n\n")
    (tmp_path / "typo.csv").write_text("duration_minutes,average_viewers,Hearts,gift_coin\n60,100,6000,900\n")
    with pytest.raises(InputError) as caught:
        load_history([str(tmp_path / "empty.csv"), str(tmp_path / "typo.csv")])
    assert [str(problem).replace(str(tmp_path), "") for problem in caught.value.problems] == [
        "/empty.csv: is empty: no header row — the header needs duration_minutes, average_viewers, hearts and gift_coins;"
        " date and name are optional",
        "/typo.csv:1: unknown column 'Hearts' — did you mean 'hearts'?",
        "/typo.csv:1: unknown column 'gift_coin' — did you mean 'gift_coins'?",
    ]


def test_a_csv_may_have_a_byte_order_mark_comments_crlf_and_columns_in_any_order(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeff# exported\r\nname,gift_coins,hearts,average_viewers,duration_minutes,date\r\n"
                     '"Q&A, late",900,6000,100,60,2026-11-20\r\n'.encode())
    (stream,) = load_history([str(path)]).streams
    assert stream == StreamRecord(str(path), 3, "Q&A, late", "2026-11-20", D(60), D(100), 6000, 900)


def test_files_that_are_not_history_and_missing_ones_are_errors(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(InputError) as caught:
        load_history([str(tmp_path / "notes.txt"), str(tmp_path / "missing.csv"), str(tmp_path / "*.jsonl")])
    assert [(problem.file.replace(str(tmp_path), ""), problem.message) for problem in caught.value.problems] == [
        ("/*.jsonl", "no files match this pattern"), ("/missing.csv", "no such file"), ("/notes.txt", "is not a history file")]


# --- scenarios, recordings, folders and k ------------------------------------------------------


SCENARIO = "stream: {{duration_minutes: 60, average_viewers: 100}}\nhearts: {hearts}\ngifts: [{{gift: Rose, count: {roses}}}]\n"


def test_a_scenario_is_a_stream_with_its_gift_coins_and_its_k(write_scenario):
    path = write_scenario(SCENARIO.format(hearts=6000, roses=900) + "engagement:\n  reference_hearts_per_viewer_minute: 2\n")
    (stream,) = load_history([str(path)]).streams
    assert (stream.hearts, stream.gift_coins, stream.reference, stream.reference_line) == (6000, 900, D(2), 5)


def test_scenarios_with_different_k_are_an_error_at_the_line_unless_reference_is_given(write_scenario):
    one = write_scenario(SCENARIO.format(hearts=6000, roses=900), "a.yaml")
    two = write_scenario(SCENARIO.format(hearts=600, roses=700) + "engagement: {reference_hearts_per_viewer_minute: 2}\n",
                         "b.yaml")
    history = load_history([str(one), str(two)])
    with pytest.raises(InputError) as caught:
        calibrate(history)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(two), 4)
    assert problem.message == f"the reference rate k is 2 here, but 1 in {one}" and "--reference" in problem.hint
    assert calibrate(history, D(3)).reference == D(3)
    result = invoke("calibrate", str(one), str(two))
    assert result.exit_code == ExitCode.INPUT_ERROR and result.stderr.startswith(f"{two}:4: the reference rate k is 2")


def test_csv_rows_take_the_k_of_the_scenarios_beside_them(write_scenario):
    scenario = write_scenario(SCENARIO.format(hearts=6000, roses=900) + "engagement: {reference_hearts_per_viewer_minute: 2}\n")
    csv_path = scenario.parent / "more.csv"
    csv_path.write_text(HEADER + "60,100,600,500\n60,100,60000,1500\n")
    assert calibrate(load_history([str(scenario), str(csv_path)])).reference == D(2)


RECORDING = [
    {"event": "RoomUserSeqEvent", "received_at": "2026-11-20T20:00:00Z", "data": {"total": 100, "totalUser": 120}},
    {"event": "LikeEvent", "received_at": "2026-11-20T20:00:00Z", "data": {"count": 15, "total": 500}},  # before: 500
    {"event": "LikeEvent", "received_at": "2026-11-20T20:10:00Z", "data": {"count": 15, "total": 6500}},  # 6,000 while recording
    {"event": "GiftEvent", "received_at": "2026-11-20T20:20:00Z",
     "data": {"giftId": "5655", "repeatCount": 3, "gift": {"id": "5655", "type": 2, "diamondCount": 100, "name": "Rose"}}},
    {"event": "RoomUserSeqEvent", "received_at": "2026-11-20T21:00:00Z", "data": {"total": 100, "totalUser": 150}},
]


def test_a_recording_is_a_stream_through_the_recording_importer(tmp_path):
    path = tmp_path / "friday.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in RECORDING))
    (stream,) = load_history([str(path)]).streams
    assert (stream.duration_minutes, stream.average_viewers, stream.hearts, stream.gift_coins) == (60, 100, 6000, 300)
    assert stream.reference is None  # raw data: it takes the history's k


def test_a_folder_gives_every_history_file_but_those_starting_with_an_underscore(tmp_path):
    for name in ("a.csv", "b.yaml", "c.yml", "d.jsonl", "_engagement.yaml", ".hidden.csv", "notes.txt", "sub/e.csv",
                 "_shared/f.yaml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("")
    files, problems = collect_history([str(tmp_path)])
    assert [Path(file).relative_to(tmp_path).as_posix() for file in files] == ["a.csv", "b.yaml", "c.yml", "d.jsonl",
                                                                               "sub/e.csv"]
    assert problems == []


# --- output: the block, JSON, the view ---------------------------------------------------------


def test_the_block_reads_back_through_extends_and_run_shows_it_as_calibrated(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    block = tmp_path / "_engagement.yaml"
    result = invoke("calibrate", EXAMPLE, "-o", str(block))
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr == f"Wrote {block}: use it with `extends:` in a scenario, or paste its engagement: block into one.\n"
    assert "Wrote" not in result.stdout and "engagement:\n" not in result.stdout  # said once, on stderr
    text = block.read_text(encoding="utf-8")
    assert "# Use it with `extends: _engagement.yaml`" in text and "Inside a folder" not in text
    assert "A correlation in these streams, not proof that hearts cause gifts" in text
    (tmp_path / "next.yaml").write_text("extends: _engagement.yaml\n" + SCENARIO.format(hearts=6000, roses=900))
    engagement = load_scenario(tmp_path / "next.yaml").engagement
    assert engagement.elasticity == (D("0.032"), D("0.140"), D("0.248"))
    assert engagement.calibrated == "24 streams, 2026-09-04 to 2026-12-02: ε 0.140 (90% CI 0.032 to 0.248), R² 0.18"
    table = invoke("run", str(tmp_path / "next.yaml"))
    assert "(calibrated: 24 streams, 2026-09-04 to 2026-12-02: ε 0.140" in " ".join(table.stdout.replace("│", "").split())
    assert "(default)" not in table.stdout and "not proof that hearts cause gifts" in " ".join(table.stdout.split())
    document = json.loads(invoke("run", str(tmp_path / "next.yaml"), "-f", "json").stdout)
    assumptions = document["scenarios"][0]["assumptions"]["engagement"]
    assert assumptions["source"] == "calibrated" and assumptions["calibrated"] == engagement.calibrated


def test_without_output_the_block_is_printed_after_the_report_as_it_is(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = invoke("calibrate", EXAMPLE)
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr == ""
    assert result.stdout.endswith(engagement_yaml(calibrate(load_history([EXAMPLE])))) and "save it with -o" in result.stdout


def test_output_never_replaces_a_history_file(tmp_path):
    history = tmp_path / "streams.csv"
    history.write_text(HEADER + "60,100,600,500\n")
    result = invoke("calibrate", str(history), "-o", str(history))
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "is one of the history files" in " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.stderr).split())
    assert history.read_text() == HEADER + "60,100,600,500\n"


def test_no_fit_exits_1_says_why_on_stderr_and_writes_nothing(tmp_path):
    history = tmp_path / "one.csv"
    history.write_text(HEADER + "60,100,6000,900\n")
    for output_format in ("table", "json"):
        result = invoke("calibrate", str(history), "-o", str(tmp_path / "out.yaml"), "-f", output_format)
        assert result.exit_code == ExitCode.EXPECTATION_FAILED, result.output
        assert result.stderr == ("tiktok-earnings calibrate: no fit: only 1 stream with gifts: a line and its error need at"
                                 " least 3 — add past streams with gifts: 8 or more for a fit worth trusting\n")
        assert not (tmp_path / "out.yaml").exists()
    assert json.loads(result.stdout)["calibration"]["fit"] is None


def test_json_has_the_same_figures_for_scripts(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = invoke("calibrate", EXAMPLE, "--format", "json")
    assert result.exit_code == ExitCode.OK and result.stderr == ""
    calibration = json.loads(result.stdout)["calibration"]
    assert calibration["fit"]["elasticity"] == "0.139732" and calibration["fit"]["degrees_of_freedom"] == 22
    assert calibration["streams"] == {"read": 26, "used": 24, "excluded": [
        {"file": EXAMPLE, "line": 12, "name": "Test stream", "date": "2026-09-29", "reason": "no gifts"},
        {"file": EXAMPLE, "line": 24, "name": "Power cut", "date": "2026-11-10", "reason": "no gifts"}]}
    assert calibration["engagement"]["elasticity"] == {"low": "0.032", "base": "0.140", "high": "0.248"}
    assert calibration["caveat"] == CAVEAT and "not proof that hearts cause gifts" in CAVEAT


def test_the_example_history_says_it_is_synthetic():
    text = (CONFIGS / "history-example.csv").read_text(encoding="utf-8")
    assert text.startswith("# Synthetic example history") and "NOT a real creator's streams" in text


def test_the_view_and_the_block_match_golden(golden, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = calibrate(load_history([EXAMPLE]))
    console = pinned_console()
    console.print(calibration_view(result))
    golden("calibrate-history-example.txt", console.file.getvalue() + engagement_yaml(result))
    golden("calibrate-history-example.json", json.dumps(json.loads(calibration_json(result)), indent=2, ensure_ascii=False)
           + "\n")


def test_help_has_examples_and_the_exit_codes():
    result = invoke("calibrate", "--help")
    assert result.exit_code == ExitCode.OK
    text = " ".join(result.stdout.split())
    assert "Examples:" in text and "tiktok-earnings calibrate configs/history-example.csv" in text
    assert "Exit codes: 0" in text and "not proof that hearts cause gifts" in text


def test_a_bad_reference_is_a_usage_error():
    for value in ("abc", "0", "-1", "nan"):
        result = invoke("calibrate", EXAMPLE, "--reference", value)
        assert result.exit_code == ExitCode.INPUT_ERROR and "not a number greater than 0" in result.stderr


# --- the `calibrated:` note in scenarios -----------------------------------------------------


def test_the_note_must_be_text_and_the_schema_knows_it(write_scenario):
    path = write_scenario(SCENARIO.format(hearts=1, roses=1) + "engagement:\n  calibrated: [1, 2]\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.line == 5 and "`engagement.calibrated` must be text" in problem.message and "calibrate" in problem.hint
    schema = scenario_schema()
    document = {"stream": {"duration_minutes": 60, "average_viewers": 100}, "engagement": {"calibrated": "24 streams"}}
    jsonschema.validate(document, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document | {"engagement": {"calibrated": ["a list"]}}, schema)


# --- start-up and layering -------------------------------------------------------------------


def test_the_core_and_the_json_renderer_never_import_typer_or_rich():
    code = "import tiktok_earnings.hearts.calibration, tiktok_earnings.render.calibration\nimport sys; print('\\n'.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "tiktok_earnings.hearts.calibration" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("typer", "rich", "click")}


def test_calibrate_as_json_does_not_load_rich():
    code = (
        "import sys\nfrom tiktok_earnings.cli import app\n"
        "try:\n    app(['calibrate', 'configs/history-example.csv', '--format', 'json'], prog_name='tiktok-earnings')\n"
        "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
        "print('\\n'.join(sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert '"schema_version": 1' in out.stdout
    assert "rich" not in out.stderr.split() and "tiktok_earnings.hearts.calibration" in out.stderr.split()
