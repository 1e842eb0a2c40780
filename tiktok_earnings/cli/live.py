"""`record` and `import`: a TikTok LIVE recorded as it happens, then turned into a scenario.

The work is in recorder.py (writing events) and recording.py (reading them back); this module
wires TikTokLive's client to the recorder, prints, and chooses exit codes. TikTokLive is an
optional extra, imported only by `record`; `import` reads the JSON itself.
"""

import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

from tiktok_earnings.cli import DebugOption, app, errors_handled, show
from tiktok_earnings.cli.app import Argument, Exit, Option
from tiktok_earnings.cli.help import examples
from tiktok_earnings.errors import WRITABLE_HINT, ExitCode, ToolError
from tiktok_earnings.escape import snippet, terminal

if TYPE_CHECKING:
    from tiktok_earnings.live.recorder import Recorder

INSTALL_HINT = "install the live extra: pip install 'tiktok-earnings[live]'"


@app.command(section="Live streams",
    epilog=examples(
        "tiktok-earnings record @creator --out stream.jsonl",
        ("tiktok-earnings record @creator -o stream.jsonl && tiktok-earnings run stream.jsonl",
         "record, then compute what was recorded"),
    ) + "\n\n"
    "Stop with Ctrl-C; recording also stops when the LIVE ends. If the connection drops mid-LIVE, it connects again"
    " (5 tries in about 30 s) and appends to the same file. Needs TikTokLive: pip install 'tiktok-earnings[live]'."
    "\n\nExit codes: 0 the LIVE ended; 2 TikTokLive is missing, the creator is not LIVE or cannot be found, the"
    " connection fails or cannot be made again after a drop (an empty recording is not left behind) or the file cannot"
    " be written; 3 internal error (a bug: rerun with --debug and report it); 130 stopped with Ctrl-C (the recording so"
    " far is kept).",
)
def record(
    username: Annotated[str, Argument("@USERNAME", help="The creator whose LIVE to record: @name, name or their LIVE's URL.")],
    out: Annotated[Path, Option("--out", "-o", metavar="FILE.jsonl", show_default=False,
                                help="The recording to append to (created if missing).")],
    debug: DebugOption = False,
) -> None:
    """Record a TikTok LIVE's gifts, likes, viewer counts and battle events to a JSONL file, as they happen.

    Each event TikTokLive receives becomes one line, {"event": …, "received_at": …, "data": …},
    written and flushed at once: a crash or Ctrl-C loses at most the event in flight. A summary
    (events, coins, hearts, viewers) is shown on stderr while it records. Turn the file into a
    scenario with `tiktok-earnings import`, or compute it directly with `tiktok-earnings run FILE.jsonl`.
    """
    with errors_handled(debug):
        name = creator_name(username)
        if name is None:
            raise ToolError(f"'{snippet(username)}' is neither a creator's @name nor a link to their TikTok LIVE",
                            "give their @name (letters, digits, _ and .), e.g. `tiktok-earnings record @creator --out"
                            " stream.jsonl`, or a link such as https://www.tiktok.com/@creator/live")
        try:
            import TikTokLive  # noqa: F401  (here, to say it is missing before a file is touched)
        except ImportError:
            raise ToolError("TikTokLive is not installed, and `record` needs it to connect to TikTok", INSTALL_HINT) from None
        from tiktok_earnings.live.recorder import Recorder, prepare_append

        if out.is_dir():
            raise ToolError(f"{out} is a folder", f"give a file name, e.g. --out {out / 'stream.jsonl'}")
        created = not out.exists()  # an empty file this run created is removed if nothing was recorded
        from tiktok_earnings.files import describe

        if out.is_symlink() or describe(out) is not None:
            raise ToolError(f"{out} is {describe(out) or 'a symbolic link'}: a recording is written to a regular file only",
                            "give the path of a new or regular .jsonl file")
        try:
            removed = prepare_append(str(out))
            stream = open(out, "a", encoding="utf-8", newline="")  # noqa: SIM115 - closed below, whatever happens
        except ValueError as error:
            raise ToolError(f"{out}: {error}", "give another --out file") from None
        except OSError as error:
            raise ToolError(f"{out}: cannot write: {error.strerror or error}", WRITABLE_HINT) from None
        if removed:
            print(f"{out}: removed a cut-off last line ({removed:,} bytes) left by a recording that stopped mid-write",
                  file=sys.stderr)
        status = _Status(sys.stderr)
        recorder = Recorder(stream, after_write=lambda: status.update(recorder))
        try:
            _record(name, out, recorder, status)
        finally:
            stream.close()
            if created and not recorder.lines:
                out.unlink(missing_ok=True)  # an empty recording breaks `run folder/`: leave none behind
        status.done(recorder, f"the LIVE ended; the recording is in {out}" if recorder.lines
                    else "the LIVE ended before any event came: no recording was written")


