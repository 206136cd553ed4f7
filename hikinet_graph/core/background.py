"""Work on the second core: a forked child process computes while this process goes on.

At prefecture scale the most expensive figure, betweenness of three layers (docs/analysis.md),
takes about 0.24 s of a 1.2 s ``analyze``, and the report's states take seconds each
(docs/performance.md). The machines coordinators use have two cores or more, and the
command line uses the second one for such work.

The policy, defined once here (:func:`second_core_free`): a second process is used only

- for a folder of more than :data:`SECOND_PROCESS_AGENCIES` agencies (below, a fork costs
  more than it saves);
- where ``fork`` exists (Linux, macOS; not Windows) and this process may use two cores;
- when this process runs a single thread: a fork copies only the forking thread, so a lock
  another thread holds (a notebook's, a test runner's) would stay locked in the child.

Everywhere else the same work is done in this process, when its result is asked for. The
results are the same either way: the child runs the same code on the same data, and hands
its result back whole (pickled) through a pipe; a child that fails is done again here.

The same module holds the policy of a process that runs one command and exits (the console
script and the launcher, never the library): :func:`one_command_process` pauses the cyclic
garbage collector, and :func:`end_command_process` ends the process without tearing its heap down.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
from collections.abc import Callable

__all__ = ["SECOND_PROCESS_AGENCIES", "Background", "second_core_free", "one_command_process", "end_command_process"]

# above this many agencies, work is shared with a second process where it can be (see the module docstring)
SECOND_PROCESS_AGENCIES = 1000


def one_command_process() -> None:
    """Pause Python's cyclic garbage collector for the rest of a process that runs one command and exits.

    Reference counting still frees every object that is not part of a cycle; the collector
    would only walk, again and again, the millions of containers a large folder's reading and
    analysis hold until the end. Measured (docs/performance.md): prefecture ``analyze`` 0.89 ->
    0.83 s, ``report`` 4.89 -> 4.64 s, national ``analyze`` 7.9 -> 7.0 s and ``report``
    56 -> 48 s, with the same peak memory (+1 % at most). Called by the console script and
    the launcher only, never by the library.
    """
    gc.disable()


def end_command_process(code: object) -> None:
    """End a process that ran one command: flush stdout and stderr, then exit at once with ``code``.

    ``code`` is what ``SystemExit`` carries (None: 0; a text: said on stderr, then 1). Tearing
    down Python's heap object by object would cost 0.09 s after a prefecture ``analyze``
    (docs/performance.md) and change nothing: every file hikinet writes is closed by then, and
    every second process has been waited for. Output that cannot be flushed (a closed pipe)
    makes a successful command's code 1.
    """
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 1
    os._exit(code)


def second_core_free(agencies: int) -> bool:
    """Whether work for a folder of ``agencies`` agencies may go to a forked process (the policy above)."""
    if agencies <= SECOND_PROCESS_AGENCIES:
        return False
    import multiprocessing  # here, not at start-up: a small folder never asks (and it imports socket)

    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores >= 2 and threading.active_count() == 1


class Background:
    """``function(*args)`` started in a forked child; :meth:`result` waits for it and returns its value.

    With ``fork=False`` nothing is started, and :meth:`result` calls the function here.
    """

    def __init__(self, function: Callable, *args, fork: bool = True) -> None:
        self._function, self._args = function, args
        self._pid: int | None = None
        self._pipe: int | None = None
        if fork:
            self._start()

    def _start(self) -> None:
        """Fork; the child computes, writes the pickled result into the pipe and exits at once."""
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code, never flushes the parent's buffers
            status = 1
            try:
                os.close(read_end)
                data = pickle.dumps(self._function(*self._args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._pid, self._pipe = pid, read_end

    def __enter__(self) -> Background:
        return self

    def __exit__(self, *exc) -> None:
        """Leaving the block with the child still running (an error, an interrupt): the child is stopped and reaped,
        so that nothing it would still write lands after its caller has cleaned up."""
        if self._pid is not None:
            import signal  # here: only a block left early needs it

            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            os.close(self._pipe)
            self._pid = None

    def result(self):
        """The function's value: the child's when it succeeded, else computed here."""
        if self._pid is None:
            return self._function(*self._args)
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None  # asked again: computed here (the callers ask once)
        if status != 0 or not data:  # the child failed (killed, out of memory): the same work, here
            return self._function(*self._args)
        return pickle.loads(data)
