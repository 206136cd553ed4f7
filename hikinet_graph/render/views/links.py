"""The lines of an agency map: referral arrows, co-attendance and questionnaire relations, by layer.

Edge ids are ``r:FROM:TO`` (referral, one per direction), ``m:A:B`` (co-attendance)
and ``q:A:B`` (relation); pages and tests find lines by them. An edge's ``kind`` is what
the legend switches: working together is drawn strong (``referral``; ``relation``, a
questionnaire level of 3 or more), sharing dashed (``sharing``, level 2), and what only
says two agencies have met faint and hidden at first (``acquainted``, level 1;
``attendance``): see :data:`~hikinet_graph.render.style.HIDDEN_AT_FIRST`.
"""

from __future__ import annotations

import math

from ...core.public import Disclosure
from ...core.snapshot import link_table
from ...i18n import t
from ..round_view import RoundView
from ..style import (
    ATTENDANCE_COLOUR,
    HIDDEN_AT_FIRST,
    REFERRAL_COLOUR,
    RELATION_COLOURS,
    steady,
)
from ..thinning import EDGE_BUDGET, LINE_KINDS, line_count

__all__ = ["agency_edges"]


def _attendance_edge(a: str, b: str, meetings: int, lang: str) -> dict:
    return {"id": f"m:{a}:{b}", "from": a, "to": b, "kind": "attendance",
            "color": steady(ATTENDANCE_COLOUR, 0.45), "width": 1, "hidden": "attendance" in HIDDEN_AT_FIRST,
            "smooth": False, "arrows": {"to": {"enabled": False}},
            "title": f"{t('shared_meetings', lang)}: {meetings}"}


# a questionnaire level's layer on the map: 3-4 working together, 2 sharing, 1 only acquainted
_RELATION_KINDS = {1: "acquainted", 2: "sharing", 3: "relation", 4: "relation"}
_RELATION_DASHES = {"acquainted": [2, 5], "sharing": [7, 5], "relation": False}


def _relation_edge(a: str, b: str, level: int, lang: str) -> dict:
    kind = _RELATION_KINDS[level]
    return {"id": f"q:{a}:{b}", "from": a, "to": b, "kind": kind,
            "color": steady(RELATION_COLOURS[level], 0.6 if kind == "acquainted" else None),
            "width": {"acquainted": 1, "sharing": 2, "relation": 3}[kind] + (level == 4),
            "dashes": _RELATION_DASHES[kind], "hidden": kind in HIDDEN_AT_FIRST,
            "smooth": False, "arrows": {"to": {"enabled": False}},
            "title": f"{t('relation', lang)}: {t('level_' + str(level), lang)}"}


def _referral_edge(src: str, dst: str, count: int, lang: str, disclosure: Disclosure, curved: bool) -> dict:
    return {"id": f"r:{src}:{dst}", "from": src, "to": dst, "kind": "referral",
            "color": steady(REFERRAL_COLOUR),
            # masked counts are drawn thin, like a single referral: width must not tell them apart
            "width": 2.5 if disclosure.masked(count) else round(2.5 + 1.5 * math.log2(count), 2),
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.8}},
            "title": f"{t('referrals', lang)}: {disclosure.count(count)}",
            "count": disclosure.count(int(count)),
            # straight lines draw much faster at the size where maps are thinned
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15} if curved else False}


def agency_edges(of_round: RoundView, kinds: tuple[str, ...] = LINE_KINDS) -> tuple[list[dict], dict | None]:
    """The lines of one round's agency map.

    Above :data:`~hikinet_graph.render.thinning.EDGE_BUDGET` lines only each agency's
    strongest referrals are drawn (``of_round.strongest``).

    Parameters
    ----------
    of_round : RoundView
        The round.
    kinds : tuple
        The kinds of lines wanted: ``"attendance"``, ``"relation"``, ``"referral"``.

    Returns
    -------
    tuple
        The edges, and ``{"shown", "total"}`` link counts when thinned (else None), for the page to say so.
    """
    links = link_table(of_round.snapshot)
    ids = of_round.network.ids
    lang, disclosure = of_round.lang, of_round.disclosure
    thinned = None
    if line_count(links, kinds) > EDGE_BUDGET:
        kinds = ("referral",)
        thinned = {"shown": int(len(of_round.strongest)), "total": int(len(links))}
        links = of_round.strongest
    edges: list[dict] = []
    for row in links.itertuples(index=False):
        a, b = ids[row.a], ids[row.b]
        if row.meetings and "attendance" in kinds:
            edges.append(_attendance_edge(a, b, row.meetings, lang))
        if row.level and "relation" in kinds:
            edges.append(_relation_edge(a, b, row.level, lang))
        if "referral" not in kinds:
            continue
        for src, dst, count in ((a, b, row.ref_ab), (b, a, row.ref_ba)):
            if count:
                edges.append(_referral_edge(src, dst, count, lang, disclosure, curved=thinned is None))
    return edges, thinned
