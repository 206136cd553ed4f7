"""The report's data files: summary.json, metrics.csv and agencies-by-round.csv.

Each state's share of ``summary.json`` (its analysis as JSON) and of
``agencies-by-round.csv`` (its rows) is written as text where the state is analysed,
on whichever process does that (:mod:`hikinet_graph.write.pages`); the files are
those texts put together. The bytes are those of encoding the whole at once: a JSON
list is its items' texts joined by ``,``, and an object its members' texts.

``summary.json`` is compact, without a space after ``,`` and ``:``: json's C encoder
only runs without ``indent`` (5 s saved at prefecture scale), and the file is read by
programs (docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import json
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
    ``agencies-by-round.csv``, header first.
    """

    analysis: str | None
    per_agency: str


def _compact(value) -> str:
    """JSON as summary.json writes it: Japanese as it is, no spaces after separators."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def state_texts(of_round: RoundView, now: bool) -> StateTexts:
    """The data-file texts of one state (see :class:`StateTexts`)."""
    analysis = None if of_round.disclosure.public else _compact(of_round.analysis.to_dict())
    return StateTexts(analysis, analysis_csv(of_round.analysis, of_round.counts, label=NOW_LABEL if now else ""))


def _summary_text(network: Network, built: list[ReportRound], texts: list[StateTexts],
                  comparison: Comparison | None, disclosure: Disclosure) -> str:
    """summary.json: every state's analysis and the change first → last, as shown."""
    change = comparison.to_dict() if comparison else None
    if change:
        first, last = built[0].round_view, built[-1].round_view
        change["metrics"] = figures.compared(first.analysis, last.analysis, first.counts, last.counts)
    if disclosure.public:
        states = public_states([public_analysis(r.analysis.to_dict(), r.round_view.counts) for r in built])
        rounds = [_compact(state) for state in states]
    else:
        rounds = [text.analysis for text in texts]
    head = {
        "source": network.source,
        "generated": dt.date.today().isoformat(),
        "public": {"threshold": disclosure.threshold, "suppressed": SUPPRESSED} if disclosure.public else None,
    }
    members = [f"{_compact(key)}:{_compact(value)}" for key, value in head.items()]
    return "{" + ",".join(members) + ',"rounds":[' + ",".join(rounds) + '],"change":' + _compact(change) + "}"


def write_data_files(staging: Path, network: Network, built: list[ReportRound], texts: list[StateTexts],
                     comparison: Comparison | None, disclosure: Disclosure) -> None:
    """summary.json, metrics.csv and agencies-by-round.csv (the CSV files with a BOM, for Excel)."""
    (staging / "summary.json").write_text(_summary_text(network, built, texts, comparison, disclosure),
                                          encoding="utf-8")
    rows = [dict(figures.metrics_row(r.analysis, r.round_view.counts), label=NOW_LABEL if r.now else "")
            for r in built]
    # the label column comes last, so that every earlier column keeps its place
    columns = ["round", "cutoff", *figures.METRIC_FIGURES, "label"]
    (staging / "metrics.csv").write_text(csv_text(columns, ([row[c] for c in columns] for row in rows)),
                                         encoding="utf-8-sig")
    tables = [text.per_agency for text in texts]
    per_agency = tables[0] + "".join(table.split("\n", 1)[1] for table in tables[1:])
    (staging / "agencies-by-round.csv").write_text(per_agency, encoding="utf-8-sig")
