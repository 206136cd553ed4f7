"""Writing output safely: UTF-8 always, through a temporary file moved into place, never into the input."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from .errors import OutputError

__all__ = ["write_atomically", "write_text", "check_outside_input", "check_output_folder", "staged_folder", "MANIFEST"]


def check_outside_input(output: str | Path, *inputs: str | Path) -> None:
    """Refuse an output path that is an input file or folder, or lies inside an input folder.

    A workbook's neighbours are not its input: a report may go beside the workbook.
    """
    target = Path(output).resolve()
    for given in inputs:
        source = Path(given).resolve()
        # a folder is guarded with everything in it; a workbook (or any input file) itself
        inside = source.is_dir() and source in target.parents
        if target == source or inside:
            raise OutputError(
                f"出力先「{output}」は入力データ「{given}」の中です。別の場所を指定してください"
                f" (output {str(output)!r} lies inside the input {str(given)!r}; choose another place: "
                "hikinet never writes into its input)")


def write_atomically(path: str | Path, write: Callable[[str], None], suffix: str = ".tmp") -> Path:
    """Let ``write(temp_path)`` fill a temporary file beside ``path``, then move it into place.

    A failure leaves whatever stood at ``path`` before untouched.
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"「{target}」はフォルダです (output {str(target)!r} is a folder; give a file name)")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=parent)
        os.close(fd)
        try:
            write(temp)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"「{target}」に書き込めません (cannot write {str(target)!r}: {exc.strerror})") from None
    return target


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 (whatever the platform's encoding), atomically."""
    def write(temp: str) -> None:
        with open(temp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    return write_atomically(path, write)


MANIFEST = ".hikinet-manifest.json"


def _written_before(outdir: Path) -> list[str] | None:
    """Files a previous run wrote into ``outdir`` (from its manifest); None if hikinet did not make it."""
    manifest = outdir / MANIFEST
    if not manifest.is_file():
        return None
    try:
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return [f for f in files if isinstance(f, str)]


def check_output_folder(outdir: str | Path) -> None:
    """A report may go into a new or empty folder, or one that hikinet itself wrote before."""
    target = Path(outdir)
    if target.exists() and not target.is_dir():
        raise OutputError(f"「{target}」はファイルです (output {str(target)!r} is a file, not a folder)")
    if target.is_dir() and any(target.iterdir()) and _written_before(target) is None:
        raise OutputError(
            f"「{target}」には hikinet が書いていないファイルがあります。空のフォルダか新しいフォルダを指定してください"
            f" (output folder {str(target)!r} holds files hikinet did not write; choose a new or empty folder)")


@contextlib.contextmanager
def staged_folder(outdir: str | Path):
    """Build output in a temporary folder beside ``outdir``, then move it into place.

    Yields the staging folder. On success its files replace those of ``outdir``;
    files a previous hikinet run wrote and this one did not are removed; files
    hikinet never wrote are never touched (:func:`check_output_folder` refuses
    such a folder up front). On error nothing in ``outdir`` changes.
    """
    target = Path(outdir)
    check_output_folder(target)
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputError(f"「{target}」を作れません (cannot create {str(target)!r}: {exc.strerror})") from None
    try:
        yield staging
        files = sorted(str(p.relative_to(staging)).replace(os.sep, "/") for p in staging.rglob("*") if p.is_file())
        (staging / MANIFEST).write_text(json.dumps({"files": files}, ensure_ascii=False, indent=1), encoding="utf-8")
        if not target.exists():
            os.replace(staging, target)
            return
        previous = _written_before(target) or []
        for name in files + [MANIFEST]:
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, destination)
        for name in set(previous) - set(files):
            stale = target / name
            if stale.is_file():
                stale.unlink()
    except OSError as exc:
        raise OutputError(f"「{target}」に書き込めません (cannot write {str(target)!r}: {exc.strerror})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
