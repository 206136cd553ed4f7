"""The ``hikinet`` command: parses options, calls the library, turns its errors into messages.

Everything people read is in their language: Japanese by default, English with
``--lang en`` or ``HIKINET_LANG=en``. The help too: ``--help`` is handled before
``--lang`` would be parsed, so the group reads ``--lang`` from the command line
itself before anything else (:class:`HikinetGroup`); the words are in
:mod:`hikinet_graph.render.help`.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .core.background import end_command_process, one_command_process
from .core.disclosure import DEFAULT_THRESHOLD, INTERNAL, Disclosure
from .errors import DataError, HikinetError
from .i18n import LANGS, t
from .render.help_format import LANG_ENV, HikinetGroup
from .render.views import VIEWS
from .sides import compare_specs, parse_side
from .write.files import check_outside_input, refuse_existing, same_path, write_text

# Commands import their heavier modules when they run: `--help` starts without pandas, and no command
# imports pyvis or IPython (tests/test_issue16_imports.py).

__all__ = ["main", "cli", "compare_specs", "parse_side"]

# a bug in hikinet itself (EX_SOFTWARE); problems in the user's data exit with 1
EXIT_INTERNAL_ERROR = 70


def _resolve_lang(ctx: click.Context, param, value: str | None) -> str:
    """--lang of the command, else the group's --lang, else HIKINET_LANG, else Japanese."""
    lang = value or ctx.meta.get("hikinet.group_lang") or os.environ.get(LANG_ENV) or "ja"
    return lang if lang in LANGS else "ja"


lang_option = click.option("--lang", type=click.Choice(LANGS), default=None, callback=_resolve_lang,
                           metavar="[ja|en]")


def public_options(func):
    """--public and --threshold, the same for every command that writes pages."""
    func = click.option("--threshold", type=click.IntRange(min=3), default=DEFAULT_THRESHOLD, metavar="N")(func)
    return click.option("--public", is_flag=True)(func)


force_option = click.option("--force", is_flag=True)


class Failure(click.ClickException):
    """An error a user can cause, closed with a line in their language (エラー: … / Error: …); exit 1."""

    def __init__(self, message: str, lang: str):
        super().__init__(message)
        self.lang = lang

    def show(self, file=None) -> None:
        """Print the closing line, wholly in the user's language."""
        click.echo(f"{t('error_prefix', self.lang)}: {self.format_message()}", err=True)


