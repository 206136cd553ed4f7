"""Shared helpers: write small hand-made network folders.

``make_folder(tmp_path, agencies=..., meetings=..., ...)`` writes one CSV file per
keyword that is not None and returns the folder's Path. Each value is either

* a list of rows (tuples/lists); the standard header of the file is written
  first and short rows are padded with blank cells, or
* a string of CSV text, written as it is (use this for custom headers,
  extra columns or deliberately broken headers).

``toml`` is written as ``hikinet.toml``; ``encoding`` is the encoding of every
CSV file ("utf-8", "utf-8-sig" for a BOM, "cp932" for Excel on Japanese Windows).
"""

from __future__ import annotations

import csv
import io
import os
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis: CI draws the same examples on every run (derandomize), so the same code gives the same
# answer; `HYPOTHESIS_PROFILE=explore pytest tests/test_fuzz.py tests/test_properties.py` keeps exploring
# with fresh random examples, many more of them. Each bug it finds is fixed and pinned with @example.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=1000, print_blob=True)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(HYPOTHESIS_PROFILE)


def example_budget(ci_examples: int) -> int:
    """Examples per hypothesis test: a fixed budget in CI, the profile's (larger) one when exploring."""
    return ci_examples if HYPOTHESIS_PROFILE == "ci" else settings.default.max_examples

# the headless-Chromium fixtures, registered once for the whole suite
from pagecheck import browser, open_page  # noqa: F401

HEADERS = {
    "agencies": ["id", "name", "sector", "age_min", "age_max", "style", "core"],
    "meetings": ["id", "round", "date", "kind", "title"],
    "attendance": ["meeting_id", "agency_id"],
    "referrals": ["from", "to", "date", "count", "client_age"],
    "relations": ["from", "to", "level", "date"],
}


def csv_text(stem: str, rows) -> str:
    """The CSV text of one file: a string passes through, a list of rows gets the standard header."""
    if isinstance(rows, str):
        return textwrap.dedent(rows).lstrip("\n")
    header = HEADERS[stem]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        cells = ["" if c is None else str(c) for c in row]
        writer.writerow(cells + [""] * (len(header) - len(cells)))
    return buffer.getvalue()


def _make_folder(tmp_path: Path, agencies=None, meetings=None, attendance=None, referrals=None,
                 relations=None, toml=None, encoding="utf-8", name="net") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    files = {"agencies": agencies, "meetings": meetings, "attendance": attendance,
             "referrals": referrals, "relations": relations}
    for stem, rows in files.items():
        if rows is not None:
            (folder / f"{stem}.csv").write_bytes(csv_text(stem, rows).encode(encoding))
    if toml is not None:
        (folder / "hikinet.toml").write_text(textwrap.dedent(toml), encoding="utf-8")
    return folder


@pytest.fixture
def make_folder():
    """The folder writer, as a fixture: ``make_folder(tmp_path, agencies=[...], ...)``."""
    return _make_folder


# one problem as the CLI prints it: FILE:LINE: message
PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<message>\S.*)$")


def problem_lines(output: str) -> list[tuple[str, int, str]]:
    """(file name, line, message) of every problem line in a command's output."""
    found = []
    for line in output.splitlines():
        m = PROBLEM_LINE.match(line)
        if m:
            found.append((Path(m["file"]).name, int(m["line"]), m["message"]))
    return found
