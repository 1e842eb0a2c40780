"""JUnit XML for CI test reports: one test case per scenario file.

A scenario that misses an expectation is a <failure type="expectation">; a file that cannot be
computed is an <error type="input">. Each carries its first message as `message` and every message,
one a line, as text. No timestamps or host names, so the same outcomes give the same bytes.
"""

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from tiktok_earnings.batch import Outcome
from tiktok_earnings.errors import Problem
from tiktok_earnings.render.outcomes import label

CLASSNAME = "tiktok-earnings"
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
# Characters XML 1.0 cannot hold at all, even escaped (a YAML string may contain them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render_junit(outcomes: Sequence[Outcome], suite_name: str = "tiktok-earnings") -> str:
    failures = sum(outcome.status == "failed" for outcome in outcomes)
    errors = sum(outcome.status == "error" for outcome in outcomes)
    root = ET.Element("testsuites")
    suite = ET.SubElement(root, "testsuite", _attributes(
        name=suite_name, tests=len(outcomes), failures=failures, errors=errors, skipped=0))
    for outcome in outcomes:
        case = ET.SubElement(suite, "testcase", _attributes(classname=CLASSNAME, name=label(outcome), file=outcome.source))
        if outcome.problems:
            _add_result(case, "error", "input", outcome.problems)
        elif outcome.failures:
            _add_result(case, "failure", "expectation", outcome.failures)
    ET.indent(root)
    return DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def _add_result(case: ET.Element, tag: str, kind: str, problems: Sequence[Problem]) -> None:
    lines = [str(problem) for problem in problems]
    result = ET.SubElement(case, tag, _attributes(message=lines[0], type=kind))
    result.text = _xml_text("\n".join(lines))


def _attributes(**values: object) -> dict[str, str]:
    return {key: _xml_text(str(value)) for key, value in values.items()}


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
