"""Reading input files safely: regular files only, each within a size limit, and remembered.

Scenario files arrive in pull requests, so nothing about them is trusted. A FIFO or a device
(`/dev/zero`) named `*.yaml` could block a run or feed it without end, so only regular files are
read: the file is opened without blocking and checked before a byte is read. Every read has a
limit, and a file over it is an error that names the limit. Every file read is remembered (by
resolved path), so that no report is ever written over a file the run read (atomic.py).
"""

import contextlib
import os
import stat
from collections.abc import Iterator
from typing import BinaryIO

from tiktok_earnings.errors import InputError, Problem

YAML_SUFFIXES = (".yaml", ".yml")  # a scenario file
RECORDING_SUFFIX = ".jsonl"  # a LIVE recording, as `record` writes it
SCENARIO_SUFFIXES = (*YAML_SUFFIXES, RECORDING_SUFFIX)  # what `run` computes: a recording is imported, then computed
MIB = 1024 * 1024
MAX_SCENARIO_BYTES = 1 * MIB  # a scenario file (and each base it extends), a history CSV: the largest example is 5 KB
MAX_HISTORY_BYTES = 16 * MIB  # a history CSV: about 300,000 streams
MAX_RECORDING_BYTES = 2048 * MIB  # a LIVE recording: a busy 8-hour LIVE writes about 200 MB
MAX_LINE_BYTES = 1 * MIB  # one line of a recording: an event is under 20 KB

_GIVE = {"scenario file": "give the path of a .yaml file", "recording": "give the path of a .jsonl file",
         "history file": "give the path of a .csv file"}
FileId = int  # a file by any of its names: its device and inode, as one number (file_id())
_read: set[FileId] = set()  # every file read by this run
_handed_over: set[FileId] = set()  # in a worker process: what read_since_last() has already given


def read_since_last() -> frozenset[FileId]:
    """What this process has read since the last call: for a worker process to hand to the run (parallel.py)."""
    new = frozenset(_read - _handed_over)
    _handed_over.update(new)
    return new


def remember(read: frozenset[FileId]) -> None:
    """Take in what a worker process read, so that no report is written over it either."""
    _read.update(read)


def file_id(info: os.stat_result) -> FileId:
    """The device and inode as one number, exact for inodes of up to 128 bits (the widest, Windows' ReFS):
    a run of 50,000 files keeps about 50 bytes a file for them, where a (device, inode) tuple took three
    objects and about 120 bytes."""
    return info.st_dev << 128 | info.st_ino


def was_read(path: str | os.PathLike[str]) -> bool:
    """Whether this run read the file at `path` (a scenario, a base, a recording, a history file), by any name."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return file_id(info) in _read


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def describe(path: str | os.PathLike[str]) -> str | None:
    """What is at `path` when it is not a regular file ("a FIFO (named pipe)", ...), else None (a file or nothing)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else _kind(mode)


def _size_text(limit: int) -> str:
    return f"{limit // MIB:,} MB" if limit >= MIB else f"{limit:,} bytes"


def too_large(name: str, limit: int, what: str) -> InputError:
    return InputError([Problem(name, None, f"is larger than the {_size_text(limit)} a {what} may be",
                               "check that this is the right file")])


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def _open(path: str | os.PathLike[str], what: str) -> tuple[int, os.stat_result]:
    """A descriptor of the regular file at `path`, open for reading, and its fstat; InputError if it is none."""
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below, before any read.
        handle = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise InputError([Problem(name, None, "no such file", "check the path")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, None, f"is a directory, not a {what}", _GIVE.get(what, "give a file"))]) from None
    except PermissionError:
        raise InputError([Problem(name, None, "permission denied",
                                  "make the file readable, or run as a user who can read it")]) from None
    except OSError as error:
        raise InputError([Problem(name, None, f"cannot read: {error.strerror or error}", "check the path")]) from None
    info = os.fstat(handle)
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        os.close(handle)
        raise InputError([Problem(name, None, f"is a directory, not a {what}", _GIVE.get(what, "give a file"))])
    if not stat.S_ISREG(mode):
        os.close(handle)
        raise InputError([Problem(name, None, f"is {_kind(mode)}, not a {what}",
                                  "only regular files are read; give the path of a file")])
    if hasattr(os, "O_NONBLOCK"):
        os.set_blocking(handle, True)
    _read.add(file_id(info))  # by device and inode: any name of the file, links and all, is known by it
    return handle, info


@contextlib.contextmanager
def open_regular(path: str | os.PathLike[str], what: str = "scenario file") -> Iterator[BinaryIO]:
    """The file at `path` opened for reading in binary, or InputError if it cannot be, or is not a regular file."""
    handle, _ = _open(path, what)
    with os.fdopen(handle, "rb") as stream:
        yield stream


def read_bytes(path: str | os.PathLike[str], limit: int | None = None, what: str = "scenario file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes (MAX_SCENARIO_BYTES), or InputError saying why not.

    Read straight from the descriptor, asking first for the size fstat gave: a buffered read of `limit`
    bytes would allocate all of them (a megabyte) for every small scenario of a batch.
    """
    limit = MAX_SCENARIO_BYTES if limit is None else limit
    handle, info = _open(path, what)
    parts = []
    got = 0
    want = min(info.st_size, limit) + 1  # one byte more than the file holds: the end shows as a short read
    try:
        while got <= limit:
            part = os.read(handle, want - got)
            if not part:
                break
            parts.append(part)
            got += len(part)
            want = limit + 1  # the file grew since fstat, or the system read less: read on up to the limit
    except OSError as error:
        raise InputError([Problem(str(path), None, f"cannot read: {error.strerror or error}", "check the path")]) from None
    finally:
        os.close(handle)
    if got > limit:
        raise too_large(str(path), limit, what)
    return b"".join(parts)


_claimed: set[str] = set()  # the resolved paths this run writes (or wrote): two outputs never share one


def claim(path: str | os.PathLike[str]) -> bool:
    """Claim `path` for an output of this run: False if another output already has it."""
    resolved = os.path.realpath(path)
    if resolved in _claimed:
        return False
    _claimed.add(resolved)
    return True


def start_run() -> None:
    """Forget the files read and written so far: each command starts afresh (tests run several in one process)."""
    _read.clear()
    _handed_over.clear()
    _claimed.clear()

