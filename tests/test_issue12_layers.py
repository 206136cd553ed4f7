"""Issue 12 §1: relationship layers (acquainted ⊇ sharing ⊇ working), each rule on a tiny hand-made folder.

Agency rows are (id, name, sector, age_min, age_max, style); blank ages everywhere so that no age rule
interferes. Every expected value is worked out by hand in the comments, from the issue's text only.
"""

from __future__ import annotations

import csv
import io

import pytest
from conftest import analyze_json, run

LAYERS = ("acquainted", "sharing", "working")
LAYER_KEYS = {"links", "density", "components", "component_members", "isolated", "cut_agencies",
              "centralization", "brokers", "betweenness_sample", "ei_index"}


def ag(*ids: str, sector: str = "福祉") -> list[tuple]:
    """agencies.csv rows with blank ages, all in one sector."""
    return [(i, i.upper(), sector) for i in ids]


def meeting(*ids: str, name: str = "m") -> dict:
    """make_folder keywords: one meeting (round 0) attended by ``ids``."""
    return {"meetings": [(name, 0, "2025-04-01")], "attendance": [(name, i) for i in ids]}


def links(result: dict) -> tuple[int, int, int]:
    """(acquainted, sharing, working) link counts."""
    return tuple(result["layers"][layer]["links"] for layer in LAYERS)


def exact(value: float):
    """A float that must not be rounded: equal to ``value`` up to float noise."""
    return pytest.approx(value, rel=1e-12, abs=1e-15)


def mixed(tmp_path, make_folder):
    """Six agencies with a different graph in each layer.

    meeting a,b,c           -> acquainted ab ac bc
    relation c-d level 2    -> acquainted + sharing cd
    referral d->e           -> every layer de
    relation e-f level 3    -> every layer ef
    relation a-f level 1    -> acquainted af
    acquainted: ab ac bc cd de ef af = 7 pairs (cycle a-b-c-d-e-f-a with chord a-c)
    sharing:    cd de ef             = 3 pairs (path c-d-e-f; a, b alone)
    working:    de ef                = 2 pairs (path d-e-f; a, b, c alone)
    """
    return make_folder(tmp_path, agencies=ag("a", "b", "c", "d", "e", "f"), **meeting("a", "b", "c"),
                       referrals=[("d", "e")], relations=[("c", "d", 2), ("e", "f", 3), ("a", "f", 1)])


# --------------------------------------------------------------------------- shape


def test_layers_key_has_three_layers_with_every_key(tmp_path, make_folder):
    result = analyze_json(mixed(tmp_path, make_folder))
    assert set(result["layers"]) == set(LAYERS)
    for layer in LAYERS:
        assert LAYER_KEYS <= set(result["layers"][layer]), layer


# --------------------------------------------------------------------------- membership


def test_layer_acquainted_counts_co_attendance(tmp_path, make_folder):
    # a and b share a meeting: acquainted only (no referral, no relation)
    result = analyze_json(make_folder(tmp_path, agencies=ag("a", "b", "c"), **meeting("a", "b")))
    assert links(result) == (1, 0, 0)
    assert result["layers"]["acquainted"]["isolated"] == ["c"]
    assert result["layers"]["sharing"]["isolated"] == ["a", "b", "c"]
    assert result["layers"]["working"]["isolated"] == ["a", "b", "c"]


@pytest.mark.parametrize("row", [("a", "b"), ("b", "a")], ids=["a-to-b", "b-to-a"])
def test_layer_referral_counts_in_every_layer_either_direction(tmp_path, make_folder, row):
    result = analyze_json(make_folder(tmp_path, agencies=ag("a", "b", "c"), referrals=[row]))
    assert links(result) == (1, 1, 1)
    for layer in LAYERS:
        assert result["layers"][layer]["isolated"] == ["c"], layer


@pytest.mark.parametrize("row", [("a", "b", 1), ("b", "a", 1)], ids=["a-to-b", "b-to-a"])
def test_layer_relation_level_1_is_acquainted_only(tmp_path, make_folder, row):
    result = analyze_json(make_folder(tmp_path, agencies=ag("a", "b", "c"), relations=[row]))
    assert links(result) == (1, 0, 0)


@pytest.mark.parametrize("row", [("a", "b", 2), ("b", "a", 2), ("a", "b", "情報共有")],
                         ids=["a-to-b", "b-to-a", "japanese-word"])
