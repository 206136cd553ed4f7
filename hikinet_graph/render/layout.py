"""Where agencies (and areas) stand on a map: seeded layouts of all rounds together, so nobody moves between maps.

Fruchterman-Reingold in igraph: 0.5 s for 3,000 agencies where networkx's spring
layout takes over a minute. Each connected group is laid out on its own and the
groups are set side by side; agencies with no link in any round stand in rows
below, so one outsider never squeezes the rest.
"""

from __future__ import annotations

import math
import random

import igraph as ig
import numpy as np
import pandas as pd

from ..core.snapshot import link_table, take_snapshot
from ..model import Network
from .thinning import EDGE_BUDGET, link_strength, strongest

__all__ = ["NODE_SPACING", "Positions", "layout_positions", "union_positions", "area_positions"]

NODE_SPACING = 160.0  # about this many pixels between neighbouring agencies

Positions = dict[str, tuple[float, float]]


def layout_positions(network: Network, seed: int = 7) -> Positions:
    """Seeded positions from all rounds together, so an agency stays put in every round's map.

    Parameters
    ----------
    network : Network
        The folder.
    seed : int
        The same seed gives the same positions.

    Returns
    -------
    dict
        Agency id → ``(x, y)`` in pixels.
    """
    positions = _layout(network.ids, link_table(take_snapshot(network, None)), seed)
    return _labels_apart(positions, {a.id: a.label for a in network.agencies})


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
    return _labels_apart(_layout(ids, merged, seed), labels)


LABEL_PX = 40.0  # a name under its agency, and what node sizes add below it, in pixels
LABELS_APART_LIMIT = 400  # above this many agencies names are not moved apart (the map is read by area then)


def _label_width(label: str) -> float:
    """About how wide a name is drawn: full-width (Japanese) characters twice as wide as others."""
    return sum(19.0 if ord(ch) > 0x2E7F else 10.0 for ch in label)


def _labels_apart(positions: Positions, labels: dict[str, str], rounds: int = 40) -> Positions:
    """Move agencies down a little where their names would overlap (deterministic: the same every round).

    Names are drawn under their agency; two names overlap when their agencies stand closer
    than LABEL_PX vertically and their names overlap horizontally. The lower one moves down.
    """
    if len(positions) > LABELS_APART_LIMIT:
        return positions
    ids = sorted(positions, key=lambda i: (positions[i][1], positions[i][0], i))
    place = {i: list(positions[i]) for i in ids}
    width = {i: _label_width(labels.get(i, i)) for i in ids}
    for _ in range(rounds):
        moved = False
        ids.sort(key=lambda i: (place[i][1], place[i][0], i))
        for k, a in enumerate(ids):
            for b in ids[k + 1:]:
                dy = place[b][1] - place[a][1]
                if dy >= LABEL_PX:
                    break
                if abs(place[b][0] - place[a][0]) < (width[a] + width[b]) / 2:
                    place[b][1] = place[a][1] + LABEL_PX
                    moved = True
        if not moved:
            break
    return {i: (round(x, 1), round(y, 1)) for i, (x, y) in place.items()}


def _layout(ids: list[str], links: pd.DataFrame, seed: int) -> Positions:
    """Seeded positions for agencies ``ids`` joined by ``links`` (a link table over positions in ``ids``)."""
    if len(links) > EDGE_BUDGET:
        # lay out what large maps draw: a layout of every link is one undifferentiated ball
        links = strongest(links, link_strength(links), EDGE_BUDGET)
    weights = np.where(links["referral_link"], 3.0, np.where(links["level"] > 0, 1.5, 1.0))
    graph = ig.Graph(n=len(ids), edges=np.column_stack([links["a"], links["b"]]).tolist())
    graph.es["weight"] = weights.tolist()
    groups = sorted((sorted(c) for c in graph.connected_components()), key=lambda c: (-len(c), c[0]))
    positions, width, bottom = _groups_side_by_side(graph, [g for g in groups if len(g) > 1], seed)
    loners = [g[0] for g in groups if len(g) == 1]
    per_row = max(4, int(max(width, NODE_SPACING * 6) // NODE_SPACING))
    for k, node in enumerate(loners):
        positions[node] = ((k % per_row) * NODE_SPACING, bottom + NODE_SPACING * (1.0 + k // per_row))
    return {ids[i]: (round(x, 1), round(y, 1)) for i, (x, y) in positions.items()}


def _groups_side_by_side(graph: ig.Graph, groups: list[list[int]],
                         seed: int) -> tuple[dict[int, tuple[float, float]], float, float]:
    """Lay out each group on its own, left to right; returns positions, the total width and the lowest extent."""
    positions: dict[int, tuple[float, float]] = {}
    cursor = 0.0
    bottom = 0.0
    rng = np.random.default_rng(seed)
    # igraph draws from Python's global generator by default; give it a seeded one meanwhile
    ig.set_random_number_generator(random.Random(seed))
    try:
        for members in groups:
            sub = graph.subgraph(members)
            # start in the square igraph itself would use (side sqrt(n)); a tight start is 20x slower
            half = math.sqrt(len(members)) / 2
            start = rng.uniform(-half, half, size=(len(members), 2)).tolist()
            coords = np.asarray(sub.layout_fruchterman_reingold(seed=start, niter=500, weights="weight").coords)
            coords -= coords.mean(axis=0)
            extent = np.abs(coords).max() or 1.0
            radius = NODE_SPACING * math.sqrt(len(members)) / 1.6
            coords = coords / extent * radius
            for node, (x, y) in zip(members, coords.tolist()):
                positions[node] = (cursor + radius + x, y)
            cursor += 2 * radius + NODE_SPACING
            bottom = max(bottom, radius)
    finally:
        ig.set_random_number_generator(random)
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
    ig.set_random_number_generator(random.Random(11))
    try:
        half = math.sqrt(count) / 2
        start = np.random.default_rng(11).uniform(-half, half, size=(count, 2)).tolist()
        coords = np.asarray(graph.layout_fruchterman_reingold(
            seed=start, niter=500, weights=np.log1p(weights).tolist() if len(weights) else None).coords)
    finally:
        ig.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    extent = np.abs(coords).max() or 1.0
    coords = coords / extent * NODE_SPACING * max(2.0, math.sqrt(count))
    return [(round(float(x), 1), round(float(y), 1)) for x, y in coords]
