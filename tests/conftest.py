"""Shared test harness: a real catalog server on loopback and a way to run aihub against it.

`run_aihub` calls the real entry point (`aihubmix_cli.__main__.main`, the one the console
script runs) inside typer's CliRunner isolation, so stdout, stderr, the environment and the
exit code are exactly what a user would get, minus a terminal. Tests that need a terminal or
a fresh interpreter use `run_subprocess`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any, NamedTuple

import pytest
from typer.testing import CliRunner

from aihubmix_cli.__main__ import main
from aihubmix_cli.base.settings import Settings
from aihubmix_cli.render.terminal import Terminal
from aihubmix_cli.shared.runtime import Runtime
from aihubmix_cli.store.cache import Cache
from tests.support.catalog_server import CatalogServer

REPO = Path(__file__).resolve().parent.parent

# Variables a developer's shell may carry that would change what aihub prints.
# (AIHUBMIX_STATE_DIR is not scrubbed but set, for every test: see _private_state.)
_SCRUBBED = (
    "AIHUBMIX_BASE_URL",
    "AIHUBMIX_API_KEY",
    "AIHUBMIX_CACHE_DIR",
    "AIHUBMIX_TIMEOUT",
    "NO_COLOR",
    "FORCE_COLOR",
    "COLUMNS",
    "LINES",
    "AIHUB_DEBUG",
)


# A terminal 100 columns wide, without and with colour, for in-process table tests.
TERMINAL = Terminal(is_terminal=True, width=100, color=False)
COLOUR_TERMINAL = Terminal(is_terminal=True, width=100, color=True)

# The fixture catalog holds one entry without a model_id on purpose; every run says so.
SKIP_WARNING = "aihub: warning: skipped 1 catalog entry without a model_id\n"


def age_cache(cache_dir: Path, seconds: float) -> None:
    """Make every cached answer `seconds` older, as if that much time had passed."""
    cache = Cache(cache_dir)
    for item in cache.files():
        assert item.entry is not None
        cache.store(item.entry.replace(stored_at=item.entry.stored_at - seconds))


class Outcome(NamedTuple):
    code: int
    out: str
    err: str


class Aihub:
    """aihub pointed at one loopback server and private cache and state folders."""

    def __init__(
        self, server: CatalogServer, cache_dir: Path, state_dir: Path | None = None
    ) -> None:
        self.server = server
        self.url = server.url  # kept: tests stop the server and still run aihub against it
        self.cache_dir = cache_dir
        # By default beside the cache folder, as private to the test as it is.
        self.state_dir = state_dir or cache_dir.with_name(cache_dir.name + "-state")

    def env(self, extra: Mapping[str, str | None] | None = None) -> dict[str, str | None]:
        env: dict[str, str | None] = dict.fromkeys(_SCRUBBED)
        env.update(
            AIHUBMIX_BASE_URL=self.url,
            AIHUBMIX_CACHE_DIR=str(self.cache_dir),
            AIHUBMIX_STATE_DIR=str(self.state_dir),
            AIHUBMIX_TIMEOUT="5",
        )
        env.update(extra or {})
        return env

    def __call__(
        self,
        *args: str,
        env: Mapping[str, str | None] | None = None,
        terminal: Terminal | None = None,
    ) -> Outcome:
        """aihub in-process; with `terminal`, stdout is that terminal (a fake one of a fixed
        width, through the runtime aihub injects), otherwise a pipe."""
        runner = CliRunner()
        with runner.isolation(env=self.env(env)) as (stdout, stderr, _):
            make_runtime = None
            if terminal is not None:

                def make_runtime(mode: str) -> Runtime:
                    return Runtime(
                        Settings.from_environment(),
                        out=sys.stdout,
                        err=sys.stderr,
                        mode=mode,
                        terminal=terminal,
                    )

            code = main(list(args), make_runtime)
            sys.stdout.flush()
            sys.stderr.flush()
            return Outcome(code, stdout.getvalue().decode(), stderr.getvalue().decode())

    def subprocess(
        self,
        *args: str,
        env: Mapping[str, str | None] | None = None,
        timeout: float = 60,
        **kwargs: Any,
    ) -> subprocess.CompletedProcess[str]:
        return run_subprocess(*args, env=self.env(env), timeout=timeout, **kwargs)

    def on_terminal(
        self,
        *args: str,
        stream: str = "stdout",
        columns: int | None = None,
        env: Mapping[str, str | None] | None = None,
    ) -> tuple[CompletedProcess[str], str]:
        """Run aihub with `stream` ("stdout" or "stderr") on a pseudo-terminal, `columns`
        wide if given; return the run and what the terminal received, its "\r\n" turned
        back into "\n"."""
        import fcntl
        import pty
        import struct
        import termios

        primary, replica = pty.openpty()
        if columns is not None:
            fcntl.ioctl(replica, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        chunks: list[bytes] = []

        def drain() -> None:
            # Read while aihub writes: a pty holds only a few KB, and a long table would
            # block the writer until someone reads.
            while True:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # EIO: the other side has closed
                    return
                if not chunk:
                    return
                chunks.append(chunk)

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            if stream == "stdout":
                result = self.subprocess(*args, env=env, stdout=replica)
            else:
                result = self.subprocess(*args, env=env, stderr=replica)
        finally:
            os.close(replica)
            reader.join(timeout=10)
            os.close(primary)
        seen = b"".join(chunks)
        return result, seen.decode(errors="replace").replace("\r\n", "\n")

    def catalog_requests(self) -> list[Any]:
        return self.server.requests_to("/api/v1/models")


def run_subprocess(
    *args: str, env: Mapping[str, str | None], timeout: float = 60, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    """`python -m aihubmix_cli ARGS` in a fresh interpreter with exactly this environment."""
    full = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    for key, value in env.items():
        if value is None:
            full.pop(key, None)
        else:
            full[key] = value
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "aihubmix_cli", *args],
        env=full,
        text=True,
        timeout=timeout,
        check=False,
        cwd=REPO,
        **kwargs,
    )


@pytest.fixture
def server() -> Iterator[CatalogServer]:
    with CatalogServer() as running:
        yield running


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Apart from tmp_path, whose content tests list; made when aihub first needs it.
    return tmp_path_factory.mktemp("state") / "aihub"


@pytest.fixture(autouse=True)
def _private_state(state_dir: Path) -> Iterator[None]:
    """Every aihub a test starts keeps its state in the test's own folder, never in the
    person's: run_subprocess passes the environment on, and aihub() sets it itself."""
    saved = os.environ.get("AIHUBMIX_STATE_DIR")
    os.environ["AIHUBMIX_STATE_DIR"] = str(state_dir)
    yield
    if saved is None:
        os.environ.pop("AIHUBMIX_STATE_DIR", None)
    else:
        os.environ["AIHUBMIX_STATE_DIR"] = saved


@pytest.fixture
def aihub(server: CatalogServer, cache_dir: Path, state_dir: Path) -> Aihub:
    return Aihub(server, cache_dir, state_dir)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The processes forked during the test; each must be gone (waited for) at its end:
    no zombie, no orphan."""
    started: list[int] = []
    fork = os.fork

    def recording() -> int:
        pid = fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording)
    yield started
    for pid in started:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
