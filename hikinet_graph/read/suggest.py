"""Did-you-mean: the known word closest to one that is not known (an id, a sheet name).

Words are compared after folding what people do not see as a difference: NFKC
(full/half width), katakana and hiragana, case and spaces. Closeness is the edit
distance (insertions, deletions and substitutions of one character) between the
folded words.
"""

from __future__ import annotations

import unicodedata

__all__ = ["Suggester", "closest", "edit_distance", "fold", "near"]

# the katakana that have a hiragana twin (ァ U+30A1 … ヶ U+30F6) sit 0x60 above it
_KATAKANA = range(0x30A1, 0x30F7)


def fold(text: str) -> str:
    """Fold a word as words are compared: NFKC, katakana to hiragana, lower case, no spaces.

    Examples
    --------
    >>> fold("サポスて") == fold("ｻﾎﾟｽﾃ") == fold("さぽすて")
    True
    >>> fold(" Agencies ")
    'agencies'
    """
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(chr(ord(c) - 0x60) if ord(c) in _KATAKANA else c for c in folded)
    return "".join(folded.split()).lower()


def edit_distance(a: str, b: str) -> int:
    """The number of single-character insertions, deletions and substitutions that turn ``a`` into ``b``.

    Examples
    --------
    >>> edit_distance("出席者", "出席"), edit_distance("referral", "referrals"), edit_distance("メモ", "機関")
    (1, 1, 2)
    """
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def near(a: str, b: str, limit: int = 2) -> bool:
    """Whether two words are close enough to be taken for each other, once folded.

    Close means at most ``limit`` edits, and fewer edits than the longer word has characters:
    two short words that share nothing (「メモ」 and 「機関」) are not close, however few edits apart.

    Examples
    --------
    >>> near("出席者", "出席"), near("メモ", "機関"), near("agencis", "agencies")
    (True, False, True)
    """
    a, b = fold(a), fold(b)
    distance = edit_distance(a, b)
    return distance <= limit and distance < max(len(a), len(b))


def closest(word: str, candidates, limit: int = 2, at_most: int = 3) -> list[str]:
    """The candidates :func:`near` ``word`` at the smallest distance found (ties in the candidates' order).

    Parameters
    ----------
    word : str
        The word that is not known.
    candidates : iterable of str
        The known words.
    limit : int
        The most edits a suggestion may be away.
    at_most : int
        How many suggestions to give.

    Examples
    --------
    >>> closest("サポスて", ["school", "サポステ", "サポート"])
    ['サポステ']
    """
    folded = fold(word)
    scored = []
    for position, candidate in enumerate(dict.fromkeys(candidates)):
        if candidate and near(word, candidate, limit):
            scored.append((edit_distance(folded, fold(candidate)), position, candidate))
    scored.sort()
    return [candidate for distance, _, candidate in scored if distance == scored[0][0]][:at_most]


class Suggester:
    """Did-you-mean over many known words (ids), each folded once; at most ``budget`` words are looked up.

    A file with thousands of unknown ids gets suggestions for the first ones only: the rest are
    reported without, rather than comparing every unknown id with every known one.

    Examples
    --------
    >>> Suggester(["school", "サポステ"]).suggest("サポスて")
    ['サポステ']
    """

    def __init__(self, candidates, budget: int = 200):
        self.by_length: dict[int, list[tuple[str, str]]] = {}
        for candidate in dict.fromkeys(candidates):
            folded = fold(candidate)
            self.by_length.setdefault(len(folded), []).append((folded, candidate))
        self.budget = budget
        self.cache: dict[str, list[str]] = {}

    def suggest(self, word: str, limit: int = 2, at_most: int = 3) -> list[str]:
        """The known words closest to ``word`` (see :func:`closest`); [] once the budget is spent."""
        if word in self.cache:
            return self.cache[word]
        if len(self.cache) >= self.budget:
            return []
        folded = fold(word)
        scored = []
        for length in range(len(folded) - limit, len(folded) + limit + 1):
            for candidate_folded, candidate in self.by_length.get(length, ()):
                distance = edit_distance(folded, candidate_folded)
                if distance <= limit and distance < max(len(folded), length):
                    scored.append((distance, candidate))
        best = min((d for d, _ in scored), default=None)
        found = [c for d, c in scored if d == best][:at_most]
        self.cache[word] = found
        return found
