"""Load a network folder, validate every row, and return a :class:`Network`.

Reading is one pass per file: decode (UTF-8 with or without BOM, or CP932 as
Excel on Japanese Windows saves), parse with pandas' C parser as text, map
Japanese headers to the canonical columns, then check each column vectorised
over the whole file. Every problem is collected with its file and line; the
load fails with a :class:`DataError` listing all of them, or succeeds with no
row dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .aliases import (
    BOOL_VALUES,
    COLUMN_ALIASES,
    FILES,
    LEVEL_VALUES,
    PERSONAL_DATA_MARKERS,
    PRIVATE_FILES,
    REQUIRED_COLUMNS,
    STYLE_VALUES,
    normalize_header,
    normalize_value,
)
from .config import CONFIG_NAME, MAX_AGE, Config, load_config
from .dates import DateParseError, parse_date
from .errors import DataError, HikinetError, Problem

__all__ = [
    "Agency",
    "Meeting",
    "Network",
    "RawTable",
    "load_network",
    "read_csv_table",
    "validate_tables",
]


@dataclass(frozen=True)
class Agency:
    """One support agency (支援機関). ``age_max`` is ``None`` for no upper limit."""

    id: str
    name: str
    sector: str
    age_min: int
    age_max: int | None
    style: str
    core: bool
    attrs: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def serves(self, age: int) -> bool:
        return self.age_min <= age and (self.age_max is None or age <= self.age_max)

    @property
    def label(self) -> str:
        """What people see: the name, or the id when the name is blank."""
        return self.name or self.id


@dataclass(frozen=True)
class Meeting:
    id: str
    round: int
    date: dt.date
    kind: str
    title: str


@dataclass
class Network:
    """A validated network folder.

    ``attendance``, ``referrals`` and ``relations`` are DataFrames whose agency
    columns hold positions in ``agencies`` (``agency``, ``src``, ``dst``) so that
    analysis works on integers; ``meeting`` holds positions in ``meetings``.
    Dates are ``datetime64`` with ``NaT`` for undated rows.
    """

    source: str
    agencies: list[Agency]
    meetings: list[Meeting]
    attendance: pd.DataFrame
    referrals: pd.DataFrame
    relations: pd.DataFrame
    config: Config = field(default_factory=Config)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.index = {a.id: i for i, a in enumerate(self.agencies)}

    @property
    def rounds(self) -> list[int]:
        return sorted({m.round for m in self.meetings})

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.agencies]


@dataclass
class RawTable:
    """One file or sheet as text: canonical column names, a string frame, and each row's line."""

    label: str
    frame: pd.DataFrame
    lines: np.ndarray
    header: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.frame.columns

    def col(self, name: str) -> pd.Series:
        if name in self.frame.columns:
            return self.frame[name]
        return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=object)

    def __len__(self) -> int:
        return len(self.frame)


# --------------------------------------------------------------------------- reading

def decode_bytes(data: bytes, label: str) -> str:
    """UTF-8 (BOM or not) first, then CP932; anything else is a problem naming the file."""
    if b"\x00" in data[:4096]:
        raise DataError([Problem(label, 1, _msg(
            "文字コードを判別できません (UTF-16 やバイナリファイル)。CSV UTF-8 か CSV (カンマ区切り) で保存してください",
            "not a text CSV file (binary or UTF-16); save it as 'CSV UTF-8' or 'CSV (Comma delimited)'"))])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp932")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise DataError([Problem(label, line, _msg(
                "文字コードが UTF-8 でも Shift_JIS (CP932) でもありません",
                "the file is neither UTF-8 nor Shift_JIS (CP932)"))]) from None
        _refuse_mixed_encodings(data, label)
        return text


