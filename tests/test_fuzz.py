"""Broken input through every command that reads data (issue 7, item 1: robustness).

Each case writes a folder (or a workbook) and runs ``validate``, ``analyze``
(table and JSON), ``map``, ``report``, ``compare`` (the broken side first and
second) and ``export`` through click's CliRunner. For every command:

* the exit code is 0 or 1, and never a traceback (``result.exception`` is None
  or a SystemExit);
* the exit code is the expected one when the case says so (0 only where the
  input is actually valid, such as a formula in a name), and every command
  agrees with ``validate``;
* on exit 1 the output names the broken file.

Random bytes and truncated files are drawn by hypothesis with a fixed example
budget (``BUDGET``); the other cases are parametrized. Each case that once
showed a bug keeps its minimal input here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import tempfile
import tomllib
import traceback
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hikinet_graph import load_network

BUDGET = 20  # examples per hypothesis test: the whole file runs in about 25-30 s on 2 cores

FUZZ = settings(
    max_examples=BUDGET,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.large_base_example],
)

from conftest import problem_lines as problems, run, write_files

# A valid folder with something in every corner: Japanese text, a quoted cell with a comma, a
# quote and a line break (Alt+Enter), every date spelling, referral counts and ages, relation words.
GOOD = {
    "agencies.csv": (
        "id,name,sector,age_min,age_max,style,core\n"
        "school,教育相談室,教育,6,15,problem_solving,false\n"
        "youth,若者サポートステーション,若者,16,39,課題解決型,いいえ\n"
        "lead,市主管課,行政,,,both,true\n"
        'family,"家族会, 本部 ""ひだまり""\n（第2行）",民間,,,伴走型,\n'
        "hoken,保健所,保健,１６,64歳,both,○\n"
    ),
    "meetings.csv": (
        "id,round,date,kind,title\n"
        "m0,0,2025-04-01,preparatory,準備会\n"
        "m1,1,2025/5/20,working_group,第一回ワーキンググループ\n"
        "m2,2,令和7年9月1日,network_meeting,ネットワーク会議\n"
    ),
    "attendance.csv": (
        "meeting_id,agency_id\n"
        "m0,lead\nm0,school\nm1,lead\nm1,youth\nm1,school\nm2,family\nm2,hoken\nm2,lead\n"
    ),
    "referrals.csv": (
        "from,to,date,count,client_age\n"
        "lead,youth,2025-05-01,2,17\n"
        "school,youth,2025年6月1日,,\n"
        "hoken,family,,1,\n"
        "youth,hoken,R7.10.1,3,40\n"
    ),
    "relations.csv": (
        "from,to,level,date\n"
        "family,lead,協働,2025-09-01\n"
        "youth,family,1,\n"
        "hoken,school,情報共有,2025/4/1\n"
    ),
    "hikinet.toml": "span = [6, 99]\nboundaries = [40]\n",
}
CSV_FILES = [name for name in GOOD if name.endswith(".csv")]


# --------------------------------------------------------------------------- helpers


def write_folder(where: Path, changes: dict[str, bytes | str | None] | None = None, encoding: str = "utf-8",
                 name: str = "net") -> Path:
    """The good folder with some files replaced (bytes or text) or removed (None)."""
    files = {k: v.encode(encoding) if k.endswith(".csv") else v.encode("utf-8") for k, v in GOOD.items()}
    return write_files(where / name, {**files, **(changes or {})})


def commands(target: Path, good: Path, out: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", target],
        "analyze": ["analyze", target],
        "analyze --format json": ["analyze", target, "--format", "json"],
        "map": ["map", target, "-o", out / "map.html"],
        "report": ["report", target, "-o", out / "report"],
        "compare BROKEN GOOD": ["compare", target, good],
        "compare GOOD BROKEN": ["compare", good, target],
        "export": ["export", target, "-o", out / "export.xlsx", "--force"],
    }


def run_all(target: Path, good: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    return {name: run(*args) for name, args in commands(target, good, out).items()}


def describe(name: str, result) -> str:
    text = f"\n--- {name}: exit {result.exit_code}, exception {result.exception!r}\n{result.output[-1500:]}"
    if result.exc_info and not isinstance(result.exception, SystemExit):
        text += "".join(traceback.format_exception(*result.exc_info))[-3000:]
    return text


def check(results: dict, *, expect: int | None, broken: str, reference_errors_ok: bool = False) -> None:
    """The assertions every case makes (see the module docstring).

    ``reference_errors_ok``: a shortened agencies or meetings file may be valid by itself and leave
    other files pointing at ids it no longer has; then those references are what is reported.
    """
    report = "".join(describe(n, r) for n, r in results.items())
    for name, result in results.items():
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            f"traceback from {name}" + report
        assert "Traceback" not in result.output, f"traceback text from {name}" + report
        assert result.exit_code in (0, 1), f"exit code of {name}" + report
    verdict = results["validate"].exit_code
    if expect is not None:
        assert verdict == expect, f"validate should exit {expect}" + report
    for name, result in results.items():
        assert result.exit_code == verdict, f"{name} disagrees with validate" + report
        if result.exit_code == 1:
            if broken in result.output:
                continue
            found = problems(result.output)
            assert reference_errors_ok and found and all("にないID" in m for _, _, m in found), \
                f"{name} does not name {broken}" + report


def run_case(where: Path, target: Path, *, expect: int | None, broken: str, reference_errors_ok: bool = False):
    good = write_folder(where, name="good")
    results = run_all(target, good, where / "out")
    check(results, expect=expect, broken=broken, reference_errors_ok=reference_errors_ok)
    return results


def decode_like_the_contract(data: bytes) -> str:
    """UTF-8 with or without BOM, else CP932 (docs/data-format.md, Encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp932")


def rows_in(data: bytes) -> int:
    """Rows of a CSV file by Python's csv module: after the header, every row with a non-blank cell."""
    reader = csv.reader(io.StringIO(decode_like_the_contract(data)))
    next(reader, None)
    return sum(1 for row in reader if any(cell.strip() for cell in row))


def loaded_rows(folder: Path, file: str) -> int:
    network = load_network(folder)
    return {"agencies.csv": len(network.agencies), "meetings.csv": len(network.meetings),
            "attendance.csv": len(network.attendance), "referrals.csv": len(network.referrals),
            "relations.csv": len(network.relations)}[file]


# --------------------------------------------------------------------------- the good folder itself


def test_the_good_folder_is_valid_for_every_command(tmp_path):
    results = run_case(tmp_path, write_folder(tmp_path), expect=0, broken="")
    data = json.loads(results["analyze --format json"].stdout)
    assert data["agencies"] == 5 and data["links"] > 0


# --------------------------------------------------------------------------- random bytes (hypothesis)

TARGETS = CSV_FILES + ["hikinet.toml", "net.xlsx"]


def toml_is_valid(data: bytes) -> bool:
    """hikinet.toml is valid when it is UTF-8 TOML without settings (random bytes never spell span/boundaries)."""
    try:
        return tomllib.loads(data.decode("utf-8-sig")) == {}
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


@FUZZ
@given(target=st.sampled_from(TARGETS), data=st.binary(max_size=400))
@example(target="agencies.csv", data=b"").via("an empty file")
@example(target="referrals.csv", data=b"\xef\xbb\xbf").via("only a BOM")
@example(target="net.xlsx", data=b"PK\x03\x04" + bytes(60)).via("a zip header and nothing else")
@example(target="agencies.csv", data=b"\r\x01").via("a lone CR as the line break: once csv.Error, exit 70")
@example(target="agencies.csv", data=b"a\rb,c").via("a lone CR, then a row with too many cells")
def test_random_bytes(target, data):
    with tempfile.TemporaryDirectory() as root:
        where = Path(root)
        if target == "net.xlsx":
            path = where / "in" / "net.xlsx"
            path.parent.mkdir()
            path.write_bytes(data)
        else:
            path = write_folder(where / "in", {target: data})
        expect = (0 if toml_is_valid(data) else 1) if target == "hikinet.toml" else 1
        run_case(where, path, expect=expect, broken=target)


@FUZZ
@given(target=st.sampled_from(CSV_FILES), tail=st.binary(max_size=200))
def test_a_good_header_then_random_bytes(target, tail):
    """A real header followed by random bytes: the rows may happen to be valid, so any verdict goes."""
    header = GOOD[target].split("\n", 1)[0].encode() + b"\n"
    with tempfile.TemporaryDirectory() as root:
        where = Path(root)
        run_case(where, write_folder(where / "in", {target: header + tail}), expect=None, broken=target,
                 reference_errors_ok=target in ("agencies.csv", "meetings.csv"))


# --------------------------------------------------------------------------- truncated files (hypothesis)


def _offset_inside(file: str, encoding: str, marker: str, skip: int) -> int:
    data = GOOD[file].encode(encoding)
    return data.index(marker.encode(encoding)) + skip


@FUZZ
@given(file=st.sampled_from(CSV_FILES), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932"]),
       fraction=st.floats(0, 1, exclude_max=True))
@example(file="agencies.csv", encoding="utf-8", fraction=None).via("inside a multi-byte UTF-8 character")
@example(file="agencies.csv", encoding="cp932", fraction=None).via("inside a two-byte CP932 character")
@example(file="agencies.csv", encoding="utf-8-sig", fraction=0.0).via("inside the BOM")
@example(file="meetings.csv", encoding="utf-8", fraction=0.93).via("inside the last date")
def test_truncated_file(file, encoding, fraction):
    """A valid file cut at a byte offset. A cut that leaves a valid file may pass, but every row is loaded."""
    data = GOOD[file].encode(encoding)
    if fraction is None:  # the explicit multi-byte examples: one byte into 教 of 教育相談室
        offset = _offset_inside(file, encoding, "教育相談室", 1)
    elif encoding == "utf-8-sig" and fraction == 0.0:
        offset = 2
    else:
        offset = int(fraction * len(data))
    cut = data[:offset]
    with tempfile.TemporaryDirectory() as root:
        where = Path(root)
        folder = write_folder(where / "in", {file: cut}, encoding=encoding)
        results = run_case(where, folder, expect=None, broken=file,
                           reference_errors_ok=file in ("agencies.csv", "meetings.csv"))
        if results["validate"].exit_code == 0:
            # nothing silently dropped: every row Python's csv module sees is loaded
            assert loaded_rows(folder, file) == rows_in(cut), cut


def test_truncated_inside_a_quoted_cell_after_a_whole_character(tmp_path):
    """One cut the hypothesis test above also makes: the cell's text so far is whole UTF-8."""
    data = GOOD["agencies.csv"].encode()
    cut = data[: data.index("本部".encode())]  # family,"家族会, |
    results = run_case(tmp_path, write_folder(tmp_path / "in", {"agencies.csv": cut}), expect=None,
                       broken="agencies.csv", reference_errors_ok=True)
    if results["validate"].exit_code == 0:
        assert loaded_rows(tmp_path / "in" / "net", "agencies.csv") == rows_in(cut)


# --------------------------------------------------------------------------- parametrized cases

BIG = 2_000_000  # a 2 MB cell

A = GOOD["agencies.csv"]
A_LINES = A.splitlines(keepends=True)
R = GOOD["referrals.csv"]


def _mixed_lines(text: str, odd_encoding: str) -> bytes:
    """The header and every even line in UTF-8, every odd line in ``odd_encoding``."""
    lines = text.splitlines(keepends=True)
    return b"".join(line.encode(odd_encoding if k % 2 else "utf-8") for k, line in enumerate(lines))


def _cp932_lines_with_one_utf8_line(text: str, utf8_line: str) -> bytes:
    return text.encode("cp932") + utf8_line.encode("utf-8")


def _xlsx_bytes() -> bytes:
    """A real workbook of the good folder, written by openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.created = book.properties.modified = dt.datetime(2025, 4, 1)
    book.remove(book.active)
    for file, text in GOOD.items():
        if file.endswith(".csv"):
            sheet = book.create_sheet(file[:-4])
            for row in csv.reader(io.StringIO(text)):
                sheet.append(row)
    saved = io.BytesIO()
    book.save(saved)
    # the same bytes on every run (zip entry times fixed), so that the corruption below is too
    fixed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-04-01T00:00:00Z", content)
            target.writestr(zipfile.ZipInfo(info.filename, (2025, 4, 1, 0, 0, 0)), content,
                            compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


def _corrupted(data: bytes, start: int, length: int) -> bytes:
    flipped = bytearray(data)
    for k in range(start, start + length):
        flipped[k] ^= 0x5A
    return bytes(flipped)


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


HUGE = "9223372036854775808"  # 2**63: one more than an int64 holds

# id, {file: new content (str = UTF-8 text, bytes as they are, None = remove)}, expected exit, broken file
CASES = [
    # wrong delimiters
    pytest.param({"agencies.csv": A.replace(",", "\t")}, 1, "agencies.csv", id="tab-separated-agencies"),
    pytest.param({"agencies.csv": A.replace(",", ";")}, 1, "agencies.csv", id="semicolon-separated-agencies"),
    pytest.param({"agencies.csv": "id;name\nschool;教育相談室, 本室\n"}, 1, "agencies.csv",
                 id="semicolons-and-a-comma-in-a-cell"),
    pytest.param({"referrals.csv": R.replace(",", "\t")}, 1, "referrals.csv", id="tab-separated-referrals"),
    pytest.param({"meetings.csv": GOOD["meetings.csv"].replace(",", ";")}, 1, "meetings.csv",
                 id="semicolon-separated-meetings"),
    # encodings
    pytest.param({"agencies.csv": A.encode("cp932")}, 0, "agencies.csv", id="one-file-cp932-the-others-utf8"),
    pytest.param({"agencies.csv": A.encode("utf-16")}, 1, "agencies.csv", id="utf16-file"),
    pytest.param({"agencies.csv": _mixed_lines(A, "cp932")}, 1, "agencies.csv", id="one-file-mixing-utf8-and-cp932"),
    pytest.param({"referrals.csv": R.encode() + "hoken,school,令和7年4月1日,1,\n".encode("cp932")}, 1,
                 "referrals.csv", id="utf8-file-with-a-cp932-last-line"),
    pytest.param({"agencies.csv": _cp932_lines_with_one_utf8_line(A, "clinic,保健所\n")}, 1, "agencies.csv",
                 id="cp932-file-with-a-utf8-line-that-is-also-cp932"),
    pytest.param({"agencies.csv": _cp932_lines_with_one_utf8_line(A, "保健所,clinic\n"),
                  "referrals.csv": R + "保健所,lead,,,\n"}, 1, "agencies.csv",
                 id="cp932-file-with-a-utf8-id-line-that-is-also-cp932"),
    # empty files and BOMs
    pytest.param({"agencies.csv": b""}, 1, "agencies.csv", id="empty-agencies"),
    pytest.param({"agencies.csv": b"\xef\xbb\xbf"}, 1, "agencies.csv", id="agencies-only-a-bom"),
    pytest.param({"referrals.csv": b""}, 1, "referrals.csv", id="empty-referrals"),
    pytest.param({"relations.csv": b"\xef\xbb\xbf"}, 1, "relations.csv", id="relations-only-a-bom"),
    pytest.param({"agencies.csv": "\n\n,,,\n"}, 1, "agencies.csv", id="agencies-only-blank-lines"),
    pytest.param({"agencies.csv": "\n" + A}, 1, "agencies.csv", id="a-blank-line-before-the-header"),
    pytest.param({"referrals.csv": "\r\n" + R}, 1, "referrals.csv", id="a-blank-crlf-line-before-the-header"),
    pytest.param({"agencies.csv": A_LINES[0]}, 1, "agencies.csv", id="agencies-only-a-header"),
    pytest.param({"hikinet.toml": b""}, 0, "hikinet.toml", id="empty-toml-is-valid"),
    pytest.param({"hikinet.toml": b"\xef\xbb\xbf"}, 0, "hikinet.toml", id="toml-only-a-bom-is-valid"),
    pytest.param({"hikinet.toml": b"\x00\xff span"}, 1, "hikinet.toml", id="toml-binary"),
    # formulas: data like any other text, so valid
    pytest.param({"agencies.csv": A.replace("市主管課", '"=HYPERLINK(""http://x"",""y"")"')
                  .replace("教育相談室", "+cmd").replace("保健所", "@SUM(1)")}, 0, "agencies.csv",
                 id="formulas-in-names"),
    pytest.param({"agencies.csv": A + '"=HYPERLINK(""http://x"",""y"")",リンク\n+cmd,プラス\n@SUM(1),アット\n-2+3,マイナス\n',
                  "referrals.csv": R + '"=HYPERLINK(""http://x"",""y"")",+cmd,,,\n@SUM(1),-2+3,,,\n',
                  "attendance.csv": GOOD["attendance.csv"] + "m1,+cmd\nm1,@SUM(1)\n"}, 1, "agencies.csv",
                 id="formulas-in-ids"),  # ids are keys, never altered in output: refused (issue 10)
    pytest.param({"referrals.csv": R + "lead,school,=TODAY(),,\n"}, 1, "referrals.csv", id="formula-as-a-date"),
    pytest.param({"referrals.csv": R + "lead,school,,=1+1,\n"}, 1, "referrals.csv", id="formula-as-a-count"),
    # enormous cells
    pytest.param({"agencies.csv": A + "big," + "名" * (BIG // 3) + ",,,,,\n"}, 0, "agencies.csv",
                 id="2MB-name"),
    pytest.param({"agencies.csv": A + "x" * BIG + ",巨大なID\n", "referrals.csv": R + "x" * BIG + ",lead,,,\n"},
                 0, "agencies.csv", id="2MB-id-referenced"),
    pytest.param({"agencies.csv": A + "big,name,," + "十" * (BIG // 3) + "\n"}, 1, "agencies.csv",
                 id="2MB-non-numeric-age"),
    pytest.param({"agencies.csv": A + "big,name,," + "9" * BIG + "\n"}, 1, "agencies.csv", id="2MB-of-digits-as-age"),
    pytest.param({"referrals.csv": R + "lead,school,,," + "1" * 5000 + "\n"}, 1, "referrals.csv",
                 id="5000-digit-client-age"),
    pytest.param({"agencies.csv": "x" * BIG + "\n" + "".join(A_LINES[1:])}, 1, "agencies.csv",
                 id="2MB-header-cell"),
    pytest.param({"agencies.csv": A + 'big,"' + "x\n" * (BIG // 2) + '"\nbad,,,,-1\n'}, 1, "agencies.csv",
                 id="2MB-cell-of-line-breaks-then-a-bad-age"),
    pytest.param({"agencies.csv": A + "big,名前,,,,,," + "x" * BIG + "\n"}, 1, "agencies.csv",
                 id="2MB-cell-in-a-row-with-too-many-cells"),
    pytest.param({"agencies.csv": A + 'big,"' + "x" * BIG}, 1, "agencies.csv",
                 id="2MB-cell-truncated-inside-its-quotes"),
    # enormous numbers
    pytest.param({"referrals.csv": R + f"lead,school,,{HUGE},\n"}, 1, "referrals.csv", id="count-2**63"),
    pytest.param({"referrals.csv": R + f"lead,school,,,{HUGE}\n"}, 1, "referrals.csv", id="client-age-2**63"),
    pytest.param({"meetings.csv": GOOD["meetings.csv"] + f"m9,{HUGE},2025-12-01\n"}, 1, "meetings.csv",
                 id="round-2**63"),
    pytest.param({"relations.csv": GOOD["relations.csv"] + f"lead,school,{HUGE},\n"}, 1, "relations.csv",
                 id="level-2**63"),
    pytest.param({"agencies.csv": A + f"old,,,,{HUGE}\n"}, 1, "agencies.csv", id="age-max-2**63"),
    pytest.param({"hikinet.toml": "span = [0, 1000000000000]\n"}, 1, "hikinet.toml", id="span-of-10**12-years"),
    # broken CSV structure
    pytest.param({"agencies.csv": A + 'stray,"閉じていない引用符\norphan1,孤立1\norphan2,孤立2\n'}, 1, "agencies.csv",
                 id="unclosed-quote-swallows-the-rows-after-it"),
    pytest.param({"agencies.csv": A.encode()[: A.encode().index("本部".encode())]}, 1, "agencies.csv",
                 id="truncated-inside-a-quoted-cell"),
    pytest.param({"agencies.csv": A + "extra,余分,,,,,,もう1列\n"}, 1, "agencies.csv", id="too-many-cells"),
    pytest.param({"agencies.csv": A.replace("\n", "\r")}, 0, "agencies.csv", id="old-mac-line-endings"),
    # a lone CR as the line break (issue 10: b"\r\x01" was an internal error from the csv module)
    pytest.param({"agencies.csv": b"a\rb,c"}, 1, "agencies.csv", id="lone-cr-then-too-many-cells"),
    pytest.param({"agencies.csv": b"id\r1\r"}, 1, "referrals.csv", id="lone-cr-agencies-without-the-referenced-ids"),
    pytest.param({"agencies.csv": b"\r" + A.replace("\n", "\r").encode()}, 1, "agencies.csv",
                 id="lone-cr-blank-first-line"),
    pytest.param({"agencies.csv": A.replace("\n", "\r").replace("市主管課", '"市\r主管課"')}, 0, "agencies.csv",
                 id="lone-cr-inside-quotes"),
    pytest.param({"agencies.csv": A.replace("\n", "\r") + 'x,"未完\r'}, 1, "agencies.csv",
                 id="lone-cr-unclosed-quote"),
    pytest.param({"agencies.csv": A.replace("\n", "\r\n").replace("\r\nlead", "\rlead")}, 0, "agencies.csv",
                 id="crlf-and-one-lone-cr"),
    # NUL bytes and a BOM inside the file (issue 10: named on their line)
    pytest.param({"agencies.csv": A.replace("市主管課", "市主\x00管課")}, 1, "agencies.csv", id="a-nul-byte"),
    pytest.param({"agencies.csv": A + "\ufeff" + A}, 1, "agencies.csv", id="two-files-joined-with-their-boms"),
    pytest.param({"agencies.csv": A.replace("\n", "\r\n")}, 0, "agencies.csv", id="windows-line-endings"),
    pytest.param({"agencies.csv": None}, 1, "agencies.csv", id="agencies-file-missing"),
]


@pytest.mark.parametrize("changes, expect, broken", CASES)
def test_broken_folder(tmp_path, changes, expect, broken):
    run_case(tmp_path, write_folder(tmp_path / "in", changes), expect=expect, broken=broken)


def test_formula_ids_are_refused_by_every_command(tmp_path):
    """Ids are keys and never altered in output, so an id a spreadsheet would run as a formula is refused
    (issue 10): every command names each such line, and nothing else."""
    formulas = ['=HYPERLINK("http://x","y")', "+cmd", "@SUM(1)", "-1x"]
    rows = "".join(f'"{f.replace(chr(34), chr(34) * 2)}",名前\n' for f in formulas)
    folder = write_folder(tmp_path / "in", {"agencies.csv": A + rows})
    results = run_case(tmp_path, folder, expect=1, broken="agencies.csv")
    first = len(A_LINES) + 1  # lines as an editor counts them: the family agency's name holds a line break
    for name, result in results.items():
        assert [(f, line) for f, line, _ in problems(result.output)] == [
            ("agencies.csv", first + k) for k in range(len(formulas))], name + result.output


def test_mixed_encodings_across_files_read_the_same_network(tmp_path):
    """One file CP932, another UTF-8 with a BOM, the rest UTF-8: the same analysis as all UTF-8."""
    mixed = write_folder(tmp_path / "mixed", {"agencies.csv": A.encode("cp932"),
                                              "referrals.csv": b"\xef\xbb\xbf" + R.encode()})
    results = run_case(tmp_path, mixed, expect=0, broken="")
    plain = run("analyze", write_folder(tmp_path / "plain"), "--format", "json")
    assert json.loads(results["analyze --format json"].stdout) == json.loads(plain.stdout)


def test_2mb_cell_of_line_breaks_keeps_line_numbers(tmp_path):
    folder = write_folder(tmp_path / "in", {"agencies.csv": A + 'big,"' + "x\n" * (BIG // 2) + '"\nbad,,,,-1\n'})
    result = run("validate", folder)
    assert result.exit_code == 1
    # the header is line 1, five agencies on lines 2-7 (family's name holds a line break), big starts on
    # line 8 and holds BIG // 2 line breaks, so bad is on line 9 + BIG // 2
    assert [(f, line) for f, line, _ in problems(result.output)] == [("agencies.csv", 9 + BIG // 2)], \
        result.output[-500:]


WORKBOOK = _xlsx_bytes()

XLSX_CASES = [
    pytest.param(bytes(random.Random(7).randrange(256) for _ in range(2000)), id="random-bytes"),
    pytest.param(b"", id="empty"),
    pytest.param(b"\xef\xbb\xbf", id="only-a-bom"),
    pytest.param(_zip_without_workbook(), id="a-zip-that-is-no-workbook"),
    pytest.param(WORKBOOK[: len(WORKBOOK) // 2], id="truncated-workbook"),
    pytest.param(_corrupted(WORKBOOK, len(WORKBOOK) // 3, 64), id="corrupted-workbook"),
    pytest.param(GOOD["agencies.csv"].encode(), id="a-csv-named-xlsx"),
]


def test_the_good_workbook_is_valid(tmp_path):
    path = tmp_path / "in" / "net.xlsx"
    path.parent.mkdir()
    path.write_bytes(WORKBOOK)
    run_case(tmp_path, path, expect=0, broken="net.xlsx")


@pytest.mark.parametrize("data", XLSX_CASES)
def test_broken_workbook(tmp_path, data):
    path = tmp_path / "in" / "net.xlsx"
    path.parent.mkdir()
    path.write_bytes(data)
    run_case(tmp_path, path, expect=1, broken="net.xlsx")
