"""The report agrees with itself: summary sentences = the tables under them, and one value per figure and round.

The sentences and tables are read back from index.html as a reader sees them;
the sentence's numbers are found through its own i18n template, so the test
follows the words wherever they change.
"""

from __future__ import annotations

import csv
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run
from hikinet_graph.core import figures
from hikinet_graph.i18n import t

DATA = Path(__file__).resolve().parent.parent / "data"


class _Index(HTMLParser):
    """index.html's summary sentences, and each heading of the change section with the size of the list under it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.section: str | None = None
        self.sentences: list[str] = []
        self.headings: list[list] = []  # [title, items under it]
        self._text: list[str] | None = None
        self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.section = dict(attrs).get("id")
        elif tag in ("p", "h3") and self.section in ("summary", "change"):
            self._text = []
        elif tag == "tbody":
            self._in_tbody = True
        elif self.section == "change" and self.headings and (tag == "li" or (tag == "tr" and self._in_tbody)):
            self.headings[-1][1] += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_tbody = False
        elif tag in ("p", "h3") and self._text is not None:
            text = "".join(self._text).strip()
            if tag == "p" and self.section == "summary":
                self.sentences.append(text)
            elif tag == "h3" and self.section == "change":
                self.headings.append([text, 0])
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def _index(report: Path) -> _Index:
    parser = _Index()
    parser.feed((report / "index.html").read_text(encoding="utf-8"))
    return parser


def _numbers(template_key: str, sentences: list[str], lang: str) -> dict[str, int]:
    """The numbers in the summary sentence written from ``template_key``, by placeholder."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>\\d+)", re.escape(t(template_key, lang)))
    found = [m for m in (re.fullmatch(pattern, s) for s in sentences) if m]
    assert len(found) == 1, (template_key, sentences)
    return {k: int(v) for k, v in found[0].groupdict().items()}


def _listed(index: _Index, heading_key: str, lang: str) -> int:
    """How many entries the change section lists under a heading ("Gaps closed (4)"); 0 when it is left out."""
    title = t(heading_key, lang)
    matches = [(text, items) for text, items in index.headings if re.fullmatch(rf"{re.escape(title)} \((\d+)\)", text)]
    if not matches:
        return 0
    (text, items), = matches
    assert int(re.search(r"\((\d+)\)$", text)[1]) == items, (text, items)
    return items


def _report(folder: Path, out: Path, lang: str, *extra: str) -> Path:
    result = run("report", folder, "-o", out, "--lang", lang, *extra)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def handmade(tmp_path, make_folder):
    """Three schools leave their support at 15: one refers a client on (its gap closes), one only meets
    agencies serving 16 (handover → weak handover: changed kind, still open), one stays apart (the gap
    stays); the youth service, leaving at 39, also only meets one (changed kind)."""
    return make_folder(
        tmp_path,
        agencies=[
            ("school_a", "A中学校", "教育", 12, 15, "problem_solving", "false"),
            ("school_b", "B中学校", "教育", 12, 15, "problem_solving", "false"),
            ("school_c", "C中学校", "教育", 12, 15, "problem_solving", "false"),
            ("youth", "若者サポート", "若者", 16, 39, "accompaniment", "true"),
            ("shakyo", "社協", "福祉", 6, "", "both", "true"),
            ("clinic", "クリニック", "医療", 16, "", "problem_solving", "false"),
        ],
        meetings=[("m0", 0, "2025-04-01", "preparatory", "準備会"),
                  ("m1", 1, "2025-09-01", "network_meeting", "第1回")],
        attendance=[("m0", "shakyo"), ("m0", "clinic"),
                    ("m1", "school_b"), ("m1", "youth"), ("m1", "shakyo")],
        referrals=[("school_a", "youth", "2025-06-01", 2)],
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("source", ["city_a", "city_b", "handmade"])
def test_summary_sentences_count_the_tables_under_them(source, lang, request, tmp_path):
    folder = request.getfixturevalue("handmade") if source == "handmade" else DATA / source
    report = _report(folder, tmp_path / "report", lang)
    index = _index(report)
    gaps = _numbers("sentence_gaps", index.sentences, lang)
    isolated = _numbers("sentence_isolated", index.sentences, lang)
    assert gaps["closed"] == _listed(index, "gaps_closed", lang)
    assert gaps["changed"] == _listed(index, "gaps_changed", lang)
    assert gaps["opened"] == _listed(index, "gaps_opened", lang)
    assert isolated["left"] == _listed(index, "diff_resolved", lang)
    assert isolated["new"] == _listed(index, "diff_new_isolated", lang)
    # a gap whose kind changed is still open: the counts add up
    assert gaps["after"] == gaps["before"] - gaps["closed"] + gaps["opened"]
    assert isolated["after"] == isolated["before"] - isolated["left"] + isolated["new"]
    rows = list(csv.DictReader((report / "metrics.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert (gaps["before"], gaps["after"]) == (int(rows[0]["gaps"]), int(rows[-1]["gaps"]))
    if source == "handmade":
        assert (gaps["closed"], gaps["changed"], gaps["opened"]) == (1, 2, 0)
        assert isolated["left"] == 3  # school_a, school_b and youth found partners; school_c did not


def test_city_b_no_longer_counts_a_changed_gap_as_closed_and_opened(tmp_path):
    index = _index(_report(DATA / "city_b", tmp_path / "report", "ja"))
    gaps = _numbers("sentence_gaps", index.sentences, "ja")
    assert (gaps["closed"], gaps["changed"], gaps["opened"]) == (4, 1, 0)


def _chips(page: Path) -> dict[str, str]:
    """A map page's header chips: label → value."""
    text = page.read_text(encoding="utf-8")
    chips = re.search(r'<ul class="figures">(.*?)</ul>', text, re.S)[1]
    pairs = re.findall(r"<li>(.*?)<b>(.*?)</b></li>", chips)
    return {html.unescape(label): html.unescape(value) for label, value in pairs}


def _round_table(report: Path) -> list[list[str]]:
    """The cells of the index's round table under the figures' columns, one list per round."""
    text = (report / "index.html").read_text(encoding="utf-8")
    body = re.search(r'<table class="rounds">.*?<tbody>(.*?)</tbody>', text, re.S)[1]
    return [re.findall(r'<td class="num">(.*?)</td>', row) for row in re.findall(r"<tr.*?</tr>", body, re.S)]


@pytest.mark.parametrize("extra", [(), ("--public",)])
def test_one_value_per_figure_and_round_in_every_output(extra, tmp_path):
    report = _report(DATA / "city_a", tmp_path / "report", "ja", *extra)
    metrics = list(csv.DictReader((report / "metrics.csv").read_text(encoding="utf-8-sig").splitlines()))
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    table = _round_table(report)
    assert len(metrics) == len(table) == len(summary["rounds"])
    for row, cells, analysis in zip(metrics, table, summary["rounds"]):
        assert int(row["gaps"]) == sum(len(g["agencies"]) for g in analysis["gaps"])  # (boundary, agency) pairs
        for key, cell in zip(figures.ROUND_TABLE_FIGURES, cells):
            if figures.FIGURES[key].kind == "count":
                assert cell == row[key], key
            else:
                assert float(cell) == pytest.approx(float(row[key]), abs=0.005), key
        for view in ("network", "ages", "areas"):
            chips = _chips(report / f"maps/round-{row['round']}-{view}.html")
            assert list(chips) == [figures.label(key, "ja") for key in figures.CHIP_FIGURES]
            for key in figures.CHIP_FIGURES:
                assert chips[figures.label(key, "ja")] == row[key], (view, key)
