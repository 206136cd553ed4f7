"""Issue 13: maps a coordinator can read. No two agencies' boxes overlap on any network map (counted with
vis-network's own ``getBoundingBox`` in Chromium), the working ties shape the picture, agencies with no
working tie stand in a labelled band close by, long names wrap, and search finds, centres and highlights."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import analyze_json, run

from hikinet_graph import load_network
from hikinet_graph.render.labels import LINE_EM, text_em, wrap_label
from hikinet_graph.render.layout import layout_positions
from hikinet_graph.render.maps import map_page
from hikinet_graph.render.spacing import overlapping_pairs

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402  (the seeded generator of realistic folders)

# the boxes of every agency as the page's vis-network reports them; pairs that overlap; how much of the
# canvas the central 90 % of the agencies span at first view
MEASURE = """() => {
  const ids = nodes.getIds();
  const boxes = ids.map(id => network.getBoundingBox(id));
  const pairs = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs.push([ids[i], ids[j]]);
  }
  const at = network.getPositions();
  const k = Math.floor(0.05 * ids.length);
  const xs = ids.map(i => at[i].x).sort((p, q) => p - q), ys = ids.map(i => at[i].y).sort((p, q) => p - q);
  const scale = network.getScale(), canvas = document.getElementById("mynetwork");
  const spanned = (xs[xs.length - 1 - k] - xs[k]) * scale * (ys[ys.length - 1 - k] - ys[k]) * scale;
  return {pairs: pairs, span: spanned / (canvas.clientWidth * canvas.clientHeight), positions: at};
}"""


@pytest.fixture(scope="module")
def generated40(tmp_path_factory) -> Path:
    """A generated 40-agency folder: long realistic names, four rounds, referrals and relations."""
    return generate(tmp_path_factory.mktemp("g40") / "g40", agencies=40, areas=2, referrals=150, meetings=10,
                    rounds=4, attendance=120, seed=3)


@pytest.fixture(scope="module")
def reports(tmp_path_factory, generated40) -> dict[str, Path]:
    out = {}
    for name, folder in (("city_a", REPO / "data/city_a"), ("city_b", REPO / "data/city_b"), ("g40", generated40)):
        target = tmp_path_factory.mktemp("reports") / name
        result = run("report", str(folder), "-o", str(target))
        assert result.exit_code == 0, result.output
        out[name] = target
    return out


@pytest.mark.parametrize("name", ["city_a", "city_b", "g40"])
def test_no_two_boxes_overlap_on_any_network_map(reports, open_page, name):
    pages = sorted((reports[name] / "maps").glob("*-network.html"))
    pages = [p for p in pages if p.name.startswith(("round-", "now-"))]
    assert len(pages) >= 4, pages
    first = None
    for path in pages:
        opened = open_page(path)
        measured = opened.evaluate(MEASURE)
        opened.assert_clean()
        assert measured["pairs"] == [], f"{path.name}: overlapping boxes {measured['pairs']}"
        assert measured["span"] >= 0.30, f"{path.name}: the central 90% span {measured['span']:.2f} of the canvas"
        first = first or measured["positions"]
        assert measured["positions"] == first, f"{path.name}: agencies moved between rounds"


def _working_isolated(folder: Path) -> set[str]:
    """The agencies with no working tie in all data (the working layers are cumulative: in any round)."""
    return set(analyze_json(folder)["layers"]["working"]["isolated"])


@pytest.mark.parametrize("seed", [1, 2, 5])
def test_estimated_boxes_never_overlap_up_to_60_agencies(tmp_path, seed):
    """The layout's own (generous) boxes are apart for generated folders of up to 60 agencies."""
    folder = generate(tmp_path / "f", agencies=60, areas=3, referrals=90, meetings=6, rounds=3, attendance=80,
                      seed=seed)
    network = load_network(folder)
    positions = layout_positions(network)
    from hikinet_graph.render.layout import _largest_boxes
    from hikinet_graph.core.snapshot import link_table, take_snapshot
    boxes = _largest_boxes(len(network.ids), link_table(take_snapshot(network, None)),
                           [a.label for a in network.agencies])
    xy = np.array([positions[i] for i in network.ids])
    assert overlapping_pairs(xy, boxes).tolist() == []