def reports_errors(func):
    """Every error a user can cause becomes a message and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        lang = kwargs.get("lang") or "ja"
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            raise Failure(t("problems", lang, n=len(exc.problems)), lang) from None
        except HikinetError as exc:
            raise Failure(str(exc), lang) from None
        except KeyboardInterrupt:  # Ctrl+C or SIGTERM: output is either complete or as it was
            click.echo("中断しました。出力は以前のままか、すべて新しくなっています"
                       " (interrupted: the output is either as it was or wholly new)", err=True)
            sys.exit(130)

    return wrapper


def _warn_all(warnings, lang: str) -> None:
    for warning in dict.fromkeys(warnings):
        click.echo(f"{t('warning_prefix', lang)}: {warning}", err=True)


def _load(directory: str, lang: str):
    """The network, its warnings said on stderr (every command says them, not only validate)."""
    from .read.load import load_network

    network = load_network(directory)
    _warn_all(network.warnings, lang)
    return network


@click.group(cls=HikinetGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hikinet")
@click.option("--lang", type=click.Choice(LANGS), default=None, metavar="[ja|en]", is_eager=True)
@click.pass_context
def cli(ctx: click.Context, lang: str | None) -> None:
    """hikinet: ひきこもり支援ネットワークの分析と地図 (analyze and map a support network)."""
    ctx.meta["hikinet.group_lang"] = lang


@cli.command()
@click.argument("directory", metavar="DIR")
@lang_option
@reports_errors
def validate(directory: str, lang: str) -> None:
    """Check a network folder or workbook and list every problem as FILE:LINE: message."""
    network = _load(directory, lang)
    click.echo(f"{directory}: " + t("valid_summary", lang, agencies=len(network.agencies),
                                      meetings=len(network.meetings), referrals=len(network.referrals),
                                      relations=len(network.relations)))


@cli.command("analyze")
@click.argument("directory", metavar="DIR")
@click.option("--round", "round_", type=int, default=None, metavar="R")
@click.option("--format", "format_", type=click.Choice(["table", "json", "csv"]), default="table")
@lang_option
@reports_errors
def analyze_command(directory: str, round_: int | None, format_: str, lang: str) -> None:
    """Analyze a network folder (all data, or as of one round)."""
    from .core.analysis import analyze
    from .core.snapshot import take_snapshot
    from .render.text import analysis_table
    from .write.tables import analysis_csv, analysis_json

    network = _load(directory, lang)
    result = analyze(take_snapshot(network, round_), second_process=True)
    if format_ == "json":
        click.echo(analysis_json(result))
    elif format_ == "csv":
        click.echo(analysis_csv(result), nl=False)
    else:
        click.echo(analysis_table(network, result, lang))


@cli.command("map")
@click.argument("directory", metavar="DIR")
@click.option("--round", "round_", type=int, default=None, metavar="R")
@click.option("--view", type=click.Choice(VIEWS), default="network")
@click.option("-o", "--output", required=True, metavar="FILE.html")
@force_option
@public_options
@lang_option
@reports_errors
def map_command(directory: str, round_: int | None, view: str, output: str, force: bool, public: bool,
                threshold: int, lang: str) -> None:
    """Write an interactive map of a round as one offline HTML page."""
    from .render.maps import render_map

    check_outside_input(output, directory)
    network = _load(directory, lang)
    disclosure = Disclosure(threshold) if public else INTERNAL
    path = write_text(output, render_map(network, round_, view, lang, disclosure=disclosure), force=force)
    click.echo(str(path))


@cli.command("agenda")
@click.argument("directory", metavar="DIR")
@click.option("--round", "round_", type=int, default=None, metavar="R")
@click.option("-o", "--output", required=True, metavar="FILE.html")
@force_option
@public_options
@lang_option
@reports_errors
def agenda_command(directory: str, round_: int | None, output: str, force: bool, public: bool, threshold: int,
                   lang: str) -> None:
    """Write the agenda for the next meeting (suggested introductions, topics, progress) as one HTML page."""
    from .write.agenda import write_agenda

    check_outside_input(output, directory)
    network = _load(directory, lang)
    disclosure = Disclosure(threshold) if public else INTERNAL
    click.echo(str(write_agenda(network, output, round_, lang, disclosure, force=force)))


@cli.command("compare")
@click.argument("before", metavar="BEFORE")
@click.argument("after", metavar="AFTER")
@click.option("--format", "format_", type=click.Choice(["table", "json"]), default="table")
@click.option("-o", "--output", default=None, metavar="DIFF.html")
@force_option
@lang_option
@reports_errors
def compare_command(before: str, after: str, format_: str, output: str | None, force: bool, lang: str) -> None:
    """Compare two snapshots: FOLDER (all data) or FOLDER@R (as of round R)."""
    from .render.page import render_page
    from .render.text import comparison_table
    from .render.views.change import diff_page

    if output:
        check_outside_input(output, parse_side(before)[0], parse_side(after)[0])
        refuse_existing(output, force)
    comparison = compare_specs(before, after)
    _warn_all(comparison.before.network.warnings + comparison.after.network.warnings, lang)
    if format_ == "json":
        click.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(comparison_table(comparison, lang))
    if output:
        path = write_text(output, render_page(diff_page(comparison, lang), lang), force=force)
        click.echo(str(path), err=True)


@cli.command("report")
@click.argument("directory", metavar="DIR")
@click.option("-o", "--output", required=True, metavar="OUTDIR")
@force_option
@click.option("--all-maps", "all_maps", is_flag=True)
@public_options
@lang_option
@reports_errors
def report_command(directory: str, output: str, force: bool, all_maps: bool, public: bool, threshold: int,
                   lang: str) -> None:
    """Write the report of every round: index.html, maps, summary.json, metrics.csv."""
    from .write.report import build_report

    check_outside_input(output, directory)
    network = _load(directory, lang)
    disclosure = Disclosure(threshold) if public else INTERNAL
    path = build_report(network, output, lang, progress=_progress(), disclosure=disclosure, force=force,
                        warn=lambda message: _warn_all([message], lang), all_maps=all_maps)
    click.echo(str(path / "index.html"))


def _progress():
    """Progress lines on stderr for people at a terminal; silent in pipes and CI logs."""
    if not sys.stderr.isatty():
        return None
    return lambda message: click.echo(f"  {message}", err=True)


@cli.command("init")
@click.argument("directory", metavar="DIR")
@click.option("--xlsx", is_flag=True)
@click.option("--name", default="", metavar="NAME")
@force_option
@lang_option
@reports_errors
def init_command(directory: str, xlsx: bool, name: str, force: bool, lang: str) -> None:
    """Write a ready-to-fill template with Japanese headers and one example row per table."""
    from .write.starter import write_template

    for path in write_template(directory, xlsx=xlsx, force=force, name=name.strip()):
        click.echo(str(path))


@cli.command("import-survey")
@click.argument("answers", metavar="ANSWERS")
@click.option("-a", "--agencies", required=True, metavar="AGENCIES")
@click.option("-o", "--output", required=True, metavar="relations.csv|FILE.xlsx")
@click.option("--map", "mapping", default=None, metavar="MAP.csv")
@click.option("--date", default=None, metavar="DATE")
@force_option
@lang_option
@reports_errors
def import_survey_command(answers: str, agencies: str, output: str, mapping: str | None, date: str | None,
                          force: bool, lang: str) -> None:
    """Turn questionnaire answers into relations.csv, or into a copy of the agencies workbook."""
    from .read.survey import import_survey
    from .render.text import survey_summary
    from .write.tables import relations_csv

    target = Path(output)
    for given in (answers, agencies, mapping):
        if given and same_path(given, target):
            raise Failure(f"出力先が入力と同じです (the output {output!r} is one of the inputs)", lang)
    into_book = target.suffix.lower() == ".xlsx"
    if into_book and Path(agencies).suffix.lower() not in (".xlsx", ".xlsm"):
        raise Failure("-o に .xlsx を指定したときは、-a に機関の入った Excel ブックを指定してください"
                      " (with -o FILE.xlsx, -a must be the workbook to copy)", lang)
    refuse_existing(target, force)
    result = import_survey(answers, agencies, mapping, date)
    _warn_all(result.warnings, lang)
    if into_book:
        _into_book(agencies, target, result, force, lang)
    else:
        write_text(target, relations_csv(result.relations), force=force)
    click.echo(survey_summary(result, output, lang))
    if result.ignored_columns:
        click.echo(f"{t('survey_ignored', lang)}: {', '.join(result.ignored_columns)}", err=True)


def _into_book(agencies: str, target: Path, result, force: bool, lang: str) -> None:
    """The survey's relations into a copy of the agencies workbook; what could not be copied is said."""
    from .write.survey_book import write_survey_book

    book = write_survey_book(agencies, target, result.relations, force=force)
    click.echo(t("survey_book", lang, sheet=book.sheet, source=agencies), err=True)
    if book.lost:
        parts = ", ".join(f"{kind} {n}" for kind, n in book.lost.items())
        _warn_all([t("survey_book_lost", lang, n=sum(book.lost.values()), parts=parts)], lang)


