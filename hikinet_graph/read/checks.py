"""The column checks every table shares, vectorised over a whole table; each problem named by file and line.

A column is parsed once per distinct value (:class:`Parsed`), since ids, dates
and counts repeat across thousands of rows; :class:`ColumnChecks` turns a mask
of bad rows into problems on their lines. The rules of each table are in
:mod:`hikinet_graph.read.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dates import DateParseError, parse_date
from ..errors import Problem
from ..i18n import bilingual
from ..vocabulary import FORMULA_PREFIXES, LEVEL_VALUES, normalize_value
from .suggest import Suggester
from .tables import RawTable

__all__ = [
    "BAD",
    "MESSAGE_LIMIT",
    "ColumnChecks",
    "Parsed",
    "date_column",
    "flag_duplicate_ids",
    "formula_id_message",
    "id_column",
    "parse_level",
    "parse_whole",
    "reference_column",
    "unknown_id_message",
    "whole_column",
]

# what a cell that is not a whole number parses as
BAD = object()
# a message quoting an enormous cell is cut to this many characters
MESSAGE_LIMIT = 400
# "15" and "15.0" (as spreadsheets and scripts sometimes write whole numbers); not "15.5"
_WHOLE = re.compile(r"^(\d{1,9})(\.0+)?$")  # 9 digits at most: no count, age or round is larger


class ColumnChecks:
    """Collect the problems of one table, each located by the line of its row.

    Parameters
    ----------
    table : RawTable
        The table checked.
    problems : list of Problem
        Where problems are appended.
    """

    LIMIT = 1000  # per table and kind of problem; the rest are counted, not listed

    def __init__(self, table: RawTable, problems: list[Problem]):
        self.table = table
        self.problems = problems

    def flag(self, mask: np.ndarray | pd.Series, message: Callable[[int], str]) -> None:
        """Add a problem for each row where ``mask`` holds; ``message(row)`` words it.

        After :attr:`LIMIT` rows, one more problem counts the rest.
        """
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        for row in rows[: self.LIMIT]:
            self.problems.append(Problem(self.table.label, int(self.table.lines[row]), _shorten(message(int(row)))))
        if len(rows) > self.LIMIT:
            first = message(int(rows[0]))
            self.problems.append(Problem(self.table.label, int(self.table.lines[rows[self.LIMIT]]), bilingual(
                f"ほか {len(rows) - self.LIMIT} 行にも同じ問題があります",
                f"{len(rows) - self.LIMIT} more rows have the same problem as: {first}")))


def _shorten(message: str) -> str:
    """A message quoting an enormous cell keeps its start and end, not megabytes in between."""
    if len(message) <= MESSAGE_LIMIT:
        return message
    return message[: MESSAGE_LIMIT // 2] + " … " + message[-MESSAGE_LIMIT // 3:]


@dataclass
class Parsed:
    """A column parsed once per distinct value.

    Attributes
    ----------
    codes : ndarray
        Which distinct value each row has.
    uniques : list
        The parsed distinct values.

    Examples
    --------
    >>> ages = Parsed.of(pd.Series(["15", "x", "15"]), parse_whole)
    >>> ages.mask(lambda v: v is BAD).tolist(), ages.ints(-1).tolist()
    ([False, True, False], [15, -1, 15])
    """

    codes: np.ndarray
    uniques: list

    @classmethod
    def of(cls, series: pd.Series, func: Callable[[str], object]) -> Parsed:
        """Parse each distinct value of ``series`` with ``func``."""
        codes, uniques = pd.factorize(series, sort=False)
        return cls(np.asarray(codes), [func(u) for u in uniques])

    @classmethod
    def column(cls, table: RawTable, name: str, func: Callable[[str], object]) -> Parsed:
        """Parse each distinct value of the table's column ``name`` with ``func`` (its factors, found once)."""
        codes, uniques = table.factorized(name)
        return cls(np.asarray(codes), [func(u) for u in uniques])

    @classmethod
    def blank(cls, length: int) -> Parsed:
        """A column of ``length`` blank cells (None), for a column the table does not have."""
        return cls(np.zeros(length, dtype=np.int64), [None])

    def mask(self, predicate: Callable[[object], bool]) -> np.ndarray:
        """Which rows' parsed values satisfy ``predicate``."""
        if not self.uniques:
            return np.zeros(len(self.codes), dtype=bool)
        return np.fromiter((predicate(u) for u in self.uniques), dtype=bool, count=len(self.uniques))[self.codes]

    def ints(self, default: int) -> np.ndarray:
        """Each row's whole number, ``default`` where the value is not one."""
        if not self.uniques:
            return np.zeros(len(self.codes), dtype=np.int64)
        table = np.array([u if isinstance(u, int) else default for u in self.uniques], dtype=np.int64)
        return table[self.codes]

    def values(self) -> list:
        """Each row's parsed value."""
        return [self.uniques[c] for c in self.codes]

    def __getitem__(self, row: int) -> object:
        return self.uniques[self.codes[row]]


