"""Issue 14: attendance as a matrix (one row per agency, one column per meeting), an alternative to the long form."""

from __future__ import annotations

import pytest

from hikinet_graph.read.load import load_network
from hikinet_graph.read.matrix import column_letter

from conftest import problem_lines, run
from test_issue14_sheets import write_book, with_sheets

LONG = [["会議ID", "機関ID"], ["m1", "shakyo"], ["m1", "サポステ"], ["m1", "lead"]]
MEETINGS = [["会議ID", "回", "開催日", "種別", "会議名"],
            ["m1", 1, "令和6年10月22日", "ネットワーク会議", "第一回ネットワーク会議"],
            ["M2", 2, "2025/2/4", "ワーキンググループ", "WG"]]


def attendance(network) -> set[tuple[str, str]]:
    return {(network.meetings[m].id, network.ids[a]) for m, a in zip(network.attendance["meeting"],
                                                                       network.attendance["agency"])}


def load(tmp_path, rows, meetings=MEETINGS):
    return load_network(write_book(tmp_path / "b.xlsx", with_sheets(出席=rows, 会議=meetings)))


def test_matrix_equals_the_long_form(tmp_path):
    matrix = [["機関ID", "m1", "M2"], ["shakyo", "○", "○"], ["サポステ", "●", None], ["lead", "1", ""]]
    long = LONG + [["M2", "shakyo"]]
    assert attendance(load(tmp_path / "a", matrix)) == attendance(load(tmp_path / "b", long))
    network = load(tmp_path / "a", matrix)
    # each mark keeps its row, as Excel numbers it
    assert sorted(network.attendance["line"].tolist()) == [2, 2, 3, 4]


@pytest.mark.parametrize("mark", ["○", "〇", "◯", "●", "1", 1, True, "true", "TRUE", "はい", "出", "x", "X", "ｘ", " ○ "])
def test_every_mark_of_attendance(tmp_path, mark):
    network = load(tmp_path, [["機関ID", "m1", "M2"], ["shakyo", mark, None]])
    assert attendance(network) == {("m1", "shakyo")}


@pytest.mark.parametrize("mark", ["△", "0", "×", "欠", "false", "いいえ", "2"])
def test_anything_else_is_an_error_naming_the_cell(tmp_path, mark):
    rows = [["機関ID", "m1", "M2"], ["shakyo", "○", None], ["lead", None, mark]]
    result = run("validate", write_book(tmp_path / "b.xlsx", with_sheets(出席=rows, 会議=MEETINGS)))
    assert result.exit_code == 1
    (problem,) = problem_lines(result.output)
    assert problem[:2] == ("b.xlsx[出席]", 3)
    assert f"セル C3 の「{mark}」は出席の印として読めません" in problem[2]


def test_agencies_by_name(tmp_path):
    rows = [["機関名", "m1"], ["社会福祉協議会", "○"], ["地域若者サポートステーション", "○"], ["市主管課", None]]
    assert attendance(load(tmp_path, rows)) == {("m1", "shakyo"), ("m1", "サポステ")}


def test_unknown_agency_and_meeting_are_errors_with_suggestions(tmp_path):
    rows = [["機関ID", "m1", "m3"], ["shakyo", "○", None], ["サポスて", "○", None]]
    result = run("validate", write_book(tmp_path / "b.xlsx", with_sheets(出席=rows, 会議=MEETINGS)))
    assert result.exit_code == 1
    assert "「会議」シートにないID「m3」。もしかして「m1」「M2」？" in result.output
    assert "1列目を機関ID (または機関名)、2列目からの見出しを会議IDに" in result.output
    assert "「機関」シートにないID「サポスて」。もしかして「サポステ」？" in result.output


def test_matrix_in_a_csv_folder(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A"), ("b", "B")],
                         meetings=[("m1", 1, "2025-01-01"), ("m2", 2, "2025-02-01")],
                         attendance="機関ID,m1,m2\na,○,\nb,○,○\n")
    network = load_network(folder)
    assert attendance(network) == {("m1", "a"), ("m1", "b"), ("m2", "b")}
    assert run("analyze", folder, "--round", "1", "--format", "json").exit_code == 0


def test_the_long_form_still_reads(tmp_path):
    assert attendance(load(tmp_path, LONG)) == {("m1", "shakyo"), ("m1", "サポステ"), ("m1", "lead")}


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 701)] == ["A", "B", "Z", "AA", "ZZ"]
