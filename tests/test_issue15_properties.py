"""Issue 15 §1, property tests: suggested introductions on random folders.

``folders()`` draws a small valid folder (agencies with random ages, styles and resource flags;
meetings and attendance; undated referrals; relations of every level; sometimes excluded pairs).
Two kinds of checks:

* the invariants the issue lists (every gap agency gets a receiving partner unless ``exclude``
  removes every candidate; every service outside the working network appears; no pair that already
  works together; at most three per agency, reason and boundary);
* an oracle: the rules of docs/agenda.md written again here, plainly, from the rows as drawn (not
  from hikinet's link table or gaps), must give the very list hikinet gives.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from conftest import example_budget, write_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hikinet_graph import analyze_network, load_network

PROPERTY = settings(max_examples=example_budget(60), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

IDS = ["k", "b", "x", "a", "m", "c", "z", "d"]  # file order is not id order
STYLES = ["", "accompaniment", "problem_solving", "both"]
SPAN = (6, 99)


@dataclass(frozen=True)
class Agency:
    id: str
    lo: int | None
    hi: int | None
    style: str
    resource: bool

    def serves(self, age: int) -> bool:
        return (self.lo or 0) <= age and (self.hi is None or age <= self.hi)


@dataclass(frozen=True)
class Folder:
    agencies: tuple[Agency, ...]
    attendance: tuple[tuple[str, str], ...]  # meeting, agency
    referrals: tuple[tuple[str, str], ...]
    relations: tuple[tuple[str, str, int], ...]
    exclude: tuple[tuple[str, str], ...]


@st.composite
def folders(draw) -> Folder:
    n = draw(st.integers(1, len(IDS)))
    ids = IDS[:n]
    agencies = []
    for agency_id in ids:
        lo = draw(st.one_of(st.none(), st.sampled_from([0, 6, 10, 15, 16, 18, 20, 40])))
        hi = draw(st.one_of(st.none(), st.sampled_from([15, 17, 18, 39, 49, 64, 80])))
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        agencies.append(Agency(agency_id, lo, hi, draw(st.sampled_from(STYLES)),
                               draw(st.booleans()) and draw(st.booleans())))
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    attendance = draw(st.lists(st.tuples(st.sampled_from(["m1", "m2", "m3"]), st.sampled_from(ids)),
                               max_size=10, unique=True))
    referrals = draw(st.lists(pair, max_size=4, unique=True)) if n > 1 else []
    relations = [(a, b, draw(st.integers(1, 4))) for a, b in
                 (draw(st.lists(pair, max_size=4, unique_by=lambda p: frozenset(p))) if n > 1 else [])]
    exclude = draw(st.lists(pair, max_size=2)) if n > 1 and draw(st.booleans()) else []
    return Folder(tuple(agencies), tuple(attendance), tuple(referrals), tuple(relations), tuple(exclude))


def load(folder: Folder):
    agencies = "id,age_min,age_max,style,resource\n" + "".join(
        f"{a.id},{'' if a.lo is None else a.lo},{'' if a.hi is None else a.hi},{a.style},{str(a.resource).lower()}\n"
        for a in folder.agencies)
    files = {
        "agencies.csv": agencies,
        "meetings.csv": "id,round,date\nm1,1,2025-04-01\nm2,1,2025-05-01\nm3,2,2025-06-01\n",
        "attendance.csv": "meeting_id,agency_id\n" + "".join(f"{m},{a}\n" for m, a in folder.attendance),
        "referrals.csv": "from,to\n" + "".join(f"{a},{b}\n" for a, b in folder.referrals),
        "relations.csv": "from,to,level\n" + "".join(f"{a},{b},{v}\n" for a, b, v in folder.relations),
        "hikinet.toml": "exclude = [" + ", ".join(f'["{a}", "{b}"]' for a, b in folder.exclude) + "]\n",
    }
    with tempfile.TemporaryDirectory() as root:
        return load_network(write_files(Path(root) / "net", files))


# --------------------------------------------------------------------------- the oracle


def ties(folder: Folder) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Acquainted (a common meeting, or any referral or relation row) and working (a referral, or level >= 3)."""
    met = {a.id: set() for a in folder.agencies}
    works = {a.id: set() for a in folder.agencies}

    def link(table, a, b):
        table[a].add(b)
        table[b].add(a)

    for m1, a in folder.attendance:
        for m2, b in folder.attendance:
            if m1 == m2 and a != b:
                link(met, a, b)
    for a, b in folder.referrals:
        link(met, a, b)
        link(works, a, b)
    for a, b, level in folder.relations:
        link(met, a, b)
        if level >= 3:
            link(works, a, b)
    return met, works


def oracle_gaps(folder: Folder, met, works) -> list[tuple[int, str, str]]:
    services = [a for a in folder.agencies if not a.resource]
    bounds = sorted({a.hi + 1 for a in services if a.hi is not None and SPAN[0] <= a.hi and a.hi + 1 <= SPAN[1]})
    gaps = []
    for b in bounds:
        receiving = {r.id for r in services if r.serves(b)}
        for a in services:
            if a.hi != b - 1 or not receiving or works[a.id] & receiving:
                continue
            gaps.append((b, "weak_handover" if met[a.id] & receiving else "handover", a.id))
    return gaps


