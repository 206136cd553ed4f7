"""Issue 16, phase 4: work done once, and only where it is used (lazy map data; layers with the same links)."""

from __future__ import annotations

import pytest

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


def test_layers_with_the_same_links_share_one_betweenness_run(monkeypatch):
    """A sharing layer no wider than the working one (no level-2-only relation yet) is the same graph: its
    betweenness is computed once, and every layer's figures are those computed one by one."""
    import numpy as np
    import pandas as pd

    from hikinet_graph.core import layers
    from hikinet_graph.core.structure import betweenness, link_graph
    from hikinet_graph.model import Agency

    agencies = [Agency(id=f"a{k}", name=f"機関{k}", sector="若者", age_min=0, age_max=None, style="", core=False)
                for k in range(6)]
    links = pd.DataFrame({"a": [0, 1, 2, 3, 0], "b": [1, 2, 3, 4, 5], "meetings": [1, 0, 0, 0, 2],
                          "ref_ab": [1, 1, 0, 0, 0], "ref_ba": [0, 0, 0, 0, 0], "level": [0, 0, 3, 3, 0]})
    links["referral_link"] = True
    runs = []
    monkeypatch.setattr(layers, "betweenness", lambda graph, n: runs.append(graph.ecount()) or betweenness(graph, n))
    result = layers.relationship_layers(agencies, links)
    assert sorted(runs) == [4, 5]  # acquainted (5 links), then sharing = working (4 links) once
    for name in ("sharing", "working"):
        mask = layers.layer_masks(links)[name]
        alone, _ = betweenness(link_graph(6, links["a"][mask].to_numpy(), links["b"][mask].to_numpy()), 6)
        assert np.array_equal(result[name].betweenness, alone)
    assert result["sharing"].links == result["working"].links == 4


def test_data_files_encoded_by_the_states_keep_a_text_files_line_ends(tmp_path, monkeypatch):
    """Each state's share of the data files is encoded where it is analysed; the files are those bytes as
    a text file has them here: with Windows' CRLF line ends, agencies-by-round.csv gets CRLF, as
    Path.write_text gives it there; summary.json has no line end to change."""
    import os
    from pathlib import Path

    from conftest import run

    city = Path(__file__).resolve().parents[1] / "data" / "city_b"
    assert run("report", city, "-o", tmp_path / "lf").exit_code == 0
    monkeypatch.setattr(os, "linesep", "\r\n")
    assert run("report", city, "-o", tmp_path / "crlf").exit_code == 0
    lf = (tmp_path / "lf" / "agencies-by-round.csv").read_bytes()
    crlf = (tmp_path / "crlf" / "agencies-by-round.csv").read_bytes()
    assert lf.startswith(b"\xef\xbb\xbf") and lf.count(b"\n") > 10 and b"\r" not in lf
    assert crlf == lf.replace(b"\n", b"\r\n")
    assert lf.decode("utf-8-sig").splitlines()[0].startswith("round,id,name")
    summary = (tmp_path / "lf" / "summary.json").read_bytes()
    assert (tmp_path / "crlf" / "summary.json").read_bytes() == summary and b"\n" not in summary


