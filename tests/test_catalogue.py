import csv
from pathlib import Path

import pytest

from tiktok_earnings.catalogue import DATA_FILE, STREAKABLE, Catalogue, Gift, GiftLookupError, is_stale, load_catalogue, normalise
from tiktok_earnings.scenario.reader import load_scenario

SOURCES = Path(__file__).resolve().parent.parent / "data" / "gift-lists"


def source(file_name: str) -> list[dict[str, str]]:
    with open(SOURCES / file_name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def official(as_of: str) -> list[dict[str, str]]:
    return source(f"tiktok-gift-list-{as_of}.csv")


def test_every_gift_of_the_newest_official_list_is_in_the_catalogue_with_its_price_and_date():
    catalogue = load_catalogue()
    rows = official("2024-01-05")
    assert len(rows) == 116
    for row in rows:
        gift = catalogue.by_id[int(row["gift_id"])]
        assert (gift.name, gift.coins, gift.as_of, gift.source) == (row["name"].strip(), int(row["coins"]), "2024-01-05",
                                                                    "tiktok-list")
        assert gift.streakable == (row["type"] == "1")


def test_gifts_only_in_the_older_list_keep_its_date():
    catalogue = load_catalogue()
    old_universe = catalogue.by_id[6038]
    assert (old_universe.name, old_universe.coins, old_universe.as_of) == ("TikTok Universe", 34999, "2023-09-02")


def test_every_id_of_the_giftsgenerator_list_is_in_the_catalogue_at_its_price():
    catalogue = load_catalogue()
    rows = source("tiktok-gift-list-2024-02-22-giftsgenerator.csv")
    assert len(rows) == 699
    for row in rows:
        gift = catalogue.by_id[int(row["gift_id"])]
        assert gift.coins == int(row["coins"])
        if gift.source == "giftsgenerator":  # an id TikTok's own lists lack
            assert (gift.name, gift.as_of) == (" ".join(row["name"].split()), "2024-02-22")
            assert gift.streakable == {"True": True, "False": False}.get(row["combo"])
    heart_200 = catalogue.by_id[5738]
    assert (heart_200.name, heart_200.coins, heart_200.source, heart_200.as_of) == ("Heart", 200, "giftsgenerator", "2024-02-22")


def test_every_name_and_price_of_the_2026_snapshot_is_in_the_catalogue_listed_on_its_date():
    catalogue = load_catalogue()
    rows = source("tiktok-gifts-snapshot-2026-10-05.csv")
    assert len(rows) == 1647
    for row in rows:
        entries = [gift for gift in catalogue.by_name[normalise(row["name"])] if gift.coins == int(row["coins"])]
        assert entries and all(gift.last_listed == "2026-10-05" for gift in entries), row
    without_id = [gift for gift in catalogue.gifts if gift.gift_id is None]
    assert without_id and all((gift.source, gift.as_of) == ("streamtoearn", "2026-10-05") for gift in without_id)


# --- the known changes of 2025-2026 (REFERENCE section 7) ------------------------------------------------------


def test_holiday_universe_is_new_seasonal_and_without_an_id():
    gift = load_catalogue().find("Holiday Universe")
    assert (gift.gift_id, gift.coins, gift.status, gift.source, gift.as_of) == (None, 60999, "seasonal", "streamtoearn", "2026-10-05")


def test_rocket_is_a_5_coin_gift_now_and_the_20000_coin_rocket_is_retired():
    catalogue = load_catalogue()
    rocket = catalogue.find("Rocket")
    assert (rocket.gift_id, rocket.coins, rocket.status) == (None, 5, "")
    old = catalogue.by_id[5930]
    assert (old.name, old.coins, old.status, old.retired) == ("Rocket", 20000, "retired", True)
    assert catalogue.find("Rocket", 5930) == old == catalogue.find(None, 5930)  # only its id picks it
    assert catalogue.find("Rocket", coins=20000) == rocket  # a price is not enough: 20,000 overrides the 5-coin Rocket's


@pytest.mark.parametrize(("name", "prices"), [("Sports Car", {4999: None, 7000: 6089}), ("Falcon", {10999: 6271, 12000: None})])
def test_sports_car_and_falcon_have_two_prices_and_coins_picks_one(name, prices):
    catalogue = load_catalogue()
    with pytest.raises(GiftLookupError) as caught:
        catalogue.find(name)
    assert caught.value.message == f"gift '{name}' has several prices in the 2026-10-05 list"
    assert caught.value.hint.startswith("add `coins:` with the price you mean, or `gift_id:`: ")
    for coins, gift_id in prices.items():
        picked = catalogue.find(name, coins=coins)
        assert (picked.name, picked.coins, picked.gift_id) == (name, coins, gift_id)
    with pytest.raises(GiftLookupError) as falcon:
        catalogue.find("Falcon")
    assert falcon.value.hint.endswith("10999 coins (gift_id 6271 or 6367), 12000 coins (no gift_id)")


@pytest.mark.parametrize(("name", "gift_id", "coins"), [
    ("TikTok Universe", 9072, 44999), ("Pegasus", 9427, 42999), ("Fire Phoenix", 9092, 41999), ("Lion", 6369, 29999),
    ("Galaxy", 5886, 1000), ("Rose", 5655, 1),
])
def test_headline_prices_are_unchanged_since_2024_01_05_and_listed_in_2026(name, gift_id, coins):
    gift = load_catalogue().find(name)
    assert (gift.gift_id, gift.coins, gift.last_listed) == (gift_id, coins, "2026-10-05")


# --- which entry a name means ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "gift_id", "coins"),
    [
        ("Rose", 5655, 1),
        ("rose", 5655, 1),
        ("Finger Heart", 5487, 5),
        ("finger-heart", 5487, 5),
        ("FINGERHEART", 5487, 5),
        ("TikTok Universe", 9072, 44999),  # the newest list's price
        ("Galaxy", 5886, 1000),
        ("Lion", 6369, 29999),
        ("Yacht", 9501, 20000),
        ("Coffee", 5479, 1),  # TikTok's own list has 5479; GiftsGenerator also 5333, same price
    ],
)
def test_names_resolve_to_the_newest_price(name, gift_id, coins):
    gift = load_catalogue().find(name)
    assert (gift.gift_id, gift.coins) == (gift_id, coins)


