"""The ``hikinet`` command: parses options, calls the library, turns its errors into messages."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .core.analysis import analyze
from .core.public import DEFAULT_THRESHOLD, INTERNAL, Disclosure
from .core.snapshot import take_snapshot
from .errors import DataError, HikinetError
from .i18n import LANGS, t
from .read.load import load_network
from .render.text import analysis_table
from .render.views import VIEWS
from .sides import compare_specs, parse_side
from .write.files import check_outside_input, refuse_existing, same_path, write_text
from .write.starter import WORKBOOK_NAME
from .write.tables import analysis_csv, analysis_json, relations_csv

# Commands import their heavier modules when they run, so that `validate` and `analyze` start fast.

__all__ = ["main", "cli", "compare_specs", "parse_side"]

# a bug in hikinet itself (EX_SOFTWARE); problems in the user's data exit with 1
EXIT_INTERNAL_ERROR = 70

lang_option = click.option(
    "--lang", type=click.Choice(LANGS), default="ja", show_default=True,
    envvar="HIKINET_LANG", help="Language of what people read (日本語 / English).")


def public_options(func):
    """--public and --threshold, the same for every command that writes pages."""
    func = click.option("--threshold", type=click.IntRange(min=3), default=DEFAULT_THRESHOLD, show_default=True,
                        help="With --public: referral counts below this are shown as <N.")(func)
    return click.option("--public", is_flag=True,
                        help="For sharing outside the core members: small referral counts shown as <N.")(func)


def force_option(what: str):
    """--force, the one switch that lets a command replace a file that already exists."""
    return click.option("--force", is_flag=True, help=f"Replace {what} if it already exists.")


def reports_errors(func):
    """Every error a user can cause becomes a message and exit 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            lang = kwargs.get("lang", "ja")
            raise click.ClickException(t("problems", lang, n=len(exc.problems))) from None
        except HikinetError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:  # Ctrl+C or SIGTERM: output is either complete or as it was
            click.echo("中断しました。出力は以前のままか、すべて新しくなっています"
                       " (interrupted: the output is either as it was or wholly new)", err=True)
            sys.exit(130)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hikinet")
def cli() -> None:
    """hikinet: ひきこもり支援ネットワークの分析と地図 (analyze and map a support network).

    DIR is a network folder (agencies.csv, meetings.csv, attendance.csv,
    referrals.csv, relations.csv) or one Excel workbook with those sheets
    (see docs/data-format.md).
    """


@cli.command()
@click.argument("directory", metavar="DIR")
@lang_option
@reports_errors
def validate(directory: str, lang: str) -> None:
    """Check a network folder and list every problem as FILE:LINE: message.

    \b
    Example:
        hikinet validate data/city_b
    """
    network = load_network(directory)
    for warning in network.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"{directory}: {t('valid', lang)} "
               f"({len(network.agencies)} agencies, {len(network.meetings)} meetings, "
               f"{len(network.referrals)} referral rows, {len(network.relations)} relation rows)")


@cli.command("analyze")
@click.argument("directory", metavar="DIR")
@click.option("--round", "round_", type=int, default=None, help="Analyze the network as of this meeting round.")
@click.option("--format", "format_", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True, help="table for people, json for scripts, csv (one row per agency) for Excel.")
@lang_option
@reports_errors
def analyze_command(directory: str, round_: int | None, format_: str, lang: str) -> None:
    """Analyze a network folder (all data, or as of one round).

    \b
    Example:
        hikinet analyze data/city_b --round 2
        hikinet analyze data/city_b --format json
    """
    network = load_network(directory)
    result = analyze(take_snapshot(network, round_))
    if format_ == "json":
        click.echo(analysis_json(result))
    elif format_ == "csv":
        click.echo(analysis_csv(result), nl=False)
    else:
        click.echo(analysis_table(network, result, lang))


@cli.command("map")
@click.argument("directory", metavar="DIR")
@click.option("--round", "round_", type=int, default=None, help="Draw the network as of this meeting round.")
@click.option("--view", type=click.Choice(VIEWS), default="network", show_default=True,
              help="network: who is linked to whom; ages: agencies by the ages they serve, with gaps.")
@click.option("-o", "--output", required=True, metavar="FILE.html", help="The page to write (one offline HTML file).")
@force_option("the page")
@public_options
@lang_option
@reports_errors
def map_command(directory: str, round_: int | None, view: str, output: str, force: bool, public: bool,
                threshold: int, lang: str) -> None:
    """Write an interactive map of a round as one offline HTML page.

    \b
    Example:
        hikinet map data/city_b --round 2 -o output/city_b_round2.html
        hikinet map data/city_b --view ages -o output/city_b_ages.html
    """
    from .render.maps import render_map

    check_outside_input(output, directory)
    network = load_network(directory)
    disclosure = Disclosure(threshold) if public else INTERNAL
    path = write_text(output, render_map(network, round_, view, lang, disclosure=disclosure), force=force)
    click.echo(str(path))


