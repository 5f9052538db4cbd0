"""What every command shares: settings, streams, the cache, the clock, and catalog loading."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import cached_property
from typing import IO, Any, NamedTuple, TypeVar

from aihubmix_cli.cache import Cache
from aihubmix_cli.catalog import Model, parse_envelope, parse_models
from aihubmix_cli.errors import UsageError
from aihubmix_cli.remote import Answer, Mode, Request, fetch_cached
from aihubmix_cli.render import spinner
from aihubmix_cli.settings import Settings
from aihubmix_cli.text import terminal_safe

CATALOG_PATH = "/api/v1/models"
T = TypeVar("T")


class LoadedCatalog(NamedTuple):
    models: list[Model]
    age: float  # seconds since the server last vouched for this copy
    body: bytes = b""  # the answer as the server sent it


class Runtime:
    def __init__(
        self,
        settings: Settings,
        *,
        out: IO[str],
        err: IO[str],
        mode: Mode = Mode.NORMAL,
        now: Callable[[], float] = time.time,
        stdout_is_terminal: bool = False,
    ) -> None:
        self.settings = settings
        self.out = out
        self.err = err
        self.mode = mode
        self.now = now
        self.stdout_is_terminal = stdout_is_terminal
        self._warned: set[str] = set()

    @classmethod
    def from_environment(cls, *, refresh: bool = False, offline: bool = False) -> Runtime:
        """The runtime of a real run: the process's environment and standard streams."""
        if refresh and offline:
            raise UsageError("--refresh and --offline cannot be used together")
        mode = Mode.REFRESH if refresh else Mode.OFFLINE if offline else Mode.NORMAL
        return cls(
            Settings.from_environment(),
            out=sys.stdout,
            err=sys.stderr,
            mode=mode,
            stdout_is_terminal=sys.stdout.isatty(),
        )

    @cached_property
    def cache(self) -> Cache:
        return Cache(self.settings.cache_dir)

    def warn(self, message: str) -> None:
        """One line on stderr, once per message, made safe: it may quote the server."""
        if message not in self._warned:
            self._warned.add(message)
            self.err.write(f"aihub: warning: {terminal_safe(message)}\n")

    def hint(self, message: str) -> None:
        self.err.write(f"aihub: {terminal_safe(message)}\n")

    def fetch(self, request: Request, parse: Callable[[bytes], T]) -> Answer[T]:
        """The server's answer through the cache, with its warnings shown."""
        answer = fetch_cached(
            request,
            parse,
            settings=self.settings,
            cache=self.cache,
            mode=self.mode,
            now=self.now,
            waiting=spinner,
        )
        for message in self.cache.warnings:
            self.warn(message)
        if answer.warning:
            self.warn(answer.warning)
        return answer

    def load_catalog(self, params: tuple[tuple[str, str], ...] = ()) -> LoadedCatalog:
        answer = self.fetch(Request(CATALOG_PATH, params), parse_envelope)
        models, problems = parse_models(answer.value)
        if answer.new_content:
            # Said when the server delivers it: repeating it on every cached run (or 304)
            # would tell the user nothing new and nothing they can act on.
            for problem in problems:
                self.warn(problem)
        if answer.from_server and not params:
            from aihubmix_cli import history
            from aihubmix_cli.completion import record_catalog

            record_catalog(self.settings.cache_dir, models)
            history.record(self.settings.cache_dir, answer.body, self.now())
        return LoadedCatalog(models, answer.age, answer.body)

    def load_legacy_list(self) -> Answer[list[dict[str, Any]]]:
        """`/v1/models`: with a key, what that key can call; without, the default group."""
        from aihubmix_cli import legacy

        key = self.settings.checked_api_key()
        answer = self.fetch(Request(legacy.LIST_PATH, api_key=key), legacy.parse_list)
        if answer.value.skipped and answer.new_content:
            noun = "entry" if answer.value.skipped == 1 else "entries"
            self.warn(f"skipped {answer.value.skipped} /v1/models {noun} without an id")
        if answer.from_server:
            from aihubmix_cli.completion import record_legacy

            record_legacy(self.settings.cache_dir, answer.value.entries, key)
        return Answer(answer.value.entries, answer.age, answer.warning, answer.body)

    def load_legacy_model(self, model_id: str) -> dict[str, Any]:
        from aihubmix_cli import legacy

        key = self.settings.checked_api_key()
        request = Request(legacy.model_path(model_id), api_key=key)
        return self.fetch(request, legacy.parse_model).value
