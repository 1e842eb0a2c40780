"""How fast `tiktok-earnings record` writes events, against a json.dumps-only floor.

`record` must keep up with a busy LIVE. This builds N events (default 5,000) from TikTokLive's own
classes and parses each from its wire bytes (`type(event).parse(bytes(event))`), as the client
parses them off the websocket, so gifts and users carry TikTokLive's ExtendedGift and
ExtendedUser (the path that broke `to_dict()` in TikTokLive 7.0.1). The mix is a busy LIVE's:
about 55% likes, 40% gift frames (streak frames and final frames, and gifts that do not streak)
and 5% viewer counts, each from one of 2,000 viewers.

Then, in this process, it times:

- the recorder: `Recorder.on_event` for every event, writing to a file in a temporary folder
  (each line written and flushed, the live tally fed), as `record` does;
- the floor: `json.dumps` of the same lines (the event dicts computed beforehand), which any
  recorder that writes JSON lines pays at least.

Each is timed `--runs` times (a fresh file each run), and the best and median shown, in events
per second of wall time and of this process's CPU time (on a busy machine the wall time includes
time other processes took), with the ratio recorder / floor. The target is at least 1,000 events a second. The
first run of the recorder includes working out each class's type hints once (they are cached
afterwards, see live/recorder.py); `--slow` measures the path without the cache. This is a
report, not a test: it exits 0 whether or not the target is met. Needs the `live` extra.

    .venv/bin/python benchmarks/record.py [--events N] [--runs R] [--seed S] [--slow]
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TARGET = 1_000  # events a second


def events(count: int, seed: int) -> list[Any]:
    """A busy LIVE's events, each parsed from its wire bytes."""
    from TikTokLive.events import GiftEvent, LikeEvent, RoomUserSeqEvent
    from TikTokLive.proto import Gift, User

    rng = random.Random(seed)
    users = [User(id=7_300_000_000_000_000_000 + n, nickname=f"Viewer {n}", display_id=f"viewer_{n}") for n in range(2000)]
    gifts = [Gift(id=5655, type=1, diamond_count=1, name="Rose"),
             Gift(id=5487, type=1, diamond_count=5, name="Finger Heart"),
             Gift(id=5660, type=2, diamond_count=100, name="Hand Hearts"),
             Gift(id=6369, type=2, diamond_count=29999, name="Lion")]
    built = []
    total_likes = 1000
    for _ in range(count):
        draw = rng.random()
        user = rng.choice(users)
        if draw < 0.55:
            likes = rng.randint(1, 15)
            total_likes += likes
            event = LikeEvent(user=user, count=likes, total=total_likes)
        elif draw < 0.95:
            gift = rng.choice(gifts)
            end = gift.type != 1 or rng.random() < 0.3
            event = GiftEvent(gift_id=gift.id, gift=gift, user=user, repeat_count=rng.randint(1, 40),
                              repeat_end=1 if end else 0, group_id=rng.randint(1, 10**9))
        else:
            event = RoomUserSeqEvent(total=rng.randint(1500, 2500), total_user=rng.randint(5000, 9000))
        built.append(type(event).parse(bytes(event)))
    return built


def time_recorder(live: list[Any], folder: Path, run: int) -> tuple[float, float]:
    from tiktok_earnings.live.recorder import Recorder

    start = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)
    times = iter([start + timedelta(milliseconds=10 * n) for n in range(len(live))])
    with open(folder / f"run{run}.jsonl", "w", encoding="utf-8", newline="") as stream:
        recorder = Recorder(stream, clock=lambda: next(times))
        began, cpu = time.perf_counter(), time.process_time()
        for event in live:
            recorder.on_event(event)
        return time.perf_counter() - began, time.process_time() - cpu


def time_floor(lines: list[dict[str, Any]]) -> tuple[float, float]:
    dumps = json.dumps
    began, cpu = time.perf_counter(), time.process_time()
    for line in lines:
        dumps(line, ensure_ascii=False)
    return time.perf_counter() - began, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--slow", action="store_true", help="without the cached type hints (today's path before the fix)")
    arguments = parser.parse_args()
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from tiktok_earnings.live import recorder

    if arguments.slow:
        recorder.FAST = False
    live = events(arguments.events, arguments.seed)
    lines = [{"event": event.get_type(), "received_at": "2026-11-01T20:00:00.000000Z", "data": recorder.event_data(event)}
             for event in live]
    tool, floor = [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(arguments.runs):
            tool.append(time_recorder(live, Path(folder), run))
            floor.append(time_floor(lines))
    n = arguments.events

    def rates(runs: list[tuple[float, float]]) -> str:
        wall, cpu = [run[0] for run in runs], [run[1] for run in runs]
        return (f"{n / min(wall):>10,.0f}  {n / statistics.median(wall):>11,.0f}  {n / min(cpu):>10,.0f}"
                f"  {n / statistics.median(cpu):>11,.0f}")

    path = "slow path (no type-hint cache)" if arguments.slow else f"fast path: {recorder.speed_status()}"
    print(f"{n:,} events from TikTokLive's classes, parsed from wire bytes; {arguments.runs} runs; {path}")
    print(f"{'events/s':12}{'best wall':>10}  {'median wall':>11}  {'best CPU':>10}  {'median CPU':>11}")
    print(f"{'recorder':12}{rates(tool)}")
    print(f"{'floor':12}{rates(floor)}   (json.dumps of the same lines)")
    ratio = statistics.median(run[0] for run in tool) / statistics.median(run[0] for run in floor)
    median = n / statistics.median(run[0] for run in tool)
    print(f"recorder / floor: {ratio:.1f}× the floor's time (median wall); target {TARGET:,} events/s (median wall):"
          f" {'met' if median >= TARGET else 'NOT met'}. CPU time leaves out the time other processes took the CPU.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
