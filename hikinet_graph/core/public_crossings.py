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

from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .crossings import boundary_crossings
from .public import SUPPRESSED

if TYPE_CHECKING:
    from .public import PublicCounts

__all__ = ["crossings_shown", "public_states"]


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


def _pair_rows(rows: pd.DataFrame, pair: tuple[int, int]) -> np.ndarray:
    return (rows["src"].to_numpy(np.int64) == pair[0]) & (rows["dst"].to_numpy(np.int64) == pair[1])


def _units(rows: pd.DataFrame) -> list[int | None]:
    """One client age (None: unknown) per referral of these rows."""
    ages = rows["client_age"].astype(object).where(rows["client_age"].notna(), None).tolist()
    return [None if age is None else int(age) for age, n in zip(ages, rows["count"].tolist()) for _ in range(n)]


def _needs(shown: list[dict], support: list[dict], pair_ids: tuple[str, str]) -> list[tuple[int, str, dict]]:
    """The names only this pair's rows support: (boundary, "carrier" or "handed_over", the shown entry)."""
    source, target = pair_ids
    needs = []
    for entry, other in zip(shown, support):
        if any(c["agency"] == target for c in entry["carriers"]) and \
                target not in {c["agency"] for c in other["carriers"]}:
            needs.append((entry["boundary"], "carrier", entry))
        if source in entry["handed_over"] and source not in other["handed_over"] and target in entry["receiving"]:
            needs.append((entry["boundary"], "handed_over", entry))
    return needs


def _guard_pair(shown: list[dict], counts: "PublicCounts", pair: tuple[int, int]) -> list[dict]:
    """Leave out the names that would force ``pair`` (suppressed, at T-1) to hold all its rows."""
    ids, window = counts.ids, counts.window
    rows = counts.row_table
    mine = _pair_rows(rows, pair)
    units = _units(rows[mine])
    support = boundary_crossings(list(counts.agencies), [e["boundary"] for e in shown], rows[~mine], window)
    needs = _needs(shown, support, (ids[pair[0]], ids[pair[1]]))
    if not needs:
        return shown

    def covered(age: int | None) -> set[int]:
        return {k for k, (b, _, _) in enumerate(needs) if age is not None and b - window <= age <= b + window - 1}

    cover = [covered(age) for age in units]
    everything = set(range(len(needs)))
    for size in range(1, len(units)):
        if any(set().union(*(cover[k] for k in chosen)) == everything for chosen in combinations(range(len(units)), size)):
            return shown  # fewer rows would do: the pair's count is not pinned
    keep = max(cover, key=len)
    dropped = {(needs[k][0], needs[k][1]) for k in everything - keep}
    source, target = ids[pair[0]], ids[pair[1]]
    return [dict(e, carriers=[c for c in e["carriers"] if (e["boundary"], "carrier") not in dropped
                              or c["agency"] != target],
                 handed_over=[a for a in e["handed_over"] if (e["boundary"], "handed_over") not in dropped
                              or a != source]) for e in shown]


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
    rows, n = counts.row_table, len(counts.ids)
    hidden = counts.hidden_pairs
    keys = rows["src"].to_numpy(np.int64) * n + rows["dst"].to_numpy(np.int64)
    in_hidden = np.isin(keys, [s * n + d for s, d in hidden])
    through_hidden = boundary_crossings(list(counts.agencies), [e["boundary"] for e in entries], rows[in_hidden],
                                        counts.window)
    shown = [_counts(entry, h, counts) for entry, h in zip(entries, through_hidden)]
    for pair in sorted(hidden):
        if int(_pair_rows(rows, pair).astype(np.int64) @ rows["count"].to_numpy(np.int64)) >= \
                counts.disclosure.threshold - 1:
            shown = _guard_pair(shown, counts, pair)
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
