"""hikinet: analyze and map hikikomori-support agency networks, round by round.

The data flows load → snapshot → analyze → render; each step is a module.
"""

from .core.analysis import Analysis, Gap, analyze, analyze_network
from .errors import DataError, HikinetError, OutputError, Problem, UnknownRoundError
from .model import Agency, Meeting, Network
from .read.load import load_network
from .core.snapshot import Snapshot, link_table, take_snapshot

__all__ = [
    "Agency",
    "Analysis",
    "DataError",
    "Gap",
    "HikinetError",
    "Meeting",
    "Network",
    "OutputError",
    "Problem",
    "Snapshot",
    "UnknownRoundError",
    "analyze",
    "analyze_network",
    "link_table",
    "load_network",
    "take_snapshot",
]

__version__ = "0.1.0"
