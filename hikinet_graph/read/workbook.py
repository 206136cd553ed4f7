"""A network from one Excel workbook (.xlsx): each known sheet becomes a table, its rows numbered as in Excel.

Sheet names come from :data:`~hikinet_graph.vocabulary.SHEET_NAMES` (English or
Japanese); the 設定 sheet holds settings; the template's 説明 is not read, and every
other sheet is reported (:mod:`hikinet_graph.read.sheets`). openpyxl is imported
only when a workbook is read.
"""

from __future__ import annotations

import datetime as dt
import errno
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from ..i18n import bilingual
from ..vocabulary import FILES, JAPANESE_SHEETS, SHEET_NAMES
from .config import Settings
from .files import cannot_read_message, input_file_problem
from .settings import sheet_settings
from .sheets import plan_sheets
from .tables import BLANK_HEADER_CELL, RawTable, canonical_table

__all__ = ["BookTables", "cell_text", "read_workbook_tables"]

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


@dataclass
class BookTables:
    """What a workbook holds: its tables, its settings sheet, and which tables could not be read.

    Attributes
    ----------
    tables : dict
        File stem -> its table, or None when the workbook has no such sheet (or it could not be read).
    settings : Settings
        The 設定 sheet's settings (none when there is no such sheet).
    unreadable : set of str
        Stems whose sheet is there but could not be read (references to it are not flagged again).
    """

    tables: dict[str, RawTable | None]
    settings: Settings
    unreadable: set[str] = field(default_factory=set)


def read_workbook_tables(path: Path, problems: list[Problem], warnings: list[str] | None = None) -> BookTables:
    """Read each known sheet of a workbook as a :class:`RawTable` whose lines are the sheet's row numbers.

    Every other sheet is accounted for (:func:`~hikinet_graph.read.sheets.plan_sheets`).

    Parameters
    ----------
    path : Path
        The workbook.
    problems : list of Problem
        Problems of sheets and rows are appended here.
    warnings : list of str, optional
        Sheets not read that are no problem (a memo) are appended here.

    Returns
    -------
    BookTables
        The tables, the settings sheet, and the sheets that could not be read.

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
        return _read_tables(path, problems, warnings if warnings is not None else [],
                            load_workbook(path, read_only=True, data_only=True))
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


def _rows(sheet, limit: int | None = None) -> list[list[str]]:
    """A sheet's rows as text (a chart sheet has none)."""
    if not hasattr(sheet, "iter_rows"):
        return []
    return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True, max_row=limit)]


def _read_tables(path: Path, problems: list[Problem], warnings: list[str], book) -> BookTables:
    try:
        plan = plan_sheets(str(path), list(book.sheetnames), lambda name: _rows(book[name], 10), problems, warnings)
        found = BookTables({}, Settings(f"{path}[{plan.settings}]"))
        for stem in FILES:
            sheet = plan.tables.get(stem)
            found.tables[stem] = None
            if sheet is None:
                if stem == "agencies":
                    problems.append(Problem(str(path), 1, bilingual(
                        f"シート「{JAPANESE_SHEETS[stem]}」({stem}) がありません。ブックのシート: {', '.join(book.sheetnames)}",
                        f"no sheet {SHEET_NAMES[stem][0]!r} or {SHEET_NAMES[stem][1]!r}; the workbook has: "
                        f"{', '.join(book.sheetnames)}")))
                continue
            try:
                found.tables[stem] = _sheet_table(f"{path}[{sheet}]", stem, sheet, _rows(book[sheet]), problems)
            except DataError as exc:  # the sheet cannot be read (a title row above its header)
                problems.extend(exc.problems)
                found.unreadable.add(stem)
        if plan.settings is not None:
            rows = list(enumerate(_rows(book[plan.settings]), start=1))
            found.settings = sheet_settings(f"{path}[{plan.settings}]", rows, problems)
        return found
    finally:
        book.close()


def _sheet_table(label: str, stem: str, name: str, rows: list[list[str]], problems: list[Problem]) -> RawTable | None:
    """One sheet as a table (row 1 the header), or None with a problem when row 1 is blank."""
    if not rows or not any(c.strip() for c in rows[0]):
        problems.append(Problem(label, 1, bilingual("1行目に見出しがありません", "row 1 holds no header")))
        return None
    width = len(rows[0])
    body = pd.DataFrame([(r + [""] * width)[:width] for r in rows[1:]], columns=range(width), dtype=object)
    overflow = [i for i, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r[width:])]
    for line in overflow:
        problems.append(Problem(label, line, BLANK_HEADER_CELL))
    table = canonical_table(label, stem, rows[0], body, np.arange(2, len(rows) + 1, dtype=np.int64), problems)
    table.shown = name
    return table
