"""The network as of one meeting round, and the links between its agencies.

A snapshot as of round R holds the meetings with round <= R, and the
referrals and relations dated on or before the latest date among those
meetings; undated rows belong to every snapshot. ``round=None`` means all data.
Every agency is in every snapshot, so that isolated ones show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..errors import UnknownRoundError
from ..model import Network

__all__ = ["Snapshot", "take_snapshot", "round_snapshots", "round_cutoffs", "link_table", "REFERRAL_LEVEL"]

# a questionnaire relation of this level or above ("we refer clients") counts as a referral link
REFERRAL_LEVEL = 3


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The network as of one round: its meetings (positions), rows, and the link table (:func:`link_table`).

    The rows as of the round (``attendance``, ``referrals``, ``relations``) are picked out of the
    folder's when first asked for: a report cuts every round's link table at once, and each
    round's rows are then picked by whichever process analyses it.
    """

    network: Network
    round: int | None
    cutoff: dt.date | None
    meetings: list[int]
    links: pd.DataFrame = field(repr=False)

    @property
    def n(self) -> int:
        """The number of agencies (every agency is in every snapshot)."""
        return len(self.network.agencies)

    @cached_property
    def attendance(self) -> pd.DataFrame:
        """The attendance rows of the snapshot's meetings."""
        return _attending(self.network, self.round, self.meetings)

    @cached_property
    def referrals(self) -> pd.DataFrame:
        """The referral rows dated on or before the cut-off, and the undated ones."""
        return _dated_until(self.network.referrals, self.cutoff)

    @cached_property
    def relations(self) -> pd.DataFrame:
        """The relation rows dated on or before the cut-off, and the undated ones."""
        return _dated_until(self.network.relations, self.cutoff)


def _as_of(network: Network, round_: int | None) -> tuple:
    """Round, cut-off and meetings of the snapshot as of ``round_`` (an unknown round raises)."""
    if round_ is None:
        return None, None, list(range(len(network.meetings)))
    if round_ not in network.rounds:
        raise UnknownRoundError(round_, network.rounds)
    return round_, round_cutoffs(network)[round_], [i for i, m in enumerate(network.meetings) if m.round <= round_]


def take_snapshot(network: Network, round_: int | None = None) -> Snapshot:
    """The network as of ``round_`` (all data when None), with its link table; an unknown round raises.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> snapshot = take_snapshot(tiny_network(), 1)
    >>> snapshot.cutoff.isoformat(), len(snapshot.referrals), len(snapshot.links)
    ('2025-06-01', 1, 3)
    """
    round_, cutoff, meetings = _as_of(network, round_)
    rows = {"attendance": _attending(network, round_, meetings), "referrals": _dated_until(network.referrals, cutoff),
            "relations": _dated_until(network.relations, cutoff)}
    snapshot = Snapshot(network, round_, cutoff, meetings, _links_of(*rows.values(), len(network.agencies)))
    vars(snapshot).update(rows)  # the rows just picked are the cached ones (functools.cached_property keeps them there)
    return snapshot


def round_cutoffs(network: Network) -> dict[int, dt.date]:
    """Each round's cut-off: the latest date among the meetings with round <= R (non-decreasing in R)."""
    latest: dict[int, dt.date] = {}
    for meeting in network.meetings:
        latest[meeting.round] = max(latest.get(meeting.round, meeting.date), meeting.date)
    cutoffs, running = {}, None
    for round_ in sorted(latest):
        running = latest[round_] if running is None else max(running, latest[round_])
        cutoffs[round_] = running
    return cutoffs


def round_snapshots(network: Network, with_all: bool = False) -> list[Snapshot]:
    """A snapshot per round, their link tables computed together (and the all-data one last, ``with_all``).

    Snapshots are cumulative, so every row is assigned once to the first round
    that contains it and aggregated per (pair, round); each round's links are
    then sums over the rounds up to it, not a fresh pass over every row. Rows
    dated after the last round's cut-off belong to one more stage, all data.
    """
    rounds = network.rounds
    if not rounds:
        return [take_snapshot(network, None)] if with_all else []
    cutoffs = np.array([np.datetime64(round_cutoffs(network)[r], "ns") for r in rounds])
    meeting_stage = np.array([rounds.index(m.round) for m in network.meetings], dtype=np.int64)

    def stage_of_dates(dates: pd.Series) -> np.ndarray:
        values = dates.to_numpy(dtype="datetime64[ns]")
        stage = np.searchsorted(cutoffs, values, side="left")
        stage[np.isnat(values)] = 0  # undated rows belong to every snapshot
        return stage

    attendance = network.attendance.assign(
        stage=meeting_stage[network.attendance["meeting"].to_numpy(np.int64)] if len(network.attendance) else 0)
    referrals = network.referrals.assign(stage=stage_of_dates(network.referrals["date"]))
    relations = network.relations.assign(stage=stage_of_dates(network.relations["date"]))
    partial = _pair_rows(attendance, referrals, relations, by_stage=True)
    tables = _cumulative_tables(partial, len(rounds) + with_all, len(network.agencies))
    snapshots = [Snapshot(network, *_as_of(network, r), tables[k]) for k, r in enumerate(rounds)]
    return snapshots + ([Snapshot(network, *_as_of(network, None), tables[-1])] if with_all else [])


