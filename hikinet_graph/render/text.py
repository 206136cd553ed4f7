"""Plain-text renderings of an analysis and a comparison, for the terminal (``--format table``)."""

from __future__ import annotations

import datetime as dt
import unicodedata

from ..core.analysis import Analysis
from ..core.compare import Comparison
from ..core.figures import TABLE_FIGURES, label, text, value
from ..core.rounds import round_title
from ..dates import format_date
from ..i18n import ages_label, gap_kind, t
from ..model import Network

__all__ = ["analysis_table", "comparison_table", "survey_summary", "suggestion_lines"]

# the table lists the busiest cross-sector pairs; json and the report list all of them
SECTOR_PAIRS_SHOWN = 8


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _names(network: Network, ids: list[str]) -> str:
    if not ids:
        return ""
    return ", ".join(f"{network.agencies[network.index[i]].label} ({i})" for i in ids)


def analysis_table(network: Network, result: Analysis, lang: str = "ja") -> str:
    """The human reading of one analysis: headline, findings, then one line per agency."""
    none = t("none", lang)
    out: list[str] = []
    head = f"{t('title', lang)}  {network.source}  {round_title(network, result.round, lang)}"
    if result.cutoff:
        cutoff = dt.date.fromisoformat(str(result.cutoff)[:10])
        head += f" ({t('until', lang, d=format_date(cutoff, network.config.date_style))})"
    out.append(head)
    out.append("  ".join(f"{label(key, lang)} {text(key, value(key, result))}" for key in TABLE_FIGURES))
    out.append("")
    out.append(f"{t('isolated', lang)}: {_names(network, result.isolated) or none}")
    out.append(f"{t('no_referral', lang)}: {_names(network, result.no_referral) or none}")
    out.append(f"{t('uncovered', lang)}: "
               + (", ".join(ages_label(lo, hi, lang) for lo, hi in result.uncovered) or none))
    out.append(f"{t('gaps', lang)}:" + ("" if result.gaps else f" {none}"))
    for gap in result.gaps:
        out.append(f"  {t('boundary', lang, b0=gap.boundary - 1, b=gap.boundary)}  {gap_kind(gap.kind, lang)}: "
                   f"{_names(network, list(gap.agencies))}")
    out.append(f"{t('cut_agencies', lang)}: {_names(network, result.cut_agencies) or none}")
    brokers = result.brokers()
    out.append(f"{t('brokers', lang)}: " + (", ".join(
        f"{network.agencies[network.index[b['agency']]].label} {b['betweenness']:.2f}" for b in brokers) or none))
    sectors = [f"{'/'.join(r['sectors'])} {r['links']}" for r in result.sector_links
               if r["sectors"][0] != r["sectors"][1]]
    shown = ", ".join(sectors[:SECTOR_PAIRS_SHOWN])
    if len(sectors) > SECTOR_PAIRS_SHOWN:
        shown += f", ... (+{len(sectors) - SECTOR_PAIRS_SHOWN})"
    out.append(f"{t('sector_links', lang)}: {shown or none}")
    out.append(f"{t('ei_index', lang)}: {'' if result.ei_index is None else f'{result.ei_index:+.2f}'}")
    out.append(f"{t('reciprocity', lang)}: {'' if result.reciprocity is None else f'{result.reciprocity:.2f}'}")
    out.append(f"{t('no_accompaniment', lang)}: "
               + (", ".join(ages_label(lo, hi, lang) for lo, hi in result.no_accompaniment) or none))
    out.append(f"{t('agenda_suggestions', lang)}:" + ("" if result.suggestions else f" {none}"))
    out += suggestion_lines(network, result.suggestions, lang)
    out.append("")
    out.append(f"{t('per_agency', lang)}:")
    header = [t("col_agency", lang), t("col_sector", lang), t("col_ages", lang), t("col_style", lang),
              t("col_degree", lang), t("col_refs", lang), t("col_flags", lang)]
    rows = []
    for agency_id, row in result.per_agency.iterrows():
        agency = network.agencies[network.index[agency_id]]
        flags = [t(f"flag_{k}", lang) for k in ("isolated", "no_referral", "cut") if row[k]]
        if agency.core:
            flags.insert(0, t("flag_core", lang))
        flags += [f"{g.split(':')[0]}:{gap_kind(g.split(':')[1], lang).split(' ')[0]}" for g in row["gaps"].split()]
        rows.append([agency.label, agency.sector, ages_label(agency.age_min, agency.age_max, lang),
                     t(f"style_{agency.style}", lang), str(row["degree"]),
                     f"{row['referrals_out']}/{row['referrals_in']}", " ".join(flags)])
    widths = [max(_width(r[c]) for r in [header] + rows) for c in range(len(header))]
    for r in [header] + rows:
        out.append("  " + "  ".join(_pad(cell, widths[c]) for c, cell in enumerate(r)).rstrip())
    return "\n".join(out)


