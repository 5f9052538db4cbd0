"""The catalog source: where a run's catalog comes from, as a small library the CLI drives.

    source = CatalogSource(Settings.from_environment())
    models = source.load().models

It answers through the cache by the HTTP rules (`remote.py`); with nothing cached and no
server, from the snapshot bundled with aihub; with `as_of`, from the recorded history
(`past.py`). A catalog the server delivers is recorded where aihub keeps it: a version in
the history (the state folder) and the completion index. Warnings go to the `Notices` it is
given (by default stderr), each once; how it waits on the network is injected too (the CLI's
spinner), so nothing here draws.
"""

from __future__ import annotations

import time

from aihubmix_cli.base.errors import (
    AihubError,
    AuthError,
    BadResponseError,
    FetchError,
    HttpStatusError,
    OfflineMissError,
    UsageError,
)
from aihubmix_cli.base.notices import Notices
from aihubmix_cli.sources.remote import Answer, Mode, Request, fetch_cached
from aihubmix_cli.store import parsed
from aihubmix_cli.store.cache import Cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    from aihubmix_cli.base.settings import Settings
    from aihubmix_cli.catalog import Model
    from aihubmix_cli.catalog.legacy import Entry
    from aihubmix_cli.sources.remote import Waiting
    from aihubmix_cli.store.cache import CacheEntry
    from aihubmix_cli.store.parsed import ParsedCatalog

    T = TypeVar("T")

CATALOG_PATH = "/api/v1/models"
_KEY_LIST_NOTE = "the catalog bundled with aihub cannot say which models a key can call"


class LoadedCatalog:
    __slots__ = ("_body", "age", "as_of", "bundled", "models", "parsed")

    def __init__(
        self,
        models: list[Model],
        age: float,  # seconds since the server last vouched for this copy
        # The answer as the server sent it (read when asked: a warm run answers from the
        # parsed copy); empty for the bundled snapshot or a stored body found damaged.
        body: Callable[[], bytes] | bytes = b"",
        bundled: bool = False,  # the snapshot shipped with aihub stood in for the server
        parsed: ParsedCatalog | None = None,  # what the models were made from, if parsed
        as_of: str | None = None,  # a past catalog (--as-of): when, for captions
    ) -> None:
        self.models = models
        self.as_of = as_of
        self.age = age
        self._body = body
        self.bundled = bundled
        self.parsed = parsed

    @property
    def body(self) -> bytes:
        return self._body if isinstance(self._body, bytes) else self._body()

    def with_models(self, models: list[Model]) -> LoadedCatalog:
        return LoadedCatalog(models, self.age, self._body, self.bundled, self.parsed, self.as_of)


