"""Input bytes and their text: an input that is not a readable regular file, or text in no known
encoding, is a problem naming the file and line (never "no rows").

Reading (:func:`read_input_bytes`) never opens a FIFO or a device; decoding
(:func:`decode_bytes`) accepts UTF-8 (with or without BOM) and CP932, as Excel
on Japanese Windows saves.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from ..errors import DataError, Problem
from ..i18n import bilingual

__all__ = ["cannot_read_message", "decode_bytes", "input_file_problem", "read_input_bytes", "stat_problem"]

# --------------------------------------------------------------------------- reading


def input_file_problem(path: str | Path) -> str | None:
    """Say why ``path`` cannot be read as a data file, or None when it is a regular file.

    Symlinks are followed. Nothing is opened: a FIFO would block, and a device
    such as /dev/zero would never end.

    Parameters
    ----------
    path : str or Path
        The input file.

    Returns
    -------
    str or None
        A bilingual problem message, or None when the file can be read.

    Examples
    --------
    >>> input_file_problem("/")
    'ファイルではなくフォルダです (a folder, not a file)'
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return stat_problem(path, exc)
    return _not_regular(mode)


def stat_problem(path: str | Path, exc: OSError) -> str:
    """Word the error ``os.stat(path)`` raised: a symlink loop, a dangling symlink, no file, or unreadable.

    Parameters
    ----------
    path : str or Path
        The path that was looked at.
    exc : OSError
        What ``os.stat`` raised for it.

    Returns
    -------
    str
        A bilingual problem message.
    """
    if exc.errno == errno.ELOOP:
        return bilingual("シンボリックリンクが循環していて、たどれません", "a symbolic link loop: it leads nowhere")
    if os.path.islink(path):
        return bilingual(f"シンボリックリンクの先「{os.readlink(path)}」がありません",
                    f"a symbolic link to {os.readlink(path)!r}, which does not exist")
    if exc.errno == errno.ENOENT:
        return bilingual("ファイルがありません", "the file does not exist")
    return cannot_read_message(exc)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return bilingual("ファイルではなくフォルダです", "a folder, not a file")
    if stat.S_ISFIFO(mode):
        return bilingual("名前付きパイプ (FIFO) です。通常のファイルではないので読みません",
                    "a named pipe (FIFO), not a regular file: not read")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return bilingual("デバイスです。通常のファイルではないので読みません", "a device, not a regular file: not read")
    return bilingual("通常のファイルではないので読みません", "not a regular file: not read")


def cannot_read_message(exc: OSError) -> str:
    """Word an error that stopped reading a file which is there (permissions, I/O).

    Examples
    --------
    >>> cannot_read_message(PermissionError(13, "Permission denied"))
    '読み込めません (cannot read: Permission denied)'
    """
    return bilingual("読み込めません", f"cannot read: {exc.strerror or exc}")


def read_input_bytes(path: str | Path, label: str | None = None) -> bytes:
    """Read the bytes of one input file; anything but a readable regular file is a problem.

    A dangling or looping symlink, a folder, a FIFO, a device and a file that cannot be read are
    problems, never "no rows". A symlink to a regular file is read.

    Parameters
    ----------
    path : str or Path
        The input file.
    label : str, optional
        How problems name the file (default: ``path``).

    Returns
    -------
    bytes
        The whole file.

    Raises
    ------
    DataError
        With one problem on line 1 naming what stands at ``path``.
    """
    label = label or str(path)
    problem = input_file_problem(path)
    if problem is None:
        try:
            # O_NONBLOCK: should a FIFO take the file's place after the check, opening it does not block
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            problem = cannot_read_message(exc)
        else:
            with open(fd, "rb") as file:
                problem = _not_regular(os.fstat(file.fileno()).st_mode)
                if problem is None:
                    try:
                        return file.read()
                    except OSError as exc:
                        problem = cannot_read_message(exc)
    raise DataError([Problem(label, 1, problem)])


_UTF16_OR_BINARY = (
    "文字コードを判別できません (UTF-16 やバイナリファイル)。CSV UTF-8 か CSV (カンマ区切り) で保存してください",
    "not a text CSV file (binary or UTF-16); save it as 'CSV UTF-8' or 'CSV (Comma delimited)'")
_NEITHER = ("文字コードが UTF-8 でも Shift_JIS (CP932) でもありません",
            "the file is neither UTF-8 nor Shift_JIS (CP932)")
_UTF8_IN_CP932 = (
    "この行は UTF-8、ほかの行は Shift_JIS (CP932) です。ファイル全体を同じ文字コードで保存してください",
    "this line is UTF-8 while the rest of the file is Shift_JIS (CP932); save the whole file in one encoding")
