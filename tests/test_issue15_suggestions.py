"""Issue 15 §1: suggested introductions (``suggestions`` in the JSON), each ranking rule on a tiny hand-made folder.

The folders are written as coordinators write them (CSV files); the JSON is read through the CLI
(``analyze --format json``). Rules: docs/agenda.md.
"""

from __future__ import annotations

import pytest
from conftest import analyze_json, run

AGENCY_HEADER = "id,name,sector,age_min,age_max,style,core,resource"


def agencies(*rows) -> str:
    """agencies.csv text; rows are (id, age_min, age_max, style[, resource]) with blank ages as None."""
    lines = [AGENCY_HEADER]
    for row in rows:
        agency_id, lo, hi, style, *rest = row
        resource = "true" if rest and rest[0] else "false"
        lines.append(f"{agency_id},{agency_id}の名前,福祉,{'' if lo is None else lo},{'' if hi is None else hi},"
                     f"{style},false,{resource}")
    return "\n".join(lines) + "\n"


def folder(tmp_path, make_folder, rows, met=(), works=(), relations=(), toml=None, name="net"):
    """A folder whose acquainted pairs meet at one meeting each and whose working pairs refer once."""
    meetings = [(f"m{k}", 0, "2025-04-01") for k in range(len(met))] or [("m0", 0, "2025-04-01")]
    attendance = [(f"m{k}", agency) for k, pair in enumerate(met) for agency in pair]
    referrals = [(a, b, "", 1) for a, b in works]
    return make_folder(tmp_path, agencies=agencies(*rows), meetings=meetings, attendance=attendance,
                       referrals=referrals, relations=list(relations), toml=toml, name=name)


def picks(data: dict, reason: str, agency: str) -> list[str]:
    """The partners suggested to ``agency`` for ``reason``, by rank."""
    found = sorted((s["rank"], s["partner"]) for s in data["suggestions"]
                   if s["reason"] == reason and s["agency"] == agency)
    assert [rank for rank, _ in found] == list(range(1, len(found) + 1))
    return [partner for _, partner in found]


def entry(data: dict, agency: str, partner: str, reason: str | None = None) -> dict:
    return next(s for s in data["suggestions"] if s["agency"] == agency and s["partner"] == partner
                and (reason is None or s["reason"] == reason))


def gaps_at(data: dict, boundary: int) -> list[dict]:
    return [g for g in data["gaps"] if g["boundary"] == boundary]


# --------------------------------------------------------------------------- handover and weak handover


def test_handover_candidates_acquainted_first(tmp_path, make_folder):
    # z_met is worse on every later criterion and on id, but a has met it
    rows = [("a", 6, 15, ""), ("a_acc", 16, 30, "accompaniment"), ("z_met", 10, 30, "problem_solving")]
    data = analyze_json(folder(tmp_path, make_folder, rows, met=[("a", "z_met")]))
    assert gaps_at(data, 16) == [{"boundary": 16, "kind": "weak_handover", "agencies": ["a"]}]
    assert picks(data, "weak_handover", "a") == ["z_met", "a_acc"]
    assert entry(data, "a", "z_met")["because"] == ["met"]
    assert entry(data, "a", "a_acc")["because"] == ["accompaniment", "starts_at_boundary"]


@pytest.mark.parametrize("style", ["accompaniment", "both"])
def test_handover_candidates_accompanying_before_others(tmp_path, make_folder, style):
    rows = [("a", 6, 15, ""), ("b_ps", 16, 30, "problem_solving"), ("c_blank", 16, 30, ""),
            ("z_acc", 10, 30, style)]
    data = analyze_json(folder(tmp_path, make_folder, rows))
    assert gaps_at(data, 16) == [{"boundary": 16, "kind": "handover", "agencies": ["a"]}]
    assert picks(data, "handover", "a") == ["z_acc", "b_ps", "c_blank"]
    assert entry(data, "a", "z_acc")["boundary"] == 16 and entry(data, "a", "z_acc")["because"] == ["accompaniment"]


