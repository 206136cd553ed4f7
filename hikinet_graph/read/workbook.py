"""A network from one Excel workbook (.xlsx): each known sheet becomes a table, its rows numbered as in Excel.

Sheet names come from :data:`~hikinet_graph.vocabulary.SHEET_NAMES` (English or
Japanese); other sheets, such as the template's 説明, are not read. openpyxl is
imported only when a workbook is read.
"""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from ..i18n import bilingual
from ..vocabulary import FILES, JAPANESE_SHEETS, SHEET_NAMES
from .files import cannot_read_message, input_file_problem
from .tables import BLANK_HEADER_CELL, RawTable, canonical_table

__all__ = ["cell_text", "read_workbook_tables"]

# the file itself cannot be read (rather than being a damaged workbook)
_CANNOT_READ = {errno.EACCES, errno.EPERM, errno.EIO, errno.ENOENT, errno.EISDIR, errno.ELOOP, errno.ENXIO}


def cell_text(value: object) -> str:
    """Turn a cell's value into the text a CSV would hold: dates as ISO dates, whole floats without '.0'.

    Parameters
    ----------
    value : object
        A value as openpyxl gives it (None, bool, number, date, datetime or str).

    Returns
    -------
    str
        The cell as text.

    Examples
    --------
    >>> cell_text(dt.datetime(2025, 4, 1))
    '2025-04-01'
    >>> cell_text(15.0), cell_text(None), cell_text(True)
    ('15', '', 'true')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def read_workbook_tables(path: Path, problems: list[Problem]) -> dict[str, RawTable | None]:
    """Read each known sheet of a workbook as a :class:`RawTable` whose lines are the sheet's row numbers.

    Parameters
    ----------
    path : Path
        The workbook.
    problems : list of Problem
        Problems of single sheets and rows are appended here.

    Returns
    -------
    dict
        File stem -> its table, or None when the workbook has no such sheet.

    Raises
    ------
    DataError
        When the file cannot be read or is not a workbook (one problem, line 1).
    """
    from openpyxl import load_workbook  # imported here: only workbook users pay for it

    problem = input_file_problem(path)  # a FIFO or a device is never opened
    if problem is not None:
        raise DataError([Problem(str(path), 1, problem)])
    try:
        return _read_tables(path, problems, load_workbook(path, read_only=True, data_only=True))
    except DataError:
        raise
    except OSError as exc:
        if exc.errno not in _CANNOT_READ:  # a broken zip can fail a seek (EINVAL): the workbook is damaged
            raise DataError([Problem(str(path), 1, _broken(exc))]) from None
        raise DataError([Problem(str(path), 1, cannot_read_message(exc))]) from None
    except Exception as exc:  # a damaged workbook fails in zipfile, zlib, XML or openpyxl itself
        raise DataError([Problem(str(path), 1, _broken(exc))]) from None


def _broken(exc: Exception) -> str:
    return bilingual("Excel ブック (.xlsx) として読めません。Excel で開いて保存し直してください",
                     f"cannot read as an .xlsx workbook: {type(exc).__name__}; open and save it again in Excel")


def _read_tables(path: Path, problems: list[Problem], book) -> dict[str, RawTable | None]:
    try:
        by_name = {"".join(name.split()).lower(): name for name in book.sheetnames}
        tables: dict[str, RawTable | None] = {}
        for stem in FILES:
            sheet = next((by_name[n.lower()] for n in SHEET_NAMES[stem] if n.lower() in by_name), None)
            if sheet is None:
                if stem == "agencies":
                    names = SHEET_NAMES[stem]
                    problems.append(Problem(str(path), 1, bilingual(
                        f"シート「{JAPANESE_SHEETS[stem]}」({stem}) がありません",
                        f"no sheet {names[0]!r} or {names[1]!r}; the workbook has: {', '.join(book.sheetnames)}")))
                tables[stem] = None
                continue
            tables[stem] = _sheet_table(f"{path}[{sheet}]", stem, book[sheet], problems)
        return tables
    finally:
        book.close()


def _sheet_table(label: str, stem: str, sheet, problems: list[Problem]) -> RawTable | None:
    """One sheet as a table (row 1 the header), or None with a problem when row 1 is blank."""
    rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    if not rows or not any(c.strip() for c in rows[0]):
        problems.append(Problem(label, 1, bilingual("1行目に見出しがありません", "row 1 holds no header")))
        return None
    width = len(rows[0])
    body = pd.DataFrame([(r + [""] * width)[:width] for r in rows[1:]], columns=range(width), dtype=object)
    overflow = [i for i, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r[width:])]
    for line in overflow:
        problems.append(Problem(label, line, BLANK_HEADER_CELL))
    return canonical_table(label, stem, rows[0], body, np.arange(2, len(rows) + 1, dtype=np.int64), problems)
