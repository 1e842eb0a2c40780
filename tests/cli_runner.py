"""Runs the command line in this process, as a user would in a shell, and keeps what it printed.

`CliRunner().invoke(app, ["run", "x.yaml"])` gives a Result with the exit code, stdout, stderr, both as
they were interleaved (`output`), and the exception that ended the run, if it was not SystemExit.
stdin is empty unless `input=` is given; `env=` sets (or, with None, unsets) environment variables for
the run; `terminal_width=` is COLUMNS. Streams are byte buffers under text wrappers, as real ones are.
"""

import io
import os
import sys
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from tiktok_earnings.cli.app import App


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    output: str
    exception: BaseException | None


class _Copied(io.BytesIO):
    """A stream's bytes, also copied into the output both streams share, in the order they were written."""

    def __init__(self, shared: io.BytesIO) -> None:
        super().__init__()
        self.shared = shared

    def write(self, data) -> int:  # type: ignore[override]
        self.shared.write(data)
        return super().write(data)


def _text(stream: io.BytesIO) -> io.TextIOWrapper:
    return io.TextIOWrapper(stream, encoding="utf-8", errors="backslashreplace", write_through=True)


def _set(settings: Mapping[str, str | None]) -> None:
    for name, value in settings.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@contextmanager
def _environment(env: Mapping[str, str | None]):
    saved = {name: os.environ.get(name) for name in env}
    try:
        _set(env)
        yield
    finally:
        _set(saved)


class CliRunner:
    def invoke(self, app: App, args: Sequence[str] = (), prog_name: str | None = None, input: str | bytes | None = None,
               env: Mapping[str, str | None] | None = None, terminal_width: int | None = None,
               catch_exceptions: bool = True) -> Result:
        shared = io.BytesIO()
        out, err = _Copied(shared), _Copied(shared)
        data = input.encode() if isinstance(input, str) else (input or b"")
        streams = (_text(io.BytesIO(data)), _text(out), _text(err))
        settings = dict(env or {})
        if terminal_width is not None:
            settings["COLUMNS"] = str(terminal_width)
        saved = sys.stdin, sys.stdout, sys.stderr
        code, exception = 0, None
        with _environment(settings):
            sys.stdin, sys.stdout, sys.stderr = streams
            try:
                app(list(args), prog_name=prog_name)
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
            except Exception as error:
                if not catch_exceptions:
                    raise
                code, exception = 1, error
            finally:
                for stream in streams[1:]:
                    stream.flush()
                sys.stdin, sys.stdout, sys.stderr = saved
        decoded = [stream.getvalue().decode("utf-8", "backslashreplace") for stream in (out, err, shared)]
        return Result(code, *decoded, exception)
