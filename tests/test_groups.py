"""The agency's view: totals per folder (`run --group-by folder`), the inputs beside the money, honest periods,
rows that can be told apart, and what a run says on stderr.

tests/data/agency/ holds three creators' folders: ann (two USD scenarios, both with a `schedule:`), bob (one
in EUR, one in USD, neither with one) and cat (one USD scenario with a schedule and a brand deal, and one
file that cannot be computed). ann's and bob's `stream.yaml` have no `name:`, so both are called "stream".
The figures below are worked out by hand in each file's comments.
"""

import csv
import json
from decimal import Decimal as D
from io import StringIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiktok_earnings import batch
from tiktok_earnings.batch import Outcome
from tiktok_earnings.calculator import calculate
from tiktok_earnings.cli import app
from tiktok_earnings.cli.run import GroupChoice
from tiktok_earnings.errors import Problem
from tiktok_earnings.figures import FIGURES, MONTHLY, SUMMED, Kind
from tiktok_earnings.groups import GroupBy, Totals
from tiktok_earnings.render.csv import COLUMNS, GROUP_COLUMNS, render_csv
from tiktok_earnings.render.json import render_json
from tiktok_earnings.render.markdown import render_markdown
from tiktok_earnings.report import rounded

from .cli_runner import CliRunner
from .conftest import ROOT
from .test_batch_formats import summary_text
from .test_properties import scenarios

runner = CliRunner()
AGENCY = "tests/data/agency"
GROUPS = [f"{AGENCY}/{name}" for name in ("ann", "bob", "bob", "cat", "cat")]


def invoke(*args: str):
    return runner.invoke(app, list(args), prog_name="tiktok-earnings")


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture
def outcomes(at_root):
    files, _ = batch.collect([AGENCY])
    return [batch.evaluate(path) for path in files]


def test_the_fixture_has_a_repeated_name_a_broken_file_and_two_currencies(outcomes):
    assert [outcome.source.removeprefix(f"{AGENCY}/") for outcome in outcomes] == [
        "ann/saturday.yaml", "ann/stream.yaml", "bob/collab.yaml", "bob/stream.yaml", "cat/late.yaml", "cat/stream.yaml"]
    names = [outcome.report.scenario.name if outcome.report else None for outcome in outcomes]
    assert names == ["Saturday marathon", "stream", "Collab night", "stream", "Late show", None]
    assert {outcome.report.currency for outcome in outcomes if outcome.report} == {"USD", "EUR"}


def test_group_totals_in_json_match_the_figures_worked_out_by_hand(at_root):
    result = invoke("run", AGENCY, "--group-by", "folder", "--format", "json")
    assert result.exit_code == 2  # cat/stream.yaml cannot be computed; every other file still is
    groups = json.loads(result.stdout)["groups"]
    assert [(group["group"], group["currency"], group["scenarios"], group["errors"]) for group in groups] == [
        (f"{AGENCY}/ann", "USD", 2, 0), (f"{AGENCY}/bob", "EUR", 1, 0), (f"{AGENCY}/bob", "USD", 1, 0),
        (f"{AGENCY}/cat", "USD", 1, 0), (f"{AGENCY}/cat", None, 0, 1)]
    money = ("coins", "viewer_spend", "creator_gross", "agency_commission", "creator_net")
    assert [tuple(group[name] for name in money) for group in groups[:4]] == [
        (14000, "186.20", "70.00", "14.00", "56.00"),  # 10,000 + 4,000 coins; $40.00 + $16.00 net
        (5000, "61.18", "23.00", "3.45", "19.55"),
        (2000, "26.60", "10.00", "1.50", "8.50"),
        (1000, "13.30", "5.00", "0.50", "4.50")]
    months = [group["total_income"] for group in groups]
    assert months[0] == {"live_net": "590.92", "total": "590.92"}  # $521.40 + $69.52: both have a schedule
    assert months[1] == months[2] == {"live_net": None, "total": None}  # a single stream is not a month
    assert months[3] == {"live_net": "39.11", "total": "139.11"}  # and the $100 brand deal
    assert groups[3]["other_income"]["brand_deals"] == "100.00"
    errors = groups[4]  # the broken file: counted, never summed
    assert errors["coins"] is None and errors["creator_net"] is None and errors["hearts"]["count"] is None