def test_layer_sharing_counts_relation_level_2(tmp_path, make_folder, row):
    result = analyze_json(make_folder(tmp_path, agencies=ag("a", "b", "c"), relations=[row]))
    assert links(result) == (1, 1, 0)
    assert result["layers"]["sharing"]["isolated"] == ["c"]
    assert result["layers"]["working"]["isolated"] == ["a", "b", "c"]


@pytest.mark.parametrize("row", [("a", "b", 3), ("b", "a", 3), ("a", "b", 4), ("b", "a", 4)],
                         ids=["level3", "level3-reversed", "level4", "level4-reversed"])
def test_layer_working_counts_relation_level_3_and_4(tmp_path, make_folder, row):
    result = analyze_json(make_folder(tmp_path, agencies=ag("a", "b", "c"), relations=[row]))
    assert links(result) == (1, 1, 1)
    assert result["layers"]["working"]["isolated"] == ["c"]


def test_layer_links_count_pairs_not_rows(tmp_path, make_folder):
    # a-b: two meetings, referrals both ways, relations 4 and 1 -> one pair in every layer
    # a-c: relation 2 twice and 1 once                         -> one pair in acquainted and sharing
    folder = make_folder(
        tmp_path, agencies=ag("a", "b", "c"),
        meetings=[("m1", 0, "2025-04-01"), ("m2", 1, "2025-05-01")],
        attendance=[("m1", "a"), ("m1", "b"), ("m2", "a"), ("m2", "b")],
        referrals=[("a", "b"), ("b", "a"), ("a", "b", "", 5)],
        relations=[("a", "b", 4), ("b", "a", 1), ("a", "c", 2), ("c", "a", 2), ("c", "a", 1)])
    # acquainted: ab, ac = 2; sharing: ab, ac = 2; working: ab = 1
    assert links(analyze_json(folder)) == (2, 2, 1)


def test_layers_are_nested(tmp_path, make_folder):
    layers = analyze_json(mixed(tmp_path, make_folder))["layers"]
    assert links({"layers": layers}) == (7, 3, 2)
    acq, sha, wor = (set(layers[x]["isolated"]) for x in LAYERS)
    # isolated grows as the layers narrow: {} ⊆ {a, b} ⊆ {a, b, c}
    assert (acq, sha, wor) == (set(), {"a", "b"}, {"a", "b", "c"})
    assert acq <= sha <= wor


def test_layers_follow_the_round_snapshot(tmp_path, make_folder):
    # round 0 cut-off 2025-04-01 (a, b meet); round 1 cut-off 2025-06-01 (a, b, c meet)
    # referral a->c dated 2025-05-01 belongs to round 1; b->c dated 2025-07-01 only to all data
    folder = make_folder(
        tmp_path, agencies=ag("a", "b", "c"),
        meetings=[("m0", 0, "2025-04-01"), ("m1", 1, "2025-06-01")],
        attendance=[("m0", "a"), ("m0", "b"), ("m1", "a"), ("m1", "b"), ("m1", "c")],
        referrals=[("a", "c", "2025-05-01"), ("b", "c", "2025-07-01")])
    assert links(analyze_json(folder, "--round", 0)) == (1, 0, 0)   # ab met
    assert links(analyze_json(folder, "--round", 1)) == (3, 1, 1)   # ab ac bc met; ac referred
    assert links(analyze_json(folder)) == (3, 2, 2)                 # + bc referred


# --------------------------------------------------------------------------- density


def test_layer_density_is_not_rounded(tmp_path, make_folder):
    # n = 7 -> 7*6/2 = 21 possible pairs
    # meeting a,b,c: ab ac bc; relation c-d level 2: cd; referral a->b: ab
    # acquainted ab ac bc cd = 4 -> 4/21; sharing ab cd = 2 -> 2/21; working ab = 1 -> 1/21
    folder = make_folder(tmp_path, agencies=ag("a", "b", "c", "d", "e", "f", "g"), **meeting("a", "b", "c"),
                         referrals=[("a", "b")], relations=[("c", "d", 2)])
    layers = analyze_json(folder)["layers"]
    assert layers["acquainted"]["density"] == exact(4 / 21)
    assert layers["sharing"]["density"] == exact(2 / 21)
    assert layers["working"]["density"] == exact(1 / 21)
    assert layers["working"]["density"] != round(1 / 21, 4)


def test_layer_density_is_zero_when_fewer_than_two_agencies(tmp_path, make_folder):
    layers = analyze_json(make_folder(tmp_path, agencies=ag("a")))["layers"]
    for layer in LAYERS:
        assert layers[layer]["density"] == 0.0
        assert isinstance(layers[layer]["density"], float)
        assert layers[layer]["links"] == 0


