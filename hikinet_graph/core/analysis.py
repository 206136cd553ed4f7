"""Analysis of one snapshot: isolated agencies, age-boundary gaps, structure, brokers and sector ties.

Every rule is written down in docs/analysis.md; the keys of :meth:`Analysis.to_dict`
are the public JSON contract of ``hikinet analyze --format json``. The age rules live
in :mod:`.ages`, the graph measures in :mod:`.structure`; this module puts them together.

Examples
--------
The tiny folder of :mod:`hikinet_graph.examples` after both meetings:

>>> from hikinet_graph.examples import tiny_network
>>> result = analyze_network(tiny_network())
>>> result.isolated, result.no_referral, result.cut_agencies
(['clinic'], ['farm'], ['desk'])
>>> [(g.boundary, g.kind, g.agencies) for g in result.gaps]
[(65, 'handover', ('clinic',)), (65, 'weak_handover', ('farm',))]
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..model import Agency, Network
from .ages import (
    ACCOMPANYING_STYLES,
    GAP_KINDS,
    Gap,
    age_boundaries,
    age_coverage,
    find_gaps,
    uncovered_ages,
)
from .attendance import round_attendance
from .crossings import boundary_crossings
from .background import second_core_free
from .layers import Layer, betweenness_elsewhere, relationship_layers
from .snapshot import Snapshot, link_table, take_snapshot
from .structure import (
    EXACT_BETWEENNESS_LIMIT,
    reciprocity,
    sector_links,
)
from .suggestions import suggest_introductions

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

@dataclass
class Analysis:
    """The analysis of one snapshot; :meth:`to_dict` is the JSON contract (docs/json.md)."""

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
    layers: dict[str, Layer] = field(default_factory=dict)
    attendance: dict = field(default_factory=dict)
    crossings: list[dict] = field(default_factory=list)
    suggestions: list[dict] = field(default_factory=list)

    @functools.cached_property
    def rows(self) -> list[dict]:
        """``per_agency`` as plain Python dicts (with ``id``), in agencies.csv order; converted once."""
        frame = self.per_agency.reset_index()
        keys, columns = frame.columns.tolist(), [_plain(frame.iloc[:, k]) for k in range(frame.shape[1])]
        return [dict(zip(keys, cells)) for cells in zip(*columns)]

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
            "layers": {name: layer.to_dict() for name, layer in self.layers.items()},
            "attendance": self.attendance,
            "crossings": self.crossings,
            "suggestions": self.suggestions,
        }

    def brokers(self, top: int = 5) -> list[dict]:
        """Agencies that most often lie on shortest paths between others (the acquaintance layer's brokers)."""
        return self.layers["acquainted"].brokers(top)


def _plain(column: pd.Series) -> list:
    """A column's cells as plain Python values, NaN and NA as None, so that rows serialise as JSON.

    The values ``to_dict(orient="records")`` gives, numpy scalars made Python ones: numbers, flags
    and strings at array speed, a column of any other type cell by cell.
    """
    dtype, cells, missing = column.dtype, None, ()
    if isinstance(dtype, np.dtype) and dtype.kind in "biuf":
        cells = column.to_numpy().tolist()
        missing = np.isnan(column.to_numpy()) if dtype.kind == "f" else ()
    elif isinstance(dtype, pd.Int64Dtype):
        cells, missing = column.to_numpy(np.int64, na_value=0).tolist(), column.isna().to_numpy()
    elif isinstance(dtype, pd.StringDtype):
        cells = column.to_numpy(dtype=object).tolist()
        cells = cells if set(map(type, cells)) <= {str} else None  # else NaN, or numpy strings
    if cells is None:
        cells = [_plain_cell(cell) for cell in column.to_frame("v").to_dict(orient="records")]
    for k in np.flatnonzero(missing).tolist():
        cells[k] = None
    return cells


def _plain_cell(record: dict) -> object:
    """The cell of a one-column record: numpy scalars to Python ones, NaN to None."""
    value = record["v"]
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and np.isnan(value) else value


def _neighbours_of_leaving(agencies: list[Agency], boundaries: list[int], end_a: np.ndarray, end_b: np.ndarray,
                           referral: np.ndarray) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """For each agency that leaves at some boundary: its linked agencies, and those linked by referral."""
    leaving = [i for i, ag in enumerate(agencies)
               if not ag.resource and ag.age_max is not None and ag.age_max + 1 in boundaries]
    neighbours: dict[int, set[int]] = defaultdict(set)
    referral_neighbours: dict[int, set[int]] = defaultdict(set)
    if leaving:
        is_leaving = np.zeros(len(agencies), dtype=bool)
        is_leaving[leaving] = True
        # every link seen from both of its ends; keep the ends that leave, grouped by that end
        one, other = np.concatenate([end_a, end_b]), np.concatenate([end_b, end_a])
        by_referral = np.concatenate([referral, referral])
        keep = is_leaving[one]
        one, other, by_referral = one[keep], other[keep], by_referral[keep]
        _group_into(neighbours, one, other)
        _group_into(referral_neighbours, one[by_referral], other[by_referral])
    return neighbours, referral_neighbours


def _group_into(into: dict[int, set[int]], keys: np.ndarray, values: np.ndarray) -> None:
    """``into[k]`` = the set of ``values`` paired with ``k`` in ``keys``."""
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
    ends = np.r_[starts[1:], len(keys)]
    values_list = values.tolist()
    for key, start, end in zip(keys[starts].tolist(), starts.tolist(), ends.tolist()):
        into[key] = set(values_list[start:end])


def _per_agency(agencies: list[Agency], degree: np.ndarray, referral_degree: np.ndarray, referrals: pd.DataFrame,
                scores: np.ndarray, cut: list[str], gaps: list[Gap]) -> pd.DataFrame:
    """One row per agency (indexed by id): its attributes, ties, referral volume, betweenness and flags."""
    n = len(agencies)
    ids = [a.id for a in agencies]
    weights = referrals["count"].to_numpy()
    out_volume = np.bincount(referrals["src"].to_numpy(np.int64), weights=weights, minlength=n)
    in_volume = np.bincount(referrals["dst"].to_numpy(np.int64), weights=weights, minlength=n)
    gap_kinds: dict[str, list[str]] = defaultdict(list)
    for gap in gaps:
        for agency in gap.agencies:
            gap_kinds[agency].append(f"{gap.boundary}:{gap.kind}")
    cut_set = set(cut)
    return pd.DataFrame({
        "id": ids,
        "name": [a.name for a in agencies],
        "sector": [a.sector for a in agencies],
        "age_min": [a.age_min for a in agencies],
        "age_max": pd.array([a.age_max for a in agencies], dtype="Int64"),
        "style": [a.style for a in agencies],
        "core": [a.core for a in agencies],
        "resource": [a.resource for a in agencies],
        "degree": degree,
        "referral_partners": referral_degree,
        "referrals_out": out_volume.astype(np.int64),
        "referrals_in": in_volume.astype(np.int64),
        "betweenness": np.round(scores, 4),
        "isolated": degree == 0,
        "no_referral": (degree > 0) & (referral_degree == 0),
        "cut": [i in cut_set for i in ids],
        "gaps": [" ".join(gap_kinds.get(i, [])) for i in ids],
    }).set_index("id")


def analyze(snapshot: Snapshot, second_process: bool = False) -> Analysis:
    """Analyze one snapshot: every rule of docs/analysis.md.

    Parameters
    ----------
    snapshot : Snapshot
        The network as of one round (:func:`~hikinet_graph.core.snapshot.take_snapshot`).
    second_process : bool
        Let a forked process compute two layers' betweenness meanwhile, where the policy of
        :mod:`~hikinet_graph.core.background` allows it (the same result either way).

    Returns
    -------
    Analysis
        Whose :meth:`~Analysis.to_dict` is the JSON of ``hikinet analyze --format json``.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> from hikinet_graph import take_snapshot
    >>> result = analyze(take_snapshot(tiny_network(), 1))
    >>> result.links, result.isolated, result.counts["referral_links"]
    (3, ['clinic', 'farm'], 1)
    """
    network = snapshot.network
    agencies = network.agencies
    links = link_table(snapshot)
    # betweenness, the costliest figure, starts first; everything that does not need it is done meanwhile
    elsewhere = betweenness_elsewhere(agencies, links) if second_process and second_core_free(len(agencies)) else None
    span = network.config.span
    end_a, end_b = links["a"].to_numpy(np.int64), links["b"].to_numpy(np.int64)
    referral = links["referral_link"].to_numpy(bool)
    # resources (places, employers) are in every layer, but their ages make no boundary and receive nobody
    services = [a for a in agencies if not a.resource]
    boundaries = age_boundaries(services, span, network.config.boundaries)
    gaps = find_gaps(agencies, boundaries, *_neighbours_of_leaving(agencies, boundaries, end_a, end_b, referral))
    referrals = snapshot.referrals
    sectors, _ = sector_links(agencies, links)
    coverage, unaccompanied = age_coverage(services, span)
    parts = dict(
        round=snapshot.round, cutoff=snapshot.cutoff.isoformat() if snapshot.cutoff else None, span=span,
        agencies=len(agencies), uncovered=uncovered_ages(services, span), gaps=gaps, boundaries=boundaries,
        sector_links=sectors, reciprocity=reciprocity(referrals, len(agencies)), age_coverage=coverage,
        no_accompaniment=unaccompanied, attendance=round_attendance(network, snapshot.round),
        crossings=boundary_crossings(agencies, boundaries, referrals, network.config.window),
        suggestions=suggest_introductions(agencies, gaps, links, network.config.exclude),
        counts=_counts(snapshot, referral, sectors),
    )
    return _with_layers(parts, agencies, referrals, relationship_layers(agencies, links, elsewhere))


def _counts(snapshot: Snapshot, referral: np.ndarray, sectors: list[dict]) -> dict[str, int]:
    """The snapshot's counts (``counts`` of the JSON)."""
    referrals = snapshot.referrals
    return {
        "meetings": len(snapshot.meetings),
        "attendances": int(len(snapshot.attendance)),
        "referral_rows": int(len(referrals)),
        "referrals": int(referrals["count"].sum()),
        "relation_rows": int(len(snapshot.relations)),
        "referral_links": int(referral.sum()),
        "cross_sector_links": sum(r["links"] for r in sectors if r["sectors"][0] != r["sectors"][1]),
    }


def _with_layers(parts: dict, agencies: list[Agency], referrals: pd.DataFrame,
                 layers: dict[str, Layer]) -> Analysis:
    """The analysis: ``parts`` and what comes from the layers (the acquaintance layer is the headline's)."""
    ids = [a.id for a in agencies]
    met, working = layers["acquainted"], layers["working"]
    return Analysis(
        **parts, links=met.links, density=met.density, components=met.components, isolated=met.isolated,
        no_referral=sorted(ids[i] for i in np.flatnonzero((met.degree > 0) & (working.degree == 0))),
        cut_agencies=met.cut_agencies,
        per_agency=_per_agency(agencies, met.degree, working.degree, referrals, met.betweenness, met.cut_agencies,
                               parts["gaps"]),
        ei_index=met.ei_index, betweenness_sample=met.betweenness_sample, layers=layers,
    )


def analyze_network(network: Network, round_: int | None = None) -> Analysis:
    """Shortcut: snapshot ``network`` as of ``round_`` (None: all data) and analyze it."""
    return analyze(take_snapshot(network, round_))
