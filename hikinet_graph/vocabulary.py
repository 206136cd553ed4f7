"""Every word hikinet reads or offers: file, sheet and column names, cell values, survey and template words.

One table per kind, English and Japanese side by side. Readers (``read``) look
words up here, the template (``write.starter``) offers the words listed here, and
docs/data-format.md lists the same tables for people. Messages shown to people
are not here: they live in :mod:`hikinet_graph.i18n`.

Examples
--------
Every word the template offers is one the readers accept:

>>> all(normalize_value(w) in STYLE_VALUES for w in TEMPLATE_CHOICES["agencies"]["style"])
True
>>> all(normalize_value(w) in BOOL_VALUES for w in TEMPLATE_CHOICES["agencies"]["core"])
True
>>> all(COLUMN_ALIASES[stem].get(normalize_header(h), normalize_header(h)) == column
...     for stem in FILES for h, column in zip(JAPANESE_HEADERS[stem], FILES[stem]))
True
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "ATTENDED_MARKS",
    "BOOL_VALUES",
    "DATE_STYLE_VALUES",
    "COLUMN_ALIASES",
    "FILES",
    "FORMULA_PREFIXES",
    "HELP_HEADER",
    "HELP_SHEET",
    "JAPANESE_HEADERS",
    "JAPANESE_SHEETS",
    "LEVEL_VALUES",
    "MATRIX_FIRST_HEADERS",
    "NAME_ABBREVIATIONS",
    "NETWORK_MEETING_KINDS",
    "PERSONAL_DATA_MARKERS",
    "PRIVATE_FILES",
    "REQUIRED_COLUMNS",
    "SETTINGS_HEADER_WORDS",
    "SETTINGS_SHEET",
    "SETTINGS_SHEET_NAMES",
    "SETTING_KEYS",
    "SETTING_NAMES_JA",
    "SHEET_NAMES",
    "STYLE_VALUES",
    "SURVEY_HEADERS",
    "TEMPLATE_CHOICES",
    "TEMPLATE_EXTRA_HEADERS",
    "TEMPLATE_FREE_CHOICES",
    "accepted_headers",
    "normalize_header",
    "normalize_value",
]

# --------------------------------------------------------------------------- files and columns

# file stem -> canonical columns, in the order the template writes them
FILES: dict[str, tuple[str, ...]] = {
    "agencies": ("id", "name", "sector", "age_min", "age_max", "style", "core", "resource"),
    "meetings": ("id", "round", "date", "kind", "title", "round_label", "purpose", "outcome", "next_steps"),
    "attendance": ("meeting_id", "agency_id"),
    "referrals": ("from", "to", "date", "count", "client_age"),
    "relations": ("from", "to", "level", "date"),
}

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "agencies": ("id",),
    "meetings": ("id", "round", "date"),
    "attendance": ("meeting_id", "agency_id"),
    "referrals": ("from", "to"),
    "relations": ("from", "to", "level"),
}

# file stem -> {alias (as normalize_header folds it) -> canonical column}
COLUMN_ALIASES: dict[str, dict[str, str]] = {
    "agencies": {
        "機関id": "id", "機関コード": "id", "agency_id": "id",
        "機関名": "name", "名称": "name", "agency": "name", "agency_name": "name",
        "分野": "sector", "領域": "sector",
        "対象年齢下限": "age_min", "年齢下限": "age_min", "対象年齢(下限)": "age_min",
        "対象年齢上限": "age_max", "年齢上限": "age_max", "対象年齢(上限)": "age_max",
        "支援スタイル": "style", "支援の型": "style",
        "コアメンバー": "core", "コア": "core",
        "社会資源": "resource",
    },
    "meetings": {
        "会議id": "id", "meeting_id": "id",
        "回": "round", "開催回": "round",
        "開催日": "date", "日付": "date",
        "種別": "kind", "会議種別": "kind",
        "会議名": "title", "名称": "title",
        "回の名前": "round_label", "回名": "round_label",
        "目的": "purpose", "ねらい": "purpose",
        "成果": "outcome", "結果": "outcome",
        "次の取組": "next_steps", "次の取り組み": "next_steps", "今後の取組": "next_steps", "今後の取り組み": "next_steps",
        "next_step": "next_steps",
    },
    "attendance": {
        "会議id": "meeting_id", "meeting": "meeting_id",
        "機関id": "agency_id", "agency": "agency_id",
    },
    "referrals": {
        "紹介元": "from", "紹介先": "to",
        "紹介日": "date", "日付": "date",
        "件数": "count",
        "年齢": "client_age", "本人年齢": "client_age", "age": "client_age",
    },
    "relations": {
        "機関": "from", "回答機関": "from", "相手機関": "to", "相手": "to",
        "レベル": "level", "関係レベル": "level",
        "回答日": "date", "日付": "date",
    },
}

# the template's headers (Japanese) per file, in canonical column order
JAPANESE_HEADERS: dict[str, tuple[str, ...]] = {
    "agencies": ("機関ID", "機関名", "分野", "対象年齢下限", "対象年齢上限", "支援スタイル", "コアメンバー", "社会資源"),
    "meetings": ("会議ID", "回", "開催日", "種別", "会議名", "回の名前", "目的", "成果", "次の取組"),
    "attendance": ("会議ID", "機関ID"),
    "referrals": ("紹介元", "紹介先", "紹介日", "件数", "年齢"),
    "relations": ("回答機関", "相手機関", "レベル", "回答日"),
}

# --------------------------------------------------------------------------- workbook sheets

# file stem -> the sheet the template writes
JAPANESE_SHEETS: dict[str, str] = {
    "agencies": "機関", "meetings": "会議", "attendance": "出席", "referrals": "紹介", "relations": "関係",
}
# file stem -> the sheet names a workbook may use (compared without case or spaces)
SHEET_NAMES: dict[str, tuple[str, ...]] = {stem: (stem, JAPANESE_SHEETS[stem]) for stem in FILES}

# the optional sheet of settings (two columns: key, value), read like hikinet.toml
SETTINGS_SHEET = "設定"
SETTINGS_SHEET_NAMES = (SETTINGS_SHEET, "settings")
# a first row of the settings sheet whose first cell is one of these is its header, not a setting
SETTINGS_HEADER_WORDS = frozenset({"項目", "設定", "設定項目", "キー", "key", "setting"})
# key of the settings sheet (as normalize_header folds it) -> the hikinet.toml key it sets
SETTING_KEYS: dict[str, str] = {
    "名前": "name", "対象年齢の範囲": "span", "追加の境目": "boundaries", "境目の前後": "window",
    "日付の表示": "date_style", "除外する組": "exclude",
    "name": "name", "span": "span", "boundaries": "boundaries", "window": "window",
    "date_style": "date_style", "exclude": "exclude",
}
# hikinet.toml key -> the settings sheet's key, as the template writes it
SETTING_NAMES_JA: dict[str, str] = {key: ja for ja, key in list(SETTING_KEYS.items())[:6]}
DATE_STYLE_VALUES: dict[str, str] = {"西暦": "western", "和暦": "wareki", "western": "western", "wareki": "wareki"}

# --------------------------------------------------------------------------- cell values

STYLE_VALUES: dict[str, str] = {
    "accompaniment": "accompaniment", "伴走型": "accompaniment", "伴走": "accompaniment",
    "problem_solving": "problem_solving", "problem-solving": "problem_solving",
    "課題解決型": "problem_solving", "課題解決": "problem_solving",
    "both": "both", "両方": "both",
    "": "",
}

BOOL_VALUES: dict[str, bool] = {
    "true": True, "yes": True, "y": True, "1": True, "はい": True, "○": True, "〇": True, "◯": True,
    "false": False, "no": False, "n": False, "0": False, "いいえ": False, "×": False, "": False,
}

# questionnaire words -> relation level (0 = no relation; only survey answers may say so)
LEVEL_VALUES: dict[str, int] = {
    "知らない": 0, "なし": 0, "関係なし": 0,
    "顔見知り": 1, "知っている": 1,
    "情報共有": 2,
    "紹介": 3, "紹介している": 3,
    "協働": 4, "一緒に支援": 4,
}

# what a cell of the attendance matrix (one row per agency, one column per meeting) may hold for
# "attended", as normalize_value folds it; a blank cell is "not attended", anything else an error
ATTENDED_MARKS = frozenset({"○", "〇", "◯", "●", "1", "true", "はい", "出", "x"})
# the first header of an attendance matrix (as normalize_header folds it): agency ids, or names
MATRIX_FIRST_HEADERS: dict[str, str] = {"機関id": "id", "agency_id": "id", "機関名": "name", "agency_name": "name"}

# meeting kinds (as normalize_value folds them) that are network meetings: a round is named after its latest one
NETWORK_MEETING_KINDS = frozenset({"network_meeting", "ネットワーク会議", "network meeting"})

# --------------------------------------------------------------------------- the template (hikinet init)

# file stem -> canonical column -> the drop-down list the workbook template offers.
# Kinds of meeting may be other words too: that list helps, it does not forbid.
TEMPLATE_CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "agencies": {"sector": ("行政", "福祉", "保健", "医療", "教育", "子ども家庭", "若者", "就労", "生活困窮", "障害",
                            "高齢", "民間", "居場所", "家族会"),
                 "style": ("伴走型", "課題解決型", "両方"), "core": ("はい", "いいえ"), "resource": ("はい", "いいえ")},
    "meetings": {"kind": ("準備会", "ワーキンググループ", "実態調査", "ネットワーク会議")},
    "relations": {"level": ("1", "2", "3", "4")},
}
# lists that suggest words but let people type others (the usual sectors, kinds of meeting)
TEMPLATE_FREE_CHOICES = frozenset({("agencies", "sector"), ("meetings", "kind")})
# columns the template adds after a table's own: kept as the agency's attributes (地区 draws the area map)
TEMPLATE_EXTRA_HEADERS: dict[str, tuple[str, ...]] = {"agencies": ("地区",)}
# the template's sheet explaining every column (readers ignore it), and its header row
HELP_SHEET = "説明"
HELP_HEADER = ("シート", "列", "必須", "説明", "description")

# --------------------------------------------------------------------------- survey answers (import-survey)

# role of a column in an answers file -> the headers (as normalize_header folds them) that give it
SURVEY_HEADERS: dict[str, frozenset[str]] = {
    # the answering agency (else the first column)
    "respondent": frozenset({"機関", "機関名", "回答機関", "回答機関名", "機関id", "agency", "agency_id", "name",
                             "id", "respondent", "所属", "所属機関"}),
    # the date answered (else --date)
    "date": frozenset({"回答日", "日付", "date", "提出日", "受付日", "回答日時", "申請日"}),
    # columns an application system adds that are not agencies; never copied (some are about people)
    "ignored": frozenset({"回答者", "回答者名", "担当者", "担当者名", "記入者", "氏名", "名前", "電話", "電話番号",
                          "メール", "メールアドレス", "email", "e-mail", "備考", "受付番号", "番号", "no", "no.",
                          "timestamp", "タイムスタンプ", "申請番号", "コメント", "自由記述"}),
    # the id column of a --map file (name,id), when the file has a header
    "map_id": frozenset({"id", "機関id", "agency_id"}),
}

# full form -> the short form people write; agency names are compared in the short form
NAME_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("社会福祉協議会", "社協"),
    ("地域若者サポートステーション", "サポステ"),
    ("若者サポートステーション", "サポステ"),
    ("地域包括支援センター", "包括"),
    ("自立相談支援機関", "自立相談"),
    ("地域活動支援センター", "地活"),
    ("ひきこもり地域支援センター", "ひきこもりセンター"),
    ("教育委員会", "教委"),
)

# --------------------------------------------------------------------------- words refused

# headers that look like personal data; referrals, relations and meetings must carry none (checked as
# substrings, except in the file's own columns: 回の名前 is the round's name)
PERSONAL_DATA_MARKERS = ("氏名", "名前", "住所", "電話", "生年月日", "name", "address", "phone", "birth")
# files about agencies, counts and meetings, where such a column must never be (the meeting log is free text)
PRIVATE_FILES = ("referrals", "relations", "meetings")

# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection). Ids that begin
# with one are refused when reading (ids are keys and are never altered); other text cells get a
# leading ' when written (hikinet_graph.write.cells). docs/privacy.md lists the same six.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def normalize_value(text: str) -> str:
    """Fold a cell as values are looked up: NFKC, spaces stripped, ASCII lower-cased.

    NFKC turns full-width digits and letters into ASCII; Japanese text keeps its case.

    Parameters
    ----------
    text : str
        The cell as written.

    Returns
    -------
    str
        The key to look up in :data:`STYLE_VALUES`, :data:`BOOL_VALUES` or :data:`LEVEL_VALUES`.

    Examples
    --------
    >>> normalize_value(" ＹＥＳ ")
    'yes'
    >>> STYLE_VALUES[normalize_value("伴走型")]
    'accompaniment'
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    return folded.lower() if folded.isascii() else folded


