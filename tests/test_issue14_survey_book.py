"""Issue 14: ``import-survey ANSWERS -a network.xlsx -o network-survey.xlsx`` writes a copy whose 関係 sheet holds
the imported relations, keeping the rest of the workbook intact and the original unchanged."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from hikinet_graph.read.load import load_network

from conftest import run, sha

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "data" / "survey-example" / "answers.csv"
# the eight agencies the sample answers name (docs/excel-and-surveys.md)
AGENCIES = [
    ("shakyo", "社会福祉協議会", "福祉"), ("lead", "市ひきこもり支援主管課", "行政"),
    ("saposute", "地域若者サポートステーション", "若者"), ("hoken", "保健所", "保健"),
    ("kyoiku", "市教育委員会", "教育"), ("houkatsu", "地域包括支援センター", "高齢"),
    ("jiritsu", "自立相談支援機関", "生活困窮"), ("kazokukai", "家族会", "家族会"),
]


@pytest.fixture
def book(tmp_path) -> Path:
    """The template, filled in, with things a coordinator adds: a memo sheet, widths, a formula, a comment."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment

    assert run("init", tmp_path / "city", "--xlsx", "--name", "B市").exit_code == 0
    path = tmp_path / "city" / "network.xlsx"
    workbook = load_workbook(path)
    agencies = workbook["機関"]
    agencies.delete_rows(2, agencies.max_row)
    for row in AGENCIES:
        agencies.append(list(row))
    agencies.column_dimensions["B"].width = 33
    agencies["J1"] = "機関数"
    agencies["J2"] = "=COUNTA(A2:A100)"
    agencies["B2"].comment = Comment("コアメンバー", "coordinator")
    workbook["出席"].append(["m1", "lead"])
    memo = workbook.create_sheet("備考欄")
    memo.append(["次回までに保健所へ連絡"])
    workbook.save(path)
    return path


def sheet_values(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def test_the_copy_holds_the_answers_and_everything_else(book, tmp_path):
    from openpyxl import load_workbook

    before = sha(book)
    values_before = sheet_values(book)
    out = book.parent / "network-survey.xlsx"
    result = run("import-survey", ANSWERS, "-a", book, "-o", out)
    assert result.exit_code == 0, result.output
    assert sha(book) == before, "the original workbook changed"

    copy, original = load_workbook(out), load_workbook(book)
    assert copy.sheetnames == original.sheetnames
    values_after = sheet_values(out)
    for name in original.sheetnames:
        if name != "関係":
            assert values_after[name] == values_before[name], name
        sheet, kept = copy[name], original[name]
        assert {k: d.width for k, d in sheet.column_dimensions.items()} == \
               {k: d.width for k, d in kept.column_dimensions.items()}, name
        assert [(str(v.sqref), v.formula1, v.type) for v in sheet.data_validations.dataValidation] == \
               [(str(v.sqref), v.formula1, v.type) for v in kept.data_validations.dataValidation], name
        assert sheet.freeze_panes == kept.freeze_panes
    assert copy["機関"]["J2"].value == "=COUNTA(A2:A100)"
    assert copy["機関"]["B2"].comment.text == "コアメンバー"
    assert copy["設定"]["B2"].value == "B市"

    # the 関係 sheet: its header, then the survey's relations only
    relations = values_after["関係"]
    assert relations[0] == values_before["関係"][0]
    network = load_network(out)
    assert len(network.relations) == len(relations) - 1 > 20
    assert "社会福祉協議会 (shakyo)" not in result.output  # everyone the sample names is matched
    assert "回答のない機関: 自立相談支援機関 (jiritsu), 市教育委員会 (kyoiku)" in result.output
    assert "保健所 -> 社会福祉協議会: 1" in result.output
    assert "「関係」シートに入れました" in result.stderr
    assert "備考欄" in result.stderr  # the memo sheet is said, as by every command reading the workbook


def test_never_overwrites_without_force(book):
    out = book.parent / "network-survey.xlsx"
    out.write_bytes(b"mine")
    result = run("import-survey", ANSWERS, "-a", book, "-o", out)
    assert result.exit_code == 1
    assert out.read_bytes() == b"mine"
    assert "--force" in result.output
    result = run("import-survey", ANSWERS, "-a", book, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert len(load_network(out).relations) > 20


def test_output_may_not_be_the_original(book):
    before = sha(book)
    result = run("import-survey", ANSWERS, "-a", book, "-o", book, "--force")
    assert result.exit_code == 1
    assert sha(book) == before


def test_a_workbook_output_needs_a_workbook_to_copy(tmp_path):
    result = run("init", tmp_path / "c")
    assert result.exit_code == 0
    result = run("import-survey", ANSWERS, "-a", tmp_path / "c", "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "-a に機関の入った Excel ブック" in result.output


def test_relations_sheet_with_english_headers_in_another_order(book):
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    relations = workbook["関係"]
    relations.delete_rows(1, relations.max_row)
    relations.append(["level", "from", "to"])
    workbook.save(book)
    out = book.parent / "copy.xlsx"
    assert run("import-survey", ANSWERS, "-a", book, "-o", out).exit_code == 0
    header = [c.value for c in load_workbook(out)["関係"][1]]
    assert header == ["level", "from", "to", "date"]
    network = load_network(out)
    assert network.relations["level"].between(1, 4).all()
    assert network.relations["date"].notna().all()


def test_shapes_that_cannot_be_carried_over_are_said(book, tmp_path):
    """openpyxl keeps charts and images but drops drawn shapes: the command counts what it lost."""
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart, Reference

    workbook = load_workbook(book)
    chart = BarChart()
    chart.add_data(Reference(workbook["機関"], min_col=4, min_row=1, max_row=5))
    workbook["説明"].add_chart(chart, "H2")
    with_chart = tmp_path / "chart.xlsx"
    workbook.save(with_chart)
    shape = ('<twoCellAnchor><from><col>1</col><colOff>0</colOff><row>1</row><rowOff>0</rowOff></from><to>'
             '<col>3</col><colOff>0</colOff><row>4</row><rowOff>0</rowOff></to><sp macro="" textlink="">'
             '<nvSpPr><cNvPr id="9" name="Rect"/><cNvSpPr/></nvSpPr><spPr><a:prstGeom prst="rect"><a:avLst/>'
             '</a:prstGeom></spPr></sp><clientData/></twoCellAnchor>')
    with_shape = tmp_path / "shape.xlsx"
    with zipfile.ZipFile(with_chart) as source, zipfile.ZipFile(with_shape, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/drawings/drawing") and item.filename.endswith(".xml"):
                data = data.replace(b"</wsDr>", shape.encode() + b"</wsDr>")
            target.writestr(item, data)

    result = run("import-survey", ANSWERS, "-a", with_chart, "-o", tmp_path / "a.xlsx")
    assert result.exit_code == 0, result.output
    assert "写せませんでした" not in result.output  # the chart is carried over
    result = run("import-survey", ANSWERS, "-a", with_shape, "-o", tmp_path / "b.xlsx")
    assert result.exit_code == 0, result.output
    assert "注意 (warning): 元のブックの画像・グラフ・図形のうち 1 個は写せませんでした (shape 1)" in result.stderr
