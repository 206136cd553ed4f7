"""One round as the maps and the report show it, built once and handed to every view of that round."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..core.analysis import Analysis, analyze
from ..core.public import INTERNAL, Disclosure, PublicCounts
from ..core.snapshot import Snapshot, link_table
from ..model import Network
from .thinning import EDGE_BUDGET, line_count, strongest_referrals
from .tooltips import agency_tooltips

__all__ = ["RoundView", "round_view"]


@dataclass(frozen=True, eq=False)
class RoundView:
    """A snapshot with everything its pages share, computed once.

    Attributes
    ----------
    snapshot : Snapshot
        The network as of the round.
    analysis : Analysis
        Its analysis.
    disclosure : Disclosure
        Internal, or public with a threshold.
    counts : PublicCounts or None
        The snapshot's referral counts as a public page shows them (None: internal, counts as they are).
    lang : str
        The language of ``tooltips``.

    The agency-level views' data (``tooltips``, ``strongest``, ``rows``) are worked out when first
    asked for: a large network's earlier rounds draw only the area view, which needs none of them.
    """

    snapshot: Snapshot
    analysis: Analysis
    disclosure: Disclosure
    counts: PublicCounts | None
    lang: str

    @cached_property
    def rows(self) -> dict[str, dict]:
        """Agency id → its analysis row as the maps read it: ``cut`` marks a cut agency of the working
        ties (the headline layer), not of every acquaintance."""
        working_cut = set(self.analysis.layers["working"].cut_agencies)
        return {i: dict(row, cut=i in working_cut) for i, row in self.analysis.records.items()}

    @cached_property
    def tooltips(self) -> dict[str, str]:
        """Agency id → tooltip text (the network and age views show the same)."""
        return agency_tooltips(self.network, self.rows, self.lang, self.counts)

    @cached_property
    def strongest(self) -> pd.DataFrame | None:
        """The referral links a large map draws (the same in both views); None when every line fits."""
        links = link_table(self.snapshot)
        return strongest_referrals(links) if line_count(links) > EDGE_BUDGET else None

    @property
    def network(self) -> Network:
        """The folder the snapshot was taken of."""
        return self.snapshot.network

    @property
    def round(self) -> int | None:
        """The round (None: all data)."""
        return self.snapshot.round


def round_view(snapshot: Snapshot, analysis: Analysis | None = None, lang: str = "ja",
               disclosure: Disclosure = INTERNAL) -> RoundView:
    """Build the :class:`RoundView` of ``snapshot``.

    Parameters
    ----------
    snapshot : Snapshot
        The network as of one round.
    analysis : Analysis, optional
        Its analysis, when already computed.
    lang : str
        ``"ja"`` or ``"en"``.
    disclosure : Disclosure
        :data:`~hikinet_graph.core.public.INTERNAL` or a public disclosure.

    Returns
    -------
    RoundView
    """
    analysis = analysis or analyze(snapshot)
    counts = disclosure.counts(snapshot) if disclosure.public else None
    return RoundView(snapshot, analysis, disclosure, counts, lang)
