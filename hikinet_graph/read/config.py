"""A network's settings: an optional ``hikinet.toml`` beside the data, and a workbook's 設定 sheet.

Keys: the network's name, the life span analysed, extra age boundaries, the
crossings' window, how dates are shown and the pairs never suggested to each
other. A setting that is wrong is a problem on its line, reported with the
data's problems; the defaults of :class:`~hikinet_graph.model.Config` stand in
for it. Both sources may give a key only when they agree (:func:`merge_settings`).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Problem
from ..i18n import bilingual
from ..model import DEFAULT_SPAN, DEFAULT_WINDOW, Config
from ..vocabulary import DATE_STYLE_VALUES
from .files import read_input_bytes

__all__ = ["CONFIG_NAME", "MAX_AGE", "Settings", "exclude_location", "load_config", "merge_settings",
           "read_toml_settings"]

CONFIG_NAME = "hikinet.toml"
_KEYS = ("name", "span", "boundaries", "window", "date_style", "exclude")

# ages in whole years; anything above is a typing mistake (and would make per-age tables huge)
MAX_AGE = 150


@dataclass
class Settings:
    """The settings one source gives (a hikinet.toml, or a workbook's 設定 sheet).

    Attributes
    ----------
    label : str
        How problems name the source.
    values : dict
        hikinet.toml key -> the value, checked (span and boundaries as tuples, exclude as sorted pairs).
    lines : dict
        Key -> the line (or row) it is written on.
    written : dict
        Key -> the value as written, for messages.
    keys : dict
        Key -> how this source names it (``span`` in hikinet.toml, 対象年齢の範囲 in the sheet).
    """

    label: str
    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_AGE


def load_config(path: Path, label: str, problems: list[Problem]) -> Config:
    """Read ``hikinet.toml`` if it exists; append problems (never raise) and fall back to defaults.

    Parameters
    ----------
    path : Path
        Where the settings file would be.
    label : str
        How problems name it.
    problems : list of Problem
        Where problems are appended.

    Returns
    -------
    Config
        The settings; the default for each one missing or wrong.
    """
    return merge_settings([read_toml_settings(path, label, problems)], problems)


def read_toml_settings(path: Path, label: str, problems: list[Problem]) -> Settings:
    """The settings of a ``hikinet.toml``; none when there is no such file.

    Anything at ``path`` that is not a readable regular file (a folder, a FIFO, a dangling
    symlink…) is a problem naming it, as for the data files.
    """
    settings = Settings(label)
    if not os.path.lexists(path):
        return settings
    try:
        text = read_input_bytes(path, label).decode("utf-8-sig")
        data = tomllib.loads(text)
    except DataError as exc:
        problems.extend(exc.problems)
        return settings
    except UnicodeDecodeError:
        problems.append(Problem(label, 1, bilingual("UTF-8 で保存してください", "save this file as UTF-8")))
        return settings
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or 1
        problems.append(Problem(label, line, bilingual("TOML として読めません", f"not valid TOML: {exc}")))
        return settings

    def problem(key: str, ja: str, en: str) -> None:
        problems.append(Problem(label, _line_of(text, key), bilingual(ja, en)))

    for key in sorted(set(data) - set(_KEYS)):
        problem(key, f"不明な設定「{key}」。使える設定: {', '.join(_KEYS)}",
                f"unknown setting {key!r}; known: {', '.join(_KEYS)}")
    for key in _KEYS:
        if key in data:
            value = _CHECKS[key](data[key], problem)
            if value is not None:
                settings.values[key] = value
                settings.lines[key] = _line_of(text, key)
                settings.written[key] = repr(data[key])
                settings.keys[key] = key
    return settings


def _span(raw: object, problem) -> tuple[int, int] | None:
    if isinstance(raw, list) and len(raw) == 2 and all(_whole(v) for v in raw) and raw[0] <= raw[1]:
        return (raw[0], raw[1])
    problem("span", f"span は [下限, 上限] の2つの整数 (0〜{MAX_AGE}) で書いてください",
            f"span must be [lo, hi], two whole numbers from 0 to {MAX_AGE} with lo <= hi; got {raw!r}")
    return None


def _boundaries(raw: object, problem) -> tuple[int, ...] | None:
    if isinstance(raw, list) and all(_whole(v) and v >= 1 for v in raw):
        return tuple(sorted(set(raw)))
    problem("boundaries", f"boundaries は1〜{MAX_AGE}の整数のリストで書いてください",
            f"boundaries must be a list of whole numbers from 1 to {MAX_AGE}; got {raw!r}")
    return None


def _window(raw: object, problem) -> int | None:
    """The crossings' window: a whole number >= 1 (a referral is near boundary b at ages b-w to b+w-1)."""
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 1:
        return raw
    problem("window", "window は1以上の整数で書いてください (例: window = 2)",
            f"window must be a whole number of at least 1, e.g. window = 2; got {raw!r}")
    return None


def _name(raw: object, problem) -> str | None:
    if isinstance(raw, str):
        return raw.strip()
    problem("name", "name は文字列で書いてください", f"name must be text, e.g. name = \"B市\"; got {raw!r}")
    return None


def _date_style(raw: object, problem) -> str | None:
    if isinstance(raw, str) and raw.strip().lower() in DATE_STYLE_VALUES:
        return DATE_STYLE_VALUES[raw.strip().lower()]
    problem("date_style", "date_style は \"western\" (西暦) か \"wareki\" (和暦) にしてください",
            f"date_style must be \"western\" or \"wareki\"; got {raw!r}")
    return None


def _exclude(raw: object, problem) -> tuple[tuple[str, str], ...] | None:
    """Pairs of ids, as ``[["edu", "police"]]`` or ``["edu:police"]``; each pair sorted, the list sorted."""
    pairs = []
    for item in raw if isinstance(raw, list) else [None]:
        if isinstance(item, str) and item.count(":") == 1:
            item = item.split(":")
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(i, str) and i.strip() for i in item)):
            problem("exclude", "exclude は [[\"edu\", \"police\"], [\"a\", \"b\"]] のように機関IDの組のリストで書いてください",
                    f"exclude must be a list of pairs of agency ids, e.g. [[\"edu\", \"police\"]]; got {raw!r}")
            return None
        pairs.append(tuple(sorted(i.strip() for i in item)))
    return tuple(sorted(set(pairs)))


