"""Which links a large map draws: above :data:`EDGE_BUDGET` lines, each agency's strongest referral links.

vis-network slows down, and the picture turns into a hairball, well before a
prefecture's hundreds of thousands of links; what a coordinator reads at that
size is who works most with whom, and every linked agency keeps at least its
strongest link.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["EDGE_BUDGET", "LINE_KINDS", "line_count", "strongest", "link_strength", "strongest_referrals"]

# above this many lines a map draws only each agency's strongest referral links
EDGE_BUDGET = 6000
# the kinds of lines an agency map can draw, one per kind of link
LINE_KINDS = ("attendance", "relation", "referral")


def line_count(links: pd.DataFrame, kinds: tuple[str, ...] = LINE_KINDS) -> int:
    """How many lines a map of ``links`` (a link table) draws with these kinds: a referral line per direction."""
    count = 0
    if "attendance" in kinds:
        count += int((links["meetings"] > 0).sum())
    if "relation" in kinds:
        count += int((links["level"] > 0).sum())
    if "referral" in kinds:
        count += int((links["ref_ab"] > 0).sum() + (links["ref_ba"] > 0).sum())
    return count


def strongest(links: pd.DataFrame, weight: np.ndarray, budget: int) -> pd.DataFrame:
    """Each agency's strongest links by ``weight``, as many per agency as ``budget`` allows.

    A link stays when it ranks among the top k of either of its two agencies, with k
    lowered from 5 until the links fit; at k = 1 every linked agency keeps its strongest link.

    Parameters
    ----------
    links : DataFrame
        A link table (:func:`hikinet_graph.core.snapshot.link_table`).
    weight : ndarray
        One weight per row of ``links``; rows of weight 0 are left out.
    budget : int
        The most links wanted (at k = 1 it may still be exceeded).

    Returns
    -------
    DataFrame
        The rows kept, sorted by agency positions ``a``, ``b``.
    """
    present = weight > 0
    links, weight = links[present], weight[present]
    if len(links) <= budget:
        return links
    ranked = links.iloc[np.argsort(-weight, kind="stable")]
    rank_a = ranked.groupby("a").cumcount().to_numpy()
    rank_b = ranked.groupby("b").cumcount().to_numpy()
    best = np.minimum(rank_a, rank_b)
    for per_agency in (5, 4, 3, 2, 1):
        keep = best < per_agency
        if keep.sum() <= budget:
            break
    return ranked[keep].sort_values(["a", "b"])


def link_strength(links: pd.DataFrame) -> np.ndarray:
    """How strongly a pair is tied, for choosing what a large layout keeps: referrals, then survey, then meetings."""
    return (3.0 * (links["ref_ab"] + links["ref_ba"]) + links["level"] + 0.5 * links["meetings"]).to_numpy(float)


def strongest_referrals(links: pd.DataFrame) -> pd.DataFrame:
    """The referral links a large map of one round draws (the same in its network and age views)."""
    return strongest(links, (links["ref_ab"] + links["ref_ba"]).to_numpy(float), EDGE_BUDGET)
