"""Suggested introductions for the next meeting: a partner for every gap and for every agency outside the working network.

The case studies' core members spend their working groups deciding whom to approach and what to ask
(「今後連携を推進していきたい関係機関を絞り込み、働きかけていく内容が整理された」). This module turns
the analysis into that list, by fixed rules written down in docs/agenda.md:

- ``handover`` / ``weak_handover``: for each leaving agency of such a gap at boundary b, the
  receiving agencies at b, acquainted first, then accompanying, then starting at b, then by shared
  working partners, then by id; the first three are suggested;
- ``outside_working``: for each service with no working tie, in id order, the agencies whose ages
  overlap its own (all others when none does), acquainted first, then by shared acquaintances, then
  those in the working network, then by id; of the first three, a pair already suggested for an
  earlier agency is not listed again.

Pairs that already work together, and the settings' excluded pairs, are never suggested. A
``coverage`` gap has no partner to suggest: :func:`coverage_topics` makes it a question for the meeting.

Examples
--------
>>> from hikinet_graph.examples import tiny_network
>>> from hikinet_graph import analyze_network
>>> for s in analyze_network(tiny_network()).suggestions:
...     print(s["reason"], s["boundary"], s["agency"], "->", s["partner"], s["rank"], s["because"])
handover 65 clinic -> desk 1 ['accompaniment']
weak_handover 65 farm -> desk 1 ['met', 'accompaniment']
outside_working None clinic -> desk 1 ['in_working_network']
outside_working None clinic -> farm 2 []
outside_working None farm -> desk 1 ['met', 'in_working_network']
outside_working None farm -> youth 2 ['shared_acquaintances:1', 'in_working_network']

The pair clinic–farm, suggested for clinic, is not listed again for farm.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import Agency
from .ages import ACCOMPANYING_STYLES, Gap
from .layers import layer_masks

__all__ = ["FACTS", "REASONS", "SUGGESTED", "coverage_topics", "fact_count", "suggest_introductions"]

REASONS = ("handover", "weak_handover", "outside_working")
# how many partners are suggested per agency, reason and boundary
SUGGESTED = 3
# the words of ``because``; the two with ":N" carry a count
FACTS = ("met", "accompaniment", "starts_at_boundary", "shared_partners", "shared_acquaintances",
         "in_working_network", "no_age_overlap")


class _Neighbours:
    """Each agency's neighbours over some pairs, as one array ordered by agency (compressed rows).

    ``self[a]`` is agency ``a``'s neighbours (a view), in the order of the pairs given.
    """

    def __init__(self, n: int, end_a: np.ndarray, end_b: np.ndarray):
        src, dst = np.concatenate([end_a, end_b]), np.concatenate([end_b, end_a])
        # positions of fewer than 2**15 agencies sort stably as 16-bit numbers, by a fast radix sort
        order = np.argsort(src.astype(np.int16) if n < 2 ** 15 else src, kind="stable")
        self.targets = dst[order]
        self.degree = np.bincount(src, minlength=n)
        self.starts = np.concatenate([[0], np.cumsum(self.degree)]).tolist()

    def __getitem__(self, a: int) -> np.ndarray:
        return self.targets[self.starts[a]:self.starts[a + 1]]


class _Ties:
    """Who is acquainted with whom, who works with whom, and what each agency is, as arrays by position."""

    def __init__(self, agencies: list[Agency], links: pd.DataFrame, exclude):
        n = self.n = len(agencies)
        self.ids = [a.id for a in agencies]
        self.id_rank = np.empty(n, dtype=np.int64)
        self.id_rank[sorted(range(n), key=self.ids.__getitem__)] = np.arange(n)
        self.lo = np.array([a.age_min for a in agencies], dtype=np.int64)
        no_upper_limit = np.iinfo(np.int64).max
        self.hi = np.array([no_upper_limit if a.age_max is None else a.age_max for a in agencies], dtype=np.int64)
        self.accompanying = np.array([a.style in ACCOMPANYING_STYLES for a in agencies], dtype=bool)
        self.service = np.array([not a.resource for a in agencies], dtype=bool)
        end_a, end_b = links["a"].to_numpy(np.int64), links["b"].to_numpy(np.int64)
        working = layer_masks(links)["working"]
        self.neighbours = {"met": _Neighbours(n, end_a, end_b),
                           "works": _Neighbours(n, end_a[working], end_b[working])}
        self.in_working = self.neighbours["works"].degree > 0
        index = self.index = {agency_id: k for k, agency_id in enumerate(self.ids)}
        self.excluded: dict[int, set[int]] = {}
        for x, y in exclude:  # ids were checked when reading
            if x in index and y in index and x != y:
                self.excluded.setdefault(index[x], set()).add(index[y])
                self.excluded.setdefault(index[y], set()).add(index[x])

    def mask(self, a: int, layer: str) -> np.ndarray:
        """Which agencies are ``a``'s neighbours in ``layer`` (``met`` or ``works``)."""
        out = np.zeros(self.n, dtype=bool)
        out[self.neighbours[layer][a]] = True
        return out

    def shared(self, a: int, layer: str) -> np.ndarray:
        """For every agency, how many neighbours in ``layer`` it shares with ``a``."""
        arrays = self.neighbours[layer]
        if not len(arrays[a]):
            return np.zeros(self.n, dtype=np.int64)
        counts = np.bincount(np.concatenate([arrays[c] for c in arrays[a].tolist()]), minlength=self.n)
        counts[a] = 0  # a is every neighbour's neighbour
        return counts

    def candidates(self, a: int, pool: np.ndarray) -> np.ndarray:
        """``pool`` without ``a`` itself, its working partners and its excluded partners."""
        pool = pool.copy()
        pool[a] = False
        pool[self.neighbours["works"][a]] = False
        pool[list(self.excluded.get(a, ()))] = False
        return pool


