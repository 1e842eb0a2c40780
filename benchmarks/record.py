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
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

TARGET = 1_000  # events a second


def messages(count: int, seed: int) -> list[Any]:
    """A busy LIVE's messages, as TikTok sends them: TikTokLive's proto classes (WebcastGiftMessage …)."""
    from TikTokLive.proto import Gift, User, WebcastGiftMessage, WebcastLikeMessage, WebcastRoomUserSeqMessage

    rng = random.Random(seed)
    users = [User(id=7_300_000_000_000_000_000 + n, nickname=f"Viewer {n}", display_id=f"viewer_{n}") for n in range(2000)]
    gifts = [Gift(id=5655, type=1, diamond_count=1, name="Rose"),
             Gift(id=5487, type=1, diamond_count=5, name="Finger Heart"),
             Gift(id=5660, type=2, diamond_count=100, name="Hand Hearts"),
             Gift(id=6369, type=2, diamond_count=29999, name="Lion")]
    built: list[Any] = []
    total_likes = 1000
    for _ in range(count):
        draw = rng.random()
        user = rng.choice(users)
        if draw < 0.55:
            likes = rng.randint(1, 15)
            total_likes += likes
            built.append(WebcastLikeMessage(user=user, count=likes, total=total_likes))
        elif draw < 0.95:
            gift = rng.choice(gifts)
            end = gift.type != 1 or rng.random() < 0.3
            built.append(WebcastGiftMessage(gift_id=gift.id, gift=gift, user=user, repeat_count=rng.randint(1, 40),
                                            repeat_end=1 if end else 0, group_id=rng.randint(1, 10**9)))
        else:
            built.append(WebcastRoomUserSeqMessage(total=rng.randint(1500, 2500), total_user=rng.randint(5000, 9000)))
    return built


def events(live: list[Any]) -> list[Any]:
    """The messages as TikTokLive's client hands them to `record`: its event class, parsed from the wire bytes."""
    from TikTokLive.events.proto_events import EVENT_MAPPINGS

    return [EVENT_MAPPINGS[type(message).__name__]().parse(bytes(message)) for message in live]


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
    parser.add_argument("--e2e-events", type=int, default=5_000, help="events sent end to end (0: skip that part)")
    parser.add_argument("--e2e-runs", type=int, default=3)
    arguments = parser.parse_args()
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    from tiktok_earnings.live import recorder

    if arguments.slow:
        recorder.FAST = False
    sent = messages(arguments.events, arguments.seed)
    live = events(sent)
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
    if arguments.e2e_events > 0 and not arguments.slow:
        print()
        end_to_end(messages(arguments.e2e_events, arguments.seed), arguments.e2e_runs)
    return 0


# A bare WebSocket client: enters the room as TikTokLive does, reads COUNT frames without decoding them, and hangs up.
FLOOR_CLIENT = """
import sys
from websockets.sync.client import connect
from TikTokLive.proto import WebcastPushFrame
url, count = sys.argv[1], int(sys.argv[2])
with connect(url, subprotocols=["echo-protocol"], compression=None, max_size=None) as ws:
    ws.send(bytes(WebcastPushFrame(payload_type="im_enter_room", payload_encoding="pb")))
    for _ in range(count):
        ws.recv()
"""
PER_FRAME = 10  # messages a frame
HOST, ROOM = "benchmark_host", 7_380_000_000_000_000_009


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time a process has used so far (Linux /proc), or None where that cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def end_to_end(sent: list[Any], runs: int) -> None:
    """`tiktok-earnings record` as a user runs it, in a subprocess, through TikTokLive's own client, against the local
    stand-in for TikTok (tests/standin_tiktok.py): the time from the first frame sent to the client's ack of a barrier
    frame after the last (TikTokLive acks a frame only once every frame before it has been handled, each event written).
    The floor: the same frames from the same stand-in, read by a bare WebSocket client that decodes nothing."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.standin_tiktok import PUSH_PATH, StandIn, record_process

    tool: list[tuple[float, float | None]] = []
    floor: list[float] = []
    with StandIn() as standin, tempfile.TemporaryDirectory() as folder:
        standin.room(HOST, ROOM)
        frames: list[bytes] = []
        for run in range(runs):
            out = Path(folder) / f"e2e{run}.jsonl"
            process = record_process(standin.url, out, HOST)
            link = standin.next_link()
            frames = frames or link.frames(sent, PER_FRAME)  # built once (TikTokLive asks for gzip every time)
            cpu, began = cpu_seconds(process.pid), time.perf_counter()
            link.send_frames(frames, timeout=600)
            link.barrier(timeout=600)
            wall, cpu_after = time.perf_counter() - began, cpu_seconds(process.pid)
            tool.append((wall, None if cpu is None or cpu_after is None else cpu_after - cpu))
            link.end_live()
            _, stderr = process.communicate(timeout=120)
            written = out.read_text(encoding="utf-8").count("\n") - 1 if out.exists() else 0  # less the connect line
            if process.returncode != 0 or written != len(sent):
                raise SystemExit(f"record ended with {process.returncode} and wrote {written:,} of {len(sent):,}"
                                 f" events:\n{stderr}")
            client = subprocess.Popen([sys.executable, "-c", FLOOR_CLIENT,
                                       f"ws://127.0.0.1:{standin.port}{PUSH_PATH}?compress=gzip&room_id={ROOM}",
                                       str(len(frames))])
            link = standin.next_link()
            began = time.perf_counter()
            link.send_frames(frames, timeout=600)
            link.wait_closed(timeout=600)
            floor.append(time.perf_counter() - began)
            client.wait(60)
    n = len(sent)
    walls = [run[0] for run in tool]
    cpus = [run[1] for run in tool if run[1] is not None]
    print(f"end to end: {n:,} events in frames of {PER_FRAME}, `tiktok-earnings record` in a subprocess through"
          f" TikTokLive's client, against the local stand-in for TikTok; {runs} runs; none dropped")
    print(f"{'events/s':12}{'best wall':>10}  {'median wall':>11}  {'median CPU':>11}")
    cpu_rate = f"{n / statistics.median(cpus):>11,.0f}" if cpus else f"{'–':>11}"
    print(f"{'record':12}{n / min(walls):>10,.0f}  {n / statistics.median(walls):>11,.0f}  {cpu_rate}"
          "   (first frame sent → every event written; CPU: the record process's)")
    print(f"{'floor':12}{n / min(floor):>10,.0f}  {n / statistics.median(floor):>11,.0f}  {'':>11}"
          "   (the same frames read by a bare WebSocket client, nothing decoded)")
    print(f"record / floor: {statistics.median(walls) / statistics.median(floor):.1f}× the floor's time (median wall)")


if __name__ == "__main__":
    sys.exit(main())
