"""The change map: new links green, lost links red dashed, unchanged grey; rings for what happened to isolation.

Working ties (紹介・協働) are drawn strong; pairs that have only met are faint and hidden
until the reader ticks them (each edge's ``layer``: ``working`` or ``met``). Same positions
as the round maps (for two folders: one layout of both); agencies only in the earlier data
are pale. A green ring marks an agency that found its first working tie.
"""

from __future__ import annotations

from ...core import figures
from ...core.change import change_between
from ...core.compare import Comparison, Side
from ...core.layers import layer_masks
from ...core.public import INTERNAL, Disclosure
from ...core.rounds import round_title
from ...core.snapshot import Snapshot
from ...i18n import gap_kind, t
from ...model import Agency
from ..layout import Positions, union_positions
from ..page import MapPage, display_name, folder_name, page_texts, vis_data
from ..style import (
    ADDED_COLOUR,
    ISOLATED_COLOUR,
    REMOVED_COLOUR,
    RESOLVED_COLOUR,
    UNCHANGED_COLOUR,
    UNKNOWN_SECTOR_COLOUR,
    base_options,
    change_legend,
    node_shape,
    sector_colours,
    steady,
)
from ..thinning import EDGE_BUDGET

__all__ = ["diff_page"]


def _status(agency: Agency, fates: dict[str, set[str]], lang: str) -> tuple[str, int, list]:
    """The agency's ring (colour, width) and what happened to it, in words."""
    border, width, status = "#555555", 1, []
    if agency.id in fates["first_working"]:
        border, width = ADDED_COLOUR, 6
        status.append(t("first_working", lang))
    if agency.id in fates["resolved"]:
        if agency.id not in fates["first_working"]:  # met someone, but works with nobody yet: a paler ring
            border, width = RESOLVED_COLOUR, 4
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
             "removed": set(comparison.agencies_removed), "added": set(comparison.agencies_added),
             "first_working": set(change_between(comparison).first_working)}
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
            "shape": node_shape(agency), "size": 16, "sector": agency.sector,
            "color": {"background": fill, "border": border, "highlight": {"background": fill, "border": "#000"},
                      "hover": {"background": fill, "border": "#000"}},
            "borderWidth": width, "flags": ["resolved"] if agency.id in fates["resolved"] else [],
        })
    return nodes


def _working_pairs(snapshot: Snapshot) -> set[tuple[str, str]]:
    """The pairs of a snapshot that work together (the working layer), as sorted id pairs."""
    links = snapshot.links[layer_masks(snapshot.links)["working"]]
    ids = snapshot.network.ids
    return {tuple(sorted((ids[a], ids[b]))) for a, b in zip(links["a"].tolist(), links["b"].tolist())}


# (kind, colour, width) of a working tie, and of a pair that has only met (faint, hidden at first)
_EDGE_LOOK = {"added": (ADDED_COLOUR, 4, "#a9dca9", 1), "removed": (REMOVED_COLOUR, 3, "#f0a0a0", 1),
              "unchanged": ("#7f7f7f", 2.5, UNCHANGED_COLOUR, 1)}


def _change_kind(pair: tuple[str, str], before: set, after: set) -> str:
    return "unchanged" if pair in before and pair in after else "added" if pair in after else "removed"


def _change_edges(comparison: Comparison, lang: str) -> list[dict]:
    """One line per pair linked on either side: a working tie's kind follows the working ties, a pair
    that has only met follows the acquaintance (faint, hidden at first)."""
    before, after = comparison.before, comparison.after
    working_before, working_after = _working_pairs(before.snapshot), _working_pairs(after.snapshot)
    met_before, met_after = before.pairs, after.pairs
    working = working_before | working_after  # once: a union per pair made this quadratic at scale
    edges = []
    for a, b in sorted(met_before | met_after | working):
        layer = "working" if (a, b) in working else "met"
        kind = _change_kind((a, b), working_before, working_after) if layer == "working" else \
            _change_kind((a, b), met_before, met_after)
        strong, strong_width, faint, faint_width = _EDGE_LOOK[kind]
        edges.append({"id": f"{kind}:{a}:{b}", "from": a, "to": b, "kind": kind, "layer": layer,
                      "color": steady(strong if layer == "working" else faint),
                      "width": strong_width if layer == "working" else faint_width, "hidden": layer == "met",
                      "dashes": [6, 5] if kind == "removed" else False, "smooth": False,
                      "title": t(f"diff_{kind}", lang) + f" ({t('ei_working' if layer == 'working' else 'ei_met', lang)})"})
    if len(edges) > EDGE_BUDGET:
        # at scale what changed among the working ties is the point of the page: faint pairs go first
        edges = sorted(edges, key=lambda e: (e["layer"] == "met", e["kind"] == "unchanged"))[:EDGE_BUDGET]
    return edges


def _side_label(side: Side, lang: str) -> str:
    return f"{folder_name(side.network)} {round_title(side.network, side.round, lang)}"


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
        subtitle = f"{round_title(before.network, before.round, lang)} → {round_title(after.network, after.round, lang)}"
    else:
        subtitle = f"{_side_label(before, lang)} → {_side_label(after, lang)}"
    return MapPage(view="diff", title=f"{t('map_title_diff', lang)}: {display_name(after.network)}",
                   subtitle=subtitle, headline=headline, nodes=nodes, edges=edges, options=options,
                   legend=change_legend(colours, lang), texts=page_texts(lang, None, disclosure), extras={})
