"""The report's data files: summary.json, metrics.csv and agencies-by-round.csv.

Each state's share of ``summary.json`` (its analysis as JSON) and of
``agencies-by-round.csv`` (its rows) is written, and encoded, where the state is
analysed, on whichever process does that (:mod:`hikinet_graph.write.pages`); the files
are those bytes one after another. They are the bytes of encoding the whole at once: a
JSON list is its items' texts joined by ``,``, an object its members' texts, UTF-8
encodes each character on its own, and line ends are those a text file gets here
(``os.linesep``, as :meth:`pathlib.Path.write_text` writes them).

``summary.json`` is compact, without a space after ``,`` and ``:``: json's C encoder
only runs without ``indent`` (5 s saved at prefecture scale), and the file is read by
programs (docs/performance.md).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..core import figures
from ..core.compare import Comparison
from ..core.public import SUPPRESSED, Disclosure, public_analysis
from ..core.public_crossings import public_states
from ..model import Network
from ..render.index import ReportRound
from ..render.round_view import RoundView
from .cells import csv_text
from .tables import analysis_csv

__all__ = ["NOW_LABEL", "StateTexts", "state_texts", "write_data_files"]

# the label column of metrics.csv and agencies-by-round.csv: empty for a round, this for the "now" state
NOW_LABEL = "now"


@dataclass(frozen=True)
class StateTexts:
    """One state's share of the data files.

    ``analysis`` is its analysis as ``summary.json`` holds it, None for a public report
    (the public rule looks at every state at once); ``per_agency`` is its rows of
    ``agencies-by-round.csv``, header first; both encoded (:func:`_encoded`).
    """

    analysis: bytes | None
    per_agency: bytes


def _compact(value) -> str:
    """JSON as summary.json writes it: Japanese as it is, no spaces after separators."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _encoded(text: str) -> bytes:
    """``text`` as a text file holds it: UTF-8, each line ending in ``os.linesep``."""
    return (text if os.linesep == "\n" else text.replace("\n", os.linesep)).encode("utf-8")


def state_texts(of_round: RoundView, now: bool) -> StateTexts:
    """The data-file texts of one state (see :class:`StateTexts`)."""
    analysis = None if of_round.disclosure.public else _encoded(_compact(of_round.analysis.to_dict()))
    return StateTexts(analysis, _encoded(analysis_csv(of_round.analysis, of_round.counts,
                                                      label=NOW_LABEL if now else "")))


def _summary_parts(network: Network, built: list[ReportRound], texts: list[StateTexts],
                   comparison: Comparison | None, disclosure: Disclosure) -> list[bytes]:
    """summary.json, in parts: every state's analysis and the change first → last, as shown."""
    change = comparison.to_dict() if comparison else None
    if change:
        first, last = built[0].round_view, built[-1].round_view
        change["metrics"] = figures.compared(first.analysis, last.analysis, first.counts, last.counts)
    if disclosure.public:
        states = public_states([public_analysis(r.analysis.to_dict(), r.round_view.counts) for r in built])
        rounds = [_encoded(_compact(state)) for state in states]
    else:
        rounds = [text.analysis for text in texts]
    head = {
        "source": network.source,
        "generated": dt.date.today().isoformat(),
        "public": {"threshold": disclosure.threshold, "suppressed": SUPPRESSED} if disclosure.public else None,
    }
    members = ",".join(f"{_compact(key)}:{_compact(value)}" for key, value in head.items())
    parts = [_encoded("{" + members + ',"rounds":[')]
    for k, state in enumerate(rounds):
        parts += [b",", state] if k else [state]
    return parts + [_encoded('],"change":' + _compact(change) + "}")]


def write_data_files(staging: Path, network: Network, built: list[ReportRound], texts: list[StateTexts],
                     comparison: Comparison | None, disclosure: Disclosure) -> None:
    """summary.json, metrics.csv and agencies-by-round.csv (the CSV files with a BOM, for Excel)."""
    with open(staging / "summary.json", "wb") as summary:
        summary.writelines(_summary_parts(network, built, texts, comparison, disclosure))
    rows = [dict(figures.metrics_row(r.analysis, r.round_view.counts), label=NOW_LABEL if r.now else "")
            for r in built]
    # the label column comes last, so that every earlier column keeps its place
    columns = ["round", "cutoff", *figures.METRIC_FIGURES, "label"]
    (staging / "metrics.csv").write_text(csv_text(columns, ([row[c] for c in columns] for row in rows)),
                                         encoding="utf-8-sig")
    tables = [text.per_agency for text in texts]
    with open(staging / "agencies-by-round.csv", "wb") as per_agency:  # with a BOM, as "utf-8-sig" writes it
        per_agency.writelines([codecs.BOM_UTF8, tables[0], *(table[table.index(b"\n") + 1:] for table in tables[1:])])
