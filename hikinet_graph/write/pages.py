"""A report's map pages, state by state: analysed, drawn and written, on two processes for a large folder.

Each state (a round, or "now") is analysed and its map pages are written on their own:
nothing in one state's pages depends on another's. Above :data:`PARALLEL_AGENCIES`
agencies, where a state costs tenths of a second (betweenness of three layers, the
maps), two worker processes forked from this one share the states; each sends back
the state's analysis, public counts, tooltips and strongest links, and this process
puts the :class:`~hikinet_graph.render.round_view.RoundView` together with its own
snapshot. The pages and every result are the same as written one by one; progress
lines are said in the same order. Where ``fork`` is not available (Windows), only one
core is, or the process runs other threads (forking those is unsafe), the states are done
one by one.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

from ..core.public import Disclosure
from ..i18n import round_label, t
from ..model import Network
from ..render.index import ReportRound
from ..render.layout import Positions
from ..render.maps import round_page
from ..render.page import render_page
from ..render.round_view import RoundView, round_view

__all__ = ["PARALLEL_AGENCIES", "StateJob", "map_pages"]

# above this many agencies the states are shared by two processes (see the module docstring)
PARALLEL_AGENCIES = 1000
BACK_LINK = "../index.html"

_JOB: dict = {}  # the job the forked workers read (set only while the pool runs)


@dataclass(frozen=True, eq=False)
class StateJob:
    """What every state's pages need: the folder, its states and their views, and where to write."""

    staging: Path
    network: Network
    positions: Positions
    areas: object
    states: list  # (snapshot, latest date or None) per state
    views: list  # the views drawn for each state, the first one first
    lang: str
    disclosure: Disclosure


def _state(job: StateJob, k: int) -> tuple[RoundView, dict[str, str]]:
    """Analyse state ``k`` (1-based) and write its map pages; returns its view and page paths."""
    snapshot, latest = job.states[k - 1]
    now = latest is not None
    of_round = round_view(snapshot, lang=job.lang, disclosure=job.disclosure)
    subtitle = t("now_subtitle", job.lang, d=latest.isoformat()) if now else None
    stem = "now" if now else f"round-{'all' if snapshot.round is None else snapshot.round}"
    maps = {}
    for view in job.views[k - 1]:
        name = f"maps/{stem}-{view}.html"
        # only the latest area view opens into its areas' agencies: once is enough, and pages stay small
        page = round_page(of_round, view, job.positions, job.areas, subtitle=subtitle, drill=k == len(job.states))
        (job.staging / name).write_text(render_page(page, job.lang, back_link=BACK_LINK), encoding="utf-8")
        maps[view] = name
    return of_round, maps


def _in_worker(k: int) -> tuple:
    """In a forked worker: state ``k``'s pages; what the parent needs of its view, without the snapshot."""
    of_round, maps = _state(_JOB["job"], k)
    return of_round.analysis, of_round.counts, of_round.tooltips, of_round.strongest, of_round.rows, maps


def _workers(job: StateJob) -> int:
    """How many worker processes: 2 for a large folder where fork and two cores are available, else 0."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if (len(job.network.agencies) <= PARALLEL_AGENCIES or len(job.states) < 2 or cores < 2
            or "fork" not in multiprocessing.get_all_start_methods()):
        return 0
    # a fork copies only the forking thread: a lock another thread holds stays locked in the child.
    # The command line has one thread; a host program (a notebook, a test runner with a browser) may not.
    return 2 if threading.active_count() == 1 else 0


def map_pages(job: StateJob, say: Callable[[str], None]) -> list[ReportRound]:
    """Write every state's map pages; returns the states, each with its :class:`RoundView` and page paths."""
    n = len(job.states)

    def label(k: int) -> str:
        snapshot, latest = job.states[k - 1]
        return t("now_label", job.lang) if latest is not None else round_label(snapshot.round, job.lang)

    def report_round(k: int, of_round: RoundView, maps: dict) -> ReportRound:
        latest = job.states[k - 1][1]
        return ReportRound(of_round, maps, latest is not None, latest.isoformat() if latest else None)

    if not _workers(job):
        built = []
        for k in range(1, n + 1):
            say(f"{label(k)} ({k}/{n})")
            built.append(report_round(k, *_state(job, k)))
        return built
    _JOB["job"] = job
    try:
        with ProcessPoolExecutor(_workers(job), mp_context=multiprocessing.get_context("fork")) as pool:
            # the latest state first: it draws every view and the drill-down, the longest task
            futures = {k: pool.submit(_in_worker, k) for k in [n, *range(1, n)]}
            built = []
            for k in range(1, n + 1):
                say(f"{label(k)} ({k}/{n})")
                analysis, counts, tooltips, strongest, rows, maps = futures[k].result()
                of_round = RoundView(job.states[k - 1][0], analysis, job.disclosure, counts, job.lang, tooltips,
                                     strongest, rows)
                built.append(report_round(k, of_round, maps))
    finally:
        _JOB.clear()
    return built