# --------------------------------------------------------------------------- components


def test_layer_components_count_isolated_agencies(tmp_path, make_folder):
    layers = analyze_json(mixed(tmp_path, make_folder))["layers"]
    assert layers["acquainted"]["components"] == 1   # {a..f}
    assert layers["sharing"]["components"] == 3      # {c,d,e,f} {a} {b}
    assert layers["working"]["components"] == 4      # {d,e,f} {a} {b} {c}


def test_layer_components_of_one_agency(tmp_path, make_folder):
    layers = analyze_json(make_folder(tmp_path, agencies=ag("a")))["layers"]
    for layer in LAYERS:
        assert layers[layer]["components"] == 1
        assert layers[layer]["component_members"] == [["a"]]
        assert layers[layer]["isolated"] == ["a"]
        assert layers[layer]["cut_agencies"] == []


def test_layer_component_members_largest_first_ties_by_smallest_id(tmp_path, make_folder):
    # agencies.csv order is scrambled on purpose
    # working (and sharing): m-n-o by referrals; y-b and z-a by referrals; c, d, e alone
    # acquainted adds d-e (a meeting)
    folder = make_folder(tmp_path, agencies=ag("z", "o", "y", "c", "n", "e", "b", "m", "a", "d"),
                         **meeting("e", "d"), referrals=[("m", "n"), ("o", "n"), ("y", "b"), ("z", "a")])
    result = analyze_json(folder)
    # size 3 first; size 2 ordered by smallest id a < b < d; singletons by id
    acquainted = [["m", "n", "o"], ["a", "z"], ["b", "y"], ["d", "e"], ["c"]]
    working = [["m", "n", "o"], ["a", "z"], ["b", "y"], ["c"], ["d"], ["e"]]
    assert result["layers"]["acquainted"]["component_members"] == acquainted
    assert result["layers"]["sharing"]["component_members"] == working
    assert result["layers"]["working"]["component_members"] == working
    # the top-level key follows the same order
    assert result["component_members"] == acquainted


def test_layer_component_members_per_layer(tmp_path, make_folder):
    layers = analyze_json(mixed(tmp_path, make_folder))["layers"]
    assert layers["acquainted"]["component_members"] == [["a", "b", "c", "d", "e", "f"]]
    assert layers["sharing"]["component_members"] == [["c", "d", "e", "f"], ["a"], ["b"]]
    assert layers["working"]["component_members"] == [["d", "e", "f"], ["a"], ["b"], ["c"]]


def test_layer_isolated_is_sorted_ids_without_a_pair_in_the_layer(tmp_path, make_folder):
    # agencies listed z, m, a, k; referral z->k (every layer); meeting m, z (acquainted)
    folder = make_folder(tmp_path, agencies=ag("z", "m", "a", "k"), **meeting("m", "z"), referrals=[("z", "k")])
    layers = analyze_json(folder)["layers"]
    assert layers["acquainted"]["isolated"] == ["a"]
    assert layers["sharing"]["isolated"] == ["a", "m"]
    assert layers["working"]["isolated"] == ["a", "m"]


def test_layer_cut_agencies_are_articulation_points(tmp_path, make_folder):
    layers = analyze_json(mixed(tmp_path, make_folder))["layers"]
    # acquainted: a 6-cycle with a chord, no single agency splits it
    assert layers["acquainted"]["cut_agencies"] == []
    # sharing: path c-d-e-f -> d and e
    assert layers["sharing"]["cut_agencies"] == ["d", "e"]
    # working: path d-e-f -> e
    assert layers["working"]["cut_agencies"] == ["e"]


# --------------------------------------------------------------------------- centralization


def test_centralization_is_freeman_degree(tmp_path, make_folder):
    # five agencies all at one meeting (acquainted = K5); referrals a->b, a->c, a->d; relation e-b level 2
    folder = make_folder(tmp_path, agencies=ag("a", "b", "c", "d", "e"), **meeting("a", "b", "c", "d", "e"),
                         referrals=[("a", "b"), ("a", "c"), ("a", "d")], relations=[("e", "b", 2)])
    layers = analyze_json(folder)["layers"]
    # denominator (n-1)(n-2) = 4*3 = 12
    # acquainted: every degree 4 -> Σ(4-4) = 0 -> 0/12
    assert layers["acquainted"]["centralization"] == 0.0
    # sharing: a3 b2 c1 d1 e1 -> Σ(3-d) = 0+1+2+2+2 = 7 -> 7/12
    assert layers["sharing"]["centralization"] == exact(7 / 12)
    # working: a3 b1 c1 d1 e0 -> Σ(3-d) = 0+2+2+2+3 = 9 -> 9/12
    assert layers["working"]["centralization"] == exact(9 / 12)


