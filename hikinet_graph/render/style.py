"""How maps look: the palette, what each colour and ring means, vis-network's options and the legends.

Colours mean the same on every page: red marks isolation (and lost links), orange
an age-boundary gap, green what got better; sector fills avoid those three.
"""

from __future__ import annotations

from ..i18n import gap_kind, t
from ..model import Agency, Network

__all__ = [
    "PALETTE", "SECTOR_COLOURS", "UNKNOWN_SECTOR_COLOUR", "ISOLATED_COLOUR", "GAP_COLOUR", "WEAK_COLOUR",
    "CUT_COLOUR", "NO_WORK_COLOUR", "DASHES", "REFERRAL_COLOUR", "ATTENDANCE_COLOUR", "RELATION_COLOURS", "ADDED_COLOUR", "RESOLVED_COLOUR", "REMOVED_COLOUR",
    "UNCHANGED_COLOUR", "FONT_FACE", "HIDDEN_AT_FIRST", "sector_colours", "steady", "base_options", "node_shape",
    "node_style", "sector_legend", "map_legend", "change_legend",
]

# sector fills: muted Tableau-like colours, none of them the red, orange or green that marks problems and changes
PALETTE = [
    "#4e79a7", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#a0cbe8", "#8cd17d",
    "#d4a6c8", "#b6992d", "#499894", "#bab0ac", "#86bcb6", "#d7b5a6", "#f1ce63", "#79706e",
]
UNKNOWN_SECTOR_COLOUR = "#bbbbbb"
SECTOR_COLOURS = {
    "福祉": "#4e79a7", "行政": "#9c755f", "保健": "#b07aa1", "医療": "#d4a6c8", "教育": "#edc948",
    "子ども家庭": "#ff9da7", "若者": "#76b7b2", "高齢": "#a0cbe8", "障害": "#8cd17d", "生活困窮": "#b6992d",
    "民間": "#bab0ac", "就労": "#499894",
}
ISOLATED_COLOUR = "#d62728"
NO_WORK_COLOUR = "#9a9a9a"  # met others but works with nobody
DASHES = [12, 8]  # a dashed ring, in canvas units: wide enough to stay dashed when the map is zoomed out
GAP_COLOUR = "#ff7f0e"
WEAK_COLOUR = "#d4a017"
CUT_COLOUR = "#222222"
REFERRAL_COLOUR = "#1f4e9c"
ATTENDANCE_COLOUR = "#b8b8b8"
# the kinds of lines that only say two agencies have met: faint, and hidden until the reader asks for them
HIDDEN_AT_FIRST = ("attendance", "acquainted")
RELATION_COLOURS = {1: "#c7e9c0", 2: "#74c476", 3: "#31a354", 4: "#006d2c"}
ADDED_COLOUR = "#2ca02c"
RESOLVED_COLOUR = "#98d698"  # left isolation without a working tie yet (the change map)
REMOVED_COLOUR = "#d62728"
UNCHANGED_COLOUR = "#c8c8c8"
FONT_FACE = "'Noto Sans CJK JP', 'Noto Sans JP', 'Yu Gothic UI', 'Yu Gothic', Meiryo, 'Hiragino Sans', sans-serif"


def sector_colours(network: Network) -> dict[str, str]:
    """A colour per sector of ``network``.

    Fixed for the usual sectors (so 教育 looks the same in every city's maps), then
    the palette's unused colours in order of first appearance in agencies.csv.

    Parameters
    ----------
    network : Network
        The folder whose sectors are coloured.

    Returns
    -------
    dict
        Sector name → ``#rrggbb``; agencies without a sector use :data:`UNKNOWN_SECTOR_COLOUR`.
    """
    colours: dict[str, str] = {}
    spare = [c for c in PALETTE if c not in SECTOR_COLOURS.values()]
    for agency in network.agencies:
        if agency.sector and agency.sector not in colours:
            colour = SECTOR_COLOURS.get(agency.sector)
            if colour is None or colour in colours.values():
                colour = spare.pop(0) if spare else PALETTE[len(colours) % len(PALETTE)]
            colours[agency.sector] = colour
    return colours


def steady(colour: str, opacity: float | None = None) -> dict:
    """An edge colour that stays the same when hovered or selected (vis-network greys it otherwise)."""
    value = {"color": colour, "highlight": colour, "hover": colour, "inherit": False}
    if opacity is not None:
        value["opacity"] = opacity
    return value


def base_options(physics: bool = False) -> dict:
    """vis-network's options for every map: fixed positions, hover tooltips, keyboard, the Japanese font."""
    return {
        "physics": {"enabled": physics},
        "interaction": {"dragNodes": True, "hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False}, "multiselect": True},
        "nodes": {"font": {"face": FONT_FACE, "size": 19, "strokeWidth": 4, "strokeColor": "#ffffff"}},
        "edges": {"font": {"face": FONT_FACE, "size": 12}, "selectionWidth": 2},
        "layout": {"improvedLayout": False},
    }


def node_shape(agency: Agency) -> str:
    """An agency's shape on the network and change maps: diamond for a core member, hexagon for a resource."""
    if agency.core:
        return "diamond"
    return "hexagon" if agency.resource else "dot"


def node_style(agency: Agency, row: dict, colours: dict[str, str]) -> dict:
    """An agency's fill (its sector) and ring (isolated, else gap, else cut), plus the keys the page filters on.

    Parameters
    ----------
    agency : Agency
        The agency drawn.
    row : dict
        Its row as the maps read it (:attr:`RoundView.rows`): ``isolated``, ``gaps``, ``cut`` (of the
        working ties), ``no_referral``.
    colours : dict
        :func:`sector_colours` of the network.
    """
    fill = colours.get(agency.sector, UNKNOWN_SECTOR_COLOUR)
    border, width = "#555555", 1
    if row["isolated"]:
        border, width = ISOLATED_COLOUR, 5
    elif row["gaps"]:
        border, width = GAP_COLOUR, 5
    elif row["cut"]:
        border, width = CUT_COLOUR, 4
    elif row["no_referral"]:  # met others, works with nobody: its faint lines start hidden, so say so
        border, width = NO_WORK_COLOUR, 3
    style = {
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#000000"},
                  "hover": {"background": fill, "border": "#000000"}},
        "borderWidth": width,
        "borderWidthSelected": width + 1,
        "sector": agency.sector,
        "flags": [k for k in ("isolated", "no_referral", "cut") if row[k]] + (["gap"] if row["gaps"] else []),
    }
    if row["cut"]:
        style["shapeProperties"] = {"borderDashes": DASHES}
    return style