def test_json_has_groups_only_when_asked(at_root):
    plain = json.loads(invoke("run", AGENCY, "--format", "json").stdout)
    assert list(plain) == ["schema_version", "scenarios", "errors"]
    grouped = json.loads(invoke("run", AGENCY, "--format", "json", "--group-by", "folder").stdout)
    assert list(grouped) == ["schema_version", "scenarios", "errors", "groups"]
    assert grouped["scenarios"] == plain["scenarios"] and grouped["errors"] == plain["errors"]


def test_a_groups_json_keys_are_the_summed_figures_nested_as_a_scenarios(outcomes):
    group = json.loads(render_json_grouped(outcomes))["groups"][0]
    assert list(group)[:4] == ["group", "currency", "scenarios", "errors"]
    scenario = json.loads(render_json(outcomes))["scenarios"][0]
    for figure in SUMMED:
        *path, last = figure.name.split(".")
        in_group, in_scenario = group, scenario
        for key in path:
            in_group, in_scenario = in_group[key], in_scenario[key]
        assert type(in_group[last]) is type(in_scenario[last]), figure.name  # counts integers, money strings


def render_json_grouped(outcomes) -> str:
    from tiktok_earnings.render import render_all
    from tiktok_earnings.render.json import JsonReport

    return render_all(JsonReport(group_by=GroupBy.folder), outcomes)


def test_grouped_csv_has_a_row_per_group_and_currency_with_every_summed_figure(outcomes):
    reader = csv.DictReader(StringIO(render_csv(outcomes, GroupBy.folder)))
    assert reader.fieldnames == list(GROUP_COLUMNS)
    assert GROUP_COLUMNS[4:] == tuple(figure.name for figure in SUMMED)
    rows = list(reader)
    assert [row["group"] for row in rows] == GROUPS
    ann, bob_eur, _, cat, cat_errors = rows
    assert (ann["currency"], ann["scenarios"], ann["errors"], ann["agency_commission"]) == ("USD", "2", "0", "14.00")
    assert (bob_eur["currency"], bob_eur["creator_net"], bob_eur["total_income.total"]) == ("EUR", "19.55", "")
    assert (cat["total_income.live_net"], cat["total_income.total"]) == ("39.11", "139.11")
    assert (cat_errors["currency"], cat_errors["scenarios"], cat_errors["errors"]) == ("", "0", "1")
    assert all(cat_errors[figure.name] == "" for figure in SUMMED)


def test_csv_scenario_rows_add_up_to_the_group_rows(outcomes):
    """A reader who adds up the scenario rows of the plain CSV gets the group rows, to the cent."""
    scenarios = list(csv.DictReader(StringIO(render_csv(outcomes))))
    groups = list(csv.DictReader(StringIO(render_csv(outcomes, GroupBy.folder))))
    for group in groups:
        mine = [row for row in scenarios if row["source"].rpartition("/")[0] == group["group"]
                and row["currency"] == group["currency"] and row["status"] != "error"]
        assert str(len(mine)) == group["scenarios"]
        for figure in SUMMED:
            if group[figure.name]:
                assert D(group[figure.name]) == sum((D(row[figure.name]) for row in mine), D(0)), figure.name


def test_csv_carries_the_inputs_as_in_force(outcomes):
    rows = {row["source"].removeprefix(f"{AGENCY}/"): row for row in csv.DictReader(StringIO(render_csv(outcomes)))}
    assert list(rows["ann/stream.yaml"])[len(COLUMNS) - 10:] == [
        "stream.duration_minutes", "stream.average_viewers", "coin_rates.preset", "coin_rates.viewer_price_per_coin",
        "coin_rates.diamonds_per_coin", "coin_rates.payout_per_diamond", "payout.agency_commission",
        "schedule.streams_per_week", "reward_rate", "reward_rate_high"]
    ann = rows["ann/stream.yaml"]
    assert (ann["stream.duration_minutes"], ann["stream.average_viewers"], ann["payout.agency_commission"]) == (
        "60", "100", "0.2")
    assert (ann["coin_rates.preset"], ann["coin_rates.payout_per_diamond"], ann["schedule.streams_per_week"]) == (
        "default", "0.005", "3")
    assert rows["bob/stream.yaml"]["schedule.streams_per_week"] == ""
    assert rows["cat/stream.yaml"]["stream.duration_minutes"] == ""  # could not be computed: no inputs either


