"""``hikinet agenda``: the agenda page of one state, written on its own (the report writes it too).

Without ``--round`` the state is the one the report ends on: the all-data state when records are
dated after the last round's cut-off, else the last round; the previous state is the round before it.
"""

from __future__ import annotations

from pathlib import Path

from ..core.public import INTERNAL, Disclosure
from ..core.snapshot import take_snapshot
from ..model import Network
from ..render.agenda import agenda_html
from ..render.index import ReportRound
from ..render.round_view import round_view
from .files import write_text
from .report import latest_record_after_last_round

__all__ = ["agenda_states", "write_agenda"]


def agenda_states(network: Network, round_: int | None, lang: str = "ja",
                  disclosure: Disclosure = INTERNAL) -> tuple[ReportRound, ReportRound | None]:
    """The state the agenda is for, and the one before it (None for the first round, or without meetings).

    An unknown ``round_`` raises :class:`~hikinet_graph.errors.UnknownRoundError`.
    """
    rounds = network.rounds
    latest = latest_record_after_last_round(network) if round_ is None else None

    def state(r: int | None, now: bool = False) -> ReportRound:
        view = round_view(take_snapshot(network, r), lang=lang, disclosure=disclosure)
        return ReportRound(view, {}, now, latest.isoformat() if now and latest else None)

    if round_ is None and (latest or not rounds):
        return state(None, now=bool(latest)), (state(rounds[-1]) if rounds else None)
    current = state(rounds[-1] if round_ is None else round_)
    earlier = [r for r in rounds if r < current.round_view.round]
    return current, (state(earlier[-1]) if earlier else None)


def write_agenda(network: Network, output: str | Path, round_: int | None = None, lang: str = "ja",
                 disclosure: Disclosure = INTERNAL, force: bool = False) -> Path:
    """Write the agenda page of ``network`` (as of ``round_``, else its latest state) to ``output``.

    Parameters
    ----------
    network : Network
        The folder.
    output : str or Path
        The page to write (one offline HTML file); never over an existing file without ``force``.
    round_ : int, optional
        The round whose agenda it is; None: the latest state.
    lang : str
        ``"ja"`` or ``"en"``.
    disclosure : Disclosure
        A public page leaves the meeting log out.
    force : bool
        Replace an existing file.
    """
    current, previous = agenda_states(network, round_, lang, disclosure)
    html = agenda_html(network, current, previous, lang, disclosure)
    return write_text(output, html, force=force)
