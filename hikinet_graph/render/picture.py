"""The printed report's picture of the network: inline SVG, no script, at the interactive maps' positions.

The report's index shows the working network (紹介・協働) of the latest state, with
names, the same rings as the maps (isolated, age-boundary gap, cut agency), the band
of agencies with no working tie and a legend, sized to print on A4; and a small
multiple of the first and the latest state, so the change can be seen on paper.
The pictures are data for ``templates/_picture.html``, so every name is escaped by
the template like any other text.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..core.layers import layer_masks
from ..core.rounds import round_title
from ..i18n import t
from .labels import FONT_PX, node_box, node_size, wrap_label
from .layout import Positions
from .round_view import RoundView
from .style import (
    REFERRAL_COLOUR,
    RELATION_COLOURS,
    UNKNOWN_SECTOR_COLOUR,
    map_legend,
    node_shape,
    node_style,
    sector_colours,
)

__all__ = ["LABELLED_LIMIT", "LINES_DRAWN", "network_picture", "picture_section"]

LABELLED_LIMIT = 150  # above this many agencies the picture has no names (the area view is read instead)
LINES_DRAWN = 1000  # the strongest working ties drawn in the picture of a large network (a small multiple: 1/3)


def _shape_points(shape: str, x: float, y: float, r: float) -> str | None:
    """The polygon of a diamond or hexagon node (None: a circle)."""
    if shape == "diamond":
        corners = [(0, -1), (1, 0), (0, 1), (-1, 0)]
    elif shape == "hexagon":
        corners = [(math.cos(math.pi / 3 * k), math.sin(math.pi / 3 * k)) for k in range(6)]
    else:
        return None
    return " ".join(f"{x + r * cx:.1f},{y + r * cy:.1f}" for cx, cy in corners)


def _lines(of_round: RoundView, most: int) -> list[dict]:
    """The ``most`` strongest working ties as lines: referrals blue, questionnaire-only ties green, width by number
    (one width on public pages)."""
    links = of_round.snapshot.links
    working = links[layer_masks(links)["working"]]
    volume = (working["ref_ab"] + working["ref_ba"]).to_numpy(np.float64)
    order = np.argsort(-volume, kind="stable")[:most]
    ids = of_round.network.ids
    a, b = working["a"].to_numpy()[order], working["b"].to_numpy()[order]
    public = of_round.disclosure.public  # a line's width would tell small referral counts apart
    return [{"a": ids[i], "b": ids[j], "width": 2.0 if public else round(1.5 + 1.5 * math.log1p(v), 1),
             "colour": REFERRAL_COLOUR if v > 0 else RELATION_COLOURS[3]}
            for i, j, v in zip(a.tolist(), b.tolist(), volume[order].tolist())]


class Tie(NamedTuple):
    """A line of the picture: its ends, colour and stroke width (the tie's width times the picture's scale)."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    stroke: float


class Mark(NamedTuple):
    """An agency of the picture: a circle at ``x, y`` of radius ``r``, or the polygon ``points``; its fill, its ring
    (colour, stroke width: the ring's width times the picture's scale, dashed), its name (a tooltip) and its label's
    lines, the first at ``text_y``. Attributes, not dict keys: the template reads them at once, thousands of times."""

    shape: str
    x: float
    y: float
    r: float
    points: str | None
    fill: str
    ring: str
    stroke: float
    dashed: bool
    name: str | None
    lines: list[str]
    text_y: float


def _mark(agency, x: float, y: float, size: float, fill: str, style: dict, label: str | None, scale: float) -> Mark:
    """The :class:`Mark` of an agency of ``size``, ``fill`` and ring ``style`` at ``x, y``; ``label``: its wrapped
    name, or None (no name drawn); ``scale``: the picture's stroke scale."""
    shape = node_shape(agency)
    points = _shape_points(shape, x, y, size * 1.2)
    r = round(size, 1)
    named = label is not None
    return Mark("polygon" if points else "circle", x, y, r, points, fill, style["color"]["border"],
                style["borderWidth"] * scale, "shapeProperties" in style, agency.label if named else None,
                label.split("\n") if named else [], y + r + 6 + FONT_PX)


