"""A round's map page: one of the views, with the header chips, legend and words around it.

The pieces live beside this module: positions in :mod:`.layout`, colours and
legends in :mod:`.style`, tooltips in :mod:`.tooltips`, the views in
:mod:`.views`, the change map in :mod:`.views.change` and the HTML in :mod:`.page`.
"""

from __future__ import annotations

from ..core import figures
from ..core.analysis import Analysis
from ..core.public import INTERNAL, Disclosure, PublicCounts
from ..core.rounds import round_title
from ..core.snapshot import take_snapshot
from ..i18n import t
from ..model import Network
from .layout import Positions, layout_positions
from .page import MapPage, display_name, page_texts, render_page, vis_data
from .round_view import RoundView, round_view
from .style import base_options, map_legend, sector_colours
from .views import VIEWS
from .views.ages import VIEW_OPTIONS, age_view
from .views.areas import Areas, area_view, areas_of
from .views.network import network_view

__all__ = ["header_chips", "round_page", "map_page", "render_map"]


def header_chips(result: Analysis, counts: PublicCounts | None, lang: str) -> list[tuple[str, str]]:
    """The figures in a map's header (:data:`~hikinet_graph.core.figures.CHIP_FIGURES`), as (label, value)."""
    return [(figures.label(key, lang), figures.text(key, figures.shown(key, result, counts)))
            for key in figures.CHIP_FIGURES]


def _legend(view: str, network: Network, colours: dict[str, str], lang: str, extras: dict) -> dict:
    """The map's legend; a switch starts unticked where the view hides its lines at first."""
    legend = map_legend(view, network, colours, lang, bool(extras.get("thinned")))
    if extras.get("arrows_hidden"):
        legend["links"] = [dict(item, hidden=True) for item in legend["links"]]
    return legend


def round_page(of_round: RoundView, view: str = "network", positions: Positions | None = None,
               areas: Areas | None = None, title: str | None = None, subtitle: str | None = None,
               drill: bool = True) -> MapPage:
    """One view of a round, as data.

    Parameters
    ----------
    of_round : RoundView
        The round (its snapshot, analysis, public counts, tooltips, strongest links).
    view : str
        One of :data:`VIEWS`.
    positions : dict, optional
        Agency positions for the network view (default: :func:`layout_positions` of the folder).
    areas : Areas, optional
        The folder's areas for the area view (default: :func:`~.views.areas.areas_of` the folder).
    title : str, optional
        The page's title (default: the view's name and the network's).
    subtitle : str, optional
        What the page shows (default: the round and its cut-off; the report names its "now" state).
    drill : bool
        The area view lets the reader open each area into its agencies (:mod:`.views.drill`).

    Returns
    -------
    MapPage
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}")
    network, lang, snapshot = of_round.network, of_round.lang, of_round.snapshot
    colours = sector_colours(network)
    if view == "network":
        nodes, edges, extras = network_view(of_round, positions or layout_positions(network), colours)
    elif view == "areas":
        nodes, edges, extras = area_view(of_round, areas or areas_of(network, lang), drill)
    else:
        nodes, edges, extras = age_view(of_round, colours)
    if subtitle is None:
        # the round as the coordinators name it, e.g. "第一回ネットワーク会議 (2024/10/22) 時点"
        subtitle = round_title(snapshot.network, snapshot.round, lang)
    options = base_options()
    if view == "ages":  # shared by every box and arrow of the view: once, not on each
        for part, values in VIEW_OPTIONS.items():
            options[part] = {**options[part], **values}
    nodes, edges, options = vis_data(nodes, edges, options)
    return MapPage(
        view=view,
        title=title or f"{t('map_title_' + view, lang)}: {display_name(network)}",
        subtitle=subtitle,
        headline=header_chips(of_round.analysis, of_round.counts, lang),
        nodes=nodes,
        edges=edges,
        options=options,
        legend=_legend(view, network, colours, lang, extras),
        texts=page_texts(lang, extras.get("thinned"), of_round.disclosure),
        extras=extras,
    )


def map_page(network: Network, round_: int | None = None, view: str = "network", lang: str = "ja",
             positions: Positions | None = None, disclosure: Disclosure = INTERNAL,
             title: str | None = None) -> MapPage:
    """One view of ``network`` as of ``round_`` (all data when None), as data: the library's map before HTML.

    Parameters
    ----------
    network : Network
        The folder.
    round_ : int, optional
        The round; None draws all data.
    view : str
        One of :data:`VIEWS`.
    lang : str
        ``"ja"`` or ``"en"``.
    positions : dict, optional
        Agency positions (default: :func:`layout_positions`).
    disclosure : Disclosure
        :data:`~hikinet_graph.core.public.INTERNAL` or a public disclosure.
    title : str, optional
        The page's title.

    Returns
    -------
    MapPage
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}")
    of_round = round_view(take_snapshot(network, round_), lang=lang, disclosure=disclosure)
    return round_page(of_round, view, positions, title=title)


def render_map(network: Network, round_: int | None = None, view: str = "network", lang: str = "ja",
               positions: Positions | None = None, disclosure: Disclosure = INTERNAL) -> str:
    """The HTML page of one round's map (:func:`map_page`, then :func:`render_page`)."""
    return render_page(map_page(network, round_, view, lang, positions, disclosure=disclosure), lang)