class CatalogSource:
    """The catalog, the `/v1/models` list and the server's other answers, for one run."""

    def __init__(
        self,
        settings: Settings,
        *,
        mode: str = Mode.NORMAL,
        now: Callable[[], float] = time.time,
        notices: Notices | None = None,
        waiting: Waiting | None = None,
    ) -> None:
        if mode not in (Mode.NORMAL, Mode.REFRESH, Mode.OFFLINE):
            # A library caller's typo would otherwise fetch as if nothing were asked.
            raise ValueError(
                f"mode must be Mode.NORMAL, Mode.REFRESH or Mode.OFFLINE, not {mode!r}"
            )
        self.settings = settings
        self.mode = mode
        self.now = now
        self.notices = notices if notices is not None else Notices.on_stderr()
        self.waiting = waiting
        self._cache: Cache | None = None
        self._state_dir: str | None = None
        self.used_bundled = False  # the bundled snapshot stood in for the server this run

    @property
    def cache(self) -> Cache:
        if self._cache is None:
            self._cache = Cache(self.settings.cache_dir)
        return self._cache

    @property
    def state_dir(self) -> str:
        """The state folder (the catalog's history, watchers), with any history an earlier
        release kept in the cache folder moved into it first."""
        if self._state_dir is None:
            from aihubmix_cli.store.state import migrate

            self._state_dir = self.settings.state_dir
            migrate(self.settings.cache_dir, self._state_dir)
        return self._state_dir

    def fetch(
        self,
        request: Request,
        parse: Callable[[bytes], T],
        parse_stored: Callable[[CacheEntry], T] | None = None,
    ) -> Answer[T]:
        """The server's answer through the cache, with its warnings given."""
        answer = fetch_cached(
            request,
            parse,
            settings=self.settings,
            cache=self.cache,
            mode=self.mode,
            now=self.now,
            waiting=self.waiting,
            parse_stored=parse_stored,
        )
        for message in self.cache.warnings:
            self.notices.warn(message)
        if answer.warning:
            self.notices.warn(answer.warning)
        return answer

    def load(
        self,
        params: tuple[tuple[str, str], ...] = (),
        *,
        needs_server: str | None = None,
        as_of: str | None = None,
    ) -> LoadedCatalog:
        """The catalog through the cache; with nothing cached and no server, the bundled one;
        with `as_of` (a date or a span back, as `--as-of` takes them), the recorded one.

        `needs_server` names what the caller asked for that only the server can answer
        (`--mine`); server-side `params` count too. Either refuses the bundled snapshot and
        the recorded history.
        """
        if as_of is not None:
            if needs_server is not None or params:
                asked = needs_server or "the server's own filters and orders"
                raise UsageError(
                    f"--as-of answers from the recorded history; {asked} needs the server"
                )
            from aihubmix_cli.sources.past import past_catalog

            return past_catalog(self, as_of)
        request = Request(CATALOG_PATH, params)
        try:
            rebuild = self.mode == Mode.REFRESH
            parser = parsed.parser(self.cache, request.cache_key, rebuild=rebuild)
            answer = self.fetch(request, parser, parser.stored)
        except AuthError:
            raise
        except (FetchError, OfflineMissError) as error:
            return self._bundled(error, params, needs_server)
        models = answer.value.models()
        if answer.new_content:
            # Said when the server delivers it: repeating it on every cached run (or 304)
            # would tell the user nothing new and nothing they can act on.
            for problem in answer.value.problems:
                self.notices.warn(problem)
        if answer.new_content and not params:
            # A 304 brought nothing new: the index and the history already hold this body
            # (and `changes` and `audit` record a copy the history lacks themselves).
            from aihubmix_cli.store import history
            from aihubmix_cli.store.completion import record_catalog

            record_catalog(self.settings.cache_dir, models)
            if not history.record(self.state_dir, answer.body, self.now()):
                self._say_if_unwritable()
        if answer.from_server:
            from aihubmix_cli.store import bundled

            bundled.forget_use(self.settings.cache_dir)
        return LoadedCatalog(models, answer.age, answer.body_source, parsed=answer.value)

    def _say_if_unwritable(self) -> None:
        """Warn when the state folder cannot be written (a file stands where it should be):
        the history would silently stop growing, and `changes` and `--as-of` with it."""
        from aihubmix_cli.store.state import unwritable, unwritable_warning

        problem = unwritable(self.state_dir)
        if problem is not None:
            self.notices.warn(unwritable_warning(self.state_dir, problem))

    def _bundled(
        self,
        error: AihubError,
        params: tuple[tuple[str, str], ...],
        needs_server: str | None,
    ) -> LoadedCatalog:
        """The snapshot shipped with aihub, standing in for a server that cannot answer.

        Never stored, recorded in the history or the completion index: the next answer from
        the server is the first thing kept.
        """
        from aihubmix_cli.store import bundled

        reason = _why_no_server(error, self.settings.base_urls)
        if needs_server is None and params:
            needs_server = "the server's own filters and orders"
        if needs_server is not None:
            offline = isinstance(error, OfflineMissError)
            refusal = OfflineMissError if offline else FetchError
            # Offline, the error's own words hold the hint that helps: run once online.
            raise refusal(
                f"{error if offline else reason}; {needs_server} needs the server: the catalog "
                "bundled with aihub cannot answer it"
            ) from None
        if self.settings.strict:
            from aihubmix_cli.base.errors import StrictError

            raise StrictError(
                f"--strict: {reason}; the catalog bundled with aihub is not an answer the "
                "server vouches for now"
            ) from None
        try:
            snapshot = bundled.load()
        except FetchError:
            raise error from None  # an installation without it fails as before
        self.used_bundled = True
        self.notices.warn(f"{reason}; showing {snapshot.describe()}")
        bundled.note_use(self.settings.cache_dir, snapshot, self.now(), reason)
        age = max(0.0, self.now() - snapshot.taken_at)
        return LoadedCatalog(snapshot.models, age, bundled=True)

    def load_legacy_list(self) -> Answer[list[Entry]]:
        """`/v1/models`: with a key, what that key can call; without, the default group."""
        from aihubmix_cli.catalog import legacy

        key = self.settings.checked_api_key()
        answer = self._fetch_key_list(Request(legacy.LIST_PATH, api_key=key), legacy.parse_list)
        if answer.value.skipped and answer.new_content:
            noun = "entry" if answer.value.skipped == 1 else "entries"
            self.notices.warn(f"skipped {answer.value.skipped} /v1/models {noun} without an id")
        if answer.from_server:
            from aihubmix_cli.store.completion import record_legacy

            record_legacy(self.settings.cache_dir, answer.value.entries, key)
        return Answer(answer.value.entries, answer.age, answer.warning, answer.body)

    def load_legacy_model(self, model_id: str) -> dict[str, Any]:
        from aihubmix_cli.catalog import legacy

        key = self.settings.checked_api_key()
        request = Request(legacy.model_path(model_id), api_key=key)
        return self._fetch_key_list(request, legacy.parse_model).value

    def _fetch_key_list(self, request: Request, parse: Callable[[bytes], T]) -> Answer[T]:
        """`fetch` for /v1/models, whose failures say that the bundled catalog cannot help."""
        try:
            return self.fetch(request, parse)
        except HttpStatusError as error:
            if error.status < 500:
                raise  # a 404 for an unknown id is an answer, not a failure to reach
            raise FetchError(f"{error}; {_KEY_LIST_NOTE}") from None
        except AuthError:
            raise
        except FetchError as error:
            raise FetchError(f"{error}; {_KEY_LIST_NOTE}") from None
        except OfflineMissError as error:
            raise OfflineMissError(f"{error}; {_KEY_LIST_NOTE}") from None


def _why_no_server(error: AihubError, base_urls: tuple[str, ...]) -> str:
    """Why the bundled snapshot answers, for the warning that says it does."""
    from urllib.parse import urlsplit

    if isinstance(error, OfflineMissError):
        return "--offline and nothing cached yet"
    try:
        host = urlsplit(base_urls[0]).hostname
    except ValueError:  # "http://[::1": the error itself says what is wrong with it
        host = None
    if host is None:
        return f"no catalog from the server ({error})"
    if isinstance(error, (HttpStatusError, BadResponseError)):
        return f"no usable answer from {host} ({error})"
    return f"{host} unreachable ({error})"
