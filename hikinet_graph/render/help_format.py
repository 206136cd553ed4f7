"""The command line's help laid out in the user's language: click's layout, every word from
:mod:`hikinet_graph.render.help`, lines wrapped by display width (a Japanese character takes two columns).

click parses ``--help`` before ``--lang``, so :class:`HikinetGroup` reads ``--lang``
from the whole command line before click parses anything; ``HIKINET_LANG`` stands in
when it is not given, Japanese when neither is.
"""

from __future__ import annotations

import os
import unicodedata

import click
from click.formatting import join_options

from ..i18n import LANGS
from .help import command_help, heading, option_help

__all__ = ["LANG_ENV", "HikinetCommand", "HikinetGroup", "help_lang"]

LANG_ENV = "HIKINET_LANG"
_ARGV_LANG = "hikinet.argv_lang"


def _scan_lang(args: list[str]) -> str | None:
    """``--lang X`` (or ``--lang=X``) anywhere on the command line, read before click parses it."""
    for position, arg in enumerate(args):
        if arg == "--lang" and position + 1 < len(args):
            return args[position + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def help_lang(ctx: click.Context) -> str:
    """The language of the help: --lang anywhere on the command line, else HIKINET_LANG, else Japanese."""
    lang = ctx.meta.get(_ARGV_LANG) or os.environ.get(LANG_ENV) or "ja"
    return lang if lang in LANGS else "ja"


# a Japanese line never starts with one of these
_NO_BREAK_BEFORE = frozenset("、。)）」』ーぁぃぅぇぉっゃゅょァィゥェォッャュョ")


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` terminal columns (a Japanese character takes two): English breaks at spaces,
    Japanese between characters, never before 、。)」ー or a small kana."""
    lines, line, used = [], "", 0
    for word in _pieces(text):
        size = sum(_columns(c) for c in word)
        if used + size > width and line.strip() and word not in _NO_BREAK_BEFORE:
            lines.append(line.rstrip())
            line, used = word.lstrip(), sum(_columns(c) for c in word.lstrip())
        else:
            line, used = line + word, used + size
    return lines + [line.rstrip()] if line.strip() else lines


def _pieces(text: str) -> list[str]:
    """Words to wrap: a run of ASCII letters with the space before it, or one wide character."""
    pieces: list[str] = []
    for char in text:
        if pieces and char.isascii() and not char.isspace() and pieces[-1][-1:].isascii() and pieces[-1].strip():
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _write_rows(formatter, rows: list[tuple[str, str]]) -> None:
    """Two columns (an option or command, its words), the words wrapped by display width under each other."""
    first = min(max(len(name) for name, _ in rows), 30) + 2
    indent = formatter.current_indent
    for name, words in rows:
        lines = _wrap(words, max(formatter.width - indent - first, 20)) or [""]
        if len(name) + 2 > first:
            formatter.write(f"{'':>{indent}}{name}\n")
            head = ""
        else:
            head = name
        formatter.write(f"{'':>{indent}}{head:<{first}}{lines[0]}\n")
        for line in lines[1:]:
            formatter.write(f"{'':>{indent + first}}{line}\n")


class _InTheirWords:
    """Help laid out by click, with every word from :mod:`hikinet_graph.render.help` in the user's language."""
    # (the format_* methods are click's hooks; each has click's docstring)

    def _key(self) -> str:
        return "" if isinstance(self, click.Group) else self.name

    def format_usage(self, ctx, formatter) -> None:
        lang = help_lang(ctx)
        words = {"[OPTIONS]": heading("options_metavar", lang), "COMMAND [ARGS]...": heading("command_metavar", lang)}
        pieces = [words.get(p, p) for p in self.collect_usage_pieces(ctx)]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=f"{heading('usage', lang)}: ")

    def format_help_text(self, ctx, formatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            width = formatter.width - formatter.current_indent
            for line in _wrap(command_help(self._key(), help_lang(ctx)).description, width):
                formatter.write(f"{'':>{formatter.current_indent}}{line}\n")

    def format_options(self, ctx, formatter) -> None:
        lang = help_lang(ctx)
        rows = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Option) and not param.hidden:
                names = join_options(param.opts)[0]
                if not param.is_flag:
                    names += f" {param.make_metavar(ctx)}"
                rows.append((names, option_help(self._key(), param.name, lang)))
        if rows:
            with formatter.section(heading("options", lang)):
                _write_rows(formatter, rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_epilog(self, ctx, formatter) -> None:
        lang = help_lang(ctx)
        with formatter.section(heading("example", lang)):
            formatter.write(f"{'':>{formatter.current_indent}}{command_help(self._key(), lang).example}\n")


class HikinetCommand(_InTheirWords, click.Command):
    """A command whose help speaks the user's language."""


class HikinetGroup(_InTheirWords, click.Group):
    """The ``hikinet`` group: reads ``--lang`` from the whole command line first, for the help of any command."""

    command_class = HikinetCommand

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Note the language asked for, then parse as click does."""
        ctx.meta[_ARGV_LANG] = _scan_lang(args)
        return super().parse_args(ctx, args)

    def format_commands(self, ctx, formatter) -> None:
        """Each command with its whole summary (click would cut it at 45 characters)."""
        lang = help_lang(ctx)
        rows = [(name, command_help(name, lang).summary) for name in self.list_commands(ctx)]
        with formatter.section(heading("commands", lang)):
            _write_rows(formatter, rows)
