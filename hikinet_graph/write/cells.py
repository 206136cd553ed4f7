"""The one formula-safe writer of cells, for every CSV file and workbook sheet hikinet writes."""

from __future__ import annotations

from ..vocabulary import FORMULA_PREFIXES

__all__ = ["safe_cell", "safe_row", "csv_text"]


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula: a leading ``'`` before =, +, -, @, tab or CR.

    Examples
    --------
    >>> safe_cell("=SUM(A1)"), safe_cell("-3"), safe_cell(-3), safe_cell("社協")
    ("'=SUM(A1)", "'-3", -3, '社協')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values) -> list:
    """One row of cells for a CSV file or a workbook sheet, every text cell formula-safe."""
    return [safe_cell(v) for v in values]


def csv_text(columns, rows, bom: bool = False, line_end: str = "\n") -> str:
    """The one way hikinet writes CSV: a header, then ``rows`` (sequences), every cell formula-safe.

    ``bom`` puts a UTF-8 byte-order mark first, so that Excel on Japanese Windows reads the file right.
    """
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(safe_row(columns))
    for row in rows:
        writer.writerow(safe_row("" if v is None else v for v in row))
    return ("\ufeff" if bom else "") + buffer.getvalue()