def sector_legend(colours: dict[str, str], lang: str, with_blank: bool) -> list[dict]:
    """Legend rows (and filter keys) for the sectors; ``key`` is the sector as the nodes carry it."""
    rows = [{"key": s, "sector": s, "colour": c} for s, c in colours.items()]
    if with_blank:
        rows.append({"key": "", "sector": t("no_sector", lang), "colour": UNKNOWN_SECTOR_COLOUR})
    return rows


def _mark(kind: str, colour: str, key: str, lang: str) -> dict:
    return {"kind": kind, "colour": colour, "text": t(key, lang)}


def map_legend(view: str, network: Network, colours: dict[str, str], lang: str, thinned: bool) -> dict:
    """The legend of one round's map: sectors, marks, lines (and, in the age view, the boundary markers).

    Parameters
    ----------
    view : str
        ``"network"``, ``"ages"`` or ``"areas"``.
    network : Network
        The folder (a "no sector" row is added when some agency has none).
    colours : dict
        :func:`sector_colours` of the network.
    lang : str
        ``"ja"`` or ``"en"``.
    thinned : bool
        The map draws only the strongest referral links (its other kinds of lines are left out).
    """
    if view == "areas":
        return {"sectors": [], "marks": [
            _mark("isolated", ISOLATED_COLOUR, "legend_area_isolated", lang),
            _mark("gap", GAP_COLOUR, "legend_area_gap", lang),
        ], "links": [_mark("between_areas", REFERRAL_COLOUR, "legend_between_areas", lang)]}
    legend = {
        "sectors": sector_legend(colours, lang, any(not a.sector for a in network.agencies)),
        "marks": [
            _mark("isolated", ISOLATED_COLOUR, "isolated", lang),
            _mark("gap", GAP_COLOUR, "legend_gap", lang),
            _mark("cut", CUT_COLOUR, "cut_agencies", lang),
            _mark("no_work", NO_WORK_COLOUR, "legend_no_work", lang),
            _mark("core", "#555555", "legend_core", lang),
        ],
        "links": [dict(_mark(kind, colour, f"legend_{kind}", lang), hidden=kind in HIDDEN_AT_FIRST)
                  for kind, colour in (("referral", REFERRAL_COLOUR), ("relation", RELATION_COLOURS[3]),
                                       ("sharing", RELATION_COLOURS[2]), ("acquainted", RELATION_COLOURS[1]),
                                       ("attendance", ATTENDANCE_COLOUR))],
    }
    if any(a.resource for a in network.agencies):
        legend["marks"].append(_mark("resource", "#555555", "legend_resource", lang))
    if view == "ages" or thinned:
        legend["links"] = legend["links"][:1]
    else:
        legend["note"] = t("links_hidden_note", lang)
    if view == "ages":
        legend["marks"] = [m for m in legend["marks"] if m["kind"] not in ("core", "resource")]
        legend["markers"] = [
            {"kind": kind, "colour": colour, "text": gap_kind(kind, lang)}
            for kind, colour in (("coverage", ISOLATED_COLOUR), ("handover", GAP_COLOUR),
                                 ("weak_handover", WEAK_COLOUR))
        ] + [_mark("uncovered", ISOLATED_COLOUR, "uncovered", lang)]
    return legend


def change_legend(colours: dict[str, str], lang: str) -> dict:
    """The legend of the change map: sectors; first working tie, left isolation, newly and still isolated (each
    its own ring); new, lost and unchanged working ties; pairs that newly met and other met pairs (both hidden
    at first)."""
    return {
        "sectors": sector_legend(colours, lang, False),
        "marks": [
            _mark("resolved", ADDED_COLOUR, "first_working", lang),
            _mark("resolved", RESOLVED_COLOUR, "diff_resolved", lang),
            _mark("newly", ISOLATED_COLOUR, "diff_new_isolated", lang),
            _mark("still", ISOLATED_COLOUR, "diff_still_isolated", lang),
            _mark("core", "#555555", "legend_core", lang),
        ],
        "links": [
            _mark("added", ADDED_COLOUR, "diff_new_working", lang),
            _mark("removed", REMOVED_COLOUR, "diff_lost_working", lang),
            _mark("unchanged", "#7f7f7f", "diff_same_working", lang),
            dict(_mark("met_added", RESOLVED_COLOUR, "diff_new_met", lang), hidden=True),
        ],
        "layers": [{"layer": "met", "colour": UNCHANGED_COLOUR, "text": t("diff_other_met", lang), "hidden": True}],
        "note": t("links_hidden_note", lang),
    }
