"""Attendance written as a matrix: one row per agency, one column per meeting, a mark where it attended.

The matrix is recognised by its header (:func:`~hikinet_graph.read.headers.is_matrix_header`):
機関ID (or 機関名) first, then meeting ids from the meetings. A cell counts as attended
when it holds one of :data:`~hikinet_graph.vocabulary.ATTENDED_MARKS` (○ 〇 ◯ ● 1 true
はい 出 x X); a blank cell is "not attended"; anything else is a problem naming the cell.
The result is the long form (one row per meeting and agency), as attendance.csv holds it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import Problem
from ..i18n import bilingual
from ..model import Agency
from ..vocabulary import ATTENDED_MARKS, MATRIX_FIRST_HEADERS, normalize_header, normalize_value
from .checks import unknown_id_message
from .suggest import Suggester, fold
from .tables import BLANK_HEADER_CELL, RawTable

__all__ = ["column_letter", "matrix_attendance"]

# more problems than this in one matrix are counted, not listed
LIMIT = 1000


def column_letter(position: int) -> str:
    """The spreadsheet letter of a column (0 -> A, 25 -> Z, 26 -> AA).

    Examples
    --------
    >>> column_letter(0), column_letter(2), column_letter(27)
    ('A', 'C', 'AB')
    """
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def matrix_attendance(table: RawTable, meetings: dict[str, int] | None, agencies: list[Agency],
                      agency_index: dict[str, int] | None, where: dict[str, tuple[str, str]],
                      problems: list[Problem]) -> pd.DataFrame:
    """Turn an attendance matrix into long rows (meeting, agency, line); every problem is appended.

    Parameters
    ----------
    table : RawTable
        The attendance table, read as a matrix (``table.matrix`` holds its header).
    meetings, agency_index : dict or None
        Meeting id and agency id -> position; None when that table could not be read.
    agencies : list of Agency
        The agencies, whose names a matrix headed 機関名 uses.
    where : dict
        ``"meetings"`` and ``"agencies"`` -> how the user sees those files or sheets (Japanese, English).
    problems : list of Problem
        Where problems are appended.

    Returns
    -------
    DataFrame
        ``meeting``, ``agency`` (positions) and ``line``: one row per mark.
    """
    empty = pd.DataFrame({"meeting": np.zeros(0, np.int64), "agency": np.zeros(0, np.int64),
                          "line": np.zeros(0, np.int64)})
    if meetings is None or agency_index is None:
        return empty
    found: list[Problem] = []
    columns = _meeting_columns(table, meetings, where["meetings"], found)
    rows = _agency_rows(table, agencies, agency_index, where["agencies"], found)
    records = []
    for row, agency in enumerate(rows):
        line = int(table.lines[row])
        for position, meeting in columns.items():
            cell = table.frame.iat[row, position]
            if cell == "":
                continue
            if normalize_value(cell) not in ATTENDED_MARKS:
                found.append(Problem(table.label, line, bilingual(
                    f"セル {column_letter(position)}{line} の「{cell}」は出席の印として読めません。"
                    "出席は ○ 〇 ◯ ● 1 true はい 出 x X のどれか、欠席は空欄にしてください",
                    f"cell {column_letter(position)}{line} holds {cell!r}, not a mark of attendance: mark attended "
                    "with ○ 〇 ◯ ● 1 true はい 出 x or X and leave the others blank")))
            elif agency >= 0 and meeting >= 0:
                records.append((meeting, agency, line))
    problems.extend(found[:LIMIT])
    if len(found) > LIMIT:
        problems.append(Problem(table.label, found[LIMIT].line or 1, bilingual(
            f"ほか {len(found) - LIMIT} 件の問題があります", f"{len(found) - LIMIT} more problems")))
    if not records:
        return empty
    meeting, agency, line = (np.array(v, dtype=np.int64) for v in zip(*records))
    return pd.DataFrame({"meeting": meeting, "agency": agency, "line": line})


def _meeting_columns(table: RawTable, meetings: dict[str, int], where: tuple[str, str],
                     found: list[Problem]) -> dict[int, int]:
    """Column position -> meeting position; a header that is no meeting id is a problem on row 1."""
    columns: dict[int, int] = {}
    suggester = Suggester(meetings)
    for position, header in enumerate(table.matrix[1:], start=1):
        if not header:
            filled = (table.frame[position] != "").to_numpy()
            found.extend(Problem(table.label, int(line), BLANK_HEADER_CELL) for line in table.lines[filled][:50])
            continue
        if header in meetings:
            columns[position] = meetings[header]
            continue
        hint = suggester.suggest(header)
        found.append(Problem(table.label, 1, unknown_id_message(header, where, "meeting id", hint, (
            " 出席を表の形で書くときは、1列目を機関ID (または機関名)、2列目からの見出しを会議IDにしてください",
            "; an attendance matrix has 機関ID (or 機関名) first, then one column per meeting id"))))
        columns[position] = -1
    return columns


def _agency_rows(table: RawTable, agencies: list[Agency], agency_index: dict[str, int],
                 where: tuple[str, str], found: list[Problem]) -> list[int]:
    """Each row's agency position (-1 with a problem when the id or name is unknown)."""
    by_name = MATRIX_FIRST_HEADERS[normalize_header(table.matrix[0])] == "name"
    lookup = agency_index
    if by_name:
        lookup = {}
        for position, agency in enumerate(agencies):
            for key in {agency.name, fold(agency.name)} - {""}:
                lookup[key] = -2 if lookup.get(key, position) != position else position
    suggester = Suggester([a.name for a in agencies] if by_name else agency_index)
    positions = []
    for row, value in enumerate(table.frame[0].tolist()):
        line = int(table.lines[row])
        position = lookup.get(value, lookup.get(fold(value), -1)) if by_name else lookup.get(value, -1)
        if value == "":
            found.append(Problem(table.label, line, bilingual(f"{table.matrix[0]}が空です",
                                                              f"{table.matrix[0]} is blank")))
        elif position == -2:
            found.append(Problem(table.label, line, bilingual(
                f"機関名「{value}」の機関が2つ以上あります。1列目を機関IDにしてください",
                f"more than one agency is named {value!r}: head the first column 機関ID and use ids")))
        elif position < 0:
            what = "agency name" if by_name else "agency id"
            found.append(Problem(table.label, line, unknown_id_message(
                value, where, what, suggester.suggest(value)).replace("ID「", "名前「" if by_name else "ID「", 1)))
        positions.append(max(position, -1))
    return positions