def test_handover_candidates_starting_at_the_boundary_next(tmp_path, make_folder):
    rows = [("a", 6, 15, ""), ("b_early", 10, 30, "problem_solving"), ("z_start", 16, 30, "problem_solving")]
    data = analyze_json(folder(tmp_path, make_folder, rows))
    assert picks(data, "handover", "a") == ["z_start", "b_early"]
    assert entry(data, "a", "z_start")["because"] == ["starts_at_boundary"]
    assert entry(data, "a", "b_early")["because"] == []


def test_handover_candidates_with_more_shared_working_partners_next(tmp_path, make_folder):
    # p1 and p2 are resources: they count as working partners, and never receive anyone
    rows = [("a", 6, 15, ""), ("b_one", 16, 30, ""), ("c_none", 16, 30, ""), ("z_two", 16, 30, ""),
            ("p1", None, None, "", True), ("p2", None, None, "", True)]
    works = [("a", "p1"), ("a", "p2"), ("z_two", "p1"), ("p2", "z_two"), ("b_one", "p1")]
    data = analyze_json(folder(tmp_path, make_folder, rows, works=works))
    assert gaps_at(data, 16) == [{"boundary": 16, "kind": "handover", "agencies": ["a"]}]
    assert picks(data, "handover", "a") == ["z_two", "b_one", "c_none"]
    assert entry(data, "a", "z_two")["because"] == ["starts_at_boundary", "shared_partners:2"]
    assert entry(data, "a", "b_one")["because"] == ["starts_at_boundary", "shared_partners:1"]


def test_handover_only_the_first_three_by_id_are_suggested(tmp_path, make_folder):
    rows = [("a", 6, 15, "")] + [(f"r{k}", 16, 30, "") for k in (4, 1, 3, 2)]
    data = analyze_json(folder(tmp_path, make_folder, rows))
    assert picks(data, "handover", "a") == ["r1", "r2", "r3"]


def test_resources_are_never_receiving(tmp_path, make_folder):
    rows = [("a", 6, 15, ""), ("place", 10, None, "accompaniment", True), ("r", 16, 30, "")]
    data = analyze_json(folder(tmp_path, make_folder, rows, met=[("a", "place")]))
    assert picks(data, "handover", "a") == ["r"]


def test_every_leaving_agency_of_a_gap_gets_its_own_ranks(tmp_path, make_folder):
    rows = [("a", 6, 15, ""), ("b", 0, 15, ""), ("r", 16, 30, ""), ("s", 16, 40, "both")]
    data = analyze_json(folder(tmp_path, make_folder, rows, met=[("b", "r")]))
    assert {"boundary": 16, "kind": "handover", "agencies": ["a"]} in data["gaps"]
    assert {"boundary": 16, "kind": "weak_handover", "agencies": ["b"]} in data["gaps"]
    assert picks(data, "handover", "a") == ["s", "r"]
    assert picks(data, "weak_handover", "b") == ["r", "s"]


def test_coverage_gaps_get_no_partner(tmp_path, make_folder):
    rows = [("a", 6, 15, ""), ("old", 65, None, "")]
    data = analyze_json(folder(tmp_path, make_folder, rows, met=[("a", "old")]))
    assert {"boundary": 16, "kind": "coverage", "agencies": ["a"]} in data["gaps"]
    assert all(s["reason"] == "outside_working" for s in data["suggestions"])


# --------------------------------------------------------------------------- outside the working network


def test_outside_working_candidates_are_the_agencies_serving_overlapping_ages(tmp_path, make_folder):
    rows = [("a", 20, 30, ""), ("b_far", 40, 50, "both"), ("c_edge", 30, 60, ""), ("d_all", None, None, ""),
            ("e_young", 6, 19, "")]
    data = analyze_json(folder(tmp_path, make_folder, rows, met=[("a", "b_far")]))
    assert picks(data, "outside_working", "a") == ["c_edge", "d_all"]
    assert entry(data, "a", "c_edge", "outside_working")["boundary"] is None


