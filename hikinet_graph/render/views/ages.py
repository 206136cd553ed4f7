"""The age view: each agency a box spanning the ages it serves, one lane per sector, gaps as vertical markers.

A name too long for its box is written beside it, to the right, and the row keeps room for it:
nothing is squeezed or cut off (the tooltip and search have the full name either way).

Resources (places, employers) get a lane of their own at the bottom: their ages make no boundary.
"""

from __future__ import annotations

import math

from ...core.analysis import Analysis
from ...i18n import ages_label, gap_kind, t
from ...model import Agency, Network
from ..labels import FONT_MARGIN, text_em
from ..round_view import RoundView
from ..style import FONT_FACE, UNKNOWN_SECTOR_COLOUR, node_style
from .links import agency_edges

__all__ = ["AGE_PX", "ROW_PX", "LANE_GAP_PX", "VIEW_OPTIONS", "age_view", "pack_rows", "age_markers"]

# geometry: one year is this wide, each box row this tall, lanes this far apart; names this large
AGE_PX = 14.0
LABEL_PX = 17
ARROWS_SHOWN_UP_TO = 150  # above this many agencies the referral arrows start hidden (the legend shows them)
ROW_PX = 52.0
LANE_GAP_PX = 26.0
# what every box and arrow of the view shares, once in vis-network's options rather than on each of
# thousands of nodes and lines (a prefecture's age page is near the 8 MB page limit)
VIEW_OPTIONS = {
    "nodes": {"shape": "box", "heightConstraint": {"minimum": ROW_PX - 12},
              "font": {"face": FONT_FACE, "size": LABEL_PX, "color": "#111111", "strokeWidth": 0}},
    "edges": {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2}},
}


def pack_rows(members: list[Agency], axis_max: int,
              label_years: dict[str, int] | None = None) -> tuple[list[tuple[Agency, int, int, int]], int]:
    """Greedy interval packing: each agency, youngest ages first, takes the first row its ages fit in.

    ``label_years`` reserves room after a box for a name written beside it (in years of the axis).
    Returns ``(agency, row, start, end)`` per agency (``end`` exclusive; open-ended
    ranges run to ``axis_max``) and the number of rows used.
    """
    rows_end: list[float] = []
    placed = []
    for agency in sorted(members, key=lambda a: (a.age_min, a.age_max if a.age_max is not None else 10**6)):
        start = agency.age_min
        end = (agency.age_max + 1) if agency.age_max is not None else axis_max
        taken = end + (label_years or {}).get(agency.id, 0)
        for r, last in enumerate(rows_end):
            if start >= last:
                rows_end[r] = taken
                break
        else:
            r = len(rows_end)
            rows_end.append(taken)
        placed.append((agency, r, start, end))
    return placed, len(rows_end)


def _box_width(start: int, end: int) -> float:
    return max((end - start) * AGE_PX - 4, 20)


def _name_px(label: str) -> float:
    """How wide a name is written in the age view, generously (:mod:`..labels`: wider fonts included)."""
    return text_em(label) * LABEL_PX * FONT_MARGIN + 14


def _beside(agency: Agency, axis_max: int) -> int:
    """Years of axis a name written beside its box takes; 0 when the name fits inside the box."""
    end = (agency.age_max + 1) if agency.age_max is not None else axis_max
    need = _name_px(agency.label)
    return 0 if need <= _box_width(agency.age_min, end) else math.ceil((need + 14) / AGE_PX)


def _box(of_round: RoundView, agency: Agency, r: int, start: int, end: int, lane_top: float,
         colours: dict[str, str]) -> dict:
    width = _box_width(start, end)
    inside = _name_px(agency.label) <= width  # else the page writes the name beside the box (extras "beside")
    node = {"id": agency.id, "label": agency.label if inside else "", "title": of_round.tooltips[agency.id],
            "x": round((start + end) / 2 * AGE_PX, 1), "y": round(lane_top + r * ROW_PX + ROW_PX / 2, 1),
            "widthConstraint": {"minimum": width, "maximum": width}, "core": agency.core,
            "open_ended": agency.age_max is None}
    node.update(node_style(agency, of_round.rows[agency.id], colours))
    if not inside:  # search and the datalist read the full name here
        node["name"] = agency.label
    if agency.resource:  # rounder, in the resources' own lane
        node["shapeProperties"] = {**node.get("shapeProperties", {}), "borderRadius": 14}
    return node


