"""The one table of accepted column headers and cell values (English and Japanese).

Every alias a user may write lives here and nowhere else; docs/data-format.md
lists the same table for people.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "FILES",
    "COLUMN_ALIASES",
    "REQUIRED_COLUMNS",
    "STYLE_VALUES",
    "BOOL_VALUES",
    "LEVEL_VALUES",
    "PERSONAL_DATA_MARKERS",
    "PRIVATE_FILES",
    "JAPANESE_HEADERS",
    "normalize_header",
    "normalize_value",
    "FORMULA_PREFIXES",
]

# A spreadsheet runs a cell that begins with one of these as a formula (CSV injection). Ids that begin
# with one are refused when reading (ids are keys and are never altered); other text cells get a
# leading ' when written (hikinet_graph.output.safe_cell). docs/privacy.md lists the same six.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# file stem -> canonical columns, in the order the template writes them
FILES: dict[str, tuple[str, ...]] = {
    "agencies": ("id", "name", "sector", "age_min", "age_max", "style", "core"),
    "meetings": ("id", "round", "date", "kind", "title"),
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

# file stem -> {alias (normalized) -> canonical column}
COLUMN_ALIASES: dict[str, dict[str, str]] = {
    "agencies": {
        "機関id": "id", "機関コード": "id", "agency_id": "id",
        "機関名": "name", "名称": "name", "agency": "name", "agency_name": "name",
        "分野": "sector", "領域": "sector",
        "対象年齢下限": "age_min", "年齢下限": "age_min", "対象年齢(下限)": "age_min",
        "対象年齢上限": "age_max", "年齢上限": "age_max", "対象年齢(上限)": "age_max",
        "支援スタイル": "style", "支援の型": "style",
        "コアメンバー": "core", "コア": "core",
    },
    "meetings": {
        "会議id": "id", "meeting_id": "id",
        "回": "round", "開催回": "round",
        "開催日": "date", "日付": "date",
        "種別": "kind", "会議種別": "kind",
        "会議名": "title", "名称": "title",
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

# template headers (Japanese) per file, in canonical column order
JAPANESE_HEADERS: dict[str, tuple[str, ...]] = {
    "agencies": ("機関ID", "機関名", "分野", "対象年齢下限", "対象年齢上限", "支援スタイル", "コアメンバー"),
    "meetings": ("会議ID", "回", "開催日", "種別", "会議名"),
    "attendance": ("会議ID", "機関ID"),
    "referrals": ("紹介元", "紹介先", "紹介日", "件数", "年齢"),
    "relations": ("回答機関", "相手機関", "レベル", "回答日"),
}


# headers that look like personal data; referrals and relations must carry none (checked as substrings)
PERSONAL_DATA_MARKERS = ("氏名", "名前", "住所", "電話", "生年月日", "name", "address", "phone", "birth")
# files about agencies and counts, where such a column must never be
PRIVATE_FILES = ("referrals", "relations")


def normalize_value(text: str) -> str:
    """NFKC-fold a cell (full-width digits and letters to ASCII), strip spaces, lower-case ASCII."""
    folded = unicodedata.normalize("NFKC", text).strip()
    return folded.lower() if folded.isascii() else folded


def normalize_header(text: str) -> str:
    """A header as it is looked up: NFKC, BOM and spaces removed, ASCII lower-cased."""
    folded = unicodedata.normalize("NFKC", text.replace("\ufeff", "")).strip()
    folded = "".join(folded.split())
    return folded.lower()
