"""Issue 16 (speed of ``--public``): the indexed crossings rule gives what the per-pair recomputation gave.

The former :func:`~hikinet_graph.core.public_crossings.crossings_shown` recomputed the crossings over
every row but one pair's, for every suppressed pair at T-1, and every page asked for it again. The
current one subtracts a pair's rows from counts made once per state, examines only the pairs some
name needs, and :meth:`PublicCounts.crossings` works a state out once. The former code is kept below as
the oracle; the current one must equal it on seeded random states (hidden pairs at T-1, a pair near two
boundaries, unknown ages, resources, several thresholds and windows) and on the example cities.
"""

from __future__ import annotations

from itertools import combinations, pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hikinet_graph import analyze, load_network, take_snapshot
from hikinet_graph.core import public_crossings
from hikinet_graph.core.crossings import boundary_crossings
from hikinet_graph.core.public import Disclosure, PublicCounts
from hikinet_graph.model import Agency

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = range(600)


# --------------------------------------------------------------------------- the oracle: the former code


def _old_pair_rows(rows: pd.DataFrame, pair: tuple[int, int]) -> np.ndarray:
    return (rows["src"].to_numpy(np.int64) == pair[0]) & (rows["dst"].to_numpy(np.int64) == pair[1])


def _old_units(rows: pd.DataFrame) -> list[int | None]:
    ages = rows["client_age"].astype(object).where(rows["client_age"].notna(), None).tolist()
    return [None if age is None else int(age) for age, n in zip(ages, rows["count"].tolist()) for _ in range(n)]


def _old_needs(shown: list[dict], support: list[dict], pair_ids: tuple[str, str]) -> list:
    source, target = pair_ids
    needs = []
    for entry, other in zip(shown, support):
        if any(c["agency"] == target for c in entry["carriers"]) and \
                target not in {c["agency"] for c in other["carriers"]}:
            needs.append((entry["boundary"], "carrier", entry))
        if source in entry["handed_over"] and source not in other["handed_over"] and target in entry["receiving"]:
            needs.append((entry["boundary"], "handed_over", entry))
    return needs


def _old_guard_pair(shown: list[dict], counts: PublicCounts, pair: tuple[int, int]) -> list[dict]:
    ids, window = counts.ids, counts.window
    rows = counts.row_table
    mine = _old_pair_rows(rows, pair)
    units = _old_units(rows[mine])
    support = boundary_crossings(list(counts.agencies), [e["boundary"] for e in shown], rows[~mine], window)
    needs = _old_needs(shown, support, (ids[pair[0]], ids[pair[1]]))
    if not needs:
        return shown

    def covered(age):
        return {k for k, (b, _, _) in enumerate(needs) if age is not None and b - window <= age <= b + window - 1}

    cover = [covered(age) for age in units]
    everything = set(range(len(needs)))
    for size in range(1, len(units)):
        if any(set().union(*(cover[k] for k in chosen)) == everything for chosen in combinations(range(len(units)), size)):
            return shown
    keep = max(cover, key=len)
    dropped = {(needs[k][0], needs[k][1]) for k in everything - keep}
    source, target = ids[pair[0]], ids[pair[1]]
    return [dict(e, carriers=[c for c in e["carriers"] if (e["boundary"], "carrier") not in dropped
                              or c["agency"] != target],
                 handed_over=[a for a in e["handed_over"] if (e["boundary"], "handed_over") not in dropped
                              or a != source]) for e in shown]


def old_crossings_shown(entries: list[dict], counts: PublicCounts, guard=True) -> list[dict]:
    """The former rule, verbatim (``guard`` False: the counts' rule only, no name left out)."""
    rows, n = counts.row_table, len(counts.ids)
    hidden = counts.hidden_pairs
    keys = rows["src"].to_numpy(np.int64) * n + rows["dst"].to_numpy(np.int64)
    in_hidden = np.isin(keys, [s * n + d for s, d in hidden])
    through_hidden = boundary_crossings(list(counts.agencies), [e["boundary"] for e in entries], rows[in_hidden],
                                        counts.window)
    shown = [public_crossings._counts(entry, h, counts) for entry, h in zip(entries, through_hidden)]  # unchanged
    for pair in sorted(hidden):
        if guard and int(_old_pair_rows(rows, pair).astype(np.int64) @ rows["count"].to_numpy(np.int64)) >= \
                counts.disclosure.threshold - 1:
            shown = _old_guard_pair(shown, counts, pair)
    return shown


# --------------------------------------------------------------------------- seeded random states