@cli.command("compare")
@click.argument("before", metavar="BEFORE")
@click.argument("after", metavar="AFTER")
@click.option("--format", "format_", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("-o", "--output", default=None, metavar="DIFF.html", help="Also write the before/after map.")
@force_option("the map")
@lang_option
@reports_errors
def compare_command(before: str, after: str, format_: str, output: str | None, force: bool, lang: str) -> None:
    """Compare two snapshots: FOLDER (all data) or FOLDER@R (as of round R).

    \b
    Examples:
        hikinet compare data/city_b@0 data/city_b@5
        hikinet compare data/2024 data/2025 --format json -o output/diff.html
    """
    from .render.page import render_page
    from .render.text import comparison_table
    from .render.views.change import diff_page

    if output:
        check_outside_input(output, parse_side(before)[0], parse_side(after)[0])
        refuse_existing(output, force)
    comparison = compare_specs(before, after)
    if format_ == "json":
        click.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(comparison_table(comparison, lang))
    if output:
        path = write_text(output, render_page(diff_page(comparison, lang), lang), force=force)
        click.echo(str(path), err=True)


@cli.command("report")
@click.argument("directory", metavar="DIR")
@click.option("-o", "--output", required=True, metavar="OUTDIR", help="The report folder (new, empty, or an earlier report).")
@click.option("--force", is_flag=True,
              help="Replace files of an earlier report that were changed by hand, or stand where report files go.")
@public_options
@lang_option
@reports_errors
def report_command(directory: str, output: str, force: bool, public: bool, threshold: int, lang: str) -> None:
    """Write the report of every round: index.html, maps, summary.json, metrics.csv.

    \b
    Examples:
        hikinet report data/city_b -o output/city_b
        hikinet report data/city_b -o output/city_b_public --public
    """
    from .write.report import build_report

    check_outside_input(output, directory)
    network = load_network(directory)
    disclosure = Disclosure(threshold) if public else INTERNAL
    path = build_report(network, output, lang, progress=_progress(), disclosure=disclosure, force=force,
                        warn=_warn)
    click.echo(str(path / "index.html"))


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _progress():
    """Progress lines on stderr for people at a terminal; silent in pipes and CI logs."""
    if not sys.stderr.isatty():
        return None
    return lambda message: click.echo(f"  {message}", err=True)


@cli.command("init")
@click.argument("directory", metavar="DIR")
@click.option("--xlsx", is_flag=True, help=f"Write one workbook ({WORKBOOK_NAME}) with drop-down lists instead of CSV files.")
@click.option("--force", is_flag=True, help="Replace template files that already exist.")
@lang_option
@reports_errors
def init_command(directory: str, xlsx: bool, force: bool, lang: str) -> None:
    """Write a ready-to-fill template with Japanese headers and one example row per table.

    \b
    Examples:
        hikinet init mycity
        hikinet init mycity --xlsx
    """
    from .write.starter import write_template

    for path in write_template(directory, xlsx=xlsx, force=force):
        click.echo(str(path))


@cli.command("import-survey")
@click.argument("answers", metavar="ANSWERS")
@click.option("-a", "--agencies", required=True, metavar="AGENCIES",
              help="agencies.csv, a network folder or workbook: the agency names and ids to match.")
@click.option("-o", "--output", required=True, metavar="relations.csv", help="The relations file to write.")
@click.option("--map", "mapping", default=None, metavar="MAP.csv",
              help="Names the matcher is not sure of: two columns, name,id.")
@click.option("--date", default=None, help="Answer date for rows whose answers carry none (e.g. 2025/7/1).")
@force_option("the output file")
@lang_option
@reports_errors
def import_survey_command(answers: str, agencies: str, output: str, mapping: str | None, date: str | None,
                          force: bool, lang: str) -> None:
    """Turn questionnaire answers (one row per agency, one column per other agency) into relations.csv.

    Cells hold a level 0-4 or 知らない / 顔見知り / 情報共有 / 紹介 / 協働.
    Prints who did not answer and the pairs whose answers differ by 2 levels or more.

    \b
    Example:
        hikinet import-survey answers.csv -a data/city_b/agencies.csv -o relations.csv
    """
    from .read.survey import import_survey
    from .render.text import survey_summary

    target = Path(output)
    for given in (answers, agencies, mapping):
        if given and same_path(given, target):
            raise click.ClickException(f"出力先が入力と同じです (the output {output!r} is one of the inputs)")
    refuse_existing(target, force)
    result = import_survey(answers, agencies, mapping, date)
    write_text(target, relations_csv(result.relations), force=force)
    click.echo(survey_summary(result, output, lang))
    if result.ignored_columns:
        click.echo(f"{t('survey_ignored', lang)}: {', '.join(result.ignored_columns)}", err=True)


@cli.command("export")
@click.argument("directory", metavar="DIR")
@click.option("-o", "--output", required=True, metavar="FILE.xlsx", help="The workbook to write.")
@force_option("the workbook")
@lang_option
@reports_errors
def export_command(directory: str, output: str, force: bool, lang: str) -> None:
    """Write the analysis of every round (per round, per agency, gaps, sectors) as one workbook.

    \b
    Example:
        hikinet export data/city_b -o output/city_b.xlsx
    """
    from .write.xlsx import export_workbook

    check_outside_input(output, directory)
    network = load_network(directory)
    click.echo(str(export_workbook(network, output, lang, force)))


def main() -> None:
    """The ``hikinet`` console script: the CLI, with hikinet's own bugs reported as a short message (exit 70)."""
    # a Japanese Windows console or pipe may not encode every character; never crash on output
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        cli(prog_name="hikinet")
    except Exception as exc:  # a bug in hikinet, not a problem in the data: say so without a traceback
        if os.environ.get("HIKINET_DEBUG"):
            raise
        click.echo(f"内部エラー: {type(exc).__name__}: {exc} (internal error in hikinet; please report it"
                   " with the command you ran; HIKINET_DEBUG=1 shows the details)", err=True)
        sys.exit(EXIT_INTERNAL_ERROR)
