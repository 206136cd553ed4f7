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
import errno
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .aliases import (
    FORMULA_PREFIXES,
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
    "FORMULA_PREFIXES",
    "Agency",
    "Meeting",
    "Network",
    "RawTable",
    "load_network",
    "read_csv_table",
    "read_input_bytes",
    "validate_tables",
]

# the files of a network folder, as their names are compared (lower case)
NETWORK_FILE_NAMES = tuple(f"{stem}.csv" for stem in FILES)


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
    # canonical column name -> the header as the user wrote it (for messages)
    written: dict[str, str] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.frame.columns

    def col(self, name: str) -> pd.Series:
        if name in self.frame.columns:
            return self.frame[name]
        return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=object)

    def __len__(self) -> int:
        return len(self.frame)


# --------------------------------------------------------------------------- reading

def input_file_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be read as a data file, or None when it is a regular file (symlinks followed).

    Nothing is opened: a FIFO would block, and a device such as /dev/zero would never end.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _stat_problem(path, exc)
    return _not_regular(mode)


def _stat_problem(path: str | Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return _msg("シンボリックリンクが循環していて、たどれません", "a symbolic link loop: it leads nowhere")
    if os.path.islink(path):
        return _msg(f"シンボリックリンクの先「{os.readlink(path)}」がありません",
                    f"a symbolic link to {os.readlink(path)!r}, which does not exist")
    if exc.errno == errno.ENOENT:
        return _msg("ファイルがありません", "the file does not exist")
    return _cannot_read(exc)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _msg("ファイルではなくフォルダです", "a folder, not a file")
    if stat.S_ISFIFO(mode):
        return _msg("名前付きパイプ (FIFO) です。通常のファイルではないので読みません",
                    "a named pipe (FIFO), not a regular file: not read")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _msg("デバイスです。通常のファイルではないので読みません", "a device, not a regular file: not read")
    return _msg("通常のファイルではないので読みません", "not a regular file: not read")


def _cannot_read(exc: OSError) -> str:
    return _msg("読み込めません", f"cannot read: {exc.strerror or exc}")


def read_input_bytes(path: str | Path, label: str | None = None) -> bytes:
    """The bytes of one input file; anything else at ``path`` raises a :class:`DataError` naming it (line 1).

    A dangling or looping symlink, a folder, a FIFO, a device and a file that cannot be read are
    problems, never "no rows". A symlink to a regular file is read.
    """
    label = label or str(path)
    problem = input_file_problem(path)
    if problem is None:
        try:
            # O_NONBLOCK: should a FIFO take the file's place after the check, opening it does not block
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            problem = _cannot_read(exc)
        else:
            with open(fd, "rb") as file:
                problem = _not_regular(os.fstat(file.fileno()).st_mode)
                if problem is None:
                    try:
                        return file.read()
                    except OSError as exc:
                        problem = _cannot_read(exc)
    raise DataError([Problem(label, 1, problem)])


_UTF16_OR_BINARY = (
    "文字コードを判別できません (UTF-16 やバイナリファイル)。CSV UTF-8 か CSV (カンマ区切り) で保存してください",
    "not a text CSV file (binary or UTF-16); save it as 'CSV UTF-8' or 'CSV (Comma delimited)'")
_NEITHER = ("文字コードが UTF-8 でも Shift_JIS (CP932) でもありません",
            "the file is neither UTF-8 nor Shift_JIS (CP932)")
_UTF8_IN_CP932 = (
    "この行は UTF-8、ほかの行は Shift_JIS (CP932) です。ファイル全体を同じ文字コードで保存してください",
    "this line is UTF-8 while the rest of the file is Shift_JIS (CP932); save the whole file in one encoding")
_CP932_IN_UTF8 = (
    "この行は Shift_JIS (CP932)、ほかの行は UTF-8 です。ファイル全体を同じ文字コードで保存してください",
    "this line is Shift_JIS (CP932) while the rest of the file is UTF-8; save the whole file in one encoding")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def decode_bytes(data: bytes, label: str) -> str:
    """UTF-8 (BOM or not) first, then CP932; anything else is a problem naming the file and line.

    Line breaks come back as "\n": CRLF (Windows) and a lone CR (old Macs) as well, so that every
    reader counts lines as a text editor shows them. A NUL byte, a byte-order mark inside the
    file (two files joined together) and the first line in the other encoding are each named
    on their line; UTF-16 and binary files are a problem of the whole file (line 1).
    """
    if _utf16_or_binary(data):
        raise DataError([Problem(label, 1, _msg(*_UTF16_OR_BINARY))])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    problems: list[Problem] = []
    nul = data.find(b"\x00")
    if nul >= 0:
        problems.append(Problem(label, _line_at(data, nul), _msg(
            "NUL 文字 (0x00) があります。テキストの CSV ファイルにはない文字です",
            "a NUL byte (0x00), which no text CSV file holds")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text = _decode_cp932(data, label, utf8_error, problems)
    if text is not None:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        bom = text.find("\ufeff", 1)
        if bom >= 0:
            problems.append(Problem(label, text.count("\n", 0, bom) + 1, _msg(
                "ファイルの途中に BOM (U+FEFF) があります。ファイルをつなげたときに入ります。この文字を削除してください",
                "a byte-order mark (U+FEFF) inside the file, as joining two files leaves it; remove it")))
    if problems:
        raise DataError(problems)
    return text


def _utf16_or_binary(data: bytes) -> bool:
    """A UTF-16 BOM, NUL in every other byte from the start (UTF-16 without BOM), or NULs throughout."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:4096]
    if b"\x00" not in head:
        return False
    start = head[:16]
    if len(start) >= 2 and (not any(start[1::2]) or not any(start[0::2])):
        return True
    return head.count(b"\x00") * 8 > len(head)


def _line_at(data: bytes, position: int) -> int:
    """The line of byte ``position``; CRLF, a lone CR and LF each end a line, as text editors count."""
    head = data[:position]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _decode_cp932(data: bytes, label: str, utf8_error: UnicodeDecodeError, problems: list[Problem]) -> str | None:
    """The CP932 text of a file that is not UTF-8, or None with a problem on the first line that is wrong.

    Which encoding is wrong is decided by the lines with non-ASCII text: the file is in the encoding
    most of them are in (on a tie, the one of the first such line), and the first line that is not is
    named. Japanese written in CP932 is almost never valid UTF-8, so a non-ASCII line that is valid
    UTF-8 in a CP932 file means two encodings in one file.
    """
    try:
        text: str | None = data.decode("cp932")
    except UnicodeDecodeError:
        text = None
    kinds = []  # (line, valid UTF-8, valid CP932) of every non-ASCII line
    for number, line in enumerate(_LINE_BREAK.split(data), start=1):
        if line.isascii():
            continue
        kinds.append((number, _decodes(line, "utf-8"), text is not None or _decodes(line, "cp932")))
    utf8_lines = sum(1 for _, utf8, _ in kinds if utf8)
    if utf8_lines * 2 > len(kinds) or (utf8_lines * 2 == len(kinds) and kinds and kinds[0][1]):
        bad = [(n, _CP932_IN_UTF8 if cp932 else _NEITHER) for n, utf8, cp932 in kinds if not utf8]
    else:
        bad = [(n, _UTF8_IN_CP932 if utf8 else _NEITHER) for n, utf8, cp932 in kinds if utf8 or not cp932]
    if not bad:
        if text is not None:
            return text
        bad = [(_line_at(data, utf8_error.start), _NEITHER)]
    line, message = bad[0]
    problems.append(Problem(label, line, _msg(*message)))
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def read_csv_table(path: Path, stem: str, label: str | None = None) -> RawTable:
    """Read one CSV file of the folder as text, with canonical headers."""
    label = label or str(path)
    text = decode_bytes(read_input_bytes(path, label), label)
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
    reader = csv.reader(io.StringIO(text, newline=""))
    records, lines = [], []
    first_line = 1
    width = None
    try:
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
    except csv.Error as exc:  # not expected once line breaks are "\n"; a problem, never an internal error
        raise DataError([Problem(label, first_line, _msg("CSV として読めません", f"cannot be read as CSV: {exc}"))]) from None
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
    written = {}
    for canonical, raw in zip(names, header):
        written.setdefault(canonical, str(raw).strip())
    return RawTable(label, body, lines[keep], header=names, written=written)


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
        column = checks.table.written.get(name, name)
        checks.flag(_like_formulas(series), lambda r: formula_id_message(series.iat[r], column))
    return series


def _like_formulas(series: pd.Series) -> np.ndarray:
    """Which ids begin with a character a spreadsheet runs as a formula (:data:`FORMULA_PREFIXES`)."""
    return _Parsed.of(series, lambda v: v.startswith(FORMULA_PREFIXES)).mask(bool)


def formula_id_message(value: str, column: str | None = None) -> str:
    """Why an id that begins with one of :data:`FORMULA_PREFIXES` is refused."""
    first = value[:1]
    shown = {"\t": "タブ", "\r": "CR"}.get(first, first)
    shown_en = {"\t": "a tab", "\r": "a carriage return"}.get(first, repr(first))
    where = f"列「{column}」の" if column else ""
    where_en = f" in column {column!r}" if column else ""
    return _msg(
        f"{where}ID「{value}」は「{shown}」で始まっています。表計算ソフトが数式として扱うので、"
        "ID は = + - @ (タブ・CR) で始めないでください",
        f"id {value!r}{where_en} begins with {shown_en}, which a spreadsheet runs as a formula; "
        "ids must not begin with =, +, -, @, a tab or a carriage return")


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
    # once per distinct id: references repeat across hundreds of thousands of rows
    codes, uniques = pd.factorize(series, sort=False)
    positions = np.array([known.get(u, -1) for u in uniques] + [-1], dtype=np.int64)[codes]
    # blank ids are reported as blank, and ids like a formula as such (by _ids), not again as unknown
    unreported = np.array([u != "" and not u.startswith(FORMULA_PREFIXES) for u in uniques] + [False],
                          dtype=bool)[codes]
    checks.flag((positions < 0) & unreported, lambda r: _msg(
        f"{file_ja}にないID「{series.iat[r]}」", f"unknown {what_en} {series.iat[r]!r}"))
    return positions


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
    try:
        mode = os.stat(source).st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR) and not os.path.islink(source):
            raise HikinetError(_msg(f"「{source}」が見つかりません", f"{source} does not exist")) from None
        raise HikinetError(f"{source}: {_stat_problem(source, exc)}") from None
    problems: list[Problem] = []
    unreadable: set[str] = set()
    if stat.S_ISREG(mode) and source.suffix.lower() in (".xlsx", ".xlsm"):
        from .workbook import read_workbook_tables

        tables = read_workbook_tables(source, problems)
        folder = source.parent
        warnings: list[str] = []
    elif stat.S_ISDIR(mode):
        folder = source
        tables, warnings = _folder_tables(folder, problems, unreadable)
    else:
        raise HikinetError(_msg(
            f"「{source}」はフォルダでも Excel ブック (.xlsx) でもありません",
            f"{source} is neither a folder nor an Excel workbook (.xlsx)"))
    config = load_config(folder / CONFIG_NAME, str(folder / CONFIG_NAME), problems)
    return validate_tables(str(source), tables, config, problems, warnings, frozenset(unreadable))


def _folder_tables(folder: Path, problems: list[Problem], unreadable: set[str]) -> tuple[dict, list[str]]:
    """Every network file of the folder read; one that is not a readable regular file is a problem naming it."""
    tables: dict[str, RawTable | None] = {}
    try:
        entries = sorted(folder.iterdir(), key=lambda p: (p.name.lower(), p.name))
    except OSError as exc:
        raise HikinetError(_msg(f"フォルダ「{folder}」の中を見られません",
                                f"cannot list the folder {str(folder)!r}: {exc.strerror or exc}")) from None
    # every entry named like a network file, whatever it is (a folder, a FIFO, a dangling symlink…)
    present = {p.name.lower(): p for p in entries if p.name.lower() in NETWORK_FILE_NAMES}
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
        for p in entries
        if p.name.lower().endswith(".csv") and p.name.lower() not in NETWORK_FILE_NAMES
        and input_file_problem(p) is None
    ]
    return tables, warnings