def random_state(seed: int) -> tuple[list[dict], PublicCounts]:
    """A small state whose pairs often sit at T-1 with rows near one boundary or two, some ages unknown."""
    rng = np.random.default_rng(seed)
    window, threshold, n = int(rng.integers(1, 4)), int(rng.integers(2, 6)), int(rng.integers(3, 7))
    agencies = []
    for k in range(n):
        lo = int(rng.choice([0, 0, 6, 15, 16, 18, 20]))
        hi = [None, None, 15, 17, 19, 29, 39][int(rng.integers(7))]
        agencies.append(Agency(f"a{k}", f"A{k}", "s", lo, None if hi is not None and hi < lo else hi,
                               str(rng.choice(["accompaniment", "problem_solving", "both", ""])), False,
                               bool(rng.random() < 0.1)))
    planted = rng.random() < 0.5  # a pair at T-1 into an agency that serves every age, one row a referral
    if planted:
        agencies[0] = Agency("a0", "A0", "s", 0, None, "both", False, False)
        if rng.random() < 0.5:  # from one that leaves at 16: it hands over there
            agencies[1] = Agency("a1", "A1", "s", 6, 15, "", False, False)
    boundaries = sorted({a.age_max + 1 for a in agencies if a.age_max is not None and not a.resource} |
                        ({30} if rng.random() < 0.3 else set()) | ({40} if rng.random() < 0.5 else set()))
    chosen = [(int(a), int((a + rng.integers(1, n)) % n)) for a in rng.integers(0, n, int(rng.integers(1, 8)))]
    src, dst, ages, count = [], [], [], []
    for a, b in chosen:  # a pair's rows: mostly near some boundary
        for _ in range(int(rng.integers(1, 4))):
            src.append(a), dst.append(b), count.append(int(rng.choice([1, 1, 1, 2, 3])))
            near = int(rng.choice(boundaries)) + int(rng.integers(-window, window)) if boundaries else 30
            ages.append(None if rng.random() < 0.15 else near if rng.random() < 0.75 else int(rng.integers(12, 42)))
    for _ in range(threshold - 1 if planted and boundaries else 0):
        src.append(1), dst.append(0), count.append(1)
        ages.append(int(rng.choice(boundaries)) + int(rng.integers(-window, window)))
    if planted and 16 in boundaries and rng.random() < 0.5:  # a0 named at 16 by another pair's rows too
        src.append(2), dst.append(0), count.append(int(rng.integers(1, 4))), ages.append(16)
    src, dst = np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64)
    rows = pd.DataFrame({"src": src.astype(np.int64), "dst": dst.astype(np.int64),
                         "count": np.array(count, dtype=np.int64),
                         "client_age": pd.array(ages, dtype="Int64")})
    pairs = rows.groupby(["src", "dst"])["count"].sum()
    counts = PublicCounts(Disclosure(threshold), tuple(a.id for a in agencies),
                          pairs.index.get_level_values(0).to_numpy(np.int64),
                          pairs.index.get_level_values(1).to_numpy(np.int64), pairs.to_numpy(np.int64),
                          tuple(agencies), window, rows)
    return boundary_crossings(agencies, boundaries, rows, window), counts


def fresh(counts: PublicCounts) -> PublicCounts:
    """The same counts without anything worked out on them yet."""
    return PublicCounts(counts.disclosure, counts.ids, counts.src, counts.dst, counts.count, counts.agencies,
                        counts.window, counts.row_table)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_indexed_rule_equals_the_former_one(seed):
    entries, counts = random_state(seed)
    expected = old_crossings_shown(entries, counts)
    assert public_crossings.crossings_shown(entries, fresh(counts)) == expected
    assert fresh(counts).crossings(entries) == (expected if entries else entries)


def _near_two(entries: list[dict], counts: PublicCounts, pair: tuple[int, int]) -> bool:
    """Has this pair rows near two boundaries whose windows do not meet?"""
    rows = counts.row_table[_old_pair_rows(counts.row_table, pair)]
    w = counts.window
    near = sorted({e["boundary"] for e in entries for age in rows["client_age"].dropna().tolist()
                   if e["boundary"] - w <= age <= e["boundary"] + w - 1})
    return any(b - a >= 2 * w for a, b in pairwise(near))


