"""The core stays free of the terminal layer, and each command imports only what it uses.

Start-up time is mostly imports (docs/development.md), so these pin what each command loads: no
command loads pydantic, Typer or click (the command line is the tool's own: cli/app.py); output for
scripts (json, csv, markdown) never loads Rich; `--help` loads none of the core; only `record`
may load TikTokLive; and one file stays in one process (no multiprocessing).
"""

import os
import subprocess
import sys

import pytest

from tiktok_earnings.cli import app

from .conftest import ROOT

CORE = ["numbers", "errors", "scenario.yamldoc", "catalogue", "rates", "hearts.model", "scenario.reader", "calculator", "report", "render.json"]
# What `tiktok_earnings.cli` itself imports to declare the commands: everything else is loaded by a command when it runs.
CLI_LAYER = {"tiktok_earnings", "tiktok_earnings.errors", "tiktok_earnings.escape", "tiktok_earnings.render",
             "tiktok_earnings.render.output"}  # errors escape what they quote (escape.py imports only re)

SHOW_MODULES = "\nimport sys; print('\\n'.join(sys.modules), file=sys.stderr)"


def modules_loaded_by(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def command_modules(*args: str, tmp_path=None) -> tuple[str, set[str]]:
    """Run the CLI in a fresh interpreter: its stdout, and every module loaded by the end."""
    code = (
        "import sys\n"
        "from tiktok_earnings.cli import app\n"
        "try:\n"
        f"    app({list(args)!r}, prog_name='tiktok-earnings')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
    )
    done = subprocess.run([sys.executable, "-c", code + SHOW_MODULES], capture_output=True, text=True, cwd=tmp_path or ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, set(done.stderr.split())


def roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_core_modules_never_import_typer_or_rich():
    loaded = modules_loaded_by("\n".join(f"import tiktok_earnings.{name}" for name in CORE))
    assert "tiktok_earnings.calculator" in loaded
    assert not roots(loaded) & {"typer", "rich", "click"}


def test_run_as_json_does_not_load_rich():
    stdout, loaded = command_modules("run", "configs/first-stream.yaml", "--format", "json")
    assert '"schema_version": 1' in stdout
    assert "rich" not in loaded
    assert "tiktok_earnings.calculator" in loaded
    assert not {"dataclasses", "inspect"} & loaded  # inspect, which dataclasses imports, was a sixth of the start-up



def core_run_modules(paths: list[str], format_: str, group_by: bool = False) -> set[str]:
    """The modules `run` loads below the command line: its files read, computed and rendered in one process."""
    code = (
        "from tiktok_earnings import batch, parallel\n"
        "from tiktok_earnings.groups import GroupBy\n"
        "from tiktok_earnings.render.output import Format, render\n"
        "from tiktok_earnings.render.run import Run, RunView\n"
        f"files, _ = batch.collect({[str(ROOT / path) for path in paths]!r})\n"
        f"run = Run(len(files) > 1, group_by={'GroupBy.folder' if group_by else None})\n"
        f"report = render(RunView(), run, Format.{format_})\n"
        "pieces = [report.start(), *(report.add(o) for o in parallel.outcomes(files, 'evaluate', 1)), report.finish()]\n"
        "assert pieces[1], 'a scenario was rendered'\n"
    )
    if not group_by:
        code = code.replace("from tiktok_earnings.groups import GroupBy\n", "")
    return modules_loaded_by(code)


@pytest.mark.parametrize("format_", ["json", "table"])
def test_a_run_of_one_scenario_file_loads_neither_recordings_nor_group_totals(format_):
    """The recording tally is for .jsonl files, the totals for --group-by and summaries of several files, glob for
    a pattern, and signal for worker processes."""
    unused = {"tiktok_earnings.live", "tiktok_earnings.groups", "tiktok_earnings.render.summary", "glob", "signal"}
    assert not core_run_modules(["configs/friday-qa.yaml"], format_) & unused
    # so that the test above can fail:
    assert "tiktok_earnings.live.tally" in core_run_modules(["configs/recorded-stream.jsonl"], format_)
    assert "tiktok_earnings.groups" in core_run_modules(["configs/friday-qa.yaml"], format_, group_by=True)


# Every command, with output for scripts: (arguments, a module it must load, to show it did its work).
SCRIPT_OUTPUT = [
    (["run", "configs/first-stream.yaml", "--format", "json"], "tiktok_earnings.render.json"),
    (["run", "configs/first-stream.yaml", "configs/friday-qa.yaml", "--format", "csv"], "tiktok_earnings.render.csv"),
    (["run", "configs/friday-qa.yaml", "--format", "markdown"], "tiktok_earnings.render.markdown"),
    (["run", "configs/recorded-stream.jsonl", "--format", "json"], "tiktok_earnings.live.reader"),
    (["validate", "configs/"], "tiktok_earnings.scenario.reader"),
    (["sweep", "configs/whatif-growing-stream.yaml", "--vary", "hearts=0..1000:3", "--format", "csv"], "tiktok_earnings.whatif.sweep"),
    (["sweep", "configs/whatif-growing-stream.yaml", "--vary", "hearts=0..1000:3", "--format", "json"], "tiktok_earnings.whatif.sweep"),
    (["goal", "configs/whatif-growing-stream.yaml", "--target-net", "25", "--solve", "stream.average_viewers", "--format", "json"],
     "tiktok_earnings.whatif.goal"),
    (["compare", "configs/compare/", "--format", "json"], "tiktok_earnings.whatif.compare"),
    (["compare", "configs/compare/", "--format", "markdown"], "tiktok_earnings.whatif.compare"),
    (["import", "configs/recorded-stream.jsonl"], "tiktok_earnings.live.scenario_yaml"),
    (["calibrate", "configs/history-example.csv", "--format", "json"], "tiktok_earnings.hearts.calibration"),
    (["rates", "--format", "json"], "tiktok_earnings.rates"),
    (["gifts", "lion", "--format", "json"], "tiktok_earnings.catalogue"),
    (["convert", "1000", "coins", "--format", "json"], "tiktok_earnings.convert"),
    (["schema"], "tiktok_earnings.scenario.schema"),
    (["completion", "bash"], "tiktok_earnings.cli.completion"),
]


@pytest.mark.parametrize(("args", "worker"), SCRIPT_OUTPUT, ids=[" ".join(args[:1] + args[-1:]) for args, _ in SCRIPT_OUTPUT])
def test_output_for_scripts_loads_no_rich_no_pydantic_no_tiktoklive_and_no_workers(args, worker):
    _, loaded = command_modules(*args)
    assert worker in loaded  # the command did its work
    assert not roots(loaded) & {"rich", "pydantic", "typer", "click", "TikTokLive", "multiprocessing"}


def test_init_writes_its_file_without_rich(tmp_path):
    _, loaded = command_modules("init", "starter.yaml", tmp_path=tmp_path)
    assert (tmp_path / "starter.yaml").exists()
    assert not roots(loaded) & {"rich", "pydantic", "TikTokLive"}


def test_a_table_loads_rich_and_no_more():
    _, loaded = command_modules("run", "configs/friday-qa.yaml")
    assert "rich.table" in loaded  # so the tests above can fail
    assert not roots(loaded) & {"pydantic", "TikTokLive", "multiprocessing"}


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["record", "--help"], ["calibrate", "--help"], ["--version"]])
def test_help_and_version_load_none_of_the_core(args):
    stdout, loaded = command_modules(*args)
    assert stdout
    own = {name for name in loaded if name.startswith("tiktok_earnings") and not name.startswith("tiktok_earnings.cli")}
    assert own <= CLI_LAYER, own - CLI_LAYER
    assert not roots(loaded) & {"pydantic", "typer", "click", "TikTokLive", "yaml", "rich"}  # help is plain text (cli/help.py)


