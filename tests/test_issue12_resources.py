"""Issue 12 §4: resources (the `resource` / 社会資源 column of agencies.csv), each rule on a tiny hand-made folder.

A resource (居場所, employer, family association) is in every layer, map and metric, but its ages make no
boundary and it takes no part in crossings, uncovered, age_coverage, no_accompaniment, gaps.
Every expected value is worked out by hand from the issue's rules.
"""

from __future__ import annotations

import pytest
from conftest import analyze_json, problem_lines, run

RESOURCE_HEADER = "id,name,sector,age_min,age_max,style,core,resource"


def resource_agencies(*rows) -> str:
    """agencies.csv text with a `resource` column; rows are (id, sector, age_min, age_max, style, resource)."""
    lines = [RESOURCE_HEADER]
    for id_, sector, age_min, age_max, style, resource in rows:
        lines.append(f"{id_},{id_.upper()},{sector},{age_min},{age_max},{style},,{resource}")
    return "\n".join(lines) + "\n"


def per_agency(result: dict) -> dict[str, dict]:
    return {a["id"]: a for a in result["per_agency"]}


# --------------------------------------------------------------------------- reading the column


@pytest.mark.parametrize("word", ["true", "TRUE", "yes", "y", "1", "はい", "○", "〇", "◯"])
def test_resource_column_true_words(tmp_path, make_folder, word):
    agencies = resource_agencies(("r", "民間", "", "", "", word), ("a", "福祉", "", "", "", ""))
    result = analyze_json(make_folder(tmp_path, agencies=agencies))
    assert per_agency(result)["r"]["resource"] is True
    assert per_agency(result)["a"]["resource"] is False


@pytest.mark.parametrize("word", ["false", "no", "n", "0", "いいえ", "×"])
def test_resource_column_false_words(tmp_path, make_folder, word):
    agencies = resource_agencies(("r", "民間", "", "", "", word), ("a", "福祉", "", "", "", "true"))
    result = analyze_json(make_folder(tmp_path, agencies=agencies))
    assert per_agency(result)["r"]["resource"] is False
    assert per_agency(result)["a"]["resource"] is True


def test_resource_blank_is_false(tmp_path, make_folder):
    agencies = resource_agencies(("r", "民間", "", "", "", ""), ("a", "福祉", "", "", "", "はい"))
    result = analyze_json(make_folder(tmp_path, agencies=agencies))
    assert per_agency(result)["r"]["resource"] is False


def test_resource_japanese_header_社会資源(tmp_path, make_folder):
    agencies = "機関ID,機関名,分野,対象年齢下限,対象年齢上限,社会資源\nr,居場所,民間,,,はい\na,社協,福祉,,,いいえ\n"
    result = analyze_json(make_folder(tmp_path, agencies=agencies))
    assert per_agency(result)["r"]["resource"] is True
    assert per_agency(result)["a"]["resource"] is False


@pytest.mark.parametrize("value", ["maybe", "2", "居場所", "就労体験"])
def test_resource_other_value_is_an_error_with_its_line(tmp_path, make_folder, value):
    # the column name is reserved: a column `resource` holding other things is an error, not an attribute
    agencies = resource_agencies(("a", "福祉", "", "", "", ""), ("r", "民間", "", "", "", value))
    folder = make_folder(tmp_path, agencies=agencies)
    for command in ("analyze", "validate"):
        result = run(command, folder)
        assert result.exit_code == 1, (command, result.output)
        assert ("agencies.csv", 3) in [(f, line) for f, line, _ in problem_lines(result.output)], result.output


def test_per_agency_gains_resource_false_without_the_column(tmp_path, make_folder):
    result = analyze_json(make_folder(tmp_path, agencies=[("a", "A", "福祉"), ("b", "B", "民間")]))
    assert [a["resource"] for a in result["per_agency"]] == [False, False]


# --------------------------------------------------------------------------- ages