def test_csv_gives_a_rewards_scenarios_rate_in_force(at_root):
    (row,) = csv.DictReader(StringIO(invoke("run", "configs/us-scaled-rewards.yaml", "-f", "csv").stdout))
    document = json.loads(invoke("run", "configs/us-scaled-rewards.yaml", "-f", "json").stdout)["scenarios"][0]
    assert (row["reward_rate"], row["reward_rate_high"]) == (document["reward_rate"], document["reward_rate_high"])
    assert row["coin_rates.payout_per_diamond"] == document["assumptions"]["coin_rates"]["payout_per_diamond"]


def test_json_carries_the_same_inputs_as_the_csv(outcomes):
    """JSON had them already: the assumptions (and the projection's streams a week); this keeps the two agreeing."""
    rows = list(csv.DictReader(StringIO(render_csv(outcomes))))
    documents = json.loads(render_json(outcomes))["scenarios"]
    for row, document in zip([row for row in rows if row["status"] != "error"], documents, strict=True):
        assumptions = document["assumptions"]
        for column in ("stream.duration_minutes", "stream.average_viewers", "coin_rates.preset",
                       "coin_rates.payout_per_diamond", "payout.agency_commission"):
            section, key = column.split(".")
            assert row[column] == assumptions[section][key], column
        projection = document["projection"]
        assert row["schedule.streams_per_week"] == ("" if projection is None else projection["streams_per_week"])


def test_the_table_shows_the_agency_column_its_total_and_the_groups(outcomes):
    from tiktok_earnings.render.summary import SummaryTable

    summary = SummaryTable(GroupBy.folder)
    for outcome in outcomes:
        summary.add(outcome)
    text = render_rich(*summary.tables())
    assert "Agency" in text and f"Totals by folder under {AGENCY}: 3 folders, a row per currency" in text
    total_usd = next(line for line in text.splitlines() if "Total USD" in line)
    assert "$16.00" in total_usd  # $4.00 + $10.00 + $1.50 + $0.50 of agency commission
    assert "$590.92" in next(line for line in text.splitlines() if line.strip().startswith("ann "))


def render_rich(*renderables) -> str:
    from rich.console import Console

    console = Console(file=StringIO(), width=140, color_system=None, force_terminal=False, legacy_windows=False)
    for renderable in renderables:
        console.print(renderable)
    return console.file.getvalue()


def test_a_month_is_shown_only_with_a_schedule_and_totalled_only_over_scheduled_scenarios(outcomes):
    text = summary_text(outcomes)
    lines = text.splitlines()
    assert "Income" in text and "a month" in text
    assert "$69.52" in next(line for line in lines if "Saturday marathon" in line)  # weekly: 4.345 × $16.00
    assert "$521.40" in next(line for line in lines if "$40.00" in line)  # three a week: 13.035 × $40.00
    collab = next(line for line in lines if "Collab night" in line)
    assert collab.rstrip().endswith("$1.06") and "—" in collab  # a single stream: no month
    assert "—" in next(line for line in lines if "Total USD" in line)  # the USD total adds Collab night up
    assert "Income a month: only with a `schedule:`" in text
    unscheduled = summary_text([outcome for outcome in outcomes if outcome.source.startswith(f"{AGENCY}/bob")])
    assert "a month" not in unscheduled and "money per stream" in unscheduled  # no schedule anywhere: no month column


def test_repeated_names_show_their_path_in_the_table_and_in_markdown(outcomes):
    text = summary_text(outcomes)
    # each path from the folder all the files share, so that it fits beside the figures
    assert "\n ann/stream.yaml" in text and "\n bob/stream.yaml" in text and AGENCY not in text
    assert "Saturday marathon" in text and "ann/saturday.yaml" not in text  # a unique name needs none
    assert "\n cat/stream.yaml  " in text  # a file that could not be read: its path, the same way
    markdown = render_markdown(outcomes)
    assert "| stream (ann/stream.yaml) | ok |" in markdown.replace("\\_", "_")


