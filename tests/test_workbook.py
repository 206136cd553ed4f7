"""Excel workbooks as input (issue 5, item 1 "Workbooks").

Every command that takes a folder also takes one .xlsx workbook with sheets
agencies/meetings/attendance/referrals/relations (or 機関/会議/出席/紹介/関係);
errors name the sheet and row as they name file and line. The workbooks are
built here with openpyxl, with the cell types Excel itself writes (numbers,
dates, booleans).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from conftest import HEADERS as CSV_HEADERS
from conftest import analyze_json, run, save_book, sha

from hikinet_graph.read.load import load_network

ENGLISH_SHEETS = {"agencies": "agencies", "meetings": "meetings", "attendance": "attendance",
                  "referrals": "referrals", "relations": "relations"}
JAPANESE_SHEETS = {"agencies": "機関", "meetings": "会議", "attendance": "出席", "referrals": "紹介", "relations": "関係"}

# the standard headers of make_folder's CSV files, plus the optional area column
HEADERS = {**CSV_HEADERS, "agencies": CSV_HEADERS["agencies"] + ["area"]}
JAPANESE_HEADERS = {
    "agencies": ["機関ID", "機関名", "分野", "対象年齢下限", "対象年齢上限", "支援スタイル", "コアメンバー", "area"],
    "meetings": ["会議ID", "回", "開催日", "種別", "会議名"],
    "attendance": ["会議ID", "機関ID"],
    "referrals": ["紹介元", "紹介先", "紹介日", "件数", "年齢"],
    "relations": ["回答機関", "相手機関", "レベル", "回答日"],
}

D = dt.datetime
# rows as Excel holds them: ints, datetimes, booleans, blanks (None)
CELLS = {
    "agencies": [
        ["school", "教育相談室", "教育", 6, 15, "problem_solving", False, "北"],
        ["youth", "若者サポートステーション", "若者", 15, 39, "accompaniment", False, "南"],
        ["lead", "市主管課", "行政", None, None, "both", True, None],
        ["npo", "家族会", "民間", None, None, "accompaniment", False, "北"],
        ["clinic", "精神保健福祉センター", "保健", 18, 64, "problem_solving", True, None],
        ["elder", "地域包括支援センター", "高齢", 65, None, None, False, None],
    ],
    "meetings": [
        ["m0", 0, D(2025, 4, 1), "preparatory", "準備会"],
        ["m1", 1, D(2025, 5, 20), "working_group", "WG"],
        ["m2", 2, D(2025, 7, 1), "network_meeting", "第1回ネットワーク会議"],
    ],
    "attendance": [
        ["m0", "lead"], ["m0", "school"], ["m1", "lead"], ["m1", "youth"], ["m1", "school"],
        ["m2", "lead"], ["m2", "clinic"], ["m2", "elder"], ["m2", "youth"],
    ],
    "referrals": [
        ["lead", "youth", D(2025, 5, 1), None, 17],
        ["school", "youth", D(2025, 6, 1), 2, 15],
        ["youth", "clinic", D(2025, 6, 20), 1, None],
        ["clinic", "lead", None, 3, None],
        ["elder", "lead", D(2025, 8, 1), None, None],
    ],
    "relations": [
        ["lead", "npo", 2, D(2025, 4, 1)],
        ["npo", "lead", 1, None],
        ["clinic", "elder", 4, D(2025, 6, 30)],
    ],
}


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def write_folder(folder: Path, headers=HEADERS, cells=CELLS) -> Path:
    folder.mkdir(parents=True)
    for stem, rows in cells.items():
        lines = [",".join(headers[stem])] + [",".join(csv_cell(c) for c in row) for row in rows]
        (folder / f"{stem}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def write_book(path: Path, sheets=JAPANESE_SHEETS, headers=JAPANESE_HEADERS, cells=CELLS,
               extra_sheets: dict | None = None) -> Path:
    tables = {sheets[stem]: [list(headers[stem])] + [list(row) for row in rows] for stem, rows in cells.items()}
    return save_book(path, {**tables, **(extra_sheets or {})})


def assert_clean_failure(result) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- workbook == folder

@pytest.mark.parametrize("sheets, headers", [
    pytest.param(ENGLISH_SHEETS, HEADERS, id="english"),
    pytest.param(JAPANESE_SHEETS, JAPANESE_HEADERS, id="japanese"),
    pytest.param({k: v.upper() for k, v in ENGLISH_SHEETS.items()}, HEADERS, id="upper-case-sheets"),
])
def test_workbook_and_folder_give_identical_analyses(tmp_path, sheets, headers):
    folder = write_folder(tmp_path / "net")
    book = write_book(tmp_path / "book" / "network.xlsx", sheets, headers)
    for extra in ([], ["--round", "0"], ["--round", "1"], ["--round", "2"]):
        from_folder = analyze_json(folder, *extra)
        from_book = analyze_json(book, *extra)
        from_folder.pop("source", None)
        from_book.pop("source", None)
        assert from_book == from_folder, extra
    # the data is not trivial: the comparison means something
    full = analyze_json(folder)
    assert full["agencies"] == 6 and full["links"] >= 5 and full["isolated"] == []
    assert analyze_json(folder, "--round", "0")["isolated"] != []


def test_workbook_and_folder_identical_csv_and_table(tmp_path):
    folder = write_folder(tmp_path / "net")
    book = write_book(tmp_path / "book" / "network.xlsx")
    for fmt in ("csv", "table"):
        a = run("analyze", folder, "--format", fmt, "--lang", "en")
        b = run("analyze", book, "--format", fmt, "--lang", "en")
        assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
        assert b.stdout.replace(str(book), "SRC") == a.stdout.replace(str(folder), "SRC")


def test_workbook_loads_the_same_network(tmp_path):
    folder = load_network(write_folder(tmp_path / "net"))
    book = load_network(write_book(tmp_path / "book" / "network.xlsx"))
    assert book.agencies == folder.agencies
    assert [a.attrs for a in book.agencies] == [a.attrs for a in folder.agencies]
    assert book.meetings == folder.meetings
    for table in ("attendance", "referrals", "relations"):
        a = getattr(folder, table).drop(columns="line")
        b = getattr(book, table).drop(columns="line")
        assert a.equals(b), table


def test_japanese_sheet_names_and_only_agencies_required(tmp_path):
    book = write_book(tmp_path / "book.xlsx", cells={"agencies": CELLS["agencies"]},
                      extra_sheets={"メモ": [["自由に書いたメモ"], [1, 2, 3]]})
    result = run("validate", book)
    assert result.exit_code == 0, result.output
    network = load_network(book)
    assert network.ids == ["school", "youth", "lead", "npo", "clinic", "elder"]
    assert network.meetings == [] and len(network.referrals) == 0


def test_excel_cells_numbers_dates_and_booleans(tmp_path):
    book = write_book(tmp_path / "book.xlsx")
    network = load_network(book)
    school, youth, lead = network.agencies[:3]
    assert (school.age_min, school.age_max, school.core) == (6, 15, False)
    assert (lead.age_min, lead.age_max, lead.core) == (0, None, True)
    assert [(m.round, m.date) for m in network.meetings] == [
        (0, dt.date(2025, 4, 1)), (1, dt.date(2025, 5, 20)), (2, dt.date(2025, 7, 1))]
    assert network.referrals["count"].tolist() == [1, 2, 1, 3, 1]
    assert network.referrals["client_age"].tolist()[:2] == [17, 15]


def test_excel_date_cells_with_a_time_of_day(tmp_path):
    cells = {"agencies": [["a"]], "meetings": [["m0", 0, D(2025, 4, 1, 14, 0)]]}
    headers = {"agencies": ["機関ID"], "meetings": ["会議ID", "回", "開催日"]}
    network = load_network(write_book(tmp_path / "book.xlsx", headers=headers, cells=cells))
    assert network.meetings[0].date == dt.date(2025, 4, 1)


def _float_cells(path: Path) -> Path:
    """Rewrite the whole numbers of every sheet as Excel may store them: 15 -> 15.0."""
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'(<c r="[A-Z]+\d+"(?: s="\d+")? t="n"><v>)(\d+)(</v>)', rb"\g<1>\g<2>.0\g<3>", data)
            dst.writestr(item, data)
    os.replace(temp, path)
    return path


def test_numeric_cells_stored_as_floats(tmp_path):
    book = _float_cells(write_book(tmp_path / "book.xlsx"))
    with zipfile.ZipFile(book) as z:
        assert b"<v>15.0</v>" in z.read("xl/worksheets/sheet1.xml")
    from openpyxl import load_workbook

    sheet = load_workbook(book)["機関"]
    assert sheet["E2"].value == 15.0 and isinstance(sheet["E2"].value, float)
    network = load_network(book)
    assert (network.agencies[0].age_min, network.agencies[0].age_max) == (6, 15)
    assert [m.round for m in network.meetings] == [0, 1, 2]
    assert network.referrals["count"].tolist() == [1, 2, 1, 3, 1]
    assert network.relations["level"].tolist() == [2, 1, 4]
    assert [m.date for m in network.meetings][1] == dt.date(2025, 5, 20)
    folder = write_folder(tmp_path / "net")
    assert analyze_json(book) == analyze_json(folder)


def test_numeric_id_cells(tmp_path):
    """Ids typed as numbers (101) are the same ids as the text '101' of a CSV file."""
    cells = {"agencies": [[101, "A"], [102, "B"]], "referrals": [[101, 102, D(2025, 5, 1)]]}
    headers = {"agencies": ["機関ID", "機関名"], "referrals": ["紹介元", "紹介先", "紹介日"]}
    book = _float_cells(write_book(tmp_path / "book.xlsx", headers=headers, cells=cells))
    network = load_network(book)
    assert network.ids == ["101", "102"]
    assert network.referrals[["src", "dst"]].values.tolist() == [[0, 1]]


# ---------------------------------------------------------------- problems name sheet and row

def test_error_names_sheet_and_row(tmp_path):
    cells = dict(CELLS)
    cells["agencies"] = [CELLS["agencies"][0], ["bad", "年齢が変", "", "十五", None]] + CELLS["agencies"][1:]
    book = write_book(tmp_path / "book.xlsx", cells=cells)
    result = run("validate", book)
    assert_clean_failure(result)
    assert re.search(r"book\.xlsx\[機関\]:3: ", result.output), result.output


def test_errors_in_several_sheets_are_all_listed_with_rows(tmp_path):
    cells = dict(CELLS)
    cells["meetings"] = CELLS["meetings"] + [["m3", 3, "令和1年4月30日", "", ""]]        # row 5
    cells["referrals"] = CELLS["referrals"][:2] + [["ghost", "lead", None, None, None]]  # row 4
    book = write_book(tmp_path / "book.xlsx", sheets=ENGLISH_SHEETS, cells=cells)
    result = run("validate", book)
    assert_clean_failure(result)
    assert re.search(r"book\.xlsx\[meetings\]:5: ", result.output), result.output
    assert re.search(r"book\.xlsx\[referrals\]:4: ", result.output), result.output


def test_row_numbers_count_blank_rows(tmp_path):
    """A blank row is not a row, but the rows below keep their sheet row numbers."""
    from openpyxl import load_workbook

    book = write_book(tmp_path / "book.xlsx")
    wb = load_workbook(book)
    sheet = wb["紹介"]
    sheet.append([])
    sheet.append([None, None])
    sheet["A9"], sheet["B9"] = "lead", "lead"  # a self-referral on row 9
    wb.save(book)
    result = run("validate", book)
    assert_clean_failure(result)
    lines = [l for l in result.output.splitlines() if "[紹介]" in l]
    assert len(lines) == 1 and re.search(r"\[紹介\]:9: ", lines[0]), result.output


def test_missing_agencies_sheet(tmp_path):
    cells = {k: v for k, v in CELLS.items() if k != "agencies"}
    book = write_book(tmp_path / "book.xlsx", cells=cells)
    result = run("validate", book)
    assert_clean_failure(result)
    assert "book.xlsx" in result.output
    assert "機関" in result.output and "agencies" in result.output


@pytest.mark.parametrize("command", ["validate", "analyze"])
def test_corrupt_workbook(tmp_path, command):
    book = tmp_path / "broken.xlsx"
    book.write_bytes(os.urandom(2048))
    result = run(command, book)
    assert_clean_failure(result)
    assert "broken.xlsx" in result.output


def test_zip_that_is_not_a_workbook(tmp_path):
    book = tmp_path / "notabook.xlsx"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("hello.txt", "hello")
    result = run("validate", book)
    assert_clean_failure(result)
    assert "notabook.xlsx" in result.output


def test_workbook_with_empty_agencies_sheet(tmp_path):
    book = write_book(tmp_path / "book.xlsx", cells={"agencies": []})
    result = run("validate", book)
    assert_clean_failure(result)
    assert "[機関]" in result.output


# ---------------------------------------------------------------- every command takes a workbook

@pytest.fixture
def book_and_out(tmp_path):
    book = write_book(tmp_path / "in" / "network.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    return book, out


def _commands(book: Path, out: Path) -> list[list]:
    return [
        ["validate", book],
        ["analyze", book],
        ["analyze", book, "--round", "1", "--format", "json"],
        ["analyze", book, "--format", "csv"],
        ["map", book, "-o", out / "map.html"],
        ["map", book, "--round", "1", "--view", "ages", "-o", out / "ages.html"],
        ["report", book, "-o", out / "report"],
        ["compare", f"{book}@0", f"{book}@2", "--format", "json"],
        ["compare", f"{book}@1", book, "-o", out / "diff.html"],
        ["export", book, "-o", out / "export.xlsx"],
    ]


def test_every_command_accepts_a_workbook_and_leaves_it_unchanged(book_and_out):
    book, out = book_and_out
    before = sha(book)
    neighbours = sorted(os.listdir(book.parent))
    for args in _commands(book, out):
        result = run(*args)
        assert result.exit_code == 0, f"{args[0]}: {result.output}"
        assert sha(book) == before, f"{args[0]} changed the workbook"
        assert sorted(os.listdir(book.parent)) == neighbours, f"{args[0]} wrote beside the workbook"
    assert (out / "map.html").stat().st_size > 0
    assert (out / "ages.html").stat().st_size > 0
    assert (out / "report" / "index.html").is_file()
    assert (out / "diff.html").is_file()
    assert (out / "export.xlsx").is_file()


def test_compare_rounds_of_a_workbook(book_and_out):
    book, _ = book_and_out
    result = run("compare", f"{book}@0", f"{book}@2", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    text = json.dumps(data, ensure_ascii=False)
    # round 0 -> round 2: links were added (youth, clinic, elder met at m1/m2)
    assert analyze_json(book, "--round", "0")["links"] < analyze_json(book, "--round", "2")["links"]
    assert "youth" in text


def test_compare_workbook_with_folder(tmp_path):
    folder = write_folder(tmp_path / "net")
    book = write_book(tmp_path / "book" / "network.xlsx")
    result = run("compare", f"{folder}@2", f"{book}@2", "--format", "json")
    assert result.exit_code == 0, result.output
    same = run("compare", f"{folder}@2", f"{folder}@2", "--format", "json")
    assert same.exit_code == 0, same.output
    a, b = json.loads(result.stdout), json.loads(same.stdout)
    strip = lambda d: json.loads(json.dumps(d).replace(json.dumps(str(book))[1:-1], "X")
                                 .replace(json.dumps(str(folder))[1:-1], "X"))
    assert strip(a) == strip(b)


def test_unknown_round_of_a_workbook(book_and_out):
    book, _ = book_and_out
    result = run("analyze", book, "--round", "9")
    assert_clean_failure(result)


def test_report_and_map_refuse_to_overwrite_the_workbook(book_and_out):
    book, _ = book_and_out
    before = sha(book)
    for args in (["map", book, "-o", book], ["export", book, "-o", book, "--force"]):
        result = run(*args)
        assert_clean_failure(result)
        assert sha(book) == before


def test_workbook_path_that_is_neither(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    result = run("validate", other)
    assert_clean_failure(result)
    assert "notes.txt" in result.output
