"""Maps: the library's page data, the offline page, and the page in a real headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hikinet_graph import load_network
from hikinet_graph.render.layout import layout_positions
from hikinet_graph.render.maps import map_page, render_map

from conftest import run

HOSTILE = "<img src=x onerror=alert(1)>"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def small(make_folder, tmp_path):
    return make_folder(
        tmp_path,
        agencies=[
            ("A", "社会福祉協議会", "福祉", "", "", "accompaniment", "true"),
            ("B", "教育委員会", "教育", 6, 15, "problem_solving", "false"),
            ("C", "サポステ", "若者", 16, 39, "", "false"),
            ("D", "地域包括", "高齢", 65, "", "", "false"),
            ("E", HOSTILE, "民間", "", "", "", "false"),
        ],
        meetings=[("m0", 0, "2025-04-01", "preparatory", "準備会"), ("m1", 1, "2025-06-01", "network_meeting", "会議")],
        attendance=[("m0", "A"), ("m0", "B"), ("m1", "A"), ("m1", "C"), ("m1", "D")],
        referrals=[("A", "C", "2025-05-01", 3), ("C", "A", "2025-07-01", 1)],
        relations=[("B", "D", 2, "")],
    )


def _edge_ids(page) -> set[str]:
    return {e["id"] for e in page.edges}


def test_map_edges_follow_the_round(small):
    network = load_network(small)
    assert _edge_ids(map_page(network, 0)) == {"m:A:B", "q:B:D"}
    assert _edge_ids(map_page(network, 1)) == {"m:A:B", "m:A:C", "m:A:D", "m:C:D", "q:B:D", "r:A:C"}
    assert "r:C:A" in _edge_ids(map_page(network, None))


def test_map_referral_width_grows_with_count(small):
    edges = {e["id"]: e for e in map_page(load_network(small), None).edges}
    assert edges["r:A:C"]["width"] > edges["r:C:A"]["width"]
    assert edges["r:A:C"]["arrows"]["to"]["enabled"] is True


def test_map_nodes_one_per_agency_and_marks(small):
    page = map_page(load_network(small), 0)
    assert [n["id"] for n in page.nodes] == ["A", "B", "C", "D", "E"]
    by_id = {n["id"]: n for n in page.nodes}
    assert "isolated" in by_id["E"]["flags"] and "isolated" in by_id["C"]["flags"]
    assert by_id["A"]["shape"] == "diamond"  # core member
    # B leaves at 15 with no link to C (serves 16): a handover gap, ringed
    assert "gap" in by_id["B"]["flags"]
    assert by_id["B"]["color"]["border"] != by_id["A"]["color"]["border"]
    assert "<" not in "".join(n["title"] for n in page.nodes if n["id"] != "E")


def test_map_positions_stable_across_rounds(small):
    network = load_network(small)
    first = {n["id"]: (n["x"], n["y"]) for n in map_page(network, 0).nodes}
    second = {n["id"]: (n["x"], n["y"]) for n in map_page(network, 1).nodes}
    assert first == second == layout_positions(network)
    assert layout_positions(load_network(small)) == layout_positions(network)  # seeded


def test_age_view_boxes_span_served_ages(small):
    page = map_page(load_network(small), 1, view="ages")
    by_id = {n["id"]: n for n in page.nodes}
    px = page.extras["age_px"]
    # B serves 6..15: the box is centred on (6 + 16) / 2 years
    assert by_id["B"]["x"] == pytest.approx((6 + 16) / 2 * px)
    assert by_id["B"]["widthConstraint"]["minimum"] == pytest.approx(10 * px - 4)
    kinds = {(m.get("boundary"), m["kind"]) for m in page.extras["markers"]}
    assert (16, "weak_handover") in kinds  # B only met A (who serves 16) at a meeting
    assert all(e["kind"] == "referral" for e in page.edges)


def test_page_is_self_contained(small):
    html = render_map(load_network(small), 0)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "vis-network" in html and "@license" in html  # vis-network inline, licence notice kept
    assert HOSTILE not in html  # only ever present escaped


def test_cli_map_writes_utf8(small, tmp_path):
    out = tmp_path / "out" / "map.html"
    result = run("map", small, "--round", "1", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8")
    assert "社会福祉協議会" in text


def test_cli_map_refuses_output_inside_input(small):
    result = run("map", small, "-o", small / "map.html")
    assert result.exit_code == 1
    assert "never writes into its input" in result.output
    assert not (small / "map.html").exists()


def test_cli_map_unknown_round(small, tmp_path):
    result = run("map", small, "--round", "7", "-o", tmp_path / "m.html")
    assert result.exit_code == 1
    assert "round 7 is not in meetings.csv" in result.output


# --------------------------------------------------------------------------- in the browser

@pytest.mark.browser
@pytest.mark.parametrize("view", ["network", "ages"])
def test_browser_map_loads_offline_and_draws_every_agency(small, tmp_path, open_page, view):
    path = tmp_path / f"{view}.html"
    path.write_text(render_map(load_network(small), 1, view), encoding="utf-8")
    opened = open_page(path)
    opened.page.wait_for_timeout(300)
    opened.assert_clean()
    drawn = opened.evaluate("Object.keys(network.getPositions()).sort()")
    assert drawn == ["A", "B", "C", "D", "E"]
    assert opened.evaluate("nodes.length") == 5
    edge_ids = set(opened.evaluate("edges.getIds()"))
    if view == "network":
        assert edge_ids == {"m:A:B", "m:A:C", "m:A:D", "m:C:D", "q:B:D", "r:A:C"}
        assert set(opened.evaluate("Object.keys(network.body.edges)")) >= edge_ids
    else:
        assert edge_ids == {"r:A:C"}


@pytest.mark.browser
def test_browser_positions_identical_across_rounds(small, tmp_path, open_page):
    network = load_network(small)
    positions = []
    for round_ in (0, 1):
        path = tmp_path / f"r{round_}.html"
        path.write_text(render_map(network, round_), encoding="utf-8")
        positions.append(open_page(path).evaluate("network.getPositions()"))
    assert positions[0] == positions[1]


@pytest.mark.browser
def test_browser_hostile_name_runs_no_script(small, tmp_path, open_page):
    path = tmp_path / "hostile.html"
    path.write_text(render_map(load_network(small), 1), encoding="utf-8")
    opened = open_page(path)
    # hover the hostile agency so that its tooltip is built, then search for it by name
    point = opened.evaluate("network.canvasToDOM(network.getPositions(['E']).E)")
    box = opened.page.locator("#mynetwork").bounding_box()
    opened.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    opened.page.wait_for_timeout(600)
    opened.page.fill("#search", HOSTILE)
    opened.page.press("#search", "Enter")
    opened.page.wait_for_timeout(300)
    opened.assert_clean()
    assert opened.evaluate("document.querySelectorAll('img').length") == 0
    assert opened.evaluate("network.getSelectedNodes()") == ["E"]
    tooltip = opened.evaluate("(document.querySelector('.vis-tooltip') || {}).textContent || ''")
    assert HOSTILE in tooltip


@pytest.mark.browser
def test_browser_filters_and_toggles(small, tmp_path, open_page):
    path = tmp_path / "filters.html"
    path.write_text(render_map(load_network(small), 1), encoding="utf-8")
    opened = open_page(path)
    opened.page.uncheck("#legend-sectors input[data-sector='教育']")
    hidden = opened.evaluate("nodes.get({filter: function (n) { return n.hidden; }}).map(function (n) { return n.id; })")
    assert hidden == ["B"]
    opened.page.uncheck("#legend-links input[data-kind='attendance']")
    shown = opened.evaluate("edges.get({filter: function (e) { return !e.hidden; }}).map(function (e) { return e.kind; })")
    assert "attendance" not in shown and "referral" in shown
    opened.page.fill("#search", "サポ")
    opened.page.press("#search", "Enter")
    assert opened.evaluate("network.getSelectedNodes()") == ["C"]
    opened.page.fill("#search", "存在しない機関")
    opened.page.press("#search", "Enter")
    assert opened.page.text_content("#search-status") == "見つかりません"
    opened.assert_clean()


@pytest.mark.browser
@pytest.mark.parametrize("city", ["city_a", "city_b"])
def test_browser_example_maps(city, tmp_path, open_page):
    network = load_network(REPO / "data" / city)
    for view in ("network", "ages"):
        path = tmp_path / f"{city}-{view}.html"
        path.write_text(render_map(network, network.rounds[-1], view), encoding="utf-8")
        opened = open_page(path)
        opened.assert_clean()
        assert opened.evaluate("nodes.length") == len(network.agencies)


def test_large_map_draws_each_agencys_strongest_referrals(make_folder, tmp_path):
    # 130 agencies at one meeting: 8,385 co-attendance pairs, over the map's line budget
    n = 130
    agencies = [(f"a{i:03d}", f"機関{i}", "福祉", "", "", "", "false") for i in range(n)]
    referrals = [(f"a{i:03d}", f"a{(i + 1) % n:03d}", "", 1 + i % 4) for i in range(n)]
    referrals += [(f"a{i:03d}", f"a{(i + 7) % n:03d}", "", 1) for i in range(n)]
    folder = make_folder(tmp_path, agencies=agencies,
                         meetings=[("m", 0, "2025-04-01", "network_meeting", "全体会議")],
                         attendance=[("m", a[0]) for a in agencies], referrals=referrals)
    page = map_page(load_network(folder), 0)
    assert page.extras["thinned"]["total"] == n * (n - 1) // 2
    assert {e["kind"] for e in page.edges} == {"referral"}
    assert len(page.nodes) == n
    ends = {e["from"] for e in page.edges} | {e["to"] for e in page.edges}
    assert ends == {a[0] for a in agencies}  # nobody loses all of its lines
    assert "thinned" in page.texts and [item["kind"] for item in page.legend["links"]] == ["referral"]


@pytest.fixture
def areas_folder(make_folder, tmp_path):
    return make_folder(
        tmp_path, name="areas",
        agencies="id,name,sector,area\nn1,北1,福祉,北部\nn2,北2,教育,北部\ns1,南1,福祉,南部\ns2,南2,若者,南部\nc1,中1,福祉,中央\n",
        referrals=[("n1", "n2", "", 1), ("n1", "s1", "", 2), ("n2", "s2", "", 1), ("s1", "s2", "", 1)],
    )


def test_area_view_one_node_per_area_and_links_between(areas_folder):
    page = map_page(load_network(areas_folder), None, view="areas")
    nodes = {n["id"]: n for n in page.nodes}
    assert set(nodes) == {"area:北部", "area:南部", "area:中央"}
    assert nodes["area:北部"]["label"] == "北部 (2)"
    assert "isolated" in nodes["area:中央"]["flags"] and "isolated" not in nodes["area:北部"]["flags"]
    # n1-s1 and n2-s2 join 北部 and 南部: two links between them; 中央 has none
    edges = {e["id"]: e for e in page.edges}
    assert set(edges) == {"x:北部:南部"}
    assert edges["x:北部:南部"]["title"].endswith(": 2")
    assert "地区の中のつながり: 1" in nodes["area:北部"]["title"]


def test_area_view_needs_an_area_column(small, tmp_path):
    result = run("map", small, "--view", "areas", "-o", tmp_path / "a.html")
    assert result.exit_code == 1
    assert "agencies have no area column" in result.output


def test_report_has_area_maps_when_agencies_name_areas(areas_folder, small, tmp_path):
    assert run("report", areas_folder, "-o", tmp_path / "a").exit_code == 0
    assert (tmp_path / "a" / "maps" / "round-all-areas.html").is_file()
    assert run("report", small, "-o", tmp_path / "s").exit_code == 0
    assert not list((tmp_path / "s" / "maps").glob("*areas*"))


@pytest.mark.browser
def test_browser_area_map_loads(areas_folder, tmp_path, open_page):
    path = tmp_path / "areas.html"
    path.write_text(render_map(load_network(areas_folder), None, "areas"), encoding="utf-8")
    opened = open_page(path)
    opened.assert_clean()
    assert sorted(opened.evaluate("nodes.getIds()")) == ["area:中央", "area:北部", "area:南部"]


def test_age_view_when_no_agency_has_an_upper_age(make_folder, tmp_path):
    folder = make_folder(tmp_path, name="open", agencies=[("a", "A", "福祉"), ("b", "B", "保健")],
                         referrals=[("a", "b", "", 1)])
    page = map_page(load_network(folder), None, view="ages")
    assert page.extras["axis_max"] == 100  # the span's end (99) + 1
    assert {n["id"] for n in page.nodes} == {"a", "b"}
