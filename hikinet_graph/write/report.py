"""The report: every round analysed, mapped and compared, in one offline folder a coordinator hands on.

Layout of the folder::

    index.html                  the summary to print for the council
    agenda.html                 for the next meeting: suggested introductions, topics, progress (latest state)
    maps/round-R-network.html   a map per round, network view
    maps/round-R-ages.html      a map per round, age view
    maps/round-R-areas.html     a map per round, area view (when agencies name at least two areas)
    maps/now-VIEW.html          the same views of all data, when records are dated after the last round
    maps/change.html            before/after map, first round -> last state

Above :data:`LARGE_NETWORK` agencies (with areas), a round's network and age views of
every agency say little and weigh megabytes: the area view comes first and is drawn for
every round, the network and age views for the latest state only (``all_maps`` draws
every view for every round, as for small networks).
    summary.json                the analysis of every round (same as ``analyze --format json``) and the change
    metrics.csv                 one row per round (and the "now" state)
    agencies-by-round.csv       one row per agency and round (and the "now" state)

The "now" state: when a referral or relation row is dated after the last round's
cut-off, the report adds the all-data state after the last round (``round`` null in
summary.json, an empty round cell and ``label`` ``now`` in the CSV files). Undated rows
never add it: they belong to every round.

This module runs the steps and writes the files; what the pages show is built in
:mod:`hikinet_graph.render`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pandas as pd

from ..core.background import Background, second_core_free
from ..core.compare import Comparison, Side, compare
from ..core.public import INTERNAL, Disclosure
from ..core.snapshot import Snapshot, round_cutoffs, round_snapshots, take_snapshot
from ..i18n import t
from ..model import Network
from ..render.agenda import agenda_html
from ..render.index import index_html
from ..render.layout import layout_positions
from ..render.page import render_page
from ..render.round_view import RoundView
from ..render.views.areas import Areas, area_column, areas_of
from ..render.views.change import diff_page
from .data_files import write_data_files
from .files import check_outside_input
from .folder import file_digests, staged_folder
from .pages import State, StateJob, StatePages

__all__ = ["build_report"]

# above this many agencies (and with areas) a report opens on the area view; see the module docstring
LARGE_NETWORK = 150

BACK_LINK = "../index.html"


def _write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.write_text(text, encoding=encoding)


def _areas(network: Network, lang: str, everything: Snapshot) -> Areas | None:
    """The folder's areas when agencies name their municipality or district, at least two of them
    (laid out from ``everything``, the snapshot of all data)."""
    column = area_column(network)
    if column and len({a.attrs.get(column) for a in network.agencies}) > 1:
        return areas_of(network, lang, everything.links)
    return None


def latest_record_after_last_round(network: Network) -> dt.date | None:
    """The latest date of the referral and relation rows dated after the last round's cut-off (None: no such row).

    Undated rows belong to every round, so they never count; nor does a folder without meetings.
    """
    if not network.rounds:
        return None
    cutoff = pd.Timestamp(round_cutoffs(network)[network.rounds[-1]])
    dates = pd.concat([network.referrals["date"], network.relations["date"]])
    later = dates[dates.notna() & (dates > cutoff)]
    return later.max().date() if len(later) else None


def _states(network: Network) -> tuple[list[tuple[Snapshot, dt.date | None]], Snapshot]:
    """The report's snapshots: every round (all data when there are no meetings), then the "now" state;
    and the snapshot of all data."""
    if not network.rounds:
        everything = take_snapshot(network, None)
        return [(everything, None)], everything
    latest = latest_record_after_last_round(network)
    *rounds, everything = round_snapshots(network, with_all=True)
    return [(snapshot, None) for snapshot in rounds] + ([(everything, latest)] if latest else []), everything


def _views(network: Network, areas, all_maps: bool, latest_state: bool) -> tuple[str, ...]:
    """The views drawn for one state, the first one first: the area view leads for a large network."""
    if not areas:
        return ("network", "ages")
    if len(network.agencies) <= LARGE_NETWORK or all_maps:
        return ("network", "ages", "areas")
    return ("areas", "network", "ages") if latest_state else ("areas",)


def _job(staging: Path, network: Network, layout: Background, lang: str, disclosure: Disclosure,
         all_maps: bool = False) -> StateJob:
    """What every state's pages need: the states, the views drawn for each, the areas and the layout."""
    states, everything = _states(network)
    areas = _areas(network, lang, everything)
    views = [_views(network, areas, all_maps, k == len(states)) for k in range(1, len(states) + 1)]
    return StateJob(staging, network, layout.result(), areas, states, views, lang, disclosure)


