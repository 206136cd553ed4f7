"""Issue 14: settings in the workbook (the 設定 sheet), hikinet.toml beside it, and ``init --name``."""

from __future__ import annotations

import pytest

from hikinet_graph.read.load import load_network
from hikinet_graph.read.settings import parse_setting

from conftest import problem_lines, run
from test_issue14_sheets import SHEETS, write_book


def book_with(tmp_path, rows, toml: str | None = None):
    sheets = dict(SHEETS)
    sheets["設定"] = rows
    book = write_book(tmp_path / "city" / "network.xlsx", sheets)
    if toml is not None:
        (book.parent / "hikinet.toml").write_text(toml, encoding="utf-8")
    return book


def test_every_key_of_the_settings_sheet(tmp_path):
    book = book_with(tmp_path, [
        ["項目", "値", "メモ"],
        ["名前", "B市", "報告書の題名"],
        ["対象年齢の範囲", "6〜30"],
        ["追加の境目", "40、 50"],
        ["境目の前後", 3],
        ["日付の表示", "和暦"],
        ["除外する組", "shakyo:lead, サポステ:lead"],
    ])
    config = load_network(book).config
    assert config.name == "B市"
    assert config.span == (6, 30)
    assert config.boundaries == (40, 50)
    assert config.window == 3
    assert config.date_style == "wareki"
    assert config.exclude == (("lead", "shakyo"), ("lead", "サポステ"))


def test_blank_values_set_nothing_and_the_header_row_is_optional(tmp_path):
    config = load_network(book_with(tmp_path, [["名前", "B市"], ["対象年齢の範囲", None], ["日付の表示", ""]])).config
    assert (config.name, config.span, config.date_style) == ("B市", (6, 99), "western")


@pytest.mark.parametrize("text, value", [("6-99", (6, 99)), ("6〜99", (6, 99)), ("６～９９", (6, 99)),
                                          ("6歳〜64歳", (6, 64)), ("0 - 150", (0, 150))])
def test_span_as_written(text, value):
    assert parse_setting("span", text) == value


@pytest.mark.parametrize("key, text", [("span", "99-6"), ("span", "6から99"), ("boundaries", "40; 50"),
                                        ("boundaries", "0"), ("window", "0"), ("window", "二"),
                                        ("date_style", "平成"), ("exclude", "shakyo-lead")])
def test_unreadable_values_are_errors_on_their_row(tmp_path, key, text):
    from hikinet_graph.vocabulary import SETTING_NAMES_JA

    book = book_with(tmp_path, [["項目", "値"], ["名前", "B市"], [SETTING_NAMES_JA[key], text]])
    result = run("validate", book)
    assert result.exit_code == 1
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("network.xlsx[設定]", 3)], result.output
    assert f"「{SETTING_NAMES_JA[key]}」の「{text}」" in result.output


def test_unknown_and_repeated_keys(tmp_path):
    result = run("validate", book_with(tmp_path, [["名前", "B市"], ["対象年齢範囲", "6-99"], ["名前", "C市"]]))
    assert result.exit_code == 1
    assert "設定「対象年齢範囲」は知りません。「対象年齢の範囲」のことですか？" in result.output
    assert "設定「名前」が2回あります (1行目と同じ)" in result.output


def test_unknown_ids_in_excluded_pairs_are_named(tmp_path):
    result = run("validate", book_with(tmp_path, [["除外する組", "shakyo:police, edu:lead"]]))
    assert result.exit_code == 1
    (problem,) = problem_lines(result.output)
    assert problem[:2] == ("network.xlsx[設定]", 1)
    assert "edu, police" in problem[2]


def test_toml_and_sheet_disagreeing_is_an_error_naming_both(tmp_path):
    book = book_with(tmp_path, [["対象年齢の範囲", "6-30"], ["名前", "B市"]], toml='span = [6, 99]\nname = "B市"\n')
    result = run("validate", book)
    assert result.exit_code == 1
    (problem,) = problem_lines(result.output)
    assert problem[0] == "hikinet.toml"
    assert "span" in problem[2] and "対象年齢の範囲" in problem[2] and "6-30" in problem[2] and "[6, 99]" in problem[2]


def test_toml_and_sheet_agreeing_is_fine(tmp_path):
    book = book_with(tmp_path, [["対象年齢の範囲", "6〜30"], ["日付の表示", "和暦"]],
                     toml='span = [6, 30]\ndate_style = "wareki"\nwindow = 3\n')
    config = load_network(book).config
    assert (config.span, config.date_style, config.window) == ((6, 30), "wareki", 3)


def test_toml_date_style_and_exclude(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A"), ("b", "B"), ("c", "C")],
                         toml='date_style = "wareki"\nexclude = [["b", "a"], "c:a"]\n')
    config = load_network(folder).config
    assert config.date_style == "wareki"
    assert config.exclude == (("a", "b"), ("a", "c"))
    bad = make_folder(tmp_path, agencies=[("a", "A")], toml='exclude = [["a", "z"]]\ndate_style = "x"\n', name="bad")
    result = run("validate", bad)
    assert result.exit_code == 1
    assert "exclude names ids that are no agency's: z" in result.output
    assert "date_style" in result.output


def test_the_name_from_the_sheet_titles_the_report(tmp_path):
    book = book_with(tmp_path, [["名前", "B市"]])
    result = run("report", book, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "B市" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_init_xlsx_name_creates_the_settings_sheet(tmp_path):
    from openpyxl import load_workbook

    result = run("init", tmp_path / "c", "--xlsx", "--name", "B市")
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "c" / "network.xlsx")
    assert "設定" in book.sheetnames
    rows = {r[0]: r[1] for r in book["設定"].iter_rows(values_only=True)}
    assert rows["名前"] == "B市"
    assert {"対象年齢の範囲", "追加の境目", "境目の前後", "日付の表示", "除外する組"} <= set(rows)
    assert load_network(tmp_path / "c" / "network.xlsx").config.name == "B市"
    lists = [dv.formula1 for dv in book["設定"].data_validations.dataValidation]
    assert any("和暦" in f for f in lists)


def test_init_csv_name_writes_hikinet_toml(tmp_path):
    result = run("init", tmp_path / "c", "--name", "B市")
    assert result.exit_code == 0, result.output
    assert load_network(tmp_path / "c").config.name == "B市"
    assert run("init", tmp_path / "c", "--name", "B市").exit_code == 1  # never overwrites
