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
its result back whole (pickled); a child that fails is done again here. :class:`Background`
runs one function on one child; :class:`Workers` shares numbered tasks (a report's states)
between worker processes that take them one after another.

The same module holds the policy of a process that runs one command and exits (the console
script and the launcher, never the library): :func:`one_command_process` pauses the cyclic
garbage collector, and :func:`end_command_process` ends the process without tearing its heap down.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import struct
import sys
import threading
from collections.abc import Callable

__all__ = ["SECOND_PROCESS_AGENCIES", "Background", "Workers", "second_core_free", "one_command_process",
           "end_command_process"]

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


_TASK = struct.Struct("<i")  # a task's number, as the task pipe holds it
_DONE = struct.Struct("<iiqq")  # a task done: its number, the worker, where its value starts in its file, its length


def _anonymous_file() -> int:
    """A file with no name, for one worker's results: memory on Linux (``memfd``), else an unlinked temporary file."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("hikinet-results", os.MFD_CLOEXEC)
    import tempfile  # here: only where there is no memfd (macOS)

    with tempfile.TemporaryFile() as unlinked:  # already without a name; the copy of its descriptor stays open
        return os.dup(unlinked.fileno())


@contextlib.contextmanager
def _interrupts_held():
    """Ctrl-C and SIGTERM held back (not lost) while workers are forked or stopped, so that neither is left
    half done: a worker forked but not yet in its own code, or some workers stopped and others not."""
    import signal  # here: only a report with workers needs it

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield signal
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class Workers:
    """``function(k)`` for each task ``k``, shared by forked worker processes; :meth:`result` hands each value.

    The workers take the tasks in the order given, each the next one free (from a pipe they
    all read: the parent never has to hand them out), and write each value, pickled, into a
    file of their own that has no name (memory, where the system has it), so a worker never
    waits for this process to read. A small message on a shared pipe says which task is
    done and where its value is. A task whose worker failed (raised, was killed) is done
    again here, when its value is asked for. With ``processes=0`` nothing is started and
    :meth:`result` computes here. A context manager: leaving the block stops the workers.
    """

    def __init__(self, function: Callable[[int], object], tasks: list[int], processes: int) -> None:
        self._function = function
        # the tasks' values read so far, each as a one-item tuple; an empty one: its worker failed, done here
        self._values: dict[int, tuple] = {}
        self._pids: list[int] = []
        self._done: int | None = None
        self._files: list[int] = []
        if processes and tasks and len(tasks) * _TASK.size <= select.PIPE_BUF:  # else (over 1,000 tasks): here
            try:
                self._start(tasks, processes)
            except BaseException:  # a fork or a file refused half-way: stop what was started
                self.__exit__()
                raise

    def _start(self, tasks: list[int], processes: int) -> None:
        """Write every task into the task pipe, then fork the workers."""
        task_read, task_write = os.pipe()
        done_write = None
        try:
            os.write(task_write, b"".join(_TASK.pack(k) for k in tasks))  # within PIPE_BUF: written whole, at once
            os.close(task_write)
            task_write = None  # closed: a worker that finds the pipe empty has no task left
            self._done, done_write = os.pipe()
            for _ in range(processes):
                self._files.append(_anonymous_file())
            with _interrupts_held() as signal:
                for worker in range(processes):
                    pid = os.fork()
                    if pid == 0:  # a worker: never returns into the caller's code, never flushes the parent's buffers
                        try:
                            # Ctrl-C or SIGTERM ends a worker at once; the parent stops the others, or does the task
                            signal.signal(signal.SIGINT, signal.SIG_DFL)
                            signal.signal(signal.SIGTERM, signal.SIG_DFL)
                            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
                            os.close(self._done)
                            self._work(task_read, done_write, worker)
                        finally:
                            os._exit(0)
                    self._pids.append(pid)
        finally:
            for fd in (task_read, task_write, done_write):
                if fd is not None:
                    os.close(fd)

    def _work(self, tasks: int, done: int, worker: int) -> None:
        """In a worker: take the next free task until there is none; write each value and say where it is."""
        results, offset = self._files[worker], 0
        while len(message := os.read(tasks, _TASK.size)) == _TASK.size:  # reads of a few bytes are whole
            (k,) = _TASK.unpack(message)
            try:
                data = pickle.dumps(self._function(k), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # the parent does it again, and says what went wrong in its own words
                os.write(done, _DONE.pack(k, worker, 0, -1))
                continue
            view = memoryview(data)
            while view:
                view = view[os.pwrite(results, view, offset + len(data) - len(view)):]
            os.write(done, _DONE.pack(k, worker, offset, len(data)))  # a few bytes: written whole
            offset += len(data)

    def result(self, k: int):
        """Task ``k``'s value: a worker's when it did it, else computed here.

        While waiting for it, the values of the tasks that arrive first are read as they come.
        """
        while k not in self._values and self._done is not None:
            message = os.read(self._done, _DONE.size)
            if len(message) < _DONE.size:  # every worker has ended: what is left is done here
                os.close(self._done)
                self._done = None
                break
            task, worker, offset, length = _DONE.unpack(message)
            self._values[task] = self._read(self._files[worker], offset, length) if length >= 0 else ()
        got = self._values.pop(k, ())
        return got[0] if got else self._function(k)

    @staticmethod
    def _read(results: int, offset: int, length: int) -> tuple:
        """A value a worker wrote, as a one-item tuple; an empty tuple when it cannot be read whole."""
        data = bytearray()
        while len(data) < length:
            chunk = os.pread(results, length - len(data), offset + len(data))
            if not chunk:  # cannot happen to a file only this run wrote; were it cut short, the work is done here
                return ()
            data += chunk
        return (pickle.loads(data),)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        """Stop the workers (those still working, when the block is left early) and free their files."""
        if self._pids:
            with _interrupts_held() as signal:  # every worker stopped first, then every one waited for
                for pid in self._pids:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                for pid in self._pids:
                    os.waitpid(pid, 0)
            self._pids = []
        for fd in self._files + ([self._done] if self._done is not None else []):
            os.close(fd)
        self._files, self._done = [], None
