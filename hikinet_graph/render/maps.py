"""Interactive network maps (pyvis / vis-network), one self-contained offline HTML page each.

Two views of one snapshot:
- ``network``: agencies at stable positions (one seeded layout of all rounds
  together), coloured by sector, links by kind;
- ``ages``: agencies as boxes spanning the ages they serve, in sector lanes,
  with the age boundaries that have gaps drawn as vertical markers.

The page carries vis-network inline (from the pyvis package, with its licence
header), so it opens on a closed network. Data reaches the page only as JSON
(escaped for a script context) and is shown as text, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import igraph as ig
import jinja2
import numpy as np
import pandas as pd

from ..core.analysis import Analysis, analyze
from ..core.compare import Comparison
from ..core.public import INTERNAL, Disclosure, PublicCounts
from ..core.snapshot import Snapshot, link_table, take_snapshot
from ..errors import HikinetError
from ..i18n import ages_label, gap_kind, round_label, t
from ..model import Network

__all__ = [
    "VIEWS",
    "union_positions",
    "area_column",
    "diff_page",
    "MapPage",
    "layout_positions",
    "sector_colours",
    "map_page",
    "render_map",
    "render_page",
    "public_note",
]

VIEWS = ("network", "ages", "areas")
# agency columns that name the municipality or district an agency belongs to, in order of preference
AREA_COLUMNS = ("area", "地区", "市町村", "圏域", "municipality")
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
GAP_COLOUR = "#ff7f0e"
WEAK_COLOUR = "#d4a017"
CUT_COLOUR = "#222222"
# above this many lines a map draws only each agency's strongest referral links (vis-network
# slows down and the picture turns into a hairball well before that)
EDGE_BUDGET = 6000
REFERRAL_COLOUR = "#1f4e9c"
ATTENDANCE_COLOUR = "#b8b8b8"
RELATION_COLOURS = {1: "#c7e9c0", 2: "#74c476", 3: "#31a354", 4: "#006d2c"}
FONT_FACE = "'Noto Sans CJK JP', 'Noto Sans JP', 'Yu Gothic UI', 'Yu Gothic', Meiryo, 'Hiragino Sans', sans-serif"
NODE_SPACING = 160.0  # about this many pixels between neighbouring agencies


@dataclass
class MapPage:
    """What a map page needs: the vis data plus the words around it."""

    view: str
    title: str
    subtitle: str
    headline: list[tuple[str, str]]
    nodes: list[dict]
    edges: list[dict]
    options: dict
    legend: dict
    texts: dict
    extras: dict


# --------------------------------------------------------------------------- layout

def sector_colours(network: Network) -> dict[str, str]:
    """A colour per sector: fixed for the usual sectors (so 教育 looks the same in every city's
    maps), then the palette's unused colours in order of first appearance in agencies.csv."""
    colours: dict[str, str] = {}
    spare = [c for c in PALETTE if c not in SECTOR_COLOURS.values()]
    for agency in network.agencies:
        if agency.sector and agency.sector not in colours:
            colour = SECTOR_COLOURS.get(agency.sector)
            if colour is None or colour in colours.values():
                colour = spare.pop(0) if spare else PALETTE[len(colours) % len(PALETTE)]
            colours[agency.sector] = colour
    return colours


