"""The one change model, first → last: gaps closed, opened or changed in kind, agencies entering or leaving isolation,
and agencies finding their first working tie (紹介・協働).

A summary sentence and the tables under it are rendered from the same :class:`Change`,
so their counts cannot disagree. Gaps are compared per (boundary, agency): a gap
whose kind changed (handover → weak_handover, say) is neither closed nor opened.

Examples
--------
>>> from hikinet_graph.core.compare import Side, compare
>>> from hikinet_graph.examples import tiny_network
>>> from hikinet_graph import analyze, take_snapshot
>>> network = tiny_network()
>>> def side(r):
...     snapshot = take_snapshot(network, r)
...     return Side(f"@{r}", "tiny", r, network, snapshot, analyze(snapshot))
>>> change = change_between(compare(side(1), side(None)))
>>> len(change.closed), len(change.opened), len(change.changed)
(1, 0, 1)
>>> change.first_working
['desk']
>>> change.changed[0]["agency"], change.changed[0]["before"], change.changed[0]["after"]
('farm', 'handover', 'weak_handover')
"""

from __future__ import annotations

from dataclasses import dataclass

from .compare import Comparison

__all__ = ["Change", "change_between"]


@dataclass(frozen=True)
class Change:
    """What changed from one snapshot to another, as the report tells it.

    ``closed`` and ``opened`` hold ``{"boundary", "agency", "kind"}``; ``changed`` holds
    ``{"boundary", "agency", "before", "after"}`` (the kinds). The isolation lists are sorted ids:
    ``left_isolation`` / ``newly_isolated`` / ``still_isolated`` over the acquaintance layer (met nobody),
    ``first_working`` / ``lost_working`` over the working layer (no referral and no relation of level 3 or
    more): agencies with no working tie before and one after, and the other way round.
    """

    closed: list[dict]
    opened: list[dict]
    changed: list[dict]
    left_isolation: list[str]
    newly_isolated: list[str]
    still_isolated: list[str]
    first_working: list[str]
    lost_working: list[str]


def change_between(comparison: Comparison) -> Change:
    """The change model of a comparison: each (boundary, agency) gap is closed, opened or changed once."""
    closed = {(g["boundary"], g["agency"]): g for g in comparison.gaps_closed}
    opened = {(g["boundary"], g["agency"]): g for g in comparison.gaps_opened}
    both = set(closed) & set(opened)
    before = set(comparison.before.analysis.isolated)
    after = set(comparison.after.analysis.isolated)
    apart_before = set(comparison.before.analysis.layers["working"].isolated)
    apart_after = set(comparison.after.analysis.layers["working"].isolated)
    after_ids = set(comparison.after.network.ids)
    return Change(
        # in the comparison's order: boundary, kind, agency
        closed=[g for g in comparison.gaps_closed if (g["boundary"], g["agency"]) not in both],
        opened=[g for g in comparison.gaps_opened if (g["boundary"], g["agency"]) not in both],
        changed=[{"boundary": b, "agency": a, "before": closed[(b, a)]["kind"], "after": opened[(b, a)]["kind"]}
                 for b, a in sorted(both)],
        left_isolation=list(comparison.resolved_isolated),
        newly_isolated=list(comparison.new_isolated),
        still_isolated=sorted(before & after),
        first_working=sorted((apart_before - apart_after) & after_ids),
        lost_working=sorted(apart_after - apart_before),
    )
