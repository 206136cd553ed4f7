"""hikinet's benchmark: every target of issue 16 as a ratio measured in one run, on the same machine.

    python bench/run.py                   # prefecture analyze and report, small folders (about 2 minutes)
    python bench/run.py --national        # also 30,000 agencies / 2,000,000 referral rows (analyze and report)
    python bench/run.py --quick           # a tenth of every size, one repetition (a smoke run)
    python bench/run.py --repeat 5        # more paired repetitions (default 3)
    python bench/run.py --scaling         # also prefecture analyze at 1/4 and 1/2 of the rows

Paired runs: in each repetition the baseline and the commands compared with it run
one after another (the order rotates between repetitions), each as its own
process; a figure is the median, over the repetitions, of the ratio within each
repetition, so that load from other work on the machine cancels out. Baselines:

- the floor (bench/floor.py): pandas reads the folder's CSV files and networkx builds one graph of all links;
- the peer (bench/peer.py): the analyst's own pandas + igraph script with the same answers as ``analyze``;
- ``python -c "import pandas"`` for the small folder (data/city_b): hikinet's start-up.

hikinet runs as the console script beside this Python (``hikinet``), else ``python -m hikinet_graph``.
hikinet's modules are compiled to bytecode first (``compileall``), as installing its wheel
does: this checkout's environment may set PYTHONDONTWRITEBYTECODE, and a run that compiles
hikinet's 50-80 modules from source each time measures no installed hikinet.
Peak memory is the child's maximum resident set size (``os.wait4``). Folders
come from the seeded generator (bench/generate.py). Prints a table, then one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PREFECTURE = {"agencies": 3000, "areas": 50, "referrals": 300_000, "meetings": 240, "rounds": 12, "attendance": 6000}
NATIONAL = {"agencies": 30_000, "areas": 500, "referrals": 2_000_000, "meetings": 2400, "rounds": 12,
            "attendance": 60_000}
SMALL = ROOT / "data" / "city_b"


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process; its output is discarded; a failure stops the run."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if child.returncode:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(command)}\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024


def paired(commands: dict[str, list[str]], repeat: int, before=None) -> dict[str, dict]:
    """Run ``commands`` in turn ``repeat`` times (order rotated); ``before(name)`` runs untimed before each."""
    names = list(commands)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for k in range(repeat):
        for name in names[k % len(names):] + names[: k % len(names)]:
            if before:
                before(name)
            runs[name].append(run(commands[name]))
    return {name: {"walls": [w for w, _ in r], "peak_mb": max(m for _, m in r)} for name, r in runs.items()}


def ratio(measured: dict, name: str, base: str) -> float:
    """The median of the per-repetition ratios of ``name`` to ``base``."""
    return statistics.median(a / b for a, b in zip(measured[name]["walls"], measured[base]["walls"]))


def hikinet(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "hikinet"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "hikinet_graph", *args]


def floor(folder: Path) -> list[str]:
    return [sys.executable, str(HERE / "floor.py"), str(folder)]


def peer(folder: Path) -> list[str]:
    return [sys.executable, str(HERE / "peer.py"), str(folder)]


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def row(figure: str, measured: dict, name: str, base: str, target: str, limit: float | None, **extra) -> dict:
    value = ratio(measured, name, base)
    return {"figure": figure, "seconds": round(statistics.median(measured[name]["walls"]), 3),
            "baseline": base, "baseline_s": round(statistics.median(measured[base]["walls"]), 3),
            "ratio": round(value, 2), "target": target, "met": None if limit is None else value <= limit,
            "peak_mb": round(measured[name]["peak_mb"]), "runs": len(measured[name]["walls"]), **extra}


def analyze_figures(label: str, folder: Path, repeat: int, limit_floor: float, peer_too: bool) -> list[dict]:
    commands = {"floor": floor(folder), "analyze": hikinet("analyze", str(folder), "--format", "json")}
    if peer_too:
        commands["peer"] = peer(folder)
    measured = paired(commands, repeat)
    rows = [row(f"{label} analyze", measured, "analyze", "floor", f"<= {limit_floor}x floor", limit_floor)]
    if peer_too:
        rows.append(row(f"{label} analyze", measured, "analyze", "peer", "<= 1.0x peer", 1.0))
    return rows


def report_figure(label: str, folder: Path, out: Path, repeat: int, limit: float | None, target: str) -> dict:
    def clear(name: str) -> None:
        shutil.rmtree(out, ignore_errors=True)

    measured = paired({"floor": floor(folder), "report": hikinet("report", str(folder), "-o", str(out))},
                      repeat, before=clear)
    first_page = out / "index.html"
    figure = row(f"{label} report", measured, "report", "floor", target, limit, output_mb=round(folder_mb(out), 1),
                 first_page=first_page.is_file() and first_page.stat().st_size > 0)
    return figure


def small_figures(out: Path, repeat: int) -> list[dict]:
    def clear(name: str) -> None:
        shutil.rmtree(out, ignore_errors=True)

    measured = paired({"import pandas": [sys.executable, "-c", "import pandas"],
                       "analyze": hikinet("analyze", str(SMALL)),
                       "report": hikinet("report", str(SMALL), "-o", str(out))}, repeat, before=clear)
    return [row("hikinet analyze data/city_b", measured, "analyze", "import pandas", "<= 1.3x import pandas", 1.3),
            row("hikinet report data/city_b", measured, "report", "import pandas", "<= 2x import pandas", 2.0)]


def compile_hikinet() -> None:
    """Compile hikinet's modules to bytecode, as ``pip install`` of its wheel does (see the module docstring)."""
    import compileall
    import importlib.util

    package = Path(importlib.util.find_spec("hikinet_graph").origin).parent
    compileall.compile_dir(str(package), quiet=1)