def normalize_header(text: str) -> str:
    """Fold a header as it is looked up: NFKC, BOM and every space removed, lower-cased.

    Parameters
    ----------
    text : str
        The header as written.

    Returns
    -------
    str
        The key to look up in :data:`COLUMN_ALIASES` or :data:`SURVEY_HEADERS`.

    Examples
    --------
    >>> normalize_header("\\ufeff機関 ＩＤ")
    '機関id'
    >>> COLUMN_ALIASES["agencies"][normalize_header("対象年齢（下限）")]
    'age_min'
    """
    folded = unicodedata.normalize("NFKC", text.replace("\ufeff", "")).strip()
    folded = "".join(folded.split())
    return folded.lower()


def accepted_headers(stem: str, column: str, japanese: bool = True) -> list[str]:
    """Every header a file accepts for one column, in the language of the file first.

    Parameters
    ----------
    stem : str
        The file (a key of :data:`FILES`).
    column : str
        The canonical column.
    japanese : bool
        Whether the file's headers are Japanese: the template's Japanese header comes first, else the
        canonical name.

    Examples
    --------
    >>> accepted_headers("referrals", "from"), accepted_headers("referrals", "from", japanese=False)
    (['紹介元', 'from'], ['from', '紹介元'])
    >>> accepted_headers("agencies", "id")
    ['機関ID', 'id', '機関コード', 'agency_id']
    """
    template = JAPANESE_HEADERS[stem][FILES[stem].index(column)] if column in FILES[stem] else column
    aliases = [alias.replace("id", "ID") if not alias.isascii() else alias
               for alias, canonical in COLUMN_ALIASES.get(stem, {}).items() if canonical == column]
    first = [template, column] if japanese else [column, template]
    return list(dict.fromkeys(first + aliases))
