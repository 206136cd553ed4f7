"""Issue 12 in what people read: the report's first lines, attendance, the crossings section, the layered maps.

The report is read back as a reader sees it (index.html's text, the maps' embedded data);
the numbers are checked against metrics.csv and summary.json, which other tests check
against the rules.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest
from conftest import run

from hikinet_graph import load_network
from hikinet_graph.cli import compare_specs
from hikinet_graph.core.rounds import round_texts
from hikinet_graph.i18n import t
from hikinet_graph.render.maps import map_page, render_map
from hikinet_graph.render.views.change import diff_page

DATA = Path(__file__).resolve().parent.parent / "data"


def report(folder: Path, out: Path, *extra: str) -> Path:
    result = run("report", folder, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def sentences(out: Path) -> list[str]:
    text = (out / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<section id="summary" class="summary">(.*?)</section>', text, re.S)[1]
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", block, re.S)]


def section(out: Path, name: str) -> str:
    """The text of one section of index.html, tags removed."""
    text = (out / "index.html").read_text(encoding="utf-8")
    body = re.search(rf'<section id="{name}">(.*?)</section>', text, re.S)[1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def metrics(out: Path) -> list[dict]:
    return list(csv.DictReader((out / "metrics.csv").read_text(encoding="utf-8-sig").splitlines()))


def template_numbers(key: str, line: str, lang: str) -> dict:
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", re.escape(t(key, lang)))
    match = re.fullmatch(pattern, line)
    assert match, (key, line)
    return match.groupdict()


# --------------------------------------------------------------------------- the first lines


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_first_line_says_working_ties_beside_pairs_who_have_met(lang, tmp_path):
    out = report(DATA / "city_b", tmp_path / "r", "--lang", lang)
    first = sentences(out)[0]
    assert not first.startswith("つながりは")
    values = template_numbers("sentence_links", first, lang)
    rows = metrics(out)
    assert (values["wb"], values["wa"]) == (rows[0]["working_links"], rows[-1]["working_links"])
    assert (values["before"], values["after"]) == (rows[0]["links"], rows[-1]["links"])
    if lang == "ja":
        assert "紹介・協働でつながる組" in first and "会ったことのある組" in first


def test_first_lines_tell_city_a_story(tmp_path):
    lines = sentences(report(DATA / "city_a", tmp_path / "r"))
    hub = template_numbers("sentence_hub", lines[1], "ja")
    assert hub["broker"].startswith("社会福祉協議会") and hub["cut"].startswith("社会福祉協議会")
    # the round as the coordinators name it (issue 14): City A's round 3 is its second network meeting
    last = round_texts(load_network(DATA / "city_a"), "ja")[3]
    assert any(line.startswith(f"{last}には 12 機関") for line in lines)


def test_first_lines_tell_city_b_story(tmp_path):
    lines = sentences(report(DATA / "city_b", tmp_path / "r"))
    hub = template_numbers("sentence_hub", lines[1], "ja")
    assert hub["broker"].startswith("ひきこもり支援事業所")
    carriers = template_numbers("sentence_carriers", lines[2], "ja")
    assert carriers["names"].startswith("ひきこもり支援事業所") and carriers["n"] == "5" and carriers["m"] == "6"
    absences = next(line for line in lines if line.startswith("途中で来なかった回のある機関"))
    third = round_texts(load_network(DATA / "city_b"), "ja")[3]  # the round as the coordinators name it
    assert f"地域活動支援センター ({third})" in absences and "生活自立支援機関" in absences


def test_working_isolation_sentence_counts_its_list(tmp_path):
    out = report(DATA / "city_b", tmp_path / "r")
    line = next(s for s in sentences(out) if s.startswith("紹介・協働のつながりがない機関"))
    first = int(template_numbers("sentence_working_isolated", line, "ja")["first"])
    text = (out / "index.html").read_text(encoding="utf-8")
    heading = re.search(rf"<h3>{t('first_working')} \((\d+)\)</h3>\s*<ul class=\"names\">(.*?)</ul>", text, re.S)
    assert int(heading[1]) == first == heading[2].count("<li>")


# --------------------------------------------------------------------------- attendance and crossings


@pytest.fixture
def handmade(tmp_path, make_folder):
    """school 6-15 leaves at 16; youth 16-39 starts there (the next service); desk all ages (a generalist);
    kids 6-17 spans 16 and accompanies; farm is a resource. Round 1: school stops coming, farm joins."""
    agencies = ("id,name,sector,age_min,age_max,style,core,resource\n"
                "school,学校,教育,6,15,problem_solving,false,false\n"
                "youth,若者サポート,若者,16,39,problem_solving,false,false\n"
                "desk,総合相談,行政,,,both,true,false\n"
                "kids,子ども支援,子ども家庭,6,17,accompaniment,false,false\n"
                "farm,農園,民間,18,64,,false,true\n")
    return make_folder(tmp_path, agencies=agencies,
                       meetings=[("m0", 0, "2025-04-01"), ("m1", 1, "2025-06-01")],
                       attendance=[("m0", "school"), ("m0", "desk"), ("m1", "desk"), ("m1", "farm")],
                       referrals=[("school", "youth", "2025-05-01", 3, 15), ("desk", "kids", "2025-05-02", 1, 16)])


def test_attendance_section_names_who_joined_and_who_stopped(handmade, tmp_path):
    text = section(report(handmade, tmp_path / "r"), "attendance")
    rows = re.split(r"第\d回", text)[1:]
    assert "学校" in rows[0] and "総合相談" in rows[0]          # round 0: both new
    assert "農園" in rows[1] and "学校" in rows[1]              # round 1: farm new, school stopped coming


def test_crossings_section_marks_the_next_service_and_lists_generalists_once(handmade, tmp_path):
    out = report(handmade, tmp_path / "r")
    text = (out / "index.html").read_text(encoding="utf-8")
    crossings = re.search(r'<section id="crossings">(.*?)</section>', text, re.S)[1]
    block = re.search(r"<h3>15歳→16歳.*?</table>", crossings, re.S)[0]
    row = {html.unescape(re.sub(r"<[^>]+>", "", th)): td for th, td in
           re.findall(r"<tr><th>(.*?)</th><td[^>]*>(.*?)</td></tr>", block, re.S)}
    assert "若者サポート" in row[t("col_starting")] and t("tag_next") in row[t("col_starting")]
    assert "子ども支援" in row[t("col_spanning")] and t("tag_accompaniment") in row[t("col_spanning")]
    assert "総合相談" not in row[t("col_spanning")]                      # the generalist stands apart
    assert row[t("col_generalists")].strip() == t("generalists_count", n=1)
    assert crossings.count("総合相談") == 1                               # named once, above the blocks
    assert "若者サポート</b> (3)" in row[t("col_carriers")]
    assert "学校" in row[t("col_handed_over")]
    assert "農園" not in crossings                                       # a resource takes no part


def test_public_report_hides_small_crossing_counts_and_every_client_age(handmade, tmp_path):
    out = report(handmade, tmp_path / "r", "--public")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    last = {c["boundary"]: c for c in summary["rounds"][-1]["crossings"]}
    # school -> youth 3 (exact pair, both clients near 16): shown; desk -> kids 1 (hidden pair): "x"
    assert last[16]["near_referrals"] == "x"
    assert {c["agency"]: c["referrals"] for c in last[16]["carriers"]} == {"youth": 3, "kids": "x"}
    text = section(out, "crossings")
    assert "(x)" in text and t("crossings_public") in text


# --------------------------------------------------------------------------- the maps


def test_network_map_draws_working_ties_strong_and_hides_what_only_met(handmade):
    page = map_page(load_network(handmade), 1)
    by_kind: dict = {}
    for edge in page.edges:
        by_kind.setdefault(edge["kind"], []).append(edge)
    assert all(e["hidden"] for e in by_kind["attendance"])
    assert not any(e.get("hidden") for e in by_kind["referral"])
    assert min(e["width"] for e in by_kind["referral"]) > max(e["width"] for e in by_kind["attendance"])
    legend = {item["kind"]: item for item in page.legend["links"]}
    assert legend["attendance"]["hidden"] and legend["acquainted"]["hidden"] and not legend["referral"]["hidden"]
    shapes = {n["id"]: n["shape"] for n in page.nodes}
    assert shapes["farm"] == "hexagon" and shapes["desk"] == "diamond" and shapes["school"] == "dot"
    assert "resource" in {m["kind"] for m in page.legend["marks"]}


def test_relation_levels_are_drawn_by_layer(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A", "福祉"), ("b", "B", "教育"), ("c", "C", "若者"), ("d", "D", "保健")],
                         relations=[("a", "b", 1, ""), ("a", "c", 2, ""), ("a", "d", 3, "")])
    edges = {e["id"]: e for e in map_page(load_network(folder)).edges}
    assert (edges["q:a:b"]["kind"], edges["q:a:b"]["hidden"]) == ("acquainted", True)
    assert edges["q:a:c"]["kind"] == "sharing" and edges["q:a:c"]["dashes"]
    assert edges["q:a:d"]["kind"] == "relation" and not edges["q:a:d"]["dashes"]


def test_age_map_puts_resources_in_a_lane_of_their_own(handmade):
    page = map_page(load_network(handmade), 1, view="ages")
    lanes = [lane["sector"] for lane in page.extras["lanes"]]
    assert lanes[-1] == t("resources_lane") and "民間" not in lanes   # the farm's sector has no service


def test_change_map_follows_the_working_ties(handmade):
    network = load_network(handmade)
    page = diff_page(compare_specs(f"{network.source}@0", f"{network.source}@1"))
    layers = {e["id"]: (e["layer"], e["hidden"]) for e in page.edges}
    assert layers["added:school:youth"] == ("working", False)
    assert layers["met_added:desk:farm"] == ("met_new", True)  # newly met only: its own mark (issue 13), hidden at first
    assert page.legend["layers"][0]["hidden"]


@pytest.mark.browser
def test_browser_faint_lines_start_hidden_and_show_when_ticked(handmade, tmp_path, open_page):
    path = tmp_path / "map.html"
    path.write_text(render_map(load_network(handmade), 1), encoding="utf-8")
    opened = open_page(path)
    shown = "edges.get({filter: function (e) { return !e.hidden; }}).map(function (e) { return e.kind; })"
    assert "attendance" not in opened.evaluate(shown) and "referral" in opened.evaluate(shown)
    opened.page.check("#legend-links input[data-kind='attendance']")
    assert "attendance" in opened.evaluate(shown)
    opened.assert_clean()


# --------------------------------------------------------------------------- the "now" state


def test_now_state_is_named_in_the_round_table_maps_and_change(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A", "福祉"), ("b", "B", "教育"), ("c", "C", "保健")],
                         meetings=[("m0", 0, "2025-04-01"), ("m1", 1, "2025-06-01")],
                         attendance=[("m0", "a"), ("m0", "b"), ("m1", "a"), ("m1", "b")],
                         referrals=[("a", "c", "2025-07-15")])
    out = report(folder, tmp_path / "r")
    rounds = section(out, "rounds")
    assert t("now_label") in rounds and t("now_until", d="2025-07-15") in rounds
    assert t("now_label") in section(out, "change")
    page = (out / "maps" / "now-network.html").read_text(encoding="utf-8")
    assert t("now_subtitle", d="2025-07-15") in html.unescape(page)
    rows = metrics(out)
    assert list(rows[0])[-1] == "label" and [r["label"] for r in rows] == ["", "", "now"]