def test_centralization_counts_every_agency_of_the_mixed_folder(tmp_path, make_folder):
    layers = analyze_json(mixed(tmp_path, make_folder))["layers"]
    # n = 6, denominator 5*4 = 20
    # acquainted: a3 b2 c3 d2 e2 f2 -> Σ(3-d) = 0+1+0+1+1+1 = 4 -> 4/20
    assert layers["acquainted"]["centralization"] == exact(4 / 20)
    # sharing: a0 b0 c1 d2 e2 f1 -> Σ(2-d) = 2+2+1+0+0+1 = 6 -> 6/20
    assert layers["sharing"]["centralization"] == exact(6 / 20)
    # working: a0 b0 c0 d1 e2 f1 -> Σ(2-d) = 2+2+2+1+0+1 = 8 -> 8/20
    assert layers["working"]["centralization"] == exact(8 / 20)


@pytest.mark.parametrize("ids", [("a",), ("a", "b")], ids=["n1", "n2"])
def test_centralization_is_zero_when_fewer_than_three_agencies(tmp_path, make_folder, ids):
    referrals = [("a", "b")] if len(ids) == 2 else None
    layers = analyze_json(make_folder(tmp_path, agencies=ag(*ids), referrals=referrals))["layers"]
    for layer in LAYERS:
        assert layers[layer]["centralization"] == 0.0, layer


# --------------------------------------------------------------------------- brokers, E-I


def test_layer_brokers_and_betweenness_sample_per_layer(tmp_path, make_folder):
    # all five at one meeting: acquainted is K5, nobody brokers
    # referrals a->b, b->c, c->d: working is the path a-b-c-d (e alone)
    # relation d-e level 2:       sharing is the path a-b-c-d-e
    folder = make_folder(tmp_path, agencies=ag("a", "b", "c", "d", "e"), **meeting("a", "b", "c", "d", "e"),
                         referrals=[("a", "b"), ("b", "c"), ("c", "d")], relations=[("d", "e", 2)])
    layers = analyze_json(folder)["layers"]
    # normalised betweenness divides by (n-1)(n-2)/2 = 4*3/2 = 6
    assert layers["acquainted"]["brokers"] == []
    # working: b on a-c, a-d = 2 -> 2/6; c on a-d, b-d = 2 -> 2/6; tie listed by id
    working = layers["working"]["brokers"]
    assert [b["agency"] for b in working] == ["b", "c"]
    assert [b["betweenness"] for b in working] == [pytest.approx(2 / 6, abs=1e-4)] * 2
    # sharing: b on a-c a-d a-e = 3 -> 3/6; c on a-d a-e b-d b-e = 4 -> 4/6; d on a-e b-e c-e = 3 -> 3/6
    sharing = layers["sharing"]["brokers"]
    assert [b["agency"] for b in sharing] == ["c", "b", "d"]
    assert [b["betweenness"] for b in sharing] == [pytest.approx(x, abs=1e-4) for x in (4 / 6, 3 / 6, 3 / 6)]
    for layer in LAYERS:
        assert layers[layer]["betweenness_sample"] is None, layer   # exact: 5 agencies


def test_layer_brokers_are_at_most_five(tmp_path, make_folder):
    # path p0-p1-...-p7 by referrals (every layer); n = 8, divisor 7*6/2 = 21
    # interior p_i lies on i*(7-i) pairs: p1 6, p2 10, p3 12, p4 12, p5 10, p6 6
    ids = [f"p{i}" for i in range(8)]
    folder = make_folder(tmp_path, agencies=ag(*ids), referrals=[(ids[i], ids[i + 1]) for i in range(7)])
    layers = analyze_json(folder)["layers"]
    for layer in LAYERS:
        brokers = layers[layer]["brokers"]
        # top five: p3, p4 (12/21), p2, p5 (10/21), then p1 before p6 (6/21, tie by id)
        assert [b["agency"] for b in brokers] == ["p3", "p4", "p2", "p5", "p1"], layer
        assert brokers[0]["betweenness"] == pytest.approx(12 / 21, abs=1e-4)


