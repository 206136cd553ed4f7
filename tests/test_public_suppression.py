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
accumulate, so x[r] <= x[r+1]. The solver propagates bounds to a fixpoint, then
decides exactly (exhaustive enumeration of small components, a search with
propagation for larger ones) whether each hidden pair and each suppressed sum
can take two values. The report passes only if none is determined.

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
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hikinet_graph.i18n import t
from hikinet_graph.core.public import SUPPRESSED, PublicCounts

from conftest import run

ROOT = Path(__file__).resolve().parent.parent
INF = 10**9
ENUMERATION_LIMIT = 20_000  # components with at most this many assignments are enumerated outright


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


def _propagate(constraints: list, lo: dict, hi: dict) -> bool:
    """Bounds propagation to a fixpoint; False when the bounds contradict."""
    changed = True
    while changed:
        changed = False
        for c in constraints:
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
                if new_lo > lo[v]:
                    lo[v], changed = new_lo, True
                if new_hi < hi[v]:
                    hi[v], changed = new_hi, True
                if lo[v] > hi[v]:
                    return False
                low = rest_low + a * (lo[v] if a > 0 else hi[v])
                high = rest_high + a * (hi[v] if a > 0 else lo[v])
    return True


def _search(constraints: list, lo: dict, hi: dict, variables: list) -> dict | None:
    """One integer solution within the bounds (depth-first, propagating at each step), or None."""
    lo, hi = dict(lo), dict(hi)
    if not _propagate(constraints, lo, hi):
        return None
    free = [v for v in variables if lo[v] < hi[v]]
    if not free:
        return {v: lo[v] for v in variables}
    v = min(free, key=lambda k: hi[k] - lo[k])
    for value in range(lo[v], min(hi[v], lo[v] + 50) + 1):
        lo2, hi2 = dict(lo), dict(hi)
        lo2[v] = hi2[v] = value
        found = _search(constraints, lo2, hi2, variables)
        if found is not None:
            return found
    return None


@dataclass
class Solution:
    lo: dict
    hi: dict
    determined: list  # (name, value) of targets a reader can compute
    propagated: list  # the same, found by bounds propagation alone
    enumerated: int  # components decided by exhaustive enumeration


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
                    for k, p in parts:
                        seen[k].add(sum(a * point[v] for v, a in p.items()))
            assert all(seen.values()), "no solution: the published figures contradict each other"
            for k, _ in parts:
                partial_free[(k, key)] = len(seen[k]) > 1
        else:
            base = _search(local, lo, hi, members)
            assert base is not None, "no solution: the published figures contradict each other"
            for k, p in parts:
                value = sum(a * base[v] for v, a in p.items())
                other = any(_search(local + [Constraint(p, bound[0], bound[1], "probe")], lo, hi, members)
                            is not None for bound in ((-INF, value - 1), (value + 1, INF)))
                partial_free[(k, key)] = other
    determined = []
    for k, (name, coeffs) in enumerate(system.targets):
        keys = {root(v) for v in coeffs if lo[v] < hi[v]}
        if not any(partial_free[(k, key)] for key in keys):
            determined.append((name, "fixed" if not keys else "exact"))
    return Solution(lo, hi, determined, propagated, enumerated)


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


def read_public_report(out: Path, lang: str = "ja") -> tuple[System, dict]:
    """The attacker's linear system from every figure of a public report folder."""
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    threshold = summary["public"]["threshold"]
    system = System(threshold)
    rounds = [r["round"] for r in summary["rounds"]]
    name = {r: "all" if r is None else r for r in rounds}
    pairs: dict = {}  # round -> set of drawn (from, to)
    hidden: set = set()  # (round, from, to) shown "<T"
    evidence = {"edges": 0, "tooltips": 0, "hidden_widths": set(), "sizes": {}}
    for r in rounds:
        drawn = {}
        for view in ("network", "ages"):
            data = page_data(out / "maps" / f"round-{name[r]}-{view}.html")
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
                    degree = int(_tooltip_value(node["title"], t("tip_linked", lang)))
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
    system.targets += [(f"pair {key}", {key: 1}) for key in sorted(hidden, key=repr)]
    return system, evidence


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
    assert evidence["edges"] > 0 and evidence["tooltips"] > 0
    assert solution.determined == [], solution.determined


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_no_hidden_count_can_be_recomputed_in_attack_folders(name, make_folder, tmp_path):
    solution, _ = attack(attack_folder(make_folder, tmp_path, name), tmp_path / "public")
    assert solution.determined == [], solution.determined


def test_a_higher_threshold_also_holds(tmp_path):
    solution, _ = attack(ROOT / "data" / "city_b", tmp_path / "public", "--threshold", "5")
    assert solution.determined == [], solution.determined


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