_CP932_IN_UTF8 = (
    "この行は Shift_JIS (CP932)、ほかの行は UTF-8 です。ファイル全体を同じ文字コードで保存してください",
    "this line is Shift_JIS (CP932) while the rest of the file is UTF-8; save the whole file in one encoding")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def decode_bytes(data: bytes, label: str) -> str:
    """Decode a CSV file: UTF-8 (BOM or not) first, then CP932; anything else is a problem on its line.

    Line breaks come back as "\\n": CRLF (Windows) and a lone CR (old Macs) as well, so that every
    reader counts lines as a text editor shows them. A NUL byte, a byte-order mark inside the
    file (two files joined together) and the first line in the other encoding are each named
    on their line; UTF-16 and binary files are a problem of the whole file (line 1).

    Parameters
    ----------
    data : bytes
        The file's bytes.
    label : str
        How problems name the file.

    Returns
    -------
    str
        The text, without BOM, with "\\n" line breaks.

    Raises
    ------
    DataError
        Listing every decoding problem found.

    Examples
    --------
    >>> decode_bytes("機関ID\\r\\na1\\r\\n".encode("cp932"), "agencies.csv")
    '機関ID\\na1\\n'
    """
    if _utf16_or_binary(data):
        raise DataError([Problem(label, 1, bilingual(*_UTF16_OR_BINARY))])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    problems: list[Problem] = []
    nul = data.find(b"\x00")
    if nul >= 0:
        problems.append(Problem(label, _line_at(data, nul), bilingual(
            "NUL 文字 (0x00) があります。テキストの CSV ファイルにはない文字です",
            "a NUL byte (0x00), which no text CSV file holds")))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text = _decode_cp932(data, label, utf8_error, problems)
    if text is not None:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        bom = text.find("\ufeff", 1)
        if bom >= 0:
            problems.append(Problem(label, text.count("\n", 0, bom) + 1, bilingual(
                "ファイルの途中に BOM (U+FEFF) があります。ファイルをつなげたときに入ります。この文字を削除してください",
                "a byte-order mark (U+FEFF) inside the file, as joining two files leaves it; remove it")))
    if problems:
        raise DataError(problems)
    return text


def _utf16_or_binary(data: bytes) -> bool:
    """A UTF-16 BOM, NUL in every other byte from the start (UTF-16 without BOM), or NULs throughout."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:4096]
    if b"\x00" not in head:
        return False
    start = head[:16]
    if len(start) >= 2 and (not any(start[1::2]) or not any(start[0::2])):
        return True
    return head.count(b"\x00") * 8 > len(head)


def _line_at(data: bytes, position: int) -> int:
    """The line of byte ``position``; CRLF, a lone CR and LF each end a line, as text editors count."""
    head = data[:position]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _decode_cp932(data: bytes, label: str, utf8_error: UnicodeDecodeError, problems: list[Problem]) -> str | None:
    """The CP932 text of a file that is not UTF-8, or None with a problem on the first line that is wrong.

    Which encoding is wrong is decided by the lines with non-ASCII text: the file is in the encoding
    most of them are in (on a tie, the one of the first such line), and the first line that is not is
    named. Japanese written in CP932 is almost never valid UTF-8, so a non-ASCII line that is valid
    UTF-8 in a CP932 file means two encodings in one file.
    """
    try:
        text: str | None = data.decode("cp932")
    except UnicodeDecodeError:
        text = None
    kinds = []  # (line, valid UTF-8, valid CP932) of every non-ASCII line
    for number, line in enumerate(_LINE_BREAK.split(data), start=1):
        if line.isascii():
            continue
        kinds.append((number, _decodes(line, "utf-8"), text is not None or _decodes(line, "cp932")))
    utf8_lines = sum(1 for _, utf8, _ in kinds if utf8)
    if utf8_lines * 2 > len(kinds) or (utf8_lines * 2 == len(kinds) and kinds and kinds[0][1]):
        bad = [(n, _CP932_IN_UTF8 if cp932 else _NEITHER) for n, utf8, cp932 in kinds if not utf8]
    else:
        bad = [(n, _UTF8_IN_CP932 if utf8 else _NEITHER) for n, utf8, cp932 in kinds if utf8 or not cp932]
    if not bad:
        if text is not None:
            return text
        bad = [(_line_at(data, utf8_error.start), _NEITHER)]
    line, message = bad[0]
    problems.append(Problem(label, line, bilingual(*message)))
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


