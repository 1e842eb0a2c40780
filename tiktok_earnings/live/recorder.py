"""Record a TikTok LIVE: each gift, like and viewer event TikTokLive hands over, as one JSON line.

    {"event": "GiftEvent", "received_at": "2025-06-01T20:00:03.123456Z", "data": <the event's own to_dict()>}

Each line is written whole and flushed at once, so a crash or Ctrl-C loses at most the event in
flight; reader.py reads the file back, and tolerates a last line cut off mid-write. The
handlers take TikTokLive event objects and need no connection, so they are tested offline; the
`record` command (cli/live.py) wires a TikTokLiveClient to them. TikTokLive itself is never
imported here: an event is anything with `get_type()` and `to_dict()`.

A `Tally` (tally.py) is fed each event as it is written, for the live summary, so the
figures shown while recording are the ones `import` computes from the file.
"""

import contextlib
import functools
import json
import os
import sys
import typing
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Protocol, TextIO

from tiktok_earnings.live.tally import CONNECT, BadEvent, Tally
from tiktok_earnings.numbers import plain, round_half_up
from tiktok_earnings.rates import DEFAULT_PRESET, load_presets

LINE_START = b'{"event": '  # how every line `record` writes begins


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_utc(at: datetime) -> str:
    """An ISO-8601 UTC time with microseconds: 2025-06-01T20:00:03.123456Z."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


FAST = True  # cache resolved type hints (see event_data); False forces the slow path (benchmarks/record.py --slow)


class SlowRecordingWarning(UserWarning):
    """The recorder could not use its type-hint cache, and writes events the slow way (some 60 a second)."""


def event_data(event) -> dict:
    """The event's own `to_dict()`: protobuf JSON, camelCase keys, 64-bit integers as strings.

    Two things about TikTokLive 7.0.1 (betterproto2 0.9 underneath) make this slow or break it:

    - `to_dict()` calls `_type_hints()`, which runs `typing.get_type_hints()`, on every call and
      at every nesting level: about three quarters of the time spent. The hints of a class never
      change once it is defined, so `_install_cache` caches them per class, by wrapping the
      `_type_hints` classmethods of betterproto2's `Message` and TikTokLive's `BaseEvent`, found by
      looking for them (not by version number). Likewise betterproto2's `camel_case`, a pure
      function of a field's name that runs a regular expression for every field of every message
      written, is cached. Together they make `record` some 35 times faster (benchmarks/record.py; docs/recording.md).
    - Events parsed off the wire have TikTokLive's `ExtendedGift` and `ExtendedUser` fields, whose
      `_type_hints()` raises NameError (betterproto2 resolves the hints of their upstream parent
      in TikTokLive.proto.custom_proto, which lacks the names `typing` and `base`). The cache
      resolves such a class's hints the standard way instead, each class's annotations in its
      own module, and takes them only if they are the upstream parent's, field for field.

    The first event of each class is also written the slow way (`_slow_data`, below), and the
    fast path is used for that class only if it gives the very same dict; otherwise, or where the
    cache cannot be installed (a TikTokLive or betterproto2 that no longer has these methods),
    events go the slow way, with a SlowRecordingWarning. The lines are the same either way.
    """
    cls = type(event)
    fast = _FAST_CLASSES.get(cls)
    if fast:
        return event.to_dict()
    slow = _slow_data(event)
    if fast is None:
        _FAST_CLASSES[cls] = _fast_matches(event, slow)
    return slow


class _Message(Protocol):
    """A proto message, as far as event_data needs one."""

    def to_dict(self) -> dict: ...


_UPSTREAM: dict[type, Callable[[bytes], _Message]] = {}  # event classes whose own to_dict() fails, and how to read them
_FAST_CLASSES: dict[type, bool] = {}  # event class -> whether its fast to_dict() was found to give the slow one's dict
_HINTS: dict[type, dict] = {}  # class -> its resolved type hints
_PATCHED: dict[type, classmethod] = {}  # class -> its own `_type_hints` before the cache wrapped it
_CAMEL_CASE = "camel_case"  # betterproto2's function, looked up as a module global by Casing.CAMEL
_CASING: list[Callable[[str], str]] = []  # betterproto2's camel_case before it was cached
_BYPASS = [False]  # True while the slow path runs: the wrapped `_type_hints` then work as they did
_STATUS = ["not installed yet (no event written)"]
_WARNED: set[str] = set()  # why the slow path was taken, each said once


def _slow_data(event) -> dict:
    """Today's way, without the cache: `to_dict()`, or for a class whose own fails, its bytes read back upstream.

    The same bytes read into the upstream proto message the event extends give the same keys and
    values; a class found to need that goes that way directly from then on.
    """
    cls = type(event)
    _BYPASS[0] = True
    try:
        parse = _UPSTREAM.get(cls)
        if parse is None:
            try:
                return event.to_dict()
            except NameError:
                parse = _UPSTREAM[cls] = _upstream_parse(cls)
        return parse(bytes(event)).to_dict()
    finally:
        _BYPASS[0] = False


def _fast_matches(event: _Message, slow: dict) -> bool:
    """Whether the cached path is installed and gives exactly `slow` for this event; a warning when it cannot."""
    if not FAST:
        _status("switched off (FAST = False)")
        return False
    message = getattr(sys.modules.get("betterproto2"), "Message", None)
    if not isinstance(message, type) or not issubclass(type(event), message):
        return False  # not a betterproto2 message (a test's stand-in): its to_dict() is all there is, nothing to cache
    reason = _install_cache()
    if reason is None:
        try:
            fast = event.to_dict()
        except Exception as error:  # any failure of the fast path means: use the slow one
            reason = f"{type(event).__name__}.to_dict() fails with the cache ({type(error).__name__}: {error})"
        else:
            if json.dumps(fast, ensure_ascii=False) == json.dumps(slow, ensure_ascii=False):
                return True
            reason = f"{type(event).__name__}.to_dict() with the cache differs from without it"
    if reason and reason not in _WARNED:
        _WARNED.add(reason)
        warnings.warn(f"record: writing {type(event).__name__} events the slow way (some 60 a second), because {reason};"
                      " the lines are the same, but a busy LIVE may outpace the recorder: check for an update of"
                      " tiktok-earnings", SlowRecordingWarning, stacklevel=3)
    return False


def _install_cache() -> str | None:
    """Wrap the `_type_hints` of betterproto2's Message and TikTokLive's BaseEvent in a per-class cache; None when done,
    else why it cannot be. Neither package is imported here: the event's own classes have loaded them."""
    if _PATCHED:
        return None
    message = getattr(sys.modules.get("betterproto2"), "Message", None)
    if message is None:
        return _status("betterproto2 is not loaded")
    if not isinstance(message.__dict__.get("_type_hints"), classmethod):
        return _status("betterproto2's Message has no _type_hints classmethod to cache")
    if "_type_hints" not in getattr(getattr(message, "to_dict", None), "__code__", SimpleNamespace(co_names=())).co_names:
        return _status("betterproto2's Message.to_dict no longer calls _type_hints")
    owners = [message]
    base_event = getattr(sys.modules.get("TikTokLive.events.base_event"), "BaseEvent", None)
    if base_event is not None and isinstance(base_event.__dict__.get("_type_hints"), classmethod):
        owners.append(base_event)
    for owner in owners:
        original = owner.__dict__["_type_hints"]
        _PATCHED[owner] = original
        type.__setattr__(owner, "_type_hints", classmethod(_cached(original.__func__)))
    done = "cached type hints for " + " and ".join(f"{owner.__module__}.{owner.__name__}" for owner in owners)
    module = sys.modules["betterproto2"]
    casing = vars(getattr(module, "Casing", object)).get("__call__")
    camel_case = getattr(module, _CAMEL_CASE, None)
    if callable(camel_case) and _CAMEL_CASE in getattr(casing, "__code__", SimpleNamespace(co_names=())).co_names:
        _CASING.append(camel_case)
        setattr(module, _CAMEL_CASE, functools.lru_cache(maxsize=4096)(camel_case))  # a pure function of a field's name
        done += ", and field names in camelCase"
    _status(None, done)
    return None


