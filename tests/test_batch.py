"""Batch runs: finding files, extends, expectations, shards, atomic reports, and exit codes."""

import json
import os
from pathlib import Path

import pytest

from tiktok_earnings.batch import collect, evaluate, shard, sort_key, worst_exit_code
from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode, InputError
from tiktok_earnings.scenario.extends import DocumentCache
from tiktok_earnings.scenario.reader import load_scenario

from .cli_runner import CliRunner

runner = CliRunner()

STREAM = "stream: {duration_minutes: 60, average_viewers: 100}\n"


def invoke(*args: str):
    return runner.invoke(app, [str(arg) for arg in args], prog_name="tiktok-earnings")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- finding files ---------------------------------------------------------------------------


def test_folders_are_searched_recursively_sorted_and_skip_underscore_names(tmp_path):
    for name in ("b/two.yaml", "a/one.yml", "a/z/three.yaml", "_shared/base.yaml", "a/_draft.yaml", "notes.txt", ".hidden/x.yaml"):
        write(tmp_path, name, STREAM)
    files, problems = collect([str(tmp_path)])
    assert problems == []
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == ["a/one.yml", "a/z/three.yaml", "b/two.yaml"]


TRICKY_NAMES = ("a.yaml", "a/x.yaml", "a-b.yaml", "a b/x.yaml", "a0/x.yaml", "A.yaml", "ab/c/d.yaml", "ab.yaml",
                "é.yaml", "z/a.yaml", "a/b/c.yaml", "a/b.yml", "a/b/_skipped.yaml", "a.b/x.yaml", "a1.yaml")


def test_a_folder_gives_its_files_in_the_order_of_the_output_whatever_their_names(tmp_path):
    """One folder's files are found in sort_key's order, and are not sorted again: the same order as several
    arguments get from a sort, and as a pattern over the folder gives."""
    for name in TRICKY_NAMES:
        write(tmp_path, name, STREAM)
    files, _ = collect([str(tmp_path)])
    relative = [Path(f).relative_to(tmp_path).as_posix() for f in files]
    expected = sorted((name for name in TRICKY_NAMES if "_" not in name), key=lambda name: tuple(name.split("/")))
    assert relative == expected
    assert collect([str(tmp_path / "**" / "*.y*ml")])[0] == files
    assert collect([str(tmp_path / "z"), str(tmp_path)])[0] == files  # two arguments: merged and sorted


def test_globs_are_expanded_and_files_named_twice_are_run_once(tmp_path):
    for name in ("x1.yaml", "x2.yaml", "y.yaml"):
        write(tmp_path, name, STREAM)
    files, _ = collect([str(tmp_path / "x*.yaml"), str(tmp_path / "x1.yaml"), str(tmp_path / "**" / "y.yaml")])
    assert [Path(f).name for f in files] == ["x1.yaml", "x2.yaml", "y.yaml"]


def test_a_pattern_that_matches_nothing_and_an_empty_folder_are_problems(tmp_path):
    (tmp_path / "empty").mkdir()
    files, problems = collect([str(tmp_path / "*.yaml"), str(tmp_path / "empty")])
    assert files == []
    assert [p.message for p in problems] == ["no files match this pattern", "folder holds no .yaml or .yml scenario files"]


def test_order_does_not_depend_on_the_order_of_arguments(tmp_path):
    a, b = write(tmp_path, "a.yaml", STREAM), write(tmp_path, "b.yaml", STREAM)
    assert collect([str(b), str(a)])[0] == collect([str(a), str(b)])[0]


