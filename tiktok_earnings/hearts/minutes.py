"""A LIVE recording minute by minute, for `calibrate --by minute`: coins, hearts and viewers in each minute.

The recording is read by live/reader.py, through a `Tally` (live/tally.py) that counts exactly
as `import` does, and this module's `MinuteTally` notes, beside it, when things happened:

- Coins to the host in a minute: what the tally's gift count grew by on the events of that
  minute. So a streak counts in the minute of its final frame, and every rule of the tally
  (streaks once, open streaks as far as seen, gifts the tally does not count) holds here too;
  a streak still open at the end counts in the minute of its last frame.
- Hearts tapped in a minute: how much the room's running like total (its highest so far) grew in
  that minute. The first total seen is the starting point, so hearts tapped before the recording
  began are not counted (the room's total since the LIVE began is not the recording's).
- Viewers in a minute: the mean of the viewer counts that arrived in it; a minute without one
  keeps the last count. Minutes before the first count are left out (nobody is known to watch).

Minute t runs from t to t + 1 minutes after the recording's first event. Only whole minutes are
kept: the last, cut-off minute is left out, with the coins in it.

Note for a merge: live/tally.py may grow a per-minute timeline of its own (issue 12's
`recording.timeline`); this module could then read that instead of keeping its own.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from tiktok_earnings.errors import Problem
from tiktok_earnings.live.tally import GIFT, LIKE, VIEWERS, Tally

_MINUTE = timedelta(minutes=1)


class Minute(NamedTuple):
    """One whole minute of a recording."""

    minute: int  # minutes since the first event
    coins: int  # to the host
    hearts: int  # tapped in this minute (growth of the room's like total)
    viewers: Decimal  # the mean of the viewer counts in it, or the last count before it


class MinuteSeries(NamedTuple):
    file: str
    minutes: tuple[Minute, ...]  # whole minutes with a viewer count above 0, in order
    whole_minutes: int  # whole minutes in the recording, with or without viewers
    coins: int  # the host's coins in the minutes kept
    warnings: tuple[Problem, ...]


class MinuteTally(Tally):
    """A Tally that also notes, per minute, the coins it counted, the highest like total and the viewer counts."""

    def __init__(self, file: str = "") -> None:
        super().__init__(file)
        self.coins: dict[int, int] = {}
        self.like_total: dict[int, int] = {}  # the highest like total by the end of each minute with a like event
        self.first_like: int | None = None
        self.viewer_counts: dict[int, list[int]] = {}
        self.gift_minutes: dict[int, int] = {}  # a gift event's line -> its minute (for streaks still open at the end)
        count_gift, count_like, count_viewers = self.handlers[GIFT], self.handlers[LIKE], self.handlers[VIEWERS]

        def gift(data: dict, at: datetime, line: int) -> None:
            before = self.gifts.coins
            count_gift(data, at, line)
            minute = self._minute(at)
            self.gift_minutes[line] = minute
            if self.gifts.coins != before:
                self.coins[minute] = self.coins.get(minute, 0) + self.gifts.coins - before

        def like(data: dict, at: datetime, line: int) -> None:
            count_like(data, at, line)
            if self.first_like is None:
                self.first_like = self.hearts.total
            minute = self._minute(at)
            self.like_total[minute] = max(self.like_total.get(minute, 0), self.hearts.total)

        def viewers(data: dict, at: datetime, line: int) -> None:
            count_viewers(data, at, line)
            self.viewer_counts.setdefault(self._minute(at), []).append(self.viewers.now)

        self.handlers.update({GIFT: gift, LIKE: like, VIEWERS: viewers})

    def _minute(self, at: datetime) -> int:
        return max(0, (at - self.timeline.first_at) // _MINUTE)

    def series(self) -> MinuteSeries:
        """The whole minutes; call after the recording is finished (open streaks are counted then)."""
        for streak in self.gifts.streaks.values():  # still open at the end: counted as far as seen, at their last frame
            minute = self.gift_minutes.get(streak.line, 0)
            self.coins[minute] = self.coins.get(minute, 0) + streak.count * streak.gift.price
        whole = (self.timeline.last_at - self.timeline.first_at) // _MINUTE
        minutes = []
        hearts_so_far = self.first_like or 0
        viewers: Decimal | None = None
        for index in range(whole):
            total = self.like_total.get(index)
            hearts = 0
            if total is not None and total > hearts_so_far:
                hearts, hearts_so_far = total - hearts_so_far, total
            counts = self.viewer_counts.get(index)
            if counts:
                viewers = Decimal(sum(counts)) / len(counts)
            if viewers:
                minutes.append(Minute(index, self.coins.get(index, 0), hearts, viewers))
        return MinuteSeries(self.file, tuple(minutes), whole, sum(minute.coins for minute in minutes), ())


def read_minutes(path: str | Path) -> MinuteSeries:
    """A recording's whole minutes; InputError for a bad file or line, as `import` gives."""
    from tiktok_earnings.live.reader import read_recording

    tallies: list[MinuteTally] = []

    def tally(file: str) -> MinuteTally:
        tallies.append(MinuteTally(file))
        return tallies[-1]

    recording = read_recording(path, tally)
    return tallies[0].series()._replace(warnings=recording.warnings)
