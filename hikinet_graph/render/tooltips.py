"""What hovering an agency shows: plain text, one fact per line, warnings last and marked.

Tooltips are text, never HTML (the page sets them with ``white-space: pre-line``),
so whatever a CSV file holds is shown as it is written.
"""

from __future__ import annotations

from ..core.public import PublicCounts
from ..i18n import ages_label, gap_kind, t
from ..model import Agency, Network

__all__ = ["WARNING_MARK", "ATTRIBUTE_LABELS", "agency_tooltip", "agency_tooltips"]

WARNING_MARK = "⚠"
# extra agency columns people often add, in words; any other column shows under its own header
ATTRIBUTE_LABELS = {
    "area": {"ja": "地区", "en": "area"},
    "hikikomori_desk": {"ja": "ひきこもり相談窓口", "en": "hikikomori desk"},
}
# the analysis row's flag behind each warning (the warning's words are the i18n key)
_FLAG_KEYS = {"isolated": "isolated", "no_referral": "no_referral", "cut_agencies": "cut"}


def _attribute_value(value: str, lang: str) -> str:
    folded = value.strip().lower()
    if folded in ("true", "false"):
        return t("yes" if folded == "true" else "no", lang)
    return value


class _Made(dict):
    """A dict that makes a missing value from its key with ``make``, and keeps it."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key) -> str:
        value = self[key] = self.make(key)
        return value


class _Words:
    """The words of the tooltips in one language, each looked up once: a report builds thousands of tooltips.

    The lines that recur (ages, a style, a column's value, a gap) are kept once made, each the same
    text as its words in :mod:`~hikinet_graph.i18n` make it; ages are kept by value and type, since
    15 and 15.0 are the same key but not the same words.
    """

    def __init__(self, lang: str):
        heads = self.heads = {key: f"{t(key, lang)}: " for key in (
            "agency_id", "col_sector", "col_ages", "col_style", "tip_working", "tip_linked", "tip_referred_out",
            "tip_referred_in")}
        self.core, self.resource = t("core_member", lang), t("tip_resource", lang)
        self.flags = [(_FLAG_KEYS[k], f"{WARNING_MARK} {t(k, lang)}") for k in ("isolated", "no_referral",
                                                                                  "cut_agencies")]
        # keys: (age_min, age_max, their types), a style, (column, value), an entry of a row's gaps
        self.ages = _Made(lambda key: f"{heads['col_ages']}{ages_label(key[0], key[1], lang)}")
        self.styles = _Made(lambda style: f"{heads['col_style']}{t('style_' + style, lang)}")
        self.attributes = _Made(lambda item: f"{ATTRIBUTE_LABELS.get(item[0], {}).get(lang, item[0])}: "
                                             f"{_attribute_value(item[1], lang)}")
        self.gaps = _Made(lambda entry: _gap_warning(entry, lang))


def _gap_warning(entry: str, lang: str) -> str:
    """The warning line of one entry of a row's ``gaps`` (``"b:kind"``)."""
    boundary, kind = entry.split(":")
    b = int(boundary)
    return f"{WARNING_MARK} {t('boundary', lang, b0=b - 1, b=b)} {gap_kind(kind, lang)}"


def _facts(agency: Agency, words: _Words) -> list[str]:
    """What the agency is: name, id, sector, ages, style, core membership and its extra columns."""
    lines = [agency.label]
    if agency.name and agency.name != agency.id:
        lines.append(f"{words.heads['agency_id']}{agency.id}")
    lines.append(f"{words.heads['col_sector']}{agency.sector or '-'}")
    lo, hi = agency.age_min, agency.age_max
    lines.append(words.ages[lo, hi, type(lo), type(hi)])
    if agency.style:
        lines.append(words.styles[agency.style])
    if agency.core:
        lines.append(words.core)
    if agency.attrs:
        attributes = words.attributes
        lines += [attributes[item] for item in agency.attrs.items() if item[1]]
    return lines


def agency_tooltip(agency: Agency, row: dict, lang: str, counts: PublicCounts | None = None) -> str:
    """One agency's tooltip.

    Parameters
    ----------
    agency : Agency
        The agency.
    row : dict
        Its row as the maps read it (:attr:`RoundView.rows`: ``cut`` of the working ties).
    lang : str
        ``"ja"`` or ``"en"``.
    counts : PublicCounts, optional
        The snapshot's public counts: referral totals then follow the public rule (a total
        that includes a hidden pair is ``"x"``). None: the counts as they are.

    Returns
    -------
    str
        Lines joined by ``"\\n"``.
    """
    return _tooltip(agency, row, _Words(lang), counts)


def _tooltip(agency: Agency, row: dict, words: _Words, counts: PublicCounts | None) -> str:
    """One agency's tooltip (:func:`agency_tooltip`) in the language of ``words``."""
    lines = _facts(agency, words)
    if agency.resource:
        lines.append(words.resource)
    heads = words.heads
    sent = row["referrals_out"] if counts is None else counts.sent(agency.id)
    received = row["referrals_in"] if counts is None else counts.received(agency.id)
    lines += [f"{heads['tip_working']}{row['referral_partners']}", f"{heads['tip_linked']}{row['degree']}",
              f"{heads['tip_referred_out']}{sent}", f"{heads['tip_referred_in']}{received}"]
    lines += [warning for flag, warning in words.flags if row[flag]]
    lines += [words.gaps[entry] for entry in row["gaps"].split()]
    return "\n".join(lines)


def agency_tooltips(network: Network, rows: dict[str, dict], lang: str,
                    counts: PublicCounts | None = None) -> dict[str, str]:
    """Every agency's tooltip, by id, from its row as the maps read it (see :func:`agency_tooltip`)."""
    words = _Words(lang)
    return {a.id: _tooltip(a, rows[a.id], words, counts) for a in network.agencies}