def age_markers(network: Network, result: Analysis, lang: str) -> list[dict]:
    """The dashed verticals at boundaries with gaps, then the shaded bands of ages nobody serves."""
    markers = []
    for gap in result.gaps:
        markers.append({"x": gap.boundary * AGE_PX, "boundary": gap.boundary, "kind": gap.kind,
                        "label": f"{t('boundary', lang, b0=gap.boundary - 1, b=gap.boundary)} "
                                 f"{gap_kind(gap.kind, lang).split(' ')[0]}",
                        "agencies": [network.agencies[network.index[i]].label for i in gap.agencies]})
    for start, end in result.uncovered:
        markers.append({"x": start * AGE_PX, "x2": (end + 1) * AGE_PX, "kind": "uncovered",
                        "label": f"{t('uncovered_short', lang)} {ages_label(start, end, lang)}", "agencies": []})
    return markers


def age_view(of_round: RoundView, colours: dict[str, str]) -> tuple[list, list, dict]:
    """Nodes, edges (referrals only) and extras (lanes, markers, axis) of one round's age view.

    Parameters
    ----------
    of_round : RoundView
        The round.
    colours : dict
        Sector → colour; the lanes follow its order, agencies without a sector last.
    """
    network, lang = of_round.network, of_round.lang
    lo, hi = of_round.analysis.span
    axis_max = max([hi + 1] + [a.age_max + 1 for a in network.agencies if a.age_max is not None])
    services = [a for a in network.agencies if not a.resource]
    resources = [a for a in network.agencies if a.resource]
    lanes_wanted = [(s, [a for a in services if a.sector == s], colours[s]) for s in colours]
    if any(not a.sector for a in services):
        lanes_wanted.append((t("no_sector", lang), [a for a in services if not a.sector], UNKNOWN_SECTOR_COLOUR))
    if resources:
        lanes_wanted.append((t("resources_lane", lang), resources, "#555555"))
    nodes, lanes, beside = [], [], []
    y = 0.0
    for name, members, colour in lanes_wanted:
        if not members:  # a sector whose agencies are all resources
            continue
        placed, rows = pack_rows(members, axis_max, {a.id: _beside(a, axis_max) for a in members})
        nodes += [_box(of_round, agency, r, start, end, y, colours) for agency, r, start, end in placed]
        beside += [{"x": round(end * AGE_PX + 10, 1), "y": round(y + r * ROW_PX + ROW_PX / 2, 1), "text": agency.label}
                   for agency, r, start, end in placed if _beside(agency, axis_max)]
        height = max(rows, 1) * ROW_PX
        lanes.append({"sector": name, "top": y, "height": height, "colour": colour})
        y = y + height + LANE_GAP_PX
    # gap boundaries are labelled by their markers; the axis keeps to round ages so labels never collide
    ticks = sorted({0, lo, 15, 18, 30, 40, 50, 65, 80, hi + 1} & set(range(0, axis_max + 1)))
    edges, thinned = agency_edges(of_round, kinds=("referral",))
    arrows_hidden = len(network.agencies) > ARROWS_SHOWN_UP_TO  # thousands of arrows hide every bar
    for edge in edges:
        edge.pop("smooth", None)  # the view's options curve every arrow (VIEW_OPTIONS)
        edge["hidden"] = arrows_hidden
    extras = {"age_px": AGE_PX, "axis_max": axis_max, "span": [lo, hi], "lanes": lanes,
              "markers": age_markers(network, of_round.analysis, lang), "ticks": ticks, "bottom": y, "thinned": thinned, "arrows_hidden": arrows_hidden,
              "beside": beside, "right": max([axis_max * AGE_PX] + [b["x"] + _name_px(b["text"]) for b in beside])}
    return nodes, edges, extras
