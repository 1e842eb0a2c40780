"""Input problems as values: where (file and line), what is wrong, and what to do about it."""

from enum import IntEnum
from typing import NamedTuple


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
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}" + (f" — {self.hint}" if self.hint else "")


class InputError(Exception):
    """Raised with every problem found in one input, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def did_you_mean(word: str, choices: list[str], normalise=str.casefold) -> str:
    """A hint naming the choices nearest to `word`, or listing them all when there are few."""
    from difflib import get_close_matches  # only paid for when there is a typo

    by_key = {normalise(choice): choice for choice in choices}
    close = get_close_matches(normalise(word), list(by_key), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(by_key[key]) for key in close) + "?"
    if len(choices) <= 8:
        return "expected one of: " + ", ".join(choices)
    return ""


class ReportWriteError(Exception):
    """A report file could not be written; `reason` says why."""

    def __init__(self, path, error: OSError) -> None:
        super().__init__(f"{path}: {error.strerror or error}")
        self.path = path
        self.reason = error.strerror or str(error)
