"""The page templates compiled once and kept between runs (Jinja's bytecode cache), so a small report starts at once.

Compiling hikinet's eight templates takes about 0.09 s at every start: a third of
what a small folder's whole report costs beyond importing pandas (docs/performance.md).
The compiled code is kept in the user's cache folder and used again while the
template's source is unchanged:

- Windows: ``%LOCALAPPDATA%\\hikinet\\templates``; elsewhere ``$XDG_CACHE_HOME/hikinet/templates``
  (default ``~/.cache/hikinet/templates``);
- ``HIKINET_CACHE=FOLDER`` keeps it there instead, ``HIKINET_CACHE=off`` keeps nothing.

What is kept is hikinet's own template code, never anything read from the user's records
(docs/privacy.md). Jinja checks each entry against the template's source (a SHA-1 of it)
and the Python and Jinja versions, and compiles again on any difference; an entry that
cannot be read or written, or is damaged, is compiled again too: the cache never stops
a page from being written and never changes what it holds.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

__all__ = ["CACHE_VARIABLE", "TemplateCache", "cache_folder", "template_cache"]

CACHE_VARIABLE = "HIKINET_CACHE"
_OFF = {"off", "0", "no", "false"}


def cache_folder() -> Path | None:
    """Where the compiled templates are kept (see the module docstring); None when ``HIKINET_CACHE=off``."""
    setting = os.environ.get(CACHE_VARIABLE, "").strip()
    if setting.lower() in _OFF:
        return None
    if setting:
        return Path(setting)
    try:
        if os.name == "nt":
            base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        else:
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home folder to be found: keep nothing
        return None
    return Path(base) / "hikinet" / "templates"


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates as files ``<key>.cache`` in one folder; any read or write problem means "compile"."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _file(self, bucket: Bucket) -> Path:
        """The file of one template (the key is Jinja's hash of the template's name and path)."""
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` from its file when the file is there and sound (Jinja checks source and versions)."""
        try:
            data = self._file(bucket).read_bytes()
        except OSError:
            return
        try:
            bucket.load_bytecode(io.BytesIO(data))
        except Exception:  # noqa: BLE001 - a damaged entry, whatever the damage: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep ``bucket``'s code: written whole to a file of this process, then renamed into place."""
        target = self._file(bucket)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            temporary.write_bytes(bucket.bytecode_to_string())
            os.replace(temporary, target)
        except OSError:  # read-only profile, full disk, a file in the folder's place: just compile next time
            try:
                temporary.unlink(missing_ok=True)
            except OSError:
                pass


def template_cache() -> TemplateCache | None:
    """The cache of this run (None: ``HIKINET_CACHE=off`` or no home folder)."""
    folder = cache_folder()
    return TemplateCache(folder) if folder is not None else None
