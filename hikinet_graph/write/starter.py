"""``hikinet init``: a ready-to-fill template, as CSV files or one workbook, with Japanese headers.

The headers, sheet names and drop-down lists come from :mod:`hikinet_graph.vocabulary`,
so that the template offers exactly the words the readers accept; the example
rows validate as they are.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from ..vocabulary import (
    DATE_STYLE_VALUES,
    FILES,
    HELP_HEADER,
    HELP_SHEET,
    JAPANESE_HEADERS,
    JAPANESE_SHEETS,
    REQUIRED_COLUMNS,
    SETTING_NAMES_JA,
    SETTINGS_SHEET,
    TEMPLATE_CHOICES,
    TEMPLATE_EXTRA_HEADERS,
    TEMPLATE_FREE_CHOICES,
)
from .cells import csv_text, safe_row
from .files import refuse_existing, write_text, write_workbook

__all__ = ["COLUMN_HELP", "EXAMPLE_ROWS", "SETTING_HELP", "WORKBOOK_NAME", "write_template"]

WORKBOOK_NAME = "network.xlsx"
CONFIG_NAME = "hikinet.toml"
# rows the drop-down lists and reference lists cover
LIST_ROWS = 2000

# one example row per table (two agencies: a referral needs a pair); the template validates as it is
EXAMPLE_ROWS: dict[str, list[tuple]] = {
    "agencies": [("shakyo", "社会福祉協議会", "福祉", "", "", "両方", "はい", "いいえ"),
                 ("lead", "市ひきこもり支援主管課", "行政", "", "", "課題解決型", "はい", "いいえ")],
    "meetings": [("m1", 0, "2025/4/1", "準備会", "準備会", "", "ネットワークづくりに向けての意見交換", "", "")],
    "attendance": [("m1", "shakyo")],
    "referrals": [("shakyo", "lead", "2025/4/15", 1, "")],
    "relations": [("shakyo", "lead", 2, "2025/4/1")],
}

# (file stem, canonical column) -> (Japanese help, English help), for the workbook's help sheet
COLUMN_HELP: dict[tuple[str, str], tuple[str, str]] = {
    ("agencies", "id"): ("機関ごとに決めた短いID（重複不可）", "a short unique id per agency"),
    ("agencies", "name"): ("表示する名前", "the name shown"),
    ("agencies", "sector"): ("福祉・教育・保健・子ども家庭・若者・高齢・障害・生活困窮・民間など", "sector, free text"),
    ("agencies", "age_min"): ("対象にする最も低い年齢（空欄は0歳）", "lowest age served (blank = 0)"),
    ("agencies", "age_max"): ("対象にする最も高い年齢（その年齢を含む。空欄は上限なし）",
                              "highest age served, inclusive (blank = no limit)"),
    ("agencies", "style"): ("伴走型・課題解決型・両方・空欄", "accompaniment / problem solving / both / blank"),
    ("agencies", "core"): ("はい・いいえ（○・× も可）", "core member: yes / no"),
    ("agencies", "resource"): ("居場所・就労体験先・家族会などの社会資源なら はい（空欄は いいえ）",
                               "a place, employer or family association rather than a service: yes / no"),
    ("meetings", "id"): ("会議ごとのID（重複不可）", "a unique id per meeting"),
    ("meetings", "round"): ("何回目か（0以上の整数。同じ回に複数の会議があってもよい）",
                            "round: integer >= 0; several meetings may share a round"),
    ("meetings", "date"): ("2025/4/1・2025-04-01・令和7年4月1日・R7.4.1", "date held"),
    ("meetings", "kind"): ("準備会・ワーキンググループ・実態調査・ネットワーク会議など", "kind of meeting"),
    ("meetings", "title"): ("会議の名前", "title"),
    ("meetings", "round_label"): ("回の名前（任意。空欄なら、その回の最後のネットワーク会議の会議名。同じ回には同じ名前）",
                                  "the round's name (optional; else the title of its latest network meeting)"),
    ("meetings", "purpose"): ("会議の目的（任意。個人名など個人の情報は書かない）",
                              "the meeting's purpose (optional; never names or other personal data)"),
    ("meetings", "outcome"): ("会議の成果（任意。個人名など個人の情報は書かない）",
                              "what the meeting achieved (optional; never names or other personal data)"),
    ("meetings", "next_steps"): ("次の取組（任意。個人名など個人の情報は書かない）",
                                 "the next steps agreed (optional; never names or other personal data)"),
    ("attendance", "meeting_id"): ("会議シートのID", "a meeting id"),
    ("attendance", "agency_id"): ("出席した機関のID（1機関1行）。表の形でもよい: 1列目を「機関ID」か「機関名」、"
                                  "2列目からの見出しを会議ID、出席したセルに ○（〇 ◯ ● 1 はい 出 x も可）、欠席は空欄",
                                  "an agency that attended (one row each); or a matrix: 機関ID (or 機関名) first, one "
                                  "column per meeting id, ○ where the agency attended, blank where it did not"),
    ("referrals", "from"): ("紹介した機関のID", "referring agency id"),
    ("referrals", "to"): ("紹介された機関のID", "receiving agency id"),
    ("referrals", "date"): ("紹介した日（空欄可）", "date (may be blank)"),
    ("referrals", "count"): ("件数（空欄は1）", "count (blank = 1)"),
    ("referrals", "client_age"): ("本人の年齢（任意）。氏名など個人の情報は書かない",
                                  "client's age (optional); never names or other personal data"),
    ("relations", "from"): ("アンケートに回答した機関のID", "answering agency id"),
    ("relations", "to"): ("相手の機関のID", "the other agency's id"),
    ("relations", "level"): ("1 顔見知り・2 情報共有・3 紹介・4 協働", "1 know / 2 share info / 3 refer / 4 support together"),
    ("relations", "date"): ("回答した日（空欄可）", "date answered (may be blank)"),
}
# the extra columns of the workbook's sheets: (Japanese help, English help)
EXTRA_HELP: dict[tuple[str, str], tuple[str, str]] = {
    ("agencies", "地区"): ("機関のある地区・市町村（地区の図に使います。空欄可）",
                         "the district or municipality (draws the area map; may be blank)"),
}
# the settings sheet: key -> (Japanese help, English help)
SETTING_HELP: dict[str, tuple[str, str]] = {
    "name": ("報告書と地図の題名に使う名前（例: B市）", "the name in titles, e.g. B市"),
    "span": ("分析する年齢の範囲（例: 6-99 または 6〜99。空欄は 6〜99）", "the ages analysed, e.g. 6-99"),
    "boundaries": ("追加で調べる年齢の境目（例: 40, 50）", "extra age boundaries, e.g. 40, 50"),
    "window": ("境目をまたぐ紹介とみなす年齢の幅（整数。空欄は 2）", "the crossings' window (default 2)"),
    "date_style": ("日付の表示: 西暦 または 和暦（空欄は西暦）", "dates shown as 西暦 (western) or 和暦 (wareki)"),
    "exclude": ("次回の会議に向けた提案で、組み合わせない機関の組（例: edu:police, a:b）",
                "pairs never suggested to each other, e.g. edu:police, a:b"),
}
# columns whose drop-down list offers the ids written in another sheet: (stem, column) -> that sheet's stem
ID_LISTS: dict[tuple[str, str], str] = {
    ("attendance", "meeting_id"): "meetings", ("attendance", "agency_id"): "agencies",
    ("referrals", "from"): "agencies", ("referrals", "to"): "agencies",
    ("relations", "from"): "agencies", ("relations", "to"): "agencies",
}
_YES = TEMPLATE_CHOICES["agencies"]["core"][0]


def write_template(folder: str | Path, xlsx: bool = False, force: bool = False, name: str = "") -> list[Path]:
    """Write the template into ``folder``; refuse to overwrite any existing file unless ``force``.

    Parameters
    ----------
    folder : str or Path
        Where to write (created when missing).
    xlsx : bool
        Write one workbook (:data:`WORKBOOK_NAME`) with drop-down lists and a 設定 sheet instead of
        five CSV files.
    force : bool
        Replace template files that already exist.
    name : str
        The network's name (e.g. B市): the 設定 sheet's 名前, or, with CSV files, a ``hikinet.toml``.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutputError
        When ``folder`` is a file, or a file exists and ``force`` is not given.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"「{folder}」はファイルです (output {str(folder)!r} is a file, not a folder)")
    targets = [folder / WORKBOOK_NAME] if xlsx else [folder / f"{stem}.csv" for stem in FILES]
    if name and not xlsx:
        targets.append(folder / CONFIG_NAME)
    for target in targets:
        refuse_existing(target, force)
    if xlsx:
        return [_write_workbook(targets[0], force, name)]
    written = []
    for stem, target in zip(FILES, targets):
        # UTF-8 with BOM: Excel on Japanese Windows opens it without garbling
        text = csv_text(JAPANESE_HEADERS[stem], EXAMPLE_ROWS[stem], bom=True, line_end="\r\n")
        written.append(write_text(target, text, force=force))
    if name:
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        written.append(write_text(folder / CONFIG_NAME, f'name = "{quoted}"\n', force=force))
    return written


