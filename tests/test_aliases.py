"""Japanese headers, values and dates (issue 5, "Japanese headers and values").

Written from the specification (/tmp/issue5 item 2) and docs/data-format.md:
every header alias of the one alias table lands in its canonical column, every
value alias and date form means what it says, era dates before their era began
are errors, and CP932 / BOM files with Japanese headers load.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import run, save_book

from hikinet_graph import vocabulary as aliases
from hikinet_graph.errors import DataError
from hikinet_graph.read.load import load_network

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------- a base folder, English headers

BASE = {
    "agencies": (["id", "name", "sector", "age_min", "age_max", "style", "core", "resource"],
                 [["a1", "機関一", "福祉", "7", "39", "accompaniment", "true", "false"],
                  ["a2", "機関二", "教育", "6", "15", "both", "false", "はい"]]),
    "meetings": (["id", "round", "date", "kind", "title", "round_label", "purpose", "outcome", "next_steps"],
                 [["m1", "2", "2025-04-03", "working_group", "第一回", "第一回WG", "意見交換", "課題の整理", "実態調査"]]),
    "attendance": (["meeting_id", "agency_id"], [["m1", "a2"]]),
    "referrals": (["from", "to", "date", "count", "client_age"], [["a2", "a1", "2025-04-02", "3", "17"]]),
    "relations": (["from", "to", "level", "date"], [["a2", "a1", "3", "2025-04-02"]]),
}


def _text(header, rows) -> str:
    return "\n".join(",".join(cells) for cells in [header] + rows) + "\n"


def base_folder(tmp_path, make_folder, stem=None, column=None, header=None, encoding="utf-8"):
    """The base folder, with ``column`` of file ``stem`` headed ``header`` instead of its English name."""
    files = {}
    for name, (cols, rows) in BASE.items():
        cols = list(cols)
        if name == stem:
            cols[cols.index(column)] = header
        files[name] = _text(cols, rows)
    return make_folder(tmp_path, encoding=encoding, **files)


def _day(series_value) -> dt.date:
    return series_value.date() if hasattr(series_value, "date") else series_value


# what each canonical column of the base folder must load as
EXPECTED = {
    ("agencies", "id"): lambda n: n.ids == ["a1", "a2"],
    ("agencies", "name"): lambda n: n.agencies[0].name == "機関一" and "name" not in n.agencies[0].attrs,
    ("agencies", "sector"): lambda n: n.agencies[0].sector == "福祉",
    ("agencies", "age_min"): lambda n: (n.agencies[0].age_min, n.agencies[1].age_min) == (7, 6),
    ("agencies", "age_max"): lambda n: (n.agencies[0].age_max, n.agencies[1].age_max) == (39, 15),
    ("agencies", "style"): lambda n: (n.agencies[0].style, n.agencies[1].style) == ("accompaniment", "both"),
    ("agencies", "core"): lambda n: (n.agencies[0].core, n.agencies[1].core) == (True, False),
    ("agencies", "resource"): lambda n: (n.agencies[0].resource, n.agencies[1].resource) == (False, True),
    ("meetings", "id"): lambda n: [m.id for m in n.meetings] == ["m1"],
    ("meetings", "round"): lambda n: n.meetings[0].round == 2,
    ("meetings", "date"): lambda n: n.meetings[0].date == dt.date(2025, 4, 3),
    ("meetings", "kind"): lambda n: n.meetings[0].kind == "working_group",
    ("meetings", "title"): lambda n: n.meetings[0].title == "第一回",
    ("meetings", "round_label"): lambda n: n.meetings[0].round_label == "第一回WG",
    ("meetings", "purpose"): lambda n: n.meetings[0].purpose == "意見交換",
    ("meetings", "outcome"): lambda n: n.meetings[0].outcome == "課題の整理",
    ("meetings", "next_steps"): lambda n: n.meetings[0].next_steps == "実態調査",
    ("attendance", "meeting_id"): lambda n: n.attendance["meeting"].tolist() == [0],
    ("attendance", "agency_id"): lambda n: n.attendance["agency"].tolist() == [1],
    ("referrals", "from"): lambda n: n.referrals["src"].tolist() == [1],
    ("referrals", "to"): lambda n: n.referrals["dst"].tolist() == [0],
    ("referrals", "date"): lambda n: _day(n.referrals["date"].iloc[0]) == dt.date(2025, 4, 2),
    ("referrals", "count"): lambda n: n.referrals["count"].tolist() == [3],
    ("referrals", "client_age"): lambda n: n.referrals["client_age"].tolist() == [17],
    ("relations", "from"): lambda n: n.relations["src"].tolist() == [1],
    ("relations", "to"): lambda n: n.relations["dst"].tolist() == [0],
    ("relations", "level"): lambda n: n.relations["level"].tolist() == [3],
    ("relations", "date"): lambda n: _day(n.relations["date"].iloc[0]) == dt.date(2025, 4, 2),
}

ALL_ALIASES = [
    pytest.param(stem, alias, canonical, id=f"{stem}:{alias}")
    for stem, table in aliases.COLUMN_ALIASES.items()
    for alias, canonical in table.items()
]


def test_base_folder_loads_with_english_headers(tmp_path, make_folder):
    network = load_network(base_folder(tmp_path, make_folder))
    for key, check in EXPECTED.items():
        assert check(network), key


def test_every_canonical_column_is_checked():
    columns = {(stem, c) for stem, cols in aliases.FILES.items() for c in cols}
    assert columns == set(EXPECTED)
    for stem, table in aliases.COLUMN_ALIASES.items():
        assert set(table.values()) <= set(aliases.FILES[stem])


@pytest.mark.parametrize("stem, alias, canonical", ALL_ALIASES)
def test_header_alias_lands_in_canonical_column(tmp_path, make_folder, stem, alias, canonical):
    network = load_network(base_folder(tmp_path, make_folder, stem, canonical, alias))
    assert EXPECTED[(stem, canonical)](network), f"{alias} did not fill {stem}.{canonical}"


# the headers the specification names, and the ones docs/data-format.md lists
SPEC_HEADERS = [
    ("agencies", "機関ID", "id"), ("agencies", "機関コード", "id"), ("agencies", "機関名", "name"),
    ("agencies", "名称", "name"), ("agencies", "分野", "sector"), ("agencies", "領域", "sector"),
    ("agencies", "対象年齢下限", "age_min"), ("agencies", "年齢下限", "age_min"),
    ("agencies", "対象年齢上限", "age_max"), ("agencies", "年齢上限", "age_max"),
    ("agencies", "支援スタイル", "style"), ("agencies", "支援の型", "style"),
    ("agencies", "コアメンバー", "core"), ("agencies", "コア", "core"),
    ("meetings", "会議ID", "id"), ("meetings", "回", "round"), ("meetings", "開催回", "round"),
    ("meetings", "開催日", "date"), ("meetings", "日付", "date"), ("meetings", "種別", "kind"),
    ("meetings", "会議種別", "kind"), ("meetings", "会議名", "title"), ("meetings", "名称", "title"),
    ("attendance", "会議ID", "meeting_id"), ("attendance", "機関ID", "agency_id"),
    ("referrals", "紹介元", "from"), ("referrals", "紹介先", "to"), ("referrals", "紹介日", "date"),
    ("referrals", "日付", "date"), ("referrals", "件数", "count"), ("referrals", "年齢", "client_age"),
    ("referrals", "本人年齢", "client_age"),
    ("relations", "機関", "from"), ("relations", "回答機関", "from"), ("relations", "相手機関", "to"),
    ("relations", "相手", "to"), ("relations", "レベル", "level"), ("relations", "関係レベル", "level"),
    ("relations", "回答日", "date"), ("relations", "日付", "date"),
]


@pytest.mark.parametrize("stem, header, canonical", SPEC_HEADERS, ids=lambda v: str(v))
def test_documented_header_is_in_the_alias_table(tmp_path, make_folder, stem, header, canonical):
    assert aliases.COLUMN_ALIASES[stem].get(aliases.normalize_header(header)) == canonical
    network = load_network(base_folder(tmp_path, make_folder, stem, canonical, header))
    assert EXPECTED[(stem, canonical)](network)


def test_every_alias_is_documented():
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    folded = aliases.normalize_header(doc)
    missing = [a for table in aliases.COLUMN_ALIASES.values() for a in table if a not in folded]
    missing += [v for table in (aliases.STYLE_VALUES, aliases.BOOL_VALUES, aliases.LEVEL_VALUES)
                for v in table if v and v not in doc]
    assert missing == []


@pytest.mark.parametrize("header", ["機関 ID", "機関ＩＤ", " 機関id ", "\u3000機関ID\u3000"])
def test_japanese_header_ignores_spaces_case_and_width(tmp_path, make_folder, header):
    network = load_network(base_folder(tmp_path, make_folder, "agencies", "id", header))
    assert network.ids == ["a1", "a2"]


@pytest.mark.parametrize("header", ["id,機関ID,name", "機関ID,機関コード,name"])
def test_alias_and_canonical_header_together_is_a_duplicate_column(tmp_path, make_folder, header):
    """docs: 'A column given twice is an error' -- an alias and its column are the same column."""
    folder = make_folder(tmp_path, agencies=header + "\na1,a1,一\n")
    result = run("validate", folder)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert re.search(r"agencies\.csv:1: ", result.output), result.output


def test_whole_folder_in_japanese(tmp_path, make_folder):
    folder = make_folder(
        tmp_path,
        agencies="機関ID,機関名,分野,対象年齢下限,対象年齢上限,支援スタイル,コアメンバー\n"
                 "school,教育相談室,教育,６,15歳,課題解決型,いいえ\n"
                 "youth,サポステ,若者,16,39,伴走型,○\n"
                 "lead,主管課,行政,,,両方,はい\n",
        meetings="会議ID,回,開催日,種別,会議名\nm0,0,令和7年4月1日,準備会,準備会\nm1,1,R7.5.20,WG,第1回\n",
        attendance="会議ID,機関ID\nm0,lead\nm0,school\nm1,youth\n",
        referrals="紹介元,紹介先,紹介日,件数,年齢\nschool,youth,2025年5月1日,2,16\n",
        relations="回答機関,相手機関,レベル,回答日\nlead,youth,情報共有,2025/4/1\n",
    )
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    network = load_network(folder)
    school, youth, lead = network.agencies
    assert (school.age_min, school.age_max, school.style, school.core) == (6, 15, "problem_solving", False)
    assert (youth.style, youth.core, lead.style, lead.core) == ("accompaniment", True, "both", True)
    assert [(m.round, m.date) for m in network.meetings] == [(0, dt.date(2025, 4, 1)), (1, dt.date(2025, 5, 20))]
    assert network.referrals[["src", "dst", "count"]].values.tolist() == [[0, 1, 2]]
    assert network.relations["level"].tolist() == [2]


# ---------------------------------------------------------------- values

@pytest.mark.parametrize("word, style", [
    ("伴走型", "accompaniment"), ("課題解決型", "problem_solving"), ("両方", "both"),
    ("accompaniment", "accompaniment"), ("problem_solving", "problem_solving"), ("both", "both"), ("", ""),
])
def test_style_values(tmp_path, make_folder, word, style):
    folder = make_folder(tmp_path, agencies=f"機関ID,支援スタイル\na1,{word}\n")
    assert load_network(folder).agencies[0].style == style


@pytest.mark.parametrize("word, core", [
    ("はい", True), ("いいえ", False), ("○", True), ("×", False),
    ("true", True), ("false", False), ("1", True), ("0", False), ("yes", True), ("no", False), ("", False),
])
def test_core_values(tmp_path, make_folder, word, core):
    folder = make_folder(tmp_path, agencies=f"機関ID,コアメンバー\na1,{word}\na2,{'×' if core else '○'}\n")
    network = load_network(folder)
    assert network.agencies[0].core is core
    assert network.agencies[1].core is (not core)


@pytest.mark.parametrize("column, word", [("支援スタイル", "普通"), ("コアメンバー", "たぶん"), ("コアメンバー", "△")])
def test_unknown_value_is_an_error_on_its_line(tmp_path, make_folder, column, word):
    folder = make_folder(tmp_path, agencies=f"機関ID,{column}\na1,\na2,{word}\n")
    result = run("validate", folder)
    assert result.exit_code == 1, result.output
    assert re.search(r"agencies\.csv:3: ", result.output), result.output


@pytest.mark.parametrize("word, level", [("顔見知り", 1), ("情報共有", 2), ("紹介", 3), ("協働", 4),
                                         ("1", 1), ("４", 4)])
def test_relation_level_words(tmp_path, make_folder, word, level):
    folder = make_folder(tmp_path, agencies=[("a",), ("b",)],
                         relations=f"回答機関,相手機関,レベル\na,b,{word}\n")
    assert load_network(folder).relations["level"].tolist() == [level]


@pytest.mark.parametrize("word", ["知らない", "0", "5", "仲良し"])
def test_relation_level_outside_1_to_4_is_an_error(tmp_path, make_folder, word):
    """relations.csv holds levels 1-4; 'no relation' is not a row (docs: no row silently dropped)."""
    folder = make_folder(tmp_path, agencies=[("a",), ("b",)],
                         relations=f"回答機関,相手機関,レベル\na,b,1\na,b,{word}\n")
    result = run("validate", folder)
    assert result.exit_code == 1, result.output
    assert re.search(r"relations\.csv:3: ", result.output), result.output


# ---------------------------------------------------------------- dates

DATE_FORMS = [
    ("2025/4/1", dt.date(2025, 4, 1)),
    ("2025/04/01", dt.date(2025, 4, 1)),
    ("2025-04-01", dt.date(2025, 4, 1)),
    ("2025年4月1日", dt.date(2025, 4, 1)),
    ("令和7年4月1日", dt.date(2025, 4, 1)),
    ("R7.4.1", dt.date(2025, 4, 1)),
    ("r7.4.1", dt.date(2025, 4, 1)),
    ("令和元年5月1日", dt.date(2019, 5, 1)),
    ("R1.5.1", dt.date(2019, 5, 1)),
    ("H31.4.30", dt.date(2019, 4, 30)),
    ("平成31年4月30日", dt.date(2019, 4, 30)),
    ("平成元年1月8日", dt.date(1989, 1, 8)),
    ("S64.1.7", dt.date(1989, 1, 7)),
    ("昭和元年12月25日", dt.date(1926, 12, 25)),
    ("２０２５/４/１", dt.date(2025, 4, 1)),
    ("２０２５年４月１日", dt.date(2025, 4, 1)),
    ("令和７年４月１日", dt.date(2025, 4, 1)),
    ("Ｒ７．４．１", dt.date(2025, 4, 1)),
    ("２０２５－０４－０１", dt.date(2025, 4, 1)),
]


@pytest.mark.parametrize("text, date", DATE_FORMS, ids=[t for t, _ in DATE_FORMS])
def test_date_forms(tmp_path, make_folder, text, date):
    folder = make_folder(tmp_path, agencies=[("a",), ("b",)],
                         meetings=f"会議ID,回,開催日\nm1,0,{text}\n",
                         referrals=f"紹介元,紹介先,紹介日\na,b,{text}\n",
                         relations=f"回答機関,相手機関,レベル,回答日\na,b,1,{text}\n")
    network = load_network(folder)
    assert network.meetings[0].date == date
    assert _day(network.referrals["date"].iloc[0]) == date
    assert _day(network.relations["date"].iloc[0]) == date


BAD_DATES = ["令和1年4月30日", "R1.4.30", "令和元年4月30日", "H1.1.7", "平成元年1月7日", "昭和元年12月24日",
             "令和0年5月1日", "2025-02-30", "令和7年2月30日", "2025/13/1", "来週"]


@pytest.mark.parametrize("text", BAD_DATES)
def test_bad_dates_are_errors_on_their_line(tmp_path, make_folder, text):
    folder = make_folder(tmp_path, agencies=[("a",)],
                         meetings=f"会議ID,回,開催日\nm0,0,2025/4/1\nm1,1,{text}\n")
    result = run("validate", folder)
    assert result.exit_code == 1, result.output
    assert re.search(r"meetings\.csv:3: .*" + re.escape(text), result.output), result.output
    with pytest.raises(DataError):
        load_network(folder)


def test_excel_date_cells(tmp_path):
    book = save_book(tmp_path / "book.xlsx", {
        "機関": [["機関ID"], ["a"], ["b"]],
        "会議": [["会議ID", "回", "開催日"], ["m0", 0, dt.datetime(2025, 4, 1)], ["m1", 1, dt.date(2025, 5, 20)]],
        "紹介": [["紹介元", "紹介先", "紹介日"], ["a", "b", dt.datetime(2025, 4, 15)]],
        "関係": [["回答機関", "相手機関", "レベル", "回答日"], ["a", "b", 2, dt.datetime(2025, 4, 2)]],
    })
    network = load_network(book)
    assert [m.date for m in network.meetings] == [dt.date(2025, 4, 1), dt.date(2025, 5, 20)]
    assert _day(network.referrals["date"].iloc[0]) == dt.date(2025, 4, 15)
    assert _day(network.relations["date"].iloc[0]) == dt.date(2025, 4, 2)


def test_japanese_date_text_in_asave_book(tmp_path):
    book = save_book(tmp_path / "book.xlsx", {
        "機関": [["機関ID"], ["a"]],
        "会議": [["会議ID", "回", "開催日"], ["m0", 0, "令和7年4月1日"], ["m1", 1, "R7.5.20"]],
    })
    assert [m.date for m in load_network(book).meetings] == [dt.date(2025, 4, 1), dt.date(2025, 5, 20)]


# ---------------------------------------------------------------- encodings

JAPANESE_FOLDER = {
    "agencies": "機関ID,機関名,分野,対象年齢下限,対象年齢上限,支援スタイル,コアメンバー\n"
                "shakyo,髙橋①社会福祉協議会,福祉,,,伴走型,○\n"
                "school,教育相談室,教育,６,１５,課題解決型,×\n",
    "meetings": "会議ID,回,開催日,種別,会議名\nm1,1,令和7年4月1日,準備会,第一回準備会\n",
    "attendance": "会議ID,機関ID\nm1,shakyo\nm1,school\n",
    "referrals": "紹介元,紹介先,紹介日,件数,年齢\nschool,shakyo,R7.4.1,２,１７歳\n",
    "relations": "回答機関,相手機関,レベル,回答日\nshakyo,school,協働,2025年4月1日\n",
}


@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-8"])
def test_encoded_files_with_japanese_headers(tmp_path, make_folder, encoding):
    folder = make_folder(tmp_path, encoding=encoding, **JAPANESE_FOLDER)
    raw = (folder / "agencies.csv").read_bytes()
    if encoding == "utf-8-sig":
        assert raw.startswith(b"\xef\xbb\xbf")
    if encoding == "cp932":
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    network = load_network(folder)
    shakyo, school = network.agencies
    assert shakyo.id == "shakyo"  # the BOM is not part of the first header
    assert shakyo.name == "髙橋①社会福祉協議会"
    assert (shakyo.style, shakyo.core) == ("accompaniment", True)
    assert (school.age_min, school.age_max, school.style, school.core) == (6, 15, "problem_solving", False)
    assert network.meetings[0].title == "第一回準備会"
    assert network.meetings[0].date == dt.date(2025, 4, 1)
    assert network.referrals[["count", "client_age"]].values.tolist() == [[2, 17]]
    assert network.relations["level"].tolist() == [4]


def test_bom_on_every_file(tmp_path, make_folder):
    """Excel's 'CSV UTF-8' writes a BOM before the first header of each file."""
    folder = make_folder(tmp_path, encoding="utf-8-sig", **JAPANESE_FOLDER)
    network = load_network(folder)
    assert network.attendance["meeting"].tolist() == [0, 0]
    assert network.referrals["src"].tolist() == [1]
    assert network.relations["src"].tolist() == [0]
