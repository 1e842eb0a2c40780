"""How fast `tiktok-earnings import` reads a large LIVE recording, against a json.loads-only floor, and its peak memory.

A recording of N events (default 1,000,000) is generated into a temporary folder, the same one
for a given seed, written exactly as `tiktok-earnings record` writes lines (json.dumps of
{"event", "received_at", "data"} with the data shaped as TikTokLive's to_dict() gives it: camelCase
keys, 64-bit integers as strings, a user object on gifts and likes). The mix is that of a busy
LIVE: about 55% likes, 40% gift frames (combos of 1–40 taps of streakable gifts, up to 8 at once
from different viewers with their frames interleaved, each closed by a final frame; and
non-streakable gifts) and 5% viewer counts, about 10 ms apart, from 2,000 viewers; the combos
still running at the end are left open. The generator keeps the expected coins
(the sum of what TikTokLive's GiftEvent.value counts, plus the open streaks as far as seen).

Each measurement is the wall time of a fresh subprocess, from spawn to exit, run by the
interpreter of this script, so interpreter start-up counts on both sides:

- the tool, `tiktok-earnings import FILE` (its console script, next to the interpreter), the
  scenario to /dev/null;
- the floor, a loop that reads the same file line by line in binary and only calls json.loads
  on each line. Any importer that parses each event as JSON pays at least this.

Runs are interleaved (tool, floor, tool, floor, ...) after one checked run of the tool, which
must exit 0 and report exactly the expected coins. The target: the tool within 2× the floor,
on the median of the runs (best figures are shown too), and peak memory under 100 MiB.

Peak memory is the max RSS of one more run of each, read with os.wait4 on that child by a bare
launcher interpreter (as in benchmarks/batch.py: Linux starts a child's ru_maxrss from its
parent's peak). It is measured for N events and for the first N/10, to show whether memory grows
with the recording. Bytecode is cached under a temporary PYTHONPYCACHEPREFIX. This is a report,
not a test: it exits 0 whether or not the targets are met.

    .venv/bin/python benchmarks/import_events.py [--events N] [--runs R] [--seed S] [--json]
"""

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from measure import ROOT, console_script, peak_rss_mib, rounded, subprocess_env, throughput, wall_seconds

TARGET_RATIO = 2.0
TARGET_PEAK_MIB = 100.0
FLOOR = "import json, sys\nloads = json.loads\nfor line in open(sys.argv[1], 'rb'):\n    loads(line)\n"
Gift = tuple[int, str, int, int]  # (id, name, coins, type): type 1 streaks
# From the catalogue, and one that is not in it.
STREAKABLE: list[Gift] = [(5655, "Rose", 1, 1), (5487, "Finger Heart", 5, 1), (5827, "Ice Cream Cone", 1, 1),
                          (5269, "TikTok", 1, 1), (6064, "GG", 1, 1), (5658, "Perfume", 20, 1), (5480, "Heart", 10, 1)]
SINGLE: list[Gift] = [(6369, "Lion", 29999, 2), (5660, "Hand Hearts", 100, 2), (7168, "Money Gun", 500, 2),
                      (999001, "Birthday Badge", 15, 2)]
STREAKABLE_WEIGHTS = [50, 15, 10, 10, 5, 5, 5]
SINGLE_WEIGHTS = [1, 20, 5, 10]
CONCURRENT_STREAKS = 8  # combos running at once, from different viewers, their frames interleaved


# --- the recording ------------------------------------------------------------------------


def user(rng: random.Random, index: int) -> dict[str, Any]:
    uid = str(7_000_000_000_000_000_000 + index * 7919)
    handle = f"viewer_{index:05d}"
    return {"id": uid, "nickname": f"Viewer {index}", "displayId": handle,
            "profilePicture": {"urlList": [f"https://p16-sign.tiktokcdn.com/avatar/{uid}~c5_100x100.webp"]},
            "followInfo": {"followingCount": str(rng.randint(0, 900)), "followerCount": str(rng.randint(0, 5000))}}


def line(kind: str, at: datetime, data: dict[str, Any]) -> str:
    return json.dumps({"event": kind, "received_at": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "data": data},
                      ensure_ascii=False) + "\n"


