"""``hikinet import-survey``: questionnaire answers in wide form become relations.csv.

The answers file (CSV as the municipality's electronic application system
exports it, often Shift_JIS, or an .xlsx) has one row per answering agency and
one column per other agency; a cell holds a level 0-4 or the questionnaire's
word (知らない / 顔見知り / 情報共有 / 紹介 / 協働). Agency names are matched to
ids tolerantly (spaces, full/half width, 社協 ↔ 社会福祉協議会 …) but only when
the match is certain; anything unsure stops the import and asks for a mapping
file instead of guessing.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import DateParseError, parse_date
from ..errors import DataError, HikinetError, Problem
from ..model import Agency, Config
from ..vocabulary import (
    FORMULA_PREFIXES,
    LEVEL_VALUES,
    PERSONAL_DATA_MARKERS,
    normalize_header,
    normalize_value,
)
from .checks import formula_id_message
from .files import decode_bytes, input_file_problem, read_input_bytes
from .load import load_network
from .tables import read_csv_table
from .validate import validate_tables

__all__ = ["SurveyImport", "import_survey", "canonical_name", "relations_csv", "ABBREVIATIONS"]

# full form -> the short form people write; names are compared in the short form
ABBREVIATIONS = [
    ("社会福祉協議会", "社協"),
    ("地域若者サポートステーション", "サポステ"),
    ("若者サポートステーション", "サポステ"),
    ("地域包括支援センター", "包括"),
    ("自立相談支援機関", "自立相談"),
    ("地域活動支援センター", "地活"),
    ("ひきこもり地域支援センター", "ひきこもりセンター"),
    ("教育委員会", "教委"),
]
RESPONDENT_HEADERS = {"機関", "機関名", "回答機関", "回答機関名", "機関id", "agency", "agency_id", "name", "id",
                      "respondent", "所属", "所属機関"}
DATE_HEADERS = {"回答日", "日付", "date", "提出日", "受付日", "回答日時", "申請日"}
# columns an application system adds that are not agencies; never copied (some are about people)
IGNORED_HEADERS = {"回答者", "回答者名", "担当者", "担当者名", "記入者", "氏名", "名前", "電話", "電話番号", "メール",
                   "メールアドレス", "email", "e-mail", "備考", "受付番号", "番号", "no", "no.", "timestamp",
                   "タイムスタンプ", "申請番号", "コメント", "自由記述"}
_BRACKETS = re.compile(r"[（(【\[「『].*?[）)】\]」』]")


def canonical_name(text: str) -> str:
    """Agency names as compared: NFKC (full/half width), no spaces or dots, abbreviations folded."""
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(folded.split()).replace("・", "").replace("･", "").lower()
    for full, short in ABBREVIATIONS:
        folded = folded.replace(full, short)
    return folded


def _without_brackets(text: str) -> str:
    return _BRACKETS.sub("", unicodedata.normalize("NFKC", text))


@dataclass
class SurveyImport:
    relations: list[tuple[str, str, int, str]]
    respondents: list[str]
    non_respondents: list[str]
    discrepancies: list[tuple[str, str, int, int]]
    ignored_columns: list[str] = field(default_factory=list)


class _Matcher:
    def __init__(self, agencies: list[Agency], mapping: dict[str, str]):
        self.agencies = agencies
        self.ids = {a.id for a in agencies}
        self.mapping = mapping
        self.by_key: dict[str, set[str]] = {}
        for agency in agencies:
            for variant in {agency.name, _without_brackets(agency.name), agency.id}:
                if variant.strip():
                    self.by_key.setdefault(canonical_name(variant), set()).add(agency.id)

    def match(self, name: str) -> tuple[str | None, list[str]]:
        """The id for ``name`` if certain, else (None, suggestions)."""
        name = name.strip()
        if name in self.mapping:
            return self.mapping[name], []
        if name in self.ids:
            return name, []
        for key in (canonical_name(name), canonical_name(_without_brackets(name))):
            found = self.by_key.get(key, set())
            if len(found) == 1:
                return next(iter(found)), []
            if len(found) > 1:
                return None, sorted(found)
        keys = difflib.get_close_matches(canonical_name(name), list(self.by_key), n=3, cutoff=0.4)
        return None, sorted({i for k in keys for i in self.by_key[k]})


def _read_mapping(path: Path, ids: set[str]) -> dict[str, str]:
    problems: list[Problem] = []
    text = decode_bytes(read_input_bytes(path), str(path))
    mapping: dict[str, str] = {}
    column = None
    for number, row in _numbered_rows(text):
        cells = [c.strip() for c in row]
        if number == 1 and len(cells) >= 2 and normalize_header(cells[1]) in {"id", "機関id", "agency_id"}:
            column = cells[1]
            continue
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            problems.append(Problem(str(path), number, "「名前,機関ID」の2列で書いてください (write two columns: name,id)"))
            continue
        if cells[1].startswith(FORMULA_PREFIXES):  # never written to relations.csv
            problems.append(Problem(str(path), number, formula_id_message(cells[1], column)))
            continue
        if cells[1] not in ids:
            problems.append(Problem(str(path), number, f"機関一覧にないID「{cells[1]}」 (unknown agency id {cells[1]!r})"))
            continue
        mapping[cells[0]] = cells[1]
    if problems:
        raise DataError(problems)
    return mapping


def _numbered_rows(text: str) -> list[tuple[int, list[str]]]:
    """CSV rows, each with the line it starts on (line breaks inside quoted cells counted)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    numbered, start = [], 1
    try:
        for row in reader:
            numbered.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:  # not expected: decode_bytes gives "\n" line breaks
        raise HikinetError(f"CSV として読めません (cannot be read as CSV: {exc})") from None
    return numbered


