"""How long a large map takes to show its first frame in headless Chromium.

    python bench/map_frame.py [--agencies 3000] [--round 11] [--repeat 3]

Generates a seeded prefecture-size folder (bench/generate.py), writes one
round's map in both views, opens each in Debian's Chromium with every request
outside the page blocked, and reads the time from navigation start to the
map's first drawn frame (``window.hikinetFirstFrame``, set on vis-network's
first ``afterDrawing``). The floor is the same measurement for a map of one
agency: the cost of parsing the page and vis-network itself. Prints a table
and one JSON line; the target is an absolute 3 s for 3,000 agencies.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from hikinet_graph import load_network  # noqa: E402
from hikinet_graph.render.layout import layout_positions  # noqa: E402
from hikinet_graph.render.maps import map_page  # noqa: E402
from hikinet_graph.render.page import render_page  # noqa: E402

TARGET_SECONDS = 3.0


def first_frame_ms(browser, path: Path) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.hikinetFirstFrame !== undefined", timeout=120_000)
    value = float(page.evaluate("window.hikinetFirstFrame"))
    page.close()
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=3000)
    parser.add_argument("--round", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = generate(work / "pref", agencies=args.agencies, referrals=args.agencies * 100,
                          attendance=args.agencies * 2)
        tiny = generate(work / "tiny", agencies=2, areas=1, referrals=1, meetings=12, attendance=24)
        network = load_network(folder)
        started = time.perf_counter()
        positions = layout_positions(network)
        pages = {}
        for view in ("network", "ages"):
            page = map_page(network, args.round, view, positions=positions)
            pages[view] = work / f"{view}.html"
            pages[view].write_text(render_page(page), encoding="utf-8")
        build_seconds = time.perf_counter() - started
        floor_page = work / "floor.html"
        floor_page.write_text(render_page(map_page(load_network(tiny), args.round)), encoding="utf-8")
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            floor = statistics.median(first_frame_ms(browser, floor_page) for _ in range(args.repeat))
            for view, path in pages.items():
                ms = statistics.median(first_frame_ms(browser, path) for _ in range(args.repeat))
                results[view] = {"first_frame_s": round(ms / 1000, 3), "ratio_to_floor": round(ms / floor, 2),
                                 "size_mb": round(path.stat().st_size / 1e6, 2),
                                 "within_target": ms / 1000 <= TARGET_SECONDS}
            browser.close()
    print(f"map first frame, {args.agencies} agencies, round {args.round} "
          f"(floor: one-agency map {floor / 1000:.3f} s; pages built in {build_seconds:.1f} s)")
    print(f"{'view':<10}{'first frame (s)':>16}{'x floor':>9}{'MB':>7}  target <= {TARGET_SECONDS:.0f} s")
    for view, r in results.items():
        print(f"{view:<10}{r['first_frame_s']:>16.3f}{r['ratio_to_floor']:>9.2f}{r['size_mb']:>7.2f}  "
              f"{'ok' if r['within_target'] else 'MISSED'}")
    print(json.dumps({"benchmark": "map_first_frame", "agencies": args.agencies, "floor_s": round(floor / 1000, 3),
                      "build_s": round(build_seconds, 2), "views": results}))
    if not all(r["within_target"] for r in results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
