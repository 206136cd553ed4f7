"""The analysis rules of one snapshot (issue 2, "Analysis"), each on a tiny hand-made folder.

Agency rows are (id, name, sector, age_min, age_max); every expected value is worked out by hand.
"""

from __future__ import annotations

import pytest

from hikinet_graph import analyze_network, load_network

CONTRACT_KEYS = {"round", "agencies", "links", "density", "components", "isolated", "no_referral",
                 "uncovered", "gaps", "cut_agencies"}


def analyze(folder, round_=None) -> dict:
    return analyze_network(load_network(folder), round_).to_dict()


def meeting(*ids: str, name: str = "m") -> dict:
    """One meeting attended by ``ids``: the meetings and attendance keywords of make_folder."""
    return {"meetings": [(name, 0, "2025-04-01")], "attendance": [(name, i) for i in ids]}


def gap(boundary: int, kind: str, *agencies: str) -> dict:
    return {"boundary": boundary, "kind": kind, "agencies": list(agencies)}


def all_ages(*ids: str) -> list[tuple]:
    return [(i, i.upper(), "福祉", "", "") for i in ids]


def refs(*pairs: str) -> list[tuple]:
    """referral rows from "ab" strings: a refers to b."""
    return [(p[0], p[1]) for p in pairs]


# --------------------------------------------------------------------------- contract


def test_json_contract_keys_and_types(tmp_path, make_folder):
    result = analyze(make_folder(tmp_path, agencies=all_ages("a", "b")))
    assert CONTRACT_KEYS <= set(result)
    assert result["round"] is None
    assert isinstance(result["agencies"], int)
    assert isinstance(result["links"], int)
    assert isinstance(result["components"], int)
    assert isinstance(result["density"], float)
    for key in ("isolated", "no_referral", "uncovered", "gaps", "cut_agencies"):
        assert isinstance(result[key], list), key


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize("files", [
    meeting("a", "b"),
    {"referrals": [("a", "b")]},
    {"referrals": [("b", "a")]},
    {"relations": [("a", "b", 1)]},
    {"relations": [("b", "a", 2)]},
], ids=["meeting", "referral", "referral-reversed", "relation-1", "relation-2-reversed"])
def test_linked_by_meeting_referral_or_relation(tmp_path, make_folder, files):
    result = analyze(make_folder(tmp_path, agencies=all_ages("a", "b", "c"), **files))
    assert result["links"] == 1
    assert result["isolated"] == ["c"]
    assert result["components"] == 2


def test_links_count_pairs_not_rows(tmp_path, make_folder):
    # a-b joined by two meetings, referrals both ways and a relation: still one pair
    folder = make_folder(
        tmp_path, agencies=all_ages("a", "b", "c"),
        meetings=[("m1", 0, "2025-04-01"), ("m2", 1, "2025-05-01")],
        attendance=[("m1", "a"), ("m1", "b"), ("m2", "b"), ("m2", "a")],
        referrals=[("a", "b"), ("b", "a"), ("a", "b", "", 5)], relations=[("a", "b", 4), ("b", "a", 1)])
    assert analyze(folder)["links"] == 1


def test_meeting_links_every_pair_of_attendees(tmp_path, make_folder):
    result = analyze(make_folder(tmp_path, agencies=all_ages("a", "b", "c", "d", "e"), **meeting("a", "b", "c", "d")))
    assert result["links"] == 6
    assert result["isolated"] == ["e"]


def test_attending_different_meetings_is_no_link(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=all_ages("a", "b"),
                         meetings=[("m1", 0, "2025-04-01"), ("m2", 0, "2025-04-02")],
                         attendance=[("m1", "a"), ("m2", "b")])
    result = analyze(folder)
    assert result["links"] == 0
    assert result["isolated"] == ["a", "b"]


# --------------------------------------------------------------------------- isolated, no_referral


def test_isolated_agencies_have_no_link(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=all_ages("a", "b", "c", "d"), **meeting("a", "b"),
                         referrals=[("b", "c")])
    result = analyze(folder)
    assert result["isolated"] == ["d"]
    assert result["agencies"] == 4


def test_isolated_includes_agency_that_attended_alone(tmp_path, make_folder):
    result = analyze(make_folder(tmp_path, agencies=all_ages("a", "b"), **meeting("a")))
    assert result["isolated"] == ["a", "b"]


