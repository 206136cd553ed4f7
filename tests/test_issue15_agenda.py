"""Issue 15 §2: the agenda page ("次回の会議に向けて"), from ``report`` and from ``hikinet agenda``."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import hrefs, run
from test_issue15_meeting_log import page_text, section

AGENCY_HEADER = "id,name,sector,age_min,age_max,style,core,resource"
HOSTILE = "<img src=x onerror=alert(1)>"


def agencies(*rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(AGENCY_HEADER.split(","))
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def city(tmp_path, make_folder):
    """Round 1: edu and the youth station meet; round 2: the desk refers to the youth station and
    the clinic stops coming. Ages 50–64 are nobody's: the youth station leaves at 50."""
    rows = agencies(("edu", "市教育主管課", "教育", "6", "15", "problem_solving", "true", "false"),
                    ("youth", "地域若者サポートステーション", "若者", "15", "49", "accompaniment", "false", "false"),
                    ("desk", "相談窓口", "行政", "16", "49", "problem_solving", "true", "false"),
                    ("clinic", "クリニック", "医療", "65", "", "", "false", "false"),
                    ("cafe", "居場所", "民間", "", "", "accompaniment", "false", "true"))
    return make_folder(tmp_path, agencies=rows,
                       meetings="id,round,date,title,next_steps\nm1,1,2025-04-01,第一回会議,\n"
                                "m2,2,2025-06-01,第二回会議,事例検討の準備をする\n",
                       attendance=[("m1", "edu"), ("m1", "youth"), ("m1", "clinic"), ("m2", "edu"), ("m2", "youth"),
                                   ("m2", "desk")],
                       referrals=[("desk", "youth", "2025-05-01", 2, "16")])


