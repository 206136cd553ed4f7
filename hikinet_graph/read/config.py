"""Per-folder settings from an optional ``hikinet.toml``: the network's name, the life span analysed,
extra age boundaries and the crossings' window.

A setting that is wrong is a problem on its line, reported with the data's
problems; the defaults of :class:`~hikinet_graph.model.Config` stand in for it.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from ..errors import DataError, Problem
from ..i18n import bilingual
from ..model import DEFAULT_SPAN, DEFAULT_WINDOW, Config
from .files import read_input_bytes

__all__ = ["CONFIG_NAME", "MAX_AGE", "load_config"]

CONFIG_NAME = "hikinet.toml"
_KEYS = {"span", "boundaries", "name", "window"}

# ages in whole years; anything above is a typing mistake (and would make per-age tables huge)
MAX_AGE = 150


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_AGE


def load_config(path: Path, label: str, problems: list[Problem]) -> Config:
    """Read ``hikinet.toml`` if it exists; append problems (never raise) and fall back to defaults.

    Anything at ``path`` that is not a readable regular file (a folder, a FIFO, a dangling
    symlink…) is a problem naming it, as for the data files.

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
    if not os.path.lexists(path):
        return Config()
    try:
        text = read_input_bytes(path, label).decode("utf-8-sig")
        data = tomllib.loads(text)
    except DataError as exc:
        problems.extend(exc.problems)
        return Config()
    except UnicodeDecodeError:
        problems.append(Problem(label, 1, bilingual("UTF-8 で保存してください", "save this file as UTF-8")))
        return Config()
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or 1
        problems.append(Problem(label, line, bilingual("TOML として読めません", f"not valid TOML: {exc}")))
        return Config()

    def problem(key: str, ja: str, en: str) -> None:
        problems.append(Problem(label, _line_of(text, key), bilingual(ja, en)))

    for key in sorted(set(data) - _KEYS):
        problem(key, f"不明な設定「{key}」。使える設定: name, span, boundaries, window",
                f"unknown setting {key!r}; known: name, span, boundaries, window")
    return Config(span=_span(data, problem), boundaries=_boundaries(data, problem), name=_name(data, problem),
                  window=_window(data, problem))


def _span(data: dict, problem) -> tuple[int, int]:
    if "span" not in data:
        return DEFAULT_SPAN
    raw = data["span"]
    if isinstance(raw, list) and len(raw) == 2 and all(_whole(v) for v in raw) and raw[0] <= raw[1]:
        return (raw[0], raw[1])
    problem("span", f"span は [下限, 上限] の2つの整数 (0〜{MAX_AGE}) で書いてください",
            f"span must be [lo, hi], two whole numbers from 0 to {MAX_AGE} with lo <= hi; got {raw!r}")
    return DEFAULT_SPAN


def _boundaries(data: dict, problem) -> tuple[int, ...]:
    if "boundaries" not in data:
        return ()
    raw = data["boundaries"]
    if isinstance(raw, list) and all(_whole(v) and v >= 1 for v in raw):
        return tuple(sorted(set(raw)))
    problem("boundaries", f"boundaries は1〜{MAX_AGE}の整数のリストで書いてください",
            f"boundaries must be a list of whole numbers from 1 to {MAX_AGE}; got {raw!r}")
    return ()


def _window(data: dict, problem) -> int:
    """The crossings' window: a whole number >= 1 (a referral is near boundary b at ages b-w to b+w-1)."""
    raw = data.get("window", DEFAULT_WINDOW)
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 1:
        return raw
    problem("window", "window は1以上の整数で書いてください (例: window = 2)",
            f"window must be a whole number of at least 1, e.g. window = 2; got {raw!r}")
    return DEFAULT_WINDOW


def _name(data: dict, problem) -> str:
    name = data.get("name", "")
    if isinstance(name, str):
        return name.strip()
    problem("name", "name は文字列で書いてください", f"name must be text, e.g. name = \"B市\"; got {name!r}")
    return ""


def _line_of(text: str, key: str) -> int:
    """The line where a setting is written (1 when it cannot be found)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(key):
            return number
    return 1
