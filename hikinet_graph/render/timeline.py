"""The report's timeline of rounds: each round's meetings and their log beside that round's figures.

The meeting log (目的・成果・次の取組, optional columns of the meetings) says what each meeting set out
to do and achieved; the figures (working ties, gaps, agencies with no working tie, each with its change
from the round before) say what the network did meanwhile, so the council reads both side by side.
Public pages leave the log out (:func:`~hikinet_graph.core.public.public_meetings`).
"""

from __future__ import annotations

from ..core import figures
from ..core.public import Disclosure, public_meetings
from ..i18n import meeting_kind
from ..model import Network

__all__ = ["TIMELINE_FIGURES", "timeline_rows"]

# the figures beside each round, and whether a rise is progress (True) or a setback (False)
TIMELINE_FIGURES = {"working_links": True, "gaps": False, "working_isolated": False}
LOG_COLUMNS = ("purpose", "outcome", "next_steps")


def _figure(key: str, rising_is_good: bool, state, previous) -> dict:
    """One figure of a round as shown, with its change from the previous round (exact values only)."""
    value = state.shown(key)
    before = previous.shown(key) if previous is not None else None
    delta = value - before if isinstance(value, int) and isinstance(before, int) else None
    good = None if not delta else (delta > 0) == rising_is_good
    return {"key": key, "value": figures.text(key, value), "delta": f"{delta:+d}" if delta else "", "good": good}


def _meetings(meetings: list, lang: str) -> list[dict]:
    """A round's meetings with their filled log cells; a cell that repeats the meeting above is None (同上)."""
    out, above = [], None
    for m in meetings:
        log = [(c, None if above is not None and getattr(above, c) == getattr(m, c) else getattr(m, c))
               for c in LOG_COLUMNS if getattr(m, c)]
        out.append({"date": m.date.isoformat(), "title": m.title or m.id, "kind": meeting_kind(m.kind, lang),
                    "log": log})
        above = m
    return out


def timeline_rows(network: Network, rounds: list, lang: str, disclosure: Disclosure) -> dict:
    """The timeline as the report's ``_timeline.html`` shows it.

    Parameters
    ----------
    network : Network
        The folder (its meetings and their log).
    rounds : list of ReportRound
        The report's states; the all-data "now" state has no meetings and is left out.
    lang : str
        ``"ja"`` or ``"en"``.
    disclosure : Disclosure
        A public page shows the meetings without their log.

    Returns
    -------
    dict
        ``rows``: per round its ``name``, ``figures`` (``key``, ``value``, ``delta``, ``good``) and
        ``meetings`` (``date``, ``title``, ``kind``, ``log``: (column, text) pairs that are filled, text None
        when it repeats the meeting above);
        ``has_log``: whether any meeting has a log; ``log_hidden``: whether a public page left one out.
    """
    shown = public_meetings(sorted(network.meetings, key=lambda m: (m.round, m.date)), disclosure)
    rows, previous = [], None
    for state in rounds:
        if state.now:
            continue
        round_ = state.round_view.round
        rows.append({
            "name": state.name(lang),
            "figures": [_figure(key, good, state, previous) for key, good in TIMELINE_FIGURES.items()],
            "meetings": _meetings([m for m in shown if m.round == round_], lang),
        })
        previous = state
    written = any(getattr(m, c) for m in network.meetings for c in LOG_COLUMNS)
    return {"rows": rows, "has_log": written and not disclosure.public, "log_hidden": written and disclosure.public}
