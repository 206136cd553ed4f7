"""Structure of the link graph: brokers (betweenness), ties between sectors (E-I index), reciprocity of referrals.

The graph algorithms run in igraph (C): at prefecture scale that is what keeps the
analysis within a few times the cost of reading the files (docs/performance.md).
"""

from __future__ import annotations

import igraph as ig
import numpy as np
import pandas as pd

from ..model import Agency

__all__ = ["link_graph", "betweenness", "sector_links", "reciprocity", "EXACT_BETWEENNESS_LIMIT"]

# above this many agencies, betweenness is estimated from a seeded sample of sources
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLE = 256
BETWEENNESS_MIN_SAMPLE = 100
BETWEENNESS_WORK = 10_000_000
BETWEENNESS_SEED = 20240401


def link_graph(n: int, a: np.ndarray, b: np.ndarray) -> ig.Graph:
    """The undirected graph of ``n`` agencies with a link between ``a[k]`` and ``b[k]`` (positions)."""
    # igraph reads a list of int tuples about twice as fast as an (m, 2) array or a list of lists
    return ig.Graph(n=n, edges=list(zip(np.asarray(a).tolist(), np.asarray(b).tolist())))


def betweenness(graph: ig.Graph, n: int) -> tuple[np.ndarray, int | None]:
    """Normalised betweenness of every agency, and the sample size (None when exact).

    Exact up to :data:`EXACT_BETWEENNESS_LIMIT` agencies; above, estimated from a
    seeded sample of sources sized by the work (100 to 256 sources).

    Examples
    --------
    >>> scores, sample = betweenness(link_graph(3, np.array([0, 1]), np.array([1, 2])), 3)
    >>> scores.tolist(), sample
    ([0.0, 1.0, 0.0], None)
    """
    if graph.ecount() == 0 or n < 3:
        return np.zeros(n), None
    scale = 2.0 / ((n - 1) * (n - 2))
    if n <= EXACT_BETWEENNESS_LIMIT:
        return np.asarray(graph.betweenness(directed=False)) * scale, None
    # as many sources as keep the work near BETWEENNESS_WORK edge visits, within the sample bounds
    k = int(min(BETWEENNESS_SAMPLE, max(BETWEENNESS_MIN_SAMPLE, BETWEENNESS_WORK // max(graph.ecount(), 1))))
    sources = np.random.default_rng(BETWEENNESS_SEED).choice(n, size=k, replace=False).tolist()
    # paths from k of n sources: scale the partial sum up by n / k
    raw = np.asarray(graph.betweenness(directed=False, sources=sources)) * (n / k)
    return raw * scale, k


def sector_links(agencies: list[Agency], links: pd.DataFrame) -> tuple[list[dict], float | None]:
    """Links per pair of sectors (with how many are referral links), and the E-I index of the links.

    E-I = (external − internal) / (external + internal), over links whose both ends name a
    sector; rounded to 4 places; None when there is no such link.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> from hikinet_graph import take_snapshot, link_table
    >>> network = tiny_network()
    >>> rows, ei = sector_links(network.agencies, link_table(take_snapshot(network, 1)))
    >>> rows[0], ei
    ({'sectors': ['教育', '若者'], 'links': 1, 'referral_links': 1}, 1.0)
    """
    codes, names = pd.factorize(pd.Series([a.sector for a in agencies], dtype=object), sort=True)
    blank = np.array([name == "" for name in names], dtype=bool)
    ca = codes[links["a"].to_numpy(np.int64)]
    cb = codes[links["b"].to_numpy(np.int64)]
    known = ~blank[ca] & ~blank[cb]
    lo, hi = np.minimum(ca, cb)[known], np.maximum(ca, cb)[known]
    k = max(len(names), 1)
    keys = lo * k + hi
    pairs, counts = np.unique(keys, return_counts=True)
    # of those, the referral links ("worked a case together", not only met)
    referral = links["referral_link"].to_numpy(bool)[known]
    referral_counts = np.zeros(len(pairs), dtype=np.int64)
    np.add.at(referral_counts, np.searchsorted(pairs, keys[referral]), 1)
    rows = [{"sectors": sorted((str(names[p // k]), str(names[p % k]))), "links": int(c), "referral_links": int(r)}
            for p, c, r in zip(pairs.tolist(), counts.tolist(), referral_counts.tolist())]
    rows.sort(key=lambda r: (-r["links"], r["sectors"]))
    internal = int((lo == hi).sum())
    total = len(lo)
    ei = round((total - 2 * internal) / total, 4) if total else None
    return rows, ei


def reciprocity(referrals: pd.DataFrame, n: int) -> float | None:
    """Share of directed referral pairs (a → b) whose reverse (b → a) also occurs; None without referrals.

    Examples
    --------
    >>> rows = pd.DataFrame({"src": [0, 1, 0], "dst": [1, 0, 2]})
    >>> reciprocity(rows, 3)
    0.6667
    """
    if not len(referrals):
        return None
    keys = referrals["src"].to_numpy(np.int64) * n + referrals["dst"].to_numpy(np.int64)
    if n * n > 1 << 25:  # too many possible pairs (above about 5,800 agencies) for a table of them
        pairs = np.unique(keys)
        return round(float(np.isin((pairs % n) * n + pairs // n, pairs).mean()), 4)
    # one flag per possible pair: its positions are the distinct pairs in order, as np.unique gives them
    present = np.zeros(n * n, dtype=bool)
    present[keys] = True
    pairs = np.flatnonzero(present)
    return round(float(present[(pairs % n) * n + pairs // n].mean()), 4)
