"""Read a LIVE recording (JSON Lines of TikTokLive events) into a scenario, counting as TikTokLive counts.

`tiktok-earnings record` (recorder.py) writes one event per line:

    {"event": "GiftEvent", "received_at": "2025-06-01T20:00:03.123456Z", "data": {...}}

where `data` is the event's own TikTokLive `to_dict()`: protobuf JSON, with camelCase keys and
64-bit integers as strings (REFERENCE.md, section 5). Reading it needs no TikTokLive.

What is counted, and how:

- Gifts. A streakable gift (`gift.type` 1) fires once per tap of a combo, each frame carrying the
  running `repeatCount`; only its final frame (`repeatEnd` set) is counted, with that frame's
  count. Other gifts count once per event, as `repeatCount` gifts (at least one). The coin price
  is the event's own `gift.diamondCount`. So the creator gross at $0.005 per coin is exactly the
  sum of TikTokLive's `GiftEvent.value` over the same events.
- Streaks are told apart by (user id, gift id); `groupId`, when present, tells one combo from the
  next. Two things can leave a streak without its final frame, and both are counted as far as
  seen (the `repeatCount` of its last frame: gifts that were sent) with a warning, never dropped
  and never counted twice: a streak still open when the recording ends (the total it would have
  reached is unknown), and a combo whose final frame never came before the same user began
  another of the same gift. TikTokLive's `value` counts neither of them.
- Hearts: the highest like `total` (the room's running total) seen, not a sum of per-event counts.
- Viewers: the average of the viewer counts (`total`) weighted by how long each one held, from
  the first count to the last event. The peak and the cumulative `totalUser` are kept beside it.
- Duration: from the earliest `received_at` to the latest.

The file is read in one pass, line by line: what is kept is one entry per distinct gift and per
open streak, never the events. A cut-off last line (the recorder stopped mid-write) is left out
with a warning; any other bad line is an error at its line.
"""

import json
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import NamedTuple

from tiktok_earnings import __version__
from tiktok_earnings.catalogue import GiftLookupError, load_catalogue, normalise
from tiktok_earnings.errors import InputError, Problem
from tiktok_earnings.numbers import OutOfBounds, parse_integer, plain
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.reader import scenario_from_document
from tiktok_earnings.scenario.yamldoc import Document

RECORDING_SUFFIX = ".jsonl"
GIFT, LIKE, VIEWERS, CONNECT = "GiftEvent", "LikeEvent", "RoomUserSeqEvent", "ConnectEvent"
RECORD_HINT = "each line is one event as `tiktok-earnings record` writes it; fix or delete this line"
MAX_ERRORS = 20  # bad lines reported one by one; past that, only counted
MAX_STREAK_WARNINGS = 20  # streaks without a final frame warned one by one; past that, only counted
_MICROSECOND = timedelta(microseconds=1)
_MINUTE = 60_000_000  # microseconds
MINUTE_STEP = Decimal("0.0001")  # duration_minutes is written with 4 decimals (6 ms)
VIEWER_STEP = Decimal("0.01")  # average_viewers with 2


class BadEvent(ValueError):
    """An event whose data cannot be read: what is wrong, and what to do."""

    def __init__(self, message: str, hint: str = RECORD_HINT) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class RecordedGift(NamedTuple):
    """One gift, at one price, as recorded: what the scenario's gift line is made of."""

    name: str  # the catalogue's name when it is in the catalogue, else the recorded name
    gift_id: int | None  # the catalogue entry's id; None for a custom gift or a name without its id
    in_catalogue: bool
    coins_each: int  # the event's gift.diamondCount
    count: int
    first_line: int
    recorded_id: str
    recorded_name: str