def test_resource_creates_no_boundary(tmp_path, make_folder):
    # a 6-44 (not a resource) and g (all ages); r (resource) 18-29 would make a boundary at 30
    # referral a -> g: a hands over to g at 45, so there is no gap at all
    agencies = resource_agencies(("a", "福祉", 6, 44, "both", ""), ("g", "福祉", "", "", "both", ""),
                                 ("r", "民間", 18, 29, "", "true"))
    result = analyze_json(make_folder(tmp_path, agencies=agencies, referrals=[("a", "g")]))
    assert result["boundaries"] == [45]
    assert [c["boundary"] for c in result["crossings"]] == [45]
    assert result["gaps"] == []


def test_resource_is_never_leaving_receiving_or_spanning(tmp_path, make_folder):
    # x 6-29 leaves at 30, y 30- receives; r1 (resource, 6-29) would leave, r2 (resource, all ages) would
    # receive and span
    agencies = resource_agencies(("x", "福祉", 6, 29, "", ""), ("y", "福祉", 30, "", "", ""),
                                 ("r1", "民間", 6, 29, "accompaniment", "true"),
                                 ("r2", "民間", "", "", "both", "true"))
    entry = analyze_json(make_folder(tmp_path, agencies=agencies))["crossings"][0]
    assert entry["boundary"] == 30
    assert entry["leaving"] == ["x"]
    assert entry["receiving"] == ["y"]
    assert entry["spanning"] == []
    assert entry["spanning_accompaniment"] == []


def test_resource_gaps_computed_over_the_other_agencies_handover(tmp_path, make_folder):
    # x 6-29 leaves at 30; y 30- receives; r (resource, all ages) is x's only referral partner
    # r does not receive, so x has no link to a receiving agency: handover
    agencies = resource_agencies(("x", "福祉", 6, 29, "", ""), ("y", "福祉", 30, "", "", ""),
                                 ("r", "民間", "", "", "", "true"))
    result = analyze_json(make_folder(tmp_path, agencies=agencies, referrals=[("x", "r"), ("r", "y")]))
    assert result["gaps"] == [{"boundary": 30, "kind": "handover", "agencies": ["x"]}]
    assert per_agency(result)["r"]["gaps"] == ""


def test_resource_gaps_computed_over_the_other_agencies_coverage(tmp_path, make_folder):
    # x 6-29 leaves at 30; only r (resource, 30-) serves 30: nobody receives -> coverage gap listing x
    # r1 (resource, 6-39) leaves at 40: no boundary, no gap
    agencies = resource_agencies(("x", "福祉", 6, 29, "", ""), ("r", "民間", 30, "", "", "true"),
                                 ("r1", "民間", 6, 39, "", "true"))
    result = analyze_json(make_folder(tmp_path, agencies=agencies, referrals=[("x", "r")]))
    assert result["boundaries"] == [30]
    assert result["gaps"] == [{"boundary": 30, "kind": "coverage", "agencies": ["x"]}]


def test_resource_counts_in_no_uncovered(tmp_path, make_folder):
    # x serves 6-29; r (resource) serves 6-99: ages 30-99 are still served by no agency
    agencies = resource_agencies(("x", "福祉", 6, 29, "", ""), ("r", "民間", 6, 99, "", "true"))
    assert analyze_json(make_folder(tmp_path, agencies=agencies))["uncovered"] == [[30, 99]]


def test_resource_counts_in_no_age_coverage(tmp_path, make_folder):
    # x 6-29 problem_solving; r (resource) all ages accompaniment
    agencies = resource_agencies(("x", "福祉", 6, 29, "problem_solving", ""),
                                 ("r", "民間", "", "", "accompaniment", "true"))
    coverage = analyze_json(make_folder(tmp_path, agencies=agencies))["age_coverage"]
    assert [c["age"] for c in coverage] == list(range(6, 100))
    for c in coverage:
        expected = {"age": c["age"], "agencies": 1 if c["age"] <= 29 else 0, "accompaniment": 0}
        assert c == expected


def test_resource_counts_in_no_no_accompaniment(tmp_path, make_folder):
    # x 6-29 problem_solving: 6-29 served without accompaniment, even though r_acc (resource, accompaniment)
    # serves them; r_ps (resource, problem_solving) alone serves 30-99, which stay unserved, not "no accompaniment"
    agencies = resource_agencies(("x", "福祉", 6, 29, "problem_solving", ""),
                                 ("r_acc", "民間", 6, 29, "accompaniment", "true"),
                                 ("r_ps", "民間", 30, "", "problem_solving", "true"))
    result = analyze_json(make_folder(tmp_path, agencies=agencies))
    assert result["no_accompaniment"] == [[6, 29]]
    assert result["uncovered"] == [[30, 99]]