def _cumulative_tables(partial: pd.DataFrame, stages: int, agencies: int) -> list[pd.DataFrame]:
    """The link table as of each stage from per-(pair, stage) rows: what :func:`_finish` makes of the rows
    of stages up to it, for every stage at once (sums by ``np.bincount`` over the pairs in sorted order)."""
    if not len(partial):
        return [_finish(partial.drop(columns="stage")) for _ in range(stages)]
    key = partial["a"].to_numpy(np.int64) * agencies + partial["b"].to_numpy(np.int64)
    pairs, where = np.unique(key, return_inverse=True)  # sorted (a, b), as _finish sorts them
    stage = partial["stage"].to_numpy(np.int64)
    counts = {c: partial[c].to_numpy(np.int64) for c in ("meetings", "ref_ab", "ref_ba")}
    level = partial["level"].to_numpy(np.int64)
    tables = []
    for k in range(stages):
        rows = stage <= k
        at = where[rows]
        present = np.bincount(at, minlength=len(pairs)) > 0
        columns = {"a": pairs[present] // agencies, "b": pairs[present] % agencies}
        for name, values in counts.items():  # integer sums, exact in float64 below 2**53
            columns[name] = np.bincount(at, weights=values[rows], minlength=len(pairs))[present].astype(np.int64)
        highest = np.zeros(len(pairs), dtype=np.int64)
        np.maximum.at(highest, at, level[rows])
        columns["level"] = highest[present]
        table = pd.DataFrame(columns)
        table["referral_link"] = (table["ref_ab"] + table["ref_ba"] > 0) | (table["level"] >= REFERRAL_LEVEL)
        tables.append(table)
    return tables


def _attending(network: Network, round_: int | None, meetings: list[int]) -> pd.DataFrame:
    """The attendance rows of ``meetings`` (every row for all data)."""
    if round_ is None:
        return network.attendance
    return network.attendance[network.attendance["meeting"].isin(meetings)]


def _dated_until(rows: pd.DataFrame, cutoff: dt.date | None) -> pd.DataFrame:
    """The rows dated on or before ``cutoff``, and the undated ones (every row when ``cutoff`` is None)."""
    if cutoff is None:
        return rows
    dates = rows["date"]
    return rows[dates.isna() | (dates <= pd.Timestamp(cutoff))]


_COLUMNS = ["a", "b", "meetings", "ref_ab", "ref_ba", "level"]


def _pair_rows(attendance: pd.DataFrame, referrals: pd.DataFrame, relations: pd.DataFrame,
               by_stage: bool = False) -> pd.DataFrame:
    """Per-pair aggregates of the three kinds of rows (and per stage, when asked)."""
    keys = ["a", "b", "stage"] if by_stage else ["a", "b"]
    parts = []
    if len(attendance):
        cols = ["meeting", "agency"] + (["stage"] if by_stage else [])
        present = attendance[cols].drop_duplicates(["meeting", "agency"])
        pairs = present.merge(present[["meeting", "agency"]], on="meeting", suffixes=("_a", "_b"))
        pairs = pairs[pairs["agency_a"] < pairs["agency_b"]].rename(columns={"agency_a": "a", "agency_b": "b"})
        met = pairs.groupby(keys, sort=False).size().rename("meetings").reset_index()
        parts.append(met)
    if len(referrals):
        src = referrals["src"].to_numpy(np.int64)
        dst = referrals["dst"].to_numpy(np.int64)
        count = referrals["count"].to_numpy(np.int64)
        forward = src < dst
        frame = pd.DataFrame({"a": np.where(forward, src, dst), "b": np.where(forward, dst, src),
                              "ref_ab": np.where(forward, count, 0), "ref_ba": np.where(forward, 0, count)})
        if by_stage:
            frame["stage"] = referrals["stage"].to_numpy()
        parts.append(frame.groupby(keys, sort=False, as_index=False).sum())
    if len(relations):
        src = relations["src"].to_numpy(np.int64)
        dst = relations["dst"].to_numpy(np.int64)
        frame = pd.DataFrame({"a": np.minimum(src, dst), "b": np.maximum(src, dst),
                              "level": relations["level"].to_numpy(np.int64)})
        if by_stage:
            frame["stage"] = relations["stage"].to_numpy()
        parts.append(frame.groupby(keys, sort=False, as_index=False).max())
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=np.int64) for c in _COLUMNS + (["stage"] if by_stage else [])})
    table = pd.concat(parts, ignore_index=True)
    for column in _COLUMNS:
        if column not in table.columns:
            table[column] = 0
    return table.fillna(0)


