"""``hikinet init``: a ready-to-fill template, as CSV files or one workbook, with Japanese headers."""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from ..vocabulary import FILES, JAPANESE_HEADERS
from .cells import csv_text, safe_row
from .files import refuse_existing, write_text, write_workbook

__all__ = ["EXAMPLE_ROWS", "COLUMN_HELP", "write_template", "WORKBOOK_NAME"]

WORKBOOK_NAME = "network.xlsx"
JAPANESE_SHEETS = {"agencies": "機関", "meetings": "会議", "attendance": "出席", "referrals": "紹介", "relations": "関係"}

# one example row per table (two agencies: a referral needs a pair); the template validates as it is
EXAMPLE_ROWS: dict[str, list[tuple]] = {
    "agencies": [("shakyo", "社会福祉協議会", "福祉", "", "", "両方", "はい"),
                 ("lead", "市ひきこもり支援主管課", "行政", "", "", "課題解決型", "はい")],
    "meetings": [("m1", 0, "2025/4/1", "準備会", "準備会")],
    "attendance": [("m1", "shakyo")],
    "referrals": [("shakyo", "lead", "2025/4/15", 1, "")],
    "relations": [("shakyo", "lead", 2, "2025/4/1")],
}

STYLE_CHOICES = ("伴走型", "課題解決型", "両方")
YES_NO = ("はい", "いいえ")
KIND_CHOICES = ("準備会", "ワーキンググループ", "実態調査", "ネットワーク会議")
LEVEL_CHOICES = ("1", "2", "3", "4")

# (table, column, required, Japanese help, English help)
COLUMN_HELP: list[tuple[str, str, bool, str, str]] = [
    ("agencies", "機関ID", True, "機関ごとに決めた短いID（重複不可）", "a short unique id per agency"),
    ("agencies", "機関名", False, "表示する名前", "the name shown"),
    ("agencies", "分野", False, "福祉・教育・保健・子ども家庭・若者・高齢・障害・生活困窮・民間など", "sector, free text"),
    ("agencies", "対象年齢下限", False, "対象にする最も低い年齢（空欄は0歳）", "lowest age served (blank = 0)"),
    ("agencies", "対象年齢上限", False, "対象にする最も高い年齢（その年齢を含む。空欄は上限なし）",
     "highest age served, inclusive (blank = no limit)"),
    ("agencies", "支援スタイル", False, "伴走型・課題解決型・両方・空欄", "accompaniment / problem solving / both / blank"),
    ("agencies", "コアメンバー", False, "はい・いいえ（○・× も可）", "core member: yes / no"),
    ("meetings", "会議ID", True, "会議ごとのID（重複不可）", "a unique id per meeting"),
    ("meetings", "回", True, "何回目か（0以上の整数。同じ回に複数の会議があってもよい）",
     "round: integer >= 0; several meetings may share a round"),
    ("meetings", "開催日", True, "2025/4/1・2025-04-01・令和7年4月1日・R7.4.1", "date held"),
    ("meetings", "種別", False, "準備会・ワーキンググループ・実態調査・ネットワーク会議など", "kind of meeting"),
    ("meetings", "会議名", False, "会議の名前", "title"),
    ("attendance", "会議ID", True, "会議シートのID", "a meeting id"),
    ("attendance", "機関ID", True, "出席した機関のID（1機関1行）", "an agency that attended (one row each)"),
    ("referrals", "紹介元", True, "紹介した機関のID", "referring agency id"),
    ("referrals", "紹介先", True, "紹介された機関のID", "receiving agency id"),
    ("referrals", "紹介日", False, "紹介した日（空欄可）", "date (may be blank)"),
    ("referrals", "件数", False, "件数（空欄は1）", "count (blank = 1)"),
    ("referrals", "年齢", False, "本人の年齢（任意）。氏名など個人の情報は書かない",
     "client's age (optional); never names or other personal data"),
    ("relations", "回答機関", True, "アンケートに回答した機関のID", "answering agency id"),
    ("relations", "相手機関", True, "相手の機関のID", "the other agency's id"),
    ("relations", "レベル", True, "1 顔見知り・2 情報共有・3 紹介・4 協働", "1 know / 2 share info / 3 refer / 4 support together"),
    ("relations", "回答日", False, "回答した日（空欄可）", "date answered (may be blank)"),
]


def write_template(folder: str | Path, xlsx: bool = False, force: bool = False) -> list[Path]:
    """Write the template into ``folder``; refuse to overwrite any existing file unless ``force``."""
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
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    for stem in FILES:
        sheet = book.create_sheet(JAPANESE_SHEETS[stem])
        sheet.append(safe_row(JAPANESE_HEADERS[stem]))
        for row in EXAMPLE_ROWS[stem]:
            sheet.append(safe_row(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
        for column, header in zip("ABCDEFG", JAPANESE_HEADERS[stem]):
            sheet.column_dimensions[column].width = max(12, len(header) * 2 + 4)
        sheet.freeze_panes = "A2"
        lists = {"agencies": {"F": STYLE_CHOICES, "G": YES_NO}, "meetings": {"D": KIND_CHOICES},
                 "relations": {"C": LEVEL_CHOICES}}.get(stem, {})
        for column, choices in lists.items():
            # kinds may be other words too: the list helps, it does not forbid
            strict = stem != "meetings"
            validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                                        allow_blank=True, showErrorMessage=strict)
            sheet.add_data_validation(validation)
            validation.add(f"{column}2:{column}2000")
    help_sheet = book.create_sheet("説明")
    help_sheet.append(safe_row(["シート", "列", "必須", "説明", "description"]))
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    for stem, column, required, ja, en in COLUMN_HELP:
        help_sheet.append(safe_row([JAPANESE_SHEETS[stem], column, "はい" if required else "", ja, en]))
    for column, width in zip("ABCDE", (10, 16, 6, 60, 50)):
        help_sheet.column_dimensions[column].width = width
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return write_workbook(book, target, force=force)
