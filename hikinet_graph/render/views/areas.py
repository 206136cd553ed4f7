"""The area view: one node per municipality or district, what a regional coordinator looks at first.

Node size follows the number of agencies; a red ring marks an area with isolated
agencies, an orange one an area with age-boundary gaps; lines join areas whose
agencies are linked, their width the number of links between them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...core import figures
from ...core.snapshot import link_table, take_snapshot
from ...errors import HikinetError
from ...i18n import bilingual, t
from ...model import Network
from ..layout import area_positions
from ..round_view import RoundView
from ..style import FONT_FACE, GAP_COLOUR, ISOLATED_COLOUR, REFERRAL_COLOUR, steady
from .drill import area_drill

__all__ = ["AREA_COLUMNS", "Areas", "area_column", "areas_of", "area_view"]

# agency columns that name the municipality or district an agency belongs to, in order of preference
AREA_COLUMNS = ("area", "地区", "市町村", "圏域", "municipality")


@dataclass(frozen=True, eq=False)
class Areas:
    """The agencies grouped by area, with the areas' positions (the same in every round of a folder).

    ``names`` lists the areas in order of first appearance in agencies.csv (agencies
    without one share the "no area" name); ``code[k]`` is agency k's position in ``names``.
    """

    column: str
    names: list[str]
    code: np.ndarray
    positions: list[tuple[float, float]]


def area_column(network: Network) -> str | None:
    """The agencies' column that names their municipality or district, if there is one (see :data:`AREA_COLUMNS`)."""
    for column in AREA_COLUMNS:
        if any(a.attrs.get(column) for a in network.agencies):
            return column
    return None


def areas_of(network: Network, lang: str = "ja", links: pd.DataFrame | None = None) -> Areas:
    """Group the agencies by area and lay the areas out from all rounds' links; raises when no column names one.

    ``links`` is the link table of all data, when already cut (:func:`~hikinet_graph.core.snapshot.link_table`).
    """
    column = area_column(network)
    if column is None:
        columns = ", ".join(AREA_COLUMNS)
        raise HikinetError(bilingual(t("no_area_column", "ja", columns=columns),
                                     t("no_area_column", "en", columns=columns)))
    unnamed = t("no_area", lang)
    area_of = [a.attrs.get(column) or unnamed for a in network.agencies]
    names = list(dict.fromkeys(area_of))
    code = np.array([names.index(x) for x in area_of], dtype=np.int64)
    if links is None:
        links = link_table(take_snapshot(network, None))
    positions = area_positions(len(names), code, links)
    return Areas(column, names, code, positions)


def _area_nodes(of_round: RoundView, areas: Areas, within: np.ndarray, between: np.ndarray) -> list[dict]:
    """One node per area: its size by its number of agencies, its ring by its isolated agencies and age gaps."""
    lang, rows = of_round.lang, of_round.analysis.records
    largest = max(np.bincount(areas.code).max(), 1)
    count, isolated_in, gaps_in = ([0] * len(areas.names) for _ in range(3))
    for agency, k in zip(of_round.network.agencies, areas.code.tolist()):  # every area's figures in one pass
        row = rows[agency.id]
        count[k] += 1
        isolated_in[k] += 1 if row["isolated"] else 0
        gaps_in[k] += len(row["gaps"].split())  # the figure "age gaps" counts (boundary, agency) pairs, on every page
    nodes = []
    for k, name in enumerate(areas.names):
        isolated, gaps = isolated_in[k], gaps_in[k]
        border, width = "#555555", 1
        if isolated:
            border, width = ISOLATED_COLOUR, 5
        elif gaps:
            border, width = GAP_COLOUR, 5
        lines = [name, f"{figures.label('agencies', lang)}: {count[k]}",
                 f"{t('links_within', lang)}: {within[k]}", f"{t('links_between', lang)}: {between[k]}",
                 f"{figures.label('isolated', lang)}: {isolated}", f"{figures.label('gaps', lang)}: {gaps}"]
        x, y = areas.positions[k]
        nodes.append({"id": f"area:{name}", "label": f"{name} ({count[k]})", "title": "\n".join(lines),
                      "x": x, "y": y, "shape": "dot", "size": round(10 + 30 * math.sqrt(count[k] / largest), 1),
                      "font": {"size": 20, "face": FONT_FACE, "strokeWidth": 4, "strokeColor": "#ffffff"},
                      "sector": "", "color": {"background": "#a0cbe8", "border": border}, "borderWidth": width,
                      "flags": (["isolated"] if isolated else []) + (["gap"] if gaps else [])})
    return nodes


def _area_edges(names: list[str], pairs: np.ndarray, counts: np.ndarray) -> list[dict]:
    """One line per pair of linked areas, its width and opacity by its number of links (relative to the busiest)."""
    edges = []
    strongest = max(counts.max() if len(counts) else 1, 1)
    share = counts / strongest  # widths relative to the busiest pair keep a dense region readable
    # rounded all at once, as numpy rounds each (numpy floats, as ``round`` of one gives)
    widths, opacities = list(np.round(0.5 + 7 * share, 2)), list(np.round(0.15 + 0.75 * share, 2))
    for pair, count, width, opacity in zip(pairs.tolist(), counts.tolist(), widths, opacities):
        a, b = names[pair // len(names)], names[pair % len(names)]
        edges.append({"id": f"x:{a}:{b}", "from": f"area:{a}", "to": f"area:{b}", "kind": "between_areas",
                      "width": width, "color": steady(REFERRAL_COLOUR, opacity),
                      "smooth": False, "title": f"{a} - {b}: {count}"})
    return edges


def area_view(of_round: RoundView, areas: Areas, drill: bool = False) -> tuple[list, list, dict]:
    """Nodes, edges and extras (``areas``, ``area_column``, and ``drill``) of one round's area view.

    Parameters
    ----------
    of_round : RoundView
        The round.
    areas : Areas
        :func:`areas_of` the round's network, built once per folder.
    drill : bool
        Add the data that opens each area into its agencies and their partners outside it.
    """
    count = len(areas.names)
    links = link_table(of_round.snapshot)
    ca, cb = areas.code[links["a"].to_numpy(np.int64)], areas.code[links["b"].to_numpy(np.int64)]
    within = np.bincount(ca[ca == cb], minlength=count)
    lo, hi = np.minimum(ca, cb)[ca != cb], np.maximum(ca, cb)[ca != cb]
    pairs, counts = np.unique(lo * count + hi, return_counts=True)
    between = np.zeros(count, dtype=np.int64)
    np.add.at(between, pairs // count, counts)
    np.add.at(between, pairs % count, counts)
    nodes = _area_nodes(of_round, areas, within, between)
    extras = {"areas": count, "area_column": areas.column}
    if drill:
        extras["drill"] = area_drill(of_round, areas.names, areas.code)
    return nodes, _area_edges(areas.names, pairs, counts), extras
