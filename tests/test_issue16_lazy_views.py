"""Issue 16, phase 4: a state's agency-level map data are worked out only for the states that draw them."""

from __future__ import annotations

import hikinet_graph.render.round_view as round_view_module
from hikinet_graph.core.snapshot import take_snapshot
from hikinet_graph.examples import tiny_network
from hikinet_graph.render.round_view import round_view
from hikinet_graph.render.tooltips import agency_tooltips


def test_tooltips_are_worked_out_once_when_first_asked_for(monkeypatch):
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return agency_tooltips(*args, **kwargs)

    monkeypatch.setattr(round_view_module, "agency_tooltips", counting)
    view = round_view(take_snapshot(tiny_network(), 1))
    assert calls == []  # the area view of an earlier round never asks
    first = view.tooltips
    assert view.tooltips is first and calls == [1]
    assert first == agency_tooltips(view.network, view.rows, "ja", None)


def test_rows_mark_cut_agencies_of_the_working_layer():
    view = round_view(take_snapshot(tiny_network(), None))
    cut = set(view.analysis.layers["working"].cut_agencies)
    assert {i for i, row in view.rows.items() if row["cut"]} == cut
    assert set(view.rows) == {a.id for a in view.network.agencies}
