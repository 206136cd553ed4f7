"""Shared helpers: write small hand-made network folders.

``make_folder(tmp_path, agencies=..., meetings=..., ...)`` writes one CSV file per
keyword that is not None and returns the folder's Path. Each value is either

* a list of rows (tuples/lists); the standard header of the file is written
  first and short rows are padded with blank cells, or
* a string of CSV text, written as it is (use this for custom headers,
  extra columns or deliberately broken headers).

``toml`` is written as ``hikinet.toml``; ``encoding`` is the encoding of every
CSV file ("utf-8", "utf-8-sig" for a BOM, "cp932" for Excel on Japanese Windows).

Every test file shares the other helpers from here too (``from conftest import run, ...``):
``run`` invokes the CLI, ``analyze_json`` runs ``analyze --format json``, ``sha`` is one
file's digest and ``tree`` a whole folder's, ``write_files`` writes a folder file by file
(raw bytes included), ``problem_lines`` parses reported problems.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
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


def write_files(folder: Path, files: dict[str, str | bytes | None]) -> Path:
    """Make ``folder`` (it must not exist) and write each file: text as UTF-8, bytes as they are, None not at all."""
    folder.mkdir(parents=True)
    for file, content in files.items():
        if content is not None:
            (folder / file).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def _make_folder(tmp_path: Path, agencies=None, meetings=None, attendance=None, referrals=None,
                 relations=None, toml=None, encoding="utf-8", name="net") -> Path:
    tables = {"agencies": agencies, "meetings": meetings, "attendance": attendance,
              "referrals": referrals, "relations": relations}
    files = {f"{stem}.csv": csv_text(stem, rows).encode(encoding) for stem, rows in tables.items() if rows is not None}
    files["hikinet.toml"] = None if toml is None else textwrap.dedent(toml)
    return write_files(tmp_path / name, files)


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


def run(*args):
    """Invoke ``hikinet ARGS...`` through click's CliRunner; paths and numbers may be passed as they are."""
    from hikinet_graph.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args])


def analyze_json(source, *extra) -> dict:
    """``hikinet analyze SOURCE --format json EXTRA...``, which must succeed, as parsed JSON."""
    result = run("analyze", source, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def sha(path: Path) -> str:
    """The SHA-256 of one file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(root: Path, skip: Path | None = None) -> dict[str, str]:
    """Every file, folder and link under ``root`` (except ``skip``), with its content's hash."""
    state = {}
    for path in sorted(root.rglob("*")):
        if skip is not None and (path == skip or skip in path.parents):
            continue
        key = str(path.relative_to(root))
        if path.is_symlink():
            state[key] = "link:" + os.readlink(path)
        elif path.is_dir():
            state[key] = "dir"
        else:
            state[key] = sha(path)
    return state


def save_book(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write a workbook with one sheet per entry (in order), each row as given, as a coordinator's Excel would."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def hrefs(path: Path) -> list[str]:
    """Every link (``href`` of ``<a>``) of a written page, in page order."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.hrefs
