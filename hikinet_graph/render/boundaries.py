"""The report's section on each age boundary: who leaves, who starts, who spans it, who actually carried people.

A boundary's receiving agencies are split the way a coordinator asks about them: the
services that start at that age (the natural next service), the specialised services
that serve both sides (のりしろ), and the all-age generalists (blank ages), listed apart
so that a specialised service is not lost among them. Counts are shown as the public
rule says (:meth:`~hikinet_graph.core.public.PublicCounts.crossings`); no client age is shown.
"""

from __future__ import annotations

from ..core.analysis import Analysis
from ..i18n import gap_kind, t
from ..model import Agency, Network

__all__ = ["is_generalist", "crossing_blocks", "generalists"]


def is_generalist(agency: Agency) -> bool:
    """An agency with blank ages: it serves every age, so it receives and spans at every boundary."""
    return agency.age_min == 0 and agency.age_max is None


def _named(ids, agencies: dict[str, Agency], accompanying: set[str] = frozenset()) -> list[dict]:
    return [{"name": agencies[i].label, "accompaniment": i in accompanying} for i in ids]


def _block(entry: dict, agencies: dict[str, Agency], gaps: dict[int, list[dict]], window: int,
           lang: str) -> dict:
    """One boundary's block, as the report shows it."""
    b = entry["boundary"]
    spanning = set(entry["spanning"])
    accompanying = set(entry["spanning_accompaniment"])
    return {
        "boundary": b,
        "title": t("boundary", lang, b0=b - 1, b=b),
        "gaps": gaps.get(b, []),
        "leaving": _named(entry["leaving"], agencies),
        "starting": _named([i for i in entry["receiving"] if i not in spanning], agencies),
        "spanning": _named([i for i in entry["spanning"] if not is_generalist(agencies[i])], agencies, accompanying),
        "generalists": _named([i for i in entry["spanning"] if is_generalist(agencies[i])], agencies, accompanying),
        "carriers": [{"name": agencies[c["agency"]].label, "referrals": c["referrals"]} for c in entry["carriers"]],
        "handed_over": _named(entry["handed_over"], agencies),
        "near": entry["near_referrals"],
        "ages": t("ages_range", lang, lo=max(b - window, 0), hi=b + window - 1),
    }


def generalists(network: Network, crossings: list[dict]) -> list[dict]:
    """The all-age agencies (blank ages, not resources): they receive and span at every boundary, so the
    report lists them once, above the boundaries, each with whether it accompanies (伴走型)."""
    if not crossings:
        return []
    agencies = {a.id: a for a in network.agencies}
    entry = crossings[0]
    return _named([i for i in entry["spanning"] if is_generalist(agencies[i])], agencies,
                  set(entry["spanning_accompaniment"]))


def crossing_blocks(network: Network, result: Analysis, crossings: list[dict], lang: str) -> list[dict]:
    """One block per examined boundary of ``result`` (its ``crossings`` as shown), with the gaps at it.

    Parameters
    ----------
    network : Network
        The folder (agencies by id, the window w).
    result : Analysis
        The state shown (the last round, or the all-data "now" state).
    crossings : list of dict
        ``result.crossings`` as the page may show them (public counts masked).
    lang : str
        ``"ja"`` or ``"en"``.

    Returns
    -------
    list of dict
        ``title``, ``gaps`` (kind and its words), and the lists ``leaving``, ``starting``
        (age_min == b), ``spanning`` (specialised, both sides), ``generalists`` (blank ages),
        ``carriers`` (name, referrals), ``handed_over``; ``near`` and the ``ages`` it counts.
    """
    agencies = {a.id: a for a in network.agencies}
    gaps: dict[int, list[dict]] = {}
    for gap in result.gaps:
        gaps.setdefault(gap.boundary, []).append({"kind": gap.kind, "text": gap_kind(gap.kind, lang)})
    return [_block(entry, agencies, gaps, network.config.window, lang) for entry in crossings]
