"""The one formula-safe writer of cells, for every CSV file and workbook sheet hikinet writes."""

from __future__ import annotations

from itertools import repeat

from ..vocabulary import FORMULA_PREFIXES

__all__ = ["safe_cell", "safe_row", "safe_column", "csv_text", "csv_columns_text"]

_PLAIN = frozenset({int, float})  # cells no spreadsheet runs and CSV writes as they are


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


def _csv_cells(values) -> list:
    """CSV cells: every text cell formula-safe (:func:`safe_cell`), None as an empty cell."""
    return ["" if v is None else safe_cell(v) if isinstance(v, str) else v for v in values]


def safe_column(values: list) -> list:
    """One column's CSV cells: :func:`_csv_cells`, with less work for a column of numbers only or of text only.

    Examples
    --------
    >>> safe_column([1, 2.5]), safe_column(["a", "=b"]), safe_column([None, "@c", 3])
    ([1, 2.5], ['a', "'=b"], ['', "'@c", 3])
    """
    kinds = set(map(type, values))
    if kinds <= _PLAIN:
        return values
    if kinds == {str} and not any(map(str.startswith, values, repeat(FORMULA_PREFIXES))):
        return values
    return _csv_cells(values)


def _writer(line_end: str):
    """A CSV writer into a new text buffer: the buffer and the writer."""
    import csv
    import io

    buffer = io.StringIO()
    return buffer, csv.writer(buffer, lineterminator=line_end)


def csv_text(columns, rows, bom: bool = False, line_end: str = "\n") -> str:
    """The one way hikinet writes CSV: a header, then ``rows`` (sequences), every cell formula-safe.

    ``bom`` puts a UTF-8 byte-order mark first, so that Excel on Japanese Windows reads the file right.
    """
    buffer, writer = _writer(line_end)
    writer.writerow(safe_row(columns))
    writer.writerows(_csv_cells(row) for row in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()


def csv_columns_text(columns, cells: list[list], bom: bool = False, line_end: str = "\n") -> str:
    """:func:`csv_text` of a table given column by column: ``cells[c][r]`` is row r's cell in column c.

    Examples
    --------
    >>> csv_columns_text(["a", "b"], [[1, 2], ["x", "=y"]]) == csv_text(["a", "b"], [[1, "x"], [2, "=y"]])
    True
    """
    buffer, writer = _writer(line_end)
    writer.writerow(safe_row(columns))
    writer.writerows(zip(*(safe_column(column) for column in cells)))
    return ("\ufeff" if bom else "") + buffer.getvalue()
