"""The agenda page, "次回の会議に向けて": the latest state's suggested introductions, questions and progress.

What the page holds, in order (docs/agenda.md): the introductions to propose at each age boundary,
the ages nobody serves as questions, the introductions for agencies outside the working network,
the agencies that stopped coming, what went well since the previous state, the next steps the
latest meetings agreed (left out of public pages), and blank lines for notes. Every sentence is
built from a suggestion's ``because`` facts (:mod:`hikinet_graph.core.suggestions`), so the page
says exactly why a pair was proposed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..core.change import change_between
from ..core.compare import Side, compare, id_pairs
from ..core.layers import layer_masks
from ..core.public import Disclosure, public_meetings
from ..core.snapshot import link_table
from ..core.suggestions import coverage_topics, fact_count
from ..i18n import ages_label, t
from ..model import Agency, Network
from .index import ReportRound
from .page import display_name, environment, folder_name, public_note

__all__ = ["NOTE_LINES", "agenda_context", "agenda_html", "describe", "reason_text"]

# ruled lines for notes at the end of the printed agenda
NOTE_LINES = 8


def describe(agency: Agency, lang: str) -> str:
    """An agency's sector, ages and style, as the agenda writes them after its name ("教育、6〜15歳、課題解決型")."""
    # blank ages serve everyone: "0歳〜" would read as a children's service
    every_age = agency.age_min == 0 and agency.age_max is None
    parts = [agency.sector, t("agenda_all_ages", lang) if every_age else ages_label(agency.age_min, agency.age_max, lang)]
    if agency.style:
        parts.append(t(f"style_{agency.style}", lang))
    return t("agenda_list_sep", lang).join(p for p in parts if p)


def _met_at_meetings(snapshot) -> set[frozenset[str]]:
    """The pairs that attended a meeting together (the rest of the acquainted pairs know each other otherwise)."""
    links = link_table(snapshot)
    links = links[links["meetings"] > 0]
    ids = snapshot.network.ids
    return {frozenset((ids[a], ids[b])) for a, b in zip(links["a"].tolist(), links["b"].tolist())}


def reason_text(suggestion: dict, met_at_meetings: bool, lang: str) -> str:
    """A suggestion's reason in plain words, one sentence per fact of its ``because``.

    Examples
    --------
    >>> s = {"reason": "weak_handover", "boundary": 16, "because": ["met", "accompaniment"]}
    >>> reason_text(s, True, "ja")
    '16歳の境目で、紹介の実績がありません。すでに会議で会っています。伴走型の支援をしています。'
    """
    b = suggestion["boundary"]
    because = suggestion["because"]
    words = [t(f"agenda_why_{suggestion['reason']}", lang, b=b)]
    if "met" in because:
        words.append(t("agenda_why_met_meeting" if met_at_meetings else "agenda_why_met", lang))
    if "accompaniment" in because:
        words.append(t("agenda_why_accompaniment", lang))
    if "starts_at_boundary" in because:
        words.append(t("agenda_why_starts", lang, b=b))
    for fact in ("shared_partners", "shared_acquaintances"):
        if fact_count(because, fact):
            words.append(t(f"agenda_why_{fact}", lang, n=fact_count(because, fact)))
    if "in_working_network" in because:
        words.append(t("agenda_why_in_working", lang))
    if "no_age_overlap" in because:
        words.append(t("agenda_why_no_overlap", lang))
    return t("agenda_sentence_sep", lang).join(words)


def _groups(network: Network, suggestions: list[dict], met: set, reasons: tuple[str, ...], lang: str) -> list[dict]:
    """Suggestions of ``reasons`` grouped by (reason, boundary, agency), in the JSON's order."""
    agencies = {a.id: a for a in network.agencies}
    groups: list[dict] = []
    for s in suggestions:
        if s["reason"] not in reasons:
            continue
        key = (s["reason"], s["boundary"], s["agency"])
        if not groups or groups[-1]["key"] != key:
            agency = agencies[s["agency"]]
            groups.append({"key": key, "reason": s["reason"], "boundary": s["boundary"], "agency": agency.label, "about": describe(agency, lang), "partners": []})
        partner = agencies[s["partner"]]
        groups[-1]["partners"].append({
            "rank": s["rank"], "name": partner.label, "about": describe(partner, lang),
            "resource": partner.resource,
            "why": reason_text(s, frozenset((s["agency"], s["partner"])) in met, lang)})
    return groups


def _topics(network: Network, result, lang: str) -> list[dict]:
    """The coverage topics in words: the ages nobody serves, who leaves into them, who serves either side."""
    names = {a.id: a.label for a in network.agencies}
    services = [a for a in network.agencies if not a.resource]
    out = []
    for topic in coverage_topics(network.agencies, result.gaps, result.uncovered, result.span):
        lo, hi = topic["ages"]
        out.append({"question": t("agenda_topic_question", lang, ages=ages_label(lo, hi, lang)),
                    "boundary": topic["boundary"],
                    "leaving": [names[i] for i in topic["leaving"]],
                    "below_age": lo - 1 if services and lo > 0 else None,
                    "below": [names[i] for i in topic["below"]],
                    "above_age": hi + 1 if hi is not None else None,
                    "above": [names[i] for i in topic["above"]]})
    return out


