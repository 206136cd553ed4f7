"""``hikinet export``: the analysis of every round as one workbook, for people who continue in Excel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.analysis import Analysis, analyze
from ..core.snapshot import take_snapshot
from ..errors import OutputError
from ..model import Network
from ..render.text import PER_AGENCY_COLUMNS
from .cells import safe_row
from .files import refuse_existing, write_workbook
from .report import METRIC_COLUMNS, metrics_row

__all__ = ["export_workbook", "SHEETS", "HEADERS_JA"]

SHEETS = {
    "ja": {"rounds": "回ごと", "agencies": "機関ごと", "gaps": "すき間", "sectors": "分野間"},
    "en": {"rounds": "rounds", "agencies": "agencies", "gaps": "gaps", "sectors": "sectors"},
}
HEADERS_JA = {
    "round": "回", "cutoff": "日付", "meetings": "会議数", "agencies": "機関数", "links": "つながり",
    "referral_links": "紹介でのつながり", "density": "密度", "components": "まとまりの数", "isolated": "孤立",
    "no_referral": "紹介なし", "gaps": "年齢のすき間", "cut_agencies": "要の機関", "referrals": "紹介件数",
    "cross_sector_links": "分野をまたぐつながり", "ei_index": "E-I指数", "reciprocity": "紹介の双方向性",
    "id": "機関ID", "name": "機関名", "sector": "分野", "age_min": "対象年齢下限", "age_max": "対象年齢上限",
    "style": "支援スタイル", "core": "コアメンバー", "degree": "つながりのある機関数",
    "referral_partners": "紹介でつながる機関数", "referrals_out": "紹介した件数", "referrals_in": "紹介された件数",
    "betweenness": "媒介中心性", "cut": "要の機関", "boundary": "境目(歳)", "kind": "すき間の種類",
    "sector_a": "分野A", "sector_b": "分野B",
}
GAP_COLUMNS = ["round", "boundary", "kind", "id", "name"]
SECTOR_COLUMNS = ["round", "sector_a", "sector_b", "links"]


def _header(columns: list[str], lang: str) -> list[str]:
    return [HEADERS_JA.get(c, c) if lang == "ja" else c for c in columns]


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
