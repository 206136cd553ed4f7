"""``import-survey … -o FILE.xlsx``: a copy of the agencies workbook whose 関係 sheet holds the imported relations.

The original workbook is only read. The copy keeps every sheet's cells, column
widths, drop-down lists and styles (openpyxl reads and writes them); the 関係 sheet's
rows below its header are replaced by the survey's relations, under the columns its
header names (a missing column is added at the end). What openpyxl cannot carry over
(shapes, form controls; images without Pillow) is counted part by part, so that the
command can say so.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from ..i18n import bilingual
from ..read.sheets import sheet_key
from ..vocabulary import COLUMN_ALIASES, FILES, JAPANESE_HEADERS, JAPANESE_SHEETS, SHEET_NAMES, normalize_header
from .cells import safe_cell
from .files import refuse_existing, write_workbook

__all__ = ["SurveyBook", "write_survey_book"]

_STEM = "relations"
# parts of an .xlsx that are drawn things: (what, how the part's name starts, what counts one in it)
_DRAWN = (
    ("media", "xl/media/", None),
    ("chart", "xl/charts/chart", None),
    ("shape", "xl/drawings/drawing", re.compile(rb"<(?:\w+:)?(?:sp|grpSp|cxnSp)[ >]")),
    ("control", "xl/ctrlProps/", None),
    ("activeX", "xl/activeX/", None),
)


@dataclass(frozen=True)
class SurveyBook:
    """The workbook written: its path, the sheet that holds the relations, and what could not be carried over.

    ``lost`` maps a kind of drawn thing (media, chart, shape, control, activeX) to how many of the
    original's are missing from the copy.
    """

    path: Path
    sheet: str
    lost: dict[str, int]


def write_survey_book(source: str | Path, target: str | Path, relations, force: bool = False) -> SurveyBook:
    """Write a copy of ``source`` whose relations sheet holds ``relations`` (``(from, to, level, date)`` rows).

    Parameters
    ----------
    source : str or Path
        The agencies workbook; never changed.
    target : str or Path
        The workbook to write (.xlsx); an existing file is replaced only with ``force``.
    relations : list of tuple
        ``(from, to, level, date)``; ``date`` an ISO date or "".
    force : bool
        Replace ``target`` if it exists.

    Returns
    -------
    SurveyBook
        Where the relations went, and what of the original could not be carried over.
    """
    from openpyxl import load_workbook

    source, target = Path(source), Path(target)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(bilingual(f"出力は .xlsx にしてください: {target}", f"the output must be an .xlsx file: {target}"))
    refuse_existing(target, force)
    try:
        book = load_workbook(source)  # formulas kept as formulas, not their cached values
    except Exception as exc:  # a part openpyxl cannot parse (the tables themselves were read already)
        raise OutputError(bilingual(
            f"「{source}」を写せません。Excel で開いて保存し直すか、-o に relations.csv を指定してください",
            f"cannot copy {str(source)!r} ({type(exc).__name__}); save it again in Excel, or write relations.csv"
            )) from None
    sheet = _relations_sheet(book)
    columns = _columns(sheet)
    if sheet.max_row > 1:
        sheet.delete_rows(2, sheet.max_row - 1)
    for row, (src, dst, level, date) in enumerate(relations, start=2):
        values = {"from": src, "to": dst, "level": int(level), "date": dt.date.fromisoformat(date) if date else None}
        for name, column in columns.items():
            cell = sheet.cell(row=row, column=column, value=safe_cell(values[name]))
            if name == "date" and values[name] is not None:
                cell.number_format = "yyyy/mm/dd"
    write_workbook(book, target, force=force)
    return SurveyBook(target, sheet.title, _lost(source, target))


def _relations_sheet(book):
    """The workbook's relations sheet (関係 or relations), or a new 関係 sheet with the template's header."""
    wanted = {sheet_key(name) for name in SHEET_NAMES[_STEM]}
    for name in book.sheetnames:
        if sheet_key(name) in wanted and hasattr(book[name], "cell"):
            return book[name]
    sheet = book.create_sheet(JAPANESE_SHEETS[_STEM])
    sheet.append(list(JAPANESE_HEADERS[_STEM]))
    return sheet


def _columns(sheet) -> dict[str, int]:
    """Canonical column -> its column number in the header; a column the header lacks is added after the last."""
    aliases = COLUMN_ALIASES[_STEM]
    found: dict[str, int] = {}
    width = 0
    for cell in sheet[1]:
        if cell.value is None or not str(cell.value).strip():
            continue
        width = max(width, cell.column)
        name = aliases.get(normalize_header(str(cell.value)), normalize_header(str(cell.value)))
        found.setdefault(name, cell.column)
    japanese = any(not str(c.value).isascii() for c in sheet[1] if c.value) or width == 0
    for name, header in zip(FILES[_STEM], JAPANESE_HEADERS[_STEM]):
        if name not in found:
            width += 1
            sheet.cell(row=1, column=width, value=header if japanese else name)
            found[name] = width
    return {name: found[name] for name in FILES[_STEM]}


def _lost(source: Path, target: Path) -> dict[str, int]:
    """How many drawn things of each kind the original has and the copy does not."""
    before, after = _drawn(source), _drawn(target)
    return {kind: before[kind] - after[kind] for kind in before if before[kind] > after[kind]}


def _drawn(path: Path) -> dict[str, int]:
    counts = {kind: 0 for kind, _, _ in _DRAWN}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            for kind, prefix, pattern in _DRAWN:
                if name.startswith(prefix) and not name.endswith(".rels") and "/_rels/" not in name:
                    counts[kind] += len(pattern.findall(archive.read(name))) if pattern else 1
    return counts
