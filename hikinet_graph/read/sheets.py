"""Every sheet of a workbook accounted for: which table each sheet holds, and what is said of the others.

A sheet named like a table (:data:`~hikinet_graph.vocabulary.SHEET_NAMES`), the
settings (設定) or the help (説明) is read (or, for the help, skipped). Any other
sheet is reported with its name and the names read:

* as an error when it could be a renamed table: its name is within two edits of a
  known one (:func:`~hikinet_graph.read.suggest.near`), or its header row is a table's
  (「シート「出席者」は読みません。「出席」のことですか？」);
* as a warning otherwise (a memo).

Two sheets for one table are an error: hikinet never picks one of them silently.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Problem
from ..i18n import bilingual
from ..vocabulary import (
    FILES,
    HELP_SHEET,
    JAPANESE_SHEETS,
    SETTINGS_SHEET,
    SETTINGS_SHEET_NAMES,
    SHEET_NAMES,
)
from .headers import is_header_of
from .suggest import closest, edit_distance, fold

__all__ = ["SheetPlan", "plan_sheets", "sheet_key"]

# what a known sheet holds: a table's stem, or one of these
SETTINGS, HELP = "settings", "help"
_KNOWN: dict[str, tuple[str, ...]] = {**SHEET_NAMES, SETTINGS: SETTINGS_SHEET_NAMES, HELP: (HELP_SHEET,)}
# the names as people read them, in the order the template writes them
_READ_JA = [*JAPANESE_SHEETS.values(), HELP_SHEET, SETTINGS_SHEET]
_READ_EN = [*FILES, "help (説明)", "settings"]


def sheet_key(name: str) -> str:
    """A sheet name as names are compared: NFKC, no spaces, lower case.

    Examples
    --------
    >>> sheet_key(" Ａgencies "), sheet_key("出 席")
    ('agencies', '出席')
    """
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


_BY_KEY = {sheet_key(name): what for what, names in _KNOWN.items() for name in names}


@dataclass
class SheetPlan:
    """Which sheet holds what.

    Attributes
    ----------
    tables : dict
        Table stem -> the sheet that holds it (only the tables present).
    settings : str or None
        The settings sheet (設定), if any.
    """

    tables: dict[str, str] = field(default_factory=dict)
    settings: str | None = None


def plan_sheets(label: str, names: list[str], first_rows: Callable[[str], list[list[str]]],
                problems: list[Problem], warnings: list[str]) -> SheetPlan:
    """Assign every sheet of a workbook: a table, the settings, the help, or reported.

    Parameters
    ----------
    label : str
        The workbook, as messages name it.
    names : list of str
        The sheet names, in the workbook's order.
    first_rows : callable
        Sheet name -> its first rows as text (only called for sheets with an unknown name).
    problems, warnings : list
        Where errors (renamed or doubled sheets) and warnings (other sheets) are appended.

    Returns
    -------
    SheetPlan
        The sheets read.
    """
    plan = SheetPlan()
    seen: dict[str, str] = {}
    # a workbook whose tables have Japanese names is told the Japanese names
    japanese = any(not n.isascii() for n in names if _BY_KEY.get(sheet_key(n)) in FILES)
    for name in names:
        what = _BY_KEY.get(sheet_key(name))
        if what is None:
            _report_unknown(label, name, first_rows, problems, warnings, japanese or not name.isascii())
        elif what in seen and what != HELP:
            problems.append(Problem(f"{label}[{name}]", 1, bilingual(
                f"シート「{seen[what]}」と「{name}」は同じ表です。1つのシートにまとめてください",
                f"sheets {seen[what]!r} and {name!r} hold the same table: keep one of them")))
        else:
            seen[what] = name
            if what == SETTINGS:
                plan.settings = name
            elif what != HELP:
                plan.tables[what] = name
    return plan


def _report_unknown(label: str, name: str, first_rows, problems: list[Problem], warnings: list[str],
                    japanese: bool) -> None:
    """An error when the sheet may be a renamed table (name or header), a warning otherwise."""
    known = [n for names in _KNOWN.values() for n in names]
    near = closest(name, known, at_most=1)
    by_header = None if near else _header_match(first_rows(name))
    if near or by_header:
        if near:
            meant = near[0]
        else:  # the name in the workbook's language
            meant = JAPANESE_SHEETS[by_header] if japanese else by_header
        why = f"見出しが「{meant}」の表と同じです。" if by_header else ""
        why_en = f" its header is that of {meant!r};" if by_header else ""
        problems.append(Problem(f"{label}[{name}]", 1, bilingual(
            f"シート「{name}」は読みません。「{meant}」のことですか？ {why}"
            f"シート名を「{meant}」に直してください (読むシート: {', '.join(_READ_JA)})",
            f"sheet {name!r} is not read: did you mean {meant!r}?{why_en} rename the sheet "
            f"(sheets read: {', '.join(_READ_EN)})")))
        return
    nearest = min(_READ_JA, key=lambda n: edit_distance(fold(name), fold(n)))
    warnings.append(f"{label}: " + bilingual(
        f"シート「{name}」は読みません (読むシート: {', '.join(_READ_JA)}。いちばん近い名前は「{nearest}」)",
        f"sheet {name!r} is not read (sheets read: {', '.join(_READ_EN)}; the closest name is {nearest!r})"))


def _header_match(rows: list[list[str]]) -> str | None:
    """The table whose header one of the first rows is (:func:`~hikinet_graph.read.headers.is_header_of`)."""
    return next((stem for stem in map(is_header_of, rows) if stem), None)
