"""Issue 16: work on a second process (core/background.py) gives the same results as in this process.

``hikinet analyze`` of a folder above SECOND_PROCESS_AGENCIES computes two layers' betweenness
on a forked process; its JSON must be byte for byte the JSON computed in one process. The
child must never print what the parent had buffered, and a child that fails is done again here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from hikinet_graph.core import background
from hikinet_graph.core.background import SECOND_PROCESS_AGENCIES, Background, Workers, second_core_free

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402  (the seeded generator of realistic folders)

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is not available here")


def _hikinet(*args: str) -> subprocess.CompletedProcess:
    """``hikinet ARGS`` as its own single-threaded process (the test runner may run other threads)."""
    done = subprocess.run([sys.executable, "-m", "hikinet_graph", *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


@needs_fork
def test_analyze_on_two_processes_writes_the_json_of_one(tmp_path, monkeypatch):
    from hikinet_graph.core.analysis import analyze
    from hikinet_graph.core.snapshot import take_snapshot
    from hikinet_graph.read.load import load_network
    from hikinet_graph.write.tables import analysis_json

    folder = generate(tmp_path / "big", agencies=SECOND_PROCESS_AGENCIES + 60, areas=6, referrals=5000,
                      meetings=10, rounds=2, attendance=700, seed=7)
    forked = _hikinet("analyze", str(folder), "--format", "json").stdout
    started = []
    monkeypatch.setattr(background.Background, "_start", lambda self: started.append(1))  # no fork in-process
    network = load_network(str(folder))
    here = analysis_json(analyze(take_snapshot(network, None), second_process=False))
    assert started == []
    assert forked == here + "\n"
    # where the policy allows, analyze does ask for the second process (here it computes on asking)
    from hikinet_graph.core import analysis
    monkeypatch.setattr(analysis, "second_core_free", lambda agencies: True)
    assert analysis_json(analyze(take_snapshot(network, None), second_process=True)) == here
    assert started == [1]


@needs_fork
def test_the_child_computes_and_hands_back_its_result():
    parent = os.getpid()
    result = Background(lambda: ("child" if os.getpid() != parent else "here", [1.5, 2.25])).result()
    assert result == ("child", [1.5, 2.25])


@needs_fork
def test_a_child_that_fails_is_done_again_here():
    parent = os.getpid()

    def only_here():
        if os.getpid() != parent:
            raise MemoryError("the child ran out")
        return "done here"

    assert Background(only_here).result() == "done here"


@needs_fork
def test_the_child_never_prints_the_parents_buffered_output():
    script = textwrap.dedent("""
        import sys
        from hikinet_graph.core.background import Background
        sys.stdout.write("written once")  # buffered: stdout is a pipe
        print(Background(lambda: 41 + 1).result())
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "written once42\n"


def test_no_fork_computes_here_when_asked():
    calls = []
    pending = Background(lambda x: calls.append(x) or x * 2, 21, fork=False)
    assert calls == []
    assert pending.result() == 42 and calls == [21]