def _comparison(network: Network, first: RoundView, last: RoundView) -> Comparison:
    """First round → last round."""
    return compare(Side(f"@{first.round}", network.source, first.round, network, first.snapshot, first.analysis),
                   Side(f"@{last.round}", network.source, last.round, network, last.snapshot, last.analysis))


def _data(staging: Path, network: Network, states: list[State], comparison: Comparison | None,
          disclosure: Disclosure) -> dict[str, tuple]:
    """summary.json, metrics.csv and agencies-by-round.csv; returns the digests of the map pages, written by
    then, for the manifest (:func:`~hikinet_graph.write.folder.file_digests`)."""
    write_data_files(staging, network, [state.report_round for state in states], [state.texts for state in states],
                     comparison, disclosure)
    maps = sorted(f"maps/{page.name}" for page in (staging / "maps").iterdir())
    return file_digests(staging, maps)


def _first_pages(staging: Path, network: Network, pages: StatePages, lang: str, disclosure: Disclosure,
                 positions) -> Comparison | None:
    """The pages drawn as soon as their states are done, while the workers go on with the others: the change
    map (first → latest state) and the agenda (the latest state, with the one before); returns the comparison."""
    n, comparison = len(pages.job.states), None
    latest = pages.get(n).report_round
    if n > 1:
        comparison = _comparison(network, pages.get(1).report_round.round_view, latest.round_view)
        page = diff_page(comparison, lang, positions=positions, disclosure=disclosure)
        _write(staging / "maps/change.html", render_page(page, lang, back_link=BACK_LINK))
    before = pages.get(n - 1).report_round if n > 1 else None
    _write(staging / "agenda.html", agenda_html(network, latest, before, lang, disclosure, back_link="index.html"))
    return comparison


def build_report(network: Network, outdir: str | Path, lang: str = "ja",
                 progress: Callable[[str], None] | None = None, disclosure: Disclosure = INTERNAL,
                 force: bool = False, warn: Callable[[str], None] | None = None, all_maps: bool = False) -> Path:
    """Write the report of ``network`` into ``outdir`` (see the module docstring).

    Parameters
    ----------
    network : Network
        The folder reported on.
    outdir : str or Path
        New, empty, or a report hikinet wrote before (never inside the data folder).
    lang : str
        ``"ja"`` or ``"en"``.
    progress : callable, optional
        Receives one line per step.
    disclosure : Disclosure
        A public disclosure masks small referral counts in every page and file.
    force : bool
        Replace files of an earlier report that were edited by hand.
    warn : callable, optional
        Receives warnings about the earlier report's manifest
        (see :func:`hikinet_graph.write.folder.staged_folder`).
    all_maps : bool
        Above :data:`LARGE_NETWORK` agencies, draw every view for every round too.

    Returns
    -------
    Path
        ``outdir``.
    """
    say = progress or (lambda message: None)
    check_outside_input(outdir, network.source)
    known: dict[str, tuple] = {}  # the map pages' digests, hashed beside the index
    with staged_folder(outdir, force=force, warn=warn, known=known) as staging:
        (staging / "maps").mkdir()
        # one layout for every map, so agencies stay put: on the second core while the states are cut (stopped
        # if cutting them fails)
        with Background(layout_positions, network, fork=second_core_free(len(network.agencies))) as layout:
            job = _job(staging, network, layout, lang, disclosure, all_maps)
        positions = job.positions
        with StatePages(job, say) as pages:
            comparison = _first_pages(staging, network, pages, lang, disclosure, positions)
            states = pages.all()
        built = [state.report_round for state in states]
        if comparison is not None:
            say(t("progress_change", lang))
        say(t("progress_index", lang))
        # the data files (and the map pages' digests) on the second core while the index is written; an error or an
        # interrupt stops that process before the staging folder is cleaned up
        with Background(_data, staging, network, states, comparison, disclosure,
                        fork=second_core_free(len(network.agencies))) as rest:
            _write(staging / "index.html", index_html(network, built, comparison, lang, disclosure, positions))
            known.update(rest.result())
    return Path(outdir)
