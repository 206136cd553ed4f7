"""Where agencies (and areas) stand on a map: seeded layouts of all rounds together, so nobody moves between maps.

The working ties of all rounds shape the picture (referrals and level >= 3 relations,
weighted by strength); having met pulls only weakly, since one network meeting joins
everyone to everyone. Agencies with no working tie in any round stand in a labelled
band just below the rest. On maps of up to :data:`~.spacing.APART_LIMIT` agencies no
two boxes (an agency with its name) overlap (:mod:`.spacing`).

Fruchterman-Reingold in igraph: 0.5 s for 3,000 agencies where networkx's spring
layout takes over a minute. Each connected group is laid out on its own and the
groups are set side by side.
"""

from __future__ import annotations

import math
import random

import igraph as ig
import numpy as np
import pandas as pd

from ..core.snapshot import link_table, take_snapshot
from ..model import Network
from .labels import node_box, node_size, wrap_label
from .spacing import APART_LIMIT, band_below, boxes_apart
from .thinning import EDGE_BUDGET, link_strength, strongest

__all__ = ["NODE_SPACING", "Positions", "layout_positions", "union_positions", "area_positions", "seeded_layout"]

NODE_SPACING = 160.0  # about this many pixels between neighbouring agencies (large maps, areas)
ACQUAINTANCE_PULL = 0.05  # how strongly having met pulls two agencies together, against about 1 per working tie


class Positions(dict):
    """Agency id → ``(x, y)`` in pixels, the same for every round of a folder.

    ``band`` is the rectangle (``left``, ``top``, ``right``, ``bottom``) of the labelled band in which
    the agencies with no working tie in any round stand, below the rest; None when there are none.
    """

    def __init__(self, *args, band: dict | None = None):
        super().__init__(*args)
        self.band = band


def layout_positions(network: Network, seed: int = 7) -> Positions:
    """Seeded positions from the working ties of all rounds together, so an agency stays put in every round's map.

    Parameters
    ----------
    network : Network
        The folder.
    seed : int
        The same seed gives the same positions.

    Returns
    -------
    Positions
        Agency id → ``(x, y)`` in pixels, and the band of agencies with no working tie.
    """
    links = link_table(take_snapshot(network, None))
    return _arrange(network.ids, links, [a.label for a in network.agencies], seed)


def union_positions(before: Network, after: Network, seed: int = 7) -> Positions:
    """One layout for two data sets: their agencies (matched by id) and all links of both.

    The later data's agencies come first; agencies only in ``before`` follow.
    """
    if before is after:
        return layout_positions(after, seed)
    ids = after.ids + [i for i in before.ids if i not in after.index]
    position = {agency_id: k for k, agency_id in enumerate(ids)}
    parts = []
    for network in (after, before):
        links = link_table(take_snapshot(network, None))
        remap = np.array([position[i] for i in network.ids], dtype=np.int64)
        links = links.assign(a=remap[links["a"].to_numpy()], b=remap[links["b"].to_numpy()])
        swap = links["a"] > links["b"]
        links.loc[swap, ["a", "b"]] = links.loc[swap, ["b", "a"]].to_numpy()
        parts.append(links)
    merged = pd.concat(parts, ignore_index=True).groupby(["a", "b"], as_index=False).max()
    labels = {a.id: a.label for a in before.agencies} | {a.id: a.label for a in after.agencies}
    return _arrange(ids, merged, [labels[i] for i in ids], seed)


def _largest_boxes(count: int, links: pd.DataFrame, labels: list[str]) -> np.ndarray:
    """Each agency's largest box over all rounds (the sizes grow with the data): half width, above, below."""
    a, b = links["a"].to_numpy(np.int64), links["b"].to_numpy(np.int64)
    working = links["referral_link"].to_numpy(bool)
    partners = np.bincount(a[working], minlength=count) + np.bincount(b[working], minlength=count)
    volume = (links["ref_ab"] + links["ref_ba"]).to_numpy(np.float64)
    referrals = np.bincount(a, volume, minlength=count) + np.bincount(b, volume, minlength=count)
    return np.array([node_box(wrap_label(label), node_size(p, r, public=False))
                     for label, p, r in zip(labels, partners.tolist(), referrals.tolist())])


