"""`tiktok-earnings record` end to end: the tool as a user runs it, through TikTokLive's own client, against a
local stand-in for TikTok (tests/standin_tiktok.py).

Each test starts the stand-in on 127.0.0.1, runs `tiktok-earnings record` in a subprocess pointed at it
(tests/standin_site/sitecustomize.py sets TikTokLive's base URLs there), and drives the LIVE from here:
the messages are TikTokLive's own proto classes, sent in push frames as TikTok sends them, so the client
decodes what it would decode from TikTok. Nothing is slept for: the tests wait for the client to enter
the room, for its ack of a barrier frame (it acks only after handling every frame before), and for the
process to end, each with a generous timeout for a loaded machine.
"""

import json
import os
import signal
from pathlib import Path

import pytest

from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode

from .cli_runner import CliRunner

if not os.environ.get("CI"):
    pytest.importorskip("TikTokLive", reason="TikTokLive is not installed (the `live` extra): pip install -e '.[live]'")

from .standin_tiktok import StandIn, record_process

pytestmark = pytest.mark.filterwarnings("ignore:websockets:DeprecationWarning")

EXIT_TIMEOUT = 120.0  # seconds for `record` to end once told to: generous, for a loaded 2-core machine
ROOM = 7_380_000_000_000_000_001
HOST = "ana_sings"


class Recording:
    """`tiktok-earnings record @NAME -o FILE` running in a subprocess, pointed at the stand-in."""

    def __init__(self, url: str, out: Path, name: str = HOST, waits: str = "") -> None:
        self.out = out
        self.process = record_process(url, out, name, waits)

    def finish(self) -> tuple[int, str]:
        """Wait for `record` to end: its exit code and stderr."""
        _, stderr = self.process.communicate(timeout=EXIT_TIMEOUT)
        return self.process.returncode, stderr

    def lines(self) -> list[dict]:
        """The recording, every line whole: each ends with a newline and is one JSON object."""
        text = self.out.read_text(encoding="utf-8")
        assert text.endswith("\n"), "the recording ends mid-line"
        return [json.loads(line) for line in text.splitlines()]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def tiktok():
    with StandIn() as standin:
        standin.room(HOST, ROOM)
        yield standin


@pytest.fixture
def record(tiktok, tmp_path):
    """Start `record` against the stand-in (killed at the end of the test if still running)."""
    started: list[Recording] = []

    def start(name: str = HOST, out: Path | None = None, waits: str = "", url: str = "") -> Recording:
        started.append(Recording(url or tiktok.url, out or tmp_path / "stream.jsonl", name, waits))
        return started[-1]

    yield start
    for recording in started:
        recording.kill()


# --- what TikTok sends: TikTokLive's own proto messages ---------------------------------------


def proto():
    from TikTokLive import proto
    from TikTokLiveProto.v3.webcast import im

    return proto, im


def user(number: int):
    proto_, _ = proto()
    return proto_.User(id=7_300_000_000_000_000_000 + number, nickname=f"Fan {number}", display_id=f"fan_{number}")


def gift_kind(gift_id: int, name: str, coins: int, streakable: bool):
    proto_, _ = proto()
    return proto_.Gift(id=gift_id, type=1 if streakable else 2, diamond_count=coins, name=name)


def gift(who, kind, count: int, end: bool, group: int):
    proto_, _ = proto()
    return proto_.WebcastGiftMessage(gift_id=kind.id, gift=kind, user=who, repeat_count=count,
                                     repeat_end=1 if end else 0, group_id=group)


def likes(who, count: int, total: int):
    proto_, _ = proto()
    return proto_.WebcastLikeMessage(user=who, count=count, total=total)


def viewers(total: int, total_user: int):
    proto_, _ = proto()
    return proto_.WebcastRoomUserSeqMessage(total=total, total_user=total_user)


def joined(who):
    proto_, _ = proto()
    return proto_.WebcastMemberMessage(user=who, member_count=50)


