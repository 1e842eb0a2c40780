"""JUnit XML for CI test reports: one test case per scenario file.

A scenario that misses an expectation is a <failure type="expectation">; a file that cannot be
computed is an <error type="input">. Each carries its first message as `message` and every message,
one a line, as text. No timestamps or host names, so the same outcomes give the same bytes.
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

from tiktok_earnings.batch import Outcome
from tiktok_earnings.errors import Problem
from tiktok_earnings.escape import terminal
from tiktok_earnings.render import render_all
from tiktok_earnings.render.outcomes import label, plural

CLASSNAME = "tiktok-earnings"
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
# Characters XML 1.0 cannot hold at all, even escaped (a YAML string may contain them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class JunitReport:
    """A test case is built as each outcome arrives; the suite, which counts them, comes out at the end."""

    def __init__(self, suite_name: str = "tiktok-earnings") -> None:
        self.suite_name = suite_name
        self.cases: list[ET.Element] = []
        self.counts = {"failed": 0, "error": 0}

    def start(self) -> str:
        return ""

    def add(self, outcome: Outcome) -> str:
        case = ET.Element("testcase", _attributes(classname=CLASSNAME, name=label(outcome), file=outcome.source))
        if outcome.problems:
            _add_result(case, "error", "input", outcome.problems)
        elif outcome.failures:
            _add_result(case, "failure", "expectation", outcome.failures)
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        self.cases.append(case)
        return ""

    def finish(self) -> str:
        root = ET.Element("testsuites")
        suite = ET.SubElement(root, "testsuite", _attributes(
            name=self.suite_name, tests=len(self.cases), failures=self.counts["failed"], errors=self.counts["error"], skipped=0))
        suite.extend(self.cases)
        ET.indent(root)
        return DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


    def wrote(self) -> str:
        return plural(len(self.cases), "test case")


def render_junit(outcomes: Iterable[Outcome], suite_name: str = "tiktok-earnings") -> str:
    return render_all(JunitReport(suite_name), outcomes)


def _add_result(case: ET.Element, tag: str, kind: str, problems: Sequence[Problem]) -> None:
    lines = [str(problem) for problem in problems]
    result = ET.SubElement(case, tag, _attributes(message=lines[0], type=kind))
    result.text = _xml_text("\n".join(lines))


def _attributes(**values: object) -> dict[str, str]:
    return {key: _xml_text(str(value)) for key, value in values.items()}


def _xml_text(text: str) -> str:
    """Text a CI log shows as written: control characters as escapes (escape.py), and nothing XML cannot hold."""
    return _NOT_XML.sub("\ufffd", terminal(text, keep_newlines=True))
