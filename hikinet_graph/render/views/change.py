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

import numpy as np

from ...core import figures
from ...core.change import change_between
from ...core.compare import Comparison, Side
from ...core.layers import layer_masks
from ...core.public import INTERNAL, Disclosure
from ...core.rounds import round_title
from ...core.snapshot import Snapshot, link_table
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


def _pair_keys(snapshot: Snapshot, rank: dict[str, int], working: bool) -> np.ndarray:
    """The pairs of a snapshot linked at all (:attr:`~hikinet_graph.core.compare.Side.pairs`), or working
    together (the working layer), as sorted numbers: ``low * len(rank) + high`` of the ids' places in ``rank``.

    Each id's place in the sorted ids of both sides: the numbers sort as the sorted id pairs do.
    """
    links = link_table(snapshot)
    if working:
        links = links[layer_masks(links)["working"]]
    place = np.array([rank[agency_id] for agency_id in snapshot.network.ids], dtype=np.int64)
    a, b = place[links["a"].to_numpy(np.int64)], place[links["b"].to_numpy(np.int64)]
    return _sorted_unique(np.minimum(a, b) * len(rank) + np.maximum(a, b))


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    """``np.unique(keys)`` of integers, by sorting (numpy 2's hashing ``unique`` is many times slower here)."""
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


# each kind of line, a pair's place in it given by _change_looks: kind, layer, colour, width, dashes, hidden
_LOOKS = (("added", "working", ADDED_COLOUR, 6, None, False), ("removed", "working", REMOVED_COLOUR, 4, [6, 5], False),
          ("unchanged", "working", "#8f8f8f", 2, None, False),
          ("met_added", "met_new", RESOLVED_COLOUR, 1.5, [2, 5], True),  # newly met: the first stage of work
          ("removed", "met", "#f0a0a0", 1, [6, 5], True), ("unchanged", "met", UNCHANGED_COLOUR, 1, None, True))
# at scale, which lines are kept first: what changed among the working ties is the point, faint pairs are left out
_ORDER = np.array([0, 0, 1, 2, 3, 4])
_TITLES = {"added": "diff_new_working", "removed": "diff_lost_working", "unchanged": "diff_same_working"}


def _change_looks(keys: np.ndarray, sides: list[np.ndarray]) -> np.ndarray:
    """Each pair's kind of line, a place in :data:`_LOOKS`, from the pairs ``sides``: working before, working
    after, met before, met after. A working tie's kind follows the working ties, a pair that has only met the
    acquaintance; a pair on both sides is unchanged, on the later one only added, else removed."""
    work_before, work_after, met_before, met_after = (np.isin(keys, side, assume_unique=True) for side in sides)
    working = np.where(work_before & work_after, 2, np.where(work_after, 0, 1))
    met = np.where(met_before & met_after, 5, np.where(met_after, 3, 4))
    return np.where(work_before | work_after, working, met)


def _change_edges(comparison: Comparison, lang: str) -> list[dict]:
    """One line per pair linked on either side, by sorted id pair: a working tie's kind follows the working ties,
    a pair that has only met follows the acquaintance (faint, hidden at first).

    Above :data:`~hikinet_graph.render.thinning.EDGE_BUDGET` lines, the budget's first by kind (working ties that
    changed, unchanged ones, newly met pairs, pairs no longer met, pairs still met), then by pair: only their
    lines are made."""
    before, after = comparison.before, comparison.after
    ids = sorted(set(before.network.ids) | set(after.network.ids))
    rank = {agency_id: place for place, agency_id in enumerate(ids)}
    sides = [_pair_keys(side.snapshot, rank, working) for working in (True, False) for side in (before, after)]
    keys = _sorted_unique(np.concatenate(sides))
    looks = _change_looks(keys, sides)
    if len(keys) > EDGE_BUDGET:
        chosen = np.argsort(_ORDER[looks], kind="stable")[:EDGE_BUDGET]
        keys, looks = keys[chosen], looks[chosen]
    titles = [t(_TITLES[kind], lang) if layer == "working" else t("diff_new_met", lang) if layer == "met_new"
              else t(f"diff_{kind}", lang) + f" ({t('ei_met', lang)})" for kind, layer, *_ in _LOOKS]
    edges = []
    for key, look in zip(keys.tolist(), looks.tolist()):
        a, b = ids[key // len(ids)], ids[key % len(ids)]
        kind, layer, colour, width, dashes, hidden = _LOOKS[look]
        edges.append({"id": f"{kind}:{a}:{b}", "from": a, "to": b, "color": steady(colour), "width": width,
                      "hidden": hidden, "kind": kind, "layer": layer, "dashes": list(dashes) if dashes else False,
                      "title": titles[look]})
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
