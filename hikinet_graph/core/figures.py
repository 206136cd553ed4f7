"""The one table of headline figures: what each number is, how it is computed, compared and shown in public.

Every output that shows a figure (the CLI table, the map header, compare, the
report's round table and charts, ``metrics.csv`` and the export) reads it from
:data:`FIGURES` through :func:`value` / :func:`shown`, and takes the list of
figures it shows from one of the tuples below. A figure is never computed
anywhere else, so the same label always carries the same number.

Examples
--------
>>> from hikinet_graph.examples import tiny_network
>>> from hikinet_graph import analyze, take_snapshot
>>> result = analyze(take_snapshot(tiny_network()))
>>> value("gaps", result), value("isolated", result), value("referrals", result)
(2, 1, 3)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..i18n import t

if TYPE_CHECKING:
    from .analysis import Analysis
    from .public import PublicCounts

__all__ = [
    "Figure", "FIGURES", "value", "shown", "label", "text", "compare_values",
    "METRIC_FIGURES", "COMPARED_FIGURES", "CHIP_FIGURES", "TABLE_FIGURES", "ROUND_TABLE_FIGURES",
    "LINK_CHART_FIGURES", "PROBLEM_CHART_FIGURES", "WORKING_FIGURES", "CHANGE_CHIP_FIGURES",
    "CHANGE_TABLE_FIGURES", "metrics_row", "short_label",
    "compared",
]


@dataclass(frozen=True)
class Figure:
    """One headline figure.

    Parameters
    ----------
    key : str
        Its name in ``metrics.csv``, in compare's JSON and in the export.
    read : callable
        Computes it from an :class:`~hikinet_graph.core.analysis.Analysis`.
    kind : str
        ``"count"`` (a whole number), ``"ratio"`` (0 to 1, two decimals) or ``"index"`` (-1 to 1, signed).
    public : str
        ``"exact"``: shown as it is in ``--public`` output (structure, not referral counts);
        ``"referral_sum"``: a sum of referral counts, suppressed by the public rule (:mod:`.public`).
    """

    key: str
    read: Callable[["Analysis"], int | float | None]
    kind: str = "count"
    public: str = "exact"
    digits: int | None = None  # rounded to this many places in metrics rows (metrics.csv, the export)


FIGURES: dict[str, Figure] = {f.key: f for f in (
    Figure("meetings", lambda r: r.counts["meetings"]),
    Figure("agencies", lambda r: r.agencies),
    Figure("links", lambda r: r.links),
    Figure("referral_links", lambda r: r.counts["referral_links"]),
    Figure("density", lambda r: r.density, kind="ratio", digits=4),
    Figure("components", lambda r: len(r.components)),
    Figure("isolated", lambda r: len(r.isolated)),
    Figure("no_referral", lambda r: len(r.no_referral)),
    # (boundary, agency) pairs: an agency with gaps at two boundaries counts twice
    Figure("gaps", lambda r: sum(len(g.agencies) for g in r.gaps)),
    Figure("cut_agencies", lambda r: len(r.cut_agencies)),
    Figure("referrals", lambda r: r.counts["referrals"], public="referral_sum"),
    Figure("cross_sector_links", lambda r: r.counts["cross_sector_links"]),
    Figure("ei_index", lambda r: r.ei_index, kind="index"),
    Figure("reciprocity", lambda r: r.reciprocity, kind="ratio"),
    # the relationship layers (core/layers.py): working together is the headline, acquaintance beside it
    Figure("sharing_links", lambda r: r.layers["sharing"].links),
    Figure("working_links", lambda r: r.layers["working"].links),
    Figure("working_density", lambda r: r.layers["working"].density, kind="ratio", digits=4),
    Figure("working_components", lambda r: len(r.layers["working"].components)),
    Figure("working_isolated", lambda r: len(r.layers["working"].isolated)),
    Figure("working_cut_agencies", lambda r: len(r.layers["working"].cut_agencies)),
    Figure("working_centralization", lambda r: r.layers["working"].centralization, kind="ratio", digits=4),
    # pairs of agencies of two different sectors that work together (the sector table's referral links)
    Figure("working_cross_sector_links",
           lambda r: sum(s["referral_links"] for s in r.sector_links if s["sectors"][0] != s["sectors"][1])),
)}

# which figures each output shows, in its order. Files and JSON (metrics.csv, compare) keep their
# acquaintance columns and gain the working layer's at the end; what people read leads with working
# together (紹介・協働) and shows acquaintance (会ったことのある組) beside it.
WORKING_FIGURES = ("working_links", "working_density", "working_components", "working_isolated",
                   "working_cut_agencies")
METRIC_FIGURES = ("meetings", "agencies", "links", "referral_links", "density", "components", "isolated",
                  "no_referral", "gaps", "cut_agencies", "referrals", "cross_sector_links", "ei_index", "reciprocity",
                  "sharing_links", *WORKING_FIGURES, "working_centralization")
COMPARED_FIGURES = ("agencies", "links", "referral_links", "density", "components", "isolated", "no_referral",
                    "gaps", "cut_agencies", "cross_sector_links", "referrals", *WORKING_FIGURES)
CHIP_FIGURES = ("agencies", "working_links", "links", "working_isolated", "gaps", "working_cut_agencies")
TABLE_FIGURES = ("agencies", "working_links", "working_density", "working_isolated", "working_cut_agencies", "links",
                 "referrals")
ROUND_TABLE_FIGURES = ("agencies", "working_links", "links", "working_density", "working_isolated", "isolated",
                       "gaps", "working_cut_agencies")
LINK_CHART_FIGURES = ("working_links", "sharing_links", "links")
PROBLEM_CHART_FIGURES = ("working_isolated", "isolated", "gaps")
CHANGE_CHIP_FIGURES = ("working_links", "links", "working_isolated", "gaps")
# the report's change table (first → last), in reading order; summary.json keeps COMPARED_FIGURES
CHANGE_TABLE_FIGURES = ("agencies", "working_links", "links", "working_density", "working_isolated", "isolated",
                        "gaps", "working_cut_agencies", "working_cross_sector_links", "cross_sector_links",
                        "referrals")


def value(key: str, result: "Analysis") -> int | float | None:
    """The figure ``key`` of one analysis, exact (for internal output and computations)."""
    return FIGURES[key].read(result)


def shown(key: str, result: "Analysis", counts: "PublicCounts | None" = None) -> int | float | str | None:
    """The figure as a page or file may show it: a referral sum follows the public rule of ``counts``.

    ``counts`` is the snapshot's :class:`~hikinet_graph.core.public.PublicCounts` (None: internal).
    """
    figure = FIGURES[key]
    if figure.public == "referral_sum" and counts is not None and counts.disclosure.public:
        return counts.total
    return figure.read(result)


def metrics_row(result: "Analysis", counts: "PublicCounts | None" = None) -> dict:
    """One round's row of ``metrics.csv`` (and of the export's round sheet): round, cutoff and :data:`METRIC_FIGURES`.

    Parameters
    ----------
    result : Analysis
        The round's analysis.
    counts : PublicCounts, optional
        The snapshot's public counts; referral sums are then shown as the public rule says.

    Returns
    -------
    dict
        ``round``, ``cutoff``, then one key per figure.
    """
    row: dict = {"round": result.round, "cutoff": result.cutoff}
    for key in METRIC_FIGURES:
        number = shown(key, result, counts)
        digits = FIGURES[key].digits
        row[key] = round(number, digits) if digits is not None and isinstance(number, float) else number
    return row


def label(key: str, lang: str) -> str:
    """The figure's name in ``lang`` (one i18n entry per figure: ``metric_<key>``)."""
    return t(f"metric_{key}", lang)


