"""Writing a report folder as one transaction: hikinet replaces or removes only what it wrote, and a failure changes nothing.

The report is staged beside the target, the earlier files moved aside, the new
ones moved in, and everything rolled back on any error or on SIGINT / SIGTERM.
A lock file beside the folder keeps a second run out, and a lock left by a
killed run is recognised and its leftovers undone. docs/writing-files.md
describes the guarantees for people.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Callable

from ..errors import OutputError
from ..i18n import bilingual
from .lock import Signals, locked, sibling

__all__ = ["MANIFEST", "check_output_folder", "file_digests", "staged_folder"]

# --------------------------------------------------------------------------- report folders

MANIFEST = ".hikinet-manifest.json"
_STAGING_SUFFIX = ".hikinet-new"
_BACKUP_SUFFIX = ".hikinet-old"
_JOURNAL = ".hikinet-journal.json"
_COMMITTED = ".hikinet-committed"
_STAGING_MARK = ".hikinet-staging"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stamp(path: Path) -> tuple[int, int, int, int]:
    """What changes when a file is written again: its size, times and inode."""
    status = path.stat()
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino


def file_digests(folder: Path, names: list[str]) -> dict[str, tuple]:
    """The SHA-256 of files in a staging folder, hashed ahead (on another process) for its manifest.

    :func:`staged_folder` uses each one only while the file is as it was when hashed
    (size, times, inode); it hashes any other file itself.
    """
    return {name: (_stamp(folder / name), _sha256(folder / name)) for name in names}


def _manifest_digest(staging: Path, name: str, known: dict[str, tuple]) -> str:
    """A staged file's SHA-256: the one hashed ahead when the file is unchanged since, else hashed now."""
    ahead = known.get(name)
    if ahead is not None and ahead[0] == _stamp(staging / name):
        return ahead[1]
    return _sha256(staging / name)


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


def _move(source: Path, destination: Path) -> None:
    """Every move of a report file goes through here (tests inject faults into it)."""
    os.replace(source, destination)


def _recover(target: Path) -> None:
    """Undo what a run killed without warning (SIGKILL, power loss) left: staging, and a half-done move."""
    staging, backup = sibling(target, _STAGING_SUFFIX), sibling(target, _BACKUP_SUFFIX)
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
def staged_folder(outdir: str | Path, force: bool = False, warn: Callable[[str], None] | None = None,
                  known: dict[str, tuple] | None = None):
    """Build a report in a staging folder beside ``outdir``, then move it into place as one transaction.

    Yields the staging folder. On success the report in ``outdir`` is the new one:
    its files replace those an earlier run wrote, files the earlier run wrote and
    this one did not are removed, and files hikinet did not write are never touched.
    On any error, or SIGINT / SIGTERM at any moment, ``outdir`` is exactly as it
    was and no staging folder is left. A file hikinet wrote that was changed since,
    or a file it did not write standing where a report file goes, stops the run
    before anything changes (``force`` replaces it). ``known`` may receive, before the
    block ends, digests of staged files hashed ahead (:func:`file_digests`).
    """
    target = Path(outdir)
    warn = warn or (lambda message: None)
    check_output_folder(target)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"「{target}」を作れません (cannot create {str(target)!r}: {exc.strerror})") from None
    staging, backup = sibling(target, _STAGING_SUFFIX), sibling(target, _BACKUP_SUFFIX)
    with Signals() as signals, locked(target):
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
            manifest = {"version": 2, "files": {name: _manifest_digest(staging, name, known or {}) for name in files}}
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
