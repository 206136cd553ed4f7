"""Issue 14: rounds named as the coordinator names them (hikinet_graph.core.rounds.round_labels)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from hikinet_graph.core.rounds import RoundLabel, round_labels, round_texts
from hikinet_graph.read.load import load_network

from conftest import problem_lines, run

AGENCIES = [("a", "A"), ("b", "B")]


def labels(tmp_path, make_folder, meetings: str, toml: str | None = None) -> dict[int, str]:
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=meetings, toml=toml)
    return round_texts(load_network(folder))


def test_round_label_column_names_the_round(tmp_path, make_folder):
    meetings = ("会議ID,回,開催日,種別,会議名,回の名前\n"
                "m1,1,2024/10/1,ワーキンググループ,WG,秋の回\n"
                "m2,1,2024/10/22,ネットワーク会議,第一回ネットワーク会議,秋の回\n"
                "m3,1,2024/10/30,ワーキンググループ,WG2,\n")
    # the label's date: the latest network meeting among those that give it
    assert labels(tmp_path, make_folder, meetings) == {1: "秋の回 (2024/10/22)"}


def test_meetings_of_a_round_that_disagree_are_an_error(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=(
        "id,round,date,kind,title,round_label\nm1,1,2024-10-01,,,秋の回\nm2,1,2024-10-22,,,第一回\n"
        "m3,2,2024-12-01,,,冬の回\n"))
    result = run("validate", folder)
    assert result.exit_code == 1
    (problem,) = problem_lines(result.output)
    assert problem[:2] == ("meetings.csv", 3)
    assert "第1回の回の名前「第一回」が2行目の「秋の回」と違います" in problem[2] or "round_label" in problem[2]


def test_latest_network_meeting_gives_the_name(tmp_path, make_folder):
    meetings = ("id,round,date,kind,title\n"
                "wg,2,2024-11-30,working_group,第2回WG\n"
                "nm,2,2024-10-22,network_meeting,第一回ネットワーク会議\n"
                "nm0,2,2024-09-01,ネットワーク会議,前のネットワーク会議\n"
                "prep,0,2024-04-01,preparatory,準備会\n"
                "s1,1,2024-07-09,survey,ヒアリング(社協)\n"
                "s2,1,2024-07-23,survey,ヒアリング(子ども家庭)\n")
    assert labels(tmp_path, make_folder, meetings) == {
        0: "準備会 (2024/04/01)",
        1: "ヒアリング(子ども家庭) (2024/07/23)",  # no network meeting: the latest meeting
        2: "第一回ネットワーク会議 (2024/10/22)",  # the latest network meeting, not the later WG
    }


def test_a_round_without_titles_keeps_its_number(tmp_path, make_folder):
    meetings = "id,round,date,kind,title\nm1,2,2024-10-22,,\nm2,2,2024-10-01,network_meeting,\n"
    # the date: the latest network meeting's, as for a round named after it
    assert labels(tmp_path, make_folder, meetings) == {2: "第2回 (2024/10/01)"}


def test_same_day_the_later_row_counts(tmp_path, make_folder):
    meetings = "id,round,date,kind,title\nm1,1,2024-10-22,,午前の会\nm2,1,2024-10-22,,午後の会\n"
    assert labels(tmp_path, make_folder, meetings) == {1: "午後の会 (2024/10/22)"}


def test_wareki_from_settings(tmp_path, make_folder):
    meetings = "id,round,date,kind,title\nm1,1,2019-05-01,network_meeting,第一回\nm2,2,2024-10-22,network_meeting,第二回\n"
    assert labels(tmp_path, make_folder, meetings, toml='date_style = "wareki"\n') == {
        1: "第一回 (令和元年5月1日)", 2: "第二回 (令和6年10月22日)"}


def test_round_labels_is_pure_and_documented():
    from hikinet_graph.model import Meeting, Network

    empty = pd.DataFrame()
    network = Network("x", [], [Meeting("m", 3, dt.date(2024, 10, 22), "network_meeting", "第一回ネットワーク会議")],
                      empty, empty, empty)
    assert round_labels(network) == {3: RoundLabel(3, "第一回ネットワーク会議", dt.date(2024, 10, 22), "m")}
    assert round_labels(network)[3].text("en", "wareki") == "第一回ネットワーク会議 (令和6年10月22日)"


@pytest.fixture
def city(tmp_path, make_folder):
    return make_folder(tmp_path, agencies=AGENCIES, meetings=(
        "id,round,date,kind,title\nm0,0,2024-05-28,working_group,第一回ワーキンググループ\n"
        "m1,1,2024-10-22,network_meeting,第一回ネットワーク会議\n"), attendance=[("m1", "a"), ("m1", "b")])


def test_cli_table_and_compare_show_the_labels(city):
    result = run("analyze", city, "--round", "1")
    assert result.exit_code == 0, result.output
    assert "第一回ネットワーク会議 (2024/10/22) 時点" in result.output.splitlines()[0]
    assert "第1回時点" not in result.output
    result = run("compare", f"{city}@0", f"{city}@1")
    assert result.exit_code == 0, result.output
    assert "第一回ワーキンググループ (2024/05/28) 時点 -> " in result.output
    assert "as of 第一回ネットワーク会議 (2024/10/22)" in run("analyze", city, "--round", "1", "--lang", "en").output


def test_export_names_each_round(city, tmp_path):
    out = tmp_path / "x.xlsx"
    assert run("export", city, "-o", out).exit_code == 0
    sheets = pd.read_excel(out, sheet_name=None)
    for sheet in sheets.values():
        assert list(sheet.columns[:2]) == ["回", "回の名前"]
    assert sheets["回ごと"]["回の名前"].tolist() == ["第一回ワーキンググループ (2024/05/28)",
                                                 "第一回ネットワーク会議 (2024/10/22)"]
