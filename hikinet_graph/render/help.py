"""The command line's help in Japanese and English: a summary never cut, a description and one example per command,
and the words of every option.

``hikinet --help`` shows Japanese by default and English with ``--lang en`` or
``HIKINET_LANG=en``; :mod:`hikinet_graph.cli` picks the language and lays the help out
from these tables. tests/test_issue14_help.py checks that every command and option of
the CLI is here in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COMMANDS", "HEADINGS", "OPTIONS", "CommandHelp", "command_help", "heading", "option_help"]


@dataclass(frozen=True)
class CommandHelp:
    """One command's help in one language: its summary (one line, never cut), description and example."""

    summary: str
    description: str
    example: str


# the headings click would print in English
HEADINGS: dict[str, dict[str, str]] = {
    "usage": {"ja": "使い方", "en": "Usage"},
    "options": {"ja": "オプション", "en": "Options"},
    "commands": {"ja": "コマンド", "en": "Commands"},
    "example": {"ja": "例", "en": "Example"},
    "options_metavar": {"ja": "[オプション]", "en": "[OPTIONS]"},
    "command_metavar": {"ja": "コマンド [引数]...", "en": "COMMAND [ARGS]..."},
}

_DIR_JA = "DIR はデータのフォルダー (agencies.csv など) か、Excel ブック (.xlsx) 1つです。"
_DIR_EN = "DIR is a network folder (agencies.csv …) or one Excel workbook (.xlsx)."