def comparison_table(comparison: Comparison, lang: str = "ja") -> str:
    """The human reading of a before/after comparison."""
    none = t("none", lang)
    names = {a.id: a.label for a in comparison.before.network.agencies}
    names.update({a.id: a.label for a in comparison.after.network.agencies})

    def label(ids):
        return ", ".join(f"{names[i]} ({i})" for i in ids) or none

    def side(s):
        return f"{s.path} {round_title(s.network, s.round, lang)}"

    out = [f"{t('compare_title', lang)}: {side(comparison.before)} -> {side(comparison.after)}", ""]
    width = max(_width(t(f"metric_{k}", lang)) for k in comparison.metrics)
    for key, m in comparison.metrics.items():
        delta = m["delta"]
        shown = f"{delta:+.3f}" if isinstance(delta, float) else f"{delta:+d}"
        before = f"{m['before']:.3f}" if isinstance(m["before"], float) else str(m["before"])
        after = f"{m['after']:.3f}" if isinstance(m["after"], float) else str(m["after"])
        out.append(f"  {_pad(t(f'metric_{key}', lang), width)}  {before:>8} -> {after:>8}  ({shown})")
    out.append("")
    out.append(f"{t('diff_added', lang)}: {len(comparison.added_links)}")
    for pair in comparison.added_links[:LINKS_LISTED]:
        out.append(f"  + {names[pair[0]]} - {names[pair[1]]}")
    if len(comparison.added_links) > LINKS_LISTED:
        out.append(f"  ... (+{len(comparison.added_links) - LINKS_LISTED})")
    out.append(f"{t('diff_removed', lang)}: {len(comparison.removed_links)}")
    for pair in comparison.removed_links[:LINKS_LISTED]:
        out.append(f"  - {names[pair[0]]} - {names[pair[1]]}")
    if len(comparison.removed_links) > LINKS_LISTED:
        out.append(f"  ... (+{len(comparison.removed_links) - LINKS_LISTED})")
    out.append(f"{t('diff_resolved', lang)}: {label(comparison.resolved_isolated)}")
    out.append(f"{t('diff_new_isolated', lang)}: {label(comparison.new_isolated)}")
    for key, entries in (("gaps_closed", comparison.gaps_closed), ("gaps_opened", comparison.gaps_opened)):
        out.append(f"{t(key, lang)}:" + ("" if entries else f" {none}"))
        for g in entries:
            out.append(f"  {t('boundary', lang, b0=g['boundary'] - 1, b=g['boundary'])}  "
                       f"{gap_kind(g['kind'], lang)}: {names[g['agency']]} ({g['agency']})")
    if comparison.agencies_added or comparison.agencies_removed:
        out.append(f"{t('diff_agency_added', lang)}: {label(comparison.agencies_added)}")
        out.append(f"{t('diff_agency_removed', lang)}: {label(comparison.agencies_removed)}")
    return "\n".join(out)


# the table lists this many added or removed links; json lists all of them
LINKS_LISTED = 30


def survey_summary(result, path: str, lang: str = "ja") -> str:
    """What ``import-survey`` tells the coordinator: rows written, who did not answer, answers that disagree.

    Parameters
    ----------
    result : SurveyImport
        The import (:func:`hikinet_graph.read.survey.import_survey`).
    path : str
        The relations file written.
    """
    names, none = result.names, t("none", lang)
    out = [t("survey_done", lang, rows=len(result.relations), respondents=len(result.respondents), path=path),
           f"{t('survey_non_respondents', lang)}: "
           + (", ".join(f"{names[i]} ({i})" for i in result.non_respondents) or none),
           f"{t('survey_discrepancies', lang)}:" + ("" if result.discrepancies else f" {none}")]
    out += [f"  {names[a]} -> {names[b]}: {ab}   {names[b]} -> {names[a]}: {ba}" for a, b, ab, ba in result.discrepancies]
    return "\n".join(out)


def suggestion_lines(network: Network, suggestions: list[dict], lang: str = "ja") -> list[str]:
    """The suggestions as the terminal table lists them: one line per agency, reason and boundary.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> from hikinet_graph import analyze_network
    >>> network = tiny_network()
    >>> print("\\n".join(suggestion_lines(network, analyze_network(network).suggestions, "en")))
      age 64 → 65  no tie: クリニック (clinic) → 1. 総合相談窓口 (desk)
      age 64 → 65  no referral yet: 農園 (farm) → 1. 総合相談窓口 (desk)
      no working tie yet: クリニック (clinic) → 1. 総合相談窓口 (desk), 2. 農園 (farm)
      no working tie yet: 農園 (farm) → 1. 総合相談窓口 (desk), 2. 若者サポート (youth)
    """
    agencies = {a.id: a for a in network.agencies}

    def named(agency_id: str) -> str:
        return f"{agencies[agency_id].label} ({agency_id})"

    lines: list[tuple] = []
    for s in suggestions:
        key = (s["reason"], s["boundary"], s["agency"])
        if not lines or lines[-1][0] != key:
            where = (t("agenda_outside_short", lang) if s["boundary"] is None else
                     f"{t('boundary', lang, b0=s['boundary'] - 1, b=s['boundary'])}  "
                     f"{t('agenda_kind_' + s['reason'], lang)}")
            lines.append((key, f"  {where}: {named(s['agency'])} →", []))
        lines[-1][2].append(f"{s['rank']}. {named(s['partner'])}")
    return [f"{head} {', '.join(partners)}" for _, head, partners in lines]