def normal_live() -> list:
    """265 messages in 20 rounds, worked by hand:

    - gifts: a Rose streak (1 coin, streakable) of 5 taps a round, 5 running frames and the final one: 20 × 5 = 100
      coins; Hand Hearts (100 coins, not streakable) in rounds 0–9: 1,000 coins; a Lion (29,999) in rounds 5 and 15:
      59,998 coins. In all 61,098 coins, and at the default $0.005 a coin the creator gross is $305.49.
    - likes: 4 a round, the room's total from 1,000 up by 10 each: 1,000 … 1,790, so 790 hearts tapped while recording.
    - a viewer count a round (40 + round); 30 viewers joining (member messages: not recorded);
    - a battle: opened in round 8, a score in round 9, finished in round 10.
    """
    proto_, im = proto()
    rose, hands, lion = gift_kind(5655, "Rose", 1, True), gift_kind(5660, "Hand Hearts", 100, False), \
        gift_kind(6369, "Lion", 29999, False)
    battle = {8: proto_.WebcastLinkMicBattle(battle_id=77, action=im.LinkMicBattleBattleAction.OPEN),
              9: proto_.WebcastLinkMicArmies(battle_id=77, trigger_reason=im.LinkMicArmiesTriggerReason.SCORE_UPDATE),
              10: proto_.WebcastLinkMicBattle(battle_id=77, action=im.LinkMicBattleBattleAction.FINISH)}
    messages: list = []
    like_total = 1000
    for round_ in range(20):
        fan = user(round_ % 7)
        messages.append(viewers(40 + round_, 100 + 3 * round_))
        messages.extend(joined(user(100 + 2 * round_ + n)) for n in range(2 if round_ % 2 == 0 else 1))
        if round_ in battle:
            messages.append(battle[round_])
        for tap in range(1, 6):
            messages.append(gift(fan, rose, tap, end=False, group=1000 + round_))
            if tap % 2:
                messages.append(likes(fan, 10, like_total))
                like_total += 10
        messages.append(gift(fan, rose, 5, end=True, group=1000 + round_))
        messages.append(likes(user(50), 10, like_total))
        like_total += 10
        if round_ < 10:
            messages.append(gift(user(20 + round_), hands, 1, end=True, group=2000 + round_))
        if round_ in (5, 15):
            messages.append(gift(user(30), lion, 1, end=True, group=3000 + round_))
    return messages


def expected_lines(messages: list) -> list[tuple[str, dict]]:
    """What `record` writes for `messages`: each message TikTokLive has an event for that `record` keeps, as
    (event, data), data being the message read back from its bytes by its own proto class (not TikTokLive's event)."""
    from TikTokLive.events.proto_events import EVENT_MAPPINGS

    from tiktok_earnings.live.connection import RECORDED_EVENTS

    kept = []
    for message in messages:
        event = EVENT_MAPPINGS[type(message).__name__].get_type()
        if event in RECORDED_EVENTS:
            kept.append((event, type(message).parse(bytes(message)).to_dict()))
    return kept


def recorded(lines: list[dict]) -> list[tuple[str, dict]]:
    return [(line["event"], line["data"]) for line in lines if line["event"] != "ConnectEvent"]


def identities(lines: list[dict]) -> list[tuple]:
    """Each recorded line by what tells it apart in a burst: a like by its room total, a gift by its group and sender,
    a viewer count by its total. (Checking whole lines, as the normal LIVE does, costs about 15 ms an event here:
    betterproto2's own to_dict without the recorder's cache.)"""
    kinds = {"LikeEvent": ("total",), "GiftEvent": ("groupId", "user"), "RoomUserSeqEvent": ("total",)}
    return [(line["event"], *(json.dumps(line["data"].get(key), sort_keys=True) for key in kinds[line["event"]]))
            for line in lines if line["event"] != "ConnectEvent"]


