"""Issue 14: every sheet accounted for, files beside a workbook, and messages in the user's words.

Workbooks are written here with openpyxl, as a coordinator's Excel would save them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import problem_lines, run, save_book

from hikinet_graph.read.load import load_network
from hikinet_graph.read.suggest import closest, fold, near

# a small network in Japanese, sheet by sheet (the template's sheet names and headers)
SHEETS = {
    "機関": [["機関ID", "機関名", "分野", "対象年齢下限", "対象年齢上限", "支援スタイル", "コアメンバー"],
             ["shakyo", "社会福祉協議会", "福祉", None, None, "両方", "はい"],
             ["サポステ", "地域若者サポートステーション", "若者", 15, 49, "伴走型", "いいえ"],
             ["lead", "市主管課", "行政", None, None, "課題解決型", "はい"]],
    "会議": [["会議ID", "回", "開催日", "種別", "会議名"],
             ["m1", 1, "令和6年10月22日", "ネットワーク会議", "第一回ネットワーク会議"]],
    "出席": [["会議ID", "機関ID"], ["m1", "shakyo"], ["m1", "サポステ"], ["m1", "lead"]],
    "紹介": [["紹介元", "紹介先", "紹介日", "件数"], ["shakyo", "サポステ", "2024/11/1", 2]],
    "関係": [["回答機関", "相手機関", "レベル"], ["lead", "shakyo", 3]],
}


def write_book(path: Path, sheets: dict[str, list[list]] | None = None) -> Path:
    """A workbook with one sheet per entry (in order), each row as given."""
    return save_book(path, SHEETS if sheets is None else sheets)


def with_sheets(**changes) -> dict[str, list[list]]:
    """The base sheets with some replaced (value None removes a sheet); keys may be any sheet name."""
    sheets = {k: [list(r) for r in v] for k, v in SHEETS.items()}
    for name, rows in changes.items():
        if rows is None:
            sheets.pop(name)
        else:
            sheets[name] = rows
    return sheets


def renamed(old: str, new: str) -> dict[str, list[list]]:
    return {new if k == old else k: v for k, v in SHEETS.items()}


def test_the_base_book_is_valid(tmp_path):
    result = run("validate", write_book(tmp_path / "b.xlsx"))
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- every sheet accounted for

def test_renamed_sheet_is_an_error_with_did_you_mean(tmp_path):
    book = write_book(tmp_path / "b.xlsx", renamed("出席", "出席者"))
    result = run("validate", book)
    assert result.exit_code == 1, result.output
    assert "シート「出席者」は読みません。「出席」のことですか？" in result.output
    assert problem_lines(result.output)[0][:2] == ("b.xlsx[出席者]", 1)
    # the names read are listed
    assert "機関, 会議, 出席, 紹介, 関係, 説明, 設定" in result.output


@pytest.mark.parametrize("name, meant", [("出席簿", "出席"), ("referral", "referrals"), ("ＡＧＥＮＣＩＥＳ ", None),
                                         ("設定１", "設定"), ("紹介記録", "紹介")])
def test_names_close_to_a_known_sheet(tmp_path, name, meant):
    sheets = dict(SHEETS)
    sheets[name] = [["メモ"]]
    result = run("validate", write_book(tmp_path / "b.xlsx", sheets))
    if meant is None:  # the same name, folded: it is the agencies table twice
        assert "同じ表です" in result.output, result.output
    else:
        assert f"シート「{name}」は読みません。「{meant}」のことですか？" in result.output, result.output
    assert result.exit_code == 1


def test_sheet_with_a_known_header_is_an_error(tmp_path):
    sheets = renamed("出席", "Sheet1")
    result = run("validate", write_book(tmp_path / "b.xlsx", sheets))
    assert result.exit_code == 1, result.output
    assert "シート「Sheet1」は読みません。「出席」のことですか？" in result.output
    assert "見出しが「出席」の表と同じです" in result.output


def test_a_memo_sheet_is_a_warning(tmp_path):
    sheets = dict(SHEETS)
    sheets["メモ"] = [["次回までに", "保健所に連絡"]]
    result = run("validate", write_book(tmp_path / "b.xlsx", sheets))
    assert result.exit_code == 0, result.output
    assert re.search(r"注意 \(warning\): .*シート「メモ」は読みません \(読むシート: 機関, 会議, 出席, 紹介, 関係, 説明, 設定。"
                     r"いちばん近い名前は「.+」\)", result.output), result.output


def test_help_and_settings_sheets_are_known(tmp_path):
    sheets = dict(SHEETS)
    sheets["説明"] = [["シート", "列"], ["機関", "機関ID"]]
    sheets["設定"] = [["項目", "値"], ["名前", "B市"]]
    result = run("validate", write_book(tmp_path / "b.xlsx", sheets))
    assert result.exit_code == 0, result.output
    assert "注意" not in result.output


@pytest.mark.parametrize("extra", ["agencies", "機関 "])
def test_two_sheets_for_one_table_are_an_error(tmp_path, extra):
    sheets = dict(SHEETS)
    sheets[extra] = [["id", "name"], ["other", "別の機関"]]
    result = run("validate", write_book(tmp_path / "b.xlsx", sheets))
    assert result.exit_code == 1, result.output
    assert f"シート「機関」と「{extra}」は同じ表です" in result.output


def test_the_renamed_attendance_no_longer_loses_links_silently(tmp_path):
    """The issue's case: a renamed 出席 made validate say 問題はありません and analyze lose the links."""
    result = run("analyze", write_book(tmp_path / "b.xlsx", renamed("出席", "出席者")))
    assert result.exit_code == 1
    assert "「出席」のことですか？" in result.output


