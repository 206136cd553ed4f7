"""The benchmark's peer (bench/peer.py, issue 16) gives hikinet's answers: per relationship layer the
links, components, isolated agencies, articulation points, brokers (sampled betweenness above 1,000
agencies, by hikinet's rule) and the E-I index, and the betweenness of every agency.

No timing is asserted here: bench/run.py measures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import analyze_json

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import peer  # noqa: E402  (the analyst's own script)
from generate import generate  # noqa: E402  (the seeded generator of realistic folders)


def agree(folder: Path) -> None:
    layers = peer.analyse(str(folder))
    assert peer.differences(layers, analyze_json(folder)) == []


@pytest.mark.parametrize("city", ["city_a", "city_b"])
def test_peer_equals_hikinet_on_the_example_cities(city):
    agree(REPO / "data" / city)


def test_peer_equals_hikinet_on_a_small_generated_folder(tmp_path):
    agree(generate(tmp_path / "g", agencies=80, areas=3, referrals=400, meetings=12, rounds=4, attendance=120,
                   seed=5))


def test_peer_equals_hikinet_where_betweenness_is_sampled(tmp_path):
    folder = generate(tmp_path / "g", agencies=1100, areas=8, referrals=6000, meetings=20, rounds=3,
                      attendance=300, seed=3)
    layers = peer.analyse(str(folder))
    assert layers["acquainted"]["betweenness_sample"] is not None  # above 1,000 agencies: the sampling rule
    assert peer.differences(layers, analyze_json(folder)) == []


def test_peer_equals_hikinet_with_blank_sectors_isolates_and_weak_relations(tmp_path, make_folder):
    # level 1 only (acquainted, not sharing), level 2 (sharing, not working), a pair written both ways,
    # an agency with no sector, one with no tie at all
    folder = make_folder(
        tmp_path,
        agencies=[("a", "A", "福祉"), ("b", "B", "教育"), ("c", "C", ""), ("d", "D", "福祉"), ("e", "E", "若者")],
        meetings=[("m1", 1, "2024-05-01", "network_meeting", "第1回")],
        attendance=[("m1", "a"), ("m1", "b"), ("m1", "c")],
        referrals=[("a", "b", "2024-05-02", 1), ("b", "a", "", 2)],
        relations=[("c", "d", 1, "2024-05-01"), ("a", "d", 2, "2024-05-01"), ("d", "a", 3, "")],
    )
    agree(folder)


def test_peer_check_option_runs_hikinet_and_agrees():
    done = subprocess.run([sys.executable, str(REPO / "bench" / "peer.py"), str(REPO / "data" / "city_b"), "--check"],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "equal hikinet's" in done.stdout