def parse_whole(text: str) -> object:
    """Parse a whole number >= 0 as people write it: full-width digits, "歳" and "15.0" too.

    Returns
    -------
    int, None or BAD
        The number, None for a blank cell, :data:`BAD` for anything else.

    Examples
    --------
    >>> parse_whole("１５歳"), parse_whole("15.0"), parse_whole(""), parse_whole("15.5") is BAD
    (15, 15, None, True)
    """
    folded = normalize_value(text)
    if folded.endswith("歳"):
        folded = folded[:-1].strip()
    if folded == "":
        return None
    whole = _WHOLE.match(folded)
    if whole:
        return int(whole.group(1))
    return BAD


def parse_level(text: str) -> object:
    """Parse a relation level: a whole number, or the questionnaire's word for it.

    Examples
    --------
    >>> parse_level("情報共有"), parse_level("４")
    (2, 4)
    """
    word = LEVEL_VALUES.get(normalize_value(text))
    return word if word is not None else parse_whole(text)


def whole_column(checks: ColumnChecks, name: str, what_ja: str, what_en: str) -> Parsed:
    """Parse column ``name`` as whole numbers >= 0 (None when blank); other values are flagged as ``BAD``."""
    series = checks.table.col(name)
    if not checks.table.has(name):
        return Parsed.blank(len(series))
    parsed = Parsed.column(checks.table, name, parse_whole)
    what_ja = checks.table.written.get(name) or what_ja  # the header as the user wrote it
    checks.flag(parsed.mask(lambda v: v is BAD), lambda r: bilingual(
        f"{what_ja}「{series.iat[r]}」は0以上の整数ではありません",
        f"{what_en} {series.iat[r]!r} is not a whole number >= 0"))
    return parsed


def date_column(checks: ColumnChecks, name: str, required: bool) -> np.ndarray:
    """Parse column ``name`` as dates: datetime64, NaT when blank or wrong (wrong ones, and blank ones if
    ``required``, are flagged)."""
    series = checks.table.col(name)
    if not checks.table.has(name):
        return np.full(len(series), np.datetime64("NaT"), dtype="datetime64[ns]")

    def parse(text: str) -> object:
        if text == "":
            return None
        try:
            return parse_date(text)
        except DateParseError as exc:
            return exc

    parsed = Parsed.column(checks.table, name, parse)
    checks.flag(parsed.mask(lambda v: isinstance(v, DateParseError)), lambda r: str(parsed[r]))
    if required:
        checks.flag(parsed.mask(lambda v: v is None), lambda r: bilingual("日付が空です", "the date is blank"))
    table = np.array([np.datetime64(v, "ns") if isinstance(v, dt.date) else np.datetime64("NaT", "ns")
                      for v in parsed.uniques] or [np.datetime64("NaT", "ns")], dtype="datetime64[ns]")
    return table[parsed.codes] if len(parsed.codes) else np.array([], dtype="datetime64[ns]")


def id_column(checks: ColumnChecks, name: str, what_ja: str, what_en: str) -> pd.Series:
    """Column ``name`` of ids; blank ids and ids that begin like a formula are flagged."""
    series = checks.table.col(name)
    if checks.table.has(name):
        what_ja = checks.table.written.get(name) or what_ja  # the header as the user wrote it
        codes, uniques = checks.table.factorized(name)
        checks.flag((uniques == "")[codes], lambda r: bilingual(f"{what_ja}が空です", f"{what_en} is blank"))
        column = checks.table.written.get(name, name)
        checks.flag(_like_formulas(checks.table, name), lambda r: formula_id_message(series.iat[r], column))
    return series


def _like_formulas(table: RawTable, name: str) -> np.ndarray:
    """Which ids begin with a character a spreadsheet runs as a formula (:data:`FORMULA_PREFIXES`)."""
    return Parsed.column(table, name, lambda v: v.startswith(FORMULA_PREFIXES)).mask(bool)


