"""`record` keeps up: the type-hint cache (live/recorder.py) writes the very lines the slow path does, and falls back.

Every event here is one of TikTokLive's own classes parsed from its wire bytes, so gifts and users
carry ExtendedGift and ExtendedUser, whose own to_dict() raises NameError in TikTokLive 7.0.1.
"""

import time

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


def many_gifts(tt, count: int = 300) -> Live:  # noqa: F811 - tt is the fixture's value
    live = Live(tt)
    rose = live.gift_kind(5655, "Rose", 1, streakable=True)
    lion = live.gift_kind(6369, "Lion", 29999, streakable=False)
    for n in range(count):
        user = live.user(n % 7, f"fan{n % 7}")
        live.gift(n, user, rose if n % 3 else lion, n % 5 + 1, end=n % 2 == 0, group=n // 4)
        live.likes(n + 0.5, user, 15, 1000 + 15 * n)
    live.viewers(count, 40, 60)
    return live


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
    # the ExtendedGift path: the slow way needed the upstream re-parse, the fast way does not
    assert any(cls.__name__ == "GiftEvent" for cls in recorder._UPSTREAM)


def test_the_fast_path_is_at_least_ten_times_the_slow_one(tt, fresh, tmp_path, monkeypatch):  # noqa: F811
    """Measured in CPU time, which other processes on a busy machine do not inflate; the benchmark has the figures."""
    live = many_gifts(tt, 40)
    events = [event for _, event in live.events]
    event_data(events[0])  # install and check once

    def cpu(fast: bool) -> float:
        monkeypatch.setattr(recorder, "_FAST_CLASSES", dict.fromkeys(recorder._FAST_CLASSES, fast))
        began = time.process_time()
        for event in events:
            event_data(event)
        return time.process_time() - began

    assert cpu(False) > 10 * cpu(True)


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
