"""Privacy and nothing lost: personal-data columns refused, --public pages, safe cells, untouched input."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import run, tree

AGENCIES = [
    ("a", "=HYPERLINK(\"http://x\",\"y\")", "福祉", "", "", "", "true"),
    ("b", "教育相談室", "教育", 6, 15, "", "false"),
    ("c", "サポステ", "若者", 16, 49, "", "false"),
]


@pytest.fixture
def folder(tmp_path, make_folder):
    return make_folder(
        tmp_path, agencies=AGENCIES,
        meetings=[("m0", 0, "2025-04-01", "", ""), ("m1", 1, "2025-07-01", "", "")],
        attendance=[("m0", "a"), ("m0", "b"), ("m1", "c"), ("m1", "a")],
        referrals=[("a", "b", "2025-03-01", 1, 87), ("b", "c", "2025-05-01", 2, 93), ("a", "c", "2025-06-01", 7, 88)],
        relations=[("b", "c", 3, "")],
    )


@pytest.mark.parametrize("stem, header", [
    ("referrals", "from,to,date,count,氏名"),
    ("referrals", "from,to,count,client_name"),
    ("referrals", "紹介元,紹介先,本人の住所"),
    ("referrals", "from,to,電話番号"),
    ("relations", "from,to,level,生年月日"),
    ("relations", "from,to,level,Birthday"),
    ("relations", "from,to,level,address"),
    ("relations", "from,to,level,phone"),
    ("referrals", "from,to,名前"),
])
def test_personal_data_column_is_refused(tmp_path, make_folder, stem, header):
    column = header.split(",")[-1]
    row = "a,b,1,x" if stem == "relations" else "a,b,1"
    folder = make_folder(tmp_path, agencies=AGENCIES, **{stem: f"{header}\n{row}\n"})
    result = run("validate", folder)
    assert result.exit_code == 1
    assert f"{stem}.csv:1:" in result.output
    assert f"column {column!r} looks like personal data" in result.output


def test_agency_name_column_is_not_personal_data(folder):
    result = run("validate", folder)
    assert result.exit_code == 0, result.output


def test_personal_data_column_in_a_workbook_sheet(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "機関"
    book.active.append(["機関ID"])
    book.active.append(["a"])
    book.active.append(["b"])
    sheet = book.create_sheet("紹介")
    sheet.append(["紹介元", "紹介先", "氏名"])
    sheet.append(["a", "b", "山田"])
    book.save(tmp_path / "book.xlsx")
    result = run("validate", tmp_path / "book.xlsx")
    assert result.exit_code == 1
    assert "book.xlsx[紹介]:1:" in result.output and "'氏名' looks like personal data" in result.output


def test_report_public_masks_small_counts(folder, tmp_path):
    out = tmp_path / "public"
    result = run("report", folder, "-o", out, "--public")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["public"] == {"threshold": 3, "suppressed": "x"}
    last = summary["rounds"][-1]
    per = {r["id"]: r for r in last["per_agency"]}
    # a referred once (<3) and 7 times (shown); b referred 2 (<3) and received 1 (<3):
    # every total that includes a small count is hidden ("x"), or 8 - 7 would give the 1 away
    assert per["a"]["referrals_out"] == "x" and per["a"]["referrals_in"] == 0
    assert per["b"]["referrals_out"] == "x" and per["b"]["referrals_in"] == "x"
    assert last["counts"]["referrals"] == "x" and last["counts"]["referral_rows"] == "x"
    rows = list(csv.DictReader((out / "agencies-by-round.csv").open(encoding="utf-8-sig")))
    assert {r["referrals_in"] for r in rows if r["id"] == "b"} == {"x"}
    metrics = list(csv.DictReader((out / "metrics.csv").open(encoding="utf-8-sig")))
    assert [r["referrals"] for r in metrics] == ["x", "x"]
    assert summary["change"]["metrics"]["referrals"] == {"before": "x", "after": "x", "delta": "x"}
    page = (out / "maps" / "round-1-network.html").read_text(encoding="utf-8")
    assert "紹介件数: 2" not in page and "紹介件数: 1" not in page
    assert "紹介件数: \\u003c3" in page or "紹介件数: <3" in page
    assert "紹介件数: 7" in page
    assert "紹介した件数: 8" not in page and "紹介した件数: x" in page
    for name in ("index.html", "maps/round-0-network.html", "maps/round-1-ages.html", "maps/change.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "公開用: 3件未満の紹介件数" in text and "x: 3件未満の値を含むため非表示" in text, name


def test_report_public_threshold_is_configurable(folder, tmp_path):
    out = tmp_path / "public"
    assert run("report", folder, "-o", out, "--public", "--threshold", "10").exit_code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["public"]["threshold"] == 10
    per = {r["id"]: r for r in summary["rounds"][-1]["per_agency"]}
    assert per["a"]["referrals_out"] == "x"  # 1 and 7, both below 10
    page = (out / "maps" / "round-1-network.html").read_text(encoding="utf-8")
    assert "紹介件数: 7" not in page and ("紹介件数: \\u003c10" in page or "紹介件数: <10" in page)


def test_internal_report_shows_counts(folder, tmp_path):
    out = tmp_path / "internal"
    assert run("report", folder, "-o", out).exit_code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["public"] is None
    assert "公開用" not in (out / "index.html").read_text(encoding="utf-8")


def test_no_client_ages_in_any_output(folder, tmp_path):
    out = tmp_path / "r"
    assert run("report", folder, "-o", out).exit_code == 0
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8-sig")
            assert "\"client_age\"" not in text and ",client_age" not in text, path
            assert "87歳" not in text and "93歳" not in text, path


def test_csv_and_workbook_cells_are_not_formulas(folder, tmp_path):
    analyzed = run("analyze", folder, "--format", "csv")
    assert analyzed.exit_code == 0
    names = {r["id"]: r["name"] for r in csv.DictReader(analyzed.output.splitlines())}
    assert names["a"] == "'=HYPERLINK(\"http://x\",\"y\")"
    out = tmp_path / "r"
    assert run("report", folder, "-o", out).exit_code == 0
    rows = list(csv.DictReader((out / "agencies-by-round.csv").open(encoding="utf-8-sig")))
    assert all(not r["name"].startswith("=") for r in rows)


def test_no_command_changes_the_input_folder(folder, tmp_path):
    before = tree(folder)
    out = tmp_path / "out"
    commands = [
        ("validate", folder), ("analyze", folder, "--format", "json"), ("analyze", folder, "--round", "1"),
        ("map", folder, "-o", out / "m.html"), ("map", folder, "--view", "ages", "-o", out / "a.html"),
        ("compare", f"{folder}@0", f"{folder}@1", "-o", out / "d.html"),
        ("report", folder, "-o", out / "report"), ("export", folder, "-o", out / "x.xlsx"),
    ]
    for command in commands:
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
    # and commands aimed into the input are refused without touching it
    for command in [("map", folder, "-o", folder / "m.html"), ("report", folder, "-o", folder / "r"),
                    ("export", folder, "-o", folder / "x.xlsx"), ("compare", folder, folder, "-o", folder / "d.html")]:
        result = run(*command)
        assert result.exit_code == 1, command
        assert "never writes into its input" in result.output
    assert tree(folder) == before


def test_export_never_overwrites_without_force(folder, tmp_path):
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"my own workbook")
    result = run("export", folder, "-o", target)
    assert result.exit_code == 1
    assert "use --force" in result.output
    assert target.read_bytes() == b"my own workbook"
    assert run("export", folder, "-o", target, "--force").exit_code == 0
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.browser
def test_browser_public_report_shows_note_and_masks(folder, tmp_path, open_page):
    out = tmp_path / "public"
    assert run("report", folder, "-o", out, "--public").exit_code == 0
    index = open_page(out / "index.html", wait_for=None)
    index.assert_clean()
    assert "公開用" in index.page.text_content("#public-note")
    opened = open_page(out / "maps" / "round-1-network.html")
    opened.assert_clean()
    assert "公開用" in opened.page.text_content("#public-note")
    titles = opened.evaluate("edges.get({filter: function (e) { return e.kind === 'referral'; }}).map(function (e) { return e.title; })")
    assert sorted(titles) == ["紹介件数: 7", "紹介件数: <3", "紹介件数: <3"]
    widths = opened.evaluate("edges.get({filter: function (e) { return e.kind === 'referral' && e.title.indexOf('<') >= 0; }}).map(function (e) { return e.width; })")
    assert len(set(widths)) == 1  # 1 and 2 drawn alike


def test_map_public_masks_small_counts(folder, tmp_path):
    out = tmp_path / "m.html"
    assert run("map", folder, "--round", "1", "-o", out, "--public").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "公開用: 3件未満の紹介件数" in page
    assert "紹介件数: 2" not in page and "紹介件数: 7" in page
