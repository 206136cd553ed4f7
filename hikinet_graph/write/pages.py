"""A report's map pages, state by state: analysed, drawn and written, on two processes for a large folder.

Each state (a round, or "now") is analysed and its map pages and data-file texts are
written on their own: nothing in one state's pages depends on another's. For a large
folder, where a state costs tenths of a second (betweenness of three layers, the maps),
two worker processes forked from this one share the states, as the policy of
:mod:`hikinet_graph.core.background` allows (not on Windows, one core, or with other
threads running: then the states are done one by one). Each worker sends back the
state's analysis, public counts, tooltips, strongest links and data-file texts, and this
process puts the :class:`~hikinet_graph.render.round_view.RoundView` together with its
own snapshot. The pages and every result are the same as written one by one; progress
lines are said in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

from ..core.background import Workers, second_core_free
from ..core.public import Disclosure
from ..i18n import round_label, t
from ..model import Network
from ..render.index import ReportRound
from ..render.layout import Positions
from ..render.maps import round_page
from ..render.page import render_page
from ..render.round_view import RoundView, round_view
from .data_files import StateTexts, state_texts

__all__ = ["StateJob", "State", "StatePages"]
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


@dataclass(frozen=True, eq=False)
class State:
    """One state as the report holds it: its :class:`ReportRound` and its share of the data files."""

    report_round: ReportRound
    texts: StateTexts


def _state(job: StateJob, k: int) -> tuple[RoundView, dict[str, str], StateTexts]:
    """Analyse state ``k`` (1-based) and write its map pages; returns its view, page paths and data texts."""
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
    return of_round, maps, state_texts(of_round, now)


def _in_worker(k: int) -> tuple:
    """In a forked worker: state ``k``'s pages; what the parent needs of its view, without the snapshot
    (the parent works out the agency-level views' data again only if it draws one, as for the change map)."""
    of_round, maps, texts = _state(_JOB["job"], k)
    return of_round.analysis, of_round.counts, maps, texts


def _workers(job: StateJob) -> int:
    """How many worker processes: 2 where the second-process policy allows it (and there are two states), else 0."""
    return 2 if len(job.states) >= 2 and second_core_free(len(job.network.agencies)) else 0


class StatePages:
    """Every state's map pages, written one by one or by two forked workers (a context manager).

    :meth:`get` hands one state as soon as it is done (the report draws the change map from
    the first and the last while the workers go on); :meth:`all` hands every state in order,
    saying one progress line per state, in order, whichever way they were done.
    """

    def __init__(self, job: StateJob, say: Callable[[str], None]) -> None:
        self.job, self.say = job, say
        self._done: dict[int, State] = {}
        self._workers: Workers | None = None  # while two workers share the states
        self._said = 0

    def __enter__(self) -> StatePages:
        if _workers(self.job):
            _JOB["job"] = self.job
            n = len(self.job.states)
            # the latest state first: it draws every view and the drill-down, the longest task; then the first,
            # so that the change map can be drawn early; then the largest (the latest rounds) first
            try:
                self._workers = Workers(_in_worker, [n, 1, *range(n - 1, 1, -1)], _workers(self.job))
            except BaseException:
                _JOB.clear()
                raise
        return self

    def __exit__(self, *exc) -> None:
        if self._workers is not None:
            self._workers.__exit__(*exc)
            _JOB.clear()

    def _label(self, k: int) -> str:
        """The progress line of state ``k``."""
        snapshot, latest = self.job.states[k - 1]
        name = t("now_label", self.job.lang) if latest is not None else round_label(snapshot.round, self.job.lang)
        return f"{name} ({k}/{len(self.job.states)})"

    def get(self, k: int) -> State:
        """State ``k`` (1-based); one by one, the states before it are done (and said) first."""
        if self._workers is None:
            while len(self._done) < k:
                self._said = j = len(self._done) + 1
                self.say(self._label(j))
                of_round, maps, texts = _state(self.job, j)
                self._done[j] = self._held(j, of_round, maps, texts)
        elif k not in self._done:
            analysis, counts, maps, texts = self._workers.result(k)
            of_round = RoundView(self.job.states[k - 1][0], analysis, self.job.disclosure, counts, self.job.lang)
            self._done[k] = self._held(k, of_round, maps, texts)
        return self._done[k]

    def _held(self, k: int, of_round: RoundView, maps: dict, texts: StateTexts) -> State:
        """State ``k`` as the report holds it."""
        latest = self.job.states[k - 1][1]
        return State(ReportRound(of_round, maps, latest is not None, latest.isoformat() if latest else None), texts)

    def all(self) -> list[State]:
        """Every state, in order."""
        states = []
        for k in range(1, len(self.job.states) + 1):
            if k > self._said and self._workers is not None:
                self.say(self._label(k))
                self._said = k
            states.append(self.get(k))
        return states
