"""Synthetic LIVE recordings with a known hearts elasticity ε, for testing `calibrate --by minute`.

Each stream has its own level a (a fixed effect) and a random number of minutes. In minute t the
viewers wander around the stream's audience, the hearts per viewer h_t vary around the stream's
own tapping rate, and gifts arrive as Poisson counts with mean exp(a) · viewers · (1 + h/k)^ε /
(the mean coin price), each gift's price drawn from PRICES: so coins come in lumps, as they do,
and their mean follows the model exactly.
"""

import json
import math
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

PRICES = (1, 1, 1, 5, 10, 30, 99)  # coins of the gifts drawn, equally likely
MEAN_PRICE = sum(PRICES) / len(PRICES)
START = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw: Knuth's product of uniforms for small means, a rounded normal for large ones."""
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count


def stream_minutes(rng: random.Random, epsilon: float, minutes: int, k: float = 1.0) -> list[tuple[int, int, int]]:
    """(coins, hearts, viewers) for each minute of one stream."""
    level = rng.uniform(-2.5, -0.5)  # log coins per viewer-minute at h = 0
    audience = rng.uniform(30, 300)
    tapping = math.exp(rng.uniform(-1.5, 1.5))  # the stream's typical hearts per viewer-minute
    rows = []
    for _ in range(minutes):
        viewers = max(1, round(audience * math.exp(rng.gauss(0, 0.2))))
        rate = tapping * math.exp(rng.gauss(0, 0.8))
        hearts = _poisson(rng, rate * viewers)
        h = hearts / viewers
        mean = math.exp(level) * viewers * (1 + h / k) ** epsilon
        coins = sum(rng.choice(PRICES) for _ in range(_poisson(rng, mean / MEAN_PRICE)))
        rows.append((coins, hearts, viewers))
    return rows


def history(seed: int, epsilon: float, streams: int, minutes: tuple[int, int] = (30, 60)) -> list[list[tuple[int, int, int]]]:
    rng = random.Random(seed)
    return [stream_minutes(rng, epsilon, rng.randint(*minutes)) for _ in range(streams)]


def fit_input(streams: list[list[tuple[int, int, int]]], k: Decimal = Decimal(1)) -> list[list[tuple[int, Decimal, Decimal]]]:
    """The fit's (coins, exposure, x) per minute, as calibrate builds them from MinuteSeries."""
    return [[(coins, Decimal(viewers), (1 + Decimal(hearts) / viewers / k).ln()) for coins, hearts, viewers in stream]
            for stream in streams]


def write_recording(path: Path, rows: list[tuple[int, int, int]], start: datetime = START, seed: int = 0) -> Path:
    """One stream as a recording `record` could have written: per minute a viewer count, like events and gifts.

    Gifts are non-streakable events of their coins' price (one event per gift); the like total
    starts at a count tapped before the recording began, which must not be counted.
    """
    rng = random.Random(seed)
    lines = []
    like_total = rng.randint(100, 5000)

    def line(kind: str, at: datetime, data: dict) -> None:
        lines.append(json.dumps({"event": kind, "received_at": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "data": data}))

    line("LikeEvent", start, {"count": 1, "total": like_total})
    for minute, (coins, hearts, viewers) in enumerate(rows):
        at = start + timedelta(minutes=minute, seconds=1)
        line("RoomUserSeqEvent", at, {"total": viewers, "totalUser": viewers})
        for second, part in enumerate(_split(rng, hearts), 2):
            like_total += part
            line("LikeEvent", at + timedelta(seconds=second), {"count": min(part, 15), "total": like_total})
        for gift, price in enumerate(_prices(coins)):
            line("GiftEvent", at + timedelta(seconds=40, milliseconds=gift),
                 {"giftId": str(9000 + price), "repeatCount": 1, "repeatEnd": 1,
                  "gift": {"id": str(9000 + price), "type": 2, "diamondCount": price, "name": f"Gift of {price}"},
                  "user": {"id": str(rng.randint(1, 10**6)), "uniqueId": "fan"}})
    line("RoomUserSeqEvent", start + timedelta(minutes=len(rows), seconds=2), {"total": rows[-1][2], "totalUser": 1})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _split(rng: random.Random, hearts: int) -> list[int]:
    parts = []
    while hearts > 0:
        part = min(hearts, rng.randint(1, max(1, hearts // 3 + 1)))
        parts.append(part)
        hearts -= part
    return parts[:50] if len(parts) <= 50 else [*parts[:49], sum(parts[49:])]


def _prices(coins: int) -> list[int]:
    """Coins as gifts: 99s, 30s, 10s, 5s and 1s."""
    prices = []
    for price in (99, 30, 10, 5, 1):
        count, coins = divmod(coins, price)
        prices += [price] * count
    return prices
