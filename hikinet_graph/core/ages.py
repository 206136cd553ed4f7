"""The age rules: boundaries, gaps at each boundary, ages nobody serves, and who accompanies each age.

Every rule is written down in docs/analysis.md. The examples use the tiny folder of
:mod:`hikinet_graph.examples` (school 6–15, youth 16–39, desk all ages, farm 18–64,
clinic 40–64).

Examples
--------
>>> from hikinet_graph.examples import tiny_network
>>> network = tiny_network()
>>> age_boundaries(network.agencies, (6, 99))
[16, 40, 65]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from ..model import Agency

__all__ = ["Gap", "GAP_KINDS", "ACCOMPANYING_STYLES", "age_boundaries", "uncovered_ages", "find_gaps",
           "age_coverage", "served_counts"]

GAP_KINDS = ("coverage", "handover", "weak_handover")
ACCOMPANYING_STYLES = ("accompaniment", "both")


@dataclass(frozen=True, order=True)
class Gap:
    """At age ``boundary`` (leaving b-1, entering b) agencies whose clients may fall through.

    ``kind`` is ``coverage`` (no agency serves age b), ``handover`` (the leaving agency
    has no link to any agency serving b) or ``weak_handover`` (linked, but no referral link).
    """

    boundary: int
    kind: str
    agencies: tuple[str, ...]

    def to_dict(self) -> dict:
        """The JSON form: ``{"boundary", "kind", "agencies"}``."""
        return {"boundary": self.boundary, "kind": self.kind, "agencies": list(self.agencies)}


def age_boundaries(agencies: list[Agency], span: tuple[int, int], extra: tuple[int, ...] = ()) -> list[int]:
    """Every ``age_max + 1`` with both sides inside the span, plus configured extra boundaries.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> age_boundaries(tiny_network().agencies, (6, 30), extra=(50,))
    [16, 50]
    """
    lo, hi = span
    found = {a.age_max + 1 for a in agencies if a.age_max is not None and lo <= a.age_max and a.age_max + 1 <= hi}
    return sorted(found | set(extra))


def served_counts(agencies: list[Agency], span: tuple[int, int], only=None) -> np.ndarray:
    """How many agencies serve each age of the span (blank ages: every age); ``only`` filters agencies."""
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
    """Maximal age intervals inside the span that no agency serves.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> school, youth = tiny_network().agencies[:2]
    >>> uncovered_ages([school, youth], (6, 99))
    [(40, 99)]
    """
    return _runs(served_counts(agencies, span) == 0, span[0])


def find_gaps(agencies: list[Agency], boundaries: list[int], neighbours: dict[int, set[int]],
              referral_neighbours: dict[int, set[int]]) -> list[Gap]:
    """The gaps at each boundary, by kind, sorted by boundary then kind.

    Parameters
    ----------
    agencies : list of Agency
        In agencies.csv order; ``neighbours`` and ``referral_neighbours`` use positions in it.
        Resources are never leaving or receiving.
    boundaries : list of int
        The boundaries examined (:func:`age_boundaries`).
    neighbours, referral_neighbours : dict
        For each leaving agency, the positions it is linked to, and linked to by a referral link.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> agencies = tiny_network().agencies        # school 0, youth 1, desk 2, farm 3, clinic 4
    >>> find_gaps(agencies, [16, 40], neighbours={0: {1}, 1: {2}}, referral_neighbours={0: {1}})
    [Gap(boundary=40, kind='weak_handover', agencies=('youth',))]
    """
    gaps = []
    for b in boundaries:
        leaving = [i for i, a in enumerate(agencies) if not a.resource and a.age_max == b - 1]
        receiving = {i for i, a in enumerate(agencies) if not a.resource and a.serves(b)}
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


def age_coverage(agencies: list[Agency], span: tuple[int, int]) -> tuple[list[dict], list[tuple[int, int]]]:
    """Per age: how many agencies serve it and how many of them accompany; and the ages nobody accompanies.

    Returns
    -------
    coverage : list of dict
        ``{"age", "agencies", "accompaniment"}`` for every age of the span.
    no_accompaniment : list of (int, int)
        Maximal intervals that some agency serves but none with an accompanying style (伴走型 or both).

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> coverage, gaps = age_coverage(tiny_network().agencies[:1], (6, 20))
    >>> coverage[0], gaps
    ({'age': 6, 'agencies': 1, 'accompaniment': 0}, [(6, 15)])
    """
    served = served_counts(agencies, span)
    accompanying = served_counts(agencies, span, only=lambda a: a.style in ACCOMPANYING_STYLES)
    coverage = [{"age": span[0] + k, "agencies": int(served[k]), "accompaniment": int(accompanying[k])}
                for k in range(len(served))]
    return coverage, _runs((served > 0) & (accompanying == 0), span[0])