def test_the_cli_floor_of_the_benchmarks_has_the_tools_own_interface():
    """benchmarks/floor_app.py swaps the commands for no-ops on the tool's own declaration: same help, same checks."""
    floor = [sys.executable, str(ROOT / "benchmarks" / "floor_app.py")]
    tool = [sys.executable, "-m", "tiktok_earnings"]
    for args in (["run", "--help"], ["calibrate", "--help"]):
        helps = [subprocess.run(program + args, capture_output=True, text=True, cwd=ROOT, env=os.environ | {"COLUMNS": "100"})
                 for program in (floor, tool)]
        assert helps[0].returncode == 0 and helps[0].stdout == helps[1].stdout
    done = subprocess.run([*floor, "run", "configs/friday-qa.yaml", "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout == ""  # a no-op: nothing computed


def test_the_cli_starts_without_the_scenario_spec():
    """The sweep's help lists the spec's fields only when it is shown (cli/whatif.py FieldsListed)."""
    loaded = modules_loaded_by("from tiktok_earnings.cli import app\napp.commands")  # every command declared
    assert "tiktok_earnings.cli.whatif" in loaded
    assert "tiktok_earnings.scenario.spec" not in loaded


@pytest.mark.parametrize("args", [["run", "configs/friday-qa.yaml", "--format", "json"], ["validate", "configs/"],
                                  ["rates", "--format", "json"], ["run", "--help"]])
def test_a_command_imports_its_own_module_and_no_other_commands(args):
    _, loaded = command_modules(*args)
    commands = {module for module in loaded if module.startswith("tiktok_earnings.cli.")} - {
        "tiktok_earnings.cli.app", "tiktok_earnings.cli.help", "tiktok_earnings.cli.streams"}
    assert commands == {app.modules[args[0]]}


def test_no_module_of_the_package_imports_itself_in_a_circle():
    """Module-level imports (not those inside functions, nor under `if TYPE_CHECKING:`) form no circle, except
    within the CLI: its command modules take `app` from cli/__init__.py, which imports them when a command is wanted."""
    import ast

    package = ROOT / "tiktok_earnings"
    modules = {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
               for path in package.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tiktok_earnings"):
                graph[name] |= {f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                                for alias in node.names}
    circles = []

    def visit(name: str, trail: list[str]) -> None:
        for imported in sorted(graph.get(name, ())):
            if imported in trail:
                circle = trail[trail.index(imported):]
                if not all(part.startswith("tiktok_earnings.cli") for part in circle):
                    circles.append(circle)
            elif imported in graph and len(trail) < 30:
                visit(imported, [*trail, imported])

    for name in graph:
        visit(name, [name])
    assert not circles, circles[:3]