def test_isolated_sorted_by_id(tmp_path, make_folder):
    result = analyze(make_folder(tmp_path, agencies=all_ages("zeta", "alpha", "mid")))
    assert result["isolated"] == ["alpha", "mid", "zeta"]


def test_no_referral_agencies_met_but_never_shared_a_case(tmp_path, make_folder):
    # a, b, c meet; a refers to b; d is isolated (not "no_referral")
    folder = make_folder(tmp_path, agencies=all_ages("a", "b", "c", "d"), **meeting("a", "b", "c"),
                         referrals=[("a", "b")])
    result = analyze(folder)
    assert result["no_referral"] == ["c"]
    assert result["isolated"] == ["d"]


def test_no_referral_excludes_isolated_agencies(tmp_path, make_folder):
    result = analyze(make_folder(tmp_path, agencies=all_ages("a", "b", "c"), **meeting("b", "c")))
    assert result["no_referral"] == ["b", "c"]
    assert result["isolated"] == ["a"]


@pytest.mark.parametrize("pair", ["ab", "ba"])
def test_referral_either_direction_is_a_referral_link_for_both(tmp_path, make_folder, pair):
    folder = make_folder(tmp_path, agencies=all_ages("a", "b", "c"), **meeting("a", "b", "c"),
                         referrals=refs(pair))
    assert analyze(folder)["no_referral"] == ["c"]


@pytest.mark.parametrize("level", [3, 4])
def test_relation_level_3_is_referral_link(tmp_path, make_folder, level):
    folder = make_folder(tmp_path, agencies=all_ages("a", "b", "c"), **meeting("a", "b", "c"),
                         relations=[("b", "a", level)])
    assert analyze(folder)["no_referral"] == ["c"]


@pytest.mark.parametrize("level", [1, 2])
def test_relation_level_2_is_not_referral_link(tmp_path, make_folder, level):
    folder = make_folder(tmp_path, agencies=all_ages("a", "b", "c"), relations=[("a", "b", level)])
    result = analyze(folder)
    assert result["links"] == 1
    assert result["no_referral"] == ["a", "b"]
    assert result["isolated"] == ["c"]


def test_referral_to_one_agency_clears_no_referral_only_for_the_pair(tmp_path, make_folder):
    # a-b referral, a-c and c-d only met: c and d have links but no referral link
    folder = make_folder(tmp_path, agencies=all_ages("a", "b", "c", "d"),
                         meetings=[("m1", 0, "2025-04-01"), ("m2", 0, "2025-04-02")],
                         attendance=[("m1", "a"), ("m1", "c"), ("m2", "c"), ("m2", "d")],
                         referrals=[("a", "b")])
    assert analyze(folder)["no_referral"] == ["c", "d"]


# --------------------------------------------------------------------------- uncovered


@pytest.mark.parametrize("ages, expected", [
    ([(6, 15), (20, 39), (50, 64)], [[16, 19], [40, 49], [65, 99]]),
    ([("", "")], []),
    ([(6, 20), (30, "")], [[21, 29]]),
    ([("", 10), (15, "")], [[11, 14]]),
    ([(0, 3)], [[6, 99]]),
    ([(6, 99)], []),
    ([(7, 98)], [[6, 6], [99, 99]]),
    ([(10, 20), (15, 30), (31, 40), (41, "")], [[6, 9]]),
    ([(100, "")], [[6, 99]]),
], ids=["three-holes", "blank-ages", "blank-max", "blank-min", "below-span", "whole-span", "edges",
        "overlaps", "above-span"])
def test_uncovered_age_intervals(tmp_path, make_folder, ages, expected):
    agencies = [(f"g{i}", "", "", lo, hi) for i, (lo, hi) in enumerate(ages)]
    assert analyze(make_folder(tmp_path, agencies=agencies))["uncovered"] == expected


def test_uncovered_ignores_links(tmp_path, make_folder):
    agencies = [("a", "A", "", 6, 15), ("b", "B", "", 18, "")]
    result = analyze(make_folder(tmp_path, agencies=agencies, referrals=[("a", "b")]))
    assert result["uncovered"] == [[16, 17]]


# --------------------------------------------------------------------------- gaps


SCHOOL, YOUTH = ("school", "School", "教育", 6, 15), ("youth", "Youth", "若者", 16, "")


