"""Round cut-offs (issue 2, "Snapshots").

The folder used here, worked out by hand:

    meetings   m0  round 0  2025-04-01  a b
               m1b round 1  2025-06-01  c d      (listed before m1: the cut-off is the latest date, not the last row)
               m1  round 1  2025/5/1    b c
               m2  round 2  2025-09-01  d e
    referrals  a->e 2025/6/1  (on round 1's cut-off)
               a->f 2025-06-02 (the day after)
               f->c undated
    relations  b-f level 1 2025-04-01 (on round 0's cut-off)
               c-e level 2 2025/9/2 (after the last meeting)

    round 0 (cut-off 2025-04-01): a-b, c-f, b-f                     -> 3 links, d and e isolated
    round 1 (cut-off 2025-06-01): + b-c, c-d, a-e                   -> 6 links
    round 2 (cut-off 2025-09-01): + d-e, a-f                        -> 8 links
    all data:                     + c-e                             -> 9 links
"""

from __future__ import annotations

import datetime as dt

import pytest

from hikinet_graph import (
    HikinetError,
    UnknownRoundError,
    analyze_network,
    link_table,
    load_network,
    take_snapshot,
)

AGENCIES = [(x, x.upper(), "福祉") for x in "abcdef"]
MEETINGS = [
    ("m0", 0, "2025-04-01"),
    ("m1b", 1, "2025-06-01"),
    ("m1", 1, "2025/5/1"),
    ("m2", 2, "2025-09-01"),
]
ATTENDANCE = [("m0", "a"), ("m0", "b"), ("m1", "b"), ("m1", "c"), ("m1b", "c"), ("m1b", "d"),
              ("m2", "d"), ("m2", "e")]
REFERRALS = [("a", "e", "2025/6/1"), ("a", "f", "2025-06-02"), ("f", "c", "")]
RELATIONS = [("b", "f", 1, "2025-04-01"), ("c", "e", 2, "2025/9/2")]

EXPECTED_LINKS = {
    0: {"ab", "cf", "bf"},
    1: {"ab", "cf", "bf", "bc", "cd", "ae"},
    2: {"ab", "cf", "bf", "bc", "cd", "ae", "de", "af"},
    None: {"ab", "cf", "bf", "bc", "cd", "ae", "de", "af", "ce"},
}


@pytest.fixture
def network(tmp_path, make_folder):
    return load_network(make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS, attendance=ATTENDANCE,
                                    referrals=REFERRALS, relations=RELATIONS))


def linked_pairs(network, round_) -> set[str]:
    table = link_table(take_snapshot(network, round_))
    ids = network.ids
    return {"".join(sorted((ids[a], ids[b]))) for a, b in zip(table["a"], table["b"])}


@pytest.mark.parametrize("round_", [0, 1, 2, None])
def test_links_as_of_each_round(network, round_):
    assert linked_pairs(network, round_) == EXPECTED_LINKS[round_]


@pytest.mark.parametrize("round_", [0, 1, 2, None])
def test_link_count_in_analysis_follows_the_cut_off(network, round_):
    result = analyze_network(network, round_).to_dict()
    assert result["round"] == round_
    assert result["links"] == len(EXPECTED_LINKS[round_])


@pytest.mark.parametrize("round_, meetings", [(0, {"m0"}), (1, {"m0", "m1", "m1b"}), (2, {"m0", "m1", "m1b", "m2"}),
                                              (None, {"m0", "m1", "m1b", "m2"})])
def test_meetings_with_round_up_to_r(network, round_, meetings):
    snapshot = take_snapshot(network, round_)
    assert {network.meetings[i].id for i in snapshot.meetings} == meetings


@pytest.mark.parametrize("round_, cutoff", [(0, dt.date(2025, 4, 1)), (1, dt.date(2025, 6, 1)),
                                            (2, dt.date(2025, 9, 1))])
def test_cut_off_is_latest_date_among_meetings_up_to_r(network, round_, cutoff):
    assert take_snapshot(network, round_).cutoff == cutoff


