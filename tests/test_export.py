"""``hikinet export DIR -o FILE.xlsx [--force]`` (issue 5, item 5).

The analysis (per round, per agency, gaps) as a workbook, read back here with
pandas: one sheet per table, and every figure equal to ``analyze --format json``
of the same round. Cells that a spreadsheet would run as formulas are
neutralised; an existing file is never overwritten without --force.
"""

from __future__ import annotations

import json
import math
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from hikinet_graph.write.xlsx import CODED_COLUMNS, HEADERS_JA, SHEETS

from conftest import analyze_json, run, sha

AGENCIES = [
    ("school", "教育相談室", "教育", 6, 15, "problem_solving", "false"),
    ("youth", "若者サポートステーション", "若者", 16, 39, "accompaniment", "false"),
    ("lead", "市主管課", "行政", "", "", "both", "true"),
    ("npo", "家族会", "民間", "", "", "accompaniment", "false"),
    ("clinic", "精神保健福祉センター", "保健", 18, 64, "problem_solving", "true"),
    ("elder", "地域包括支援センター", "高齢", 65, "", "", "false"),
]
MEETINGS = [("m0", 0, "2025-04-01", "preparatory", "準備会"), ("m1", 1, "2025/5/20", "working_group", "WG"),
            ("m2", 2, "令和7年7月1日", "network_meeting", "第1回")]
ATTENDANCE = [("m0", "lead"), ("m0", "school"), ("m1", "lead"), ("m1", "youth"), ("m1", "school"),
              ("m2", "lead"), ("m2", "clinic"), ("m2", "elder"), ("m2", "youth")]
REFERRALS = [("lead", "youth", "2025-05-01", "", 17), ("school", "youth", "2025-06-01", 2, 15),
             ("youth", "clinic", "2025-06-20"), ("clinic", "lead", "", 3), ("elder", "lead", "2025-08-01")]
RELATIONS = [("lead", "npo", 2, "2025-04-01"), ("clinic", "elder", 4, "2025-06-30")]
ROUNDS = [0, 1, 2]
# the columns each sheet must hold (named as in analyze --format json)
COLUMNS = {
    "rounds": ["round", "cutoff", "meetings", "agencies", "links", "referral_links", "density", "components",
               "isolated", "no_referral", "gaps", "cut_agencies", "referrals", "cross_sector_links", "ei_index",
               "reciprocity"],
    "agencies": ["round", "id", "name", "sector", "age_min", "age_max", "style", "core", "degree",
                 "referral_partners", "referrals_out", "referrals_in", "betweenness", "isolated", "no_referral",
                 "cut", "gaps", "resource"],
    "gaps": ["round", "boundary", "kind", "id", "name"],
    "sectors": ["round", "sector_a", "sector_b", "links"],
}


@pytest.fixture
def folder(tmp_path, make_folder):
    return make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS, attendance=ATTENDANCE,
                       referrals=REFERRALS, relations=RELATIONS)


