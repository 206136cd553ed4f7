"""hikinet report: the folder's pages and data agree with analyze, output is safe, pages are safe in a browser."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import hrefs, run, tree

SCRIPT_NAME = "<script>alert('agency')</script>"
SVG_NAME = '"><svg onload=alert(1)>'


@pytest.fixture
def folder(tmp_path, make_folder):
    return make_folder(
        tmp_path,
        agencies=[
            ("school", "学校", "教育", 6, 15, "problem_solving", "false"),
            ("youth", SVG_NAME, "若者", 16, 39, "", "false"),
            ("shakyo", "社協", "福祉", "", "", "both", "true"),
            ("farm", SCRIPT_NAME, "民間", 18, 64, "", "false"),
        ],
        meetings=[("m0", 0, "2025-04-01", "preparatory", SCRIPT_NAME),
                  ("m1", 1, "2025-06-01", "network_meeting", SVG_NAME),
                  ("m2", 2, "2025-09-01", "network_meeting", "第2回")],
        attendance=[("m0", "school"), ("m0", "shakyo"), ("m1", "youth"), ("m1", "shakyo"), ("m2", "farm"),
                    ("m2", "shakyo")],
        referrals=[("school", "youth", "2025-05-10", 2), ("shakyo", "farm", "2025-08-01", 1)],
        relations=[("youth", "farm", 2, "2025-06-01")],
    )


def run_report(folder: Path, out: Path, *extra: str):
    return run("report", folder, "-o", out, *extra)


def test_report_writes_every_linked_page(folder, tmp_path):
    out = tmp_path / "report"
    before = tree(folder)
    result = run_report(folder, out)
    assert result.exit_code == 0, result.output
    assert tree(folder) == before  # the input is never changed
    links = hrefs(out / "index.html")
    for round_ in (0, 1, 2):
        assert f"maps/round-{round_}-network.html" in links
        assert f"maps/round-{round_}-ages.html" in links
    assert {"maps/change.html", "summary.json", "metrics.csv", "agencies-by-round.csv"} <= set(links)
    for link in links:
        if not link.startswith("#"):
            assert (out / link).is_file(), link
    for page in (out / "maps").iterdir():
        assert "../index.html" in hrefs(page)


def test_report_json_and_csv_agree_with_analyze(folder, tmp_path):
    out = tmp_path / "report"
    assert run_report(folder, out).exit_code == 0
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader((out / "metrics.csv").open(encoding="utf-8-sig")))
    assert [r["round"] for r in rows] == ["0", "1", "2"]
    for round_, (entry, row) in enumerate(zip(summary["rounds"], rows)):
        analyzed = run("analyze", folder, "--round", round_, "--format", "json")
        expected = json.loads(analyzed.output)
        assert entry == expected
        assert int(row["links"]) == expected["links"]
        assert int(row["isolated"]) == len(expected["isolated"])
        assert int(row["gaps"]) == sum(len(g["agencies"]) for g in expected["gaps"])
        assert float(row["density"]) == pytest.approx(expected["density"], abs=1e-4)
    assert summary["change"]["before"]["round"] == 0 and summary["change"]["after"]["round"] == 2
    per_agency = list(csv.DictReader((out / "agencies-by-round.csv").open(encoding="utf-8-sig")))
    assert len(per_agency) == 3 * 4
    assert {r["name"] for r in per_agency} >= {"学校", "社協"}


def test_report_english(folder, tmp_path):
    out = tmp_path / "report"
    assert run_report(folder, out, "--lang", "en").exit_code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in index and "Hikikomori support network report" in index


def test_report_refuses_output_inside_input(folder):
    result = run_report(folder, folder / "report")
    assert result.exit_code == 1
    assert "never writes into its input" in result.output
    assert not (folder / "report").exists()


def test_report_refuses_folder_with_foreign_files(folder, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.docx").write_bytes(b"precious")
    result = run_report(folder, out)
    assert result.exit_code == 1
    assert "holds files hikinet did not write" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["notes.docx"]


def test_report_rerun_replaces_only_its_own_files(folder, tmp_path, make_folder):
    out = tmp_path / "report"
    assert run_report(folder, out).exit_code == 0
    (out / "my-notes.txt").write_text("keep me", encoding="utf-8")
    # the data now has one round fewer: the stale round-2 maps go, the user's file stays
    (folder / "meetings.csv").write_text("id,round,date\nm0,0,2025-04-01\nm1,1,2025-06-01\n", encoding="utf-8")
    (folder / "attendance.csv").write_text("meeting_id,agency_id\nm0,school\nm1,shakyo\n", encoding="utf-8")
    result = run_report(folder, out)
    assert result.exit_code == 0, result.output
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not (out / "maps" / "round-2-network.html").exists()
    assert (out / "maps" / "round-1-network.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report.")]  # no staging left behind


def test_report_failure_leaves_earlier_report(folder, tmp_path):
    out = tmp_path / "report"
    assert run_report(folder, out).exit_code == 0
    index = (out / "index.html").read_bytes()
    (folder / "referrals.csv").write_text("from,to,count\nschool,school,0\n", encoding="utf-8")
    result = run_report(folder, out)
    assert result.exit_code == 1
    assert (out / "index.html").read_bytes() == index


def test_report_progress_is_quiet_when_not_a_terminal(folder, tmp_path):
    result = run("report", folder, "-o", tmp_path / "r")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.strip().endswith("index.html")


def test_report_progress_callback_per_round(folder, tmp_path):
    from hikinet_graph import load_network
    from hikinet_graph.write.report import build_report

    messages: list[str] = []
    build_report(load_network(folder), tmp_path / "r", progress=messages.append)
    assert [m for m in messages if m.startswith("第")] == ["第0回時点 (1/3)", "第1回時点 (2/3)", "第2回時点 (3/3)"]


@pytest.mark.browser
def test_browser_report_pages_load_and_run_no_hostile_script(folder, tmp_path, open_page):
    out = tmp_path / "report"
    assert run_report(folder, out).exit_code == 0
    pages = [out / "index.html"] + sorted((out / "maps").iterdir())
    for path in pages:
        opened = open_page(path, wait_for=None if path.name == "index.html" else "window.hikinetReady === true")
        opened.page.wait_for_timeout(150)
        opened.assert_clean()
        assert opened.evaluate("document.querySelectorAll('svg[onload], img, script[src]').length") == 0
        text = opened.evaluate("document.body.innerText")
        if path.name == "index.html":
            assert SCRIPT_NAME in text  # shown as text, never run
            assert opened.evaluate("document.querySelectorAll('svg.chart').length") == 2