def test_the_random_states_reach_every_case():
    """The seeds above hold what the rule is about: hidden pairs at T-1, some near two boundaries, unknown
    ages, names left out, several thresholds and windows."""
    seen = {"at T-1": 0, "near two": 0, "unknown age": 0, "names left out": 0, "thresholds": set(), "windows": set()}
    for seed in SEEDS:
        entries, counts = random_state(seed)
        at_limit = [p for p in counts.hidden_pairs if int(counts.count[(counts.src == p[0]) & (counts.dst == p[1])]
                                                          .sum()) == counts.disclosure.threshold - 1]
        seen["at T-1"] += len(at_limit)
        seen["near two"] += sum(_near_two(entries, counts, p) for p in at_limit)
        seen["unknown age"] += int(counts.row_table["client_age"].isna().sum())
        seen["names left out"] += old_crossings_shown(entries, counts) != old_crossings_shown(entries, counts, False)
        seen["thresholds"].add(counts.disclosure.threshold)
        seen["windows"].add(counts.window)
    assert min(seen["at T-1"], seen["near two"], seen["unknown age"], seen["names left out"]) >= 10, seen
    assert seen["thresholds"] == {2, 3, 4, 5} and seen["windows"] == {1, 2, 3}, seen


@pytest.mark.parametrize("city", ["city_a", "city_b"])
@pytest.mark.parametrize("threshold", [3, 5])
def test_the_example_cities_show_what_they_showed(city, threshold):
    network = load_network(DATA / city)
    rounds = sorted({m.round for m in network.meetings if m.round is not None})
    for snapshot in [take_snapshot(network, r) for r in rounds] + [take_snapshot(network)]:
        entries = analyze(snapshot).crossings
        expected = old_crossings_shown(entries, Disclosure(threshold).counts(snapshot))
        assert Disclosure(threshold).counts(snapshot).crossings(entries) == expected


def test_a_state_is_worked_out_once_and_each_caller_gets_its_own_copy(monkeypatch):
    seed = next(s for s in SEEDS if random_state(s)[0] and random_state(s)[1].hidden_pairs)
    entries, counts = random_state(seed)
    calls = []
    real = public_crossings.crossings_shown
    monkeypatch.setattr(public_crossings, "crossings_shown", lambda e, c: calls.append(1) or real(e, c))
    first = counts.crossings(entries)
    first[0]["carriers"].append({"agency": "changed", "referrals": 0})
    first[0]["near_referrals"] = -1
    again = counts.crossings([dict(e) for e in entries])  # equal entries, other objects
    assert again == old_crossings_shown(entries, counts) and len(calls) == 1
    other = [dict(entries[0], near_referrals=entries[0]["near_referrals"] + 1), *entries[1:]]
    counts.crossings(other)
    assert len(calls) == 2  # other entries: worked out again


def hand_made(first_age: int) -> tuple[list[dict], PublicCounts]:
    """a1 (6-15, leaves at 16) -> a0 (every age): 2 referrals, one near 16 and one near 40, ``first_age``'s
    first; a2 -> a0: 3 near 16, so that a0 is named at 16 whatever a1 -> a0 holds. T = 3, window 2."""
    agencies = (Agency("a0", "A0", "s", 0, None, "both", False), Agency("a1", "A1", "s", 6, 15, "", False),
                Agency("a2", "A2", "s", 6, 15, "", False), Agency("a3", "A3", "s", 15, 39, "", False))
    ages = [first_age, 56 - first_age, 16]
    rows = pd.DataFrame({"src": [1, 1, 2], "dst": [0, 0, 0], "count": [1, 1, 3],
                         "client_age": pd.array(ages, dtype="Int64")}).astype({"src": np.int64, "dst": np.int64})
    counts = PublicCounts(Disclosure(3), tuple(a.id for a in agencies), np.array([1, 2]), np.array([0, 0]),
                          np.array([2, 3]), agencies, 2, rows)
    return boundary_crossings(list(agencies), [16, 40], rows, 2), counts


@pytest.mark.parametrize("first_age, kept", [(40, "carrier at 40"), (16, "handed over at 16")])
def test_one_row_of_a_pair_at_t_minus_1_explains_the_names_left(first_age, kept):
    """Named as handing over at 16 and as a carrier at 40, a1 -> a0 would need both its rows: the names its
    first row explains stay (the rows' order decides between equals), the other goes."""
    entries, counts = hand_made(first_age)
    shown = {e["boundary"]: e for e in public_crossings.crossings_shown(entries, counts)}
    assert list(shown.values()) == old_crossings_shown(entries, counts)
    assert [c["agency"] for c in shown[16]["carriers"]] == ["a0"]  # a2 -> a0 names it there
    at_40 = [c["agency"] for c in shown[40]["carriers"]] == ["a0"]
    assert (at_40, "a1" in shown[16]["handed_over"]) == ((True, False) if kept == "carrier at 40" else (False, True))