def oracle(folder: Folder) -> list[dict]:
    by_id = {a.id: a for a in folder.agencies}
    met, works = ties(folder)
    excluded = {frozenset(p) for p in folder.exclude}
    out = []
    for b, kind, a in oracle_gaps(folder, met, works):
        rows = []
        for c in (r for r in by_id.values() if not r.resource and r.serves(b)):
            if c.id in works[a] or frozenset((a, c.id)) in excluded:
                continue
            shared = len(works[a] & works[c.id])
            facts = [(c.id in met[a], "met"), (c.style in ("accompaniment", "both"), "accompaniment"),
                     (c.lo == b or (c.lo is None and b == 0), "starts_at_boundary"),
                     (shared > 0, f"shared_partners:{shared}")]
            rows.append(((c.id not in met[a], c.style not in ("accompaniment", "both"), not facts[2][0], -shared,
                          c.id), c.id, [word for ok, word in facts if ok]))
        for rank, (_, c, because) in enumerate(sorted(rows)[:3], start=1):
            out.append({"agency": a, "partner": c, "reason": kind, "boundary": b, "rank": rank, "because": because})
    listed: set[frozenset[str]] = set()
    for a in sorted(x.id for x in folder.agencies if not x.resource and not works[x.id]):
        me = by_id[a]
        others = [c for c in by_id.values() if c.id != a]
        overlap = [c for c in others if (c.lo or 0) <= (10**9 if me.hi is None else me.hi)
                   and (me.lo or 0) <= (10**9 if c.hi is None else c.hi)]
        pool = overlap or others
        rows = []
        for c in pool:
            if frozenset((a, c.id)) in excluded or c.id in works[a]:
                continue
            shared = len((met[a] & met[c.id]) - {a, c.id})
            facts = [(c.id in met[a], "met"), (shared > 0, f"shared_acquaintances:{shared}"),
                     (bool(works[c.id]), "in_working_network"), (not overlap, "no_age_overlap")]
            rows.append(((c.id not in met[a], -shared, not works[c.id], c.id), c.id,
                         [word for ok, word in facts if ok]))
        rank = 0
        for _, c, because in sorted(rows)[:3]:
            if frozenset((a, c)) in listed:
                continue
            listed.add(frozenset((a, c)))
            rank += 1
            out.append({"agency": a, "partner": c, "reason": "outside_working", "boundary": None, "rank": rank,
                        "because": because})
    order = {"handover": 0, "weak_handover": 1, "outside_working": 2}
    return sorted(out, key=lambda s: (order[s["reason"]], s["boundary"] or -1, s["agency"], s["rank"]))


# --------------------------------------------------------------------------- the properties


@PROPERTY
@given(folders())
def test_suggestions_follow_the_written_rules(folder):
    network = load(folder)
    assert analyze_network(network).suggestions == oracle(folder)


@PROPERTY
@given(folders())
def test_every_handover_gap_agency_gets_a_receiving_partner_unless_excluded(folder):
    network = load(folder)
    result = analyze_network(network)
    by_id = {a.id: a for a in network.agencies}
    excluded = {frozenset(p) for p in network.config.exclude}
    for gap in result.gaps:
        if gap.kind == "coverage":
            continue
        receiving = [a.id for a in network.agencies if not a.resource and a.serves(gap.boundary)]
        for agency in gap.agencies:
            partners = [s["partner"] for s in result.suggestions
                        if (s["agency"], s["reason"], s["boundary"]) == (agency, gap.kind, gap.boundary)]
            if all(frozenset((agency, r)) in excluded for r in receiving):
                assert partners == []
            else:
                assert partners and all(by_id[p].serves(gap.boundary) and not by_id[p].resource for p in partners)


@PROPERTY
@given(folders().filter(lambda f: not f.exclude))
def test_every_service_outside_the_working_network_appears(folder):
    network = load(folder)
    result = analyze_network(network)
    if len(network.agencies) < 2:
        assert result.suggestions == []
        return
    named = {s["agency"] for s in result.suggestions} | {s["partner"] for s in result.suggestions}
    resources = {a.id for a in network.agencies if a.resource}
    assert set(result.layers["working"].isolated) - resources <= named


@PROPERTY
@given(folders())
def test_no_suggestion_pairs_agencies_that_work_together_or_an_agency_with_itself(folder):
    network = load(folder)
    result = analyze_network(network)
    _, works = ties(folder)
    excluded = {frozenset(p) for p in network.config.exclude}
    for s in result.suggestions:
        assert s["agency"] != s["partner"]
        assert s["partner"] not in works[s["agency"]]
        assert frozenset((s["agency"], s["partner"])) not in excluded


@PROPERTY
@given(folders())
def test_at_most_three_per_agency_reason_and_boundary_ranked_from_one(folder):
    result = analyze_network(load(folder))
    groups = Counter((s["agency"], s["reason"], s["boundary"]) for s in result.suggestions)
    assert all(count <= 3 for count in groups.values())
    for key, count in groups.items():
        ranks = [s["rank"] for s in result.suggestions if (s["agency"], s["reason"], s["boundary"]) == key]
        assert ranks == list(range(1, count + 1))