def network_picture(of_round: RoundView, positions: Positions, names: bool = True) -> dict:
    """One state's working network as the template draws it: view box, ties, marks (the agencies), band.

    Parameters
    ----------
    of_round : RoundView
        The state drawn (its rows give each agency's rings and size).
    positions : Positions
        The maps' positions (:func:`~hikinet_graph.render.layout.layout_positions`).
    names : bool
        Draw each agency's name under it (only up to :data:`LABELLED_LIMIT` agencies); False draws a small
        multiple: no names, a third of the lines.
    """
    network = of_round.network
    colours = sector_colours(network)
    most = LINES_DRAWN if names else LINES_DRAWN // 3
    names = names and len(network.agencies) <= LABELLED_LIMIT
    scale = 1.0 if names else 2.5
    marks, edges = [], ([math.inf], [math.inf], [-math.inf], [-math.inf])  # each box's left, top, right, bottom
    for agency in network.agencies:
        row = of_round.rows[agency.id]
        x, y = positions[agency.id]
        size = node_size(float(row["referral_partners"]), float(row["referrals_out"] + row["referrals_in"]),
                         of_round.disclosure.public)
        label = wrap_label(agency.label) if names else None
        half, above, below = node_box(label, size) if names else (size + 6, size + 6, size + 6)
        for edge, value in zip(edges, (x - half, y - above, x + half, y + below)):
            edge.append(value)
        marks.append(_mark(agency, x, y, size, colours.get(agency.sector, UNKNOWN_SECTOR_COLOUR),
                           node_style(agency, row, colours), label, scale))
    bounds = [min(edges[0]), min(edges[1]), max(edges[2]), max(edges[3])]
    band = getattr(positions, "band", None)
    if band is not None:
        bounds = [min(bounds[0], band["left"]), min(bounds[1], band["top"]), max(bounds[2], band["right"]),
                  max(bounds[3], band["bottom"])]
    pad = 12.0
    box = [bounds[0] - pad, bounds[1] - pad, bounds[2] - bounds[0] + 2 * pad, bounds[3] - bounds[1] + 2 * pad]
    ties = [Tie(*positions[line["a"]], *positions[line["b"]], line["colour"], line["width"] * scale)
            for line in _lines(of_round, most)]
    return {"view_box": " ".join(f"{v:.1f}" for v in box), "aspect": box[2] / box[3] if box[3] else 1.5,
            "ties": ties, "marks": marks, "band": band, "font_px": FONT_PX, "line_step": FONT_PX * 1.15,
            "band_title": t("band_no_working", of_round.lang)}


def picture_section(first: RoundView, latest: RoundView, positions: Positions, latest_title: str) -> dict:
    """The report's picture section: the latest working network with names, the first and latest small.

    Parameters
    ----------
    first, latest : RoundView
        The first and the latest state of the report (the same when there is one).
    positions : Positions
        The maps' positions.
    latest_title : str
        How the report names the latest state (a round's title, or "now").
    """
    lang, network = latest.lang, latest.network
    legend = map_legend("network", network, sector_colours(network), lang, False)
    legend["links"] = [{"kind": "referral", "colour": REFERRAL_COLOUR, "text": t("picture_referral", lang)},
                       {"kind": "relation", "colour": RELATION_COLOURS[3], "text": t("picture_relation", lang)}]
    small = [] if first is latest else [
        {"title": round_title(network, view.snapshot.round, lang) if view is first else latest_title,
         "ties": int(layer_masks(view.snapshot.links)["working"].sum()), "picture": network_picture(view, positions, False)}
        for view in (first, latest)]
    return {"title": latest_title, "picture": network_picture(latest, positions),
            "named": len(network.agencies) <= LABELLED_LIMIT, "legend": legend, "small": small}
