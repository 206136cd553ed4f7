"""Who carries people across each age boundary: who leaves, who receives, who spans it, who actually did.

The seed's key finding is an agency that accompanies people across the age boundaries
(「年齢の境目で生まれるはざまを市内ひきこもり支援事業所が丁寧に伴走している」). A gap
says where a handover may fail; a crossing says who can and who did carry people over.
``client_age`` is used only for these counts; no person's age appears in any output.
Resources (places, employers) take no part. Rules: docs/analysis.md.

Examples
--------
>>> from hikinet_graph.examples import tiny_network
>>> from hikinet_graph import take_snapshot
>>> network = tiny_network()
>>> entry = boundary_crossings(network.agencies, [16], take_snapshot(network).referrals, window=2)[0]
>>> entry["leaving"], entry["receiving"], entry["spanning"]
(['school'], ['desk', 'youth'], ['desk'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import Agency
from .ages import ACCOMPANYING_STYLES

__all__ = ["boundary_crossings"]


_NO_UPPER_LIMIT = np.iinfo(np.int64).max


def _by_age(ages: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The rows whose age is known, ordered by age (positions in ``ages``), and their ages in that order."""
    known = np.flatnonzero(ages.notna().to_numpy())
    age = ages.fillna(-1).to_numpy(np.int64)[known]
    # any order of equal ages would do; the stable sort of 16-bit numbers (ages fit) is a fast radix sort
    small = not len(age) or (age.min() >= np.iinfo(np.int16).min and age.max() <= np.iinfo(np.int16).max)
    order = np.argsort(age.astype(np.int16) if small else age, kind="stable")
    return known[order], age[order]


class _Arrays:
    """The agencies' ages and styles, and the referral rows' columns, as arrays (built once per call).

    ``hi`` holds the largest int64 for "no upper limit", which no boundary reaches, so that
    ``service & (lo <= age <= hi)`` is "a service that serves ``age``". The referral rows of a
    known client age are kept sorted by that age, so that the rows near a boundary are one slice.
    ``ids`` are by position; ``by_id`` lists the positions as their ids sort.
    """

    def __init__(self, agencies: list[Agency], referrals: pd.DataFrame):
        self.n = len(agencies)
        ids = [a.id for a in agencies]
        self.ids = np.array(ids, dtype=object)
        self.by_id = np.array(sorted(range(self.n), key=ids.__getitem__), dtype=np.int64)
        self.id_rank = np.empty(self.n, dtype=np.int64)
        self.id_rank[self.by_id] = np.arange(self.n)
        self.lo = np.array([a.age_min for a in agencies], dtype=np.int64)
        self.hi = np.array([_NO_UPPER_LIMIT if a.age_max is None else a.age_max for a in agencies], dtype=np.int64)
        self.service = np.array([not a.resource for a in agencies], dtype=bool)
        self.accompanying = np.array([a.style in ACCOMPANYING_STYLES for a in agencies], dtype=bool)
        rows, self.age = _by_age(referrals["client_age"])
        self.src = referrals["src"].to_numpy(np.int64)[rows]
        self.dst = referrals["dst"].to_numpy(np.int64)[rows]
        self.count = referrals["count"].to_numpy(np.int64)[rows]

    def serving(self, age: int) -> np.ndarray:
        """Which agencies are services serving ``age``."""
        return self.service & (self.lo <= age) & (age <= self.hi)

    def near(self, b: int, window: int) -> slice:
        """The (sorted) rows whose client's age lies in [b − window, b + window − 1]."""
        return slice(np.searchsorted(self.age, b - window, "left"), np.searchsorted(self.age, b + window - 1, "right"))

    def sorted_ids(self, mask: np.ndarray) -> list[str]:
        """The ids of the agencies in ``mask``, sorted."""
        return self.ids[self.by_id[mask[self.by_id]]].tolist()


def _carriers(arrays: _Arrays, dst: np.ndarray, count: np.ndarray) -> list[dict]:
    """Each agency among ``dst`` with its summed ``count``: most first, then by id."""
    totals = np.zeros(arrays.n, dtype=np.int64)
    np.add.at(totals, dst, count)
    present = np.zeros(arrays.n, dtype=bool)
    present[dst] = True
    carriers = np.flatnonzero(present)
    carriers = carriers[np.lexsort((arrays.id_rank[carriers], -totals[carriers]))]
    return [{"agency": agency, "referrals": referrals} for agency, referrals in
            zip(arrays.ids[carriers].tolist(), totals[carriers].tolist())]


def _crossing(arrays: _Arrays, b: int, window: int) -> dict:
    """One boundary's entry (see :func:`boundary_crossings`)."""
    leaving = arrays.service & (arrays.hi == b - 1)
    receiving = arrays.serving(b)
    spanning = receiving & arrays.serving(b - 1)
    near = arrays.near(b, window)
    src, dst, count = arrays.src[near], arrays.dst[near], arrays.count[near]
    to_receiving = receiving[dst]
    handed_over = np.zeros(arrays.n, dtype=bool)
    handed_over[src[to_receiving]] = True
    return {
        "boundary": b,
        "leaving": arrays.sorted_ids(leaving),
        "receiving": arrays.sorted_ids(receiving),
        "spanning": arrays.sorted_ids(spanning),
        "spanning_accompaniment": arrays.sorted_ids(spanning & arrays.accompanying),
        "near_referrals": int(count.sum()),
        "carriers": _carriers(arrays, dst[to_receiving], count[to_receiving]),
        "handed_over": arrays.sorted_ids(handed_over & leaving),
    }


def boundary_crossings(agencies: list[Agency], boundaries: list[int], referrals: pd.DataFrame,
                       window: int) -> list[dict]:
    """One entry per examined boundary b (sorted), from a snapshot's referral rows.

    Parameters
    ----------
    agencies : list of Agency
        In agencies.csv order (referral rows hold positions in it); resources take no part.
    boundaries : list of int
        The boundaries examined (the analysis's ``boundaries``).
    referrals : DataFrame
        The snapshot's referral rows (``src``, ``dst``, ``count``, ``client_age``).
    window : int
        w: a row is near b when its client's age is known and lies in [b − w, b + w − 1].

    Returns
    -------
    list of dict
        ``boundary``; ``leaving`` (age_max == b − 1); ``receiving`` (serving age b);
        ``spanning`` (serving b − 1 and b) and ``spanning_accompaniment`` (those of an
        accompanying style); ``near_referrals`` (referrals near b, a resource at either end
        included); ``carriers`` (receiving agencies that are the ``to`` of near rows, with
        their referrals, most first, then by id); ``handed_over`` (leaving agencies that are
        the ``from`` of a near row to a receiving agency).

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> from hikinet_graph import take_snapshot
    >>> network = tiny_network()
    >>> rows = take_snapshot(network).referrals.assign(client_age=pd.array([15, 41], dtype="Int64"))
    >>> entry = boundary_crossings(network.agencies, [16, 40], rows, window=2)
    >>> entry[0]["near_referrals"], entry[0]["carriers"], entry[0]["handed_over"]
    (2, [{'agency': 'youth', 'referrals': 2}], ['school'])
    >>> entry[1]["carriers"], entry[1]["handed_over"]
    ([{'agency': 'desk', 'referrals': 1}], ['youth'])
    """
    if not boundaries:
        return []
    arrays = _Arrays(agencies, referrals)
    return [_crossing(arrays, b, window) for b in sorted(boundaries)]
