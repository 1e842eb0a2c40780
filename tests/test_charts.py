"""The charts' pieces: round ticks, escaped and shortened names, stacked bars that go below zero and stop at 30.

The charts as the commands write them are tested in test_export.py, and in a browser in test_browser.py.
"""

import xml.etree.ElementTree as ET
from decimal import Decimal as D

from tiktok_earnings.render.charts import MOST_BARS, SPEND_PARTS, Spend, spend_chart
from tiktok_earnings.render.svg import shorten, text, ticks

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>&"\x1b[2J\u202e'


def texts(root: ET.Element) -> list[str]:
    """The texts a chart shows (not their tooltips)."""
    return [(node.text or "") + "".join(child.tail or "" for child in node) for node in root.iter(f"{SVG}text")]


def test_axis_ticks_are_round_numbers_written_out():
    assert ticks(D(0), D("607.20"), least_step=D("0.01")) == tuple(D(n) for n in (0, 200, 400, 600, 800))
    assert [str(tick) for tick in ticks(D(0), D("0.004"), least_step=D("0.01"))] == ["0.00", "0.01"]  # never below a cent
    assert [str(tick) for tick in ticks(D(0), D(0))] == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]  # zeros still get an axis
    assert ticks(D(-5), D(12))[:2] == (D(-5), D(0))  # below zero too
    assert "E" not in "".join(str(tick) for tick in ticks(D(0), D("8E+11")))


def test_untrusted_text_is_escaped_shown_and_cut():
    assert text(HOSTILE) == "&lt;script&gt;alert(1)&lt;/script&gt;&amp;\"\\e[2J\\u202e"
    assert text("\ud800\uffff") == "\ufffd\ufffd"  # what XML cannot hold
    assert shorten("a" * 40, 10) == "a" * 9 + "…" and shorten("short", 10) == "short"


def test_a_bar_chart_stacks_below_zero_and_stops_at_its_most_bars():
    parts = [D(5), D(1), D(0), D(0), D(-2)]  # a platform share below zero, with custom rates
    chart = spend_chart([Spend("odd rates", tuple(parts))], "USD", ident="t", title="T", noun="scenario")
    root = ET.fromstring(chart.svg)
    ticks_shown = [value for value in texts(root) if value.startswith(("$", "-$"))]
    assert ticks_shown[0].startswith("-$") and "$0" in ticks_shown  # the axis reaches below zero
    many = [Spend(f"creator {n:03}", (D(n), *[D(0)] * (len(SPEND_PARTS) - 1))) for n in range(200, 0, -1)]
    root = ET.fromstring(spend_chart(many, "USD", ident="t", title="T", noun="folder").svg)
    labels = [node.text for node in root.iter(f"{SVG}title")][1:]
    rows = [label for label in labels if ":" not in label]  # a row's name; its parts' tooltips say what they are
    assert len(rows) == MOST_BARS and rows[-1] == f"{200 - MOST_BARS + 1} more folders"
    rest = sum(range(1, 200 - MOST_BARS + 2))  # the smallest, summed in words: as one bar they would dwarf the others
    assert f"net ${rest:,}.00 in all, not drawn" in texts(root) and len(root.findall(f"{SVG}rect")) < 2 * MOST_BARS + 10
    assert [shown for shown in texts(root) if shown.startswith("$")][-1] == "$200"  # the axis ends at the largest bar


def test_the_legend_names_only_the_parts_some_bar_has():
    """A run without agency, fees or tax has no such parts: they are neither drawn nor listed in the legend."""
    net_and_platform = (D(7), D(0), D(0), D(0), D(3))  # SPEND_PARTS: net, tax, fee, agency, platform share
    chart = spend_chart([Spend("plain", net_and_platform)], "USD", ident="t", title="T", noun="scenario")
    root = ET.fromstring(chart.svg)
    named = {label for figure in SPEND_PARTS for label in [figure.label.lstrip("−= ")] if label in chart.svg}
    assert named == {SPEND_PARTS[0].label.lstrip("−= "), SPEND_PARTS[4].label.lstrip("−= ")}
    assert len([node for node in root.iter(f"{SVG}title") if ": " in (node.text or "")]) == 2  # a tooltip per part drawn
    nothing = spend_chart([Spend("idle", (D(0),) * len(SPEND_PARTS))], "USD", ident="t", title="T", noun="scenario")
    assert all(figure.label.lstrip("−= ") in nothing.svg for figure in SPEND_PARTS)  # nothing spent: every part named
