"""Public means public: no figure of a ``--public`` report lets a reader recompute a hidden count.

The attacker's view: read every number the public report publishes (summary.json,
metrics.csv, agencies-by-round.csv, the change table of index.html, and the
``nodes``/``edges`` data embedded in every map page), write them as linear
equations over the unknown directed pair counts x[round, from, to], and solve.

Unknowns: one per referral link drawn on a round's map (>= 1; a pair with no
link drawn is 0). Known: a pair shown exactly is fixed, a pair shown "<T" lies in
[1, T-1]; every exact total (agency sent/received, network total, change table)
is an equation; a total shown "<T" lies in [1, T-1]; the number of referral rows
bounds the total from below (each row is at least one referral); snapshots
accumulate, so x[r] <= x[r+1].

The crossings (who carries each age boundary) publish sums over referral rows
chosen by the client's age, finer than a pair. Their unknowns split each drawn pair
by age class: z[round, from, to, A] >= 0, where A is a set of boundaries whose
windows [b - w, b + w - 1] hold the client's age (the empty set: any other or no
age), and the pair's count is the sum of its parts. Known: a boundary's
``near_referrals`` and each carrier's count (exact: an equation, and no row of a
hidden pair in it, as the rule says; "x": kept hidden); a listed carrier received at
least one near row, and a listed ``handed_over`` agency sent at least one near row to
a receiving agency; in the last state, and wherever ``near_referrals`` is exact, the
lists are complete: a receiving agency not listed received none, a leaving agency not
listed sent none; a part never falls from one round to the next.

The solver propagates bounds to a fixpoint, then decides exactly (exhaustive
enumeration of small components, a search with propagation for larger ones)
whether each hidden pair and each suppressed sum can take two values. The report
passes only if none is determined.

The same solver, run on the masking hikinet used before (only pair cells and
small totals masked), recovers the hidden count of the issue's city_b example:
proof that it can find what it is looking for.
"""

from __future__ import annotations

import csv
import html
import itertools
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hikinet_graph.i18n import t
from hikinet_graph.core.public import SUPPRESSED, PublicCounts

from conftest import run

ROOT = Path(__file__).resolve().parent.parent
INF = 10**9
ENUMERATION_LIMIT = 20_000  # components with at most this many assignments are enumerated outright
# the reader knows the rule: an exact crossing count holds no row of a hidden pair (off to attack another rule)
KNOWS_THE_RULE = True


# --------------------------------------------------------------------------- the linear system

@dataclass
class Constraint:
    coeffs: dict  # var -> int
    lo: int
    hi: int
    source: str


@dataclass
class System:
    threshold: int
    lo: dict = field(default_factory=dict)  # var -> lower bound
    hi: dict = field(default_factory=dict)
    constraints: list = field(default_factory=list)
    # what must stay undetermined: (name, coeffs)
    targets: list = field(default_factory=list)

    def var(self, key, lo=1, hi=INF) -> None:
        self.lo[key] = max(self.lo.get(key, lo), lo)
        self.hi[key] = min(self.hi.get(key, hi), hi)

    def add(self, coeffs: dict, lo: int, hi: int, source: str) -> None:
        coeffs = {k: v for k, v in coeffs.items() if v}
        self.constraints.append(Constraint(coeffs, lo, hi, source))

    def figure(self, coeffs: dict, shown, source: str) -> None:
        """A published figure over some pairs: exact -> equation, "<T" -> range, "x" -> to keep hidden."""
        value = _value(shown, self.threshold)
        if value == "hidden":
            self.add(coeffs, 1, self.threshold - 1, source)
            if len(coeffs) > 1:  # a pair's own "<T" is a target once, as "pair (...)"
                self.targets.append((source, coeffs))
        elif value == "suppressed":
            self.targets.append((source, coeffs))
        elif not coeffs:
            assert value == 0, f"{source}: {value} published for no drawn referral link"
        else:
            self.add(coeffs, value, value, source)


def _value(shown, threshold: int):
    if isinstance(shown, str):
        text = html.unescape(shown.strip())
        if text == f"<{threshold}":
            return "hidden"
        if text == SUPPRESSED:
            return "suppressed"
        return int(text.lstrip("'+"))
    return int(shown)


def _watch(constraints: list) -> dict:
    """Which constraints each variable appears in (so that a change re-examines only those)."""
    watch: dict = {}
    for i, c in enumerate(constraints):
        for v in c.coeffs:
            watch.setdefault(v, []).append(i)
    return watch


