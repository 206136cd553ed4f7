"""The exceptions hikinet raises for problems a user can cause, and the one problem found in input data."""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import bilingual

__all__ = [
    "DataError",
    "HikinetError",
    "OutputError",
    "Problem",
    "UnknownRoundError",
]


class HikinetError(Exception):
    """Base class: every error a user can cause. The CLI turns it into exit 1."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the input, located by file (or sheet) and line.

    ``line`` counts the header as line 1; it is ``None`` for problems that
    concern a whole file (a missing file, an undecodable one).
    Messages are bilingual: Japanese first, English in parentheses, so that the
    same text serves a coordinator and a script that greps it.

    Examples
    --------
    >>> print(Problem("agencies.csv", 3, "ID「a1」が重複しています (duplicate id 'a1')"))
    agencies.csv:3: ID「a1」が重複しています (duplicate id 'a1')
    """

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class DataError(HikinetError):
    """The network data is invalid; ``problems`` lists every problem found, sorted by file and line.

    Parameters
    ----------
    problems : list of Problem
        Every problem found.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.line if p.line is not None else 0, p.message)


class UnknownRoundError(HikinetError):
    """A round was asked for that no meeting has.

    Parameters
    ----------
    round_ : int
        The round asked for.
    known : list of int
        The rounds the meetings have.
    """

    def __init__(self, round_: int, known: list[int]):
        self.round = round_
        self.known = known
        rounds = ", ".join(str(r) for r in known) or bilingual("なし", "none")
        super().__init__(bilingual(f"第{round_}回は meetings.csv にありません。ある回: {rounds}",
                                   f"round {round_} is not in meetings.csv; known rounds: {rounds}"))


class OutputError(HikinetError):
    """Output cannot be written where it was asked for."""