def _first(candidates: np.ndarray, keys: list[tuple[np.ndarray, int]]) -> list[int]:
    """The first :data:`SUGGESTED` candidates by ``keys`` ((values, bound) pairs, most significant first).

    The keys make one integer (the last, the id's rank, is unique), so that a partial sort finds the
    few: with thousands of agencies, sorting every candidate of every agency would dominate a report.
    """
    chosen = np.flatnonzero(candidates)
    key = np.zeros(len(chosen), dtype=np.int64)
    for values, bound in keys:
        key = key * bound + values[chosen].astype(np.int64)
    if len(chosen) > SUGGESTED:
        keep = np.argpartition(key, SUGGESTED - 1)[:SUGGESTED]
        chosen, key = chosen[keep], key[keep]
    return chosen[np.argsort(key)].tolist()


def _entry(reason: str, boundary: int | None, agency: str, partner: str, rank: int, because: list[str]) -> dict:
    return {"agency": agency, "partner": partner, "reason": reason, "boundary": boundary, "rank": rank,
            "because": because}


def _handover(gap: Gap, ties: _Ties) -> list[dict]:
    """The suggestions for each leaving agency of one handover or weak-handover gap."""
    b, n = gap.boundary, ties.n
    receiving = ties.service & (ties.lo <= b) & (b <= ties.hi)
    starts = ties.lo == b
    out = []
    for agency_id in gap.agencies:
        a = ties.index[agency_id]
        met, shared = ties.mask(a, "met"), ties.shared(a, "works")
        picked = _first(ties.candidates(a, receiving), [(~met, 2), (~ties.accompanying, 2), (~starts, 2),
                                                        (n - shared, n + 1), (ties.id_rank, n)])
        for rank, c in enumerate(picked, start=1):
            because = (["met"] * bool(met[c]) + ["accompaniment"] * bool(ties.accompanying[c])
                       + ["starts_at_boundary"] * bool(starts[c])
                       + ([f"shared_partners:{shared[c]}"] if shared[c] else []))
            out.append(_entry(gap.kind, b, agency_id, ties.ids[c], rank, because))
    return out


def _outside_working(ties: _Ties) -> list[dict]:
    """The suggestions for every service with no working tie, in id order (see the module docstring)."""
    n = ties.n
    suggested: set[frozenset[int]] = set()
    out = []
    for a in sorted(np.flatnonzero(ties.service & ~ties.in_working).tolist(), key=lambda k: ties.ids[k]):
        overlapping = (ties.lo <= ties.hi[a]) & (ties.lo[a] <= ties.hi)
        overlapping[a] = False
        no_overlap = not overlapping.any()
        met, shared = ties.mask(a, "met"), ties.shared(a, "met")
        pool = np.ones(n, dtype=bool) if no_overlap else overlapping
        picked = _first(ties.candidates(a, pool), [(~met, 2), (n - shared, n + 1), (~ties.in_working, 2),
                                                   (ties.id_rank, n)])
        rank = 0
        for c in picked:
            if frozenset((a, c)) in suggested:
                continue
            suggested.add(frozenset((a, c)))
            rank += 1
            because = (["met"] * bool(met[c]) + ([f"shared_acquaintances:{shared[c]}"] if shared[c] else [])
                       + ["in_working_network"] * bool(ties.in_working[c]) + ["no_age_overlap"] * no_overlap)
            out.append(_entry("outside_working", None, ties.ids[a], ties.ids[c], rank, because))
    return out


