"""The report: every round analysed, mapped and compared, in one offline folder a coordinator hands on.

Layout of the folder::

    index.html                  the summary to print for the council
    maps/round-R-network.html   a map per round, network view
    maps/round-R-ages.html      a map per round, age view
    maps/change.html            before/after map, first round -> last round
    summary.json                the analysis of every round (same as ``analyze --format json``) and the change
    metrics.csv                 one row per round
    agencies-by-round.csv       one row per agency and round
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..core.analysis import Analysis, analyze
from ..core.compare import Comparison, Side, compare
from ..core.public import INTERNAL, SUPPRESSED, Disclosure, PublicCounts
from ..core.snapshot import Snapshot, link_table, round_snapshots, take_snapshot
from ..i18n import ages_label, gap_kind, meeting_kind, round_label, t
from ..model import Network
from ..render.charts import line_chart
from ..render.maps import (
    _environment,
    _folder_name,
    area_column,
    diff_page,
    layout_positions,
    map_page,
    public_note,
    render_page,
)
from ..render.text import PER_AGENCY_COLUMNS, analysis_csv
from .cells import csv_text
from .files import check_outside_input
from .folder import staged_folder

__all__ = ["build_report", "ReportRound", "METRIC_COLUMNS", "metrics_row"]

METRIC_COLUMNS = [
    "round", "cutoff", "meetings", "agencies", "links", "referral_links", "density", "components", "isolated",
    "no_referral", "gaps", "cut_agencies", "referrals", "cross_sector_links", "ei_index", "reciprocity",
]


@dataclass
class ReportRound:
    round: int | None
    analysis: Analysis
    maps: dict[str, str]
    snapshot: Snapshot


def metrics_row(result: Analysis) -> dict:
    """One round's headline figures, as in metrics.csv."""
    return {
        "round": result.round, "cutoff": result.cutoff, "meetings": result.counts["meetings"],
        "agencies": result.agencies, "links": result.links, "referral_links": result.counts["referral_links"],
        "density": round(result.density, 4), "components": len(result.components),
        "isolated": len(result.isolated), "no_referral": len(result.no_referral),
        "gaps": sum(len(g.agencies) for g in result.gaps), "cut_agencies": len(result.cut_agencies),
        "referrals": result.counts["referrals"], "cross_sector_links": result.counts["cross_sector_links"],
        "ei_index": result.ei_index, "reciprocity": result.reciprocity,
    }


def _csv(rows: list[dict], columns: list[str]) -> str:
    return csv_text(columns, ([row[c] for c in columns] for row in rows))


def _names(network: Network, ids) -> list[dict]:
    return [{"id": i, "name": network.agencies[network.index[i]].label} for i in ids]


def _summary_sentences(network: Network, first: Analysis, last: Analysis, comparison: Comparison | None,
                       lang: str) -> list[str]:
    """Plain sentences for the council: what changed from the first to the last round."""
    if comparison is None:
        return [t("sentence_one_round", lang, links=last.links, isolated=len(last.isolated),
                  gaps=sum(len(g.agencies) for g in last.gaps))]
    m = comparison.metrics
    out = [t("sentence_links", lang, r0=t("round_name", lang, r=first.round), r1=t("round_name", lang, r=last.round),
             before=m["links"]["before"], after=m["links"]["after"],
             rb=m["referral_links"]["before"], ra=m["referral_links"]["after"])]
    out.append(t("sentence_isolated", lang, before=m["isolated"]["before"], after=m["isolated"]["after"],
                 resolved=len(comparison.resolved_isolated)))
    out.append(t("sentence_gaps", lang, before=m["gaps"]["before"], after=m["gaps"]["after"],
                 closed=len(comparison.gaps_closed), opened=len(comparison.gaps_opened)))
    out.append(t("sentence_cross", lang, before=m["cross_sector_links"]["before"],
                 after=m["cross_sector_links"]["after"]))
    return out


def _sector_matrix(network: Network, result: Analysis) -> dict:
    """Links per pair of sectors as a square table (sectors in agencies.csv order), for print."""
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


def _gap_changes(comparison: Comparison | None) -> dict[str, list[dict]]:
    """Closed, opened and changed gaps: an agency whose gap at a boundary changed kind is one change."""
    if comparison is None:
        return {"closed": [], "opened": [], "changed": []}
    opened = {(g["boundary"], g["agency"]): g for g in comparison.gaps_opened}
    closed = {(g["boundary"], g["agency"]): g for g in comparison.gaps_closed}
    both = set(opened) & set(closed)
    return {
        "closed": [g for key, g in closed.items() if key not in both],
        "opened": [g for key, g in opened.items() if key not in both],
        "changed": [{"boundary": b, "agency": a, "before": closed[(b, a)]["kind"], "after": opened[(b, a)]["kind"]}
                    for b, a in sorted(both)],
    }


