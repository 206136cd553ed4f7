"""Words people see, in Japanese (default) and English. Keys are English identifiers."""

from __future__ import annotations

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
    "boundary": {"ja": "{b0}歳→{b}歳", "en": "age {b0} → {b}"},
    "ages_range": {"ja": "{lo}〜{hi}歳", "en": "{lo}-{hi}"},
    "ages_open": {"ja": "{lo}歳〜", "en": "{lo}+"},
    "core_member": {"ja": "コアメンバー", "en": "core member"},
    "shared_meetings": {"ja": "同席した会議", "en": "meetings attended together"},
    "relation": {"ja": "アンケートでの関係", "en": "questionnaire relation"},
    "level_1": {"ja": "1 顔見知り", "en": "1 know each other"},
    "level_2": {"ja": "2 情報共有", "en": "2 share information"},
    "level_3": {"ja": "3 紹介", "en": "3 refer clients"},
    "level_4": {"ja": "4 協働", "en": "4 support together"},
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
    "map_title_diff": {"ja": "変化の図", "en": "Change map"},
    "diff_added": {"ja": "新しくできたつながり", "en": "new link"},
    "diff_removed": {"ja": "なくなったつながり", "en": "lost link"},
    "diff_unchanged": {"ja": "変わらないつながり", "en": "unchanged link"},
    "diff_resolved": {"ja": "孤立が解消した機関", "en": "Left isolation"},
    "diff_new_isolated": {"ja": "新たに孤立した機関", "en": "Newly isolated"},
    "diff_still_isolated": {"ja": "孤立したままの機関", "en": "Still isolated"},
    "diff_agency_removed": {"ja": "後のデータにない機関", "en": "not in the later data"},
    "diff_agency_added": {"ja": "後のデータで加わった機関", "en": "new in the later data"},
    "diff_gap_closed": {"ja": "解消したすき間", "en": "gap closed"},
    "metric_agencies": {"ja": "機関数", "en": "Agencies"},
    "metric_links": {"ja": "つながり", "en": "Links"},
    "metric_referral_links": {"ja": "紹介でのつながり", "en": "Referral links"},
    "metric_density": {"ja": "密度", "en": "Density"},
    "metric_components": {"ja": "まとまりの数", "en": "Components"},
    "metric_isolated": {"ja": "孤立", "en": "Isolated"},
    "metric_no_referral": {"ja": "紹介なし", "en": "No referral"},
    "metric_gaps": {"ja": "年齢のすき間", "en": "Age gaps"},
    "metric_cut_agencies": {"ja": "要の機関", "en": "Cut agencies"},
    "metric_cross_sector_links": {"ja": "分野をまたぐつながり", "en": "Cross-sector links"},
    "metric_referrals": {"ja": "紹介件数", "en": "Referrals"},
    "metric_meetings": {"ja": "会議数", "en": "Meetings"},
    "metric_ei_index": {"ja": "E-I指数", "en": "E-I index"},
    "metric_reciprocity": {"ja": "紹介の双方向性", "en": "Reciprocity"},
    # the export's column headers in a Japanese workbook (an English workbook keeps the codes, for joining)
    "xlsx_round": {"ja": "回", "en": "round"},
    "xlsx_cutoff": {"ja": "日付", "en": "cutoff"},
    "xlsx_id": {"ja": "機関ID", "en": "id"},
    "xlsx_name": {"ja": "機関名", "en": "name"},
    "xlsx_sector": {"ja": "分野", "en": "sector"},
    "xlsx_age_min": {"ja": "対象年齢下限", "en": "age_min"},
    "xlsx_age_max": {"ja": "対象年齢上限", "en": "age_max"},
    "xlsx_style": {"ja": "支援スタイル", "en": "style"},
    "xlsx_core": {"ja": "コアメンバー", "en": "core"},
    "xlsx_resource": {"ja": "社会資源", "en": "resource"},
    "xlsx_degree": {"ja": "つながりのある機関数", "en": "degree"},
    "xlsx_referral_partners": {"ja": "紹介でつながる機関数", "en": "referral_partners"},
    "xlsx_referrals_out": {"ja": "紹介した件数", "en": "referrals_out"},
    "xlsx_referrals_in": {"ja": "紹介された件数", "en": "referrals_in"},
    "xlsx_betweenness": {"ja": "媒介中心性", "en": "betweenness"},
    "xlsx_cut": {"ja": "要の機関", "en": "cut"},
    "xlsx_boundary": {"ja": "境目(歳)", "en": "boundary"},
    "xlsx_kind": {"ja": "すき間の種類", "en": "kind"},
    "xlsx_sector_a": {"ja": "分野A", "en": "sector_a"},
    "xlsx_sector_b": {"ja": "分野B", "en": "sector_b"},
    "xlsx_sheet_rounds": {"ja": "回ごと", "en": "rounds"},
    "xlsx_sheet_agencies": {"ja": "機関ごと", "en": "agencies"},
    "xlsx_sheet_gaps": {"ja": "すき間", "en": "gaps"},
    "xlsx_sheet_sectors": {"ja": "分野間", "en": "sectors"},
    "compare_title": {"ja": "変化の比較", "en": "Before/after comparison"},
    "gaps_closed": {"ja": "解消したすき間", "en": "Gaps closed"},
    "gaps_opened": {"ja": "新しいすき間", "en": "Gaps opened"},
    "report_title": {"ja": "ひきこもり支援ネットワーク 報告", "en": "Hikikomori support network report"},
    "round_short": {"ja": "第{r}回", "en": "R{r}"},
    "progress_change": {"ja": "変化の図", "en": "change map"},
    "progress_index": {"ja": "報告書の目次", "en": "report index"},
    "chart_links": {"ja": "つながりの推移", "en": "Links by round"},
    "chart_problems": {"ja": "孤立・紹介なし・年齢のすき間の推移", "en": "Isolated, never-referring and age gaps by round"},
    "sentence_one_round": {"ja": "つながりは {links}、孤立している機関は {isolated}、年齢の境目のすき間は {gaps} です。",
                           "en": "There are {links} links, {isolated} isolated agencies and {gaps} age-boundary gaps."},
    "sentence_links": {"ja": "{r0}から{r1}までに、つながりは {before} から {after} に、紹介でのつながりは {rb} から {ra} になりました。",
                       "en": "From {r0} to {r1}, links went from {before} to {after} and referral links from {rb} to {ra}."},
    # the counts in these two sentences are the lengths of the tables under them (core.change.Change)
    "sentence_isolated": {"ja": "孤立している機関は {before} から {after} になりました (孤立が解消 {left} 機関、新たに孤立 {new} 機関)。",
                          "en": "Isolated agencies went from {before} to {after} ({left} left isolation, {new} newly isolated)."},
    "sentence_gaps": {"ja": "年齢の境目のすき間は {before} 件から {after} 件になりました (解消 {closed} 件、種類が変化 {changed} 件、新たに {opened} 件)。",
                      "en": "Age-boundary gaps went from {before} to {after} ({closed} closed, {changed} changed kind, {opened} opened)."},
    "sentence_cross": {"ja": "分野をまたぐつながりは {before} から {after} になりました。",
                       "en": "Links across sectors went from {before} to {after}."},
    "sec_summary": {"ja": "まとめ", "en": "Summary"},
    "sec_rounds": {"ja": "回ごとの推移", "en": "Round by round"},
    "sec_change": {"ja": "最初の回から最後の回までの変化", "en": "Change from the first to the last round"},
    "sec_gaps": {"ja": "年齢の境目のすき間 (最後の回)", "en": "Age-boundary gaps (last round)"},
    "sec_isolated": {"ja": "孤立している機関・紹介のない機関 (最後の回)", "en": "Isolated and never-referring agencies (last round)"},
    "sec_structure": {"ja": "ネットワークの要と橋渡し役 (最後の回)", "en": "Cut agencies and brokers (last round)"},
    "sec_sectors": {"ja": "分野間のつながり (最後の回)", "en": "Links between sectors (last round)"},
    "sec_ages": {"ja": "年齢ごとの支援 (最後の回)", "en": "Support by age (last round)"},
    "sec_pages": {"ja": "地図とデータ", "en": "Maps and data"},
    "sec_meetings": {"ja": "会議", "en": "Meetings"},
    "col_round": {"ja": "回", "en": "Round"},
    "col_date": {"ja": "日付", "en": "Date"},
    "col_title": {"ja": "会議名", "en": "Meeting"},
    "col_kind": {"ja": "種別", "en": "Kind"},
    "col_boundary": {"ja": "境目", "en": "Boundary"},
    "col_gap_kind": {"ja": "すき間の種類", "en": "Kind of gap"},
    "col_agencies": {"ja": "機関", "en": "Agencies"},
    "col_sector_pair": {"ja": "分野の組", "en": "Sectors"},
    "col_links": {"ja": "つながり", "en": "Links"},
    "col_before": {"ja": "前", "en": "Before"},
    "col_after": {"ja": "後", "en": "After"},
    "col_change": {"ja": "増減", "en": "Change"},
    "col_maps": {"ja": "地図", "en": "Maps"},
    "view_network": {"ja": "ネットワーク図", "en": "network"},
    "view_ages": {"ja": "年齢の図", "en": "ages"},
    "change_map": {"ja": "変化の図 (最初の回 → 最後の回)", "en": "Change map (first round → last round)"},
    "data_files": {"ja": "Excel などで使うデータ", "en": "Data for Excel and other tools"},
    "file_summary": {"ja": "summary.json: 各回の分析のすべて", "en": "summary.json: the full analysis of every round"},
    "file_metrics": {"ja": "metrics.csv: 回ごとの数値 (1回1行)", "en": "metrics.csv: figures per round, one row each"},
    "file_agencies": {"ja": "agencies-by-round.csv: 機関ごと・回ごとの数値", "en": "agencies-by-round.csv: figures per agency and round"},
    "new_cross_links": {"ja": "新しくできた分野をまたぐ紹介でのつながり", "en": "New referral links across sectors"},
    "gaps_explained": {"ja": "「15歳→16歳」は、15歳で支援が終わる機関から、16歳を支援する機関へつなぐ境目です。",
                       "en": "\"Age 15 → 16\" is where one agency's support ends at 15 and another's must begin at 16."},
    "no_gaps": {"ja": "年齢の境目のすき間はありません。", "en": "No age-boundary gaps."},
    "privacy_note": {"ja": "この報告は機関と件数だけを扱い、個人の情報は含みません。hikinet はネットワークに接続せず、データを外に送りません。",
                     "en": "This report covers agencies and counts only, no personal data. hikinet never connects to a network or sends data anywhere."},
    "print": {"ja": "印刷", "en": "Print"},
    "age_served": {"ja": "対象の機関数", "en": "agencies serving"},
    "col_examples": {"ja": "例", "en": "Examples"},
    "matrix_note": {"ja": "数字は2つの分野の機関の間のつながりの数 (対角線は同じ分野の中)。色が濃いほど多い。",
                    "en": "Each number counts links between agencies of the two sectors (the diagonal: within one sector); darker means more."},
    "short_agencies": {"ja": "機関", "en": "Agencies"},
    "short_links": {"ja": "つながり", "en": "Links"},
    "short_referral_links": {"ja": "紹介", "en": "Referral"},
    "short_density": {"ja": "密度", "en": "Density"},
    "short_isolated": {"ja": "孤立", "en": "Isolated"},
    "short_no_referral": {"ja": "紹介なし", "en": "No ref."},
    "short_gaps": {"ja": "すき間", "en": "Gaps"},
    "short_cut_agencies": {"ja": "要", "en": "Cut"},
    "rounds_note": {"ja": "各回の数字は、その回までの会議と、その回の最も遅い会議の日までの紹介・関係から数えています。紹介 = 紹介でのつながり、要 = 抜けるとネットワークが分かれる機関、すき間 = 年齢の境目のすき間 (機関ごと)。",
                    "en": "Each round counts the meetings up to it and the referrals and relations dated up to its latest meeting. Referral = referral links; Cut = agencies the network splits without; Gaps = age-boundary gaps per agency."},
    "more_pairs": {"ja": "ほか {n} 組 (summary.json にすべてあります)", "en": "{n} more pairs (all in summary.json)"},
    "kind_preparatory": {"ja": "準備会", "en": "preparatory meeting"},
    "kind_working_group": {"ja": "ワーキンググループ", "en": "working group"},
    "kind_survey": {"ja": "実態調査", "en": "survey"},
    "kind_network_meeting": {"ja": "ネットワーク会議", "en": "network meeting"},
    "survey_done": {"ja": "{path} に関係 {rows} 行を書きました ({respondents} 機関の回答から)",
                    "en": "wrote {rows} relation rows to {path} (from {respondents} answering agencies)"},
    "survey_non_respondents": {"ja": "回答のない機関", "en": "Agencies that did not answer"},
    "survey_discrepancies": {"ja": "回答が2段階以上ちがう組 (次の会議で話し合う点)",
                             "en": "Pairs whose answers differ by 2 levels or more (to discuss at the next meeting)"},
    "survey_ignored": {"ja": "機関ではない列 (読みません)", "en": "Columns that are not agencies (ignored)"},
    "public_note": {"ja": "公開用: {n}件未満の紹介件数は「<{n}」と表示しています。本人の年齢は含みません。",
                    "en": "Public version: referral counts below {n} are shown as \"<{n}\"; no client ages are included."},
    "public_suppressed": {"ja": "x: {n}件未満の値を含むため非表示 (機関ごと・全体の合計と、その変化)。",
                          "en": "x: hidden, as it includes a count below {n} (totals per agency and overall, and their change)."},
    "map_title_areas": {"ja": "地区の図", "en": "Area map"},
    "view_areas": {"ja": "地区の図", "en": "areas"},
    "links_within": {"ja": "地区の中のつながり", "en": "links within the area"},
    "links_between": {"ja": "ほかの地区とのつながり", "en": "links to other areas"},
    "no_area": {"ja": "(地区なし)", "en": "(no area)"},
    "no_area_column": {"ja": "機関の一覧に地区の列 ({columns}) がありません",
                       "en": "agencies have no area column ({columns})"},
    "legend_area_isolated": {"ja": "孤立した機関がある地区", "en": "area with isolated agencies"},
    "legend_area_gap": {"ja": "年齢のすき間がある地区", "en": "area with age-boundary gaps"},
    "legend_between_areas": {"ja": "地区のあいだのつながり (太さ = 数)", "en": "links between areas (width = number)"},
    "agency_id": {"ja": "機関ID", "en": "id"},
    "tip_linked": {"ja": "つながりのある機関", "en": "linked agencies"},
    "tip_referred_out": {"ja": "紹介した件数", "en": "referrals made"},
    "tip_referred_in": {"ja": "紹介された件数", "en": "referrals received"},
    "yes": {"ja": "はい", "en": "yes"},
    "no": {"ja": "いいえ", "en": "no"},
    "back_to_report": {"ja": "報告に戻る", "en": "back to the report"},
    "round_name": {"ja": "第{r}回時点", "en": "round {r}"},
    "gaps_changed": {"ja": "種類が変わったすき間", "en": "Gaps that changed kind"},
    "col_change_kind": {"ja": "変化", "en": "Change"},
    "links_note": {"ja": "つながり = 同じ会議への出席・紹介・アンケートのいずれかで結ばれた機関の組。ネットワーク会議に全員が出席すると、すべての組が「つながり」になります。一緒にケースを持ったかどうかは「紹介でのつながり」を見てください。",
                   "en": "A link joins two agencies that attended a meeting together, referred a client either way, or named each other in the questionnaire. Once everyone attends a network meeting every pair is linked; referral links show who actually worked a case together."},
    "matrix_referral_note": {"ja": "数字は2つの分野の機関の間の「紹介でのつながり」の数 (対角線は同じ分野の中)。色が濃いほど多い。",
                             "en": "Each number counts referral links between agencies of the two sectors (the diagonal: within one sector); darker means more."},
    "ei_explained": {"ja": "E-I指数: 分野の外とのつながりが多いほど +1 に、同じ分野の中だけなら -1 に近づきます (すべてのつながりで計算)。",
                     "en": "E-I index: near +1 when links mostly cross sectors, near -1 when they stay within one (over all links)."},
    "generated": {"ja": "作成", "en": "generated"},
}


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
