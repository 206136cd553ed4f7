"""The floor every benchmark figure is divided by: a plain Python process that reads a
network folder's CSV files with pandas and builds one networkx graph of all links.

    python bench/floor.py FOLDER
"""

import itertools
import sys

import networkx as nx
import pandas as pd


def main(folder: str) -> None:
    read = {name: pd.read_csv(f"{folder}/{name}.csv", dtype=str, keep_default_na=False)
            for name in ("agencies", "meetings", "attendance", "referrals", "relations")}
    graph = nx.Graph()
    graph.add_nodes_from(read["agencies"]["id"])
    for _, group in read["attendance"].groupby("meeting_id"):
        graph.add_edges_from(itertools.combinations(group["agency_id"].tolist(), 2))
    graph.add_edges_from(zip(read["referrals"]["from"], read["referrals"]["to"]))
    graph.add_edges_from(zip(read["relations"]["from"], read["relations"]["to"]))
    print(graph.number_of_nodes(), graph.number_of_edges())


if __name__ == "__main__":
    main(sys.argv[1])
