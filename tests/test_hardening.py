"""Hostile inputs and faults (issue 13): one named example of each class in tests/data/hostile/, with its
message and line, and a test for each rule that keeps a file from being lost (docs/safety.md)."""

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from tiktok_earnings import files
from tiktok_earnings.atomic import atomic_writer
from tiktok_earnings.cli import Terminated, app
from tiktok_earnings.errors import ToolError

from .cli_runner import CliRunner
from .conftest import CONFIGS, DATA, ROOT

HOSTILE = DATA / "hostile"
FRIDAY = str(CONFIGS / "friday-qa.yaml")
SCENARIO = "name: S\nstream: {duration_minutes: 60, average_viewers: 100}\n"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(arg) for arg in args], prog_name="tiktok-earnings")


def tool(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """The installed command in a process of its own: for signals and closed or full streams."""
    command = [sys.executable, "-c", "from tiktok_earnings.cli import main; main()", *map(str, args)]
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run(command, text=True, timeout=60, cwd=ROOT, **streams)


# --- 1. data loss: one example, then each rule ---------------------------------------------------


def test_class_1_an_output_over_a_base_the_run_read_is_refused(tmp_path):
    base = HOSTILE / "1-output-over-base" / "_shared" / "base.txt"
    before = base.read_bytes()
    result = invoke("run", HOSTILE / "1-output-over-base", "--format", "json", "--output", base)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(f"{base}: ")
    assert "is a file this run reads: it is never written over" in result.stderr
    assert base.read_bytes() == before


def test_a_device_is_never_replaced(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers, in a temporary folder
    except (PermissionError, OSError, AttributeError):
        pytest.skip("making a device node needs root")
    result = invoke("run", FRIDAY, "--output", device)
    assert result.exit_code == 2
    assert result.stderr == f"{device}: is a device: only a regular file is ever replaced — give the path of a new or regular file\n"
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_fifo_a_folder_and_a_symbolic_link_are_never_replaced(tmp_path):
    fifo, folder, target, link = tmp_path / "pipe.json", tmp_path / "out", tmp_path / "target.txt", tmp_path / "link.json"
    os.mkfifo(fifo)
    folder.mkdir()
    target.write_text("keep me")
    link.symlink_to(target)
    for path, message in ((fifo, "is a FIFO (named pipe): only a regular file is ever replaced"), (folder, "is a folder"),
                          (link, "is a symbolic link: only a regular file is ever replaced")):
        result = invoke("run", FRIDAY, "--format", "json", "--output", path)
        assert result.exit_code == 2, path
        assert result.stderr.startswith(f"{path}: {message} — "), result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and folder.is_dir() and link.is_symlink()
    assert target.read_text() == "keep me"
    assert not list(tmp_path.glob(".*.partial")) and not list(folder.iterdir())


def test_no_file_the_run_read_is_written_over(tmp_path):
    scenario = tmp_path / "show.json"  # a scenario file may have any name when named on the command line
    scenario.write_text(SCENARIO)
    recording = tmp_path / "stream.jsonl"
    recording.write_text((CONFIGS / "recorded-stream.jsonl").read_text())
    for inputs, output in (([scenario], scenario), ([recording], recording), ([scenario, recording], tmp_path / "stream.jsonl")):
        before = output.read_bytes()
        result = invoke("run", *inputs, "--format", "json", "--junit", output)
        assert result.exit_code == 2, result.stderr
        assert output.read_bytes() == before


def test_two_outputs_never_share_a_path(tmp_path):
    report = tmp_path / "report.txt"
    result = invoke("run", FRIDAY, "--output", report, "--junit", report)
    assert result.exit_code == 2
    assert result.stderr == f"{report}: is written by another output of this run — give each output its own path\n"
    result = invoke("run", FRIDAY, "--output", tmp_path / "same.html", "--export", tmp_path / "same.html")
    assert result.exit_code == 2 and "is written by another output of this run" in result.stderr
    assert not report.exists()


def test_an_existing_scenario_file_is_replaced_only_with_force(tmp_path):
    other = tmp_path / "other.yaml"  # a scenario this run does not read
    other.write_text(SCENARIO)
    result = invoke("run", FRIDAY, "--format", "json", "--output", other)
    assert result.exit_code == 2
    assert result.stderr == (f"{other}: already exists and is a scenario file or recording — choose another path for the output\n")
    history = CONFIGS / "history-example.csv"
    result = invoke("calibrate", history, "-o", other)
    assert result.exit_code == 2 and f"{other} already exists — give another -o file, or add --force" in result.stderr
    assert other.read_text() == SCENARIO
    for command in (("init", other), ("import", CONFIGS / "recorded-stream.jsonl", "-o", other)):
        assert invoke(*command).exit_code == 2 and other.read_text() == SCENARIO
    result = invoke("calibrate", history, "-o", other, "--force")
    assert result.exit_code == 0, result.stderr
    assert "engagement:" in other.read_text()


def test_a_refused_write_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "report.json"
    with pytest.raises(ToolError), atomic_writer(target):
        files.start_run()
        with files.open_regular(CONFIGS / "friday-qa.yaml"):
            pass
        os.symlink(CONFIGS / "friday-qa.yaml", target)  # made while the report was being written
    assert list(tmp_path.iterdir()) == [target] and target.is_symlink()


# --- 2. unbounded reads and hangs ----------------------------------------------------------------


def test_class_2_a_file_over_the_size_limit_is_an_error(monkeypatch):
    monkeypatch.setattr(files, "MAX_SCENARIO_BYTES", 200)
    path = HOSTILE / "2-too-large.yaml"
    result = invoke("run", path)
    assert result.exit_code == 2
    assert result.stderr == f"{path}: is larger than the 200 bytes a scenario file may be — check that this is the right file\n"


def test_a_device_or_a_fifo_named_is_refused_at_once_and_one_in_a_folder_is_skipped(tmp_path):
    result = tool("run", "/dev/zero")
    assert result.returncode == 2
    assert result.stderr == "/dev/zero: is a device, not a scenario file — only regular files are read; give the path of a file\n"
    (tmp_path / "good.yaml").write_text(SCENARIO)
    os.mkfifo(tmp_path / "blocked.yaml")  # nobody ever writes to it: reading it would wait forever
    for argument in (tmp_path, f"{tmp_path}/*.yaml"):
        result = tool("run", argument, "--format", "csv")
        assert result.returncode == 2
        assert result.stderr == (f"{tmp_path}/blocked.yaml: is a FIFO (named pipe), not a scenario file: skipped"
                                 " — only regular files are read; remove it\n")
        assert ",ok," in result.stdout
    assert tool("run", tmp_path / "blocked.yaml").returncode == 2


def test_a_base_that_is_a_fifo_or_a_folder_is_an_error_at_the_extends_line(tmp_path):
    """The base's own name alone (`base.yaml: is a FIFO`) did not say which scenario to fix, nor where."""
    os.mkfifo(tmp_path / "blocked.yaml")
    (tmp_path / "shared").mkdir()
    for base, kind in (("blocked.yaml", "a FIFO (named pipe)"), ("shared", "a folder")):
        (tmp_path / "s.yaml").write_text(f"name: S\nextends: {base}\n")
        result = tool("validate", tmp_path / "s.yaml")
        assert result.returncode == 2
        assert result.stderr.startswith(f"{tmp_path}/s.yaml:2: the base file '{base}' is {kind}, not a scenario file — "), result.stderr


def test_a_base_named_too_long_for_the_system_or_a_recording_is_an_error_at_the_extends_line(tmp_path):
    """A name too long for the system (ENAMETOOLONG) stopped the whole run: 'cannot go on'."""
    (tmp_path / "stream.jsonl").write_text((CONFIGS / "recorded-stream.jsonl").read_text())
    (tmp_path / "long.yaml").write_text("name: L\nextends: " + "x/" * 3000 + "base.yaml\n")
    (tmp_path / "recorded.yaml").write_text("name: R\nextends: stream.jsonl\n")
    (tmp_path / "good.yaml").write_text(SCENARIO)
    result = tool("run", tmp_path, "--format", "csv")
    assert result.returncode == 2 and ",ok," in result.stdout, result.stderr  # the rest of the run goes on
    assert f"{tmp_path}/long.yaml:2: the base file 'x/x/x/" in result.stderr and "' cannot be read: File name too long" \
        in result.stderr
    assert f"{tmp_path}/recorded.yaml:2: the base file 'stream.jsonl' is a LIVE recording, not a scenario file — turn" \
        " it into one first: tiktok-earnings import stream.jsonl -o base.yaml" in result.stderr


def test_a_scenario_whose_base_is_broken_says_so_at_its_own_extends_line(tmp_path):
    """Each scenario had repeated only the base's problem, under the base's name: which scenarios failed, and where
    they name the base, was not said."""
    (tmp_path / "_shared").mkdir()
    (tmp_path / "_shared" / "base.yaml").write_text("name: [unclosed\n")
    for name in ("ann", "bob"):
        (tmp_path / f"{name}.yaml").write_text(f"name: {name}\nextends: _shared/base.yaml\n")
    result = invoke("validate", tmp_path)
    assert result.exit_code == 2
    for name in ("ann", "bob"):
        assert (f"{tmp_path}/{name}.yaml:2: the base file '_shared/base.yaml' cannot be used: what is wrong with it"
                f" follows — fix the base: every scenario that extends it fails with it\n{tmp_path}/_shared/base.yaml:2:"
                " invalid YAML") in result.stderr


def test_a_fifo_in_a_history_folder_is_never_read(tmp_path):
    (tmp_path / "streams.csv").write_text((CONFIGS / "history-example.csv").read_text())
    os.mkfifo(tmp_path / "more.csv")
    result = tool("calibrate", tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"{tmp_path}/more.csv: is a FIFO (named pipe), not a history file — only regular files"
                             " are read; give the path of a file\n")


def test_a_recording_line_over_the_limit_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr("tiktok_earnings.live.reader.MAX_LINE_BYTES", 100)
    path = tmp_path / "stream.jsonl"
    path.write_text('{"event": "LikeEvent", "data": {"x": "' + "x" * 200 + '"}}\n')
    result = invoke("run", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:1: the line is longer than 100 bytes — ")



def test_a_recording_whose_events_lie_years_apart_or_at_the_calendars_end_is_an_error_at_the_line(tmp_path):
    """0002-01-01 beside 9000-12-31 once made a slot for each of the 4.7 billion minutes between: gigabytes, no end.
    9999-12-31 was an internal error: the end of its minute is past the calendar's."""
    path = tmp_path / "stream.jsonl"
    event = '{{"event": "RoomUserSeqEvent", "received_at": "{}", "data": {{"total": "43", "totalUser": "58"}}}}\n'
    path.write_text("".join(event.format(at) for at in ("0002-01-01T00:00:00Z", "0002-01-31T00:00:00Z",
                                                          "9000-12-31T23:59:59Z", "9999-12-31T23:59:59Z")))
    result = tool("run", path, "--format", "json")  # timeout=60
    assert result.returncode == 2 and result.stdout.count('"errors"') == 1
    assert result.stderr == (f"{path}:3: RoomUserSeqEvent: `received_at` 9000-12-31T23:59+00:00 is more than 31 days"
                             " from the other events (0002-01-01T00:00+00:00 to 0002-01-31T00:00+00:00) — a recording"
                             " holds one LIVE, at most 31 days long: check the recording computer's clock, or fix or"
                             " delete this line\n"
                             f"{path}:4: RoomUserSeqEvent: `received_at` 9999-12-31T23:59+00:00 is at the edge of the"
                             " calendar: times from 0001-01-02 to 9999-11-29 are taken — check the recording computer's"
                             " clock, or fix or delete this line\n")



def test_a_glob_under_a_link_loop_ends_and_takes_each_file_once(tmp_path):
    """glob.glob() followed `ln -s . loop` under `**` into loop/loop/loop/... until the paths were too long: for
    ever, with two such links. Neither a folder run nor a pattern follows a link to a folder."""
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "show.yaml").write_text(SCENARIO)
    (tmp_path / "self").symlink_to(".")
    (tmp_path / "team" / "up").symlink_to("..")
    for pattern in ("**/*.yaml", "**/**/*.yaml"):
        result = tool("run", f"{tmp_path}/{pattern}", "--format", "csv")  # timeout=60
        assert result.returncode == 0, result.stderr
        assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == [f"{tmp_path}/team/show.yaml"]


# --- 3. crashes on input -------------------------------------------------------------------------


def test_class_3_a_recursive_alias_is_one_error_among_the_results():
    path = HOSTILE / "3-recursive-alias.yaml"
    result = invoke("run", path, FRIDAY, "--format", "json")
    assert result.exit_code == 2
    assert result.stderr == (f"{path}:2: values are nested more than 32 levels deep (or an alias contains itself)"
                             " — a scenario nests a few levels only; flatten it\n")
    assert '"creator_net": "171.13"' in result.stdout and result.stdout.rstrip().endswith("}")


def test_a_long_extends_chain_is_an_error_not_a_crash(tmp_path):
    for i in range(40):
        (tmp_path / f"b{i}.yaml").write_text(f"extends: b{i + 1}.yaml\n")
    (tmp_path / "b40.yaml").write_text(SCENARIO)
    result = invoke("run", tmp_path / "b0.yaml")
    assert result.exit_code == 2
    assert "`extends` chains more than 16 bases" in result.stderr



def test_a_nul_in_extends_is_an_error_at_its_line_not_an_internal_error(tmp_path):
    """open() refuses a path with a NUL with ValueError, which once ended the whole run as a bug (exit 3)."""
    (tmp_path / "s.yaml").write_text('extends: "base\\0.yaml"\n' + SCENARIO)
    result = invoke("run", tmp_path / "s.yaml", FRIDAY, "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr == (f"{tmp_path}/s.yaml:1: `extends` holds a NUL character (\\0), which no path can — write the"
                             " base file's path relative to this file, e.g. `extends: ../base.yaml`\n")
    assert ",171.13," in result.stdout


# --- 4. reading outside the scenario tree --------------------------------------------------------


def test_class_4_a_base_outside_the_folder_is_not_read_or_quoted():
    folder = HOSTILE / "4-extends-outside" / "scenarios"
    for output_format in ("table", "json", "markdown"):
        result = invoke("run", folder, "--format", output_format)
        assert result.exit_code == 2
        assert result.stderr == (f"{folder}/leak.yaml:2: the base file '../secret.txt' is outside the folders being run: it"
                                 " is not read — keep shared bases inside the folder you run (e.g. scenarios/_shared/),"
                                 " or pass --allow-extends-outside\n")
        assert "ghp_" not in result.stdout + result.stderr and "$6$" not in result.stdout + result.stderr
    result = invoke("run", folder, "--allow-extends-outside")  # allowed, the base is read: and it is no scenario
    assert result.exit_code == 2 and "unknown key 'root'" in result.stderr and "ghp_" not in result.stderr


@pytest.mark.parametrize("command", [["sweep", "{show}", "--vary", "hearts=0..100:2"],
                                     ["goal", "{show}", "--target-net", "1", "--solve", "hearts"],
                                     ["compare", "{show}", "{other}"], ["calibrate", "{show}", "{other}", "{show}"]])
def test_every_command_that_reads_scenarios_keeps_bases_inside_and_takes_allow_extends_outside(tmp_path, command):
    """The layout docs/safety.md shows (team/show.yaml extends ../_shared/base.yaml) could not be swept, solved,
    compared or calibrated by file: only `run` and `validate` took --allow-extends-outside, which the error names."""
    (tmp_path / "_shared").mkdir()
    (tmp_path / "team").mkdir()
    (tmp_path / "_shared" / "base.yaml").write_text(SCENARIO + "gifts: [{gift: Rose, count: 100}]\nhearts: 5000\n")
    for name in ("show", "other"):
        (tmp_path / "team" / f"{name}.yaml").write_text(f"extends: ../_shared/base.yaml\nname: {name}\n")
    args = [part.format(show=tmp_path / "team" / "show.yaml", other=tmp_path / "team" / "other.yaml") for part in command]
    refused = invoke(*args)
    assert refused.exit_code == 2
    assert "the base file '../_shared/base.yaml' is outside the folders being run" in refused.stderr
    allowed = invoke(*args, "--allow-extends-outside")
    assert "outside the folders" not in allowed.stderr and "No such option" not in allowed.stderr
    assert allowed.exit_code in (0, 1), allowed.stderr  # calibrate: 1, three streams are too few to fit


def test_compare_of_a_folder_reads_bases_inside_it_as_run_does(tmp_path):
    (tmp_path / "_shared").mkdir()
    (tmp_path / "team").mkdir()
    (tmp_path / "_shared" / "base.yaml").write_text(SCENARIO + "gifts: [{gift: Rose, count: 100}]\n")
    for name in ("show", "other"):
        (tmp_path / "team" / f"{name}.yaml").write_text(f"extends: ../_shared/base.yaml\nname: {name}\n")
    assert invoke("run", tmp_path).exit_code == 0
    result = invoke("compare", tmp_path, "--format", "json")
    assert result.exit_code == 0, result.stderr


def test_a_base_that_is_not_a_mapping_is_an_error(tmp_path):
    for text in ("- a\n- list\n", "just text\n", "KEY=value\n", "a,b,c\n1,2,3\n"):
        (tmp_path / "_base.yaml").write_text(text)
        (tmp_path / "s.yaml").write_text("extends: _base.yaml\n" + SCENARIO)
        result = invoke("run", tmp_path / "s.yaml")
        assert result.exit_code == 2, text
        assert result.stderr == (f"{tmp_path}/s.yaml:1: the base file '_base.yaml' is not a mapping of scenario"
                                 " keys — point `extends:` at a scenario file (key: value lines)\n")


def test_a_link_out_of_the_folder_is_not_read(tmp_path):
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "good.yaml").write_text(SCENARIO)
    (tmp_path / "run" / "leak.yaml").symlink_to(HOSTILE / "4-extends-outside" / "secret.txt")
    result = invoke("run", tmp_path / "run")
    assert result.exit_code == 2
    assert "leak.yaml: is a link to a file outside the folder: skipped" in result.stderr and "ghp_" not in result.stderr


@pytest.mark.parametrize("command", [["run"], ["validate"], ["compare"], ["calibrate"]])
def test_a_link_out_of_its_folder_named_on_the_command_line_is_not_read(tmp_path, command):
    """`run scenarios/*.yaml`: the shell names every file, the link too. It was read, and the token in it quoted
    in the error ('not the text 'ghp_…''), into a CI log anyone can read."""
    (tmp_path / "good.yaml").write_text(SCENARIO)
    (tmp_path / "leak.yaml").symlink_to(HOSTILE / "4-extends-outside" / "secret.txt")
    (tmp_path / "same.yaml").symlink_to(tmp_path / "good.yaml")  # a link that stays in its folder is read
    result = invoke(*command, *sorted(tmp_path.glob("*.yaml")))
    assert result.exit_code == 2 and "ghp_" not in result.output
    assert f"{tmp_path}/leak.yaml: is a link to a file outside its folder: not read — name the file it links to" \
        in result.stderr
    assert "same.yaml" not in result.stderr


# --- 5. terminal and document injection ----------------------------------------------------------


def test_class_5_control_characters_are_shown_never_acted_on():
    path = HOSTILE / "5-control-characters.yaml"
    result = invoke("run", path)
    assert result.exit_code == 2
    assert result.stderr == (f"{path}:3: `payout.currency` must be a three-letter currency code, not"
                             " 'EU\\nfake.yaml:1: all good' — e.g. USD, EUR, GBP\n")


def test_a_name_with_an_escape_sequence_or_markup_is_shown_as_text(tmp_path):
    path = tmp_path / "name.yaml"
    path.write_text('name: "Q&A \\e[2J [bold]x[/] [/oops] \\u202e"\nstream: {duration_minutes: 60, average_viewers: 100}\n')
    table = invoke("run", path)
    assert table.exit_code == 0, table.stderr
    assert "\x1b" not in table.stdout and "\u202e" not in table.stdout
    assert "Q&A \\e[2J [bold]x[/] [/oops] \\u202e" in table.stdout
    for output_format in ("markdown", "csv"):
        assert "\x1b" not in invoke("run", path, "--format", output_format).stdout


def test_an_imported_recording_carries_no_control_character_to_the_terminal_or_the_yaml(tmp_path):
    import json

    name = "Rose\x1b[2J\nfake.yaml:1: ok\x9b\u202e"
    events = [{"event": "ConnectEvent", "received_at": "2025-06-01T20:00:00Z", "data": {"uniqueId": "x\x1b[2J\ny"}},
              {"event": "RoomUserSeqEvent", "received_at": "2025-06-01T20:00:00Z", "data": {"total": "10"}},
              {"event": "RoomUserSeqEvent", "received_at": "2025-06-01T20:01:00Z", "data": {"total": "10"}},
              {"event": "GiftEvent", "received_at": "2025-06-01T20:00:01Z",
               "data": {"repeatCount": 1, "repeatEnd": True, "gift": {"id": 1, "diamondCount": 3, "name": name}}}]
    recording = tmp_path / "stream.jsonl"
    recording.write_text("".join(json.dumps(event) + "\n" for event in events))
    shown = invoke("import", recording)
    assert shown.exit_code == 0, shown.stderr
    for char in ("\x1b", "\x9b", "\u202e"):
        assert char not in shown.stdout + shown.stderr
    scenario = tmp_path / "stream.yaml"
    scenario.write_text(shown.stdout)
    result = invoke("run", scenario, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["scenarios"][0]["gifts"][0]["gift"] == name.replace("\n", " ")  # read back the same


def test_csv_cells_never_start_a_formula():
    result = invoke("run", HOSTILE / "5-csv-formula.yaml", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("\"'=HYPERLINK(\"\"http://example.com\"\")\",")


# --- 6. environment problems ---------------------------------------------------------------------


def test_class_6_a_full_disk_a_closed_stdout_and_a_folder_are_exit_2_with_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        result = tool("run", FRIDAY, "--format", "json", stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stderr == ("tiktok-earnings: cannot go on: No space left on device — free some space, or write the report"
                             " elsewhere with --output\n")
    closed = subprocess.run(f"'{sys.executable}' -c 'from tiktok_earnings.cli import main; main()' run '{FRIDAY}' >&-",
                            shell=True, capture_output=True, text=True, timeout=60)
    assert closed.returncode == 2
    assert closed.stderr == ("tiktok-earnings: cannot go on: stdout is closed — keep stdout open, or write the report with"
                             " --output FILE\n")
    result = invoke("run", FRIDAY, "--output", tmp_path)
    assert result.exit_code == 2 and result.stderr.startswith(f"{tmp_path}: is a folder — give a file name inside it")


@pytest.mark.parametrize(("args", "name"), [(["--output"], "report.txt"), (["-f", "csv", "-o"], "report.csv"),
                                            (["-f", "json", "-o"], "report.json"), (["--junit"], "junit.xml")])
def test_a_report_given_a_folder_suggests_a_file_of_its_kind_inside_it(tmp_path, args, name):
    result = invoke("run", FRIDAY, *args, str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path}: is a folder — give a file name inside it, e.g. {tmp_path / name}\n"


def test_help_into_a_pipe_closed_early_or_a_full_disk_is_one_line_or_nothing():
    closed = subprocess.Popen([sys.executable, "-c", "from tiktok_earnings.cli import main; main()", "sweep", "--help"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert closed.stdout is not None and closed.stderr is not None
    closed.stdout.close()  # as `| head -1` does once it has its line
    assert (closed.wait(timeout=60), closed.stderr.read()) == (0, b"")
    with open("/dev/full", "w") as full:
        result = tool("sweep", "--help", stdout=full, stderr=subprocess.PIPE)
    assert (result.returncode, result.stderr) == (2, "tiktok-earnings: cannot go on: No space left on device — free some"
                                                     " space, or write the report elsewhere with --output\n")


@pytest.mark.parametrize(("encoding", "args"), [("cp1252", ["run", FRIDAY]), ("ascii", ["--help"]),
                                               ("latin-1", ["run", FRIDAY, FRIDAY, "--format", "markdown"]),
                                               ("cp437", ["calibrate", str(CONFIGS / "history-example.csv")])])
def test_a_stdout_that_cannot_write_every_character_gets_utf_8_in_a_file_or_a_pipe(encoding, args):
    """`run scenario.yaml > report.txt` under a Windows code page ended in UnicodeEncodeError (exit 3): cp1252 has no
    ε and no box-drawing lines. A file or a pipe now gets UTF-8, every character kept."""
    result = subprocess.run([sys.executable, "-c", "from tiktok_earnings.cli import main; main()", *args],
                            capture_output=True, timeout=60, cwd=ROOT, env={**os.environ, "PYTHONIOENCODING": encoding})
    assert result.returncode == 0, result.stderr
    assert any(character in result.stdout.decode("utf-8") for character in "εΣ─—·"), result.stdout[:300]


def test_a_terminal_that_cannot_write_every_character_gets_the_nearest_ascii(monkeypatch):
    import io

    from tiktok_earnings.cli import streams

    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(terminal, encoding="ascii"))
    streams._write_any_character()
    sys.stdout.write("ε = 0.15 — low ≤ high · café ★\n")
    sys.stdout.flush()
    assert terminal.getvalue() == b"e = 0.15 - low <= high . cafe ?\n"


def test_errors_never_land_on_stdout_when_stderr_is_closed():
    command = (f"'{sys.executable}' -c 'from tiktok_earnings.cli import main; main()' run"
               f" '{DATA / 'invalid' / 'nan.yaml'}' '{FRIDAY}' --format json 2>&-")
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    import json

    assert json.loads(result.stdout)["errors"][0]["line"] == 3


# --- 7. signals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_class_7_a_signal_mid_run_leaves_no_temporary_file_and_no_report(tmp_path, name):
    report = tmp_path / "report.json"
    script = textwrap.dedent(f"""
        import os, signal, sys
        from tiktok_earnings import batch
        evaluate = batch.evaluate
        def evaluate_then_stop(path, cache=None):
            outcome = evaluate(path, cache)
            os.kill(os.getpid(), signal.{name})  # mid-run: the report file is open and partly written
            return outcome
        batch.evaluate = evaluate_then_stop
        sys.argv = ["tiktok-earnings", "run", {str(CONFIGS)!r}, "--format", "json", "--output", {str(report)!r}]
        from tiktok_earnings.cli import main
        main()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    number = getattr(signal, name)
    assert result.returncode == (130 if name == "SIGINT" else 128 + number), result.stderr
    assert "no report was written" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_signal_while_a_usage_error_is_written_ends_quietly_with_its_exit_code():
    script = textwrap.dedent("""
        import os, signal, sys
        write = sys.stderr.write
        def write_then_stop(text):
            sys.stderr.write = write
            os.kill(os.getpid(), signal.SIGTERM)  # as `timeout` once did while a long error was written
            return write(text)
        sys.stderr.write = write_then_stop
        sys.argv = ["tiktok-earnings", "run", "--no-such-option"]
        from tiktok_earnings.cli import main
        main()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert "stopped by SIGTERM" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["run", FRIDAY]])
def test_columns_or_lines_in_digits_python_reads_but_int_refuses_are_taken_as_unset(args):
    """`²` is a digit to str.isdigit(), and Rich and the help's layout passed it to int()."""
    result = tool(*args, env={**os.environ, "COLUMNS": "²", "LINES": "²"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_a_signal_inside_the_writer_removes_the_temporary_file(tmp_path):
    target = tmp_path / "report.json"
    with contextlib.suppress(Terminated), atomic_writer(target) as stream:
        stream.write("{")
        raise Terminated(signal.SIGTERM, "SIGTERM")
    assert list(tmp_path.iterdir()) == []


# --- 8. quoted globs -----------------------------------------------------------------------------


def test_class_8_a_quoted_glob_skips_underscore_folders_as_a_folder_run_does():
    folder = HOSTILE / "8-glob"
    by_glob = invoke("run", f"{folder}/**/*.yaml", "--format", "csv")
    by_folder = invoke("run", folder, "--format", "csv")
    assert by_glob.exit_code == by_folder.exit_code == 0, by_glob.stderr
    assert by_glob.stdout == by_folder.stdout
    assert "_shared" not in by_glob.stdout
    spelled = invoke("run", f"{folder}/_shared/*.yaml")  # a name the pattern spells out is taken
    assert spelled.exit_code == 2 and "_shared/base.yaml" in spelled.stderr


@pytest.mark.parametrize(("args", "error"), [
    (["run", FRIDAY, "--jobs", "٢"], "'٢' is not a valid integer."),  # int() reads it as 2
    (["run", FRIDAY, "--jobs", "1_0"], "'1_0' is not a valid integer."),
    (["run", FRIDAY, "--jobs", " 2"], "' 2' is not a valid integer."),
    (["run", FRIDAY, "--jobs", "²"], "'²' is not a valid integer."),
    (["run", FRIDAY, "--shard", "١/٣"], "'١/٣' is not K/N with 1 <= K <= N, e.g. 2/4"),
    (["run", FRIDAY, "--shard", "²/³"], "'²/³' is not K/N with 1 <= K <= N, e.g. 2/4"),  # was an internal error
    (["sweep", FRIDAY, "--vary", "hearts=0..100:²"], "STEPS must be a whole number from 2 to 1000 (got '²')"),
    (["sweep", FRIDAY, "--vary", "gifts[²].count=1..3"], "no gift '²' in the scenario"),
])
def test_a_number_written_in_other_digits_than_0_to_9_is_a_usage_error(args, error):
    """str.isdigit() takes superscripts, which int() refuses (these were internal errors), and other scripts'
    digits, which int() reads as 0-9: a number on the command line is written in 0-9 only."""
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert error in result.stderr


LONG = "9" * 5000  # more digits than int() reads: it raises ValueError past 4,300


@pytest.mark.parametrize(("args", "error"), [
    (["run", FRIDAY, "--jobs", LONG], "'9999999999"),
    (["run", FRIDAY, "--jobs", "-" + LONG[:4000]], "-9999999999"),
    (["run", FRIDAY, "--shard", f"1/{LONG}"], "is not K/N"),
    (["run", FRIDAY, "--format", LONG], "is not one of"),
    (["sweep", FRIDAY, "--vary", f"hearts=0..100:{LONG}"], "STEPS must be a whole number from 2 to 1000"),
    (["sweep", FRIDAY, "--vary", f"gifts[{LONG}].count=1..3"], "is not in the scenario: it has 5 gift lines"),
    (["sweep", FRIDAY, "--vary", f"hearts={LONG}"], "is not a range START..STOP[:STEPS]"),
])
def test_a_number_too_long_to_read_is_a_usage_error_that_quotes_only_its_start(args, error):
    """`--shard`, STEPS and a gift's index were internal errors; every such error quoted the whole value."""
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert error in result.stderr and "…" in result.stderr
    assert len(result.stderr) < 1000, result.stderr


@pytest.mark.parametrize("args", [["rates", "a\x1b[2Jb"], ["run", FRIDAY, "--a\x1b[2Jb"], ["a\x1b[2Jb"],
                                  ["run", FRIDAY, "--format", "a\x1b[2Jb"]])
def test_a_usage_error_shows_an_arguments_control_characters_as_escapes(args):
    """An argument can be a file name a glob found: its escape sequences must not reach the terminal."""
    result = invoke(*args)
    assert result.exit_code == 2
    assert "a\\e[2Jb" in result.stderr and "\x1b" not in result.stderr


def test_the_gift_list_quotes_a_long_search_by_its_start():
    result = invoke("gifts", "x" * 300)
    assert result.exit_code == 0 and "x" * 300 not in result.stdout and "matching 'xxxx" in result.stdout


@pytest.mark.parametrize(("gift", "error"), [
    ("{name: ~, count: 1}", "a custom gift needs `coins:`"),  # was an internal error: the name was None
    ("{name: [1], count: 1}", "a custom gift needs `coins:`"),
    ("{name: '  ', count: 1, coins: 1}", "`gifts[0].name` must not be empty"),
    ("{gift: 5655, count: 1}", "list the catalogue with `tiktok-earnings gifts`. If it is not"),
    ("{gift: " + "x" * 5000 + ", count: 1}", "unknown gift 'xxxxxxxxxx"),
])
def test_a_gift_line_that_is_wrong_is_an_error_at_its_line(tmp_path, gift, error):
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO + f"gifts:\n  - {gift}\n")
    result = invoke("validate", path)
    assert result.exit_code == 2 and "s.yaml:4: " in result.stderr, result.output
    assert error in result.stderr and "internal error" not in result.stderr and len(result.stderr) < 1000


def test_a_recordings_lone_surrogate_is_read_as_a_replacement_character(tmp_path):
    """JSON can escape half a UTF-16 pair alone; the text it made could not be written: an internal error."""
    gift = ('{"giftId": 5655, "repeatCount": 1, "groupId": "1", "user": {"id": "7", "nickname": "\\ud800Bo"},'
            ' "gift": {"id": 5655, "type": 1, "diamondCount": 1, "name": "\\udfff"}}')
    recording = _recording(tmp_path / "stream.jsonl", gift)
    result = tool("run", recording, "--format", "json")
    assert result.returncode == 0, result.stderr
    imported = tool("import", recording)
    assert imported.returncode == 0 and "\ufffdBo 1" in imported.stdout, imported.stderr


def test_a_recordings_number_too_long_to_read_is_a_bad_line(tmp_path):
    gift = '{"giftId": 5655, "repeatCount": ' + LONG + ', "groupId": "1", "user": {"id": "7"}, "gift": {"id": 5655}}'
    result = invoke("run", _recording(tmp_path / "stream.jsonl", gift))
    assert result.exit_code == 2
    assert "stream.jsonl:3: a number on the line has thousands of digits" in result.stderr, result.stderr


@pytest.mark.parametrize("command", [["run"], ["sweep", "--vary", "hearts=0..10"], ["goal", "--target-net", "1", "--solve", "hearts"],
                                     ["compare", FRIDAY]])
def test_hearts_per_viewer_minute_beyond_any_figure_is_an_error_at_hearts(tmp_path, command):
    """1E+32 hearts per viewer-minute: the plausibility warning rounded it to a tenth, past Decimal's 28 digits."""
    path = tmp_path / "s.yaml"
    path.write_text("name: S\nstream: {duration_minutes: 0.0000000001, average_viewers: 0.0000000001}\nhearts: 1000000000000\n")
    result = invoke(command[0], path, *command[1:])
    assert result.exit_code == 2, result.output  # sweep, goal and compare: internal errors
    assert "s.yaml:3: `hearts` makes `hearts.per_viewer_minute` too large to report (1.00E+32" in result.stderr


def test_a_columns_setting_too_long_to_read_is_ignored():
    result = tool("--help", env=os.environ | {"COLUMNS": LONG})
    assert result.returncode == 0 and "Usage: tiktok-earnings" in result.stdout, result.stderr


def _recording(path, gift_line: str):
    """A short recording whose one gift event is `gift_line`, as written (JSON text)."""
    events = ['{"event": "ConnectEvent", "received_at": "2025-06-01T20:00:00Z", "data": {"uniqueId": "ana", "roomId": "1"}}',
              '{"event": "RoomUserSeqEvent", "received_at": "2025-06-01T20:00:01Z", "data": {"total": "40"}}',
              '{"event": "GiftEvent", "received_at": "2025-06-01T20:00:02Z", "data": ' + gift_line + "}"]
    path.write_text("\n".join(events) + "\n", encoding="utf-8")
    return path


def test_a_recorded_gift_id_too_long_to_read_makes_a_custom_gift(tmp_path):
    gift = {"giftId": LONG, "repeatCount": 1, "user": {"id": "1", "nickname": "Ana"}, "groupId": "1",
            "gift": {"id": LONG, "type": 1, "diamondCount": 5, "name": ""}}
    result = invoke("import", _recording(tmp_path / "long-id.jsonl", json.dumps(gift)))
    assert result.exit_code == 0, result.output  # was an internal error
    assert "- name: Gift 9999" in result.stdout and "coins: 5" in result.stdout