def test_the_policy_keeps_small_folders_and_threaded_hosts_on_one_process(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert not second_core_free(SECOND_PROCESS_AGENCIES)
    if "fork" in __import__("multiprocessing").get_all_start_methods():
        assert second_core_free(SECOND_PROCESS_AGENCIES + 1) == (threading.active_count() == 1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not second_core_free(SECOND_PROCESS_AGENCIES + 1)  # a second thread: never fork
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert not second_core_free(SECOND_PROCESS_AGENCIES + 1)  # one core


def test_only_the_command_line_process_pauses_the_cycle_collector():
    script = textwrap.dedent("""
        import gc, sys
        import hikinet_graph.write.report, hikinet_graph.core.analysis  # the library alone: collector on
        library = gc.isenabled()
        from hikinet_graph import cli
        def report_and_end(code):  # the command's last step, where the process ends
            print(library, gc.isenabled(), code)
            sys.exit(0)
        cli.end_command_process = report_and_end
        sys.argv = ["hikinet", "--version"]
        cli.main()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-3:] == ["True", "False", "0"]


@pytest.mark.parametrize("args, code", [(["analyze", "data/city_b", "--format", "json"], 0),
                                        (["analyze", "no-such-folder"], 1),
                                        (["analyze", "data/city_b", "--no-such-option"], 2)])
def test_the_command_line_ends_at_once_with_its_code_and_all_its_output(args, code):
    """main() ends the process with os._exit after flushing: the exit code and every byte must survive."""
    done = subprocess.run([sys.executable, "-m", "hikinet_graph", *args], capture_output=True, cwd=ROOT)
    assert done.returncode == code, done.stderr.decode()
    if code == 0:
        assert json.loads(done.stdout)["agencies"] > 0  # the whole JSON, flushed
    else:
        assert done.stderr.strip() and not done.stdout  # the message, in the user's words, on stderr
        assert b"Traceback" not in done.stderr


def test_a_text_exit_code_is_said_and_ends_with_1():
    script = "from hikinet_graph.core.background import end_command_process\nend_command_process('stopped')"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert (done.returncode, done.stderr.strip()) == (1, "stopped")


@needs_fork
def test_leaving_the_block_early_stops_the_child_before_it_writes(tmp_path):
    late = tmp_path / "late.txt"

    def slow_writer():
        import time
        time.sleep(1.0)
        late.write_text("written after the caller cleaned up")
        return True

    with pytest.raises(KeyboardInterrupt):
        with Background(slow_writer) as pending:
            assert pending._pid is not None  # a child is running
            raise KeyboardInterrupt  # the parent is interrupted before it asks for the result
    import time
    time.sleep(1.5)  # longer than the child would have slept
    assert not late.exists()


@needs_fork
def test_a_block_that_asked_for_the_result_leaves_nothing_to_stop():
    with Background(lambda: 6 * 7) as pending:
        assert pending.result() == 42
    assert pending._pid is None


# --------------------------------------------------------------------------- Workers: the report's states on two processes

@needs_fork
def test_workers_hand_back_every_task_whatever_order_it_is_asked_in():
    parent = os.getpid()
    tasks = [5, 1, 4, 3, 2]
    with Workers(lambda k: (k * k, os.getpid() != parent, "x" * (200_000 * k)), tasks, 2) as workers:
        values = {k: workers.result(k) for k in (2, 5, 1, 3, 4)}
    assert {k: v[0] for k, v in values.items()} == {k: k * k for k in tasks}
    assert all(v[1] for v in values.values())  # each one was done by a worker, none here
    assert all(len(v[2]) == 200_000 * k for k, v in values.items())  # values larger than a pipe holds


@needs_fork
def test_a_task_that_fails_in_a_worker_is_done_again_here_and_the_others_still_come_back():
    parent = os.getpid()

    def task(k):
        if os.getpid() != parent and k == 2:
            raise MemoryError("the worker ran out")
        if os.getpid() != parent and k == 3:
            os._exit(9)  # the worker is killed mid-task: it never says task 3 is done, nor takes another
        return (k, os.getpid() == parent)

    with Workers(task, [1, 2, 3, 4, 5, 6], 2) as workers:
        values = {k: workers.result(k) for k in range(1, 7)}
    assert {k: v[0] for k, v in values.items()} == {k: k for k in range(1, 7)}
    assert values[2][1] and values[3][1]  # both done here
    assert not values[1][1]  # the first task was done by a worker


@needs_fork
def test_workers_leave_no_process_behind_when_the_block_is_left_early(tmp_path):
    late = tmp_path / "late.txt"

    def slow(k):
        import time
        time.sleep(1.0)
        late.write_text(f"task {k} written after the caller cleaned up")
        return k

    with pytest.raises(KeyboardInterrupt):
        with Workers(slow, [1, 2, 3], 2) as workers:
            pids = list(workers._pids)
            assert len(pids) == 2
            raise KeyboardInterrupt
    for pid in pids:  # reaped: no such process any more
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
    import time
    time.sleep(1.5)
    assert not late.exists()


def test_workers_with_no_process_compute_here(monkeypatch):
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("no fork with processes=0"), raising=False)
    calls = []
    with Workers(lambda k: calls.append(k) or -k, [1, 2, 3], 0) as workers:
        assert calls == []
        assert [workers.result(k) for k in (3, 1, 2)] == [-3, -1, -2]
    assert calls == [3, 1, 2]


@needs_fork
def test_workers_without_memfd_keep_their_results_in_an_unlinked_file(monkeypatch):
    """macOS has no memfd: the results go to a temporary file that has no name from the start."""
    monkeypatch.delattr(os, "memfd_create", raising=False)
    parent = os.getpid()
    with Workers(lambda k: (k, os.getpid() != parent, "y" * 100_000), [1, 2, 3, 4], 2) as workers:
        values = [workers.result(k) for k in (1, 2, 3, 4)]
    assert [(v[0], v[1], len(v[2])) for v in values] == [(k, True, 100_000) for k in (1, 2, 3, 4)]


@needs_fork
def test_a_failed_task_is_done_here_without_waiting_for_the_other_tasks():
    import time
    parent = os.getpid()

    def task(k):
        if os.getpid() != parent and k == 1:
            raise ValueError("fails in the worker")
        if os.getpid() != parent:
            time.sleep(1.5)
        return k

    with Workers(task, [1, 2, 3], 2) as workers:
        start = time.monotonic()
        assert workers.result(1) == 1
        assert time.monotonic() - start < 1.0  # not after the other tasks' 1.5 s each


@needs_fork
def test_ctrl_c_ends_a_worker_at_once_and_its_task_is_done_here(tmp_path):
    """A worker that gets SIGINT (Ctrl-C reaches the whole process group) ends at once: it never takes another
    task while its parent cleans up. The parent, if it goes on, does the task itself."""
    import signal
    import time
    parent, interrupted = os.getpid(), tmp_path / "interrupted"

    def task(k):
        if os.getpid() != parent and k == 1:
            time.sleep(0.4)  # the other worker takes task 2, then would take the next ones
        if os.getpid() != parent and k == 2:
            interrupted.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        return (k, os.getpid())

    with Workers(task, [1, 2, 3, 4, 5, 6], 2) as workers:
        values = {k: workers.result(k) for k in range(1, 7)}
    assert values[2] == (2, parent)  # done here
    gone = int(interrupted.read_text())
    assert all(values[k][1] != gone for k in range(3, 7))  # the interrupted worker took no other task
    assert [values[k][0] for k in range(1, 7)] == list(range(1, 7))


@needs_fork
def test_a_fork_refused_half_way_leaves_no_worker_and_no_descriptor(monkeypatch):
    import time
    real_fork, forks = os.fork, []

    def second_fails():
        if forks:
            raise BlockingIOError("fork refused")
        forks.append(real_fork())
        return forks[-1]

    before = set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else set()
    monkeypatch.setattr(os, "fork", second_fails)
    with pytest.raises(BlockingIOError):
        Workers(lambda k: time.sleep(0.5) or k, [1, 2, 3, 4, 5], 2)
    assert forks and forks[0] > 0
    with pytest.raises(ChildProcessError):  # the worker that was forked is stopped and reaped
        os.waitpid(forks[0], os.WNOHANG)
    if before:
        assert set(os.listdir("/proc/self/fd")) == before


@needs_fork
def test_a_report_that_fails_while_cutting_its_states_stops_the_layout_process(tmp_path, monkeypatch):
    from hikinet_graph.read.load import load_network
    from hikinet_graph.write import report

    network = load_network(str(ROOT / "data" / "city_b"))
    monkeypatch.setattr(report, "second_core_free", lambda agencies: True)  # the layout on a second process

    def fails(network):
        raise RuntimeError("cutting the states failed")

    monkeypatch.setattr(report, "_states", fails)
    started, start = [], Background._start

    def recorded(self):
        start(self)
        started.append(self._pid)

    monkeypatch.setattr(Background, "_start", recorded)
    with pytest.raises(RuntimeError):
        report.build_report(network, tmp_path / "out")
    assert len(started) == 1
    with pytest.raises(ChildProcessError):  # the layout's process is not left running or unreaped
        os.waitpid(started[0], os.WNOHANG)
    assert not (tmp_path / "out").exists()
