"""A recording's own story: hearts in the recorded window, every gifter, minute by minute, guests, battles.

The recordings here are written line by line as `record` writes them, so every figure can be worked by hand.
"""

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiktok_earnings.cli import app
from tiktok_earnings.errors import ExitCode
from tiktok_earnings.live.reader import load_recording, read_recording
from tiktok_earnings.live.scenario_yaml import scenario_yaml
from tiktok_earnings.live.tally import Tally

from .cli_runner import CliRunner

pytestmark = pytest.mark.filterwarnings("ignore:websockets:DeprecationWarning")


def invoke(*args: object):
    return CliRunner().invoke(app, [str(arg) for arg in args], prog_name="tiktok-earnings")


START = datetime(2025, 6, 1, 20, 0, tzinfo=UTC)
ROSE = {"id": "5655", "type": 1, "diamondCount": 1, "name": "Rose"}
LION = {"id": "6369", "type": 2, "diamondCount": 29999, "name": "Lion"}
HANDS = {"id": "5660", "type": 2, "diamondCount": 100, "name": "Hand Hearts"}


def user(number: int, nickname: str) -> dict:
    return {"id": str(7_300_000_000_000_000_000 + number), "nickname": nickname, "displayId": nickname.lower()}


def line(seconds: float, event: str, data: dict) -> str:
    at = (START + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps({"event": event, "received_at": at, "data": data}) + "\n"


def gift(seconds: float, who: dict, details: dict, count: int = 1, *, end: bool = True, group: str = "", **extra) -> str:
    data = {"giftId": details["id"], "repeatCount": count, "user": who, "gift": details, **extra}
    if end:
        data["repeatEnd"] = 1
    if group:
        data["groupId"] = group
    return line(seconds, "GiftEvent", data)


def likes(seconds: float, total: int) -> str:
    return line(seconds, "LikeEvent", {"count": 15, "total": str(total)})


def viewers(seconds: float, total: int) -> str:
    return line(seconds, "RoomUserSeqEvent", {"total": str(total), "totalUser": str(total)})


def write(tmp_path, lines: list[str], name: str = "live.jsonl"):
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


ANA, BEN, CLEO = user(1, "Ana"), user(2, "Ben"), user(3, "Cleo")


def story(tmp_path):
    """Three minutes: viewers 10 then 40; likes from 1,000 (before recording) to 1,300; gifts to the host and a guest;
    a battle from 1:00 to 2:00."""
    return write(tmp_path, [
        line(0, "ConnectEvent", {"uniqueId": "ana_sings", "roomId": "1"}),
        viewers(0, 10),
        likes(5, 1000),  # the first like total: tapped before the recording, not in its window
        gift(10, ANA, ROSE, 1, end=False, group="g1"),  # a streak: counted once, on its final frame
        gift(11, ANA, ROSE, 2, end=False, group="g1"),
        gift(12, ANA, ROSE, 3, group="g1"),  # Ana: 3 coins in minute 0
        likes(30, 1100),  # +100 in minute 0
        viewers(30, 40),  # 10 viewers held 30 s, then 40
        line(60, "LinkMicBattleEvent", {"battleId": "77", "action": "OPEN"}),
        gift(70, BEN, LION),  # Ben: 29,999 in minute 1, in the battle
        gift(80, CLEO, HANDS, toMemberId="555", toMemberNickname="Guest Gina"),  # to a guest: not the host's
        gift(81, CLEO, ROSE, 4, end=False, group="g2", toMemberId="555", toMemberNickname="Guest Gina"),
        gift(82, CLEO, ROSE, 5, group="g2", toMemberId="555", toMemberNickname="Guest Gina"),  # a guest's streak, once
        gift(90, CLEO, HANDS, toMemberId="0"),  # "0": the host. Cleo: 100 in minute 1, in the battle
        likes(100, 1250),  # +150 in minute 1
        line(110, "LinkMicArmiesEvent", {"battleId": "77", "triggerReason": "SCORE_UPDATE"}),
        line(120, "LinkMicBattleEvent", {"battleId": "77", "action": "FINISH"}),
        gift(130, ANA, HANDS, 2),  # Ana: 200 in minute 2, after the battle
        likes(150, 1240),  # a late, lower total: no rise
        likes(170, 1300),  # +50 in minute 2
        viewers(180, 20),  # the last event, at 3:00
    ])


def test_hearts_are_counted_inside_the_recorded_window(tmp_path):
    recording = read_recording(story(tmp_path))
    # The first like total seen (1,000) was tapped before recording; the window is 1,300 - 1,000.
    assert (recording.hearts, recording.room_hearts) == (300, 1300)
    scenario, _ = load_recording(str(story(tmp_path)))
    assert scenario.hearts == 300  # the scenario's hearts go with the recording's 3 minutes
    assert scenario.stream.duration_minutes == 3


def test_a_gift_to_a_guest_is_not_the_hosts(tmp_path):
    recording = read_recording(story(tmp_path))
    assert [(guest.to, guest.nickname, guest.coins, guest.gifts) for guest in recording.to_others] == [
        ("555", "Guest Gina", 100 + 5, 1 + 5)]  # Hand Hearts, and a streak of 5 Roses counted once
    assert recording.coins == 3 + 29_999 + 100 + 200  # the host's: the guest's 105 are not in it
    assert {(gift.name, gift.count) for gift in recording.gifts} == {("Rose", 3), ("Lion", 1), ("Hand Hearts", 3)}
    header = scenario_yaml(recording)
    assert "# Gifts to others: Guest Gina 105 coins, to guests: not the host's money" in header


def test_every_gifter_by_coins_adds_up_to_the_hosts_coins(tmp_path):
    recording = read_recording(story(tmp_path))
    assert [(gifter.nickname, gifter.coins, gifter.gifts) for gifter in recording.gifters] == [
        ("Ben", 29_999, 1), ("Ana", 3 + 200, 3 + 2), ("Cleo", 100, 1)]  # Cleo's gifts to the guest are not here
    assert sum(gifter.coins for gifter in recording.gifters) == recording.coins
    assert recording.gifters[0].user_id == "7300000000000000002"


def test_the_timeline_minute_by_minute(tmp_path):
    recording = read_recording(story(tmp_path))
    rows = [(row.minute, row.coins, row.hearts, row.viewers) for row in recording.timeline]
    # Minute 0: 10 viewers for 30 s and 40 for 30 s = 25. Minutes 1 and 2: 40 throughout (the 20 comes at 3:00, the end).
    assert rows == [(0, 3, 100, Decimal(25)), (1, 29_999 + 100, 150, Decimal(40)), (2, 200, 50, Decimal(40))]
    assert sum(row.coins for row in recording.timeline) == recording.coins
    assert sum(row.hearts for row in recording.timeline) == recording.hearts


def test_a_battle_has_its_span_and_the_hosts_coins_in_it(tmp_path):
    (battle,) = read_recording(story(tmp_path)).battles
    assert battle.battle_id == "77" and battle.ended
    assert (battle.started_at, battle.ended_at) == (START + timedelta(seconds=60), START + timedelta(seconds=120))
    assert battle.coins == 29_999 + 100  # Ben's Lion and Cleo's Hand Hearts to the host; the guest's gifts are not the host's


def test_gifts_with_match_info_show_a_battle_without_its_events(tmp_path):
    path = write(tmp_path, [
        viewers(0, 10),
        gift(10, ANA, HANDS),
        gift(20, ANA, HANDS, matchInfo={"multiplierValue": "2"}),
        gift(40, BEN, HANDS, matchInfo={"critical": "1"}),
        viewers(60, 10),
    ])
    (battle,) = read_recording(path).battles
    assert (battle.battle_id, battle.coins, battle.ended) == ("", 200, False)
    assert battle.ended_at - battle.started_at == timedelta(seconds=20)


def test_run_json_has_the_recording_block_of_the_contract(tmp_path):
    result = invoke("run", story(tmp_path), "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    block = json.loads(result.stdout)["scenarios"][0]["recording"]
    assert block["gifters"][0] == {"user_id": "7300000000000000002", "nickname": "Ben", "coins": 29_999, "gifts": 1}
    assert block["timeline"][0] == {"minute": 0, "coins": 3, "hearts": 100, "viewers": "25"}
    assert block["to_others"] == [{"to": "555", "nickname": "Guest Gina", "coins": 105}]
    assert block["battles"] == [{"started_at": "2025-06-01T20:01:00.000000Z", "ended_at": "2025-06-01T20:02:00.000000Z",
                                 "coins": 30_099}]
    assert block["hearts"] == {"while_recording": 300, "room_total": 1300}
    assert block["guests_received_coins"] == 105 and block["tiktok_diamonds"] is None


def test_tiktok_diamonds_shows_the_difference_and_what_explains_it(tmp_path):
    path = story(tmp_path)
    result = invoke("run", path, "--format", "json", "--tiktok-diamonds", "31000")
    reconciled = json.loads(result.stdout)["scenarios"][0]["recording"]["tiktok_diamonds"]
    assert (reconciled["tiktok"], reconciled["recorded"], reconciled["difference"]) == (31_000, "30302", "698")
    assert any("before the recording connected" in reason for reason in reconciled["explanations"])
    assert any("105 coins went to guests" in reason for reason in reconciled["explanations"])
    table = " ".join(invoke("run", path, "--tiktok-diamonds", "30000").stdout.replace("│", " ").split())
    assert "Recorded: 30,302 (the host's gifts). The recording counted 302 more (1.0% of TikTok's)." in table
    assert "events recorded twice" in table


@pytest.mark.parametrize(("diamonds", "error"), [
    ("-1", "-1 is not in the range x>=0."),
    ("1000000000001", "the number is too large (got 1000000000001) — numbers here are at most 1,000,000,000,000"),
])
def test_tiktok_diamonds_beyond_the_bounds_of_any_number_read_is_a_usage_error(tmp_path, diamonds, error):
    result = invoke("run", story(tmp_path), "--tiktok-diamonds", diamonds)
    assert result.exit_code == ExitCode.INPUT_ERROR and f"Invalid value for '--tiktok-diamonds': {error}" in result.stderr


def test_the_table_shows_top_gifters_shares_and_the_chart(tmp_path):
    lines = [viewers(0, 10)] + [gift(i, user(i, f"Fan{i:02}"), HANDS, i) for i in range(1, 13)] + [viewers(60, 10)]
    result = invoke("run", write(tmp_path, lines))
    assert result.exit_code == ExitCode.OK, result.output
    out = result.stdout
    total = 100 * sum(range(1, 13))  # 7,800
    assert "Fan12" in out and "Fan03" in out and "Fan02" not in out  # the top 10 by coins: Fan12 … Fan03
    assert "the other 2" in out  # Fan02 and Fan01 as one row: 300 coins
    assert "12 gave. The top gifter gave 15.4% of the coins, the top 10 gave 96.2%." in out  # 1,200 and 7,500 of 7,800
    assert f"{total:,}" in out and "Minute by minute" in out and "█" in out


def test_export_svg_of_a_recording_is_a_chart_of_its_minutes(tmp_path):
    target = tmp_path / "chart.svg"
    result = invoke("run", story(tmp_path), "--export", target)
    assert result.exit_code == ExitCode.OK, result.output
    svg = target.read_text(encoding="utf-8")
    assert svg.startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"") and svg.rstrip().endswith("</svg>")
    assert "@import" not in svg and "url(" not in svg and "<script" not in svg  # self-contained: nothing fetched
    assert svg.count("<title>minute ") == 3  # a bar per minute
    assert "30,302 coins, 300 hearts in all" in svg


# --- property: for any recording, the gifters and the minutes add up ---------------------------------

_gift_events = st.lists(st.tuples(
    st.integers(0, 600),  # seconds
    st.integers(0, 4),  # who
    st.sampled_from([ROSE, LION, HANDS]),
    st.integers(1, 5),  # count
    st.booleans(),  # a final frame
    st.sampled_from(["", "0", "555"]),  # the recipient
), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=_gift_events, hearts=st.lists(st.tuples(st.integers(0, 600), st.integers(0, 5000)), max_size=15),
       counts=st.lists(st.tuples(st.integers(0, 600), st.integers(0, 500)), min_size=1, max_size=10))
def test_gifters_and_the_timeline_add_up_for_any_recording(events, hearts, counts):
    tally = Tally("any.jsonl")
    timed = [(s, "GiftEvent", {"giftId": d["id"], "repeatCount": c, "user": user(w, f"u{w}"), "gift": d,
                               **({"repeatEnd": 1} if end else {}), **({"toMemberId": to} if to else {})})
             for s, w, d, c, end, to in events]
    timed += [(s, "LikeEvent", {"total": str(total)}) for s, total in hearts]
    timed += [(s, "RoomUserSeqEvent", {"total": str(total)}) for s, total in counts]
    timed.sort(key=lambda event: event[0])
    for number, (seconds, kind, data) in enumerate(timed, 1):
        tally.add(kind, START + timedelta(seconds=seconds), data, number)
    try:
        recording = tally.finish()
    except Exception as error:  # a recording that spans no time: refused, as `run` refuses it
        assert "spans no time" in str(error)
        return
    assert sum(gifter.coins for gifter in recording.gifters) == recording.coins
    assert sum(gifter.gifts for gifter in recording.gifters) == recording.gifts_sent
    assert sum(row.coins for row in recording.timeline) == recording.coins
    assert sum(row.hearts for row in recording.timeline) == recording.hearts
    assert recording.hearts <= recording.room_hearts
    assert [row.minute for row in recording.timeline] == list(range(len(recording.timeline)))
    assert len(recording.timeline) == -(-(recording.last_at - recording.first_at) // timedelta(minutes=1))
    assert [gifter.coins for gifter in recording.gifters] == sorted((g.coins for g in recording.gifters), reverse=True)


# --- record: a connection that fails --------------------------------------------------------------


@pytest.fixture
def failing_client(monkeypatch):
    pytest.importorskip("TikTokLive")

    class Client:
        def __init__(self, unique_id: str, **_options) -> None:
            self.web = self

        def add_listener(self, event, handler) -> None:
            pass

        async def start(self) -> None:
            import httpx  # what TikTokLive raises when there is no network: not its own error, not an OSError

            raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution")

        async def close(self) -> None:
            pass

    monkeypatch.setattr("TikTokLive.TikTokLiveClient", Client)


def test_record_without_a_network_is_exit_2_and_leaves_no_empty_recording(failing_client, tmp_path):
    path = tmp_path / "stream.jsonl"
    result = invoke("record", "@ana_sings", "--out", path)
    assert result.exit_code == ExitCode.INPUT_ERROR, result.output
    assert result.stderr.splitlines()[-1] == ("tiktok-earnings: could not connect to @ana_sings's LIVE: [Errno -3] Temporary"
                                              " failure in name resolution — check the network connection (and any proxy) and the name,"
                                              " then rerun")
    assert "internal error" not in result.stderr and not path.exists()


@pytest.mark.parametrize("written", ["ana_sings", " @ana_sings ", "https://www.tiktok.com/@ana_sings/live?lang=en",
                                     "tiktok.com/@ana_sings", "https://m.tiktok.com/@ana_sings"])
def test_record_takes_a_creators_name_or_a_link_to_their_tiktok_live(failing_client, tmp_path, written):
    result = invoke("record", written, "--out", tmp_path / "stream.jsonl")
    assert "could not connect to @ana_sings's LIVE" in result.stderr, result.stderr


@pytest.mark.parametrize("written", ["https://evil.example/@ana_sings/live", "https://tiktok.com.evil.example/@ana_sings",
                                     "https://vm.tiktok.com/ZMabc/", "ana sings", "@", "http://[tiktok.com/@ana"])
def test_record_refuses_what_names_no_tiktok_creator_before_touching_a_file(tmp_path, written):
    """TikTokLive's own reading turned another site's link into a name ('https://evil.example/ana') and asked TikTok."""
    path = tmp_path / "stream.jsonl"
    result = invoke("record", written, "--out", path)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert "is neither a creator's @name nor a link to their TikTok LIVE" in result.stderr and not path.exists()


def test_record_that_fails_keeps_a_recording_it_appends_to(failing_client, tmp_path):
    path = tmp_path / "stream.jsonl"
    path.write_text(viewers(0, 5), encoding="utf-8")
    assert invoke("record", "@ana_sings", "--out", path).exit_code == ExitCode.INPUT_ERROR
    assert path.read_text(encoding="utf-8") == viewers(0, 5)  # an earlier recording is never removed


# --- a scenario's `to:`: gifts to a guest ------------------------------------------------------------


def test_a_scenario_gift_line_to_a_guest_is_not_the_hosts_money(tmp_path):
    path = tmp_path / "guests.yaml"
    path.write_text("name: guests\nstream: {duration_minutes: 60, average_viewers: 100}\ngifts:\n"
                    "  - gift: Rose\n    count: 100\n"
                    "  - gift: Lion\n    count: 1\n    to: guest\n"
                    "  - gift: Rose\n    count: 7\n    to: Host\n", encoding="utf-8")  # `host` (any case): the host's
    result = invoke("run", path, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    scenario = json.loads(result.stdout)["scenarios"][0]
    assert scenario["coins"] == 107 and scenario["creator_gross"] == "0.54"  # 107 × $0.005 = 0.535: the Lion is not in it
    assert scenario["guest_gifts"] == [{"gift": "Lion", "gift_id": 6369, "to": "guest", "coins_each": 29999, "count": 1,
                                        "coins": 29999}]
    table = invoke("run", path).stdout
    assert "Guests received (not the host's money)" in table and "29,999" in table


def test_an_imported_recording_names_its_guests_gifts_with_to(tmp_path):
    path = story(tmp_path)
    text = scenario_yaml(read_recording(path))
    assert "    to: Guest Gina" in text
    target = tmp_path / "story.yaml"
    target.write_text(text, encoding="utf-8")
    from_yaml = json.loads(invoke("run", target, "--format", "json").stdout)["scenarios"][0]
    from_recording = json.loads(invoke("run", path, "--format", "json").stdout)["scenarios"][0]
    assert from_yaml["guest_gifts"] == from_recording["guest_gifts"]
    assert sum(line["coins"] for line in from_yaml["guest_gifts"]) == 105 == from_recording["recording"]["guests_received_coins"]
    assert from_yaml["creator_net"] == from_recording["creator_net"]


# --- what `record` writes: TikTokLive's own events, parsed from wire bytes --------------------------


def test_record_writes_a_gifts_recipient_and_the_battle_events_as_tiktoklive_gives_them(tmp_path):
    pytest.importorskip("TikTokLive")
    import typing

    from TikTokLive.events import GiftEvent, LinkMicArmiesEvent, LinkMicBattleEvent, RoomUserSeqEvent

    from tiktok_earnings.live.recorder import Recorder

    hints = typing.get_type_hints
    action, reason = hints(LinkMicBattleEvent)["action"], hints(LinkMicArmiesEvent)["trigger_reason"]
    match_info = typing.get_args(hints(GiftEvent)["match_info"])[0]
    gift_type = typing.get_args(hints(GiftEvent)["gift"])[0]
    lion = gift_type(id=6369, type=2, diamond_count=29999, name="Lion")
    built = [
        RoomUserSeqEvent(total=10),
        LinkMicBattleEvent(battle_id=7700, action=action.OPEN),
        GiftEvent(gift_id=6369, repeat_count=1, gift=lion, match_info=match_info(critical=1)),  # to the host, in the battle
        GiftEvent(gift_id=6369, repeat_count=1, gift=lion, to_member_id="555", to_member_id_int=555,
                  to_member_nickname="Gina"),  # to a guest
        LinkMicArmiesEvent(battle_id=7700, trigger_reason=reason.BATTLE_END),
        RoomUserSeqEvent(total=10),
    ]
    events = [type(event).parse(bytes(event)) for event in built]  # as they come off the wire
    path = tmp_path / "wire.jsonl"
    times = iter(START + timedelta(seconds=10 * i) for i in range(len(events)))
    with path.open("w", encoding="utf-8") as stream:
        recorder = Recorder(stream, clock=lambda: next(times))
        for event in events:
            recorder.on_event(event)
    lines = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]
    assert lines[1]["data"] == {"battleId": "7700", "action": "OPEN"}
    assert lines[3]["data"]["toMemberId"] == "555" and lines[3]["data"]["toMemberNickname"] == "Gina"
    assert lines[4]["data"] == {"battleId": "7700", "triggerReason": "BATTLE_END"}
    recording = read_recording(path)
    assert recording.coins == 29999 and [(guest.to, guest.coins) for guest in recording.to_others] == [("555", 29999)]
    (battle,) = recording.battles
    assert (battle.battle_id, battle.coins, battle.ended) == ("7700", 29999, True)
    assert (battle.started_at, battle.ended_at) == (START + timedelta(seconds=10), START + timedelta(seconds=40))


def test_record_when_the_creator_is_not_live_leaves_no_empty_recording(failing_client, monkeypatch, tmp_path):
    import TikTokLive
    from TikTokLive.client.errors import UserOfflineError

    async def offline(self) -> None:
        raise UserOfflineError()

    monkeypatch.setattr(TikTokLive.TikTokLiveClient, "start", offline)
    path = tmp_path / "folder" / "stream.jsonl"
    path.parent.mkdir()
    result = invoke("record", "@ana_sings", "--out", path)
    assert result.exit_code == ExitCode.INPUT_ERROR
    assert result.stderr.endswith("@ana_sings is not LIVE now — start recording once their LIVE has begun\n")
    assert list(path.parent.iterdir()) == []  # so `run folder/` does not meet an empty recording
