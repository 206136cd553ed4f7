"""What a public page may show of the crossings (who carries each age boundary): their counts and their names.

A crossing publishes sums over referral *rows* chosen by the client's age, so finer
than a pair (the cells of :mod:`.public`): a carrier's ``referrals`` (the rows near
boundary b into one receiving agency) and the boundary's ``near_referrals``. It also
names agencies (carriers, ``handed_over``), and a name says that such a row exists.
Under ``--public``, with T the threshold:

- **counts**: a carrier's count is ``"x"`` when it is 1 to T-1 (its own primary
  suppression) or includes a row of a primarily suppressed pair (complementary
  suppression); never ``"<T"``, as it sums rows of several pairs and "<T" could pin
  each of them. ``near_referrals`` is ``"x"`` when it is 1 to T-1, includes a row of a
  suppressed pair, or when any carrier's count at that boundary is hidden. Hidden
  carriers are listed after the exact ones, by id, so that their place in the list
  (most referrals first) tells nothing. An exact crossing count is at least T and
  made of rows of exact pairs only.
- **names within a state**: names can force a suppressed pair to have more rows than
  one (a carrier at two boundaries whose windows do not meet needs two rows). For each
  suppressed pair at T-1 whose rows no other pair could stand in for, the names only it
  supports are kept when one of its rows covers them, and the others are left out, so
  that the pair could as well hold a single row. Such a list sits beside a
  ``near_referrals`` of ``"x"``: there, a list may be partial.
- **names across states** (:func:`public_states`): rows accumulate, so a name that
  appears from one round to the next would date a new row. Only the last state of a
  report names everyone; an earlier state keeps a boundary's figures only when they
  stay exact in every later state, otherwise its ``near_referrals`` is ``"x"`` (a zero
  included), its carriers name only those exact now and in every later state, and its
  ``handed_over`` is empty.

Wherever ``near_referrals`` is exact, the lists are complete. ``tests/test_public_suppression.py``
writes every published figure and name as equations over the rows by age and checks
that no hidden count is determined.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

from .crossings import _Arrays, boundary_crossings
from .public import SUPPRESSED

if TYPE_CHECKING:
    from .public import PublicCounts

__all__ = ["crossings_shown", "public_states"]

_AGENCY = itemgetter("agency")


def _counts(entry: dict, through_hidden: dict, counts: "PublicCounts") -> dict:
    """One boundary's counts as shown, given the same entry over the rows of hidden pairs only."""
    touched = {c["agency"] for c in through_hidden["carriers"]}
    exact, hidden = [], []
    for carrier in entry["carriers"]:
        if counts.disclosure.masked(carrier["referrals"]) or carrier["agency"] in touched:
            hidden.append({"agency": carrier["agency"], "referrals": SUPPRESSED})
        else:
            exact.append(dict(carrier))
    near = entry["near_referrals"]
    if hidden or through_hidden["near_referrals"] or counts.disclosure.masked(near):
        near = SUPPRESSED
    return dict(entry, near_referrals=near, carriers=exact + sorted(hidden, key=lambda c: c["agency"]))


