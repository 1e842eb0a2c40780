"""What `main()` makes of the process it starts in, before any command runs: its standard streams and sizes.

- A standard stream that was closed is filled with /dev/null, so that no file the run opens becomes
  fd 1 or 2; output meant for a closed stdout then fails as a closed stream does (exit 2).
- COLUMNS or LINES that is not a number in digits 0-9 is left out, as if unset: Rich and str.isdigit()
  take `²` for a digit, and int() then fails on it.
- A stdout whose encoding cannot write every character (a Windows code page, `PYTHONIOENCODING=ascii`)
  writes UTF-8 instead where it goes to a file or a pipe: the reports, JSON and CSV above all, keep every
  character, as their readers expect. On a terminal it keeps its encoding, and a character it has no
  place for is written as its nearest ASCII (`—` as `-`, `ε` as `e`, `≤` as `<=`), or `?`. The table
  once ended in UnicodeEncodeError (exit 3) on `run scenario.yaml > report.txt` under cp1252.
"""

import codecs
import os
import sys
import unicodedata

UNICODE = ("utf-8", "utf-16", "utf-32", "utf-8-sig")  # codecs.lookup()'s names of the encodings that write anything
PLAIN_ERRORS = "tiktok-earnings-plain"  # the error handler a terminal's stdout is given: see _plain()
PLAIN = {  # what the tool writes beyond ASCII, and what a terminal without it shows instead
    "—": "-", "–": "-", "−": "-", "·": ".", "•": "*", "×": "x", "÷": "/", "…": "...", "⋯": "...", "≤": "<=", "≥": ">=",
    "±": "+/-", "→": "->", "’": "'", "‘": "'", "“": '"', "”": '"', "′": "'", "ε": "e", "Σ": "sum", "²": "^2",
    "─": "-", "│": "|", "└": "+", "█": "#", "▓": "#", "▒": "#", "░": ".",
}


class _ClosedStdout:
    """Stands for stdout when it was closed before the run: output to it fails as a closed stream does."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "stdout is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def prepare() -> None:
    """Make the process's streams and environment fit for a run (this module's docstring says how)."""
    _fill_closed_streams()
    _drop_unreadable_sizes()
    _write_any_character()


def _fill_closed_streams() -> None:
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.dup2(os.open(os.devnull, os.O_RDWR), fd)
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run


def _drop_unreadable_sizes() -> None:
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name)
        if value is not None and not (value.isascii() and value.isdigit()):
            del os.environ[name]


def _write_any_character() -> None:
    stdout = sys.stdout
    encoding = getattr(stdout, "encoding", None) or "utf-8"
    if codecs.lookup(encoding).name in UNICODE or not hasattr(stdout, "reconfigure"):
        return
    if not stdout.isatty():
        stdout.reconfigure(encoding="utf-8")
        return
    codecs.register_error(PLAIN_ERRORS, _plain)
    stdout.reconfigure(errors=PLAIN_ERRORS)


def _plain(error: UnicodeError) -> tuple[str, int]:
    """The characters an encoding could not write, as ASCII: PLAIN's, a letter without its accent, or `?`."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(PLAIN.get(character) or _unaccented(character) for character in error.object[error.start:error.end]), error.end


def _unaccented(character: str) -> str:
    ascii_part = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode("ascii")
    return ascii_part or "?"
