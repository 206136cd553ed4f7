"""Honest reading (issue 10): whatever stands at a data file's path is read, or is a problem naming it.

* Anything at a data file's path that is not a readable regular file (a dangling symlink, a FIFO, a
  device, a folder, a file that cannot be read) is an error naming it: exit 1, never "no rows" and
  never exit 70. So is a data folder that cannot be listed or is a symlink loop.
* Decoding problems name the exact line: the first UTF-8 line of a Shift_JIS file, a NUL byte, a BOM
  at the start of a middle line (two files joined together).
* Ids that begin with a character a spreadsheet runs as a formula (``FORMULA_PREFIXES``) are refused,
  by ``validate`` and by ``import-survey``: ids are keys and are never altered in output.
* A lone CR as the line break is read like any other line break.

Tests run as root, so nothing here uses chmod: faults are symlinks, FIFOs, folders standing at a
file's path, and read functions monkeypatched to raise.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
from pathlib import Path

import pytest

from hikinet_graph import load_network
from hikinet_graph.errors import DataError, HikinetError
from hikinet_graph.read.files import decode_bytes

from conftest import problem_lines, run, write_files

AGENCIES = (
    "id,name,sector,age_min,age_max,style,core\n"
    "school,教育相談室,教育,6,15,problem_solving,false\n"
    "youth,若者サポートステーション,若者,16,39,課題解決型,いいえ\n"
    "lead,市主管課,行政,,,both,true\n"
    "hoken,保健所,保健,16,64,both,はい\n"
)
MEETINGS = "id,round,date,kind,title\nm0,0,2025-04-01,preparatory,準備会\nm1,1,2025-05-20,working_group,第一回\n"
ATTENDANCE = "meeting_id,agency_id\nm0,lead\nm0,school\nm1,lead\nm1,youth\nm1,hoken\n"
REFERRALS = "from,to,date,count,client_age\nlead,youth,2025-05-01,2,17\nschool,youth,,,\n"
RELATIONS = "from,to,level,date\nyouth,lead,協働,2025-09-01\n"
FILES = {"agencies.csv": AGENCIES, "meetings.csv": MEETINGS, "attendance.csv": ATTENDANCE,
         "referrals.csv": REFERRALS, "relations.csv": RELATIONS}


def folder_with(tmp_path: Path, files: dict[str, str | bytes | None] | None = None, name: str = "net") -> Path:
    """A valid folder with some files replaced (text or bytes) or left out (None)."""
    return write_files(tmp_path / name, {**FILES, **(files or {})})


def validate(path: Path, *more: str):
    """``hikinet validate`` in-process: exit 0 or 1 and no exception (in ``main`` one would be exit 70)."""
    result = run("validate", path, *more)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"exception {result.exception!r} (exit 70 from the hikinet command)\n{result.output}")
    return result


def refused(path: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_network(path)
    return caught.value.problems


def only_fault_at(path: Path, exc: OSError):
    """A wrapper factory: the wrapped function raises ``exc`` for ``path`` and works for every other path."""
    target = os.path.realpath(path)

    def wrap(original):
        def fake(*args, **kwargs):
            if args and isinstance(args[0], (str, os.PathLike)) and os.path.realpath(os.fspath(args[0])) == target:
                raise exc
            return original(*args, **kwargs)
        return fake
    return wrap


# --------------------------------------------------------------------------- 1. honest reading


def test_the_folder_used_here_is_valid(tmp_path):
    assert validate(folder_with(tmp_path)).exit_code == 0


def test_a_dangling_symlink_is_an_error_naming_it(tmp_path):
    folder = folder_with(tmp_path, {"referrals.csv": None})
    os.symlink(tmp_path / "gone.csv", folder / "referrals.csv")
    result = validate(folder)
    assert result.exit_code == 1, result.output
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("referrals.csv", 1)], result.output
    (problem,) = refused(folder)
    assert (problem.file, problem.line) == (str(folder / "referrals.csv"), 1)
    assert "symbolic link" in problem.message and "(" in problem.message  # Japanese, then English


def test_a_symlink_to_a_regular_file_is_read(tmp_path):
    folder = folder_with(tmp_path, {"referrals.csv": None})
    (tmp_path / "elsewhere.csv").write_text(REFERRALS, encoding="utf-8")
    os.symlink(tmp_path / "elsewhere.csv", folder / "referrals.csv")
    assert validate(folder).exit_code == 0
    assert len(load_network(folder).referrals) == 2


def test_a_fifo_is_an_error_and_never_hangs(tmp_path):
    folder = folder_with(tmp_path, {"referrals.csv": None})
    os.mkfifo(folder / "referrals.csv")
    # a separate process, so that reading the FIFO (which blocks until a writer comes) cannot hang the tests
    result = subprocess.run([sys.executable, "-m", "hikinet_graph", "validate", str(folder)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert [(f, line) for f, line, _ in problem_lines(result.stderr)] == [("referrals.csv", 1)], result.stderr
    assert "FIFO" in result.stderr


def test_a_device_is_an_error_and_is_never_read(tmp_path):
    folder = folder_with(tmp_path, {"referrals.csv": None})
    os.symlink("/dev/zero", folder / "referrals.csv")  # reading it would never end
    result = validate(folder)
    assert result.exit_code == 1, result.output
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("referrals.csv", 1)], result.output


def test_a_folder_named_like_a_data_file_is_an_error(tmp_path):
    folder = folder_with(tmp_path, {"meetings.csv": None})
    (folder / "meetings.csv").mkdir()
    (folder / "hikinet.toml").mkdir()
    result = validate(folder)
    assert result.exit_code == 1, result.output
    # every problem listed, and no "unknown meeting id" for the attendance of a folder that is no file
    assert sorted((f, line) for f, line, _ in problem_lines(result.output)) == [
        ("hikinet.toml", 1), ("meetings.csv", 1)], result.output
    assert all("フォルダ" in m and "folder" in m for _, _, m in problem_lines(result.output))


def test_a_folder_named_hikinet_toml_beside_a_workbook_is_an_error(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "agencies"
    book.active.append(["id", "name"])
    book.active.append(["a", "A"])
    book.save(tmp_path / "net.xlsx")
    assert validate(tmp_path / "net.xlsx").exit_code == 0
    (tmp_path / "hikinet.toml").mkdir()
    result = validate(tmp_path / "net.xlsx")
    assert result.exit_code == 1
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("hikinet.toml", 1)], result.output


def test_files_that_cannot_be_read_are_each_named(tmp_path, monkeypatch):
    folder = folder_with(tmp_path)
    (folder / "hikinet.toml").write_text("span = [6, 99]\n", encoding="utf-8")
    denied = {os.path.realpath(folder / "referrals.csv"), os.path.realpath(folder / "hikinet.toml")}

    def guard(original):
        def fake(path, *args, **kwargs):
            if isinstance(path, (str, os.PathLike)) and os.path.realpath(os.fspath(path)) in denied:
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return original(path, *args, **kwargs)
        return fake

    # whichever way the file is opened
    monkeypatch.setattr(os, "open", guard(os.open))
    monkeypatch.setattr(pathlib.Path, "read_bytes", guard(pathlib.Path.read_bytes))
    monkeypatch.setattr(pathlib.Path, "read_text", guard(pathlib.Path.read_text))
    monkeypatch.setattr(pathlib.Path, "open", guard(pathlib.Path.open))
    result = validate(folder)
    assert result.exit_code == 1, result.output
    assert sorted((f, line) for f, line, _ in problem_lines(result.output)) == [
        ("hikinet.toml", 1), ("referrals.csv", 1)], result.output
    assert all("Permission denied" in m for _, _, m in problem_lines(result.output))


def test_a_data_folder_that_cannot_be_listed_is_an_error(tmp_path, monkeypatch):
    folder = folder_with(tmp_path)
    error = PermissionError(13, "Permission denied", str(folder))
    monkeypatch.setattr(pathlib.Path, "iterdir", only_fault_at(folder, error)(pathlib.Path.iterdir))
    monkeypatch.setattr(os, "scandir", only_fault_at(folder, error)(os.scandir))
    monkeypatch.setattr(os, "listdir", only_fault_at(folder, error)(os.listdir))
    result = validate(folder)
    assert result.exit_code == 1, result.output
    assert str(folder) in result.output and "Permission denied" in result.output, result.output
    with pytest.raises(HikinetError, match="Permission denied"):
        load_network(folder)


def test_a_symlink_loop_as_the_data_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.symlink("loop", "loop")
    result = validate(Path("loop"))
    assert result.exit_code == 1, result.output
    assert "loop" in result.output and "symbolic link" in result.output, result.output
    assert "見つかりません" not in result.output  # it is there: a link that leads nowhere, not a missing path
    with pytest.raises(HikinetError, match="loop"):
        load_network("loop")


def test_a_symlink_loop_at_a_data_file_is_an_error(tmp_path):
    folder = folder_with(tmp_path, {"relations.csv": None})
    os.symlink("relations.csv", folder / "relations.csv")
    result = validate(folder)
    assert result.exit_code == 1, result.output
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("relations.csv", 1)], result.output


def test_import_survey_names_answers_that_are_not_a_file(tmp_path):
    folder = folder_with(tmp_path)
    answers = tmp_path / "answers.csv"
    answers.mkdir()
    result = run("import-survey", answers, "-a", folder / "agencies.csv", "-o", tmp_path / "relations.csv")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("answers.csv", 1)], result.output
    assert not (tmp_path / "relations.csv").exists()


# --------------------------------------------------------------------------- 2. exact line numbers


HEAD = "id,name,sector\n"
CP932_LINES = "".join(f"a{i},相談機関{i},福祉\n" for i in range(2, 7))


@pytest.mark.parametrize("utf8_name", [
    "若者サポートステーション",  # not valid CP932 either: the whole file fails to decode as CP932
    "保健所",  # happens to be valid CP932 too
])
def test_the_utf8_line_of_a_shift_jis_file_is_named(utf8_name):
    data = (HEAD + CP932_LINES).encode("cp932") + f"a7,{utf8_name},保健\n".encode("utf-8") \
        + "a8,後の行,教育\na9,最後,若者\n".encode("cp932")
    with pytest.raises(DataError) as caught:
        decode_bytes(data, "agencies.csv")
    (problem,) = caught.value.problems
    assert problem.line == 7, problem
    assert "UTF-8" in problem.message and "CP932" in problem.message


def test_the_first_utf8_line_of_a_shift_jis_file_is_named_when_there_are_several():
    lines = [HEAD.encode()] + [f"a{i},相談機関{i},福祉\n".encode("cp932") for i in range(2, 12)]
    lines[4] = "a5,教育相談室,教育\n".encode("utf-8")  # line 5
    lines[8] = "a9,若者サポートステーション,若者\n".encode("utf-8")  # line 9
    with pytest.raises(DataError) as caught:
        decode_bytes(b"".join(lines), "agencies.csv")
    assert [p.line for p in caught.value.problems] == [5]


def test_a_shift_jis_line_in_a_utf8_file_is_named():
    data = (HEAD + CP932_LINES).encode("utf-8") + "a7,後の行,教育\n".encode("cp932") + "a8,最後,若者\n".encode()
    with pytest.raises(DataError) as caught:
        decode_bytes(data, "agencies.csv")
    assert [p.line for p in caught.value.problems] == [7]


def test_the_utf8_line_of_a_shift_jis_file_is_named_through_the_cli(tmp_path):
    data = AGENCIES.encode("cp932") + "x7,教育相談室,教育\n".encode("utf-8")
    # lines: header 1, four agencies 2-5, x7 on line 6
    result = validate(folder_with(tmp_path, {"agencies.csv": data}))
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("agencies.csv", 6)], result.output


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_a_nul_byte_names_its_line(encoding):
    text = AGENCIES.replace("lead,市主管課", "lead,市主\x00管課")  # line 4
    data = text.encode(encoding)
    with pytest.raises(DataError) as caught:
        decode_bytes(data, "agencies.csv")
    (problem,) = caught.value.problems
    assert problem.line == 4, problem
    assert "NUL" in problem.message


def test_a_nul_byte_names_its_line_through_the_cli(tmp_path):
    result = validate(folder_with(tmp_path, {"referrals.csv": REFERRALS + "hoken,lead,\x00,,\n"}))
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("referrals.csv", 4)], result.output


@pytest.mark.parametrize("data", [
    AGENCIES.encode("utf-16"),  # with a BOM
    AGENCIES.encode("utf-16-le"),  # without: NUL in every other byte from the start
    AGENCIES.encode("utf-16-be"),
    b"\xff\xfe",
])
def test_utf16_is_still_a_whole_file_problem_on_line_1(data):
    with pytest.raises(DataError) as caught:
        decode_bytes(data, "agencies.csv")
    (problem,) = caught.value.problems
    assert problem.line == 1
    assert "UTF-16" in problem.message


def test_a_bom_at_the_start_of_a_middle_line_is_named(tmp_path):
    joined = AGENCIES.replace("youth,", "\ufeffyouth,")  # line 3, as two files joined together leave it
    folder = folder_with(tmp_path, {"agencies.csv": b"\xef\xbb\xbf" + joined.encode("utf-8")})
    result = validate(folder)
    assert result.exit_code == 1
    # the BOM, not "unknown agency id 'youth'" in attendance.csv
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("agencies.csv", 3)], result.output
    assert "BOM" in result.output


def test_a_bom_in_the_middle_of_a_file_with_lone_cr_line_breaks_names_its_line():
    text = "id,name\rschool,教育\ryouth,若者\r\ufeffid,name\rlead,市\r"
    with pytest.raises(DataError) as caught:
        decode_bytes(text.encode("utf-8"), "agencies.csv")
    assert [p.line for p in caught.value.problems] == [4]


def test_a_leading_bom_is_still_fine(tmp_path):
    assert validate(folder_with(tmp_path, {"agencies.csv": b"\xef\xbb\xbf" + AGENCIES.encode()})).exit_code == 0


# --------------------------------------------------------------------------- 3. formula-safe ids


FORMULA_IDS = ['=HYPERLINK("http://x","y")', "+cmd", "-1x", "@SUM(1)"]


def quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def test_the_six_formula_prefixes():
    from hikinet_graph.vocabulary import FORMULA_PREFIXES  # the one constant the readers and writers share

    assert FORMULA_PREFIXES == ("=", "+", "-", "@", "\t", "\r")


def test_formula_ids_are_refused_where_they_are_defined_and_used(tmp_path):
    agencies = AGENCIES + "".join(f"{quoted(i)},名前{k}\n" for k, i in enumerate(FORMULA_IDS))  # lines 6-9
    meetings = "会議ID,回,開催日\nm0,0,2025-04-01\n=m1,1,2025-05-01\n"  # =m1 on line 3
    attendance = "meeting_id,agency_id\nm0,lead\nm0,+cmd\n=m1,lead\n@nowhere,school\n"  # lines 3, 4, 5
    referrals = f"from,to\nlead,youth\n{quoted(FORMULA_IDS[0])},lead\nlead,-1x\n-unknown,lead\n"  # lines 3, 4, 5
    relations = "from,to,level\nyouth,lead,1\n@SUM(1),lead,2\n"  # line 3
    folder = folder_with(tmp_path, {"agencies.csv": agencies, "meetings.csv": meetings, "attendance.csv": attendance,
                                    "referrals.csv": referrals, "relations.csv": relations})
    result = validate(folder)
    assert result.exit_code == 1
    found = problem_lines(result.output)
    # one problem per cell, never also "unknown id" for the same cell
    assert sorted((f, line) for f, line, _ in found) == sorted([
        ("agencies.csv", 6), ("agencies.csv", 7), ("agencies.csv", 8), ("agencies.csv", 9),
        ("meetings.csv", 3),
        ("attendance.csv", 3), ("attendance.csv", 4), ("attendance.csv", 5),
        ("referrals.csv", 3), ("referrals.csv", 4), ("referrals.csv", 5),
        ("relations.csv", 3),
    ]), result.output
    assert not any("にないID" in m for _, _, m in found), result.output
    by_line = {(f, line): m for f, line, m in found}
    assert "「=」" in by_line[("agencies.csv", 6)] and "'='" in by_line[("agencies.csv", 6)]
    assert "+cmd" in by_line[("agencies.csv", 7)]
    assert "会議ID" in by_line[("meetings.csv", 3)]  # the header as the user wrote it


def test_formula_ids_are_refused_in_a_workbook(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "機関"
    sheet.append(["機関ID", "機関名"])
    sheet.append(["ok", "よい"])
    sheet.append(["+cmd", "プラス"])
    book.save(tmp_path / "net.xlsx")
    problems = refused(tmp_path / "net.xlsx")
    assert [(Path(p.file).name, p.line) for p in problems] == [("net.xlsx[機関]", 3)], problems


def test_names_that_look_like_formulas_are_still_fine(tmp_path):
    agencies = AGENCIES.replace("市主管課", quoted(FORMULA_IDS[0])).replace("保健所", "@SUM(1)")
    assert validate(folder_with(tmp_path, {"agencies.csv": agencies})).exit_code == 0


def _survey(tmp_path: Path, agencies: str, mapping: str | None = None):
    (tmp_path / "agencies.csv").write_text(agencies, encoding="utf-8")
    answers = tmp_path / "answers.csv"
    answers.write_text("回答機関,教育相談室,若者サポートステーション\n市主管課,顔見知り,協働\n", encoding="utf-8")
    args = ["import-survey", answers, "-a", tmp_path / "agencies.csv", "-o", tmp_path / "relations.csv"]
    if mapping is not None:
        (tmp_path / "map.csv").write_text(mapping, encoding="utf-8")
        args += ["--map", tmp_path / "map.csv"]
    result = run(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_import_survey_refuses_formula_ids_in_the_agencies_file(tmp_path):
    agencies = AGENCIES.replace("school,", '"=HYPERLINK(""http://x"")",')  # line 2
    result = _survey(tmp_path, agencies)
    assert result.exit_code == 1
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("agencies.csv", 2)], result.output
    assert not (tmp_path / "relations.csv").exists()


def test_import_survey_refuses_formula_ids_in_the_map_file(tmp_path):
    result = _survey(tmp_path, AGENCIES, mapping="名前,機関ID\n相談室,school\n教育相談室,+cmd\n")
    assert result.exit_code == 1
    found = problem_lines(result.output)
    assert [(f, line) for f, line, _ in found] == [("map.csv", 3)], result.output
    assert "+cmd" in found[0][2] and "「+」" in found[0][2]
    assert not (tmp_path / "relations.csv").exists()


def test_import_survey_still_writes_safe_ids(tmp_path):
    result = _survey(tmp_path, AGENCIES)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "relations.csv").read_text(encoding="utf-8-sig")
    assert "lead,school,1" in text and "lead,youth,4" in text


# --------------------------------------------------------------------------- 4. lone CR line breaks


@pytest.mark.parametrize("data", [
    b"\r\x01",
    b"a\rb,c",
    b"\rid,name\rschool,x\r",
    b'id,name\r"a\rb\r',
])
def test_lone_cr_files_never_end_in_an_internal_error(tmp_path, data):
    result = validate(folder_with(tmp_path, {"agencies.csv": data}))
    assert result.exit_code == 1
    assert "agencies.csv" in result.output


def test_lone_cr_line_breaks_keep_line_numbers(tmp_path):
    # a quoted cell holding a lone CR counts as a line, as a text editor shows it
    agencies = AGENCIES.replace("\n", "\r").replace("市主管課", '"市\r主管課"').replace("hoken,保健所,保健,16", "hoken,保健所,保健,x")
    result = validate(folder_with(tmp_path, {"agencies.csv": agencies}))
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("agencies.csv", 6)], result.output


def test_a_line_break_inside_quotes_with_lone_cr_line_breaks_loads(tmp_path):
    agencies = AGENCIES.replace("\n", "\r").replace("市主管課", '"市\r主管課"')
    folder = folder_with(tmp_path, {"agencies.csv": agencies})
    assert validate(folder).exit_code == 0
    assert [a.name for a in load_network(folder).agencies][2] == "市\n主管課"


def test_a_blank_first_line_ended_by_a_lone_cr_is_named(tmp_path):
    result = validate(folder_with(tmp_path, {"agencies.csv": "\r" + AGENCIES.replace("\n", "\r")}))
    assert [(f, line) for f, line, _ in problem_lines(result.output)] == [("agencies.csv", 1)], result.output
    assert "1行目が空です" in result.output
