"""``hikinet import-survey``: questionnaire answers in wide form become relation rows.

The answers file (CSV as the municipality's electronic application system
exports it, often Shift_JIS, or an .xlsx) has one row per answering agency and
one column per other agency; a cell holds a level 0-4 or the questionnaire's
word (知らない / 顔見知り / 情報共有 / 紹介 / 協働). Which column is the
respondent, the date or a column never copied is told by
:data:`~hikinet_graph.vocabulary.SURVEY_HEADERS`; names are matched to ids by
:class:`~hikinet_graph.read.names.NameMatcher`, and anything unsure stops the
import and asks for a mapping file instead of guessing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import DateParseError, parse_date
from ..errors import DataError, HikinetError, Problem
from ..i18n import bilingual
from ..model import Agency, Config
from ..vocabulary import (
    LEVEL_VALUES,
    PERSONAL_DATA_MARKERS,
    SURVEY_HEADERS,
    normalize_header,
    normalize_value,
)
from .files import decode_bytes, input_file_problem, read_input_bytes
from .load import load_network
from .names import NameMatcher, read_mapping
from .tables import numbered_rows, read_csv_table
from .validate import validate_tables
from .workbook import cell_text

__all__ = ["SurveyImport", "import_survey", "load_agencies"]


@dataclass
class SurveyImport:
    """What an import found.

    Attributes
    ----------
    relations : list of tuple
        ``(from, to, level, date)`` rows for relations.csv, levels 1-4 only.
    respondents : list of str
        Ids of the agencies that answered, in the order of the answers file.
    non_respondents : list of str
        Ids of the agencies that did not answer, sorted.
    discrepancies : list of tuple
        ``(a, b, a's level for b, b's level for a)`` where the two answers differ by 2 or more.
    ignored_columns : list of str
        Headers of the columns not read (not agencies; some may be about people).
    names : dict
        Every agency's id → the name people read (for the summary of the import).
    warnings : list of str
        What reading the agencies found that is no problem (sheets or columns not read).
    """

    relations: list[tuple[str, str, int, str]]
    respondents: list[str]
    non_respondents: list[str]
    discrepancies: list[tuple[str, str, int, int]]
    ignored_columns: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    """Which column of the answers file holds what."""

    respondent: int
    date: int | None
    agencies: dict[int, str]  # column -> agency id
    ignored: list[str]


def load_agencies(path: Path) -> list[Agency]:
    """Load the agencies from an agencies.csv, a network folder or a workbook.

    Ids that begin like a formula (:data:`~hikinet_graph.vocabulary.FORMULA_PREFIXES`) are refused
    here, naming the line, so that none is ever written to relations.csv.

    Parameters
    ----------
    path : Path
        An agencies.csv, a network folder or a workbook.

    Returns
    -------
    list of Agency
        The agencies, validated.

    Raises
    ------
    DataError
        Listing every problem of the file (or the whole network).
    """
    return _agencies_and_warnings(path)[0]


def _agencies_and_warnings(path: Path) -> tuple[list[Agency], list[str]]:
    if path.suffix.lower() == ".csv" and not path.is_dir():
        problems: list[Problem] = []
        network = validate_tables(str(path), {"agencies": read_csv_table(path, "agencies")}, Config(), problems)
    else:
        network = load_network(path)
    return network.agencies, network.warnings


def import_survey(answers: str | Path, agencies: str | Path, mapping: str | Path | None = None,
                  date: str | None = None) -> SurveyImport:
    """Turn wide questionnaire answers into relation rows; unsure names raise with suggestions.

    Parameters
    ----------
    answers : str or Path
        The answers file: CSV (UTF-8 or CP932) or .xlsx (first sheet).
    agencies : str or Path
        An agencies.csv, a network folder or a workbook: the names and ids to match.
    mapping : str or Path, optional
        A ``name,id`` file for the names the matcher is not sure of.
    date : str, optional
        The date for answers whose row gives none.

    Returns
    -------
    SurveyImport
        The relation rows, who answered and who did not, and the answers that disagree.

    Raises
    ------
    DataError
        Listing every unsure name, blank or repeated respondent, bad date and bad answer.
    HikinetError
        When a file is missing or ``date`` is not a date.
    """
    answers, agencies_path = Path(answers), Path(agencies)
    for given in (answers, agencies_path):
        if not os.path.lexists(given):  # a dangling symlink is there, and named by the reader
            raise HikinetError(bilingual(f"「{given}」が見つかりません", f"{given} does not exist"))
    agency_list, warnings = _agencies_and_warnings(agencies_path)
    names = {a.id: a.label for a in agency_list}
    matcher = NameMatcher(agency_list, read_mapping(Path(mapping), set(names)) if mapping else {})
    header, rows = _read_answers(answers)
    label = str(answers)
    problems: list[Problem] = []
    layout = _layout(header, matcher, label, names, problems)
    default_date = _default_date(date)
    answered: dict[tuple[str, str], int] = {}
    relations: list[tuple[str, str, int, str]] = []
    respondents: list[str] = []
    for line, row in rows:
        row = row + [""] * (len(header) - len(row))
        respondent = _respondent(row[layout.respondent], matcher, respondents, label, line, names, problems)
        if respondent is None:
            continue
        respondents.append(respondent)
        when = _row_date(row, layout, default_date, label, line, problems)
        for other, level in _answers(row, respondent, layout, header, label, line, problems):
            answered[(respondent, other)] = level
            if level >= 1:
                relations.append((respondent, other, level, when))
    if problems:
        raise DataError(problems)
    return SurveyImport(relations=relations, respondents=respondents,
                        non_respondents=sorted(set(names) - set(respondents)),
                        discrepancies=_discrepancies(answered), ignored_columns=layout.ignored, names=names,
                        warnings=warnings)


def _answers(row: list[str], respondent: str, layout: _Layout, header: list[str], label: str, line: int,
             problems: list[Problem]) -> list[tuple[str, int]]:
    """The (agency, level) answers of one row; an answer that is no level is a problem on its line."""
    found = []
    for column, other in layout.agencies.items():
        cell = row[column]
        if not cell or other == respondent:
            continue
        level = _level(cell)
        if level is None:
            problems.append(Problem(label, line, bilingual(
                f"「{header[column]}」の回答「{cell}」は 0〜4 か 知らない / 顔見知り / 情報共有 / 紹介 / 協働 にしてください",
                f"answer {cell!r} for {header[column]!r} must be 0-4 or 知らない, 顔見知り, 情報共有, 紹介, 協働")))
            continue
        found.append((other, level))
    return found


def _read_answers(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the rows (with their line or row numbers) of the answers file."""
    problem = input_file_problem(path)
    if problem is not None:
        raise DataError([Problem(str(path), 1, problem)])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import (
            load_workbook,  # imported here: only workbook users pay for it
        )

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise DataError([Problem(str(path), 1, bilingual(
                "Excel ブックとして開けません", f"cannot open as a workbook: {exc}"))]) from None
        rows = [[cell_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        numbered = list(enumerate(rows, start=1))
    else:
        numbered = numbered_rows(decode_bytes(read_input_bytes(path), str(path)))
    numbered = [(n, [c.strip() for c in row]) for n, row in numbered if any(c.strip() for c in row)]
    if not numbered:
        raise DataError([Problem(str(path), 1, bilingual("回答がありません", "the answers file is empty"))])
    return numbered[0][1], numbered[1:]


def _layout(header: list[str], matcher: NameMatcher, label: str, names: dict[str, str],
            problems: list[Problem]) -> _Layout:
    """Find the respondent and date columns, the agency of every other column, and the columns never read."""
    keys = [normalize_header(h) for h in header]
    respondent = next((i for i, k in enumerate(keys) if k in SURVEY_HEADERS["respondent"]), 0)
    date = next((i for i, k in enumerate(keys) if k in SURVEY_HEADERS["date"]), None)
    agencies: dict[int, str] = {}
    ignored = []
    for i, name in enumerate(header):
        if i in (respondent, date):
            continue
        if not name or keys[i] in SURVEY_HEADERS["ignored"] or any(m in keys[i] for m in PERSONAL_DATA_MARKERS):
            ignored.append(name or f"#{i + 1}")
            continue
        agency, suggestions = matcher.match(name)
        if agency is None:
            problems.append(_unsure(label, 1, name, suggestions, names))
        else:
            agencies[i] = agency
    return _Layout(respondent, date, agencies, ignored)


def _default_date(date: str | None) -> str:
    """The ISO date given with --date, or "" when none was."""
    if not date:
        return ""
    try:
        return parse_date(date).isoformat()
    except DateParseError as exc:
        raise HikinetError(f"--date: {exc}") from None


def _row_date(row: list[str], layout: _Layout, default: str, label: str, line: int,
              problems: list[Problem]) -> str:
    """The ISO date a row was answered: its date column, else ``default``; a bad date is a problem."""
    if layout.date is None or not row[layout.date]:
        return default
    try:
        return parse_date(row[layout.date]).isoformat()
    except DateParseError as exc:
        problems.append(Problem(label, line, str(exc)))
        return default


def _respondent(name: str, matcher: NameMatcher, respondents: list[str], label: str, line: int,
                names: dict[str, str], problems: list[Problem]) -> str | None:
    """The id of the agency that answered on ``line``, or None with a problem."""
    if not name:
        problems.append(Problem(label, line, bilingual(
            "回答した機関の名前が空です", "the answering agency's name is blank")))
        return None
    respondent, suggestions = matcher.match(name)
    if respondent is None:
        problems.append(_unsure(label, line, name, suggestions, names))
        return None
    if respondent in respondents:
        problems.append(Problem(label, line, bilingual(
            f"「{name}」の回答が2回あります", f"a second answer from {name!r}")))
        return None
    return respondent


def _level(cell: str) -> int | None:
    """The level an answer gives: 0-4 or the questionnaire's word; None when it is neither."""
    level = LEVEL_VALUES.get(normalize_value(cell))
    if level is None:
        folded = normalize_value(cell)
        level = int(folded) if folded.isdigit() and int(folded) <= 4 else None
    return level


def _discrepancies(answered: dict[tuple[str, str], int]) -> list[tuple[str, str, int, int]]:
    """Pairs whose two answers differ by 2 levels or more: a point for the next meeting."""
    return sorted(
        (a, b, level, answered[(b, a)]) for (a, b), level in answered.items()
        if a < b and (b, a) in answered and abs(level - answered[(b, a)]) >= 2)


def _unsure(label: str, line: int, name: str, suggestions: list[str], names: dict[str, str]) -> Problem:
    hint = "、".join(f"{names[s]} ({s})" for s in suggestions) or "なし"
    hint_en = ", ".join(f"{names[s]} ({s})" for s in suggestions) or "none"
    return Problem(label, line, bilingual(
        f"「{name}」がどの機関か確かではありません。候補: {hint}。対応表 (名前,機関ID の2列のCSV) を --map で指定してください",
        f"not sure which agency {name!r} is; candidates: {hint_en}; give a mapping file name,id with --map"))
