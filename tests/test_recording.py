"""Recording a LIVE and importing it, offline: TikTokLive's own event classes fed to the recorder's handlers.

The key check: the creator gross that `import` and `run` compute from a recording equals the sum
of TikTokLive's own `GiftEvent.value` over the same events, at the default rates. TikTokLive is
the `live` extra; tests that build its events skip without it, except in CI (`CI` set), where
the extra is installed and a missing TikTokLive must fail loudly.
"""

import asyncio
import importlib.util
import io
import json
import os
import random
import subprocess
import sys
import tracemalloc
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest

from tiktok_earnings.batch import collect
from tiktok_earnings.calculator import calculate
from tiktok_earnings.catalogue import load_catalogue
from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode, InputError
from tiktok_earnings.live.reader import load_recording_scenario, read_recording
from tiktok_earnings.live.recorder import Recorder, event_data, iso_utc, prepare_append
from tiktok_earnings.live.scenario_yaml import scenario_yaml
from tiktok_earnings.numbers import round_half_up
from tiktok_earnings.scenario.reader import scenario_from_document
from tiktok_earnings.scenario.yamldoc import parse_document

from .cli_runner import CliRunner
from .conftest import CONFIGS, DATA

# TikTokLive 7.0.1 imports parts of websockets that websockets itself deprecates: not this project's to fix.
pytestmark = pytest.mark.filterwarnings("ignore:websockets:DeprecationWarning")
runner = CliRunner()
RECORDINGS = DATA / "recordings"
EXAMPLE = CONFIGS / "recorded-stream.jsonl"
START = datetime(2025, 6, 1, 20, 0, tzinfo=UTC)
HAVE_TIKTOKLIVE = importlib.util.find_spec("TikTokLive") is not None


def invoke(*args: object):
    return runner.invoke(app, [str(arg) for arg in args], prog_name="tiktok-earnings")


@pytest.fixture(scope="module")
def tt():
    """TikTokLive's classes (the `live` extra): skipped without it, except in CI, where it must be there."""
    if not HAVE_TIKTOKLIVE and not os.environ.get("CI"):
        pytest.skip("TikTokLive is not installed: pip install -e '.[live]'")
    from TikTokLive.events import ConnectEvent, GiftEvent, LikeEvent, RoomUserSeqEvent
    from TikTokLive.proto import Gift, User

    return SimpleNamespace(ConnectEvent=ConnectEvent, GiftEvent=GiftEvent, LikeEvent=LikeEvent,
                           RoomUserSeqEvent=RoomUserSeqEvent, Gift=Gift, User=User)


# --- building a LIVE from TikTokLive's classes ------------------------------------------------


class Live:
    """TikTokLive events as the client hands them over, each with its time in seconds from START.

    Each proto event is serialised and parsed back, as the client parses it off the websocket: that
    gives it TikTokLive's ExtendedGift and ExtendedUser fields, as in a real LIVE.
    """

    def __init__(self, tt) -> None:
        self.tt = tt
        self.events: list[tuple[float, object]] = []

    def user(self, number: int, handle: str):
        return self.tt.User(id=7_300_000_000_000_000_000 + number, nickname=handle.title(), display_id=handle)

    def gift_kind(self, gift_id: int, name: str, coins: int, streakable: bool):
        return self.tt.Gift(id=gift_id, type=1 if streakable else 2, diamond_count=coins, name=name)

    def add(self, seconds: float, event) -> None:
        self.events.append((seconds, type(event).parse(bytes(event))))

    def connect(self, seconds: float, unique_id: str = "ana_sings", room_id: int = 7_380_000_000_000_000_001) -> None:
        self.events.append((seconds, self.tt.ConnectEvent(unique_id=unique_id, room_id=room_id)))

    def gift(self, seconds: float, user, gift, count: int, end: bool = False, group: int = 0) -> None:
        self.add(seconds, self.tt.GiftEvent(gift_id=gift.id, gift=gift, user=user, repeat_count=count,
                                            repeat_end=1 if end else 0, group_id=group))

    def combo(self, seconds: float, user, gift, taps: int, group: int, step: float = 0.5, end: bool = True) -> float:
        """A streak: a frame per tap with the running count, then (if `end`) the final frame; returns its last time."""
        for tap in range(1, taps + 1):
            self.gift(seconds + tap * step, user, gift, tap, group=group)
        if end:
            self.gift(seconds + (taps + 1) * step, user, gift, taps, end=True, group=group)
        return seconds + (taps + 1) * step

    def likes(self, seconds: float, user, count: int, total: int) -> None:
        self.add(seconds, self.tt.LikeEvent(user=user, count=count, total=total))

    def viewers(self, seconds: float, total: int, total_user: int) -> None:
        self.add(seconds, self.tt.RoomUserSeqEvent(total=total, total_user=total_user))

    def record(self, path: Path) -> Path:
        """Feed the events to the recorder's handlers, appending to `path`, each received at its time."""
        times = iter([START + timedelta(seconds=seconds) for seconds, _ in self.events])
        with open(path, "a", encoding="utf-8", newline="") as stream:
            recorder = Recorder(stream, clock=lambda: next(times))
            for _, event in self.events:
                (recorder.on_connect if event.get_type() == "ConnectEvent" else recorder.on_event)(event)
        return path

    def tiktoklive_value(self) -> Decimal:
        """Σ GiftEvent.value, TikTokLive's own figure: repeat_count × diamond_count × 0.005, None mid-streak.

        `value` is a float; each is a multiple of 0.005, so rounding it to 3 places recovers it exactly.
        """
        values = [event.value for _, event in self.events if event.get_type() == "GiftEvent" and event.value is not None]
        return sum((Decimal(repr(round(value, 3))) for value in values), Decimal(0))


