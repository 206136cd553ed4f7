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


def _facts(agency: Agency, lang: str) -> list[str]:
    """What the agency is: name, id, sector, ages, style, core membership and its extra columns."""
    lines = [agency.label]
    if agency.name and agency.name != agency.id:
        lines.append(f"{t('agency_id', lang)}: {agency.id}")
    lines.append(f"{t('col_sector', lang)}: {agency.sector or '-'}")
    lines.append(f"{t('col_ages', lang)}: {ages_label(agency.age_min, agency.age_max, lang)}")
    if agency.style:
        lines.append(f"{t('col_style', lang)}: {t('style_' + agency.style, lang)}")
    if agency.core:
        lines.append(t("core_member", lang))
    for key, value in agency.attrs.items():
        if value:
            lines.append(f"{ATTRIBUTE_LABELS.get(key, {}).get(lang, key)}: {_attribute_value(value, lang)}")
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
    lines = _facts(agency, lang)
    if agency.resource:
        lines.append(t("tip_resource", lang))
    lines.append(f"{t('tip_working', lang)}: {row['referral_partners']}")
    lines.append(f"{t('tip_linked', lang)}: {row['degree']}")
    sent = row["referrals_out"] if counts is None else counts.sent(agency.id)
    received = row["referrals_in"] if counts is None else counts.received(agency.id)
    lines.append(f"{t('tip_referred_out', lang)}: {sent}")
    lines.append(f"{t('tip_referred_in', lang)}: {received}")
    warnings = [t(k, lang) for k in ("isolated", "no_referral", "cut_agencies") if row[_FLAG_KEYS[k]]]
    for entry in row["gaps"].split():
        boundary, kind = entry.split(":")
        b = int(boundary)
        warnings.append(f"{t('boundary', lang, b0=b - 1, b=b)} {gap_kind(kind, lang)}")
    lines += [f"{WARNING_MARK} {w}" for w in warnings]
    return "\n".join(lines)


def agency_tooltips(network: Network, rows: dict[str, dict], lang: str,
                    counts: PublicCounts | None = None) -> dict[str, str]:
    """Every agency's tooltip, by id, from its row as the maps read it (see :func:`agency_tooltip`)."""
    return {a.id: agency_tooltip(a, rows[a.id], lang, counts) for a in network.agencies}
