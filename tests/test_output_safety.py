"""Issue 10, output ownership: hikinet replaces or removes only what it wrote, and a failed report changes nothing.

Faults are injected without permission bits (the tests run as root, who ignores them): a folder
standing where a file goes, a fault raised from the one move function, real signals sent to a
real ``hikinet`` process at each step of the move, and a process killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hikinet_graph.write import files, folder, lock
from hikinet_graph.errors import OutputError
from hikinet_graph.read.load import load_network
from hikinet_graph.write.report import build_report

from conftest import run, tree

EXAMPLE = Path(__file__).resolve().parent.parent / "data" / "city_b"


@pytest.fixture
def workspace(tmp_path):
    """A shared drive as coordinators use it: their data, their notes, and a report beside them."""
    data = tmp_path / "data"
    (data / "city").mkdir(parents=True)
    for source in EXAMPLE.iterdir():
        (data / "city" / source.name).write_bytes(source.read_bytes())
    (tmp_path / "victim.txt").write_text("my notes", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    report = tmp_path / "reports" / "city"
    result = run("report", data / "city", "-o", report)
    assert result.exit_code == 0, result.output
    return tmp_path, data / "city", report


def other_round_data(folder: Path) -> None:
    """Change the data so that a second report differs from the first in every file."""
    with open(folder / "referrals.csv", "a", encoding="utf-8") as handle:
        handle.write("edu_dept,katsudo,2025-01-10,7,\n")


def manifest(report: Path) -> dict:
    return json.loads((report / folder.MANIFEST).read_text(encoding="utf-8"))


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------- 1. the manifest owns only safe paths

@pytest.mark.parametrize("entry", ["../../victim.txt", "ABSOLUTE", "../../data/city/agencies.csv",
                                   "maps/../../../victim.txt", "..", "./index.html/..", "C:/victim.txt",
                                   "..\\..\\victim.txt"])
def test_report_tampered_manifest_deletes_nothing_outside(workspace, entry):
    root, data, report = workspace
    if entry == "ABSOLUTE":
        entry = str(root / "victim.txt")
    state = manifest(report)
    state["files"][entry] = None
    (report / folder.MANIFEST).write_text(json.dumps(state), encoding="utf-8")
    outside = tree(root, skip=report)
    result = run("report", data, "-o", report)
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "ignored" in result.output
    assert tree(root, skip=report) == outside
    assert (root / "victim.txt").read_text(encoding="utf-8") == "my notes"


def test_report_old_manifest_without_hashes_owns_its_safe_paths(workspace):
    root, data, report = workspace
    files = sorted(manifest(report)["files"])
    (report / "stale-from-old-version.html").write_text("old", encoding="utf-8")
    old_format = {"files": files + ["stale-from-old-version.html", "../victim.txt"]}
    (report / folder.MANIFEST).write_text(json.dumps(old_format), encoding="utf-8")
    (report / "index.html").write_text("edited, but an old manifest has no hash to tell", encoding="utf-8")
    result = run("report", data, "-o", report)
    assert result.exit_code == 0, result.output
    assert not (report / "stale-from-old-version.html").exists()  # owned, no longer written: removed
    assert (root / "victim.txt").exists()
    assert "<html" in (report / "index.html").read_text(encoding="utf-8")
    assert isinstance(manifest(report)["files"], dict)  # rewritten with hashes


def test_report_manifest_entry_through_a_symlink_is_ignored(workspace):
    root, data, report = workspace
    (report / "escape").symlink_to(root / "data")
    state = manifest(report)
    state["files"]["escape/city/agencies.csv"] = None
    (report / folder.MANIFEST).write_text(json.dumps(state), encoding="utf-8")
    before = tree(data)
    result = run("report", data, "-o", report)
    assert result.exit_code == 0, result.output
    assert tree(data) == before
    assert (report / "escape").is_symlink()  # not hikinet's: left alone


def test_report_edited_file_stops_the_run_and_force_replaces_it(workspace):
    root, data, report = workspace
    (report / "metrics.csv").write_text("my own edits", encoding="utf-8")
    before = tree(report)
    result = run("report", data, "-o", report)
    assert result.exit_code == 1
    assert "metrics.csv" in result.output and "--force" in result.output
    assert tree(report) == before
    result = run("report", data, "-o", report, "--force")
    assert result.exit_code == 0, result.output
    assert (report / "metrics.csv").read_text(encoding="utf-8-sig").startswith("round,")


def test_report_file_it_did_not_write_is_never_replaced(workspace):
    root, data, report = workspace
    state = manifest(report)
    del state["files"]["agencies-by-round.csv"]
    (report / folder.MANIFEST).write_text(json.dumps(state), encoding="utf-8")
    (report / "agencies-by-round.csv").write_text("a coordinator's own table", encoding="utf-8")
    (report / "my-notes.txt").write_text("kept", encoding="utf-8")
    before = tree(report)
    result = run("report", data, "-o", report)
    assert result.exit_code == 1
    assert "agencies-by-round.csv" in result.output
    assert tree(report) == before
    # files beside the report that hikinet never wrote survive a successful run too
    (report / "agencies-by-round.csv").unlink()
    assert run("report", data, "-o", report).exit_code == 0
    assert (report / "my-notes.txt").read_text(encoding="utf-8") == "kept"


# ---------------------------------------------------------------- 2. single files are never replaced silently

@pytest.mark.parametrize("command", [
    lambda data, out: ["map", data, "-o", out],
    lambda data, out: ["compare", f"{data}@0", f"{data}@1", "-o", out],
    lambda data, out: ["export", data, "-o", out],
])
def test_single_file_output_needs_force(workspace, command):
    root, data, report = workspace
    target = root / "notes.txt"
    if command(data, target)[0] == "export":
        target = root / "notes.xlsx"
    target.write_text("my notes", encoding="utf-8")
    result = run(*command(data, target))
    assert result.exit_code == 1
    assert "--force" in result.output
    assert target.read_text(encoding="utf-8") == "my notes"
    assert leftovers(root) == []
    result = run(*command(data, target), "--force")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != b"my notes"


def test_map_does_not_replace_a_file_that_appears_while_it_works(tmp_path, monkeypatch):
    target = tmp_path / "m.html"

    def write(temp):
        Path(temp).write_text("new", encoding="utf-8")
        target.write_text("appeared meanwhile", encoding="utf-8")

    with pytest.raises(OutputError, match="--force"):
        files.write_atomically(target, write)
    assert target.read_text(encoding="utf-8") == "appeared meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.html"]


# ---------------------------------------------------------------- 3. modes as the user's umask gives

def test_outputs_get_the_modes_of_the_users_umask(workspace):
    root, data, report = workspace
    old = os.umask(0o022)
    try:
        out = root / "out"
        assert run("map", data, "-o", out / "m.html").exit_code == 0
        assert run("compare", f"{data}@0", f"{data}@1", "-o", out / "d.html").exit_code == 0
        assert run("export", data, "-o", out / "x.xlsx").exit_code == 0
        assert run("report", data, "-o", out / "report").exit_code == 0
        assert run("init", out / "template").exit_code == 0
    finally:
        os.umask(old)
    for path in [out / "m.html", out / "d.html", out / "x.xlsx", out / "report" / "index.html",
                 out / "report" / "maps" / "round-1-network.html", out / "template" / "agencies.csv"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    for path in [out / "report", out / "report" / "maps"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o755, path


# ---------------------------------------------------------------- 4. a failed report changes nothing

def test_report_blocked_by_a_folder_changes_nothing(workspace):
    root, data, report = workspace
    other_round_data(data)
    (report / "summary.json").unlink()
    (report / "summary.json").mkdir()  # a folder standing where a report file goes
    before = tree(root)
    result = run("report", data, "-o", report)
    assert result.exit_code == 1
    assert "summary.json" in result.output
    assert tree(root) == before


def _moves(workspace, monkeypatch) -> int:
    """How many moves a second report makes (it is the number of steps a fault can hit)."""
    root, data, report = workspace
    count = 0
    real = folder._move

    def counting(source, destination):
        nonlocal count
        count += 1
        real(source, destination)

    monkeypatch.setattr(folder, "_move", counting)
    scratch = root / "scratch"
    assert run("report", data, "-o", scratch).exit_code == 0
    assert run("report", data, "-o", scratch, "--force").exit_code == 0
    monkeypatch.setattr(folder, "_move", real)
    return count - 1  # the first report is one move of the whole folder


@pytest.mark.parametrize("fault", [OSError(5, "Input/output error"), KeyboardInterrupt()])
def test_report_fault_at_every_move_leaves_the_earlier_report_exactly(workspace, monkeypatch, fault):
    root, data, report = workspace
    other_round_data(data)
    steps = _moves(workspace, monkeypatch)
    assert steps > 20
    network = load_network(data)
    before = tree(root, skip=root / "scratch")
    real = folder._move
    for step in range(1, steps + 1):
        seen = 0

        def failing(source, destination):
            nonlocal seen
            seen += 1
            if seen == step:
                raise fault
            real(source, destination)

        monkeypatch.setattr(folder, "_move", failing)
        with pytest.raises((OutputError, KeyboardInterrupt)):
            build_report(network, report)
        assert tree(root, skip=root / "scratch") == before, f"fault at move {step}"
    monkeypatch.setattr(folder, "_move", real)
    build_report(network, report)
    assert leftovers(report.parent) == []


def test_report_fault_while_staging_leaves_no_temporary_folder(workspace, monkeypatch):
    root, data, report = workspace
    other_round_data(data)
    before = tree(root)
    network = load_network(data)
    import hikinet_graph.write.report as report_module

    def broken(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report_module, "index_html", broken)
    with pytest.raises(KeyboardInterrupt):
        build_report(network, report)
    assert tree(root) == before


# ---------------------------------------------------------------- 5. real signals and SIGKILL

DRIVER = textwrap.dedent("""
    import os, signal, sys
    from hikinet_graph.write import files, folder, lock
    from hikinet_graph.cli import main

    when, step, how = sys.argv[1], int(sys.argv[2]), getattr(signal, sys.argv[3])
    seen = 0
    if when == "move":
        real = folder._move
        def move(source, destination):
            global seen
            seen += 1
            if seen == step:
                os.kill(os.getpid(), how)
            real(source, destination)
        folder._move = move
    else:  # while the report is staged: every page and file is written with Path.write_text
        import pathlib
        real = pathlib.Path.write_text
        def write_text(self, *args, **kwargs):
            global seen
            seen += 1
            if seen == step:
                os.kill(os.getpid(), how)
            return real(self, *args, **kwargs)
        pathlib.Path.write_text = write_text
    sys.argv = ["hikinet"] + sys.argv[4:]
    main()
