"""Errors as values a person can act on: what is wrong, what to do about it, and the exit code.

Every error tiktok-earnings reports to its user is a `ToolError`: a message and a hint, or, for an
input with several things wrong, the `problems` list, each at its file and line. The error knows the
lines it is shown as (`lines()`) and the exit code it ends with (`exit_code`); the command line turns
it into output in one place (cli.errors_handled). The subclasses only name where an error comes from
(`InputError` for scenario files, `GiftLookupError` for the catalogue, ...); they declare nothing again.
"""

from collections.abc import Callable, Sequence
from enum import IntEnum
from os import PathLike
from typing import ClassVar, NamedTuple

from tiktok_earnings.escape import terminal

PROGRAM = "tiktok-earnings"
WRITABLE_HINT = "check that the folder exists and is writable"


class ExitCode(IntEnum):
    """What a run of tiktok-earnings ends with; with several files, the worst one wins."""

    OK = 0
    EXPECTATION_FAILED = 1
    INPUT_ERROR = 2  # usage or input error
    INTERNAL_ERROR = 3  # a bug in tiktok-earnings
    INTERRUPTED = 130  # Ctrl-C


class Problem(NamedTuple):
    """One thing wrong with an input, printed as `file:line: message — hint`."""

    file: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        """On one line, with any control character from an input (a file name, a quoted value) shown, not acted on."""
        where = terminal(self.file) if self.line is None else f"{terminal(self.file)}:{self.line}"
        return f"{where}: {terminal(self.message)}" + (f" — {terminal(self.hint)}" if self.hint else "")


class ToolError(Exception):
    """Something the user can act on: `message` (what is wrong), `hint` (what to do), `exit_code`.

    With `problems` (several things wrong, each at its file and line), each problem is one line of
    output; otherwise the error is one line, `tiktok-earnings: message — hint`. `option` names the
    command-line option a value came from, when it did: the CLI then reports it as a usage error.
    """

    default_hint: ClassVar[str] = ""
    default_exit_code: ClassVar[ExitCode] = ExitCode.INPUT_ERROR

    def __init__(self, message: str = "", hint: str | None = None, *, problems: Sequence[Problem] = (),
                 exit_code: ExitCode | None = None, option: str | None = None) -> None:
        self.message = message
        self.hint = self.default_hint if hint is None else hint
        self.problems = list(problems)
        self.exit_code = self.default_exit_code if exit_code is None else exit_code
        self.option = option
        super().__init__(self.text())

    def text(self) -> str:
        """`message — hint`, or every problem, one a line."""
        if self.problems:
            return "\n".join(str(problem) for problem in self.problems)
        return terminal(f"{self.message} — {self.hint}" if self.hint else self.message)

    def lines(self) -> list[str]:
        """What is printed on stderr: one line per problem, or `tiktok-earnings: message — hint`."""
        if self.problems:
            return [str(problem) for problem in self.problems]
        return [f"{PROGRAM}: {self.text()}"]

    def on_option(self, option: str) -> "ToolError":
        """This error, as a usage error of the command-line option `option`."""
        self.option = option
        return self


class InputError(ToolError):
    """Every problem found in one input, not only the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems=problems)


class ReportWriteError(ToolError):
    """A file could not be written: `path` and `reason` (the system's words) say which and why."""

    def __init__(self, path: "str | PathLike[str]", error: OSError) -> None:
        self.path = path
        self.reason = error.strerror or str(error)
        super().__init__(problems=[Problem(str(path), None, f"cannot write: {self.reason}", WRITABLE_HINT)])

    def as_problem(self, what: str) -> "ToolError":
        """The same error, saying what could not be written: `path: cannot write the report: reason — hint`."""
        problem = Problem(str(self.path), None, f"cannot write {what}: {self.reason}", WRITABLE_HINT)
        return ToolError(problems=[problem])


def did_you_mean(word: str, choices: list[str], normalise: Callable[[str], str] = str.casefold) -> str:
    """A hint naming the choices nearest to `word`, or listing them all when there are few."""
    from difflib import get_close_matches  # only paid for when there is a typo

    by_key = {normalise(choice): choice for choice in choices}
    close = get_close_matches(normalise(word), list(by_key), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(by_key[key]) for key in close) + "?"
    if len(choices) <= 8:
        return "expected one of: " + ", ".join(choices)
    return ""
