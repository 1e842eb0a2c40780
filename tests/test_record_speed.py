"""`record` keeps up: the type-hint cache (live/recorder.py) writes the very lines the slow path does, and falls back.

Every event here is one of TikTokLive's own classes parsed from its wire bytes, so gifts and users
carry ExtendedGift and ExtendedUser, whose own to_dict() raises NameError in TikTokLive 7.0.1.
"""

import pytest

from tiktok_earnings.live import recorder
from tiktok_earnings.live.recorder import SlowRecordingWarning, event_data

from .test_recording import Live, busy_live, tt  # noqa: F401 - tt is a fixture

pytestmark = pytest.mark.filterwarnings("ignore:websockets:DeprecationWarning")


@pytest.fixture
def fresh(monkeypatch):
    """The recorder as a new process finds it: no cache installed, no class checked; restored after."""
    recorder._uninstall_cache()
    monkeypatch.setattr(recorder, "FAST", True)
    yield
    recorder._uninstall_cache()


def record_text(live: Live, path) -> bytes:
    return live.record(path).read_bytes()


def test_the_fast_path_writes_the_slow_paths_bytes(tt, fresh, tmp_path, monkeypatch):  # noqa: F811
    live = busy_live(tt)
    monkeypatch.setattr(recorder, "FAST", False)
    slow = record_text(live, tmp_path / "slow.jsonl")
    assert recorder.speed_status() == "slow path: switched off (FAST = False)"
    recorder._uninstall_cache()
    monkeypatch.setattr(recorder, "FAST", True)
    fast = record_text(live, tmp_path / "fast.jsonl")
    assert recorder.speed_status().startswith("cached type hints for betterproto2.Message and")
    assert "camelCase" in recorder.speed_status()
    assert all(recorder._FAST_CLASSES.values()) and len(recorder._FAST_CLASSES) == 3  # gifts, likes, viewers
    assert fast == slow and len(slow.splitlines()) == len(live.events)


def test_a_gift_read_back_as_its_upstream_message_gives_the_fast_paths_dict(tt, fresh):  # noqa: F811
    """The slow path's way round ExtendedGift's to_dict(), which fails in a new process: the event's bytes read by
    the proto message it extends. (Whether to_dict() still fails depends on what betterproto2 has cached in this
    process, so the path is checked directly, not through whether the slow path took it.)"""
    gifts = [event for _, event in busy_live(tt).events if type(event).__name__ == "GiftEvent"]
    assert gifts
    for gift in gifts:
        assert recorder._upstream_parse(type(gift))(bytes(gift)).to_dict() == event_data(gift)


def test_without_betterproto2s_hook_it_warns_and_writes_the_same_lines(tt, fresh, tmp_path, monkeypatch):  # noqa: F811
    live = busy_live(tt)
    expected = record_text(live, tmp_path / "fast.jsonl")
    recorder._uninstall_cache()
    import betterproto2

    original = betterproto2.Message.to_dict

    def to_dict(self, **options):  # a betterproto2 whose to_dict no longer calls _type_hints by name
        return original(self, **options)

    monkeypatch.setattr(betterproto2.Message, "to_dict", to_dict)
    with pytest.warns(SlowRecordingWarning, match="the slow way .*to_dict no longer calls _type_hints") as caught:
        slow = record_text(live, tmp_path / "slow.jsonl")
    assert slow == expected
    assert len(caught) == 1  # said once, not once per event class
    assert recorder.speed_status().startswith("slow path:") and not any(recorder._FAST_CLASSES.values())


def test_a_class_whose_fast_dict_differs_stays_on_the_slow_path(tt, fresh):  # noqa: F811
    """If cached hints ever changed what to_dict() gives, the first event of the class shows it, and the class stays slow."""

    class Drifting(tt.LikeEvent):
        def to_dict(self, **options) -> dict:
            return {"total": 5 if recorder._BYPASS[0] else 6}

    event_data(busy_live(tt).events[1][1])  # loads the cache
    with pytest.warns(SlowRecordingWarning, match="Drifting.to_dict.. with the cache differs"):
        assert event_data(Drifting()) == {"total": 5}
    assert event_data(Drifting()) == {"total": 5}
    assert recorder._FAST_CLASSES[Drifting] is False


def test_uninstalling_puts_betterproto2_back(tt, fresh):  # noqa: F811
    import betterproto2
    from TikTokLive.events.base_event import BaseEvent

    originals = betterproto2.Message.__dict__["_type_hints"], BaseEvent.__dict__["_type_hints"], betterproto2.camel_case
    event_data(busy_live(tt).events[2][1])
    assert betterproto2.Message.__dict__["_type_hints"] is not originals[0]
    recorder._uninstall_cache()
    assert (betterproto2.Message.__dict__["_type_hints"], BaseEvent.__dict__["_type_hints"],
            betterproto2.camel_case) == originals


def test_a_stand_in_that_is_no_proto_message_is_written_as_is_without_a_warning(fresh, recwarn):
    class StandIn:
        def to_dict(self) -> dict:
            return {"total": 7}

    assert event_data(StandIn()) == event_data(StandIn()) == {"total": 7}
    assert not [warning for warning in recwarn if warning.category is SlowRecordingWarning]
