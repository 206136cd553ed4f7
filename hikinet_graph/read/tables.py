"""One CSV file (or workbook sheet) as a table of text: parsed, headers mapped to canonical columns.

:func:`read_csv_table` parses a file with pandas' C parser (and a slow path for
rows with too many cells); :func:`canonical_table` names the columns from
:data:`~hikinet_graph.vocabulary.COLUMN_ALIASES`, checks the header and drops
blank rows. Each row keeps its line, as a text editor counts it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, HikinetError, Problem
from ..i18n import bilingual
from .files import decode_bytes, read_input_bytes
from .headers import check_header, column_names, is_matrix_header, refuse_title_row, unread_columns

__all__ = ["BLANK_HEADER_CELL", "RawTable", "canonical_table", "numbered_rows", "read_csv_table"]

# the problem of a cell in a column without a header (CSV files and workbook sheets alike)
BLANK_HEADER_CELL = bilingual("見出しのない列に値があります", "a cell stands in a column without a header")


@dataclass
class RawTable:
    """One file or sheet as text: canonical column names, a string frame, and each row's line.

    Attributes
    ----------
    label : str
        How problems name the file or sheet.
    frame : DataFrame
        One column per canonical name, every cell a stripped string.
    lines : ndarray
        The line (CSV) or row (sheet) of each row of ``frame``.
    header : list of str
        The canonical names, in the order written.
    problems : list of Problem
        Problems found while reading, reported with the others.
    written : dict
        Canonical column name -> the header as the user wrote it (for messages).
    shown : str
        The file or sheet as the user sees it (``agencies.csv``, ``機関``), for messages of other tables.
    warnings : list of str
        What was found but is no problem (a column not read, a missing name column).
    matrix : list of str or None
        For attendance written as a matrix (one row per agency, one column per meeting): the header as
        written; the frame's columns are then positions, not names.
    """

    label: str
    frame: pd.DataFrame
    lines: np.ndarray
    header: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    shown: str = ""
    warnings: list[str] = field(default_factory=list)
    matrix: list[str] | None = None
    factors: dict = field(default_factory=dict, repr=False)

    def has(self, name: str) -> bool:
        """Whether the table has the canonical column ``name``."""
        return name in self.frame.columns

    def col(self, name: str) -> pd.Series:
        """The column ``name``, or blank cells when the table has no such column."""
        if name in self.frame.columns:
            return self.frame[name]
        return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=object)

    def factorized(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Which distinct value each row of column ``name`` holds, and the distinct values; computed once.

        Checks work on the distinct values: ids, dates and counts repeat across thousands of rows.
        """
        if name not in self.factors:
            self.factors[name] = pd.factorize(self.col(name).to_numpy(dtype=object), sort=False)
        return self.factors[name]

    def __len__(self) -> int:
        return len(self.frame)


def read_csv_table(path: Path, stem: str, label: str | None = None) -> RawTable:
    """Read one CSV file of a network folder as text, with canonical headers.

    Parameters
    ----------
    path : Path
        The file.
    stem : str
        Which file of :data:`~hikinet_graph.vocabulary.FILES` it is.
    label : str, optional
        How problems name the file (default: ``path``).

    Returns
    -------
    RawTable
        The table; problems of single rows and cells are in its ``problems``.

    Raises
    ------
    DataError
        When the file cannot be read or parsed at all (unreadable, undecodable, empty, no header,
        an unclosed quote, not comma-separated).
    """
    label = label or str(path)
    text = decode_bytes(read_input_bytes(path, label), label)
    _refuse_unreadable(text, label)
    problems: list[Problem] = []
    frame, lines = _parse(text, label, problems)
    header = [h if isinstance(h, str) else "" for h in frame.iloc[0].tolist()]  # a missing cell is blank
    body = frame.iloc[1:].reset_index(drop=True)
    table = canonical_table(label, stem, header, body, lines[1:], problems)
    table.shown = Path(path).name
    if problems:
        table.problems = problems
    return table


