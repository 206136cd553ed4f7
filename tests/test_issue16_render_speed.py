"""Speed (issue 16), render side: the faster spacing, change map, area view, picture and CSV give the same results.

Each faster way is checked against the plain way it replaced (kept here as the definition):
boxes apart to the last bit of every position, the change map's lines, and the CSV text.
No timing is asserted: bench/run.py measures.
"""

from __future__ import annotations

import numpy as np
import pytest

from hikinet_graph.cli import compare_specs
from hikinet_graph.core.layers import layer_masks
from hikinet_graph.i18n import t
from hikinet_graph.render import spacing
from hikinet_graph.render.spacing import GAP_PX, _all_pairs_overlapping, _compact, _screen_shaped, boxes_apart
from hikinet_graph.render.style import ADDED_COLOUR, REMOVED_COLOUR, RESOLVED_COLOUR, UNCHANGED_COLOUR, steady
from hikinet_graph.render.views import change
from hikinet_graph.write.cells import csv_columns_text, csv_text, safe_column


def plain_boxes_apart(xy: np.ndarray, boxes: np.ndarray, rounds: int = 2000) -> np.ndarray:
    """boxes_apart as it was: every pair tested in every round, the pushes added with ``np.add.at``."""
    xy = _compact(np.asarray(xy, dtype=np.float64), boxes)
    half, above, below = boxes[:, 0], boxes[:, 1], boxes[:, 2]
    for step in range(rounds):
        pairs = _all_pairs_overlapping(xy, boxes, GAP_PX)
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        dx, dy = xy[j, 0] - xy[i, 0], xy[j, 1] - xy[i, 1]
        sign_x = np.where(dx > 0, 1.0, np.where(dx < 0, -1.0, 1.0))
        sign_y = np.where(dy > 0, 1.0, np.where(dy < 0, -1.0, 1.0))
        need_x = half[i] + half[j] + GAP_PX - np.abs(dx)
        need_y = np.where(sign_y > 0, below[i] + above[j], below[j] + above[i]) + GAP_PX - np.abs(dy)
        along_x = need_x <= need_y
        push = np.zeros_like(xy)
        moves = np.where(along_x, need_x, need_y) / 2 + 0.5
        for column, mask, sign in ((0, along_x, sign_x), (1, ~along_x, sign_y)):
            np.add.at(push[:, column], j[mask], moves[mask] * sign[mask])
            np.add.at(push[:, column], i[mask], -moves[mask] * sign[mask])
        xy += push
        if step % 100 == 99:
            xy *= 1.05
    return _screen_shaped(xy - xy.mean(axis=0), boxes)