class Recording(NamedTuple):
    """What a recording adds up to, and what could not be known from it."""

    file: str
    unique_id: str | None  # the creator's @name, from the recorder's ConnectEvent line
    room_id: str | None
    sessions: int  # ConnectEvent lines: more than one when `record` appended twice to the file
    events: int  # lines read, the cut-off one excluded
    gift_events: int
    like_events: int
    viewer_events: int
    other_events: int
    first_at: datetime
    last_at: datetime
    duration_minutes: Decimal
    average_viewers: Decimal
    peak_viewers: int
    total_viewers: int  # the highest cumulative `totalUser`: everyone who joined while recording, and before
    hearts: int
    gifts: tuple[RecordedGift, ...]  # the gifts that earned most first
    open_streaks: int  # still open at the end; counted as far as seen
    open_streak_coins: int
    unended_streaks: int  # ended without a final frame before another combo began; counted as far as seen
    warnings: tuple[Problem, ...]
    origins: dict  # scenario paths -> the line they come from, for errors at the right line

    @property
    def coins(self) -> int:
        return sum(gift.coins_each * gift.count for gift in self.gifts)

    @property
    def gifts_sent(self) -> int:
        return sum(gift.count for gift in self.gifts)


def load_recording_scenario(path: str) -> tuple[Scenario, list[Problem]]:
    """The scenario a recording adds up to, and the warnings about it; InputError for a bad file or line."""
    recording = read_recording(path)
    return scenario_from_document(scenario_document(recording)), list(recording.warnings)


# --- reading ------------------------------------------------------------------------------


def read_recording(path: str | Path) -> Recording:
    """Read a recording line by line; raise InputError with every bad line (up to MAX_ERRORS)."""
    file = str(path)
    tally = Tally(file)
    handlers = {GIFT: tally.gift, LIKE: tally.like, VIEWERS: tally.viewers, CONNECT: tally.connect}
    loads, parse_time = json.loads, datetime.fromisoformat
    problems: list[Problem] = []
    bad_lines = 0
    cut_off: Problem | None = None
    with _open(file) as handle:
        for number, raw in enumerate(handle, 1):
            try:
                record = loads(raw)
                kind, data, at = record["event"], record["data"], parse_time(record["received_at"])
                if at.tzinfo is None or type(data) is not dict or type(kind) is not str:
                    raise TypeError
                handler = handlers.get(kind)
            except (ValueError, KeyError, TypeError, IndexError):
                if not raw.strip():
                    continue  # a blank line
                if not raw.endswith(b"\n") and _not_json(raw):  # the last line, cut off mid-write
                    cut_off = Problem(file, number, "the last line is cut off (the recording stopped mid-write): it was left out",
                                      "nothing to do: every event before it is imported")
                    break
                bad_lines += 1
                if bad_lines <= MAX_ERRORS:
                    problems.append(_line_problem(file, number, raw))
                continue
            tally.clock(at, number)
            try:
                if handler is None:
                    tally.other(kind, number)
                else:
                    handler(data, at, number)
            except BadEvent as error:
                bad_lines += 1
                if bad_lines <= MAX_ERRORS:
                    problems.append(Problem(file, number, f"{kind}: {error.message}", error.hint))
    if bad_lines > MAX_ERRORS:
        problems.append(Problem(file, None, f"… and {bad_lines - MAX_ERRORS:,} more bad lines", "fix the lines above first"))
    if problems:
        raise InputError(problems)
    return tally.finish(cut_off)


class _open:
    """The recording opened for reading in binary (json.loads takes bytes), or InputError saying why it cannot be."""

    def __init__(self, file: str) -> None:
        self.file = file

    def __enter__(self):
        try:
            self.handle = open(self.file, "rb")
        except FileNotFoundError:
            problem = Problem(self.file, None, "no such file", "check the path")
        except IsADirectoryError:
            problem = Problem(self.file, None, "is a directory, not a recording", "give the path of a .jsonl file")
        except PermissionError:
            problem = Problem(self.file, None, "permission denied", "make the file readable, or run as a user who can read it")
        except OSError as error:
            problem = Problem(self.file, None, f"cannot read: {error.strerror or error}", "check the path")
        else:
            return self.handle
        raise InputError([problem])

    def __exit__(self, *exc) -> None:
        self.handle.close()