# --------------------------------------------------------------------------- the network


def test_resource_is_in_every_layer(tmp_path, make_folder):
    # referral a -> r (every layer), relation r - b level 2 (acquainted, sharing)
    agencies = resource_agencies(("a", "福祉", "", "", "", ""), ("b", "福祉", "", "", "", ""),
                                 ("r", "民間", 18, 64, "", "true"))
    result = analyze_json(make_folder(tmp_path, agencies=agencies, referrals=[("a", "r")],
                                      relations=[("r", "b", 2)]))
    layers = result["layers"]
    assert [layers[x]["links"] for x in ("acquainted", "sharing", "working")] == [2, 2, 1]
    assert layers["working"]["isolated"] == ["b"]
    assert layers["sharing"]["cut_agencies"] == ["r"]      # path a - r - b
    assert result["agencies"] == 3
    r = per_agency(result)["r"]
    assert (r["degree"], r["referrals_in"], r["resource"]) == (2, 1, True)


def test_resource_is_in_the_maps(tmp_path, make_folder):
    agencies = resource_agencies(("a", "福祉", "", "", "", ""), ("farm", "民間", 18, 64, "", "true"))
    folder = make_folder(tmp_path, agencies=agencies, referrals=[("a", "farm")])
    out = tmp_path / "map.html"
    result = run("map", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert "farm" in out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- folders without the column


def plain_folder(tmp_path, make_folder, agencies, name):
    # meeting y, z; referral x -> y
    return make_folder(tmp_path, agencies=agencies, meetings=[("m", 0, "2025-04-01")],
                       attendance=[("m", "y"), ("m", "z")], referrals=[("x", "y", "", 2, 29)], name=name)


def test_folder_without_resource_column_analyses_as_before(tmp_path, make_folder):
    # x 6-29 accompaniment, y 30-64 problem_solving, z 70- both
    without = [("x", "X", "福祉", 6, 29, "accompaniment"), ("y", "Y", "生活困窮", 30, 64, "problem_solving"),
               ("z", "Z", "高齢", 70, "", "both")]
    with_column = resource_agencies(("x", "福祉", 6, 29, "accompaniment", "false"),
                                    ("y", "生活困窮", 30, 64, "problem_solving", ""),
                                    ("z", "高齢", 70, "", "both", "いいえ"))
    old = analyze_json(plain_folder(tmp_path, make_folder, without, "without"))
    new = analyze_json(plain_folder(tmp_path, make_folder, with_column, "with"))
    # a column of nothing but false words and blanks changes nothing: the whole JSON is the same
    assert old == new
    # the old keys, by hand: links xy, yz -> 2 of 3 pairs
    assert old["links"] == 2
    assert old["density"] == pytest.approx(2 / 3, rel=1e-12)
    assert old["boundaries"] == [30, 65]                      # x 29+1, y 64+1; z has no limit
    assert old["uncovered"] == [[65, 69]]
    # 30: x hands over to y by referral -> no gap; 65: nobody serves 65 -> coverage [y]
    assert old["gaps"] == [{"boundary": 65, "kind": "coverage", "agencies": ["y"]}]
    assert old["no_accompaniment"] == [[30, 64]]
    assert old["isolated"] == []
    assert old["no_referral"] == ["z"]
    assert [a["resource"] for a in old["per_agency"]] == [False, False, False]


# --------------------------------------------------------------------------- the example data


def test_example_city_a_farm_and_company_are_resources_and_fail_no_handover():
    # "In City A a farm and a company 'fail to hand over' at 65": marked as resources, they no longer do
    result = analyze_json("data/city_a")
    agencies = per_agency(result)
    assert agencies["farm"]["resource"] is True
    assert agencies["company"]["resource"] is True
    for gap in result["gaps"]:
        assert "farm" not in gap["agencies"] and "company" not in gap["agencies"], gap
