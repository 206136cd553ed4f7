"""``hikinet init DIR [--xlsx] [--force]`` (issue 5, item 3).

A ready-to-fill template with Japanese headers and one example row per sheet;
the workbook has drop-down lists (style, yes/no, kind) and a sheet explaining
each column. Never overwrites an existing file. Round trip: init -> fill in
Japanese -> validate -> analyze shows what was added.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from hikinet_graph.vocabulary import COLUMN_ALIASES, FILES, TEMPLATE_EXTRA_HEADERS, normalize_header

from conftest import analyze_json, run, sha

STEMS = ["agencies", "meetings", "attendance", "referrals", "relations"]
SHEETS = {"agencies": "機関", "meetings": "会議", "attendance": "出席", "referrals": "紹介", "relations": "関係"}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def read_csv_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]


def canonical(stem: str, header: str) -> str:
    key = normalize_header(header)
    return COLUMN_ALIASES[stem].get(key, key)


# ---------------------------------------------------------------- CSV template

def test_init_writes_five_csv_files_with_japanese_headers(tmp_path):
    target = tmp_path / "mycity"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == sorted(f"{s}.csv" for s in STEMS)
    for stem in STEMS:
        rows = read_csv_rows(target / f"{stem}.csv")
        header = rows[0]
        assert all(JAPANESE.search(h) for h in header), (stem, header)
        # every column of the file is there, under a Japanese header the loader knows
        assert [canonical(stem, h) for h in header] == list(FILES[stem]), (stem, header)
        assert len(rows) >= 2, f"{stem}.csv has no example row"
        assert all(len(r) == len(header) for r in rows), stem


def test_csv_template_opens_in_excel(tmp_path):
    """Japanese Excel opens UTF-8 CSV without garbling only with a BOM (or as CP932)."""
    run("init", tmp_path / "t")
    for stem in STEMS:
        data = (tmp_path / "t" / f"{stem}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") or not _is_utf8(data), stem


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_example_row_per_csv_file(tmp_path):
    run("init", tmp_path / "t")
    for stem in ("meetings", "attendance", "referrals", "relations"):
        assert len(read_csv_rows(tmp_path / "t" / f"{stem}.csv")) == 2, stem  # header + one example
    # two example agencies: a referral and a relation need a pair
    assert 2 <= len(read_csv_rows(tmp_path / "t" / "agencies.csv")) <= 3


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
def test_template_validates_and_analyzes_as_written(tmp_path, xlsx):
    target = tmp_path / "t"
    result = run("init", target, *(["--xlsx"] if xlsx else []))
    assert result.exit_code == 0, result.output
    source = next(target.glob("*.xlsx")) if xlsx else target
    result = run("validate", source)
    assert result.exit_code == 0, result.output
    data = analyze_json(source)
    assert data["agencies"] >= 2


def test_init_creates_missing_folders(tmp_path):
    target = tmp_path / "a" / "b" / "city"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    assert (target / "agencies.csv").is_file()


# ---------------------------------------------------------------- round trip (CSV)

def test_round_trip_csv_with_csv_module_and_pandas(tmp_path):
    target = tmp_path / "city"
    assert run("init", target).exit_code == 0
    before = analyze_json(target)

    # agencies with pandas, saved back as Excel on Japanese Windows would (CP932)
    agencies = pd.read_csv(target / "agencies.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    header = list(agencies.columns)
    new = pd.DataFrame([
        ["youth", "若者サポートステーション", "若者", "１５", "39歳", "伴走型", "○", ""],
        ["school", "教育相談室", "教育", "6", "15", "課題解決型", "×", "いいえ"],
        ["alone", "まだ誰ともつながっていない機関", "民間", "", "", "両方", "いいえ", "はい"],
    ], columns=header)
    pd.concat([agencies, new]).to_csv(target / "agencies.csv", index=False, encoding="cp932")

    # the other files with the csv module, appended in Japanese forms
    def append(stem: str, rows: list[list[str]]) -> None:
        with open(target / f"{stem}.csv", "a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)

    append("meetings", [["m2", "1", "令和7年5月20日", "ワーキンググループ", "第1回WG"]])
    append("attendance", [["m2", "youth"], ["m2", "school"]])
    append("referrals", [["school", "youth", "R7.6.1", "2", "16"]])
    append("relations", [["youth", "school", "協働", "2025年6月1日"]])

    result = run("validate", target, "--lang", "en")  # issue 14: the summary is wholly in one language
    assert result.exit_code == 0, result.output
    assert "5 agencies" in result.output and "2 meetings" in result.output

    after = analyze_json(target)
    ids = {row["id"] for row in after["per_agency"]}
    assert {"youth", "school", "alone"} <= ids
    assert after["agencies"] == before["agencies"] + 3
    assert after["links"] > before["links"]
    assert "alone" in after["isolated"]
    youth = next(r for r in after["per_agency"] if r["id"] == "youth")
    assert youth["referrals_in"] == 2
    assert youth["name"] == "若者サポートステーション"
    round1 = analyze_json(target, "--round", "1")
    assert {"youth", "school"} <= {i for c in round1["component_members"] for i in c if len(c) > 1}


# ---------------------------------------------------------------- workbook template

@pytest.fixture
def workbook(tmp_path):
    target = tmp_path / "city"
    result = run("init", target, "--xlsx")
    assert result.exit_code == 0, result.output
    books = list(target.iterdir())
    assert len(books) == 1 and books[0].suffix == ".xlsx", books
    return books[0]


def _column_of(sheet, header_words: tuple[str, ...]) -> str:
    """The letter of the column whose header means one of ``header_words`` (canonical names)."""
    stem = next(s for s, name in SHEETS.items() if name == sheet.title)
    for cell in sheet[1]:
        if cell.value and canonical(stem, str(cell.value)) in header_words:
            return cell.column_letter
    raise AssertionError(f"no column {header_words} in {sheet.title}")


def _validations_on(sheet, column: str) -> list:
    from openpyxl.utils import column_index_from_string

    index = column_index_from_string(column)
    found = []
    for dv in sheet.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            if rng.min_col <= index <= rng.max_col and rng.min_row <= 2 <= rng.max_row and rng.max_row >= 100:
                found.append(dv)
    return found


def _choices(dv) -> str:
    return dv.formula1 or ""


def test_workbook_sheets_in_japanese_with_japanese_headers(workbook):
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    for stem, name in SHEETS.items():
        assert name in book.sheetnames, name
        sheet = book[name]
        # issue 14: the template adds columns kept as attributes (地区) after the table's own
        header = [c.value for c in sheet[1] if c.value is not None and c.value not in TEMPLATE_EXTRA_HEADERS.get(stem, ())]
        assert all(JAPANESE.search(h) for h in header), (name, header)
        assert [COLUMN_ALIASES[stem].get(normalize_header(h)) for h in header] == list(FILES[stem]), name
        examples = [r for r in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
        assert len(examples) >= 1, f"{name} has no example row"


@pytest.mark.parametrize("sheet_name, column, words", [
    ("機関", ("style",), ("伴走型", "課題解決型", "両方")),
    ("機関", ("core",), ("はい", "いいえ")),
    ("会議", ("kind",), ("準備会", "ネットワーク会議")),
])
def test_workbook_drop_down_lists(workbook, sheet_name, column, words):
    from openpyxl import load_workbook

    sheet = load_workbook(workbook)[sheet_name]
    letter = _column_of(sheet, column)
    lists = [dv for dv in _validations_on(sheet, letter) if dv.type == "list"]
    assert lists, f"no drop-down list on {sheet_name}!{letter}"
    assert all(w in _choices(lists[0]) for w in words), _choices(lists[0])


def test_drop_down_choices_are_accepted_values(workbook, tmp_path):
    """Each word of the style and yes/no lists loads (the lists offer nothing the loader refuses)."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    sheet = book["機関"]
    style = _choices(_validations_on(sheet, _column_of(sheet, ("style",)))[0]).strip('"').split(",")
    core = _choices(_validations_on(sheet, _column_of(sheet, ("core",)))[0]).strip('"').split(",")
    id_col = _column_of(sheet, ("id",))
    style_col, core_col = _column_of(sheet, ("style",)), _column_of(sheet, ("core",))
    row = sheet.max_row + 1
    for i, (s, c) in enumerate([(s, core[i % len(core)]) for i, s in enumerate(style)]):
        sheet[f"{id_col}{row + i}"] = f"x{i}"
        sheet[f"{style_col}{row + i}"] = s
        sheet[f"{core_col}{row + i}"] = c
    book.save(workbook)
    result = run("validate", workbook)
    assert result.exit_code == 0, result.output


