"""Tab completion (cli/completion.py): what fits is read from the commands' declaration, and each shell's
script turns the tool's answer into completions; `completion --install` never writes over a file of
someone else's."""

import io
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from enum import StrEnum
from typing import Annotated

import pytest

from tiktok_earnings.cli import app
from tiktok_earnings.cli.app import App, Option
from tiktok_earnings.cli.completion import Shell, answer, candidates

from .cli_runner import CliRunner
from .conftest import ROOT


def words(*typed: str) -> list[str]:
    """The words that fit, for the words after the program's name (the last being completed)."""
    paths, fitting = candidates(app, list(typed))
    assert not paths
    return [word for word, _ in fitting]


def wants_a_path(*typed: str) -> bool:
    return candidates(app, list(typed))[0]


def answered(shell: str, *typed: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = answer(app, shell, list(typed))
    return code, out.getvalue().splitlines()


def test_the_first_word_is_a_command_or_a_top_level_option():
    assert words("") == list(app.commands)
    assert words("r") == ["run", "record", "rates"]
    assert words("-") == ["--version", "--help"]
    assert words("nothing-like-it") == []


def test_options_are_those_of_the_command_not_given_yet():
    assert words("run", "--f") == ["--format"]
    assert "--format" not in words("run", "--format", "json", "--")
    assert words("run", "--format", "json", "--d") == ["--detail", "--debug"]
    assert words("sweep", "a.yaml", "--") == ["--vary", "--format", "--export", "--allow-extends-outside", "--debug", "--help"]


def test_a_negative_number_counts_as_an_argument():
    assert words("convert", "-1", "") == words("convert", "5", "") == ["coins", "diamonds", "usd", "creator"]


def test_every_long_option_of_every_command_can_be_completed():
    for name, command in app.commands.items():
        offered = set(words(name, "--"))
        declared = {option for parameter in command.parameters for option in parameter.names if option.startswith("--")}
        assert declared | {"--help"} == offered, name


def test_an_option_value_is_one_of_its_choices_however_the_option_is_written():
    formats = ["table", "json", "csv", "markdown"]
    assert words("run", "--format", "") == formats
    assert words("run", "-f", "j") == ["json"]
    assert words("run", "a.yaml", "--format=") == [f"--format={name}" for name in formats]
    assert words("run", "a.yaml", "--format=js") == ["--format=json"]
    assert words("run", "a.yaml", "-fc") == ["-fcsv"]  # a short option with its value joined, as -fcsv is written
    assert words("run", "--group-by", "") == ["folder"]
    assert words("completion", "") == ["bash", "zsh", "fish"]


def test_a_text_takes_the_words_its_declaration_names():
    from tiktok_earnings.convert import UNITS
    from tiktok_earnings.rates import load_presets

    assert words("gifts", "--preset", "") == list(load_presets())
    assert words("convert", "--preset=two") == ["--preset=two-coins-per-diamond"]
    assert words("convert", "100", "") == list(UNITS)  # UNIT
    assert words("convert", "100", "coins", "--to", "d") == ["diamonds"]
    assert words("goal", "a.yaml", "--solve", "") == ["stream.duration_minutes", "stream.average_viewers", "hearts"]
    assert words("sweep", "a.yaml", "--vary", "pay") == ["payout.agency_commission=", "payout.withdrawal_fee=",
                                                          "payout.tax_rate=", "payout.fx_rate="]  # the range follows


def test_paths_where_a_file_or_folder_is_named_and_nothing_where_text_is():
    assert wants_a_path("run", "")
    assert wants_a_path("run", "a.yaml", "--format", "json", "b")  # PATH... takes any number
    assert wants_a_path("run", "--output", "")
    assert wants_a_path("run", "--", "-odd-name")  # after `--`, only arguments
    assert wants_a_path("sweep", "")
    assert wants_a_path("import", "")
    assert words("sweep", "a.yaml", "") == []  # one SCENARIO only
    assert words("run", "--jobs", "") == []  # a number
    assert words("record", "") == []  # @USERNAME
    assert wants_a_path("run", "--detail", "")  # a flag takes no value: PATH comes next
    assert words("run", "--help", "") == []


def test_each_shell_reads_its_own_answer():
    assert answered("bash", "run", "-f", "c") == (0, ["words", "csv"])
    assert answered("zsh", "run", "--fo") == (0, ["words", "--format:table for people; json, csv or markdown for scripts"
                                                           " and CI (on stdout)."])
    assert answered("fish", "run", "--fo") == (0, ["words", "--format\ttable for people; json, csv or markdown for"
                                                            " scripts and CI (on stdout)."])
    assert answered("fish", "run", "") == (0, ["files"])


def test_bash_splits_at_equals_signs_and_is_answered_with_what_follows_them():
    assert answered("bash", "run", "a.yaml", "--format", "=", "js") == (0, ["words", "json"])
    assert answered("bash", "run", "a.yaml", "--format", "=") == (0, ["words", "table", "json", "csv", "markdown"])
    assert answered("bash", "run", "--format", "=", "json", "--fo") == (0, ["words"])  # --format was given
    assert answered("bash", "run", "--format", "=", "json", "--det") == (0, ["words", "--detail"])


def test_zsh_gets_colons_in_words_escaped():
    class Time(StrEnum):
        noon = "12:00"

    small = App("demo", "A demo.", "1")

    @small.command(section="Main")
    def at(time: Annotated[Time, Option("--time", help="When: a time.")] = Time.noon) -> None:
        """Do it then."""

    out = io.StringIO()
    with redirect_stdout(out):
        answer(small, "zsh", ["at", "--time", ""])
        answer(small, "zsh", ["at", "--t"])
    assert out.getvalue().splitlines() == ["words", "12\\:00", "words", "--time:When: a time."]


def test_a_script_from_an_older_version_gets_no_answer_and_no_help_text():
    assert answered("complete_bash") == (1, [])  # Typer's scripts set the variable to this: they fall back to files


# --- the scripts ------------------------------------------------------------------------------


@pytest.fixture
def tool(tmp_path):
    """An executable that runs this checkout's tool, as the scripts call it: by the first word typed."""
    path = tmp_path / "tiktok-earnings"
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m tiktok_earnings "$@"\n', encoding="utf-8")
    path.chmod(0o755)
    return path


def bash_completes(tool, line: str) -> list[str]:
    """What the bash script puts in COMPREPLY for `line`, split as bash splits it, with the cursor at its end."""
    script = Shell.bash.script
    program = f"""
source {script}
compopt() {{ echo "compopt $*"; }}  # only real completion may call it: shown instead
read -ra COMP_WORDS <<< "$LINE"
[[ $LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_tiktok_earnings_complete
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, cwd=ROOT,
                          env=os.environ | {"LINE": f"{tool} {line}"})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return [reply for reply in done.stdout.splitlines() if reply]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_completes_commands_options_and_values(tool):
    assert bash_completes(tool, "va") == ["validate"]
    assert bash_completes(tool, "run --for") == ["--format"]
    assert bash_completes(tool, "run -f ") == ["table", "json", "csv", "markdown"]
    assert bash_completes(tool, "run configs/friday-qa.yaml --format = m") == ["markdown"]  # bash's own split of --format=m
    assert bash_completes(tool, "run ") == ["compopt -o default"]  # bash completes the path itself
    assert bash_completes(tool, "sweep a.yaml --vary hea") == ["compopt -o nospace", "hearts="]  # no space before the range


@pytest.mark.parametrize(("shell", "check"), [("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])])
def test_each_script_is_valid_in_its_shell(shell, check):
    if shutil.which(check[0]) is None:
        pytest.skip(f"{check[0]} is not installed")
    done = subprocess.run([*check, str(Shell(shell).script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_tab_loads_none_of_the_core():
    code = (
        "import os, sys\n"
        "os.environ['_TIKTOK_EARNINGS_COMPLETE'] = 'fish'\n"
        "sys.argv = ['tiktok-earnings', 'run', '--f']\n"
        "from tiktok_earnings.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code == 0\n"
        "print('\\n'.join(sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.startswith("words\n--format\t")
    loaded = set(done.stderr.split())
    assert not {name.split(".")[0] for name in loaded} & {"yaml", "rich", "decimal"}
    assert "tiktok_earnings.scenario.reader" not in loaded


# --- the command -------------------------------------------------------------------------------


def run_completion(*args: str, env: dict[str, str | None]):
    return CliRunner().invoke(app, ["completion", *args], prog_name="tiktok-earnings", env=env)


def test_the_script_printed_is_the_one_installed_with_the_tool():
    done = run_completion("zsh", env={})
    assert done.exit_code == 0
    assert done.stdout == Shell.zsh.script.read_text(encoding="utf-8")


def test_the_shell_is_taken_from_SHELL_unless_named():
    assert run_completion(env={"SHELL": "/usr/bin/fish"}).stdout == Shell.fish.script.read_text(encoding="utf-8")
    done = run_completion(env={"SHELL": "/bin/tcsh"})
    assert done.exit_code == 2
    assert "Invalid value for 'SHELL': cannot tell which shell from $SHELL ('/bin/tcsh'): give bash, zsh or fish" in done.stderr


@pytest.mark.parametrize(("shell", "where"), [
    ("bash", ".local/share/bash-completion/completions/tiktok-earnings"),
    ("zsh", ".zfunc/_tiktok-earnings"),
    ("fish", ".config/fish/completions/tiktok-earnings.fish"),
])
def test_install_writes_where_the_shell_looks_and_says_what_else_to_do(tmp_path, shell, where):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": None, "XDG_CONFIG_HOME": None, "BASH_COMPLETION_USER_DIR": None}
    done = run_completion(shell, "--install", env=env)
    assert done.exit_code == 0, done.output
    path = tmp_path / where
    assert path.read_text(encoding="utf-8") == Shell(shell).script.read_text(encoding="utf-8")
    assert f"Wrote {path}." in done.stderr
    if shell == "zsh":
        assert f"fpath=({path.parent} $fpath)" in done.stderr
    path.write_text(path.read_text(encoding="utf-8") + "# an older version\n", encoding="utf-8")
    assert run_completion(shell, "--install", env=env).exit_code == 0  # its own script is brought up to date
    assert path.read_text(encoding="utf-8") == Shell(shell).script.read_text(encoding="utf-8")


def test_install_never_replaces_a_file_it_did_not_write(tmp_path):
    mine = tmp_path / ".config" / "fish" / "completions" / "tiktok-earnings.fish"
    mine.parent.mkdir(parents=True)
    mine.write_text("complete -c tiktok-earnings -a hand-written\n", encoding="utf-8")
    done = run_completion("fish", "--install", env={"HOME": str(tmp_path), "XDG_CONFIG_HOME": None})
    assert done.exit_code == 2
    assert f"{mine}: exists and was not written by `tiktok-earnings completion`" in done.stderr
    assert mine.read_text(encoding="utf-8") == "complete -c tiktok-earnings -a hand-written\n"


def test_install_follows_the_folders_the_environment_names(tmp_path):
    env = {"HOME": str(tmp_path / "home"), "BASH_COMPLETION_USER_DIR": str(tmp_path / "mine")}
    assert run_completion("bash", "--install", env=env).exit_code == 0
    assert (tmp_path / "mine" / "completions" / "tiktok-earnings").is_file()


def test_install_ignores_a_relative_folder_in_the_environment_as_the_xdg_specification_says(tmp_path, monkeypatch):
    """XDG_DATA_HOME=data once wrote data/bash-completion/... under whatever folder the shell stood in."""
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    for shell, variable in (("bash", "XDG_DATA_HOME"), ("bash", "BASH_COMPLETION_USER_DIR"), ("fish", "XDG_CONFIG_HOME")):
        env = {"HOME": str(home), "XDG_DATA_HOME": None, "XDG_CONFIG_HOME": None, "BASH_COMPLETION_USER_DIR": None}
        assert run_completion(shell, "--install", env={**env, variable: "relative"}).exit_code == 0
    assert not (tmp_path / "relative").exists()
    assert (home / ".local" / "share" / "bash-completion" / "completions" / "tiktok-earnings").is_file()
    assert (home / ".config" / "fish" / "completions" / "tiktok-earnings.fish").is_file()


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_the_fish_script_completes_commands_options_values_and_paths(tool):
    def completes(line: str) -> list[str]:
        program = f"source {Shell.fish.script}; complete -C '{tool} {line}'"
        done = subprocess.run(["fish", "--no-config", "-c", program], capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        return [reply.partition("\t")[0] for reply in done.stdout.splitlines()]

    assert completes("comp") == ["compare", "completion"]
    assert completes("run --format=c") == ["--format=csv"]
    assert completes("run configs/fr") == ["configs/friday-qa.yaml"]
    assert completes("record ") == []
    assert completes("sweep a.yaml --vary hea") == ["hearts="]  # fish itself adds no space after a `=`


@pytest.mark.parametrize(("old", "now"), [("--install-completion", "completion --install"), ("--show-completion", "completion")])
def test_typers_completion_options_say_what_does_it_now(old, now):
    done = CliRunner().invoke(app, [old], prog_name="tiktok-earnings")
    assert done.exit_code == 2
    assert done.stderr.endswith(f"Error: No such option: {old} (now `tiktok-earnings {now}`)\n")
