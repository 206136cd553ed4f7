"""Tables hikinet writes as text: the per-agency CSV, the analysis as JSON, and relations.csv from a survey."""

from __future__ import annotations

from ..core.analysis import Analysis
from ..core.public import Disclosure, PublicCounts
from .cells import csv_columns_text, csv_text
from .jsontext import indented_json

__all__ = ["PER_AGENCY_COLUMNS", "analysis_csv", "analysis_json", "relations_csv"]

PER_AGENCY_COLUMNS = [
    "id", "name", "sector", "age_min", "age_max", "style", "core", "degree", "referral_partners",
    "referrals_out", "referrals_in", "betweenness", "isolated", "no_referral", "cut", "gaps", "resource",
]



def analysis_json(result: Analysis) -> str:
    """The JSON of ``hikinet analyze --format json`` (docs/json.md), indented for people."""
    return indented_json(result.to_dict())  # json.dumps(..., ensure_ascii=False, indent=2), the same text


def analysis_csv(result: Analysis, shown: PublicCounts | Disclosure | None = None, label: str | None = None) -> str:
    """One row per agency, with the round; cells safe to open in Excel.

    ``shown``: the snapshot's :class:`~hikinet_graph.core.public.PublicCounts` for a public
    table (referral totals as the public rule shows them); None (or an internal
    disclosure) for the counts as they are. ``label``: when given, a last column
    ``label`` with this value on every row (the report's ``now`` state; empty for a round).
    """
    if isinstance(shown, Disclosure):
        if shown.public:
            raise ValueError("a public table needs the snapshot's PublicCounts (Disclosure.counts(snapshot))")
        shown = None
    records = result.rows
    cells = [[record[column] for record in records] for column in PER_AGENCY_COLUMNS]
    cells = [_words(column) for column in cells]
    if shown is not None and shown.disclosure.public:
        out, into = cells[PER_AGENCY_COLUMNS.index("referrals_out")], cells[PER_AGENCY_COLUMNS.index("referrals_in")]
        for k, sent, received in zip(range(len(records)), shown.sent_all, shown.received_all):
            out[k], into[k] = sent, received
    round_ = "" if result.round is None else result.round
    cells = [[round_] * len(records)] + cells
    if label is not None:
        return csv_columns_text(["round"] + PER_AGENCY_COLUMNS + ["label"], cells + [[label] * len(records)])
    return csv_columns_text(["round"] + PER_AGENCY_COLUMNS, cells)


def _words(column: list) -> list:
    """A column's cells with true and false written as words (the JSON's spelling), every other value as it is."""
    kinds = set(map(type, column))
    if bool not in kinds:
        return column
    if kinds == {bool}:
        return ["true" if v else "false" for v in column]
    return ["true" if v is True else "false" if v is False else v for v in column]


def relations_csv(relations) -> str:
    """relations.csv text from ``(from, to, level, date)`` rows (UTF-8 with BOM and CRLF, for Excel).

    Examples
    --------
    >>> relations_csv([("a", "b", 2, "2025-07-01")])
    '\\ufefffrom,to,level,date\\r\\na,b,2,2025-07-01\\r\\n'
    """
    return csv_text(["from", "to", "level", "date"], relations, bom=True, line_end="\r\n")