def test_gap_coverage_when_no_agency_serves_the_next_age(tmp_path, make_folder):
    agencies = [SCHOOL, ("juku", "Juku", "民間", 10, 15), ("adult", "Adult", "福祉", 20, "")]
    # links do not matter for a coverage gap
    result = analyze(make_folder(tmp_path, agencies=agencies, referrals=[("school", "adult"), ("juku", "adult")]))
    assert result["gaps"] == [gap(16, "coverage", "juku", "school")]


def test_gap_handover_when_leaving_agency_has_no_link_to_a_receiver(tmp_path, make_folder):
    result = analyze(make_folder(tmp_path, agencies=[SCHOOL, YOUTH]))
    assert result["gaps"] == [gap(16, "handover", "school")]


def test_gap_handover_referral_to_a_non_receiving_agency_does_not_count(tmp_path, make_folder):
    # school refers to hub (6-15, leaves at 16 too), hub refers to youth: school's only
    # referral partner does not serve 16, and school has no link to youth itself
    hub = ("hub", "Hub", "福祉", 6, 15)
    result = analyze(make_folder(tmp_path, agencies=[SCHOOL, YOUTH, hub],
                                 referrals=[("school", "hub"), ("hub", "youth")]))
    assert result["gaps"] == [gap(16, "handover", "school")]


@pytest.mark.parametrize("files", [
    meeting("school", "youth"),
    {"relations": [("school", "youth", 1)]},
    {"relations": [("youth", "school", 2)]},
], ids=["met", "relation-1", "relation-2"])
def test_gap_weak_handover_when_linked_but_no_referral_link(tmp_path, make_folder, files):
    result = analyze(make_folder(tmp_path, agencies=[SCHOOL, YOUTH], **files))
    assert result["gaps"] == [gap(16, "weak_handover", "school")]


@pytest.mark.parametrize("files", [
    {"referrals": [("school", "youth")]},
    {"referrals": [("youth", "school")]},
    {"relations": [("school", "youth", 3)]},
    {"relations": [("youth", "school", 4)]},
    {**meeting("school", "youth"), "referrals": [("youth", "school")]},
], ids=["referral", "referral-back", "relation-3", "relation-4", "met-and-referral"])
def test_gap_none_when_leaving_agency_has_referral_link_to_a_receiver(tmp_path, make_folder, files):
    result = analyze(make_folder(tmp_path, agencies=[SCHOOL, YOUTH], **files))
    assert result["gaps"] == []


def test_gap_kinds_at_one_boundary_are_separate_entries(tmp_path, make_folder):
    # four agencies leave at 16; youth receives
    agencies = [("d", "D", "", 6, 15), ("c", "C", "", 6, 15), ("b", "B", "", 6, 15), ("a", "A", "", 6, 15), YOUTH]
    folder = make_folder(tmp_path, agencies=agencies,
                         **meeting("b", "d", "youth"), referrals=[("c", "youth")])
    # a: no link -> handover; b, d: met youth -> weak_handover; c: referral -> fine
    assert analyze(folder)["gaps"] == [gap(16, "handover", "a"), gap(16, "weak_handover", "b", "d")]


def test_gap_any_receiving_agency_is_enough(tmp_path, make_folder):
    # two agencies serve 16; a referral to the second is enough
    agencies = [SCHOOL, YOUTH, ("teen", "Teen", "", 12, 20)]
    result = analyze(make_folder(tmp_path, agencies=agencies, referrals=[("teen", "school"), ("teen", "youth")]))
    # teen leaves at 21 with a referral link to youth (serves 21): fine
    assert result["gaps"] == []


def test_agencies_spanning_a_boundary_are_not_leaving(tmp_path, make_folder):
    # teen (12-20) spans 15|16 so it receives at 16, it does not leave there; it leaves at 21
    agencies = [SCHOOL, ("teen", "Teen", "", 12, 20), ("adult", "Adult", "", 21, "")]
    result = analyze(make_folder(tmp_path, agencies=agencies, referrals=[("school", "teen")]))
    assert result["gaps"] == [gap(21, "handover", "teen")]


def test_agency_without_upper_age_never_leaves(tmp_path, make_folder):
    agencies = [("all", "All", "", "", ""), ("old", "Old", "", 65, "")]
    assert analyze(make_folder(tmp_path, agencies=agencies))["gaps"] == []


