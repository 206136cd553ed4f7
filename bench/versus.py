"""Two versions of hikinet side by side: the same commands, alternating, as paired runs.

    git worktree add /tmp/before COMMIT
    python bench/versus.py /tmp/before              # this checkout against /tmp/before
    python bench/versus.py /tmp/before --repeat 7   # more pairs (default: 7 small, 5 analyze, 3 report)

Each side runs ``python -m hikinet_graph`` from its own tree (the current folder comes
first on ``sys.path``, so each runs its own code, whatever is installed). Both trees are
compiled to bytecode first. In each pair the order alternates; a figure is the median
of the per-pair ratios (this checkout / the other), so load that both sides share cancels
out. The prefecture folder comes from the seeded generator, as in ``bench/run.py``.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import compileall
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
from run import PREFECTURE, SMALL  # noqa: E402


def timed(tree: Path, args: list[str], out: Path | None) -> float:
    """Wall seconds of ``python -m hikinet_graph ARGS`` run from ``tree``; a failure stops the comparison."""
    if out is not None:
        shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "hikinet_graph", *args], cwd=tree, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    if done.returncode:
        raise SystemExit(f"failed in {tree}: {' '.join(args)}\n{done.stderr.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("other", type=Path, help="the other checkout (e.g. a git worktree of an earlier commit)")
    parser.add_argument("--repeat", type=int, default=None, help="pairs per command")
    options = parser.parse_args()
    other = options.other.resolve()
    for tree in (ROOT, other):
        compileall.compile_dir(tree / "hikinet_graph", quiet=1)
    with tempfile.TemporaryDirectory(prefix="hikinet-versus-") as tmp:
        work = Path(tmp)
        pref = generate(work / "pref", **PREFECTURE, seed=1)
        out = work / "out"
        cases = [
            ("`hikinet analyze data/city_b`", ["analyze", str(SMALL)], None, 7),
            ("`hikinet report data/city_b`", ["report", str(SMALL), "-o", str(out)], out, 7),
            ("prefecture `analyze --format json`", ["analyze", str(pref), "--format", "json"], None, 5),
            ("prefecture `report`", ["report", str(pref), "-o", str(out)], out, 3),
        ]
        print(f"| command | {other.name} (s) | this (s) | this / {other.name} | pairs |")
        print("|---|---:|---:|---:|---:|")
        for name, args, target, pairs in cases:
            theirs, ours = [], []
            for k in range(options.repeat or pairs):
                order = [(other, theirs), (ROOT, ours)]
                for tree, times in (order if k % 2 == 0 else order[::-1]):
                    times.append(timed(tree, args, target))
            ratio = statistics.median(b / a for a, b in zip(theirs, ours))
            print(f"| {name} | {statistics.median(theirs):.2f} | {statistics.median(ours):.2f} | {ratio:.2f} "
                  f"| {len(ours)} |", flush=True)


if __name__ == "__main__":
    main()