def busy_live(tt) -> Live:
    """Interleaved streaks from two users, streaks of several frames and of one, non-streakable gifts, a gift not in
    the catalogue, a like total that jumps (and a late, lower one), and viewer counts going up and down."""
    live = Live(tt)
    ana, ben, cleo = live.user(1, "ana"), live.user(2, "ben"), live.user(3, "cleo")
    rose = live.gift_kind(5655, "Rose", 1, streakable=True)
    finger = live.gift_kind(5487, "Finger Heart", 5, streakable=True)
    lion = live.gift_kind(6369, "Lion", 29999, streakable=False)
    hands = live.gift_kind(5660, "Hand Hearts", 100, streakable=False)
    badge = live.gift_kind(999_001, "Birthday Badge", 15, streakable=False)
    live.connect(0)
    live.viewers(1, 40, 60)
    for tap in range(1, 6):  # Ana's Rose combo and Ben's Finger Heart combo, frames interleaved
        live.gift(10 + tap, ana, rose, tap, group=101)
        if tap <= 3:
            live.gift(10.5 + tap, ben, finger, tap, group=202)
    live.gift(16, ana, rose, 5, end=True, group=101)
    live.gift(17, ben, finger, 3, end=True, group=202)
    live.likes(20, ana, 15, 120)
    live.likes(25, ben, 15, 180)
    live.likes(30, cleo, 12, 5000)  # the room total jumps (likes from viewers not reported one by one)
    live.likes(31, ana, 3, 4990)  # a late, lower total
    live.viewers(40, 120, 200)
    live.gift(45, ben, lion, 1)
    live.gift(50, ana, badge, 1)
    live.gift(51, cleo, hands, 1)
    live.gift(52, cleo, hands, 1)
    live.viewers(60, 90, 230)
    live.combo(70, ana, rose, 4, group=103)  # Ana again: a new combo
    live.gift(76, cleo, rose, 1, end=True, group=301)  # a one-tap streak: the final frame only
    live.viewers(90, 150, 260)
    live.viewers(120, 30, 265)
    live.likes(125, ben, 10, 5100)
    live.viewers(150, 60, 270)
    return live


def gross_every_way(path: Path, tmp_path: Path) -> tuple[Decimal, str, str]:
    """The creator gross of a recording: exact from the core, as `run` shows it, and as `run` shows the imported YAML."""
    exact = calculate(load_recording_scenario(str(path))[0]).creator_gross
    direct = invoke("run", path, "--format", "json")
    assert direct.exit_code == ExitCode.OK, direct.output
    imported = tmp_path / "imported.yaml"
    done = invoke("import", path, "-o", imported, "--force")
    assert done.exit_code == ExitCode.OK, done.output
    via_yaml = invoke("run", imported, "--format", "json")
    assert via_yaml.exit_code == ExitCode.OK, via_yaml.output
    shown = [json.loads(result.stdout)["scenarios"][0]["creator_gross"] for result in (direct, via_yaml)]
    return exact, shown[0], shown[1]


# --- the recorder ----------------------------------------------------------------------------


def test_each_event_is_one_line_written_whole_and_flushed(tt):
    class Spy(io.StringIO):
        name, writes, flushes = "spy.jsonl", 0, 0

        def write(self, text):
            self.writes += 1
            return super().write(text)

        def flush(self):
            self.flushes += 1

    live = busy_live(tt)
    spy = Spy()
    recorder = Recorder(spy, clock=lambda: START)
    for number, (_, event) in enumerate(live.events[:6], 1):
        (recorder.on_connect if event.get_type() == "ConnectEvent" else recorder.on_event)(event)
        assert spy.writes == spy.flushes == number  # one write per line, flushed at once
        assert spy.getvalue().endswith("\n") and spy.getvalue().count("\n") == number
    lines = [json.loads(line) for line in spy.getvalue().splitlines()]
    assert [list(line) for line in lines] == [["event", "received_at", "data"]] * 6
    assert [line["event"] for line in lines[:3]] == ["ConnectEvent", "RoomUserSeqEvent", "GiftEvent"]
    assert lines[0]["data"] == {"uniqueId": "ana_sings", "roomId": "7380000000000000001"}
    assert lines[1]["received_at"] == "2025-06-01T20:00:00.000000Z"
    gift = lines[2]["data"]  # the event's own to_dict(): camelCase, 64-bit integers as strings
    assert gift["giftId"] == "5655" and gift["groupId"] == "101" and gift["user"]["id"] == "7300000000000000001"
    assert gift["gift"] == {"id": "5655", "type": 1, "diamondCount": 1, "name": "Rose"}