""")


def drive(root: Path, when: str, step: int, how: str, *args) -> subprocess.CompletedProcess:
    driver = root / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    return subprocess.run([sys.executable, str(driver), when, str(step), how, *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=root)


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_report_signal_at_each_move_gives_old_or_new_report(workspace, monkeypatch, how):
    root, data, report = workspace
    other_round_data(data)
    steps = _moves(workspace, monkeypatch)
    scratch = root / "scratch"
    new = tree(scratch)
    new.pop(folder.MANIFEST)
    old = tree(report)
    outcomes = set()
    for step in [1, 2, steps // 2, steps - 1, steps]:
        result = drive(root, "move", step, how, "report", data, "-o", report)
        assert "Traceback" not in result.stderr, result.stderr
        now = tree(report)
        if now == old:
            outcomes.add("old")
            assert result.returncode != 0
        else:
            now.pop(folder.MANIFEST)
            assert now == new, f"a mixed report after {how} at move {step}"
            outcomes.add("new")
            old = tree(report)  # the next step starts from this report
            other_round_data(data)
            assert run("report", data, "-o", scratch, "--force").exit_code == 0
            new = tree(scratch)
            new.pop(folder.MANIFEST)
        assert leftovers(report.parent) == [], step
    assert outcomes  # at least one case observed


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM"])
def test_report_signal_while_staging_leaves_nothing_behind(workspace, how):
    root, data, report = workspace
    other_round_data(data)
    before = tree(root)
    for step in (1, 5):
        result = drive(root, "stage", step, how, "report", data, "-o", report)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr, result.stderr
        after = tree(root)
        after.pop("driver.py")
        assert after == before, step


def test_report_killed_during_the_move_is_undone_by_the_next_run(workspace, monkeypatch):
    root, data, report = workspace
    other_round_data(data)
    steps = _moves(workspace, monkeypatch)
    old = tree(report)
    for step in (2, steps // 2, steps):
        result = drive(root, "move", step, "SIGKILL", "report", data, "-o", report)
        assert result.returncode == -signal.SIGKILL
        assert leftovers(report.parent)  # the lock and the moved-aside files stay behind
        with lock.locked(report):
            pass  # the lock of a dead process is taken over
        folder._recover(report)
        assert tree(report) == old, f"killed at move {step}: the earlier report is back"
        assert leftovers(report.parent) == []
    drive(root, "move", steps // 2, "SIGKILL", "report", data, "-o", report)
    result = run("report", data, "-o", report)
    assert result.exit_code == 0, result.output
    assert leftovers(report.parent) == []
    assert (report / "index.html").is_file()


# ---------------------------------------------------------------- 6. one report at a time

def test_report_refuses_while_another_run_holds_the_lock(workspace):
    root, data, report = workspace
    lockfile = report.parent / f".{report.name}{lock.LOCK_SUFFIX}"
    holder = {"pid": os.getpid(), "host": os.uname().nodename, "boot": lock.boot_id(), "time": 0}
    lockfile.write_text(json.dumps(holder), encoding="utf-8")
    before = tree(root)
    result = run("report", data, "-o", report)
    assert result.exit_code == 1
    assert "another hikinet run" in result.output and "別の hikinet" in result.output
    assert tree(root) == before


def test_report_takes_over_the_lock_of_a_dead_run(workspace):
    root, data, report = workspace
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lockfile = report.parent / f".{report.name}{lock.LOCK_SUFFIX}"
    lockfile.write_text(json.dumps({"pid": dead.pid, "host": os.uname().nodename, "boot": lock.boot_id(),
                                "time": 0}), encoding="utf-8")
    staging = report.parent / f".{report.name}.hikinet-new"
    staging.mkdir()
    (staging / ".hikinet-staging").touch()
    (staging / "index.html").write_text("half", encoding="utf-8")
    result = run("report", data, "-o", report)
    assert result.exit_code == 0, result.output
    assert leftovers(report.parent) == []


def test_report_two_runs_at_once(workspace):
    root, data, report = workspace
    other_round_data(data)
    command = [sys.executable, "-m", "hikinet_graph", "report", str(data), "-o", str(report)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [(p.wait(timeout=120), p.communicate()) for p in (first, second)]
    assert any(code == 0 for code, _ in results)
    for code, (out, err) in results:
        assert code in (0, 1), err
        if code == 1:
            assert "another hikinet run" in err
    assert run("report", data, "-o", root / "fresh").exit_code == 0
    fresh, now = tree(root / "fresh"), tree(report)
    assert fresh == now  # complete, and the same as a report written alone
    assert leftovers(report.parent) == []