def test_agencies_with_no_working_tie_stand_in_the_band_close_by():
    folder = REPO / "data/city_a"
    network = load_network(folder)
    positions = layout_positions(network)
    outside = _working_isolated(folder)
    assert outside, "city A has agencies with no working tie in any round"
    band = positions.band
    inside_y = [positions[i][1] for i in network.ids if i not in outside]
    for agency in outside:
        x, y = positions[agency]
        assert band["left"] <= x <= band["right"] and band["top"] <= y <= band["bottom"], agency
    assert all(y < band["top"] for y in inside_y)
    # close by: the band starts within about two rows of the lowest working agency, not far off-canvas
    assert band["top"] - max(inside_y) < 250
    page = map_page(network, None)
    assert page.extras["band"]["title"] == "どの回でも紹介・協働のない機関"


def test_working_ties_shape_the_layout(make_folder, tmp_path):
    """Everyone met at one meeting; the pairs that refer to each other stand closer than pairs that only met."""
    ids = [f"a{i}" for i in range(10)]
    folder = make_folder(
        tmp_path,
        agencies=[(i, f"機関{i}", "福祉", "", "", "", "false") for i in ids],
        meetings=[("m1", 1, "2025-04-01", "network_meeting", "会議")],
        attendance=[("m1", i) for i in ids],
        referrals=[("a0", "a1", "2025-05-01", 9), ("a2", "a3", "2025-05-01", 9), ("a1", "a2", "2025-05-01", 1),
                   ("a4", "a5", "2025-05-01", 5), ("a5", "a6", "2025-05-01", 5), ("a6", "a7", "2025-05-01", 5),
                   ("a7", "a8", "2025-05-01", 5), ("a8", "a9", "2025-05-01", 5), ("a3", "a4", "2025-05-01", 1)],
    )
    positions = layout_positions(load_network(folder))
    xy = {i: np.array(positions[i]) for i in ids}
    distance = {(a, b): float(np.linalg.norm(xy[a] - xy[b])) for a in ids for b in ids if a < b}
    tied = {("a0", "a1"), ("a2", "a3"), ("a4", "a5"), ("a5", "a6"), ("a6", "a7"), ("a7", "a8"), ("a8", "a9")}
    assert np.median([distance[p] for p in tied]) < 0.6 * np.median([d for p, d in distance.items() if p not in tied])
    assert positions.band is None  # everybody works with somebody


@pytest.mark.parametrize("name", ["社会福祉法人あおば福祉会（障害福祉サービス事業所）",
                                  "ひきこもり支援事業所（ひきこもりサポート事業受託NPO法人こころの居場所と就労支援センター）",
                                  "Youth Support Station Kita Ward Office Community Centre", "短い名前"])
def test_long_names_wrap_onto_two_lines(name):
    label = wrap_label(name)
    lines = label.split("\n")
    assert 1 <= len(lines) <= 2
    assert all(text_em(line) <= LINE_EM for line in lines)
    if "…" not in label:
        assert "".join(lines).replace(" ", "") == name.replace(" ", "")
    if text_em(name) <= LINE_EM:
        assert label == name


def test_tooltip_and_search_keep_the_full_name(make_folder, tmp_path, open_page):
    long_name = "ひきこもり支援事業所（ひきこもりサポート事業受託NPO法人こころの居場所と就労支援センター）"
    folder = make_folder(
        tmp_path,
        agencies=[("A", "社会福祉協議会", "福祉", "", "", "", "true"), ("B", long_name, "民間", "", "", "", "false"),
                  ("C", "保健所", "保健", "", "", "", "false"), ("D", "地域包括支援センター", "高齢", 65, "", "", "false")],
        meetings=[("m1", 1, "2025-04-01", "network_meeting", "会議")],
        attendance=[("m1", "A"), ("m1", "B"), ("m1", "C"), ("m1", "D")],
        referrals=[("A", "B", "2025-05-01", 2), ("C", "D", "2025-05-01", 1)],
    )
    out = tmp_path / "map.html"
    assert run("map", str(folder), "-o", str(out)).exit_code == 0
    page = map_page(load_network(folder), None)
    node = next(n for n in page.nodes if n["id"] == "B")
    assert "…" in node["label"] and node["name"] == long_name and long_name in node["title"]
    opened = open_page(out)
    opened.page.fill("#search", long_name)
    opened.page.press("#search", "Enter")
    state = opened.evaluate("""() => ({selected: network.getSelectedNodes(), scale: network.getScale(),
        view: network.getViewPosition(), at: network.getPositions(["B"]).B,
        opacity: Object.fromEntries(nodes.get().map(n => [n.id, n.opacity === undefined ? 1 : n.opacity])),
        edges: network.getSelectedEdges().length})""")
    opened.assert_clean()
    assert state["selected"] == ["B"]
    assert state["scale"] >= 1.0  # the name reads at its full 19 px
    assert abs(state["view"]["x"] - state["at"]["x"]) < 1 and abs(state["view"]["y"] - state["at"]["y"]) < 1
    assert state["opacity"] == {"A": 1, "B": 1, "C": 0.2, "D": 0.2}  # its partner stays, the rest fade
    assert state["edges"] >= 1  # its ties are selected too
    opened.page.mouse.click(5, 300)  # a click on empty canvas brings everybody back
    assert opened.evaluate("() => nodes.get().every(n => n.opacity === undefined || n.opacity === 1)")