def _cached(original: Callable[[type], dict]) -> Callable[[type], dict]:
    def _type_hints(cls: type) -> dict:
        if _BYPASS[0]:
            return original(cls)
        hints = _HINTS.get(cls)
        if hints is None:
            hints = _HINTS[cls] = _resolve(cls, original)
        return hints

    return _type_hints


def _resolve(cls: type, original: Callable[[type], dict]) -> dict:
    """The class's type hints as its own `_type_hints` gives them; for a class where that raises NameError (ExtendedGift),
    the standard resolution, taken only if it gives its upstream parent's hints for every field."""
    try:
        return original(cls)
    except NameError:
        hints = typing.get_type_hints(cls)
        parent = _upstream_class(cls)
        expected = parent._type_hints()  # type: ignore[attr-defined]
        fields = parent._betterproto.meta_by_field_name  # type: ignore[attr-defined]
        if any(hints.get(name) != expected.get(name) for name in fields):
            raise
        return hints


def _uninstall_cache() -> None:
    """Put the original `_type_hints` back, and forget what was cached and checked (for tests)."""
    for owner, original in _PATCHED.items():
        type.__setattr__(owner, "_type_hints", original)
    _PATCHED.clear()
    if _CASING:
        setattr(sys.modules["betterproto2"], _CAMEL_CASE, _CASING.pop())
    _HINTS.clear()
    _FAST_CLASSES.clear()
    _WARNED.clear()
    _STATUS[0] = "not installed yet (no event written)"


