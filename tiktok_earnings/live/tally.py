"""The tally of a LIVE: what its events add up to, counted as TikTokLive counts, fed one event at a time.

The importer (reader.py) feeds a `Tally` every line of a recording; the recorder (recorder.py)
feeds it each event as it writes it, for its live summary; so both count the same way. An event's
`data` is its TikTokLive `to_dict()`: protobuf JSON, camelCase keys, 64-bit integers as strings.

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

What is kept is one entry per distinct gift and per open streak, never the events. The tally is
made of one part per kind of event (`_Timeline` for every event's time, `_Gifts`, `_Hearts`,
`_Viewers`, `_Sessions` for the recorder's ConnectEvent lines, `_Others` for the rest); `finish`
puts their figures together into a `Recording`.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from tiktok_earnings.catalogue import Catalogue, GiftLookupError, load_catalogue, normalise
from tiktok_earnings.errors import InputError, Problem, ToolError
from tiktok_earnings.escape import snippet
from tiktok_earnings.numbers import OutOfBounds, parse_integer, plain, small_whole
from tiktok_earnings.scenario.yamldoc import Path_

GIFT, LIKE, VIEWERS, CONNECT = "GiftEvent", "LikeEvent", "RoomUserSeqEvent", "ConnectEvent"
BATTLE, ARMIES = "LinkMicBattleEvent", "LinkMicArmiesEvent"  # TikTokLive's link-mic battle (LIVE Match) events
RECORD_HINT = "each line is one event as `tiktok-earnings record` writes it; fix or delete this line"
MAX_STREAK_WARNINGS = 20  # streaks without a final frame warned one by one; past that, only counted
MAX_OTHER_KINDS = 20  # kinds of skipped events named in the warning
MINUTE_STEP = Decimal("0.0001")  # duration_minutes is written with 4 decimals (6 ms)
VIEWER_STEP = Decimal("0.01")  # average_viewers with 2
MAX_SPAN = timedelta(days=31)  # from a recording's earliest event to its latest: a LIVE lasts hours, and the timeline
# has a slot a minute, so a clock years off (0001-01-01 beside 9999-12-31) once took gigabytes and never ended
EARLIEST, LATEST = datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 11, 29, tzinfo=UTC)  # received_at's range: the
# calendar's own (years 1 to 9999), less a day for a time zone and MAX_SPAN for the timeline's minutes after it
_MICROSECOND = timedelta(microseconds=1)
_MINUTE = 60_000_000  # microseconds
_MINUTE_DELTA = timedelta(minutes=1)
_NO_TIME = datetime.min.replace(tzinfo=UTC)  # a _Timeline's times before its first event (never read then)


class BadEvent(ToolError, ValueError):
    """An event whose data cannot be read: what is wrong, and what to do."""

    default_hint = RECORD_HINT


@dataclass(frozen=True, slots=True)
class RecordedGift:
    """One gift, at one price, as recorded: what the scenario's gift line is made of."""

    name: str  # the catalogue's name when it is in the catalogue, else the recorded name
    gift_id: int | None  # the catalogue entry's id; None for a custom gift or a name without its id
    in_catalogue: bool
    coins_each: int  # the event's gift.diamondCount
    count: int
    first_line: int
    recorded_id: str
    recorded_name: str
    to: str = ""  # a guest who received it, as a scenario's `to:` names them; "" for the host


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
    hearts: int  # tapped while recording: the last like total seen minus the first (the scenario's hearts)
    room_hearts: int  # the room's total since the LIVE began: the highest like total seen
    gifts: tuple[RecordedGift, ...]  # the gifts to the host, those that earned most first
    open_streaks: int  # still open at the end; counted as far as seen
    open_streak_coins: int
    unended_streaks: int  # ended without a final frame before another combo began; counted as far as seen
    warnings: tuple[Problem, ...]
    origins: dict[Path_, tuple[str, int]]  # scenario paths -> the line they come from
    gifters: tuple["Gifter", ...] = ()  # who gave the host's coins, most first
    timeline: tuple["Minute", ...] = ()  # one row per minute from the first event
    to_others: tuple["Recipient", ...] = ()  # gifts to guests (a recipient other than the host), most first
    battles: tuple["Battle", ...] = ()  # link-mic battles (LIVE Match), in the order they began
    guest_gifts: tuple[RecordedGift, ...] = ()  # the gifts to guests, by guest, those that earned most first

    @property
    def coins(self) -> int:
        return sum(gift.coins_each * gift.count for gift in self.gifts)

    @property
    def gifts_sent(self) -> int:
        return sum(gift.count for gift in self.gifts)


class Gifter(NamedTuple):
    """One viewer who gave the host gifts: as recorded, and what their gifts were worth."""

    user_id: str  # "" when the event named no user
    nickname: str
    coins: int
    gifts: int


