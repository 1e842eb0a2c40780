#!/usr/bin/env bash
# Check a folder of scenarios in CI: every file valid, every expectation met.
# Writes a Markdown summary (for a job summary or a pull-request comment) and a JUnit report.
#
#   examples/ci/check-scenarios.sh [SCENARIO_FOLDER] [REPORT_FOLDER]
#
# Exit code: the tool's own: 0 all good, 1 an expectation failed, 2 a broken file.
set -uo pipefail

scenarios=${1:-scenarios}
reports=${2:-reports}
tool=${TIKTOK_EARNINGS:-tiktok-earnings}

mkdir -p "$reports"
status=0
"$tool" run "$scenarios" --format markdown --output "$reports/summary.md" --junit "$reports/junit.xml" || status=$?

case $status in
  0) echo "every scenario computed, every expectation met" ;;
  1) echo "an expectation failed: see $reports/summary.md" >&2 ;;
  2) echo "a scenario file is broken or a path is wrong: see the errors above" >&2 ;;
  *) echo "tiktok-earnings stopped with exit code $status" >&2 ;;
esac
exit "$status"
