"""``hikinet export``: the analysis of every round as one workbook, for people who continue in Excel.

In the Japanese workbook values are shown in Japanese (伴走型, 引き継ぎ先とつながりなし,
はい/いいえ), each coded value next to a code column (支援スタイル (コード)) for
joining with the JSON; the English workbook keeps the codes. Every sheet has its
columns sized to their content, its header frozen and filters on, and each round
is named as the coordinator names it (:func:`~hikinet_graph.core.rounds.round_texts`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from ..core.analysis import Analysis, analyze
from ..core.figures import FIGURES, METRIC_FIGURES, metrics_row
from ..core.figures import label as figure_label
from ..core.rounds import round_texts
from ..core.snapshot import take_snapshot
from ..errors import OutputError
from ..i18n import LANGS, gap_kind, t
from ..model import Network
from .cells import safe_row
from .files import refuse_existing, write_workbook
from .tables import PER_AGENCY_COLUMNS

__all__ = ["CODED_COLUMNS", "HEADERS_JA", "SHEETS", "column_header", "export_workbook"]

GAP_COLUMNS = ["round", "round_name", "boundary", "kind", "id", "name"]
SECTOR_COLUMNS = ["round", "round_name", "sector_a", "sector_b", "links"]
METRIC_COLUMNS = ["round", "round_name", "cutoff", *METRIC_FIGURES]
AGENCY_COLUMNS = ["round", "round_name", *PER_AGENCY_COLUMNS]
SHEETS = {lang: {key: t(f"xlsx_sheet_{key}", lang) for key in ("rounds", "agencies", "gaps", "sectors")}
          for lang in LANGS}
# sheet -> its columns whose values are codes: the Japanese workbook shows words, with the code in a column beside
CODED_COLUMNS = {"agencies": ("style", "gaps"), "gaps": ("kind",)}
# the widest a column is sized to (characters of a half-width font)
MAX_WIDTH = 60


def column_header(column: str, lang: str) -> str:
    """A column's header: in Japanese from i18n (a figure's own label for figures); in English the code itself."""
    if lang != "ja":
        return column
    return figure_label(column, lang) if column in FIGURES else t(f"xlsx_{column}", lang)


HEADERS_JA = {c: column_header(c, "ja")
              for c in dict.fromkeys(METRIC_COLUMNS + AGENCY_COLUMNS + GAP_COLUMNS + SECTOR_COLUMNS)}


def _value(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def _words(column: str, value: object, coded: tuple[str, ...]) -> object:
    """A value as the Japanese workbook shows it: words for codes, はい/いいえ for true/false."""
    if isinstance(value, bool):
        return t("yes" if value else "no", "ja")
    if column not in coded:
        return value
    if column == "style":
        return t(f"style_{value or ''}", "ja")
    if column == "kind":
        return gap_kind(value, "ja")
    if column == "gaps" and value:
        return "、".join(f"{t('boundary', 'ja', b0=int(b) - 1, b=int(b))} {gap_kind(kind, 'ja').split(' ')[0]}"
                        for b, kind in (entry.split(":") for entry in str(value).split()))
    return value


def _layout(columns: list[str], coded: tuple[str, ...], lang: str) -> list[tuple[str, str, bool]]:
    """(column, header, shown as code) of each column written: in Japanese, a code column after each coded one."""
    out = []
    for column in columns:
        out.append((column, column_header(column, lang), lang != "ja"))
        if lang == "ja" and column in coded:
            out.append((column, t("xlsx_code", lang, header=column_header(column, lang)), True))
    return out


def _width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _sheet(book, key: str, columns: list[str], rows: list[dict], lang: str) -> None:
    """One table as a sheet: bold frozen header, filters on, columns as wide as their content."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(SHEETS.get(lang, SHEETS["ja"])[key])
    coded = CODED_COLUMNS.get(key, ())
    layout = _layout(columns, coded, lang)
    sheet.append([header for _, header, _ in layout])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [_width(header) for _, header, _ in layout]
    for row in rows:
        values = [_value(row[c]) if code else _words(c, _value(row[c]), coded) for c, _, code in layout]
        sheet.append(safe_row(values))
        widths = [max(w, _width(v)) for w, v in zip(widths, values)]
    for position, width in enumerate(widths, start=1):
        # room for the filter button beside the header
        sheet.column_dimensions[get_column_letter(position)].width = min(width + 4, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(layout))}{max(len(rows) + 1, 1)}"


def export_workbook(network: Network, path: str | Path, lang: str = "ja", force: bool = False) -> Path:
    """Write the per-round, per-agency, gap and sector tables of every round to ``path`` (.xlsx).

    Parameters
    ----------
    network : Network
        The network; every round is analysed (all data when it has no meetings).
    path : str or Path
        The workbook to write.
    lang : str
        ``ja``: Japanese sheets, headers and values, with code columns; ``en``: the codes.
    force : bool
        Replace ``path`` if it exists.

    Returns
    -------
    Path
        The workbook written.
    """
    from openpyxl import Workbook

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"出力は .xlsx にしてください (the output must be an .xlsx file: {str(target)!r})")
    refuse_existing(target, force)
    results: list[Analysis] = [analyze(take_snapshot(network, r)) for r in (network.rounds or [None])]
    labels = round_texts(network, lang)
    names = {r.round: labels.get(r.round, t("all_data", lang)) for r in results}
    book = Workbook()
    book.remove(book.active)
    tables = {
        "rounds": (METRIC_COLUMNS, [{**metrics_row(r), "round_name": names[r.round]} for r in results]),
        "agencies": (AGENCY_COLUMNS, [{"round": r.round, "round_name": names[r.round], **row} for r in results
                                      for row in r.per_agency.reset_index().to_dict(orient="records")]),
        "gaps": (GAP_COLUMNS, [{"round": r.round, "round_name": names[r.round], "boundary": g.boundary,
                                "kind": g.kind, "id": i, "name": network.agencies[network.index[i]].label}
                               for r in results for g in r.gaps for i in g.agencies]),
        "sectors": (SECTOR_COLUMNS, [{"round": r.round, "round_name": names[r.round], "sector_a": s["sectors"][0],
                                      "sector_b": s["sectors"][1], "links": s["links"]}
                                     for r in results for s in r.sector_links]),
    }
    for key, (columns, rows) in tables.items():
        _sheet(book, key, columns, rows, lang)
    return write_workbook(book, target, force=force)