def test_workbook_explains_each_column(workbook):
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    assert "説明" in book.sheetnames
    text = [" ".join(str(v) for v in row if v is not None) for row in book["説明"].iter_rows(values_only=True)]
    for stem, name in SHEETS.items():
        for header in (c.value for c in book[name][1] if c.value):
            rows = [t for t in text if header in t and name in t]
            assert rows, f"説明 has no row for {name} / {header}"
            # the explanation says more than the sheet and column name
            assert any(len(t) > len(name) + len(header) + 4 for t in rows), rows


def test_round_trip_workbook(workbook):
    from openpyxl import load_workbook

    before = analyze_json(workbook)
    book = load_workbook(workbook)

    def add(name: str, values: dict) -> None:
        sheet = book[name]
        row = sheet.max_row + 1
        for canon, value in values.items():
            sheet[f"{_column_of(sheet, (canon,))}{row}"] = value

    add("機関", {"id": "youth", "name": "若者サポートステーション", "sector": "若者", "age_min": 15, "age_max": 39,
                "style": "伴走型", "core": "いいえ"})
    add("機関", {"id": "school", "name": "教育相談室", "age_min": 6, "age_max": 15, "style": "課題解決型", "core": "はい"})
    add("会議", {"id": "m2", "round": 1, "date": dt.datetime(2025, 5, 20), "kind": "ワーキンググループ"})
    add("出席", {"meeting_id": "m2", "agency_id": "youth"})
    add("出席", {"meeting_id": "m2", "agency_id": "school"})
    add("紹介", {"from": "school", "to": "youth", "date": "令和7年6月1日", "count": 3})
    add("関係", {"from": "youth", "to": "school", "level": "3"})
    book.save(workbook)

    result = run("validate", workbook)
    assert result.exit_code == 0, result.output
    after = analyze_json(workbook)
    assert {"youth", "school"} <= {r["id"] for r in after["per_agency"]}
    assert after["agencies"] == before["agencies"] + 2
    youth = next(r for r in after["per_agency"] if r["id"] == "youth")
    assert youth["referrals_in"] == 3 and youth["degree"] >= 1
    assert analyze_json(workbook, "--round", "1")["round"] == 1


