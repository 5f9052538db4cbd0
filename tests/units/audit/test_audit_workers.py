"""The forked workers that share out `aihub audit`'s big scans: every result back in order,
a worker's error raised in the parent, and no worker left behind however the scan ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from aihubmix_cli.audit import workers as audit_workers
from aihubmix_cli.audit.workers import forked_map
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")


def slow_square(number: int) -> tuple[int, int]:
    # Early tasks take longest, so results arrive out of order.
    time.sleep(0.002 * max(0, 20 - number))
    return number * number, os.getpid()


def test_results_come_back_in_order_from_the_workers(forks: list[int]) -> None:
    results = list(forked_map(slow_square, range(200), 2))
    assert [square for square, _ in results] == [n * n for n in range(200)]
    assert {pid for _, pid in results} <= set(forks)
    assert len(forks) == 2 and os.getpid() not in forks


def test_a_workers_error_is_raised_in_the_parent(forks: list[int]) -> None:
    def failing(number: int) -> int:
        if number == 7:
            raise ValueError("no 7 today")
        return number

    with pytest.raises(ValueError, match="no 7 today"):
        list(forked_map(failing, range(50), 2))


def test_an_error_that_cannot_travel_is_described(forks: list[int]) -> None:
    class Local(Exception):  # a class pickle cannot find again
        pass

    def failing(number: int) -> int:
        raise Local(f"task {number}")

    with pytest.raises(RuntimeError, match=r"Local: task \d"):
        list(forked_map(failing, range(5), 2))


def test_a_worker_that_dies_is_an_error_not_a_hang(forks: list[int]) -> None:
    def dying(number: int) -> int:
        if number == 3:
            os._exit(9)
        return number

    with pytest.raises(RuntimeError, match="ended before its work was done"):
        list(forked_map(dying, range(20), 2))


def test_stopping_early_stops_the_workers(forks: list[int]) -> None:
    def slow(number: int) -> int:
        time.sleep(0.05)
        return number

    results = forked_map(slow, range(500), 2)
    assert next(results) == 0
    results.close()  # as when the output's reader goes away


def test_too_many_tasks_are_refused() -> None:
    with pytest.raises(ValueError, match="at most 1024 tasks"):
        list(forked_map(abs, range(audit_workers.MAX_TASKS + 1), 2))


def alive(pid: int) -> bool:
    """Whether `pid` runs: a zombie (dead, not yet reaped by init) does not."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Whether `condition` holds within `seconds`: a deadline for an outcome that takes its
    time on a loaded machine (a dying process is still listed for a moment)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def start_sleeping_workers(tmp_path: Path) -> tuple[subprocess.Popen[str], list[int]]:
    """A parent whose two workers sleep a minute each; the workers' process ids once both
    have started."""
    pids = tmp_path / "pids"
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from aihubmix_cli.audit.workers import forked_map

        def slow(number):
            with open({str(pids)!r}, "a") as out:
                out.write(f"{{os.getpid()}}\\n")
            time.sleep(60)

        try:
            list(forked_map(slow, range(4), 2))
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            sys.exit(130)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal's job has
    )

    def started() -> bool:
        return pids.exists() and len(pids.read_text().split()) >= 2

    assert wait_until(started, 20), "the workers did not start"
    return process, [int(pid) for pid in pids.read_text().split()]


def test_ctrl_c_ends_the_parent_and_its_workers_quietly(tmp_path: Path) -> None:
    process, workers = start_sleeping_workers(tmp_path)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C on a terminal does
    _, err = process.communicate(timeout=20)
    assert (process.returncode, err) == (130, "interrupted\n")  # no worker's traceback
    assert wait_until(lambda: not any(map(alive, workers)), 10), "a worker outlived Ctrl-C"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are Linux's")
@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGKILL, signal.SIGHUP])
def test_a_signal_that_ends_the_parent_alone_ends_its_workers(
    tmp_path: Path, ending: signal.Signals
) -> None:
    # SIGTERM to the parent only (as `kill PID` or a CI's timeout sends it): its workers
    # were seen scanning at full speed minutes later, each holding the other's pipe.
    process, workers = start_sleeping_workers(tmp_path)
    try:
        os.kill(process.pid, ending)
        process.communicate(timeout=20)
        assert process.returncode == -ending
        # Measured by hand: gone within milliseconds; the deadline allows for a loaded machine.
        assert wait_until(lambda: not any(map(alive, workers)), 10), "a worker outlived it"
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
