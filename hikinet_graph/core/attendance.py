"""Who came to a round's meetings: present, new this round, and who stopped coming (absent).

Snapshots accumulate, so an agency that stopped attending stays linked in every later
round; attendance per round is what shows it (docs/analysis.md).

Examples
--------
>>> from hikinet_graph.examples import tiny_network
>>> network = tiny_network()
>>> round_attendance(network, 2)
{'round': 2, 'present': ['desk', 'farm'], 'new': ['farm'], 'absent': ['school', 'youth']}
>>> round_attendance(network, 1)["absent"]
[]
"""

from __future__ import annotations

import numpy as np

from ..model import Network

__all__ = ["round_attendance"]


def round_attendance(network: Network, round_: int | None) -> dict:
    """``{"round", "present", "new", "absent"}`` for round ``round_`` (None: the latest round).

    Parameters
    ----------
    network : Network
        The validated network.
    round_ : int or None
        The round; None means the latest round (the all-data snapshot). ``round`` is
        None and the lists are empty when there are no meetings.

    Returns
    -------
    dict
        ``present``: sorted ids attending at least one meeting of the round; ``new``: those
        whose earliest attended round is this one; ``absent``: agencies that attended a
        meeting of the previous round (the latest earlier round with meetings) but none of this
        one (empty for the first round).
    """
    rounds = network.rounds
    if not rounds:
        return {"round": None, "present": [], "new": [], "absent": []}
    this = rounds[-1] if round_ is None else round_
    ids = network.ids
    meeting_round = np.array([m.round for m in network.meetings], dtype=np.int64)
    rows_round = meeting_round[network.attendance["meeting"].to_numpy(np.int64)]
    agency = network.attendance["agency"].to_numpy(np.int64)
    first = np.full(len(ids), np.iinfo(np.int64).max)
    np.minimum.at(first, agency, rows_round)
    present = set(agency[rows_round == this].tolist())
    earlier = [r for r in rounds if r < this]
    before = set(agency[rows_round == earlier[-1]].tolist()) if earlier else set()
    return {
        "round": this,
        "present": sorted(ids[i] for i in present),
        "new": sorted(ids[i] for i in present if first[i] == this),
        "absent": sorted(ids[i] for i in before - present),
    }
