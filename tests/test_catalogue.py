import csv
from pathlib import Path

import pytest

from tiktok_earnings.catalogue import GiftLookupError, load_catalogue, normalise

SOURCES = Path(__file__).resolve().parent.parent / "data" / "gift-lists"


def official(as_of: str) -> list[dict[str, str]]:
    with open(SOURCES / f"tiktok-gift-list-{as_of}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_gift_of_the_newest_official_list_is_in_the_catalogue_with_its_price_and_date():
    catalogue = load_catalogue()
    rows = official("2024-01-05")
    assert len(rows) == 116
    for row in rows:
        gift = catalogue.by_id[int(row["gift_id"])]
        assert (gift.name, gift.coins, gift.as_of) == (row["name"], int(row["coins"]), "2024-01-05")
        assert gift.streakable == (row["type"] == "1")


def test_gifts_only_in_the_older_list_keep_its_date():
    catalogue = load_catalogue()
    old_universe = catalogue.by_id[6038]
    assert (old_universe.name, old_universe.coins, old_universe.as_of) == ("TikTok Universe", 34999, "2023-09-02")


@pytest.mark.parametrize(
    ("name", "gift_id", "coins"),
    [
        ("Rose", 5655, 1),
        ("rose", 5655, 1),
        ("Finger Heart", 5487, 5),
        ("finger-heart", 5487, 5),
        ("FINGERHEART", 5487, 5),
        ("TikTok Universe", 9072, 44999),  # the newest list's price
        ("Galaxy", 5886, 1000),  # from the community list
        ("Lion", 6369, 29999),
        ("Yacht", 9501, 20000),
    ],
)
def test_names_resolve_to_the_newest_price(name, gift_id, coins):
    gift = load_catalogue().find(name)
    assert (gift.gift_id, gift.coins) == (gift_id, coins)


def test_gift_id_picks_an_older_price():
    assert load_catalogue().find("TikTok Universe", 6038).coins == 34999
    assert load_catalogue().find(None, 6038).name == "TikTok Universe"


def test_a_name_with_two_prices_in_the_same_list_asks_for_an_id():
    with pytest.raises(GiftLookupError) as caught:
        load_catalogue().find("Heart")
    assert "several prices" in caught.value.message
    assert "5480 (10 coins" in caught.value.hint and "6247 (1 coins" in caught.value.hint


def test_same_price_under_two_ids_is_not_ambiguous():
    assert load_catalogue().find("Star Throne").coins == 7999


def test_unknown_name_suggests_the_nearest():
    with pytest.raises(GiftLookupError) as caught:
        load_catalogue().find("Lionn")
    assert caught.value.message == "unknown gift 'Lionn'"
    assert "'Lion'" in caught.value.hint


def test_every_entry_has_id_coins_and_a_known_source():
    for gift in load_catalogue().gifts:
        assert gift.gift_id > 0 and gift.coins > 0
        assert gift.source in ("tiktok-list", "community")
        assert (gift.as_of != "") == (gift.source == "tiktok-list")


def test_normalise_ignores_case_spaces_hyphens():
    assert normalise("TikTok-Universe") == normalise("tiktok universe") == "tiktokuniverse"
    assert normalise("TikTok Universe+") != normalise("TikTok Universe")


def test_the_shipped_catalogue_is_what_the_build_script_makes(capsys):
    import runpy

    root = SOURCES.parent.parent
    runpy.run_path(str(root / "scripts" / "build_gift_catalogue.py"), run_name="build")["main"](SOURCES)
    built = capsys.readouterr().out
    assert built == (root / "tiktok_earnings" / "data" / "gifts.csv").read_text(encoding="utf-8")