def _refuse_mixed_encodings(data: bytes, label: str) -> None:
    """A Shift_JIS file with a line of UTF-8 Japanese (pasted from elsewhere) would load as garbled text.

    Japanese written in CP932 is almost never valid UTF-8, so a non-ASCII line that is
    valid UTF-8 in a file that as a whole is not means two encodings in one file.
    """
    for number, line in enumerate(data.split(b"\n"), start=1):
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        raise DataError([Problem(label, number, _msg(
            "この行は UTF-8、ほかの行は Shift_JIS (CP932) です。ファイル全体を同じ文字コードで保存してください",
            "this line is UTF-8 while the rest of the file is Shift_JIS (CP932); save the whole file in one encoding"))])


def read_csv_table(path: Path, stem: str, label: str | None = None) -> RawTable:
    """Read one CSV file of the folder as text, with canonical headers."""
    label = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(label, 1, _msg("読み込めません", f"cannot read: {exc.strerror}"))]) from None
    text = decode_bytes(data, label)
    if not text.strip():
        raise DataError([Problem(label, 1, _msg("ファイルが空です (見出し行がありません)", "the file is empty: no header row"))])
    if not text.split("\n", 1)[0].strip(" \t\r\ufeff,"):
        raise DataError([Problem(label, 1, _msg(
            "1行目が空です。1行目には見出し (列の名前) を書いてください",
            "line 1 is blank: the first line must be the header (the column names)"))])
    if text.count('"') % 2:
        raise DataError([Problem(label, _unclosed_quote_line(text), _msg(
            "引用符 (\") が閉じられていません。ファイルが途中で切れているか、セルの中の \" が1つだけです",
            "a quote (\") is never closed: the file is cut short, or a cell holds a single \""))])
    problems: list[Problem] = []
    try:
        frame = pd.read_csv(io.StringIO(text), header=None, dtype=str, na_filter=False,
                            skip_blank_lines=False, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        frame, lines = _read_ragged(text, label, problems)
    else:
        frame = frame.fillna("")
        lines = np.arange(1, len(frame) + 1, dtype=np.int64)
        if '"' in text:
            # quoted cells may hold line breaks (Alt+Enter in Excel): later rows move down
            breaks = np.zeros(len(frame), dtype=np.int64)
            for column in frame.columns:
                breaks += frame[column].str.count("\n").to_numpy(dtype=np.int64)
            lines = lines + np.concatenate(([0], np.cumsum(breaks)[:-1]))
    header = [str(h) for h in frame.iloc[0].tolist()]
    body = frame.iloc[1:].reset_index(drop=True)
    table = canonical_table(label, stem, header, body, lines[1:], problems)
    if problems:
        table.problems = problems
    return table


def _read_ragged(text: str, label: str, problems: list[Problem]) -> tuple[pd.DataFrame, np.ndarray]:
    """The slow path for rows with more cells than the header: each is reported, the rest still checked."""
    previous_limit = csv.field_size_limit(2**31 - 1)  # cells of any size; they are checked later
    try:
        return _read_records(text, label, problems)
    finally:
        csv.field_size_limit(previous_limit)


def _unclosed_quote_line(text: str) -> int:
    """The line on which the quote that is never closed opens."""
    inside, opened = False, 0
    for position, char in enumerate(text):
        if char == '"':
            inside = not inside
            if inside:
                opened = position
    return text.count("\n", 0, opened) + 1


def _read_records(text: str, label: str, problems: list[Problem]) -> tuple[pd.DataFrame, np.ndarray]:
    reader = csv.reader(io.StringIO(text))
    records, lines = [], []
    first_line = 1
    width = None
    for record in reader:
        if width is None:
            width = len(record)
        elif len(record) > width:
            problems.append(Problem(label, first_line, _msg(
                f"セルが多すぎます (見出し {width} 列、この行 {len(record)} 列)",
                f"too many cells: the header has {width} columns, this row {len(record)}")))
        records.append((record + [""] * width)[:width])
        lines.append(first_line)
        first_line = reader.line_num + 1
    return pd.DataFrame(records, dtype=object), np.asarray(lines, dtype=np.int64)


def canonical_table(label: str, stem: str, header: list[str], body: pd.DataFrame, lines: np.ndarray,
                    problems: list[Problem]) -> RawTable:
    """Rename columns to canonical names, check the header, drop blank rows; problems are appended.

    A file whose columns are not comma-separated cannot be read further and raises.
    """
    aliases = COLUMN_ALIASES.get(stem, {})
    names: list[str] = []
    seen: dict[str, str] = {}
    for position, raw in enumerate(header):
        key = normalize_header(raw)
        canonical = aliases.get(key, key)
        if not key:
            canonical = f"__blank{position}"
        elif canonical in seen:
            problems.append(Problem(label, 1, _msg(
                f"列「{raw}」が重複しています (「{seen[canonical]}」と同じ列)",
                f"duplicate column {raw!r} (same as {seen[canonical]!r})")))
        seen[canonical] = raw
        names.append(canonical)
    body = body.copy()
    body.columns = names
    if len(names) == 1 and any(sep in header[0] for sep in ("\t", ";")):
        raise DataError([Problem(label, 1, _msg(
            "区切り文字がカンマではありません (タブまたはセミコロン)。CSV (カンマ区切り) で保存してください",
            "the columns are not separated by commas (tabs or semicolons found); save as CSV (comma delimited)"))])
    if stem in PRIVATE_FILES:
        for raw, key in zip(header, (normalize_header(h) for h in header)):
            if any(marker in key for marker in PERSONAL_DATA_MARKERS):
                problems.append(Problem(label, 1, _msg(
                    f"列「{raw}」は個人の情報のようです。hikinet は機関と件数だけを扱います。この列を削除してから読み込んでください",
                    f"column {raw!r} looks like personal data; hikinet works with agencies and counts, not people:"
                    " remove the column")))
    missing = [c for c in REQUIRED_COLUMNS.get(stem, ()) if c not in names]
    for column in missing:
        problems.append(Problem(label, 1, _msg(
            f"必須の列「{column}」がありません", f"required column {column!r} is missing")))
    # a column given twice is reported above; the first one is read
    body = body.loc[:, ~body.columns.duplicated()]
    for column in body.columns:
        # strip each distinct value once: ids, dates and counts repeat across thousands of rows
        codes, uniques = pd.factorize(body[column].astype(object), sort=False)
        stripped = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
        body[column] = stripped[codes]
    blank_named = [c for c in names if c.startswith("__blank")]
    for column in blank_named:
        filled = body[column] != ""
        for line in lines[filled.to_numpy()][:50]:
            problems.append(Problem(label, int(line), _msg(
                "見出しのない列に値があります", "a cell stands in a column without a header")))
    body = body.drop(columns=blank_named)
    if len(body.columns):
        # a row of empty cells (a blank line, or ",,,," as Excel writes) is no row
        keep = (body != "").any(axis=1).to_numpy()
    else:
        keep = np.zeros(len(body), dtype=bool)
    body = body[keep].reset_index(drop=True)
    return RawTable(label, body, lines[keep], header=names)


# --------------------------------------------------------------------------- validation helpers

def _msg(ja: str, en: str) -> str:
    return f"{ja} ({en})"


class _Checks:
    """Collects problems of one table, located by line."""

    LIMIT = 1000  # per table and kind of problem; the rest are counted, not listed

    def __init__(self, table: RawTable, problems: list[Problem]):
        self.table = table
        self.problems = problems

    def flag(self, mask: np.ndarray | pd.Series, message: Callable[[int], str]) -> None:
        """Add a problem for each row where ``mask`` holds; ``message(row)`` words it."""
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        for row in rows[: self.LIMIT]:
            self.problems.append(Problem(self.table.label, int(self.table.lines[row]), _shorten(message(int(row)))))
        if len(rows) > self.LIMIT:
            first = message(int(rows[0]))
            self.problems.append(Problem(self.table.label, int(self.table.lines[rows[self.LIMIT]]), _msg(
                f"ほか {len(rows) - self.LIMIT} 行にも同じ問題があります",
                f"{len(rows) - self.LIMIT} more rows have the same problem as: {first}")))


_BAD = object()
MESSAGE_LIMIT = 400


def _shorten(message: str) -> str:
    """A message quoting an enormous cell keeps its start and end, not megabytes in between."""
    if len(message) <= MESSAGE_LIMIT:
        return message
    return message[: MESSAGE_LIMIT // 2] + " … " + message[-MESSAGE_LIMIT // 3:]
# "15" and "15.0" (as spreadsheets and scripts sometimes write whole numbers); not "15.5"
_WHOLE = re.compile(r"^(\d{1,9})(\.0+)?$")  # 9 digits at most: no count, age or round is larger


@dataclass
class _Parsed:
    """A column parsed once per distinct value (ids, dates and counts repeat a lot).

    ``uniques`` holds the parsed distinct values; ``codes`` says which one each row has.
    """

    codes: np.ndarray
    uniques: list

    @classmethod
    def of(cls, series: pd.Series, func: Callable[[str], object]) -> "_Parsed":
        codes, uniques = pd.factorize(series, sort=False)
        return cls(np.asarray(codes), [func(u) for u in uniques])

    @classmethod
    def blank(cls, length: int) -> "_Parsed":
        return cls(np.zeros(length, dtype=np.int64), [None])

    def mask(self, predicate: Callable[[object], bool]) -> np.ndarray:
        if not self.uniques:
            return np.zeros(len(self.codes), dtype=bool)
        return np.fromiter((predicate(u) for u in self.uniques), dtype=bool, count=len(self.uniques))[self.codes]

    def ints(self, default: int) -> np.ndarray:
        if not self.uniques:
            return np.zeros(len(self.codes), dtype=np.int64)
        table = np.array([u if isinstance(u, int) else default for u in self.uniques], dtype=np.int64)
        return table[self.codes]

    def values(self) -> list:
        return [self.uniques[c] for c in self.codes]

    def __getitem__(self, row: int) -> object:
        return self.uniques[self.codes[row]]


def _parse_whole(text: str) -> object:
    folded = normalize_value(text)
    if folded.endswith("歳"):
        folded = folded[:-1].strip()
    if folded == "":
        return None
    whole = _WHOLE.match(folded)
    if whole:
        return int(whole.group(1))
    return _BAD


def _parse_level(text: str) -> object:
    """A relation level: 1-4, or the questionnaire's word for it."""
    word = LEVEL_VALUES.get(normalize_value(text))
    return word if word is not None else _parse_whole(text)


def _whole_column(checks: _Checks, name: str, what_ja: str, what_en: str) -> _Parsed:
    """Whole numbers >= 0 or None for blank; non-numbers are flagged and parse as _BAD."""
    series = checks.table.col(name)
    if not checks.table.has(name):
        return _Parsed.blank(len(series))
    parsed = _Parsed.of(series, _parse_whole)
    checks.flag(parsed.mask(lambda v: v is _BAD), lambda r: _msg(
        f"{what_ja}「{series.iat[r]}」は0以上の整数ではありません",
        f"{what_en} {series.iat[r]!r} is not a whole number >= 0"))
    return parsed


def _date_column(checks: _Checks, name: str, required: bool) -> np.ndarray:
    """Dates as datetime64 (NaT when blank or wrong; wrong ones are flagged)."""
    series = checks.table.col(name)
    if not checks.table.has(name):
        return np.full(len(series), np.datetime64("NaT"), dtype="datetime64[ns]")

    def parse(text: str) -> object:
        if text == "":
            return None
        try:
            return parse_date(text)
        except DateParseError as exc:
            return exc

    parsed = _Parsed.of(series, parse)
    checks.flag(parsed.mask(lambda v: isinstance(v, DateParseError)), lambda r: str(parsed[r]))
    if required:
        checks.flag(parsed.mask(lambda v: v is None), lambda r: _msg("日付が空です", "the date is blank"))
    table = np.array([np.datetime64(v, "ns") if isinstance(v, dt.date) else np.datetime64("NaT", "ns")
                      for v in parsed.uniques] or [np.datetime64("NaT", "ns")], dtype="datetime64[ns]")
    return table[parsed.codes] if len(parsed.codes) else np.array([], dtype="datetime64[ns]")


def _ids(checks: _Checks, name: str, what_ja: str, what_en: str) -> pd.Series:
    series = checks.table.col(name)
    if checks.table.has(name):
        checks.flag((series == "").to_numpy(), lambda r: _msg(f"{what_ja}が空です", f"{what_en} is blank"))
    return series


def _unique_ids(checks: _Checks, series: pd.Series) -> None:
    dup = series.duplicated(keep="first") & (series != "")
    if dup.any():
        first_line = {}
        for row, value in enumerate(series):
            first_line.setdefault(value, int(checks.table.lines[row]))
        checks.flag(dup.to_numpy(), lambda r: _msg(
            f"ID「{series.iat[r]}」が重複しています ({first_line[series.iat[r]]}行目と同じ)",
            f"duplicate id {series.iat[r]!r} (first on line {first_line[series.iat[r]]})"))


def _known(checks: _Checks, series: pd.Series, known: dict[str, int] | None, file_ja: str,
           what_en: str) -> np.ndarray:
    """Positions of the referenced ids; unknown ones flagged and set to -1.

    ``known`` is None when the referenced file could not be read: its own
    problem is reported, and every reference to it is not flagged again.
    """
    if known is None:
        return np.full(len(series), -1, dtype=np.int64)
    codes = series.map(known)
    unknown = codes.isna() & (series != "")
    checks.flag(unknown.to_numpy(), lambda r: _msg(
        f"{file_ja}にないID「{series.iat[r]}」", f"unknown {what_en} {series.iat[r]!r}"))
    return codes.fillna(-1).to_numpy(dtype=np.int64)


# --------------------------------------------------------------------------- per file

def _agencies(table: RawTable, problems: list[Problem]) -> list[Agency]:
    checks = _Checks(table, problems)
    ids = _ids(checks, "id", "ID", "id")
    _unique_ids(checks, ids)
    age_min = _whole_column(checks, "age_min", "対象年齢下限", "age_min").values()
    age_max = _whole_column(checks, "age_max", "対象年齢上限", "age_max").values()
    too_old = np.fromiter((isinstance(v, int) and v > MAX_AGE for v in age_min + age_max),
                          dtype=bool, count=2 * len(table))
    checks.flag(too_old[: len(table)] | too_old[len(table):], lambda r: _msg(
        f"対象年齢は0〜{MAX_AGE}歳で書いてください", f"ages served must lie between 0 and {MAX_AGE}"))
    inverted = np.fromiter(
        (isinstance(lo, int) and isinstance(hi, int) and lo > hi for lo, hi in zip(age_min, age_max)),
        dtype=bool, count=len(table))
    checks.flag(inverted, lambda r: _msg(
        f"対象年齢下限 {age_min[r]} が上限 {age_max[r]} より大きいです",
        f"age_min {age_min[r]} is greater than age_max {age_max[r]}"))
    styles = table.col("style").map(lambda v: STYLE_VALUES.get(normalize_value(v)))
    checks.flag(styles.isna().to_numpy(), lambda r: _msg(
        f"支援スタイル「{table.col('style').iat[r]}」は 伴走型 / 課題解決型 / 両方 / 空欄 のいずれかにしてください",
        f"unknown style {table.col('style').iat[r]!r}; use accompaniment, problem_solving, both or blank"))
    cores = table.col("core").map(lambda v: BOOL_VALUES.get(normalize_value(v)))
    checks.flag(cores.isna().to_numpy(), lambda r: _msg(
        f"コアメンバー「{table.col('core').iat[r]}」は true / false (はい / いいえ) にしてください",
        f"core {table.col('core').iat[r]!r} must be true or false"))
    if len(table) == 0:
        problems.append(Problem(table.label, 2, _msg("機関が1件もありません", "the file lists no agencies")))
    known = set(FILES["agencies"])
    extra = [c for c in table.frame.columns if c not in known]
    names, sectors = table.col("name"), table.col("sector")
    agencies = []
    for row in range(len(table)):
        lo, hi = age_min[row], age_max[row]
        agencies.append(Agency(
            id=ids.iat[row],
            name=names.iat[row],
            sector=sectors.iat[row],
            age_min=lo if isinstance(lo, int) else 0,
            age_max=hi if isinstance(hi, int) else None,
            style=styles.iat[row] or "",
            core=bool(cores.iat[row]),
            attrs={c: table.frame[c].iat[row] for c in extra},
        ))
    return agencies


def _meetings(table: RawTable, problems: list[Problem]) -> list[Meeting]:
    checks = _Checks(table, problems)
    ids = _ids(checks, "id", "会議ID", "meeting id")
    _unique_ids(checks, ids)
    parsed_rounds = _whole_column(checks, "round", "回", "round")
    if table.has("round"):
        checks.flag(parsed_rounds.mask(lambda r: r is None), lambda r: _msg("回が空です", "the round is blank"))
    rounds = parsed_rounds.ints(-1)
    dates = _date_column(checks, "date", required=True)
    kinds, titles = table.col("kind"), table.col("title")
    return [
        Meeting(ids.iat[i], int(rounds[i]),
                pd.Timestamp(dates[i]).date() if not np.isnat(dates[i]) else dt.date.min,
                kinds.iat[i], titles.iat[i])
        for i in range(len(table))
    ]


def _attendance(table: RawTable, problems: list[Problem], meetings: dict[str, int],
                agencies: dict[str, int]) -> pd.DataFrame:
    checks = _Checks(table, problems)
    meeting = _known(checks, _ids(checks, "meeting_id", "会議ID", "meeting_id"), meetings, "meetings の会議", "meeting id")
    agency = _known(checks, _ids(checks, "agency_id", "機関ID", "agency_id"), agencies, "agencies の機関", "agency id")
    return pd.DataFrame({"meeting": meeting, "agency": agency, "line": table.lines})


def _pair(checks: _Checks, agencies: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    src_ids = _ids(checks, "from", "from (紹介元)", "from")
    dst_ids = _ids(checks, "to", "to (紹介先)", "to")
    src = _known(checks, src_ids, agencies, "agencies の機関", "agency id")
    dst = _known(checks, dst_ids, agencies, "agencies の機関", "agency id")
    checks.flag(((src_ids == dst_ids) & (src_ids != "")).to_numpy(), lambda r: _msg(
        f"自分自身への紹介・関係です (「{src_ids.iat[r]}」)", f"self-referral: from and to are both {src_ids.iat[r]!r}"))
    return src, dst


def _referrals(table: RawTable, problems: list[Problem], agencies: dict[str, int]) -> pd.DataFrame:
    checks = _Checks(table, problems)
    src, dst = _pair(checks, agencies)
    dates = _date_column(checks, "date", required=False)
    counts = _whole_column(checks, "count", "件数", "count")
    checks.flag(counts.mask(lambda c: c == 0), lambda r: _msg("件数は1以上にしてください", "count must be at least 1"))
    ages = _whole_column(checks, "client_age", "年齢", "client_age").ints(-1)
    return pd.DataFrame({
        "src": src,
        "dst": dst,
        "date": dates,
        "count": counts.ints(1),
        "client_age": pd.arrays.IntegerArray(ages, mask=ages < 0),
        "line": table.lines,
    })


def _relations(table: RawTable, problems: list[Problem], agencies: dict[str, int]) -> pd.DataFrame:
    checks = _Checks(table, problems)
    src, dst = _pair(checks, agencies)
    dates = _date_column(checks, "date", required=False)
    series = table.col("level")
    levels = _Parsed.of(series, _parse_level) if table.has("level") else _Parsed.blank(len(table))
    required = table.has("level")
    invalid = levels.mask(lambda v: v is _BAD or (isinstance(v, int) and not 1 <= v <= 4) or (v is None and required))
    checks.flag(invalid, lambda r: _msg(
        f"レベル「{series.iat[r]}」は 1〜4 (顔見知り / 情報共有 / 紹介 / 協働) にしてください",
        f"level {series.iat[r]!r} must be 1 to 4 (or 顔見知り, 情報共有, 紹介, 協働)"))
    return pd.DataFrame({
        "src": src,
        "dst": dst,
        "level": levels.ints(0),
        "date": dates,
        "line": table.lines,
    })


def _empty(stem: str, label: str) -> RawTable:
    columns = list(FILES[stem])
    return RawTable(label, pd.DataFrame({c: pd.Series(dtype=object) for c in columns}),
                    np.zeros(0, dtype=np.int64), header=columns)


def validate_tables(source: str, tables: dict[str, RawTable | None], config: Config,
                    problems: list[Problem], warnings: list[str] | None = None,
                    unreadable: frozenset[str] = frozenset()) -> Network:
    """Check the tables of one network together; raise :class:`DataError` with every problem."""
    for table in tables.values():
        if table is not None:
            problems.extend(table.problems)
    if tables.get("agencies") is None:
        agencies: list[Agency] = []
        agency_index = None
    else:
        agencies = _agencies(tables["agencies"], problems)
        agency_index = {a.id: i for i, a in enumerate(agencies) if a.id}
    meeting_table = tables.get("meetings") or _empty("meetings", "meetings.csv")
    meetings = _meetings(meeting_table, problems)
    meeting_index = {m.id: i for i, m in enumerate(meetings) if m.id}
    if "meetings" in unreadable:
        meeting_index = None
    attendance = _attendance(tables.get("attendance") or _empty("attendance", "attendance.csv"),
                             problems, meeting_index, agency_index)
    referrals = _referrals(tables.get("referrals") or _empty("referrals", "referrals.csv"), problems, agency_index)
    relations = _relations(tables.get("relations") or _empty("relations", "relations.csv"), problems, agency_index)
    if problems:
        raise DataError(problems)
    return Network(source, agencies, meetings, attendance, referrals, relations, config, warnings or [])


def load_network(path: str | Path) -> Network:
    """Load and validate a network folder, or one Excel workbook (.xlsx) with the same tables as sheets.

    Raises
    ------
    DataError
        listing every problem found, each with its file (or workbook sheet) and line (or row).
    HikinetError
        when the path is neither a folder nor a workbook.
    """
    source = Path(path)
    if not source.exists():
        raise HikinetError(_msg(f"「{source}」が見つかりません", f"{source} does not exist"))
    problems: list[Problem] = []
    unreadable: set[str] = set()
    if source.is_file() and source.suffix.lower() in (".xlsx", ".xlsm"):
        from .workbook import read_workbook_tables

        tables = read_workbook_tables(source, problems)
        folder = source.parent
        warnings: list[str] = []
    elif source.is_dir():
        folder = source
        tables, warnings = _folder_tables(folder, problems, unreadable)
    else:
        raise HikinetError(_msg(
            f"「{source}」はフォルダでも Excel ブック (.xlsx) でもありません",
            f"{source} is neither a folder nor an Excel workbook (.xlsx)"))
    config = load_config(folder / CONFIG_NAME, str(folder / CONFIG_NAME), problems)
    return validate_tables(str(source), tables, config, problems, warnings, frozenset(unreadable))


def _folder_tables(folder: Path, problems: list[Problem], unreadable: set[str]) -> tuple[dict, list[str]]:
    tables: dict[str, RawTable | None] = {}
    present = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for stem in FILES:
        file = present.get(f"{stem}.csv")
        if file is None:
            if stem == "agencies":
                problems.append(Problem(str(folder / "agencies.csv"), 1, _msg(
                    "必須のファイルがありません", "required file is missing")))
            tables[stem] = None
            continue
        try:
            tables[stem] = read_csv_table(file, stem)
        except DataError as exc:
            problems.extend(exc.problems)
            tables[stem] = None
            unreadable.add(stem)
    warnings = [
        _msg(f"{p}: hikinet のファイルではないので読みません", f"{p}: not a hikinet file, ignored "
             f"(expected {', '.join(s + '.csv' for s in FILES)})")
        for name, p in sorted(present.items())
        if name.endswith(".csv") and name[:-4] not in FILES
    ]
    return tables, warnings