def _carried(current: ReportRound, previous: ReportRound) -> dict[str, list[int]]:
    """The agencies that received people near a boundary since the previous state, each with those boundaries.

    A carrier is listed when it is new at that boundary, or when both counts are exact and grew; a count
    a public page hides cannot say whether it grew, so such a carrier is listed only when new.
    """
    before = {(c["boundary"], k["agency"]): k["referrals"] for c in previous.crossings for k in c["carriers"]}
    out: dict[str, list[int]] = {}
    for entry in current.crossings:
        for carrier in entry["carriers"]:
            old = before.get((entry["boundary"], carrier["agency"]))
            count = carrier["referrals"]
            if old is None or (isinstance(old, int) and isinstance(count, int) and count > old):
                out.setdefault(carrier["agency"], []).append(entry["boundary"])
    return dict(sorted(out.items()))


def _working_pairs(view) -> set[tuple[str, str]]:
    """The working ties of a state, as sorted id pairs."""
    links = link_table(view.snapshot)
    links = links[layer_masks(links)["working"]]
    return id_pairs(view.network.ids, links["a"].to_numpy(np.int64), links["b"].to_numpy(np.int64))


def _progress(network: Network, current: ReportRound, previous: ReportRound | None, lang: str) -> dict | None:
    """What went well since the previous state: gaps closed or weakened, new working ties, carriers."""
    if previous is None:
        return None
    names = {a.id: a.label for a in network.agencies}
    before, after = previous.round_view, current.round_view
    change = change_between(compare(
        Side("before", network.source, before.round, network, before.snapshot, before.analysis),
        Side("after", network.source, after.round, network, after.snapshot, after.analysis)))

    def at(boundary: int) -> str:
        return t("boundary", lang, b0=boundary - 1, b=boundary)

    items = {
        "closed": [t("agenda_closed", lang, at=at(g["boundary"]), agency=names[g["agency"]],
                     kind=t(f"agenda_kind_{g['kind']}", lang)) for g in change.closed],
        "improved": [t("agenda_improved", lang, at=at(g["boundary"]), agency=names[g["agency"]])
                     for g in change.changed if (g["before"], g["after"]) == ("handover", "weak_handover")],
        "ties": [f"{names[a]} – {names[b]}" for a, b in sorted(_working_pairs(after) - _working_pairs(before))],
        "first_working": [names[i] for i in change.first_working],
        "carried": [t("agenda_carried", lang, agency=names[agency], at=t("agenda_list_sep", lang).join(at(b) for b in bs))
                    for agency, bs in _carried(current, previous).items()],
    }
    return {"since": previous.name(lang), "items": items, "any": any(items.values())}


def _next_steps(network: Network, round_: int | None, disclosure: Disclosure) -> tuple[list[dict], bool]:
    """The next steps the meetings of ``round_`` agreed (none on a public page), and whether a public page hid some."""
    meetings = [m for m in network.meetings if m.round == round_]
    shown = [{"title": m.title or m.id, "date": m.date.isoformat(), "text": m.next_steps}
             for m in public_meetings(meetings, disclosure) if m.next_steps]
    return shown, disclosure.public and any(m.next_steps for m in meetings)


def agenda_context(network: Network, current: ReportRound, previous: ReportRound | None, lang: str,
                   disclosure: Disclosure) -> dict:
    """What the agenda page shows of ``current`` (and of the change since ``previous``), as template values."""
    result = current.analysis
    names = {a.id: a.label for a in network.agencies}
    met = _met_at_meetings(current.round_view.snapshot)
    outside = _groups(network, result.suggestions, met, ("outside_working",), lang)
    listed = {g["key"][2] for g in outside}
    log_round = result.attendance.get("round")
    next_steps, log_hidden = _next_steps(network, log_round, disclosure)
    return {
        "title_name": display_name(network),
        "source_shown": folder_name(network) if disclosure.public else network.source,
        "state": current.name(lang),
        "date": current.date(lang) if current.now else "",  # a round's name carries its date
        "generated": dt.date.today().isoformat(),
        "public_note": public_note(disclosure, lang),
        "handovers": _groups(network, result.suggestions, met, ("handover", "weak_handover"), lang),
        "topics": _topics(network, result, lang),
        "outside": outside,
        # outside the working network, but already proposed above as another agency's partner
        "outside_as_partner": [names[i] for i in result.layers["working"].isolated
                               if i not in listed and not network.agencies[network.index[i]].resource],
        "absent": [names[i] for i in result.attendance.get("absent", [])],
        "progress": _progress(network, current, previous, lang),
        "next_steps": next_steps,
        "log_hidden": log_hidden,
        "note_lines": range(NOTE_LINES),
    }


def agenda_html(network: Network, current: ReportRound, previous: ReportRound | None, lang: str = "ja",
                disclosure: Disclosure | None = None, back_link: str | None = None) -> str:
    """The HTML of the agenda page (``agenda.html``): one offline file, printable on A4.

    Parameters
    ----------
    network : Network
        The folder.
    current : ReportRound
        The latest state (the all-data "now" state when the report shows it, else the last round).
    previous : ReportRound or None
        The state before it, for what went well since (None: the first round).
    lang : str
        ``"ja"`` or ``"en"``.
    disclosure : Disclosure, optional
        A public page leaves the meeting log out (and masks counts, as every page does).
    back_link : str, optional
        A link back to the report's index.
    """
    disclosure = disclosure or current.round_view.disclosure
    context = agenda_context(network, current, previous, lang, disclosure)
    return environment().get_template("agenda.html").render(
        lang=lang, t=lambda key, **kw: t(key, lang, **kw), back_link=back_link, **context)