def test_change_map_marks_each_kind_of_change_distinctly(make_folder, tmp_path):
    """Left isolation, newly isolated, still isolated; new and lost working ties; newly met only."""
    folder = make_folder(
        tmp_path,
        agencies=[(i, f"機関{i}", "福祉", "", "", "", "false") for i in ("a", "b", "c", "d", "e", "f", "g")],
        meetings=[("m1", 1, "2025-04-01", "network_meeting", "一"), ("m2", 2, "2025-09-01", "network_meeting", "二")],
        attendance=[("m1", "a"), ("m1", "b"), ("m1", "d"), ("m2", "a"), ("m2", "b"), ("m2", "c"), ("m2", "e")],
        referrals=[("a", "b", "2025-05-01", 1), ("a", "c", "2025-08-01", 1)],
        relations=[("d", "b", 3, "2025-05-01")],
    )
    from hikinet_graph.sides import compare_specs
    from hikinet_graph.render.views.change import diff_page
    comparison = compare_specs(f"{folder}@1", f"{folder}@2")
    page = diff_page(comparison)
    nodes = {n["id"]: n for n in page.nodes}
    ring = {i: (n["color"]["border"], n["borderWidth"], n.get("shapeProperties", {}).get("borderDashes"))
            for i, n in nodes.items()}
    # c met nobody in round 1 and now works with a; e met people only; f and g never met anybody
    assert ring["c"][0] != ring["e"][0] and ring["c"][2] is None
    assert ring["f"] == ring["g"] and ring["f"][2]  # still isolated: dashed red
    kinds = {e["id"]: (e["kind"], e["hidden"]) for e in page.edges}
    assert kinds["added:a:c"] == ("added", False)
    assert kinds["met_added:b:e"] == ("met_added", True)  # newly met, no working tie: its own mark, hidden at first
    assert all(hidden for (kind, hidden) in kinds.values() if kind not in ("added", "removed", "unchanged", "met_added"))
    legend = page.legend
    assert [m["kind"] for m in legend["marks"]][:4] == ["resolved", "resolved", "newly", "still"]
    assert len({m["colour"] for m in legend["marks"][:2]}) == 2
    assert [m["kind"] for m in legend["links"]] == ["added", "removed", "unchanged", "met_added"]
    assert len({m["text"] for m in legend["marks"] + legend["links"]}) == len(legend["marks"] + legend["links"])


def _picture(index: Path):
    """The index's picture section, parsed: its SVGs (the first is the network picture)."""
    import xml.etree.ElementTree as ET
    import re
    html = index.read_text(encoding="utf-8")
    section = re.search(r'<section id="picture".*?</section>', html, re.S)
    assert section, "the index has no picture section"
    svgs = re.findall(r"<svg .*?</svg>", section.group(0), re.S)
    return section.group(0), [ET.fromstring(svg) for svg in svgs]


SVG = "{http://www.w3.org/2000/svg}"


def test_index_has_a_static_picture_of_the_latest_working_network(reports):
    index = reports["city_a"] / "index.html"
    section, svgs = _picture(index)
    assert "<script" not in section
    main, first, latest = svgs  # the picture and the small multiple of the first and latest state
    network = load_network(REPO / "data/city_a")
    positions = layout_positions(network)
    shapes = [e for e in main.iter() if e.tag in (SVG + "circle", SVG + "polygon")]
    assert len(shapes) == len(network.agencies)
    names = {" ".join(t.text for t in e.iter(SVG + "tspan")) for e in main.iter(SVG + "text")}
    for agency in network.agencies:
        assert wrap_label(agency.label).replace("\n", " ") in names
    circles = {(float(c.get("cx")), float(c.get("cy"))) for c in main.iter(SVG + "circle")}
    assert circles <= {tuple(p) for p in positions.values()}  # the maps' positions
    latest_json = analyze_json(REPO / "data/city_a")
    assert len(list(main.iter(SVG + "line"))) == latest_json["layers"]["working"]["links"]
    first_json = analyze_json(REPO / "data/city_a", "--round", "0")
    assert len(list(first.iter(SVG + "line"))) == first_json["layers"]["working"]["links"]
    assert len(list(latest.iter(SVG + "line"))) == latest_json["layers"]["working"]["links"]
    # isolation and gap rings as on the maps
    rings = {c.get("stroke") for c in main.iter() if c.tag in (SVG + "circle", SVG + "polygon")}
    assert {"#d62728", "#ff7f0e"} <= rings
    assert "どの回でも紹介・協働のない機関" in section  # the band's title


