"""hikinet: analyze and map hikikomori-support agency networks, round by round.

The data flows load → snapshot → analyze → render; each step is a module.

The names below are imported on first use (PEP 562), so that ``import hikinet_graph``
and ``hikinet --help`` start without pandas, numpy or igraph.
"""

from __future__ import annotations

import importlib

# name -> the module that defines it
_EXPORTS = {
    "Analysis": "core.analysis",
    "Gap": "core.analysis",
    "analyze": "core.analysis",
    "analyze_network": "core.analysis",
    "DataError": "errors",
    "HikinetError": "errors",
    "OutputError": "errors",
    "Problem": "errors",
    "UnknownRoundError": "errors",
    "Agency": "model",
    "Meeting": "model",
    "Network": "model",
    "load_network": "read.load",
    "Snapshot": "core.snapshot",
    "link_table": "core.snapshot",
    "take_snapshot": "core.snapshot",
}

__all__ = sorted(_EXPORTS)

__version__ = "0.1.0"


def __getattr__(name: str):
    """Import an exported name's module on first use (``hikinet_graph.load_network`` etc.)."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
