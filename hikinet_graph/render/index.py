"""The report's index page: what the council reads, from the rounds, the figures table and the change model.

Every figure comes from :mod:`hikinet_graph.core.figures` (masked in public
pages through the round's :class:`~hikinet_graph.core.public.PublicCounts`), and
the summary sentences about gaps and isolation count the very lists the tables
under them show (:class:`~hikinet_graph.core.change.Change`), so the two agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core import figures
from ..core.analysis import Analysis
from ..core.change import Change, change_between
from ..core.compare import Comparison
from ..core.public import Disclosure
from ..core.snapshot import Snapshot, link_table
from ..i18n import ages_label, gap_kind, meeting_kind, round_label, t
from ..model import Network
from .charts import line_chart
from .page import display_name, environment, folder_name, public_note
from .round_view import RoundView

__all__ = ["ReportRound", "index_html", "summary_sentences", "round_rows", "change_rows", "sector_matrix",
           "new_cross_by_pair", "CROSS_PAIRS_SHOWN"]

# the index lists new cross-sector links for this many sector pairs; summary.json has all of them
CROSS_PAIRS_SHOWN = 12


@dataclass(frozen=True)
class ReportRound:
    """One round of the report: its :class:`RoundView` and the map pages written for it (view → relative path)."""

    round_view: RoundView
    maps: dict[str, str]

    @property
    def analysis(self) -> Analysis:
        """The round's analysis."""
        return self.round_view.analysis


def _shown(key: str, of_round: RoundView) -> int | float | str | None:
    return figures.shown(key, of_round.analysis, of_round.counts)


def summary_sentences(rounds: list[ReportRound], change_figures: dict[str, dict], change: Change | None,
                      lang: str) -> list[str]:
    """Plain sentences for the council: what changed from the first to the last round.

    Parameters
    ----------
    rounds : list of ReportRound
        Every round, first to last.
    change_figures : dict
        :func:`~hikinet_graph.core.figures.compared` first → last, as shown (empty for one round).
    change : Change or None
        The change model first → last; its lists are the tables under the sentences.
    lang : str
        ``"ja"`` or ``"en"``.
    """
    if change is None:
        last = rounds[-1].round_view
        return [t("sentence_one_round", lang, **{key: figures.text(key, _shown(key, last))
                                                 for key in ("links", "isolated", "gaps")})]

    def before_after(key: str) -> dict:
        return {"before": figures.text(key, change_figures[key]["before"]),
                "after": figures.text(key, change_figures[key]["after"])}

    first, last = rounds[0].round_view, rounds[-1].round_view
    referral = before_after("referral_links")
    return [
        t("sentence_links", lang, r0=t("round_name", lang, r=first.round), r1=t("round_name", lang, r=last.round),
          rb=referral["before"], ra=referral["after"], **before_after("links")),
        t("sentence_isolated", lang, left=len(change.left_isolation), new=len(change.newly_isolated),
          **before_after("isolated")),
        t("sentence_gaps", lang, closed=len(change.closed), changed=len(change.changed), opened=len(change.opened),
          **before_after("gaps")),
        t("sentence_cross", lang, **before_after("cross_sector_links")),
    ]


def _short_name(round_: int | None, lang: str) -> str:
    """A round in a narrow column or on a chart's axis ("第2回", "R2")."""
    return t("round_short", lang, r=round_) if round_ is not None else t("all_data", lang)


def round_rows(rounds: list[ReportRound], lang: str) -> list[dict]:
    """The round table: each round's names, cut-off, figures (:data:`~.figures.ROUND_TABLE_FIGURES`) and maps."""
    return [{"label": _short_name(r.round_view.round, lang), "name": round_label(r.round_view.round, lang),
             "cutoff": r.analysis.cutoff or "",
             "cells": [figures.text(key, _shown(key, r.round_view)) for key in figures.ROUND_TABLE_FIGURES],
             "maps": r.maps} for r in rounds]


def _charts(rounds: list[ReportRound], lang: str) -> tuple[str, str]:
    """The two SVG charts: links by round and problems by round."""
    labels = [_short_name(r.round_view.round, lang) for r in rounds]

    def chart(keys: tuple[str, ...], title: str) -> str:
        series = {figures.label(key, lang): [_shown(key, r.round_view) for r in rounds] for key in keys}
        return line_chart(labels, series, t(title, lang))

    return chart(figures.LINK_CHART_FIGURES, "chart_links"), chart(figures.PROBLEM_CHART_FIGURES, "chart_problems")


def _delta_text(key: str, delta: int | float | str | None) -> str:
    if isinstance(delta, str) or delta is None:
        return "" if delta is None else delta
    return f"{delta:+.2f}" if figures.FIGURES[key].kind != "count" else f"{delta:+d}"


def change_rows(change_figures: dict[str, dict], lang: str) -> list[dict]:
    """The change table: each compared figure's name, before, after and change, as text."""
    return [{"label": figures.label(key, lang), "before": figures.text(key, m["before"]),
             "after": figures.text(key, m["after"]), "delta": _delta_text(key, m["delta"])}
            for key, m in change_figures.items()]