def test_event_data_is_to_dict_even_for_events_parsed_off_the_wire(tt):
    """TikTokLive 7.0.1's to_dict() raises NameError on its ExtendedGift/ExtendedUser fields; event_data gives the same dict."""
    user = tt.User(id=123456789012345678, nickname="Ana", display_id="ana")
    built = [
        tt.GiftEvent(gift_id=5655, repeat_count=5, repeat_end=1, group_id=17, user=user,
                     gift=tt.Gift(id=5655, type=1, diamond_count=1, name="Rose")),
        tt.LikeEvent(count=15, total=1234, user=user),
        tt.RoomUserSeqEvent(total=120, total_user=3400),
    ]
    for event in built:
        parsed = type(event).parse(bytes(event))
        assert event_data(parsed) == event.to_dict() == event_data(event)
    assert event_data(built[0])["user"]["id"] == "123456789012345678"


def test_the_live_summary_counts_as_import_does(tt, tmp_path):
    live = busy_live(tt)
    times = iter([START + timedelta(seconds=seconds) for seconds, _ in live.events])
    summaries = []
    with open(tmp_path / "live.jsonl", "w", encoding="utf-8") as stream:
        recorder = Recorder(stream, clock=lambda: next(times), after_write=lambda: summaries.append(recorder.summary()))
        for _, event in live.events:
            (recorder.on_connect if event.get_type() == "ConnectEvent" else recorder.on_event)(event)
    recording = read_recording(tmp_path / "live.jsonl")
    assert len(summaries) == len(live.events)
    assert recording.coins == 30239
    assert summaries[-1] == f"{len(live.events)} events · 30,239 coins ($151.20 to the creator at $0.005 a coin) · 4,980 hearts · 60 viewers"


def test_appending_after_a_crash_removes_the_cut_off_line_first(tmp_path):
    path = tmp_path / "stream.jsonl"
    whole = '{"event": "LikeEvent", "received_at": "2025-06-01T20:00:00.000000Z", "data": {"total": "5"}}\n'
    path.write_text(whole + whole[:40], encoding="utf-8")
    assert prepare_append(str(path)) == 40
    assert path.read_text(encoding="utf-8") == whole
    assert prepare_append(str(path)) == 0  # ends with a whole line: left alone
    assert prepare_append(str(tmp_path / "new.jsonl")) == 0
    other = tmp_path / "notes.txt"
    other.write_text("shopping list\nmilk", encoding="utf-8")
    with pytest.raises(ValueError, match="not a recording"):
        prepare_append(str(other))
    assert other.read_text(encoding="utf-8") == "shopping list\nmilk"
    scenario = tmp_path / "show.yaml"  # a whole last line, but no recording: events are never appended to it
    scenario.write_text("name: Show\nstream: {duration_minutes: 60, average_viewers: 100}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a recording"):
        prepare_append(str(scenario))


# --- import: the gross equals TikTokLive's own value ------------------------------------------


def test_the_gross_equals_the_sum_of_tiktoklive_values(tt, tmp_path):
    live = busy_live(tt)
    path = live.record(tmp_path / "stream.jsonl")
    value = live.tiktoklive_value()
    assert value == Decimal("151.195")  # 30,239 coins (Rose 10, Finger Heart 15, Lion 29,999, Badge 15, Hand Hearts 200) at $0.005
    exact, shown, shown_from_yaml = gross_every_way(path, tmp_path)
    assert exact == value
    assert shown == shown_from_yaml == str(round_half_up(value)) == "151.20"
    _, warnings = load_recording_scenario(str(path))
    assert warnings == []


def test_what_the_recording_adds_up_to(tt, tmp_path):
    live = busy_live(tt)
    recording = read_recording(live.record(tmp_path / "stream.jsonl"))
    gifts = {(gift.name, gift.gift_id, gift.in_catalogue): (gift.coins_each, gift.count) for gift in recording.gifts}
    assert gifts == {
        ("Rose", 5655, True): (1, 10),  # 5 + 4 + 1: each combo once, on its final frame
        ("Finger Heart", 5487, True): (5, 3),
        ("Lion", 6369, True): (29999, 1),
        ("Birthday Badge", None, False): (15, 1),  # not in the catalogue: a custom gift at the event's price
        ("Hand Hearts", 5660, True): (100, 2),  # not streakable: once per event
    }
    # Hearts tapped while recording: the last (highest) like total minus the first one seen (120), not the sum of the
    # counts (55); the room's total since the LIVE began is kept beside it.
    assert (recording.hearts, recording.room_hearts) == (5100 - 120, 5100)
    # Viewers held 40 for 39 s, 120 for 20 s, 90 for 30 s, 150 for 30 s, 30 for 30 s; 60 at the last event.
    assert recording.average_viewers == Decimal("80.94")  # 12,060 / 149, to the cent
    assert (recording.peak_viewers, recording.total_viewers) == (150, 270)
    assert recording.duration_minutes == Decimal("2.5")  # 150 s from the first event to the last
    assert (recording.unique_id, recording.room_id, recording.sessions) == ("ana_sings", "7380000000000000001", 1)
    assert (recording.gift_events, recording.like_events, recording.viewer_events) == (20, 5, 6)


