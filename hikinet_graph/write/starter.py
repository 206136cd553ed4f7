"""``hikinet init``: a ready-to-fill template, as CSV files or one workbook, with Japanese headers.

The headers, sheet names and drop-down lists come from :mod:`hikinet_graph.vocabulary`,
so that the template offers exactly the words the readers accept; the example
rows validate as they are.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from ..vocabulary import (
    FILES,
    HELP_HEADER,
    HELP_SHEET,
    JAPANESE_HEADERS,
    JAPANESE_SHEETS,
    REQUIRED_COLUMNS,
    TEMPLATE_CHOICES,
)
from .cells import csv_text, safe_row
from .files import refuse_existing, write_text, write_workbook

__all__ = ["COLUMN_HELP", "EXAMPLE_ROWS", "WORKBOOK_NAME", "write_template"]

WORKBOOK_NAME = "network.xlsx"

# one example row per table (two agencies: a referral needs a pair); the template validates as it is
EXAMPLE_ROWS: dict[str, list[tuple]] = {
    "agencies": [("shakyo", "社会福祉協議会", "福祉", "", "", "両方", "はい", "いいえ"),
                 ("lead", "市ひきこもり支援主管課", "行政", "", "", "課題解決型", "はい", "いいえ")],
    "meetings": [("m1", 0, "2025/4/1", "準備会", "準備会")],
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
    ("attendance", "meeting_id"): ("会議シートのID", "a meeting id"),
    ("attendance", "agency_id"): ("出席した機関のID（1機関1行）", "an agency that attended (one row each)"),
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
_YES = TEMPLATE_CHOICES["agencies"]["core"][0]


def write_template(folder: str | Path, xlsx: bool = False, force: bool = False) -> list[Path]:
    """Write the template into ``folder``; refuse to overwrite any existing file unless ``force``.

    Parameters
    ----------
    folder : str or Path
        Where to write (created when missing).
    xlsx : bool
        Write one workbook (:data:`WORKBOOK_NAME`) with drop-down lists instead of five CSV files.
    force : bool
        Replace template files that already exist.

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
    for target in targets:
        refuse_existing(target, force)
    if xlsx:
        return [_write_workbook(targets[0], force)]
    written = []
    for stem, target in zip(FILES, targets):
        # UTF-8 with BOM: Excel on Japanese Windows opens it without garbling
        text = csv_text(JAPANESE_HEADERS[stem], EXAMPLE_ROWS[stem], bom=True, line_end="\r\n")
        written.append(write_text(target, text, force=force))
    return written


def _write_workbook(target: Path, force: bool) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for stem in FILES:
        _table_sheet(book, stem)
    _help_sheet(book)
    return write_workbook(book, target, force=force)


def _bold_header(sheet) -> None:
    from openpyxl.styles import Font, PatternFill

    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1")


def _table_sheet(book, stem: str) -> None:
    """One table's sheet: Japanese headers, the example rows, and the drop-down lists of its columns."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(JAPANESE_SHEETS[stem])
    sheet.append(safe_row(JAPANESE_HEADERS[stem]))
    for row in EXAMPLE_ROWS[stem]:
        sheet.append(safe_row(row))
    _bold_header(sheet)
    for position, header in enumerate(JAPANESE_HEADERS[stem], start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(12, len(header) * 2 + 4)
    sheet.freeze_panes = "A2"
    for name, choices in TEMPLATE_CHOICES.get(stem, {}).items():
        column = get_column_letter(FILES[stem].index(name) + 1)
        # kinds may be other words too: the list helps, it does not forbid
        strict = stem != "meetings"
        validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                    allow_blank=True, showErrorMessage=strict)
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}2000")


def _help_sheet(book) -> None:
    """The sheet explaining every column, in Japanese and English (readers ignore it)."""
    from openpyxl.styles import Alignment

    sheet = book.create_sheet(HELP_SHEET)
    sheet.append(safe_row(HELP_HEADER))
    _bold_header(sheet)
    for stem, columns in FILES.items():
        for name, header in zip(columns, JAPANESE_HEADERS[stem]):
            ja, en = COLUMN_HELP[(stem, name)]
            required = _YES if name in REQUIRED_COLUMNS[stem] else ""
            sheet.append(safe_row([JAPANESE_SHEETS[stem], header, required, ja, en]))
    for column, width in zip("ABCDE", (10, 16, 6, 60, 50)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
