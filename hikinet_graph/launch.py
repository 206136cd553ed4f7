"""The launcher: drop a workbook or a network folder on ``hikinet-report.bat`` and read the report.

``python -m hikinet_graph.launch BOOK`` checks the data, writes the report beside it into
``<name>_報告`` and opens its ``index.html`` in the default browser. It is what the
offline bundle's ``hikinet-report.bat`` runs (docs/offline.md); the ``.bat`` only finds
the environment's python and passes the dropped path, so everything here is tested.

* The report folder goes through the same manifest as ``hikinet report``: a later drop
  replaces the launcher's own earlier report, and a folder of that name that hikinet did
  not write is never touched (a message says what to do).
* Nothing is written when the data has problems: they are listed, sheet and line, in Japanese.
* Exit codes: 0 the report is open; 1 an error, no report written; 2 the report was written
  but there is something to read (a warning, or the browser did not open); 70 a bug in
  hikinet. The ``.bat`` keeps its window open with ``pause`` on any code but 0.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .core.background import one_command_process
from .errors import DataError, HikinetError, OutputError
from .i18n import t
from .read.load import load_network
from .write.folder import check_output_folder
from .write.report import build_report

__all__ = ["Launched", "dropped_path", "launch", "main", "open_in_browser", "report_folder"]

REPORT_SUFFIX = "_報告"
EXIT_OK, EXIT_ERROR, EXIT_READ_ME, EXIT_INTERNAL_ERROR = 0, 1, 2, 70
# set by hikinet-report.bat: cmd's own command line, and the .bat's full path
CMDLINE_ENV, LAUNCHER_ENV = "HIKINET_CMDLINE", "HIKINET_LAUNCHER"

NO_ARGUMENT = (
    "報告書にする Excel ブック (.xlsx) か、データ (CSV) の入ったフォルダーを、"
    "hikinet-report.bat のアイコンの上にドラッグ＆ドロップしてください。\n"
    "(drop an Excel workbook or a data folder on hikinet-report.bat; double-clicking it alone does nothing)")
ONE_ONLY = ("ドロップできるのは、ブックかフォルダー 1 つだけです。1 つずつドロップしてください。"
            " (drop one workbook or folder at a time)")
FIX_AND_DROP = "ブックを直して保存してから、もう一度ドロップしてください。報告書は作っていません。"
# files people drop by mistake, and what to drop instead
WRONG_FILES = {
    ".csv": "CSV のときは、ファイルではなく、CSV ファイルの入ったフォルダーをドロップしてください。"
            " (drop the folder that holds the CSV files)",
    ".xls": "古い形式のブック (.xls) は読めません。Excel で「名前を付けて保存」→「Excel ブック (*.xlsx)」で"
            "保存し直してから、ドロップしてください。 (save it as .xlsx first)",
}
OUTPUT_HINT = ("報告書のフォルダーの中のファイルを書き換えたときは、そのファイルを別の場所に移してから、"
               "もう一度ドロップしてください (hikinet-report.bat に --force はありません)。")


@dataclass
class Launched:
    """What one drop did: the report's ``index.html``, whether the browser opened it, the warnings said."""

    index: Path
    opened: bool
    warnings: list[str] = field(default_factory=list)


def report_folder(source: str | Path) -> Path:
    """The report folder beside a workbook or folder: its name without the suffix, then ``_報告``.

    >>> report_folder(Path("/data/B市 network.xlsx")).name
    'B市 network_報告'
    >>> report_folder(Path("/data/city_b")).name
    'city_b_報告'
    """
    source = Path(source)
    stem = source.stem if source.suffix.lower() in (".xlsx", ".xlsm") else source.name
    return source.parent / f"{stem or 'hikinet'}{REPORT_SUFFIX}"


def dropped_path(argument: str, cmdline: str | None = None, launcher: str | None = None) -> str:
    """The path dropped on the launcher: ``argument``, or the one cmd cut, recovered from its command line.

    Explorer quotes a dropped path only when it holds a space, so cmd splits an unquoted
    ``C:\\a&b.xlsx`` at ``&`` (also at ``,`` ``;`` ``=``, and drops a ``^``). The ``.bat`` hands over
    cmd's raw command line (``cmd /c ""LAUNCHER" PATH"``) and its own path: the text after the
    launcher is the dropped path, used only when ``argument`` names nothing and that text does.
    """
    if not cmdline or not launcher or (argument and os.path.exists(argument)):
        return argument
    at = cmdline.lower().rfind(launcher.lower())
    if at < 0:
        return argument
    rest = cmdline[at + len(launcher):].strip()
    if rest.startswith('"'):  # the launcher's closing quote
        rest = rest[1:].strip()
    if rest.endswith('"'):  # the closing quote of cmd /c "..."
        rest = rest[:-1].strip()
    if len(rest) >= 2 and rest[0] == rest[-1] == '"':  # a path Explorer quoted after all
        rest = rest[1:-1]
    return rest if rest and os.path.exists(rest) else argument


