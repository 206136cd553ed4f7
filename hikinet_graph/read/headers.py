"""A table's header row: canonical column names, the checks of the header, and what it says about the table.

The header names each column (:data:`~hikinet_graph.vocabulary.COLUMN_ALIASES`);
a required column missing is named with the header language the file uses and
the headers accepted; a title row above the header is said once; attendance may
be a matrix (one row per agency, one column per meeting).
"""

from __future__ import annotations

import pandas as pd

from ..errors import DataError, Problem
from ..i18n import bilingual
from ..vocabulary import (
    COLUMN_ALIASES,
    FILES,
    MATRIX_FIRST_HEADERS,
    PERSONAL_DATA_MARKERS,
    PRIVATE_FILES,
    REQUIRED_COLUMNS,
    accepted_headers,
    normalize_header,
)
from .suggest import closest

__all__ = ["check_header", "column_names", "is_header_of", "is_matrix_header", "refuse_title_row", "unread_columns"]


def _japanese(header: list[str]) -> bool:
    """Whether a header row is written in Japanese (then messages name columns by their Japanese headers)."""
    return any(not str(h).isascii() for h in header if str(h).strip())


def is_matrix_header(stem: str, header: list[str], names: list[str]) -> bool:
    """Whether an attendance header is a matrix's: 機関ID (or 機関名) first, and no 会議ID column.

    Which other headers are meeting ids is checked against the meetings (read.matrix).
    """
    return (stem == "attendance" and len(header) > 1 and normalize_header(str(header[0])) in MATRIX_FIRST_HEADERS
            and "meeting_id" not in names)


def _is_header(stem: str, cells: list[str]) -> bool:
    """Whether a row would do as the header of ``stem``: every required column is there."""
    aliases = COLUMN_ALIASES.get(stem, {})
    names = {aliases.get(normalize_header(str(c)), normalize_header(str(c))) for c in cells}
    if stem == "attendance" and cells and normalize_header(str(cells[0])) in MATRIX_FIRST_HEADERS:
        return True
    return all(c in names for c in REQUIRED_COLUMNS.get(stem, ()))


def is_header_of(cells: list[str]) -> str | None:
    """The table whose header ``cells`` could be: its required columns there, at least two columns and at least
    half of the cells known to it.

    When several tables fit, the one that knows the most cells (attendance over agencies for
    会議ID, 機関ID). None when no table fits (an analysis CSV, whose columns are mostly figures).

    Examples
    --------
    >>> is_header_of(["会議ID", "機関ID"]), is_header_of(["紹介元", "紹介先", "件数"]), is_header_of(["日付", "メモ"])
    ('attendance', 'referrals', None)
    """
    keys = [normalize_header(str(c)) for c in cells if str(c).strip()]
    best, best_score = None, 1
    for stem in FILES:
        aliases = COLUMN_ALIASES[stem]
        found = {aliases.get(k, k) for k in keys} & set(FILES[stem])
        if (all(c in found for c in REQUIRED_COLUMNS[stem]) and len(found) > best_score
                and 2 * len(found) >= len(keys)):
            best, best_score = stem, len(found)
    return best


def refuse_title_row(label: str, stem: str, header: list[str], body: pd.DataFrame) -> None:
    """One problem, not one per cell, when the header stands below a title row (or a few).

    Raises
    ------
    DataError
        When row 1 lacks a required column and one of the next ten rows has them all.
    """
    if _is_header(stem, header):
        return
    for position in range(min(len(body), 10)):
        if _is_header(stem, [str(c) for c in body.iloc[position].tolist()]):
            line = position + 2
            rows_ja = "1行目" if line == 2 else f"1〜{line - 1}行目"
            rows_en = "row 1" if line == 2 else f"rows 1-{line - 1}"
            raise DataError([Problem(label, 1, bilingual(
                f"見出しが1行目にありません ({line}行目が見出しのようです)。"
                f"{rows_ja} (表の題名など) を削除して、見出しを1行目にしてください",
                f"the header is not on row 1 (row {line} looks like it): delete {rows_en} (a title above "
                "the table) so that the header is row 1"))])


def unread_columns(label: str, stem: str, header: list[str], names: list[str]) -> list[str]:
    """Warnings for columns a table other than agencies does not read (agencies keep theirs as attributes)."""
    if stem == "agencies":
        return []
    japanese = _japanese(header)
    accepted = [accepted_headers(stem, c, japanese)[0] for c in FILES[stem]]
    warnings = []
    for raw, name in zip(header, names):
        raw = str(raw).strip()
        if name in FILES[stem] or name.startswith("__blank") or any(
                m in normalize_header(raw) for m in PERSONAL_DATA_MARKERS if stem in PRIVATE_FILES):
            continue
        hint = closest(raw, [h for c in FILES[stem] for h in accepted_headers(stem, c, japanese)], at_most=1)
        maybe = f"「{hint[0]}」のことですか？" if hint else ""
        maybe_en = f"; did you mean {hint[0]!r}?" if hint else ""
        warnings.append(f"{label}: " + bilingual(
            f"列「{raw}」は読みません。{maybe}読む列: {', '.join(accepted)}",
            f"column {raw!r} is not read{maybe_en} (columns read: {', '.join(accepted)})"))
    return warnings


def column_names(label: str, stem: str, header: list[str], problems: list[Problem]) -> list[str]:
    """The canonical name of each header cell (``__blankN`` when blank); a column given twice is a problem."""
    aliases = COLUMN_ALIASES.get(stem, {})
    names: list[str] = []
    seen: dict[str, str] = {}
    for position, raw in enumerate(header):
        key = normalize_header(raw)
        canonical = aliases.get(key, key)
        if not key:
            canonical = f"__blank{position}"
        elif canonical in seen:
            problems.append(Problem(label, 1, bilingual(
                f"列「{raw}」が重複しています (「{seen[canonical]}」と同じ列)",
                f"duplicate column {raw!r} (same as {seen[canonical]!r})")))
        seen[canonical] = raw
        names.append(canonical)
    return names


def check_header(label: str, stem: str, header: list[str], names: list[str], problems: list[Problem]) -> None:
    """Columns that look like personal data (in referrals, relations and meetings) and missing required columns.

    A column the file reads is never one (the meetings' 回の名前 names a round, not a person).
    """
    if stem in PRIVATE_FILES:
        for raw, key, name in zip(header, (normalize_header(h) for h in header), names):
            if name not in FILES[stem] and any(marker in key for marker in PERSONAL_DATA_MARKERS):
                problems.append(Problem(label, 1, bilingual(
                    f"列「{raw}」は個人の情報のようです。hikinet は機関と件数だけを扱います。この列を削除してから読み込んでください",
                    f"column {raw!r} looks like personal data; hikinet works with agencies and counts, not people:"
                    " remove the column")))
    missing = [c for c in REQUIRED_COLUMNS.get(stem, ()) if c not in names]
    japanese = _japanese(header)
    for column in missing:
        accepted = accepted_headers(stem, column, japanese)
        problems.append(Problem(label, 1, bilingual(
            f"必須の列「{accepted[0]}」がありません。使える見出し: {', '.join(accepted)}",
            f"required column {accepted[0]!r} is missing; accepted headers: {', '.join(accepted)}")))