def sent_identities(messages: list) -> list[tuple]:
    """`identities` of what `record` writes for `messages`, worked out from the messages themselves."""
    found = []
    for message in messages:
        name = type(message).__name__
        if name == "WebcastLikeMessage":
            found.append(("LikeEvent", json.dumps(str(message.total))))
        elif name == "WebcastGiftMessage":
            sender = {"id": str(message.user.id), "nickname": message.user.nickname, "displayId": message.user.display_id}
            found.append(("GiftEvent", json.dumps(str(message.group_id)), json.dumps(sender, sort_keys=True)))
        elif name == "WebcastRoomUserSeqMessage":
            found.append(("RoomUserSeqEvent", json.dumps(str(message.total))))
    return found


def run_json(path: Path) -> dict:
    result = CliRunner().invoke(app, ["run", str(path), "--format", "json"], prog_name="tiktok-earnings")
    assert result.exit_code == ExitCode.OK, result.output
    return json.loads(result.stdout)["scenarios"][0]


# --- a LIVE from start to end ------------------------------------------------------------------


def test_a_normal_live_is_recorded_as_sent_and_runs_to_the_money_worked_by_hand(tiktok, record):
    messages = normal_live()
    assert len(messages) == 265
    recording = record()
    link = tiktok.next_link()
    assert link.gzip  # TikTokLive asks for gzipped frames, as from TikTok; the stand-in sends them so
    link.send(messages, per_frame=7)
    link.end_live()
    code, stderr = recording.finish()
    assert code == ExitCode.OK, stderr
    lines = recording.lines()
    assert lines[0]["event"] == "ConnectEvent" and lines[0]["data"] == {"uniqueId": HOST, "roomId": str(ROOM)}
    assert recorded(lines) == expected_lines(messages)  # every gift, like, viewer count and battle event, in order
    assert len(lines) == 1 + 265 - 30  # the connect line; the 30 joins are not recorded
    assert stderr.startswith(f"Recording @{HOST} to {recording.out} (Ctrl-C to stop) …\n")
    assert stderr.endswith(f" · 61,098 coins ($305.49 to the creator at $0.005 a coin) · 790 hearts · 59 viewers\n"
                           f"the LIVE ended; the recording is in {recording.out}\n")
    report = run_json(recording.out)
    assert (report["coins"], report["creator_gross"]) == (61_098, "305.49")
    assert {(row["gift"], row["count"], row["coins"]) for row in report["gifts"]} == {
        ("Rose", 100, 100), ("Hand Hearts", 10, 1_000), ("Lion", 2, 59_998)}
    assert report["recording"]["hearts"] == {"while_recording": 790, "room_total": 1_790}
    assert [battle["coins"] >= 0 for battle in report["recording"]["battles"]] == [True]  # one battle, opened and closed
    assert tiktok.requests.paths()[:4] == ["/@ana_sings/live", "/webcast/room/check_alive/", "/webcast/fetch",
                                           "/webcast/im/push/v2/"]


