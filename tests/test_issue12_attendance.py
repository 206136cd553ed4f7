"""Issue 12 §2: attendance per round (`attendance`: round, present, new, absent), on tiny hand-made folders.

Every expected value is worked out by hand from the issue's rules.
"""

from __future__ import annotations

from conftest import analyze_json


def ag(*ids: str) -> list[tuple]:
    return [(i, i.upper(), "福祉") for i in ids]


def rounds_folder(tmp_path, make_folder):
    """Four rounds of meetings, but round 2 has none.

    round 0: m0 (2025-04-01)               a, b
    round 1: m1a (2025-05-01), m1b (05-10) b, c | d, c (c twice: attends both)
    round 3: m3 (2025-07-01)               a, e, c (a comes back after missing round 1)
    f never attends.
    """
    return make_folder(
        tmp_path, agencies=ag("f", "e", "d", "c", "b", "a"),
        meetings=[("m3", 3, "2025-07-01"), ("m0", 0, "2025-04-01"), ("m1a", 1, "2025-05-01"),
                  ("m1b", 1, "2025-05-10")],
        attendance=[("m0", "b"), ("m0", "a"), ("m1a", "c"), ("m1a", "b"), ("m1b", "d"), ("m1b", "c"),
                    ("m3", "e"), ("m3", "a"), ("m3", "c"), ("m3", "c")])


def test_attendance_has_its_four_keys(tmp_path, make_folder):
    result = analyze_json(rounds_folder(tmp_path, make_folder))
    assert set(result["attendance"]) == {"round", "present", "new", "absent"}


def test_attendance_round_is_the_given_round(tmp_path, make_folder):
    folder = rounds_folder(tmp_path, make_folder)
    for r in (0, 1, 3):
        assert analyze_json(folder, "--round", r)["attendance"]["round"] == r


def test_attendance_round_is_the_latest_round_for_all_data(tmp_path, make_folder):
    # rounds 0, 1, 3 -> latest is 3 (meetings.csv lists m3 first: order must not matter)
    assert analyze_json(rounds_folder(tmp_path, make_folder))["attendance"]["round"] == 3


def test_attendance_present_is_sorted_attendees_of_the_round(tmp_path, make_folder):
    folder = rounds_folder(tmp_path, make_folder)
    assert analyze_json(folder, "--round", 0)["attendance"]["present"] == ["a", "b"]
    # round 1 has two meetings: m1a b, c and m1b d, c -> b, c, d
    assert analyze_json(folder, "--round", 1)["attendance"]["present"] == ["b", "c", "d"]
    # round 3: a, e, c (c's repeated row counts once)
    assert analyze_json(folder, "--round", 3)["attendance"]["present"] == ["a", "c", "e"]


def test_attendance_present_is_only_this_rounds_not_cumulative(tmp_path, make_folder):
    # snapshots accumulate, attendance does not: b and d came to round 1 but not to round 3
    present = analyze_json(rounds_folder(tmp_path, make_folder), "--round", 3)["attendance"]["present"]
    assert "b" not in present and "d" not in present


def test_attendance_new_is_present_agencies_whose_first_round_is_this_one(tmp_path, make_folder):
    folder = rounds_folder(tmp_path, make_folder)
    # round 0: everyone present is new
    assert analyze_json(folder, "--round", 0)["attendance"]["new"] == ["a", "b"]
    # round 1: b came in round 0 -> c, d new
    assert analyze_json(folder, "--round", 1)["attendance"]["new"] == ["c", "d"]


def test_attendance_returning_agency_is_not_new(tmp_path, make_folder):
    # round 3: a first came in round 0, c in round 1 -> only e is new
    new = analyze_json(rounds_folder(tmp_path, make_folder), "--round", 3)["attendance"]["new"]
    assert new == ["e"]


def test_attendance_absent_is_empty_for_the_first_round(tmp_path, make_folder):
    assert analyze_json(rounds_folder(tmp_path, make_folder), "--round", 0)["attendance"]["absent"] == []


def test_attendance_absent_is_previous_round_attendees_missing_now(tmp_path, make_folder):
    # round 1: round 0 had a, b; round 1 has b, c, d -> a absent
    assert analyze_json(rounds_folder(tmp_path, make_folder), "--round", 1)["attendance"]["absent"] == ["a"]


def test_attendance_absent_is_relative_to_previous_round_with_meetings(tmp_path, make_folder):
    # round 3: round 2 has no meetings, so the previous round is 1 (b, c, d); round 3 has a, c, e -> b, d absent
    # (a missed round 1, so it is not absent from round 3 even though it was in round 0)
    assert analyze_json(rounds_folder(tmp_path, make_folder), "--round", 3)["attendance"]["absent"] == ["b", "d"]


def test_attendance_previous_round_is_one_with_meetings_even_if_nobody_attended(tmp_path, make_folder):
    # round 0 a, b; round 1 has a meeting nobody attended; round 2 a
    # read literally: the previous round of round 2 is round 1 (it has meetings), attended by nobody
    folder = make_folder(
        tmp_path, agencies=ag("a", "b"),
        meetings=[("m0", 0, "2025-04-01"), ("m1", 1, "2025-05-01"), ("m2", 2, "2025-06-01")],
        attendance=[("m0", "a"), ("m0", "b"), ("m2", "a")])
    r1 = analyze_json(folder, "--round", 1)["attendance"]
    assert r1 == {"round": 1, "present": [], "new": [], "absent": ["a", "b"]}
    r2 = analyze_json(folder, "--round", 2)["attendance"]
    assert r2 == {"round": 2, "present": ["a"], "new": [], "absent": []}


def test_attendance_all_data_is_the_latest_rounds(tmp_path, make_folder):
    folder = rounds_folder(tmp_path, make_folder)
    expected = {"round": 3, "present": ["a", "c", "e"], "new": ["e"], "absent": ["b", "d"]}
    assert analyze_json(folder)["attendance"] == expected
    assert analyze_json(folder, "--round", 3)["attendance"] == expected


def test_attendance_without_meetings_is_null_round_and_empty_lists(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=ag("a", "b"), referrals=[("a", "b", "2025-04-01")])
    assert analyze_json(folder)["attendance"] == {"round": None, "present": [], "new": [], "absent": []}


def test_attendance_with_meetings_but_no_attendance_rows(tmp_path, make_folder):
    # a meeting with nobody recorded: round 0 exists, present/new/absent are empty lists
    folder = make_folder(tmp_path, agencies=ag("a", "b"), meetings=[("m0", 0, "2025-04-01")])
    assert analyze_json(folder)["attendance"] == {"round": 0, "present": [], "new": [], "absent": []}
