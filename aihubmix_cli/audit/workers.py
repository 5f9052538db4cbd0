"""Work shared out among forked worker processes, its results back in order (Linux).

`multiprocessing.Pool` would do, at a price paid on every run: its import, three threads in
the parent and a pickled message each way per task cost the parent 70 ms of processor time
on a 10,000-file scan (against 15 ms here), on cores the workers need. Here the workers
are forked (they inherit the work and its data as they are), each takes the number of the
next task from one pipe the parent filled beforehand (a core that is busy elsewhere slows
down only its own share), and sends back each task's result on a pipe of its own, in
`marshal`'s format: results are made of tuples, lists, numbers and strings.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Task numbers, each in 4 bytes, are all written before any worker starts: as many as fit
# in the smallest pipe buffer Linux gives (a page, when a user's pipes are over their limit),
# in one write no reader can see half of.
MAX_TASKS = 1024
_NUMBER = 4
_SIZE = 8  # bytes of the length before each result
# The signals that end the parent, blocked while a worker is forked and registered.
_ENDING = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
_PR_SET_PDEATHSIG = 1


def forked_map(
    work: Callable[[T], R], tasks: Sequence[T], workers: int
) -> Generator[R, None, None]:
    """`map(work, tasks)`, the tasks shared out among `workers` forked processes; `work`
    returns what marshal carries (tuples, lists, numbers, strings, None)."""
    if len(tasks) > MAX_TASKS:
        raise ValueError(f"at most {MAX_TASKS} tasks, not {len(tasks)}")
    numbers, to_numbers = os.pipe()
    try:
        os.write(to_numbers, b"".join(n.to_bytes(_NUMBER, "little") for n in range(len(tasks))))
    finally:
        os.close(to_numbers)
    children: dict[int, int] = {}  # the read end of each worker's pipe -> its process id
    finished = False
    parent = os.getpid()
    try:
        for _ in range(workers):
            results, to_results = os.pipe()
            # No signal between the fork and the worker's place in `children`: a Ctrl-C
            # there would leave a worker that the clean-up below does not know of.
            mask = signal.pthread_sigmask(signal.SIG_BLOCK, _ENDING)
            try:
                pid = os.fork()
                if pid == 0:
                    # Only its own pipe: a worker holding another's read end would keep
                    # that one writing when the parent is gone.
                    for pipe in (results, *children):
                        os.close(pipe)
                    _work(work, tasks, numbers, to_results, parent, mask)
                children[results] = pid
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            os.close(to_results)
        os.close(numbers)
        numbers = -1
        yield from _gathered(list(children), len(tasks))
        finished = True
    finally:
        if numbers >= 0:
            os.close(numbers)
        for results, pid in children.items():
            os.close(results)
            if not finished:  # interrupted, or the caller stopped reading: stop them
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _work(
    work: Callable[[T], R],
    tasks: Sequence[T],
    numbers: int,
    results: int,
    parent: int,
    mask: Iterable[int | signal.Signals],
) -> NoReturn:
    """A worker's life: tasks until none is left, then exit without running anything of
    the parent's (no atexit, no flushing of its buffered output). It ends with its parent,
    whatever ends the parent."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report
        die_with_parent(parent)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        with os.fdopen(results, "wb") as out:
            # Between tasks, a parent gone (and the kernel's signal missed) ends the work.
            while os.getppid() == parent and (number := os.read(numbers, _NUMBER)):
                task = int.from_bytes(number, "little")
                try:
                    result: Any = work(tasks[task])
                    record = marshal.dumps((task, result, None))
                except Exception as error:
                    record = marshal.dumps((task, None, _portable(error)))
                    code = 1
                out.write(len(record).to_bytes(_SIZE, "little") + record)
                out.flush()
                if code:
                    break
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed when `parent` dies, by whatever signal (Linux's
    PR_SET_PDEATHSIG); if it is gone already, exit now."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (ImportError, OSError, AttributeError):
        pass  # not Linux's C library: the worker's check between tasks remains
    if os.getppid() != parent:  # the parent died before the call above took effect
        os._exit(1)


def _portable(error: Exception) -> bytes:
    """The error, pickled, or a description of it if it does not survive pickling."""
    import pickle

    try:
        pickled = pickle.dumps(error)
        pickle.loads(pickled)
    except Exception:
        return pickle.dumps(RuntimeError(f"{type(error).__name__}: {error}"))
    return pickled


def _gathered(pipes: list[int], count: int) -> Iterator[Any]:
    """The results from the workers' pipes, in the order of their tasks."""
    import select

    poll = select.poll()
    for pipe in pipes:
        poll.register(pipe, select.POLLIN)
    received: dict[int, Any] = {}
    pending = {pipe: bytearray() for pipe in pipes}
    following = 0
    while following < count:
        if following in received:
            yield received.pop(following)
            following += 1
            continue
        if not pending:
            raise RuntimeError("a worker process ended before its work was done")
        for pipe, _ in poll.poll():
            data = os.read(pipe, 1 << 16)
            if not data:
                poll.unregister(pipe)
                del pending[pipe]
                continue
            buffer = pending[pipe]
            buffer += data
            while len(buffer) >= _SIZE:
                size = int.from_bytes(buffer[:_SIZE], "little")
                if len(buffer) < _SIZE + size:
                    break
                task, result, error = marshal.loads(buffer[_SIZE : _SIZE + size])
                del buffer[: _SIZE + size]
                if error is not None:
                    import pickle

                    raise pickle.loads(error)
                received[task] = result