def agenda(folder, tmp_path, *extra, name="agenda.html") -> Path:
    out = tmp_path / name
    result = run("agenda", folder, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    return out


def test_agenda_names_both_agencies_and_says_why_in_plain_words(city, tmp_path):
    text = page_text(agenda(city, tmp_path))
    assert "次回の会議に向けて" in text
    handovers = page_text_of(agenda(city, tmp_path, "--force"), "agenda-handovers")
    assert "市教育主管課 教育、6〜15歳、課題解決型" in handovers
    assert ("地域若者サポートステーション 若者、15〜49歳、伴走型 "
            "16歳の境目で、紹介の実績がありません。すでに会議で会っています。伴走型の支援をしています。") in handovers
    # the desk does not start at 16 either, has not met edu and does not accompany: second
    assert handovers.index("地域若者サポートステーション") < handovers.index("相談窓口")


def page_text_of(path: Path, section_id: str) -> str:
    html = section(path.read_text(encoding="utf-8"), section_id)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_agenda_lists_coverage_topics_absent_agencies_and_progress(city, tmp_path):
    path = agenda(city, tmp_path)
    topics = page_text_of(path, "agenda-topics")
    assert "50〜64歳を対象にする機関がありません。だれが担えますか？" in topics
    assert "50歳で対象から外れる機関: 相談窓口、地域若者サポートステーション" in topics
    assert "すぐ上の年齢 (65歳) を対象にする機関: クリニック" in topics
    assert "クリニック" in page_text_of(path, "agenda-absent")
    progress = page_text_of(path, "agenda-progress")
    assert "新しい紹介・協働のつながり (1)" in progress and "相談窓口 – 地域若者サポートステーション" in progress
    assert "地域若者サポートステーション (15歳→16歳)" in progress
    assert "事例検討の準備をする" in page_text_of(path, "agenda-next-steps")
    assert page_text_of(path, "agenda-notes")  # the heading; the lines are blank for handwriting


def test_agenda_as_of_the_first_round_has_nothing_to_compare(city, tmp_path):
    path = agenda(city, tmp_path, "--round", "1")
    assert "最初の回なので" in page_text_of(path, "agenda-progress")
    assert "この回の会議に「次の取組」の記録はありません" in page_text_of(path, "agenda-next-steps")


def test_agenda_in_english(city, tmp_path):
    path = agenda(city, tmp_path, "--lang", "en")
    text = page_text(path)
    assert "For the next meeting" in text
    assert "At the age-16 boundary there is no referral yet. They have already met at a meeting." in text
    assert "No agency serves ages 50-64: who could?" in text


def test_agenda_is_for_the_now_state_when_records_follow_the_last_round(city, tmp_path):
    with open(city / "referrals.csv", "a", encoding="utf-8") as handle:
        handle.write("edu,youth,2025-08-01,1,\n")
    path = agenda(city, tmp_path)
    assert "現在 (最新の記録まで)" in page_text(path)
    assert "解消したすき間 (1)" in page_text_of(path, "agenda-progress")
    assert "市教育主管課" not in page_text_of(path, "agenda-handovers")


def test_agenda_command_errors_are_clear(city, tmp_path):
    out = agenda(city, tmp_path)
    again = run("agenda", city, "-o", out)
    assert again.exit_code == 1 and "--force" in again.output and "Traceback" not in again.output
    unknown = run("agenda", city, "-o", tmp_path / "x.html", "--round", "9")
    assert unknown.exit_code == 1 and "9" in unknown.output and "Traceback" not in unknown.output
    inside = run("agenda", city, "-o", city / "agenda.html")
    assert inside.exit_code == 1 and not (city / "agenda.html").exists()


def test_report_writes_the_agenda_and_links_it_both_ways(city, tmp_path):
    out = tmp_path / "report"
    assert run("report", city, "-o", out).exit_code == 0
    assert "agenda.html" in hrefs(out / "index.html")
    assert hrefs(out / "agenda.html") == ["index.html"]
    standalone = agenda(city, tmp_path)
    assert page_text_of(out / "agenda.html", "agenda-handovers") == page_text_of(standalone, "agenda-handovers")


def test_help_documents_the_agenda_command_in_both_languages():
    ja, en = run("agenda", "--help"), run("--lang", "en", "agenda", "--help")
    assert "A4 で印刷できる" in ja.output and "hikinet agenda data/city_b" in ja.output
    assert "printable on A4" in en.output and "--round R" in en.output
    listing = run("--help").output
    assert "agenda" in listing and "次回の会議に向けた資料" in listing


@pytest.mark.parametrize("city_name", ["city_a", "city_b"])
def test_example_cities_agenda(city_name, tmp_path):
    root = Path(__file__).resolve().parent.parent / "data" / city_name
    text = page_text(agenda(root, tmp_path))
    assert "年齢の境目での紹介の提案" in text and "前回の会議で決めた次の取組" in text


# --------------------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_browser_agenda_offline_hostile_names_as_text_and_printable(tmp_path, make_folder, open_page):
    rows = agencies(("edu", HOSTILE, "教育", "6", "15", "", "false", "false"),
                    ("youth", '"><script>alert(2)</script>', "若者", "16", "", "both", "false", "false"))
    folder = make_folder(tmp_path, agencies=rows, meetings="id,round,date,next_steps\nm1,1,2025-04-01,"
                                                           f"\"{HOSTILE}\"\n",
                         attendance=[("m1", "edu"), ("m1", "youth")])
    out = tmp_path / "report"
    assert run("report", folder, "-o", out).exit_code == 0
    opened = open_page(out / "agenda.html", wait_for=None, viewport=(794, 1123))
    page = opened.page
    assert page.locator("img").count() == 0 and page.locator("script").count() == 0
    names = page.locator("#agenda-handovers .name").all_inner_texts()
    assert HOSTILE in names and '"><script>alert(2)</script>' in names
    assert HOSTILE in page.locator("#agenda-next-steps").inner_text()
    # printable on A4: nothing wider than the page
    assert opened.evaluate("document.documentElement.scrollWidth") <= 794
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    opened.assert_clean()


def test_an_agency_with_blank_ages_reads_as_serving_every_age():
    from hikinet_graph.model import Agency
    from hikinet_graph.render.agenda import describe

    desk = Agency(id="desk", name="総合相談窓口", sector="福祉", age_min=0, age_max=None, style="both", core=False)
    assert describe(desk, "ja") == "福祉、年齢を問わない、両方"
    assert "0歳" not in describe(desk, "ja")
    school = Agency(id="school", name="教育相談室", sector="教育", age_min=6, age_max=15, style="", core=False)
    assert describe(school, "ja").startswith("教育、6〜15歳")
