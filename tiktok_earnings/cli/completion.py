"""Tab completion in bash, zsh and fish, worked out from the commands' one declaration (cli/app.py).

The script for each shell (cli/shells/) is small and knows nothing of the commands. On each Tab it
runs the tool again with the words typed so far, the last being the one being completed, and
COMPLETE_VARIABLE set to the shell's name; `main()` then calls `answer()` instead of a command.
The answer is `files` (the shell completes a path itself) or `words` and the words that fit, one
per line, with their help where the shell shows it (zsh, fish). What fits comes from the
signatures: command names; a command's options not given yet; an option's or argument's choices
(a StrEnum's values, or the words its `complete=` function gives: preset names, units, fields); a
path for a `Path` or an argument declared with `files=True`. Only the declaration is read (and,
for `complete=`, the data it names), so a Tab costs what `--help` does.

`tiktok-earnings completion SHELL` prints a script and `--install` writes it where the shell
looks for completions, replacing only a script it wrote before: no rc file is edited.
"""

import os
import sys
from collections.abc import Iterable
from enum import Enum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from tiktok_earnings.cli import DebugOption, app, errors_handled
from tiktok_earnings.cli.app import HELP_NAMES, Argument, BadParameter, Option, first_sentence, is_negative_number
from tiktok_earnings.cli.help import HELP_TEXT, VERSION_TEXT, examples
from tiktok_earnings.errors import WRITABLE_HINT, Problem, ToolError

if TYPE_CHECKING:
    from tiktok_earnings.cli.app import App, Command, Parameter

SHELLS_FOLDER = Path(__file__).resolve().parent / "shells"
MARKER = "# Tab completion for tiktok-earnings"  # how --install knows a script it wrote: near the top of each
TOP_LEVEL = (("--version", VERSION_TEXT), ("--help", HELP_TEXT))

Candidate = tuple[str, str]  # a word and its help


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"

    @property
    def script(self) -> Path:
        """The script's file in cli/shells/, named as the shell looks for it."""
        return SHELLS_FOLDER / {"bash": "tiktok-earnings", "zsh": "_tiktok-earnings", "fish": "tiktok-earnings.fish"}[self]


# --- what fits ------------------------------------------------------------------------------


def candidates(tool: "App", words: list[str]) -> tuple[bool, list[Candidate]]:
    """(whether a path fits, the words that fit) for `words`: those after the program's name, the last
    being the one completed ('' when the cursor is after a space)."""
    *before, current = words or [""]
    if not before:
        if current.startswith("-"):
            return False, _starting(current, TOP_LEVEL)
        return False, _starting(current, [(name, command.summary()) for name, command in tool.commands.items()])
    command = tool.find(before[0])
    if command is None or any(word in HELP_NAMES for word in before[1:]):
        return False, []
    return _within(command, before[1:], current)


def _within(command: "Command", before: list[str], current: str) -> tuple[bool, list[Candidate]]:
    by_name = {name: parameter for parameter in command.parameters for name in parameter.names}
    given: set[str] = set()
    expecting: Parameter | None = None
    arguments = 0
    only_arguments = False
    for word in before:
        if expecting is not None:
            expecting = None
        elif word == "--" and not only_arguments:
            only_arguments = True
        elif word.startswith("-") and word != "-" and not only_arguments and not is_negative_number(word):
            name, joined, _ = word.partition("=") if word.startswith("--") else (word[:2], len(word) > 2, "")
            parameter = by_name.get(name)
            if parameter is not None:
                given.add(parameter.name)
                if not parameter.flag and not joined:
                    expecting = parameter
        else:
            arguments += 1
    if expecting is not None:
        return _values(expecting, current)
    if current.startswith("-") and current != "-" and not only_arguments:
        name, joined, value = current.partition("=") if current.startswith("--") else (current[:2], "", current[2:])
        if (joined or value) and name in by_name and not by_name[name].flag:  # --format=js, -fjs
            paths, values = _values(by_name[name], value)
            return paths, [(f"{name}{joined}{word}", help) for word, help in values]
        options = [(name, first_sentence(parameter.declared.help)) for parameter in command.parameters
                   if parameter.is_option and parameter.name not in given
                   for name in parameter.names if name.startswith("--")]
        return False, _starting(current, [*options, ("--help", HELP_TEXT)])
    positional = [parameter for parameter in command.parameters if not parameter.is_option]
    for parameter in positional:
        if parameter.many or arguments == 0:
            return _values(parameter, current)
        arguments -= 1
    return False, []


def _values(parameter: "Parameter", current: str) -> tuple[bool, list[Candidate]]:
    """What a value of `parameter` may be: its choices, the words it declares, or a path."""
    kind = parameter.kind
    if isinstance(kind, type) and issubclass(kind, Enum):
        return False, _starting(current, [(str(member.value), "") for member in kind])
    if parameter.declared.complete is not None:
        return False, _starting(current, [(word, "") for word in parameter.declared.complete()])
    return parameter.takes_path, []


def _starting(current: str, candidates: Iterable[Candidate]) -> list[Candidate]:
    return [(word, help) for word, help in candidates if word.startswith(current)]


# --- the answer, as each shell reads it -----------------------------------------------------


