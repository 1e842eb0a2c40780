"""The output figures, each declared once: its dotted name, kind, label for people and group.

A figure is named as the JSON output nests it, flattened with dots: `hearts.indirect_value.base`.
Everything that lists figures derives its list from `FIGURES`, in the order reports show them:
`expect:` in a scenario (and its JSON Schema), the CSV columns, the Markdown and summary columns
(`SUMMARY`), compare's rows and groups, the sweep's columns and the JSON output's figures.

A figure's value is read from a report (calculator.Breakdown, or the rounded report) by the
attribute path its name gives, or by `attribute` where the report calls it something else. Nothing
here imports the calculator: the calculator reads the scenario, which reads these names.
"""

import functools
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from operator import attrgetter
from typing import Any, NamedTuple

from tiktok_earnings.numbers import plain

CASES = ("low", "base", "high")


class Kind(StrEnum):
    """What a figure counts, which says how it is written."""

    MONEY = "money"  # in the report currency
    COUNT = "count"  # whole: coins, hearts
    SHARE = "share"  # a fraction, shown as a percentage
    RATE = "rate"  # a quantity per unit: hearts per viewer-minute
    DIAMONDS = "diamonds"  # diamonds credited, exact (a fraction of a diamond is possible with custom rates)

    @property
    def family(self) -> str:
        """money, count, share, or number (rates and diamonds): how compare names the kind."""
        return "number" if self in (Kind.RATE, Kind.DIAMONDS) else self.value


class Figure(NamedTuple):
    name: str  # dotted, as in the JSON output and `expect:`
    kind: Kind
    label: str  # for people, as compare shows it
    group: str  # the heading it is shown under
    attribute: str = ""  # the report's attribute path, where it is not `name`

    @property
    def money(self) -> bool:
        return self.kind is Kind.MONEY

    @property
    def total(self) -> bool:
        """A total or subtotal of the figures above it (its label starts with `=`): shown in bold."""
        return self.label.startswith("=")

    def value(self, report: object) -> Decimal:
        """This figure of a report, as a Decimal."""
        value = _getter(self.attribute or self.name)(report)
        return value if type(value) is Decimal else Decimal(value)

    def text(self, value: Decimal) -> str:
        """Exactly, as CSV and JSON write it: diamonds without trailing zeros, everything else as computed."""
        return plain(value) if self.kind is _DIAMONDS else str(value)

    def json(self, value: Decimal) -> int | str:
        """As JSON holds it: counts are integers, everything else an exact decimal string."""
        kind = self.kind
        if kind is _COUNT:
            return int(value)
        return plain(value) if kind is _DIAMONDS else str(value)


# Looked up once, not for each figure of each report: a batch reads every figure of thousands of reports.
_COUNT, _DIAMONDS = Kind.COUNT, Kind.DIAMONDS
_getter = functools.cache(attrgetter)  # a report's attribute at a dotted path, reading through each part


MONEY, COINS_AND_DIAMONDS, HEARTS, OTHER_INCOME, TOTAL_INCOME, REWARDS = (
    "Money", "Coins and diamonds", "Hearts", "Other income", "Total income", "Reward rate")


def _figures() -> tuple[Figure, ...]:
    money, count, share = Kind.MONEY, Kind.COUNT, Kind.SHARE
    return (
        Figure("coins", count, "Coins", COINS_AND_DIAMONDS),
        Figure("diamonds", Kind.DIAMONDS, "Diamonds", COINS_AND_DIAMONDS),
        # The waterfall, from viewers' spend to the creator's net.
        Figure("viewer_spend", money, "Viewers spent", MONEY),
        Figure("platform_share", money, "− TikTok and app stores", MONEY),
        Figure("creator_gross", money, "= Creator gross", MONEY),
        Figure("agency_commission", money, "− Agency commission", MONEY),
        Figure("withdrawal_fees", money, "− Withdrawal fees", MONEY),
        Figure("tax", money, "− Tax", MONEY),
        Figure("creator_net", money, "= Creator net", MONEY),
        Figure("hearts.count", count, "Hearts tapped", HEARTS),
        Figure("hearts.per_viewer_minute", Kind.RATE, "Hearts per viewer-minute", HEARTS),
        Figure("hearts.direct_value", money, "Direct value of hearts", HEARTS),
        *(Figure(f"hearts.indirect_share.{case}", share, f"Indirect share, {case}", HEARTS) for case in CASES),
        *(Figure(f"hearts.indirect_value.{case}", money, f"Indirect value, {case}", HEARTS) for case in CASES),
        Figure("other_income.creator_rewards", money, "Creator Rewards", OTHER_INCOME),
        Figure("other_income.subscriptions", money, "LIVE Subscriptions", OTHER_INCOME),
        Figure("other_income.brand_deals", money, "Brand deals", OTHER_INCOME, attribute="other_income.brand_deals_total"),
        Figure("other_income.total", money, "= Other income", OTHER_INCOME),
        Figure("total_income.live_net", money, "LIVE net per month", TOTAL_INCOME),
        Figure("total_income.total", money, "= Total income", TOTAL_INCOME),
    )


FIGURES = _figures()
BY_NAME = {figure.name: figure for figure in FIGURES}

