"""The creator's share of each diamond: TikTok's reward programs, from data/reward_programs.csv and reward_rules.csv.

    creator_gross = diamonds × reward rate × a diamond's face value ($0.01)

- `flat`: 50%, whatever the creator does: $0.005 a diamond, the tool's default (and the rule outside the US).
- `scaled-2025` (US, from 2025-02-10): the rate is the sum of mission points, capped (53), less a deduction
  for violations, never below the floor (0), as a fraction. The per-LIVE duration mission comes from the
  stream's length: under 5 minutes 20 points, 25 or more 38. No public source gives the points between 5
  and 25 minutes, so there the rate is a low–high range with the sourced ends (20 and 38), never a guess.
- `rate:` stated outright (as the creator's LIVE Center shows it) replaces the missions.

Pure: no scenario records, no output. A later change of TikTok's rules is a change of the data files.
"""

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

from tiktok_earnings.numbers import ZERO, parse_decimal, plain

DATA = Path(__file__).parent / "data"
PROGRAMS_FILE = DATA / "reward_programs.csv"
RULES_FILE = DATA / "reward_rules.csv"
FLAT, SCALED = "flat", "scaled-2025"
DEFAULT_PROGRAM = FLAT
HUNDRED = Decimal(100)


class Program(NamedTuple):
    name: str
    where: str
    since: str
    as_of: str
    about: str
    source: str


class Rule(NamedTuple):
    program: str  # "" for every program
    rule: str  # face_value_usd, rate, duration, new_followers, weekly_lives, team_members, league, cap, floor, deduction_max
    at: str  # the threshold it holds from ("" for a constant); a value for `league`
    points: Decimal | None  # None: no public source gives a figure here
    about: str
    source: str
    as_of: str


class Settings(NamedTuple):
    """A scenario's `rewards:` block."""

    program: str = DEFAULT_PROGRAM
    new_followers: int = 0
    weekly_lives: int = 0
    team_members: int = 0
    league: str = "none"
    deduction: int = 0
    rate: Decimal | None = None  # stated outright: replaces the missions


class Part(NamedTuple):
    """One mission's points: `low` and `high` differ only where no source gives the figure (a range)."""

    mission: str  # duration, new_followers, weekly_lives, team_members, league, deduction
    low: Decimal
    high: Decimal
    label: str  # "38 for 25+ minutes", "+2 for 5+ new followers"


class Rate(NamedTuple):
    """The reward rate of one stream, as fractions of a diamond's face value, and where it comes from."""

    program: str
    low: Decimal  # the rate the figures use
    high: Decimal  # equal to low unless the stream's length falls where no source gives the points
    parts: tuple[Part, ...]  # the missions (every one, 0 where not reached); () when stated or flat
    stated: bool  # `rate:` given outright
    points_low: Decimal  # the sum of the parts, before the cap and the floor (the rate × 100 when stated or flat)
    points_high: Decimal
    cap: Decimal | None  # the program's cap and floor on the points; None for flat and stated rates
    floor: Decimal | None

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def text(self) -> str:
        """For people: "Reward rate 48%: 38 for 25+ minutes, +2 for 5+ new followers, +8 for 2 weekly LIVEs"."""
        shown = percent(self.low) if not self.is_range else f"{percent(self.low)} to {percent(self.high)}"
        if self.stated:
            return f"Reward rate {shown}: stated in the scenario (`rate:`), as the LIVE Center shows it; missions not used"
        if self.program == FLAT:
            return f"Reward rate {shown}: the flat program"
        said = [part.label for part in self.parts if part.low or part.high]
        text = f"Reward rate {shown}: " + ", ".join(said or ["no mission reached"])
        if self.cap is not None and self.points_high > self.cap:
            text += f" (capped at {plain(self.cap)})"
        if self.floor is not None and self.points_low < self.floor:
            text += f" (never below {plain(self.floor)})"
        if self.is_range:
            text += ("; between 5 and 25 minutes no source gives the points, so the figures are at the low end"
                     " with the high end beside them (state `rate:` from your LIVE Center for one figure)")
        return text


def percent(fraction: Decimal) -> str:
    return f"{plain(fraction * HUNDRED)}%"


@cache
def load_programs(path: Path = PROGRAMS_FILE) -> dict[str, Program]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["name"]: Program(**row) for row in rows}


@cache
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return tuple(Rule(row["program"], row["rule"], row["at"], parse_decimal(row["points"]) if row["points"] else None,
                          row["about"], row["source"], row["as_of"]) for row in rows)


def program_names() -> list[str]:
    return list(load_programs())


def league_names(rules: tuple[Rule, ...] | None = None) -> list[str]:
    return [rule.at for rule in (rules or load_rules()) if rule.rule == "league"]


