"""The change map: each kind of change its own mark, explained in the legend.

Agencies: a green ring for a first working tie, a pale green ring for leaving isolation
without one, a thick red ring for newly isolated, a dashed red ring for still isolated.
Lines: new working ties (紹介・協働) thick green, lost ones red dashed, unchanged grey;
pairs that newly met but do not work together yet pale green dots (``met_new``); they and
the other pairs that have only met (``met``) start hidden: after a network meeting every pair
has newly met, and those lines would cover the map. Same
positions as the round maps (for two folders: one layout of both); agencies only in the
earlier data are pale.
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
from ..labels import wrap_label
from ..layout import Positions, union_positions
from ..page import MapPage, display_name, folder_name, page_texts, vis_data
from ..style import (
    ADDED_COLOUR,
    ISOLATED_COLOUR,
    REMOVED_COLOUR,
    RESOLVED_COLOUR,
    UNCHANGED_COLOUR,
    UNKNOWN_SECTOR_COLOUR,
    DASHES,
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
        border, width = ISOLATED_COLOUR, 6
        status.append(t("diff_new_isolated", lang))
    elif agency.id in fates["still_isolated"]:  # dashed: the same red as "newly", told apart by its line
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
            "id": agency.id, "label": wrap_label(agency.label), "name": agency.label, "title": "\n".join(lines),
            "x": x, "y": y,
            "shape": node_shape(agency), "size": 16, "sector": agency.sector,
            "color": {"background": fill, "border": border, "highlight": {"background": fill, "border": "#000"},
                      "hover": {"background": fill, "border": "#000"}},
            "borderWidth": width, "flags": ["resolved"] if agency.id in fates["resolved"] else [],
            **({"shapeProperties": {"borderDashes": DASHES}} if agency.id in fates["still_isolated"] else {}),
        })
    return nodes


def _working_pairs(snapshot: Snapshot) -> set[tuple[str, str]]:
    """The pairs of a snapshot that work together (the working layer), as sorted id pairs."""
    links = snapshot.links[layer_masks(snapshot.links)["working"]]
    ids = snapshot.network.ids
    return {tuple(sorted((ids[a], ids[b]))) for a, b in zip(links["a"].tolist(), links["b"].tolist())}


# (kind, colour, width) of a working tie, and of a pair that has only met (faint, hidden at first)
_EDGE_LOOK = {"added": (ADDED_COLOUR, 6, "#a9dca9", 1), "removed": (REMOVED_COLOUR, 4, "#f0a0a0", 1),
              "unchanged": ("#8f8f8f", 2, UNCHANGED_COLOUR, 1)}


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
        if (a, b) in working:
            kind = _change_kind((a, b), working_before, working_after)
            colour, width = _EDGE_LOOK[kind][:2]
            edge = {"kind": kind, "layer": "working", "dashes": [6, 5] if kind == "removed" else False,
                    "title": t({"added": "diff_new_working", "removed": "diff_lost_working",
                                "unchanged": "diff_same_working"}[kind], lang)}
        elif _change_kind((a, b), met_before, met_after) == "added":  # newly met: the first stage of work
            colour, width = RESOLVED_COLOUR, 1.5  # hidden at first: after a network meeting every pair is new
            edge = {"kind": "met_added", "layer": "met_new", "dashes": [2, 5], "hidden": True,
                    "title": t("diff_new_met", lang)}
        else:
            kind = _change_kind((a, b), met_before, met_after)
            colour, width = _EDGE_LOOK[kind][2:]
            edge = {"kind": kind, "layer": "met", "hidden": True, "dashes": [6, 5] if kind == "removed" else False,
                    "title": t(f"diff_{kind}", lang) + f" ({t('ei_met', lang)})"}
        edges.append({"id": f"{edge['kind']}:{a}:{b}", "from": a, "to": b, "color": steady(colour), "width": width,
                      **{"hidden": False, **edge}})
    if len(edges) > EDGE_BUDGET:
        # at scale what changed among the working ties is the point of the page: faint pairs go first
        edges = sorted(edges, key=lambda e: (e["layer"] != "working", e["layer"] == "met",
                                             e["kind"] == "unchanged"))[:EDGE_BUDGET]
    return edges


def _side_label(side: Side, lang: str) -> str:
    return f"{folder_name(side.network)} {round_title(side.network, side.round, lang)}"


def _options() -> dict:
    """The maps' options, with straight lines for every line of the change map (once, not on each line)."""
    options = base_options()
    options["edges"] = {**options["edges"], "smooth": False}
    return options


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
                                     _change_edges(comparison, lang), _options())
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
