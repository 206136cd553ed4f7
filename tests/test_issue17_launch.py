"""Issue 17: the launcher's Python side, ``python -m hikinet_graph.launch BOOK`` (no network).

``hikinet-report.bat`` passes the dropped path once, as ``"%~1"``; everything else happens
here: the report beside the data in ``<name>_報告`` (through the report folder's manifest),
the index page handed to the browser, messages in Japanese, and nothing written on a problem.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from hikinet_graph import launch
from hikinet_graph.write.folder import MANIFEST
from hikinet_graph.write.starter import write_template

ROOT = Path(__file__).resolve().parent.parent
CITY_B = ROOT / "data" / "city_b"

# spaces, Japanese, and every character cmd treats specially
AWKWARD_NAMES = ["B市 ネットワーク 2025", "100% 達成", "a^b", "R&D 連携", "wow!", "x %PATH% !y! ^& z"]


class Browser:
    """Stands in for the default browser: records what it was asked to open."""

    def __init__(self, opens: bool = True):
        self.opened: list[Path] = []
        self.opens = opens

    def __call__(self, index: Path) -> bool:
        self.opened.append(index)
        return self.opens


@pytest.fixture(scope="module")
def template_book(tmp_path_factory) -> Path:
    """A workbook that validates as it is: ``hikinet init --xlsx``'s template with its example rows."""
    return write_template(tmp_path_factory.mktemp("template"), xlsx=True)[0]


