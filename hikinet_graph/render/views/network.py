"""The network view: agencies at their stable positions, coloured by sector, sized by working ties and referrals."""

from __future__ import annotations

import math

from ...core.public import Disclosure
from ..layout import Positions
from ..round_view import RoundView
from ..style import node_shape, node_style
from .links import agency_edges

__all__ = ["node_size", "network_view"]


def node_size(row: dict, disclosure: Disclosure) -> float:
    """An agency's size: grows with its working partners and (on internal pages) its referral volume.

    Working partners, not every agency met: after a network meeting everyone has met everyone.
    """
    size = 12 + 5 * math.sqrt(float(row["referral_partners"]))
    if disclosure.public:  # referral volume could tell small counts apart
        return size
    return size + 2 * math.log1p(float(row["referrals_out"] + row["referrals_in"]))


def network_view(of_round: RoundView, positions: Positions, colours: dict[str, str]) -> tuple[list, list, dict]:
    """Nodes, edges and extras (``thinned``) of one round's network view.

    Parameters
    ----------
    of_round : RoundView
        The round.
    positions : dict
        Agency id → ``(x, y)`` (:func:`~hikinet_graph.render.layout.layout_positions`).
    colours : dict
        Sector → colour (:func:`~hikinet_graph.render.style.sector_colours`).
    """
    nodes = []
    rows = of_round.rows
    for agency in of_round.network.agencies:
        row = rows[agency.id]
        x, y = positions[agency.id]
        node = {"id": agency.id, "label": agency.label, "title": of_round.tooltips[agency.id],
                "x": x, "y": y, "shape": node_shape(agency),
                "size": round(node_size(row, of_round.disclosure), 1), "core": agency.core}
        node.update(node_style(agency, row, colours))
        nodes.append(node)
    edges, thinned = agency_edges(of_round)
    return nodes, edges, {"thinned": thinned}