def _refuse_unreadable(text: str, label: str) -> None:
    """Raise for text that cannot be read as a table: empty, no header on line 1, a quote never closed."""
    if not text.strip():
        raise DataError([Problem(label, 1, bilingual("ファイルが空です (見出し行がありません)", "the file is empty: no header row"))])
    if not text.split("\n", 1)[0].strip(" \t\r\ufeff,"):
        raise DataError([Problem(label, 1, bilingual(
            "1行目が空です。1行目には見出し (列の名前) を書いてください",
            "line 1 is blank: the first line must be the header (the column names)"))])
    if text.count('"') % 2:
        raise DataError([Problem(label, _unclosed_quote_line(text), bilingual(
            "引用符 (\") が閉じられていません。ファイルが途中で切れているか、セルの中の \" が1つだけです",
            "a quote (\") is never closed: the file is cut short, or a cell holds a single \""))])


def _parse(text: str, label: str, problems: list[Problem]) -> tuple[pd.DataFrame, np.ndarray]:
    """Every record as text (header included), and the line each starts on."""
    try:
        # the C parser reads UTF-8 bytes (a text buffer is encoded to them anyway); cells stay Python str
        # (object columns): pandas' own string dtype would be converted on every check
        frame = pd.read_csv(io.BytesIO(text.encode("utf-8")), encoding="utf-8", header=None, dtype=object,
                            na_filter=False, skip_blank_lines=False, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return _read_ragged(text, label, problems)
    # cells missing from short rows are NaN here, and blank once stripped (canonical_table)
    lines = np.arange(1, len(frame) + 1, dtype=np.int64)
    if '"' in text:
        # quoted cells may hold line breaks (Alt+Enter in Excel): later rows move down
        breaks = np.zeros(len(frame), dtype=np.int64)
        for column in frame.columns:
            codes, uniques = pd.factorize(frame[column].to_numpy(dtype=object), sort=False)
            counts = np.array([str(u).count("\n") for u in uniques] + [0], dtype=np.int64)
            breaks += counts[codes]
        lines = lines + np.concatenate(([0], np.cumsum(breaks)[:-1]))
    return frame, lines


def _read_ragged(text: str, label: str, problems: list[Problem]) -> tuple[pd.DataFrame, np.ndarray]:
    """The slow path for rows with more cells than the header: each is reported, the rest still checked."""
    previous_limit = csv.field_size_limit(2**31 - 1)  # cells of any size; they are checked later
    try:
        return _read_records(text, label, problems)
    finally:
        csv.field_size_limit(previous_limit)


def _unclosed_quote_line(text: str) -> int:
    """The line on which the quote that is never closed opens."""
    inside, opened = False, 0
    for position, char in enumerate(text):
        if char == '"':
            inside = not inside
            if inside:
                opened = position
    return text.count("\n", 0, opened) + 1


def _read_records(text: str, label: str, problems: list[Problem]) -> tuple[pd.DataFrame, np.ndarray]:
    """Records with the csv module, padded or cut to the header's width; each row too wide is a problem."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records, lines = [], []
    first_line = 1
    width = None
    try:
        for record in reader:
            if width is None:
                width = len(record)
            elif len(record) > width:
                problems.append(Problem(label, first_line, bilingual(
                    f"セルが多すぎます (見出し {width} 列、この行 {len(record)} 列)",
                    f"too many cells: the header has {width} columns, this row {len(record)}")))
            records.append((record + [""] * width)[:width])
            lines.append(first_line)
            first_line = reader.line_num + 1
    except csv.Error as exc:  # not expected once line breaks are "\n"; a problem, never an internal error
        raise DataError([Problem(label, first_line, bilingual("CSV として読めません", f"cannot be read as CSV: {exc}"))]) from None
    return pd.DataFrame(records, dtype=object), np.asarray(lines, dtype=np.int64)


def canonical_table(label: str, stem: str, header: list[str], body: pd.DataFrame, lines: np.ndarray,
                    problems: list[Problem]) -> RawTable:
    """Give a file's (or sheet's) columns their canonical names, check the header and drop blank rows.

    Parameters
    ----------
    label : str
        How problems name the file or sheet.
    stem : str
        Which file of :data:`~hikinet_graph.vocabulary.FILES` this is.
    header : list of str
        The header row as written.
    body : DataFrame
        The rows below the header, as text, one column per header cell.
    lines : ndarray
        The line (or row) of each row of ``body``.
    problems : list of Problem
        Problems of the header and cells are appended here.

    Returns
    -------
    RawTable
        The table, each cell stripped, without rows of empty cells. Attendance written as a matrix
        keeps its header as written (:attr:`RawTable.matrix`).

    Raises
    ------
    DataError
        When the columns are not comma-separated, or the header is not on line 1 (a title row above
        it): the table cannot be read further, and one problem says why.
    """
    names = column_names(label, stem, header, problems)
    if len(names) == 1 and any(sep in header[0] for sep in ("\t", ";")):
        raise DataError([Problem(label, 1, bilingual(
            "区切り文字がカンマではありません (タブまたはセミコロン)。CSV (カンマ区切り) で保存してください",
            "the columns are not separated by commas (tabs or semicolons found); save as CSV (comma delimited)"))])
    columns = _stripped(body)
    refuse_title_row(label, stem, header, _frame(columns, np.arange(min(len(body), 10))))
    if is_matrix_header(stem, header, names):
        keep = _filled_rows(columns, len(body))
        return RawTable(label, _frame(columns, keep), lines[keep], matrix=[str(h).strip() for h in header])
    check_header(label, stem, header, names, problems)
    first: dict[str, int] = {}  # a column given twice is reported above; the first one is read
    for position, name in enumerate(names):
        first.setdefault(name, position)
        if name.startswith("__blank"):
            values, _, _ = columns[position]
            for line in lines[values != ""][:50]:
                problems.append(Problem(label, int(line), BLANK_HEADER_CELL))
    kept = {name: columns[position] for name, position in first.items() if not name.startswith("__blank")}
    keep = _filled_rows(list(kept.values()), len(body))
    frame = pd.DataFrame({name: values[keep] for name, (values, _, _) in kept.items()}, dtype=object)
    written = {}
    for canonical, raw in zip(names, header):
        written.setdefault(canonical, str(raw).strip())
    return RawTable(label, frame, lines[keep], header=names, written=written,
                    warnings=unread_columns(label, stem, header, names),
                    factors={name: (codes[keep], uniques) for name, (_, codes, uniques) in kept.items()})


def _frame(columns: list[tuple[np.ndarray, np.ndarray, np.ndarray]], rows: np.ndarray) -> pd.DataFrame:
    """The ``rows`` (positions or a mask) of stripped columns as a frame whose columns are positions."""
    return pd.DataFrame({p: values[rows] for p, (values, _, _) in enumerate(columns)}, dtype=object)


def _filled_rows(columns: list[tuple[np.ndarray, np.ndarray, np.ndarray]], rows: int) -> np.ndarray:
    """Which rows hold a cell: a row of empty cells (a blank line, or ",,,," as Excel writes) is no row."""
    filled = np.zeros(rows, dtype=bool)
    for _, codes, uniques in columns:
        filled |= (uniques != "")[codes]
    return filled


def _stripped(body: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each column's cells without spaces around them (a missing cell blank): the cells, as Python str, and
    which distinct value each row holds (codes into the distinct values)."""
    columns = []
    for position in range(body.shape[1]):
        # strip each distinct value once: ids, dates and counts repeat across thousands of rows
        codes, uniques = pd.factorize(body.iloc[:, position].to_numpy(dtype=object), sort=False)
        stripped = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
        merged, distinct = pd.factorize(stripped, sort=False)  # " a" and "a" are one value once stripped
        columns.append((stripped[codes], merged[codes], np.asarray(distinct, dtype=object)))
    return columns


def numbered_rows(text: str) -> list[tuple[int, list[str]]]:
    """Split CSV text into rows, each with the line it starts on (line breaks inside quoted cells counted).

    Examples
    --------
    >>> numbered_rows('a,"b\\nc"\\nd,e\\n')
    [(1, ['a', 'b\\nc']), (3, ['d', 'e'])]
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    numbered, start = [], 1
    try:
        for row in reader:
            numbered.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:  # not expected: decode_bytes gives "\n" line breaks
        raise HikinetError(bilingual("CSV として読めません", f"cannot be read as CSV: {exc}")) from None
    return numbered
