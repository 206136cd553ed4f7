"""The plain data hikinet works on: agencies, meetings, a validated network and its settings.

Nothing here reads files or computes anything; ``read`` builds these objects and
``core`` analyses them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["DEFAULT_SPAN", "Agency", "Config", "Meeting", "Network"]

# the ages analysed when hikinet.toml does not say (inclusive)
DEFAULT_SPAN = (6, 99)
DEFAULT_WINDOW = 2


@dataclass(frozen=True)
class Config:
    """A network's settings, from its ``hikinet.toml``.

    Extra boundaries are examined even outside the span: that is what they add
    to the boundaries found from the agencies' upper ages.

    Attributes
    ----------
    span : tuple of int
        The ages analysed, (lowest, highest), inclusive.
    boundaries : tuple of int
        Extra age boundaries b, each between age b-1 and age b.
    name : str
        The network's name in titles (e.g. "B市"); the folder's name when blank.
    window : int
        The crossings' window w: a referral counts as near boundary b when the client's
        age lies in [b − w, b + w − 1].
    date_style : str
        How dates are shown to people: ``western`` (2024/10/22) or ``wareki`` (令和6年10月22日).
    exclude : tuple of (str, str)
        Pairs of agency ids never to suggest to each other on the agenda (sorted within each pair).
    """

    span: tuple[int, int] = DEFAULT_SPAN
    boundaries: tuple[int, ...] = field(default_factory=tuple)
    name: str = ""
    window: int = DEFAULT_WINDOW
    date_style: str = "western"
    exclude: tuple[tuple[str, str], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Agency:
    """One support agency (支援機関), one row of agencies.csv.

    Attributes
    ----------
    id, name, sector : str
        As written; ``name`` may be blank.
    age_min : int
        The lowest age served (0 when blank).
    age_max : int or None
        The highest age served, inclusive; None for no upper limit.
    style : str
        ``accompaniment``, ``problem_solving``, ``both`` or "".
    core : bool
        Whether the agency is a core member of the network.
    resource : bool
        A place or employer (居場所, 就労体験先, 家族会…): in the network, but not a service with
        eligibility ages, so its ages make no boundary and it never receives anyone at one.
    attrs : dict
        Every other column of agencies.csv, as written.
    """

    id: str
    name: str
    sector: str
    age_min: int
    age_max: int | None
    style: str
    core: bool
    resource: bool = False
    attrs: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def serves(self, age: int) -> bool:
        """Whether the agency serves people of ``age`` (both ends included).

        Examples
        --------
        >>> youth = Agency("youth", "サポステ", "若者", 15, 39, "accompaniment", False)
        >>> youth.serves(15), youth.serves(39), youth.serves(40)
        (True, True, False)
        >>> Agency("lead", "", "行政", 0, None, "", True).serves(80)
        True
        """
        return self.age_min <= age and (self.age_max is None or age <= self.age_max)

    @property
    def label(self) -> str:
        """What people see: the name, or the id when the name is blank.

        Examples
        --------
        >>> Agency("lead", "", "行政", 0, None, "", True).label
        'lead'
        """
        return self.name or self.id


@dataclass(frozen=True)
class Meeting:
    """One meeting, one row of meetings.csv: its id, round (>= 0), date, kind and title as written.

    ``round_label`` is the round's name as the coordinator writes it (回の名前), "" when blank.
    ``purpose`` (目的), ``outcome`` (成果) and ``next_steps`` (次の取組) are the meeting log: free text
    about the meeting, never about people, "" when blank; public pages leave them out.
    """

    id: str
    round: int
    date: dt.date
    kind: str
    title: str
    round_label: str = ""
    purpose: str = ""
    outcome: str = ""
    next_steps: str = ""


@dataclass
class Network:
    """A validated network folder (or workbook): every agency, meeting and row, as read.

    ``attendance``, ``referrals`` and ``relations`` are DataFrames whose agency
    columns hold positions in ``agencies`` (``agency``, ``src``, ``dst``) so that
    analysis works on integers; ``meeting`` holds positions in ``meetings``.
    Dates are ``datetime64`` with ``NaT`` for undated rows.
    """

    source: str
    agencies: list[Agency]
    meetings: list[Meeting]
    attendance: pd.DataFrame
    referrals: pd.DataFrame
    relations: pd.DataFrame
    config: Config = field(default_factory=Config)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.index = {a.id: i for i, a in enumerate(self.agencies)}

    @property
    def rounds(self) -> list[int]:
        """The rounds the meetings name, sorted."""
        return sorted({m.round for m in self.meetings})

    @property
    def ids(self) -> list[str]:
        """The agencies' ids, in the order of agencies.csv."""
        return [a.id for a in self.agencies]
