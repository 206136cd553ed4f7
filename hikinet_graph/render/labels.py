"""Agency names as the maps draw them: at most two lines, and how much room a name with its agency takes.

A map is read by its names, so no two agencies' boxes (the node and its name, as
vis-network's ``getBoundingBox`` reports them) may overlap. Python cannot measure
the browser's fonts, so it estimates generously: a full-width character is one em,
any other character 0.6 em, and every name gets :data:`FONT_MARGIN` more for fonts
wider than the test fonts (Windows' Meiryo, Yu Gothic). docs/maps-and-report.md
states the rule.

Examples
--------
>>> wrap_label("子ども家庭支援センター")
'子ども家庭支援センター'
>>> print(wrap_label("社会福祉法人あおば福祉会（障害福祉サービス事業所）"))
社会福祉法人あおば福祉会
（障害福祉サービス事業所）
"""

from __future__ import annotations

import functools
import itertools
import math
import unicodedata

__all__ = ["FONT_PX", "FONT_MARGIN", "LINE_EM", "text_em", "wrap_label", "node_box", "node_size"]

FONT_PX = 19  # the maps' label font size (render.style.base_options)
FONT_MARGIN = 1.2  # room for fonts up to 20 % wider than the test fonts
LINE_EM = 13.0  # a name longer than this wraps onto two lines
_LOOK_AT = int(3 * LINE_EM / 0.6) + 2  # characters: more than two lines' worth even if every one is narrow
_BREAK_AFTER = "）)」』】・ 　/／、"
_BREAK_BEFORE = "（(「『【"
_NO_LINE_START = "ーぁぃぅぇぉっゃゅょァィゥェォッャュョ）)」』】、。，．・"


def _char_em(ch: str) -> float:
    """One character's width in ems: full-width (East Asian wide) 1, any other 0.6."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6


def _added(widths) -> float:
    """Widths added left to right: the one order every width here is summed in, so equal text, equal float."""
    total = 0.0
    for width in widths:
        total += width
    return total


def text_em(text: str) -> float:
    """How wide ``text`` is in ems: full-width (East Asian wide) characters 1, others 0.6."""
    return _added(_char_em(ch) for ch in text)


@functools.lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    """A character's script, for breaking between words: kanji, katakana, hiragana, latin or other."""
    name = unicodedata.name(ch, "")
    for script in ("CJK", "KATAKANA", "HIRAGANA", "LATIN", "DIGIT", "FULLWIDTH LATIN"):
        if name.startswith(script) or f" {script}" in name[:20]:
            return script
    return "other"


def _cost(name: str, k: int, before: float, half: float) -> float:
    """How bad a break before ``name[k]`` is (``before``: the first line's width): far from the middle,
    inside a word, or against kinsoku rules."""
    cost = abs(before - half)
    if name[k - 1] in _BREAK_AFTER or name[k] in _BREAK_BEFORE:
        cost -= 5.0  # brackets, ・ and spaces: where a person would break the name
    elif _script(name[k - 1]) != _script(name[k]):
        cost -= 3.5  # between words: 地域若者 / サポートステーション
    if name[k] in _NO_LINE_START or name[k - 1] in _BREAK_BEFORE:
        cost += 10.0  # a line never starts with ー, a small kana or a closing bracket, nor ends with an opening one
    return cost


def _cut(name: str) -> int:
    """Where to break ``name`` into two lines: the cheapest break (:func:`_cost`) whose lines both fit, else the middle."""
    widths = [_char_em(ch) for ch in name]
    # the widths of name[:k] and name[k:] for every k, each added left to right as text_em adds them
    before = list(itertools.accumulate(widths, initial=0.0))
    after = [_added(widths[k:]) for k in range(len(name) + 1)]
    half = before[-1] / 2
    best, best_cost = None, math.inf
    for k in range(1, len(name)):
        if max(before[k], after[k]) > LINE_EM:
            continue
        cost = _cost(name, k, before[k], half)
        if cost < best_cost:
            best, best_cost = k, cost
    if best is not None:
        return best
    # too long for two lines (the second will end in "…"): a natural break in the second half of a full
    # first line, else as much as fits
    width, k = 0.0, 0
    while k < len(name) and width + widths[k] <= LINE_EM:
        width += widths[k]
        k += 1
    natural = [j for j in range(1, k + 1) if before[j] >= LINE_EM / 2 and j < len(name)
               and (name[j - 1] in _BREAK_AFTER or name[j] in _BREAK_BEFORE)]
    if natural:
        return natural[-1]
    while 1 < k < len(name) and name[k] in _NO_LINE_START:
        k -= 1
    return max(k, 1)


@functools.lru_cache(maxsize=65536)  # pure; a report wraps each name once per state and view
def wrap_label(name: str) -> str:
    """A name on at most two lines of about :data:`LINE_EM` ems; a longer one ends in "…" (the tooltip has it whole)."""
    # two lines show at most 2 x LINE_EM ems; looking further would only cost time (a 2 MB name in a fuzz test)
    name = " ".join(name[: _LOOK_AT].split())
    if text_em(name) <= LINE_EM:
        return name
    k = _cut(name)
    first, second = name[:k].rstrip(), name[k:].lstrip()
    if text_em(second) > LINE_EM:
        while second and text_em(second) + 1.0 > LINE_EM:
            second = second[:-1]
        second += "…"
    return f"{first}\n{second}"


def node_size(partners: float, referrals: float, public: bool) -> float:
    """An agency's radius in pixels: grows with its working partners and (internal pages) its referral volume.

    Working partners, not every agency met: after a network meeting everyone has met everyone.
    On public pages referral volume is left out, since it could tell small counts apart.
    """
    size = 12 + 5 * math.sqrt(partners)
    return size if public else size + 2 * math.log1p(referrals)


def node_box(label: str, size: float) -> tuple[float, float, float]:
    """The room an agency takes around its centre, generously: ``(half_width, above, below)`` in pixels.

    The node is a circle of radius ``size`` plus its widest ring; its name sits under it,
    one :data:`FONT_PX` line per line of the label.
    """
    lines = label.split("\n")
    radius = size + 6  # the widest ring (borderWidth 5, 6 selected)
    half_width = max(radius, max(text_em(line) for line in lines) * FONT_PX * FONT_MARGIN / 2 + 4)
    return half_width, radius + 2, radius + len(lines) * FONT_PX * 1.25 + 4
