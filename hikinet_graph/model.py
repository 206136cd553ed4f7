"""The plain data hikinet works on: agencies, meetings, a validated network and its settings.

Nothing here reads files or computes anything; ``read`` builds these objects and
``core`` analyses them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Agency", "Meeting", "Network", "Config", "DEFAULT_SPAN"]

DEFAULT_SPAN = (6, 99)


@dataclass(frozen=True)
class Config:
    """``span``: inclusive (lo, hi) ages analysed; ``boundaries``: extra boundaries b (age b-1 → b);
    ``name``: the network's name for titles (e.g. "B市"), the folder name when blank.

    Extra boundaries are examined even outside the span: that is what they add
    to the boundaries found from the agencies' upper ages.
    """

    span: tuple[int, int] = DEFAULT_SPAN
    boundaries: tuple[int, ...] = field(default_factory=tuple)
    name: str = ""


@dataclass(frozen=True)
class Agency:
    """One support agency (支援機関). ``age_max`` is ``None`` for no upper limit."""

    id: str
    name: str
    sector: str
    age_min: int
    age_max: int | None
    style: str
    core: bool
    attrs: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def serves(self, age: int) -> bool:
        return self.age_min <= age and (self.age_max is None or age <= self.age_max)

    @property
    def label(self) -> str:
        """What people see: the name, or the id when the name is blank."""
        return self.name or self.id


@dataclass(frozen=True)
class Meeting:
    id: str
    round: int
    date: dt.date
    kind: str
    title: str


@dataclass
class Network:
    """A validated network folder.

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
        return sorted({m.round for m in self.meetings})

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.agencies]


