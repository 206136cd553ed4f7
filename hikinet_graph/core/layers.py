"""Relationship layers: who has met (acquainted), who shares information (sharing), who works together (working).

The case studies describe network work in two stages, 相互理解 (getting to know each
other) and 連携の強化 (working together). A shared meeting is the first stage only, so
every structural measure is computed per layer (docs/analysis.md):

- ``acquainted`` (顔見知り): attended a common meeting, or any referral or relation row;
- ``sharing`` (情報共有): a referral row either way, or a relation of level >= 2;
- ``working`` (紹介・協働): a referral row either way, or a relation of level >= 3.

The layers are cumulative like the snapshots, and nested: working ⊆ sharing ⊆ acquainted.

Examples
--------
>>> from hikinet_graph.examples import tiny_network
>>> from hikinet_graph import take_snapshot
>>> snapshot = take_snapshot(tiny_network())
>>> layers = relationship_layers(snapshot.network.agencies, snapshot.links)
>>> {name: layer.links for name, layer in layers.items()}
{'acquainted': 4, 'sharing': 2, 'working': 2}
>>> layers["working"].isolated
['clinic', 'farm']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..model import Agency
from .background import Background
from .structure import betweenness, link_graph, sector_links

__all__ = ["LAYERS", "Layer", "layer_masks", "relationship_layers", "betweenness_elsewhere", "rank_brokers",
           "centralization"]

LAYERS = ("acquainted", "sharing", "working")
SHARING_LEVEL = 2
WORKING_LEVEL = 3  # a questionnaire level of 3 ("we refer clients") or more is working together
BROKERS_SHOWN = 5
# the layers whose betweenness a second process computes, when there is one (analysis of one large snapshot)
ELSEWHERE = ("sharing", "working")


@dataclass(frozen=True, eq=False)
class Layer:
    """The structure of one relationship layer of a snapshot.

    ``components`` lists the members of each connected component (isolated agencies
    included), largest first, ties broken by their smallest id; ``betweenness`` and
    ``degree`` are per agency, in agencies.csv order.
    """

    name: str
    links: int
    density: float
    components: list[list[str]]
    isolated: list[str]
    cut_agencies: list[str]
    centralization: float
    degree: np.ndarray
    betweenness: np.ndarray
    betweenness_sample: int | None
    ei_index: float | None
    ids: tuple[str, ...]

    def brokers(self, top: int = BROKERS_SHOWN) -> list[dict]:
        """The agencies most often on shortest paths between others in this layer (see :func:`rank_brokers`)."""
        return rank_brokers(self.ids, self.betweenness, self.degree, top)

    def to_dict(self) -> dict:
        """The JSON of one layer (docs/json.md, ``layers``)."""
        return {
            "links": self.links,
            "density": self.density,
            "components": len(self.components),
            "component_members": self.components,
            "isolated": self.isolated,
            "cut_agencies": self.cut_agencies,
            "centralization": self.centralization,
            "brokers": self.brokers(),
            "betweenness_sample": self.betweenness_sample,
            "ei_index": self.ei_index,
        }


def layer_masks(links: pd.DataFrame) -> dict[str, np.ndarray]:
    """Which rows of a snapshot's link table belong to each layer.

    Examples
    --------
    >>> links = pd.DataFrame({"ref_ab": [0, 0, 0, 1], "ref_ba": [0, 0, 0, 0], "level": [0, 2, 3, 0]})
    >>> {name: mask.tolist() for name, mask in layer_masks(links).items()}
    {'acquainted': [True, True, True, True], 'sharing': [False, True, True, True], 'working': [False, False, True, True]}
    """
    referral = (links["ref_ab"].to_numpy(np.int64) + links["ref_ba"].to_numpy(np.int64)) > 0
    level = links["level"].to_numpy(np.int64)
    return {
        "acquainted": np.ones(len(links), dtype=bool),
        "sharing": referral | (level >= SHARING_LEVEL),
        "working": referral | (level >= WORKING_LEVEL),
    }


def centralization(degree: np.ndarray) -> float:
    """Freeman degree centralization: Σ(d_max − d_i) / ((n − 1)(n − 2)); 0.0 when n < 3. Not rounded.

    Examples
    --------
    >>> centralization(np.array([3, 1, 1, 1]))   # a star: (0 + 2 + 2 + 2) / (3 * 2)
    1.0
    >>> centralization(np.array([1, 1]))
    0.0
    """
    n = len(degree)
    if n < 3:
        return 0.0
    return float((degree.max() - degree).sum() / ((n - 1) * (n - 2)))


def rank_brokers(ids, scores: np.ndarray, degree: np.ndarray, top: int = BROKERS_SHOWN) -> list[dict]:
    """Agencies with betweenness > 0, highest first (rounded to 4 places), then by degree, then by id.

    Examples
    --------
    >>> rank_brokers(["a", "b", "c"], np.array([0.0, 1.0, 0.0]), np.array([1, 2, 1]))
    [{'agency': 'b', 'betweenness': 1.0}]
    """
    rounded = np.round(np.asarray(scores, dtype=float), 4)
    order = sorted((i for i in range(len(ids)) if rounded[i] > 0), key=lambda i: (-rounded[i], -degree[i], ids[i]))
    return [{"agency": ids[i], "betweenness": float(rounded[i])} for i in order[:top]]


def _layer(name: str, agencies: list[Agency], links: pd.DataFrame, graph, scores: np.ndarray,
           sample: int | None) -> Layer:
    """One layer's structure, from the rows of the link table that belong to it, their igraph graph
    and its betweenness."""
    n = len(agencies)
    ids = tuple(a.id for a in agencies)
    end_a, end_b = links["a"].to_numpy(np.int64), links["b"].to_numpy(np.int64)
    degree = np.bincount(end_a, minlength=n) + np.bincount(end_b, minlength=n)
    pairs = n * (n - 1) / 2
    return Layer(
        name=name,
        links=int(len(links)),
        density=len(links) / pairs if pairs else 0.0,
        components=sorted((sorted(ids[i] for i in c) for c in graph.connected_components()),
                          key=lambda c: (-len(c), c)),
        isolated=sorted(ids[i] for i in np.flatnonzero(degree == 0)),
        cut_agencies=sorted(ids[i] for i in graph.articulation_points()),
        centralization=centralization(degree),
        degree=degree,
        betweenness=scores,
        betweenness_sample=sample,
        ei_index=sector_links(agencies, links)[1],
        ids=ids,
    )


def _same_as(masks: dict[str, np.ndarray], name: str, done) -> str | None:
    """A layer among ``done`` with the very links of layer ``name`` (a sharing layer no wider than the working one)."""
    return next((other for other in done if np.array_equal(masks[other], masks[name])), None)


def _graphs(n: int, links: pd.DataFrame, masks: dict[str, np.ndarray], names) -> dict:
    """The igraph graph of each named layer: one graph of every link, each narrower layer its subgraph
    (the same edges in the same order, so the same betweenness to the last bit); layers with the same
    links share one graph."""
    everything = link_graph(n, links["a"].to_numpy(np.int64), links["b"].to_numpy(np.int64))
    graphs: dict = {}
    for name in names:
        same = _same_as(masks, name, graphs)
        graphs[name] = graphs[same] if same else everything if masks[name].all() else everything.subgraph_edges(
            np.flatnonzero(masks[name]).tolist(), delete_vertices=False)
    return graphs


def _scores(n: int, graphs: dict, masks: dict[str, np.ndarray], names) -> dict[str, tuple]:
    """Betweenness (scores, sample) of the named layers, computed once for layers with the same links."""
    scores: dict = {}
    for name in names:
        same = _same_as(masks, name, scores)
        scores[name] = scores[same] if same else betweenness(graphs[name], n)
    return scores


@dataclass(frozen=True, eq=False)
class Elsewhere:
    """The layers' graphs of one link table, and the betweenness of :data:`ELSEWHERE` being computed on a
    second process from the same graphs (see :func:`betweenness_elsewhere`)."""

    masks: dict[str, np.ndarray]
    graphs: dict
    pending: Background


def betweenness_elsewhere(agencies: list[Agency], links: pd.DataFrame) -> Elsewhere:
    """The layers' graphs, built here once, and the betweenness of :data:`ELSEWHERE` started on a second
    process (see :mod:`.background`), which inherits the graphs instead of building them again."""
    n, masks = len(agencies), layer_masks(links)
    graphs = _graphs(n, links, masks, LAYERS)
    return Elsewhere(masks, graphs, Background(_scores, n, graphs, masks, ELSEWHERE))


def relationship_layers(agencies: list[Agency], links: pd.DataFrame,
                        elsewhere: Elsewhere | None = None) -> dict[str, Layer]:
    """The three layers of a snapshot, from its link table (:func:`~hikinet_graph.core.snapshot.link_table`).

    ``elsewhere`` (from :func:`betweenness_elsewhere`) brings the layers' graphs and the betweenness of the
    sharing and working layers from a second process; this process computes the acquaintance layer's meanwhile.
    """
    n = len(agencies)
    if elsewhere is None:
        masks = layer_masks(links)
        graphs = _graphs(n, links, masks, LAYERS)
    else:
        masks, graphs = elsewhere.masks, elsewhere.graphs
    here = LAYERS if elsewhere is None else tuple(name for name in LAYERS if name not in ELSEWHERE)
    scores = _scores(n, graphs, masks, here)
    if elsewhere is not None:
        scores.update(elsewhere.pending.result())
    return {name: _layer(name, agencies, links[masks[name]], graphs[name], *scores[name]) for name in LAYERS}
