"""`expect:` in a scenario: bounds on output fields that a CI run checks after computing.

    expect:
      creator_net: {min: 50}
      hearts.indirect_value.base: {max: 20}

Fields are named as in the JSON output (figures.py). Each failed bound becomes a Problem at the
line where it was written: `file:line: creator_net 41.20 is below min 50`. A bound inherited
through `extends:` is reported at the scenario's `extends:` line, naming where it was written.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings.errors import Problem
from tiktok_earnings.figures import BY_NAME

if TYPE_CHECKING:
    from tiktok_earnings.report import Report


class Expectation(NamedTuple):
    field: str
    minimum: Decimal | None
    maximum: Decimal | None
    file: str  # where a failure is reported: the scenario file
    line: int
    inherited_from: str = ""  # `base.yaml:7` when the bound was written in a base file

    def failure(self, value: Decimal) -> str | None:
        """Why `value` misses this expectation, or None when it meets it."""
        if self.minimum is not None and value < self.minimum:
            message = f"{self.field} {value} is below min {self.minimum}"
        elif self.maximum is not None and value > self.maximum:
            message = f"{self.field} {value} is above max {self.maximum}"
        else:
            return None
        return message + (f" (expected in {self.inherited_from})" if self.inherited_from else "")


def failed_expectations(report: "Report") -> list[Problem]:
    """Every expectation of the report's scenario that its displayed figures miss."""
    expectations = report.scenario.expectations
    if not expectations:
        return []
    failures = ((expectation, expectation.failure(BY_NAME[expectation.field].value(report))) for expectation in expectations)
    return [Problem(e.file, e.line, message) for e, message in failures if message]