def test_outside_working_ranked_acquainted_then_shared_acquaintances_then_working(tmp_path, make_folder):
    rows = [("a", None, None, ""), ("b", None, None, ""), ("c", None, None, ""), ("d", None, None, ""),
            ("e", None, None, ""), ("f", None, None, "")]
    # a has met e and x1; c shares both with a, b shares e; d works with f (and shares nothing)
    met = [("a", "e"), ("e", "c"), ("e", "b"), ("a", "x1"), ("x1", "c")]
    rows.append(("x1", None, None, ""))
    data = analyze_json(folder(tmp_path, make_folder, rows, met=met, works=[("d", "f")]))
    # e: acquainted; c: 2 shared (e, x1); b: 1 shared (e); d: working, 0 shared
    assert picks(data, "outside_working", "a") == ["e", "x1", "c"]
    assert entry(data, "a", "e")["because"] == ["met"]
    assert entry(data, "a", "x1")["because"] == ["met"]
    assert entry(data, "a", "c")["because"] == ["shared_acquaintances:2"]


def test_outside_working_shared_acquaintances_before_working_network_before_id(tmp_path, make_folder):
    rows = [("a", None, None, ""), ("b_work", None, None, ""), ("c_shared", None, None, ""),
            ("d_plain", None, None, ""), ("m", None, None, "", True), ("w", None, None, "", True)]
    data = analyze_json(folder(tmp_path, make_folder, rows, met=[("a", "m"), ("m", "c_shared")],
                               works=[("b_work", "w")]))
    assert picks(data, "outside_working", "a")[:3] == ["m", "c_shared", "b_work"]
    assert entry(data, "a", "c_shared")["because"] == ["shared_acquaintances:1"]
    assert entry(data, "a", "b_work")["because"] == ["in_working_network"]


def test_outside_working_without_overlap_takes_every_other_agency(tmp_path, make_folder):
    rows = [("a", 6, 10, ""), ("b", 20, 30, ""), ("c", 40, 50, ""), ("d", 60, None, "")]
    data = analyze_json(folder(tmp_path, make_folder, rows, works=[("c", "d")]))
    assert picks(data, "outside_working", "a") == ["c", "d", "b"]
    assert entry(data, "a", "c")["because"] == ["in_working_network", "no_age_overlap"]
    assert entry(data, "a", "b")["because"] == ["no_age_overlap"]


def test_outside_working_pair_already_suggested_is_not_listed_again(tmp_path, make_folder):
    rows = [("a", None, None, ""), ("b", None, None, ""), ("c", None, None, ""), ("d", None, None, "")]
    data = analyze_json(folder(tmp_path, make_folder, rows, met=[("a", "b"), ("b", "c")]))
    assert picks(data, "outside_working", "a") == ["b", "c", "d"]
    # b's first three are a, c, d: a–b was suggested for a, so b is listed with c and d, ranked 1 and 2
    assert picks(data, "outside_working", "b") == ["c", "d"]
    assert picks(data, "outside_working", "c") == ["d"]
    assert picks(data, "outside_working", "d") == []


def test_resources_are_partners_but_never_the_agency_outside_working(tmp_path, make_folder):
    rows = [("a", None, None, ""), ("place", None, None, "", True)]
    data = analyze_json(folder(tmp_path, make_folder, rows))
    assert [(s["agency"], s["partner"]) for s in data["suggestions"]] == [("a", "place")]


def test_no_suggestion_when_an_agency_stands_alone(tmp_path, make_folder):
    data = analyze_json(folder(tmp_path, make_folder, [("a", 6, 15, "")]))
    assert data["suggestions"] == []


def test_never_a_pair_that_already_works_together(tmp_path, make_folder):
    # a and r work together through a relation of level 3; a still leaves at 16 with no referral to s
    rows = [("a", 6, 15, ""), ("r", 16, 30, "both"), ("s", 16, 30, ""), ("t", 6, 15, "")]
    data = analyze_json(folder(tmp_path, make_folder, rows, relations=[("a", "r", 3), ("t", "s", 1)]))
    pairs = {frozenset((s["agency"], s["partner"])) for s in data["suggestions"]}
    assert frozenset(("a", "r")) not in pairs
    assert picks(data, "weak_handover", "t") == ["s", "r"]


