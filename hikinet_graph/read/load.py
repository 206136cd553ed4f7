"""Load and validate a network folder or workbook, and return a :class:`~hikinet_graph.model.Network`.

Reading is one pass per file: decode (UTF-8 with or without BOM, or CP932 as
Excel on Japanese Windows saves), parse with pandas' C parser as text, map
Japanese headers to the canonical columns, then check each column vectorised
over the whole file. Every problem is collected with its file and line; the
load fails with a :class:`DataError` listing all of them, or succeeds with no
row dropped.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import DataError, HikinetError, Problem
from ..i18n import bilingual
from ..model import Network
from ..vocabulary import FILES, JAPANESE_SHEETS
from .config import CONFIG_NAME, Settings, exclude_location, merge_settings, read_toml_settings
from .files import input_file_problem, stat_problem
from .headers import is_header_of
from .tables import RawTable, read_csv_table
from .validate import validate_tables
from .workbook import read_workbook_tables

__all__ = ["NETWORK_FILE_NAMES", "load_network"]

# the files of a network folder, as their names are compared (lower case)
NETWORK_FILE_NAMES = tuple(f"{stem}.csv" for stem in FILES)


def load_network(path: str | Path) -> Network:
    """Load and validate a network folder, or one Excel workbook (.xlsx) with the same tables as sheets.

    A ``hikinet.toml`` in the folder (or beside the workbook) gives the settings; a workbook's 設定
    sheet may give them too, where it agrees with the file. A network file beside a workbook is
    not read, and a warning names it.

    Parameters
    ----------
    path : str or Path
        The folder or workbook.

    Returns
    -------
    Network
        Every agency, meeting and row, validated.

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
            raise HikinetError(bilingual(f"「{source}」が見つかりません", f"{source} does not exist")) from None
        raise HikinetError(f"{source}: {stat_problem(source, exc)}") from None
    problems: list[Problem] = []
    unreadable: set[str] = set()
    warnings: list[str] = []
    sources: list[Settings] = []
    if stat.S_ISREG(mode) and source.suffix.lower() in (".xlsx", ".xlsm"):
        book = read_workbook_tables(source, problems, warnings)
        tables, unreadable, folder = book.tables, book.unreadable, source.parent
        sources.append(book.settings)
        warnings += _files_beside(source)
    elif stat.S_ISDIR(mode):
        folder = source
        tables, warnings = _folder_tables(folder, problems, unreadable)
    else:
        raise HikinetError(bilingual(
            f"「{source}」はフォルダでも Excel ブック (.xlsx) でもありません",
            f"{source} is neither a folder nor an Excel workbook (.xlsx)"))
    sources.append(read_toml_settings(folder / CONFIG_NAME, str(folder / CONFIG_NAME), problems))
    config = merge_settings(sources, problems)
    return validate_tables(str(source), tables, config, problems, warnings, frozenset(unreadable),
                           exclude_at=exclude_location(sources))


def _files_beside(book: Path) -> list[str]:
    """Warnings for network CSV files beside a workbook: named like one, or with a table's header."""
    try:
        entries = sorted(book.parent.iterdir(), key=lambda p: p.name.lower())
    except OSError:
        return []
    found = []
    for entry in entries:
        if not entry.name.lower().endswith(".csv") or input_file_problem(entry) is not None:
            continue
        stem = entry.name.lower()[:-4] if entry.name.lower() in NETWORK_FILE_NAMES else is_header_of(_first_line(entry))
        if stem:
            found.append(bilingual(
                f"{entry}: ブック「{book.name}」を読むので、隣のこの CSV ファイルは読みません。"
                f"使うには、その行をブックの「{JAPANESE_SHEETS[stem]}」シートに入れてください",
                f"{entry}: not read, as the workbook {book.name!r} is read instead; to use its rows, put them into "
                f"the workbook's sheet {JAPANESE_SHEETS[stem]!r} ({stem})"))
    return found


def _first_line(path: Path) -> list[str]:
    """The header cells of a CSV file (its first line; UTF-8 or CP932), [] when it cannot be read."""
    import csv

    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).split(b"\n", 1)[0]
    except OSError:
        return []
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return next(csv.reader([head.decode(encoding).strip()]), [])
        except (UnicodeDecodeError, csv.Error):
            continue
    return []


def _folder_tables(folder: Path, problems: list[Problem], unreadable: set[str]) -> tuple[dict, list[str]]:
    """Every network file of the folder read; one that is not a readable regular file is a problem naming it."""
    tables: dict[str, RawTable | None] = {}
    try:
        entries = sorted(folder.iterdir(), key=lambda p: (p.name.lower(), p.name))
    except OSError as exc:
        raise HikinetError(bilingual(f"フォルダ「{folder}」の中を見られません",
                                f"cannot list the folder {str(folder)!r}: {exc.strerror or exc}")) from None
    # every entry named like a network file, whatever it is (a folder, a FIFO, a dangling symlink…)
    present = {p.name.lower(): p for p in entries if p.name.lower() in NETWORK_FILE_NAMES}
    for stem in FILES:
        file = present.get(f"{stem}.csv")
        if file is None:
            if stem == "agencies":
                problems.append(Problem(str(folder / "agencies.csv"), 1, bilingual(
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
        bilingual(f"{p}: hikinet のファイルではないので読みません", f"{p}: not a hikinet file, ignored "
             f"(expected {', '.join(s + '.csv' for s in FILES)})")
        for p in entries
        if p.name.lower().endswith(".csv") and p.name.lower() not in NETWORK_FILE_NAMES
        and input_file_problem(p) is None
    ]
    return tables, warnings