def test_the_catalogue_is_the_data_file_read_whole_as_csv():
    """load_catalogue reads a line as CSV only when its gift is asked for, and finds names without the csv module:
    every entry, the one whose name holds a comma and quotes too, is what a CSV reader of the whole file gives."""
    with open(DATA_FILE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    expected = [Gift(int(row["gift_id"]) if row["gift_id"] else None, row["name"], int(row["coins"]),
                     STREAKABLE.get(row["streakable"]), row["as_of"], row["source"], row["last_listed"], row["status"])
                for row in rows]
    assert any('"' in gift.name or "," in gift.name for gift in expected)
    assert load_catalogue().gifts == expected
    fresh = load_catalogue.__wrapped__()  # each name is found by its line alone, before any entry is made
    assert [fresh.named(gift.name) for gift in expected[::97]] == [load_catalogue().named(gift.name) for gift in expected[::97]]
    assert fresh.named("ready, go!") == [gift for gift in expected if gift.name == "Ready, go!"]


def test_a_name_is_found_however_it_is_spelt_and_whatever_it_holds():
    odd = [Gift(None, name, 1, None, "", "community") for name in ("Two\nLines", "Star", "TWO LINES", "two-lines", "Star")]
    catalogue = Catalogue(odd)
    assert catalogue.named("two lines") == [odd[2], odd[3]]  # a name holding a line break does not shift the others
    assert catalogue.named("two\nlines") == [odd[0]]
    assert catalogue.named("STAR") == [odd[1], odd[4]]
    assert catalogue.named("moon") == []
    assert list(catalogue.by_name) == ["two\nlines", "star", "twolines"]


def entry(gift_id: int | None, coins: int, last_listed: str, source: str = "tiktok-list", status: str = "") -> Gift:
    return Gift(gift_id, "Star", coins, None, last_listed, source, last_listed, status)


def test_the_default_is_the_most_recently_listed_and_never_a_retired_entry():
    old, new, retired = entry(1, 100, "2024-01-05"), entry(None, 200, "2026-10-05", "streamtoearn"), entry(2, 300, "2026-10-05",
                                                                                                          status="retired")
    catalogue = Catalogue([old, new, retired])
    assert catalogue.find("star") == new  # newest list wins, though it has no id
    assert catalogue.find("star", coins=100) == old  # coins: picks an older price of the name
    assert catalogue.find("star", coins=300) == new  # but never a retired one: 300 only overrides the price
    assert catalogue.find("star", 2) == retired  # its id picks it
    assert Catalogue([old, entry(3, 100, "2024-01-05")]).find("star").gift_id == 1  # one price, several ids: the lowest


def test_a_name_with_only_retired_entries_says_so_and_how_to_use_it():
    with pytest.raises(GiftLookupError) as caught:
        Catalogue([entry(7, 100, "2024-01-05", status="retired")]).find("Star")
    assert caught.value.message == "gift 'Star' is retired"
    assert "`gift_id: 7`" in caught.value.hint


def test_a_wrong_gift_id_on_a_name_without_ids_points_at_coins():
    with pytest.raises(GiftLookupError) as caught:
        load_catalogue().find("Holiday Universe", 1)
    assert caught.value.message == "gift 'Holiday Universe' has no gift_id in the catalogue"
    assert caught.value.hint == "drop `gift_id:`; `coins:` picks among its prices: 60999 coins (no gift_id)"


def test_gift_id_picks_an_older_price():
    assert load_catalogue().find("TikTok Universe", 6038).coins == 34999
    assert load_catalogue().find(None, 6038).name == "TikTok Universe"


def test_a_name_with_several_prices_in_the_newest_list_asks_for_coins_or_an_id():
    with pytest.raises(GiftLookupError) as caught:
        load_catalogue().find("Heart")
    assert caught.value.message == "gift 'Heart' has several prices in the 2026-10-05 list"
    assert caught.value.hint == ("add `coins:` with the price you mean, or `gift_id:`: "
                                 "1 coins (gift_id 6247), 10 coins (gift_id 5480), 200 coins (gift_id 5738)")
    assert load_catalogue().find("Heart", coins=10).gift_id == 5480


def test_same_price_under_two_ids_is_not_ambiguous():
    assert load_catalogue().find("Star Throne").coins == 7999


def test_unknown_name_suggests_the_nearest():
    with pytest.raises(GiftLookupError) as caught:
        load_catalogue().find("Lionn")
    assert caught.value.message == "unknown gift 'Lionn'"
    assert "'Lion'" in caught.value.hint


def test_a_scenario_picks_a_price_without_an_id_by_coins(write_scenario):
    path = write_scenario("stream: {duration_minutes: 30, average_viewers: 10}\n"
                          "gifts: [{gift: Sports Car, coins: 4999, count: 2}, {gift: Falcon, coins: 10999, count: 1},"
                          " {gift: Rocket, count: 3}]\n")
    lines = [(line.name, line.gift_id, line.coins_each, line.count, line.in_catalogue) for line in load_scenario(path).gifts]
    assert lines == [("Sports Car", None, 4999, 2, True), ("Falcon", 6271, 10999, 1, True), ("Rocket", None, 5, 3, True)]


def test_the_breakdown_tells_a_catalogue_gift_without_an_id_from_a_custom_one(write_scenario):
    from tiktok_earnings.cli import app

    from .cli_runner import CliRunner

    path = write_scenario("stream: {duration_minutes: 30, average_viewers: 10}\n"
                          "gifts: [{gift: Rocket, count: 3}, {name: Badge, coins: 2, count: 1}]\n")
    table = CliRunner().invoke(app, ["run", str(path)]).stdout
    rocket, badge = (next(row for row in table.splitlines() if row.strip().startswith(name)) for name in ("Rocket", "Badge"))
    assert rocket.split()[1:3] == ["—", "5"] and badge.split()[1:3] == ["custom", "2"]


# --- stale entries ----------------------------------------------------------------------------------------------


def test_stale_entries_are_the_ones_only_the_old_lists_know():
    catalogue = load_catalogue()
    assert is_stale(catalogue.by_id[5930]) and is_stale(catalogue.by_id[6038])  # the old Rocket and Universe price
    assert not is_stale(catalogue.by_id[9072]) and not is_stale(catalogue.find("Holiday Universe"))
    stale = [gift for gift in catalogue.gifts if is_stale(gift)]
    assert stale and all(gift.gift_id is not None and gift.last_listed < "2026-10-05" for gift in stale)


# --- the file itself --------------------------------------------------------------------------------------------


def test_every_entry_has_coins_a_known_source_and_a_date_no_older_than_its_source():
    for gift in load_catalogue().gifts:
        assert gift.coins > 0 and (gift.gift_id is None or gift.gift_id > 0)
        assert gift.source in ("tiktok-list", "giftsgenerator", "community", "streamtoearn")
        assert (gift.gift_id is None) == (gift.source == "streamtoearn")
        assert (gift.as_of == "") == (gift.source == "community")
        assert gift.last_listed >= gift.as_of and gift.status in ("", "retired", "seasonal")


def test_the_notes_name_entries_that_exist():
    catalogue = load_catalogue()
    for note in source("catalogue-notes.csv"):
        entries = [gift for gift in catalogue.by_name[normalise(note["name"])] if gift.coins == int(note["coins"])]
        assert entries and all(gift.status == note["status"] for gift in entries) and note["why"]


def test_normalise_ignores_case_spaces_hyphens_and_curly_apostrophes():
    assert normalise("TikTok-Universe") == normalise("tiktok universe") == "tiktokuniverse"
    assert normalise("TikTok Universe+") != normalise("TikTok Universe")
    assert normalise("Pirate’s Ship") == normalise("pirate's ship")


def test_the_shipped_catalogue_is_what_the_build_script_makes(capsys):
    import runpy

    root = SOURCES.parent.parent
    runpy.run_path(str(root / "scripts" / "build_gift_catalogue.py"), run_name="build")["main"](SOURCES)
    built = capsys.readouterr().out
    assert built == (root / "tiktok_earnings" / "data" / "gifts.csv").read_text(encoding="utf-8")
