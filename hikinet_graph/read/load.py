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
from ..vocabulary import FILES
from .config import CONFIG_NAME, load_config
from .files import input_file_problem, stat_problem
from .tables import RawTable, read_csv_table
from .validate import validate_tables
from .workbook import read_workbook_tables

__all__ = ["NETWORK_FILE_NAMES", "load_network"]

# the files of a network folder, as their names are compared (lower case)
NETWORK_FILE_NAMES = tuple(f"{stem}.csv" for stem in FILES)


def load_network(path: str | Path) -> Network:
    """Load and validate a network folder, or one Excel workbook (.xlsx) with the same tables as sheets.

    A ``hikinet.toml`` in the folder (or beside the workbook) gives the settings.

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
    if stat.S_ISREG(mode) and source.suffix.lower() in (".xlsx", ".xlsm"):
        tables = read_workbook_tables(source, problems)
        folder = source.parent
        warnings: list[str] = []
    elif stat.S_ISDIR(mode):
        folder = source
        tables, warnings = _folder_tables(folder, problems, unreadable)
    else:
        raise HikinetError(bilingual(
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