# --------------------------------------------------------------------------- exclude


def test_excluded_pairs_are_removed_before_the_first_three_are_taken(tmp_path, make_folder):
    rows = [("a", 6, 15, "")] + [(f"r{k}", 16, 30, "") for k in range(1, 5)]
    toml = 'exclude = [["r2", "a"], "r1:a"]\n'
    data = analyze_json(folder(tmp_path, make_folder, rows, toml=toml))
    assert picks(data, "handover", "a") == ["r3", "r4"]


def test_exclude_in_the_settings_sheet_applies_too(tmp_path):
    from conftest import save_book

    book = save_book(tmp_path / "book.xlsx", {
        "機関": [["機関ID", "機関名", "対象年齢下限", "対象年齢上限"], ["a", "A", 6, 15], ["r", "R", 16, 30],
                ["s", "S", 16, 30]],
        "会議": [["会議ID", "回", "開催日"], ["m1", 1, "2025-04-01"]],
        "設定": [["除外する組", "a:r"]],
    })
    data = analyze_json(book)
    assert picks(data, "handover", "a") == ["s"]
    assert all({"a", "r"} != {s["agency"], s["partner"]} for s in data["suggestions"])


def test_unknown_ids_in_exclude_are_an_error_naming_them(tmp_path, make_folder):
    rows = [("a", 6, 15, ""), ("r", 16, 30, "")]
    result = run("analyze", folder(tmp_path, make_folder, rows, toml='exclude = [["a", "police"]]\n'))
    assert result.exit_code == 1
    assert "police" in result.output and "exclude" in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------- the JSON


def test_suggestions_are_ordered_by_reason_boundary_agency_rank(tmp_path, make_folder):
    rows = [("z", 6, 15, ""), ("y", 0, 15, ""), ("b", 16, 39, ""), ("old", 40, None, "both"),
            ("c", 40, None, ""), ("lone", 70, None, "")]
    data = analyze_json(folder(tmp_path, make_folder, rows, met=[("y", "b")]))
    keys = [(s["reason"], s["boundary"], s["agency"], s["rank"]) for s in data["suggestions"]]
    order = {"handover": 0, "weak_handover": 1, "outside_working": 2}
    assert keys == sorted(keys, key=lambda k: (order[k[0]], -1 if k[1] is None else k[1], k[2], k[3]))
    assert {k[0] for k in keys} == set(order)
    assert list(dict.fromkeys(k[:2] for k in keys if k[0] != "outside_working")) == [
        ("handover", 16), ("handover", 40), ("weak_handover", 16)]
    for s in data["suggestions"]:
        assert set(s) == {"agency", "partner", "reason", "boundary", "rank", "because"}
        assert (s["boundary"] is None) == (s["reason"] == "outside_working")


def test_each_snapshot_has_its_own_suggestions(tmp_path, make_folder):
    rows = [("a", 6, 15, ""), ("r", 16, 30, "")]
    path = make_folder(tmp_path, agencies=agencies(*rows),
                       meetings=[("m1", 1, "2025-04-01"), ("m2", 2, "2025-06-01")],
                       attendance=[("m1", "a")], referrals=[("a", "r", "2025-05-01", 1)])
    assert picks(analyze_json(path, "--round", "1"), "handover", "a") == ["r"]
    assert analyze_json(path, "--round", "2")["suggestions"] == []


def test_the_table_lists_the_suggestions(tmp_path, make_folder):
    rows = [("a", 6, 15, ""), ("r", 16, 30, "")]
    path = folder(tmp_path, make_folder, rows, met=[("a", "r")])
    result = run("analyze", path)
    assert result.exit_code == 0, result.output
    assert "次回の会議に向けた紹介の提案" in result.output
    assert "15歳→16歳  紹介の実績なし: aの名前 (a) → 1. rの名前 (r)" in result.output
    english = run("analyze", path, "--lang", "en")
    assert "age 15 → 16  no referral yet: aの名前 (a) → 1. rの名前 (r)" in english.output