def test_layer_ei_index_per_layer(tmp_path, make_folder):
    # a, b 福祉; c 教育. meeting a,b,c; referral a->b; relation a-c level 2
    agencies = ag("a", "b") + ag("c", sector="教育")
    folder = make_folder(tmp_path, agencies=agencies, **meeting("a", "b", "c"),
                         referrals=[("a", "b")], relations=[("a", "c", 2)])
    layers = analyze_json(folder)["layers"]
    # acquainted: ab internal, ac bc external -> (2-1)/(2+1) = 1/3
    assert layers["acquainted"]["ei_index"] == pytest.approx(1 / 3, abs=1e-4)
    # sharing: ab internal, ac external -> (1-1)/2 = 0
    assert layers["sharing"]["ei_index"] == pytest.approx(0.0, abs=1e-4)
    # working: ab internal -> (0-1)/1 = -1
    assert layers["working"]["ei_index"] == pytest.approx(-1.0, abs=1e-4)


def test_layer_ei_index_is_null_without_links_in_the_layer(tmp_path, make_folder):
    # as today's E-I index: no sector link at all gives null
    folder = make_folder(tmp_path, agencies=ag("a") + ag("c", sector="教育"), **meeting("a", "c"))
    layers = analyze_json(folder)["layers"]
    assert layers["acquainted"]["ei_index"] == pytest.approx(1.0, abs=1e-4)   # ac external: (1-0)/1
    assert layers["sharing"]["ei_index"] is None
    assert layers["working"]["ei_index"] is None


# --------------------------------------------------------------------------- agreement with the top level


def test_layers_acquainted_equals_top_level_keys(tmp_path, make_folder):
    result = analyze_json(mixed(tmp_path, make_folder))
    acquainted = result["layers"]["acquainted"]
    for key in ("links", "density", "components", "isolated", "cut_agencies", "component_members",
                "brokers", "betweenness_sample", "ei_index"):
        assert acquainted[key] == result[key], key
    assert result["links"] == 7
    assert result["density"] == exact(7 / 15)   # 7 / (6*5/2)


def test_layers_working_isolated_is_isolated_union_no_referral(tmp_path, make_folder):
    result = analyze_json(mixed(tmp_path, make_folder))
    # isolated [] (acquainted), no_referral [a, b, c] -> working isolated [a, b, c]
    assert result["layers"]["working"]["isolated"] == sorted(set(result["isolated"]) | set(result["no_referral"]))
    assert result["layers"]["working"]["isolated"] == ["a", "b", "c"]


def test_layers_working_isolated_includes_acquainted_isolated(tmp_path, make_folder):
    # a and b only met (no_referral [a, b]), c is isolated outright: working isolated = [c] ∪ [a, b]
    folder = make_folder(tmp_path, agencies=ag("a", "b", "c"), **meeting("a", "b"))
    result = analyze_json(folder)
    assert result["isolated"] == ["c"]
    assert result["no_referral"] == ["a", "b"]
    assert result["layers"]["working"]["isolated"] == ["a", "b", "c"]


def test_layers_working_links_are_todays_referral_links(tmp_path, make_folder):
    result = analyze_json(mixed(tmp_path, make_folder))
    assert result["layers"]["working"]["links"] == result["counts"]["referral_links"] == 2


# --------------------------------------------------------------------------- report columns


def test_metrics_csv_keeps_acquaintance_links_and_adds_working_columns(tmp_path, make_folder):
    folder = mixed(tmp_path, make_folder)
    out = tmp_path / "out"
    result = run("report", folder, "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "metrics.csv").read_text(encoding="utf-8-sig"))))
    row = rows[-1]
    assert int(row["links"]) == 7                        # acquaintance, as before
    assert int(row["working_links"]) == 2
    assert float(row["working_density"]) == pytest.approx(2 / 15, abs=1e-4)   # 2 / (6*5/2)
    assert int(row["working_isolated"]) == 3             # a, b, c
    assert int(row["working_cut_agencies"]) == 1         # e


# --------------------------------------------------------------------------- the example data (the "Why")


def test_example_city_a_working_layer_story():
    # "City A: 社協 is the only cut agency and the top broker, and the company, the farm and the school stand apart"
    working = analyze_json("data/city_a")["layers"]["working"]
    assert working["cut_agencies"] == ["shakyo"]
    assert working["brokers"][0]["agency"] == "shakyo"
    assert {"company", "farm", "school"} <= set(working["isolated"])