# --- shards ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 2, 3, 7, 12])
def test_shards_together_are_exactly_the_whole_and_never_overlap(count):
    paths = [f"s{i:03}.yaml" for i in range(10)]
    slices = [shard(paths, index, count) for index in range(1, count + 1)]
    assert sorted(path for piece in slices for path in piece) == paths
    assert sum(len(piece) for piece in slices) == len(paths)
    assert max(map(len, slices)) - min(map(len, slices)) <= 1  # balanced


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_shards_by_group_keep_each_groups_files_together_and_are_the_whole(count):
    paths = [f"c{i % 4}/s{i:02}.yaml" for i in range(13)] + ["c1/deeper/s.yaml", "top.yaml"]
    paths.sort(key=sort_key)

    def group_of(path: str) -> str:
        return path.rsplit("/", 1)[0] if "/" in path else "."

    slices = [shard(paths, index, count, group_of) for index in range(1, count + 1)]
    assert sorted(path for piece in slices for path in piece) == sorted(paths)  # the whole, and no file twice
    assert sum(len(piece) for piece in slices) == len(paths)
    holders = [{index for index, piece in enumerate(slices) if any(group_of(path) == group for path in piece)}
               for group in {group_of(path) for path in paths}]
    assert all(len(held) == 1 for held in holders)  # each group in one shard only
    assert all(piece == [path for path in paths if path in piece] for piece in slices)  # in the list's order


def test_shard_cli_runs_only_its_slice(tmp_path):
    for i in range(5):
        write(tmp_path, f"s{i}.yaml", STREAM + f"name: s{i}\n")
    names = [
        [s["name"] for s in json.loads(invoke("run", tmp_path, "--shard", f"{k}/2", "-f", "json").stdout)["scenarios"]]
        for k in (1, 2)
    ]
    assert names == [["s0", "s2", "s4"], ["s1", "s3"]]


@pytest.mark.parametrize("value", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_a_bad_shard_is_a_usage_error(tmp_path, value):
    result = invoke("run", tmp_path, "--shard", value)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "K/N" in result.stderr and "Invalid value for '--shard':" in result.stderr


# --- extends ---------------------------------------------------------------------------------


def test_extends_merges_deeply_and_the_scenario_wins(tmp_path):
    write(tmp_path, "base.yaml", "name: Base\ncoin_rates: {preset: web}\npayout: {agency_commission: 0.1, tax_rate: 0.2}\nhearts: 7\n")
    path = write(tmp_path, "shows/mon.yaml", "extends: ../base.yaml\n" + STREAM + "payout: {tax_rate: 0.25}\n")
    scenario = load_scenario(path, DocumentCache([tmp_path]))  # as `run tmp_path/` reads it: the base is inside
    assert scenario.name == "mon"  # a name is never inherited
    assert scenario.coin_rates.preset == "web" and scenario.hearts == 7
    assert (str(scenario.payout.agency_commission), str(scenario.payout.tax_rate)) == ("0.1", "0.25")


def test_a_base_may_extend_another_base(tmp_path):
    write(tmp_path, "root.yaml", "coin_rates: {preset: web}\n")
    write(tmp_path, "team.yaml", "extends: root.yaml\npayout: {tax_rate: 0.3}\n")
    scenario = load_scenario(write(tmp_path, "s.yaml", "extends: team.yaml\n" + STREAM))
    assert (scenario.coin_rates.preset, str(scenario.payout.tax_rate)) == ("web", "0.3")


def test_an_error_in_an_inherited_value_points_at_the_base_file(tmp_path):
    base = write(tmp_path, "base.yaml", "payout:\n  tax_rate: 15\n")
    with pytest.raises(InputError) as caught:
        load_scenario(write(tmp_path, "s.yaml", "extends: base.yaml\n" + STREAM))
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(base), 2)