def _not_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return True
    return False


def _line_problem(file: str, number: int, raw: bytes) -> Problem:
    """Why a line could not be read (the slow path: only for bad lines)."""
    try:
        record = json.loads(raw)
    except UnicodeDecodeError:
        return Problem(file, number, "not UTF-8 text", RECORD_HINT)
    except json.JSONDecodeError as error:
        where = "at the end of the line" if not error.doc[error.pos:].strip() else f"at column {error.pos + 1}"
        return Problem(file, number, f"not a JSON line: {error.msg} {where}", RECORD_HINT)
    shape = 'a JSON object {"event": …, "received_at": …, "data": {…}}'
    if not isinstance(record, dict):
        return Problem(file, number, f"a line must be {shape}", RECORD_HINT)
    missing = [key for key in ("event", "received_at", "data") if key not in record]
    if missing:
        return Problem(file, number, "missing " + ", ".join(f"`{key}`" for key in missing), f"a line is {shape}")
    if not isinstance(record["event"], str):
        return Problem(file, number, f"`event` must be an event name such as {GIFT}, not {record['event']!r}", RECORD_HINT)
    at = record["received_at"]
    try:
        parsed = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return Problem(file, number, f"`received_at` is not an ISO-8601 time: {at!r}",
                       "write UTC times such as 2025-06-01T20:00:03.123456Z")
    if parsed.tzinfo is None:
        return Problem(file, number, f"`received_at` {at!r} has no time zone", "write UTC times, ending in Z or +00:00")
    return Problem(file, number, "`data` must be a JSON object (the event's to_dict())", RECORD_HINT)


def _whole(value: object, field: str) -> int:
    """A whole number >= 0 from protobuf JSON, which writes 64-bit integers as strings."""
    if type(value) is int and value >= 0:
        return value
    if type(value) is str and value.isascii() and value.isdigit():
        try:
            return parse_integer(value)
        except OutOfBounds as error:
            raise BadEvent(f"`data.{field}` {error.what}", error.hint) from None
    raise BadEvent(f"`data.{field}` must be a whole number >= 0, not {value!r}")


def _ident(value: object, field: str) -> str:
    """An id (64-bit integer) as text: protobuf JSON writes it as a string; a number is taken too."""
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    raise BadEvent(f"`data.{field}` must be an id, not {value!r}")


class _Gift:
    """The running total of one gift at one price."""

    __slots__ = ("count", "first_line", "price", "recorded_id", "recorded_name")

    def __init__(self, price: int, first_line: int, recorded_id: str, recorded_name: str) -> None:
        self.count = 0
        self.price = price
        self.first_line = first_line
        self.recorded_id = recorded_id
        self.recorded_name = recorded_name


class _Streak:
    """A combo seen so far: its last frame's line and count, and who sent it."""

    __slots__ = ("count", "gift", "group", "line", "user")

    def __init__(self, group: str, count: int, line: int, gift: _Gift, user: object) -> None:
        self.group, self.count, self.line, self.gift, self.user = group, count, line, gift, user


