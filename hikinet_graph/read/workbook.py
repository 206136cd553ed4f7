"""Excel workbooks: read a network from one .xlsx (sheets in English or Japanese), write workbooks safely."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from ..vocabulary import FILES
from .files import input_file_problem
from .tables import RawTable, canonical_table

__all__ = ["SHEET_NAMES", "read_workbook_tables", "cell_text"]

# canonical file stem -> accepted sheet names (compared without case or spaces)
SHEET_NAMES: dict[str, tuple[str, ...]] = {
    "agencies": ("agencies", "機関"),
    "meetings": ("meetings", "会議"),
    "attendance": ("attendance", "出席"),
    "referrals": ("referrals", "紹介"),
    "relations": ("relations", "関係"),
}


def cell_text(value: object) -> str:
    """A cell as the text a CSV would hold: dates as ISO dates, whole floats without '.0'."""
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

# the file itself cannot be read (rather than being a damaged workbook)
_CANNOT_READ = {errno.EACCES, errno.EPERM, errno.EIO, errno.ENOENT, errno.EISDIR, errno.ELOOP, errno.ENXIO}


def _label(path: Path, sheet: str) -> str:
    return f"{path}[{sheet}]"


def read_workbook_tables(path: Path, problems: list[Problem]) -> dict[str, RawTable | None]:
    """Each known sheet as a :class:`RawTable` whose lines are the sheet's row numbers."""
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
        raise DataError([Problem(str(path), 1, f"読み込めません (cannot read: {exc.strerror or exc})")]) from None
    except Exception as exc:  # a damaged workbook fails in zipfile, zlib, XML or openpyxl itself
        raise DataError([Problem(str(path), 1, _broken(exc))]) from None


def _broken(exc: Exception) -> str:
    return ("Excel ブック (.xlsx) として読めません。Excel で開いて保存し直してください"
            f" (cannot read as an .xlsx workbook: {type(exc).__name__}; open and save it again in Excel)")


def _read_tables(path: Path, problems: list[Problem], book) -> dict[str, RawTable | None]:
    try:
        by_name = {"".join(name.split()).lower(): name for name in book.sheetnames}
        tables: dict[str, RawTable | None] = {}
        for stem in FILES:
            sheet = next((by_name[n.lower()] for n in SHEET_NAMES[stem] if n.lower() in by_name), None)
            if sheet is None:
                if stem == "agencies":
                    problems.append(Problem(str(path), 1, (
                        "シート「機関」(agencies) がありません"
                        f" (no sheet 'agencies' or '機関'; the workbook has: {', '.join(book.sheetnames)})")))
                tables[stem] = None
                continue
            rows = [[cell_text(v) for v in row] for row in book[sheet].iter_rows(values_only=True)]
            label = _label(path, sheet)
            if not rows or not any(c.strip() for c in rows[0]):
                problems.append(Problem(label, 1, "1行目に見出しがありません (row 1 holds no header)"))
                tables[stem] = None
                continue
            width = len(rows[0])
            body = pd.DataFrame([(r + [""] * width)[:width] for r in rows[1:]], columns=range(width), dtype=object)
            overflow = [i for i, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r[width:])]
            for line in overflow:
                problems.append(Problem(label, line, "見出しのない列に値があります (a cell stands in a column without a header)"))
            tables[stem] = canonical_table(label, stem, rows[0], body, np.arange(2, len(rows) + 1, dtype=np.int64),
                                           problems)
        return tables
    finally:
        book.close()