def formula_id_message(value: str, column: str | None = None) -> str:
    """Say why an id that begins with one of :data:`~hikinet_graph.vocabulary.FORMULA_PREFIXES` is refused.

    Parameters
    ----------
    value : str
        The id as written.
    column : str, optional
        The header of its column, as written.

    Returns
    -------
    str
        A bilingual problem message.
    """
    first = value[:1]
    shown = {"\t": "タブ", "\r": "CR"}.get(first, first)
    shown_en = {"\t": "a tab", "\r": "a carriage return"}.get(first, repr(first))
    where = f"列「{column}」の" if column else ""
    where_en = f" in column {column!r}" if column else ""
    return bilingual(
        f"{where}ID「{value}」は「{shown}」で始まっています。表計算ソフトが数式として扱うので、"
        "ID は = + - @ (タブ・CR) で始めないでください",
        f"id {value!r}{where_en} begins with {shown_en}, which a spreadsheet runs as a formula; "
        "ids must not begin with =, +, -, @, a tab or a carriage return")


def flag_duplicate_ids(checks: ColumnChecks, series: pd.Series) -> None:
    """Flag every repeat of an id, naming the line where it first stands."""
    dup = series.duplicated(keep="first") & (series != "")
    if dup.any():
        first_line = {}
        for row, value in enumerate(series):
            first_line.setdefault(value, int(checks.table.lines[row]))
        checks.flag(dup.to_numpy(), lambda r: bilingual(
            f"ID「{series.iat[r]}」が重複しています ({first_line[series.iat[r]]}行目と同じ)",
            f"duplicate id {series.iat[r]!r} (first on line {first_line[series.iat[r]]})"))


def reference_column(checks: ColumnChecks, series: pd.Series, known: dict[str, int] | None,
                     where: tuple[str, str], what_en: str) -> np.ndarray:
    """Find the position of each referenced id; unknown ones are flagged, with the closest ids, and set to -1.

    Parameters
    ----------
    checks : ColumnChecks
        The table's checks.
    series : Series
        The ids referred to (from :func:`id_column`).
    known : dict or None
        Id -> position in the referenced file; None when that file could not be read: its own
        problem is reported, and references to it are not flagged again.
    where : (str, str)
        The referenced file or sheet as the user sees it, in Japanese and English
        (「機関」シート / sheet '機関', or agencies.csv).
    what_en : str
        The id, as English messages name it.

    Returns
    -------
    ndarray
        The position of each row's id, -1 when unknown.
    """
    if known is None:
        return np.full(len(series), -1, dtype=np.int64)
    # once per distinct id: references repeat across hundreds of thousands of rows
    if checks.table.has(series.name) and len(series) == len(checks.table):  # a column of the table (id_column)
        codes, uniques = checks.table.factorized(series.name)
    else:
        codes, uniques = pd.factorize(series, sort=False)
    positions = np.array([known.get(u, -1) for u in uniques] + [-1], dtype=np.int64)[codes]
    # blank ids are reported as blank, and ids like a formula as such (by id_column), not again as unknown
    unreported = np.array([u != "" and not u.startswith(FORMULA_PREFIXES) for u in uniques] + [False],
                          dtype=bool)[codes]
    unknown = (positions < 0) & unreported
    if unknown.any():  # the known ids are folded for suggestions only when one is needed
        suggester = Suggester(known)
        checks.flag(unknown, lambda r: unknown_id_message(series.iat[r], where, what_en,
                                                          suggester.suggest(series.iat[r])))
    return positions


def unknown_id_message(value: str, where: tuple[str, str], what_en: str, suggestions: list[str],
                       advice: tuple[str, str] = ("", "")) -> str:
    """An id that is not in the file or sheet it refers to, with the closest ids: 「もしかして「サポステ」？」.

    ``advice`` (Japanese, English) is added to each language's part.

    Examples
    --------
    >>> unknown_id_message("サポスて", ("「機関」シート", "sheet '機関'"), "agency id", ["サポステ"])
    "「機関」シートにないID「サポスて」。もしかして「サポステ」？ (unknown agency id 'サポスて' (not in sheet '機関'); did you mean 'サポステ'?)"
    """
    maybe = "。もしかして" + "".join(f"「{s}」" for s in suggestions) + "？" if suggestions else ""
    maybe_en = "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?" if suggestions else ""
    return bilingual(f"{where[0]}にないID「{value}」{maybe}{advice[0]}",
                     f"unknown {what_en} {value!r} (not in {where[1]}){maybe_en}{advice[1]}")
