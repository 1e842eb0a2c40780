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
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
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


def event_data(event) -> dict:
    """The event's own `to_dict()`: protobuf JSON, camelCase keys, 64-bit integers as strings.

    TikTokLive 7.0.1 parses events off the wire with its own `ExtendedGift` and `ExtendedUser`
    fields, whose `to_dict()` raises NameError (betterproto2 resolves their type hints in
    TikTokLive.proto.custom_proto, which lacks the names `typing` and `base`). Events built from the
    plain proto classes do not have that problem. For the others, the same bytes are read back into
    the upstream proto message the event extends, whose `to_dict()` gives the same keys and values;
    a class found to need that goes that way directly from then on.
    """
    cls = type(event)
    parse = _UPSTREAM.get(cls)
    if parse is None:
        try:
            return event.to_dict()
        except NameError:
            parse = _UPSTREAM[cls] = _upstream_parse(cls)
    return parse(bytes(event)).to_dict()


class _Message(Protocol):
    """A proto message, as far as event_data needs one."""

    def to_dict(self) -> dict: ...


_UPSTREAM: dict[type, Callable[[bytes], _Message]] = {}  # event classes whose own to_dict() fails, and how to read them


def _upstream_parse(cls: type) -> Callable[[bytes], _Message]:
    """The `parse` of the first class in `cls`'s ancestry that is a proto message defined outside TikTokLive itself."""
    for ancestor in cls.__mro__[1:]:
        module = getattr(ancestor, "__module__", "")
        parse = getattr(ancestor, "parse", None)
        if parse is not None and hasattr(ancestor, "to_dict") and not module.startswith(("TikTokLive.", "betterproto")):
            return parse
    raise TypeError(f"{cls.__name__} extends no proto message outside TikTokLive")


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
        """One line: events, coins (and what the creator gets for them at the default rates), hearts, viewers."""
        tally = self.tally
        coins = tally.gifts.coins + tally.gifts.open_coins
        viewers = "–" if tally.viewers.at is None else f"{tally.viewers.now:,}"
        events = f"{self.lines:,} event{'' if self.lines == 1 else 's'}"
        per_coin = load_presets()[DEFAULT_PRESET].rates.creator_per_coin
        creator = round_half_up(coins * per_coin)
        return (f"{events} · {coins:,} coins (${creator:,} to the creator at ${plain(per_coin)} a coin)"
                f" · {tally.hearts.total:,} hearts · {viewers} viewers")


def prepare_append(path: str) -> int:
    """Make a recording ready for appending, and return how many bytes of a cut-off last line were removed.

    A recorder that crashed mid-write leaves a last line without its newline. Appending after it
    would glue the next event onto it, and a broken line in the middle of a file is an error to
    `import`. So a cut-off line that `record` wrote (it begins as every line does) is removed;
    a file that ends any other way without a newline is refused with ValueError.
    """
    try:
        with open(path, "rb+") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size == 0:
                return 0
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