def _status(reason: str | None, installed: str = "") -> str | None:
    _STATUS[0] = installed if reason is None else f"slow path: {reason}"
    return reason


def speed_status() -> str:
    """How events are being written: with cached type hints, or the slow way and why."""
    return _STATUS[0]


def _upstream_class(cls: type) -> type:
    """The first class in `cls`'s ancestry that is a proto message defined outside TikTokLive itself."""
    for ancestor in cls.__mro__[1:]:
        module = getattr(ancestor, "__module__", "")
        if getattr(ancestor, "parse", None) is not None and hasattr(ancestor, "to_dict") and not module.startswith(
                ("TikTokLive.", "betterproto")):
            return ancestor
    raise TypeError(f"{cls.__name__} extends no proto message outside TikTokLive")


def _upstream_parse(cls: type) -> Callable[[bytes], _Message]:
    """The `parse` of the first class in `cls`'s ancestry that is a proto message defined outside TikTokLive itself."""
    return _upstream_class(cls).parse  # type: ignore[attr-defined]


class Recorder:
    """Appends events to an open recording, one flushed line each, and keeps a live tally of them.

    `clock` gives each event's `received_at` (UTC); `after_write` is called after each line, e.g. to
    redraw a summary.
    """

    def __init__(self, stream: TextIO, clock: Callable[[], datetime] = utc_now,
                 after_write: Callable[[], None] | None = None) -> None:
        self.stream = stream
        self.clock = clock
        self.after_write = after_write
        self.tally = Tally(getattr(stream, "name", ""))
        self.lines = 0

    def write(self, kind: str, data: dict) -> None:
        at = self.clock()
        line = json.dumps({"event": kind, "received_at": iso_utc(at), "data": data}, ensure_ascii=False) + "\n"
        self.stream.write(line)  # one write per line: a crash cuts at most this one
        self.stream.flush()
        self.lines += 1
        with contextlib.suppress(BadEvent):  # the line is what matters; the tally only feeds the live summary
            self.tally.add(kind, at, data, self.lines)
        if self.after_write is not None:
            self.after_write()

    def on_event(self, event) -> None:
        """The handler for GiftEvent, LikeEvent, RoomUserSeqEvent and the battle events (LinkMicBattleEvent,
        LinkMicArmiesEvent): the event as TikTokLive serialises it, every field it has (a gift's toMemberId and
        matchInfo among them)."""
        self.write(event.get_type(), event_data(event))

    def on_connect(self, event) -> None:
        """The handler for ConnectEvent (not a proto message): who and which room, for the scenario's header."""
        self.write(CONNECT, {"uniqueId": str(event.unique_id), "roomId": str(event.room_id)})

    def summary(self) -> str:
        """One line: events, coins (and what the creator gets at the default rates), hearts since it began, viewers."""
        tally = self.tally
        coins = tally.gifts.coins + tally.gifts.open_coins
        viewers = "–" if tally.viewers.at is None else f"{tally.viewers.now:,}"
        events = f"{self.lines:,} event{'' if self.lines == 1 else 's'}"
        per_coin = load_presets()[DEFAULT_PRESET].rates.creator_per_coin
        creator = round_half_up(coins * per_coin)
        return (f"{events} · {coins:,} coins (${creator:,} to the creator at ${plain(per_coin)} a coin)"
                f" · {tally.hearts.window:,} hearts · {viewers} viewers")  # tapped while recording, as `run` counts them


def prepare_append(path: str) -> int:
    """Make a recording ready for appending, and return how many bytes of a cut-off last line were removed.

    A recorder that crashed mid-write leaves a last line without its newline. Appending after it
    would glue the next event onto it, and a broken line in the middle of a file is an error to
    `import`. So a cut-off line that `record` wrote (it begins as every line does) is removed;
    a file that ends any other way without a newline is refused with ValueError. So is a file that
    does not begin as a recording does (`-o show.yaml`, a scenario, would have events appended to it).
    """
    try:
        with open(path, "rb+") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size == 0:
                return 0
            handle.seek(0)
            if not handle.read(len(LINE_START)) == LINE_START:
                raise ValueError("it is not a recording (its first line is not an event that `record` wrote)")
            handle.seek(max(0, size - 65536))
            tail = handle.read()
            if tail.endswith(b"\n"):
                return 0
            start = tail.rfind(b"\n") + 1
            if not tail[start:].startswith(LINE_START) or (start == 0 and size > len(tail)):
                raise ValueError("it does not end with a whole line, and is not a recording")
            handle.truncate(size - (len(tail) - start))
            return len(tail) - start
    except FileNotFoundError:
        return 0
