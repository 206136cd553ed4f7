"""Issue 14: help in the user's language: Japanese by default, English with --lang en or HIKINET_LANG=en."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from hikinet_graph.cli import cli
from hikinet_graph.render.help import COMMANDS, OPTIONS, command_help, option_help

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
COMMAND_NAMES = sorted(cli.commands)
DATA_WORDS = ("関係", "説明", "設定", "名前", "B市")


def help_of(*args: str, env: dict | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), env=env or {"HIKINET_LANG": ""}, prog_name="hikinet")
    assert result.exit_code == 0, result.output
    return result.output


def every_option():
    """(command, parameter) for every option of every command, and of the group ("")."""
    context = click.Context(cli)
    yield from (("", p) for p in cli.get_params(context) if isinstance(p, click.Option))
    for name, command in cli.commands.items():
        yield from ((name, p) for p in command.get_params(click.Context(command)) if isinstance(p, click.Option))


def test_every_command_and_option_is_documented_in_both_languages():
    assert set(COMMANDS) == {""} | set(cli.commands)
    for name in COMMANDS:
        ja, en = command_help(name, "ja"), command_help(name, "en")
        for part in ("summary", "description", "example"):
            assert getattr(ja, part).strip() and getattr(en, part).strip(), (name, part)
        assert JAPANESE.search(ja.summary) and JAPANESE.search(ja.description), name
        assert not JAPANESE.search(en.summary), name
        assert ja.example.startswith("hikinet") and ja.example == en.example, name
        assert ja.example.split()[1] == name or name == "", name
    for command, param in every_option():
        ja, en = option_help(command, param.name, "ja"), option_help(command, param.name, "en")
        assert ja and en and ja != en, (command, param.name)
        assert JAPANESE.search(ja), (command, param.name)
    used = {p.name for _, p in every_option()} | {(c, p.name) for c, p in every_option()}
    assert set(OPTIONS) <= used, set(OPTIONS) - used


@pytest.mark.parametrize("name", ["", *COMMAND_NAMES])
def test_help_is_japanese_by_default(name):
    text = help_of(*([name] if name else []), "--help")
    assert text.startswith("使い方: hikinet")
    assert "オプション:" in text and "例:" in text
    assert command_help(name, "ja").description[:20] in text.replace("\n  ", "")
    assert "Usage" not in text and "Show this message" not in text


@pytest.mark.parametrize("name", ["", *COMMAND_NAMES])
@pytest.mark.parametrize("how", ["--lang before", "--lang after", "--lang=en", "env"])
def test_help_in_english(name, how):
    command = [name] if name else []
    if how == "env":
        text = help_of(*command, "--help", env={"HIKINET_LANG": "en"})
    elif how == "--lang=en":
        text = help_of(*command, "--lang=en", "--help")
    elif how == "--lang before":
        text = help_of("--lang", "en", *command, "--help") if name else help_of("--lang", "en", "--help")
    else:
        text = help_of(*command, "--help", "--lang", "en")
    assert text.startswith("Usage: hikinet")
    assert "Options:" in text and "Example:" in text
    options = text.split("Options:")[1].split("Example:")[0]
    for word in DATA_WORDS:  # the workbook's own words, quoted in English help
        options = options.replace(word, "")
    assert not JAPANESE.search(options), text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_summaries_are_whole_with_one_example_each(lang):
    text = help_of("--help", "--lang", lang)
    for name in COMMAND_NAMES:
        summary = command_help(name, lang).summary
        assert re.search(rf"^  {re.escape(name)} +{re.escape(summary)}$", text, re.M), (name, summary, text)
        assert "..." not in summary
    for name in COMMAND_NAMES:
        example = command_help(name, lang).example
        assert help_of(name, "--help", "--lang", lang).count(example) == 1


def test_every_option_appears_in_its_help():
    for name, command in cli.commands.items():
        text = help_of(name, "--help")
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.opts[-1] in text, (name, param.opts)
                assert option_help(name, param.name, "ja")[:12] in text.replace("\n", ""), (name, param.name)


def test_lang_of_the_group_reaches_the_command(tmp_path, make_folder):
    folder = make_folder(tmp_path, agencies=[("a", "A"), ("a", "B")])
    result = CliRunner().invoke(cli, ["--lang", "en", "validate", str(folder)], env={"HIKINET_LANG": ""})
    assert result.output.strip().endswith("Error: 1 problems found")
    result = CliRunner().invoke(cli, ["validate", str(folder)], env={"HIKINET_LANG": "en"})
    assert result.output.strip().endswith("Error: 1 problems found")