def test_a_missing_base_is_an_error_at_the_extends_line(tmp_path):
    path = write(tmp_path, "s.yaml", STREAM + "extends: shared/nowhere.yaml\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (str(path), 2)
    assert "the base file" in problem.message and "does not exist" in problem.message


def test_an_extends_cycle_is_an_error_not_a_hang(tmp_path):
    write(tmp_path, "a.yaml", "extends: b.yaml\n" + STREAM)
    write(tmp_path, "b.yaml", "extends: a.yaml\n")
    with pytest.raises(InputError) as caught:
        load_scenario(tmp_path / "a.yaml")
    context, problem = caught.value.problems  # where a.yaml names its base, then the base's own problem
    assert context.file.endswith("a.yaml") and "the base file 'b.yaml' cannot be used" in context.message
    assert problem.file.endswith("b.yaml") and "cycle" in problem.message and problem.line == 1
    with pytest.raises(InputError, match="cycle"):
        load_scenario(write(tmp_path, "self.yaml", "extends: self.yaml\n"))


def test_a_shared_base_is_read_once_per_run(tmp_path, monkeypatch):
    import tiktok_earnings.scenario.extends as extends

    write(tmp_path, "_base.yaml", "coin_rates: {preset: web}\n")
    for i in range(3):
        write(tmp_path, f"s{i}.yaml", "extends: _base.yaml\n" + STREAM)
    reads = []
    real = extends.load_document
    monkeypatch.setattr(extends, "load_document", lambda name: reads.append(Path(name).name) or real(name))
    cache = {}
    for i in range(3):
        evaluate(str(tmp_path / f"s{i}.yaml"), cache)
    assert reads.count("_base.yaml") == 1


# --- expectations ----------------------------------------------------------------------------

ROSES = "gifts: [{gift: Rose, count: 1000}]\n"  # 1000 coins: creator gross $5.00


def test_expectations_that_hold_pass(tmp_path):
    path = write(tmp_path, "s.yaml", STREAM + ROSES + "expect:\n  creator_net: {min: 5, max: 5}\n  coins: {min: 1000}\n")
    result = invoke("run", path, "-f", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout)["scenarios"][0]["status"] == "ok"


def test_a_failed_expectation_exits_1_with_file_line_and_values(tmp_path):
    path = write(tmp_path, "s.yaml", STREAM + ROSES + "expect:\n  creator_net: {min: 50}\n  hearts.indirect_value.base: {max: 20}\n")
    result = invoke("run", path, "-f", "json")
    assert result.exit_code == ExitCode.EXPECTATION_FAILED
    assert result.stderr == f"{path}:4: creator_net 5.00 is below min 50\n"
    scenario = json.loads(result.stdout)["scenarios"][0]
    assert scenario["status"] == "failed"
    assert scenario["failed_expectations"] == [{"file": str(path), "line": 4, "message": "creator_net 5.00 is below min 50", "hint": ""}]


def test_an_inherited_expectation_is_reported_against_the_scenario(tmp_path):
    write(tmp_path, "_base.yaml", "expect:\n  creator_net: {min: 50}\n")
    path = write(tmp_path, "s.yaml", STREAM + ROSES + "extends: _base.yaml\n")
    result = invoke("run", path)
    assert result.exit_code == ExitCode.EXPECTATION_FAILED
    assert f"{path}:3: creator_net 5.00 is below min 50 (expected in {tmp_path / '_base.yaml'}:2)" in result.stderr


def test_an_expectation_on_an_unknown_field_is_an_input_error(tmp_path):
    path = write(tmp_path, "s.yaml", STREAM + "expect:\n  creator_nett: {min: 1}\n")
    result = invoke("run", path)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert f"{path}:3: unknown output field 'creator_nett' in `expect` — did you mean 'creator_net'" in result.stderr


def test_an_expectation_needs_a_bound_in_order(tmp_path):
    path = write(tmp_path, "s.yaml", STREAM + "expect:\n  coins: {}\n  tax: {min: 5, max: 1}\n")
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert [p.line for p in caught.value.problems] == [3, 4]


def test_an_expectation_left_empty_is_an_error_not_ignored(tmp_path):
    path = write(tmp_path, "s.yaml", STREAM + "expect:\n  creator_net:\n")
    with pytest.raises(InputError, match="expectation `creator_net` sets no bound"):
        load_scenario(path)


# --- exit codes, mixed folders, validate -----------------------------------------------------


def test_worst_exit_code_wins():
    assert worst_exit_code([]) == ExitCode.OK
    assert worst_exit_code([ExitCode.OK, ExitCode.EXPECTATION_FAILED, ExitCode.INPUT_ERROR]) == ExitCode.INPUT_ERROR


def test_a_folder_of_good_failing_and_broken_files_computes_every_valid_one(tmp_path):
    write(tmp_path, "a-good.yaml", STREAM + ROSES)
    write(tmp_path, "b-broken.yaml", STREAM + "gifts: [{gift: Lionn, count: 1}]\n")
    write(tmp_path, "c-fails.yaml", STREAM + ROSES + "expect: {creator_net: {min: 100}}\n")
    write(tmp_path, "d-good.yaml", STREAM)
    result = invoke("run", tmp_path, "-f", "json")
    assert result.exit_code == ExitCode.INPUT_ERROR
    report = json.loads(result.stdout)
    assert [(s["name"], s["status"]) for s in report["scenarios"]] == [("a-good", "ok"), ("c-fails", "failed"), ("d-good", "ok")]
    assert [error["file"] for error in report["errors"]] == [str(tmp_path / "b-broken.yaml")]
    assert "unknown gift 'Lionn'" in result.stderr and "creator_net 5.00 is below min 100" in result.stderr


def test_only_failed_expectations_exit_1(tmp_path):
    write(tmp_path, "a.yaml", STREAM)
    write(tmp_path, "b.yaml", STREAM + "expect: {coins: {min: 1}}\n")
    assert invoke("run", tmp_path).exit_code == ExitCode.EXPECTATION_FAILED


def test_validate_reports_every_error_in_every_file_without_computing(tmp_path):
    write(tmp_path, "good.yaml", STREAM + "expect: {creator_net: {min: 1000000}}\n")  # would fail if computed
    write(tmp_path, "bad.yaml", "stream: {duration_minutes: -1, average_viewers: 0}\nheart: 3\n")
    result = invoke("validate", tmp_path)
    assert result.exit_code == ExitCode.INPUT_ERROR
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        f"{tmp_path / 'bad.yaml'}:1: `stream.duration_minutes` must be greater than 0 (got -1) — give the stream's length in minutes, e.g. 90",
        f"{tmp_path / 'bad.yaml'}:1: `stream.average_viewers` must be greater than 0 (got 0) — give the average number of concurrent viewers, e.g. 350",
        f"{tmp_path / 'bad.yaml'}:2: unknown key 'heart' in a scenario — did you mean 'hearts'?",
    ]
    assert lines[-1] == "2 files checked: 1 invalid"
    assert result.stdout == ""
    os.remove(tmp_path / "bad.yaml")
    assert invoke("validate", tmp_path).exit_code == ExitCode.OK


