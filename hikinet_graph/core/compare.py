"""Before/after comparison of two snapshots: rounds of one folder, or two data sets.

Agencies are matched by id; the two sides may list different agencies. The figures
compared are :data:`~hikinet_graph.core.figures.COMPARED_FIGURES`, read from the one
figures table. (The command line's ``FOLDER@R`` syntax is parsed in ``cli``.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..model import Network
from .analysis import Analysis
from .figures import COMPARED_FIGURES, compare_values, value
from .snapshot import Snapshot, link_table

__all__ = ["Side", "Comparison", "compare"]


@dataclass
class Side:
    """One side of a comparison: the folder, its network, the snapshot and its analysis."""

    spec: str
    path: str
    round: int | None
    network: Network
    snapshot: Snapshot
    analysis: Analysis

    @property
    def pairs(self) -> set[tuple[str, str]]:
        """The linked pairs of this side, as sorted id pairs."""
        return _pairs(self.snapshot)


def _pairs(snapshot: Snapshot) -> set[tuple[str, str]]:
    links = link_table(snapshot)
    return id_pairs(snapshot.network.ids, links["a"].to_numpy(np.int64), links["b"].to_numpy(np.int64))


def id_pairs(ids: list[str], a: np.ndarray, b: np.ndarray) -> set[tuple[str, str]]:
    """The pairs of agencies at positions ``a[k]``, ``b[k]``, each as its ids in sorted order.

    Examples
    --------
    >>> sorted(id_pairs(["b", "a", "c"], np.array([0, 1]), np.array([1, 2])))
    [('a', 'b'), ('a', 'c')]
    """
    names = np.asarray(ids, dtype=object)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.argsort(names, kind="stable")] = np.arange(len(ids))  # each id's place in sorted order
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    swap = rank[a] > rank[b]
    first, second = np.where(swap, b, a), np.where(swap, a, b)
    return set(zip(names[first].tolist(), names[second].tolist()))


def _ordered(x: str, y: str) -> list[str]:
    """``sorted((x, y))``, without a sort per pair (a prefecture's first and last rounds differ by 100,000 links)."""
    return [x, y] if x <= y else [y, x]


def _gap_entries(result: Analysis) -> set[tuple[int, str, str]]:
    return {(g.boundary, g.kind, agency) for g in result.gaps for agency in g.agencies}


@dataclass
class Comparison:
    """What changed from ``before`` to ``after``; :meth:`to_dict` is compare's JSON (docs/json.md)."""

    before: Side
    after: Side
    added_links: list[list[str]]
    removed_links: list[list[str]]
    resolved_isolated: list[str]
    new_isolated: list[str]
    gaps_closed: list[dict]
    gaps_opened: list[dict]
    agencies_added: list[str]
    agencies_removed: list[str]
    metrics: dict[str, dict]
    cross_sector_added: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON of ``hikinet compare --format json``."""
        return {
            "before": {"source": self.before.path, "round": self.before.round, "cutoff": self.before.analysis.cutoff},
            "after": {"source": self.after.path, "round": self.after.round, "cutoff": self.after.analysis.cutoff},
            "added_links": self.added_links,
            "removed_links": self.removed_links,
            "resolved_isolated": self.resolved_isolated,
            "new_isolated": self.new_isolated,
            "gaps_closed": self.gaps_closed,
            "gaps_opened": self.gaps_opened,
            "agencies_added": self.agencies_added,
            "agencies_removed": self.agencies_removed,
            "cross_sector_added": self.cross_sector_added,
            "metrics": self.metrics,
        }


def compare(before: Side, after: Side) -> Comparison:
    """What changed from ``before`` to ``after``.

    ``resolved_isolated``: agencies isolated before and linked after (both sides list them).
    ``new_isolated``: agencies isolated after that were not isolated before, including
    agencies that only the after side lists. Gap entries are compared per agency.
    """
    before_pairs, after_pairs = before.pairs, after.pairs
    before_ids, after_ids = set(before.network.ids), set(after.network.ids)
    before_isolated, after_isolated = set(before.analysis.isolated), set(after.analysis.isolated)
    before_gaps, after_gaps = _gap_entries(before.analysis), _gap_entries(after.analysis)
    sector = {a.id: a.sector for a in before.network.agencies}
    sector.update({a.id: a.sector for a in after.network.agencies})
    added = sorted(after_pairs - before_pairs)
    cross = [{"link": list(p), "sectors": _ordered(sector[p[0]], sector[p[1]])}
             for p in added if sector[p[0]] and sector[p[1]] and sector[p[0]] != sector[p[1]]]
    metrics = {key: compare_values(key, value(key, before.analysis), value(key, after.analysis))
               for key in COMPARED_FIGURES}
    return Comparison(
        before=before,
        after=after,
        added_links=[list(p) for p in added],
        removed_links=[list(p) for p in sorted(before_pairs - after_pairs)],
        resolved_isolated=sorted((before_isolated - after_isolated) & after_ids),
        new_isolated=sorted(after_isolated - before_isolated),
        gaps_closed=[{"boundary": b, "kind": k, "agency": a} for b, k, a in sorted(before_gaps - after_gaps)],
        gaps_opened=[{"boundary": b, "kind": k, "agency": a} for b, k, a in sorted(after_gaps - before_gaps)],
        agencies_added=sorted(after_ids - before_ids),
        agencies_removed=sorted(before_ids - after_ids),
        metrics=metrics,
        cross_sector_added=cross,
    )