# ---------------------------------------------------------------- a data file beside the workbook

@pytest.mark.parametrize("name, text", [
    ("relations.csv", "from,to,level\nshakyo,lead,3\n"),
    ("survey-relations.csv", "回答機関,相手機関,レベル,回答日\nshakyo,lead,3,2025-07-01\n"),
])
def test_a_network_csv_beside_the_workbook_is_named(tmp_path, name, text):
    book = write_book(tmp_path / "city" / "network.xlsx")
    (book.parent / name).write_text(text, encoding="utf-8")
    (book.parent / "memo.csv").write_text("日付,内容\n2025/7/1,連絡\n", encoding="utf-8")
    for command in (["validate", book], ["analyze", book, "--format", "json"]):
        result = run(*command)
        assert result.exit_code == 0, result.output
        assert f"{name}: ブック「network.xlsx」を読むので、隣のこの CSV ファイルは読みません" in result.stderr
        assert "「関係」シート" in result.stderr
        assert "memo.csv" not in result.stderr
    # the workbook's two relation rows are what is read
    assert len(load_network(book).relations) == 1


# ---------------------------------------------------------------- messages in the user's words

def test_missing_column_named_in_japanese_with_accepted_headers(tmp_path):
    sheets = with_sheets(紹介=[["紹介元の機関", "紹介先", "件数"], ["shakyo", "lead", 1]])
    result = run("validate", write_book(tmp_path / "b.xlsx", sheets))
    assert result.exit_code == 1
    assert "必須の列「紹介元」がありません。使える見出し: 紹介元, from" in result.output
    assert "「from」" not in result.output


def test_missing_column_named_in_english_for_english_headers(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A"), ("b", "B")], referrals="frm,to\na,b\n")
    result = run("validate", folder)
    assert result.exit_code == 1
    assert "必須の列「from」がありません。使える見出し: from, 紹介元" in result.output


@pytest.mark.parametrize("stem, header, missing", [
    ("会議", ["会議ID", "開催日"], "回"), ("出席", ["会議", "機関ID"], "会議ID"), ("関係", ["回答機関", "相手機関"], "レベル"),
])
def test_every_missing_column_in_the_sheets_words(tmp_path, stem, header, missing):
    rows = [header] + [["m1", "shakyo"]]
    result = run("validate", write_book(tmp_path / "b.xlsx", with_sheets(**{stem: rows})))
    assert result.exit_code == 1
    assert f"必須の列「{missing}」がありません。使える見出し: {missing}," in result.output, result.output


def test_unknown_id_names_the_sheet_and_suggests_the_closest(tmp_path):
    sheets = with_sheets(紹介=[["紹介元", "紹介先", "件数"], ["shakyo", "サポスて", 1]])
    result = run("validate", write_book(tmp_path / "b.xlsx", sheets))
    assert result.exit_code == 1
    assert "「機関」シートにないID「サポスて」。もしかして「サポステ」？" in result.output
    assert "agencies の機関" not in result.output


@pytest.mark.parametrize("typed, meant", [("ｻﾎﾟｽﾃ", "サポステ"), ("さぽすて", "サポステ"), ("SHAKYO", "shakyo"),
                                          ("shakyou", "shakyo"), ("Lead ", "lead")])
def test_suggestions_fold_width_kana_and_case(tmp_path, make_folder, typed, meant):
    folder = make_folder(tmp_path, agencies=[("shakyo", "社協"), ("サポステ", "サポステ"), ("lead", "主管課")],
                         referrals=[(typed.strip(), "lead")] if typed.strip() != "lead" else [("shakyo", "Lead")])
    result = run("validate", folder)
    assert result.exit_code == 1
    assert f"agencies.csvにないID「{typed.strip()}」。もしかして「{meant}」？" in result.output, result.output


def test_no_suggestion_for_an_id_far_from_every_id(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("shakyo", "社協"), ("lead", "主管課")], referrals=[("police", "lead")])
    result = run("validate", folder)
    assert "agencies.csvにないID「police」 (" in result.output, result.output
    assert "もしかして" not in result.output


