"""The scenario a LIVE recording adds up to: as plain data, as a Document, and as the YAML file `import` writes.

The YAML is written by hand rather than by a YAML library, so that it reads as a person would
write it: a comment header that says what was recorded and what a recording cannot know, the
gifts in the order they earned, each with a note where the recording and the catalogue differ.
`run` reads it back to the same scenario.
"""

import json
from datetime import UTC
from pathlib import Path

from tiktok_earnings import __version__
from tiktok_earnings.catalogue import normalise
from tiktok_earnings.escape import terminal, unicode_escapes
from tiktok_earnings.live.tally import RecordedGift, Recording, plural_s
from tiktok_earnings.numbers import plain
from tiktok_earnings.scenario.yamldoc import Document


def scenario_name(recording: Recording) -> str:
    if recording.unique_id:
        return f"@{recording.unique_id} LIVE, {recording.first_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return Path(recording.file).stem


def scenario_data(recording: Recording) -> dict:
    """The scenario as plain data, as a YAML file would hold it (default rates and payout)."""
    gifts = []
    for gift in recording.gifts + recording.guest_gifts:  # the guests' last, each with `to:`: not the host's money
        if gift.in_catalogue:
            line = {"gift": gift.name, **({"gift_id": gift.gift_id} if gift.gift_id is not None else {})}
        else:
            line = {"name": gift.name}
        gifts.append(line | {"coins": gift.coins_each, "count": gift.count} | ({"to": gift.to} if gift.to else {}))
    return {
        "name": scenario_name(recording),
        "stream": {"duration_minutes": recording.duration_minutes, "average_viewers": recording.average_viewers},
        "hearts": recording.hearts,
        "gifts": gifts,
    }


def scenario_document(recording: Recording) -> Document:
    """The scenario as a Document whose values point at the lines of the recording they come from."""
    return Document(recording.file, scenario_data(recording), dict(recording.origins))


def describe(recording: Recording) -> tuple[list[str], list[str]]:
    """What was recorded, when, and what it adds up to; and what a recording cannot know.

    For the scenario file's header, and for `import`'s summary on stderr.
    """
    if recording.unique_id:
        who = f"@{recording.unique_id}" + (f" (room {recording.room_id})" if recording.room_id else "")
    else:
        who = "a creator it does not name (no ConnectEvent line)"
    start, end = recording.first_at.astimezone(UTC), recording.last_at.astimezone(UTC)
    until = f"{end:%H:%M:%S}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M:%S}"
    kinds = f"{recording.gift_events:,} gift, {recording.like_events:,} like, {recording.viewer_events:,} viewer"
    if recording.sessions:
        kinds += f", {recording.sessions:,} connect"
    known = [
        f"Recorded: {who}, {start:%Y-%m-%d %H:%M:%S} to {until} UTC ({plain(recording.duration_minutes)} min)",
        f"Events: {recording.events:,} ({kinds}" + (f", {recording.other_events:,} other)" if recording.other_events else ")"),
        f"Gifts: {recording.gifts_sent:,} sent, {recording.coins:,} coins, each at its event's own price;"
        " a streak is counted once, on its final frame",
        f"Hearts: {recording.hearts:,} tapped while recording (the room's like total rose from"
        f" {recording.room_hearts - recording.hearts:,} to {recording.room_hearts:,});"
        f" the room's total since the LIVE began is {recording.room_hearts:,}",
        f"Viewers: {plain(recording.average_viewers)} on average (each count weighted by how long it held),"
        f" {recording.peak_viewers:,} at the peak, {recording.total_viewers:,} joined in all",
    ]
    if recording.gifters:
        top = ", ".join(f"{_gifter_name(gifter.nickname, gifter.user_id)} {gifter.coins:,}"
                        for gifter in recording.gifters[:TOP_GIFTERS])
        known.append(f"Top gifters: {top} coins ({len(recording.gifters):,} gave in all)")
    if recording.to_others:
        guests = ", ".join(f"{_gifter_name(guest.nickname, guest.to)} {guest.coins:,}" for guest in recording.to_others)
        known.append(f"Gifts to others: {guests} coins, to guests: not the host's money (the gifts below with `to:`)")
    else:
        known.append("Gifts to others (guests): none; every gift went to the host")
    if not recording.battles:
        known.append("Battles: none recorded")
    for battle in recording.battles:
        ended = f"{battle.ended_at.astimezone(UTC):%H:%M:%S}" + ("" if battle.ended else " (last seen)")
        known.append(f"Battle {battle.battle_id or '(seen in gifts)'}: {battle.started_at.astimezone(UTC):%H:%M:%S} to {ended}"
                     f" UTC, {battle.coins:,} coins to the host in it")
    unknown = [
        "gifts sent before connecting (TikTok sends no session total), and the stream's time before the first event",
        "how many of those who joined came before connecting (a room total), and the hearts tapped between connecting"
        " and the first like count",
    ]
    if recording.open_streaks:
        streaks = f"{recording.open_streaks:,} streak{plural_s(recording.open_streaks)}"
        unknown.append(f"the final count of {streaks} still open at the end:"
                       f" counted as far as seen ({recording.open_streak_coins:,} coins)")
    if recording.unended_streaks:
        streaks = f"{recording.unended_streaks:,} streak{plural_s(recording.unended_streaks)}"
        unknown.append(f"the final count of {streaks} whose final"
                       " frame never came: counted as far as seen")
    if recording.sessions > 1:
        unknown.append(f"what happened between its {recording.sessions} sessions; the duration includes that time")
    return known, unknown