NUMERIC_FIELDS = tuple(figure.name for figure in FIGURES)  # also the fields `expect:` takes

# Figures only a scenario with `rewards:` has (so the outputs of every other scenario stay as they were):
# the reward rate the figures use, the high end of a range (equal to it when the rate is one figure),
# and, for a range, the waterfall at the high end. The JSON output writes them beside FIGURES.
REWARD_FIGURES = (
    Figure("reward_rate", Kind.SHARE, "Reward rate", REWARDS, attribute="reward.rate.low"),
    Figure("reward_rate_high", Kind.SHARE, "Reward rate, high end", REWARDS, attribute="reward.rate.high"),
)
REWARD_HIGH_FIGURES = tuple(
    Figure(f"reward_high.{name}", Kind.MONEY, f"{label}, at the high end", REWARDS, attribute=f"reward.high.{name}")
    for name, label in (("platform_share", "− TikTok and app stores"), ("creator_gross", "= Creator gross"),
                        ("agency_commission", "− Agency commission"), ("withdrawal_fees", "− Withdrawal fees"),
                        ("tax", "− Tax"), ("creator_net", "= Creator net"))
)


def in_group(group: str) -> tuple[Figure, ...]:
    """The figures under one heading, in order."""
    return tuple(figure for figure in FIGURES if figure.group == group)


def names(group: str) -> tuple[str, ...]:
    return tuple(figure.name for figure in in_group(group))


MONEY_FIELDS = names(MONEY)
# What comes off the creator's gross, in the waterfall's order (each shown as the difference of two rounded
# running subtotals: report.py): the figures between the gross and the net.
DEDUCTIONS = MONEY_FIELDS[MONEY_FIELDS.index("creator_gross") + 1:MONEY_FIELDS.index("creator_net")]
HEARTS_FIELDS = names(HEARTS)
OTHER_INCOME_FIELDS = names(OTHER_INCOME)
TOTAL_INCOME_FIELDS = names(TOTAL_INCOME)

# The figures a summary of many scenarios shows, one column each (Markdown, the batch table), with the
# heading of its column (a line break where a narrow table breaks it); its money is per stream, but for
# the month's figures (MONTHLY).
SUMMARY_HEADINGS = {
    "coins": "Coins", "viewer_spend": "Viewers\nspent", "creator_gross": "Creator\ngross",
    "agency_commission": "Agency", "creator_net": "Creator\nnet", "total_income.total": "Income\na month",
    "hearts.indirect_value.base": "Hearts\n(base)"}
SUMMARY = tuple(BY_NAME[name] for name in SUMMARY_HEADINGS)
# The summary's figures that are totalled per currency (and per group): all but the hearts' estimate.
SUMMARY_TOTALS = tuple(figure for figure in SUMMARY if figure.group != HEARTS)

# The figures that add up over scenarios (money, coins, diamonds and hearts): a group's totals (groups.py).
SUMMED = tuple(figure for figure in FIGURES if figure.kind in (Kind.MONEY, Kind.COUNT, Kind.DIAMONDS))
# A month's figures only where the scenario has a `schedule:`: without one its single stream stands for the
# month, so these are never totalled over a scenario without one (a stream is not a month).
MONTHLY = frozenset(TOTAL_INCOME_FIELDS)


def numeric_values(report: object) -> dict[str, Decimal]:
    """Every figure of a report, by its dotted name, in FIGURES order."""
    return {figure.name: figure.value(report) for figure in FIGURES}


def nested(values: Iterable[tuple[str, object]]) -> dict[str, Any]:
    """Dotted names and their values as nested objects, as JSON holds them: `hearts.count` -> {"hearts": {"count": …}}."""
    tree: dict[str, Any] = {}
    for name, value in values:
        parents, last = _split(name)
        branch = tree
        for key in parents:
            inner = branch.get(key)
            if inner is None:
                inner = branch[key] = {}
            branch = inner
        branch[last] = value
    return tree


Shape = tuple[tuple[str, "Figure | None", "Shape"], ...]


def shape(figures: Iterable[Figure]) -> Shape:
    """How figures nest, to be made once and filled for each report (`as_json`): (name, figure, ()) for a figure,
    (name, None, its own shape) for an object of them, in the order nested() makes them."""
    return _shape(nested((figure.name, figure) for figure in figures))


def _shape(tree: dict[str, Any]) -> Shape:
    return tuple((name, None, _shape(inner)) if type(inner) is dict else (name, inner, ()) for name, inner in tree.items())


def as_json(figures: Shape, report: object) -> dict[str, Any]:
    """A report's figures as JSON holds them (Figure.json), nested by name: what
    nested((figure.name, figure.json(figure.value(report))) for figure in figures) makes, without working out the nesting
    again for each report."""
    return {name: as_json(inner, report) if figure is None else figure.json(figure.value(report))
            for name, figure, inner in figures}


@functools.lru_cache(maxsize=1024)
def _split(name: str) -> tuple[tuple[str, ...], str]:
    """The names of the objects a dotted name is nested in, and its own: ("hearts", "indirect_share"), "low"."""
    *parents, last = name.split(".")
    return tuple(parents), last
