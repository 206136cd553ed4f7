"""Analysis of one snapshot: isolated agencies, age-boundary gaps, structure, brokers and sector ties.

Every rule is written down in docs/analysis.md; the keys of :meth:`Analysis.to_dict`
are the public JSON contract of ``hikinet analyze --format json``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

import igraph as ig
import numpy as np
import pandas as pd

from ..model import Agency, Network
from .snapshot import Snapshot, link_table, take_snapshot

__all__ = [
    "Gap",
    "Analysis",
    "analyze",
    "analyze_network",
    "age_boundaries",
    "uncovered_ages",
    "GAP_KINDS",
    "ACCOMPANYING_STYLES",
    "EXACT_BETWEENNESS_LIMIT",
]

GAP_KINDS = ("coverage", "handover", "weak_handover")
ACCOMPANYING_STYLES = ("accompaniment", "both")
# above this many agencies, betweenness is estimated from a seeded sample of sources
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLE = 256
BETWEENNESS_MIN_SAMPLE = 100
BETWEENNESS_WORK = 10_000_000
BETWEENNESS_SEED = 20240401


@dataclass(frozen=True, order=True)
class Gap:
    """At age ``boundary`` (leaving b-1, entering b) agencies whose clients may fall through."""

    boundary: int
    kind: str
    agencies: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"boundary": self.boundary, "kind": self.kind, "agencies": list(self.agencies)}


@dataclass
class Analysis:
    round: int | None
    cutoff: str | None
    span: tuple[int, int]
    agencies: int
    links: int
    density: float
    components: list[list[str]]
    isolated: list[str]
    no_referral: list[str]
    uncovered: list[tuple[int, int]]
    gaps: list[Gap]
    cut_agencies: list[str]
    boundaries: list[int]
    per_agency: pd.DataFrame
    sector_links: list[dict]
    ei_index: float | None
    reciprocity: float | None
    age_coverage: list[dict]
    no_accompaniment: list[tuple[int, int]]
    betweenness_sample: int | None
    counts: dict[str, int] = field(default_factory=dict)

    @functools.cached_property
    def rows(self) -> list[dict]:
        """``per_agency`` as plain Python dicts (with ``id``), in agencies.csv order; converted once."""
        return [_plain(r) for r in self.per_agency.reset_index().to_dict(orient="records")]

    @functools.cached_property
    def records(self) -> dict[str, dict]:
        """The same rows by agency id (maps and tooltips read them many times)."""
        return {row["id"]: row for row in self.rows}

    def to_dict(self) -> dict:
        """The JSON contract (docs/json.md). Agency lists are sorted ids."""
        return {
            "round": self.round,
            "cutoff": self.cutoff,
            "agencies": self.agencies,
            "links": self.links,
            "density": self.density,
            "components": len(self.components),
            "isolated": self.isolated,
            "no_referral": self.no_referral,
            "uncovered": [list(r) for r in self.uncovered],
            "gaps": [g.to_dict() for g in self.gaps],
            "cut_agencies": self.cut_agencies,
            "span": list(self.span),
            "boundaries": self.boundaries,
            "component_members": self.components,
            "counts": self.counts,
            "reciprocity": self.reciprocity,
            "ei_index": self.ei_index,
            "sector_links": self.sector_links,
            "brokers": self.brokers(),
            "betweenness_sample": self.betweenness_sample,
            "age_coverage": self.age_coverage,
            "no_accompaniment": [list(r) for r in self.no_accompaniment],
            "per_agency": [dict(r) for r in self.rows],
        }

    def brokers(self, top: int = 5) -> list[dict]:
        """Agencies that most often lie on shortest paths between others (betweenness > 0)."""
        frame = self.per_agency[self.per_agency["betweenness"] > 0].reset_index()
        # ties broken by id, so that the order of agencies.csv never changes the answer
        frame = frame.sort_values(["betweenness", "degree", "id"], ascending=[False, False, True]).head(top)
        frame = frame.set_index("id")
        return [{"agency": i, "betweenness": round(float(v), 4)} for i, v in frame["betweenness"].items()]


def _plain(record: dict) -> dict:
    """numpy scalars to Python ones, so the dict serialises as JSON."""
    out = {}
    for key, value in record.items():
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and np.isnan(value):
            value = None
        out[key] = value
    return out


# --------------------------------------------------------------------------- age rules

def age_boundaries(agencies: list[Agency], span: tuple[int, int], extra: tuple[int, ...] = ()) -> list[int]:
    """Every age_max + 1 with both sides inside the span, plus configured extra boundaries."""
    lo, hi = span
    found = {a.age_max + 1 for a in agencies if a.age_max is not None and lo <= a.age_max and a.age_max + 1 <= hi}
    return sorted(found | set(extra))


def _served_counts(agencies: list[Agency], span: tuple[int, int], only=None) -> np.ndarray:
    lo, hi = span
    diff = np.zeros(hi - lo + 2, dtype=np.int64)
    for a in agencies:
        if only is not None and not only(a):
            continue
        start = max(a.age_min, lo)
        end = hi if a.age_max is None else min(a.age_max, hi)
        if start <= end:
            diff[start - lo] += 1
            diff[end - lo + 1] -= 1
    return np.cumsum(diff)[:-1]


def _runs(mask: np.ndarray, lo: int) -> list[tuple[int, int]]:
    """Maximal runs of True as inclusive (age, age) intervals."""
    runs, start = [], None
    for offset, value in enumerate(mask):
        if value and start is None:
            start = offset
        elif not value and start is not None:
            runs.append((lo + start, lo + offset - 1))
            start = None
    if start is not None:
        runs.append((lo + start, lo + len(mask) - 1))
    return runs


def uncovered_ages(agencies: list[Agency], span: tuple[int, int]) -> list[tuple[int, int]]:
    """Maximal age intervals inside the span that no agency serves."""
    return _runs(_served_counts(agencies, span) == 0, span[0])


def _gaps(agencies: list[Agency], boundaries: list[int], neighbours: dict[int, set[int]],
          referral_neighbours: dict[int, set[int]]) -> list[Gap]:
    gaps = []
    for b in boundaries:
        leaving = [i for i, a in enumerate(agencies) if a.age_max == b - 1]
        receiving = {i for i, a in enumerate(agencies) if a.serves(b)}
        by_kind: dict[str, list[str]] = defaultdict(list)
        if not receiving:
            by_kind["coverage"] = [agencies[i].id for i in leaving]
        else:
            for i in leaving:
                if referral_neighbours.get(i, set()) & receiving:
                    continue
                kind = "weak_handover" if neighbours.get(i, set()) & receiving else "handover"
                by_kind[kind].append(agencies[i].id)
        for kind in sorted(by_kind):
            if by_kind[kind]:
                gaps.append(Gap(b, kind, tuple(sorted(by_kind[kind]))))
    return gaps


# --------------------------------------------------------------------------- structure

def _link_graph(n: int, a: np.ndarray, b: np.ndarray) -> ig.Graph:
    """The undirected link graph in igraph: its algorithms run in C, which matters at prefecture scale."""
    return ig.Graph(n=n, edges=np.column_stack([a, b]).tolist())


def _betweenness(graph: ig.Graph, n: int) -> tuple[np.ndarray, int | None]:
    """Normalised betweenness; estimated from seeded sample sources above EXACT_BETWEENNESS_LIMIT agencies."""
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


def _sector_links(agencies: list[Agency], links: pd.DataFrame) -> tuple[list[dict], float | None]:
    sectors = [a.sector for a in agencies]
    codes, names = pd.factorize(pd.Series(sectors, dtype=object), sort=True)
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
    external = int(len(lo) - internal)
    total = external + internal
    ei = round((external - internal) / total, 4) if total else None
    return rows, ei


def _reciprocity(referrals: pd.DataFrame, n: int) -> float | None:
    """Share of directed referral pairs (a -> b) whose reverse (b -> a) also occurs."""
    if not len(referrals):
        return None
    src = referrals["src"].to_numpy(np.int64)
    dst = referrals["dst"].to_numpy(np.int64)
    pairs = np.unique(src * n + dst)
    reverse = (pairs % n) * n + pairs // n
    return round(float(np.isin(reverse, pairs).mean()), 4)


def analyze(snapshot: Snapshot) -> Analysis:
    """Analyze one snapshot.

    Examples
    --------
    >>> from hikinet_graph import load_network, take_snapshot
    >>> result = analyze(take_snapshot(load_network("data/city_b"), 0))  # doctest: +SKIP
    """
    network = snapshot.network
    agencies = network.agencies
    n = len(agencies)
    ids = [a.id for a in agencies]
    links = link_table(snapshot)
    span = network.config.span

    end_a = links["a"].to_numpy(np.int64)
    end_b = links["b"].to_numpy(np.int64)
    graph = _link_graph(n, end_a, end_b)
    referral = links["referral_link"].to_numpy(bool)
    degree = np.bincount(end_a, minlength=n) + np.bincount(end_b, minlength=n)
    referral_degree = np.bincount(end_a[referral], minlength=n) + np.bincount(end_b[referral], minlength=n)
    boundaries = age_boundaries(agencies, span, network.config.boundaries)
    # neighbour sets only for the agencies that leave at some boundary
    leaving = {i for i, ag in enumerate(agencies) if ag.age_max is not None and ag.age_max + 1 in boundaries}
    neighbours: dict[int, set[int]] = defaultdict(set)
    referral_neighbours: dict[int, set[int]] = defaultdict(set)
    if leaving:
        touch = np.isin(end_a, list(leaving)) | np.isin(end_b, list(leaving))
        for x, y, r in zip(end_a[touch].tolist(), end_b[touch].tolist(), referral[touch].tolist()):
            for one, other in ((x, y), (y, x)):
                if one in leaving:
                    neighbours[one].add(other)
                    if r:
                        referral_neighbours[one].add(other)

    isolated = sorted(ids[i] for i in np.flatnonzero(degree == 0))
    no_referral_mask = (degree > 0) & (referral_degree == 0)
    no_referral = sorted(ids[i] for i in np.flatnonzero(no_referral_mask))
    cut = sorted(ids[i] for i in graph.articulation_points())
    components = sorted((sorted(ids[i] for i in c) for c in graph.connected_components()),
                        key=lambda c: (-len(c), c))
    pairs = n * (n - 1) / 2
    gaps = _gaps(agencies, boundaries, neighbours, referral_neighbours)

    referrals = snapshot.referrals
    out_volume = np.bincount(referrals["src"].to_numpy(np.int64), weights=referrals["count"].to_numpy(), minlength=n)
    in_volume = np.bincount(referrals["dst"].to_numpy(np.int64), weights=referrals["count"].to_numpy(), minlength=n)
    betweenness, sample = _betweenness(graph, n)
    gap_kinds: dict[str, list[str]] = defaultdict(list)
    for gap in gaps:
        for agency in gap.agencies:
            gap_kinds[agency].append(f"{gap.boundary}:{gap.kind}")
    cut_set = set(cut)
    per_agency = pd.DataFrame({
        "id": ids,
        "name": [a.name for a in agencies],
        "sector": [a.sector for a in agencies],
        "age_min": [a.age_min for a in agencies],
        "age_max": pd.array([a.age_max for a in agencies], dtype="Int64"),
        "style": [a.style for a in agencies],
        "core": [a.core for a in agencies],
        "degree": degree,
        "referral_partners": referral_degree,
        "referrals_out": out_volume.astype(np.int64),
        "referrals_in": in_volume.astype(np.int64),
        "betweenness": np.round(betweenness, 4),
        "isolated": degree == 0,
        "no_referral": no_referral_mask,
        "cut": [i in cut_set for i in ids],
        "gaps": [" ".join(gap_kinds.get(ids[i], [])) for i in range(n)],
    }).set_index("id")

    sector_links, ei = _sector_links(agencies, links)
    served = _served_counts(agencies, span)
    accompanying = _served_counts(agencies, span, only=lambda a: a.style in ACCOMPANYING_STYLES)
    age_coverage = [{"age": span[0] + k, "agencies": int(served[k]), "accompaniment": int(accompanying[k])}
                    for k in range(len(served))]
    no_accompaniment = _runs((served > 0) & (accompanying == 0), span[0])
    counts = {
        "meetings": len(snapshot.meetings),
        "attendances": int(len(snapshot.attendance)),
        "referral_rows": int(len(referrals)),
        "referrals": int(referrals["count"].sum()),
        "relation_rows": int(len(snapshot.relations)),
        "referral_links": int(referral.sum()),
        "cross_sector_links": sum(r["links"] for r in sector_links if r["sectors"][0] != r["sectors"][1]),
    }
    return Analysis(
        round=snapshot.round,
        cutoff=snapshot.cutoff.isoformat() if snapshot.cutoff else None,
        span=span,
        agencies=n,
        links=int(len(links)),
        density=len(links) / pairs if pairs else 0.0,
        components=components,
        isolated=isolated,
        no_referral=no_referral,
        uncovered=uncovered_ages(agencies, span),
        gaps=gaps,
        cut_agencies=cut,
        boundaries=boundaries,
        per_agency=per_agency,
        sector_links=sector_links,
        ei_index=ei,
        reciprocity=_reciprocity(referrals, n),
        age_coverage=age_coverage,
        no_accompaniment=no_accompaniment,
        betweenness_sample=sample,
        counts=counts,
    )


def analyze_network(network: Network, round_: int | None = None) -> Analysis:
    """Shortcut: snapshot ``network`` as of ``round_`` and analyze it."""
    return analyze(take_snapshot(network, round_))