def open_in_browser(index: Path) -> bool:
    """Open ``index`` in the default browser; False when no browser could be started."""
    if hasattr(os, "startfile"):  # Windows: the program associated with .html, as a double-click would
        try:
            os.startfile(str(index))
        except OSError:
            return False
        return True
    return webbrowser.open(index.as_uri())


def _say(message: str) -> None:
    print(message, flush=True)


def _tell(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def launch(source: str | Path, opener: Callable[[Path], bool] | None = open_in_browser,
           say: Callable[[str], None] = _say, tell: Callable[[str], None] = _tell) -> Launched:
    """Check ``source``, write its report into :func:`report_folder` and open ``index.html``.

    Parameters
    ----------
    source : str or Path
        A workbook (.xlsx) or a network folder.
    opener : callable or None
        Opens the index page, returns whether it did; None opens nothing (tests, scripts).
    say, tell : callable
        Receive progress lines, and warnings.

    Raises
    ------
    HikinetError
        The data has problems (:class:`DataError`), or the report folder cannot be written;
        nothing was written.
    """
    source = Path(os.path.abspath(source))
    if source.is_file() and source.suffix.lower() in WRONG_FILES:
        raise HikinetError(f"「{source.name}」: {WRONG_FILES[source.suffix.lower()]}")
    outdir = report_folder(source)
    try:
        check_output_folder(outdir)
    except OutputError:
        raise OutputError(
            f"「{outdir}」というフォルダー (またはファイル) がすでにあり、hikinet が書いたものではありません。"
            "上書きはしません。名前を変えるか別の場所に移してから、もう一度ドロップしてください。"
            f" ({str(outdir)!r} exists and was not written by hikinet; it is left as it is)") from None
    say(f"データを確かめています: {source}")
    network = load_network(source)
    warnings = list(dict.fromkeys(network.warnings))
    for warning in warnings:
        tell(f"{t('warning_prefix', 'ja')}: {warning}")

    def warn(message: str) -> None:
        warnings.append(message)
        tell(f"{t('warning_prefix', 'ja')}: {message}")

    say(f"報告書を書いています: {outdir}")
    build_report(network, outdir, "ja", progress=lambda line: say(f"  {line}"), warn=warn)
    index = outdir / "index.html"
    say(f"報告書ができました: {index}")
    opened = bool(opener(index)) if opener else False
    if opener and not opened:
        tell(f"ブラウザーを開けませんでした。次のファイルをダブルクリックして開いてください: {index}")
    return Launched(index, opened, warnings)


def _arguments(argv: Sequence[str]) -> tuple[list[str], bool]:
    """The paths given, and whether ``--no-open`` was (after ``--`` everything is a path)."""
    paths, no_open, options = [], False, True
    for arg in argv:
        if options and arg == "--":
            options = False
        elif options and arg == "--no-open":
            no_open = True
        elif arg:  # the .bat passes "" when it was double-clicked without a drop
            paths.append(arg)
    return paths, no_open


def main(argv: Sequence[str] | None = None, opener: Callable[[Path], bool] | None = open_in_browser) -> int:
    """``python -m hikinet_graph.launch [--no-open] BOOK``: the exit code (see the module docstring)."""
    paths, no_open = _arguments(sys.argv[1:] if argv is None else argv)
    if len(paths) != 1:
        _tell(NO_ARGUMENT if not paths else ONE_ONLY)
        return EXIT_ERROR
    source = dropped_path(paths[0], os.environ.get(CMDLINE_ENV), os.environ.get(LAUNCHER_ENV))
    try:
        launched = launch(source, None if no_open else opener)
    except DataError as exc:
        for problem in exc.problems:
            _tell(str(problem))
        _tell(f"{t('error_prefix', 'ja')}: {t('problems', 'ja', n=len(exc.problems))}")
        _tell(FIX_AND_DROP)
        return EXIT_ERROR
    except OutputError as exc:
        _tell(f"{t('error_prefix', 'ja')}: {exc}")
        if "--force" in str(exc):
            _tell(OUTPUT_HINT)
        return EXIT_ERROR
    except HikinetError as exc:
        _tell(f"{t('error_prefix', 'ja')}: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _tell("中断しました。報告書は以前のままか、すべて新しくなっています (interrupted)")
        return 130
    print(str(launched.index), flush=True)
    return EXIT_OK if (launched.opened or no_open) and not launched.warnings else EXIT_READ_ME


def run() -> None:
    """The module's entry point: UTF-8 output whatever the console's code page, and hikinet's bugs as a message."""
    one_command_process()  # one report, then exit: no cyclic garbage collection (core/background.py)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        code = main()
    except Exception as exc:  # a bug in hikinet, not in the data: say so without a traceback
        if os.environ.get("HIKINET_DEBUG"):
            raise
        _tell(f"内部エラー: {type(exc).__name__}: {exc} (internal error in hikinet; please report it"
              " with the workbook's name; HIKINET_DEBUG=1 shows the details)")
        code = EXIT_INTERNAL_ERROR
    sys.exit(code)


if __name__ == "__main__":
    run()