def test_an_open_streak_at_the_end_is_counted_as_far_as_seen_and_warned_about(tt, tmp_path):
    live = busy_live(tt)
    ben, rose = live.user(2, "ben"), live.gift_kind(5655, "Rose", 1, streakable=True)
    live.combo(160, ben, rose, 7, group=204, end=False)  # the recording stops mid-combo
    path = live.record(tmp_path / "stream.jsonl")
    scenario, warnings = load_recording_scenario(str(path))
    assert calculate(scenario).creator_gross == live.tiktoklive_value() + 7 * Decimal("0.005")  # value counts none of the 7
    (warning,) = warnings
    assert warning.line == len(path.read_text().splitlines())  # the streak's last frame
    assert str(warning).startswith(f"{path}:{warning.line}: a streak of Rose (1 coin each) from @ben (id 7300000000000000002)"
                                   " was still open when the recording ended, at 7 gifts — counted those 7;")
    result = invoke("run", path, "--format", "json")
    assert result.exit_code == ExitCode.OK  # a warning does not fail the run
    assert str(warning) in result.stderr and json.loads(result.stdout)["scenarios"][0]["coins"] == 30239 + 7
    assert "1 streak still open at the end" in read_text_of_import(path)

    closing = Live(tt)  # the final frame arrives after all: counted once, not twice
    closing.gift(170, ben, rose, 7, end=True, group=204)
    closing.record(path)
    scenario, warnings = load_recording_scenario(str(path))
    assert calculate(scenario).creator_gross == live.tiktoklive_value() + closing.tiktoklive_value()
    assert warnings == []


def read_text_of_import(path: Path) -> str:
    result = invoke("import", path)
    assert result.exit_code == ExitCode.OK, result.output
    return result.stdout


def test_a_truncated_last_line_is_left_out_with_a_warning(tt, tmp_path):
    live = busy_live(tt)
    path = live.record(tmp_path / "stream.jsonl")
    cut = Live(tt)
    cut.gift(155, live.user(2, "ben"), live.gift_kind(6369, "Lion", 29999, streakable=False), 1)
    cut.record(tmp_path / "cut.jsonl")
    half = (tmp_path / "cut.jsonl").read_bytes()[:90]  # the crash: the last line written in part
    with open(path, "ab") as stream:
        stream.write(half)
    lines = len(path.read_bytes().splitlines())
    exact, shown, shown_from_yaml = gross_every_way(path, tmp_path)
    assert exact == live.tiktoklive_value()  # the events written whole, and nothing of the cut one
    assert shown == shown_from_yaml == str(round_half_up(exact))
    _, warnings = load_recording_scenario(str(path))
    assert [str(w) for w in warnings] == [
        f"{path}:{lines}: the last line is cut off (the recording stopped mid-write): it was left out"
        " — nothing to do: every event before it is imported"]
    result = invoke("run", path)
    assert result.exit_code == ExitCode.OK and str(warnings[0]) in result.stderr


def test_a_combo_whose_final_frame_never_came_is_counted_as_far_as_seen(tt, tmp_path):
    live = Live(tt)
    ana, rose = live.user(1, "ana"), live.gift_kind(5655, "Rose", 1, streakable=True)
    live.connect(0)
    live.viewers(1, 10, 10)
    live.combo(2, ana, rose, 3, group=11, end=False)  # no final frame: a lost message
    live.combo(10, ana, rose, 2, group=12)  # the next combo, with its own group id
    live.combo(20, ana, rose, 4, group=0, end=False)  # without group ids, a count that goes down starts a new combo
    live.combo(30, ana, rose, 2, group=0)
    live.viewers(40, 12, 14)
    path = live.record(tmp_path / "stream.jsonl")
    recording = read_recording(path)
    assert [(gift.name, gift.count) for gift in recording.gifts] == [("Rose", 3 + 2 + 4 + 2)]
    assert recording.unended_streaks == 2
    first, second = recording.warnings
    assert (first.line, second.line) == (5, 12)
    assert first.message == ("a streak of Rose (1 coin each) from @ana (id 7300000000000000001) has no final frame, at 3 gifts:"
                             " another combo of that gift began on line 6")