def scaled(base: dict, factor: float) -> dict:
    return {k: (v if k == "rounds" else max(2, int(v * factor))) for k, v in base.items()}


def print_table(rows: list[dict]) -> None:
    print(f"{'figure':<30}{'vs':>15}{'s':>8}{'base s':>8}{'ratio':>7}{'peak MB':>9}{'out MB':>8}  target")
    for r in rows:
        met = {True: "met", False: "NOT MET", None: "listed"}[r["met"]]
        print(f"{r['figure']:<30}{r['baseline']:>15}{r['seconds']:>8.2f}{r['baseline_s']:>8.2f}{r['ratio']:>7.2f}"
              f"{r['peak_mb']:>9}{r.get('output_mb', ''):>8}  {r['target']}: {met}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--national", action="store_true", help="also the national figures (30,000 agencies)")
    parser.add_argument("--national-repeat", type=int, default=None, help="paired runs at national scale")
    parser.add_argument("--quick", action="store_true", help="a tenth of every size, one repetition")
    parser.add_argument("--scaling", action="store_true", help="also prefecture analyze at 1/4 and 1/2")
    parser.add_argument("--repeat", type=int, default=3, help="paired runs per figure (default 3)")
    args = parser.parse_args()
    shrink, repeat = (0.1, 1) if args.quick else (1.0, args.repeat)
    rows: list[dict] = []
    compile_hikinet()
    with tempfile.TemporaryDirectory(prefix="hikinet-bench-") as tmp:
        work = Path(tmp)
        rows += small_figures(work / "small-report", max(repeat, 5))
        for label, factor in ((("1/4", 0.25), ("1/2", 0.5)) if args.scaling else ()):
            folder = generate(work / f"pref-{factor}", **scaled(PREFECTURE, factor * shrink), seed=1)
            rows += analyze_figures(f"prefecture {label}", folder, repeat, 1.0, peer_too=False)
        folder = generate(work / "pref", **scaled(PREFECTURE, shrink), seed=1)
        rows += analyze_figures("prefecture", folder, repeat, 1.0, peer_too=True)
        pref = report_figure("prefecture", folder, work / "pref-report", repeat, 5.0, "<= 5x floor, <= 60 MB")
        pref["met"] = pref["met"] and pref["output_mb"] <= 60
        rows.append(pref)
        if args.national:
            shutil.rmtree(folder)
            national_repeat = args.national_repeat or repeat
            folder = generate(work / "national", **scaled(NATIONAL, shrink), seed=2)
            rows += analyze_figures("national", folder, national_repeat, 1.5, peer_too=False)
            rows[-1]["target"] += ", < 1 GB"
            rows[-1]["met"] = rows[-1]["met"] and rows[-1]["peak_mb"] < 1024
            figure = report_figure("national", folder, work / "national-report", 1, None,
                                   "listed; finishes, index.html opens")
            figure["met"] = figure["first_page"] or False
            rows.append(figure)
    print_table(rows)
    machine = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    print(json.dumps({"machine": machine, "repeat": repeat, "figures": rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