class _Rows:
    """A state's referral rows, indexed once so that "the crossings without one pair's rows" is a subtraction.

    Per examined boundary (sorted, as :func:`~.crossings.boundary_crossings` lists them), from
    the rows near it: which agencies receive (``receiving``) and leave (``leaving``) there, how
    many near rows go to each agency (``into``), how many each agency sends to a receiving one
    (``handing``), and how many near rows each pair has (``near_keys``, ``near_rows``). Without a
    pair's rows, an agency stays a carrier (or stays among those that handed over) when rows
    other than the pair's remain: a row names it whatever its count, as in ``boundary_crossings``.
    A pair (from, to) is the key ``from * n + to``; every row, in its table order and grouped by
    pair (``order``, ``keys``), gives a pair's total and its referrals' ages.
    """

    def __init__(self, counts: "PublicCounts", boundaries: list[int]):
        self.n = n = len(counts.ids)
        table = counts.row_table
        arrays = _Arrays(list(counts.agencies), table)
        self.boundaries = sorted(boundaries)
        near = [self._near(arrays, b, counts.window) for b in self.boundaries]
        self.receiving, self.leaving, self.into, self.handing, self.near_keys, self.near_rows = \
            ([at[column] for at in near] for column in range(6))
        keys = table["src"].to_numpy(np.int64) * n + table["dst"].to_numpy(np.int64)
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]
        self.count = table["count"].to_numpy(np.int64)
        self.known = table["client_age"].notna().to_numpy()
        self.age = table["client_age"].fillna(-1).to_numpy(np.int64)

    def _near(self, arrays: _Arrays, b: int, window: int) -> tuple:
        """One boundary's arrays (class docstring)."""
        near = arrays.near(b, window)
        src, dst = arrays.src[near], arrays.dst[near]
        receiving = arrays.serving(b)
        keys, rows = np.unique(src * self.n + dst, return_counts=True)
        return (receiving, arrays.service & (arrays.hi == b - 1),  # leaving: as boundary_crossings says
                np.bincount(dst, minlength=self.n), np.bincount(src[receiving[dst]], minlength=self.n), keys, rows)

    def totals(self, keys: np.ndarray) -> np.ndarray:
        """The referrals of each pair ``keys`` over all its rows (0: no row)."""
        lo, hi = np.searchsorted(self.keys, keys, "left"), np.searchsorted(self.keys, keys, "right")
        running = np.concatenate([[0], np.cumsum(self.count[self.order])])
        return running[hi] - running[lo]

    def support(self, k: int, src: np.ndarray, dst: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per pair: without its rows, is ``dst`` still a carrier at boundary ``k``, ``src`` still one that handed over?"""
        keys = src * self.n + dst
        known, rows = self.near_keys[k], self.near_rows[k]
        at = np.minimum(np.searchsorted(known, keys), max(len(known) - 1, 0))
        mine = np.where(known[at] == keys, rows[at], 0) if len(known) else np.zeros(len(keys), dtype=np.int64)
        receiving = self.receiving[k][dst]
        return (receiving & (self.into[k][dst] > mine),
                self.leaving[k][src] & (self.handing[k][src] > np.where(receiving, mine, 0)))

    def units(self, pair: tuple[int, int]) -> list[int | None]:
        """One client age (None: unknown) per referral of this pair's rows, in table order."""
        key = pair[0] * self.n + pair[1]
        rows = self.order[np.searchsorted(self.keys, key, "left"):np.searchsorted(self.keys, key, "right")]
        return [int(self.age[r]) if self.known[r] else None for r in rows.tolist() for _ in range(int(self.count[r]))]


def _rows(counts: "PublicCounts", boundaries: list[int]) -> _Rows:
    """The state's rows indexed for these boundaries, built once per state (kept on ``counts`` while
    :func:`crossings_shown` works)."""
    key = tuple(sorted(boundaries))
    return counts._cached(f"crossing rows {key}", lambda: _Rows(counts, list(key)))


def _support(shown: list[dict], counts: "PublicCounts", pair: tuple[int, int]) -> list[dict]:
    """The names of the entries computed without ``pair``'s rows, as far as ``pair``'s two agencies go."""
    rows, (source, target) = _rows(counts, [e["boundary"] for e in shown]), (counts.ids[pair[0]], counts.ids[pair[1]])
    src, dst = np.array([pair[0]], dtype=np.int64), np.array([pair[1]], dtype=np.int64)
    support = []
    for k in range(len(rows.boundaries)):
        carrier, handed = rows.support(k, src, dst)
        support.append({"carriers": [{"agency": target}] if carrier[0] else [],
                        "handed_over": [source] if handed[0] else []})
    return support


def _needs(shown: list[dict], support: list[dict], pair_ids: tuple[str, str]) -> list[tuple[int, str, dict]]:
    """The names only this pair's rows support: (boundary, "carrier" or "handed_over", the shown entry)."""
    source, target = pair_ids
    needs = []
    for entry, other in zip(shown, support):
        # the cheap test first: the shown lists can hold every agency
        if target not in {c["agency"] for c in other["carriers"]} and target in map(_AGENCY, entry["carriers"]):
            needs.append((entry["boundary"], "carrier", entry))
        if source not in other["handed_over"] and source in entry["handed_over"] and target in entry["receiving"]:
            needs.append((entry["boundary"], "handed_over", entry))
    return needs


def _guard_pair(shown: list[dict], counts: "PublicCounts", pair: tuple[int, int]) -> list[dict]:
    """Leave out the names that would force ``pair`` (suppressed, at T-1) to hold all its rows."""
    ids, window = counts.ids, counts.window
    needs = _needs(shown, _support(shown, counts, pair), (ids[pair[0]], ids[pair[1]]))
    if not needs:
        return shown
    units = _rows(counts, [e["boundary"] for e in shown]).units(pair)

    def covered(age: int | None) -> set[int]:
        return {k for k, (b, _, _) in enumerate(needs) if age is not None and b - window <= age <= b + window - 1}

    cover = [covered(age) for age in units]
    everything = set(range(len(needs)))
    # fewer rows would do (then the pair's count is not pinned) when all but one of them already cover every
    # name: covering only grows with more rows, so this is "some smaller set of its rows covers them all"
    if any(set().union(*cover[:k], *cover[k + 1:]) == everything for k in range(len(units))):
        return shown
    keep = max(cover, key=len)
    dropped = {(needs[k][0], needs[k][1]) for k in everything - keep}
    source, target = ids[pair[0]], ids[pair[1]]
    return [dict(e, carriers=[c for c in e["carriers"] if (e["boundary"], "carrier") not in dropped
                              or c["agency"] != target],
                 handed_over=[a for a in e["handed_over"] if (e["boundary"], "handed_over") not in dropped
                              or a != source]) for e in shown]


def _through_hidden(entries: list[dict], counts: "PublicCounts", hidden: np.ndarray) -> list[dict]:
    """The entries computed over the rows of the ``hidden`` pairs (from, to) only."""
    rows, n = counts.row_table, len(counts.ids)
    keys = rows["src"].to_numpy(np.int64) * n + rows["dst"].to_numpy(np.int64)
    in_hidden = np.isin(keys, hidden[:, 0] * n + hidden[:, 1])
    return boundary_crossings(list(counts.agencies), [e["boundary"] for e in entries], rows[in_hidden], counts.window)


def _to_guard(shown: list[dict], counts: "PublicCounts", pairs: np.ndarray) -> list[tuple[int, int]]:
    """The hidden ``pairs`` at T-1 (by their rows) that some shown name needs, in order: the only ones
    :func:`_guard_pair` can change anything for. Guarding only removes names, so a pair that no name
    needs now needs none later either."""
    rows = _rows(counts, [e["boundary"] for e in shown])
    pairs = pairs[rows.totals(pairs[:, 0] * rows.n + pairs[:, 1]) >= counts.disclosure.threshold - 1]
    src, dst = pairs[:, 0], pairs[:, 1]
    position = {agency_id: k for k, agency_id in enumerate(counts.ids)}

    def named(names) -> np.ndarray:
        mask = np.zeros(rows.n, dtype=bool)
        mask[[position[a] for a in names if a in position]] = True
        return mask

    needed = np.zeros(len(pairs), dtype=bool)
    for k, entry in zip(range(len(rows.boundaries)), shown):
        carrier, handed = rows.support(k, src, dst)
        needed |= named(c["agency"] for c in entry["carriers"])[dst] & ~carrier
        needed |= named(entry["handed_over"])[src] & ~handed & named(entry["receiving"])[dst]
    return [(int(s), int(d)) for s, d in pairs[needed].tolist()]


def crossings_shown(entries: list[dict], counts: "PublicCounts") -> list[dict]:
    """A state's ``crossings`` as a public page may show them: counts masked, names guarded (module docstring).

    Parameters
    ----------
    entries : list of dict
        The state's ``crossings`` (:func:`~.crossings.boundary_crossings`).
    counts : PublicCounts
        The state's public counts, with its referral rows, agencies and window.

    Returns
    -------
    list of dict
        The entries as shown.
    """
    hidden = np.array(sorted(counts.hidden_pairs), dtype=np.int64).reshape(-1, 2)
    shown = [_counts(entry, h, counts) for entry, h in zip(entries, _through_hidden(entries, counts, hidden))]
    try:
        for pair in _to_guard(shown, counts, hidden):
            shown = _guard_pair(shown, counts, pair)
    finally:  # the index is as large as the rows: not kept once the state is worked out
        counts._forget(f"crossing rows {tuple(sorted(e['boundary'] for e in shown))}")
    return shown


def _earlier(entry: dict, later: list[dict]) -> dict:
    """One boundary of an earlier state, given the same boundary in every later state (all as shown)."""
    states = [entry, *later]
    if all(e["near_referrals"] != SUPPRESSED for e in states):
        return entry
    keep = set.intersection(*({c["agency"] for c in e["carriers"] if c["referrals"] != SUPPRESSED} for e in states))
    return dict(entry, near_referrals=SUPPRESSED, handed_over=[],
                carriers=[c for c in entry["carriers"] if c["agency"] in keep])


def public_states(states: list[dict]) -> list[dict]:
    """Every state of a public report (each :func:`~.public.public_analysis`), first to last, as it may show them.

    The last state names every carrier and every agency that handed over (within the
    names rule); an earlier state keeps a boundary's figures only when they stay exact in
    every later state (module docstring).
    """
    shown = list(states)
    for k in range(len(shown) - 1):
        later = [{e["boundary"]: e for e in s["crossings"]} for s in shown[k + 1:]]
        shown[k] = dict(shown[k], crossings=[_earlier(e, [m[e["boundary"]] for m in later])
                                             for e in shown[k]["crossings"]])
    return shown
