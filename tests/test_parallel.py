"""Worker processes (`--jobs`): the same output as one process, byte for byte, in the same order."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tiktok_earnings import parallel
from tiktok_earnings.batch import collect, evaluate
from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode

from .cli_runner import CliRunner
from .conftest import CONFIGS, ROOT

runner = CliRunner()

GOOD = "stream: {{duration_minutes: {minutes}, average_viewers: {viewers}}}\nhearts: {hearts}\ngifts:\n  - gift: Rose\n    count: {roses}\n"
FAILING = GOOD + "expect:\n  creator_net: {{min: 1000000}}\n"  # a missed bound: exit code 1
BROKEN = "stream:\n  duration_minutes: -{minutes}\n  average_viewers: {viewers}\n"  # an input error at line 2: exit code 2
EXTENDING = "extends: ../_shared/base.yaml\n" + GOOD
BASE = "payout:\n  currency: EUR\n  fx_rate: 0.92\n"


def mixed_folder(root: Path, files: int) -> Path:
    """Good files, files that miss an expectation, broken files and files that extend a shared base, in many folders."""
    kinds = (GOOD, GOOD, FAILING, BROKEN, EXTENDING, "not: [valid yaml\n")
    (root / "_shared").mkdir(parents=True)
    (root / "_shared" / "base.yaml").write_text(BASE, encoding="utf-8")
    for i in range(files):
        text = kinds[i % len(kinds)].format(minutes=10 + i % 50, viewers=1 + i, hearts=i * 37, roses=i % 90)
        path = root / f"group-{i % 7}" / f"s{i:04d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copy(CONFIGS / "recorded-stream.jsonl", root / "group-0" / "recorded.jsonl")
    return root


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return mixed_folder(tmp_path_factory.mktemp("mixed"), 60)


@pytest.fixture
def few_files_are_enough(monkeypatch):
    """Workers start from 4 files instead of MIN_FILES, so that a small folder is spread over them."""
    monkeypatch.setattr(parallel, "MIN_FILES", 4)
    monkeypatch.setattr(parallel, "CHUNK_FILES", 3)  # many chunks, so that their order matters


def invoke(*args) -> tuple[str, str, int]:
    result = CliRunner().invoke(app, [str(arg) for arg in args], prog_name="tiktok-earnings")
    return result.stdout, result.stderr, result.exit_code


@pytest.mark.parametrize("output_format", ["table", "json", "csv", "markdown"])
def test_two_workers_print_exactly_what_one_prints(folder, few_files_are_enough, output_format, tmp_path):
    assert parallel.workers_for(61, 2) == 2
    one = invoke("run", folder, "--format", output_format, "--jobs", 1, "--junit", tmp_path / "one.xml")
    two = invoke("run", folder, "--format", output_format, "--jobs", 2, "--junit", tmp_path / "two.xml")
    wrote = "wrote 61 test cases to {}\n"  # the last line on stderr: the JUnit report's path differs
    assert one[1].endswith(wrote.format(tmp_path / "one.xml")) and two[1].endswith(wrote.format(tmp_path / "two.xml"))
    assert one[0] == two[0] and one[1].rpartition("wrote")[0] == two[1].rpartition("wrote")[0] and one[2] == two[2]
    assert one[2] == ExitCode.INPUT_ERROR and "creator_net 0.07 is below min 1000000" in one[1]
    assert (tmp_path / "one.xml").read_bytes() == (tmp_path / "two.xml").read_bytes()


@pytest.mark.parametrize("output_format", ["table", "json", "csv", "markdown"])
def test_pieces_made_in_the_workers_read_as_the_report_made_here(folder, few_files_are_enough, output_format, tmp_path):
    """JSON's lines and CSV's rows are made in the workers (render.PiecewiseReport) unless another report needs the
    figures here, as --junit does: the output is the same either way, with any number of workers."""
    whole = invoke("run", folder, "--format", output_format, "--jobs", 1, "--junit", tmp_path / "r.xml")
    for jobs in (1, 2, 3):
        pieces = invoke("run", folder, "--format", output_format, "--jobs", jobs)
        assert pieces[0] == whole[0] and pieces[1] == whole[1].rpartition("wrote")[0] and pieces[2] == whole[2]
    assert whole[0].count("\n") > 40  # a line or a row for each good file: not two empty outputs compared


def test_validate_with_two_workers_prints_exactly_what_one_prints(folder, few_files_are_enough):
    one, two = invoke("validate", folder, "--jobs", 1), invoke("validate", folder, "--jobs", 2)
    assert one == two
    assert one[2] == ExitCode.INPUT_ERROR and "61 files checked: 20 invalid" in one[1]


def test_outcomes_come_in_the_files_order_whatever_the_workers(folder, few_files_are_enough):
    files, _ = collect([str(folder)])
    cache: dict = {}
    assert list(parallel.outcomes(files, "evaluate", 3)) == [evaluate(path, cache) for path in files]


def test_a_few_files_or_one_job_stay_in_this_process():
    assert parallel.workers_for(parallel.MIN_FILES - 1, 8) == 1
    assert parallel.workers_for(10_000, 1) == 1
    assert parallel.workers_for(parallel.MIN_FILES, 8) == 2  # no more workers than files to keep them busy
    assert parallel.workers_for(10_000, 4) == 4
    most = parallel.MOST_WORKERS_A_CORE * parallel.available_cores()  # --jobs 1000000: not a process per 100 files
    assert parallel.workers_for(10_000_000, 1_000_000) == most


def test_chunks_are_large_for_many_files_and_several_a_worker_for_few():
    assert parallel.chunk_files(10_000, 2) == parallel.CHUNK_FILES  # few messages where there are many files
    assert parallel.chunk_files(400, 2) == 400 // (2 * parallel.CHUNKS_PER_WORKER)  # every worker gets several chunks
    assert parallel.chunk_files(3, 4) == 1


def test_jobs_must_be_at_least_one(folder):
    stdout, stderr, code = invoke("run", folder, "--jobs", 0)
    assert code == ExitCode.INPUT_ERROR and "--jobs" in stderr and stdout == ""


def test_ctrl_c_stops_every_worker_and_exits_130(tmp_path):
    folder = mixed_folder(tmp_path / "many", 3000)  # a second or two of work: interrupted well before its end, even on a busy machine
    command = [sys.executable, "-m", "tiktok_earnings", "run", str(folder), "--format", "json", "--jobs", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, env=os.environ | {"CI": "true"})
    assert process.stdout is not None
    process.stdout.readline()  # `{`: the command is running
    for _ in range(200):  # wait until the workers are computing
        time.sleep(0.05)
        if _children(process.pid):
            break
    workers = _children(process.pid)
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C does: to the whole process group
    _, stderr = process.communicate(timeout=30)
    assert workers, "no worker process was started"
    assert process.returncode == ExitCode.INTERRUPTED, stderr
    assert stderr.decode().endswith("tiktok-earnings: interrupted; no report was written\n")
    assert b"Traceback" not in stderr
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []
