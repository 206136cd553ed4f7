"""Issue 14: a readable export: Japanese values beside code columns, columns sized, header frozen, filters on."""

from __future__ import annotations

import pytest

from hikinet_graph.write.xlsx import HEADERS_JA

from conftest import analyze_json, run

AGENCIES = [
    ("school", "教育相談室", "教育", 6, 15, "problem_solving", "false"),
    ("youth", "若者サポートステーション", "若者", 16, 39, "accompaniment", "false"),
    ("lead", "市主管課", "行政", "", "", "both", "true"),
    ("elder", "地域包括支援センター", "高齢", 65, "", "", "false"),
]
MEETINGS = [("m0", 0, "2025-04-01", "preparatory", "準備会"), ("m1", 1, "2025-07-01", "network_meeting", "第一回")]
ATTENDANCE = [("m0", "lead"), ("m0", "school"), ("m1", "lead"), ("m1", "youth"), ("m1", "school"), ("m1", "elder")]


@pytest.fixture
def book(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS, attendance=ATTENDANCE,
                         referrals=[("lead", "youth", "2025-05-01")])
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    result = run("export", folder, "-o", out)
    assert result.exit_code == 0, result.output
    return folder, load_workbook(out)


def rows(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_values_in_japanese_with_a_code_column(book):
    folder, workbook = book
    agencies = rows(workbook["機関ごと"])
    styles = {(r["機関ID"], r["支援スタイル"], r["支援スタイル (コード)"]) for r in agencies}
    assert {("school", "課題解決型", "problem_solving"), ("youth", "伴走型", "accompaniment"),
            ("lead", "両方", "both")} <= styles
    assert {r["コアメンバー"] for r in agencies} == {"はい", "いいえ"}
    # the code column stands right after the words
    header = [c.value for c in workbook["機関ごと"][1]]
    assert header.index("支援スタイル (コード)") == header.index("支援スタイル") + 1


def test_gap_kinds_in_words_beside_their_codes(book):
    folder, workbook = book
    gaps = rows(workbook["すき間"])
    data = analyze_json(folder, "--round", "1")
    expected = {(g["boundary"], g["kind"], a) for g in data["gaps"] for a in g["agencies"]}
    assert {(r["境目(歳)"], r["すき間の種類 (コード)"], r["機関ID"]) for r in gaps if r["回"] == 1} == expected
    words = {r["すき間の種類 (コード)"]: r["すき間の種類"] for r in gaps}
    if "handover" in words:
        assert words["handover"] == "引き継ぎ先とつながりなし"
    assert all(not w.isascii() for w in words.values())
    gaps_header = HEADERS_JA["gaps"]
    per_agency = [r for r in rows(workbook["機関ごと"]) if r.get(f"{gaps_header} (コード)")]
    assert per_agency and all("歳→" in r[gaps_header] for r in per_agency)
    school = next(r for r in per_agency if r["機関ID"] == "school")
    assert (school[gaps_header], school[f"{gaps_header} (コード)"]) == ("15歳→16歳 引き継ぎが弱い", "16:weak_handover")


def test_columns_sized_header_frozen_filters_on(book):
    _, workbook = book
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        widths = {sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
        assert len(widths) > 1, f"{sheet.title}: every column as wide"
    agencies = workbook["機関ごと"]
    header = {c.value: c.column_letter for c in agencies[1]}
    # 若者サポートステーション is 12 wide characters: its column is at least 24 wide
    assert agencies.column_dimensions[header["機関名"]].width >= 24
    assert agencies.column_dimensions[header["回"]].width < 12


def test_english_workbook_keeps_the_codes(tmp_path, make_folder):
    from openpyxl import load_workbook

    folder = make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS, attendance=ATTENDANCE)
    out = tmp_path / "en.xlsx"
    assert run("export", folder, "-o", out, "--lang", "en").exit_code == 0
    agencies = rows(load_workbook(out)["agencies"])
    assert {r["style"] for r in agencies} >= {"problem_solving", "accompaniment"}
    assert {r["core"] for r in agencies} == {True, False}
    assert all(not k.endswith("_code") for k in agencies[0])