def test_markdown_has_a_totals_table_per_group(outcomes):
    markdown = render_markdown(outcomes, GroupBy.folder)
    table = markdown.split("#### Totals by folder under ")[1].split("\n\n")[1].splitlines()
    assert table[0] == ("| Folder | Currency | Scenarios | Errors | Coins | Viewers spent | Creator gross | Agency |"
                        " Creator net | Income a month |")
    assert table[2] == ("| ann | USD | 2 | 0 | 14000 | 186.20 USD | 70.00 USD | 14.00 USD | 56.00 USD |"
                        " 590.92 USD |")
    assert table[-1] == "| cat | — | 0 | 1 | — | — | — | — | — | — |"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(scenarios, st.sampled_from(["ann", "bob", "cat/late", "."]), st.booleans()), max_size=6))
def test_group_totals_are_the_sums_of_their_scenarios_displayed_figures(generated):
    outcomes = []
    for index, (scenario, folder, broken) in enumerate(generated):
        source = f"{folder}/s{index}.yaml"
        if broken:
            outcomes.append(Outcome(source, problems=(Problem(source, 1, "broken", "fix it"),)))
        else:
            outcomes.append(Outcome(source, rounded(calculate(scenario._replace(source=source)))))
    totals = Totals(group_of=GroupBy.folder.of)
    for outcome in outcomes:
        totals.add(outcome)
    rows = totals.rows()
    assert sum(total.scenarios + total.errors for total in rows) == len(outcomes)
    for total in rows:
        mine = [outcome for outcome in outcomes if GroupBy.folder.of(outcome.source) == total.group
                and (outcome.report.currency if outcome.report else None) == total.currency]
        assert (total.scenarios, total.errors) == ((len(mine), 0) if total.currency else (0, len(mine)))
        scheduled = all(outcome.report.scenario.schedule is not None for outcome in mine if outcome.report)
        for figure, value in total.values():
            if total.currency is None or (figure.name in MONTHLY and not scheduled):
                assert value is None
            else:
                assert value == sum((figure.value(outcome.report) for outcome in mine), D(0)), figure.name
    csv_rows = list(csv.DictReader(StringIO(render_csv(outcomes, GroupBy.folder))))
    assert [(row["group"], row["currency"]) for row in csv_rows] == [(t.group, t.currency or "") for t in rows]


def test_summed_figures_are_the_ones_that_add_up():
    assert {figure.kind for figure in SUMMED} == {Kind.MONEY, Kind.COUNT, Kind.DIAMONDS}
    assert [figure for figure in FIGURES if figure.kind in (Kind.SHARE, Kind.RATE)] == [
        figure for figure in FIGURES if figure not in SUMMED]


def test_group_by_offers_every_grouping_the_core_has():
    assert [choice.value for choice in GroupChoice] == [group.value for group in GroupBy]
    assert GroupBy.folder.of("creators/ann/stream.yaml") == "creators/ann" and GroupBy.folder.of("x.yaml") == "."
    assert GroupBy.folder.of("./creators//ann/x.yaml") == "creators/ann"  # one folder, however it is spelt


# --- what a run says on stderr --------------------------------------------------------------------------


def test_a_report_written_to_a_file_says_so_on_stderr(at_root, tmp_path):
    report, junit = tmp_path / "report.csv", tmp_path / "report.xml"
    result = invoke("run", AGENCY, "-f", "csv", "-o", str(report), "--junit", str(junit))
    assert result.stdout == ""
    assert result.stderr.splitlines()[-2:] == [f"wrote 6 rows to {report}", f"wrote 6 test cases to {junit}"]
    grouped = invoke("run", AGENCY, "-f", "csv", "-o", str(report), "--group-by", "folder")
    assert grouped.stderr.splitlines()[-1] == f"wrote 5 group rows to {report}"
    document = invoke("run", AGENCY, "-f", "json", "-o", str(tmp_path / "r.json"))
    assert document.stderr.splitlines()[-1] == f"wrote 5 scenarios and 1 error to {tmp_path / 'r.json'}"
    table = invoke("run", AGENCY, "-o", str(tmp_path / "r.txt"))
    assert table.stderr.splitlines()[-1] == f"wrote 6 scenarios to {tmp_path / 'r.txt'}"


