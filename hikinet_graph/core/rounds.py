"""Rounds named as the coordinator names them: "第一回ネットワーク会議 (2024/10/22)" rather than "第2回".

The one rule, used by every output that names a round:

* a round whose meetings fill ``round_label`` (回の名前) is called by it (the meetings that
  fill it agree: the reader refuses a round named two ways);
* otherwise by the title of the round's latest network meeting (kind ``network_meeting`` /
  ネットワーク会議), else of its latest meeting with a title;
* the date shown is that meeting's date (for a ``round_label``, the latest network meeting
  among those that give it, else the latest of them), in the settings' ``date_style``
  (西暦 2024/10/22 or 和暦 令和6年10月22日).

A round none of whose meetings has a title or a label keeps its number ("第2回"), dated by its
latest network meeting, else its latest meeting. A network meeting without a title gives no name.
Among meetings of one day, the later row of meetings.csv counts as the later meeting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..dates import format_date
from ..i18n import t
from ..model import Meeting, Network
from ..vocabulary import NETWORK_MEETING_KINDS, normalize_value

__all__ = ["RoundLabel", "round_labels", "round_texts", "round_title"]


@dataclass(frozen=True)
class RoundLabel:
    """What a round is called, and the meeting that gives the name.

    Attributes
    ----------
    round : int
        The round's number, as meetings.csv gives it.
    name : str
        The round's name ("第一回ネットワーク会議"); "" when no meeting of the round has a title.
    date : datetime.date
        The date of the meeting that gives the name (when no meeting has a title, the round's latest
        network meeting, else its latest meeting).
    meeting : str
        That meeting's id.
    """

    round: int
    name: str
    date: dt.date
    meeting: str

    def text(self, lang: str = "ja", date_style: str = "western") -> str:
        """The round as people read it: "第一回ネットワーク会議 (2024/10/22)"; its number when it has no name.

        Examples
        --------
        >>> label = RoundLabel(2, "第一回ネットワーク会議", dt.date(2024, 10, 22), "nm1")
        >>> label.text(), label.text("ja", "wareki")
        ('第一回ネットワーク会議 (2024/10/22)', '第一回ネットワーク会議 (令和6年10月22日)')
        >>> RoundLabel(2, "", dt.date(2024, 10, 22), "m").text("en")
        'R2 (2024/10/22)'
        """
        name = self.name or t("round_short", lang, r=self.round)
        return f"{name} ({format_date(self.date, date_style)})"


def _is_network_meeting(meeting: Meeting) -> bool:
    return normalize_value(meeting.kind) in NETWORK_MEETING_KINDS


def _latest(meetings: list[tuple[int, Meeting]]) -> tuple[int, Meeting]:
    """The latest meeting: by date, then by its row."""
    return max(meetings, key=lambda pair: (pair[1].date, pair[0]))


def _giver(meetings: list[tuple[int, Meeting]]) -> tuple[int, Meeting]:
    """The meeting a round takes its name and date from."""
    labelled = [pair for pair in meetings if pair[1].round_label]
    pool = labelled or [pair for pair in meetings if pair[1].title] or meetings
    network = [pair for pair in pool if _is_network_meeting(pair[1])]
    return _latest(network or pool)


def round_labels(network: Network) -> dict[int, RoundLabel]:
    """Each round's label, by the one rule of this module (pure: the network's meetings only).

    Parameters
    ----------
    network : Network
        The network; only its meetings are read.

    Returns
    -------
    dict
        Round -> its :class:`RoundLabel`, for every round the meetings name, in order.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> {r: label.text() for r, label in round_labels(tiny_network()).items()}
    {1: '第1回ネットワーク会議 (2025/06/01)', 2: '第2回ネットワーク会議 (2025/10/01)'}
    """
    by_round: dict[int, list[tuple[int, Meeting]]] = {}
    for row, meeting in enumerate(network.meetings):
        by_round.setdefault(meeting.round, []).append((row, meeting))
    labels = {}
    for round_ in sorted(by_round):
        _, giver = _giver(by_round[round_])
        labels[round_] = RoundLabel(round_, giver.round_label or giver.title, giver.date, giver.id)
    return labels


def round_texts(network: Network, lang: str = "ja") -> dict[int, str]:
    """Each round as people read it, dates in the network's ``date_style``: round -> "名前 (日付)"."""
    style = network.config.date_style
    return {r: label.text(lang, style) for r, label in round_labels(network).items()}


def round_title(network: Network, round_: int | None, lang: str = "ja") -> str:
    """A snapshot as a heading names it: "第一回ネットワーク会議 (2024/10/22) 時点"; all data when ``round_`` is None.

    Examples
    --------
    >>> from hikinet_graph.examples import tiny_network
    >>> round_title(tiny_network(), 2), round_title(tiny_network(), None, "en")
    ('第2回ネットワーク会議 (2025/10/01) 時点', 'all data')
    """
    if round_ is None:
        return t("all_data", lang)
    return t("as_of_label", lang, label=round_texts(network, lang)[round_])
