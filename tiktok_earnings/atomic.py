"""Write a report file whole or not at all: to a temporary file in the same folder, then rename.

A rename within one folder is atomic, so a reader, or a run interrupted with Ctrl-C, sees either
the old file or the complete new one, never half of it. Text can be written as it is produced,
so a long report need not be held in memory.

Nothing is lost to a mistyped path. A write is refused, before anything is written and again
just before the rename, when the path holds anything but a regular file (a device such as
/dev/null, a FIFO, a folder, a symbolic link), a file this run read (a scenario, a base it
extends, a recording, a history file: files.py remembers them), or a path another output of the
same run writes. An existing scenario file (.yaml, .yml) or recording (.jsonl) is replaced only
with `force=True` (the command's --force).
"""

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from tiktok_earnings.errors import Problem, ReportWriteError, ToolError
from tiktok_earnings.files import SCENARIO_SUFFIXES, claim, describe, was_read


class RefusedWrite(ToolError):
    """A write refused to keep a file from being lost: `path`, why, and what to do instead."""

    def __init__(self, path: Path, message: str, hint: str) -> None:
        super().__init__(problems=[Problem(str(path), None, message, hint)])


def check_target(path: Path, force: bool | None = None, example: str | None = None) -> None:
    """RefusedWrite if writing `path` would lose something; `force` is the command's --force (None: it has none).
    `example` is a file name the hint suggests where `path` is a folder (by default `report` with its suffix)."""
    if os.path.islink(path):
        raise RefusedWrite(path, "is a symbolic link: only a regular file is ever replaced",
                           "give the path of a new or regular file")
    kind = describe(path)
    if kind == "a folder":
        raise RefusedWrite(path, "is a folder",
                           f"give a file name inside it, e.g. {path / (example or 'report' + (path.suffix or '.txt'))}")
    if kind is not None:
        raise RefusedWrite(path, f"is {kind}: only a regular file is ever replaced", "give the path of a new or regular file")
    if was_read(path):
        raise RefusedWrite(path, "is a file this run reads: it is never written over", "choose another path for the output")
    if not path.exists():
        return
    if path.suffix.lower() in SCENARIO_SUFFIXES and not force:
        hint = "add --force to replace it, or choose another path" if force is False else "choose another path for the output"
        raise RefusedWrite(path, "already exists and is a scenario file or recording", hint)


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
        try:
            self._stream.flush()
        except OSError as error:
            raise ReportWriteError(self._path, error) from error


@contextlib.contextmanager
def atomic_writer(path: Path, force: bool | None = None, example: str | None = None) -> Iterator[_ReportStream]:
    """A stream whose text replaces `path` when the block ends normally, and is thrown away otherwise.

    RefusedWrite (check_target) instead if that would lose a file; `force` is the command's --force, `example` the
    file name suggested where `path` is a folder.
    """
    path = Path(path)
    check_target(path, force, example)
    if not claim(path):
        raise RefusedWrite(path, "is written by another output of this run", "give each output its own path")
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as error:
        raise ReportWriteError(path, error) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield _ReportStream(stream, path)
            try:
                stream.flush()
                os.fsync(stream.fileno())
            except OSError as error:  # the disk is full, or failing
                raise ReportWriteError(path, error) from error
        try:
            os.chmod(temporary, _mode_for(path))
            check_target(path, force)  # again: a base read since the start, or a FIFO made meanwhile
            os.replace(temporary, path)
        except OSError as error:
            raise ReportWriteError(path, error) from error
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