_CHECKS = {"name": _name, "span": _span, "boundaries": _boundaries, "window": _window, "date_style": _date_style,
           "exclude": _exclude}


def merge_settings(sources: list[Settings], problems: list[Problem]) -> Config:
    """One :class:`Config` from every source; a key two sources set to different values is a problem naming both.

    Parameters
    ----------
    sources : list of Settings
        The settings sheet and hikinet.toml (either may be empty).
    problems : list of Problem
        Where problems are appended.

    Returns
    -------
    Config
        The settings; where two sources disagree, the first one's value.
    """
    merged: dict[str, object] = {}
    given: dict[str, Settings] = {}
    for source in sources:
        for key, value in source.values.items():
            if key not in merged:
                merged[key], given[key] = value, source
            elif merged[key] != value:
                first = given[key]
                problems.append(Problem(source.label, source.lines[key], bilingual(
                    f"設定「{source.keys[key]}」({source.written[key]}) が {first.label} の「{first.keys[key]}」"
                    f"({first.written[key]}) と違います。どちらか一方だけに書くか、同じ値にしてください",
                    f"setting {source.keys[key]!r} ({source.written[key]}) differs from {first.keys[key]!r} "
                    f"({first.written[key]}) in {first.label}: write it in one place, or make them agree")))
    return Config(span=merged.get("span", DEFAULT_SPAN), boundaries=merged.get("boundaries", ()),
                  name=merged.get("name", ""), window=merged.get("window", DEFAULT_WINDOW),
                  date_style=merged.get("date_style", "western"), exclude=merged.get("exclude", ()))


def exclude_location(sources: list[Settings]) -> tuple[str, int]:
    """Where the excluded pairs are written (the first source that gives them), for unknown ids in them."""
    for source in sources:
        if "exclude" in source.values:
            return source.label, source.lines["exclude"]
    return "", 1


def _line_of(text: str, key: str) -> int:
    """The line where a setting is written (1 when it cannot be found)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(key):
            return number
    return 1