def sector_matrix(network: Network, result: Analysis) -> dict:
    """Referral links per pair of sectors as a square table (sectors in agencies.csv order), for print."""
    order = list(dict.fromkeys(a.sector for a in network.agencies if a.sector))
    # referral links: after a network meeting everyone has "met" everyone, so all links say little
    cells = {(r["sectors"][0], r["sectors"][1]): r["referral_links"] for r in result.sector_links}
    high = max(cells.values(), default=1)
    rows = []
    for a in order:
        row = []
        for b in order:
            value = cells.get((a, b)) or cells.get((b, a)) or 0
            row.append({"value": value, "shade": round(0.08 + 0.72 * value / high, 2) if value else 0})
        rows.append({"sector": a, "cells": row})
    return {"sectors": order, "rows": rows}


def _referral_pairs(snapshot: Snapshot) -> set[tuple[str, str]]:
    links = link_table(snapshot)
    links = links[links["referral_link"]]
    ids = snapshot.network.ids
    return {tuple(sorted((ids[a], ids[b]))) for a, b in zip(links["a"].tolist(), links["b"].tolist())}


def new_cross_by_pair(network: Network, first: Snapshot, last: Snapshot, names: dict[str, str]) -> list[dict]:
    """New cross-sector referral links (worked a case together), grouped by sector pair, most first.

    Referral links, not all links: after one network meeting every pair has met, which says little.
    """
    sector = {a.id: a.sector for a in network.agencies}
    groups: dict[tuple[str, str], list] = {}
    for a, b in sorted(_referral_pairs(last) - _referral_pairs(first)):
        if sector[a] and sector[b] and sector[a] != sector[b]:
            groups.setdefault(tuple(sorted((sector[a], sector[b]))), []).append((a, b))
    return [{"sectors": list(pair), "count": len(links),
             "examples": [f"{names[a]} – {names[b]}" for a, b in links[:3]]}
            for pair, links in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _last_round(network: Network, last: Analysis, names: dict[str, str], lang: str) -> dict:
    """What the index lists of the last round: gaps, isolated, never-referring and cut agencies, brokers, sectors."""
    def named(ids) -> list[dict]:
        return [{"id": i, "name": names[i]} for i in ids]

    return {
        "last": last,
        "gaps": [{"boundary": g.boundary, "from": g.boundary - 1, "kind": g.kind, "kind_text": gap_kind(g.kind, lang),
                  "agencies": [names[i] for i in g.agencies]} for g in last.gaps],
        "isolated": named(last.isolated),
        "no_referral": named(last.no_referral),
        "cut": named(last.cut_agencies),
        "brokers": [{"name": names[b["agency"]], "value": b["betweenness"]} for b in last.brokers()],
        "matrix": sector_matrix(network, last),
    }


def _change_section(network: Network, rounds: list[ReportRound], comparison: Comparison | None,
                    names: dict[str, str], lang: str) -> dict:
    """The change first → last: the figures as shown, the change model, new cross-sector links, the sentences."""
    change = change_between(comparison) if comparison else None
    change_figures = figures.compared(rounds[0].analysis, rounds[-1].analysis, rounds[0].round_view.counts,
                                      rounds[-1].round_view.counts) if comparison else {}
    return {
        "comparison": comparison,
        "change": change,
        "change_rows": change_rows(change_figures, lang),
        "new_cross": new_cross_by_pair(network, rounds[0].round_view.snapshot, rounds[-1].round_view.snapshot, names)
        if comparison else [],
        "cross_shown": CROSS_PAIRS_SHOWN,
        "sentences": summary_sentences(rounds, change_figures, change, lang),
    }


def index_html(network: Network, rounds: list[ReportRound], comparison: Comparison | None, lang: str,
               disclosure: Disclosure) -> str:
    """The HTML of the report's ``index.html``.

    Parameters
    ----------
    network : Network
        The folder.
    rounds : list of ReportRound
        Every round, first to last, with its map pages.
    comparison : Comparison or None
        First → last round (None when there is one round).
    lang : str
        ``"ja"`` or ``"en"``.
    disclosure : Disclosure
        Public pages show the source folder's name only, and the public note.
    """
    names = {a.id: a.label for a in network.agencies}
    chart_links, chart_problems = _charts(rounds, lang)
    context = {
        "lang": lang,
        "t": lambda key, **kw: t(key, lang, **kw),
        "round_label": lambda r: round_label(r, lang),
        "ages_label": lambda lo, hi: ages_label(lo, hi, lang),
        "gap_kind": lambda k: gap_kind(k, lang),
        "meeting_kind": lambda k: meeting_kind(k, lang),
        "title_name": display_name(network),
        "source_shown": folder_name(network) if disclosure.public else network.source,
        "generated": dt.date.today().isoformat(),
        "public_note": public_note(disclosure, lang),
        "round_columns": [figures.short_label(key, lang) for key in figures.ROUND_TABLE_FIGURES],
        "rows": round_rows(rounds, lang),
        "chart_links": chart_links,
        "chart_problems": chart_problems,
        "names": names,
        "meetings": sorted(network.meetings, key=lambda m: (m.round, m.date)),
        **_change_section(network, rounds, comparison, names, lang),
        **_last_round(network, rounds[-1].analysis, names, lang),
    }
    return environment().get_template("report.html").render(**context)
