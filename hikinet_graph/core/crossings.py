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


def _near(referrals: pd.DataFrame, b: int, window: int) -> pd.DataFrame:
    """The referral rows whose client's age is known and lies in [b − window, b + window − 1]."""
    ages = referrals["client_age"]
    known = ages.notna().to_numpy()
    values = ages.fillna(-1).to_numpy(np.int64)
    return referrals[known & (values >= b - window) & (values <= b + window - 1)]


def _crossing(agencies: list[Agency], b: int, referrals: pd.DataFrame, window: int) -> dict:
    """One boundary's entry (see :func:`boundary_crossings`)."""
    services = [(i, a) for i, a in enumerate(agencies) if not a.resource]
    leaving = {i for i, a in services if a.age_max == b - 1}
    receiving = {i for i, a in services if a.serves(b)}
    spanning = [a for i, a in services if a.serves(b - 1) and a.serves(b)]
    near = _near(referrals, b, window)
    src, dst = near["src"].to_numpy(np.int64), near["dst"].to_numpy(np.int64)
    count = near["count"].to_numpy(np.int64)
    to_receiving = np.isin(dst, list(receiving))
    carried: dict[int, int] = {}
    for k, c in zip(dst[to_receiving].tolist(), count[to_receiving].tolist()):
        carried[k] = carried.get(k, 0) + c
    ids = [a.id for a in agencies]
    return {
        "boundary": b,
        "leaving": sorted(ids[i] for i in leaving),
        "receiving": sorted(ids[i] for i in receiving),
        "spanning": sorted(a.id for a in spanning),
        "spanning_accompaniment": sorted(a.id for a in spanning if a.style in ACCOMPANYING_STYLES),
        "near_referrals": int(count.sum()),
        "carriers": [{"agency": ids[k], "referrals": v}
                     for k, v in sorted(carried.items(), key=lambda kv: (-kv[1], ids[kv[0]]))],
        "handed_over": sorted({ids[k] for k in src[to_receiving].tolist() if k in leaving}),
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
    return [_crossing(agencies, b, referrals, window) for b in sorted(boundaries)]
