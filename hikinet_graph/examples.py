"""A tiny network folder for the examples in the docstrings (they run as doctests under pytest).

Five agencies and two network meetings (round 1 on 2025-06-01, round 2 on 2025-10-01)::

    school  学校の相談室       6–15   problem_solving   m1; refers 2 people to youth (2025-05-10)
    youth   若者サポート       16–39  accompaniment     m1; refers 1 person to desk (2025-09-01)
    desk    総合相談窓口       all    both (core)       m1, m2; knows farm (relation level 1, 2025-08-01)
    farm    農園 (就労体験)    18–64                    m2
    clinic  クリニック         40–64                    no tie at all: isolated
"""

from __future__ import annotations

import tempfile
from pathlib import Path

__all__ = ["TINY_FOLDER", "tiny_folder", "tiny_network"]

TINY_FOLDER = {
    "agencies.csv": "id,name,sector,age_min,age_max,style,core\n"
                    "school,学校の相談室,教育,6,15,problem_solving,false\n"
                    "youth,若者サポート,若者,16,39,accompaniment,false\n"
                    "desk,総合相談窓口,行政,,,both,true\n"
                    "farm,農園,民間,18,64,,false\n"
                    "clinic,クリニック,医療,40,64,,false\n",
    "meetings.csv": "id,round,date,kind,title\nm1,1,2025-06-01,network_meeting,第1回ネットワーク会議\n"
                    "m2,2,2025-10-01,network_meeting,第2回ネットワーク会議\n",
    "attendance.csv": "meeting_id,agency_id\nm1,school\nm1,youth\nm1,desk\nm2,desk\nm2,farm\n",
    "referrals.csv": "from,to,date,count\nschool,youth,2025-05-10,2\nyouth,desk,2025-09-01,1\n",
    "relations.csv": "from,to,level,date\ndesk,farm,1,2025-08-01\n",
}


def tiny_folder(root: str | Path | None = None) -> Path:
    """Write :data:`TINY_FOLDER` into ``root`` (a new temporary folder when None) and return the folder."""
    folder = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="hikinet-example-"))
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in TINY_FOLDER.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def tiny_network():
    """The tiny folder, loaded and validated: a :class:`~hikinet_graph.model.Network`.

    Examples
    --------
    >>> network = tiny_network()
    >>> [a.id for a in network.agencies]
    ['school', 'youth', 'desk', 'farm', 'clinic']
    """
    from .read.load import load_network

    with tempfile.TemporaryDirectory(prefix="hikinet-example-") as root:
        return load_network(tiny_folder(root))