def book_in(folder: Path, template: Path, name: str = "network.xlsx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(template, folder / name))


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.mark.parametrize("name", AWKWARD_NAMES)
def test_launch_a_workbook_whose_path_has_awkward_characters(tmp_path, template_book, capsys, name):
    book = book_in(tmp_path / name, template_book, f"{name}.xlsx")
    browser = Browser()
    assert launch.main([str(book)], opener=browser) == launch.EXIT_OK
    index = tmp_path / name / f"{name}_報告" / "index.html"
    assert index.is_file()
    assert browser.opened == [index]
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == str(index)  # the index path, printed last
    assert (index.parent / MANIFEST).is_file()


def test_launch_a_folder_writes_the_report_beside_it(tmp_path, capsys):
    data = Path(shutil.copytree(CITY_B, tmp_path / "データ 置き場" / "city_b"))
    browser = Browser()
    assert launch.main([str(data)], opener=browser) == launch.EXIT_OK
    report = data.parent / "city_b_報告"
    assert browser.opened == [report / "index.html"]
    assert (report / "maps" / "change.html").is_file()
    assert listing(data) == listing(CITY_B)  # nothing written into the data folder


def test_launch_again_replaces_its_own_report_and_keeps_a_note(tmp_path, template_book):
    book = book_in(tmp_path, template_book)
    assert launch.main([str(book)], opener=Browser()) == launch.EXIT_OK
    report = tmp_path / "network_報告"
    (report / "メモ.txt").write_text("協議会で配る前に確認", encoding="utf-8")
    (report / "index.html").write_text("stale", encoding="utf-8")  # changed by hand: a later drop stops
    assert launch.main([str(book)], opener=Browser()) == launch.EXIT_ERROR
    (report / "index.html").unlink()
    browser = Browser()
    assert launch.main([str(book)], opener=browser) == launch.EXIT_OK
    assert browser.opened == [report / "index.html"]
    assert "stale" not in (report / "index.html").read_text(encoding="utf-8")
    assert (report / "メモ.txt").read_text(encoding="utf-8") == "協議会で配る前に確認"


def test_launch_after_edited_report_says_what_to_do(tmp_path, template_book, capsys):
    book = book_in(tmp_path, template_book)
    launch.main([str(book)], opener=Browser())
    (tmp_path / "network_報告" / "summary.json").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    assert launch.main([str(book)], opener=Browser()) == launch.EXIT_ERROR
    err = capsys.readouterr().err
    assert "変更されています" in err and "別の場所に移してから" in err


@pytest.mark.parametrize("make_book", ["garbage", "duplicate id"])
def test_bad_workbook_lists_the_problems_and_writes_nothing(tmp_path, template_book, capsys, make_book):
    folder = tmp_path / "B市 R&D 100%"
    if make_book == "garbage":
        folder.mkdir()
        book = folder / "network.xlsx"
        book.write_text("not a workbook", encoding="utf-8")
    else:
        book = book_in(folder, template_book)
        workbook = openpyxl.load_workbook(book)
        workbook["機関"]["A3"] = workbook["機関"]["A2"].value
        workbook.save(book)
    before = listing(tmp_path)
    browser = Browser()
    assert launch.main([str(book)], opener=browser) == launch.EXIT_ERROR
    err = capsys.readouterr().err
    assert "エラー: " in err and "件の問題があります" in err
    assert "もう一度ドロップしてください" in err
    if make_book == "duplicate id":
        assert "[機関]:3: ID「shakyo」が重複しています" in err
    assert listing(tmp_path) == before  # no report folder, no staging folder, no lock
    assert browser.opened == []


def test_existing_folder_not_written_by_hikinet_is_left_alone(tmp_path, template_book, capsys):
    book = book_in(tmp_path, template_book)
    theirs = tmp_path / "network_報告"
    theirs.mkdir()
    (theirs / "下書き.docx").write_bytes(b"someone's draft")
    before = listing(tmp_path)
    browser = Browser()
    assert launch.main([str(book)], opener=browser) == launch.EXIT_ERROR
    err = capsys.readouterr().err
    assert f"「{theirs}」というフォルダー" in err and "上書きはしません" in err
    assert listing(tmp_path) == before and browser.opened == []


@pytest.mark.parametrize("argv", [[], [""]])
def test_no_argument_explains_the_drop(tmp_path, monkeypatch, capsys, argv):
    """A double-click without a drop: the .bat passes "" as "%~1"."""
    monkeypatch.chdir(tmp_path)
    assert launch.main(argv, opener=Browser()) == launch.EXIT_ERROR
    assert "ドラッグ＆ドロップしてください" in capsys.readouterr().err
    assert listing(tmp_path) == []


def test_two_paths_are_refused(tmp_path, template_book, capsys):
    book = book_in(tmp_path, template_book)
    assert launch.main([str(book), str(book)], opener=Browser()) == launch.EXIT_ERROR
    assert "1 つずつ" in capsys.readouterr().err
    assert listing(tmp_path) == ["network.xlsx"]


def test_missing_path_is_named(tmp_path, capsys):
    missing = tmp_path / "ない ブック.xlsx"
    assert launch.main([str(missing)], opener=Browser()) == launch.EXIT_ERROR
    assert f"「{missing}」が見つかりません" in capsys.readouterr().err
    assert listing(tmp_path) == []


@pytest.mark.parametrize("name, hint", [("agencies.csv", "CSV ファイルの入ったフォルダー"), ("古い.xls", ".xlsx")])
def test_a_file_dropped_by_mistake_says_what_to_drop(tmp_path, capsys, name, hint):
    dropped = tmp_path / name
    dropped.write_bytes(b"id,name\n")
    assert launch.main([str(dropped)], opener=Browser()) == launch.EXIT_ERROR
    assert hint in capsys.readouterr().err
    assert listing(tmp_path) == [name]


def test_warnings_keep_the_window_open(tmp_path, template_book, capsys):
    """A network CSV beside a workbook is not read: the report is written, and exit 2 makes the .bat pause."""
    book = book_in(tmp_path, template_book)
    shutil.copy(CITY_B / "agencies.csv", tmp_path / "agencies.csv")
    browser = Browser()
    assert launch.main([str(book)], opener=browser) == launch.EXIT_READ_ME
    assert "注意 (warning): " in capsys.readouterr().err
    assert browser.opened == [tmp_path / "network_報告" / "index.html"]


def test_browser_that_does_not_open_names_the_file(tmp_path, template_book, capsys):
    book = book_in(tmp_path, template_book)
    assert launch.main([str(book)], opener=Browser(opens=False)) == launch.EXIT_READ_ME
    index = tmp_path / "network_報告" / "index.html"
    assert f"ダブルクリックして開いてください: {index}" in capsys.readouterr().err


def test_report_folder_names():
    assert launch.report_folder(Path("/d/B市 network.xlsx")) == Path("/d/B市 network_報告")
    assert launch.report_folder(Path("/d/BOOK.XLSX")) == Path("/d/BOOK_報告")
    assert launch.report_folder(Path("/d/city_b")) == Path("/d/city_b_報告")
    assert launch.report_folder(Path("/d/v1.2")) == Path("/d/v1.2_報告")  # a folder with a dot keeps its name


# Explorer quotes a dropped path only when it has a space; cmd then cuts a&b.xlsx at "&".
LAUNCHER = r"C:\Users\山田\hikinet\hikinet-report.bat"


@pytest.mark.parametrize("name, cut", [("a&b.xlsx", "a"), ("a,b.xlsx", "a"), ("a^b.xlsx", "ab.xlsx"),
                                       ("a=b.xlsx", "a"), ("a;b.xlsx", "a")])
def test_dropped_path_recovers_what_cmd_cut(tmp_path, name, cut):
    book = tmp_path / name
    book.write_bytes(b"")
    cmdline = f'C:\\WINDOWS\\system32\\cmd.exe /c ""{LAUNCHER}" {book}"'
    assert launch.dropped_path(str(tmp_path / cut), cmdline, LAUNCHER) == str(book)


def test_dropped_path_keeps_an_argument_that_names_something(tmp_path):
    book = tmp_path / "R&D 連携.xlsx"
    book.write_bytes(b"")
    quoted = f'C:\\WINDOWS\\system32\\cmd.exe /c ""{LAUNCHER}" "{book}""'
    assert launch.dropped_path(str(book), quoted, LAUNCHER) == str(book)
    assert launch.dropped_path(str(tmp_path / "R"), quoted, LAUNCHER.upper()) == str(book)  # cmd ignores case


@pytest.mark.parametrize("cmdline", [None, "", f'cmd.exe /c ""{LAUNCHER}" "', '"C:\\WINDOWS\\system32\\cmd.exe"',
                                     f'cmd.exe /c ""{LAUNCHER}" C:\\nowhere\\a&b.xlsx"'])
def test_dropped_path_falls_back_to_the_argument(cmdline):
    assert launch.dropped_path("", cmdline, LAUNCHER) == ""
    assert launch.dropped_path("C:\\nowhere\\a", cmdline, LAUNCHER) == "C:\\nowhere\\a"


def test_main_reads_the_command_line_the_bat_hands_over(tmp_path, template_book, monkeypatch):
    book = book_in(tmp_path / "R&D", template_book, "a&b.xlsx")
    monkeypatch.setenv(launch.CMDLINE_ENV, f'C:\\WINDOWS\\system32\\cmd.exe /c ""{LAUNCHER}" {book}"')
    monkeypatch.setenv(launch.LAUNCHER_ENV, LAUNCHER)
    browser = Browser()
    assert launch.main([str(tmp_path / "R&D" / "a")], opener=browser) == launch.EXIT_OK
    assert browser.opened == [tmp_path / "R&D" / "a&b_報告" / "index.html"]


def run_module(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m hikinet_graph.launch`` as the .bat runs it, with a console that cannot encode Japanese."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIKINET_")}
    env.update(PYTHONIOENCODING="ascii", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "hikinet_graph.launch", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=300)


def test_module_writes_utf8_whatever_the_console(tmp_path):
    result = run_module(cwd=tmp_path)
    assert result.returncode == launch.EXIT_ERROR
    assert "ドラッグ＆ドロップしてください" in result.stderr.decode("utf-8")


def test_module_takes_an_awkward_path_as_one_argument(tmp_path, template_book):
    name = AWKWARD_NAMES[-1]
    book = book_in(tmp_path / name, template_book, f"{name}.xlsx")
    result = run_module("--no-open", str(book), cwd=tmp_path)
    assert result.returncode == launch.EXIT_OK, result.stderr.decode("utf-8")
    index = tmp_path / name / f"{name}_報告" / "index.html"
    assert result.stdout.decode("utf-8").splitlines()[-1] == str(index)
    assert index.is_file()
