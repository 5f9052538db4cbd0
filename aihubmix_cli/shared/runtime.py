"""What every command runs on: settings, streams, the terminal, the clock, warnings, and the
catalog source it is handed (`sources/catalog.py`, which loads, falls back and records)."""

from __future__ import annotations

import sys
import time

from aihubmix_cli.base.errors import UsageError
from aihubmix_cli.base.notices import Notices
from aihubmix_cli.base.settings import Settings
from aihubmix_cli.render.terminal import Terminal, spinner
from aihubmix_cli.sources.catalog import CatalogSource
from aihubmix_cli.sources.remote import Mode

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO

    from aihubmix_cli.store.cache import Cache

    # How `main` and the fast path make the runtime of a run: `Runtime.from_environment`,
    # or a test's own.
    RuntimeFactory = Callable[[str], "Runtime"]


def mode_of(refresh: bool, offline: bool) -> str:
    """The network mode `--refresh` and `--offline` ask for."""
    if refresh and offline:
        raise UsageError("--refresh and --offline cannot be used together")
    return Mode.REFRESH if refresh else Mode.OFFLINE if offline else Mode.NORMAL


class Runtime:
    """Everything a command touches outside its own arguments, injected: tests build one with
    a fake terminal of a fixed width and plain buffers (see tests/conftest.py)."""

    def __init__(
        self,
        settings: Settings,
        *,
        out: IO[str],
        err: IO[str],
        mode: str = Mode.NORMAL,
        now: Callable[[], float] = time.time,
        terminal: Terminal | None = None,
        catalog: CatalogSource | None = None,
    ) -> None:
        self.settings = settings
        self.out = out
        self.err = err
        self.mode = mode
        self.now = now
        self.terminal = terminal if terminal is not None else Terminal(False)
        self.notices = Notices(err)
        self._catalog = catalog

    @classmethod
    def from_environment(cls, mode: str = Mode.NORMAL) -> Runtime:
        """The runtime of a real run: the process's environment and standard streams."""
        return cls(
            Settings.from_environment(),
            out=sys.stdout,
            err=sys.stderr,
            mode=mode,
            terminal=Terminal.of(sys.stdout),
        )

    @property
    def catalog(self) -> CatalogSource:
        """Where the catalog comes from: the one the runtime was handed, or one over its
        settings (as they stand when first asked: `--strict` is applied before), mode and
        clock, warning through the runtime and waiting with a spinner."""
        if self._catalog is None:
            self._catalog = CatalogSource(
                self.settings,
                mode=self.mode,
                now=self.now,
                notices=self.notices,
                waiting=spinner,
            )
        return self._catalog

    @property
    def stdout_is_terminal(self) -> bool:
        return self.terminal.is_terminal

    @property
    def cache(self) -> Cache:
        return self.catalog.cache

    @property
    def state_dir(self) -> str:
        """The state folder (the catalog's history, watchers)."""
        return self.catalog.state_dir

    def warn(self, message: str) -> None:
        """One line on stderr, once per message, made safe: it may quote the server."""
        self.notices.warn(message)

    def hint(self, message: str) -> None:
        self.notices.hint(message)