class Minute(NamedTuple):
    """One minute of the recording, counted from its first event."""

    minute: int
    coins: int  # to the host, in gifts counted (a streak on its final frame) in this minute
    hearts: int  # the rise of the room's like total in this minute
    viewers: Decimal | None  # the viewer counts weighted by how long each held in this minute; None before the first


class Recipient(NamedTuple):
    """A guest who received gifts: not the host's money."""

    to: str  # TikTokLive's toMemberId
    nickname: str
    coins: int
    gifts: int


class Battle(NamedTuple):
    """A link-mic battle (LIVE Match): its span as recorded and the host's coins counted in it."""

    battle_id: str  # "" for one seen only through gifts' matchInfo
    started_at: datetime
    ended_at: datetime
    ended: bool  # an end was recorded (else: the last event seen of it)
    coins: int


# --- reading one value of an event --------------------------------------------------------


def _whole(value: object, field: str) -> int:
    """A whole number >= 0 from protobuf JSON, which writes 64-bit integers as strings."""
    if type(value) is int and value >= 0:
        return value
    if type(value) is str and value.isascii() and value.isdigit():
        try:
            return parse_integer(value)
        except OutOfBounds as error:
            raise BadEvent(f"`data.{field}` {error.what}", error.hint) from None
    raise BadEvent(f"`data.{field}` must be a whole number >= 0, not {snippet(repr(value))}")


def _ident(value: object, field: str) -> str:
    """An id (64-bit integer) as text: protobuf JSON writes it as a string; a number is taken too."""
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    raise BadEvent(f"`data.{field}` must be an id, not {snippet(repr(value))}")


# --- the parts of the tally, one per kind of event ----------------------------------------


class _Timeline:
    """Every event's time: how many, the earliest and the latest, and how often time went backwards."""

    __slots__ = ("backwards", "events", "first_at", "last_at", "last_line", "origin", "previous_at")

    def __init__(self) -> None:
        self.events = 0
        self.last_line = 0
        self.first_at = self.last_at = self.previous_at = _NO_TIME  # set by the first event
        self.origin = _NO_TIME  # the first event's time: minute 0 of the timeline begins there
        self.backwards = 0  # times received_at went back in time

    def tick(self, at: datetime, line: int) -> None:
        """Count an event at `at`; BadEvent, and nothing counted, at the calendar's ends or beyond MAX_SPAN of the others."""
        if not EARLIEST <= at <= LATEST:
            raise BadEvent(f"`received_at` {_minute(at)} is at the edge of the calendar: times from"
                           f" {EARLIEST.date().isoformat()} to {LATEST.date().isoformat()} are taken",
                           "check the recording computer's clock, or fix or delete this line")
        if self.events and (at - self.first_at > MAX_SPAN or self.last_at - at > MAX_SPAN):
            raise BadEvent(f"`received_at` {_minute(at)} is more than {MAX_SPAN.days} days from the other events"
                           f" ({_minute(self.first_at)} to {_minute(self.last_at)})",
                           f"a recording holds one LIVE, at most {MAX_SPAN.days} days long: check the recording"
                           " computer's clock, or fix or delete this line")
        self.events += 1
        self.last_line = line
        if self.events == 1:
            self.first_at = self.last_at = self.origin = at
        elif at > self.last_at:
            self.last_at = at
        elif at < self.previous_at:
            self.backwards += 1
            if at < self.first_at:
                self.first_at = at
        self.previous_at = at

    def microseconds(self, since: datetime) -> int:
        """From `since` to the latest event."""
        return (self.last_at - since) // _MICROSECOND

    def warning(self, file: str) -> Problem | None:
        if not self.backwards:
            return None
        times = f"{self.backwards:,} time{plural_s(self.backwards)}"
        return Problem(file, None, f"`received_at` goes back in time {times}",
                       "the duration runs from the earliest time to the latest; check the recording computer's clock")


def _minute(at: datetime) -> str:
    """2025-06-01T20:00+00:00: a time to the minute, with its offset as recorded."""
    return at.isoformat(timespec="minutes")


