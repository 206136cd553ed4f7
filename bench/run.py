"""hikinet's scale benchmark: every figure a ratio against a floor measured in the same run.

    python bench/run.py                 # prefecture scale at 1/4, 1/2, full; report; map first frame
    python bench/run.py --national      # also 30,000 agencies / 2,000,000 referral rows
    python bench/run.py --quick         # 1/10 of everything (a smoke run)

The floor is a plain Python process that reads the folder's CSV files with
pandas and builds one networkx graph of all links (bench/floor.py). Each
hikinet figure is the median wall time of the real command, run as its own
process, divided by the floor's median for the same folder. Peak memory is the
child process's maximum resident set size. Folders come from the seeded
generator (bench/generate.py). Prints a table and one JSON object.

Targets (issue 6): prefecture analyze <= 2x, report <= 15x, one round's map's
first frame <= 3 s; national analyze <= 10x with peak memory < 2 GB; analyze
about linear in rows.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PREFECTURE = {"agencies": 3000, "areas": 50, "referrals": 300_000, "meetings": 240, "rounds": 12, "attendance": 6000}
NATIONAL = {"agencies": 30_000, "areas": 500, "referrals": 2_000_000, "meetings": 2400, "rounds": 12,
            "attendance": 60_000}
TARGETS = {"analyze": 2.0, "report": 15.0, "national_analyze": 10.0, "first_frame_s": 3.0, "national_peak_mb": 2048}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    wrapper = ("import resource, subprocess, sys, time\n"
               "t = time.perf_counter()\n"
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
               "w = time.perf_counter() - t\n"
               "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)\n")
    out = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True)
    wall, rss_kb, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"command failed ({code}): {' '.join(command)}")
    return float(wall), int(rss_kb) / 1024


def median_time(command: list[str], repeat: int) -> tuple[float, float]:
    runs = [timed(command) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def hikinet(*args: str) -> list[str]:
    return [sys.executable, "-m", "hikinet_graph", *args]


def floor(folder: Path, repeat: int) -> tuple[float, float]:
    return median_time([sys.executable, str(HERE / "floor.py"), str(folder)], repeat)


def scaled(base: dict, factor: float) -> dict:
    return {k: (v if k in ("rounds",) else max(2, int(v * factor))) for k, v in base.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--national", action="store_true", help="also run the national-scale figures")
    parser.add_argument("--quick", action="store_true", help="a tenth of every size (smoke run)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    shrink = 0.1 if args.quick else 1.0
    rows: list[dict] = []
    results: dict = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                                 "cpus": __import__("os").cpu_count()}, "figures": rows}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for label, factor in (("1/4", 0.25), ("1/2", 0.5), ("full", 1.0)):
            size = scaled(PREFECTURE, factor * shrink)
            folder = generate(work / f"pref-{factor}", **size, seed=1)
            base, base_mb = floor(folder, args.repeat)
            wall, peak = median_time(hikinet("analyze", str(folder), "--format", "json"), args.repeat)
            rows.append({"figure": "prefecture analyze", "size": label, "referral_rows": size["referrals"],
                         "agencies": size["agencies"], "floor_s": round(base, 3), "seconds": round(wall, 3),
                         "ratio": round(wall / base, 2), "peak_mb": round(peak), "target": TARGETS["analyze"]})
            if label == "full":
                report_wall, report_peak = median_time(
                    hikinet("report", str(folder), "-o", str(work / "report")), max(1, args.repeat - 1))
                rows.append({"figure": "prefecture report", "size": label, "referral_rows": size["referrals"],
                             "agencies": size["agencies"], "floor_s": round(base, 3),
                             "seconds": round(report_wall, 3), "ratio": round(report_wall / base, 2),
                             "peak_mb": round(report_peak), "target": TARGETS["report"]})
                frame = subprocess.run(
                    [sys.executable, str(HERE / "map_frame.py"), "--agencies", str(size["agencies"]),
                     "--repeat", "3"], capture_output=True, text=True)
                lines = [line for line in frame.stdout.splitlines() if line.startswith("{")]
                if lines:
                    measured = json.loads(lines[-1])
                    for view, figure in measured["views"].items():
                        rows.append({"figure": f"map first frame ({view})", "size": label,
                                     "referral_rows": size["referrals"], "agencies": size["agencies"],
                                     "floor_s": measured["floor_s"], "seconds": figure["first_frame_s"],
                                     "ratio": figure["ratio_to_floor"], "peak_mb": None,
                                     "target": f"<= {TARGETS['first_frame_s']} s"})
                else:
                    print(frame.stdout, frame.stderr, file=sys.stderr)
        if args.national:
            size = scaled(NATIONAL, shrink)
            folder = generate(work / "national", **size, seed=2)
            base, _ = floor(folder, 1)
            wall, peak = median_time(hikinet("analyze", str(folder), "--format", "json"), 1)
            rows.append({"figure": "national analyze", "size": "full", "referral_rows": size["referrals"],
                         "agencies": size["agencies"], "floor_s": round(base, 3), "seconds": round(wall, 3),
                         "ratio": round(wall / base, 2), "peak_mb": round(peak),
                         "target": f"{TARGETS['national_analyze']}x, < {TARGETS['national_peak_mb']} MB"})
    print(f"{'figure':<28}{'size':>6}{'agencies':>10}{'rows':>11}{'floor s':>9}{'s':>9}{'x floor':>9}"
          f"{'peak MB':>9}  target")
    for r in rows:
        print(f"{r['figure']:<28}{r['size']:>6}{r['agencies']:>10}{r['referral_rows']:>11}{r['floor_s']:>9.2f}"
              f"{r['seconds']:>9.2f}{r['ratio']:>9.2f}{(r['peak_mb'] or 0):>9}  {r['target']}")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