def test_picture_prints_on_a4(reports, open_page):
    opened = open_page(reports["city_b"] / "index.html", wait_for=None)
    opened.page.emulate_media(media="print")
    box = opened.evaluate("""() => { const s = document.querySelector('svg.network-picture').getBoundingClientRect();
        return {w: s.width, h: s.height, page: document.body.getBoundingClientRect().width}; }""")
    opened.assert_clean()
    assert 0 < box["w"] <= box["page"] + 1 and box["h"] > 200
    pdf = opened.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_hostile_names_are_text_in_the_picture(make_folder, tmp_path):
    hostile = "<img src=x onerror=alert(1)>"
    folder = make_folder(
        tmp_path,
        agencies=[("A", hostile, "福祉", "", "", "", "true"), ("B", "保健所", "保健", "", "", "", "false")],
        meetings=[("m1", 1, "2025-04-01", "network_meeting", "会議")],
        attendance=[("m1", "A"), ("m1", "B")],
        referrals=[("A", "B", "2025-05-01", 2)],
    )
    out = tmp_path / "report"
    assert run("report", str(folder), "-o", str(out)).exit_code == 0
    section, (main, *_) = _picture(out / "index.html")
    assert "<img" not in section and "&lt;img src=x onerror=alert(1)&gt;" in section


def test_public_picture_draws_every_working_tie_alike(tmp_path):
    out = tmp_path / "public"
    assert run("report", str(REPO / "data/city_b"), "-o", str(out), "--public").exit_code == 0
    _section, svgs = _picture(out / "index.html")
    for svg in svgs:  # a width per referral count would tell small counts apart
        assert len({line.get("stroke-width") for line in svg.iter(SVG + "line")}) == 1


# every name in the age view: inside its box and narrower than it, or beside it and clear of every box
AGE_LABELS = """() => {
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = "17px " + PAGE.options.nodes.font.face;
  const boxes = nodes.getIds().map(id => [id, network.getBoundingBox(id)]);
  const squeezed = [], covered = [];
  nodes.get().forEach(n => {
    if (!n.label) { return; }
    const b = network.getBoundingBox(n.id);
    if (ctx.measureText(n.label).width > b.right - b.left - 6) { squeezed.push(n.id); }
  });
  PAGE.extras.beside.forEach(l => {
    const r = {left: l.x, right: l.x + ctx.measureText(l.text).width, top: l.y - 9, bottom: l.y + 9};
    boxes.forEach(([id, b]) => {
      if (r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom) { covered.push([l.text, id]); }
    });
  });
  return {squeezed, covered, beside: PAGE.extras.beside.length};
}"""


@pytest.mark.parametrize("name", ["city_a", "city_b", "g40"])
def test_age_view_names_are_never_squeezed_or_covered(reports, open_page, name):
    pages = sorted((reports[name] / "maps").glob("*-ages.html"))
    assert pages
    seen_beside = 0
    for path in pages:
        opened = open_page(path)
        measured = opened.evaluate(AGE_LABELS)
        opened.assert_clean()
        assert measured["squeezed"] == [], f"{path.name}: names squeezed into short boxes"
        assert measured["covered"] == [], f"{path.name}: names beside a box run into another"
        seen_beside += measured["beside"]
    if name == "city_b":
        assert seen_beside > 0  # its children's and education offices serve short ranges with long names


def test_index_contents_link_the_picture_and_every_link_reaches_its_section(reports):
    from conftest import hrefs

    index = reports["city_b"] / "index.html"
    html = index.read_text(encoding="utf-8")
    anchors = [h for h in hrefs(index) if h.startswith("#")]
    assert "#picture" in anchors and "#timeline" in anchors
    assert all(f'id="{a[1:]}"' in html for a in anchors)