def _propagate(constraints: list, lo: dict, hi: dict, watch: dict | None = None, start=None) -> bool:
    """Bounds propagation to a fixpoint (a work list: a tightened variable re-examines its constraints);
    False when the bounds contradict. ``start``: the constraints to examine first (default: all)."""
    watch = _watch(constraints) if watch is None else watch
    queue = list(range(len(constraints))) if start is None else list(start)
    queued = set(queue)
    while queue:
        i = queue.pop()
        queued.discard(i)
        c = constraints[i]
        low = sum(a * (lo[v] if a > 0 else hi[v]) for v, a in c.coeffs.items())
        high = sum(a * (hi[v] if a > 0 else lo[v]) for v, a in c.coeffs.items())
        if low > c.hi or high < c.lo:
            return False
        for v, a in c.coeffs.items():
            rest_low = low - a * (lo[v] if a > 0 else hi[v])
            rest_high = high - a * (hi[v] if a > 0 else lo[v])
            # c.lo - rest_high <= a * x <= c.hi - rest_low
            top, bottom = c.hi - rest_low, c.lo - rest_high
            if a > 0:
                new_lo, new_hi = -(-bottom // a), top // a
            else:
                new_lo, new_hi = -(-top // a), bottom // a
            changed = False
            if new_lo > lo[v]:
                lo[v], changed = new_lo, True
            if new_hi < hi[v]:
                hi[v], changed = new_hi, True
            if lo[v] > hi[v]:
                return False
            if changed:
                for j in watch[v]:
                    if j not in queued:
                        queue.append(j)
                        queued.add(j)
            low = rest_low + a * (lo[v] if a > 0 else hi[v])
            high = rest_high + a * (hi[v] if a > 0 else lo[v])
    return True


def _search(constraints: list, lo: dict, hi: dict, variables: list) -> dict | None:
    """One integer solution within the bounds (depth-first, propagating at each step), or None."""
    watch = _watch(constraints)
    lo, hi = dict(lo), dict(hi)
    if not _propagate(constraints, lo, hi, watch):
        return None
    return _dive(constraints, watch, lo, hi, variables)


def _dive(constraints: list, watch: dict, lo: dict, hi: dict, variables: list) -> dict | None:
    free = [v for v in variables if lo[v] < hi[v]]
    if not free:
        return {v: lo[v] for v in variables}
    v = min(free, key=lambda k: hi[k] - lo[k])
    for value in range(lo[v], min(hi[v], lo[v] + 50) + 1):
        lo2, hi2 = dict(lo), dict(hi)
        lo2[v] = hi2[v] = value
        if not _propagate(constraints, lo2, hi2, watch, watch.get(v, ())):
            continue
        found = _dive(constraints, watch, lo2, hi2, variables)
        if found is not None:
            return found
    return None


def _milp(constraints: list, lo: dict, hi: dict, variables: list) -> dict | None:
    """One integer solution within the bounds, from an exact MILP solver (scipy's HiGHS), or None.

    The same question as :func:`_search`, answered without exhaustive backtracking: a probe that
    has no solution is proved so by branch and bound, where a depth-first search may take hours.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    index = {v: k for k, v in enumerate(variables)}
    inside = [c for c in constraints if any(v in index for v in c.coeffs)]
    matrix = lil_matrix((max(len(inside), 1), len(variables)))
    low, high = np.full(max(len(inside), 1), -np.inf), np.full(max(len(inside), 1), np.inf)
    for row, c in enumerate(inside):
        fixed = sum(a * lo[v] for v, a in c.coeffs.items() if v not in index)  # outside: already fixed
        for v, a in c.coeffs.items():
            if v in index:
                matrix[row, index[v]] = a
        low[row] = -np.inf if c.lo <= -INF else c.lo - fixed
        high[row] = np.inf if c.hi >= INF else c.hi - fixed
    bounds = Bounds([lo[v] for v in variables], [np.inf if hi[v] >= INF else hi[v] for v in variables])
    result = milp(np.zeros(len(variables)), constraints=LinearConstraint(matrix.tocsr(), low, high),
                  integrality=np.ones(len(variables)), bounds=bounds)
    if result.status != 0:
        assert result.status == 2, result.message  # 2: infeasible; anything else is not an answer
        return None
    return {v: int(round(x)) for v, x in zip(variables, result.x)}


def _find(constraints: list, lo: dict, hi: dict, variables: list) -> dict | None:
    """One integer solution: by the MILP solver when scipy is there, else by search with propagation."""
    try:
        import scipy.optimize  # noqa: F401
    except ImportError:
        return _search(constraints, lo, hi, variables)
    return _milp(constraints, lo, hi, variables)


@dataclass
class Solution:
    lo: dict
    hi: dict
    determined: list  # (name, how) of targets a reader can compute: "fixed" by propagation, else "exact"
    propagated: list  # (name, value), found by bounds propagation alone
    enumerated: int  # components decided by exhaustive enumeration
    values: dict = field(default_factory=dict)  # name -> value of each determined target


def solve(system: System) -> Solution:
    lo, hi = dict(system.lo), dict(system.hi)
    assert _propagate(system.constraints, lo, hi), "the published figures contradict each other"

    def fixed(coeffs):
        return all(lo[v] == hi[v] for v in coeffs)

    propagated = [(name, sum(a * lo[v] for v, a in coeffs.items()))
                  for name, coeffs in system.targets if fixed(coeffs)]
    # independent components of the variables still free
    parent = {v: v for v in lo}

    def root(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for c in system.constraints:
        free = [v for v in c.coeffs if lo[v] < hi[v]]
        for a, b in zip(free, free[1:]):
            parent[root(a)] = root(b)
    components: dict = {}
    for v in lo:
        if lo[v] < hi[v]:
            components.setdefault(root(v), []).append(v)
    touching: dict = {}
    for c in system.constraints:
        for v in c.coeffs:
            if lo[v] < hi[v]:
                touching.setdefault(root(v), []).append(c)
                break
    # per component: can each target's part in it take two values?
    partial_free: dict = {}  # (target index, component) -> True when that part can vary
    witness: dict = {}  # one solution of each component
    enumerated = 0
    for key, members in components.items():
        local = touching.get(key, [])
        inside = set(members)
        parts = [(k, {v: a for v, a in coeffs.items() if v in inside})
                 for k, (_, coeffs) in enumerate(system.targets)]
        parts = [(k, p) for k, p in parts if p]
        size = math.prod(hi[v] - lo[v] + 1 for v in members)
        if size <= ENUMERATION_LIMIT:
            enumerated += 1
            seen: dict = {k: set() for k, _ in parts}
            for values in itertools.product(*(range(lo[v], hi[v] + 1) for v in members)):
                point = dict(lo)
                point.update(zip(members, values))
                if all(c.lo <= sum(a * point[v] for v, a in c.coeffs.items()) <= c.hi for c in local):
                    witness.setdefault(key, point)
                    for k, p in parts:
                        seen[k].add(sum(a * point[v] for v, a in p.items()))
            assert all(seen.values()), "no solution: the published figures contradict each other"
            for k, _ in parts:
                partial_free[(k, key)] = len(seen[k]) > 1
        else:
            base = _find(local, lo, hi, members)
            assert base is not None, "no solution: the published figures contradict each other"
            witness[key] = base
            solutions = [base]  # every solution found shows which parts can differ: probe only the others
            for k, p in parts:
                values = {sum(a * sol[v] for v, a in p.items()) for sol in solutions}
                if len(values) > 1:
                    partial_free[(k, key)] = True
                    continue
                value = values.pop()
                partial_free[(k, key)] = False
                for bound in ((-INF, value - 1), (value + 1, INF)):
                    other = _find(local + [Constraint(p, bound[0], bound[1], "probe")], lo, hi, members)
                    if other is not None:
                        solutions.append(other)
                        partial_free[(k, key)] = True
                        break
    determined, values = [], {}
    for k, (name, coeffs) in enumerate(system.targets):
        keys = {root(v) for v in coeffs if lo[v] < hi[v]}
        if not any(partial_free[(k, key)] for key in keys):
            determined.append((name, "fixed" if not keys else "exact"))
            values[name] = sum(a * (lo[v] if lo[v] == hi[v] else witness[root(v)][v]) for v, a in coeffs.items())
    return Solution(lo, hi, determined, propagated, enumerated, values)


CROSSING_CELLS = ("near_referrals ", "carrier ")


def leaks(solution: Solution) -> list:
    """The determined targets, except a crossing cell recomputed as zero: zero is public everywhere (the
    never-referred lists), and an earlier state hides zeros only so that a later row cannot be dated."""
    return [(name, how) for name, how in solution.determined
            if not (name.startswith(CROSSING_CELLS) and solution.values[name] == 0)]


# --------------------------------------------------------------------------- reading the public report

PAGE_DATA = re.compile(r"^var PAGE = (\{.*\});$", re.M)


def page_data(path: Path) -> dict:
    """The nodes and edges a map page embeds (the JSON vis-network reads), without a browser."""
    match = PAGE_DATA.search(path.read_text(encoding="utf-8"))
    assert match, path
    return json.loads(match.group(1))


def _tooltip_value(title: str, label: str):
    for line in title.split("\n"):
        if line.startswith(label + ": "):
            return line[len(label) + 2:]
    raise AssertionError(f"no {label!r} in tooltip {title!r}")


def map_file(out: Path, rounds: list, r, view: str) -> Path:
    """A state's map page: round-R, round-all (no meetings) or now (all data after the last round)."""
    if r is not None:
        return out / "maps" / f"round-{r}-{view}.html"
    return out / "maps" / (f"now-{view}.html" if len(rounds) > 1 else f"round-all-{view}.html")


def read_public_report(out: Path, lang: str = "ja", window: int = 2) -> tuple[System, dict]:
    """The attacker's linear system from every figure of a public report folder (``window``: the crossings' w)."""
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    threshold = summary["public"]["threshold"]
    system = System(threshold)
    rounds = [r["round"] for r in summary["rounds"]]
    pairs: dict = {}  # round -> set of drawn (from, to)
    hidden: set = set()  # (round, from, to) shown "<T"
    evidence = {"edges": 0, "tooltips": 0, "hidden_widths": set(), "sizes": {}}
    for r in rounds:
        drawn = {}
        for view in ("network", "ages"):
            data = page_data(map_file(out, rounds, r, view))
            assert not data["extras"].get("thinned"), "a thinned map hides links: 0 would not mean no referral"
            for edge in data["edges"]:
                if edge["kind"] != "referral":
                    continue
                key = (r, edge["from"], edge["to"])
                system.var(key)
                evidence["edges"] += 1
                for shown in (edge["count"], edge["title"].rsplit(": ", 1)[1]):
                    system.figure({key: 1}, shown, f"edge {key} on the {view} map")
                if _value(edge["count"], threshold) == "hidden":
                    system.var(key, 1, threshold - 1)
                    hidden.add(key)
                    evidence["hidden_widths"].add(edge["width"])
                drawn[(edge["from"], edge["to"])] = edge
            for node in data["nodes"]:
                agency = node["id"]
                out_shown = _tooltip_value(node["title"], t("tip_referred_out", lang))
                in_shown = _tooltip_value(node["title"], t("tip_referred_in", lang))
                evidence["tooltips"] += 1
                system.figure(_sent(r, agency, drawn), out_shown, f"tooltip sent {agency} round {r} ({view})")
                system.figure(_received(r, agency, drawn), in_shown, f"tooltip received {agency} round {r} ({view})")
                if view == "network":
                    # an agency's size follows its number of working partners, never a referral count
                    degree = int(_tooltip_value(node["title"], t("tip_working", lang)))
                    evidence["sizes"].setdefault(degree, set()).add(node["size"])
        pairs[r] = set(drawn)
    total = {r: {(r, s, d): 1 for s, d in pairs[r]} for r in rounds}
    for entry in summary["rounds"]:
        r = entry["round"]
        system.figure(total[r], entry["counts"]["referrals"], f"summary.json referrals round {r}")
        rows = entry["counts"]["referral_rows"]
        if _value(rows, threshold) not in ("hidden", "suppressed"):
            # every row is at least one referral: the rows bound the total from below
            system.add(total[r], int(rows), INF, f"summary.json referral_rows round {r}")
            assert len(pairs[r]) <= int(rows)
        for agency in entry["per_agency"]:
            system.figure(_sent(r, agency["id"], pairs[r]), agency["referrals_out"],
                          f"summary.json sent {agency['id']} round {r}")
            system.figure(_received(r, agency["id"], pairs[r]), agency["referrals_in"],
                          f"summary.json received {agency['id']} round {r}")
    with (out / "metrics.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            r = int(row["round"]) if row["round"] else None
            system.figure(total[r], row["referrals"], f"metrics.csv round {r}")
    with (out / "agencies-by-round.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            r = int(row["round"]) if row["round"] else None
            system.figure(_sent(r, row["id"], pairs[r]), row["referrals_out"], f"csv sent {row['id']} round {r}")
            system.figure(_received(r, row["id"], pairs[r]), row["referrals_in"],
                          f"csv received {row['id']} round {r}")
    change = summary["change"]
    if change:
        first, last = change["before"]["round"], change["after"]["round"]
        delta = dict(total[last])
        for key, a in total[first].items():
            delta[key] = delta.get(key, 0) - a
        tables = [("summary.json change", change["metrics"]["referrals"])]
        index = (out / "index.html").read_text(encoding="utf-8")
        row = re.search(rf"<tr><td>{re.escape(t('metric_referrals', lang))}</td>\s*"
                        r'<td class="num">(.*?)</td><td class="num">(.*?)</td><td class="num">(.*?)</td>', index)
        assert row, "the change table has a referrals row"
        tables.append(("index.html change table", dict(zip(("before", "after", "delta"), row.groups()))))
        for source, m in tables:
            system.figure(total[first], m["before"], f"{source} before")
            system.figure(total[last], m["after"], f"{source} after")
            system.figure(delta, m["delta"], f"{source} change")
    # snapshots accumulate: a pair's count never falls from one round to the next
    for earlier, later in zip(rounds, rounds[1:]):
        assert pairs[earlier] <= pairs[later], "a referral link disappeared in a later round"
        for s, d in pairs[earlier]:
            system.add({(earlier, s, d): 1, (later, s, d): -1}, -INF, 0, f"rounds {earlier} <= {later}")
    evidence["crossings"] = crossing_equations(system, summary["rounds"], pairs, hidden, window)
    system.targets += [(f"pair {key}", {key: 1}) for key in sorted(hidden, key=repr)]
    return system, evidence


def age_classes(boundaries: list[int], window: int) -> list[frozenset]:
    """The age classes a reader can tell apart: ages grouped by the windows that hold them, then "other"."""
    if not boundaries:
        return [frozenset()]
    ages = range(min(boundaries) - window, max(boundaries) + window)
    found = {frozenset(b for b in boundaries if b - window <= age <= b + window - 1) for age in ages}
    return sorted(found - {frozenset()}, key=sorted) + [frozenset()]


def crossing_equations(system: System, states: list[dict], pairs: dict, hidden: set, window: int) -> int:
    """Add the crossings' figures of every state (see the module docstring); returns how many were read."""
    read = 0
    previous = None
    for k, state in enumerate(states):
        r, entries = state["round"], state["crossings"]
        classes = age_classes([e["boundary"] for e in entries], window)
        for s, d in pairs[r]:
            parts = {(r, s, d, a): 1 for a in classes}
            for key in parts:
                system.var(key, 0)
            system.add({**parts, (r, s, d): -1}, 0, 0, f"pair ({r}, {s}, {d}) = its parts by age")
            if previous is not None and (s, d) in pairs[previous]:
                for a in classes:
                    system.add({(previous, s, d, a): 1, (r, s, d, a): -1}, -INF, 0, f"part {a} grows")
        complete = k == len(states) - 1
        for entry in entries:
            read += _crossing_entry(system, r, entry, pairs[r], hidden, classes, complete)
        previous = r
    return read


def _exact_cell(system: System, cell: dict, shown, hidden: set, r, source: str) -> None:
    """A crossing figure: the equation, and, when exact, no row of a hidden pair in it (the rule)."""
    system.figure(cell, shown, source)
    if KNOWS_THE_RULE and _value(shown, system.threshold) not in ("hidden", "suppressed"):
        zero = {key: 1 for key in cell if key[:3] in hidden}
        if zero:
            system.add(zero, 0, 0, f"{source}: exact, so no hidden pair in it")


def _crossing_entry(system: System, r, entry: dict, drawn: set, hidden: set, classes: list[frozenset],
                    complete: bool) -> int:
    b = entry["boundary"]
    near = [a for a in classes if b in a]
    complete = complete or _value(entry["near_referrals"], system.threshold) not in ("hidden", "suppressed")

    def rows(sources, targets) -> dict:
        return {(r, s, d, a): 1 for s, d in drawn if s in sources and d in targets for a in near}

    everyone = {s for s, _ in drawn} | {d for _, d in drawn}
    _exact_cell(system, rows(everyone, everyone), entry["near_referrals"], hidden, r, f"near_referrals {b} round {r}")
    carriers = {c["agency"]: c["referrals"] for c in entry["carriers"]}
    for agency in entry["receiving"]:
        into = rows(everyone, {agency})
        if agency in carriers:
            assert into, f"carrier {agency} at {b} round {r} with no referral link drawn into it"
            _exact_cell(system, into, carriers[agency], hidden, r, f"carrier {agency} at {b} round {r}")
            system.add(into, 1, INF, f"listed carrier {agency} at {b} round {r}")
        elif into and complete:
            system.add(into, 0, 0, f"not a carrier: {agency} at {b} round {r}")
    for agency in entry["leaving"]:
        out = rows({agency}, set(entry["receiving"]))
        if agency in entry["handed_over"]:
            assert out, f"handed over {agency} at {b} round {r} with no link drawn to a receiving agency"
            system.add(out, 1, INF, f"handed over {agency} at {b} round {r}")
        elif out and complete:
            system.add(out, 0, 0, f"did not hand over: {agency} at {b} round {r}")
    return 1 + len(carriers)


def _sent(r, agency: str, pairs) -> dict:
    return {(r, s, d): 1 for s, d in pairs if s == agency}


def _received(r, agency: str, pairs) -> dict:
    return {(r, s, d): 1 for s, d in pairs if d == agency}


# --------------------------------------------------------------------------- folders built to attack

AGENCIES = [("a", "相談支援A", "福祉", 0, "", "", "true"), ("b", "保健所B", "保健", 0, "", "", "true"),
            ("c", "サポステC", "若者", 15, 49, "", "false"), ("d", "社協D", "福祉", 0, "", "", "false"),
            ("e", "教育E", "教育", 6, 18, "", "false")]
MEETINGS = [("m0", 0, "2025-04-01"), ("m1", 1, "2025-07-01"), ("m2", 2, "2025-10-01")]
ATTENDANCE = [("m0", "a"), ("m0", "b"), ("m1", "c"), ("m1", "d"), ("m2", "e"), ("m2", "a")]

ATTACKS = {
    # a has exactly T-1 outgoing links, all hidden: a total shown "<3" would pin both to 1
    "t_minus_1_links": [("a", "b", "2025-03-01", 1), ("a", "c", "2025-03-01", 1), ("d", "b", "2025-03-01", 5),
                        ("d", "c", "2025-03-01", 4)],
    # c's received total has exactly one hidden part (5 + 1), and b sends only the hidden one
    "one_hidden_part": [("a", "c", "2025-03-01", 5), ("b", "c", "2025-03-01", 1), ("d", "e", "2025-03-01", 3)],
    # a -> b is 2 (hidden) in round 0 and 3 (exact) in round 1; round 1 has no hidden count at all
    "hidden_then_exact": [("a", "b", "2025-03-01", 2), ("c", "b", "2025-03-01", 4), ("a", "b", "2025-06-01", 1),
                          ("d", "e", "2025-09-01", 3)],
    # a's sent total is exact while its received total has a hidden part; sent and received sums differ
    "sent_exact_received_hidden": [("a", "b", "2025-03-01", 4), ("b", "a", "2025-03-01", 1),
                                   ("c", "a", "2025-03-01", 3), ("d", "a", "2025-06-01", 3)],
    # one row per referral: 5 rows, a -> c is 3, so a -> b (hidden) is at least 2
    "rows_bound": [("a", "b", "2025-03-01", 1), ("a", "b", "2025-03-02", 1), ("a", "c", "2025-03-01", 1),
                   ("a", "c", "2025-03-02", 1), ("a", "c", "2025-03-03", 1)],
    # a pair hidden in every round while it grows, beside pairs that become exact
    "hidden_growing": [("a", "b", "2025-03-01", 1), ("a", "b", "2025-06-01", 1), ("c", "d", "2025-03-01", 2),
                       ("c", "d", "2025-06-01", 2), ("e", "a", "2025-09-01", 1), ("b", "c", "", 3)],
}


def attack_folder(make_folder, tmp_path: Path, name: str) -> Path:
    return make_folder(tmp_path, agencies=AGENCIES, meetings=MEETINGS, attendance=ATTENDANCE,
                       referrals=[(s, d, date, n, "") for s, d, date, n in ATTACKS[name]], name=name)


def public_report(source: Path, out: Path, *extra: str) -> Path:
    result = run("report", source, "-o", out, "--public", *extra)
    assert result.exit_code == 0, result.output
    return out


def attack(source: Path, out: Path, *extra: str) -> tuple[Solution, dict]:
    system, evidence = read_public_report(public_report(source, out, *extra))
    return solve(system), evidence


# --------------------------------------------------------------------------- the rule holds

@pytest.mark.parametrize("city", ["city_a", "city_b"])
def test_no_hidden_count_can_be_recomputed_in_the_example_cities(city, tmp_path):
    solution, evidence = attack(ROOT / "data" / city, tmp_path / "public")
    assert evidence["edges"] > 0 and evidence["tooltips"] > 0 and evidence["crossings"] > 0
    assert leaks(solution) == [], leaks(solution)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_no_hidden_count_can_be_recomputed_in_attack_folders(name, make_folder, tmp_path):
    solution, _ = attack(attack_folder(make_folder, tmp_path, name), tmp_path / "public")
    assert leaks(solution) == [], leaks(solution)


def test_a_higher_threshold_also_holds(tmp_path):
    solution, _ = attack(ROOT / "data" / "city_b", tmp_path / "public", "--threshold", "5")
    assert leaks(solution) == [], leaks(solution)


def test_width_and_size_carry_no_count(tmp_path):
    _, evidence = attack(ROOT / "data" / "city_b", tmp_path / "public")
    # every hidden link is drawn at one width, and an agency's size follows only its number of links
    assert len(evidence["hidden_widths"]) == 1
    assert all(len(sizes) == 1 for sizes in evidence["sizes"].values()), evidence["sizes"]


def test_exact_figures_are_still_published(make_folder, tmp_path):
    """Suppression hides what it must, no more: a round with no small count is published in full."""
    out = public_report(attack_folder(make_folder, tmp_path, "hidden_then_exact"), tmp_path / "public")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    first, second = summary["rounds"][0], summary["rounds"][1]
    assert first["counts"]["referrals"] == SUPPRESSED and first["counts"]["referral_rows"] == SUPPRESSED
    assert second["counts"]["referrals"] == 7 and second["counts"]["referral_rows"] == 3
    per = {r["id"]: r for r in first["per_agency"]}
    assert per["c"]["referrals_out"] == 4 and per["a"]["referrals_out"] == SUPPRESSED
    assert per["e"]["referrals_out"] == 0 and per["e"]["referrals_in"] == 0  # zero is not hidden
    assert summary["change"]["metrics"]["referrals"] == {"before": SUPPRESSED, "after": 10, "delta": SUPPRESSED}


# --------------------------------------------------------------------------- the solver finds leaks

def _naive_shown(self, value, hidden_parts):
    """The masking before this rule: a sum is masked only when its own value is small."""
    return self.disclosure.count(int(value))


def _small_sums_as_less_than(self, value, hidden_parts):
    """Complementary suppression, but a small sum shown as "<T" instead of "x"."""
    if self.disclosure.public and hidden_parts:
        return f"<{self.disclosure.threshold}" if value < self.disclosure.threshold else SUPPRESSED
    return int(value)


def test_solver_recovers_the_issue_example_under_the_old_masking(tmp_path, monkeypatch):
    monkeypatch.setattr(PublicCounts, "shown", _naive_shown)
    monkeypatch.setattr(PublicCounts, "rows", lambda self, value: value)
    system, _ = read_public_report(public_report(ROOT / "data" / "city_b", tmp_path / "naive"))
    solution = solve(system)
    # round 0: total 6, lead_dept -> hiki_office 5, so hoken -> hiki_office (shown "<3") is 1
    key = (0, "hoken", "hiki_office")
    assert (solution.lo[key], solution.hi[key]) == (1, 1)
    assert (f"pair {key}", 1) in solution.propagated
    assert solution.determined


@pytest.mark.parametrize("name", ["one_hidden_part", "hidden_then_exact", "sent_exact_received_hidden",
                                  "rows_bound"])
def test_solver_finds_the_leaks_of_the_old_masking(name, make_folder, tmp_path, monkeypatch):
    monkeypatch.setattr(PublicCounts, "shown", _naive_shown)
    monkeypatch.setattr(PublicCounts, "rows", lambda self, value: value)
    solution, _ = attack(attack_folder(make_folder, tmp_path, name), tmp_path / "naive")
    assert any(n.startswith("pair ") for n, _ in solution.determined), solution.determined


def test_a_small_total_shown_as_less_than_pins_its_links(make_folder, tmp_path, monkeypatch):
    """Why a suppressed sum is "x" even when small: "<3" over 2 drawn links means 1 and 1."""
    monkeypatch.setattr(PublicCounts, "shown", _small_sums_as_less_than)
    solution, _ = attack(attack_folder(make_folder, tmp_path, "t_minus_1_links"), tmp_path / "lt")
    assert {(0, "a", "b"), (0, "a", "c")} <= {k for k in solution.lo if solution.lo[k] == solution.hi[k] == 1}


def test_published_row_count_bounds_a_hidden_pair(make_folder, tmp_path, monkeypatch):
    """Why the number of referral rows is suppressed too: 5 rows, a -> c is 3, so a -> b >= 2."""
    monkeypatch.setattr(PublicCounts, "rows", lambda self, value: value)
    solution, _ = attack(attack_folder(make_folder, tmp_path, "rows_bound"), tmp_path / "rows")
    assert ("pair (0, 'a', 'b')", "fixed") in solution.determined


def test_enumeration_and_search_agree(tmp_path):
    """The exact stage: a small system decided by enumeration and by search gives the same answer."""
    system = System(3)
    for key in ("p", "q", "r"):
        system.var(key, 1, 2)
    system.add({"p": 1, "q": 1}, 3, 3, "p + q = 3")  # p, q in {1, 2}: (1, 2) or (2, 1)
    system.add({"q": 1, "r": -1}, 0, 0, "q = r")
    system.targets = [("p", {"p": 1}), ("p + q", {"p": 1, "q": 1}), ("r", {"r": 1})]
    enumerated = solve(system)
    assert enumerated.enumerated == 1
    assert enumerated.determined == [("p + q", "exact")]
    global ENUMERATION_LIMIT
    saved, ENUMERATION_LIMIT = ENUMERATION_LIMIT, 0
    try:
        searched = solve(system)
    finally:
        ENUMERATION_LIMIT = saved
    assert searched.enumerated == 0 and searched.determined == enumerated.determined


# --------------------------------------------------------------------------- the crossings (who carries each boundary)

# x leaves at 30, w at 50; y and q serve 30-80; boundaries 30, 50, 81 (windows with w = 2: [28, 31], [48, 51], [79, 82])
CROSSING_AGENCIES = [("x", "X", "福祉", 6, 29), ("w", "W", "若者", 6, 49), ("y", "Y", "福祉", 30, 80),
                     ("q", "Q", "保健", 30, 80)]
CROSSING_MEETINGS = [("m0", 0, "2025-04-01"), ("m1", 1, "2025-07-01")]
CROSSING_ATTENDANCE = [("m0", "x"), ("m0", "y"), ("m1", "w"), ("m1", "q")]
CROSSING_ATTACKS = {
    # x -> y is 2 (hidden): one client near 30, one near 50; y carries at both, so the names alone need two rows
    "two_windows": [("x", "y", "2025-03-01", 1, 30), ("x", "y", "2025-03-02", 1, 50), ("w", "q", "2025-03-01", 4, "")],
    # w -> y is 1 then 2 (hidden): the second client, near 50, comes in round 1; w hands over at 50 from then on
    "new_row_later": [("w", "y", "2025-03-01", 1, 24), ("w", "y", "2025-06-01", 1, 50), ("x", "q", "2025-03-01", 3, "")],
    # x -> q is 6 (exact), one of them near 30: a carrier's count of 1 inside an exact pair
    "small_part": [("x", "q", "2025-03-01", 5, ""), ("x", "q", "2025-03-02", 1, 30), ("w", "y", "2025-06-01", 3, 50)],
}


def crossing_folder(make_folder, tmp_path: Path, name: str) -> Path:
    return make_folder(tmp_path, agencies=CROSSING_AGENCIES, meetings=CROSSING_MEETINGS,
                       attendance=CROSSING_ATTENDANCE, referrals=CROSSING_ATTACKS[name], name=name)


@pytest.mark.parametrize("name", sorted(CROSSING_ATTACKS))
def test_no_hidden_count_can_be_recomputed_from_the_crossings(name, make_folder, tmp_path):
    solution, evidence = attack(crossing_folder(make_folder, tmp_path, name), tmp_path / "public")
    assert evidence["crossings"] > 0
    assert leaks(solution) == [], leaks(solution)


def test_a_carriers_small_count_inside_an_exact_pair_is_hidden(make_folder, tmp_path):
    out = public_report(crossing_folder(make_folder, tmp_path, "small_part"), tmp_path / "public")
    last = json.loads((out / "summary.json").read_text(encoding="utf-8"))["rounds"][-1]
    at = {c["boundary"]: c for c in last["crossings"]}
    assert at[30]["carriers"] == [{"agency": "q", "referrals": SUPPRESSED}] and at[30]["near_referrals"] == SUPPRESSED
    assert at[50]["carriers"] == [{"agency": "y", "referrals": 3}] and at[50]["near_referrals"] == 3  # exact pairs


def test_solver_finds_crossing_counts_published_as_they_are(make_folder, tmp_path, monkeypatch):
    """Without the counts' rule, y's counts at 30 and 50 (1 and 1) give away x -> y = 2."""
    from hikinet_graph.core import public_crossings

    monkeypatch.setattr(public_crossings, "crossings_shown", lambda entries, counts: entries)
    monkeypatch.setattr(sys.modules[__name__], "KNOWS_THE_RULE", False)
    solution, _ = attack(crossing_folder(make_folder, tmp_path, "two_windows"), tmp_path / "open")
    assert any(n.startswith("pair ") and "'x', 'y'" in n for n, _ in solution.determined), solution.determined


def test_solver_finds_names_that_need_two_rows(make_folder, tmp_path, monkeypatch):
    """Why names are guarded: y named as a carrier at 30 and at 50 needs two rows of x -> y, so "<3" is 2."""
    from hikinet_graph.core import public_crossings

    monkeypatch.setattr(public_crossings, "_guard_pair", lambda shown, counts, pair: shown)
    solution, _ = attack(crossing_folder(make_folder, tmp_path, "two_windows"), tmp_path / "named")
    assert any(n.startswith("pair ") and "'x', 'y'" in n for n, _ in solution.determined), solution.determined


def test_solver_finds_a_name_that_dates_a_row(make_folder, tmp_path, monkeypatch):
    """Why an earlier state keeps only what stays exact: w handing over at 50 from round 1 on, and not in
    round 0 (whose near_referrals 0 would say the list is complete), dates a second row of w -> y."""
    from hikinet_graph.write import data_files

    monkeypatch.setattr(data_files, "public_states", lambda states: states)
    solution, _ = attack(crossing_folder(make_folder, tmp_path, "new_row_later"), tmp_path / "dated")
    assert ("pair (0, 'w', 'y')", "fixed") in solution.determined, solution.determined
