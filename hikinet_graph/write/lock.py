"""One report at a time, and signals held back while files move: the lock beside a report folder."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import threading
import time
from pathlib import Path

from ..errors import OutputError
from ..i18n import bilingual

__all__ = ["LOCK_SUFFIX", "locked", "Signals", "sibling", "boot_id"]

LOCK_SUFFIX = ".hikinet-lock"
# a lock written on another computer (a shared drive) cannot be checked; older than this it is stale
_FOREIGN_LOCK_STALE_SECONDS = 3600


class Signals:
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

    def __enter__(self) -> "Signals":
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    @contextlib.contextmanager
    def held(self):
        """Within this block a signal is only noted; it is raised (as KeyboardInterrupt) when the block ends."""
        self.critical = True
        try:
            yield
        finally:
            self.critical = False
        if self.pending is not None:
            self.pending = None
            raise KeyboardInterrupt


def sibling(target: Path, suffix: str) -> Path:
    """The hidden path beside ``target`` that hikinet uses for its lock, staging or backup (``.NAME<suffix>``)."""
    parent = target.parent if str(target.parent) else Path(".")
    return parent / f".{target.name}{suffix}"


def boot_id() -> str:
    """This boot of the machine (Linux); a lock from an earlier boot is stale. Empty elsewhere."""
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
    if boot and boot != boot_id():
        return True  # written before the machine restarted
    return not _alive(pid)


@contextlib.contextmanager
def locked(target: Path):
    """One report at a time into ``target``: a lock file beside it, taken over when its run is dead."""
    lock = sibling(target, LOCK_SUFFIX)
    holder = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "boot": boot_id(), "time": time.time()})
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