# TikTok's usernames are letters, digits, underscores and periods (its app refuses any other character when one is
# chosen); their length is not checked here, as the limits given for it differ (24 or 30 characters).
_USERNAME = re.compile(r"[A-Za-z0-9_.]+")


def creator_name(text: str) -> str | None:
    """The username in `@name`, `name` or a link to a TikTok profile or LIVE (https://www.tiktok.com/@name/live);
    None for anything else, such as another site's link or a short link (vm.tiktok.com/…) that names no one."""
    text = text.strip()
    if "/" in text:
        from urllib.parse import urlsplit

        try:
            link = urlsplit(text if "://" in text else "https://" + text)
            host = (link.hostname or "").lower()
        except ValueError:  # e.g. an unclosed [ in the host
            return None
        if link.scheme not in ("http", "https") or not (host == "tiktok.com" or host.endswith(".tiktok.com")):
            return None
        first = link.path.strip("/").split("/")[0]
        text = first if first.startswith("@") else ""
    name = text.removeprefix("@")
    return name if _USERNAME.fullmatch(name) else None


def _record(name: str, out: Path, recorder: "Recorder", status: "_Status") -> None:
    """Connect and record until the LIVE ends (live/connection.py); every way it can stop short becomes one line and
    an exit code here."""
    import asyncio

    from TikTokLive.client.errors import (
        SignAPIError,
        SignatureRateLimitError,
        TikTokLiveError,
        UserNotFoundError,
        UserOfflineError,
    )

    from tiktok_earnings.cli import Terminated
    from tiktok_earnings.live.connection import ConnectionLost, RecordingFailed, network_error, reason, record_live, refusal

    status.connecting(f"Connecting to @{name}'s LIVE …")
    try:
        try:
            asyncio.run(record_live(name, recorder, status.note,
                                    lambda: status.note(f"Recording @{name} to {out} (Ctrl-C to stop) …")))
        finally:
            status.clear()  # the line drawn in place (`Connecting …`, or the summary) gives way to the last word
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM/SIGHUP (Terminated): the recording so far is whole
        by = f"stopped by {stop.name}" if isinstance(stop, Terminated) else "stopped"
        status.done(recorder, f"{by}; the recording is in {out}" if recorder.lines
                    else f"{by} before any event came: no recording was written")
        raise Exit(128 + stop.signal if isinstance(stop, Terminated) else ExitCode.INTERRUPTED) from None
    except RecordingFailed as error:
        cause = error.__cause__
        if not isinstance(cause, OSError):
            raise (cause or error) from None  # a genuine bug in writing an event: exit 3
        raise ToolError(f"{out}: cannot write the recording: {cause.strerror or cause}",
                        "free some space (or check the disk), then rerun with the same --out to append to it") from None
    except ConnectionLost as error:
        raise ToolError(f"{error.dropped}, and {error.tries} tries to connect again failed (the last: {error.last})",
                        f"the recording so far is in {out}; rerun with the same --out to append to it") from None
    except UserOfflineError:
        raise ToolError(f"@{name} is not LIVE now", "start recording once their LIVE has begun") from None
    except UserNotFoundError:
        raise ToolError(f"no TikTok user @{name}",
                        "check the name: it is the part after @ in their profile's address") from None
    except SignatureRateLimitError:
        raise ToolError("the signing service TikTokLive connects through refused: too many connections were started",
                        "wait a few minutes, then rerun") from None
    except SignAPIError as error:
        if network_error(error):
            why = reason(error.__cause__ or error)
            raise ToolError(f"could not reach the signing service TikTokLive connects through: {why}",
                            "check the network connection (and any proxy), then rerun") from None
        answered = refusal(error) or reason(error)
        raise ToolError(f"the signing service TikTokLive connects through refused to sign the connection ({answered})",
                        "try again in a few minutes; if it keeps refusing, update TikTokLive:"
                        " pip install -U 'tiktok-earnings[live]'") from None
    except TikTokLiveError as error:
        raise ToolError(f"could not connect to @{name}'s LIVE: {reason(error)}", "try again in a minute") from None
    except Exception as error:
        if not network_error(error):
            raise  # a genuine bug: exit 3 with its report, never dressed up as a network problem
        raise ToolError(f"could not connect to @{name}'s LIVE: {reason(error)}",
                        "check the network connection (and any proxy) and the name, then rerun") from None