def layout_positions(network: Network, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Seeded positions from all rounds together, so an agency stays put in every round's map."""
    return _layout(network.ids, link_table(take_snapshot(network, None)), seed)


def union_positions(before: Network, after: Network, seed: int = 7) -> dict[str, tuple[float, float]]:
    """One layout for two data sets: their agencies (matched by id) and all links of both."""
    if before is after:
        return layout_positions(after, seed)
    ids = after.ids + [i for i in before.ids if i not in after.index]
    position = {agency_id: k for k, agency_id in enumerate(ids)}
    parts = []
    for network in (after, before):
        links = link_table(take_snapshot(network, None))
        remap = np.array([position[i] for i in network.ids], dtype=np.int64)
        links = links.assign(a=remap[links["a"].to_numpy()], b=remap[links["b"].to_numpy()])
        swap = links["a"] > links["b"]
        links.loc[swap, ["a", "b"]] = links.loc[swap, ["b", "a"]].to_numpy()
        parts.append(links)
    merged = pd.concat(parts, ignore_index=True).groupby(["a", "b"], as_index=False).max()
    return _layout(ids, merged, seed)


def _layout(ids: list[str], links: pd.DataFrame, seed: int) -> dict[str, tuple[float, float]]:
    """Seeded positions for agencies ``ids`` joined by ``links`` (a :func:`link_table`).

    Each connected group is laid out on its own (Fruchterman-Reingold in igraph: 0.5 s for
    3,000 agencies where networkx's spring layout takes over a minute) and the groups are set
    side by side; agencies with no link in any round stand in rows below, so one outsider
    never squeezes the rest.
    """
    n = len(ids)
    if len(links) > EDGE_BUDGET:
        # lay out what large maps draw: a layout of every link is one undifferentiated ball
        links = _strongest(links, _link_strength(links), EDGE_BUDGET)
    weights = np.where(links["referral_link"], 3.0, np.where(links["level"] > 0, 1.5, 1.0))
    graph = ig.Graph(n=n, edges=np.column_stack([links["a"], links["b"]]).tolist())
    graph.es["weight"] = weights.tolist()
    groups = sorted((sorted(c) for c in graph.connected_components()), key=lambda c: (-len(c), c[0]))
    positions: dict[int, tuple[float, float]] = {}
    cursor = 0.0
    bottom = 0.0
    rng = np.random.default_rng(seed)
    # igraph draws from Python's global generator by default; give it a seeded one meanwhile
    ig.set_random_number_generator(random.Random(seed))
    try:
        for members in (g for g in groups if len(g) > 1):
            sub = graph.subgraph(members)
            # start in the square igraph itself would use (side sqrt(n)); a tight start is 20x slower
            half = math.sqrt(len(members)) / 2
            start = rng.uniform(-half, half, size=(len(members), 2)).tolist()
            coords = np.asarray(sub.layout_fruchterman_reingold(seed=start, niter=500, weights="weight").coords)
            coords -= coords.mean(axis=0)
            extent = np.abs(coords).max() or 1.0
            radius = NODE_SPACING * math.sqrt(len(members)) / 1.6
            coords = coords / extent * radius
            for node, (x, y) in zip(members, coords.tolist()):
                positions[node] = (cursor + radius + x, y)
            cursor += 2 * radius + NODE_SPACING
            bottom = max(bottom, radius)
    finally:
        ig.set_random_number_generator(random)
    loners = [g[0] for g in groups if len(g) == 1]
    per_row = max(4, int(max(cursor, NODE_SPACING * 6) // NODE_SPACING))
    for k, node in enumerate(loners):
        positions[node] = ((k % per_row) * NODE_SPACING, bottom + NODE_SPACING * (1.0 + k // per_row))
    return {ids[i]: (round(x, 1), round(y, 1)) for i, (x, y) in positions.items()}


# --------------------------------------------------------------------------- tooltips

def _tooltip(network: Network, row: dict, agency_id: str, lang: str, shown: PublicCounts | None = None) -> str:
    """Plain text, one fact per line; warnings last, marked so they stand out."""
    agency = network.agencies[network.index[agency_id]]
    lines = [agency.label]
    if agency.name and agency.name != agency.id:
        lines.append(f"{t('agency_id', lang)}: {agency.id}")
    lines.append(f"{t('col_sector', lang)}: {agency.sector or '-'}")
    lines.append(f"{t('col_ages', lang)}: {ages_label(agency.age_min, agency.age_max, lang)}")
    if agency.style:
        lines.append(f"{t('col_style', lang)}: {t('style_' + agency.style, lang)}")
    if agency.core:
        lines.append(t("core_member", lang))
    for key, value in agency.attrs.items():
        if value:
            lines.append(f"{ATTRIBUTE_LABELS.get(key, {}).get(lang, key)}: {_attribute_value(value, lang)}")
    lines.append(f"{t('tip_linked', lang)}: {row['degree']}")
    # public: the snapshot's rule for sums (a total that includes a hidden pair is "x")
    sent = row["referrals_out"] if shown is None else shown.sent(agency_id)
    received = row["referrals_in"] if shown is None else shown.received(agency_id)
    lines.append(f"{t('tip_referred_out', lang)}: {sent}")
    lines.append(f"{t('tip_referred_in', lang)}: {received}")
    warnings = [t(k, lang) for k in ("isolated", "no_referral", "cut_agencies") if row[_FLAG_KEYS[k]]]
    for entry in row["gaps"].split():
        boundary, kind = entry.split(":")
        b = int(boundary)
        warnings.append(f"{t('boundary', lang, b0=b - 1, b=b)} {gap_kind(kind, lang)}")
    lines += [f"{WARNING_MARK} {w}" for w in warnings]
    return "\n".join(lines)


_FLAG_KEYS = {"isolated": "isolated", "no_referral": "no_referral", "cut_agencies": "cut"}
WARNING_MARK = "⚠"
# extra agency columns people often add, in words; any other column shows under its own header
ATTRIBUTE_LABELS = {
    "area": {"ja": "地区", "en": "area"},
    "hikikomori_desk": {"ja": "ひきこもり相談窓口", "en": "hikikomori desk"},
}


def _attribute_value(value: str, lang: str) -> str:
    folded = value.strip().lower()
    if folded in ("true", "false"):
        return t("yes" if folded == "true" else "no", lang)
    return value


# --------------------------------------------------------------------------- views

def _tooltips(network: Network, snapshot: Snapshot, result: Analysis, lang: str,
              disclosure: Disclosure) -> dict[str, str]:
    """Every agency's tooltip for one analysis; kept on the analysis, as both views of a round need them."""
    cache = result.__dict__.setdefault("_tooltips", {})
    key = (lang, disclosure)
    if key not in cache:
        shown = disclosure.counts(snapshot) if disclosure.public else None
        cache[key] = {a.id: _tooltip(network, result.records[a.id], a.id, lang, shown)
                      for a in network.agencies}
    return cache[key]


def _node_style(network: Network, row: dict, agency_id: str, colours: dict[str, str]) -> dict:
    agency = network.agencies[network.index[agency_id]]
    fill = colours.get(agency.sector, UNKNOWN_SECTOR_COLOUR)
    border, width = "#555555", 1
    if row["isolated"]:
        border, width = ISOLATED_COLOUR, 5
    elif row["gaps"]:
        border, width = GAP_COLOUR, 5
    elif row["cut"]:
        border, width = CUT_COLOUR, 4
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
        style["shapeProperties"] = {"borderDashes": [6, 3]}
    return style


def _strongest(links: pd.DataFrame, weight: np.ndarray, budget: int) -> pd.DataFrame:
    """Each agency's strongest links by ``weight``, as many per agency as ``budget`` allows.

    A link stays when it ranks among the top k of either of its two agencies, with k
    lowered from 5 until the links fit; at k = 1 every linked agency keeps its strongest link.
    """
    present = weight > 0
    links, weight = links[present], weight[present]
    if len(links) <= budget:
        return links
    ranked = links.iloc[np.argsort(-weight, kind="stable")]
    rank_a = ranked.groupby("a").cumcount().to_numpy()
    rank_b = ranked.groupby("b").cumcount().to_numpy()
    best = np.minimum(rank_a, rank_b)
    for per_agency in (5, 4, 3, 2, 1):
        keep = best < per_agency
        if keep.sum() <= budget:
            break
    return ranked[keep].sort_values(["a", "b"])


def _link_strength(links: pd.DataFrame) -> np.ndarray:
    """How strongly a pair is tied, for choosing what a large map keeps: referrals, then survey, then meetings."""
    return (3.0 * (links["ref_ab"] + links["ref_ba"]) + links["level"] + 0.5 * links["meetings"]).to_numpy(float)


def _edges(network: Network, snapshot: Snapshot, lang: str,
           kinds: tuple[str, ...] = ("attendance", "relation", "referral"),
           disclosure: Disclosure = INTERNAL) -> tuple[list[dict], dict | None]:
    """The map's lines; above EDGE_BUDGET only each agency's strongest referrals are drawn.

    Returns the edges and, when thinned, ``{"shown", "total"}`` link counts for the page to say so.
    """
    links = link_table(snapshot)
    ids = network.ids
    candidate = ((links["meetings"] > 0).sum() if "attendance" in kinds else 0) \
        + ((links["level"] > 0).sum() if "relation" in kinds else 0) \
        + (((links["ref_ab"] > 0).sum() + (links["ref_ba"] > 0).sum()) if "referral" in kinds else 0)
    thinned = None
    if candidate > EDGE_BUDGET:
        kinds = ("referral",)
        total = len(links)
        # both views of a large round draw the same strongest referrals: choose them once per snapshot
        cache = snapshot.__dict__.setdefault("_strongest", {})
        if "referral" not in cache:
            cache["referral"] = _strongest(links, (links["ref_ab"] + links["ref_ba"]).to_numpy(float), EDGE_BUDGET)
        links = cache["referral"]
        thinned = {"shown": int(len(links)), "total": int(total)}
    edges: list[dict] = []
    for row in links.itertuples(index=False):
        a, b = ids[row.a], ids[row.b]
        if row.meetings and "attendance" in kinds:
            edges.append({"id": f"m:{a}:{b}", "from": a, "to": b, "kind": "attendance",
                          "color": _steady(ATTENDANCE_COLOUR, 0.7), "width": 1,
                          "smooth": False, "arrows": {"to": {"enabled": False}},
                          "title": f"{t('shared_meetings', lang)}: {row.meetings}"})
        if row.level and "relation" in kinds:
            edges.append({"id": f"q:{a}:{b}", "from": a, "to": b, "kind": "relation",
                          "color": _steady(RELATION_COLOURS[row.level]), "width": 1 + 0.75 * row.level,
                          "dashes": [4, 4], "smooth": False, "arrows": {"to": {"enabled": False}},
                          "title": f"{t('relation', lang)}: {t('level_' + str(row.level), lang)}"})
        if "referral" not in kinds:
            continue
        for src, dst, count in ((a, b, row.ref_ab), (b, a, row.ref_ba)):
            if count:
                edge = {"id": f"r:{src}:{dst}", "from": src, "to": dst, "kind": "referral",
                        "color": _steady(REFERRAL_COLOUR),
                        # masked counts are drawn thin, like a single referral: width must not tell them apart
                        "width": 1.5 if disclosure.masked(count) else round(1.5 + 1.5 * math.log2(count), 2),
                        "arrows": {"to": {"enabled": True, "scaleFactor": 0.8}},
                        "title": f"{t('referrals', lang)}: {disclosure.count(count)}",
                        "count": disclosure.count(int(count))}
                if thinned is None:
                    edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.15}
                else:
                    edge["smooth"] = False  # straight lines draw much faster at this size
                edges.append(edge)
    return edges, thinned


def area_column(network: Network) -> str | None:
    """The agencies' column that names their municipality or district, if there is one."""
    for column in AREA_COLUMNS:
        if any(a.attrs.get(column) for a in network.agencies):
            return column
    return None


def _area_view(network: Network, snapshot: Snapshot, result: Analysis, lang: str) -> tuple[list, list, dict]:
    """One node per municipality or district: what a regional coordinator looks at first.

    Node size follows the number of agencies; a red ring marks an area with isolated
    agencies, an orange one an area with age-boundary gaps; lines join areas whose
    agencies are linked, their width the number of links between them.
    """
    column = area_column(network)
    if column is None:
        columns = ", ".join(AREA_COLUMNS)
        raise HikinetError(f"{t('no_area_column', 'ja', columns=columns)} ({t('no_area_column', 'en', columns=columns)})")
    unnamed = t("no_area", lang)
    area_of = [a.attrs.get(column) or unnamed for a in network.agencies]
    names = list(dict.fromkeys(area_of))
    code = np.array([names.index(x) for x in area_of], dtype=np.int64)
    rows = result.records
    largest = max(np.bincount(code).max(), 1)
    links = link_table(snapshot)
    ca, cb = code[links["a"].to_numpy(np.int64)], code[links["b"].to_numpy(np.int64)]
    within = np.bincount(ca[ca == cb], minlength=len(names))
    lo, hi = np.minimum(ca, cb)[ca != cb], np.maximum(ca, cb)[ca != cb]
    pairs, counts = np.unique(lo * len(names) + hi, return_counts=True)
    between = np.zeros(len(names), dtype=np.int64)
    np.add.at(between, pairs // len(names), counts)
    np.add.at(between, pairs % len(names), counts)
    # the area layout is the same for every round of a folder: computed once per network
    cache = network.__dict__.setdefault("_area_layout", {})
    if column not in cache:
        cache[column] = _area_positions(len(names), code, link_table(take_snapshot(network, None)))
    positions = cache[column]
    nodes = []
    for k, name in enumerate(names):
        members = [a for a, c in zip(network.agencies, code) if c == k]
        isolated = sum(1 for a in members if rows[a.id]["isolated"])
        gaps = sum(1 for a in members if rows[a.id]["gaps"])
        border, width = "#555555", 1
        if isolated:
            border, width = ISOLATED_COLOUR, 5
        elif gaps:
            border, width = GAP_COLOUR, 5
        lines = [name, f"{t('agencies', lang)}: {len(members)}", f"{t('links_within', lang)}: {within[k]}",
                 f"{t('links_between', lang)}: {between[k]}", f"{t('isolated_short', lang)}: {isolated}",
                 f"{t('gaps_short', lang)}: {gaps}"]
        x, y = positions[k]
        nodes.append({"id": f"area:{name}", "label": f"{name} ({len(members)})", "title": "\n".join(lines),
                      "x": x, "y": y, "shape": "dot", "size": round(10 + 30 * math.sqrt(len(members) / largest), 1),
                      "font": {"size": 20, "face": FONT_FACE, "strokeWidth": 4, "strokeColor": "#ffffff"},
                      "sector": "", "color": {"background": "#a0cbe8", "border": border}, "borderWidth": width,
                      "flags": (["isolated"] if isolated else []) + (["gap"] if gaps else [])})
    edges = []
    strongest = max(counts.max() if len(counts) else 1, 1)
    for pair, count in zip(pairs.tolist(), counts.tolist()):
        a, b = names[pair // len(names)], names[pair % len(names)]
        share = count / strongest  # widths relative to the busiest pair keep a dense region readable
        edges.append({"id": f"x:{a}:{b}", "from": f"area:{a}", "to": f"area:{b}", "kind": "between_areas",
                      "width": round(0.5 + 7 * share, 2),
                      "color": _steady(REFERRAL_COLOUR, round(0.15 + 0.75 * share, 2)),
                      "smooth": False, "title": f"{a} - {b}: {count}"})
    return nodes, edges, {"areas": len(names), "area_column": column}


def _area_positions(count: int, code: np.ndarray, links: pd.DataFrame) -> list[tuple[float, float]]:
    """Seeded positions of the areas from all rounds' links between them (stable across rounds)."""
    ca, cb = code[links["a"].to_numpy(np.int64)], code[links["b"].to_numpy(np.int64)]
    keep = ca != cb
    pairs, weights = np.unique(np.minimum(ca, cb)[keep] * count + np.maximum(ca, cb)[keep], return_counts=True)
    graph = ig.Graph(n=count, edges=[(p // count, p % count) for p in pairs.tolist()])
    ig.set_random_number_generator(random.Random(11))
    try:
        half = math.sqrt(count) / 2
        start = np.random.default_rng(11).uniform(-half, half, size=(count, 2)).tolist()
        coords = np.asarray(graph.layout_fruchterman_reingold(
            seed=start, niter=500, weights=np.log1p(weights).tolist() if len(weights) else None).coords)
    finally:
        ig.set_random_number_generator(random)
    coords -= coords.mean(axis=0)
    extent = np.abs(coords).max() or 1.0
    coords = coords / extent * NODE_SPACING * max(2.0, math.sqrt(count))
    return [(round(float(x), 1), round(float(y), 1)) for x, y in coords]


def _headline(result: Analysis, lang: str) -> list[tuple[str, str]]:
    return [
        (t("agencies", lang), str(result.agencies)),
        (t("links", lang), str(result.links)),
        (t("referral_links", lang), str(result.counts["referral_links"])),
        (t("isolated_short", lang), str(len(result.isolated))),
        (t("gaps_short", lang), str(len(result.gaps))),
        (t("cut_short", lang), str(len(result.cut_agencies))),
    ]


def _steady(colour: str, opacity: float | None = None) -> dict:
    """An edge colour that stays the same when hovered or selected (vis greys it otherwise)."""
    value = {"color": colour, "highlight": colour, "hover": colour, "inherit": False}
    if opacity is not None:
        value["opacity"] = opacity
    return value


def _base_options(physics: bool = False) -> dict:
    return {
        "physics": {"enabled": physics},
        "interaction": {"dragNodes": True, "hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False}, "multiselect": True},
        "nodes": {"font": {"face": FONT_FACE, "size": 19, "strokeWidth": 4, "strokeColor": "#ffffff"}},
        "edges": {"font": {"face": FONT_FACE, "size": 12}, "selectionWidth": 2},
        "layout": {"improvedLayout": False},
    }


def _size(row: dict, disclosure: Disclosure = INTERNAL) -> float:
    size = 12 + 5 * math.sqrt(float(row["degree"]))
    if disclosure.public:  # referral volume could tell small counts apart
        return size
    return size + 2 * math.log1p(float(row["referrals_out"] + row["referrals_in"]))


def _network_view(network: Network, snapshot: Snapshot, result: Analysis, lang: str, disclosure: Disclosure,
                  positions: dict[str, tuple[float, float]], colours: dict[str, str]) -> tuple[list, list, dict]:
    nodes = []
    rows = result.records
    tips = _tooltips(network, snapshot, result, lang, disclosure)
    for agency in network.agencies:
        row = rows[agency.id]
        x, y = positions[agency.id]
        node = {"id": agency.id, "label": agency.label, "title": tips[agency.id],
                "x": x, "y": y, "shape": "diamond" if agency.core else "dot", "size": round(_size(row, disclosure), 1),
                "core": agency.core}
        node.update(_node_style(network, row, agency.id, colours))
        nodes.append(node)
    edges, thinned = _edges(network, snapshot, lang, disclosure=disclosure)
    return nodes, edges, {"thinned": thinned}


# age view geometry: one year is this wide, each box row this tall
AGE_PX = 14.0
ROW_PX = 52.0
LANE_GAP_PX = 26.0


def _age_view(network: Network, snapshot: Snapshot, result: Analysis, lang: str, disclosure: Disclosure,
              colours: dict[str, str]) -> tuple[list, list, dict]:
    lo, hi = result.span
    axis_max = max([hi + 1] + [a.age_max + 1 for a in network.agencies if a.age_max is not None])
    sectors = list(colours) + ([""] if any(not a.sector for a in network.agencies) else [])
    nodes, lanes = [], []
    rows = result.records
    tips = _tooltips(network, snapshot, result, lang, disclosure)
    y = 0.0
    for sector in sectors:
        members = [a for a in network.agencies if a.sector == sector]
        rows_end: list[float] = []  # greedy interval packing: each agency takes the first row it fits in
        placed = []
        for agency in sorted(members, key=lambda a: (a.age_min, a.age_max if a.age_max is not None else 10**6)):
            start = agency.age_min
            end = (agency.age_max + 1) if agency.age_max is not None else axis_max
            for r, last in enumerate(rows_end):
                if start >= last:
                    rows_end[r] = end
                    break
            else:
                r = len(rows_end)
                rows_end.append(end)
            placed.append((agency, r, start, end))
        lane_top = y
        for agency, r, start, end in placed:
            row = rows[agency.id]
            width = max((end - start) * AGE_PX - 4, 20)
            node = {"id": agency.id, "label": agency.label, "title": tips[agency.id],
                    "x": round((start + end) / 2 * AGE_PX, 1), "y": round(lane_top + r * ROW_PX + ROW_PX / 2, 1),
                    "shape": "box", "widthConstraint": {"minimum": width, "maximum": width},
                    "heightConstraint": {"minimum": ROW_PX - 12}, "core": agency.core,
                    "font": {"face": FONT_FACE, "size": 17, "color": "#111111", "strokeWidth": 0},
                    "open_ended": agency.age_max is None}
            node.update(_node_style(network, row, agency.id, colours))
            nodes.append(node)
        height = max(len(rows_end), 1) * ROW_PX
        lanes.append({"sector": sector or t("no_sector", lang), "top": lane_top, "height": height,
                      "colour": colours.get(sector, UNKNOWN_SECTOR_COLOUR)})
        y = lane_top + height + LANE_GAP_PX
    markers = []
    for gap in result.gaps:
        markers.append({"x": gap.boundary * AGE_PX, "boundary": gap.boundary, "kind": gap.kind,
                        "label": f"{t('boundary', lang, b0=gap.boundary - 1, b=gap.boundary)} {gap_kind(gap.kind, lang).split(' ')[0]}",
                        "agencies": [network.agencies[network.index[i]].label for i in gap.agencies]})
    for start, end in result.uncovered:
        markers.append({"x": start * AGE_PX, "x2": (end + 1) * AGE_PX, "kind": "uncovered",
                        "label": f"{t('uncovered_short', lang)} {ages_label(start, end, lang)}", "agencies": []})
    # gap boundaries are labelled by their markers; the axis keeps to round ages so labels never collide
    ticks = sorted({0, lo, 15, 18, 30, 40, 50, 65, 80, hi + 1} & set(range(0, axis_max + 1)))
    edges, thinned = _edges(network, snapshot, lang, kinds=("referral",), disclosure=disclosure)
    for edge in edges:
        edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2}
    extras = {"age_px": AGE_PX, "axis_max": axis_max, "span": [lo, hi], "lanes": lanes, "markers": markers,
              "ticks": ticks, "bottom": y, "thinned": thinned}
    return nodes, edges, extras


# --------------------------------------------------------------------------- page

@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as pyvis ships them (licence header kept)."""
    lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    style = (lib / "vis-network.css").read_text(encoding="utf-8")
    return script.replace("</script", "<\\/script"), style


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("hikinet_graph.render", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    # Japanese stays readable in the page source; <, >, & and ' are still escaped by tojson
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


@lru_cache(maxsize=1)
def _pyvis_instance():
    """One pyvis Network per process: building one sets up a Jinja environment each time."""
    # imported here: pyvis pulls in IPython (0.3 s), which only map-drawing commands need
    from pyvis.network import Network as PyvisNetwork

    return PyvisNetwork(directed=True, cdn_resources="in_line")


def _pyvis_network(nodes: list[dict], edges: list[dict], options: dict):
    """The pyvis object that carries the map's data and options.

    Lists are assigned directly: pyvis's ``add_edge`` is quadratic for
    undirected graphs and ``from_nx`` mutates its input (pyvis #304), and
    ``set_options`` strips the spaces a Japanese font family needs, so the
    options go in as a dict.
    """
    net = _pyvis_instance()
    net.nodes = nodes
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.edges = edges
    net.options = options
    return net


def map_page(network: Network, round_: int | None = None, view: str = "network", lang: str = "ja",
             positions: dict[str, tuple[float, float]] | None = None, result: Analysis | None = None,
             snapshot: Snapshot | None = None, title: str | None = None,
             disclosure: Disclosure = INTERNAL) -> MapPage:
    """Everything one map page shows, as data (the library's map, before HTML)."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}")
    snapshot = snapshot or take_snapshot(network, round_)
    result = result or analyze(snapshot)
    colours = sector_colours(network)
    if view == "network":
        positions = positions or layout_positions(network)
        nodes, edges, extras = _network_view(network, snapshot, result, lang, disclosure, positions, colours)
    elif view == "areas":
        nodes, edges, extras = _area_view(network, snapshot, result, lang)
    else:
        nodes, edges, extras = _age_view(network, snapshot, result, lang, disclosure, colours)
    subtitle = round_label(snapshot.round, lang)
    if snapshot.cutoff:
        subtitle += f" ({t('until', lang, d=snapshot.cutoff.isoformat())})"
    legend = {
        "sectors": _sector_legend(colours, lang, any(not a.sector for a in network.agencies)),
        "marks": [
            {"kind": "isolated", "colour": ISOLATED_COLOUR, "text": t("isolated", lang)},
            {"kind": "gap", "colour": GAP_COLOUR, "text": t("legend_gap", lang)},
            {"kind": "cut", "colour": CUT_COLOUR, "text": t("cut_agencies", lang)},
            {"kind": "core", "colour": "#555555", "text": t("legend_core", lang)},
        ],
        "links": [
            {"kind": "referral", "colour": REFERRAL_COLOUR, "text": t("legend_referral", lang)},
            {"kind": "attendance", "colour": ATTENDANCE_COLOUR, "text": t("legend_attendance", lang)},
            {"kind": "relation", "colour": RELATION_COLOURS[3], "text": t("legend_relation", lang)},
        ],
    }
    if view == "ages" or extras.get("thinned"):
        legend["links"] = legend["links"][:1]
    if view == "areas":
        legend = {"sectors": [], "marks": [
            {"kind": "isolated", "colour": ISOLATED_COLOUR, "text": t("legend_area_isolated", lang)},
            {"kind": "gap", "colour": GAP_COLOUR, "text": t("legend_area_gap", lang)},
        ], "links": [{"kind": "between_areas", "colour": REFERRAL_COLOUR, "text": t("legend_between_areas", lang)}]}
    if view == "ages":
        legend["marks"] = [m for m in legend["marks"] if m["kind"] != "core"]
        legend["markers"] = [
            {"kind": kind, "colour": colour, "text": gap_kind(kind, lang)}
            for kind, colour in (("coverage", ISOLATED_COLOUR), ("handover", GAP_COLOUR),
                                 ("weak_handover", WEAK_COLOUR))
        ] + [{"kind": "uncovered", "colour": ISOLATED_COLOUR, "text": t("uncovered", lang)}]
    net = _pyvis_network(nodes, edges, _base_options())
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return MapPage(
        view=view,
        title=title or f"{t('map_title_' + view, lang)}: {network.config.name or _folder_name(network)}",
        subtitle=subtitle,
        headline=_headline(result, lang),
        nodes=nodes,
        edges=edges,
        options=json.loads(options),
        legend=legend,
        texts=_page_texts(lang, extras, disclosure),
        extras=extras,
    )


ADDED_COLOUR = "#2ca02c"
REMOVED_COLOUR = "#d62728"
UNCHANGED_COLOUR = "#c8c8c8"


def diff_page(comparison: Comparison, lang: str = "ja",
              positions: dict[str, tuple[float, float]] | None = None,
              disclosure: Disclosure = INTERNAL) -> MapPage:
    """The before/after map: new links green, lost links red dashed, unchanged grey."""
    before, after = comparison.before, comparison.after
    positions = positions or union_positions(before.network, after.network)
    colours = sector_colours(after.network)
    for sector, colour in sector_colours(before.network).items():
        colours.setdefault(sector, colour)
    resolved, new_isolated = set(comparison.resolved_isolated), set(comparison.new_isolated)
    still_isolated = set(after.analysis.isolated) - new_isolated
    removed_agencies = set(comparison.agencies_removed)
    closed: dict[str, list[str]] = {}
    for gap in comparison.gaps_closed:
        closed.setdefault(gap["agency"], []).append(
            f"{t('boundary', lang, b0=gap['boundary'] - 1, b=gap['boundary'])} {gap_kind(gap['kind'], lang)}")
    nodes = []
    agencies = list(after.network.agencies) + [a for a in before.network.agencies if a.id in removed_agencies]
    for agency in agencies:
        x, y = positions[agency.id]
        fill = colours.get(agency.sector, UNKNOWN_SECTOR_COLOUR)
        border, width, status = "#555555", 1, []
        if agency.id in resolved:
            border, width = ADDED_COLOUR, 6
            status.append(t("diff_resolved", lang))
        elif agency.id in new_isolated:
            border, width = ISOLATED_COLOUR, 5
            status.append(t("diff_new_isolated", lang))
        elif agency.id in still_isolated:
            border, width = ISOLATED_COLOUR, 3
            status.append(t("diff_still_isolated", lang))
        if agency.id in removed_agencies:
            fill, status = "#eeeeee", [t("diff_agency_removed", lang)]
        elif agency.id in set(comparison.agencies_added):
            status.append(t("diff_agency_added", lang))
        lines = [agency.label, f"{t('col_sector', lang)}: {agency.sector or '-'}", *status]
        lines += [f"{t('diff_gap_closed', lang)}: {c}" for c in closed.get(agency.id, [])]
        nodes.append({
            "id": agency.id, "label": agency.label, "title": "\n".join(lines), "x": x, "y": y,
            "shape": "diamond" if agency.core else "dot", "size": 16, "sector": agency.sector,
            "color": {"background": fill, "border": border, "highlight": {"background": fill, "border": "#000"},
                      "hover": {"background": fill, "border": "#000"}},
            "borderWidth": width, "flags": ["resolved"] if agency.id in resolved else [],
        })
    edges = []
    kinds = (("added", comparison.added_links, ADDED_COLOUR, 3, False),
             ("removed", comparison.removed_links, REMOVED_COLOUR, 2, [6, 5]),
             ("unchanged", sorted(before.pairs & after.pairs), UNCHANGED_COLOUR, 1, False))
    for kind, pairs, colour, width, dashes in kinds:
        for a, b in pairs:
            edges.append({"id": f"{kind}:{a}:{b}", "from": a, "to": b, "kind": kind, "color": _steady(colour),
                          "width": width, "dashes": dashes, "smooth": False, "title": t(f"diff_{kind}", lang)})
    if len(edges) > EDGE_BUDGET:
        # at scale the unchanged links are context only; what changed is the point of the page
        edges = [e for e in edges if e["kind"] != "unchanged"][:EDGE_BUDGET]
    headline = [(t(f"metric_{name}", lang), f"{m['before']:g} → {m['after']:g}")
                for name, m in comparison.metrics.items() if name in ("links", "referral_links", "isolated", "gaps")]
    if before.network is after.network:
        subtitle = f"{round_label(before.round, lang)} → {round_label(after.round, lang)}"
    else:
        subtitle = f"{_side_label(before, lang)} → {_side_label(after, lang)}"
    legend = {
        "sectors": _sector_legend(colours, lang, False),
        "marks": [
            {"kind": "resolved", "colour": ADDED_COLOUR, "text": t("diff_resolved", lang)},
            {"kind": "isolated", "colour": ISOLATED_COLOUR, "text": t("diff_new_isolated", lang)},
            {"kind": "isolated", "colour": ISOLATED_COLOUR, "text": t("diff_still_isolated", lang)},
            {"kind": "core", "colour": "#555555", "text": t("legend_core", lang)},
        ],
        "links": [
            {"kind": "added", "colour": ADDED_COLOUR, "text": t("diff_added", lang)},
            {"kind": "removed", "colour": REMOVED_COLOUR, "text": t("diff_removed", lang)},
            {"kind": "unchanged", "colour": UNCHANGED_COLOUR, "text": t("diff_unchanged", lang)},
        ],
    }
    net = _pyvis_network(nodes, edges, _base_options())
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return MapPage(view="diff", title=f"{t('map_title_diff', lang)}: {after.network.config.name or _folder_name(after.network)}",
                   subtitle=subtitle, headline=headline, nodes=nodes, edges=edges, options=json.loads(options),
                   legend=legend, texts=_page_texts(lang, {}, disclosure), extras={})


def _side_label(side, lang: str) -> str:
    name = _folder_name(side.network)
    return f"{name} {round_label(side.round, lang)}"


def _sector_legend(colours: dict[str, str], lang: str, with_blank: bool) -> list[dict]:
    """Legend rows (and filter keys) for the sectors; ``key`` is the sector as the nodes carry it."""
    rows = [{"key": s, "sector": s, "colour": c} for s, c in colours.items()]
    if with_blank:
        rows.append({"key": "", "sector": t("no_sector", lang), "colour": UNKNOWN_SECTOR_COLOUR})
    return rows


def _page_texts(lang: str, extras: dict, disclosure: Disclosure = INTERNAL) -> dict[str, str]:
    texts = {k: t(k, lang) for k in (
        "search", "search_placeholder", "sectors_filter", "link_types", "show_all", "not_found",
        "legend_marks", "legend_links", "legend_boundaries", "fit", "age_axis", "uncovered_short", "generated",
        "back_to_report",
    )}
    if disclosure.public:
        texts["public"] = public_note(disclosure, lang)
    if extras.get("thinned"):
        texts["thinned"] = t("thinned", lang, shown=extras["thinned"]["shown"], total=extras["thinned"]["total"])
    return texts


def public_note(disclosure: Disclosure, lang: str = "ja") -> str:
    """The note on every public page: "<T" for small counts, "x" for what includes one; "" when internal."""
    if not disclosure.public:
        return ""
    return f"{t('public_note', lang, n=disclosure.threshold)} {t('public_suppressed', lang, n=disclosure.threshold)}"


def _folder_name(network: Network) -> str:
    return network.source.rstrip("/\\").replace("\\", "/").split("/")[-1] or network.source


def render_page(page: MapPage, lang: str = "ja", back_link: str | None = None) -> str:
    """The HTML of one map page: one file, no request outside it."""
    script, style = _vis_assets()
    template = _environment().get_template("map.html")
    return template.render(page=page, lang=lang, vis_script=script, vis_style=style, back_link=back_link,
                           generated=dt.date.today().isoformat(), font_face=FONT_FACE)


def render_map(network: Network, round_: int | None = None, view: str = "network", lang: str = "ja",
               positions: dict[str, tuple[float, float]] | None = None,
               disclosure: Disclosure = INTERNAL) -> str:
    """Shortcut: the HTML page of one round's map."""
    return render_page(map_page(network, round_, view, lang, positions, disclosure=disclosure), lang)