# ---------------------------------------------------------------- never overwrites

@pytest.mark.parametrize("existing", STEMS)
def test_init_never_overwrites_a_csv_file(tmp_path, existing):
    target = tmp_path / "city"
    target.mkdir()
    mine = target / f"{existing}.csv"
    mine.write_text("id,name\nmine,私のデータ\n", encoding="utf-8")
    before = sha(mine)
    result = run("init", target)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert f"{existing}.csv" in result.output
    assert sha(mine) == before


def test_init_twice_changes_nothing(tmp_path):
    target = tmp_path / "city"
    assert run("init", target).exit_code == 0
    (target / "agencies.csv").write_text("機関ID\n私の機関\n", encoding="utf-8")
    hashes = {p.name: sha(p) for p in target.iterdir()}
    result = run("init", target)
    assert result.exit_code == 1, result.output
    assert {p.name: sha(p) for p in target.iterdir()} == hashes


def test_init_force_replaces(tmp_path):
    target = tmp_path / "city"
    target.mkdir()
    (target / "agencies.csv").write_text("id\nmine\n", encoding="utf-8")
    result = run("init", target, "--force")
    assert result.exit_code == 0, result.output
    rows = read_csv_rows(target / "agencies.csv")
    assert "mine" not in {r[0] for r in rows}
    assert canonical("agencies", rows[0][0]) == "id" and JAPANESE.search(rows[0][0])
    assert run("validate", target).exit_code == 0


def test_init_xlsx_never_overwrites(workbook):
    workbook.write_bytes(b"my own workbook")
    before = sha(workbook)
    result = run("init", workbook.parent, "--xlsx")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert workbook.name in result.output
    assert sha(workbook) == before
    result = run("init", workbook.parent, "--xlsx", "--force")
    assert result.exit_code == 0, result.output
    assert sha(workbook) != before
    assert run("validate", workbook).exit_code == 0


def test_init_into_a_file_fails(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = run("init", target)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert target.read_text(encoding="utf-8") == "x"


def test_readme_shows_the_path_from_template_to_report():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    # the quick start above runs the report on the example data; the template path is its own section
    readme = readme[readme.index("From an empty template to a report"):]
    position = {cmd: readme.find(f"hikinet {cmd}") for cmd in ("init", "validate", "report")}
    assert all(p >= 0 for p in position.values()), position
    assert position["init"] < position["report"]
