"""Issue 15 §3: the meeting log (目的・成果・次の取組), its privacy check, --public, and the report's timeline."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import hrefs, problem_lines, run, save_book

from hikinet_graph.read.load import load_network

ROOT = Path(__file__).resolve().parent.parent
SECRET = "会議の記録の文章"

AGENCIES = [("a", "相談窓口", "福祉", "", "", "both"), ("b", "学校", "教育", "6", "15", "problem_solving"),
            ("c", "サポステ", "若者", "16", "", "accompaniment")]
ATTENDANCE = [("m1", "a"), ("m1", "b"), ("m2", "a"), ("m2", "b"), ("m2", "c")]


def log_folder(tmp_path, make_folder, header="id,round,date,kind,title,purpose,outcome,next_steps", name="net"):
    meetings = (f"{header}\n"
                f"m1,1,2025-04-01,working_group,第一回WG,{SECRET}:目的1,{SECRET}:成果1,{SECRET}:次1\n"
                f"m2,2,2025-06-01,network_meeting,第一回ネットワーク会議,{SECRET}:目的2,{SECRET}:成果2,{SECRET}:次2\n")
    return make_folder(tmp_path, agencies=AGENCIES, meetings=meetings, attendance=ATTENDANCE,
                       referrals=[("b", "c", "2025-05-01", 1)], name=name)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}"')
    return html[start:html.index("</section>", start)]


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("header", ["id,round,date,kind,title,purpose,outcome,next_steps",
                                    "会議ID,回,開催日,種別,会議名,目的,成果,次の取組",
                                    "会議ID,回,開催日,種別,会議名,ねらい,結果,今後の取り組み"])
def test_log_columns_are_read_in_either_language(tmp_path, make_folder, header):
    network = load_network(log_folder(tmp_path, make_folder, header))
    first = network.meetings[0]
    assert (first.purpose, first.outcome, first.next_steps) == (f"{SECRET}:目的1", f"{SECRET}:成果1", f"{SECRET}:次1")
    assert network.warnings == []


def test_log_columns_are_optional(tmp_path, make_folder):
    network = load_network(make_folder(tmp_path, agencies=AGENCIES, meetings=[("m1", 1, "2025-04-01")]))
    assert (network.meetings[0].purpose, network.meetings[0].outcome, network.meetings[0].next_steps) == ("", "", "")


def test_log_columns_in_the_meetings_sheet(tmp_path):
    book = save_book(tmp_path / "book.xlsx", {
        "機関": [["機関ID", "機関名"], ["a", "A"]],
        "会議": [["会議ID", "回", "開催日", "目的", "成果", "次の取組"], ["m1", 1, "2025-04-01", "顔合わせ", "つながった", "調査"]],
    })
    meeting = load_network(book).meetings[0]
    assert (meeting.purpose, meeting.outcome, meeting.next_steps) == ("顔合わせ", "つながった", "調査")


@pytest.mark.parametrize("header", ["担当者氏名", "参加者の名前", "name", "電話"])
def test_personal_data_column_in_meetings_is_refused(tmp_path, make_folder, header):
    meetings = f"id,round,date,{header}\nm1,1,2025-04-01,x\n"
    result = run("validate", make_folder(tmp_path, agencies=AGENCIES, meetings=meetings))
    assert result.exit_code == 1
    assert ("meetings.csv", 1) in [(file, line) for file, line, _ in problem_lines(result.output)]
    assert f"列「{header}」は個人の情報のようです" in result.output and "looks like personal data" in result.output
    assert "Traceback" not in result.output


def test_personal_data_column_in_the_meetings_sheet_names_the_sheet(tmp_path):
    book = save_book(tmp_path / "book.xlsx", {
        "機関": [["機関ID"], ["a"]],
        "会議": [["会議ID", "回", "開催日", "記録者氏名"], ["m1", 1, "2025-04-01", "x"]],
    })
    result = run("validate", book)
    assert result.exit_code == 1
    assert "book.xlsx[会議]:1:" in result.output and "記録者氏名" in result.output


def test_the_rounds_own_name_column_is_not_personal_data(tmp_path, make_folder):
    meetings = "会議ID,回,開催日,回の名前\nm1,1,2025-04-01,第一回\n"
    result = run("validate", make_folder(tmp_path, agencies=AGENCIES, meetings=meetings))
    assert result.exit_code == 0, result.output


def test_the_template_offers_the_log_columns(tmp_path):
    assert run("init", tmp_path / "t").exit_code == 0
    header = (tmp_path / "t" / "meetings.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[-3:] == ["目的", "成果", "次の取組"]
    assert run("validate", tmp_path / "t").exit_code == 0


# --------------------------------------------------------------------------- the timeline


def test_timeline_puts_each_rounds_log_beside_its_figures(tmp_path, make_folder):
    out = tmp_path / "report"
    assert run("report", log_folder(tmp_path, make_folder), "-o", out).exit_code == 0
    timeline = section((out / "index.html").read_text(encoding="utf-8"), "timeline")
    rows = timeline.split("<tbody>")[1:]
    assert len(rows) == 2
    assert "目的1" in rows[0] and "成果1" in rows[0] and "次1" in rows[0] and "目的2" not in rows[0]
    assert "目的2" in rows[1] and "成果2" in rows[1] and "次2" in rows[1]
    # round 1: no working tie, b's gap at 16; round 2: b refers to c, one tie (+1), the gap closed (-1)
    assert re.search(r"紹介・協働の組: <b>0</b>", rows[0]) and re.search(r"紹介・協働の組: <b>1</b> <span class=\"pos\">\(\+1\)", rows[1])
    assert re.search(r"境目のすき間: <b>0</b> <span class=\"pos\">\(-1\)", rows[1])
    assert "agenda.html" in hrefs(out / "index.html")


def test_public_report_leaves_the_log_out_everywhere(tmp_path, make_folder):
    out = tmp_path / "public"
    assert run("report", log_folder(tmp_path, make_folder), "-o", out, "--public").exit_code == 0
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(encoding="utf-8", errors="replace"), path
    assert "第一回ネットワーク会議" in page_text(out / "index.html")
    assert "公開用の版には会議の記録" in page_text(out / "agenda.html")
    internal = tmp_path / "internal"
    assert run("report", log_folder(tmp_path, make_folder, name="again"), "-o", internal).exit_code == 0
    assert f"{SECRET}:次2" in page_text(internal / "agenda.html")


def test_public_agenda_command_leaves_the_log_out(tmp_path, make_folder):
    out = tmp_path / "agenda.html"
    assert run("agenda", log_folder(tmp_path, make_folder), "-o", out, "--public").exit_code == 0
    assert SECRET not in out.read_text(encoding="utf-8")


def test_timeline_without_log_says_where_to_write_it(tmp_path, make_folder):
    path = make_folder(tmp_path, agencies=AGENCIES, meetings=[("m1", 1, "2025-04-01", "", "顔合わせ")],
                       attendance=[("m1", "a")])
    out = tmp_path / "report"
    assert run("report", path, "-o", out).exit_code == 0
    assert "会議の記録 (目的・成果・次の取組) を会議の表に書くと" in page_text(out / "index.html")


@pytest.mark.parametrize("city", ["city_a", "city_b"])
def test_example_cities_have_their_logs(city):
    network = load_network(ROOT / "data" / city)
    assert all(m.purpose for m in network.meetings)
    assert sum(bool(m.outcome) for m in network.meetings) >= 4
    assert network.meetings[-1].next_steps