class _Minutes:
    """Coins, hearts and viewer-time per minute from the first event: what the timeline is made of, one slot a minute."""

    __slots__ = ("coins", "covered", "current", "end", "hearts", "start", "timeline", "weight")

    def __init__(self, timeline: _Timeline) -> None:
        self.timeline = timeline
        self.current = 0  # the minute last looked up, and when it starts and ends: most events fall in it
        self.start = self.end = _NO_TIME
        self.coins: list[int] = []
        self.hearts: list[int] = []
        self.weight: list[int] = []  # Σ viewers × microseconds
        self.covered: list[int] = []  # microseconds with a viewer count

    def _grow(self, minute: int) -> None:
        more = minute + 1 - len(self.coins)
        if more > 0:
            for column in (self.coins, self.hearts, self.weight, self.covered):
                column.extend([0] * more)

    def offset(self, at: datetime) -> int:
        """Microseconds from the first event (0 for a time before it: a clock that went backwards)."""
        return max(0, (at - self.timeline.origin) // _MICROSECOND)

    def minute(self, at: datetime) -> int:
        """The minute `at` falls in (0 before the first event), its slots made."""
        if self.start <= at < self.end:
            return self.current
        origin = self.timeline.origin
        minute = self.offset(at) // _MINUTE
        self._grow(minute)
        if at >= origin:  # a time before the first event is minute 0, but is not cached as in it
            self.current, self.start = minute, origin + minute * _MINUTE_DELTA
            self.end = self.start + _MINUTE_DELTA
        return minute

    def add_coins(self, at: datetime, coins: int) -> None:
        self.coins[self.minute(at)] += coins

    def add_hearts(self, at: datetime, hearts: int) -> None:
        self.hearts[self.minute(at)] += hearts

    def hold(self, viewers: int, since: datetime, until: datetime) -> None:
        """`viewers` held from `since` to `until`: spread over the minutes it spans."""
        minute = self.minute(since)
        if self.start <= since and until <= self.end:  # within one minute: the usual case
            held = (until - since) // _MICROSECOND
            self.weight[minute] += viewers * held
            self.covered[minute] += held
            return
        start, end = self.offset(since), self.offset(until)
        while start < end:
            minute = start // _MINUTE
            stop = min(end, (minute + 1) * _MINUTE)
            self._grow(minute)
            self.weight[minute] += viewers * (stop - start)
            self.covered[minute] += stop - start
            start = stop

    def rows(self) -> tuple["Minute", ...]:
        """One row per minute from the first event to the last; coins and hearts of any later slot fold into the last."""
        count = max(1, -(-self.offset(self.timeline.last_at) // _MINUTE))  # a last event on the minute ends the one before
        self._grow(count - 1)
        coins, hearts = self.coins[:count], self.hearts[:count]
        coins[-1] += sum(self.coins[count:])
        hearts[-1] += sum(self.hearts[count:])
        return tuple(Minute(row, coins[row], hearts[row],
                            _step(Decimal(self.weight[row]) / Decimal(self.covered[row]), VIEWER_STEP)
                            if self.covered[row] else None) for row in range(count))


class _Gift:
    """The running total of one gift at one price."""

    __slots__ = ("count", "first_line", "price", "recorded_id", "recorded_name", "to")

    def __init__(self, price: int, first_line: int, recorded_id: str, recorded_name: str, to: str = "") -> None:
        self.count = 0
        self.price = price
        self.first_line = first_line
        self.recorded_id = recorded_id
        self.recorded_name = recorded_name
        self.to = to  # the recipient's id; "" for the host


class _Streak:
    """A combo seen so far: its last frame's line and count, and who sent it."""

    __slots__ = ("at", "count", "gift", "group", "line", "user")

    def __init__(self, group: str, count: int, line: int, gift: _Gift, user: object, at: datetime) -> None:
        self.group, self.count, self.line, self.gift, self.user, self.at = group, count, line, gift, user, at


class _Gifts:
    """GiftEvents: a running total per gift and price, and the streaks still open."""

    def __init__(self, file: str, warnings: list[Problem]) -> None:
        self.file = file
        self.warnings = warnings  # the tally's, in the order they arise
        self.events = 0
        self.totals: dict[tuple[str, int, str], _Gift] = {}  # by (gift id, price, recipient)
        self.streaks: dict[tuple[str, str, str], _Streak] = {}  # open ones, by (user id, gift id, recipient)
        self.coins = 0  # to the host, in gifts counted so far; open streaks not included
        self.gifters: dict[str, list] = {}  # user id -> [nickname, coins, gifts], the host's gifts only
        self.minutes: _Minutes | None = None  # the tally's, for coins per minute
        self.battles: _Battles | None = None  # the tally's, for coins in battles
        self.others: dict[str, list] = {}  # recipient id -> [nickname, coins, gifts]
        self.names: dict[str, str] = {}  # recipient id -> nickname, as recorded
        self.unended = 0
        self.unpriced = 0  # gift events without a price: no gift details, or 0 coins
        self.unpriced_line = 0

    def add(self, data: dict, at: datetime, line: int) -> None:
        self.events += 1
        details = data.get("gift")
        if type(details) is not dict:
            if details is None:
                self._unpriced(line)
                return
            raise BadEvent(f"`data.gift` must be an object, not {snippet(repr(details))}")
        price = _whole(details.get("diamondCount", 0), "gift.diamondCount")
        if not price:
            self._unpriced(line)
            return
        count = _whole(data.get("repeatCount", 0), "repeatCount") or 1  # an event is at least one gift
        gift_id = _ident(data.get("giftId") or details.get("id") or "", "giftId")
        to = _recipient(data) if "toMemberId" in data or "toMemberIdInt" in data else ""
        if to and to not in self.names:
            nickname = data.get("toMemberNickname")
            self.names[to] = nickname if isinstance(nickname, str) else ""
        if data.get("matchInfo") and self.battles is not None:
            self.battles.match(at)
        gift = self.totals.get((gift_id, price, to))
        if gift is None:
            gift = self._new_gift(gift_id, price, details, line, to)
        user = data.get("user")
        if _whole(details.get("type", 0), "gift.type") != 1:  # not streakable: once per event
            self._count(gift, count, at, user)
            return
        user_id = _ident(user.get("id", ""), "user.id") if type(user) is dict else ""
        key = (user_id, gift_id, to)
        group = _ident(data.get("groupId", ""), "groupId")
        streak = self.streaks.get(key)
        if data.get("repeatEnd"):  # the final frame, with the combo's whole count
            if streak is not None:
                del self.streaks[key]
                if streak.group != group and streak.group and group:
                    self._unended(streak, line)
            self._count(gift, count, at, user)
        elif streak is None:
            self.streaks[key] = _Streak(group, count, line, gift, user, at)
        elif _new_combo(streak, group, count):
            self._unended(streak, line)  # a new combo began before the last one's final frame came
            self.streaks[key] = _Streak(group, count, line, gift, user, at)
        elif count >= streak.count:
            streak.count, streak.line, streak.user, streak.at = count, line, user, at

    def _count(self, gift: _Gift, count: int, at: datetime, user: object) -> None:
        """`count` of a gift counted at `at`: to the host's gifts, gifters and minutes, or to the guest it went to."""
        gift.count += count
        coins = count * gift.price
        if gift.to:
            entry = self.others.get(gift.to)
            if entry is None:
                entry = self.others[gift.to] = [self.names.get(gift.to, ""), 0, 0]
            entry[1] += coins
            entry[2] += count
            return
        self.coins += coins
        minutes = self.minutes
        if minutes is not None:
            minutes.coins[minutes.minute(at)] += coins
        if self.battles is not None and self.battles.spans:
            self.battles.coins(at, coins)
        user_id, nickname = _who(user)
        entry = self.gifters.get(user_id)
        if entry is None:
            entry = self.gifters[user_id] = [nickname, 0, 0]
        elif nickname and not entry[0]:
            entry[0] = nickname
        entry[1] += coins
        entry[2] += count

    def _new_gift(self, gift_id: str, price: int, details: dict, line: int, to: str) -> _Gift:
        name = details.get("name")
        gift = _Gift(price, line, gift_id, " ".join(name.split()) if isinstance(name, str) else "", to)
        self.totals[(gift_id, price, to)] = gift
        return gift

    def _unpriced(self, line: int) -> None:
        self.unpriced += 1
        self.unpriced_line = self.unpriced_line or line

    def _unended(self, streak: _Streak, line: int) -> None:
        """A combo whose final frame never came, before another one began on `line`: counted as far as seen."""
        self._count(streak.gift, streak.count, streak.at, streak.user)
        self.unended += 1
        if self.unended <= MAX_STREAK_WARNINGS:
            self.warnings.append(Problem(
                self.file, streak.line,
                f"a streak of {_gift_words(streak.gift)} from {_user_words(streak.user)} has no final frame, at"
                f" {streak.count:,} gift{plural_s(streak.count)}: another combo of that gift began on line {line}",
                f"counted {_those(streak.count)}; any sent after this line were not recorded"))

    @property
    def open_coins(self) -> int:
        """Coins in streaks still open: sent, but not counted until their final frame (or the end)."""
        return sum(streak.count * streak.gift.price for streak in self.streaks.values())

    def close(self) -> tuple[int, int, list[Problem]]:
        """Count the streaks still open as far as seen: how many, their coins, and the warnings about the gifts."""
        warnings = []
        open_streaks = sorted(self.streaks.values(), key=lambda streak: streak.line)
        open_coins = 0
        for number, streak in enumerate(open_streaks, 1):
            self._count(streak.gift, streak.count, streak.at, streak.user)
            open_coins += streak.count * streak.gift.price
            if number <= MAX_STREAK_WARNINGS:
                warnings.append(Problem(
                    self.file, streak.line,
                    f"a streak of {_gift_words(streak.gift)} from {_user_words(streak.user)} was still open when the"
                    f" recording ended, at {streak.count:,} gift{plural_s(streak.count)}",
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
                                    f"{self.unpriced:,} gift event{plural_s(self.unpriced)}"
                                    f" carr{'ies' if self.unpriced == 1 else 'y'}"
                                    " no coin price (no gift details, or 0 coins), first here: not counted",
                                    "nothing to do: TikTokLive values them at nothing too"))
        return len(open_streaks), open_coins, warnings

    def gifter_list(self) -> tuple[Gifter, ...]:
        """Every gifter to the host, most coins first (then by user id): their coins add up to the host's coins."""
        gifters = (Gifter(user_id, nickname, coins, gifts) for user_id, (nickname, coins, gifts) in self.gifters.items())
        return tuple(sorted(gifters, key=lambda gifter: (-gifter.coins, gifter.user_id)))

    def recipients(self) -> tuple[Recipient, ...]:
        """The guests who received gifts, most coins first."""
        return tuple(sorted((Recipient(to, nickname, coins, gifts) for to, (nickname, coins, gifts) in self.others.items()),
                            key=lambda recipient: (-recipient.coins, recipient.to)))

    def recorded(self, guests: bool = False) -> tuple[RecordedGift, ...]:
        """The gifts sent to the host (or with `guests`, to guests), as a scenario names them, those that earned most first."""
        catalogue = load_catalogue()
        gifts = (replace(_recorded(gift, catalogue), to=self._label(gift.to)) if gift.to else _recorded(gift, catalogue)
                 for gift in self.totals.values() if gift.count and bool(gift.to) == guests)
        return tuple(sorted(gifts, key=lambda gift: (gift.to, -gift.coins_each * gift.count, gift.name, gift.coins_each)))

    def _label(self, to: str) -> str:
        """A guest as a scenario's `to:` names them: their nickname, or `guest ID` (never `host`)."""
        nickname = " ".join(self.names.get(to, "").split())
        return nickname if nickname and nickname.lower() != "host" else f"guest {to}"


def _recipient(data: dict) -> str:
    """Who a gift went to: TikTokLive's toMemberId (or toMemberIdInt); "" (the host) when empty or 0."""
    to = data.get("toMemberId") or data.get("toMemberIdInt") or ""
    if type(to) is int:
        to = str(to)
    if type(to) is not str:
        raise BadEvent(f"`data.toMemberId` must be an id, not {to!r}")
    return "" if to.strip("0") == "" else to


def _who(user: object) -> tuple[str, str]:
    """A gifter's user id and nickname as recorded ("" when not given)."""
    if type(user) is not dict:
        return "", ""
    user_id, nickname = user.get("id", ""), user.get("nickname", "")
    return (str(user_id) if isinstance(user_id, (str, int)) else "", nickname if isinstance(nickname, str) else "")


def _new_combo(streak: _Streak, group: str, count: int) -> bool:
    """Whether a mid-streak frame starts a new combo: by its groupId when both have one, else by a count that went down."""
    if streak.group and group:
        return streak.group != group
    return count < streak.count


class _Hearts:
    """LikeEvents: the room's highest running total of hearts, and the line it was seen on."""

    __slots__ = ("events", "first", "line", "minutes", "total")

    def __init__(self) -> None:
        self.events = self.total = self.line = 0
        self.first: int | None = None  # the first like total seen: hearts tapped before the recording began
        self.minutes: _Minutes | None = None  # the tally's: how much the running total rose, minute by minute

    def add(self, data: dict, at: datetime, line: int) -> None:
        self.events += 1
        total = _whole(data.get("total", 0), "total")
        if self.first is None:  # a total of 0 (protobuf JSON leaves it out) is a LIVE whose first heart is still to come
            self.first, self.total, self.line = total, total, line
        elif total > self.total:
            if self.minutes is not None:
                self.minutes.add_hearts(at, total - self.total)
            self.total, self.line = total, line

    @property
    def window(self) -> int:
        """Hearts tapped while recording: from the first like total seen to the last (the highest)."""
        return self.total - (self.first or 0)


class _Viewers:
    """RoomUserSeqEvents: the viewer count now, its time-weighted sum since the first count, the peak and all who joined."""

    __slots__ = ("at", "events", "line", "minutes", "now", "peak", "since", "total", "weight")

    def __init__(self) -> None:
        self.events = 0
        self.now = 0  # the latest count; read only once `at` is set
        self.at: datetime | None = None  # when the latest count came; None before the first
        self.since: datetime | None = None  # when the first count came
        self.line = 0  # the first count's line
        self.weight = 0  # Σ viewers × microseconds held
        self.peak = 0
        self.total = 0  # the highest cumulative `totalUser`
        self.minutes: _Minutes | None = None  # the tally's: viewer-time minute by minute

    def add(self, data: dict, at: datetime, line: int) -> None:
        self.events += 1
        total = _whole(data.get("total", 0), "total")
        users = _whole(data.get("totalUser", 0), "totalUser")
        previous = self.at
        if previous is None:
            self.since, self.line = at, line
        else:
            held = (at - previous) // _MICROSECOND
            if held > 0:
                self.weight += self.now * held
                if self.minutes is not None:
                    self.minutes.hold(self.now, previous, at)
        self.now, self.at = total, at
        if total > self.peak:
            self.peak = total
        if users > self.total:
            self.total = users

    def average(self, timeline: _Timeline) -> Decimal | None:
        """Viewer counts weighted by how long each held, from the first count to the latest event; None before one."""
        if self.at is None or self.since is None:
            return None
        weight = self.weight + self.now * max(0, timeline.microseconds(self.at))
        span = timeline.microseconds(self.since)
        if span <= 0:
            return Decimal(self.now)
        return Decimal(weight) / Decimal(span)


class _Battles:
    """LinkMicBattleEvent, LinkMicArmiesEvent and gifts' matchInfo: each battle's span, by battle id.

    A battle begins at the first event that names it and ends at a LinkMicBattleEvent whose action
    is FINISH, CUT_SHORT or LEAVE_LINKMIC, or a LinkMicArmiesEvent whose trigger is BATTLE_END;
    without one, at the last event seen of it. Gifts that carry matchInfo while no battle is open are a battle without
    an id, from the first such gift to the last.
    """

    # TikTokLive 7 writes enums by name: LinkMicBattleEvent's `action`, LinkMicArmiesEvent's `triggerReason`
    # (`battleStatus` in the older proto); a number is taken too. Other actions (INVITE, REJECT, CANCEL, ACCEPT,
    # QUIT_APPLY, …) are about a battle to come or a guest, not a battle on.
    _ENDS = frozenset({"5", "6", "11", "FINISH", "CUT_SHORT", "LINK_MIC_BATTLE_BATTLE_ACTION_CUT_SHORT", "LEAVE_LINKMIC",
                       "BATTLE_ACTION_FINISH", "BATTLE_ACTION_CUT_SHORT"})
    _ON = frozenset({"", "0", "4", "OPEN", "BATTLE_ACTION_OPEN", "LINK_MIC_BATTLE_BATTLE_ACTION_UNKNOWN"})
    _ARMIES_END = frozenset({"2", "BATTLE_END", "TRIGGER_REASON_BATTLE_END"})

    def __init__(self) -> None:
        self.events = 0
        self.spans: list[list] = []  # [battle id, started_at, ended_at, ended]
        self.by_id: dict[str, list] = {}
        self.counted: list[tuple[datetime, int]] = []  # the host's coins counted while a battle was on, and when

    def coins(self, at: datetime, coins: int) -> None:
        """Coins to the host counted at `at`: kept if a battle may span that time (summed up once the spans are known)."""
        if any(span[1] <= at and (not span[3] or at <= span[2]) for span in self.spans):
            self.counted.append((at, coins))

    def battle(self, data: dict, at: datetime, line: int) -> None:
        self.events += 1
        action = str(data.get("action", ""))
        if action in self._ENDS or action in self._ON:
            self._seen(_ident(data.get("battleId", ""), "battleId"), at, action in self._ENDS)

    def armies(self, data: dict, at: datetime, line: int) -> None:
        self.events += 1
        reason = data.get("triggerReason", data.get("battleStatus", ""))
        self._seen(_ident(data.get("battleId", ""), "battleId"), at, str(reason) in self._ARMIES_END)

    def match(self, at: datetime) -> None:
        """A gift that carries matchInfo: sent during a battle."""
        span = self.spans[-1] if self.spans else None
        if span is not None and not span[3]:
            span[2] = max(span[2], at)
        elif span is None or at > span[2]:
            self.spans.append(["", at, at, False])

    def _seen(self, battle_id: str, at: datetime, end: bool) -> None:
        span = self.by_id.get(battle_id) if battle_id else None
        if span is None:
            last = self.spans[-1] if self.spans else None
            if last is not None and not last[0] and not last[3]:  # the gifts' matchInfo already showed this battle
                span = last
                span[0] = battle_id
            else:
                span = ["", at, at, False]
                span[0] = battle_id
                self.spans.append(span)
            if battle_id:
                self.by_id[battle_id] = span
        if span[3] and not end:
            return  # an update after its end (the punishment phase): the span stays
        span[2] = max(span[2], at)
        span[3] = span[3] or end

    def list(self) -> tuple[Battle, ...]:
        return tuple(Battle(battle_id, start, end, ended, sum(coins for at, coins in self.counted if start <= at <= end))
                     for battle_id, start, end, ended in self.spans)


class _Sessions:
    """ConnectEvent lines, one per `record` session: the creator and room of the first, and a warning at the second."""

    def __init__(self, file: str, warnings: list[Problem]) -> None:
        self.file = file
        self.warnings = warnings  # the tally's, in the order they arise
        self.count = 0
        self.unique_id: str | None = None
        self.room_id: str | None = None

    def add(self, data: dict, at: datetime, line: int) -> None:
        self.count += 1
        if self.count == 1:
            unique_id, room_id = data.get("uniqueId"), data.get("roomId")
            self.unique_id = unique_id if isinstance(unique_id, str) and unique_id else None
            self.room_id = str(room_id) if isinstance(room_id, (str, int)) and room_id else None
        elif self.count == 2:
            self.warnings.append(Problem(
                self.file, line, "a second recording session begins here (`record` appended to this file again)",
                "the duration and the average viewers include the time between the sessions;"
                " record each LIVE into a file of its own"))


class _Others:
    """Events of kinds that earn nothing: counted, the first line kept, and the first kinds named."""

    __slots__ = ("events", "kinds", "line")

    def __init__(self) -> None:
        self.events = 0
        self.kinds: dict[str, int] = {}
        self.line = 0

    def add(self, kind: object, line: int) -> None:
        self.events += 1
        if not self.line:
            self.line = line
        if isinstance(kind, str) and (kind in self.kinds or len(self.kinds) < MAX_OTHER_KINDS):
            self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def warning(self, file: str) -> Problem | None:
        if not self.events:
            return None
        kinds = ", ".join(f"{kind} ×{count:,}" for kind, count in sorted(self.kinds.items()))
        return Problem(file, self.line,
                       f"{self.events:,} event{plural_s(self.events)} of kinds that earn nothing were skipped"
                       + (f" ({kinds})" if kinds else ""),
                       f"only {GIFT}, {LIKE}, {VIEWERS} and the battle events ({BATTLE}, {ARMIES}) are counted")


# --- the tally ----------------------------------------------------------------------------


class Tally:
    """What a recording adds up to so far, fed one event at a time.

    `timeline.tick` takes every event's time; `handlers` maps an event kind to the part that counts
    it (called with the event's data, time and line), and `others.add` takes the kinds that earn
    nothing. `add` does all three for one event. A handler raises BadEvent for data it cannot read.
    """

    def __init__(self, file: str = "") -> None:
        self.file = file
        self.warnings: list[Problem] = []  # raised while counting, in the order they arise
        self.timeline = _Timeline()
        self.gifts = _Gifts(file, self.warnings)
        self.hearts = _Hearts()
        self.viewers = _Viewers()
        self.sessions = _Sessions(file, self.warnings)
        self.battles = _Battles()
        self.minutes = _Minutes(self.timeline)
        self.gifts.minutes = self.hearts.minutes = self.viewers.minutes = self.minutes
        self.gifts.battles = self.battles
        self.others = _Others()
        self.handlers = {GIFT: self.gifts.add, LIKE: self.hearts.add, VIEWERS: self.viewers.add, CONNECT: self.sessions.add,
                         BATTLE: self.battles.battle, ARMIES: self.battles.armies}

    def add(self, kind: str, at: datetime, data: dict, line: int = 0) -> None:
        """One event, as the recorder hands it over."""
        self.timeline.tick(at, line)
        handler = self.handlers.get(kind)
        if handler is None:
            self.others.add(kind, line)
        else:
            handler(data, at, line)

    def finish(self, cut_off: Problem | None = None) -> Recording:
        """The recording as read: open streaks counted as far as seen, with a warning each."""
        timeline = self.timeline
        if not timeline.events:
            raise InputError([Problem(self.file, None, "the recording holds no events",
                                      "record a LIVE with `tiktok-earnings record @name --out FILE.jsonl`")])
        open_streaks, open_coins, gift_warnings = self.gifts.close()
        warnings = [*self.warnings, *gift_warnings]
        warnings += [warning for warning in (timeline.warning(self.file), self.others.warning(self.file), cut_off)
                     if warning is not None]
        average_viewers = self._average_viewers()
        duration = self._duration()
        gifts, guest_gifts = self.gifts.recorded(), self.gifts.recorded(guests=True)
        return Recording(
            file=self.file, unique_id=self.sessions.unique_id, room_id=self.sessions.room_id, sessions=self.sessions.count,
            events=timeline.events, gift_events=self.gifts.events, like_events=self.hearts.events,
            viewer_events=self.viewers.events, other_events=self.others.events, first_at=timeline.first_at,
            last_at=timeline.last_at, duration_minutes=duration, average_viewers=average_viewers,
            peak_viewers=self.viewers.peak, total_viewers=self.viewers.total, hearts=self.hearts.window,
            room_hearts=self.hearts.total, gifts=gifts,
            open_streaks=open_streaks, open_streak_coins=open_coins, unended_streaks=self.gifts.unended,
            warnings=tuple(sorted(warnings, key=_in_file_order)), origins=self._origins(gifts + guest_gifts),
            gifters=self.gifts.gifter_list(), timeline=self._minutes(), to_others=self.gifts.recipients(),
            battles=self.battles.list(), guest_gifts=guest_gifts,
        )

    def _minutes(self) -> tuple[Minute, ...]:
        """One row per minute from the first event to the last: coins, hearts and average viewers in it."""
        viewers = self.viewers
        if viewers.at is not None and self.timeline.last_at > viewers.at:
            self.minutes.hold(viewers.now, viewers.at, self.timeline.last_at)  # the last count holds to the last event
        return self.minutes.rows()

    def _average_viewers(self) -> Decimal:
        average = self.viewers.average(self.timeline)
        if average is None:
            raise InputError([Problem(self.file, None, f"no viewer counts in the recording (no {VIEWERS} lines)",
                                      "record for at least a minute: TikTok sends the viewer count every few seconds")])
        return _step(average, VIEWER_STEP)

    def _duration(self) -> Decimal:
        timeline = self.timeline
        duration = _step(Decimal(timeline.microseconds(timeline.first_at)) / _MINUTE, MINUTE_STEP)
        if not duration:
            raise InputError([Problem(self.file, None, f"the recording spans no time: every event is at"
                                      f" {_when(timeline.first_at)}",
                                      "record for longer: the duration runs from the first event to the last")])
        return duration

    def _origins(self, gifts: tuple[RecordedGift, ...]) -> dict[Path_, tuple[str, int]]:
        """The scenario's paths and the lines of the recording they come from, for errors at the right line."""
        return {
            ("stream", "duration_minutes"): (self.file, self.timeline.last_line),
            ("stream", "average_viewers"): (self.file, self.viewers.line),
            ("hearts",): (self.file, self.hearts.line or 1),
            **{("gifts", i): (self.file, gift.first_line) for i, gift in enumerate(gifts)},
        }


def _in_file_order(problem: Problem) -> tuple[bool, int]:
    return problem.line is None, problem.line or 0


def _step(value: Decimal, step: Decimal) -> Decimal:
    """Rounded half-up to `step`, without trailing zeros, so that the YAML text reads back as the same number."""
    return Decimal(plain(value.quantize(step, rounding=ROUND_HALF_UP)))


def _recorded(gift: _Gift, catalogue: Catalogue) -> RecordedGift:
    """The gift as a scenario names it: its catalogue entry where there is one, else a custom gift."""
    name, recorded_id = gift.recorded_name, gift.recorded_id
    gift_id = small_whole(recorded_id)
    found = catalogue.by_id.get(gift_id) if gift_id is not None else None
    if found is not None:
        return RecordedGift(found.name, found.gift_id, True, gift.price, gift.count, gift.first_line, recorded_id, name)
    if name and normalise(name) in catalogue.by_name:
        try:
            found = catalogue.find(name)
            return RecordedGift(found.name, None, True, gift.price, gift.count, gift.first_line, recorded_id, name)
        except GiftLookupError:  # one name, several prices: the one at the recorded price, if any
            same_price = [entry for entry in catalogue.by_name[normalise(name)] if entry.coins == gift.price]
            if same_price:
                found = min(same_price, key=lambda entry: (entry.gift_id is None, entry.gift_id or 0))
                return RecordedGift(found.name, found.gift_id, True, gift.price, gift.count, gift.first_line, recorded_id, name)
    custom = name or (f"Gift {recorded_id}" if recorded_id else "Unnamed gift")
    return RecordedGift(custom, None, False, gift.price, gift.count, gift.first_line, recorded_id, name)


# --- in words -----------------------------------------------------------------------------


def _gift_words(gift: _Gift) -> str:
    name = gift.recorded_name or f"gift {gift.recorded_id}"
    return f"{name} ({gift.price:,} coin{plural_s(gift.price)} each)"


def _user_words(user: object) -> str:
    if not isinstance(user, dict):
        return "an unknown user"
    handle, user_id = user.get("displayId") or user.get("uniqueId"), user.get("id")
    if isinstance(handle, str) and handle:
        return f"@{handle}" + (f" (id {user_id})" if user_id else "")
    return f"user {user_id}" if user_id else "an unknown user"


def _those(count: int) -> str:
    return "it" if count == 1 else f"those {count:,}"


def plural_s(count: int) -> str:
    """'' for one, 's' for any other count."""
    return "" if count == 1 else "s"


def _when(at: datetime) -> str:
    return f"{at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"