def test_a_burst_of_6000_events_at_full_speed_loses_none(tiktok, record):
    """A viewer count, then 6,000 events, 20 to a frame, sent as fast as the connection takes them: 2,000 Hand Hearts
    (100 coins each) and 4,000 likes whose room total counts 1 … 4,000."""
    hands = gift_kind(5660, "Hand Hearts", 100, False)
    messages = [viewers(1500, 4000)] + [
        gift(user(n % 500), hands, 1, end=True, group=n + 1) if n % 3 == 0 else likes(user(n % 500), 1, n - n // 3)
        for n in range(6000)]
    recording = record()
    link = tiktok.next_link()
    link.send_frames(link.frames(messages, 20), timeout=600)
    link.barrier(timeout=600)
    link.end_live()
    code, stderr = recording.finish()
    assert code == ExitCode.OK, stderr
    lines = recording.lines()
    assert len(lines) == 1 + 6001
    assert identities(lines) == sent_identities(messages)  # every event, once, in the order sent
    report = run_json(recording.out)
    assert (report["coins"], report["creator_gross"]) == (200_000, "1000.00")
    assert report["recording"]["hearts"] == {"while_recording": 3_999, "room_total": 4_000}


# --- stopping short ----------------------------------------------------------------------------


def test_ctrl_c_mid_burst_exits_130_with_every_line_whole(tiktok, record):
    """SIGINT while frames are still coming: what was recorded is exactly the first events sent, each line whole."""
    messages = [viewers(300, 900)] + [likes(user(n % 50), 1, n + 1) for n in range(4_000)]
    recording = record()
    link = tiktok.next_link()
    frames = link.frames(messages, 10)
    link.send_past_barrier(frames[:50], frames[50:])  # returns once the first 500 are handled; the rest streams on
    recording.process.send_signal(signal.SIGINT)
    code, stderr = recording.finish()
    assert code == ExitCode.INTERRUPTED, stderr
    assert stderr.endswith(f"stopped; the recording is in {recording.out}\n")
    lines = recording.lines()
    written = identities(lines)
    assert len(written) >= 500  # the first 50 frames; then SIGINT, with some 3,500 events still to come
    assert written == sent_identities(messages[:len(written)])  # a whole prefix: nothing skipped, nothing cut
    assert run_json(recording.out)["recording"]["hearts"]["room_total"] == len(written) - 1


@pytest.mark.parametrize("how", ["cut", "closed"])
def test_a_dropped_connection_is_made_again_and_the_recording_goes_on(tiktok, record, how):
    """The TCP connection cut (no close frame), or TikTok closing it without ending the LIVE: `record` says so,
    connects again, and appends to the same recording, one session (one connect line)."""
    first = [likes(user(1), 5, 100 + n) for n in range(50)]
    second = [likes(user(2), 5, 200 + n) for n in range(50)]
    recording = record()
    link = tiktok.next_link()
    link.send(first)
    link.barrier()
    link.drop() if how == "cut" else link.close()
    again = tiktok.next_link()
    again.send(second)
    again.end_live()
    code, stderr = recording.finish()
    assert code == ExitCode.OK, stderr
    lines = recording.lines()
    assert [line["event"] for line in lines].count("ConnectEvent") == 1
    assert recorded(lines) == expected_lines(first + second)
    dropped = ("the connection to @ana_sings's LIVE dropped (" if how == "cut"
               else "TikTok closed the connection to @ana_sings's LIVE without ending the LIVE")
    assert f"\n{dropped}" in stderr and "; connecting again in 1 s (try 1 of 5) …\n" in stderr
    assert "\nconnected again to @ana_sings's LIVE; what was sent while the connection was down is not recorded\n" in stderr
    assert stderr.endswith(f"the LIVE ended; the recording is in {recording.out}\n")


def test_a_live_that_ended_while_the_connection_was_down_ends_the_recording(tiktok, record):
    recording = record()
    link = tiktok.next_link()
    link.send([viewers(10, 20), likes(user(1), 5, 100)])
    link.barrier()
    tiktok.rooms[HOST].live = False
    link.drop()
    code, stderr = recording.finish()
    assert code == ExitCode.OK, stderr
    assert "\n@ana_sings is no longer LIVE: the LIVE ended while the connection was down\n" in stderr
    assert stderr.endswith(f"the LIVE ended; the recording is in {recording.out}\n")
    assert len(recording.lines()) == 3


def test_when_connecting_again_keeps_failing_record_gives_up_with_exit_2_and_a_whole_recording(tiktok, record):
    recording = record(waits="0.1,0.2")
    link = tiktok.next_link()
    link.send([viewers(10, 20), likes(user(1), 5, 100)])
    link.barrier()
    tiktok.sign_refusal = (403, {"message": "no permission", "code": 403})
    link.drop()
    code, stderr = recording.finish()
    assert code == ExitCode.INPUT_ERROR, stderr
    assert ("\ncould not connect again (the signing service refused (HTTP 403: no permission)); connecting again in 0.2 s"
            " (try 2 of 2) …\n") in stderr
    assert stderr.splitlines()[-1] == (
        "tiktok-earnings: the connection to @ana_sings's LIVE dropped (no close frame received or sent), and 2 tries to"
        " connect again failed (the last: the signing service refused (HTTP 403: no permission)) — the recording so far"
        " is in "
        f"{recording.out}; rerun with the same --out to append to it")
    assert len(recording.lines()) == 3


# --- not recording at all: one line, exit 2, no file -------------------------------------------


REFUSALS = {
    "offline": ("ana_sings", "tiktok-earnings: @ana_sings is not LIVE now — start recording once their LIVE has begun"),
    "unknown": ("nobody_here", "tiktok-earnings: no TikTok user @nobody_here — check the name: it is the part after @ in"
                               " their profile's address"),
    "sign refuses": ("ana_sings", "tiktok-earnings: the signing service TikTokLive connects through refused to sign the"
                                  " connection (HTTP 403: no permission) — try again in a few minutes; if it keeps"
                                  " refusing, update TikTokLive: pip install -U 'tiktok-earnings[live]'"),
    "sign rate limit": ("ana_sings", "tiktok-earnings: the signing service TikTokLive connects through refused: too many"
                                     " connections were started — wait a few minutes, then rerun"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_no_live_to_record_is_one_line_exit_2_and_no_file(tiktok, record, tmp_path, case):
    name, message = REFUSALS[case]
    if case == "offline":
        tiktok.rooms[HOST].live = False
    elif case == "sign refuses":
        tiktok.sign_refusal = (403, {"message": "no permission", "code": 403})
    elif case == "sign rate limit":
        tiktok.sign_refusal = (429, {"message": "Too many connections started", "limit_label": "day"})
    recording = record(name)
    code, stderr = recording.finish()
    assert (code, stderr) == (ExitCode.INPUT_ERROR, message + "\n")
    assert not recording.out.exists()
    assert "/webcast/im/push/v2/" not in tiktok.requests.paths()


def test_no_network_is_one_line_exit_2_and_an_earlier_recording_is_kept(record, tmp_path):
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text('{"event": "LikeEvent", "received_at": "2025-06-01T20:00:00.000000Z", "data": {}}\n',
                       encoding="utf-8")
    before = earlier.read_bytes()
    with StandIn() as gone:
        url = gone.url  # once it has stopped, nothing listens there
    recording = record(out=earlier, url=url)
    code, stderr = recording.finish()
    assert code == ExitCode.INPUT_ERROR, stderr
    assert stderr.startswith("tiktok-earnings: could not connect to @ana_sings's LIVE: ")
    assert stderr.endswith(" — check the network connection (and any proxy) and the name, then rerun\n")
    assert stderr.count("\n") == 1
    assert earlier.read_bytes() == before


def test_on_a_terminal_a_failure_is_still_one_line(tiktok, tmp_path):
    """On a terminal, `Connecting to @name's LIVE …` shows while it connects, and is rubbed out for the error."""
    tiktok.rooms[HOST].live = False
    terminal, their_end = os.openpty()
    process = record_process(tiktok.url, tmp_path / "stream.jsonl", HOST, stderr=their_end)
    os.close(their_end)
    try:
        process.communicate(timeout=EXIT_TIMEOUT)
        shown = b""
        while True:
            try:
                chunk = os.read(terminal, 4096)
            except OSError:  # the other end is closed: all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(terminal)
        if process.poll() is None:
            process.kill()
    assert process.returncode == ExitCode.INPUT_ERROR
    assert shown.decode() == ("\r\x1b[KConnecting to @ana_sings's LIVE …\r\x1b[Ktiktok-earnings: @ana_sings is not LIVE now"
                              " — start recording once their LIVE has begun\r\n")