def _met_pairs(attendance: pd.DataFrame, n: int) -> np.ndarray:
    """One key ``a * n + b`` (``a < b``) per meeting two agencies both attended (repeated per meeting)."""
    present = np.unique(attendance["meeting"].to_numpy(np.int64) * n + attendance["agency"].to_numpy(np.int64))
    meeting, agency = present // n, present % n  # by meeting, then agency
    first_of = np.flatnonzero(np.r_[True, meeting[1:] != meeting[:-1]])
    ends = np.repeat(np.r_[first_of[1:], len(present)], np.diff(np.r_[first_of, len(present)]))
    later = ends - np.arange(len(present)) - 1  # how many agencies of its meeting come after each one
    left = np.repeat(np.arange(len(present)), later)
    right = left + 1 + np.arange(len(left)) - np.repeat(np.cumsum(later) - later, later)
    return agency[left] * n + agency[right]


def _links_of(attendance: pd.DataFrame, referrals: pd.DataFrame, relations: pd.DataFrame, n: int) -> pd.DataFrame:
    """The link table of these rows: what :func:`_finish` makes of :func:`_pair_rows`, on arrays (one snapshot's).

    Each kind of row gives keys ``a * n + b`` (``a <= b``) and its own columns; the distinct keys are found
    by hashing, sorted once, and each column is summed per key (``level``: the highest).
    """
    parts = []  # (keys, {column: values}) of each kind of row
    if len(attendance):
        met = _met_pairs(attendance, n)
        parts.append((met, {"meetings": np.ones(len(met), dtype=np.int64)}))
    if len(referrals):
        src, dst = referrals["src"].to_numpy(np.int64), referrals["dst"].to_numpy(np.int64)
        count, forward = referrals["count"].to_numpy(np.int64), src < dst
        parts.append((np.where(forward, src, dst) * n + np.where(forward, dst, src),
                      {"ref_ab": np.where(forward, count, 0), "ref_ba": np.where(forward, 0, count)}))
    if len(relations):
        src, dst = relations["src"].to_numpy(np.int64), relations["dst"].to_numpy(np.int64)
        parts.append((np.minimum(src, dst) * n + np.maximum(src, dst), {"level": relations["level"].to_numpy(np.int64)}))
    if not parts:
        return _finish(_pair_rows(attendance, referrals, relations))
    codes, distinct = pd.factorize(np.concatenate([keys for keys, _ in parts]), sort=False)
    order = np.argsort(distinct, kind="stable")
    place = np.empty(len(distinct), dtype=np.int64)
    place[order] = np.arange(len(distinct))  # each distinct key's place in sorted order
    at, start = place[codes], 0
    columns = {name: np.zeros(len(distinct), dtype=np.int64) for name in _COLUMNS[2:]}
    for keys, values in parts:
        rows = at[start:start + len(keys)]
        start += len(keys)
        for name, column in values.items():
            if name == "level":
                np.maximum.at(columns[name], rows, column)
            else:  # integer sums, exact in float64 below 2**53
                columns[name] = np.bincount(rows, weights=column, minlength=len(distinct)).astype(np.int64)
    pairs = np.asarray(distinct, dtype=np.int64)[order]
    table = pd.DataFrame({"a": pairs // n, "b": pairs % n, **columns})
    table["referral_link"] = (table["ref_ab"] + table["ref_ba"] > 0) | (table["level"] >= REFERRAL_LEVEL)
    return table


def _finish(rows: pd.DataFrame) -> pd.DataFrame:
    """Collapse per-pair rows into the link table: counts summed, the highest level kept."""
    if len(rows):
        table = rows.groupby(["a", "b"], as_index=False).agg(
            meetings=("meetings", "sum"), ref_ab=("ref_ab", "sum"), ref_ba=("ref_ba", "sum"), level=("level", "max"))
        table = table[_COLUMNS].astype(np.int64)
    else:
        table = pd.DataFrame({c: pd.Series(dtype=np.int64) for c in _COLUMNS})
    table["referral_link"] = (table["ref_ab"] + table["ref_ba"] > 0) | (table["level"] >= REFERRAL_LEVEL)
    return table.sort_values(["a", "b"], ignore_index=True)


def link_table(snapshot: Snapshot) -> pd.DataFrame:
    """One row per linked pair of agencies (``a < b``, positions in ``network.agencies``).

    Columns: ``meetings`` (meetings both attended), ``ref_ab`` / ``ref_ba``
    (referral counts a→b and b→a), ``level`` (highest questionnaire level
    between them, 0 if none), ``referral_link`` (a referral either way, or a
    level >= 3 relation). Computed once, when the snapshot is taken.
    """
    return snapshot.links
