"""Issue 13 (large networks open on something readable): above 150 agencies with areas, the report's first
map is the area view, drawn for every round; the network and age views of every agency only for the latest
state; ``--all-maps`` draws every view for every round."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import hrefs, run

from hikinet_graph.write.report import LARGE_NETWORK


def map_links(index: Path) -> list[str]:
    return [h for h in hrefs(index) if h.startswith("maps/")]


@pytest.fixture(scope="module")
def large_folder(tmp_path_factory) -> Path:
    """161 agencies in three areas, two rounds; each area's agencies meet, a few refer across areas."""
    folder = tmp_path_factory.mktemp("large") / "pref"
    folder.mkdir()
    n = LARGE_NETWORK + 11
    areas = ["北町", "南町", "東町"]
    agencies = ["id,name,sector,age_min,age_max,style,core,area"] + [
        f"a{i},機関{i},{['福祉', '教育', '保健'][i % 3]},{6 if i % 4 else ''},{[15, 39, 64, ''][i % 4]},,false,"
        f"{areas[i % 3]}" for i in range(n)]
    (folder / "agencies.csv").write_text("\n".join(agencies) + "\n", encoding="utf-8")
    (folder / "meetings.csv").write_text("id,round,date,kind,title\nm1,1,2025-04-01,network_meeting,第1回\n"
                                         "m2,2,2025-09-01,network_meeting,第2回\n", encoding="utf-8")
    attendance = ["meeting_id,agency_id"] + [f"m1,a{i}" for i in range(0, n, 2)] + [f"m2,a{i}" for i in range(n)]
    (folder / "attendance.csv").write_text("\n".join(attendance) + "\n", encoding="utf-8")
    referrals = ["from,to,date,count"] + [f"a{i},a{(i * 7 + 1) % n},2025-06-01,{1 + i % 4}" for i in range(0, n, 3)]
    (folder / "referrals.csv").write_text("\n".join(referrals) + "\n", encoding="utf-8")
    return folder


def test_large_report_opens_on_the_area_view(large_folder, tmp_path):
    out = tmp_path / "report"
    result = run("report", large_folder, "-o", out)
    assert result.exit_code == 0, result.output
    maps = sorted(p.name for p in (out / "maps").iterdir())
    assert maps == ["change.html", "round-1-areas.html", "round-2-ages.html", "round-2-areas.html",
                    "round-2-network.html"]
    links = map_links(out / "index.html")
    assert links[0] == "maps/round-1-areas.html"
    assert all((out / link).is_file() for link in links)  # no link to a map that was not drawn


def test_large_report_all_maps_draws_every_view(large_folder, tmp_path):
    out = tmp_path / "report"
    result = run("report", large_folder, "-o", out, "--all-maps")
    assert result.exit_code == 0, result.output
    maps = {p.name for p in (out / "maps").iterdir()}
    for round_ in (1, 2):
        assert {f"round-{round_}-{view}.html" for view in ("network", "ages", "areas")} <= maps
    assert map_links(out / "index.html")[0] == "maps/round-1-network.html"


def test_latest_area_view_opens_each_area_into_its_agencies(large_folder, tmp_path, open_page):
    """Issue 13: from the latest area view a coordinator opens an area into its agencies and their working
    partners outside it, in the same page; only the latest area page carries those data."""
    from hikinet_graph.render.views.drill import DRILL_PARTNERS

    out = tmp_path / "report"
    assert run("report", large_folder, "-o", out).exit_code == 0
    earlier = (out / "maps/round-1-areas.html").read_text(encoding="utf-8")
    assert '"drill"' not in earlier
    opened = open_page(out / "maps/round-2-areas.html")
    names = opened.evaluate("() => PAGE.extras.drill.area_names")
    assert names == ["北町", "南町", "東町"]
    members = [a for a in range(LARGE_NETWORK + 11) if a % 3 == 1]  # 南町: a1, a4, a7, …
    opened.page.select_option("#open-area", "1")
    shown = opened.evaluate("() => nodes.get().map(n => [n.id, n.outside])")
    inside = sorted(int(i.split(":")[1]) for i, outside in shown if not outside)
    assert inside == members
    outside = [i for i, o in shown if o]
    assert 0 < len(outside) <= DRILL_PARTNERS
    ties = opened.evaluate("() => edges.get().map(e => [e.from, e.to])")
    inside_ids = {f"agency:{i}" for i in inside}
    assert ties and all(a in inside_ids or b in inside_ids for a, b in ties)  # every tie touches the area
    assert re.search("南町", opened.evaluate("() => document.getElementById('drill-area').textContent"))
    opened.page.click("#drill-back")
    assert opened.evaluate("() => nodes.get().every(n => String(n.id).startsWith('area:'))")
    opened.assert_clean()


@pytest.fixture(scope="module")
def prefecture(tmp_path_factory) -> Path:
    """The benchmark's prefecture at full size: 3,000 agencies in 50 areas, 300,000 referral rows, 12 rounds."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    return generate(tmp_path_factory.mktemp("pref") / "pref", agencies=3000, areas=50, referrals=300_000,
                    meetings=240, rounds=12, attendance=6000, seed=1)


def test_prefecture_report_opens_on_areas_and_no_page_passes_8_mb(prefecture, tmp_path):
    out = tmp_path / "report"
    assert run("report", prefecture, "-o", out).exit_code == 0
    assert map_links(out / "index.html")[0].endswith("-areas.html")
    sizes = {p.name: p.stat().st_size for p in out.rglob("*.html")}
    assert max(sizes.values()) <= 8 * 1024 * 1024, max(sizes.items(), key=lambda kv: kv[1])
    for page in out.rglob("*.html"):  # every page one self-contained file
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:|//)', page.read_text(encoding="utf-8"))


def test_two_processes_write_the_same_report_as_one(tmp_path, monkeypatch):
    """Above SECOND_PROCESS_AGENCIES the command line shares the states between two forked processes; the folder
    it writes is the same, byte for byte, as the one written state by state."""
    import subprocess
    import sys

    from hikinet_graph.core.background import SECOND_PROCESS_AGENCIES
    from hikinet_graph.write import pages

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    folder = generate(tmp_path / "big", agencies=SECOND_PROCESS_AGENCIES + 50, areas=8, referrals=6000,
                      meetings=12, rounds=3, attendance=900, seed=4)
    forked = tmp_path / "forked"
    done = subprocess.run([sys.executable, "-m", "hikinet_graph", "report", str(folder), "-o", str(forked)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    monkeypatch.setattr(pages, "_workers", lambda job: 0)
    one_by_one = tmp_path / "one_by_one"
    assert run("report", folder, "-o", one_by_one).exit_code == 0
    written = sorted(p.relative_to(forked) for p in forked.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(one_by_one) for p in one_by_one.rglob("*") if p.is_file())
    for name in written:
        assert (forked / name).read_bytes() == (one_by_one / name).read_bytes(), name
