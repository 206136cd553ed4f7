"""Writing output safely: hikinet replaces or removes only what it wrote, and a failed write changes nothing.

Single files (maps, the change map, exports, relations from a survey) are written
to a temporary file beside the target and moved into place; an existing file is
replaced only with ``force``. A report folder is written as one transaction
(:func:`staged_folder`): staged beside the target, the earlier files moved aside,
the new ones moved in, and everything rolled back on any error or on SIGINT /
SIGTERM. A lock file beside the folder keeps a second run out, and a lock left
by a killed run is recognised and its leftovers undone. docs/writing-files.md
describes the guarantees for people.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from ..errors import OutputError
from ..i18n import bilingual
from ..vocabulary import FORMULA_PREFIXES

__all__ = [
    "write_atomically", "write_text", "write_workbook", "check_outside_input", "check_output_folder", "staged_folder",
    "MANIFEST", "LOCK_SUFFIX", "refuse_existing", "same_path",
    "FORMULA_PREFIXES", "safe_cell", "safe_row", "csv_text",
]



def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula: a leading ``'`` before =, +, -, @, tab or CR.

    Examples
    --------
    >>> safe_cell("=SUM(A1)"), safe_cell("-3"), safe_cell(-3), safe_cell("社協")
    ("'=SUM(A1)", "'-3", -3, '社協')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values) -> list:
    """One row of cells for a CSV file or a workbook sheet, every text cell formula-safe."""
    return [safe_cell(v) for v in values]


def csv_text(columns, rows, bom: bool = False, line_end: str = "\n") -> str:
    """The one way hikinet writes CSV: a header, then ``rows`` (sequences), every cell formula-safe.

    ``bom`` puts a UTF-8 byte-order mark first, so that Excel on Japanese Windows reads the file right.
    """
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(safe_row(columns))
    for row in rows:
        writer.writerow(safe_row("" if v is None else v for v in row))
    return ("\ufeff" if bom else "") + buffer.getvalue()


def _resolved(path: str | Path) -> Path:
    """The absolute path with links followed; a link loop is the user's problem to hear of, not a crash."""
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        raise OutputError(bilingual(f"「{path}」はシンボリックリンクが循環しています", f"{str(path)!r} is a symlink loop")) from None


def same_path(a: str | Path, b: str | Path) -> bool:
    """Do ``a`` and ``b`` name the same file (after following links)?"""
    return _resolved(a) == _resolved(b)


def check_outside_input(output: str | Path, *inputs: str | Path) -> None:
    """Refuse an output path that is an input file or folder, or lies inside an input folder.

    A workbook's neighbours are not its input: a report may go beside the workbook.
    """
    target = _resolved(output)
    for given in inputs:
        source = _resolved(given)
        # a folder is guarded with everything in it; a workbook (or any input file) itself
        inside = source.is_dir() and source in target.parents
        if target == source or inside:
            raise OutputError(
                f"出力先「{output}」は入力データ「{given}」の中です。別の場所を指定してください"
                f" (output {str(output)!r} lies inside the input {str(given)!r}; choose another place: "
                "hikinet never writes into its input)")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _give_normal_mode(path: str | Path, folder: bool = False) -> None:
    """The mode any editor's file (or folder) gets under the user's umask; mkstemp/mkdtemp give 0600/0700."""
    os.chmod(path, (0o777 if folder else 0o666) & ~_umask())


def refuse_existing(path: str | Path, force: bool = False) -> None:
    """Stop before any work when a single-file output already exists and ``force`` is not given."""
    target = Path(path)
    if (target.exists() or target.is_symlink()) and not force:
        _refuse_existing(target)


def _refuse_existing(target: Path) -> None:
    raise OutputError(bilingual(f"「{target}」はすでにあります。上書きするには --force を付けてください",
                           f"will not overwrite {str(target)!r}; use --force to replace it"))


