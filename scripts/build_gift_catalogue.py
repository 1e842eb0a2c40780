"""Rebuild tiktok_earnings/data/gifts.csv from TikTok's own gift lists.

Run once by hand when a new list arrives; the package never reads these sources at run time:

    python scripts/build_gift_catalogue.py data/gift-lists > tiktok_earnings/data/gifts.csv

Sources (copied into data/gift-lists/; all published in jwdeveloper/TikTokLiveJava, Tools/src/main/resources/gifts/):
- tiktok-gift-list-2024-01-05.csv, tiktok-gift-list-2023-09-02.csv: TikTok's gift-list responses
  of those dates (official/). Columns gift_id, name, coins, type, combo; type 1 is streakable.
- tiktok-gifts-extra-community-list.csv: gifts missing from those lists (extra_gifts.json),
  community-scraped and undated.

An id keeps the price of the newest list that has it. A community gift is kept only where no
official list has its id.
"""

import csv
import sys
from pathlib import Path

OFFICIAL = [
    ("2024-01-05", "tiktok-gift-list-2024-01-05.csv"),
    ("2023-09-02", "tiktok-gift-list-2023-09-02.csv"),
]
COMMUNITY = "tiktok-gifts-extra-community-list.csv"

HEADER = """\
# TikTok LIVE gift catalogue for tiktok-earnings.
# Built by scripts/build_gift_catalogue.py from TikTok's own gift-list responses of 2024-01-05 and
# 2023-09-02 (as_of = the list's date; source = tiktok-list), and a community-scraped list of
# gifts missing from them (as_of empty = undated; source = community). All three were published
# in jwdeveloper/TikTokLiveJava, Tools/src/main/resources/gifts/. An id appears once, with the
# price of the newest list that has it. streakable: yes = gift type 1 (sent in combos), no = other
# types, empty = not known.
"""


def main(source_dir: Path) -> None:
    rows: dict[str, dict[str, str]] = {}
    for as_of, file_name in OFFICIAL:
        with open(source_dir / file_name, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                rows.setdefault(row["gift_id"], {
                    "gift_id": row["gift_id"],
                    "name": row["name"],
                    "coins": row["coins"],
                    "streakable": "yes" if row["type"] == "1" else "no",
                    "as_of": as_of,
                    "source": "tiktok-list",
                })
    with open(source_dir / COMMUNITY, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.setdefault(row["gift_id"], {
                "gift_id": row["gift_id"],
                "name": row["name"],
                "coins": row["coins"],
                "streakable": "",
                "as_of": "",
                "source": "community",
            })
    ordered = sorted(rows.values(), key=lambda r: (int(r["coins"]), r["name"].casefold(), int(r["gift_id"])))
    sys.stdout.write(HEADER)
    writer = csv.DictWriter(sys.stdout, fieldnames=list(ordered[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(ordered)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "data/gift-lists"))