def short_label(key: str, lang: str) -> str:
    """The figure's short name, for a narrow table column (one i18n entry per figure shown so: ``short_<key>``)."""
    return t(f"short_{key}", lang)


def text(key: str, number: int | float | str | None) -> str:
    """A figure's value as people read it: counts as they are, ratios with two decimals, indices signed."""
    if number is None:
        return ""
    if isinstance(number, str):  # hidden in public output
        return number
    kind = FIGURES[key].kind
    if kind == "ratio":
        return f"{number:.2f}"
    if kind == "index":
        return f"{number:+.2f}"
    return str(number)


def compare_values(key: str, before: int | float | str | None, after: int | float | str | None) -> dict:
    """Before, after and the change, as compare's JSON has them.

    The change is ``after - before`` (floats rounded to 10 places, so 0.1 + 0.2 stays 0.3); unknown
    (None) when either side is; ``"x"`` when either side is hidden in public output.
    """
    if isinstance(before, str) or isinstance(after, str):
        from .public import SUPPRESSED

        delta: int | float | str | None = SUPPRESSED
    elif before is None or after is None:
        delta = None
    else:
        delta = after - before
        if isinstance(delta, float):
            delta = round(delta, 10)
    return {"before": before, "after": after, "delta": delta}


def compared(before: "Analysis", after: "Analysis", before_counts: "PublicCounts | None" = None,
             after_counts: "PublicCounts | None" = None, keys: tuple[str, ...] = COMPARED_FIGURES) -> dict[str, dict]:
    """``keys`` (:data:`COMPARED_FIGURES`) before and after, as a page or file may show them (see :func:`compare_values`).

    Parameters
    ----------
    before, after : Analysis
        The two analyses.
    before_counts, after_counts : PublicCounts, optional
        Their snapshots' public counts: a referral sum that includes a hidden count is ``"x"``, and so is its change.

    Returns
    -------
    dict
        Figure key → ``{"before", "after", "delta"}``.
    """
    return {key: compare_values(key, shown(key, before, before_counts), shown(key, after, after_counts))
            for key in keys}