def _arrange(ids: list[str], links: pd.DataFrame, labels: list[str], seed: int) -> Positions:
    """Working ties shape the picture; agencies with none stand in a band below; boxes never overlap (small maps)."""
    if len(links) > EDGE_BUDGET:
        # lay out what large maps draw: a layout of every link is one undifferentiated ball
        links = strongest(links, link_strength(links), EDGE_BUDGET)
    working = links["referral_link"].to_numpy(bool)
    a, b = links["a"].to_numpy(np.int64), links["b"].to_numpy(np.int64)
    works = np.zeros(len(ids), dtype=bool)
    works[a[working]] = works[b[working]] = True
    if not works.any():  # nobody works with anybody yet: having met is all the structure there is
        works[:] = True
    strength = 1.0 + np.log1p((links["ref_ab"] + links["ref_ba"]).to_numpy(np.float64)) \
        + (links["level"].to_numpy() >= 3)
    weights = np.where(working, strength, ACQUAINTANCE_PULL)
    among = works[a] & works[b]
    graph = ig.Graph(n=len(ids), edges=np.column_stack([a[among], b[among]]).tolist())
    graph.es["weight"] = weights[among].tolist()
    groups = sorted((sorted(c) for c in graph.connected_components() if works[c[0]]), key=lambda c: (-len(c), c[0]))
    xy = np.zeros((len(ids), 2))
    for node, (x, y) in _groups_side_by_side(graph, groups, seed)[0].items():
        xy[node] = (x, y)
    small = len(ids) <= APART_LIMIT
    boxes = _largest_boxes(len(ids), links, labels) if small else np.tile([NODE_SPACING / 2] * 3, (len(ids), 1))
    inside = np.flatnonzero(works)
    if small:
        xy[inside] = boxes_apart(xy[inside], boxes[inside])
    band = None
    outside = np.flatnonzero(~works)
    if len(outside):
        xy[outside], band = band_below(xy[inside], boxes[inside], boxes[outside])
    return Positions({ids[i]: (round(float(x), 1), round(float(y), 1)) for i, (x, y) in enumerate(xy.tolist())},
                     band=band)


def seeded_layout(graph: ig.Graph, rng: np.random.Generator, seed: int, niter: int = 500,
                  weights: str | list | None = None) -> np.ndarray:
    """Fruchterman-Reingold positions of ``graph``, the same for the same input.

    The start is drawn from ``rng`` in the square igraph itself would use (side sqrt(n); a tight
    start is 20x slower), and igraph's own draws, from Python's global generator by default,
    come from one seeded with ``seed`` meanwhile.
    """
    half = math.sqrt(graph.vcount()) / 2
    start = rng.uniform(-half, half, size=(graph.vcount(), 2)).tolist()
    ig.set_random_number_generator(random.Random(seed))
    try:
        return np.asarray(graph.layout_fruchterman_reingold(seed=start, niter=niter, weights=weights).coords)
    finally:
        ig.set_random_number_generator(random)


def _groups_side_by_side(graph: ig.Graph, groups: list[list[int]],
                         seed: int) -> tuple[dict[int, tuple[float, float]], float, float]:
    """Lay out each group on its own, left to right; returns positions, the total width and the lowest extent."""
    positions: dict[int, tuple[float, float]] = {}
    cursor = 0.0
    bottom = 0.0
    rng = np.random.default_rng(seed)
    for members in groups:
        coords = seeded_layout(graph.subgraph(members), rng, seed, weights="weight")
        coords -= coords.mean(axis=0)
        extent = np.abs(coords).max() or 1.0
        radius = NODE_SPACING * math.sqrt(len(members)) / 1.6
        coords = coords / extent * radius
        for node, (x, y) in zip(members, coords.tolist()):
            positions[node] = (cursor + radius + x, y)
        cursor += 2 * radius + NODE_SPACING
        bottom = max(bottom, radius)
    return positions, cursor, bottom


def area_positions(count: int, code: np.ndarray, links: pd.DataFrame) -> list[tuple[float, float]]:
    """Seeded positions of ``count`` areas from the links between their agencies (all rounds: stable).

    Parameters
    ----------
    count : int
        The number of areas.
    code : ndarray
        Each agency's area, a position in ``range(count)``, in agencies.csv order.
    links : DataFrame
        The link table of all data.

    Returns
    -------
    list
        One ``(x, y)`` per area.
    """
    ca, cb = code[links["a"].to_numpy(np.int64)], code[links["b"].to_numpy(np.int64)]
    keep = ca != cb
    pairs, weights = np.unique(np.minimum(ca, cb)[keep] * count + np.maximum(ca, cb)[keep], return_counts=True)
    graph = ig.Graph(n=count, edges=[(p // count, p % count) for p in pairs.tolist()])
    coords = seeded_layout(graph, np.random.default_rng(11), 11,
                           weights=np.log1p(weights).tolist() if len(weights) else None)
    coords -= coords.mean(axis=0)
    extent = np.abs(coords).max() or 1.0
    coords = coords / extent * NODE_SPACING * max(2.0, math.sqrt(count))
    return [(round(float(x), 1), round(float(y), 1)) for x, y in coords]
