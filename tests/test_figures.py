"""Issue 11: one value per figure. Every output that shows a headline figure shows the value of the figures table.

For each round of both example cities, the CLI table, metrics.csv, the report's round table,
the map header chips, compare's JSON and the export's round sheet are read back from what
was written, and each figure is checked against ``figures.value`` of that round's analysis.
"""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run
from hikinet_graph import analyze, load_network, take_snapshot
from hikinet_graph.core import figures
from hikinet_graph.core.figures import (CHIP_FIGURES, COMPARED_FIGURES, FIGURES, METRIC_FIGURES,
                                        ROUND_TABLE_FIGURES, TABLE_FIGURES, label, short_label, text, value)

DATA = Path(__file__).resolve().parent.parent / "data"
CITIES = ["city_a", "city_b"]


@pytest.fixture(scope="module", params=CITIES)
def city(request, tmp_path_factory):
    """The city's folder, the analysis of every round, and its report written once."""
    folder = DATA / request.param
    network = load_network(folder)
    results = {r: analyze(take_snapshot(network, r)) for r in network.rounds}
    out = tmp_path_factory.mktemp(request.param) / "report"
    result = run("report", folder, "-o", out)
    assert result.exit_code == 0, result.output
    return folder, network, results, out


def number(key: str, shown: str):
    """A figure as written back into a Python value of the figure's kind."""
    if FIGURES[key].kind == "count":
        return int(shown)
    return float(shown)


def same(key: str, shown, expected) -> bool:
    if expected is None:
        return shown in ("", None)
    if isinstance(expected, float):
        return abs(float(shown) - expected) < 5e-3
    return number(key, shown) == expected


def test_every_figure_is_declared_once_with_a_label_in_both_languages():
    for key in FIGURES:
        assert label(key, "ja") and label(key, "en") and label(key, "ja") != label(key, "en") or key == "ei_index"
    for keys in (METRIC_FIGURES, COMPARED_FIGURES, CHIP_FIGURES, TABLE_FIGURES, ROUND_TABLE_FIGURES,
                 figures.LINK_CHART_FIGURES, figures.PROBLEM_CHART_FIGURES):
        assert set(keys) <= set(FIGURES)


def test_cli_table_shows_the_figures_of_the_table(city):
    folder, network, results, _ = city
    for round_, result in results.items():
        head = run("analyze", folder, "--round", round_).output.splitlines()[1]
        for key in TABLE_FIGURES:
            match = re.search(re.escape(label(key, "ja")) + r" (\S+)", head)
            assert match, (key, head)
            assert match.group(1) == text(key, value(key, result)), (round_, key)


def test_metrics_csv_shows_the_figures(city):
    _, _, results, out = city
    with open(out / "metrics.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["round"]) for r in rows] == list(results)
    for row, result in zip(rows, results.values()):
        for key in METRIC_FIGURES:
            assert same(key, row[key], value(key, result)), (row["round"], key)


def test_compare_shows_the_figures(city):
    folder, _, results, _ = city
    first, last = min(results), max(results)
    data = json.loads(run("compare", f"{folder}@{first}", f"{folder}@{last}", "--format", "json").output)
    assert list(data["metrics"]) == list(COMPARED_FIGURES)
    for key in COMPARED_FIGURES:
        entry = data["metrics"][key]
        assert entry["before"] == pytest.approx(value(key, results[first]))
        assert entry["after"] == pytest.approx(value(key, results[last]))


def test_export_shows_the_figures(city, tmp_path):
    folder, _, results, _ = city
    out = tmp_path / "x.xlsx"
    assert run("export", folder, "-o", out, "--lang", "en").exit_code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out)["rounds"]
    header = [c.value for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2, values_only=True):
        row = dict(zip(header, cells))
        result = results[row["round"]]
        for key in METRIC_FIGURES:
            expected = value(key, result)
            assert row[key] == pytest.approx(expected, abs=5e-5) if expected is not None else row[key] is None, key


class _Table(HTMLParser):
    """Every table of a page as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_report_round_table_shows_the_figures(city):
    _, _, results, out = city
    parser = _Table()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    headers = [short_label(key, "ja") for key in ROUND_TABLE_FIGURES]
    table = next(t for t in parser.tables if t and all(h in t[0] for h in headers))
    columns = {key: table[0].index(short_label(key, "ja")) for key in ROUND_TABLE_FIGURES}
    body = [row for row in table[1:] if row]
    assert len(body) == len(results)
    for row, result in zip(body, results.values()):
        for key, column in columns.items():
            assert row[column] == text(key, value(key, result)), (result.round, key)


def test_map_header_shows_the_figures(city):
    _, _, results, out = city
    for round_, result in results.items():
        page = (out / "maps" / f"round-{round_}-network.html").read_text(encoding="utf-8")
        for key in CHIP_FIGURES:
            chip = re.search(">" + re.escape(label(key, "ja")) + r"\s*(?:<[^>]+>\s*)*([^<\s]+)\s*<", page)
            assert chip, (round_, key)
            assert chip.group(1) == text(key, value(key, result)), (round_, key)
