"""Start-up (issue 16): what each command imports, checked in a fresh interpreter.

``hikinet --help`` starts without pandas, numpy or igraph; no command imports pyvis
or IPython (the offline bundle keeps IPython out of hikinet's path at run time):
vis-network's files are read from pyvis's folder without executing the package.
No timing is asserted: bench/run.py measures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "igraph", "jinja2", "pyvis", "IPython", "networkx")


def imported_by(code: str) -> set[str]:
    """The HEAVY modules in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = f"import json, sys\n{code}\nprint('\\n' + json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def cli_call(*args: str) -> str:
    return ("from hikinet_graph.cli import cli\n"
            f"cli.main(args={list(args)!r}, prog_name='hikinet', standalone_mode=False)")


def test_help_imports_no_pandas():
    assert imported_by(cli_call("--help")) == set()
    assert imported_by(cli_call("report", "--help")) == set()


def test_the_package_imports_its_names_on_first_use():
    assert imported_by("import hikinet_graph") == set()
    found = imported_by("import hikinet_graph\nassert callable(hikinet_graph.load_network)")
    assert "pandas" in found and "pyvis" not in found


def test_report_imports_neither_pyvis_nor_ipython(tmp_path):
    found = imported_by(cli_call("report", str(REPO / "data" / "city_b"), "-o", str(tmp_path / "report")))
    assert (tmp_path / "report" / "index.html").is_file()
    assert "jinja2" in found  # pages were rendered
    assert not {"pyvis", "IPython"} & found


def test_map_and_analyze_import_neither_pyvis_nor_ipython(tmp_path):
    found = imported_by(cli_call("map", str(REPO / "data" / "city_a"), "-o", str(tmp_path / "map.html")))
    assert (tmp_path / "map.html").is_file()
    assert not {"pyvis", "IPython"} & found
    assert not {"pyvis", "IPython"} & imported_by(cli_call("analyze", str(REPO / "data" / "city_b")))


def test_vis_network_is_read_from_pyvis_without_importing_it():
    code = ("from importlib import resources\n"
            "from hikinet_graph.render.page import _vis_assets\n"
            "script, style = _vis_assets()\n"
            "assert 'pyvis' not in sys.modules\n"
            "lib = resources.files('pyvis') / 'lib' / 'vis-9.1.2'\n"
            "assert script == (lib / 'vis-network.min.js').read_text(encoding='utf-8').replace('</script', '<\\\\/script')\n"
            "assert style == (lib / 'vis-network.css').read_text(encoding='utf-8')")
    assert "pyvis" in imported_by(code)  # imported only by the check itself, after _vis_assets
