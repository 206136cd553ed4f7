"""Reading a network folder and the validation rules (issue 2, "The network folder" and "CLI: validate")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from hikinet_graph import DataError, Problem, load_network

AGENCIES = [
    ("a", "社会福祉協議会", "福祉", 0, None, "both", "true"),
    ("b", "保健所", "保健", "", "", "accompaniment", "true"),
    ("c", "教育相談室", "教育", 6, 15, "problem_solving", "false"),
]
MEETINGS = [("m0", 0, "2025-04-01", "preparatory", "準備会"), ("m1", 1, "2025-05-20", "working_group", "WG")]
ATTENDANCE = [("m0", "a"), ("m0", "b"), ("m1", "c")]


def problems_of(folder: Path) -> list[tuple[str, int | None, str]]:
    """Load a folder that must be invalid; its problems as (file name, line, message)."""
    with pytest.raises(DataError) as info:
        load_network(folder)
    problems = info.value.problems
    assert problems, "a DataError must list at least one problem"
    assert all(isinstance(p, Problem) for p in problems)
    return [(Path(p.file).name, p.line, p.message) for p in problems]


def located(folder: Path) -> set[tuple[str, int | None]]:
    return {(file, line) for file, line, _ in problems_of(folder)}


def assert_one_problem(folder: Path, file: str, line: int | None, *words: str) -> str:
    """Exactly one problem, at FILE:LINE, whose message mentions every word; returns the message."""
    found = problems_of(folder)
    assert [(f, l) for f, l, _ in found] == [(file, line)], found
    message = found[0][2]
    for word in words:
        assert word in message, (word, message)
    return message


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_every_encoding_reads_the_same_network(tmp_path, make_folder, encoding):
    folder = make_folder(
        tmp_path,
        agencies=AGENCIES + [("d", "髙橋相談所①", "民間", 15, 49, "", "false")],
        meetings=MEETINGS, attendance=ATTENDANCE,
        referrals=[("a", "d", "2025/4/2", 2, 31)],
        relations=[("b", "c", 2, "")],
        encoding=encoding,
    )
    network = load_network(folder)
    assert [a.id for a in network.agencies] == ["a", "b", "c", "d"]
    assert [a.name for a in network.agencies] == ["社会福祉協議会", "保健所", "教育相談室", "髙橋相談所①"]
    assert [a.sector for a in network.agencies] == ["福祉", "保健", "教育", "民間"]
    assert [m.title for m in network.meetings] == ["準備会", "WG"]
    assert len(network.attendance) == 3
    assert len(network.referrals) == 1
    assert len(network.relations) == 1


def test_bom_does_not_hide_the_first_header(tmp_path, make_folder):
    # with a BOM the first header is "\ufeffid"; it must still be the required id column
    folder = make_folder(tmp_path, agencies="id,name\nx,エックス\n", encoding="utf-8-sig")
    network = load_network(folder)
    assert [(a.id, a.name) for a in network.agencies] == [("x", "エックス")]


def test_cp932_file_with_japanese_headers_of_other_files(tmp_path, make_folder):
    # an Excel-on-Windows save: Shift_JIS bytes that are not valid UTF-8
    text = "id,name,sector\nshakyo,社会福祉協議会,福祉\n"
    assert text.encode("cp932") != text.encode("utf-8")
    folder = make_folder(tmp_path, agencies=text, encoding="cp932")
    (folder / "meetings.csv").write_bytes("id,round,date,kind,title\nm,0,2025/4/1,準備会,第０回準備会\n".encode("cp932"))
    network = load_network(folder)
    assert network.agencies[0].name == "社会福祉協議会"
    assert network.meetings[0].title == "第０回準備会"


def test_files_in_different_encodings_in_one_folder(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, encoding="cp932")
    (folder / "meetings.csv").write_bytes(
        "id,round,date,kind,title\nm0,0,2025-04-01,preparatory,準備会\n".encode("utf-8-sig"))
    network = load_network(folder)
    assert network.agencies[0].name == "社会福祉協議会"
    assert network.meetings[0].title == "準備会"


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("text", ["2025-04-01", "2025/04/01", "2025/4/1", "2025-4-1", "2025/4/01"])
def test_both_date_forms_are_accepted(tmp_path, make_folder, text):
    folder = make_folder(
        tmp_path, agencies=AGENCIES,
        meetings=[("m0", 0, text)], attendance=[("m0", "a")],
        referrals=[("a", "b", text)], relations=[("a", "c", 1, text)],
    )
    network = load_network(folder)
    assert network.meetings[0].date == dt.date(2025, 4, 1)
    assert [d.date() for d in network.referrals["date"]] == [dt.date(2025, 4, 1)]
    assert [d.date() for d in network.relations["date"]] == [dt.date(2025, 4, 1)]


@pytest.mark.parametrize("text", ["2025-02-30", "2025/2/30", "2023-02-29", "2025-13-01", "2025/4/31", "2025-00-10"])
def test_impossible_meeting_date(tmp_path, make_folder, text):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=[("m0", 0, "2025-04-01"), ("m1", 1, text)])
    message = assert_one_problem(folder, "meetings.csv", 3)
    assert text in message


def test_leap_day_is_a_date(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=[("m0", 0, "2024-02-29")])
    assert load_network(folder).meetings[0].date == dt.date(2024, 2, 29)


@pytest.mark.parametrize("stem, rows", [
    ("referrals", [("a", "b", "2025-04-01"), ("a", "b", "2025-02-30")]),
    ("relations", [("a", "b", 1, "2025-04-01"), ("a", "b", 1, "2025/2/30")]),
])
def test_impossible_referral_or_relation_date(tmp_path, make_folder, stem, rows):
    folder = make_folder(tmp_path, agencies=AGENCIES, **{stem: rows})
    assert_one_problem(folder, f"{stem}.csv", 3)


@pytest.mark.parametrize("text", ["next week", "2025.04", "04/01/2025x"])
def test_unreadable_date_is_a_problem(tmp_path, make_folder, text):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=[("m0", 0, text)])
    assert_one_problem(folder, "meetings.csv", 2)


def test_blank_referral_and_relation_dates_are_allowed(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals=[("a", "b", "")], relations=[("a", "c", 4, "")])
    network = load_network(folder)
    assert network.referrals["date"].isna().tolist() == [True]
    assert network.relations["date"].isna().tolist() == [True]


# --------------------------------------------------------------------------- ids


def test_duplicate_agency_id(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES + [("b", "二つ目の保健所")])
    assert_one_problem(folder, "agencies.csv", 5, "b")


def test_duplicate_meeting_id(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS + [("m0", 2, "2025-06-01")])
    assert_one_problem(folder, "meetings.csv", 4, "m0")


@pytest.mark.parametrize("stem, rows, line", [
    ("attendance", [("m0", "a"), ("m0", "zz")], 3),
    ("referrals", [("a", "b"), ("zz", "b")], 3),
    ("referrals", [("a", "zz")], 2),
    ("relations", [("a", "b", 1), ("a", "c", 2), ("zz", "a", 3)], 4),
    ("relations", [("a", "zz", 1)], 2),
])
def test_unknown_agency_id(tmp_path, make_folder, stem, rows, line):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS, **{stem: rows})
    assert_one_problem(folder, f"{stem}.csv", line, "zz")


def test_unknown_meeting_id(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS,
                         attendance=[("m0", "a"), ("m1", "b"), ("m9", "c")])
    assert_one_problem(folder, "attendance.csv", 4, "m9")


def test_attendance_without_meetings_file_names_unknown_meeting(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, attendance=[("m0", "a")])
    assert ("attendance.csv", 2) in located(folder)


def test_ids_are_case_sensitive_text_not_silently_merged(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A"), ("A", "big A")])
    assert [a.id for a in load_network(folder).agencies] == ["a", "A"]


# --------------------------------------------------------------------------- ages and rounds


def test_age_min_greater_than_age_max(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES + [("d", "D", "x", 40, 18)])
    assert_one_problem(folder, "agencies.csv", 5)


def test_age_min_equal_to_age_max_is_fine(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("d", "D", "x", 18, 18)])
    agency = load_network(folder).agencies[0]
    assert (agency.age_min, agency.age_max) == (18, 18)


@pytest.mark.parametrize("column, value", [
    ("age_min", "six"), ("age_min", "12.5"), ("age_min", "-3"),
    ("age_max", "abc"), ("age_max", "15才くらい"), ("age_max", "1e2"),
])
def test_non_numeric_age(tmp_path, make_folder, column, value):
    row = ["d", "D", "x", "6", "20"]
    row[3 if column == "age_min" else 4] = value
    folder = make_folder(tmp_path, agencies=AGENCIES + [tuple(row)])
    message = assert_one_problem(folder, "agencies.csv", 5)
    assert value in message


@pytest.mark.parametrize("value", ["first", "1.5", "-1", "一"])
def test_non_numeric_round(tmp_path, make_folder, value):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS + [("m2", value, "2025-06-01")])
    message = assert_one_problem(folder, "meetings.csv", 4)
    assert value in message


def test_blank_ages_mean_zero_and_no_upper_limit(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("all", "All", "x", "", ""), ("old", "Old", "x", 65, ""),
                                             ("kids", "Kids", "x", "", 17)])
    agencies = {a.id: a for a in load_network(folder).agencies}
    assert (agencies["all"].age_min, agencies["all"].age_max) == (0, None)
    assert (agencies["old"].age_min, agencies["old"].age_max) == (65, None)
    assert (agencies["kids"].age_min, agencies["kids"].age_max) == (0, 17)
    assert agencies["all"].serves(0) and agencies["all"].serves(120)
    assert agencies["kids"].serves(0) and agencies["kids"].serves(17) and not agencies["kids"].serves(18)


def test_round_zero_and_shared_rounds(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES,
                         meetings=[("p", 0, "2025-04-01"), ("w1", 1, "2025-05-01"), ("w2", 1, "2025-05-08")])
    network = load_network(folder)
    assert [m.round for m in network.meetings] == [0, 1, 1]
    assert network.rounds == [0, 1]


# --------------------------------------------------------------------------- referrals and relations


def test_self_referral(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals=[("a", "b"), ("c", "c")])
    assert_one_problem(folder, "referrals.csv", 3)


@pytest.mark.parametrize("count", ["0", "-1", "-5"])
def test_count_below_one(tmp_path, make_folder, count):
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals=[("a", "b", "", 3), ("a", "c", "", count)])
    assert_one_problem(folder, "referrals.csv", 3)


@pytest.mark.parametrize("count", ["many", "1.5"])
def test_non_numeric_count(tmp_path, make_folder, count):
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals=[("a", "c", "", count)])
    assert_one_problem(folder, "referrals.csv", 2)


def test_blank_count_is_one(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals=[("a", "b", "", ""), ("b", "c", "", 3)])
    assert load_network(folder).referrals["count"].tolist() == [1, 3]


def test_client_age_is_optional(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals="from,to\na,b\nb,c\n")
    network = load_network(folder)
    assert len(network.referrals) == 2
    assert network.referrals["count"].tolist() == [1, 1]


@pytest.mark.parametrize("level", ["0", "5", "-1", "9"])
def test_relation_level_outside_1_to_4(tmp_path, make_folder, level):
    folder = make_folder(tmp_path, agencies=AGENCIES, relations=[("a", "b", 1), ("a", "c", level)])
    message = assert_one_problem(folder, "relations.csv", 3)
    assert level in message


@pytest.mark.parametrize("level", ["x", "", "2.5"])
def test_relation_level_not_a_level(tmp_path, make_folder, level):
    folder = make_folder(tmp_path, agencies=AGENCIES, relations=[("a", "c", level)])
    assert_one_problem(folder, "relations.csv", 2)


def test_relation_levels_1_to_4_are_fine(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES,
                         relations=[("a", "b", 1), ("a", "c", 2), ("b", "c", 3), ("c", "a", 4)])
    assert load_network(folder).relations["level"].tolist() == [1, 2, 3, 4]


def test_relations_file_is_optional(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS, attendance=ATTENDANCE,
                         referrals=[("a", "b")])
    assert len(load_network(folder).relations) == 0


# --------------------------------------------------------------------------- style, core, extra columns


@pytest.mark.parametrize("style", ["accompaniment", "problem_solving", "both", ""])
def test_known_styles(tmp_path, make_folder, style):
    folder = make_folder(tmp_path, agencies=[("a", "A", "x", "", "", style)])
    assert load_network(folder).agencies[0].style == style


@pytest.mark.parametrize("style", ["solo", "accompany", "problem solving!"])
def test_unknown_style(tmp_path, make_folder, style):
    folder = make_folder(tmp_path, agencies=AGENCIES + [("d", "D", "x", "", "", style)])
    message = assert_one_problem(folder, "agencies.csv", 5)
    assert style in message


def test_core_true_false(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A", "", "", "", "", "true"), ("b", "B", "", "", "", "", "false")])
    assert [a.core for a in load_network(folder).agencies] == [True, False]


def test_extra_agency_columns_are_kept_as_attrs(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=(
        "id,name,sector,age_min,age_max,style,core,area,hikikomori_desk\n"
        "lead,主管課,行政,,,both,true,中央,true\n"
        "npo,NPO,民間,12,,accompaniment,false,北部,\n"))
    agencies = load_network(folder).agencies
    assert agencies[0].attrs == {"area": "中央", "hikikomori_desk": "true"}
    assert agencies[1].attrs == {"area": "北部", "hikikomori_desk": ""}


def test_only_id_column_is_enough(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies="id\na\nb\n")
    network = load_network(folder)
    assert [(a.id, a.age_min, a.age_max) for a in network.agencies] == [("a", 0, None), ("b", 0, None)]


# --------------------------------------------------------------------------- files and columns


@pytest.mark.parametrize("stem, text, column", [
    ("agencies", "name,sector\nA,x\n", "id"),
    ("meetings", "id,date\nm0,2025-04-01\n", "round"),
    ("meetings", "id,round\nm0,0\n", "date"),
    ("meetings", "round,date\n0,2025-04-01\n", "id"),
    ("attendance", "meeting_id\nm0\n", "agency_id"),
    ("attendance", "agency_id\na\n", "meeting_id"),
    ("referrals", "from,date\na,2025-04-01\n", "to"),
    ("referrals", "to,count\nb,1\n", "from"),
    ("relations", "from,to\na,b\n", "level"),
])
def test_missing_required_column(tmp_path, make_folder, stem, text, column):
    files = {"agencies": AGENCIES, "meetings": MEETINGS, stem: text}
    folder = make_folder(tmp_path, **files)
    found = problems_of(folder)
    assert (f"{stem}.csv", 1) in {(f, l) for f, l, _ in found}, found
    assert any(column in m for f, l, m in found if (f, l) == (f"{stem}.csv", 1)), found


def test_missing_agencies_file(tmp_path, make_folder):
    folder = make_folder(tmp_path, meetings=MEETINGS)
    found = problems_of(folder)
    assert [f for f, _, _ in found] == ["agencies.csv"]


@pytest.mark.parametrize("text", ["id,name,sector,age_min,age_max,style,core\n", "id,name\n\n\n", "id,name\n,\n"])
def test_agencies_file_with_no_agencies(tmp_path, make_folder, text):
    folder = make_folder(tmp_path, agencies=text)
    found = problems_of(folder)
    assert [f for f, _, _ in found] == ["agencies.csv"]


def test_empty_agencies_file(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies="")
    assert {f for f, _ in located(folder)} == {"agencies.csv"}


def test_blank_agency_id(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES + [("", "名前だけ")])
    assert_one_problem(folder, "agencies.csv", 5)


def test_not_a_folder_is_an_error_not_a_crash(tmp_path):
    from hikinet_graph import HikinetError

    with pytest.raises(HikinetError):
        load_network(tmp_path / "no-such-folder")


# --------------------------------------------------------------------------- every problem, right lines


def test_problem_str_is_file_line_message():
    problem = Problem("agencies.csv", 3, "duplicate id 'a'")
    assert str(problem) == "agencies.csv:3: duplicate id 'a'"
    assert (problem.file, problem.line, problem.message) == ("agencies.csv", 3, "duplicate id 'a'")


def test_problem_str_from_a_real_load(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES + [("a", "again")])
    with pytest.raises(DataError) as info:
        load_network(folder)
    (problem,) = info.value.problems
    assert Path(problem.file).name == "agencies.csv"
    assert str(problem) == f"{problem.file}:5: {problem.message}"


def test_every_problem_is_listed_with_its_line(tmp_path, make_folder):
    folder = make_folder(
        tmp_path,
        agencies=[
            ("a", "A", "x", 6, 15),              # 2 fine
            ("a", "A again"),                    # 3 duplicate id
            ("b", "B", "x", 30, 20),             # 4 age_min > age_max
            ("c", "C", "x", "", "", "lonely"),   # 5 unknown style
            ("d", "D", "x", "ten"),              # 6 non-numeric age
            ("e", "E"),                          # 7 fine
        ],
        meetings=[("m0", 0, "2025-04-01"), ("m1", "one", "2025-05-01"), ("m2", 2, "2025-02-30")],
        attendance=[("m0", "a"), ("m9", "b"), ("m0", "zz"), ("m0", "e")],
        referrals=[("a", "b"), ("b", "b"), ("a", "c", "", 0), ("c", "d", "", 2)],
        relations=[("a", "e", 7), ("a", "e", 4), ("q", "e", 1)],
    )
    assert located(folder) == {
        ("agencies.csv", 3), ("agencies.csv", 4), ("agencies.csv", 5), ("agencies.csv", 6),
        ("meetings.csv", 3), ("meetings.csv", 4),
        ("attendance.csv", 3), ("attendance.csv", 4),
        ("referrals.csv", 3), ("referrals.csv", 4),
        ("relations.csv", 2), ("relations.csv", 4),
    }


def test_several_problems_on_one_row_are_all_listed(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A"), ("a", "A", "x", "old", "", "weird")])
    found = problems_of(folder)
    assert [(f, l) for f, l, _ in found] == [("agencies.csv", 3)] * 3


def test_many_bad_rows_are_all_listed(tmp_path, make_folder):
    rows = [("a", "b", "", 1)] + [("a", "b", "", 0)] * 20
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals=rows)
    assert sorted(l for _, l, _ in problems_of(folder)) == list(range(3, 23))


def test_line_numbers_count_blank_lines(tmp_path, make_folder):
    # the header is line 1; a blank line still takes a line in the file
    folder = make_folder(tmp_path, agencies="id,name\na,A\n\nb,B\na,again\n")
    assert_one_problem(folder, "agencies.csv", 5, "a")


def test_valid_folder_drops_no_row(tmp_path, make_folder):
    folder = make_folder(
        tmp_path, agencies=AGENCIES, meetings=MEETINGS, attendance=ATTENDANCE + [("m1", "a")],
        referrals=[("a", "b"), ("a", "b"), ("b", "a", "2025-04-01", 3)],
        relations=[("a", "c", 1), ("c", "a", 2)],
    )
    network = load_network(folder)
    assert len(network.agencies) == 3
    assert len(network.meetings) == 2
    assert len(network.attendance) == 4
    assert len(network.referrals) == 3
    assert len(network.relations) == 2


# --------------------------------------------------------------------------- no early stop across files
# spec (CLI): "otherwise exit 1 and list every problem, one per line, as FILE:LINE: message"


def test_missing_agencies_file_does_not_hide_other_problems(tmp_path, make_folder):
    folder = make_folder(tmp_path, meetings=[("m0", "first", "2025-02-30")], referrals=[("a", "b", "", 0)])
    found = located(folder)
    assert ("agencies.csv", None) in found or any(f == "agencies.csv" for f, _ in found)
    assert ("meetings.csv", 2) in found
    assert ("referrals.csv", 2) in found


def test_missing_agency_id_column_does_not_hide_other_files(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies="name\nA\n", meetings=[("m0", "first", "2025-04-01")])
    assert {("agencies.csv", 1), ("meetings.csv", 2)} <= located(folder)


def test_missing_column_does_not_hide_row_problems_in_the_file(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals="from,count\na,0\n")
    assert {("referrals.csv", 1), ("referrals.csv", 2)} <= located(folder)


def test_row_with_too_many_cells_does_not_hide_other_files(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies="id,name\na,A,extra\nb,B\n", referrals=[("a", "b", "", 0)])
    assert {("agencies.csv", 2), ("referrals.csv", 2)} <= located(folder)
