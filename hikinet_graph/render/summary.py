"""The report's first lines: plain sentences for the council, in the order the case studies tell the story.

相互理解 then 連携の強化: who works with whom (the working ties beside the pairs who have
met), who holds the working ties together, who carries people across the age boundaries,
who came to the meetings, then what changed. Every number comes from the figures table
(:mod:`hikinet_graph.core.figures`), the change model (:class:`~hikinet_graph.core.change.Change`,
whose lists are the tables under the sentences) or the last state's analysis, as shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core import figures
from ..core.analysis import Analysis
from ..core.change import Change
from ..core.rounds import round_texts
from ..i18n import t

if TYPE_CHECKING:
    from .index import ReportRound

__all__ = ["summary_sentences", "joined"]


def joined(names: list[str], lang: str) -> str:
    """Names as a sentence lists them ("A、B" / "A, B"); "なし" / "none" for none."""
    if not names:
        return t("none", lang)
    return ("、" if lang == "ja" else ", ").join(names)


def _headline(rounds: list["ReportRound"], change_figures: dict[str, dict], lang: str) -> str:
    """Pairs working together beside pairs who have met: the two curves of the charts, in words."""
    last = rounds[-1]
    if not change_figures:
        shown = {key: figures.text(key, last.shown(key)) for key in ("working_links", "links", "isolated", "gaps")}
        return t("sentence_one_round", lang, working=shown["working_links"], links=shown["links"],
                 isolated=shown["isolated"], gaps=shown["gaps"])
    text = {key: {side: figures.text(key, change_figures[key][side]) for side in ("before", "after")}
            for key in ("working_links", "links")}
    return t("sentence_links", lang, r0=rounds[0].name(lang), r1=last.name(lang),
             wb=text["working_links"]["before"], wa=text["working_links"]["after"], **text["links"])


def _hub(result: Analysis, names: dict[str, str], lang: str) -> str:
    """Who holds the working ties together: the top broker and the cut agencies of the working layer."""
    working = result.layers["working"]
    brokers = working.brokers(1)
    if not brokers:
        return t("sentence_no_hub", lang)
    return t("sentence_hub", lang, broker=names[brokers[0]["agency"]],
             cut=joined([names[i] for i in working.cut_agencies], lang))


def _carriers(crossings: list[dict], names: dict[str, str], lang: str) -> str | None:
    """The agency that took people over at the most boundaries (being a carrier: no count is used)."""
    if not crossings:
        return None
    at: dict[str, list[int]] = {}
    for entry in crossings:
        for carrier in entry["carriers"]:
            at.setdefault(carrier["agency"], []).append(entry["boundary"])
    if not at:
        return t("sentence_no_carriers", lang)
    most = max(len(b) for b in at.values())
    top = sorted(agency for agency, b in at.items() if len(b) == most)
    boundaries = sorted({b for agency in top for b in at[agency]})
    return t("sentence_carriers", lang, names=joined([names[a] for a in top], lang), n=most, m=len(crossings),
             boundaries=joined([t("boundary", lang, b0=b - 1, b=b) for b in boundaries], lang))


def _attendance(rounds: list["ReportRound"], names: dict[str, str], lang: str) -> list[str]:
    """Who came to the last round's meetings, who was new, who stopped coming; and earlier absences."""
    attendance = rounds[-1].analysis.attendance
    if attendance.get("round") is None:
        return []

    def listed(ids: list[str]) -> str:
        return joined([names[i] for i in ids], lang)

    network = rounds[-1].round_view.snapshot.network
    labels = round_texts(network, lang)
    lines = [t("sentence_attendance", lang, r=labels[attendance["round"]],
               present=len(attendance["present"]), new=listed(attendance["new"]), absent=listed(attendance["absent"]))]
    earlier: dict[str, list[int]] = {}
    for r in rounds:
        seen = r.analysis.attendance
        if not r.now and seen["round"] is not None and seen["round"] != attendance["round"]:
            for agency in seen["absent"]:
                earlier.setdefault(agency, []).append(seen["round"])
    if earlier:
        lines.append(t("sentence_absences", lang, names=joined(
            [f"{names[a]} ({'、'.join(labels[r] for r in rs)})" for a, rs in sorted(
                earlier.items(), key=lambda kv: (kv[1], kv[0]))], lang)))
    return lines


def summary_sentences(rounds: list["ReportRound"], change_figures: dict[str, dict], change: Change | None,
                      crossings: list[dict], names: dict[str, str], lang: str) -> list[str]:
    """The report's first lines, first to last state.

    Parameters
    ----------
    rounds : list of ReportRound
        Every state, first to last (the "now" state last, when there is one).
    change_figures : dict
        :func:`~hikinet_graph.core.figures.compared` first → last over
        :data:`~hikinet_graph.core.figures.CHANGE_TABLE_FIGURES`, as shown (empty for one state).
    change : Change or None
        The change model first → last; its lists are the tables under the sentences.
    crossings : list of dict
        The last state's ``crossings`` as shown (only who is a carrier is read, never a count).
    names : dict
        Agency id → the name people read.
    lang : str
        ``"ja"`` or ``"en"``.
    """
    last = rounds[-1].analysis
    lines = [_headline(rounds, change_figures, lang), _hub(last, names, lang),
             _carriers(crossings, names, lang), *_attendance(rounds, names, lang)]
    if change is not None:
        lines += _change_lines(change_figures, change, lang)
    return [line for line in lines if line]


def _change_lines(change_figures: dict[str, dict], change: Change, lang: str) -> list[str]:
    """What changed first → last: working ties found, isolation, gaps and working ties across sectors."""
    def before_after(key: str) -> dict:
        return {side: figures.text(key, change_figures[key][side]) for side in ("before", "after")}

    say: Callable[..., str] = lambda key, **values: t(key, lang, **values)
    return [
        say("sentence_working_isolated", first=len(change.first_working), **before_after("working_isolated")),
        say("sentence_isolated", left=len(change.left_isolation), new=len(change.newly_isolated),
            **before_after("isolated")),
        say("sentence_gaps", closed=len(change.closed), changed=len(change.changed), opened=len(change.opened),
            **before_after("gaps")),
        say("sentence_cross", **before_after("working_cross_sector_links")),
    ]