def export(folder: Path, out: Path, lang: str) -> dict[str, pd.DataFrame]:
    """Export and read back with pandas; sheets and columns keyed by their English (canonical) names."""
    result = run("export", folder, "-o", out, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert out.is_file()
    book = pd.read_excel(out, sheet_name=None)
    names = SHEETS[lang]
    assert set(book) == set(names.values()), list(book)
    tables = {}
    for key, name in names.items():
        # one Japanese header may stand for different columns in different sheets (要の機関: a count, a flag)
        back = {HEADERS_JA.get(c, c): c for c in COLUMNS[key]} if lang == "ja" else {}
        if lang == "ja":  # issue 14: words shown, the codes in a column beside them, for joining
            for c in CODED_COLUMNS.get(key, ()):
                back.update({HEADERS_JA[c]: f"{c}_words", f"{HEADERS_JA[c]} (コード)": c})
        tables[key] = book[name].rename(columns=lambda c: back.get(c, c))
    return tables


def blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def same(a, b) -> bool:
    """A figure of the workbook (``a``) equals one of the JSON (``b``)."""
    if blank(b):
        return blank(a)
    if isinstance(b, bool):  # a Japanese workbook says はい / いいえ
        return not blank(a) and {"はい": True, "いいえ": False}.get(a, bool(a)) == b
    if isinstance(b, (int, float)):
        return not blank(a) and float(a) == pytest.approx(float(b), abs=1e-4)
    return str(a) == str(b)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_export_rounds_sheet_equals_analyze_json(folder, tmp_path, lang):
    sheets = export(folder, tmp_path / "out.xlsx", lang)
    rounds = sheets["rounds"]
    assert rounds["round"].tolist() == ROUNDS
    for _, row in rounds.iterrows():
        data = analyze_json(folder, "--round", int(row["round"]))
        expected = {
            "cutoff": data["cutoff"], "meetings": data["counts"]["meetings"], "agencies": data["agencies"],
            "links": data["links"], "referral_links": data["counts"]["referral_links"],
            "density": data["density"], "components": data["components"], "isolated": len(data["isolated"]),
            "no_referral": len(data["no_referral"]), "gaps": sum(len(g["agencies"]) for g in data["gaps"]),
            "cut_agencies": len(data["cut_agencies"]), "referrals": data["counts"]["referrals"],
            "cross_sector_links": data["counts"]["cross_sector_links"], "ei_index": data["ei_index"],
            "reciprocity": data["reciprocity"],
        }
        for key, value in expected.items():
            assert key in rounds.columns, key
            cell = row[key]
            if key == "cutoff":
                cell = str(cell)[:10]
            assert same(cell, value), (row["round"], key, cell, value)
    # the rounds differ: the export is not one round copied three times
    assert len(set(rounds["links"])) > 1


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_export_agencies_sheet_equals_analyze_json(folder, tmp_path, lang):
    sheet = export(folder, tmp_path / "out.xlsx", lang)["agencies"]
    assert len(sheet) == len(AGENCIES) * len(ROUNDS)
    for r in ROUNDS:
        data = analyze_json(folder, "--round", r)
        rows = sheet[sheet["round"] == r]
        assert sorted(rows["id"]) == sorted(a["id"] for a in data["per_agency"])
        for record in data["per_agency"]:
            (row,) = [x for _, x in rows.iterrows() if x["id"] == record["id"]]
            for key, value in record.items():
                assert key in sheet.columns, key
                assert same(row[key], value), (r, record["id"], key, row[key], value)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_export_gaps_sheet_equals_analyze_json(folder, tmp_path, lang):
    sheet = export(folder, tmp_path / "out.xlsx", lang)["gaps"]
    exported = {(int(x["round"]), int(x["boundary"]), x["kind"], x["id"]) for _, x in sheet.iterrows()}
    expected = {(r, g["boundary"], g["kind"], a) for r in ROUNDS for g in analyze_json(folder, "--round", r)["gaps"]
                for a in g["agencies"]}
    assert expected, "the test data has age gaps"
    assert exported == expected
    names = {a[0]: a[1] for a in AGENCIES}
    assert all(x["name"] == names[x["id"]] for _, x in sheet.iterrows())


def test_export_sectors_sheet_equals_analyze_json(folder, tmp_path):
    sheet = export(folder, tmp_path / "out.xlsx", "en")["sectors"]
    exported = {(int(x["round"]), frozenset((x["sector_a"], x["sector_b"])), int(x["links"]))
                for _, x in sheet.iterrows()}
    expected = {(r, frozenset(s["sectors"]), s["links"]) for r in ROUNDS
                for s in analyze_json(folder, "--round", r)["sector_links"]}
    assert exported == expected


def test_export_without_meetings_has_the_all_data_analysis(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals=[("lead", "youth"), ("school", "youth")])
    sheets = export(folder, tmp_path / "out.xlsx", "en")
    result = run("analyze", folder, "--format", "json")
    data = json.loads(result.stdout)
    (row,) = [x for _, x in sheets["rounds"].iterrows()]
    assert (row["agencies"], row["links"], row["isolated"]) == (data["agencies"], data["links"], len(data["isolated"]))
    assert len(sheets["agencies"]) == len(AGENCIES)


# ---------------------------------------------------------------- formulas are neutralised

DANGEROUS = [
    ("f1", '=HYPERLINK("http://x","y")', "+福祉", 6, 15),
    ("f2", "-2+3", "@SUM(A1:A9)", 20, 30),
    ("f3", "@cmd", "=1+1", "", ""),
    ("f4", "+81-3-1234-5678", "-", 40, 60),
]


def test_formula_cells_are_neutralised(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=DANGEROUS, meetings=[("m0", 0, "2025-04-01")],
                         attendance=[("m0", "f1"), ("m0", "f2")],
                         referrals=[("f1", "f2", "2025-03-01")])
    out = tmp_path / "out.xlsx"
    result = run("export", folder, "-o", out)
    assert result.exit_code == 0, result.output

    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", z.read(name)), f"a formula in {name}"

    from openpyxl import load_workbook

    book = load_workbook(out)  # formulas, not cached values
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in ("=", "+", "-", "@"), (sheet.title, cell.coordinate, cell.value)
                    texts.append(cell.value)
    # (ids that begin like a formula are refused when reading: tests/test_reading_honesty.py)
    # the text itself is kept, so people still recognise the agency
    for agency in DANGEROUS:
        for value in agency[:3]:
            if value not in ("", "-"):
                assert any(value in t for t in texts), value

    # and pandas reads them as text, not as computed values
    sheets = pd.read_excel(out, sheet_name=None)
    per_agency = sheets[SHEETS["ja"]["agencies"]]
    name_column = per_agency[HEADERS_JA["name"]].astype(str).tolist()
    assert any('HYPERLINK("http://x","y")' in n for n in name_column)
    assert not any(n == "y" for n in name_column)


# ---------------------------------------------------------------- never overwrites

def test_export_never_overwrites_without_force(folder, tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"my own workbook")
    before = sha(out)
    result = run("export", folder, "-o", out)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "out.xlsx" in result.output
    assert sha(out) == before
    result = run("export", folder, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert sha(out) != before
    assert set(pd.read_excel(out, sheet_name=None)) == set(SHEETS["ja"].values())


def test_export_of_invalid_data_writes_nothing(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES + [("lead", "二重")])
    out = tmp_path / "out.xlsx"
    result = run("export", folder, "-o", out)
    assert result.exit_code == 1, result.output
    assert "agencies.csv:8:" in result.output
    assert not out.exists()


def test_export_leaves_no_temporary_files(folder, tmp_path):
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    assert run("export", folder, "-o", out_dir / "a.xlsx").exit_code == 0
    assert run("export", folder, "-o", out_dir / "a.xlsx").exit_code == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["a.xlsx"]
