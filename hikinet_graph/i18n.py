"""Words people see, in Japanese (default) and English. Keys are English identifiers."""

from __future__ import annotations

__all__ = ["LANGS", "t", "gap_kind", "round_label", "ages_label"]

LANGS = ("ja", "en")

_TEXT: dict[str, dict[str, str]] = {
    "title": {"ja": "ひきこもり支援ネットワーク分析", "en": "Hikikomori support network analysis"},
    "all_data": {"ja": "全データ", "en": "all data"},
    "round": {"ja": "第{r}回時点", "en": "as of round {r}"},
    "until": {"ja": "{d} までの紹介・関係", "en": "referrals and relations up to {d}"},
    "agencies": {"ja": "機関数", "en": "Agencies"},
    "links": {"ja": "つながり", "en": "Links"},
    "referral_links": {"ja": "紹介でのつながり", "en": "Referral links"},
    "density": {"ja": "密度", "en": "Density"},
    "components": {"ja": "まとまりの数", "en": "Components"},
    "referrals": {"ja": "紹介件数", "en": "Referrals"},
    "meetings": {"ja": "会議数", "en": "Meetings"},
    "isolated": {"ja": "孤立している機関 (つながりなし)", "en": "Isolated agencies (no link)"},
    "no_referral": {"ja": "会っているが紹介のない機関", "en": "Met others but never shared a case"},
    "uncovered": {"ja": "どの機関も対象にしていない年齢", "en": "Ages no agency serves"},
    "gaps": {"ja": "年齢の境目のすき間", "en": "Age-boundary gaps"},
    "cut_agencies": {"ja": "要の機関 (抜けるとネットワークが分かれる)", "en": "Cut agencies (the network splits without them)"},
    "brokers": {"ja": "橋渡し役 (媒介中心性)", "en": "Brokers (betweenness)"},
    "sector_links": {"ja": "分野間のつながり", "en": "Links between sectors"},
    "ei_index": {"ja": "E-I指数 (分野の外へのつながり -1〜+1)", "en": "E-I index (ties outside one's sector, -1 to +1)"},
    "reciprocity": {"ja": "紹介の双方向性", "en": "Reciprocity of referrals"},
    "no_accompaniment": {"ja": "伴走型の機関がいない年齢", "en": "Ages with no accompaniment-style agency"},
    "none": {"ja": "なし", "en": "none"},
    "per_agency": {"ja": "機関ごと", "en": "Per agency"},
    "col_agency": {"ja": "機関", "en": "Agency"},
    "col_sector": {"ja": "分野", "en": "Sector"},
    "col_ages": {"ja": "対象年齢", "en": "Ages"},
    "col_style": {"ja": "支援スタイル", "en": "Style"},
    "col_degree": {"ja": "つながり", "en": "Links"},
    "col_refs": {"ja": "紹介 出/入", "en": "Referrals out/in"},
    "col_flags": {"ja": "注意", "en": "Flags"},
    "flag_isolated": {"ja": "孤立", "en": "isolated"},
    "flag_no_referral": {"ja": "紹介なし", "en": "no referral"},
    "flag_cut": {"ja": "要", "en": "cut"},
    "flag_core": {"ja": "コア", "en": "core"},
    "valid": {"ja": "問題はありません", "en": "no problems found"},
    "problems": {"ja": "{n} 件の問題があります", "en": "{n} problems found"},
    "style_accompaniment": {"ja": "伴走型", "en": "accompaniment"},
    "style_problem_solving": {"ja": "課題解決型", "en": "problem solving"},
    "style_both": {"ja": "両方", "en": "both"},
    "style_": {"ja": "", "en": ""},
    "gap_coverage": {"ja": "受け皿なし (次の年齢を対象とする機関がない)",
                     "en": "coverage (no agency serves the next age)"},
    "gap_handover": {"ja": "引き継ぎ先とつながりなし", "en": "handover (no link to any agency serving the next age)"},
    "gap_weak_handover": {"ja": "引き継ぎが弱い (会っただけで紹介の実績なし)",
                          "en": "weak handover (linked, but no referral, to agencies serving the next age)"},
    "boundary": {"ja": "{b0}歳→{b}歳", "en": "age {b0} -> {b}"},
    "ages_range": {"ja": "{lo}〜{hi}歳", "en": "{lo}-{hi}"},
    "ages_open": {"ja": "{lo}歳〜", "en": "{lo}+"},
    "core_member": {"ja": "コアメンバー", "en": "core member"},
    "shared_meetings": {"ja": "同席した会議", "en": "meetings attended together"},
    "relation": {"ja": "アンケートでの関係", "en": "questionnaire relation"},
    "level_1": {"ja": "1 顔見知り", "en": "1 know each other"},
    "level_2": {"ja": "2 情報共有", "en": "2 share information"},
    "level_3": {"ja": "3 紹介", "en": "3 refer clients"},
    "level_4": {"ja": "4 協働", "en": "4 support together"},
    "isolated_short": {"ja": "孤立", "en": "Isolated"},
    "gaps_short": {"ja": "年齢のすき間", "en": "Age gaps"},
    "cut_short": {"ja": "要の機関", "en": "Cut agencies"},
    "uncovered_short": {"ja": "対象の機関なし", "en": "not served"},
    "no_sector": {"ja": "(分野なし)", "en": "(no sector)"},
    "legend_gap": {"ja": "年齢の境目で引き継ぎにすき間", "en": "handover gap at an age boundary"},
    "legend_core": {"ja": "ひし形 = コアメンバー", "en": "diamond = core member"},
    "legend_referral": {"ja": "紹介 (矢印、太さ = 件数)", "en": "referral (arrow, width = count)"},
    "legend_attendance": {"ja": "同じ会議に出席", "en": "attended a meeting together"},
    "legend_relation": {"ja": "アンケートでの関係 (点線、濃さ = レベル)", "en": "questionnaire relation (dashed, darker = level)"},
    "map_title_network": {"ja": "ネットワーク図", "en": "Network map"},
    "map_title_ages": {"ja": "年齢の図", "en": "Age map"},
    "search": {"ja": "機関を探す", "en": "Find agency"},
    "search_placeholder": {"ja": "機関名を入力", "en": "type an agency name"},
    "sectors_filter": {"ja": "分野 (クリックで表示/非表示)", "en": "Sectors (click to show/hide)"},
    "link_types": {"ja": "つながりの種類", "en": "Link types"},
    "show_all": {"ja": "すべて表示", "en": "show all"},
    "not_found": {"ja": "見つかりません", "en": "not found"},
    "legend_marks": {"ja": "印", "en": "Marks"},
    "legend_links": {"ja": "線", "en": "Lines"},
    "fit": {"ja": "全体を表示", "en": "Fit to screen"},
    "age_axis": {"ja": "歳", "en": "age"},
    "legend_boundaries": {"ja": "年齢の境目 (縦の点線)", "en": "Age boundaries (dashed verticals)"},
    "thinned": {"ja": "機関が多いため、各機関の紹介の多い相手とのつながりだけを表示しています ({shown:,} / {total:,} 組)",
                "en": "Large network: only each agency's strongest referral links are drawn ({shown:,} of {total:,} pairs)"},
    "generated": {"ja": "作成", "en": "generated"},
}


def t(key: str, lang: str = "ja", **values: object) -> str:
    text = _TEXT[key][lang if lang in LANGS else "ja"]
    return text.format(**values) if values else text


def gap_kind(kind: str, lang: str = "ja") -> str:
    return t(f"gap_{kind}", lang)


def round_label(round_: int | None, lang: str = "ja") -> str:
    return t("all_data", lang) if round_ is None else t("round", lang, r=round_)


def ages_label(lo: int, hi: int | None, lang: str = "ja") -> str:
    if hi is None:
        return t("ages_open", lang, lo=lo)
    return t("ages_range", lang, lo=lo, hi=hi)