@cli.command("export")
@click.argument("directory", metavar="DIR")
@click.option("-o", "--output", required=True, metavar="FILE.xlsx")
@force_option
@lang_option
@reports_errors
def export_command(directory: str, output: str, force: bool, lang: str) -> None:
    """Write the analysis of every round (per round, per agency, gaps, sectors) as one workbook."""
    from .write.xlsx import export_workbook

    check_outside_input(output, directory)
    network = _load(directory, lang)
    click.echo(str(export_workbook(network, output, lang, force)))


def main() -> None:
    """The ``hikinet`` console script: the CLI, with hikinet's own bugs reported as a short message (exit 70)."""
    one_command_process()  # this process runs one command: no cyclic garbage collection (core/background.py)
    # a Japanese Windows console or pipe may not encode every character; never crash on output
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        cli(prog_name="hikinet")
    except SystemExit as done:  # click ends every command so
        end_command_process(done.code)  # at once: no heap teardown (core/background.py)
    except Exception as exc:  # a bug in hikinet, not a problem in the data: say so without a traceback
        if os.environ.get("HIKINET_DEBUG"):
            raise
        click.echo(f"内部エラー: {type(exc).__name__}: {exc} (internal error in hikinet; please report it"
                   " with the command you ran; HIKINET_DEBUG=1 shows the details)", err=True)
        end_command_process(EXIT_INTERNAL_ERROR)