# command -> language -> (summary, description, example)
COMMANDS: dict[str, dict[str, tuple[str, str, str]]] = {
    "": {
        "ja": ("ひきこもり支援ネットワークの分析と地図",
               "ひきこもり支援ネットワークの記録 (機関・会議・出席・紹介・関係) を確かめ、回ごとに分析し、"
               "地図と報告書を作ります。" + _DIR_JA + "英語の表示は --lang en (または HIKINET_LANG=en)。",
               "hikinet validate mycity/network.xlsx"),
        "en": ("Analyse and map a hikikomori-support network",
               "Check a support network's records (agencies, meetings, attendance, referrals, relations), analyse "
               "them round by round, and write maps and a report. " + _DIR_EN + " Japanese is the default; "
               "--lang en (or HIKINET_LANG=en) shows English.",
               "hikinet validate mycity/network.xlsx"),
    },
    "validate": {
        "ja": ("データを確かめ、問題をすべて表示する",
               "DIR を読み、問題をすべて「ファイル:行: メッセージ」の形で表示します。問題があれば終了コード 1 です。"
               + _DIR_JA,
               "hikinet validate mycity/network.xlsx"),
        "en": ("Check a network and list every problem",
               "Read DIR and list every problem as FILE:LINE: message; exit 1 when there is any. " + _DIR_EN,
               "hikinet validate mycity/network.xlsx"),
    },
    "analyze": {
        "ja": ("分析を表・JSON・CSV で表示する",
               "全データ、または第 R 回時点 (--round R) のネットワークを分析します。孤立、年齢の境目のすき間、"
               "要の機関、分野をまたぐつながりなど。" + _DIR_JA,
               "hikinet analyze data/city_b --round 2"),
        "en": ("Show the analysis as a table, JSON or CSV",
               "Analyse all data, or the network as of round R (--round R): isolation, age-boundary gaps, "
               "cut agencies, ties across sectors. " + _DIR_EN,
               "hikinet analyze data/city_b --round 2"),
    },
    "map": {
        "ja": ("1つの回の地図を HTML 1ファイルに書く",
               "回ごとのネットワークの地図を、インターネットなしで開ける HTML 1ファイルに書きます。" + _DIR_JA,
               "hikinet map data/city_b --round 3 --view ages -o output/city_b_ages.html"),
        "en": ("Write one round's map as one offline HTML file",
               "Write an interactive map of a round as one HTML file that opens without a network. " + _DIR_EN,
               "hikinet map data/city_b --round 3 --view ages -o output/city_b_ages.html"),
    },
    "agenda": {
        "ja": ("次回の会議に向けた資料を HTML 1ファイルに書く",
               "最新の状態 (または第 R 回時点) から、年齢の境目と紹介・協働の相手がいない機関への紹介の提案、"
               "受け皿のない年齢、来なくなった機関、前の回からうまくいったこと、次の取組を、A4 で印刷できる "
               "HTML 1ファイルに書きます。report も agenda.html として書きます。" + _DIR_JA,
               "hikinet agenda data/city_b -o output/city_b_agenda.html"),
        "en": ("Write the next meeting's agenda as one HTML file",
               "From the latest state (or as of round R), write the suggested introductions at the age boundaries "
               "and for agencies with no working tie, the ages nobody serves, who stopped coming, what went well "
               "since the previous round and the next steps agreed, as one HTML page printable on A4 (report "
               "writes it too, as agenda.html). " + _DIR_EN,
               "hikinet agenda data/city_b -o output/city_b_agenda.html"),
    },
    "compare": {
        "ja": ("2つの時点を比べる (FOLDER または FOLDER@R)",
               "BEFORE と AFTER を比べます。それぞれ FOLDER (全データ) か FOLDER@R (第 R 回時点) です。"
               "FOLDER はフォルダーか Excel ブックです。",
               "hikinet compare data/city_b@0 data/city_b@5 -o output/city_b_change.html"),
        "en": ("Compare two snapshots (FOLDER or FOLDER@R)",
               "Compare BEFORE with AFTER; each is FOLDER (all data) or FOLDER@R (as of round R), where FOLDER is "
               "a folder or a workbook.",
               "hikinet compare data/city_b@0 data/city_b@5 -o output/city_b_change.html"),
    },
    "report": {
        "ja": ("すべての回の報告書と地図をフォルダーに書く",
               "すべての回を分析し、地図、最初から最後までの変化、summary.json、metrics.csv を OUTDIR に書きます。"
               "やり直すと、前回 hikinet が書いたファイルだけを置きかえます。" + _DIR_JA,
               "hikinet report mycity/network.xlsx -o output/mycity"),
        "en": ("Write the report of every round into a folder",
               "Analyse and map every round, with the change from first to last, summary.json and metrics.csv, "
               "into OUTDIR; a re-run replaces only the files hikinet wrote. " + _DIR_EN,
               "hikinet report mycity/network.xlsx -o output/mycity"),
    },
    "init": {
        "ja": ("記入用のひな形を作る (CSV か Excel ブック)",
               "日本語の見出しと記入例のあるひな形を DIR に書きます。--xlsx では選択リストと「説明」「設定」"
               "シートのある network.xlsx 1つです。すでにあるファイルは --force なしでは上書きしません。",
               "hikinet init mycity --xlsx --name B市"),
        "en": ("Write a template to fill in (CSV files or a workbook)",
               "Write a template with Japanese headers and example rows into DIR; with --xlsx, one network.xlsx "
               "with drop-down lists and the sheets 説明 (help) and 設定 (settings). Never overwrites without --force.",
               "hikinet init mycity --xlsx --name B市"),
    },
    "import-survey": {
        "ja": ("アンケートの回答を関係のデータにする",
               "1機関1行・相手の機関1列のアンケート回答 (0〜4 または 知らない/顔見知り/情報共有/紹介/協働) を"
               "関係にします。-o が .csv なら relations.csv を、.xlsx なら -a のブックの写しを書き、"
               "その「関係」シートに入れます (元のブックは変えません)。回答のない機関と、回答が2段階以上ちがう組も表示します。",
               "hikinet import-survey answers.csv -a mycity/network.xlsx -o mycity/network-survey.xlsx"),
        "en": ("Turn questionnaire answers into relations",
               "Turn answers in wide form (one row per agency, one column per other agency, 0-4 or 知らない … 協働) "
               "into relations: with -o FILE.csv a relations.csv; with -o FILE.xlsx a copy of the -a workbook whose "
               "関係 sheet holds them (the original is never changed). Also lists who did not answer and the pairs "
               "whose answers differ by 2 levels or more.",
               "hikinet import-survey answers.csv -a mycity/network.xlsx -o mycity/network-survey.xlsx"),
    },
    "export": {
        "ja": ("すべての回の分析を Excel ブックに書く",
               "回ごと・機関ごと・すき間・分野間の表を、見出しを固定しフィルターを付けた Excel ブックに書きます。"
               + _DIR_JA,
               "hikinet export mycity/network.xlsx -o output/mycity.xlsx"),
        "en": ("Write the analysis of every round as a workbook",
               "Write the tables per round, per agency, of gaps and of sectors as one workbook, header frozen and "
               "filters on. " + _DIR_EN,
               "hikinet export mycity/network.xlsx -o output/mycity.xlsx"),
    },
}