def test_gifts_are_named_as_the_catalogue_names_them_at_the_recorded_price(tt, tmp_path):
    live = Live(tt)
    ana = live.user(1, "ana")
    live.connect(0)
    live.viewers(1, 10, 10)
    kinds = [
        live.gift_kind(5655, "rose", 1, streakable=False),  # by id: the catalogue's spelling
        live.gift_kind(5655, "Rose", 2, streakable=False),  # the same gift at another price: its own line, at that price
        live.gift_kind(424242, "Galaxy", 1000, streakable=False),  # an id the catalogue lacks, a name it has
        live.gift_kind(424243, "Heart", 10, streakable=False),  # a name with two prices: the entry at this one
        live.gift_kind(424244, "Yes", 7, streakable=False),  # not in the catalogue; a name YAML would read as true
        live.gift_kind(424245, "Ñandú: #1", 3, streakable=False),
    ]
    for second, kind in enumerate(kinds, 2):
        live.gift(second, ana, kind, 1)
    live.viewers(20, 10, 10)
    path = live.record(tmp_path / "stream.jsonl")
    recording = read_recording(path)
    assert [(g.name, g.gift_id, g.in_catalogue, g.coins_each) for g in recording.gifts] == [  # what earned most first
        ("Galaxy", None, True, 1000), ("Heart", 5480, True, 10), ("Yes", None, False, 7), ("Ñandú: #1", None, False, 3),
        ("Rose", 5655, True, 2), ("Rose", 5655, True, 1)]
    text = scenario_yaml(recording)
    assert '  - name: "Yes"  # id 424244, not in the catalogue\n' in text
    assert '  - name: "Ñandú: #1"  # id 424245, not in the catalogue\n' in text
    assert "  - gift: Galaxy  # recorded id 424242\n    coins: 1000\n    count: 1\n" in text
    assert calculate(load_recording_scenario(str(path))[0]).creator_gross == live.tiktoklive_value()


# --- the scenario file ------------------------------------------------------------------------


def test_the_written_scenario_reads_back_as_the_same_scenario_with_a_header(tt, tmp_path):
    live = busy_live(tt)
    live.combo(160, live.user(2, "ben"), live.gift_kind(5655, "Rose", 1, streakable=True), 3, group=9, end=False)
    path = live.record(tmp_path / "stream.jsonl")
    recording = read_recording(path)
    text = scenario_yaml(recording)
    from_yaml = scenario_from_document(parse_document(text, "imported.yaml"))
    from_recording, _ = load_recording_scenario(str(path))
    # the same scenario; its plausibility warnings name the file they were read from, so they are left out
    assert from_yaml._replace(warnings=()) == from_recording._replace(source="imported.yaml", warnings=())
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[0] == f"# Imported by tiktok-earnings 0.1.0 from the LIVE recording {path}"
    assert header[1] == "# Recorded: @ana_sings (room 7380000000000000001), 2025-06-01 20:00:00 to 20:02:41 UTC (2.6917 min)"
    assert "# Not known from a recording:" in header
    assert any("gifts sent before connecting" in line for line in header)
    assert any("1 streak still open at the end: counted as far as seen (3 coins)" in line for line in header)
    assert text.splitlines()[len(header):][:6] == [
        'name: "@ana_sings LIVE, 2025-06-01 20:00 UTC"', "stream:", "  duration_minutes: 2.6917", "  average_viewers: 79.44",
        "hearts: 4980", "gifts:"]  # tapped while recording: 5,100 less the first like total seen, 120


def test_import_writes_to_stdout_or_to_a_file_it_never_overwrites_unasked(tt, tmp_path):
    path = busy_live(tt).record(tmp_path / "stream.jsonl")
    to_stdout = invoke("import", path)
    assert to_stdout.exit_code == ExitCode.OK and to_stdout.stdout.startswith("# Imported by tiktok-earnings")
    assert to_stdout.stderr == ""
    target = tmp_path / "stream.yaml"
    written = invoke("import", path, "-o", target)
    assert written.exit_code == ExitCode.OK, written.output
    assert target.read_text(encoding="utf-8") == to_stdout.stdout and written.stdout == ""
    assert f"Wrote {target} from {path}:" in written.stderr and f"tiktok-earnings run {target}" in written.stderr
    again = invoke("import", path, "-o", target)
    assert again.exit_code == ExitCode.INPUT_ERROR
    assert again.stderr == f"tiktok-earnings: {target} already exists — give another -o file, or add --force to overwrite it\n"
    assert invoke("import", path, "-o", target, "--force").exit_code == ExitCode.OK
    assert invoke("import", path, "-o", path, "--force").exit_code == ExitCode.INPUT_ERROR
    assert path.read_text(encoding="utf-8").startswith('{"event": "ConnectEvent"')


# --- bad recordings ---------------------------------------------------------------------------


HINT = "each line is one event as `tiktok-earnings record` writes it; fix or delete this line"


