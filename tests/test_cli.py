"""The ``hikinet`` command (issue 2, "CLI"), through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from hikinet_graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "data" / "city_a", ROOT / "data" / "city_b"]
from conftest import PROBLEM_LINE, analyze_json, problem_lines, run
CONTRACT_KEYS = {"round", "agencies", "links", "density", "components", "isolated", "no_referral",
                 "uncovered", "gaps", "cut_agencies"}

AGENCIES = [
    ("school", "教育相談室", "教育", 6, 15, "problem_solving", "false"),
    ("youth", "若者サポートステーション", "若者", 16, 39, "problem_solving", "false"),
    ("lead", "市主管課", "行政", "", "", "both", "true"),
    ("npo", "家族会", "民間", "", "", "accompaniment", "false"),
]
MEETINGS = [("m0", 0, "2025-04-01", "preparatory", "準備会"), ("m1", 1, "2025/5/20", "working_group", "WG")]
ATTENDANCE = [("m0", "lead"), ("m0", "school"), ("m1", "lead"), ("m1", "youth"), ("m1", "school")]
REFERRALS = [("lead", "youth", "2025-05-01"), ("school", "youth", "2025-06-01")]


def good_folder(tmp_path, make_folder) -> Path:
    """Worked out by hand:

    round 0 (cut-off 2025-04-01): lead-school (met)                         -> 1 link
    round 1 (cut-off 2025-05-20): + lead-youth, school-youth (m1), lead->youth referral -> 3 links
    all data: + school->youth referral 2025-06-01                           -> 3 links
    npo is always isolated. lead and youth serve 16 (youth leaves at 40, lead serves 40).
    """
    return make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS, attendance=ATTENDANCE,
                       referrals=REFERRALS)


def assert_clean_failure(result) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- validate


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_validate_example_data(folder):
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    assert problem_lines(result.output) == []


def test_validate_good_folder(tmp_path, make_folder):
    result = run("validate", good_folder(tmp_path, make_folder))
    assert result.exit_code == 0, result.output


BAD_INPUTS = [
    pytest.param({"agencies": AGENCIES + [("lead", "二重")]}, ("agencies.csv", 6), id="duplicate-agency-id"),
    pytest.param({"meetings": MEETINGS + [("m0", 2, "2025-06-01")]}, ("meetings.csv", 4), id="duplicate-meeting-id"),
    pytest.param({"attendance": ATTENDANCE + [("m1", "ghost")]}, ("attendance.csv", 7), id="unknown-agency-id"),
    pytest.param({"referrals": REFERRALS + [("ghost", "lead")]}, ("referrals.csv", 4), id="unknown-referral-agency"),
    pytest.param({"attendance": [("m7", "lead")]}, ("attendance.csv", 2), id="unknown-meeting-id"),
    pytest.param({"agencies": AGENCIES + [("x", "X", "", 50, 20)]}, ("agencies.csv", 6), id="age-min-over-max"),
    pytest.param({"agencies": AGENCIES + [("x", "X", "", "十五")]}, ("agencies.csv", 6), id="non-numeric-age"),
    pytest.param({"meetings": MEETINGS + [("m2", "second", "2025-06-01")]}, ("meetings.csv", 4),
                 id="non-numeric-round"),
    pytest.param({"meetings": [("m0", 0, "2025-02-30"), ("m1", 1, "2025/5/20")]}, ("meetings.csv", 2),
                 id="impossible-date"),
    pytest.param({"referrals": [("lead", "youth", "2025/2/30")]}, ("referrals.csv", 2), id="impossible-referral-date"),
    pytest.param({"meetings": "id,date\nm0,2025-04-01\nm1,2025-05-20\n"}, ("meetings.csv", 1),
                 id="missing-required-column"),
    pytest.param({"relations": "from,to,date\nlead,npo,\n"}, ("relations.csv", 1), id="missing-level-column"),
    pytest.param({"referrals": REFERRALS + [("npo", "npo")]}, ("referrals.csv", 4), id="self-referral"),
    pytest.param({"referrals": REFERRALS + [("npo", "lead", "", 0)]}, ("referrals.csv", 4), id="count-below-1"),
    pytest.param({"relations": [("npo", "lead", 5)]}, ("relations.csv", 2), id="relation-level-5"),
    pytest.param({"relations": [("npo", "lead", 0)]}, ("relations.csv", 2), id="relation-level-0"),
    pytest.param({"agencies": AGENCIES + [("x", "X", "", "", "", "friendly")]}, ("agencies.csv", 6),
                 id="unknown-style"),
]


@pytest.mark.parametrize("command", ["validate", "analyze"])
@pytest.mark.parametrize("change, where", BAD_INPUTS)
def test_bad_input_is_reported_as_file_line_message(tmp_path, make_folder, command, change, where):
    files = {"agencies": AGENCIES, "meetings": MEETINGS, "attendance": ATTENDANCE, "referrals": REFERRALS}
    files.update(change)
    result = run(command, make_folder(tmp_path, **files))
    assert_clean_failure(result)
    assert [(f, l) for f, l, _ in problem_lines(result.output)] == [where], result.output


FILE_PROBLEMS = [
    pytest.param({"meetings": MEETINGS}, id="missing-agencies-file"),
    pytest.param({"agencies": "id,name,sector,age_min,age_max,style,core\n"}, id="no-agencies"),
]


@pytest.mark.parametrize("change", FILE_PROBLEMS)
def test_file_problem_names_the_file(tmp_path, make_folder, change):
    result = run("validate", make_folder(tmp_path, **change))
    assert_clean_failure(result)
    assert re.search(r"agencies\.csv(:\d+)?: \S", result.output), result.output


@pytest.mark.parametrize("change", FILE_PROBLEMS)
def test_file_problem_has_a_line_too(tmp_path, make_folder, change):
    result = run("validate", make_folder(tmp_path, **change))
    assert_clean_failure(result)
    assert [f for f, _, _ in problem_lines(result.output)] == ["agencies.csv"], result.output


def test_validate_lists_every_problem(tmp_path, make_folder):
    folder = make_folder(
        tmp_path,
        agencies=AGENCIES + [("lead", "二重"), ("x", "X", "", 30, 20, "odd")],
        meetings=MEETINGS + [("m2", "two", "2025-13-01")],
        attendance=ATTENDANCE + [("m9", "lead")],
        referrals=REFERRALS + [("npo", "npo", "", 0)],
        relations=[("lead", "npo", 1), ("lead", "npo", 6)],
    )
    result = run("validate", folder)
    assert_clean_failure(result)
    assert sorted((f, l) for f, l, _ in problem_lines(result.output)) == sorted([
        ("agencies.csv", 6), ("agencies.csv", 7), ("agencies.csv", 7),
        ("meetings.csv", 4), ("meetings.csv", 4),
        ("attendance.csv", 7),
        ("referrals.csv", 4), ("referrals.csv", 4),
        ("relations.csv", 3),
    ]), result.output


def test_validate_problems_name_the_file_in_the_folder(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES + [("lead", "二重")])
    result = run("validate", folder)
    assert_clean_failure(result)
    (line,) = [l for l in result.output.splitlines() if PROBLEM_LINE.match(l)]
    file = PROBLEM_LINE.match(line)["file"]
    assert Path(file).resolve() == (folder / "agencies.csv").resolve()


def test_cp932_folder_validates(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS, attendance=ATTENDANCE,
                         referrals=REFERRALS, encoding="cp932")
    result = run("validate", folder)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", ["validate", "analyze"])
def test_folder_that_does_not_exist(tmp_path, command):
    result = run(command, tmp_path / "nowhere")
    assert_clean_failure(result)
    assert "nowhere" in result.output


# --------------------------------------------------------------------------- analyze


def test_analyze_json_hand_computed(tmp_path, make_folder):
    data = analyze_json(good_folder(tmp_path, make_folder))
    assert CONTRACT_KEYS <= set(data)
    assert data["round"] is None
    assert data["agencies"] == 4
    assert data["links"] == 3
    assert data["density"] == pytest.approx(0.5, abs=1e-4)
    assert data["components"] == 2
    assert data["isolated"] == ["npo"]
    assert data["no_referral"] == []
    assert data["uncovered"] == []
    assert data["gaps"] == []
    assert data["cut_agencies"] == []


def test_analyze_json_round(tmp_path, make_folder):
    data = analyze_json(good_folder(tmp_path, make_folder), "--round", "0")
    assert data["round"] == 0
    assert data["links"] == 1
    assert data["isolated"] == ["npo", "youth"]
    assert data["no_referral"] == ["lead", "school"]
    # school leaves at 16; lead serves 16 but only met school -> weak handover;
    # youth leaves at 40 and has no link yet to lead (serves 40) -> handover
    assert data["gaps"] == [{"boundary": 16, "kind": "weak_handover", "agencies": ["school"]},
                            {"boundary": 40, "kind": "handover", "agencies": ["youth"]}]
    assert data["components"] == 3


def test_analyze_round_1_cut_off(tmp_path, make_folder):
    # school->youth is dated after round 1's cut-off: at round 1 school has only met youth and lead;
    # lead->youth (2025-05-01) is in, so youth's handover at 40 is fine
    data = analyze_json(good_folder(tmp_path, make_folder), "--round", "1")
    assert data["round"] == 1
    assert data["links"] == 3
    assert data["no_referral"] == ["school"]
    assert data["gaps"] == [{"boundary": 16, "kind": "weak_handover", "agencies": ["school"]}]


def test_analyze_table_is_the_default_and_names_agencies(tmp_path, make_folder):
    folder = good_folder(tmp_path, make_folder)
    result = run("analyze", folder)
    assert result.exit_code == 0, result.output
    assert "家族会" in result.output  # the isolated agency, by name
    assert "{" not in result.output.splitlines()[0]
    assert run("analyze", folder, "--format", "table").output == result.output


def test_analyze_csv(tmp_path, make_folder):
    result = run("analyze", good_folder(tmp_path, make_folder), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) >= 2
    width = len(rows[0])
    assert all(len(r) == width for r in rows)
    cells = {c for r in rows for c in r}
    assert {"school", "youth", "lead", "npo"} <= cells


@pytest.mark.parametrize("format_", ["table", "json", "csv"])
@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_analyze_example_data_every_round_and_format(folder, format_):
    for round_ in (None, 0, 1, 2):
        args = ["analyze", folder, "--format", format_] + ([] if round_ is None else ["--round", round_])
        result = run(*args)
        assert result.exit_code == 0, (round_, result.output)
        assert result.stdout.strip()
        if format_ == "json":
            assert json.loads(result.stdout)["round"] == round_


@pytest.mark.parametrize("round_", ["7", "-1"])
def test_analyze_unknown_round(tmp_path, make_folder, round_):
    result = run("analyze", good_folder(tmp_path, make_folder), "--round", round_)
    assert_clean_failure(result)
    assert round_ in result.output
    assert "round" in result.output.lower()


def test_analyze_invalid_data_same_messages_as_validate(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES + [("lead", "二重")], meetings=MEETINGS,
                         attendance=ATTENDANCE + [("m1", "ghost")], referrals=[("npo", "lead", "", 0)])
    validate, analyze = run("validate", folder), run("analyze", folder, "--format", "json")
    assert_clean_failure(validate)
    assert_clean_failure(analyze)
    problems = [l for l in validate.output.splitlines() if PROBLEM_LINE.match(l)]
    assert len(problems) == 3
    assert [l for l in analyze.output.splitlines() if PROBLEM_LINE.match(l)] == problems


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_json_agency_lists_sorted_and_gaps_ordered(folder):
    rounds_result = run("analyze", folder, "--format", "json")
    assert rounds_result.exit_code == 0, rounds_result.output
    data = json.loads(rounds_result.stdout)
    assert CONTRACT_KEYS <= set(data)
    for key in ("isolated", "no_referral", "cut_agencies"):
        assert data[key] == sorted(data[key]), key
    for g in data["gaps"]:
        assert set(g) == {"boundary", "kind", "agencies"}
        assert g["kind"] in {"coverage", "handover", "weak_handover"}
        assert g["agencies"] == sorted(g["agencies"]) and g["agencies"]
    keys = [(g["boundary"], g["kind"]) for g in data["gaps"]]
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_example_rounds_show_the_network_changing(folder):
    first = json.loads(run("analyze", folder, "--round", "0", "--format", "json").stdout)
    last = json.loads(run("analyze", folder, "--format", "json").stdout)
    assert last["links"] > first["links"]


# --------------------------------------------------------------------------- help


def test_every_command_has_help():
    assert cli.commands, "no commands"
    assert {"validate", "analyze"} <= set(cli.commands)
    for name, command in cli.commands.items():
        assert (command.help or "").strip(), name
        result = run(name, "--help")
        assert result.exit_code == 0, (name, result.output)
        assert "使い方" in result.output  # issue 14: help is Japanese by default ("Usage" with --lang en)
        assert len(result.output.strip().splitlines()) > 2, name


def test_group_help_lists_commands():
    result = run("--help")
    assert result.exit_code == 0, result.output
    assert "validate" in result.output and "analyze" in result.output


def test_analyze_options_documented():
    result = run("analyze", "--help")
    assert "--round" in result.output
    assert "--format" in result.output
    for fmt in ("table", "json", "csv"):
        assert fmt in result.output