def answer(tool: "App", shell: str, words: list[str]) -> int:
    """Write what fits `words` for the script of `shell`; the exit code (0, or 1 for a shell with no script)."""
    if shell not in Shell.__members__:  # an older tool's script (Typer's): it falls back to its own completion
        return 1
    bare = False
    if shell == Shell.bash:
        words, bare = _bash_words(words)
    paths, fitting = candidates(tool, words)
    if paths:
        sys.stdout.write("files\n")
        return 0
    lines = ["words"]
    for word, help in fitting:
        if shell == Shell.bash:
            lines.append(word.partition("=")[2] if bare else word)
        elif shell == Shell.zsh:
            shown = word.replace("\\", "\\\\").replace(":", "\\:")
            lines.append(f"{shown}:{help}" if help else shown)
        else:
            lines.append(f"{word}\t{help}" if help else word)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _bash_words(words: list[str]) -> tuple[list[str], bool]:
    """bash splits `--format=js` into `--format`, `=` and `js`: the words joined again, and whether the one
    completed is such a value (bash then replaces only what follows the `=`, so the answer leaves out `--format=`)."""
    joined: list[str] = []
    bare = False
    index = 0
    while index < len(words):
        word = words[index]
        if word == "=" and joined and joined[-1].startswith("--") and "=" not in joined[-1]:
            value = words[index + 1] if index + 1 < len(words) else ""
            joined[-1] += "=" + value
            index += 2
            bare = index >= len(words)
        else:
            joined.append(word)
            index += 1
            bare = False
    return joined, bare


# --- the command ----------------------------------------------------------------------------


def shell_in_use() -> Shell:
    """The shell named by $SHELL: BadParameter when it is none of those with a script."""
    login = os.environ.get("SHELL", "")
    name = Path(login).name
    if name not in Shell.__members__:
        shown = f"'{login}'" if login else "not set"
        raise BadParameter(f"cannot tell which shell from $SHELL ({shown}): give bash, zsh or fish", param_hint="'SHELL'")
    return Shell(name)


def install_path(shell: Shell) -> Path:
    """Where `shell` looks for this tool's completion: bash-completion's and fish's own folders for the
    user; for zsh, ~/.zfunc, which the user adds to $fpath."""
    home = Path.home()
    data = _folder_set("XDG_DATA_HOME") or home / ".local" / "share"
    if shell == Shell.bash:
        folder = (_folder_set("BASH_COMPLETION_USER_DIR") or data / "bash-completion") / "completions"
    elif shell == Shell.zsh:
        folder = home / ".zfunc"
    else:
        folder = (_folder_set("XDG_CONFIG_HOME") or home / ".config") / "fish" / "completions"
    return folder / shell.script.name


def _folder_set(variable: str) -> Path | None:
    """The folder an environment variable names; None where it is unset, empty or relative, which the XDG base
    directory specification says to ignore (a relative one would put the script wherever the shell stands)."""
    value = os.environ.get(variable, "")
    return Path(value) if os.path.isabs(value) else None


def install(shell: Shell, path: Path) -> str:
    """Write the script to `path`, atomically, unless a file there is not one of these scripts; what to do next."""
    from tiktok_earnings.atomic import atomic_writer
    from tiktok_earnings.errors import ReportWriteError

    if path.is_file():
        with open(path, encoding="utf-8", errors="replace") as existing:
            opening = existing.read(len(MARKER) + 200)  # zsh's starts with its `#compdef` line
        if MARKER not in opening:
            what = "exists and was not written by `tiktok-earnings completion`"
            hint = f"move it away and install again, or merge in `tiktok-earnings completion {shell}` by hand"
            raise ToolError(problems=[Problem(str(path), None, what, hint)])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path) as stream:
            stream.write(shell.script.read_text(encoding="utf-8"))
    except ReportWriteError as error:
        raise ToolError(f"cannot write {path}: {error.reason}", WRITABLE_HINT) from None
    except OSError as error:
        raise ToolError(f"cannot create {path.parent}: {error.strerror}", WRITABLE_HINT) from None
    if shell == Shell.bash:
        return (f"Wrote {path}. New bash shells load it through the bash-completion package;"
                f" without that package, add `source {path}` to ~/.bashrc.")
    if shell == Shell.zsh:
        return (f"Wrote {path}. zsh loads it from a folder on $fpath: add `fpath=({path.parent} $fpath)` to"
                " ~/.zshrc, before `autoload -Uz compinit && compinit`, then open a new shell.")
    return f"Wrote {path}. New fish shells load it from there."


@app.command(section="Shell",
    epilog=examples(
        ("tiktok-earnings completion --install", "for the shell in $SHELL; says what, if anything, to do next"),
        ("source <(tiktok-earnings completion bash)", "this bash only, to try it"),
        "tiktok-earnings completion fish > ~/.config/fish/completions/tiktok-earnings.fish",
    ),
)
def completion(
    shell: Annotated[Shell | None, Argument("SHELL", help="bash, zsh or fish (default: the one $SHELL names).")] = None,
    install_it: Annotated[bool, Option(
        "--install", help="Write the script where the shell loads it from, instead of printing it. A file already"
                          " there is replaced only if this command wrote it.")] = False,
    debug: DebugOption = False,
) -> None:
    """Print tab completion for bash, zsh or fish, or install it: commands, options, their choices and paths.

    Each Tab asks the tool what fits, so completion always matches the installed version. --install
    edits no startup file; for bash and zsh it says what to add where the shell needs it.
    """
    chosen = shell if shell is not None else shell_in_use()
    with errors_handled(debug):
        if install_it:
            print(install(chosen, install_path(chosen)), file=sys.stderr)
        else:
            sys.stdout.write(chosen.script.read_text(encoding="utf-8"))
