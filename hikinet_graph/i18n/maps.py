"""The words of the map pages and the report's network picture: key → {"ja": …, "en": …}."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "diff_new_working": {"ja": "新しい紹介・協働のつながり (緑の太線)", "en": "new working tie (thick green)"},
    "diff_lost_working": {"ja": "なくなった紹介・協働のつながり (赤の破線)", "en": "lost working tie (red dashes)"},
    "diff_same_working": {"ja": "変わらない紹介・協働のつながり (灰色)", "en": "unchanged working tie (grey)"},
    "diff_new_met": {"ja": "新しく会った組 (紹介・協働はまだ。緑の点線)", "en": "newly met, no working tie yet (green dots)"},
    "diff_other_met": {"ja": "前から会っている組・会わなくなった組 (薄い線)", "en": "pairs who met before, or no longer meet (faint)"},
    "band_no_working": {"ja": "紹介・協働のつながりがまだない機関 (どの回でも)", "en": "Agencies with no working tie yet (in any round)"},
}