def _write_workbook(target: Path, force: bool, name: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for stem in FILES:
        _table_sheet(book, stem)
    _settings_sheet(book, name)
    _help_sheet(book)
    return write_workbook(book, target, force=force)


def _bold_header(sheet) -> None:
    from openpyxl.styles import Font, PatternFill

    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")


def _drop_down(sheet, cells: str, formula: str, strict: bool) -> None:
    """A drop-down list on ``cells``; ``strict`` refuses other words."""
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=strict)
    sheet.add_data_validation(validation)
    validation.add(cells)


def _table_sheet(book, stem: str) -> None:
    """One table's sheet: Japanese headers, the example rows, and the drop-down lists of its columns."""
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(JAPANESE_SHEETS[stem])
    extra = TEMPLATE_EXTRA_HEADERS.get(stem, ())
    headers = JAPANESE_HEADERS[stem] + extra
    sheet.append(safe_row(headers))
    for row in EXAMPLE_ROWS[stem]:
        sheet.append(safe_row(tuple(row) + ("",) * len(extra)))
    _bold_header(sheet)
    for position, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(12, len(header) * 2 + 4)
    sheet.freeze_panes = "A2"
    for column_name, choices in TEMPLATE_CHOICES.get(stem, {}).items():
        column = get_column_letter(FILES[stem].index(column_name) + 1)
        # sectors and kinds may be other words too: those lists help, they do not forbid
        _drop_down(sheet, f"{column}2:{column}{LIST_ROWS}", '"' + ",".join(choices) + '"',
                   (stem, column_name) not in TEMPLATE_FREE_CHOICES)
    for (list_stem, column_name), source in ID_LISTS.items():
        if list_stem == stem:
            # the ids written in the other sheet, offered rather than typed (other ids are still read)
            column = get_column_letter(FILES[stem].index(column_name) + 1)
            _drop_down(sheet, f"{column}2:{column}{LIST_ROWS}", f"='{JAPANESE_SHEETS[source]}'!$A$2:$A${LIST_ROWS}",
                       False)


