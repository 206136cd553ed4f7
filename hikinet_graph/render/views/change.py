"""The change map: new links green, lost links red dashed, unchanged grey; rings for what happened to isolation.

Same positions as the round maps (for two folders: one layout of both); agencies only
in the earlier data are pale.
"""

from __future__ import annotations

from ...core import figures
from ...core.compare import Comparison, Side
from ...core.public import INTERNAL, Disclosure
from ...i18n import gap_kind, round_label, t
from ...model import Agency
from ..layout import Positions, union_positions
from ..page import MapPage, display_name, folder_name, page_texts, vis_data
from ..style import (
    ADDED_COLOUR,
    ISOLATED_COLOUR,
    REMOVED_COLOUR,
    UNCHANGED_COLOUR,
    UNKNOWN_SECTOR_COLOUR,
    base_options,
    change_legend,
    sector_colours,
    steady,
)
from ..thinning import EDGE_BUDGET

__all__ = ["diff_page"]


def _status(agency: Agency, fates: dict[str, set[str]], lang: str) -> tuple[str, int, list]:
    """The agency's ring (colour, width) and what happened to it, in words."""
    border, width, status = "#555555", 1, []
    if agency.id in fates["resolved"]:
        border, width = ADDED_COLOUR, 6
        status.append(t("diff_resolved", lang))
    elif agency.id in fates["new_isolated"]:
        border, width = ISOLATED_COLOUR, 5
        status.append(t("diff_new_isolated", lang))
    elif agency.id in fates["still_isolated"]:
        border, width = ISOLATED_COLOUR, 3
        status.append(t("diff_still_isolated", lang))
    if agency.id in fates["removed"]:
        status = [t("diff_agency_removed", lang)]
    elif agency.id in fates["added"]:
        status.append(t("diff_agency_added", lang))
    return border, width, status


def _change_nodes(comparison: Comparison, positions: Positions, colours: dict[str, str], lang: str) -> list[dict]:
    before, after = comparison.before, comparison.after
    fates = {"resolved": set(comparison.resolved_isolated), "new_isolated": set(comparison.new_isolated),
             "still_isolated": set(after.analysis.isolated) - set(comparison.new_isolated),
             "removed": set(comparison.agencies_removed), "added": set(comparison.agencies_added)}
    removed = fates["removed"]
    closed: dict[str, list[str]] = {}
    for gap in comparison.gaps_closed:
        closed.setdefault(gap["agency"], []).append(
            f"{t('boundary', lang, b0=gap['boundary'] - 1, b=gap['boundary'])} {gap_kind(gap['kind'], lang)}")
    nodes = []
    for agency in list(after.network.agencies) + [a for a in before.network.agencies if a.id in removed]:
        x, y = positions[agency.id]
        fill = "#eeeeee" if agency.id in removed else colours.get(agency.sector, UNKNOWN_SECTOR_COLOUR)
        border, width, status = _status(agency, fates, lang)
        lines = [agency.label, f"{t('col_sector', lang)}: {agency.sector or '-'}", *status]
        lines += [f"{t('diff_gap_closed', lang)}: {c}" for c in closed.get(agency.id, [])]
        nodes.append({
            "id": agency.id, "label": agency.label, "title": "\n".join(lines), "x": x, "y": y,
            "shape": "diamond" if agency.core else "dot", "size": 16, "sector": agency.sector,
            "color": {"background": fill, "border": border, "highlight": {"background": fill, "border": "#000"},
                      "hover": {"background": fill, "border": "#000"}},
            "borderWidth": width, "flags": ["resolved"] if agency.id in fates["resolved"] else [],
        })
    return nodes


def _change_edges(comparison: Comparison, lang: str) -> list[dict]:
    before, after = comparison.before, comparison.after
    edges = []
    kinds = (("added", comparison.added_links, ADDED_COLOUR, 3, False),
             ("removed", comparison.removed_links, REMOVED_COLOUR, 2, [6, 5]),
             ("unchanged", sorted(before.pairs & after.pairs), UNCHANGED_COLOUR, 1, False))
    for kind, pairs, colour, width, dashes in kinds:
        for a, b in pairs:
            edges.append({"id": f"{kind}:{a}:{b}", "from": a, "to": b, "kind": kind, "color": steady(colour),
                          "width": width, "dashes": dashes, "smooth": False, "title": t(f"diff_{kind}", lang)})
    if len(edges) > EDGE_BUDGET:
        # at scale the unchanged links are context only; what changed is the point of the page
        edges = [e for e in edges if e["kind"] != "unchanged"][:EDGE_BUDGET]
    return edges


def _side_label(side: Side, lang: str) -> str:
    return f"{folder_name(side.network)} {round_label(side.round, lang)}"


def diff_page(comparison: Comparison, lang: str = "ja", positions: Positions | None = None,
              disclosure: Disclosure = INTERNAL) -> MapPage:
    """The change map of a comparison, as data.

    Parameters
    ----------
    comparison : Comparison
        Before and after (two rounds of one folder, or two folders).
    lang : str
        ``"ja"`` or ``"en"``.
    positions : dict, optional
        Agency positions; by default :func:`~hikinet_graph.render.layout.union_positions` of both sides.
    disclosure : Disclosure
        A public disclosure adds the public note (the change map shows no referral count).

    Returns
    -------
    MapPage
    """
    before, after = comparison.before, comparison.after
    positions = positions or union_positions(before.network, after.network)
    colours = sector_colours(after.network)
    for sector, colour in sector_colours(before.network).items():
        colours.setdefault(sector, colour)
    nodes, edges, options = vis_data(_change_nodes(comparison, positions, colours, lang),
                                     _change_edges(comparison, lang), base_options())
    headline = [(figures.label(key, lang), f"{figures.text(key, comparison.metrics[key]['before'])} → "
                                           f"{figures.text(key, comparison.metrics[key]['after'])}")
                for key in figures.CHANGE_CHIP_FIGURES]
    if before.network is after.network:
        subtitle = f"{round_label(before.round, lang)} → {round_label(after.round, lang)}"
    else:
        subtitle = f"{_side_label(before, lang)} → {_side_label(after, lang)}"
    return MapPage(view="diff", title=f"{t('map_title_diff', lang)}: {display_name(after.network)}",
                   subtitle=subtitle, headline=headline, nodes=nodes, edges=edges, options=options,
                   legend=change_legend(colours, lang), texts=page_texts(lang, None, disclosure), extras={})