# option (its parameter name) -> language -> words; OPTIONS[(command, name)] for a command's own words
OPTIONS: dict[str | tuple[str, str], dict[str, str]] = {
    "lang": {"ja": "表示の言語: ja (日本語、既定) か en (英語)。HIKINET_LANG=en でも英語になります",
             "en": "Language of what people read: ja (Japanese, the default) or en; also HIKINET_LANG=en"},
    "help": {"ja": "このヘルプを表示して終わる", "en": "Show this help and exit"},
    "version": {"ja": "バージョンを表示して終わる", "en": "Show the version and exit"},
    "round_": {"ja": "第 R 回時点のネットワーク (省略すると全データ)", "en": "The network as of round R (all data when left out)"},
    "format_": {"ja": "table (人が読む表、既定)、json (プログラム用)、csv (機関ごと1行、Excel 用)",
                "en": "table for people (the default), json for scripts, csv (one row per agency) for Excel"},
    ("compare", "format_"): {"ja": "table (人が読む表、既定) か json (プログラム用)",
                             "en": "table for people (the default) or json for scripts"},
    "view": {"ja": "network (だれとだれがつながっているか、既定)、ages (対象年齢とすき間)、areas (地区ごと)",
             "en": "network (who is linked to whom, the default), ages (ages served, with gaps), areas (per district)"},
    ("map", "output"): {"ja": "書き出す地図 (HTML 1ファイル)", "en": "The page to write (one offline HTML file)"},
    ("agenda", "output"): {"ja": "書き出す資料 (HTML 1ファイル、A4 で印刷できます)",
                           "en": "The page to write (one offline HTML file, printable on A4)"},
    ("agenda", "round_"): {"ja": "第 R 回時点の資料 (省略すると最新の状態)",
                           "en": "The agenda as of round R (the latest state when left out)"},
    ("compare", "output"): {"ja": "前と後の地図も書く (HTML)", "en": "Also write the before/after map (HTML)"},
    ("report", "output"): {"ja": "報告書のフォルダー (新しい、空の、または以前の報告書のフォルダー)",
                           "en": "The report folder (new, empty, or an earlier report)"},
    ("import-survey", "output"): {
        "ja": "書き出すファイル: relations.csv、または .xlsx (-a のブックの写しで、「関係」シートに回答を入れたもの)",
        "en": "The file to write: relations.csv, or an .xlsx (a copy of the -a workbook, its 関係 sheet holding the answers)"},
    ("export", "output"): {"ja": "書き出す Excel ブック (.xlsx)", "en": "The workbook to write (.xlsx)"},
    "force": {"ja": "すでにあるファイルを置きかえる", "en": "Replace the file if it already exists"},
    ("report", "force"): {"ja": "手で変えられた以前の報告書のファイルや、報告書のファイルの場所にあるものも置きかえる",
                          "en": "Replace files of an earlier report changed by hand, or standing where report files go"},
    ("init", "force"): {"ja": "すでにあるひな形のファイルを置きかえる", "en": "Replace template files that already exist"},
    ("report", "all_maps"): {"ja": "機関が 150 を超えるときも、すべての回のすべての地図を描く (ふだんは地区の図を各回、"
                                   "ネットワーク図と年齢の図は最新の回だけ)",
                             "en": "Above 150 agencies, still draw every view for every round (by default the area view "
                                   "for each round, the network and age views for the latest only)"},
    "public": {"ja": "コアメンバーの外に配る版: 少ない紹介件数を「<N」と表示する",
               "en": "For sharing outside the core members: small referral counts shown as <N"},
    "threshold": {"ja": "--public のとき、この数より少ない紹介件数を「<N」にする (既定 3)",
                  "en": "With --public: referral counts below this are shown as <N (default 3)"},
    "xlsx": {"ja": "CSV ファイルの代わりに、選択リストのある Excel ブック (network.xlsx) を1つ書く",
             "en": "Write one workbook (network.xlsx) with drop-down lists instead of CSV files"},
    "name": {"ja": "ネットワークの名前 (例: B市)。ブックでは「設定」シートの「名前」、CSV では hikinet.toml の name",
             "en": "The network's name (e.g. B市): the 設定 sheet's 名前 in a workbook, hikinet.toml's name with CSV"},
    "agencies": {"ja": "名前と ID を照らし合わせる機関: agencies.csv、フォルダー、または Excel ブック",
                 "en": "The agencies whose names and ids are matched: agencies.csv, a folder or a workbook"},
    "mapping": {"ja": "確かでない名前の対応表: 名前,機関ID の2列の CSV", "en": "Names the matcher is not sure of: two columns, name,id"},
    "date": {"ja": "回答日のない行の回答日 (例: 2025/7/1)", "en": "Answer date for rows that carry none (e.g. 2025/7/1)"},
}


def command_help(command: str, lang: str) -> CommandHelp:
    """A command's help ("" for the ``hikinet`` group) in ``lang`` (Japanese for an unknown language).

    Examples
    --------
    >>> command_help("validate", "en").summary
    'Check a network and list every problem'
    """
    entry = COMMANDS[command]
    return CommandHelp(*entry[lang if lang in entry else "ja"])


def option_help(command: str, name: str, lang: str) -> str:
    """An option's words for ``command`` in ``lang``; "" when it has none (the tests make sure all do).

    Examples
    --------
    >>> option_help("report", "output", "ja")
    '報告書のフォルダー (新しい、空の、または以前の報告書のフォルダー)'
    """
    entry = OPTIONS.get((command, name)) or OPTIONS.get(name) or {}
    return entry.get(lang, entry.get("ja", ""))


def heading(key: str, lang: str) -> str:
    """A heading of the help (使い方 / Usage, オプション / Options …) in ``lang``."""
    entry = HEADINGS[key]
    return entry.get(lang, entry["ja"])