class Tally:
    """What a recording adds up to so far, fed one event at a time.

    The importer feeds it every line of a file; the recorder feeds it each event as it is written,
    for its live summary, so both count the same way. A method raises BadEvent for data it cannot read.
    """

    def __init__(self, file: str = "") -> None:
        self.file = file
        self.events = self.gift_events = self.like_events = self.viewer_events = self.other_events = 0
        self.first_at: datetime | None = None
        self.last_at: datetime | None = None
        self.previous_at: datetime | None = None
        self.last_line = 0
        self.backwards = 0  # times received_at went back in time
        self.gifts: dict[tuple[str, int], _Gift] = {}
        self.streaks: dict[tuple[str, str], _Streak] = {}  # open ones, by (user id, gift id)
        self.coins = 0  # in gifts counted so far; open streaks not included
        self.unended = 0
        self.unpriced = 0  # gift events without a price: no gift details, or 0 coins
        self.unpriced_line = 0
        self.hearts = 0
        self.hearts_line = 0
        self.viewers_now: int | None = None
        self.viewers_at: datetime | None = None
        self.viewers_since: datetime | None = None
        self.viewers_line = 0
        self.viewer_weight = 0  # Σ viewers × microseconds held
        self.peak_viewers = 0
        self.total_viewers = 0
        self.other_kinds: dict[str, int] = {}
        self.other_line = 0
        self.unique_id: str | None = None
        self.room_id: str | None = None
        self.sessions = 0
        self.warnings: list[Problem] = []

    # --- events ---------------------------------------------------------------------------

    def add(self, kind: str, at: datetime, data: dict, line: int = 0) -> None:
        """One event, as the recorder hands it over."""
        self.clock(at, line)
        handler = {GIFT: self.gift, LIKE: self.like, VIEWERS: self.viewers, CONNECT: self.connect}.get(kind)
        if handler is None:
            self.other(kind, line)
        else:
            handler(data, at, line)

    def clock(self, at: datetime, line: int) -> None:
        self.events += 1
        self.last_line = line
        if self.first_at is None:
            self.first_at = self.last_at = at
        elif at > self.last_at:
            self.last_at = at
        elif at < self.previous_at:
            self.backwards += 1
            if at < self.first_at:
                self.first_at = at
        self.previous_at = at

    def gift(self, data: dict, at: datetime, line: int) -> None:
        self.gift_events += 1
        details = data.get("gift")
        if type(details) is not dict:
            if details is None:
                self._unpriced(line)
                return
            raise BadEvent(f"`data.gift` must be an object, not {details!r}")
        price = _whole(details.get("diamondCount", 0), "gift.diamondCount")
        if not price:
            self._unpriced(line)
            return
        count = _whole(data.get("repeatCount", 0), "repeatCount") or 1  # an event is at least one gift
        gift_id = _ident(data.get("giftId") or details.get("id") or "", "giftId")
        gift = self.gifts.get((gift_id, price))
        if gift is None:
            gift = self._new_gift(gift_id, price, details, line)
        if _whole(details.get("type", 0), "gift.type") != 1:  # not streakable: once per event
            gift.count += count
            self.coins += count * price
            return
        user = data.get("user")
        user_id = _ident(user.get("id", ""), "user.id") if type(user) is dict else ""
        key = (user_id, gift_id)
        group = _ident(data.get("groupId", ""), "groupId")
        streak = self.streaks.get(key)
        if data.get("repeatEnd"):  # the final frame, with the combo's whole count
            if streak is not None:
                del self.streaks[key]
                if streak.group != group and streak.group and group:
                    self._unended(streak, line)
            gift.count += count
            self.coins += count * price
        elif streak is None:
            self.streaks[key] = _Streak(group, count, line, gift, user)
        elif _new_combo(streak, group, count):
            self._unended(streak, line)  # a new combo began before the last one's final frame came
            self.streaks[key] = _Streak(group, count, line, gift, user)
        elif count >= streak.count:
            streak.count, streak.line, streak.user = count, line, user

    def like(self, data: dict, at: datetime, line: int) -> None:
        self.like_events += 1
        total = _whole(data.get("total", 0), "total")
        if total > self.hearts:
            self.hearts, self.hearts_line = total, line

    def viewers(self, data: dict, at: datetime, line: int) -> None:
        self.viewer_events += 1
        total = _whole(data.get("total", 0), "total")
        users = _whole(data.get("totalUser", 0), "totalUser")
        if self.viewers_at is None:
            self.viewers_since, self.viewers_line = at, line
        else:
            held = (at - self.viewers_at) // _MICROSECOND
            if held > 0:
                self.viewer_weight += self.viewers_now * held
        self.viewers_now, self.viewers_at = total, at
        if total > self.peak_viewers:
            self.peak_viewers = total
        if users > self.total_viewers:
            self.total_viewers = users

    def connect(self, data: dict, at: datetime, line: int) -> None:
        self.sessions += 1
        if self.sessions == 1:
            unique_id, room_id = data.get("uniqueId"), data.get("roomId")
            self.unique_id = unique_id if isinstance(unique_id, str) and unique_id else None
            self.room_id = str(room_id) if isinstance(room_id, (str, int)) and room_id else None
        elif self.sessions == 2:
            self.warnings.append(Problem(
                self.file, line, "a second recording session begins here (`record` appended to this file again)",
                "the duration and the average viewers include the time between the sessions;"
                " record each LIVE into a file of its own"))

    def other(self, kind: object, line: int) -> None:
        self.other_events += 1
        if not self.other_line:
            self.other_line = line
        if isinstance(kind, str) and (kind in self.other_kinds or len(self.other_kinds) < 20):
            self.other_kinds[kind] = self.other_kinds.get(kind, 0) + 1

    def _new_gift(self, gift_id: str, price: int, details: dict, line: int) -> _Gift:
        name = details.get("name")
        gift = _Gift(price, line, gift_id, " ".join(name.split()) if isinstance(name, str) else "")
        self.gifts[(gift_id, price)] = gift
        return gift

    def _unpriced(self, line: int) -> None:
        self.unpriced += 1
        self.unpriced_line = self.unpriced_line or line

    def _unended(self, streak: _Streak, line: int) -> None:
        """A combo whose final frame never came, before another one began on `line`: counted as far as seen."""
        streak.gift.count += streak.count
        self.coins += streak.count * streak.gift.price
        self.unended += 1
        if self.unended <= MAX_STREAK_WARNINGS:
            self.warnings.append(Problem(
                self.file, streak.line,
                f"a streak of {_gift_words(streak.gift)} from {_user_words(streak.user)} has no final frame, at"
                f" {streak.count:,} gift{_s(streak.count)}: another combo of that gift began on line {line}",
                f"counted {_those(streak.count)}; any sent after this line were not recorded"))

    # --- so far, and at the end -----------------------------------------------------------

    @property
    def open_coins(self) -> int:
        """Coins in streaks still open: sent, but not counted until their final frame (or the end)."""
        return sum(streak.count * streak.gift.price for streak in self.streaks.values())

    def average_viewers(self) -> Decimal | None:
        """Viewer counts weighted by how long each held, from the first count to the latest event."""
        if self.viewers_at is None:
            return None
        weight = self.viewer_weight
        last = max(0, (self.last_at - self.viewers_at) // _MICROSECOND)
        weight += self.viewers_now * last
        span = (self.last_at - self.viewers_since) // _MICROSECOND
        if span <= 0:
            return Decimal(self.viewers_now)
        return Decimal(weight) / Decimal(span)

    def finish(self, cut_off: Problem | None = None) -> Recording:
        """The recording as read: open streaks counted as far as seen, with a warning each."""
        if self.first_at is None:
            raise InputError([Problem(self.file, None, "the recording holds no events",
                                      "record a LIVE with `tiktok-earnings record @name --out FILE.jsonl`")])
        warnings = list(self.warnings)
        open_streaks = sorted(self.streaks.values(), key=lambda streak: streak.line)
        open_coins = 0
        for number, streak in enumerate(open_streaks, 1):
            streak.gift.count += streak.count
            open_coins += streak.count * streak.gift.price
            if number <= MAX_STREAK_WARNINGS:
                warnings.append(Problem(
                    self.file, streak.line,
                    f"a streak of {_gift_words(streak.gift)} from {_user_words(streak.user)} was still open when the"
                    f" recording ended, at {streak.count:,} gift{_s(streak.count)}",
                    f"counted {_those(streak.count)}; any sent after this line were not recorded, so the total may be short"
                    " (TikTokLive's GiftEvent.value counts none of them)"))
        if len(open_streaks) > MAX_STREAK_WARNINGS:
            warnings.append(Problem(self.file, None, f"… and {len(open_streaks) - MAX_STREAK_WARNINGS:,} more streaks still open"
                                    " when the recording ended", "each counted as far as seen"))
        if self.unended > MAX_STREAK_WARNINGS:
            warnings.append(Problem(self.file, None, f"… and {self.unended - MAX_STREAK_WARNINGS:,} more streaks without"
                                    " a final frame", "each counted as far as seen"))
        if self.unpriced:
            warnings.append(Problem(self.file, self.unpriced_line,
                                    f"{self.unpriced:,} gift event{_s(self.unpriced)} carr{'ies' if self.unpriced == 1 else 'y'}"
                                    " no coin price (no gift details, or 0 coins), first here: not counted",
                                    "nothing to do: TikTokLive values them at nothing too"))
        if self.backwards:
            times = f"{self.backwards:,} time{_s(self.backwards)}"
            warnings.append(Problem(self.file, None, f"`received_at` goes back in time {times}",
                                    "the duration runs from the earliest time to the latest;"
                                    " check the recording computer's clock"))
        if self.other_events:
            kinds = ", ".join(f"{kind} ×{count:,}" for kind, count in sorted(self.other_kinds.items()))
            warnings.append(Problem(self.file, self.other_line,
                                    f"{self.other_events:,} event{_s(self.other_events)} of kinds that earn nothing were skipped"
                                    + (f" ({kinds})" if kinds else ""),
                                    f"only {GIFT}, {LIKE} and {VIEWERS} are counted"))
        if cut_off is not None:
            warnings.append(cut_off)
        average = self.average_viewers()
        if average is None:
            raise InputError([Problem(self.file, None, f"no viewer counts in the recording (no {VIEWERS} lines)",
                                      "record for at least a minute: TikTok sends the viewer count every few seconds")])
        span = (self.last_at - self.first_at) // _MICROSECOND
        duration = _step(Decimal(span) / _MINUTE, MINUTE_STEP)
        if not duration:
            raise InputError([Problem(self.file, None, f"the recording spans no time: every event is at {_when(self.first_at)}",
                                      "record for longer: the duration runs from the first event to the last")])
        catalogue = load_catalogue()
        gifts = tuple(sorted((_recorded(gift, catalogue) for gift in self.gifts.values() if gift.count),  # what earned most first
                             key=lambda gift: (-gift.coins_each * gift.count, gift.name, gift.coins_each)))
        origins = {
            ("stream", "duration_minutes"): (self.file, self.last_line),
            ("stream", "average_viewers"): (self.file, self.viewers_line),
            ("hearts",): (self.file, self.hearts_line or 1),
            **{("gifts", i): (self.file, gift.first_line) for i, gift in enumerate(gifts)},
        }
        return Recording(
            file=self.file, unique_id=self.unique_id, room_id=self.room_id, sessions=self.sessions, events=self.events,
            gift_events=self.gift_events, like_events=self.like_events, viewer_events=self.viewer_events,
            other_events=self.other_events, first_at=self.first_at, last_at=self.last_at, duration_minutes=duration,
            average_viewers=_step(average, VIEWER_STEP), peak_viewers=self.peak_viewers, total_viewers=self.total_viewers,
            hearts=self.hearts, gifts=gifts, open_streaks=len(open_streaks), open_streak_coins=open_coins,
            unended_streaks=self.unended, warnings=tuple(sorted(warnings, key=_in_file_order)), origins=origins,
        )


def _in_file_order(problem: Problem) -> tuple[bool, int]:
    return problem.line is None, problem.line or 0


def _new_combo(streak: _Streak, group: str, count: int) -> bool:
    """Whether a mid-streak frame starts a new combo: by its groupId when both have one, else by a count that went down."""
    if streak.group and group:
        return streak.group != group
    return count < streak.count


def _step(value: Decimal, step: Decimal) -> Decimal:
    """Rounded half-up to `step`, without trailing zeros, so that the YAML text reads back as the same number."""
    return Decimal(plain(value.quantize(step, rounding=ROUND_HALF_UP)))


def _recorded(gift: _Gift, catalogue) -> RecordedGift:
    """The gift as a scenario names it: its catalogue entry where there is one, else a custom gift."""
    name, recorded_id = gift.recorded_name, gift.recorded_id
    found = catalogue.by_id.get(int(recorded_id)) if recorded_id.isascii() and recorded_id.isdigit() else None
    if found is not None:
        return RecordedGift(found.name, found.gift_id, True, gift.price, gift.count, gift.first_line, recorded_id, name)
    if name and normalise(name) in catalogue.by_name:
        try:
            found = catalogue.find(name)
            return RecordedGift(found.name, None, True, gift.price, gift.count, gift.first_line, recorded_id, name)
        except GiftLookupError:  # one name, several prices: the one at the recorded price, if any
            same_price = [entry for entry in catalogue.by_name[normalise(name)] if entry.coins == gift.price]
            if same_price:
                found = min(same_price, key=lambda entry: entry.gift_id)
                return RecordedGift(found.name, found.gift_id, True, gift.price, gift.count, gift.first_line, recorded_id, name)
    custom = name or (f"Gift {recorded_id}" if recorded_id else "Unnamed gift")
    return RecordedGift(custom, None, False, gift.price, gift.count, gift.first_line, recorded_id, name)


def _gift_words(gift: _Gift) -> str:
    name = gift.recorded_name or f"gift {gift.recorded_id}"
    return f"{name} ({gift.price:,} coin{_s(gift.price)} each)"


def _user_words(user: object) -> str:
    if not isinstance(user, dict):
        return "an unknown user"
    handle, user_id = user.get("displayId") or user.get("uniqueId"), user.get("id")
    if isinstance(handle, str) and handle:
        return f"@{handle}" + (f" (id {user_id})" if user_id else "")
    return f"user {user_id}" if user_id else "an unknown user"


def _those(count: int) -> str:
    return "it" if count == 1 else f"those {count:,}"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _when(at: datetime) -> str:
    return f"{at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


# --- the scenario -------------------------------------------------------------------------


def scenario_name(recording: Recording) -> str:
    if recording.unique_id:
        return f"@{recording.unique_id} LIVE, {recording.first_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return Path(recording.file).stem


def scenario_data(recording: Recording) -> dict:
    """The scenario as plain data, as a YAML file would hold it (default rates and payout)."""
    gifts = []
    for gift in recording.gifts:
        if gift.in_catalogue:
            line = {"gift": gift.name, **({"gift_id": gift.gift_id} if gift.gift_id is not None else {})}
        else:
            line = {"name": gift.name}
        gifts.append(line | {"coins": gift.coins_each, "count": gift.count})
    return {
        "name": scenario_name(recording),
        "stream": {"duration_minutes": recording.duration_minutes, "average_viewers": recording.average_viewers},
        "hearts": recording.hearts,
        "gifts": gifts,
    }


def scenario_document(recording: Recording) -> Document:
    """The scenario as a Document whose values point at the lines of the recording they come from."""
    return Document(recording.file, scenario_data(recording), dict(recording.origins))


def describe(recording: Recording) -> tuple[list[str], list[str]]:
    """What was recorded, when, and what it adds up to; and what a recording cannot know.

    For the scenario file's header, and for `import`'s summary on stderr.
    """
    if recording.unique_id:
        who = f"@{recording.unique_id}" + (f" (room {recording.room_id})" if recording.room_id else "")
    else:
        who = "a creator it does not name (no ConnectEvent line)"
    start, end = recording.first_at.astimezone(UTC), recording.last_at.astimezone(UTC)
    until = f"{end:%H:%M:%S}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M:%S}"
    kinds = f"{recording.gift_events:,} gift, {recording.like_events:,} like, {recording.viewer_events:,} viewer"
    if recording.sessions:
        kinds += f", {recording.sessions:,} connect"
    known = [
        f"Recorded: {who}, {start:%Y-%m-%d %H:%M:%S} to {until} UTC ({plain(recording.duration_minutes)} min)",
        f"Events: {recording.events:,} ({kinds}" + (f", {recording.other_events:,} other)" if recording.other_events else ")"),
        f"Gifts: {recording.gifts_sent:,} sent, {recording.coins:,} coins, each at its event's own price;"
        " a streak is counted once, on its final frame",
        f"Hearts: {recording.hearts:,}, the room's highest like total seen",
        f"Viewers: {plain(recording.average_viewers)} on average (each count weighted by how long it held),"
        f" {recording.peak_viewers:,} at the peak, {recording.total_viewers:,} joined in all",
    ]
    unknown = [
        "gifts sent before connecting (TikTok sends no session total), and the stream's time before the first event",
        "how many of the hearts, and of those who joined, came before connecting: both are room totals",
    ]
    if recording.open_streaks:
        unknown.append(f"the final count of {recording.open_streaks:,} streak{_s(recording.open_streaks)} still open at the end:"
                       f" counted as far as seen ({recording.open_streak_coins:,} coins)")
    if recording.unended_streaks:
        unknown.append(f"the final count of {recording.unended_streaks:,} streak{_s(recording.unended_streaks)} whose final"
                       " frame never came: counted as far as seen")
    if recording.sessions > 1:
        unknown.append(f"what happened between its {recording.sessions} sessions; the duration includes that time")
    return known, unknown


def scenario_yaml(recording: Recording) -> str:
    """The scenario as a YAML file `run` reads back to the same scenario, with a comment header saying where it came from."""
    data = scenario_data(recording)
    known, unknown = describe(recording)
    lines = [f"# Imported by tiktok-earnings {__version__} from the LIVE recording {_comment(recording.file)}"]
    lines += _wrapped(known, "# ", "#   ")
    lines.append("# Not known from a recording:")
    lines += _wrapped(unknown, "#   - ", "#     ")
    lines.append("# Coin rates and payout are the defaults: add `coin_rates:` and `payout:` to use your own.")
    lines += [
        f"name: {_yaml_text(data['name'])}",
        "stream:",
        f"  duration_minutes: {plain(recording.duration_minutes)}",
        f"  average_viewers: {plain(recording.average_viewers)}",
        f"hearts: {recording.hearts}",
        "gifts:" if recording.gifts else "gifts: []",
    ]
    for gift, line in zip(recording.gifts, data["gifts"], strict=True):
        first_key = "gift" if gift.in_catalogue else "name"
        note = _gift_note(gift)
        lines.append(f"  - {first_key}: {_yaml_text(line[first_key])}" + (f"  # {_comment(note)}" if note else ""))
        lines += [f"    {key}: {value}" for key, value in line.items() if key != first_key]
    return "\n".join(lines) + "\n"


def _wrapped(items: list[str], first: str, rest: str) -> list[str]:
    import textwrap

    return [line for item in items
            for line in textwrap.wrap(_comment(item), 120, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)]


def _gift_note(gift: RecordedGift) -> str:
    if not gift.in_catalogue:
        return f"id {gift.recorded_id}, not in the catalogue" if gift.recorded_id else "not in the catalogue"
    notes = []
    if gift.recorded_name and normalise(gift.recorded_name) != normalise(gift.name):
        notes.append(f"recorded as {gift.recorded_name!r}")
    if gift.recorded_id and (gift.gift_id is None or str(gift.gift_id) != gift.recorded_id):
        notes.append(f"recorded id {gift.recorded_id}")
    return ", ".join(notes)


_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}


def _yaml_text(text: str) -> str:
    """Text as a YAML scalar: plain where that is safe, else a JSON string (which YAML reads as double-quoted)."""
    plain_safe = text[:1].isascii() and text[:1].isalpha() and text.lower() not in _YAML_WORDS and text == text.strip()
    if plain_safe and all(ch.isascii() and (ch.isalnum() or ch in " '._-") for ch in text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())
