"""What may be shown: small referral counts hidden in pages shared outside the core members.

A referral count of 1 or 2 between two named agencies can point to a person in
a small town. ``--public`` output hides such counts by cell suppression, the
method of official statistics (e-Stat writes such cells as 秘匿):

- **primary suppression**: the referrals from one agency to another in one
  snapshot (a directed pair), when 1 to T-1, are shown as ``"<T"`` (T is the
  threshold, 3 unless configured);
- **complementary suppression**: every published count that is a sum over
  referral rows including a primarily suppressed pair of the same snapshot (an
  agency's sent or received total, the network total, the number of referral
  rows, a sum per area pair, sector, age boundary or carrier, a before/after
  change) is shown as ``"x"`` (:data:`SUPPRESSED`), whatever its own value;
  so a published figure is either exact and made of exact pairs only, or hidden.

Why this is enough: every exact figure is then a sum of exact pair counts, so no
equation a reader can write links an exact figure to a hidden pair; what is left
of a hidden pair is its drawn link (at least 1), its "<T" (at most T-1) and the
order of the rounds (snapshots accumulate, so it grows or stays). A sum is never
shown as "<T": with T-1 drawn links below it that would pin each of them to 1.
Zero is not hidden: "no referral" is public in the never-referred lists.

**Crossings** (who carries each age boundary) publish counts finer than a pair
(rows chosen by the client's age) and names that say such rows exist; their rule is
in :mod:`.public_crossings`. ``client_age`` is used for those counts only, and no
person's age is shown in any page or file.

**The meeting log** (目的・成果・次の取組, free text) is left out of public pages whole
(:func:`public_meetings`): text is not counts, and no rule can tell a safe sentence from one that
points to a person.

The rule lives here, in :class:`PublicCounts` (built by :meth:`Disclosure.counts`,
once per snapshot by its caller); every page and file reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

__all__ = ["Disclosure", "PublicCounts", "INTERNAL", "DEFAULT_THRESHOLD", "SUPPRESSED", "public_analysis",
           "public_meetings"]

from .disclosure import DEFAULT_THRESHOLD, INTERNAL, SUPPRESSED, Disclosure  # noqa: E402 (light: the CLI reads them)


def _hidden_pairs(count: np.ndarray, disclosure: Disclosure) -> np.ndarray:
    """Which directed pair counts are primarily suppressed (1 to threshold-1 on a public page)."""
    if not disclosure.public:
        return np.zeros(len(count), dtype=bool)
    return (count > 0) & (count < disclosure.threshold)


@dataclass(frozen=True, eq=False)
class PublicCounts:
    """One snapshot's directed referral counts and what a page may show of them and of their sums.

    ``src``, ``dst`` (positions in ``ids``) and ``count`` list every directed pair
    with at least one referral. Sums are exact when none of their pairs is
    hidden, else :data:`SUPPRESSED`; an internal disclosure shows every value.

    New sums of whole pairs (per boundary, per area pair) use :meth:`group_sums`
    or :meth:`sum`. A count finer than a pair (part of one pair's rows, such as a
    per-carrier split) is a new cell: it needs a primary suppression of its own,
    and its pair's complementary one, before it can be published (:meth:`crossings`).
    ``agencies``, ``window`` and ``row_table`` (the snapshot's referral rows) serve that rule.
    """

    disclosure: Disclosure
    ids: tuple[str, ...]
    src: np.ndarray
    dst: np.ndarray
    count: np.ndarray
    agencies: tuple = ()
    window: int = 2
    row_table: pd.DataFrame | None = None
    _hidden: np.ndarray = field(init=False, repr=False)
    _index: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_hidden", _hidden_pairs(self.count, self.disclosure))
        object.__setattr__(self, "_index", {agency_id: k for k, agency_id in enumerate(self.ids)})

    @classmethod
    def of_snapshot(cls, snapshot, disclosure: Disclosure) -> "PublicCounts":
        """The directed referral counts of ``snapshot`` (from its link table), under ``disclosure``."""
        from .snapshot import (
            link_table,  # privacy stays importable without the data layer
        )

        links = link_table(snapshot)
        a, b = links["a"].to_numpy(np.int64), links["b"].to_numpy(np.int64)
        ab, ba = links["ref_ab"].to_numpy(np.int64), links["ref_ba"].to_numpy(np.int64)
        forward, backward = ab > 0, ba > 0
        src, dst = np.concatenate([a[forward], b[backward]]), np.concatenate([b[forward], a[backward]])
        count = np.concatenate([ab[forward], ba[backward]])
        network = snapshot.network
        return cls(disclosure, tuple(network.ids), src, dst, count, tuple(network.agencies),
                   network.config.window, snapshot.referrals)

    @classmethod
    def of_pairs(cls, ids: Sequence[str], pairs: Iterable[tuple[str, str, int]],
                 disclosure: Disclosure) -> "PublicCounts":
        """From ``(from, to, count)`` triples (one per directed pair): for tests and other callers."""
        index = {agency_id: k for k, agency_id in enumerate(ids)}
        rows = [(index[s], index[d], int(c)) for s, d, c in pairs if int(c) > 0]
        src, dst, count = (np.array(col, dtype=np.int64) for col in (zip(*rows) if rows else ([], [], [])))
        return cls(disclosure, tuple(ids), src, dst, count)

    # ------------------------------------------------------------------ the rule

    def shown(self, value: int, hidden_parts: int) -> int | str:
        """A sum of pair counts as shown, given how many of its pairs are hidden: THE rule for every sum."""
        if self.disclosure.public and hidden_parts:
            return SUPPRESSED
        return int(value)

    def group_sums(self, keys: np.ndarray, groups: int) -> list[int | str]:
        """Sums of the pairs by group: ``keys[k]`` in ``range(groups)`` is the group of pair ``k`` (-1: none).

        The building block for per-agency, per-area, per-sector, per-boundary or per-carrier sums.
        """
        keys = np.asarray(keys, dtype=np.int64)
        take = keys >= 0
        value = np.bincount(keys[take], weights=self.count[take], minlength=groups).astype(np.int64)
        hidden = np.bincount(keys[take & self._hidden], minlength=groups)
        return [self.shown(v, h) for v, h in zip(value.tolist(), hidden.tolist())]

    def sum(self, pairs: Iterable[tuple[str, str]]) -> int | str:
        """The referrals over some directed pairs ``(from, to)`` as shown (pairs without referrals add 0)."""
        wanted = {(self._index[s], self._index[d]) for s, d in pairs}
        if not wanted:
            return 0
        take = np.fromiter(((s, d) in wanted for s, d in zip(self.src.tolist(), self.dst.tolist())),
                           dtype=bool, count=len(self.count))
        return self.shown(int(self.count[take].sum()), int(self._hidden[take].sum()))

    # ------------------------------------------------------------------ the figures pages show

    def pair(self, count: int) -> int | str:
        """One directed pair's count: ``"<T"`` when hidden."""
        return self.disclosure.count(int(count))

    @property
    def any_hidden(self) -> bool:
        """Is any pair of this snapshot hidden (so that every total is suppressed)?"""
        return bool(self._hidden.any())

    @property
    def total(self) -> int | str:
        """All referrals of the snapshot."""
        return self.shown(int(self.count.sum()), int(self._hidden.sum()))

    def rows(self, value: int) -> int | str:
        """The number of referral rows: it bounds the counts from below, so hidden with any hidden pair."""
        return self.shown(value, int(self._hidden.sum()))

    @property
    def sent_all(self) -> list[int | str]:
        """Each agency's referrals made, in ``ids`` order."""
        return self._cached("sent", lambda: self.group_sums(self.src, len(self.ids)))

    @property
    def received_all(self) -> list[int | str]:
        """Each agency's referrals received, in ``ids`` order."""
        return self._cached("received", lambda: self.group_sums(self.dst, len(self.ids)))

    def sent(self, agency_id: str) -> int | str:
        """The referrals ``agency_id`` made, as shown."""
        return self.sent_all[self._index[agency_id]]

    def received(self, agency_id: str) -> int | str:
        """The referrals ``agency_id`` received, as shown."""
        return self.received_all[self._index[agency_id]]

    @property
    def hidden_pairs(self) -> set[tuple[int, int]]:
        """The primarily suppressed directed pairs, as (from, to) positions in ``ids``."""
        return set(zip(self.src[self._hidden].tolist(), self.dst[self._hidden].tolist()))

    def crossings(self, entries: list[dict]) -> list[dict]:
        """The snapshot's ``crossings`` as a page may show them (:func:`.public_crossings.crossings_shown`).

        Worked out once per snapshot and entries: every page asks again, and each gets its own copy.
        """
        if not self.disclosure.public or not entries or self.row_table is None:
            return entries
        from .public_crossings import crossings_shown

        done = self.__dict__.setdefault("_crossings", [])
        for given, shown in done:
            if given == entries:
                return _copied(shown)
        shown = crossings_shown(entries, self)
        done.append((_copied(entries), _copied(shown)))
        return _copied(shown)

    def _cached(self, name: str, build):
        cache = self.__dict__.setdefault("_sums", {})
        if name not in cache:
            cache[name] = build()
        return cache[name]

    def _forget(self, name: str) -> None:
        """Let go of what :meth:`_cached` keeps under ``name`` (if anything)."""
        self.__dict__.get("_sums", {}).pop(name, None)


def _copied(entries: list[dict]) -> list[dict]:
    """A copy of crossing entries that shares nothing a caller could change (their lists and carriers)."""
    return [{key: [dict(v) if isinstance(v, dict) else v for v in value] if isinstance(value, list) else value
             for key, value in entry.items()} for entry in entries]


def public_analysis(data: dict, counts: PublicCounts | None) -> dict:
    """An analysis as JSON (:meth:`Analysis.to_dict`) as a public page may show it.

    Every referral count goes through the snapshot's rule: the total and the number of
    referral rows, each agency's sent and received totals, and the crossings' counts
    (:meth:`PublicCounts.crossings`). Internal (``counts`` None or not public): ``data`` unchanged.
    """
    if counts is None or not counts.disclosure.public:
        return data
    data = dict(data, counts=dict(data["counts"], referrals=counts.total,
                                  referral_rows=counts.rows(data["counts"]["referral_rows"])))
    data["per_agency"] = [dict(r, referrals_out=out, referrals_in=into)
                          for r, out, into in zip(data["per_agency"], counts.sent_all, counts.received_all)]
    data["crossings"] = counts.crossings(data["crossings"])
    return data


def public_meetings(meetings: Sequence, disclosure: Disclosure) -> list:
    """The meetings as a page may show them: a public page leaves the meeting log (目的・成果・次の取組) out.

    The log is free text that core members write for each other; however carefully it is written,
    it is not checked for people, so it never leaves the core members (docs/privacy.md).
    """
    if not disclosure.public:
        return list(meetings)
    return [replace(m, purpose="", outcome="", next_steps="") for m in meetings]
