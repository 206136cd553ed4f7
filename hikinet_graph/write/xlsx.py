"""``hikinet export``: the analysis of every round as one workbook, for people who continue in Excel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.analysis import Analysis, analyze
from ..core.figures import FIGURES, METRIC_FIGURES, metrics_row
from ..core.figures import label as figure_label
from ..core.snapshot import take_snapshot
from ..errors import OutputError
from ..i18n import LANGS, t
from ..model import Network
from .cells import safe_row
from .files import refuse_existing, write_workbook
from .tables import PER_AGENCY_COLUMNS

__all__ = ["export_workbook", "SHEETS", "HEADERS_JA", "column_header"]

GAP_COLUMNS = ["round", "boundary", "kind", "id", "name"]
SECTOR_COLUMNS = ["round", "sector_a", "sector_b", "links"]
METRIC_COLUMNS = ["round", "cutoff", *METRIC_FIGURES]
SHEETS = {lang: {key: t(f"xlsx_sheet_{key}", lang) for key in ("rounds", "agencies", "gaps", "sectors")}
          for lang in LANGS}


def column_header(column: str, lang: str) -> str:
    """A column's header: in Japanese from i18n (a figure's own label for figures); in English the code itself."""
    if lang != "ja":
        return column
    return figure_label(column, lang) if column in FIGURES else t(f"xlsx_{column}", lang)


HEADERS_JA = {c: column_header(c, "ja")
              for c in dict.fromkeys(METRIC_COLUMNS + ["round"] + PER_AGENCY_COLUMNS + GAP_COLUMNS + SECTOR_COLUMNS)}


def _header(columns: list[str], lang: str) -> list[str]:
    return [column_header(c, lang) for c in columns]


def _value(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def export_workbook(network: Network, path: str | Path, lang: str = "ja", force: bool = False) -> Path:
    """Write the per-round, per-agency, gap and sector tables of every round to ``path`` (.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"出力は .xlsx にしてください (the output must be an .xlsx file: {str(target)!r})")
    refuse_existing(target, force)
    results: list[Analysis] = [analyze(take_snapshot(network, r)) for r in (network.rounds or [None])]
    names = SHEETS.get(lang, SHEETS["ja"])
    book = Workbook()
    book.remove(book.active)
    tables = {
        "rounds": (METRIC_COLUMNS, [metrics_row(r) for r in results]),
        "agencies": (["round"] + PER_AGENCY_COLUMNS,
                     [{"round": r.round, **row} for r in results
                      for row in r.per_agency.reset_index().to_dict(orient="records")]),
        "gaps": (GAP_COLUMNS, [{"round": r.round, "boundary": g.boundary, "kind": g.kind, "id": i,
                                "name": network.agencies[network.index[i]].label}
                               for r in results for g in r.gaps for i in g.agencies]),
        "sectors": (SECTOR_COLUMNS, [{"round": r.round, "sector_a": s["sectors"][0], "sector_b": s["sectors"][1],
                                      "links": s["links"]} for r in results for s in r.sector_links]),
    }
    for key, (columns, rows) in tables.items():
        sheet = book.create_sheet(names[key])
        sheet.append(_header(columns, lang))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(safe_row(_value(row[c]) for c in columns))
        sheet.freeze_panes = "A2"
    return write_workbook(book, target, force=force)