def test_validate_counts_a_path_it_did_not_read_apart_from_the_files_it_checked(tmp_path):
    """A pattern that matched nothing was counted as an invalid file: '0 files checked: 1 invalid'."""
    good = write(tmp_path, "good.yaml", STREAM)
    result = invoke("validate", good, str(tmp_path / "nothing*.yaml"))
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr.splitlines()[-1] == "1 file checked: all valid; 1 not read (above)"
    assert invoke("validate", str(tmp_path / "nothing*.yaml")).stderr.splitlines()[-1] == "no file checked; 1 not read (above)"


# --- reports written to files ----------------------------------------------------------------


def test_output_writes_the_report_and_leaves_nothing_else(tmp_path):
    write(tmp_path, "in/a.yaml", STREAM + ROSES)
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    result = invoke("run", tmp_path / "in", "-f", "json", "--output", report)
    assert result.exit_code == ExitCode.OK and result.stdout == ""
    assert json.loads(report.read_text())["scenarios"][0]["creator_net"] == "5.00"
    assert os.listdir(report.parent) == ["report.json"]


def test_an_interrupted_write_leaves_the_old_report_intact(tmp_path, monkeypatch):
    import tiktok_earnings.atomic as atomic

    write(tmp_path, "in/a.yaml", STREAM + ROSES)
    report = write(tmp_path, "report.csv", "the old report\n")

    class InterruptedStream:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, text):
            self.stream.write(text[: len(text) // 2])
            raise KeyboardInterrupt

    real_fdopen = os.fdopen
    monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: InterruptedStream(real_fdopen(*a, **k)))
    result = invoke("run", tmp_path / "in", "-f", "csv", "--output", report)
    assert result.exit_code == ExitCode.INTERRUPTED
    assert "interrupted" in result.stderr
    assert report.read_text() == "the old report\n"
    assert sorted(os.listdir(tmp_path)) == ["in", "report.csv"]  # no partial file left behind


def test_a_report_never_overwrites_a_scenario_file(tmp_path):
    path = write(tmp_path, "a.yaml", STREAM)
    result = invoke("run", path, "--output", path)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert path.read_text() == STREAM


def test_an_unwritable_report_path_is_an_input_error(tmp_path):
    path = write(tmp_path, "a.yaml", STREAM)
    result = invoke("run", path, "--output", tmp_path / "no" / "such" / "folder" / "r.json")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "cannot write the report" in result.stderr


def test_output_is_byte_identical_whatever_the_argument_order(tmp_path):
    for name in ("c.yaml", "a.yaml", "b.yaml"):
        write(tmp_path, name, STREAM + ROSES)
    for output_format in ("json", "csv", "markdown"):
        first = invoke("run", tmp_path / "c.yaml", tmp_path / "a.yaml", tmp_path / "b.yaml", "-f", output_format).stdout
        second = invoke("run", tmp_path, "-f", output_format).stdout
        assert first == second


# --- people's output -------------------------------------------------------------------------


def test_several_files_give_a_summary_and_detail_adds_each_breakdown(tmp_path):
    write(tmp_path, "a.yaml", STREAM + ROSES)
    write(tmp_path, "b.yaml", STREAM)
    summary = invoke("run", tmp_path)
    assert summary.exit_code == ExitCode.OK
    assert "2 scenarios" in summary.stdout and "Total USD (2 scenarios)" in summary.stdout
    assert "Where the money went" not in summary.stdout
    detail = invoke("run", tmp_path, "--detail")
    assert detail.stdout.count("Where the money went") == 2 and "Total USD (2 scenarios)" in detail.stdout


def test_a_table_report_can_go_to_a_file(tmp_path):
    write(tmp_path, "in/a.yaml", STREAM + ROSES)
    write(tmp_path, "in/b.yaml", STREAM)
    result = invoke("run", tmp_path / "in", "--output", tmp_path / "summary.txt")
    assert result.exit_code == ExitCode.OK and result.stdout == ""
    assert "Total USD (2 scenarios)" in (tmp_path / "summary.txt").read_text()


def test_the_progress_bar_only_appears_on_a_terminal_outside_ci(monkeypatch):
    from tiktok_earnings import cli

    files = ["a.yaml", "b.yaml"]
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: False, raising=False)
    assert cli.with_progress(files, len(files)) is files
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("CI", "true")
    assert cli.with_progress(files, len(files)) is files
    monkeypatch.delenv("CI")
    shown = cli.with_progress(files, len(files))
    assert shown is not files and list(shown) == files


def test_a_folders_files_come_before_a_sibling_whose_name_goes_on(tmp_path):
    """Sorted part by part, as a tuple of names would sort: 'a/z' before 'a-b' though '/' > '-' in a plain string."""
    for name in ("a-b.yaml", "a/z.yaml", "a.yaml", "a0/x.yaml", "a/b/c.yaml"):
        write(tmp_path, name, STREAM)
    files, _ = collect([str(tmp_path)])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == ["a/b/c.yaml", "a/z.yaml", "a-b.yaml", "a.yaml", "a0/x.yaml"]
