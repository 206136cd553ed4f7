"""Per-folder settings from an optional ``hikinet.toml``: the life span analysed and extra age boundaries."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from ..errors import DataError, Problem
from ..model import DEFAULT_SPAN, Config
from .files import read_input_bytes

__all__ = ["Config", "DEFAULT_SPAN", "CONFIG_NAME", "load_config"]

CONFIG_NAME = "hikinet.toml"
_KEYS = {"span", "boundaries", "name"}


# ages in whole years; anything above is a typing mistake (and would make per-age tables huge)
MAX_AGE = 150


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_AGE


def load_config(path: Path, label: str, problems: list[Problem]) -> Config:
    """Read ``hikinet.toml`` if it exists; append problems (never raise) and fall back to defaults.

    Anything at ``path`` that is not a readable regular file (a folder, a FIFO, a dangling
    symlink…) is a problem naming it, as for the data files.
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
        problems.append(Problem(label, 1, "UTF-8 で保存してください (save this file as UTF-8)"))
        return Config()
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or 1
        problems.append(Problem(label, line, f"TOML として読めません (not valid TOML: {exc})"))
        return Config()
    unknown = sorted(set(data) - _KEYS)
    for key in unknown:
        problems.append(Problem(
            label, _line_of(text, key),
            f"不明な設定「{key}」。使える設定: name, span, boundaries (unknown setting {key!r}; known: name, span, boundaries)",
        ))
    span = DEFAULT_SPAN
    if "span" in data:
        raw = data["span"]
        if (isinstance(raw, list) and len(raw) == 2 and all(_whole(v) for v in raw) and raw[0] <= raw[1]):
            span = (raw[0], raw[1])
        else:
            problems.append(Problem(
                label, _line_of(text, "span"),
                f"span は [下限, 上限] の2つの整数 (0〜{MAX_AGE}) で書いてください"
                f" (span must be [lo, hi], two whole numbers from 0 to {MAX_AGE} with lo <= hi; got {raw!r})",
            ))
    boundaries: tuple[int, ...] = ()
    if "boundaries" in data:
        raw = data["boundaries"]
        if isinstance(raw, list) and all(_whole(v) and v >= 1 for v in raw):
            boundaries = tuple(sorted(set(raw)))
        else:
            problems.append(Problem(
                label, _line_of(text, "boundaries"),
                f"boundaries は1〜{MAX_AGE}の整数のリストで書いてください"
                f" (boundaries must be a list of whole numbers from 1 to {MAX_AGE}; got {raw!r})",
            ))
    name = data.get("name", "")
    if not isinstance(name, str):
        problems.append(Problem(label, _line_of(text, "name"),
                                f"name は文字列で書いてください (name must be text, e.g. name = \"B市\"; got {name!r})"))
        name = ""
    return Config(span=span, boundaries=boundaries, name=name.strip())


def _line_of(text: str, key: str) -> int:
    """The line where a setting is written (1 when it cannot be found)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(key):
            return number
    return 1