TOP_GIFTERS = 3  # named in the header


def _gifter_name(nickname: str, user_id: str) -> str:
    return nickname or (f"user {user_id}" if user_id else "an unnamed user")


def scenario_yaml(recording: Recording) -> str:
    """The scenario as a YAML file `run` reads back to the same scenario, with a comment header saying where it came from."""
    data = scenario_data(recording)
    known, unknown = describe(recording)
    lines = [f"# Imported by tiktok-earnings {__version__} from the LIVE recording {_comment(recording.file)}"]
    lines += _wrapped(known, "# ", "#   ")
    lines.append("# Not known from a recording:")
    lines += _wrapped(unknown, "#   - ", "#     ")
    lines.append("# Coin rates and payout are the defaults: add `coin_rates:` and `payout:` to use your own.")
    lines += [
        f"name: {_yaml_text(data['name'])}",
        "stream:",
        f"  duration_minutes: {plain(recording.duration_minutes)}",
        f"  average_viewers: {plain(recording.average_viewers)}",
        f"hearts: {recording.hearts}",
        "gifts:" if data["gifts"] else "gifts: []",
    ]
    for gift, line in zip(recording.gifts + recording.guest_gifts, data["gifts"], strict=True):
        first_key = "gift" if gift.in_catalogue else "name"
        note = _gift_note(gift)
        lines.append(f"  - {first_key}: {_yaml_text(line[first_key])}" + (f"  # {_comment(note)}" if note else ""))
        lines += [f"    {key}: {_yaml_text(value) if key == 'to' else value}" for key, value in line.items() if key != first_key]
    return "\n".join(lines) + "\n"


def _wrapped(items: list[str], first: str, rest: str) -> list[str]:
    import textwrap  # only `import` writes a header

    return [line for item in items
            for line in textwrap.wrap(_comment(item), 120, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)]


def _gift_note(gift: RecordedGift) -> str:
    if not gift.in_catalogue:
        return f"id {gift.recorded_id}, not in the catalogue" if gift.recorded_id else "not in the catalogue"
    notes = []
    if gift.recorded_name and normalise(gift.recorded_name) != normalise(gift.name):
        notes.append(f"recorded as {gift.recorded_name!r}")
    if gift.recorded_id and (gift.gift_id is None or str(gift.gift_id) != gift.recorded_id):
        notes.append(f"recorded id {gift.recorded_id}")
    return ", ".join(notes)


_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"}


def _yaml_text(text: str) -> str:
    """Text as a YAML scalar: plain where that is safe, else a JSON string (which YAML reads as double-quoted)."""
    plain_safe = text[:1].isascii() and text[:1].isalpha() and text.lower() not in _YAML_WORDS and text == text.strip()
    if plain_safe and all(ch.isascii() and (ch.isalnum() or ch in " '._-") for ch in text):
        return text
    return unicode_escapes(json.dumps(text, ensure_ascii=False))


def _comment(text: str) -> str:
    """On one line, with control characters from the recording shown as escapes (escape.py)."""
    return terminal(" ".join(text.split()))
