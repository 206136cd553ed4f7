"""The network view: agencies at their stable positions, coloured by sector, sized by working ties and referrals."""

from __future__ import annotations

from ...i18n import t
from ..labels import node_size, wrap_label
from ..layout import Positions
from ..round_view import RoundView
from ..style import node_shape, node_style
from .links import agency_edges

__all__ = ["network_view"]


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
        size = node_size(float(row["referral_partners"]), float(row["referrals_out"] + row["referrals_in"]),
                         of_round.disclosure.public)
        label = wrap_label(agency.label)
        node = {"id": agency.id, "label": label, "title": of_round.tooltips[agency.id], "x": x, "y": y,
                "shape": node_shape(agency), "size": round(size, 1), "core": agency.core}
        if label != agency.label:  # wrapped or shortened: search and the datalist read the full name
            node["name"] = agency.label
        node.update(node_style(agency, row, colours))
        nodes.append(node)
    edges, thinned = agency_edges(of_round)
    return nodes, edges, {"thinned": thinned, "band": _band(positions, of_round.lang)}


def _band(positions: Positions, lang: str) -> dict | None:
    """The band of agencies with no working tie in any round, with its title (drawn by the page)."""
    band = getattr(positions, "band", None)
    return None if band is None else {**band, "title": t("band_no_working", lang)}
