"""The CI examples in examples/ci/ (shown in docs/ci.md, which tests/test_docs.py keeps equal to them) work as written."""

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from .conftest import CONFIGS, ROOT

SCRIPT = ROOT / "examples" / "ci" / "check-scenarios.sh"


def run_script(*args: Path) -> subprocess.CompletedProcess:
    tool = Path(sys.executable).parent / "tiktok-earnings"
    env = os.environ | {"TIKTOK_EARNINGS": str(tool) if tool.exists() else "tiktok-earnings"}
    return subprocess.run(["bash", str(SCRIPT), *map(str, args)], capture_output=True, text=True, env=env)


def test_the_script_passes_on_good_scenarios_and_writes_both_reports(tmp_path):
    done = run_script(CONFIGS, tmp_path / "reports")
    assert done.returncode == 0, done.stderr
    assert "every scenario computed" in done.stdout
    assert (tmp_path / "reports" / "summary.md").read_text().startswith("### tiktok-earnings")
    suite = ET.parse(tmp_path / "reports" / "junit.xml").getroot()
    assert suite.find("testsuite").get("failures") == "0"


def test_the_script_exits_1_on_a_missed_expectation(tmp_path):
    scenarios = tmp_path / "scenarios"
    shutil.copytree(CONFIGS, scenarios)
    (scenarios / "big-hopes.yaml").write_text("stream: {duration_minutes: 60, average_viewers: 10}\nexpect: {creator_net: {min: 1}}\n")
    done = run_script(scenarios, tmp_path / "reports")
    assert done.returncode == 1
    assert "big-hopes.yaml:2: creator_net 0.00 is below min 1" in done.stderr
    assert "an expectation failed" in done.stderr


def test_the_github_actions_example_is_valid_yaml_running_shards():
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "github-actions.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    assert any("--shard ${{ matrix.shard }}/4" in step.get("run", "") for step in steps)
