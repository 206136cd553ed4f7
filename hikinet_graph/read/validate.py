"""The rules of each table (agencies, meetings, attendance, referrals, relations), checked together.

:func:`validate_tables` turns the tables of one network into a
:class:`~hikinet_graph.model.Network`, or raises a :class:`DataError` listing
every problem; references between files become positions.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from ..i18n import bilingual
from ..model import Agency, Config, Meeting, Network
from ..vocabulary import BOOL_VALUES, FILES, STYLE_VALUES, accepted_headers, normalize_value
from .checks import (
    BAD,
    ColumnChecks,
    Parsed,
    date_column,
    flag_duplicate_ids,
    id_column,
    parse_level,
    reference_column,
    whole_column,
)
from .config import MAX_AGE
from .matrix import matrix_attendance
from .tables import RawTable

__all__ = ["validate_tables"]

# --------------------------------------------------------------------------- per file


def _agencies(table: RawTable, problems: list[Problem], warnings: list[str]) -> list[Agency]:
    checks = ColumnChecks(table, problems)
    if not table.has("name"):
        accepted = accepted_headers("agencies", "name", any(not h.isascii() for h in table.written.values()))
        warnings.append(f"{table.label}: " + bilingual(
            f"機関名の列がありません。地図と報告書には機関IDを表示します。使える見出し: {', '.join(accepted)}",
            f"no column of agency names: maps and the report show the ids; accepted headers: {', '.join(accepted)}"))
    ids = id_column(checks, "id", "ID", "id")
    flag_duplicate_ids(checks, ids)
    age_min, age_max = _ages(checks)
    styles = table.col("style").map(lambda v: STYLE_VALUES.get(normalize_value(v)))
    checks.flag(styles.isna().to_numpy(), lambda r: bilingual(
        f"支援スタイル「{table.col('style').iat[r]}」は 伴走型 / 課題解決型 / 両方 / 空欄 のいずれかにしてください",
        f"unknown style {table.col('style').iat[r]!r}; use accompaniment, problem_solving, both or blank"))
    cores = _yes_no(checks, "core", "コアメンバー")
    resources = _yes_no(checks, "resource", "社会資源")
    if len(table) == 0:
        problems.append(Problem(table.label, 2, bilingual("機関が1件もありません", "the file lists no agencies")))
    known = set(FILES["agencies"])
    extra = [c for c in table.frame.columns if c not in known]
    # whole columns as lists: one Python object per cell, not one pandas lookup per cell
    extras = [table.frame[c].tolist() for c in extra]
    return [
        Agency(
            id=id_, name=name, sector=sector,
            age_min=lo if isinstance(lo, int) else 0,
            age_max=hi if isinstance(hi, int) else None,
            style=style or "", core=bool(core), resource=bool(resource),
            attrs=dict(zip(extra, values)),
        )
        for id_, name, sector, lo, hi, style, core, resource, *values in zip(
            ids.tolist(), table.col("name").tolist(), table.col("sector").tolist(), age_min, age_max,
            styles.tolist(), cores.tolist(), resources.tolist(), *extras)
    ]


def _yes_no(checks: ColumnChecks, column: str, what_ja: str):
    """A true/false column (はい / いいえ, ○ / ×, …; blank is false); any other value is a problem on its line."""
    table = checks.table
    values = table.col(column).map(lambda v: BOOL_VALUES.get(normalize_value(v)))
    checks.flag(values.isna().to_numpy(), lambda r: bilingual(
        f"{what_ja}「{table.col(column).iat[r]}」は true / false (はい / いいえ) にしてください",
        f"{column} {table.col(column).iat[r]!r} must be true or false"))
    return values


def _ages(checks: ColumnChecks) -> tuple[list, list]:
    """The ages each agency serves (lowest, highest): whole numbers up to MAX_AGE, lowest <= highest."""
    table = checks.table
    age_min = whole_column(checks, "age_min", "対象年齢下限", "age_min").values()
    age_max = whole_column(checks, "age_max", "対象年齢上限", "age_max").values()
    too_old = np.fromiter((isinstance(v, int) and v > MAX_AGE for v in age_min + age_max),
                          dtype=bool, count=2 * len(table))
    checks.flag(too_old[: len(table)] | too_old[len(table):], lambda r: bilingual(
        f"対象年齢は0〜{MAX_AGE}歳で書いてください", f"ages served must lie between 0 and {MAX_AGE}"))
    inverted = np.fromiter(
        (isinstance(lo, int) and isinstance(hi, int) and lo > hi for lo, hi in zip(age_min, age_max)),
        dtype=bool, count=len(table))
    checks.flag(inverted, lambda r: bilingual(
        f"対象年齢下限 {age_min[r]} が上限 {age_max[r]} より大きいです",
        f"age_min {age_min[r]} is greater than age_max {age_max[r]}"))
    return age_min, age_max


def _meetings(table: RawTable, problems: list[Problem]) -> list[Meeting]:
    checks = ColumnChecks(table, problems)
    ids = id_column(checks, "id", "会議ID", "meeting id")
    flag_duplicate_ids(checks, ids)
    parsed_rounds = whole_column(checks, "round", "回", "round")
    if table.has("round"):
        checks.flag(parsed_rounds.mask(lambda r: r is None), lambda r: bilingual("回が空です", "the round is blank"))
    rounds = parsed_rounds.ints(-1)
    dates = date_column(checks, "date", required=True)
    kinds, titles, labels = table.col("kind"), table.col("title"), table.col("round_label")
    _labels_agree(checks, rounds, labels)
    log = [table.col(c) for c in ("purpose", "outcome", "next_steps")]  # the meeting log, free text
    return [
        Meeting(ids.iat[i], int(rounds[i]),
                pd.Timestamp(dates[i]).date() if not np.isnat(dates[i]) else dt.date.min,
                kinds.iat[i], titles.iat[i], labels.iat[i], *(column.iat[i] for column in log))
        for i in range(len(table))
    ]


def _labels_agree(checks: ColumnChecks, rounds: np.ndarray, labels: pd.Series) -> None:
    """The meetings of one round that name it (回の名前) must name it alike; each other name is a problem."""
    first: dict[int, tuple[str, int]] = {}
    disagree = np.zeros(len(labels), dtype=bool)
    for row, (round_, label) in enumerate(zip(rounds.tolist(), labels.tolist())):
        if label:
            first.setdefault(round_, (label, int(checks.table.lines[row])))
            disagree[row] = first[round_][0] != label
    header = checks.table.written.get("round_label", "回の名前")
    checks.flag(disagree, lambda r: bilingual(
        f"第{rounds[r]}回の{header}「{labels.iat[r]}」が{first[rounds[r]][1]}行目の「{first[rounds[r]][0]}」と違います。"
        "同じ回の会議には同じ名前を書くか、1つを残して空欄にしてください",
        f"round {rounds[r]} is named {labels.iat[r]!r} here but {first[rounds[r]][0]!r} on line "
        f"{first[rounds[r]][1]}: give the meetings of one round one name, or leave all but one blank"))


def _attendance(table: RawTable, problems: list[Problem], meetings: dict[str, int], agency_list: list[Agency],
                agencies: dict[str, int], where: dict[str, tuple[str, str]]) -> pd.DataFrame:
    if table.matrix is not None:  # one row per agency, one column per meeting
        return matrix_attendance(table, meetings, agency_list, agencies, where, problems)
    checks = ColumnChecks(table, problems)
    meeting = reference_column(checks, id_column(checks, "meeting_id", "会議ID", "meeting_id"), meetings,
                               where["meetings"], "meeting id")
    agency = reference_column(checks, id_column(checks, "agency_id", "機関ID", "agency_id"), agencies,
                              where["agencies"], "agency id")
    return pd.DataFrame({"meeting": meeting, "agency": agency, "line": table.lines})


def _pair(checks: ColumnChecks, agencies: dict[str, int], where: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    src_ids = id_column(checks, "from", "from (紹介元)", "from")
    dst_ids = id_column(checks, "to", "to (紹介先)", "to")
    src = reference_column(checks, src_ids, agencies, where, "agency id")
    dst = reference_column(checks, dst_ids, agencies, where, "agency id")
    checks.flag(((src_ids == dst_ids) & (src_ids != "")).to_numpy(), lambda r: bilingual(
        f"自分自身への紹介・関係です (「{src_ids.iat[r]}」)", f"self-referral: from and to are both {src_ids.iat[r]!r}"))
    return src, dst


def _referrals(table: RawTable, problems: list[Problem], agencies: dict[str, int],
               where: tuple[str, str]) -> pd.DataFrame:
    checks = ColumnChecks(table, problems)
    src, dst = _pair(checks, agencies, where)
    dates = date_column(checks, "date", required=False)
    counts = whole_column(checks, "count", "件数", "count")
    checks.flag(counts.mask(lambda c: c == 0), lambda r: bilingual("件数は1以上にしてください", "count must be at least 1"))
    ages = whole_column(checks, "client_age", "年齢", "client_age").ints(-1)
    return pd.DataFrame({
        "src": src,
        "dst": dst,
        "date": dates,
        "count": counts.ints(1),
        "client_age": pd.arrays.IntegerArray(ages, mask=ages < 0),
        "line": table.lines,
    })


def _relations(table: RawTable, problems: list[Problem], agencies: dict[str, int],
               where: tuple[str, str]) -> pd.DataFrame:
    checks = ColumnChecks(table, problems)
    src, dst = _pair(checks, agencies, where)
    dates = date_column(checks, "date", required=False)
    series = table.col("level")
    levels = Parsed.of(series, parse_level) if table.has("level") else Parsed.blank(len(table))
    required = table.has("level")
    invalid = levels.mask(lambda v: v is BAD or (isinstance(v, int) and not 1 <= v <= 4) or (v is None and required))
    checks.flag(invalid, lambda r: bilingual(
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


def _where(tables: dict[str, RawTable | None], stem: str) -> tuple[str, str]:
    """A file or sheet as the user sees it, for messages of the tables that refer to it."""
    table = tables.get(stem)
    shown = table.shown if table is not None and table.shown else f"{stem}.csv"
    if shown.lower().endswith(".csv"):
        return shown, shown
    return f"「{shown}」シート", f"sheet {shown!r}"


def validate_tables(source: str, tables: dict[str, RawTable | None], config: Config,
                    problems: list[Problem], warnings: list[str] | None = None,
                    unreadable: frozenset[str] = frozenset(), exclude_at: tuple[str, int] = ("", 1)) -> Network:
    """Check the tables of one network together and build the network.

    Parameters
    ----------
    source : str
        The folder or workbook read, as the network records it.
    tables : dict
        File stem -> its table; None for a file that is missing or could not be read.
    config : Config
        The network's settings.
    problems : list of Problem
        Problems found so far (reading, settings); every new one is appended.
    warnings : list of str, optional
        Warnings the network keeps (files ignored, columns not read, no name column).
    unreadable : frozenset of str
        Stems of files that are there but could not be read: references to them are not flagged.
    exclude_at : (str, int)
        Where the settings' ``exclude`` pairs are written (file or sheet, line), for unknown ids in them.

    Returns
    -------
    Network
        The validated network; no row is dropped.

    Raises
    ------
    DataError
        Listing every problem, when there is any.
    """
    warnings = list(warnings or [])
    for table in tables.values():
        if table is not None:
            problems.extend(table.problems)
            warnings.extend(table.warnings)
    where = {stem: _where(tables, stem) for stem in ("agencies", "meetings")}
    if tables.get("agencies") is None:
        agencies: list[Agency] = []
        agency_index = None
    else:
        agencies = _agencies(tables["agencies"], problems, warnings)
        agency_index = {a.id: i for i, a in enumerate(agencies) if a.id}
        _check_exclude(config, agency_index, exclude_at, problems)
    meeting_table = tables.get("meetings") or _empty("meetings", "meetings.csv")
    meetings = _meetings(meeting_table, problems)
    meeting_index = {m.id: i for i, m in enumerate(meetings) if m.id}
    if "meetings" in unreadable:
        meeting_index = None
    attendance = _attendance(tables.get("attendance") or _empty("attendance", "attendance.csv"), problems,
                             meeting_index, agencies, agency_index, where)
    referrals = _referrals(tables.get("referrals") or _empty("referrals", "referrals.csv"), problems, agency_index,
                           where["agencies"])
    relations = _relations(tables.get("relations") or _empty("relations", "relations.csv"), problems, agency_index,
                           where["agencies"])
    if problems:
        raise DataError(problems)
    return Network(source, agencies, meetings, attendance, referrals, relations, config, warnings)


def _check_exclude(config: Config, agency_index: dict[str, int], at: tuple[str, int], problems: list[Problem]) -> None:
    """Every id in the settings' excluded pairs must be an agency's."""
    unknown = sorted({i for pair in config.exclude for i in pair} - set(agency_index))
    if unknown:
        problems.append(Problem(at[0], at[1], bilingual(
            f"除外する組 (exclude) に機関にないIDがあります: {', '.join(unknown)}",
            f"exclude names ids that are no agency's: {', '.join(unknown)}")))