def suggest_introductions(agencies: list[Agency], gaps: list[Gap], links: pd.DataFrame,
                          exclude=()) -> list[dict]:
    """The suggested introductions of one snapshot (docs/agenda.md, docs/json.md ``suggestions``).

    Parameters
    ----------
    agencies : list of Agency
        In agencies.csv order (the link table holds positions in it).
    gaps : list of Gap
        The snapshot's gaps; ``coverage`` gaps get no partner.
    links : DataFrame
        The snapshot's link table (:func:`~hikinet_graph.core.snapshot.link_table`).
    exclude : iterable of (str, str)
        Pairs of ids never suggested to each other (``exclude`` of hikinet.toml or the 設定 sheet).

    Returns
    -------
    list of dict
        ``{"agency", "partner", "reason", "boundary", "rank", "because"}``, ordered by reason
        (:data:`REASONS`), boundary, agency id and rank.
    """
    ties = _Ties(agencies, links, exclude)
    out = [s for gap in gaps if gap.kind in REASONS for s in _handover(gap, ties)]
    out += _outside_working(ties)
    return sorted(out, key=lambda s: (REASONS.index(s["reason"]), -1 if s["boundary"] is None else s["boundary"],
                                      s["agency"], s["rank"]))


def fact_count(because: list[str], fact: str) -> int:
    """The N of ``fact:N`` in a suggestion's ``because`` (0 when it is not there).

    Examples
    --------
    >>> fact_count(["met", "shared_partners:2"], "shared_partners"), fact_count(["met"], "shared_partners")
    (2, 0)
    """
    for word in because:
        if word.startswith(fact + ":"):
            return int(word.split(":", 1)[1])
    return 0


def _serving(services: list[Agency], age: int) -> list[str]:
    return sorted(a.id for a in services if a.serves(age))


def coverage_topics(agencies: list[Agency], gaps: list[Gap], uncovered: list[tuple[int, int]],
                    span: tuple[int, int]) -> list[dict]:
    """The ages nobody serves, as questions for the meeting ("no agency serves ages 40–49: who could?").

    One topic per uncovered interval of the span, and one per ``coverage`` gap whose boundary lies
    outside the span (an extra boundary). Each is ``{"ages": (lo, hi or None), "boundary": b or None,
    "leaving": [id], "below": [id], "above": [id]}``: the coverage gap that starts it and its leaving
    agencies, and the services of the ages just below ``lo`` and just above ``hi``. Resources serve no ages here.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> school, youth = tiny_network().agencies[:2]
    >>> coverage_topics([school, youth], [Gap(40, "coverage", ("youth",))], [(40, 99)], (6, 99))
    [{'ages': (40, None), 'boundary': 40, 'leaving': ['youth'], 'below': ['youth'], 'above': []}]
    """
    services = [a for a in agencies if not a.resource]
    coverage = {g.boundary: g for g in gaps if g.kind == "coverage"}
    intervals = [(lo, hi) for lo, hi in uncovered]
    for b in sorted(coverage):
        if not any(lo <= b <= hi for lo, hi in intervals):  # an extra boundary outside the span
            below = [a.age_max for a in services if a.age_max is not None and a.age_max < b]
            above = [a.age_min for a in services if a.age_min > b]
            intervals.append((max(below, default=b - 1) + 1, min(above) - 1 if above else None))
    topics = []
    for lo, hi in sorted(intervals, key=lambda r: r[0]):
        if hi is not None and hi >= span[1] and not _serving(services, hi + 1):
            hi = None  # nobody serves the ages above the span either: no upper end to name
        gap = next((coverage[b] for b in sorted(coverage) if lo <= b and (hi is None or b <= hi)), None)
        topics.append({"ages": (lo, hi), "boundary": gap.boundary if gap else None,
                       "leaving": list(gap.agencies) if gap else [], "below": _serving(services, lo - 1),
                       "above": [] if hi is None else _serving(services, hi + 1)})
    return topics