def test_blank_age_min_agency_receives(tmp_path, make_folder):
    # "all" has blank ages: it serves 16, so school's gap is a handover, not a coverage gap
    result = analyze(make_folder(tmp_path, agencies=[SCHOOL, ("all", "All", "", "", "")]))
    assert result["gaps"] == [gap(16, "handover", "school")]


@pytest.mark.parametrize("agencies, toml, expected", [
    # default span 6-99: 0-5 gives b=6 (5 outside), 6-99 gives b=100 (outside)
    ([("early", "", "", 0, 5), ("late", "", "", 6, 99)], None, []),
    # 6-98 gives b=99: both 98 and 99 inside -> nobody serves 99
    ([("late", "", "", 6, 98)], None, [gap(99, "coverage", "late")]),
    # span 6-30: early (b=6) and late (b=31) are outside; mid (b=20) is inside
    ([("early", "", "", 0, 5), ("late", "", "", 6, 30), ("mid", "", "", 6, 19)], "span = [6, 30]\n",
     [gap(20, "handover", "mid")]),
], ids=["default-span", "upper-edge", "span-from-toml"])
def test_gap_boundary_requires_both_sides_in_span(tmp_path, make_folder, agencies, toml, expected):
    assert analyze(make_folder(tmp_path, agencies=agencies, toml=toml))["gaps"] == expected


