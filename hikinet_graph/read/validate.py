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
from ..vocabulary import BOOL_VALUES, FILES, STYLE_VALUES, normalize_value
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
from .tables import RawTable

__all__ = ["validate_tables"]

# --------------------------------------------------------------------------- per file


def _agencies(table: RawTable, problems: list[Problem]) -> list[Agency]:
    checks = ColumnChecks(table, problems)
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
            resource=bool(resources.iat[row]),
            attrs={c: table.frame[c].iat[row] for c in extra},
        ))
    return agencies


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
    kinds, titles = table.col("kind"), table.col("title")
    return [
        Meeting(ids.iat[i], int(rounds[i]),
                pd.Timestamp(dates[i]).date() if not np.isnat(dates[i]) else dt.date.min,
                kinds.iat[i], titles.iat[i])
        for i in range(len(table))
    ]


def _attendance(table: RawTable, problems: list[Problem], meetings: dict[str, int],
                agencies: dict[str, int]) -> pd.DataFrame:
    checks = ColumnChecks(table, problems)
    meeting = reference_column(checks, id_column(checks, "meeting_id", "会議ID", "meeting_id"), meetings, "meetings の会議", "meeting id")
    agency = reference_column(checks, id_column(checks, "agency_id", "機関ID", "agency_id"), agencies, "agencies の機関", "agency id")
    return pd.DataFrame({"meeting": meeting, "agency": agency, "line": table.lines})


def _pair(checks: ColumnChecks, agencies: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    src_ids = id_column(checks, "from", "from (紹介元)", "from")
    dst_ids = id_column(checks, "to", "to (紹介先)", "to")
    src = reference_column(checks, src_ids, agencies, "agencies の機関", "agency id")
    dst = reference_column(checks, dst_ids, agencies, "agencies の機関", "agency id")
    checks.flag(((src_ids == dst_ids) & (src_ids != "")).to_numpy(), lambda r: bilingual(
        f"自分自身への紹介・関係です (「{src_ids.iat[r]}」)", f"self-referral: from and to are both {src_ids.iat[r]!r}"))
    return src, dst


def _referrals(table: RawTable, problems: list[Problem], agencies: dict[str, int]) -> pd.DataFrame:
    checks = ColumnChecks(table, problems)
    src, dst = _pair(checks, agencies)
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


def _relations(table: RawTable, problems: list[Problem], agencies: dict[str, int]) -> pd.DataFrame:
    checks = ColumnChecks(table, problems)
    src, dst = _pair(checks, agencies)
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


def validate_tables(source: str, tables: dict[str, RawTable | None], config: Config,
                    problems: list[Problem], warnings: list[str] | None = None,
                    unreadable: frozenset[str] = frozenset()) -> Network:
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
        Warnings the network keeps (files ignored).
    unreadable : frozenset of str
        Stems of files that are there but could not be read: references to them are not flagged.

    Returns
    -------
    Network
        The validated network; no row is dropped.

    Raises
    ------
    DataError
        Listing every problem, when there is any.
    """
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