def test_the_manifest_takes_digests_hashed_ahead_only_for_unchanged_files(tmp_path):
    import hashlib
    import json

    from hikinet_graph.write.folder import MANIFEST, file_digests, staged_folder

    known: dict = {}
    with staged_folder(tmp_path / "out", known=known) as staging:
        for name in ("kept.html", "changed.html"):
            (staging / name).write_text(f"<p>{name}</p>", encoding="utf-8")
        known.update(file_digests(staging, ["kept.html", "changed.html"]))
        stamp, _ = known["kept.html"]
        known["kept.html"] = (stamp, "0" * 64)  # hashed ahead: taken as it is while the file is unchanged
        (staging / "changed.html").write_text("<p>written again after hashing</p>", encoding="utf-8")
    files = json.loads((tmp_path / "out" / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert files["kept.html"] == "0" * 64
    again = hashlib.sha256((tmp_path / "out" / "changed.html").read_bytes()).hexdigest()
    assert files["changed.html"] == again  # changed since: hashed at the end


def _former_new_cross_by_pair(network, first, last, names):
    """The index's new cross-sector referral links as computed before issue 16 phase 4 (the oracle)."""
    from hikinet_graph.core.snapshot import link_table

    def referral_pairs(snapshot):
        links = link_table(snapshot)
        links = links[links["referral_link"]]
        ids = snapshot.network.ids
        return {tuple(sorted((ids[a], ids[b]))) for a, b in zip(links["a"].tolist(), links["b"].tolist())}

    sector = {a.id: a.sector for a in network.agencies}
    groups = {}
    for a, b in sorted(referral_pairs(last) - referral_pairs(first)):
        if sector[a] and sector[b] and sector[a] != sector[b]:
            groups.setdefault(tuple(sorted((sector[a], sector[b]))), []).append((a, b))
    return [{"sectors": list(pair), "count": len(links), "examples": [f"{names[a]} – {names[b]}" for a, b in links[:3]]}
            for pair, links in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_new_cross_sector_links_on_arrays_equal_the_former_sets(tmp_path, seed):
    """Seeded generated folders whose agencies' ids sort differently from their order in agencies.csv
    (ids of different lengths), some sectors blank, several sector pairs tied on their counts."""
    import sys
    from pathlib import Path

    import numpy as np
    import pandas as pd

    from hikinet_graph.core.snapshot import round_snapshots
    from hikinet_graph.read.load import load_network
    from hikinet_graph.render.index import new_cross_by_pair

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from generate import generate

    folder = generate(tmp_path / "f", agencies=120, areas=4, referrals=900, meetings=6, rounds=3, attendance=150,
                      seed=seed)
    rng = np.random.default_rng(seed)
    agencies = pd.read_csv(folder / "agencies.csv", dtype=str, keep_default_na=False)
    rename = {old: f"z{k}" if rng.random() < 0.5 else f"{k:05d}" for k, old in enumerate(agencies["id"])}
    agencies["id"] = agencies["id"].map(rename)
    agencies.loc[rng.random(len(agencies)) < 0.15, "sector"] = ""
    agencies.to_csv(folder / "agencies.csv", index=False)
    for name, columns in (("attendance", ["agency_id"]), ("referrals", ["from", "to"]), ("relations", ["from", "to"])):
        table = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        for column in columns:
            table[column] = table[column].map(rename)
        table.to_csv(folder / f"{name}.csv", index=False)
    network = load_network(str(folder))
    names = {a.id: a.label for a in network.agencies}
    states = round_snapshots(network, with_all=True)
    for first in states:
        for last in states:
            assert new_cross_by_pair(network, first, last, names) == _former_new_cross_by_pair(network, first, last,
                                                                                                  names)
    assert _former_new_cross_by_pair(network, states[0], states[-1], names)  # the folders have new cross links


@pytest.mark.parametrize("seed", [11, 12])
def test_one_snapshots_link_table_on_arrays_equals_the_grouped_one(tmp_path, seed):
    """take_snapshot's link table (hashing the pair keys) against the former pandas grouping, on generated
    folders with repeated attendance rows, referrals both ways and undated rows."""
    import sys
    from pathlib import Path

    import pandas as pd

    from hikinet_graph.core.snapshot import _finish, _links_of, _pair_rows, take_snapshot
    from hikinet_graph.read.load import load_network

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from generate import generate

    folder = generate(tmp_path / "f", agencies=300, areas=5, referrals=4000, meetings=12, rounds=3, attendance=400,
                      seed=seed)
    attendance = pd.read_csv(folder / "attendance.csv", dtype=str, keep_default_na=False)
    pd.concat([attendance, attendance.iloc[::7]]).to_csv(folder / "attendance.csv", index=False)  # twice listed
    network = load_network(str(folder))
    for round_ in [None, *network.rounds]:
        snapshot = take_snapshot(network, round_)
        grouped = _finish(_pair_rows(snapshot.attendance, snapshot.referrals, snapshot.relations))
        pd.testing.assert_frame_equal(snapshot.links, grouped, check_dtype=True)
        assert len(grouped) > 100 and grouped["meetings"].max() > 1
    empty = network.referrals.iloc[:0]
    pd.testing.assert_frame_equal(_links_of(network.attendance.iloc[:0], empty, network.relations.iloc[:0], 300),
                                  _finish(_pair_rows(network.attendance.iloc[:0], empty, network.relations.iloc[:0])))