def _referral_pairs(snapshot: Snapshot) -> set[tuple[str, str]]:
    links = link_table(snapshot)
    links = links[links["referral_link"]]
    ids = snapshot.network.ids
    return {tuple(sorted((ids[a], ids[b]))) for a, b in zip(links["a"].tolist(), links["b"].tolist())}


def _new_cross_by_pair(network: Network, first: "ReportRound", last: "ReportRound",
                       names: dict[str, str]) -> list[dict]:
    """New cross-sector referral links (worked a case together), grouped by sector pair, most first.

    Referral links, not all links: after one network meeting every pair has met, which says little.
    """
    sector = {a.id: a.sector for a in network.agencies}
    groups: dict[tuple[str, str], list] = {}
    for a, b in sorted(_referral_pairs(last.snapshot) - _referral_pairs(first.snapshot)):
        if sector[a] and sector[b] and sector[a] != sector[b]:
            groups.setdefault(tuple(sorted((sector[a], sector[b]))), []).append((a, b))
    return [{"sectors": list(pair), "count": len(links),
             "examples": [f"{names[a]} – {names[b]}" for a, b in links[:3]]}
            for pair, links in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def _public_analysis(data: dict, shown: PublicCounts) -> dict:
    """An analysis dict as a public page may show it: every referral count through the snapshot's rule."""
    if not shown.disclosure.public:
        return data
    data = dict(data, counts=dict(data["counts"], referrals=shown.total,
                                  referral_rows=shown.rows(data["counts"]["referral_rows"])))
    data["per_agency"] = [dict(r, referrals_out=out, referrals_in=into)
                          for r, out, into in zip(data["per_agency"], shown.sent_all, shown.received_all)]
    return data


def _public_metrics(metrics: dict, before: PublicCounts, after: PublicCounts) -> dict:
    """The change table as a public page may show it: a side that includes a hidden count is "x", so is the change."""
    if not after.disclosure.public:
        return metrics
    masked = {"before": before.total, "after": after.total}
    masked["delta"] = after.disclosure.delta(masked["before"], masked["after"])
    return dict(metrics, referrals=masked)


def _public_row(row: dict, shown: PublicCounts) -> dict:
    """One metrics.csv row as shown."""
    return dict(row, referrals=shown.total) if shown.disclosure.public else row


def build_report(network: Network, outdir: str | Path, lang: str = "ja",
                 progress: Callable[[str], None] | None = None, disclosure: Disclosure = INTERNAL,
                 force: bool = False, warn: Callable[[str], None] | None = None) -> Path:
    """Write the report of ``network`` into ``outdir`` (see the module docstring); returns ``outdir``.

    With a public ``disclosure``, small referral counts are masked in every page and file.
    ``force`` replaces files of an earlier report that were edited by hand; ``warn`` receives
    warnings about the earlier report's manifest (see :func:`hikinet_graph.output.staged_folder`).
    """
    say = progress or (lambda message: None)
    check_outside_input(outdir, network.source)
    rounds: list[int | None] = list(network.rounds) or [None]
    positions = layout_positions(network)
    built: list[ReportRound] = []
    snapshots = round_snapshots(network) if network.rounds else [take_snapshot(network, None)]
    # an area view when agencies name their municipality or district (at least two of them)
    column = area_column(network)
    views = ("network", "ages") + (
        ("areas",) if column and len({a.attrs.get(column) for a in network.agencies}) > 1 else ())
    with staged_folder(outdir, force=force, warn=warn) as staging:
        (staging / "maps").mkdir()
        for k, (round_, snapshot) in enumerate(zip(rounds, snapshots), start=1):
            say(f"{round_label(round_, lang)} ({k}/{len(rounds)})")
            result = analyze(snapshot)
            maps = {}
            for view in views:
                name = f"maps/round-{'all' if round_ is None else round_}-{view}.html"
                page = map_page(network, round_, view, lang, positions=positions, result=result, snapshot=snapshot,
                                disclosure=disclosure)
                (staging / name).write_text(render_page(page, lang, back_link="../index.html"), encoding="utf-8")
                maps[view] = name
            built.append(ReportRound(round_, result, maps, snapshot))
        comparison = None
        if len(built) > 1:
            say(t("progress_change", lang))
            first, last = built[0], built[-1]
            comparison = compare(
                Side(f"@{first.round}", network.source, first.round, network, first.snapshot, first.analysis),
                Side(f"@{last.round}", network.source, last.round, network, last.snapshot, last.analysis))
            page = diff_page(comparison, lang, positions=positions, disclosure=disclosure)
            (staging / "maps/change.html").write_text(render_page(page, lang, back_link="../index.html"),
                                                      encoding="utf-8")
        say(t("progress_index", lang))
        # what public pages may show of each round's referral counts: one rule (privacy.PublicCounts)
        shown = [disclosure.counts(r.snapshot) for r in built]
        change = comparison.to_dict() if comparison else None
        if change:
            change["metrics"] = _public_metrics(change["metrics"], shown[0], shown[-1])
        summary = {
            "source": network.source,
            "generated": dt.date.today().isoformat(),
            "public": {"threshold": disclosure.threshold, "suppressed": SUPPRESSED} if disclosure.public else None,
            "rounds": [_public_analysis(r.analysis.to_dict(), s) for r, s in zip(built, shown)],
            "change": change,
        }
        # compact: json's C encoder only runs without indent (5 s saved at prefecture scale)
        (staging / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        (staging / "metrics.csv").write_text(
            _csv([_public_row(metrics_row(r.analysis), s) for r, s in zip(built, shown)], METRIC_COLUMNS),
            encoding="utf-8-sig")
        tables = [analysis_csv(r.analysis, s) for r, s in zip(built, shown)]
        per_agency = tables[0] + "".join(table.split("\n", 1)[1] for table in tables[1:])
        (staging / "agencies-by-round.csv").write_text(per_agency, encoding="utf-8-sig")
        (staging / "index.html").write_text(_index_html(network, built, comparison, lang, disclosure),
                                            encoding="utf-8")
    return Path(outdir)


def _index_html(network: Network, built: list[ReportRound], comparison: Comparison | None, lang: str,
                disclosure: Disclosure) -> str:
    first, last = built[0].analysis, built[-1].analysis
    labels = [t("round_short", lang, r=r.round) if r.round is not None else t("all_data", lang) for r in built]
    chart_links = line_chart(labels, {
        t("metric_links", lang): [r.analysis.links for r in built],
        t("metric_referral_links", lang): [r.analysis.counts["referral_links"] for r in built],
        t("metric_cross_sector_links", lang): [r.analysis.counts["cross_sector_links"] for r in built],
    }, t("chart_links", lang))
    chart_problems = line_chart(labels, {
        t("metric_isolated", lang): [len(r.analysis.isolated) for r in built],
        t("metric_no_referral", lang): [len(r.analysis.no_referral) for r in built],
        t("metric_gaps", lang): [sum(len(g.agencies) for g in r.analysis.gaps) for r in built],
    }, t("chart_problems", lang))
    label = {a.id: a.label for a in network.agencies}
    gaps = [{"boundary": g.boundary, "from": g.boundary - 1, "kind": g.kind, "kind_text": gap_kind(g.kind, lang),
             "agencies": [label[i] for i in g.agencies]} for g in last.gaps]
    cross = [r for r in last.sector_links if r["sectors"][0] != r["sectors"][1]]
    meetings = sorted(network.meetings, key=lambda m: (m.round, m.date))
    context = {
        "lang": lang,
        "t": lambda key, **kw: t(key, lang, **kw),
        "round_label": lambda r: round_label(r, lang),
        "ages_label": lambda lo, hi: ages_label(lo, hi, lang),
        "gap_kind": lambda k: gap_kind(k, lang),
        "meeting_kind": lambda k: meeting_kind(k, lang),
        "folder": _folder_name(network),
        "source": network.source,
        "generated": dt.date.today().isoformat(),
        "rounds": built,
        "rows": [_public_row(metrics_row(r.analysis), disclosure.counts(r.snapshot)) for r in built],
        "first": first,
        "last": last,
        "sentences": _summary_sentences(network, first, last, comparison, lang),
        "comparison": comparison,
        "change_metrics": _public_metrics(comparison.metrics, disclosure.counts(built[0].snapshot),
                                          disclosure.counts(built[-1].snapshot)) if comparison else {},
        "public_note": public_note(disclosure, lang),
        "names": label,
        "gaps": gaps,
        "isolated": _names(network, last.isolated),
        "no_referral": _names(network, last.no_referral),
        "cut": _names(network, last.cut_agencies),
        "brokers": [{"name": label[b["agency"]], "value": b["betweenness"]} for b in last.brokers()],
        "cross": cross,
        "matrix": _sector_matrix(network, last),
        "gap_changes": _gap_changes(comparison),
        "title_name": network.config.name or _folder_name(network),
        "source_shown": _folder_name(network) if disclosure.public else network.source,
        "new_cross": _new_cross_by_pair(network, built[0], built[-1], label) if comparison else [],
        "meetings": meetings,
        "chart_links": chart_links,
        "chart_problems": chart_problems,
        "per_agency_columns": PER_AGENCY_COLUMNS,
    }
    return _environment().get_template("report.html").render(**context)
