"""``hikinet import-survey ANSWERS -a AGENCIES -o relations.csv`` (issue 5, item 4).

Wide questionnaire answers (one row per answering agency, one column per other
agency; a level 0-4 or 知らない / 顔見知り / 情報共有 / 紹介 / 協働) become
relations.csv. Names are matched tolerantly (spaces, full/half width, 社協 ↔
社会福祉協議会) but an unsure match stops the import and asks for a mapping
file. Non-respondents and pairs whose answers differ by 2 levels or more are
reported.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import run, sha

AGENCIES = (
    "機関ID,機関名,分野,対象年齢下限,対象年齢上限,支援スタイル,コアメンバー\n"
    "shakyo,社会福祉協議会,福祉,,,両方,はい\n"
    "youth,若者サポートステーション,若者,15,39,伴走型,いいえ\n"
    "npo,ＮＰＯ法人ひまわり,民間,,,伴走型,いいえ\n"
    "lead,市 ひきこもり相談窓口,行政,,,課題解決型,はい\n"
    "school,教育相談室,教育,6,15,課題解決型,いいえ\n"
)
NAMES = {"shakyo": "社会福祉協議会", "youth": "若者サポートステーション", "npo": "ＮＰＯ法人ひまわり",
         "lead": "市 ひきこもり相談窓口", "school": "教育相談室"}

# as the electronic application system exports it: a receipt number, the agency,
# the person who answered (personal data!), the date, then one column per agency,
# written the way people write names (abbreviated, spaced, half-width)
ANSWERS_HEADER = ["受付番号", "回答機関", "回答者", "回答日",
                  "社協", "若者　サポートステーション", "NPO法人ひまわり", "市ひきこもり相談窓口", "教育相談室"]
ANSWERS_ROWS = [
    ["A-0001", "社会福祉協議会", "山田太郎", "2025/7/1", "", "顔見知り", "４", "知らない", "0"],
    ["A-0002", "若者サポートステーション", "佐藤花子", "令和7年7月2日", "2", "", "紹介", "情報共有", "協働"],
    ["A-0003", "ＮＰＯ法人 ひまわり", "鈴木一郎", "2025-07-03", "1", "0", "", "3", "顔見知り"],
]
PEOPLE = ["山田太郎", "佐藤花子", "鈴木一郎", "A-0001", "A-0002", "A-0003"]
EXPECTED = {
    ("shakyo", "youth", 1, "2025-07-01"), ("shakyo", "npo", 4, "2025-07-01"),
    ("youth", "shakyo", 2, "2025-07-02"), ("youth", "npo", 3, "2025-07-02"),
    ("youth", "lead", 2, "2025-07-02"), ("youth", "school", 4, "2025-07-02"),
    ("npo", "shakyo", 1, "2025-07-03"), ("npo", "lead", 3, "2025-07-03"), ("npo", "school", 1, "2025-07-03"),
}


def answers_text(header=ANSWERS_HEADER, rows=ANSWERS_ROWS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def setup(tmp_path):
    """A network folder (agencies only, Japanese headers) and a CP932 answers file outside it."""
    folder = tmp_path / "city"
    folder.mkdir()
    (folder / "agencies.csv").write_text(AGENCIES, encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_bytes(answers_text().encode("cp932"))
    return folder, answers


def read_relations(path: Path) -> set[tuple]:
    text = path.read_bytes().decode("utf-8-sig") if path.read_bytes()[:3] == b"\xef\xbb\xbf" else \
        path.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert [h.strip().lower() for h in header][:3] == ["from", "to", "level"], header
    out = set()
    for row in rows[1:]:
        if not any(row):
            continue
        record = dict(zip(header, row))
        out.add((record["from"], record["to"], int(record["level"]), record.get("date", "")))
    return out


def line_naming(output: str, *ids: str) -> list[str]:
    """Output lines that mention every agency of ``ids`` (by id or by name)."""
    return [l for l in output.splitlines() if all(i in l or NAMES[i] in l for i in ids)]


def mentions(line: str, agency: str) -> bool:
    return agency in line or NAMES[agency] in line


# ---------------------------------------------------------------- the import

def test_answers_file_is_really_cp932(setup):
    _, answers = setup
    with pytest.raises(UnicodeDecodeError):
        answers.read_bytes().decode("utf-8")


@pytest.mark.parametrize("agencies_arg", ["file", "folder"])
def test_import_levels_and_words(setup, agencies_arg):
    folder, answers = setup
    out = folder / "relations.csv"
    source = folder / "agencies.csv" if agencies_arg == "file" else folder
    result = run("import-survey", answers, "-a", source, "-o", out)
    assert result.exit_code == 0, result.output
    assert read_relations(out) == EXPECTED


def test_no_relation_answers_produce_no_row(setup):
    folder, answers = setup
    out = folder / "relations.csv"
    assert run("import-survey", answers, "-a", folder, "-o", out).exit_code == 0
    pairs = {(a, b) for a, b, _, _ in read_relations(out)}
    assert ("shakyo", "lead") not in pairs     # 知らない
    assert ("shakyo", "school") not in pairs   # 0
    assert ("npo", "youth") not in pairs       # 0
    assert ("youth", "youth") not in pairs and ("npo", "npo") not in pairs
    assert all(level >= 1 for _, _, level, _ in read_relations(out))


def test_personal_and_system_columns_are_never_copied(setup):
    folder, answers = setup
    out = folder / "relations.csv"
    result = run("import-survey", answers, "-a", folder, "-o", out)
    assert result.exit_code == 0, result.output
    written = out.read_bytes().decode("utf-8-sig")
    for value in PEOPLE + ["回答者", "受付番号"]:
        assert value not in written, value
    # nor echoed to the screen (or a log that captures it)
    for person in PEOPLE[:3]:
        assert person not in result.output, person


def test_output_validates_as_relations_csv_in_its_folder(setup):
    folder, answers = setup
    out = folder / "relations.csv"
    result = run("import-survey", answers, "-a", folder / "agencies.csv", "-o", out)
    assert result.exit_code == 0, result.output
    result = run("validate", folder, "--lang", "en")  # issue 14: the summary is wholly in one language
    assert result.exit_code == 0, result.output
    assert f"{len(EXPECTED)} relation rows" in result.output
    data = json.loads(run("analyze", folder, "--format", "json").stdout)
    # relations make links: everyone who answered or was named is linked
    assert data["isolated"] == []
    assert data["links"] == len({tuple(sorted((a, b))) for a, b, _, _ in EXPECTED})


def test_non_respondents_are_listed(setup):
    folder, answers = setup
    result = run("import-survey", answers, "-a", folder, "-o", folder / "relations.csv")
    assert result.exit_code == 0, result.output
    lines = line_naming(result.output, "lead", "school")
    assert lines, result.output
    assert not any(mentions(lines[0], a) for a in ("shakyo", "youth", "npo")), lines[0]


def test_everyone_answered_lists_no_one(tmp_path):
    agencies = tmp_path / "agencies.csv"
    agencies.write_text("機関ID,機関名\na,甲\nb,乙\n", encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text("回答機関,甲,乙\n甲,,2\n乙,3,\n", encoding="utf-8")
    result = run("import-survey", answers, "-a", agencies, "-o", tmp_path / "relations.csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert read_relations(tmp_path / "relations.csv") == {("a", "b", 2, ""), ("b", "a", 3, "")}


def test_discrepancies_of_two_levels_or_more_are_listed(setup):
    folder, answers = setup
    result = run("import-survey", answers, "-a", folder, "-o", folder / "relations.csv")
    assert result.exit_code == 0, result.output
    # shakyo -> npo 4, npo -> shakyo 1: 3 apart
    assert line_naming(result.output, "shakyo", "npo"), result.output
    # youth -> npo 3 (紹介), npo -> youth 0: 3 apart
    assert line_naming(result.output, "youth", "npo"), result.output
    # shakyo -> youth 1, youth -> shakyo 2: one level only
    assert not line_naming(result.output, "shakyo", "youth"), result.output


def test_discrepancy_threshold_is_two_levels(tmp_path):
    agencies = tmp_path / "agencies.csv"
    agencies.write_text("機関ID,機関名\na,甲\nb,乙\nc,丙\n", encoding="utf-8")
    answers = tmp_path / "answers.csv"
    # a-b: 1 vs 3 (2 apart: listed); a-c: 2 vs 3 (1 apart: not); b-c: 4 vs 4
    answers.write_text("回答機関,甲,乙,丙\n甲,,1,2\n乙,3,,協働\n丙,紹介,4,\n", encoding="utf-8")
    result = run("import-survey", answers, "-a", agencies, "-o", tmp_path / "relations.csv")
    assert result.exit_code == 0, result.output
    pair_lines = lambda x, y: [l for l in result.output.splitlines() if x in l and y in l]
    assert pair_lines("甲", "乙")
    assert not pair_lines("甲", "丙")
    assert not pair_lines("乙", "丙")


# ---------------------------------------------------------------- name matching

@pytest.mark.parametrize("written, agency", [
    ("社協", "shakyo"),
    ("社会福祉協議会", "shakyo"),
    ("社会 福祉 協議会", "shakyo"),
    ("若者サポートステーション", "youth"),
    ("若者 サポートステーション", "youth"),
    ("若者　サポートステーション", "youth"),
    ("若者ｻﾎﾟｰﾄｽﾃｰｼｮﾝ", "youth"),
    ("NPO法人ひまわり", "npo"),
    ("ＮＰＯ法人ひまわり", "npo"),
    ("npo法人 ひまわり", "npo"),
    ("市ひきこもり相談窓口", "lead"),
    ("市　ひきこもり相談窓口", "lead"),
    (" 教育相談室 ", "school"),
])
def test_tolerant_name_matching(tmp_path, written, agency):
    agencies = tmp_path / "agencies.csv"
    agencies.write_text(AGENCIES, encoding="utf-8")
    other = "school" if agency != "school" else "youth"
    answers = tmp_path / "answers.csv"
    # the name as a column (the agency answered about) and as a row (the agency answering)
    text = answers_text(["回答機関", written, NAMES[other]], [[NAMES[other], "協働", ""], [written, "", "情報共有"]])
    answers.write_bytes(text.encode("cp932"))
    out = tmp_path / "relations.csv"
    result = run("import-survey", answers, "-a", agencies, "-o", out)
    assert result.exit_code == 0, result.output
    assert read_relations(out) == {(other, agency, 4, ""), (agency, other, 2, "")}


def test_abbreviation_in_the_agency_list_matches_the_full_name(tmp_path):
    """社協 ↔ 社会福祉協議会 works both ways: the list may hold the short form."""
    agencies = tmp_path / "agencies.csv"
    agencies.write_text("機関ID,機関名\nshakyo,市社協\nyouth,サポステ\n", encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text("回答機関,市社会福祉協議会,サポステ\n市社会福祉協議会,,紹介\n", encoding="utf-8")
    out = tmp_path / "relations.csv"
    result = run("import-survey", answers, "-a", agencies, "-o", out)
    assert result.exit_code == 0, result.output
    assert read_relations(out) == {("shakyo", "youth", 3, "")}


UNSURE_AGENCIES = (
    "機関ID,機関名\n"
    "north,北地域包括支援センター\n"
    "south,南地域包括支援センター\n"
    "school,教育相談室\n"
)


@pytest.fixture
def unsure(tmp_path):
    agencies = tmp_path / "agencies.csv"
    agencies.write_text(UNSURE_AGENCIES, encoding="utf-8")
    answers = tmp_path / "answers.csv"
    text = answers_text(["回答機関", "包括", "教育相談室"], [["教育相談室", "協働", ""]])
    answers.write_bytes(text.encode("cp932"))
    return agencies, answers, tmp_path / "out" / "relations.csv"


def test_unsure_name_stops_the_import(unsure):
    agencies, answers, out = unsure
    result = run("import-survey", answers, "-a", agencies, "-o", out)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "包括" in result.output
    # the candidates are suggested, by id or by name
    assert ("north" in result.output or "北地域包括支援センター" in result.output)
    assert ("south" in result.output or "南地域包括支援センター" in result.output)
    assert "--map" in result.output
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_name_that_fits_two_agencies_exactly_is_unsure(tmp_path):
    """「地域包括支援センター」 fits both centres equally well: ask, never pick one."""
    agencies = tmp_path / "agencies.csv"
    agencies.write_text("機関ID,機関名\nnorth,地域包括支援センター（北）\nsouth,地域包括支援センター（南）\n"
                        "school,教育相談室\n", encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text("回答機関,地域包括支援センター\n教育相談室,協働\n", encoding="utf-8")
    out = tmp_path / "relations.csv"
    result = run("import-survey", answers, "-a", agencies, "-o", out)
    assert result.exit_code == 1, result.output
    assert "north" in result.output and "south" in result.output
    assert not out.exists()
    mapping = tmp_path / "map.csv"
    mapping.write_text("名前,機関ID\n地域包括支援センター,north\n", encoding="utf-8")
    result = run("import-survey", answers, "-a", agencies, "-o", out, "--map", mapping)
    assert result.exit_code == 0, result.output
    assert read_relations(out) == {("school", "north", 4, "")}


@pytest.mark.parametrize("answers_csv, named", [
    ("回答機関,北地域包括支援センター\n包括センター,協働\n", "包括センター"),
    ("回答機関,教育相談センター\n北地域包括支援センター,協働\n", "教育相談センター"),
], ids=["unsure_respondent_name_stops_the_import", "unknown_name_is_not_guessed"])
def test_unsure_or_unknown_name_stops_the_import(tmp_path, answers_csv, named):
    agencies = tmp_path / "agencies.csv"
    agencies.write_text(UNSURE_AGENCIES, encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text(answers_csv, encoding="utf-8")
    out = tmp_path / "relations.csv"
    result = run("import-survey", answers, "-a", agencies, "-o", out)
    assert result.exit_code == 1, result.output
    assert named in result.output
    assert not out.exists()


def test_map_file_resolves_unsure_names(unsure):
    agencies, answers, out = unsure
    mapping = out.parent.parent / "map.csv"
    mapping.write_bytes("名前,機関ID\n包括,south\n".encode("cp932"))
    result = run("import-survey", answers, "-a", agencies, "-o", out, "--map", mapping)
    assert result.exit_code == 0, result.output
    assert read_relations(out) == {("school", "south", 4, "")}


def test_map_file_with_unknown_id_is_an_error(unsure):
    agencies, answers, out = unsure
    mapping = out.parent.parent / "map.csv"
    mapping.write_text("名前,機関ID\n包括,east\n", encoding="utf-8")
    result = run("import-survey", answers, "-a", agencies, "-o", out, "--map", mapping)
    assert result.exit_code == 1, result.output
    assert "east" in result.output
    assert not out.exists()


# ---------------------------------------------------------------- other answers

def test_bad_answer_stops_the_import(setup):
    folder, answers = setup
    rows = [list(r) for r in ANSWERS_ROWS]
    rows[1][6] = "5"
    answers.write_bytes(answers_text(rows=rows).encode("cp932"))
    out = folder / "relations.csv"
    result = run("import-survey", answers, "-a", folder, "-o", out)
    assert result.exit_code == 1, result.output
    assert ":3:" in result.output  # the answers file's line
    assert not out.exists()


@pytest.mark.parametrize("given", ["2025/7/10", "令和7年7月10日", "R7.7.10"])
def test_date_option_for_answers_without_a_date(tmp_path, given):
    agencies = tmp_path / "agencies.csv"
    agencies.write_text("機関ID,機関名\na,甲\nb,乙\n", encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text("回答機関,甲,乙\n甲,,2\n", encoding="utf-8-sig")
    out = tmp_path / "relations.csv"
    result = run("import-survey", answers, "-a", agencies, "-o", out, "--date", given)
    assert result.exit_code == 0, result.output
    assert read_relations(out) == {("a", "b", 2, "2025-07-10")}


def test_answers_as_workbook(tmp_path):
    from openpyxl import Workbook

    agencies = tmp_path / "agencies.csv"
    agencies.write_text(AGENCIES, encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.append(ANSWERS_HEADER)
    for row in ANSWERS_ROWS:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    book.save(tmp_path / "answers.xlsx")
    out = tmp_path / "relations.csv"
    result = run("import-survey", tmp_path / "answers.xlsx", "-a", agencies, "-o", out)
    assert result.exit_code == 0, result.output
    assert read_relations(out) == EXPECTED


# ---------------------------------------------------------------- never overwrites

def test_refuses_to_overwrite_without_force(setup):
    folder, answers = setup
    out = folder / "relations.csv"
    out.write_text("from,to,level\nshakyo,youth,4\n", encoding="utf-8")
    before = sha(out)
    result = run("import-survey", answers, "-a", folder, "-o", out)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "relations.csv" in result.output
    assert sha(out) == before
    result = run("import-survey", answers, "-a", folder, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert read_relations(out) == EXPECTED


def test_failed_import_with_force_keeps_the_old_file(unsure):
    agencies, answers, out = unsure
    out.parent.mkdir()
    out.write_text("from,to,level\nschool,north,4\n", encoding="utf-8")
    before = sha(out)
    result = run("import-survey", answers, "-a", agencies, "-o", out, "--force")
    assert result.exit_code == 1, result.output
    assert sha(out) == before


def test_output_may_not_be_an_input(setup):
    folder, answers = setup
    before = sha(answers)
    result = run("import-survey", answers, "-a", folder, "-o", answers, "--force")
    assert result.exit_code == 1, result.output
    assert sha(answers) == before