@pytest.mark.parametrize(("name", "line", "message"), [
    ("broken-json", 4, "not a JSON line: Expecting property name enclosed in double quotes at the end of the line — " + HINT),
    ("no-time-zone", 3, "`received_at` '2025-06-01T20:00:10' has no time zone — write UTC times, ending in Z or +00:00"),
    ("bad-repeat-count", 4, "GiftEvent: `data.repeatCount` must be a whole number >= 0, not 'two' — " + HINT),
    ("missing-data", 6, 'missing `data` — a line is a JSON object {"event": …, "received_at": …, "data": {…}}'),
    ("not-an-object", 2, 'a line must be a JSON object {"event": …, "received_at": …, "data": {…}} — ' + HINT),
    ("no-viewer-counts", None, "no viewer counts in the recording (no RoomUserSeqEvent lines)"
                               " — record for at least a minute: TikTok sends the viewer count every few seconds"),
    ("empty", None, "the recording holds no events — record a LIVE with `tiktok-earnings record @name --out FILE.jsonl`"),
])
def test_a_bad_recording_is_one_line_per_problem_and_exit_2(name, line, message):
    path = RECORDINGS / f"{name}.jsonl"
    where = f"{path}:{line}" if line else str(path)
    for command in ("run", "import", "validate"):
        result = invoke(command, path)
        assert result.exit_code == ExitCode.INPUT_ERROR, result.output
        assert result.stdout == "" and "Traceback" not in result.output
        assert result.stderr.splitlines()[0] == f"{where}: {message}"


def test_the_truncated_fixture_imports_with_its_warning():
    path = RECORDINGS / "truncated-last-line.jsonl"
    result = invoke("run", path, "--format", "json")
    assert result.exit_code == ExitCode.OK
    assert json.loads(result.stdout)["scenarios"][0]["coins"] == 3
    assert result.stderr.startswith(f"{path}:8: the last line is cut off")