def _read_answers(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the rows (with their line or row numbers) of the answers file."""
    problem = input_file_problem(path)
    if problem is not None:
        raise DataError([Problem(str(path), 1, problem)])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        from .workbook import cell_text

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise DataError([Problem(str(path), 1, f"Excel ブックとして開けません (cannot open as a workbook: {exc})")]) from None
        rows = [[cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        numbered = list(enumerate(rows, start=1))
    else:
        numbered = _numbered_rows(decode_bytes(read_input_bytes(path), str(path)))
    numbered = [(n, [c.strip() for c in row]) for n, row in numbered if any(c.strip() for c in row)]
    if not numbered:
        raise DataError([Problem(str(path), 1, "回答がありません (the answers file is empty)")])
    return numbered[0][1], numbered[1:]


def _load_agencies(path: Path) -> list[Agency]:
    """Agencies from an agencies.csv, a network folder or a workbook.

    Ids that begin like a formula (:data:`FORMULA_PREFIXES`) are refused here, naming the line, so
    that none is ever written to relations.csv.
    """
    if path.suffix.lower() == ".csv" and not path.is_dir():
        problems: list[Problem] = []
        table = read_csv_table(path, "agencies")
        return validate_tables(str(path), {"agencies": table}, Config(), problems).agencies
    return load_network(path).agencies


def import_survey(answers: str | Path, agencies: str | Path, mapping: str | Path | None = None,
                  date: str | None = None) -> SurveyImport:
    """Turn wide questionnaire answers into relation rows; unsure names raise with suggestions."""
    answers, agencies_path = Path(answers), Path(agencies)
    for given in (answers, agencies_path):
        if not os.path.lexists(given):  # a dangling symlink is there, and named by the reader
            raise HikinetError(f"「{given}」が見つかりません ({given} does not exist)")
    agency_list = _load_agencies(agencies_path)
    names = {a.id: a.label for a in agency_list}
    matcher = _Matcher(agency_list, _read_mapping(Path(mapping), set(names)) if mapping else {})
    header, rows = _read_answers(answers)
    label = str(answers)
    keys = [normalize_header(h) for h in header]
    respondent_col = next((i for i, k in enumerate(keys) if k in RESPONDENT_HEADERS), 0)
    date_col = next((i for i, k in enumerate(keys) if k in DATE_HEADERS), None)
    problems: list[Problem] = []
    unsure: list[Problem] = []
    columns: dict[int, str] = {}
    ignored = []
    for i, name in enumerate(header):
        if i in (respondent_col, date_col):
            continue
        if not name or keys[i] in IGNORED_HEADERS or any(m in keys[i] for m in PERSONAL_DATA_MARKERS):
            ignored.append(name or f"#{i + 1}")
            continue
        agency, suggestions = matcher.match(name)
        if agency is None:
            unsure.append(_unsure(label, 1, name, suggestions, names))
        else:
            columns[i] = agency
    default_date = ""
    if date:
        try:
            default_date = parse_date(date).isoformat()
        except DateParseError as exc:
            raise HikinetError(f"--date: {exc}") from None
    answered: dict[tuple[str, str], int] = {}
    relations: list[tuple[str, str, int, str]] = []
    respondents: list[str] = []
    for line, row in rows:
        row = row + [""] * (len(header) - len(row))
        name = row[respondent_col]
        respondent, suggestions = matcher.match(name) if name else (None, [])
        if not name:
            problems.append(Problem(label, line, "回答した機関の名前が空です (the answering agency's name is blank)"))
            continue
        if respondent is None:
            unsure.append(_unsure(label, line, name, suggestions, names))
            continue
        if respondent in respondents:
            problems.append(Problem(label, line, f"「{name}」の回答が2回あります (a second answer from {name!r})"))
            continue
        respondents.append(respondent)
        when = default_date
        if date_col is not None and row[date_col]:
            try:
                when = parse_date(row[date_col]).isoformat()
            except DateParseError as exc:
                problems.append(Problem(label, line, str(exc)))
        for i, other in columns.items():
            cell = row[i]
            if not cell or other == respondent:
                continue
            level = LEVEL_VALUES.get(normalize_value(cell))
            if level is None:
                folded = normalize_value(cell)
                level = int(folded) if folded.isdigit() and int(folded) <= 4 else None
            if level is None:
                problems.append(Problem(label, line, (
                    f"「{header[i]}」の回答「{cell}」は 0〜4 か 知らない / 顔見知り / 情報共有 / 紹介 / 協働 にしてください"
                    f" (answer {cell!r} for {header[i]!r} must be 0-4 or 知らない, 顔見知り, 情報共有, 紹介, 協働)")))
                continue
            answered[(respondent, other)] = level
            if level >= 1:
                relations.append((respondent, other, level, when))
    problems.extend(unsure)
    if problems:
        raise DataError(problems)
    discrepancies = sorted(
        (a, b, level, answered[(b, a)]) for (a, b), level in answered.items()
        if a < b and (b, a) in answered and abs(level - answered[(b, a)]) >= 2)
    return SurveyImport(
        relations=relations,
        respondents=respondents,
        non_respondents=sorted(set(names) - set(respondents)),
        discrepancies=discrepancies,
        ignored_columns=ignored,
    )


def _unsure(label: str, line: int, name: str, suggestions: list[str], names: dict[str, str]) -> Problem:
    hint = "、".join(f"{names[s]} ({s})" for s in suggestions) or "なし"
    hint_en = ", ".join(f"{names[s]} ({s})" for s in suggestions) or "none"
    return Problem(label, line, f"「{name}」がどの機関か確かではありません。候補: {hint}。"
                   f"対応表 (名前,機関ID の2列のCSV) を --map で指定してください"
                   f" (not sure which agency {name!r} is; candidates: {hint_en}; give a mapping file name,id with --map)")


def relations_csv(result: SurveyImport) -> str:
    """relations.csv text (UTF-8 with BOM for Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["from", "to", "level", "date"])
    writer.writerows(result.relations)
    return "\ufeff" + buffer.getvalue()