class _Status:
    """The live summary on stderr: one line redrawn in place on a terminal, a line a minute otherwise; and notes (a drop,
    connecting again) printed above it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.every = 0.25 if self.terminal else 60.0
        self.drawn: float | None = None  # time.monotonic() of the last redraw
        self.recorder: Recorder | None = None  # whose summary is redrawn, once there is one

    def connecting(self, message: str) -> None:
        """On a terminal, a line that says what is going on until the connection is made (or fails, see `clear`);
        nothing elsewhere, so that a failure is one line in a log."""
        if self.terminal:
            self.stream.write(f"\r\x1b[K{message}")
            self.stream.flush()

    def clear(self) -> None:
        """On a terminal, rub out the line drawn in place, for what is printed next."""
        if self.terminal:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def note(self, message: str) -> None:
        """A line of its own; on a terminal, above the summary, which is drawn again below it."""
        if self.terminal:
            again = self.recorder.summary() if self.recorder is not None else ""
            self.stream.write(f"\r\x1b[K{message}\n{again}")
        else:
            self.stream.write(f"{message}\n")
        self.stream.flush()

    def update(self, recorder: "Recorder") -> None:
        now = time.monotonic()
        if self.drawn is not None and now - self.drawn < self.every:
            return
        self.drawn = now
        if self.terminal:
            self.recorder = recorder
            self.stream.write(f"\r\x1b[K{recorder.summary()}")
        else:
            self.stream.write(recorder.summary() + "\n")
        self.stream.flush()

    def done(self, recorder: "Recorder", message: str) -> None:
        if self.terminal:
            self.stream.write("\r\x1b[K")
        print(f"{recorder.summary()}\n{message}", file=self.stream)


@app.command("import", section="Live streams",
    epilog=examples(
        "tiktok-earnings import stream.jsonl -o stream.yaml",
        ("tiktok-earnings import configs/recorded-stream.jsonl", "the scenario on stdout"),
        ("tiktok-earnings run stream.jsonl", "import and compute in one go"),
    ) + "\n\n"
    "Exit codes: 0 done (warnings, such as a streak still open at the end, do not change it); 2 a bad line or"
    " file (each printed on stderr as `file:line: what is wrong — what to do`) or an -o file that exists; 3 internal"
    " error (a bug: rerun with --debug and report it).",
)
def import_(
    recording: Annotated[Path, Argument("RECORDING.jsonl", help="A recording written by `tiktok-earnings record`.")],
    output: Annotated[Path | None, Option("--output", "-o", metavar="FILE.yaml", show_default=False,
                                          help="Write the scenario to this file (atomically) instead of stdout.")] = None,
    force: Annotated[bool, Option("--force", help="Overwrite the -o file if it exists.")] = False,
    debug: DebugOption = False,
) -> None:
    """Turn a LIVE recording into a scenario file that `run` computes.

    Gifts are counted as TikTokLive counts them: a streak once, on its final frame, at each event's
    own coin price; gifts in the catalogue are named as the catalogue names them, others become
    custom gifts. Hearts are the room's highest like total; viewers the time-weighted average of the
    viewer counts; the duration runs from the first event to the last. The file starts with a
    comment saying what was recorded, when, and what could not be known. Needs no TikTokLive.
    """
    with errors_handled(debug):
        if output is not None:
            if output.is_dir():
                raise ToolError(f"{output} is a folder", f"give a file name, e.g. -o {output / 'stream.yaml'}")
            if output.exists() and output.resolve() == recording.resolve():
                raise ToolError(f"{output} is the recording itself", "give another -o file")
            if output.exists() and not force:
                raise ToolError(f"{output} already exists", "give another -o file, or add --force to overwrite it")
        from tiktok_earnings.errors import ReportWriteError
        from tiktok_earnings.live.reader import read_recording
        from tiktok_earnings.live.scenario_yaml import describe, scenario_yaml

        imported = read_recording(recording)
        text = scenario_yaml(imported)
        for warning in imported.warnings:
            print(warning, file=sys.stderr)
        if output is None:
            show(text)
            return
        from tiktok_earnings.atomic import atomic_writer

        try:
            with atomic_writer(output, force) as stream:
                stream.write(text)
        except ReportWriteError as error:
            raise ToolError(f"cannot write {output}: {error.reason}", WRITABLE_HINT) from None
        known, unknown = describe(imported)
        summary = "\n".join([*(f"  {line}" for line in known), "  Not known:", *(f"  - {line}" for line in unknown)])
        text = f"Wrote {output} from {recording}:\n{summary}\nCompute it with `tiktok-earnings run {output}`."
        print(terminal(text, keep_newlines=True), file=sys.stderr)
