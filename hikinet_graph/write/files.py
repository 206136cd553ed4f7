"""Writing single files: through a temporary file moved into place, never over an existing file without ``force``,
never into the input, with the modes the user's umask gives."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from ..errors import OutputError
from ..i18n import bilingual

__all__ = ["write_atomically", "write_text", "write_workbook", "check_outside_input", "refuse_existing", "same_path"]


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