def test_referral_dated_on_the_cut_off_is_included(network):
    # a->e is dated 2025/6/1, the cut-off of round 1 (written in the other date form)
    assert "ae" not in linked_pairs(network, 0)
    assert "ae" in linked_pairs(network, 1)


def test_referral_dated_after_the_cut_off_is_excluded(network):
    # a->f is dated 2025-06-02, one day after round 1's cut-off
    assert "af" not in linked_pairs(network, 1)
    assert "af" in linked_pairs(network, 2)


def test_relation_dated_on_the_cut_off_is_included(network):
    assert "bf" in linked_pairs(network, 0)


def test_relation_dated_after_the_last_meeting_only_in_all_data(network):
    assert "ce" not in linked_pairs(network, 2)
    assert "ce" in linked_pairs(network, None)


@pytest.mark.parametrize("round_", [0, 1, 2, None])
def test_undated_rows_belong_to_every_snapshot(network, round_):
    assert "cf" in linked_pairs(network, round_)


def test_undated_relation_belongs_to_every_snapshot(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a",), ("b",), ("c",)],
                         meetings=[("m0", 0, "2025-04-01"), ("m1", 1, "2025-05-01")],
                         attendance=[("m1", "b"), ("m1", "c")],
                         relations=[("a", "b", 4, "")])
    network = load_network(folder)
    assert analyze_network(network, 0).to_dict()["isolated"] == ["c"]
    assert analyze_network(network, 1).to_dict()["isolated"] == []


def test_earlier_round_meeting_counts_in_later_round(network):
    # "round <= R", not "round == R": the a-b meeting of round 0 is still there at round 2
    assert "ab" in linked_pairs(network, 2)


@pytest.mark.parametrize("round_", [0, 1, 2, None])
def test_every_agency_in_every_snapshot(network, round_):
    result = analyze_network(network, round_).to_dict()
    assert result["agencies"] == 6
    snapshot = take_snapshot(network, round_)
    assert snapshot.n == 6


def test_agencies_without_links_yet_show_as_isolated(network):
    assert analyze_network(network, 0).to_dict()["isolated"] == ["d", "e"]
    assert analyze_network(network, 1).to_dict()["isolated"] == []


def test_later_rounds_contain_earlier_links(network):
    rounds = [0, 1, 2, None]
    for earlier, later in zip(rounds, rounds[1:]):
        assert linked_pairs(network, earlier) <= linked_pairs(network, later), (earlier, later)


def test_example_data_rounds_only_grow():
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data"
    for city in ("city_a", "city_b"):
        network = load_network(data / city)
        previous: set[str] = set()
        for round_ in network.rounds + [None]:
            pairs = linked_pairs(network, round_)
            assert previous <= pairs, (city, round_)
            previous = pairs


@pytest.mark.parametrize("round_", [3, 99, -1])
def test_unknown_round_raises(network, round_):
    with pytest.raises(UnknownRoundError) as info:
        take_snapshot(network, round_)
    assert isinstance(info.value, HikinetError)
    assert str(round_) in str(info.value)


def test_round_missing_between_known_rounds_is_unknown(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a",)], meetings=[("m0", 0, "2025-04-01"), ("m2", 2, "2025-06-01")])
    network = load_network(folder)
    with pytest.raises(UnknownRoundError):
        analyze_network(network, 1)
    assert analyze_network(network, 2).to_dict()["round"] == 2


def test_any_round_is_unknown_without_meetings(tmp_path, make_folder):
    network = load_network(make_folder(tmp_path, agencies=[("a",), ("b",)], referrals=[("a", "b", "")]))
    with pytest.raises(UnknownRoundError):
        analyze_network(network, 0)
    assert analyze_network(network).to_dict()["links"] == 1


def test_shared_round_cut_off_does_not_depend_on_row_order(tmp_path, make_folder):
    meetings = [("late", 1, "2025-06-30"), ("early", 1, "2025-06-01"), ("first", 0, "2025-04-01")]
    network = load_network(make_folder(tmp_path, agencies=[("a",), ("b",)], meetings=meetings,
                                       referrals=[("a", "b", "2025-06-15")]))
    assert analyze_network(network, 1).to_dict()["links"] == 1
    assert analyze_network(network, 0).to_dict()["links"] == 0
