"""Agency names as people write them, matched to ids: tolerantly, but only when the match is certain.

Names are compared after folding full/half width, spaces, 「・」 and the common
abbreviations of :data:`~hikinet_graph.vocabulary.NAME_ABBREVIATIONS` (社協 ↔
社会福祉協議会 …); a part in brackets may be left out. A name that fits no agency,
or more than one, is unsure: the caller asks for a mapping file (``name,id``)
instead of guessing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

from ..errors import DataError, Problem
from ..i18n import bilingual
from ..model import Agency
from ..vocabulary import (
    FORMULA_PREFIXES,
    NAME_ABBREVIATIONS,
    SURVEY_HEADERS,
    normalize_header,
)
from .checks import formula_id_message
from .files import decode_bytes, read_input_bytes
from .tables import numbered_rows

__all__ = ["NameMatcher", "canonical_name", "read_mapping"]

_BRACKETS = re.compile(r"[（(【\[「『].*?[）)】\]」』]")


def canonical_name(text: str) -> str:
    """Fold an agency name as names are compared: NFKC, no spaces or dots, abbreviations shortened.

    Examples
    --------
    >>> canonical_name("市 社会福祉協議会")
    '市社協'
    >>> canonical_name("ＮＰＯ法人・ひまわり")
    'npo法人ひまわり'
    """
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(folded.split()).replace("・", "").replace("･", "").lower()
    for full, short in NAME_ABBREVIATIONS:
        folded = folded.replace(full, short)
    return folded


def _without_brackets(text: str) -> str:
    return _BRACKETS.sub("", unicodedata.normalize("NFKC", text))


class NameMatcher:
    """Match names to the ids of ``agencies``, by a mapping first, then by id, then by folded name.

    Parameters
    ----------
    agencies : list of Agency
        The agencies names may stand for.
    mapping : dict
        Name as written -> id, from a mapping file; it always wins.

    Examples
    --------
    >>> matcher = NameMatcher([Agency("shakyo", "社会福祉協議会", "", 0, None, "", False)], {})
    >>> matcher.match("社協")
    ('shakyo', [])
    >>> matcher.match("教育委員会")
    (None, [])
    """

    def __init__(self, agencies: list[Agency], mapping: dict[str, str]):
        self.agencies = agencies
        self.ids = {a.id for a in agencies}
        self.mapping = mapping
        self.by_key: dict[str, set[str]] = {}
        for agency in agencies:
            for variant in {agency.name, _without_brackets(agency.name), agency.id}:
                if variant.strip():
                    self.by_key.setdefault(canonical_name(variant), set()).add(agency.id)

    def match(self, name: str) -> tuple[str | None, list[str]]:
        """Find the id for ``name``: ``(id, [])`` when certain, else ``(None, suggested ids)``."""
        name = name.strip()
        if name in self.mapping:
            return self.mapping[name], []
        if name in self.ids:
            return name, []
        for key in (canonical_name(name), canonical_name(_without_brackets(name))):
            found = self.by_key.get(key, set())
            if len(found) == 1:
                return next(iter(found)), []
            if len(found) > 1:
                return None, sorted(found)
        keys = difflib.get_close_matches(canonical_name(name), list(self.by_key), n=3, cutoff=0.4)
        return None, sorted({i for k in keys for i in self.by_key[k]})


def read_mapping(path: Path, ids: set[str]) -> dict[str, str]:
    """Read a mapping file: two columns ``name,id`` (a header row is optional).

    Parameters
    ----------
    path : Path
        The mapping file (CSV, UTF-8 or CP932).
    ids : set of str
        The agency ids that exist.

    Returns
    -------
    dict
        Name as written -> agency id.

    Raises
    ------
    DataError
        Listing every row that is not two cells, names an unknown id, or an id like a formula.
    """
    problems: list[Problem] = []
    text = decode_bytes(read_input_bytes(path), str(path))
    mapping: dict[str, str] = {}
    column = None
    for number, row in numbered_rows(text):
        cells = [c.strip() for c in row]
        if number == 1 and len(cells) >= 2 and normalize_header(cells[1]) in SURVEY_HEADERS["map_id"]:
            column = cells[1]
            continue
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            problems.append(Problem(str(path), number, bilingual(
                "「名前,機関ID」の2列で書いてください", "write two columns: name,id")))
            continue
        if cells[1].startswith(FORMULA_PREFIXES):  # never written to relations.csv
            problems.append(Problem(str(path), number, formula_id_message(cells[1], column)))
            continue
        if cells[1] not in ids:
            problems.append(Problem(str(path), number, bilingual(
                f"機関一覧にないID「{cells[1]}」", f"unknown agency id {cells[1]!r}")))
            continue
        mapping[cells[0]] = cells[1]
    if problems:
        raise DataError(problems)
    return mapping