def test_many_bad_lines_are_reported_up_to_a_limit(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("not json\n" * 25, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_recording(path)
    assert len(caught.value.problems) == 21
    assert [p.line for p in caught.value.problems[:20]] == list(range(1, 21))
    assert str(caught.value.problems[-1]) == f"{path}: … and 5 more bad lines — fix the lines above first"


def test_a_missing_file_or_a_folder_is_one_line():
    for path, message in ((RECORDINGS / "missing.jsonl", "no such file — check the path"),
                          (RECORDINGS, "is a directory, not a recording — give the path of a .jsonl file")):
        with pytest.raises(InputError) as caught:
            read_recording(path)
        assert str(caught.value) == f"{path}: {message}"


# --- run, validate and folders ----------------------------------------------------------------


def test_run_and_validate_take_recordings_also_in_folders(tt, tmp_path):
    (tmp_path / "streams").mkdir()
    busy_live(tt).record(tmp_path / "streams" / "b-live.jsonl")
    (tmp_path / "streams" / "a.yaml").write_text("stream: {duration_minutes: 60, average_viewers: 10}\n", encoding="utf-8")
    files, problems = collect([str(tmp_path / "streams")])
    assert [Path(f).name for f in files] == ["a.yaml", "b-live.jsonl"] and problems == []
    result = invoke("run", tmp_path / "streams", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert [s["name"] for s in json.loads(result.stdout)["scenarios"]] == ["a", "@ana_sings LIVE, 2025-06-01 20:00 UTC"]
    checked = invoke("validate", tmp_path / "streams")
    assert checked.exit_code == ExitCode.OK and checked.stderr.endswith("2 files checked: all valid\n")
    # a recording's scenario is checked for plausibility like any other: this one's hearts rate is beyond the evidence
    assert "b-live.jsonl:31: warning: 24.6 hearts per viewer-minute over k (h/k)" in checked.stderr


def test_the_bundled_example_recording_runs_cleanly():
    result = invoke("run", EXAMPLE, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr == ""
    (scenario,) = json.loads(result.stdout)["scenarios"]
    assert scenario["name"] == "@example_creator LIVE, 2025-06-01 20:00 UTC"
    assert scenario["creator_gross"] == str(round_half_up(scenario["coins"] * Decimal("0.005")))


def test_the_bundled_example_is_what_the_recorder_writes(tt, tmp_path, request):
    """configs/recorded-stream.jsonl is made by example_live() through the recorder: regenerate it with --update-golden."""
    live = example_live(tt)
    path = live.record(tmp_path / "recorded-stream.jsonl")
    if request.config.getoption("--update-golden"):
        EXAMPLE.write_bytes(path.read_bytes())
    assert path.read_bytes() == EXAMPLE.read_bytes(), "rerun with --update-golden if the change is on purpose"
    exact = calculate(load_recording_scenario(str(EXAMPLE))[0]).creator_gross
    assert exact == live.tiktoklive_value()


def example_live(tt) -> Live:
    """A 10-minute evening LIVE of a singer: 14 gifters, combos, a few big gifts, one gift the catalogue lacks."""
    rng = random.Random(20250601)
    live = Live(tt)
    handles = ["mira.k", "tomasz88", "lena_music", "jojo", "sam_on_air", "ritu", "kai.w", "noor", "bex", "ollie_t",
               "yuki", "dani.r", "fern", "marco_p"]
    users = [live.user(100 + i, handle) for i, handle in enumerate(handles)]
    streakable = [live.gift_kind(5655, "Rose", 1, True), live.gift_kind(5487, "Finger Heart", 5, True),
                  live.gift_kind(5827, "Ice Cream Cone", 1, True), live.gift_kind(5658, "Perfume", 20, True),
                  live.gift_kind(5879, "Doughnut", 30, True)]
    singles = [live.gift_kind(7934, "Heart Me", 1, False), live.gift_kind(5660, "Hand Hearts", 100, False),
               live.gift_kind(6267, "Corgi", 299, False), live.gift_kind(13651, "Stage Light", 99, False)]
    live.connect(0, unique_id="example_creator", room_id=7_380_123_456_789_012_345)
    seconds, likes, viewers, joined, group, next_count = 0.0, 1250, 35, 48, 1_700_000_000, 2.0
    while seconds < 10 * 60 - 15:
        seconds = round(seconds + rng.uniform(2.0, 7.0), 3)
        if seconds >= next_count:  # TikTok sends the viewer count every 15 s or so
            change = rng.randint(-6, 14) if seconds < 360 else rng.randint(-12, 4)
            viewers = max(5, viewers + change)
            joined += max(0, change) + rng.randint(0, 3)
            live.viewers(seconds, viewers, joined)
            next_count = seconds + rng.uniform(12, 18)
        roll = rng.random()
        if roll < 0.55:
            count = rng.randint(1, 15)
            likes += count + rng.randint(0, 40)  # the room total also counts likes not reported one by one
            live.likes(seconds, rng.choice(users), count, likes)
        elif roll < 0.85:
            group += 1
            seconds = live.combo(seconds, rng.choice(users), rng.choices(streakable, [50, 20, 15, 10, 5])[0],
                                 rng.randint(1, 8), group, step=round(rng.uniform(0.2, 0.6), 3))
        else:
            live.gift(seconds, rng.choice(users), rng.choices(singles, [40, 30, 8, 5])[0], 1)
    live.viewers(10 * 60, viewers, joined)
    return live


# --- start-up and layers ----------------------------------------------------------------------


def test_the_core_and_the_recorder_import_neither_the_terminal_layer_nor_tiktoklive():
    code = ("import sys, tiktok_earnings.live.reader, tiktok_earnings.live.recorder, tiktok_earnings.cli\n"
            "print('\\n'.join(sys.modules))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert "tiktok_earnings.live.recorder" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("TikTokLive", "TikTokLiveProto", "betterproto2")}
    bare = subprocess.run([sys.executable, "-c", "import sys, tiktok_earnings.live.reader\nprint('\\n'.join(sys.modules))"],
                          capture_output=True, text=True, check=True).stdout.split()
    assert not {name for name in bare if name.split(".")[0] in ("typer", "rich", "click")}
    cli_only = subprocess.run([sys.executable, "-c", "import sys, tiktok_earnings.cli\nprint('\\n'.join(sys.modules))"],
                              capture_output=True, text=True, check=True).stdout.split()
    assert not {"tiktok_earnings.live.reader", "tiktok_earnings.live.tally", "tiktok_earnings.live.recorder"} & set(cli_only)


def test_record_without_tiktoklive_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "TikTokLive", None)  # import TikTokLive now raises ImportError
    result = invoke("record", "@ana", "--out", tmp_path / "stream.jsonl")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr == ("tiktok-earnings: TikTokLive is not installed, and `record` needs it to connect to TikTok"
                             " — install the live extra: pip install 'tiktok-earnings[live]'\n")
    assert not (tmp_path / "stream.jsonl").exists()


@pytest.mark.parametrize("command", ["record", "import"])
def test_live_commands_have_help_with_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == ExitCode.OK, result.output
    assert "Example" in result.stdout and f"tiktok-earnings {command}" in result.stdout
    if command == "record":  # not eaten as Rich markup
        assert "pip install 'tiktok-earnings[live]'" in " ".join(result.stdout.split())


# --- memory -----------------------------------------------------------------------------------


def synthetic(path: Path, events: int) -> Path:
    """A recording of `events` lines, written as the recorder writes them (no TikTokLive needed)."""
    rng = random.Random(events)
    at = START
    with open(path, "w", encoding="utf-8") as out:
        for number in range(events):
            at += timedelta(milliseconds=rng.randint(5, 50))
            user = {"id": str(7_300_000_000_000_000_000 + rng.randrange(500)), "nickname": "x", "displayId": "x"}
            if number % 10 == 0:
                kind, data = "RoomUserSeqEvent", {"total": str(rng.randint(50, 90)), "totalUser": str(number)}
            elif number % 2:
                kind, data = "LikeEvent", {"count": 3, "total": str(number)}
            else:
                kind, data = "GiftEvent", {"giftId": "5655", "repeatCount": 1, "user": user, "repeatEnd": 1,
                                           "gift": {"id": "5655", "type": 1, "diamondCount": 1, "name": "Rose"}}
            out.write(json.dumps({"event": kind, "received_at": iso_utc(at), "data": data}) + "\n")
    return path


def test_memory_does_not_grow_with_the_recording(tmp_path):
    load_catalogue()
    peaks = []
    for events in (2_000, 20_000):
        path = synthetic(tmp_path / f"{events}.jsonl", events)
        tracemalloc.start()
        recording = read_recording(path)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert recording.events == events
    assert peaks[1] - peaks[0] < 64 * 1024, peaks  # ten times the events, the same memory (not ten times it)


# --- the record command, with a stand-in for TikTokLive's client --------------------------------


class FakeClient:
    """Stands in for TikTokLiveClient: `start` raises `refusal`, if set; else its task hands the listeners `script`'s
    events, then raises `ending` if set, or ends the LIVE (LiveEndEvent) as TikTok does."""

    script: ClassVar[list] = []
    ending: ClassVar[BaseException | None] = None
    refusal: ClassVar[BaseException | None] = None

    def __init__(self, unique_id: str, ws_kwargs: dict | None = None) -> None:
        self.unique_id = unique_id
        self.listeners: dict[str, list] = {}
        self.web = SimpleNamespace(close=self._closed)

    async def _closed(self) -> None:
        pass

    def add_listener(self, event, handler) -> None:
        self.listeners.setdefault(event.get_type(), []).append(handler)

    async def start(self) -> asyncio.Task:
        if self.refusal is not None:
            raise self.refusal
        return asyncio.get_running_loop().create_task(self._play())

    async def _play(self) -> None:
        from TikTokLive.events import LiveEndEvent

        for event in [*self.script, *([] if self.ending is not None else [LiveEndEvent()])]:
            for handler in self.listeners.get(event.get_type(), []):
                handler(event)
        if self.ending is not None:
            raise self.ending


@pytest.fixture
def fake_client(tt, monkeypatch):
    monkeypatch.setattr("TikTokLive.TikTokLiveClient", FakeClient)
    live = busy_live(tt)
    monkeypatch.setattr(FakeClient, "script", [event for _, event in live.events])
    return live


def test_record_writes_what_the_client_hands_over_until_the_live_ends(fake_client, monkeypatch, tmp_path):
    path = tmp_path / "stream.jsonl"
    result = invoke("record", "@ana_sings", "--out", path)
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr.startswith(f"Recording @ana_sings to {path} (Ctrl-C to stop) …\n1 event · 0 coins")
    assert result.stderr.endswith(f"4,980 hearts · 60 viewers\nthe LIVE ended; the recording is in {path}\n")
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(fake_client.events)
    assert calculate(load_recording_scenario(str(path))[0]).creator_gross == fake_client.tiktoklive_value()


def test_record_stopped_with_ctrl_c_keeps_the_recording_and_exits_130(fake_client, monkeypatch, tmp_path):
    monkeypatch.setattr(FakeClient, "ending", KeyboardInterrupt())
    path = tmp_path / "stream.jsonl"
    result = invoke("record", "ana_sings", "-o", path)
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stderr.endswith(f"stopped; the recording is in {path}\n")
    assert invoke("run", path).exit_code == ExitCode.OK


def test_record_when_the_creator_is_not_live_exits_2(fake_client, monkeypatch, tmp_path):
    from TikTokLive.client.errors import UserOfflineError

    monkeypatch.setattr(FakeClient, "refusal", UserOfflineError())
    result = invoke("record", "@ana_sings", "--out", tmp_path / "stream.jsonl")
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr.endswith("tiktok-earnings: @ana_sings is not LIVE now — start recording once their LIVE has begun\n")


def test_record_that_cannot_write_stops_with_one_line_not_a_reconnect(fake_client, monkeypatch, tmp_path):
    """A full disk while recording is not a dropped connection: one line, exit 2, and what was written is kept."""
    import errno

    written = []

    def write_until_full(self, kind, data):
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(kind)
        original(self, kind, data)

    original = Recorder.write
    monkeypatch.setattr(Recorder, "write", write_until_full)
    path = tmp_path / "stream.jsonl"
    result = invoke("record", "@ana_sings", "-o", path)
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert result.stderr.splitlines()[-1] == (
        f"tiktok-earnings: {path}: cannot write the recording: No space left on device — free some space (or check the"
        " disk), then rerun with the same --out to append to it")
    assert "connecting again" not in result.stderr
    assert len(path.read_text(encoding="utf-8").splitlines()) == 3
