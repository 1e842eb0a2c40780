"""The core stays free of the terminal layer, and --format json never loads Rich."""

import subprocess
import sys

CORE = ["numbers", "errors", "scenario.yamldoc", "catalogue", "rates", "hearts.model", "scenario.reader", "calculator", "report", "render.json"]


def modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_core_modules_never_import_typer_or_rich():
    loaded = modules_loaded_by("\n".join(f"import tiktok_earnings.{name}" for name in CORE))
    assert "tiktok_earnings.calculator" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("typer", "rich", "click")}


def test_run_as_json_does_not_load_rich():
    code = (
        "import sys\n"
        "from tiktok_earnings.cli import app\n"
        "try:\n"
        "    app(['run', 'configs/first-stream.yaml', '--format', 'json'], prog_name='tiktok-earnings')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
    )
    from .conftest import ROOT

    out = subprocess.run([sys.executable, "-c", code + "print('\\n'.join(sys.modules), file=sys.stderr)"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    assert '"schema_version": 1' in out.stdout
    assert "rich" not in out.stderr.split()
    assert "tiktok_earnings.calculator" in out.stderr.split()


def test_the_cli_starts_without_the_scenario_spec():
    """The sweep's help lists the spec's fields only when it is shown (cli/whatif.py FieldsListed)."""
    loaded = modules_loaded_by("import tiktok_earnings.cli")
    assert "tiktok_earnings.cli.whatif" in loaded
    assert "tiktok_earnings.scenario.spec" not in loaded
