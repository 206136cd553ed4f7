"""A map page from its data: the :class:`MapPage`, the Jinja templates, the pyvis adapter and the HTML.

The page carries vis-network inline (from the pyvis package, with its licence
header), so it opens on a closed network. Data reaches the page only as JSON
(escaped for a script context) and is shown as text, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jinja2

from ..core.public import INTERNAL, Disclosure
from ..i18n import t
from ..model import Network
from .style import FONT_FACE
from .template_cache import template_cache

__all__ = ["MapPage", "environment", "vis_data", "page_texts", "public_note", "folder_name", "display_name",
           "render_page"]

# the words every map page shows around the map (i18n keys)
PAGE_WORDS = (
    "search", "search_placeholder", "sectors_filter", "link_types", "show_all", "not_found",
    "legend_marks", "legend_links", "legend_boundaries", "fit", "age_axis", "uncovered_short", "generated",
    "back_to_report",
)


@dataclass
class MapPage:
    """What a map page shows, as data (the library's map, before HTML).

    ``headline`` holds the header chips as (label, value text); ``nodes``, ``edges``
    and ``options`` are vis-network's; ``extras`` is what a view adds for its drawing
    (the age view's lanes and markers, the thinning note).
    """

    view: str
    title: str
    subtitle: str
    headline: list[tuple[str, str]]
    nodes: list[dict]
    edges: list[dict]
    options: dict
    legend: dict
    texts: dict
    extras: dict


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as pyvis ships them (licence header kept); read once.

    The files are found without importing pyvis: its package imports IPython and networkx (0.4 s),
    and the offline bundle keeps IPython out of hikinet's path at run time.
    """
    spec = importlib.util.find_spec("pyvis")  # a top-level package: found, not executed
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyvis is not installed: hikinet needs its vis-network files", name="pyvis")
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"
    if not lib.is_dir():  # installed inside an archive: read it through importlib.resources
        lib = resources.files("pyvis") / "lib" / "vis-9.1.2"
    script = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    style = (lib / "vis-network.css").read_text(encoding="utf-8")
    return script.replace("</script", "<\\/script"), style


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The Jinja environment of every page (templates in ``render/templates``, autoescape on); set up once.

    Compiled templates are kept between runs (:mod:`hikinet_graph.render.template_cache`).
    """
    env = jinja2.Environment(loader=jinja2.PackageLoader("hikinet_graph.render", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             bytecode_cache=template_cache())  # compiled once, kept between runs
    # Japanese stays readable in the page source; <, >, & and ' are still escaped by tojson; no spaces
    # after separators (a prefecture's pages carry megabytes of node and line data)
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False, "separators": (",", ":")}
    return env


def vis_data(nodes: list[dict], edges: list[dict], options: dict) -> tuple[list[dict], list[dict], dict]:
    """Nodes, edges and options as pyvis hands them to vis-network, without importing pyvis.

    pyvis's ``Network`` served only as this adapter: with the lists assigned directly
    (its ``add_edge`` is quadratic for undirected graphs, ``from_nx`` mutates its input,
    pyvis #304) and the options as a dict (``set_options`` strips the spaces a Japanese
    font family needs), ``get_network_data`` hands the lists back as they are and the
    options through ``json.dumps``. The same here, without pyvis's imports of IPython
    and networkx (0.4 s at every start).
    """
    return nodes, edges, json.loads(json.dumps(options))


def page_texts(lang: str, thinned: dict | None = None, disclosure: Disclosure = INTERNAL) -> dict[str, str]:
    """The words around a map: tools, legend headings, and the public and thinning notes when they apply.

    Parameters
    ----------
    lang : str
        ``"ja"`` or ``"en"``.
    thinned : dict, optional
        ``{"shown", "total"}`` link counts when the map draws only the strongest links.
    disclosure : Disclosure
        A public disclosure adds the public note.
    """
    texts = {k: t(k, lang) for k in PAGE_WORDS}
    if disclosure.public:
        texts["public"] = public_note(disclosure, lang)
    if thinned:
        texts["thinned"] = t("thinned", lang, shown=thinned["shown"], total=thinned["total"])
    return texts


def public_note(disclosure: Disclosure, lang: str = "ja") -> str:
    """The note on every public page: "<T" for small counts, "x" for what includes one; "" when internal."""
    if not disclosure.public:
        return ""
    return f"{t('public_note', lang, n=disclosure.threshold)} {t('public_suppressed', lang, n=disclosure.threshold)}"


def folder_name(network: Network) -> str:
    """The last part of the folder (or workbook) the network was read from."""
    return network.source.rstrip("/\\").replace("\\", "/").split("/")[-1] or network.source


def display_name(network: Network) -> str:
    """The network's name in titles: ``name`` in hikinet.toml, else the folder's name."""
    return network.config.name or folder_name(network)


def render_page(page: MapPage, lang: str = "ja", back_link: str | None = None) -> str:
    """The HTML of one map page: one file, no request outside it.

    Parameters
    ----------
    page : MapPage
        What the page shows.
    lang : str
        The page's language (its ``lang`` attribute).
    back_link : str, optional
        A link back to the report's index, shown in the header.
    """
    script, style = _vis_assets()
    template = environment().get_template("map.html")
    return template.render(page=page, lang=lang, vis_script=script, vis_style=style, back_link=back_link,
                           generated=dt.date.today().isoformat(), font_face=FONT_FACE)
