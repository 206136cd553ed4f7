"""The report's index page: what the council reads, from the rounds, the figures table and the change model.

Every figure comes from :mod:`hikinet_graph.core.figures` (masked in public
pages through the round's :class:`~hikinet_graph.core.public.PublicCounts`), and
the summary sentences (:mod:`.summary`) count the very lists the tables under
them show (:class:`~hikinet_graph.core.change.Change`), so the two agree. The
last state is the last round, or the all-data "now" state when records are dated
after the last round's cut-off (:attr:`ReportRound.now`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from ..core import figures
from ..core.analysis import Analysis
from ..core.change import change_between
from ..core.compare import Comparison
from ..core.public import Disclosure
from ..core.rounds import round_title
from ..core.snapshot import Snapshot, link_table
from ..i18n import ages_label, gap_kind, meeting_kind, round_label, t
from ..model import Network
from .boundaries import crossing_blocks, generalists
from .charts import line_chart
from .layout import Positions
from .page import display_name, environment, folder_name, public_note
from .picture import picture_section
from .round_view import RoundView
from .summary import joined, summary_sentences
from .timeline import timeline_rows

__all__ = ["ReportRound", "index_html", "round_rows", "attendance_rows", "change_rows", "sector_matrix",
           "new_cross_by_pair", "CROSS_PAIRS_SHOWN", "CHART_COLOURS"]

# the index lists new cross-sector links for this many sector pairs; summary.json has all of them
CROSS_PAIRS_SHOWN = 12
# the charts' lines: working together strong blue, sharing green, met grey; red isolation, orange gaps
CHART_COLOURS = {"working_links": "#1f4e9c", "sharing_links": "#5aa469", "links": "#a0a0a0",
                 "working_isolated": "#9467bd", "isolated": "#d62728", "gaps": "#ff7f0e"}


@dataclass(frozen=True)
class ReportRound:
    """One state of the report: its :class:`RoundView` and the map pages written for it (view → relative path).

    ``now`` marks the all-data state the report adds after the last round when records are
    dated after its cut-off; ``latest`` is then the latest record's date (ISO).
    """

    round_view: RoundView
    maps: dict[str, str]
    now: bool = False
    latest: str | None = None

    @property
    def analysis(self) -> Analysis:
        """The round's analysis."""
        return self.round_view.analysis

    def shown(self, key: str) -> int | float | str | None:
        """The figure ``key`` of this state as the page may show it."""
        return figures.shown(key, self.analysis, self.round_view.counts)

    def name(self, lang: str) -> str:
        """The state as people read it: "第2回時点", "現在 (最新の記録まで)" or "全データ"."""
        if self.now:
            return t("now_label", lang)
        return round_title(self.round_view.snapshot.network, self.round_view.round, lang)

    def short(self, lang: str) -> str:
        """The state in a narrow column or on a chart's axis ("第2回", "現在")."""
        if self.now:
            return t("now_short", lang)
        r = self.round_view.round
        return t("round_short", lang, r=r) if r is not None else t("all_data", lang)

    def date(self, lang: str) -> str:
        """The round's cut-off, or the latest record's date for the "now" state."""
        if self.now:
            return t("now_until", lang, d=self.latest) if self.latest else ""
        return self.analysis.cutoff or ""

    @property
    def crossings(self) -> list[dict]:
        """The state's ``crossings`` as the page may show them (public counts masked)."""
        counts = self.round_view.counts
        return counts.crossings(self.analysis.crossings) if counts is not None else self.analysis.crossings


def round_rows(rounds: list[ReportRound], lang: str) -> list[dict]:
    """The round table: each state's names, date, figures (:data:`~.figures.ROUND_TABLE_FIGURES`) and maps."""
    return [{"label": r.name(lang) if r.now else r.short(lang), "name": r.name(lang), "cutoff": r.date(lang),
             "cells": [figures.text(key, r.shown(key)) for key in figures.ROUND_TABLE_FIGURES],
             "maps": r.maps, "now": r.now} for r in rounds]


def attendance_rows(rounds: list[ReportRound], names: dict[str, str], lang: str) -> list[dict]:
    """Who came to each round's meetings: how many, who was new, who came to the previous round but not this one."""
    rows = []
    for r in rounds:
        seen = r.analysis.attendance
        if r.now or seen.get("round") is None:
            continue
        rows.append({"label": r.short(lang), "present": len(seen["present"]), "agencies": r.analysis.agencies,
                     "new": joined([names[i] for i in seen["new"]], lang) if seen["new"] else "",
                     "absent": joined([names[i] for i in seen["absent"]], lang) if seen["absent"] else ""})
    return rows


def _charts(rounds: list[ReportRound], lang: str) -> tuple[str, str]:
    """The two SVG charts: pairs by round (working, sharing, met) and problems by round."""
    labels = [r.short(lang) for r in rounds]

    def chart(keys: tuple[str, ...], title: str) -> str:
        series = {figures.label(key, lang): [r.shown(key) for r in rounds] for key in keys}
        return line_chart(labels, series, t(title, lang), colours=[CHART_COLOURS[key] for key in keys])

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


def _referral_keys(snapshot: Snapshot) -> np.ndarray:
    """The snapshot's referral links as ``a * n + b`` (positions, ``a < b``), sorted."""
    links = link_table(snapshot)
    links = links[links["referral_link"]]
    return np.unique(links["a"].to_numpy(np.int64) * snapshot.n + links["b"].to_numpy(np.int64))