def layouts(count: int, seed: int = 16):
    """Random layouts and boxes: crowded, spread, on a grid (ties along both axes), some agencies on one spot."""
    rng = np.random.default_rng(seed)
    for k in range(count):
        n = int(rng.integers(2, 90))
        xy = rng.normal(size=(n, 2)) * rng.choice([0.01, 1.0, 300.0])
        if k % 3 == 0:
            xy = np.round(xy, 1)
        if k % 5 == 0:
            xy[: n // 2] = xy[0]
        boxes = np.column_stack([rng.uniform(14, 90, n), rng.uniform(14, 30, n), rng.uniform(20, 80, n)])
        yield xy, np.round(boxes) if k % 2 else boxes


@pytest.mark.parametrize("gap", [0.0, GAP_PX])
def test_overlapping_pairs_are_those_of_the_all_pairs_test_in_its_order(gap):
    for xy, boxes in layouts(60):
        xy = _compact(xy, boxes)
        expected = _all_pairs_overlapping(xy, boxes, gap)
        assert np.array_equal(spacing.overlapping_pairs(xy, boxes, gap), expected)


def test_a_position_that_is_not_a_number_overlaps_as_in_the_all_pairs_test():
    xy, boxes = np.array([[0.0, 0.0], [np.nan, 1.0], [500.0, 0.0]]), np.full((3, 3), 10.0)
    assert spacing.overlapping_pairs(xy, boxes).tolist() == _all_pairs_overlapping(xy, boxes).tolist()


@pytest.mark.parametrize("margin", [1e-9, 3.0, spacing.MARGIN_PX, 5000.0])
def test_boxes_apart_gives_the_plain_positions_to_the_last_bit(monkeypatch, margin):
    # the neighbour lists' margin only changes how often they are made, never a position
    monkeypatch.setattr(spacing, "MARGIN_PX", margin)
    for xy, boxes in layouts(25, seed=int(margin * 7) % 1000):
        assert boxes_apart(xy, boxes, rounds=400).tobytes() == plain_boxes_apart(xy, boxes, rounds=400).tobytes()


def test_boxes_apart_of_one_agency():
    assert boxes_apart(np.array([[3.0, 4.0]]), np.array([[10.0, 5.0, 5.0]])).tolist() == [[0.0, 0.0]]


def plain_change_edges(comparison, lang: str, budget: int) -> list[dict]:
    """The change map's lines as they were made: sets of id pairs, every line made, then sorted and cut."""
    def working(snapshot):
        links = snapshot.links[layer_masks(snapshot.links)["working"]]
        ids = snapshot.network.ids
        return {tuple(sorted((ids[a], ids[b]))) for a, b in zip(links["a"].tolist(), links["b"].tolist())}

    def kind_of(pair, before, after):
        return "unchanged" if pair in before and pair in after else "added" if pair in after else "removed"

    looks = {"added": (ADDED_COLOUR, 6, "#a9dca9", 1), "removed": (REMOVED_COLOUR, 4, "#f0a0a0", 1),
             "unchanged": ("#8f8f8f", 2, UNCHANGED_COLOUR, 1)}
    work_before, work_after = working(comparison.before.snapshot), working(comparison.after.snapshot)
    met_before, met_after = comparison.before.pairs, comparison.after.pairs
    edges = []
    for a, b in sorted(met_before | met_after | work_before | work_after):
        if (a, b) in work_before | work_after:
            kind = kind_of((a, b), work_before, work_after)
            colour, width = looks[kind][:2]
            edge = {"kind": kind, "layer": "working", "dashes": [6, 5] if kind == "removed" else False,
                    "title": t({"added": "diff_new_working", "removed": "diff_lost_working",
                                "unchanged": "diff_same_working"}[kind], lang)}
        elif kind_of((a, b), met_before, met_after) == "added":
            colour, width = RESOLVED_COLOUR, 1.5
            edge = {"kind": "met_added", "layer": "met_new", "dashes": [2, 5], "hidden": True,
                    "title": t("diff_new_met", lang)}
        else:
            kind = kind_of((a, b), met_before, met_after)
            colour, width = looks[kind][2:]
            edge = {"kind": kind, "layer": "met", "hidden": True, "dashes": [6, 5] if kind == "removed" else False,
                    "title": t(f"diff_{kind}", lang) + f" ({t('ei_met', lang)})"}
        edges.append({"id": f"{edge['kind']}:{a}:{b}", "from": a, "to": b, "color": steady(colour), "width": width,
                      **{"hidden": False, **edge}})
    if len(edges) > budget:
        edges = sorted(edges, key=lambda e: (e["layer"] != "working", e["layer"] == "met",
                                             e["kind"] == "unchanged"))[:budget]
    return edges


@pytest.mark.parametrize("before, after", [("data/city_a@0", "data/city_a@2"), ("data/city_b@1", "data/city_b@3"),
                                           ("data/city_b@3", "data/city_b@1"), ("data/city_a", "data/city_b")])
@pytest.mark.parametrize("budget", [6000, 10, 1])
def test_change_lines_are_the_plain_ones(monkeypatch, before, after, budget):
    monkeypatch.setattr(change, "EDGE_BUDGET", budget)
    comparison = compare_specs(before, after)
    for lang in ("ja", "en"):
        made = change._change_edges(comparison, lang)
        assert repr(made) == repr(plain_change_edges(comparison, lang, budget))


def test_csv_by_columns_is_the_csv_by_rows():
    columns = [[1, 2, 3, 4], ["a", "=b", "", "-1"], [None, "x", 2.5, "@y"], [True, False, 0.0, None],
               ["\tz", "\rw", "c", "d"], [2.5, 1e-7, float("inf"), -0.0]]
    rows = [list(row) for row in zip(*columns)]
    header = ["n", "text", "mixed", "flags", "blank", "floats"]
    assert csv_columns_text(header, columns) == csv_text(header, rows)
    assert csv_columns_text(header, columns, bom=True, line_end="\r\n") == csv_text(header, rows, True, "\r\n")
    assert csv_columns_text(header, [[] for _ in header]) == csv_text(header, [])


def test_a_column_is_only_copied_when_a_cell_changes():
    numbers, words = [1, 2.5, 3], ["a", "b"]
    assert safe_column(numbers) is numbers and safe_column(words) is words
    assert safe_column(["a", "+1"]) == ["a", "'+1"]