def test_nothing_is_said_when_the_report_goes_to_stdout(at_root):
    result = invoke("run", "tests/data/agency/ann", "-f", "csv")
    assert result.exit_code == 0 and result.stderr == ""


def test_an_empty_shard_says_so_and_still_writes_an_empty_report(at_root):
    result = invoke("run", AGENCY, "--shard", "7/9", "-f", "csv")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1  # the header
    assert result.stderr == "--shard 7/9: this shard holds no files (6 files in all, in 9 shards): nothing to compute\n"
    table = invoke("run", AGENCY, "--shard", "9/9")
    assert table.exit_code == 0 and "this shard holds no files" in table.stderr


def test_grouped_shards_take_whole_folders_so_their_rows_together_are_the_unsharded_rows(at_root):
    """Sharded by file, a folder's files landed in several shards, each with part of its totals."""
    whole = invoke("run", AGENCY, "--group-by", "folder", "-f", "csv").stdout.splitlines()
    parts = [invoke("run", AGENCY, "--group-by", "folder", "-f", "csv", "--shard", f"{k}/2").stdout.splitlines()
             for k in (1, 2)]
    assert all(part[0] == whole[0] for part in parts)  # the header
    assert sorted(parts[0][1:] + parts[1][1:]) == sorted(whole[1:])
    assert {row.split(",")[0] for row in parts[0][1:]}.isdisjoint({row.split(",")[0] for row in parts[1][1:]})


def test_a_single_file_grouped_shows_its_group(at_root):
    result = invoke("run", f"{AGENCY}/ann/stream.yaml", "--group-by", "folder")
    assert result.exit_code == 0, result.output
    assert "Totals by folder: 1 folder" in result.stdout and "Where the money went" not in result.stdout


def test_laying_out_first_draws_what_printing_would(outcomes):
    from rich.console import Console

    from tiktok_earnings.cli.run import _laid_out
    from tiktok_earnings.render.summary import SummaryTable

    summary = SummaryTable(GroupBy.folder)
    for outcome in outcomes:
        summary.add(outcome)

    def printed(output) -> str:
        console = Console(file=StringIO(), width=120, force_terminal=True, color_system="standard")
        for piece in output:
            console.print(piece)
        return console.file.getvalue()

    console = Console(file=StringIO(), width=120, force_terminal=True, color_system="standard")
    assert printed(_laid_out(summary.tables(), console, "laying out")) == printed(summary.tables())


def test_paths_are_shown_from_the_folder_they_share():
    from tiktok_earnings.render.outcomes import short_paths

    assert short_paths(["creators/ann/stream.yaml", "./creators/bob/stream.yaml"]) == {
        "creators/ann/stream.yaml": "ann/stream.yaml", "./creators/bob/stream.yaml": "bob/stream.yaml"}
    assert short_paths(["a.yaml", "b.yaml"]) == {"a.yaml": "a.yaml", "b.yaml": "b.yaml"}  # nothing shared
    assert short_paths(["/srv/x/a.yaml", "x/b.yaml"]) == {"/srv/x/a.yaml": "/srv/x/a.yaml", "x/b.yaml": "x/b.yaml"}


def test_folders_are_shown_from_the_folder_they_share_in_the_tables_for_people(outcomes):
    from tiktok_earnings.render.outcomes import short_folders

    assert short_folders(["creators/ann", "creators/bob", "creators/ann"]) == (
        "creators", {"creators/ann": "ann", "creators/bob": "bob"})
    assert short_folders(["creators", "creators/ann"]) == ("creators", {"creators": "creators", "creators/ann": "ann"})
    assert short_folders(["creators/ann"]) == ("", {"creators/ann": "creators/ann"})  # one folder: its whole path
    assert short_folders(["ann", "bob"]) == ("", {"ann": "ann", "bob": "bob"})
    markdown = render_markdown(outcomes, GroupBy.folder)
    assert f"#### Totals by folder under {AGENCY}" in markdown.replace("\\_", "_") and "\n| ann | USD | 2 |" in markdown
    from tiktok_earnings.render import render_all
    from tiktok_earnings.render.json import JsonReport

    document = json.loads(render_all(JsonReport(group_by=GroupBy.folder), outcomes))
    assert document["groups"][0]["group"] == f"{AGENCY}/ann"  # for scripts, the folder as the run named it