def test_suggest_helpers():
    assert fold("サポスて") == fold("ｻﾎﾟｽﾃ")
    assert near("出席者", "出席") and not near("メモ", "機関")
    assert closest("agencis", ["meetings", "agencies"]) == ["agencies"]


@pytest.mark.parametrize("title_rows", [1, 2])
def test_title_row_above_the_header_is_said_once(tmp_path, title_rows):
    rows = [["B市 ひきこもり支援ネットワーク 機関一覧"]] + [[] for _ in range(title_rows - 1)] + SHEETS["機関"]
    result = run("validate", write_book(tmp_path / "b.xlsx", with_sheets(機関=rows)))
    assert result.exit_code == 1
    problems = problem_lines(result.output)
    assert len(problems) == 1, result.output
    assert problems[0][:2] == ("b.xlsx[機関]", 1)
    assert f"見出しが1行目にありません ({title_rows + 1}行目が見出しのようです)" in problems[0][2]
    assert "削除して" in problems[0][2]


def test_title_row_in_a_csv_file(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies="B市 機関一覧,,\n機関ID,機関名,分野\na,A,福祉\nb,B,教育\n",
                         referrals=[("a", "b")])
    result = run("validate", folder)
    assert result.exit_code == 1
    assert len(problem_lines(result.output)) == 1, result.output
    assert "見出しが1行目にありません (2行目が見出しのようです)。1行目 (表の題名など) を削除して" in result.output


@pytest.mark.parametrize("command", [
    ["validate"], ["analyze"], ["analyze", "--format", "json"], ["export", "-o", "{out}/x.xlsx"],
    ["map", "-o", "{out}/m.html"], ["compare", "{book}@1", "{book}"],
])
def test_missing_name_column_is_said_by_every_command(tmp_path, command):
    agencies = [["機関ID", "機関めい", "分野"], ["shakyo", "社協", "福祉"], ["サポステ", "サポステ", "若者"],
                ["lead", "主管課", "行政"]]
    book = write_book(tmp_path / "in" / "b.xlsx", with_sheets(機関=agencies))
    out = tmp_path / "out"
    args = [a.format(out=out, book=book) for a in command]
    if command[0] != "compare":
        args.insert(1, str(book))
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "b.xlsx[機関]: 機関名の列がありません" in result.stderr, result.stderr
    assert "使える見出し: 機関名, name, 名称, agency, agency_name" in result.stderr


def test_unread_column_is_said_with_the_columns_read(tmp_path):
    sheets = with_sheets(紹介=[["紹介元", "紹介先", "紹介日付", "件数"], ["shakyo", "lead", "2024/11/1", 1]])
    result = run("validate", write_book(tmp_path / "b.xlsx", sheets))
    assert result.exit_code == 0, result.output
    assert "列「紹介日付」は読みません。「紹介日」のことですか？読む列: 紹介元, 紹介先, 紹介日, 件数, 年齢" in result.stderr


def test_closing_line_and_summary_in_one_language(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A"), ("a", "B")])
    result = run("validate", folder)
    assert result.output.strip().splitlines()[-1] == "エラー: 1 件の問題があります"
    result = run("validate", folder, "--lang", "en")
    assert result.output.strip().splitlines()[-1] == "Error: 1 problems found"
    good = make_folder(tmp_path, agencies=[("a", "A"), ("b", "B")], referrals=[("a", "b")], name="good")
    assert run("validate", good).output.strip().endswith("問題はありません (機関 2、会議 0、紹介 1 行、関係 0 行)")
    assert run("validate", good, "--lang", "en").output.strip().endswith(
        "no problems found (2 agencies, 0 meetings, 1 referral rows, 0 relation rows)")
