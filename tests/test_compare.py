"""hikinet compare: rounds of one folder, two data sets, and the diff map."""

from __future__ import annotations

import json

import pytest
from conftest import run

from hikinet_graph.cli import compare_specs, parse_side
from hikinet_graph.render.views.change import diff_page

AGENCIES = [
    ("school", "学校", "教育", 6, 15),
    ("youth", "サポステ", "若者", 16, 39),
    ("shakyo", "社協", "福祉", "", ""),
    ("farm", "農園", "民間", 18, 64),
]
MEETINGS = [("m0", 0, "2025-04-01"), ("m1", 1, "2025-06-01")]


@pytest.fixture
def rounds_folder(tmp_path, make_folder):
    # round 0: school and shakyo meet; youth and farm alone
    # round 1: youth meets shakyo, school refers to youth (closes school's 16 handover gap)
    return make_folder(
        tmp_path, agencies=AGENCIES, meetings=MEETINGS,
        attendance=[("m0", "school"), ("m0", "shakyo"), ("m1", "youth"), ("m1", "shakyo")],
        referrals=[("school", "youth", "2025-05-10", 2)],
    )


def test_compare_rounds_of_one_folder(rounds_folder):
    result = compare_specs(f"{rounds_folder}@0", f"{rounds_folder}@1").to_dict()
    assert result["added_links"] == [["school", "youth"], ["shakyo", "youth"]]
    assert result["removed_links"] == []
    assert result["resolved_isolated"] == ["youth"]
    assert result["new_isolated"] == []
    # school leaves at 15 having only met shakyo (who serves 16): weak before, fine after;
    # youth leaves at 39: alone before (handover), then met shakyo (weak_handover)
    assert result["gaps_closed"] == [{"boundary": 16, "kind": "weak_handover", "agency": "school"},
                                     {"boundary": 40, "kind": "handover", "agency": "youth"}]
    assert result["gaps_opened"] == [{"boundary": 40, "kind": "weak_handover", "agency": "youth"}]
    assert result["metrics"]["links"] == {"before": 1, "after": 3, "delta": 2}
    assert result["metrics"]["isolated"] == {"before": 2, "after": 1, "delta": -1}
    assert result["before"] == {"source": str(rounds_folder), "round": 0, "cutoff": "2025-04-01"}
    assert {"sectors": ["教育", "若者"], "link": ["school", "youth"]} in result["cross_sector_added"]


def test_compare_two_folders_with_different_agencies(tmp_path, make_folder):
    before = make_folder(tmp_path, name="2024", agencies=AGENCIES[:3],
                         referrals=[("school", "shakyo", "", 1), ("youth", "shakyo", "", 1)])
    after = make_folder(tmp_path, name="2025", agencies=[AGENCIES[0], AGENCIES[2], AGENCIES[3]],
                        referrals=[("school", "shakyo", "", 1)])
    result = compare_specs(str(before), str(after)).to_dict()
    assert result["agencies_added"] == ["farm"]
    assert result["agencies_removed"] == ["youth"]
    assert result["removed_links"] == [["shakyo", "youth"]]
    assert result["added_links"] == []
    assert result["new_isolated"] == ["farm"]  # only the later data lists it, and it stands alone
    page = diff_page(compare_specs(str(before), str(after)))
    assert {n["id"] for n in page.nodes} == {"school", "youth", "shakyo", "farm"}
    assert {e["id"] for e in page.edges} == {"removed:shakyo:youth", "unchanged:school:shakyo"}


def test_diff_map_marks_resolved_and_keeps_positions(rounds_folder):
    from hikinet_graph import load_network
    from hikinet_graph.render.layout import layout_positions
    from hikinet_graph.render.maps import map_page

    page = diff_page(compare_specs(f"{rounds_folder}@0", f"{rounds_folder}@1"))
    nodes = {n["id"]: n for n in page.nodes}
    assert nodes["youth"]["flags"] == ["resolved"]
    kinds = {e["id"]: e["kind"] for e in page.edges}
    # a new working tie, a pair that newly met without one (its own mark, shown), an unchanged working tie
    assert kinds == {"added:school:youth": "added", "met_added:shakyo:youth": "met_added",
                     "unchanged:school:shakyo": "unchanged"}
    network = load_network(rounds_folder)
    round_map = {n["id"]: (n["x"], n["y"]) for n in map_page(network, 1).nodes}
    assert {i: (n["x"], n["y"]) for i, n in nodes.items()} == round_map == layout_positions(network)


@pytest.mark.parametrize("spec, expected", [
    ("data/city@4", ("data/city", 4)),
    ("data/city", ("data/city", None)),
    ("C:\\データ\\市@0", ("C:\\データ\\市", 0)),
])
def test_parse_side(spec, expected):
    assert parse_side(spec) == expected


def test_parse_side_folder_named_with_at(tmp_path):
    folder = tmp_path / "net@2"
    folder.mkdir()
    assert parse_side(str(folder)) == (str(folder), None)


def test_cli_compare_json(rounds_folder):
    result = run("compare", f"{rounds_folder}@0", f"{rounds_folder}@1", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("added_links", "removed_links", "resolved_isolated", "new_isolated", "gaps_closed", "gaps_opened",
                "metrics"):
        assert key in data
    assert data["metrics"]["referral_links"]["delta"] == 1


def test_cli_compare_table_and_diff_map(rounds_folder, tmp_path):
    out = tmp_path / "diff.html"
    result = run("compare", f"{rounds_folder}@0", f"{rounds_folder}@1", "-o", out)
    assert result.exit_code == 0, result.output
    assert "+ 学校 - サポステ" in result.output
    assert "孤立が解消した機関: サポステ (youth)" in result.output
    assert out.read_text(encoding="utf-8").count("added:school:youth") == 1


def test_cli_compare_unknown_round(rounds_folder):
    result = run("compare", f"{rounds_folder}@0", f"{rounds_folder}@7")
    assert result.exit_code == 1
    assert "round 7 is not in meetings.csv; known rounds: 0, 1" in result.output


def test_cli_compare_invalid_folder(tmp_path, make_folder, rounds_folder):
    broken = make_folder(tmp_path, name="broken", agencies=[("a", "A", "", "x", "")])
    result = run("compare", rounds_folder, broken)
    assert result.exit_code == 1
    assert "agencies.csv:2:" in result.output