def write_atomically(path: str | Path, write: Callable[[str], None], suffix: str = ".tmp",
                     force: bool = False) -> Path:
    """Let ``write(temp_path)`` fill a temporary file beside ``path``, then move it into place.

    An existing file at ``path`` is replaced only with ``force``; without it the run
    stops with an :class:`OutputError` naming the file. A failure leaves whatever
    stood at ``path`` before untouched.
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"「{target}」はフォルダです (output {str(target)!r} is a folder; give a file name)")
    refuse_existing(target, force)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=parent)
        os.close(fd)
        try:
            write(temp)
            _give_normal_mode(temp)
            if force:
                os.replace(temp, target)
            else:
                _move_into_place_once(temp, target)
        finally:
            Path(temp).unlink(missing_ok=True)
    except FileExistsError:
        _refuse_existing(target)
    except OSError as exc:
        raise OutputError(f"「{target}」に書き込めません (cannot write {str(target)!r}: {exc.strerror})") from None
    return target


def _move_into_place_once(temp: str, target: Path) -> None:
    """Put ``temp`` at ``target`` unless something appeared there meanwhile (then FileExistsError).

    A hard link fails atomically on an existing name; file systems without hard
    links (some network shares) fall back to a check just before the move.
    """
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists() or target.is_symlink():
            raise FileExistsError(target) from None
        os.replace(temp, target)


def write_text(path: str | Path, text: str, force: bool = False) -> Path:
    """Write ``text`` as UTF-8 (whatever the platform's encoding), atomically; see :func:`write_atomically`."""
    def write(temp: str) -> None:
        with open(temp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    return write_atomically(path, write, force=force)


def write_workbook(book, path: str | Path, force: bool = False) -> Path:
    """Save an openpyxl workbook atomically; see :func:`write_atomically`."""
    return write_atomically(path, book.save, suffix=".xlsx", force=force)


# --------------------------------------------------------------------------- report folders

MANIFEST = ".hikinet-manifest.json"
LOCK_SUFFIX = ".hikinet-lock"
_STAGING_SUFFIX = ".hikinet-new"
_BACKUP_SUFFIX = ".hikinet-old"
_JOURNAL = ".hikinet-journal.json"
_COMMITTED = ".hikinet-committed"
_STAGING_MARK = ".hikinet-staging"
# a lock written on another computer (a shared drive) cannot be checked; older than this it is stale
_FOREIGN_LOCK_STALE_SECONDS = 3600


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _safe_entry(outdir: Path, name: object) -> bool:
    """A manifest entry hikinet may act on: relative, no ``..``, no drive, no symlink on the way."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    parts = name.split("/")
    if name.startswith("/") or any(p in ("", ".", "..") for p in parts) or ":" in parts[0]:
        return False
    here = outdir
    for part in parts:
        here = here / part
        if here.is_symlink():
            return False
    return True


def _owned(outdir: Path, warn: Callable[[str], None]) -> dict[str, str | None] | None:
    """The files an earlier run wrote into ``outdir`` with their SHA-256 (None: an old manifest without hashes).

    None when ``outdir`` holds no readable manifest. Entries that are not safe paths
    inside the folder are ignored with a warning: hikinet never acts outside its output.
    """
    manifest = outdir / MANIFEST
    if manifest.is_symlink() or not manifest.is_file():
        return None
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if isinstance(files, list):  # written before hashes were kept
        entries = {name: None for name in files}
    elif isinstance(files, dict):
        entries = dict(files)
    else:
        return None
    owned: dict[str, str | None] = {}
    for name, digest in entries.items():
        if _safe_entry(outdir, name) and (digest is None or isinstance(digest, str)):
            owned[name] = digest
        else:
            warn(bilingual(f"{manifest}: 項目「{name}」は出力フォルダーの中を指していないので無視します",
                      f"manifest entry {str(name)!r} does not name a file inside the output folder; ignored"))
    return owned


def check_output_folder(outdir: str | Path) -> None:
    """A report may go into a new or empty folder, or one that hikinet itself wrote before."""
    target = Path(outdir)
    if target.exists() and not target.is_dir():
        raise OutputError(f"「{target}」はファイルです (output {str(target)!r} is a file, not a folder)")
    if target.is_dir() and any(target.iterdir()) and _owned(target, lambda message: None) is None:
        raise OutputError(
            f"「{target}」には hikinet が書いていないファイルがあります。空のフォルダか新しいフォルダを指定してください"
            f" (output folder {str(target)!r} holds files hikinet did not write; choose a new or empty folder)")


def _check_replaceable(target: Path, owned: dict[str, str | None], new: list[str], force: bool,
                       verified: dict | None = None) -> list[str]:
    """Which owned files this run removes; stop if it would replace or remove a file that is not hikinet's as written.

    ``verified`` remembers files whose hash matched, by size and time, so that a second check reads nothing again.
    """
    verified = {} if verified is None else verified
    stale = [name for name in owned if name not in new and (target / name).is_file()]
    for name in list(new) + stale:
        path = target / name
        if not (path.exists() or path.is_symlink()):
            continue
        if path.is_symlink() or not path.is_file() or not _safe_entry(target, name):
            raise OutputError(bilingual(
                f"「{path}」には hikinet が書いたのではないもの (フォルダやリンク) があります。移すか消してから実行してください",
                f"{str(path)!r} is not a file hikinet wrote (a folder or a link stands there); move it away first"))
        if force:
            continue
        if name not in owned:
            raise OutputError(bilingual(
                f"「{path}」は hikinet が書いたファイルではありません。置き換えるには --force を付けてください",
                f"{str(path)!r} was not written by hikinet; use --force to replace it"))
        stat = path.stat()
        if owned[name] is None or verified.get(name) == (stat.st_size, stat.st_mtime_ns):
            continue
        if _sha256(path) != owned[name]:
            raise OutputError(bilingual(
                f"「{path}」は前回の報告のあとで変更されています。置き換えるには --force を付けてください",
                f"{str(path)!r} was changed after hikinet wrote it; use --force to replace it"))
        verified[name] = (stat.st_size, stat.st_mtime_ns)
    return stale


class _Signals:
    """SIGINT and SIGTERM become KeyboardInterrupt, held back while the files are being moved or put back."""

    def __init__(self) -> None:
        self.critical = False
        self.pending: int | None = None
        self.previous: dict[int, object] = {}

    def _handle(self, signum, frame) -> None:
        if self.critical:
            self.pending = signum
        else:
            raise KeyboardInterrupt

    def __enter__(self) -> "_Signals":
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    @contextlib.contextmanager
    def held(self):
        self.critical = True
        try:
            yield
        finally:
            self.critical = False
        if self.pending is not None:
            self.pending = None
            raise KeyboardInterrupt


def _move(source: Path, destination: Path) -> None:
    """Every move of a report file goes through here (tests inject faults into it)."""
    os.replace(source, destination)


def _sibling(target: Path, suffix: str) -> Path:
    parent = target.parent if str(target.parent) else Path(".")
    return parent / f".{target.name}{suffix}"


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _lock_is_stale(lock: Path) -> bool:
    try:
        holder = json.loads(lock.read_text(encoding="utf-8"))
        pid, host, boot, started = int(holder["pid"]), holder["host"], holder.get("boot", ""), float(holder["time"])
    except (OSError, ValueError, KeyError, TypeError):
        # unreadable: half-written by a run killed at that moment, or not ours; judge by age
        try:
            return time.time() - lock.stat().st_mtime > 60
        except OSError:
            return True
    if host != socket.gethostname():
        return time.time() - started > _FOREIGN_LOCK_STALE_SECONDS
    if boot and boot != _boot_id():
        return True  # written before the machine restarted
    return not _alive(pid)


@contextlib.contextmanager
def _locked(target: Path):
    """One report at a time into ``target``: a lock file beside it, taken over when its run is dead."""
    lock = _sibling(target, LOCK_SUFFIX)
    holder = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "boot": _boot_id(), "time": time.time()})
    for _ in range(3):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            if not _lock_is_stale(lock):
                raise OutputError(bilingual(
                    f"「{target}」には別の hikinet が報告を書いています。終わってから実行してください"
                    f" (動いていないなら「{lock}」を削除してください)",
                    f"another hikinet run is writing a report into {str(target)!r}; run again when it has finished"
                    f" (if none is running, delete {str(lock)!r})")) from None
            # move the stale lock aside first, so that of two runs finding it only one takes it over
            aside = lock.with_name(f"{lock.name}.{os.getpid()}.stale")
            with contextlib.suppress(OSError):
                os.replace(lock, aside)
                aside.unlink()
            continue
        except OSError as exc:
            raise OutputError(f"「{target}」を作れません (cannot create {str(target)!r}: {exc.strerror})") from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(holder)
        break
    else:
        raise OutputError(bilingual(f"「{lock}」を取得できません", f"cannot take the lock {str(lock)!r}"))
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def _recover(target: Path) -> None:
    """Undo what a run killed without warning (SIGKILL, power loss) left: staging, and a half-done move."""
    staging, backup = _sibling(target, _STAGING_SUFFIX), _sibling(target, _BACKUP_SUFFIX)
    for leftover in (staging, backup):
        marks = (_JOURNAL, _JOURNAL + ".part", _COMMITTED, _STAGING_MARK)
        if leftover.exists() and any(leftover.iterdir()) and not any((leftover / m).exists() for m in marks):
            raise OutputError(bilingual(
                f"「{leftover}」は hikinet のものではないようです。移してから実行してください",
                f"{str(leftover)!r} does not look like hikinet's; move it away first"))
    journal = backup / _JOURNAL
    if journal.is_file():
        _roll_back(target, backup, json.loads(journal.read_text(encoding="utf-8")))
    for leftover in (backup, staging):
        if leftover.exists():
            shutil.rmtree(leftover)


def _roll_back(target: Path, backup: Path, journal: dict) -> None:
    """Put the earlier report back exactly: new files out, the files moved aside back in."""
    if not target.exists():
        return
    for name in journal["new"]:
        path = target / name
        if (backup / name).exists():
            _move(backup / name, path)
        elif name not in journal["aside"] and path.is_file():
            path.unlink()
    for name in journal["aside"]:
        if (backup / name).exists():
            _move(backup / name, target / name)
    for folder in sorted(journal["folders"], key=len, reverse=True):
        with contextlib.suppress(OSError):
            (target / folder).rmdir()
    (backup / _JOURNAL).unlink()


def _write_small(path: Path, text: str) -> None:
    """A bookkeeping file written whole or not at all (a run may be killed at any moment)."""
    temp = path.with_name(path.name + ".part")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def _commit(target: Path, staging: Path, backup: Path, new: list[str], stale: list[str]) -> None:
    """Move the earlier files aside and the new ones in; on any failure put everything back."""
    aside = [name for name in new + stale if (target / name).exists()]
    folders = sorted({str(parent).replace(os.sep, "/") for name in new for parent in Path(name).parents} - {"."})
    folders = [f for f in folders if not (target / f).exists()]
    backup.mkdir()
    journal = {"new": new, "aside": aside, "folders": folders}
    _write_small(backup / _JOURNAL, json.dumps(journal, ensure_ascii=False))
    try:
        for name in aside:
            (backup / name).parent.mkdir(parents=True, exist_ok=True)
            _move(target / name, backup / name)
        for name in new:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            _move(staging / name, target / name)
    except BaseException:
        _roll_back(target, backup, journal)
        raise
    # from here on the new report stands; a killed run's leftovers are only deleted
    (backup / _JOURNAL).rename(backup / _COMMITTED)


@contextlib.contextmanager
def staged_folder(outdir: str | Path, force: bool = False, warn: Callable[[str], None] | None = None):
    """Build a report in a staging folder beside ``outdir``, then move it into place as one transaction.

    Yields the staging folder. On success the report in ``outdir`` is the new one:
    its files replace those an earlier run wrote, files the earlier run wrote and
    this one did not are removed, and files hikinet did not write are never touched.
    On any error, or SIGINT / SIGTERM at any moment, ``outdir`` is exactly as it
    was and no staging folder is left. A file hikinet wrote that was changed since,
    or a file it did not write standing where a report file goes, stops the run
    before anything changes (``force`` replaces it).
    """
    target = Path(outdir)
    warn = warn or (lambda message: None)
    check_output_folder(target)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"「{target}」を作れません (cannot create {str(target)!r}: {exc.strerror})") from None
    staging, backup = _sibling(target, _STAGING_SUFFIX), _sibling(target, _BACKUP_SUFFIX)
    with _Signals() as signals, _locked(target):
        try:
            with signals.held():
                _recover(target)
            verified: dict = {}
            if target.exists():  # stop before the work when an earlier file was edited by hand
                _check_replaceable(target, _owned(target, warn) or {}, [], force, verified)
            staging.mkdir()
            (staging / _STAGING_MARK).touch()
            yield staging
            files = sorted(str(p.relative_to(staging)).replace(os.sep, "/") for p in staging.rglob("*")
                           if p.is_file() and p.name != _STAGING_MARK)
            manifest = {"version": 2, "files": {name: _sha256(staging / name) for name in files}}
            (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            with signals.held():
                if not target.exists():
                    (staging / _STAGING_MARK).unlink()
                    _move(staging, target)
                    return
                owned = _owned(target, lambda message: None) or {}
                stale = _check_replaceable(target, owned, files, force, verified)
                _commit(target, staging, backup, files + [MANIFEST], stale)
        except OSError as exc:
            raise OutputError(f"「{target}」に書き込めません (cannot write {str(target)!r}: {exc.strerror})") from None
        finally:
            with signals.held():
                shutil.rmtree(staging, ignore_errors=True)
                # a journal still there means the earlier files could not all be put back: keep them for the next run
                if not (backup / _JOURNAL).exists():
                    shutil.rmtree(backup, ignore_errors=True)
