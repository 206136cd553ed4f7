"""Words people see, in Japanese (default) and English. Keys are English identifiers.

The tables live in one module per part of the product (``words``: analysis, maps, report;
``maps``: the map pages; ``agenda``: the next meeting's agenda); a key is defined once.
"""

from __future__ import annotations

from . import agenda, maps, words

__all__ = ["LANGS", "t", "bilingual", "gap_kind", "meeting_kind", "round_label", "ages_label"]

LANGS = ("ja", "en")


def bilingual(ja: str, en: str) -> str:
    """A problem message as hikinet prints it: Japanese first, English in parentheses.

    The same text serves a coordinator and a script that greps it.

    Examples
    --------
    >>> bilingual("ファイルが空です", "the file is empty")
    'ファイルが空です (the file is empty)'
    """
    return f"{ja} ({en})"


_TEXT: dict[str, dict[str, str]] = {}
for _part in (words, agenda, maps):
    if _TEXT.keys() & _part.TEXT.keys():  # one definition per key, whichever table holds it
        raise RuntimeError(f"i18n keys defined twice: {sorted(_TEXT.keys() & _part.TEXT.keys())}")
    _TEXT.update(_part.TEXT)


def t(key: str, lang: str = "ja", **values: object) -> str:
    """The words of ``key`` in ``lang`` (Japanese for an unknown language), with ``values`` filled in.

    Examples
    --------
    >>> t("round", "ja", r=2), t("round", "en", r=2)
    ('第2回時点', 'as of round 2')
    """
    text = _TEXT[key][lang if lang in LANGS else "ja"]
    return text.format(**values) if values else text


def gap_kind(kind: str, lang: str = "ja") -> str:
    """The name of a kind of gap (``coverage``, ``handover``, ``weak_handover``) in ``lang``."""
    return t(f"gap_{kind}", lang)


def round_label(round_: int | None, lang: str = "ja") -> str:
    """A round as people read it ("第2回"); None is all data."""
    return t("all_data", lang) if round_ is None else t("round", lang, r=round_)


def meeting_kind(kind: str, lang: str = "ja") -> str:
    """The documented meeting kinds in words; any other kind is shown as the user wrote it."""
    key = f"kind_{kind}"
    return t(key, lang) if key in _TEXT else kind


def ages_label(lo: int, hi: int | None, lang: str = "ja") -> str:
    """Ages served as people read them ("6〜15歳"; no upper limit: "12歳〜")."""
    if hi is None:
        return t("ages_open", lang, lo=lo)
    return t("ages_range", lang, lo=lo, hi=hi)
