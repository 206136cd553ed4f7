"""Writing output safely: UTF-8 always, through a temporary file moved into place, never into the input."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError

__all__ = ["write_text", "check_outside_input"]


def check_outside_input(output: str | Path, *inputs: str | Path) -> None:
    """Refuse an output path that is, or lies inside, an input folder or file: the tool never changes its input."""
    target = Path(output).resolve()
    for given in inputs:
        source = Path(given.split("@")[0] if isinstance(given, str) else given).resolve()
        folder = source if source.is_dir() else source.parent if source.suffix.lower() == ".xlsx" else source
        if target == source or target == folder or folder in target.parents:
            raise OutputError(
                f"出力先「{output}」は入力データ「{given}」の中です。別の場所を指定してください"
                f" (output {str(output)!r} lies inside the input {str(given)!r}; choose another place: "
                "hikinet never writes into its input)")


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to a temporary file beside ``path``, then move it into place."""
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"「{target}」はフォルダです (output {str(target)!r} is a folder; give a file name)")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"「{target}」に書き込めません (cannot write {str(target)!r}: {exc.strerror})") from None
    return target
