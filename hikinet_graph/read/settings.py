"""A workbook's 設定 sheet: settings as coordinators write them, one per row (key, value).

Keys (:data:`~hikinet_graph.vocabulary.SETTING_KEYS`): 名前, 対象年齢の範囲 (``6-99`` or
``6〜99``), 追加の境目 (``40, 50``, separated by commas or 、), 境目の前後 (a whole
number), 日付の表示 (西暦 or 和暦) and 除外する組 (``edu:police, a:b``); the
hikinet.toml keys are accepted too. A first row headed 項目 (or 設定, key) is a header;
a blank value sets nothing; cells after the second column are notes, not read.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import Problem
from ..i18n import bilingual
from ..vocabulary import DATE_STYLE_VALUES, SETTING_KEYS, SETTING_NAMES_JA, SETTINGS_HEADER_WORDS, normalize_header
from .config import MAX_AGE, Settings
from .suggest import closest

__all__ = ["parse_setting", "sheet_settings"]

_RANGE = re.compile(r"^(\d{1,3})\s*歳?\s*[-~〜ー−–—]\s*(\d{1,3})\s*歳?$")
_WHOLE = re.compile(r"^(\d{1,3})\s*歳?$")
_LIST = re.compile(r"\s*[,、]\s*")


def sheet_settings(label: str, rows: list[tuple[int, list[str]]], problems: list[Problem]) -> Settings:
    """The settings of a 設定 sheet; each unknown key, repeated key or wrong value is a problem on its row.

    Parameters
    ----------
    label : str
        How problems name the sheet (``book.xlsx[設定]``).
    rows : list of (int, list of str)
        Each row's number and cells, as text.
    problems : list of Problem
        Where problems are appended.

    Returns
    -------
    Settings
        The keys set (as hikinet.toml names them), their values, rows and text.
    """
    settings = Settings(label)
    filled = [(line, cells) for line, cells in rows if any(c.strip() for c in cells[:2])]
    if filled and normalize_header(filled[0][1][0]) in SETTINGS_HEADER_WORDS:
        filled = filled[1:]
    for line, cells in filled:
        written_key = cells[0].strip()
        value = cells[1].strip() if len(cells) > 1 else ""
        key = SETTING_KEYS.get(normalize_header(written_key))
        if key is None:
            hint = closest(written_key, SETTING_NAMES_JA.values(), at_most=1)
            maybe = f"「{hint[0]}」のことですか？" if hint else ""
            problems.append(Problem(label, line, bilingual(
                f"設定「{written_key}」は知りません。{maybe}使える設定: {', '.join(SETTING_NAMES_JA.values())}",
                f"unknown setting {written_key!r}; known: {', '.join(SETTING_NAMES_JA.values())}")))
            continue
        if key in settings.lines:
            problems.append(Problem(label, line, bilingual(
                f"設定「{written_key}」が2回あります ({settings.lines[key]}行目と同じ)",
                f"setting {written_key!r} is given twice (first on row {settings.lines[key]})")))
            continue
        settings.lines[key] = line
        if not value:
            continue
        try:
            parsed = parse_setting(key, value)
        except ValueError as exc:
            problems.append(Problem(label, line, bilingual(f"「{written_key}」の「{value}」: {exc}",
                                                           f"{written_key} {value!r}: {_ENGLISH[key]}")))
            continue
        settings.values[key], settings.written[key], settings.keys[key] = parsed, value, written_key
    return settings


def parse_setting(key: str, text: str) -> object:
    """One setting's value from the text of its cell, as hikinet.toml's key would hold it.

    Raises
    ------
    ValueError
        When the text is no such value; the message says in Japanese how to write it.

    Examples
    --------
    >>> parse_setting("span", "6〜99"), parse_setting("boundaries", "40、 50"), parse_setting("window", "２")
    ((6, 99), (40, 50), 2)
    >>> parse_setting("exclude", "edu:police, b:a"), parse_setting("date_style", "和暦")
    ((('a', 'b'), ('edu', 'police')), 'wareki')
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    if key == "name":
        return text.strip()
    if key == "date_style":
        if folded.lower() not in DATE_STYLE_VALUES:
            raise ValueError("「西暦」か「和暦」にしてください")
        return DATE_STYLE_VALUES[folded.lower()]
    return _PARSERS[key](folded)


def _span(text: str) -> tuple[int, int]:
    found = _RANGE.match(text)
    if found and int(found[1]) <= int(found[2]) <= MAX_AGE:
        return (int(found[1]), int(found[2]))
    raise ValueError(f"「6-99」や「6〜99」のように、下限と上限の2つの整数 (0〜{MAX_AGE}) で書いてください")


def _boundaries(text: str) -> tuple[int, ...]:
    found = [_WHOLE.match(part) for part in _LIST.split(text) if part]
    if found and all(m and 1 <= int(m[1]) <= MAX_AGE for m in found):
        return tuple(sorted({int(m[1]) for m in found}))
    raise ValueError(f"「40, 50」のように、1〜{MAX_AGE}の整数をカンマか「、」で区切って書いてください")


def _window(text: str) -> int:
    found = _WHOLE.match(text)
    if found and int(found[1]) >= 1:
        return int(found[1])
    raise ValueError("1以上の整数で書いてください (例: 2)")


def _exclude(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for part in (p for p in _LIST.split(text) if p):
        ids = [i.strip() for i in part.split(":")]
        if len(ids) != 2 or not all(ids):
            raise ValueError("「edu:police, a:b」のように、機関IDの組を「:」でつなぎ、組をカンマか「、」で区切って書いてください")
        pairs.append(tuple(sorted(ids)))
    return tuple(sorted(set(pairs)))


_PARSERS = {"span": _span, "boundaries": _boundaries, "window": _window, "exclude": _exclude}
_ENGLISH = {
    "span": f"write the lowest and highest age, e.g. 6-99 or 6〜99 (whole numbers 0-{MAX_AGE})",
    "boundaries": f"write whole numbers from 1 to {MAX_AGE} separated by commas or 、, e.g. 40, 50",
    "window": "write a whole number of at least 1, e.g. 2",
    "exclude": "write pairs of agency ids joined by ':' and separated by commas, e.g. edu:police, a:b",
    "date_style": "write 西暦 (western) or 和暦 (wareki)",
}