def gift_data(gift: Gift, sender: dict[str, Any], count: int, end: bool, group: int) -> dict[str, Any]:
    gift_id, name, coins, kind = gift
    data: dict[str, Any] = {"giftId": str(gift_id), "repeatCount": count, "user": sender}
    if end:
        data["repeatEnd"] = 1
    data["groupId"] = str(group)
    data["gift"] = {"id": str(gift_id), "type": kind, "diamondCount": coins, "name": name}
    return data


def generate(path: Path, events: int, seed: int) -> int:
    """Write the recording; return the coins `import` must find."""
    rng = random.Random(seed)
    users = [user(rng, i) for i in range(2000)]
    at = datetime(2025, 6, 1, 18, 0, tzinfo=UTC)
    streaks: dict[int, list[Any]] = {}  # viewer index -> [gift, count so far, frames left, group id]
    expected = likes = 0
    viewers = 400
    group = 1_700_000_000_000
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(line("ConnectEvent", at, {"uniqueId": "benchmark_creator", "roomId": "7380000000000000000"}))
        for _ in range(events - 1):
            at += timedelta(microseconds=rng.randint(1000, 19000))
            roll = rng.random()
            if roll < 0.05:
                viewers = max(1, viewers + rng.randint(-25, 25))
                out.write(line("RoomUserSeqEvent", at, {"total": str(viewers), "totalUser": str(viewers * 3 + likes // 1000)}))
            elif roll < 0.60:
                likes += rng.randint(1, 15)
                out.write(line("LikeEvent", at, {"count": rng.randint(1, 15), "total": str(likes),
                                                 "user": users[rng.randrange(len(users))]}))
            elif roll < 0.97:
                if not streaks or (len(streaks) < CONCURRENT_STREAKS and rng.random() < 0.15):
                    who = rng.randrange(len(users))
                    while who in streaks:
                        who = rng.randrange(len(users))
                    group += 1
                    streaks[who] = [rng.choices(STREAKABLE, STREAKABLE_WEIGHTS)[0], 0, rng.randint(1, 40), group]
                else:
                    who = rng.choice(list(streaks))
                streak = streaks[who]
                streak[1] += 1
                streak[2] -= 1
                end = streak[2] == 0
                out.write(line("GiftEvent", at, gift_data(streak[0], users[who], streak[1], end, streak[3])))
                if end:
                    expected += streak[1] * streak[0][2]
                    del streaks[who]
            else:
                gift = rng.choices(SINGLE, SINGLE_WEIGHTS)[0]
                group += 1
                out.write(line("GiftEvent", at, gift_data(gift, users[rng.randrange(len(users))], 1, False, group)))
                expected += gift[2]
    return expected + sum(int(streak[1] * streak[0][2]) for streak in streaks.values())  # open at the end: counted as far as seen


def first_lines(source: Path, target: Path, count: int) -> None:
    with open(source, "rb") as reader, open(target, "wb") as writer:
        for _, raw in zip(range(count), reader, strict=False):
            writer.write(raw)


# --- running ------------------------------------------------------------------------------


def tool_command(recording: Path) -> list[str]:
    return [console_script("import_events.py"), "import", str(recording)]


def floor_command(recording: Path) -> list[str]:
    return [sys.executable, "-c", FLOOR, str(recording)]


def check(recording: Path, env: dict[str, str], expected_coins: int) -> None:
    """Run the tool once: it must exit 0 and count exactly the expected coins."""
    done = subprocess.run(tool_command(recording), cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"import_events.py: import exited {done.returncode}:\n{done.stderr[-4000:]}")
    gifts = done.stdout.split("\ngifts:", 1)[1]
    coins = sum(int(each) * int(count) for each, count in re.findall(r"coins: (\d+)\n    count: (\d+)", gifts))
    if coins != expected_coins:
        sys.exit(f"import_events.py: import counted {coins:,} coins, not the {expected_coins:,} generated")


def measure(recording: Path, tenth: Path, events: int, runs: int, env: dict[str, str], expected: int) -> dict[str, Any]:
    check(recording, env, expected)
    tool, floor = tool_command(recording), floor_command(recording)
    tool_runs, floor_runs = [], []
    for _ in range(runs):
        tool_runs.append(wall_seconds(tool, env))
        floor_runs.append(wall_seconds(floor, env))
    tool_figures, floor_figures = throughput(tool_runs, events, "events"), throughput(floor_runs, events, "events")
    return {
        "events": events,
        "file_mib": recording.stat().st_size / 2**20,
        "runs": runs,
        "tool": tool_figures,
        "floor": floor_figures,
        "ratio": {"best": tool_figures["best_s"] / floor_figures["best_s"],
                  "median": tool_figures["median_s"] / floor_figures["median_s"]},
        "memory": {
            "tool_peak_rss_mib": peak_rss_mib(tool, env, "import_events.py"),
            "tool_tenth_peak_rss_mib": peak_rss_mib(tool_command(tenth), env, "import_events.py"),
            "floor_peak_rss_mib": peak_rss_mib(floor, env, "import_events.py"),
            "tenth_events": max(1, events // 10),
        },
    }


def targets(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    ratio, peak = results["ratio"]["median"], results["memory"]["tool_peak_rss_mib"]
    return {
        "floor_ratio": {"target": f"≤ {TARGET_RATIO:g}× the json.loads floor", "value": round(ratio, 3),
                        "met": ratio <= TARGET_RATIO},
        "peak_memory": {"target": f"< {TARGET_PEAK_MIB:g} MiB peak RSS", "value": round(peak, 1),
                        "met": peak < TARGET_PEAK_MIB},
    }


# --- output -------------------------------------------------------------------------------


def print_table(results: dict[str, Any]) -> None:
    events, runs = results["events"], results["runs"]
    print(f"import of a generated recording: {events:,} events, {results['file_mib']:.0f} MiB,"
          f" {runs} interleaved runs each; floor = json.loads on each line\n")
    header = f"{'':<8} {'best s':>8} {'median s':>9} {'best events/s':>14} {'median events/s':>16}"
    print(header)
    print("-" * len(header))
    for name in ("tool", "floor"):
        f = results[name]
        rates = f"{f['best_events_per_s']:>14,.0f} {f['median_events_per_s']:>16,.0f}"
        print(f"{name:<8} {f['best_s']:>8.2f} {f['median_s']:>9.2f} {rates}")
    ratio = results["ratio"]
    print(f"{'ratio':<8} {ratio['best']:>7.2f}× {ratio['median']:>8.2f}×   (tool ÷ floor)")
    memory = results["memory"]
    print(f"\n{'peak memory':<24} {'events':>10} {'peak RSS MiB':>13}")
    print(f"{'tool':<24} {events:>10,} {memory['tool_peak_rss_mib']:>13.1f}")
    print(f"{'tool, first tenth':<24} {memory['tenth_events']:>10,} {memory['tool_tenth_peak_rss_mib']:>13.1f}")
    print(f"{'floor':<24} {events:>10,} {memory['floor_peak_rss_mib']:>13.1f}")
    print()
    for target in targets(results).values():
        print(f"target: {target['target']} — {'met' if target['met'] else 'NOT met'} ({target['value']:,})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the generated recording (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=3, help="measured runs of the tool and of the floor (default 3)")
    parser.add_argument("--seed", type=int, default=20250601, help="seed of the generated recording")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    if options.events < 100 or options.runs < 1:
        parser.error("--events must be at least 100 and --runs at least 1")

    with tempfile.TemporaryDirectory(prefix="import-bench-") as scratch_name:
        scratch = Path(scratch_name)
        recording, tenth = scratch / "stream.jsonl", scratch / "tenth.jsonl"
        expected = generate(recording, options.events, options.seed)
        first_lines(recording, tenth, max(1, options.events // 10))
        env = subprocess_env(str(scratch / "pycache"))
        results = measure(recording, tenth, options.events, options.runs, env, expected)

    if options.json:
        print(json.dumps({**rounded(results), "seed": options.seed, "targets": targets(results)}, indent=2, ensure_ascii=False))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
