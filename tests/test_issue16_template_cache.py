"""Issue 16: the page templates are compiled once and kept between runs; the cache never changes a page.

A fresh Jinja environment (not the process's cached one) stands for the next run. A
compile is detected by wrapping ``Environment.compile``; a damaged, unwritable or
out-of-date cache must give the same pages as no cache at all.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from hikinet_graph.render import page as page_module
from hikinet_graph.render.template_cache import TemplateCache, cache_folder



def _fresh_environment(monkeypatch, setting: str | None) -> jinja2.Environment:
    """The environment a new run would set up, with ``HIKINET_CACHE`` set to ``setting`` (None: unset)."""
    if setting is None:
        monkeypatch.delenv("HIKINET_CACHE", raising=False)
    else:
        monkeypatch.setenv("HIKINET_CACHE", setting)
    return page_module.environment.__wrapped__()


def _compiles(monkeypatch) -> list[str]:
    """The names of the templates compiled from source from now on."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def _sources(env: jinja2.Environment) -> dict[str, str]:
    """Each template's compiled code, as the runtime holds it (equal code renders equal pages)."""
    names = env.list_templates()
    assert {"map.html", "report.html", "agenda.html", "base.html", "_map.js"} <= set(names)
    return {name: env.get_template(name).root_render_func.__code__.co_code for name in names}


def test_the_second_run_compiles_nothing_and_holds_the_same_code(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    compiled = _compiles(monkeypatch)
    first = _sources(_fresh_environment(monkeypatch, str(folder)))
    assert set(compiled) == set(first)
    kept = sorted(p.name for p in folder.iterdir())
    assert kept and all(name.endswith(".cache") for name in kept)  # no temporary file left behind
    compiled.clear()
    second = _sources(_fresh_environment(monkeypatch, str(folder)))
    assert compiled == []
    assert second == first


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_entry_is_compiled_again_and_rewritten(tmp_path, monkeypatch, damage):
    folder = tmp_path / "cache"
    expected = _sources(_fresh_environment(monkeypatch, str(folder)))
    for entry in folder.iterdir():  # damage every entry: empty, foreign bytes, or cut in the middle
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if damage is None else damage)
    compiled = _compiles(monkeypatch)
    assert _sources(_fresh_environment(monkeypatch, str(folder))) == expected
    assert "report.html" in compiled
    compiled.clear()
    _sources(_fresh_environment(monkeypatch, str(folder)))
    assert compiled == []  # sound again


def test_a_cache_that_cannot_be_written_never_stops_a_page(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"a user's file")  # the cache folder's place is taken by a file
    expected = _sources(_fresh_environment(monkeypatch, "off"))
    assert _sources(_fresh_environment(monkeypatch, str(blocker / "templates"))) == expected
    assert blocker.read_bytes() == b"a user's file"


def test_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    env = _fresh_environment(monkeypatch, "off")
    assert env.bytecode_cache is None and cache_folder() is None
    env.get_template("map.html")
    assert list(tmp_path.iterdir()) == []


def test_the_default_folder_is_the_users_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr("os.name", "posix")
    _fresh_environment(monkeypatch, None).get_template("map.html")
    assert cache_folder() == tmp_path / "hikinet" / "templates"
    assert any(p.suffix == ".cache" for p in (tmp_path / "hikinet" / "templates").iterdir())


def test_a_changed_template_is_compiled_again(tmp_path):
    sources = {"page.html": "old {{ x }}"}
    cache = TemplateCache(tmp_path)

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: (sources[name], None, lambda: False)),
                                 bytecode_cache=cache)
        return env.get_template("page.html").render(x=1)

    assert render() == "old 1"
    sources["page.html"] = "new {{ x }}"  # same name and key, other source: the checksum differs
    assert render() == "new 1"


def test_a_report_with_the_cache_is_the_report_without_it(tmp_path, monkeypatch):
    from conftest import run, tree

    data = Path(__file__).resolve().parents[1] / "data" / "city_b"
    trees = []
    for setting, out in [("off", "a"), (str(tmp_path / "cache"), "b"), (str(tmp_path / "cache"), "c")]:
        monkeypatch.setenv("HIKINET_CACHE", setting)
        page_module.environment.cache_clear()
        result = run("report", str(data), "-o", str(tmp_path / out))
        assert result.exit_code == 0, result.output
        trees.append(tree(tmp_path / out))
    page_module.environment.cache_clear()
    assert trees[0] == trees[1] == trees[2]