def _rules(rules: tuple[Rule, ...], program: str, name: str) -> list[Rule]:
    return [rule for rule in rules if rule.rule == name and rule.program in (program, "")]


def constant(name: str, program: str = "", rules: tuple[Rule, ...] | None = None) -> Decimal:
    """A rule without a threshold: face_value_usd, a program's rate, cap, floor or deduction_max."""
    found = _rules(rules or load_rules(), program, name)
    assert len(found) == 1 and found[0].points is not None, f"one figure for {name} ({program}) in the rules"
    return found[0].points


def face_value(rules: tuple[Rule, ...] | None = None) -> Decimal:
    """USD a diamond is worth at face value: the creator is paid the reward rate of it."""
    return constant("face_value_usd", rules=rules)


def _step(rules: list[Rule], count: Decimal) -> tuple[Decimal, Decimal, Rule | None]:
    """The points at `count` for a threshold rule: (low, high, the rule that holds); (0, 0, None) below the first."""
    ordered = sorted(rules, key=lambda rule: Decimal(rule.at))
    holding = [i for i, rule in enumerate(ordered) if Decimal(rule.at) <= count]
    if not holding:
        return ZERO, ZERO, None
    i = holding[-1]
    rule = ordered[i]
    if rule.points is not None:
        return rule.points, rule.points, rule
    below = ordered[i - 1].points if i > 0 else ZERO
    above = next((later.points for later in ordered[i + 1:] if later.points is not None), below)
    assert below is not None and above is not None, "an unsourced step has sourced neighbours"
    return below, above, rule


def _threshold_label(rule: Rule | None, mission: str, count: Decimal) -> str:
    if rule is None:
        return ""
    at = f"{Decimal(rule.at):,}"
    return {
        "new_followers": f"{at}+ new followers",
        "weekly_lives": f"{plain(count)} weekly LIVE{'s' * (count != 1)}",
        "team_members": f"{at}+ team members",
    }[mission]


def _duration(rules: list[Rule], minutes: Decimal) -> Part:
    low, high, rule = _step(rules, minutes)
    ordered = sorted(rules, key=lambda r: Decimal(r.at))
    if rule is None:
        return Part("duration", low, high, "")
    following = [r for r in ordered if Decimal(r.at) > Decimal(rule.at)]
    if low != high:
        label = f"{plain(low)} to {plain(high)} for {plain(Decimal(rule.at))} to {plain(Decimal(following[0].at))} minutes"
    elif not following:
        label = f"{plain(low)} for {plain(Decimal(rule.at))}+ minutes"
    else:
        label = f"{plain(low)} for under {plain(Decimal(following[0].at))} minutes"
    return Part("duration", low, high, label)


def reward_rate(settings: Settings, minutes: Decimal, rules: tuple[Rule, ...] | None = None) -> Rate:
    """The reward rate of a stream of `minutes` minutes under `settings`, from the rules (data/reward_rules.csv)."""
    rules = rules or load_rules()
    if settings.rate is not None:
        points = settings.rate * HUNDRED
        return Rate(settings.program, settings.rate, settings.rate, (), True, points, points, None, None)
    if settings.program == FLAT:
        points = constant("rate", FLAT, rules)
        return Rate(FLAT, points / HUNDRED, points / HUNDRED, (), False, points, points, None, None)
    program = settings.program
    parts = [_duration(_rules(rules, program, "duration"), minutes)]
    for mission, count in (("new_followers", settings.new_followers), ("weekly_lives", settings.weekly_lives),
                           ("team_members", settings.team_members)):
        low, high, rule = _step(_rules(rules, program, mission), Decimal(count))
        parts.append(Part(mission, low, high, f"+{plain(low)} for {_threshold_label(rule, mission, Decimal(count))}"))
    league = {rule.at: rule for rule in _rules(rules, program, "league")}[settings.league]
    assert league.points is not None, "a league's points are sourced"
    parts.append(Part("league", league.points, league.points, f"+{plain(league.points)} for the league ({league.at})"))
    deduction = Decimal(settings.deduction)
    parts.append(Part("deduction", -deduction, -deduction, f"−{plain(deduction)} deducted for violations"))
    cap, floor = constant("cap", program, rules), constant("floor", program, rules)
    points_low = sum((part.low for part in parts), ZERO)
    points_high = sum((part.high for part in parts), ZERO)

    def bounded(points: Decimal) -> Decimal:
        return max(floor, min(cap, points)) / HUNDRED

    return Rate(program, bounded(points_low), bounded(points_high), tuple(parts), False, points_low, points_high, cap, floor)


def depends_on_length(settings: Settings | None) -> bool:
    """Whether the stream's length changes the rate: missions are counted (scaled-2025, no `rate:`)."""
    return settings is not None and settings.rate is None and settings.program != FLAT
