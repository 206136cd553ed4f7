"""Opening an area of the area view: its agencies and their working partners outside it, in the same page.

At prefecture scale the area view is the page a person can read; from it a coordinator
opens one municipality into its agencies. Each area is laid out on its own (its working
ties shape it, no two boxes overlap), with the partners outside it on a ring around it,
each near the agencies it works with. The data are compact arrays (agency names and
colours once, then per area the agencies' indices, positions and ties), so the page
stays one self-contained file well under the size limit.
"""

from __future__ import annotations

import math

import igraph as ig
import numpy as np

from ...core.layers import layer_masks
from ...i18n import t
from ..labels import node_box, wrap_label
from ..layout import seeded_layout
from ..round_view import RoundView
from ..spacing import APART_LIMIT, boxes_apart
from ..style import UNKNOWN_SECTOR_COLOUR, sector_colours

__all__ = ["DRILL_TIES", "DRILL_PARTNERS", "area_drill"]

DRILL_TIES = 1500  # an opened area draws at most this many of its strongest working ties
DRILL_PARTNERS = 40  # and at most this many partners outside it, the strongest
_SIZE = 14.0  # every agency of an opened area is drawn this large


def _inside_layout(count: int, ties: np.ndarray, weights: np.ndarray, labels: list[str]) -> np.ndarray:
    """Positions of an area's own agencies from the working ties among them, boxes apart."""
    if count == 1:
        return np.zeros((1, 2))
    graph = ig.Graph(n=count, edges=ties.tolist())
    xy = seeded_layout(graph, np.random.default_rng(count), count, niter=300,
                       weights=weights.tolist() if len(weights) else None)
    boxes = np.array([node_box(label, _SIZE) for label in labels])
    return boxes_apart(xy, boxes) if count <= APART_LIMIT else xy * 160.0


def _ring(inside_xy: np.ndarray, partner_of: list[list[int]]) -> np.ndarray:
    """The outside partners on a ring round the area, each placed towards the agencies it works with."""
    if not partner_of:
        return np.zeros((0, 2))
    centre = inside_xy.mean(axis=0)
    wanted = [math.atan2(*(inside_xy[p].mean(axis=0) - centre)[::-1]) for p in partner_of]
    order = np.argsort(wanted, kind="stable")
    radius = max(float(np.abs(inside_xy - centre).max()) + 220.0, len(partner_of) * 130.0 / (2 * math.pi))
    angles = np.empty(len(partner_of))
    angles[order] = np.linspace(-math.pi, math.pi, len(partner_of), endpoint=False) + math.pi / len(partner_of)
    return centre + radius * np.column_stack([np.cos(angles), np.sin(angles)])


def _open_area(k: int, code: np.ndarray, ties: tuple[np.ndarray, ...], labels: list[str]) -> dict:
    """Area ``k`` opened: its agencies, its strongest partners outside, their positions and working ties.

    ``ties``: the working ties' agencies ``a`` and ``b``, their referrals, and the areas of ``a`` and ``b``.
    """
    a, b, volume, area_a, area_b = ties
    members = np.flatnonzero(code == k)
    touches = (area_a == k) | (area_b == k)
    ta, tb, tv, ca, cb = a[touches], b[touches], volume[touches], area_a[touches], area_b[touches]
    crossing = ca != cb
    # the strongest partners outside, by referrals (+1 per tie); the rest are counted, not drawn
    strength = np.bincount(np.where(ca != k, ta, tb)[crossing], tv[crossing] + 1, minlength=len(code))
    partners = np.flatnonzero(strength)
    more = max(0, len(partners) - DRILL_PARTNERS)
    partners = np.sort(partners[np.argsort(-strength[partners], kind="stable")[:DRILL_PARTNERS]])
    shown = np.zeros(len(code), dtype=bool)
    shown[members] = shown[partners] = True
    keep = shown[ta] & shown[tb]
    strongest = np.flatnonzero(keep)[np.argsort(-tv[keep], kind="stable")[:DRILL_TIES]]
    ta, tb, tv, ca, cb = ta[strongest], tb[strongest], tv[strongest], ca[strongest], cb[strongest]
    local = np.zeros(len(code), dtype=np.int64)  # agency -> its place in the page's list: members, then partners
    local[np.concatenate([members, partners])] = np.arange(len(members) + len(partners))
    la, lb = local[ta], local[tb]
    among = (ca == k) & (cb == k)
    inside_xy = _inside_layout(len(members), np.column_stack([la[among], lb[among]]), np.log1p(tv[among]) + 1.0,
                               [labels[i] for i in members])
    outward = ca[~among] != k  # the tie's first agency is the partner outside
    partner_of: dict[int, list[int]] = {}
    for outside, inside in zip(np.where(outward, la[~among], lb[~among]).tolist(),
                               np.where(outward, lb[~among], la[~among]).tolist()):
        partner_of.setdefault(outside, []).append(inside)
    ring = _ring(inside_xy, [partner_of.get(p, [0]) for p in local[partners].tolist()])
    return {"members": members.tolist(), "partners": partners.tolist(), "more": more,
            "xy": np.vstack([inside_xy, ring]).round(1).tolist(),
            "ties": np.column_stack([la, lb, tv]).tolist()}


def area_drill(of_round: RoundView, names: list[str], code: np.ndarray) -> dict:
    """Every area opened into its agencies and their outside partners, as the page's compact data.

    Parameters
    ----------
    of_round : RoundView
        The state drawn (the latest, in the report).
    names : list of str
        The areas' names.
    code : ndarray
        Each agency's area, a position in ``names``, in agencies.csv order.

    Returns
    -------
    dict
        ``agencies`` (names, short labels, colours, areas: one entry per agency), ``areas`` (per area:
        ``members`` then ``partners`` as agency positions, ``xy`` for both, ``ties`` as position pairs
        with their number of referrals, ``more``: partners outside not drawn), and the words of the controls.
    """
    network, lang = of_round.network, of_round.lang
    colours = sector_colours(network)
    links = of_round.snapshot.links
    working = links[layer_masks(links)["working"]]
    a, b = working["a"].to_numpy(np.int64), working["b"].to_numpy(np.int64)
    volume = (working["ref_ab"] + working["ref_ba"]).to_numpy(np.int64)
    labels = [wrap_label(agency.label) for agency in network.agencies]
    ties = (a, b, volume, code[a], code[b])
    areas = [_open_area(k, code, ties, labels) for k in range(len(names))]
    return {"names": [agency.label for agency in network.agencies], "labels": labels,
            "colours": [colours.get(agency.sector, UNKNOWN_SECTOR_COLOUR) for agency in network.agencies],
            "area": code.tolist(), "area_names": names, "areas": areas, "size": _SIZE,
            "texts": {"open": t("drill_open", lang), "back": t("drill_back", lang),
                      "choose": t("drill_choose", lang), "outside": t("drill_outside", lang),
                      "hint": t("drill_hint", lang), "more": t("drill_more", lang)}}
