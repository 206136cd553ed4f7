"""Issue 12 §5: the report shows the latest data (the all-data "now" entry), and no client age reaches any output.

The folder: agencies a, b, c, d; round 0 (m0, 2025-04-01: a, b), round 1 (m1, 2025-06-01: a, b, c).
The last round's cut-off is 2025-06-01; a row dated after it makes the report add the all-data state.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import analyze_json, csv_text, run

from hikinet_graph.write.folder import MANIFEST

AGENCIES = [("a", "A", "福祉"), ("b", "B", "教育"), ("c", "C", "保健"), ("d", "D", "民間")]
AREAS = "id,name,sector,area\na,A,福祉,北部\nb,B,教育,南部\nc,C,保健,北部\nd,D,民間,南部\n"
MEETINGS = [("m0", 0, "2025-04-01"), ("m1", 1, "2025-06-01")]
ATTENDANCE = [("m0", "a"), ("m0", "b"), ("m1", "a"), ("m1", "b"), ("m1", "c")]
LATE_REFERRAL = [("a", "d", "2025-07-15")]   # after the last cut-off: links a and d


def now_folder(tmp_path, make_folder, referrals=LATE_REFERRAL, relations=None, agencies=AGENCIES):
    return make_folder(tmp_path, agencies=agencies, meetings=MEETINGS, attendance=ATTENDANCE,
                       referrals=referrals, relations=relations)


def report(folder: Path, out: Path, *extra) -> dict:
    result = run("report", folder, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def rounds_of(summary: dict) -> list:
    return [state["round"] for state in summary["rounds"]]


# --------------------------------------------------------------------------- when the entry is added


def test_report_adds_now_entry_when_rows_after_last_cutoff(tmp_path, make_folder):
    summary = report(now_folder(tmp_path, make_folder), tmp_path / "out")
    assert rounds_of(summary) == [0, 1, None]


def test_report_adds_now_entry_when_a_relation_is_after_last_cutoff(tmp_path, make_folder):
    folder = now_folder(tmp_path, make_folder, referrals=None, relations=[("b", "d", 2, "2025-06-02")])
    assert rounds_of(report(folder, tmp_path / "out")) == [0, 1, None]


def test_report_undated_rows_never_trigger_now_entry(tmp_path, make_folder):
    folder = now_folder(tmp_path, make_folder, referrals=[("a", "d", "")], relations=[("b", "d", 3, "")])
    out = tmp_path / "out"
    assert rounds_of(report(folder, out)) == [0, 1]
    assert not (out / "maps" / "now-network.html").exists()


def test_report_rows_on_or_before_the_last_cutoff_do_not_trigger_now_entry(tmp_path, make_folder):
    # "after" the cut-off: a row dated on the cut-off day belongs to the last round
    folder = now_folder(tmp_path, make_folder, referrals=[("a", "d", "2025-06-01"), ("a", "c", "2025-05-01")],
                        relations=[("b", "d", 2, "2025-06-01")])
    assert rounds_of(report(folder, tmp_path / "out")) == [0, 1]


def test_report_without_meetings_gets_no_second_null_entry(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=AGENCIES, referrals=LATE_REFERRAL)
    assert rounds_of(report(folder, tmp_path / "out")) == [None]


# --------------------------------------------------------------------------- what the entry holds


def test_report_now_entry_equals_analyze_all_data(tmp_path, make_folder):
    # the whole dict: no key differs (attendance of all data is the last round's, as in the report)
    folder = now_folder(tmp_path, make_folder)
    summary = report(folder, tmp_path / "out")
    assert rounds_of(summary) == [0, 1, None]
    assert summary["rounds"][-1] == analyze_json(folder)
    assert summary["rounds"][-1]["cutoff"] is None
    # the last round's entry does not have the late link a-d; the now entry does
    assert summary["rounds"][-2]["links"] == 3      # ab ac bc
    assert summary["rounds"][-1]["links"] == 4      # + ad


def test_report_now_entry_attendance_is_the_last_rounds(tmp_path, make_folder):
    summary = report(now_folder(tmp_path, make_folder), tmp_path / "out")
    assert rounds_of(summary) == [0, 1, None]
    # round 1: a, b, c present; c new; nobody from round 0 (a, b) missing
    expected = {"round": 1, "present": ["a", "b", "c"], "new": ["c"], "absent": []}
    assert summary["rounds"][-2]["attendance"] == expected
    assert summary["rounds"][-1]["attendance"] == expected


def test_report_change_runs_first_to_now(tmp_path, make_folder):
    summary = report(now_folder(tmp_path, make_folder), tmp_path / "out")
    change = summary["change"]
    assert change["before"]["round"] == 0
    assert change["after"]["round"] is None
    # round 0: ab; now: ab ac bc ad -> added ac, ad, bc
    assert sorted(map(list, change["added_links"])) == [["a", "c"], ["a", "d"], ["b", "c"]]
    assert "d" in change["resolved_isolated"]


# --------------------------------------------------------------------------- the tables


def label_columns(rows: list[dict], now_rows: list[dict]) -> set[str]:
    """Columns that say `now` in every now row and in no other row."""
    columns = {k for k in now_rows[0] if all(r[k] == "now" for r in now_rows)}
    others = [r for r in rows if r not in now_rows]
    return {k for k in columns if all(r[k] != "now" for r in others)}


def test_report_now_row_in_metrics_csv_has_empty_round_and_label_now(tmp_path, make_folder):
    out = tmp_path / "out"
    report(now_folder(tmp_path, make_folder), out)
    rows = read_csv(out / "metrics.csv")
    assert [r["round"] for r in rows] == ["0", "1", ""]
    assert label_columns(rows, rows[-1:]), rows[-1]
    assert rows[-1]["links"] == "4"


def test_report_now_rows_in_agencies_by_round_csv_have_empty_round_and_label_now(tmp_path, make_folder):
    out = tmp_path / "out"
    report(now_folder(tmp_path, make_folder), out)
    rows = read_csv(out / "agencies-by-round.csv")
    now_rows = [r for r in rows if r["round"] == ""]
    assert sorted(r["id"] for r in now_rows) == ["a", "b", "c", "d"]
    assert len(rows) == 12                      # 4 agencies x (round 0, round 1, now)
    assert label_columns(rows, now_rows), now_rows[0]


# --------------------------------------------------------------------------- maps and labels


def test_report_now_maps_exist(tmp_path, make_folder):
    out = tmp_path / "out"
    report(now_folder(tmp_path, make_folder), out)
    assert (out / "maps" / "now-network.html").is_file()
    assert (out / "maps" / "now-ages.html").is_file()
    assert not (out / "maps" / "now-areas.html").exists()     # no areas named


def test_report_now_areas_map_when_agencies_name_areas(tmp_path, make_folder):
    out = tmp_path / "out"
    report(now_folder(tmp_path, make_folder, agencies=AREAS), out)
    for view in ("network", "ages", "areas"):
        assert (out / "maps" / f"now-{view}.html").is_file(), view
    assert (out / "maps" / "round-1-areas.html").is_file()


@pytest.mark.parametrize("lang, label", [("ja", "現在 (最新の記録まで)"), ("en", "now (all records)")])
def test_report_labels_the_now_entry(tmp_path, make_folder, lang, label):
    out = tmp_path / "out"
    report(now_folder(tmp_path, make_folder), out, "--lang", lang)
    assert label in (out / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- privacy: no client age in any output


PRIVACY_AGENCIES = [("x", "X", "福祉", 6, 119, "accompaniment"), ("y", "Y", "高齢", 120, "", "both"),
                    ("w", "W", "保健", "", "", "problem_solving")]
PRIVACY_MEETINGS = [("m0", 0, "2025-04-02"), ("m1", 1, "2025-06-03")]
PRIVACY_ATTENDANCE = [("m0", "x"), ("m0", "y"), ("m1", "x"), ("m1", "y"), ("m1", "w")]
# span 6..40 (so age_coverage lists no age above 40) and an extra boundary 120: window [118, 121]
PRIVACY_TOML = "span = [6, 40]\nboundaries = [120]\n"


def privacy_rows(near1, near2, far1, far2) -> list[tuple]:
    return [("x", "y", "2025-05-10", 3, near1), ("x", "y", "2025-07-20", 4, near2),   # the July row: a now entry
            ("w", "y", "2025-05-20", 5, far1), ("y", "x", "", 3, far2)]


DISTINCT_AGES = (118, 121, 117, 133)                      # client ages only: no other number in the output is these
OTHER_AGES = (119, 120, 116, 134)                         # the same window membership: near, near, far, far


def every_file(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("extra", [(), ("--public",)], ids=["internal", "public"])
def test_client_ages_never_appear_in_report_output(tmp_path, make_folder, extra):
    folder = make_folder(tmp_path, agencies=PRIVACY_AGENCIES, meetings=PRIVACY_MEETINGS,
                         attendance=PRIVACY_ATTENDANCE, referrals=privacy_rows(*DISTINCT_AGES), toml=PRIVACY_TOML)
    summary = report(folder, tmp_path / "out_a", *extra)
    assert rounds_of(summary) == [0, 1, None]
    crossing = {c["boundary"]: c for c in summary["rounds"][-1]["crossings"]}[120]
    assert crossing["near_referrals"] == 7                # 3 (118) + 4 (121); 117 and 133 are outside

    # 1. the same folder with other client ages on the same side of the window writes the same bytes
    (folder / "referrals.csv").write_text(csv_text("referrals", privacy_rows(*OTHER_AGES)), encoding="utf-8")
    report(folder, tmp_path / "out_b", *extra)
    a, b = every_file(tmp_path / "out_a"), every_file(tmp_path / "out_b")
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []

    # 2. no written data file holds any of the distinctive ages as a number
    pattern = re.compile(r"(?<![\d.])(" + "|".join(map(str, DISTINCT_AGES)) + r")(?!\d)")
    for name, content in every_file(tmp_path / "out_a").items():
        # the manifest holds SHA-256 digests of the files, not data: a digest such as "…a118f…" would match
        # by chance (the digests change with the folder's path, so the test failed now and then)
        if name.endswith((".json", ".csv")) and name != MANIFEST:
            found = pattern.findall(content.decode("utf-8-sig"))
            assert found == [], (name, found)


def test_client_ages_never_appear_in_analyze_output(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=PRIVACY_AGENCIES, meetings=PRIVACY_MEETINGS,
                         attendance=PRIVACY_ATTENDANCE, referrals=privacy_rows(*DISTINCT_AGES), toml=PRIVACY_TOML)
    pattern = re.compile(r"(?<![\d.])(" + "|".join(map(str, DISTINCT_AGES)) + r")(?!\d)")
    for fmt in ("json", "csv", "table"):
        for extra in ((), ("--round", "1")):
            result = run("analyze", folder, "--format", fmt, *extra)
            assert result.exit_code == 0, result.output
            assert pattern.findall(result.stdout) == [], (fmt, extra)
