"""Rebuild tiktok_earnings/data/gifts.csv from the gift lists in data/gift-lists/.

Run by hand when a new list arrives, with the package importable (it shares normalise() and the
columns); the package never reads these sources at run time:

    .venv/bin/python scripts/build_gift_catalogue.py data/gift-lists > tiktok_earnings/data/gifts.csv

Sources (copied into data/gift-lists/; its README.md and the *.SOURCE.md files say where each comes from):
- tiktok-gift-list-2024-01-05.csv, tiktok-gift-list-2023-09-02.csv: TikTok's own gift-list responses
  of those dates. Columns gift_id, name, coins, type, combo; type 1 is streakable.
- tiktok-gift-list-2024-02-22-giftsgenerator.csv: TikTok's list merged with community-scraped gifts,
  keyed by id (GiftsGenerator). Columns gift_id, name, coins, combo (True = streakable, empty = not said).
- tiktok-gifts-extra-community-list.csv: gifts missing from TikTok's lists, community-scraped, undated.
- tiktok-gifts-snapshot-2026-10-05.csv: a third-party scrape of 2026-10-05, names and coins, no ids.
- catalogue-notes.csv: what is known beyond the lists (a retired gift, a seasonal one), with the reason.

An id appears once, from the most trustworthy list that has it: TikTok's own (newest first), then
GiftsGenerator, then the community list. A name at a price that no list with ids has becomes an entry
without an id, from the 2026 snapshot. `last_listed` is the date of the newest list that shows the
name at that price: the catalogue picks a name's default entry by it (tiktok_earnings/catalogue.py).
"""

import csv
import sys
from pathlib import Path

from tiktok_earnings.catalogue import Gift, normalise

OFFICIAL = [
    ("2024-01-05", "tiktok-gift-list-2024-01-05.csv"),
    ("2023-09-02", "tiktok-gift-list-2023-09-02.csv"),
]
GENERATOR = ("2024-02-22", "tiktok-gift-list-2024-02-22-giftsgenerator.csv")
COMMUNITY = "tiktok-gifts-extra-community-list.csv"
SNAPSHOT = ("2026-10-05", "tiktok-gifts-snapshot-2026-10-05.csv")
NOTES = "catalogue-notes.csv"
FIELDS = list(Gift._fields)  # the columns the package reads
STATUSES = ("retired", "seasonal")

HEADER = """\
# TikTok LIVE gift catalogue for tiktok-earnings. Built by scripts/build_gift_catalogue.py from the lists
# in data/gift-lists/ (see its README.md for where each comes from). Do not edit by hand.
# source, as_of: the list the entry comes from and its date:
#   tiktok-list    TikTok's own gift-list responses of 2024-01-05 and 2023-09-02 (jwdeveloper/TikTokLiveJava)
#   giftsgenerator TikTok's list merged with community-scraped gifts, 2024-02-22 (GiftsGenerator)
#   community      a community-scraped list of gifts missing from TikTok's, undated (as_of empty)
#   streamtoearn   a third-party scrape of streamtoearn.io/gifts, 2026-10-05: names and coins, no ids
# An id appears once, from TikTok's own newest list that has it, else GiftsGenerator, else the community list.
# last_listed: the newest list date showing this name at this price (empty: only the undated list);
#   a name's default entry is the one listed most recently.
# status: retired (never a name's default; only its gift_id picks it) or seasonal; empty = in use.
# streakable: yes = sent in combos (type 1, combo True), no = not, empty = not known.
"""


def read(source_dir: Path, file_name: str) -> list[dict[str, str]]:
    with open(source_dir / file_name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def tidy(name: str) -> str:
    """A list's name without stray spaces: GiftsGenerator keeps trailing ones (`Garland `)."""
    return " ".join(name.split())


def build(source_dir: Path) -> list[dict[str, str]]:
    by_id: dict[str, dict[str, str]] = {}
    listed: dict[tuple[str, int], str] = {}  # (name, coins) -> newest date a list shows it

    def seen(name: str, coins: str, as_of: str) -> None:
        key = (normalise(name), int(coins))
        listed[key] = max(listed.get(key, ""), as_of)

    def add(row: dict[str, str], streakable: str, as_of: str, source: str) -> None:
        by_id.setdefault(row["gift_id"], {
            "gift_id": row["gift_id"], "name": tidy(row["name"]), "coins": row["coins"],
            "streakable": streakable, "as_of": as_of, "source": source,
        })

    for as_of, file_name in OFFICIAL:
        for row in read(source_dir, file_name):
            add(row, "yes" if row["type"] == "1" else "no", as_of, "tiktok-list")
            seen(row["name"], row["coins"], as_of)
    as_of, file_name = GENERATOR
    for row in read(source_dir, file_name):
        add(row, {"True": "yes", "False": "no"}.get(row["combo"], ""), as_of, "giftsgenerator")
        seen(row["name"], row["coins"], as_of)
    for row in read(source_dir, COMMUNITY):
        add(row, "", "", "community")
    known = {(normalise(row["name"]), int(row["coins"])) for row in by_id.values()}
    rows = list(by_id.values())
    as_of, file_name = SNAPSHOT
    for row in read(source_dir, file_name):
        key = (normalise(row["name"]), int(row["coins"]))
        if key not in known:
            known.add(key)  # one entry per name and price
            rows.append({"gift_id": "", "name": tidy(row["name"]), "coins": row["coins"], "streakable": "",
                         "as_of": as_of, "source": "streamtoearn"})
        seen(row["name"], row["coins"], as_of)
    for row in rows:
        row["last_listed"] = listed.get((normalise(row["name"]), int(row["coins"])), "")
        row["status"] = ""
    for note in read(source_dir, NOTES):
        if note["status"] not in STATUSES:
            raise SystemExit(f"{NOTES}: unknown status '{note['status']}' for {note['name']} (one of {', '.join(STATUSES)})")
        matching = [row for row in rows if (normalise(row["name"]), row["coins"]) == (normalise(note["name"]), note["coins"])]
        if not matching:
            raise SystemExit(f"{NOTES}: no list has {note['name']} at {note['coins']} coins")
        for row in matching:
            row["status"] = note["status"]
    return sorted(rows, key=lambda r: (int(r["coins"]), r["name"].casefold(), r["name"],
                                       r["gift_id"] == "", int(r["gift_id"] or 0)))


def main(source_dir: Path) -> None:
    sys.stdout.write(HEADER)
    writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(build(source_dir))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/gift-lists"))
