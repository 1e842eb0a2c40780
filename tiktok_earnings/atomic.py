"""Write a report file whole or not at all: to a temporary file in the same folder, then rename.

A rename within one folder is atomic, so a reader, or a run interrupted with Ctrl-C, sees either
the old file or the complete new one, never half of it. Text can be written as it is produced,
so a long report need not be held in memory.
"""

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from tiktok_earnings.errors import ReportWriteError


class _ReportStream:
    """A text stream for the temporary file, whose OS errors name the report, not the temporary file."""

    def __init__(self, stream: TextIO, path: Path) -> None:
        self._stream = stream
        self._path = path

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise ReportWriteError(self._path, error) from error

    def flush(self) -> None:
        self._stream.flush()


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[_ReportStream]:
    """A stream whose text replaces `path` when the block ends normally, and is thrown away otherwise."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as error:
        raise ReportWriteError(path, error) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield _ReportStream(stream, path)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new one gets what the umask allows of rw-rw-rw-."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