def new_cross_by_pair(network: Network, first: Snapshot, last: Snapshot, names: dict[str, str]) -> list[dict]:
    """New cross-sector referral links (worked a case together), grouped by sector pair, most first
    (ties by the sectors' names); each group's examples are its first three pairs of ids in sorted order.

    Referral links, not all links: after one network meeting every pair has met, which says little.
    """
    ids, n = network.ids, len(network.ids)
    new = np.setdiff1d(_referral_keys(last), _referral_keys(first), assume_unique=True)
    sectors = sorted({a.sector for a in network.agencies})
    code = np.array([sectors.index(a.sector) for a in network.agencies], dtype=np.int64) if n else np.zeros(0, int)
    named = np.array([a.sector != "" for a in network.agencies], dtype=bool)
    a, b = new // max(n, 1), new % max(n, 1)
    cross = named[a] & named[b] & (code[a] != code[b])
    a, b = a[cross], b[cross]
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(n)  # each id's place in sorted order
    lo, hi = np.minimum(rank[a], rank[b]), np.maximum(rank[a], rank[b])
    group = np.minimum(code[a], code[b]) * len(sectors) + np.maximum(code[a], code[b])
    order = np.lexsort((hi, lo, group))  # by sector pair, then by the pair's ids in sorted order
    keys, starts, counts = np.unique(group[order], return_index=True, return_counts=True)
    by_rank = np.asarray(ids, dtype=object)[np.argsort(rank)]
    groups = []
    for key, start, count in zip(keys.tolist(), starts.tolist(), counts.tolist()):
        shown = order[start:start + min(count, 3)]
        groups.append({"sectors": [sectors[key // len(sectors)], sectors[key % len(sectors)]], "count": count,
                       "examples": [f"{names[by_rank[x]]} – {names[by_rank[y]]}"
                                    for x, y in zip(lo[shown].tolist(), hi[shown].tolist())]})
    return sorted(groups, key=lambda g: (-g["count"], g["sectors"]))


def _last_state(network: Network, last: ReportRound, names: dict[str, str], lang: str) -> dict:
    """What the index lists of the last state: gaps, crossings, agencies apart, the working ties' cut agencies
    and brokers, sectors."""
    result = last.analysis
    working = result.layers["working"]

    def named(ids) -> list[dict]:
        return [{"id": i, "name": names[i]} for i in ids]

    return {
        "last": result,
        "state": last.name(lang),
        "gaps": [{"boundary": g.boundary, "from": g.boundary - 1, "kind": g.kind, "kind_text": gap_kind(g.kind, lang),
                  "agencies": [names[i] for i in g.agencies]} for g in result.gaps],
        "crossings": crossing_blocks(network, result, last.crossings, lang),
        "generalists": generalists(network, last.crossings),
        "window": network.config.window,
        "isolated": named(result.isolated),
        "no_referral": named(result.no_referral),
        "cut": named(working.cut_agencies),
        "brokers": [{"name": names[b["agency"]], "value": b["betweenness"]} for b in working.brokers()],
        "ei": {"working": working.ei_index, "met": result.ei_index},
        "matrix": sector_matrix(network, result),
    }


def _change_section(network: Network, rounds: list[ReportRound], comparison: Comparison | None,
                    names: dict[str, str], lang: str) -> dict:
    """The change first → last: the figures as shown, the change model, new cross-sector links, the sentences."""
    first, last = rounds[0], rounds[-1]
    change = change_between(comparison) if comparison else None
    change_figures = figures.compared(first.analysis, last.analysis, first.round_view.counts,
                                      last.round_view.counts, keys=figures.CHANGE_TABLE_FIGURES) if comparison else {}
    return {
        "comparison": comparison,
        "change": change,
        "change_from": f"{first.name(lang)} ({first.date(lang)})",
        "change_to": f"{last.name(lang)} ({last.date(lang)})" if last.date(lang) else last.name(lang),
        "change_rows": change_rows(change_figures, lang),
        "new_cross": new_cross_by_pair(network, first.round_view.snapshot, last.round_view.snapshot, names)
        if comparison else [],
        "cross_shown": CROSS_PAIRS_SHOWN,
        "sentences": summary_sentences(rounds, change_figures, change, last.crossings, names, lang),
    }


def index_html(network: Network, rounds: list[ReportRound], comparison: Comparison | None, lang: str,
               disclosure: Disclosure, positions: Positions | None = None) -> str:
    """The HTML of the report's ``index.html``.

    Parameters
    ----------
    network : Network
        The folder.
    rounds : list of ReportRound
        Every state, first to last (the "now" state last, when there is one), with its map pages.
    comparison : Comparison or None
        First → last state (None when there is one).
    lang : str
        ``"ja"`` or ``"en"``.
    disclosure : Disclosure
        Public pages show the source folder's name only, and the public note.
    positions : Positions, optional
        The maps' positions: the index then shows the network as a picture (:mod:`.picture`).
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
        "attendance": attendance_rows(rounds, names, lang),
        "chart_links": chart_links,
        "chart_problems": chart_problems,
        "names": names,
        "meetings": sorted(network.meetings, key=lambda m: (m.round, m.date)),
        "timeline": timeline_rows(network, rounds, lang, disclosure),
        "picture": None if positions is None else picture_section(
            rounds[0].round_view, rounds[-1].round_view, positions, rounds[-1].name(lang)),
        **_change_section(network, rounds, comparison, names, lang),
        **_last_state(network, rounds[-1], names, lang),
    }
    return environment().get_template("report.html").render(**context)
