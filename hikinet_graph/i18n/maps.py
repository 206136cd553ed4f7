"""The words of the map pages and the report's network picture: key → {"ja": …, "en": …}."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "drill_more": {"ja": "ほかに地区の外の協働先 {n} 機関 (つながりの弱い順に省略)", "en": "{n} more working partners outside (the weakest, left out)"},
    "drill_open": {"ja": "地区を開く", "en": "Open an area"},
    "drill_choose": {"ja": "地区を選ぶ…", "en": "Choose an area…"},
    "drill_back": {"ja": "地区の図に戻る", "en": "Back to the areas"},
    "drill_outside": {"ja": "地区の外の協働先", "en": "working partner outside the area"},
    "drill_hint": {"ja": "地区をダブルクリックすると、その地区の機関 (●) と地区の外の協働先 (■) を表示します。", "en": "Double-click an area to see its agencies (●) and their working partners outside it (■)."},
    "toc_picture": {"ja": "ネットワークの図", "en": "Network picture"},
    "sec_picture": {"ja": "紹介・協働のネットワーク ({state})", "en": "The working network ({state})"},
    "picture_note": {"ja": "線は紹介・協働のつながり (紹介の記録、またはアンケートで「紹介」「協働」)。機関の位置は地図と同じです。", "en": "Lines are working ties (referrals recorded, or \"refer\" / \"support together\" in the questionnaire). Agencies stand where the maps place them."},
    "picture_no_names": {"ja": "機関が多いため名前は省いています (地区の図で見てください)。", "en": "Too many agencies to name: read the area view for names."},
    "picture_small": {"ja": "最初と最新の比較", "en": "First and latest, side by side"},
    "picture_ties": {"ja": "紹介・協働でつながる組 {n}", "en": "{n} working ties"},
    "picture_referral": {"ja": "紹介 (太さ = 件数)", "en": "referral (width = count)"},
    "picture_relation": {"ja": "アンケート: 紹介・協働", "en": "questionnaire: refer or support together"},
    "diff_new_working": {"ja": "新しい紹介・協働のつながり (緑の太線)", "en": "new working tie (thick green)"},
    "diff_lost_working": {"ja": "なくなった紹介・協働のつながり (赤の破線)", "en": "lost working tie (red dashes)"},
    "diff_same_working": {"ja": "変わらない紹介・協働のつながり (灰色)", "en": "unchanged working tie (grey)"},
    "diff_new_met": {"ja": "新しく会った組 (紹介・協働はまだ。薄い緑の点線)", "en": "newly met, no working tie yet (pale green dots)"},
    "diff_other_met": {"ja": "前から会っている組・会わなくなった組 (薄い線)", "en": "pairs who met before, or no longer meet (faint)"},
    "band_no_working": {"ja": "どの回でも紹介・協働のない機関", "en": "Agencies with no working tie in any round"},
    "legend_no_work": {"ja": "会っているが紹介・協働のない機関 (灰色の輪)", "en": "met others but works with nobody (grey ring)"},
    "now_subtitle": {"ja": "現在 ({d} までの記録)", "en": "now (records up to {d})"},
}
