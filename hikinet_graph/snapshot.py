"""The network as of one meeting round, and the links between its agencies.

A snapshot as of round R holds the meetings with round <= R, and the
referrals and relations dated on or before the latest date among those
meetings; undated rows belong to every snapshot. ``round=None`` means all data.
Every agency is in every snapshot, so that isolated ones show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import UnknownRoundError
from .loading import Network

__all__ = ["Snapshot", "take_snapshot", "link_table", "REFERRAL_LEVEL"]

# a questionnaire relation of this level or above ("we refer clients") counts as a referral link
REFERRAL_LEVEL = 3


@dataclass
class Snapshot:
    network: Network
    round: int | None
    cutoff: dt.date | None
    meetings: list[int]
    attendance: pd.DataFrame
    referrals: pd.DataFrame
    relations: pd.DataFrame

    @property
    def n(self) -> int:
        return len(self.network.agencies)


def take_snapshot(network: Network, round_: int | None = None) -> Snapshot:
    """The network as of ``round_`` (all data when None); an unknown round raises."""
    if round_ is None:
        return Snapshot(network, None, None, list(range(len(network.meetings))),
                        network.attendance, network.referrals, network.relations)
    if round_ not in network.rounds:
        raise UnknownRoundError(round_, network.rounds)
    meetings = [i for i, m in enumerate(network.meetings) if m.round <= round_]
    cutoff = max(network.meetings[i].date for i in meetings)
    limit = pd.Timestamp(cutoff)
    attendance = network.attendance[network.attendance["meeting"].isin(meetings)]
    referrals = _dated_until(network.referrals, limit)
    relations = _dated_until(network.relations, limit)
    return Snapshot(network, round_, cutoff, meetings, attendance, referrals, relations)


def _dated_until(rows: pd.DataFrame, limit: pd.Timestamp) -> pd.DataFrame:
    dates = rows["date"]
    return rows[dates.isna() | (dates <= limit)]


def link_table(snapshot: Snapshot) -> pd.DataFrame:
    """One row per linked pair of agencies (``a < b``, positions in ``network.agencies``).

    Columns: ``meetings`` (meetings both attended), ``ref_ab`` / ``ref_ba``
    (referral counts a→b and b→a), ``level`` (highest questionnaire level
    between them, 0 if none), ``referral_link`` (a referral either way, or a
    level >= 3 relation).
    """
    parts = []
    attendance = snapshot.attendance[["meeting", "agency"]].drop_duplicates()
    if len(attendance):
        pairs = attendance.merge(attendance, on="meeting", suffixes=("_a", "_b"))
        pairs = pairs[pairs["agency_a"] < pairs["agency_b"]]
        met = pairs.groupby(["agency_a", "agency_b"], sort=False).size()
        parts.append(pd.DataFrame({
            "a": met.index.get_level_values(0).to_numpy(np.int64),
            "b": met.index.get_level_values(1).to_numpy(np.int64),
            "meetings": met.to_numpy(np.int64),
        }))
    referrals = snapshot.referrals
    if len(referrals):
        src = referrals["src"].to_numpy(np.int64)
        dst = referrals["dst"].to_numpy(np.int64)
        forward = src < dst
        frame = pd.DataFrame({
            "a": np.where(forward, src, dst),
            "b": np.where(forward, dst, src),
            "ref_ab": np.where(forward, referrals["count"].to_numpy(np.int64), 0),
            "ref_ba": np.where(forward, 0, referrals["count"].to_numpy(np.int64)),
        })
        parts.append(frame.groupby(["a", "b"], sort=False, as_index=False).sum())
    relations = snapshot.relations
    if len(relations):
        src = relations["src"].to_numpy(np.int64)
        dst = relations["dst"].to_numpy(np.int64)
        frame = pd.DataFrame({"a": np.minimum(src, dst), "b": np.maximum(src, dst),
                              "level": relations["level"].to_numpy(np.int64)})
        parts.append(frame.groupby(["a", "b"], sort=False, as_index=False).max())
    columns = ["a", "b", "meetings", "ref_ab", "ref_ba", "level"]
    if not parts:
        table = pd.DataFrame({c: pd.Series(dtype=np.int64) for c in columns})
    else:
        table = pd.concat(parts, ignore_index=True).fillna(0)
        table = table.groupby(["a", "b"], as_index=False).agg(
            {c: ("max" if c == "level" else "sum") for c in columns[2:] if c in table.columns})
        for column in columns:
            if column not in table.columns:
                table[column] = 0
        table = table[columns].astype(np.int64)
    table["referral_link"] = (table["ref_ab"] + table["ref_ba"] > 0) | (table["level"] >= REFERRAL_LEVEL)
    return table.sort_values(["a", "b"], ignore_index=True)
