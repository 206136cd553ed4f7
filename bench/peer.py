"""The peer: the script a competent analyst would write for the same answers as ``hikinet analyze``.

    python bench/peer.py FOLDER            # one line per relationship layer
    python bench/peer.py FOLDER --json     # every answer as JSON
    python bench/peer.py FOLDER --check    # compare with `hikinet analyze FOLDER --format json`; exit 1 if not equal

``pandas.read_csv`` with default options, no validation; one ``igraph.Graph`` per
relationship layer built from its pair list; per layer the isolated agencies,
articulation points, components and betweenness (exact up to 1,000 agencies,
else from a seeded sample of sources: hikinet's rule, core/structure.py), and the
E-I index of the sectors. The layers (docs/analysis.md): ``acquainted`` = met at a
meeting, or any referral or relation row; ``sharing`` = a referral either way or
a relation of level >= 2; ``working`` = a referral either way or a relation of
level >= 3. All data (no round).
"""

from __future__ import annotations

import json
import os
import sys

import igraph as ig
import numpy as np
import pandas as pd

# hikinet's sampling rule for betweenness (core/structure.py)
EXACT_LIMIT, SAMPLE, MIN_SAMPLE, WORK, SEED = 1000, 256, 100, 10_000_000, 20240401
BROKERS = 5


def read(folder: str, name: str) -> pd.DataFrame | None:
    path = os.path.join(folder, f"{name}.csv")
    return pd.read_csv(path) if os.path.exists(path) else None


def pair_keys(index: pd.Index, a, b) -> np.ndarray:
    """Undirected pairs of agency positions as one int64 key each (low * n + high)."""
    pa, pb = index.get_indexer(a), index.get_indexer(b)
    n = len(index)
    return np.minimum(pa, pb).astype(np.int64) * n + np.maximum(pa, pb)


def layer_pairs(folder: str, index: pd.Index) -> dict[str, np.ndarray]:
    """Sorted unique pair keys of each layer."""
    empty = np.zeros(0, dtype=np.int64)
    met = referred = empty
    attendance = read(folder, "attendance")
    if attendance is not None and len(attendance):
        present = attendance.drop_duplicates()
        both = present.merge(present, on="meeting_id")
        both = both[both["agency_id_x"] != both["agency_id_y"]]
        met = pair_keys(index, both["agency_id_x"], both["agency_id_y"])
    referrals = read(folder, "referrals")
    if referrals is not None and len(referrals):
        referred = pair_keys(index, referrals["from"], referrals["to"])
    relations = read(folder, "relations")
    related, level = empty, np.zeros(0, dtype=np.int64)
    if relations is not None and len(relations):
        related, level = pair_keys(index, relations["from"], relations["to"]), relations["level"].to_numpy()
    return {
        "acquainted": np.unique(np.concatenate([met, referred, related])),
        "sharing": np.unique(np.concatenate([referred, related[level >= 2]])),
        "working": np.unique(np.concatenate([referred, related[level >= 3]])),
    }


def betweenness(graph: ig.Graph, n: int) -> tuple[np.ndarray, int | None]:
    if graph.ecount() == 0 or n < 3:
        return np.zeros(n), None
    scale = 2.0 / ((n - 1) * (n - 2))
    if n <= EXACT_LIMIT:
        return np.asarray(graph.betweenness(directed=False)) * scale, None
    k = int(min(SAMPLE, max(MIN_SAMPLE, WORK // graph.ecount())))
    sources = np.random.default_rng(SEED).choice(n, size=k, replace=False).tolist()
    return np.asarray(graph.betweenness(directed=False, sources=sources)) * (n / k) * scale, k


def ei_index(sector: np.ndarray, a: np.ndarray, b: np.ndarray) -> float | None:
    """(external - internal) / all, over links whose both ends name a sector."""
    known = ~pd.isna(sector[a]) & ~pd.isna(sector[b])
    total = int(known.sum())
    internal = int((sector[a][known] == sector[b][known]).sum())
    return round((total - 2 * internal) / total, 4) if total else None


def layer(ids: np.ndarray, sector: np.ndarray, keys: np.ndarray) -> dict:
    n = len(ids)
    a, b = keys // n, keys % n
    graph = ig.Graph(n=n, edges=np.column_stack([a, b]).tolist())
    degree = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    scores, sample = betweenness(graph, n)
    rounded = np.round(scores, 4)
    ranked = sorted(np.flatnonzero(rounded > 0).tolist(), key=lambda i: (-rounded[i], -degree[i], ids[i]))
    components = sorted((sorted(ids[c].tolist()) for c in graph.connected_components()), key=lambda c: (-len(c), c))
    return {
        "links": len(keys),
        "components": len(components),
        "component_members": components,
        "isolated": sorted(ids[degree == 0].tolist()),
        "cut_agencies": sorted(ids[graph.articulation_points()].tolist()),
        "brokers": [{"agency": ids[i], "betweenness": float(rounded[i])} for i in ranked[:BROKERS]],
        "betweenness_sample": sample,
        "ei_index": ei_index(sector, a, b),
        "betweenness": rounded,
    }


def analyse(folder: str) -> dict[str, dict]:
    agencies = read(folder, "agencies")
    ids = agencies["id"].astype(str).to_numpy(dtype=object)
    sector = agencies["sector"].to_numpy(dtype=object)
    pairs = layer_pairs(folder, pd.Index(agencies["id"]))
    return {name: layer(ids, sector, keys) for name, keys in pairs.items()}


def differences(layers: dict[str, dict], theirs: dict) -> list[str]:
    """Where the peer's answers differ from hikinet's ``analyze --format json`` (parsed); [] when they agree."""
    found = []
    for name, mine in layers.items():
        for key, value in mine.items():
            if key != "betweenness" and theirs["layers"][name][key] != value:
                found.append(f"{name}.{key}: peer {str(value)[:200]} != hikinet {str(theirs['layers'][name][key])[:200]}")
    if [row["betweenness"] for row in theirs["per_agency"]] != layers["acquainted"]["betweenness"].tolist():
        found.append("per_agency betweenness (acquainted layer) differs")
    return found


def check(folder: str, layers: dict[str, dict]) -> list[str]:
    """Run ``hikinet analyze FOLDER --format json`` and compare (:func:`differences`)."""
    import subprocess

    out = subprocess.run([sys.executable, "-m", "hikinet_graph", "analyze", folder, "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    return differences(layers, json.loads(out))


def main(argv: list[str]) -> int:
    folder = argv[0]
    layers = analyse(folder)
    if "--check" in argv:
        differences = check(folder, layers)
        print("\n".join(differences) or f"{folder}: the peer's answers equal hikinet's")
        return 1 if differences else 0
    if "--json" in argv:
        print(json.dumps({name: {k: v for k, v in found.items() if k != "betweenness"}
                          for name, found in layers.items()}, ensure_ascii=False))
        return 0
    for name, found in layers.items():
        print(name, found["links"], "links", found["components"], "components", len(found["isolated"]), "isolated",
              len(found["cut_agencies"]), "cut", "E-I", found["ei_index"],
              "brokers", [b["agency"] for b in found["brokers"]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
