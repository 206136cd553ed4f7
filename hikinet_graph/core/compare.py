"""Before/after comparison of two snapshots: rounds of one folder, or two data sets.

A side is written ``FOLDER`` (all data) or ``FOLDER@R`` (the snapshot as of
round R). Agencies are matched by id; the two sides may list different agencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Network
from ..read.load import load_network
from .analysis import Analysis, analyze
from .snapshot import Snapshot, link_table, take_snapshot

__all__ = ["Side", "Comparison", "parse_side", "load_side", "compare", "compare_specs", "HEADLINE_METRICS"]

_SIDE = re.compile(r"^(?P<path>.+)@(?P<round>-?\d+)$")

# name -> how to read it from an Analysis
HEADLINE_METRICS = {
    "agencies": lambda r: r.agencies,
    "links": lambda r: r.links,
    "referral_links": lambda r: r.counts["referral_links"],
    "density": lambda r: r.density,
    "components": lambda r: len(r.components),
    "isolated": lambda r: len(r.isolated),
    "no_referral": lambda r: len(r.no_referral),
    "gaps": lambda r: sum(len(g.agencies) for g in r.gaps),
    "cut_agencies": lambda r: len(r.cut_agencies),
    "cross_sector_links": lambda r: r.counts["cross_sector_links"],
    "referrals": lambda r: r.counts["referrals"],
}


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
        return _pairs(self.snapshot)


def parse_side(spec: str) -> tuple[str, int | None]:
    """``"data/city@4"`` → ``("data/city", 4)``; a plain folder → ``(folder, None)``.

    A folder whose own name ends in ``@digits`` is taken as it is when it exists.
    """
    match = _SIDE.match(spec)
    if match and not Path(spec).exists():
        return match.group("path"), int(match.group("round"))
    return spec, None


def load_side(spec: str, network: Network | None = None) -> Side:
    path, round_ = parse_side(spec)
    network = network or load_network(path)
    snapshot = take_snapshot(network, round_)
    return Side(spec, path, round_, network, snapshot, analyze(snapshot))


def _pairs(snapshot: Snapshot) -> set[tuple[str, str]]:
    links = link_table(snapshot)
    ids = snapshot.network.ids
    return {tuple(sorted((ids[a], ids[b]))) for a, b in zip(links["a"].tolist(), links["b"].tolist())}


def _gap_entries(result: Analysis) -> set[tuple[int, str, str]]:
    return {(g.boundary, g.kind, agency) for g in result.gaps for agency in g.agencies}


@dataclass
class Comparison:
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


def _delta(before: float | int, after: float | int) -> float | int:
    value = after - before
    return round(value, 10) if isinstance(value, float) else value


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
    cross = [{"link": list(p), "sectors": sorted((sector[p[0]], sector[p[1]]))}
             for p in added if sector[p[0]] and sector[p[1]] and sector[p[0]] != sector[p[1]]]
    metrics = {}
    for name, read in HEADLINE_METRICS.items():
        b, a = read(before.analysis), read(after.analysis)
        metrics[name] = {"before": b, "after": a, "delta": _delta(b, a)}
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


def compare_specs(before: str, after: str) -> Comparison:
    """Compare two sides given as ``FOLDER`` or ``FOLDER@R``; one folder is loaded once."""
    before_path, _ = parse_side(before)
    after_path, _ = parse_side(after)
    left = load_side(before)
    same = Path(before_path).resolve() == Path(after_path).resolve()
    right = load_side(after, left.network if same else None)
    return compare(left, right)