def test_span_from_toml(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A", "", 12, 20)], toml="span = [10, 30]\n")
    result = analyze(folder)
    assert result["uncovered"] == [[10, 11], [21, 30]]
    assert result["gaps"] == [gap(21, "coverage", "a")]


def test_span_from_toml_hides_boundaries_outside_it(tmp_path, make_folder):
    agencies = [SCHOOL, ("adult", "Adult", "", 20, "")]
    assert analyze(make_folder(tmp_path, agencies=agencies))["gaps"] == [gap(16, "coverage", "school")]
    assert analyze(make_folder(tmp_path, agencies=agencies, toml="span = [20, 99]\n", name="b"))["gaps"] == []


def test_extra_boundaries_from_toml(tmp_path, make_folder):
    # 40 is nobody's age_max + 1; the toml adds it to the boundaries looked at
    agencies = [SCHOOL, ("youth", "Youth", "", 16, 49), ("all", "All", "", "", "")]
    folder = make_folder(tmp_path, agencies=agencies, referrals=[("school", "youth"), ("youth", "all")],
                         toml="boundaries = [40]\n")
    result = analyze(folder)
    assert result["boundaries"] == [16, 40, 50]
    assert result["gaps"] == []


def test_gaps_sorted_by_boundary_then_kind(tmp_path, make_folder):
    # rows deliberately out of order
    agencies = [
        ("z_youth", "", "", 16, 39),    # leaves at 40; elder receives; no link -> handover
        ("m_child", "", "", 0, 18),     # leaves at 19; z_youth receives; no link -> handover
        ("b_school", "", "", 6, 15),    # leaves at 16; no link to z_youth / m_child -> handover
        ("a_school", "", "", 6, 15),    # leaves at 16; met z_youth -> weak_handover
        ("elder", "", "", 40, ""),
    ]
    folder = make_folder(tmp_path, agencies=agencies, **meeting("a_school", "z_youth"))
    assert analyze(folder)["gaps"] == [
        gap(16, "handover", "b_school"),
        gap(16, "weak_handover", "a_school"),
        gap(19, "handover", "m_child"),
        gap(40, "handover", "z_youth"),
    ]


def test_gaps_coverage_sorts_before_other_boundaries_kinds(tmp_path, make_folder):
    # 16: coverage; 25: handover + weak_handover
    agencies = [("s", "", "", 6, 15), ("w", "", "", 18, 24), ("h", "", "", 20, 24), ("r", "", "", 25, "")]
    folder = make_folder(tmp_path, agencies=agencies, **meeting("w", "r"))
    assert analyze(folder)["gaps"] == [gap(16, "coverage", "s"), gap(25, "handover", "h"),
                                       gap(25, "weak_handover", "w")]


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize("pairs, expected", [
    (["ab", "bc"], ["b"]),                       # path a-b-c (+ isolated d, e)
    (["ab", "ac", "ad", "ae"], ["a"]),           # star
    (["ab", "bc", "ca"], []),                    # triangle
    (["ab", "bc", "ca", "cd", "de"], ["c", "d"]),  # triangle with a tail
    (["ab", "cd"], []),                          # two pairs
    ([], []),
], ids=["path", "star", "triangle", "tail", "pairs", "none"])
def test_cut_agencies_are_articulation_points(tmp_path, make_folder, pairs, expected):
    result = analyze(make_folder(tmp_path, agencies=all_ages(*"abcde"), referrals=refs(*pairs)))
    assert result["cut_agencies"] == expected


def test_cut_agencies_from_meetings_and_relations(tmp_path, make_folder):
    # a-b-c met; c-d only by a level-1 relation: c holds d to the rest
    folder = make_folder(tmp_path, agencies=all_ages(*"abcd"), **meeting("a", "b", "c"),
                         relations=[("d", "c", 1)])
    assert analyze(folder)["cut_agencies"] == ["c"]


@pytest.mark.parametrize("pairs, expected", [
    (["ab"], 4),              # a-b, c, d, e
    (["ab", "cd"], 3),        # a-b, c-d, e
    (["ab", "bc", "de"], 2),
    ([], 5),
    (["ab", "bc", "cd", "de"], 1),
])
def test_components_count_isolated(tmp_path, make_folder, pairs, expected):
    result = analyze(make_folder(tmp_path, agencies=all_ages(*"abcde"), referrals=refs(*pairs)))
    assert result["components"] == expected


@pytest.mark.parametrize("n, pairs, links, density", [
    (4, ["ab", "bc", "cd"], 3, 0.5),
    (3, ["ab", "bc"], 2, 2 / 3),
    (5, ["ab"], 1, 0.1),
    (3, [], 0, 0.0),
    (4, ["ab", "ac", "ad", "bc", "bd", "cd"], 6, 1.0),
    (6, ["ab", "ba", "cd"], 2, 2 / 15),
])
def test_density_is_links_over_possible_pairs(tmp_path, make_folder, n, pairs, links, density):
    result = analyze(make_folder(tmp_path, agencies=all_ages(*"abcdef"[:n]), referrals=refs(*pairs)))
    assert result["links"] == links
    assert result["density"] == pytest.approx(density, abs=1e-4)


@pytest.mark.parametrize("n, pairs, density", [(3, ["ab", "bc"], 2 / 3), (6, ["ab", "cd"], 2 / 15)])
def test_density_is_not_rounded(tmp_path, make_folder, n, pairs, density):
    result = analyze(make_folder(tmp_path, agencies=all_ages(*"abcdef"[:n]), referrals=refs(*pairs)))
    assert result["density"] == pytest.approx(density)


def test_agency_lists_are_sorted_ids(tmp_path, make_folder):
    # file order is reversed; path z-v-y-w makes v and y cut agencies, t and s only met, x and a alone
    folder = make_folder(tmp_path, agencies=all_ages(*"zyxwvtsa"),
                         referrals=refs("zv", "vy", "yw"), **meeting("t", "s"))
    result = analyze(folder)
    assert result["cut_agencies"] == ["v", "y"]
    assert result["isolated"] == ["a", "x"]
    assert result["no_referral"] == ["s", "t"]
    assert result["components"] == 4


def test_round_analysis_uses_snapshot(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[SCHOOL, YOUTH],
                         meetings=[("m0", 0, "2025-04-01"), ("m1", 1, "2025-05-01")],
                         attendance=[("m0", "school"), ("m0", "youth")],
                         referrals=[("school", "youth", "2025-04-20")])
    assert analyze(folder, 0)["gaps"] == [gap(16, "weak_handover", "school")]
    assert analyze(folder, 1)["gaps"] == []
    assert analyze(folder, 1)["round"] == 1


def test_extra_boundary_outside_span_is_examined(tmp_path, make_folder):
    # with span 6-30, youth's age_max + 1 = 40 is not found automatically; the toml asks for it
    agencies = [("youth", "Youth", "", 16, 39), ("elder", "Elder", "", 40, "")]
    without = make_folder(tmp_path, agencies=agencies, toml="span = [6, 30]\n", name="without")
    assert analyze(without)["gaps"] == []
    folder = make_folder(tmp_path, agencies=agencies, toml="span = [6, 30]\nboundaries = [40]\n")
    result = analyze(folder)
    assert result["boundaries"] == [40]
    assert result["gaps"] == [{"boundary": 40, "kind": "handover", "agencies": ["youth"]}]