def _settings_sheet(book, name: str) -> None:
    """The 設定 sheet: one setting per row (key, value); only the name is filled in."""
    sheet = book.create_sheet(SETTINGS_SHEET)
    sheet.append(["項目", "値"])
    for key, ja in SETTING_NAMES_JA.items():
        sheet.append(safe_row([ja, name if key == "name" else ""]))
    _bold_header(sheet)
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 18, 30
    row = 2 + list(SETTING_NAMES_JA).index("date_style")
    _drop_down(sheet, f"B{row}", '"' + ",".join(w for w in DATE_STYLE_VALUES if not w.isascii()) + '"', True)


def _help_sheet(book) -> None:
    """The sheet explaining every column and setting, in Japanese and English (readers skip it)."""
    from openpyxl.styles import Alignment

    sheet = book.create_sheet(HELP_SHEET)
    sheet.append(safe_row(HELP_HEADER))
    _bold_header(sheet)
    for stem, columns in FILES.items():
        for column_name, header in zip(columns, JAPANESE_HEADERS[stem]):
            ja, en = COLUMN_HELP[(stem, column_name)]
            required = _YES if column_name in REQUIRED_COLUMNS[stem] else ""
            sheet.append(safe_row([JAPANESE_SHEETS[stem], header, required, ja, en]))
        for header in TEMPLATE_EXTRA_HEADERS.get(stem, ()):
            sheet.append(safe_row([JAPANESE_SHEETS[stem], header, "", *EXTRA_HELP[(stem, header)]]))
    for key, ja_key in SETTING_NAMES_JA.items():
        sheet.append(safe_row([SETTINGS_SHEET, ja_key, "", *SETTING_HELP[key]]))
    for column, width in zip("ABCDE", (10, 16, 6, 60, 50)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
