"""Answers from the server through the cache: the HTTP caching rules in one place.

A fresh entry answers without a request. An older one is revalidated with If-None-Match; 304
restarts its clock, 200 replaces it. When the server cannot be reached or answers badly, any
cached copy answers instead, with a warning. Nothing unparseable is ever stored.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Generic, NamedTuple, TypeVar
from urllib.parse import urlencode

from .cache import Cache, CacheEntry, Freshness, key_fingerprint, parse_cache_control
from .errors import AuthError, BadResponseError, FetchError, OfflineMissError
from .settings import Settings
from .units import describe_age

T = TypeVar("T")

# Within stale-while-revalidate a short-lived process cannot answer first and revalidate
# later, so it revalidates first but gives the server only this long before it quietly
# answers from the stored copy, which the server said is still fine to use.
QUICK_REVALIDATION_TIMEOUT = 2.0


class Mode(enum.Enum):
    NORMAL = "normal"  # the HTTP caching rules
    REFRESH = "refresh"  # revalidate now, whatever the age
    OFFLINE = "offline"  # never touch the network


class Request(NamedTuple):
    path: str
    params: tuple[tuple[str, str], ...] = ()
    # The key decides the Authorization header and the cache entry, so an answer fetched
    # with one key is never served to another key or to a call without one.
    api_key: str | None = None

    def __repr__(self) -> str:
        # A request printed in a debug line or a traceback must not show the key.
        key = ", api_key=<set>" if self.api_key else ""
        return f"Request(path={self.path!r}, params={self.params!r}{key})"

    @property
    def cache_key(self) -> str:
        key = self.path
        if self.params:
            key += "?" + urlencode(sorted(self.params))
        if self.api_key:
            key += "#key=" + key_fingerprint(self.api_key)
        return key


class Answer(Generic[T]):
    """A parsed answer, how old it is, and the warning to show if a stored copy stood in."""

    __slots__ = ("age", "body", "from_server", "new_content", "value", "warning")

    def __init__(
        self,
        value: T,
        age: float,
        warning: str | None = None,
        body: bytes = b"",
        *,
        from_server: bool = False,
        new_content: bool = False,
    ) -> None:
        self.value = value
        self.age = age  # seconds since the server last vouched for it
        self.warning = warning
        self.body = body
        self.from_server = from_server  # the server answered this run (200 or 304)
        self.new_content = new_content  # ... with a body (200), not "unchanged" (304)


Waiting = Callable[[str], AbstractContextManager[object]]


def fetch_cached(
    request: Request,
    parse: Callable[[bytes], T],
    *,
    settings: Settings,
    cache: Cache,
    mode: Mode = Mode.NORMAL,
    now: Callable[[], float] = time.time,
    waiting: Waiting | None = None,
) -> Answer[T]:
    """The server's answer to `request`, parsed by `parse`, by the HTTP caching rules."""
    # Not keyed by host: mirrors serve one backend, and a copy must still answer when
    # AIHUBMIX_BASE_URL is broken (README, "When things go wrong").
    key = request.cache_key
    cached = _load(cache, key, parse)
    if mode is Mode.OFFLINE:
        if cached is None:
            raise OfflineMissError(
                f"nothing cached for {request.path} yet; run once without --offline to fetch it"
            )
        entry, stored = cached
        return Answer(stored, entry.age(now()), body=entry.body)
    state = cached[0].freshness(now()) if cached is not None else None
    if cached is not None and mode is Mode.NORMAL and state is Freshness.FRESH:
        entry, stored = cached
        return Answer(stored, entry.age(now()), body=entry.body)

    headers = {}
    if request.api_key:
        headers["Authorization"] = f"Bearer {request.api_key}"
    if cached is not None and cached[0].etag:
        headers["If-None-Match"] = cached[0].etag
    quick = mode is Mode.NORMAL and state is Freshness.STALE_USABLE
    timeout = settings.timeout
    if quick:
        timeout = min(timeout, QUICK_REVALIDATION_TIMEOUT)

    from .transport import http_get  # imports httpx: only now that a request is really made

    try:
        with (waiting or _no_wait)(f"Fetching {request.path}"):
            response = http_get(
                settings.base_urls,
                request.path,
                params=dict(request.params),
                headers=headers,
                timeout=timeout,
            )
        if response.status == 304:
            if cached is None:
                raise BadResponseError(f"{response.url} answered 304 to an unconditional request")
        else:
            fresh = parse(response.body)
    except AuthError:
        raise
    except FetchError as error:
        if cached is None:
            raise
        entry, stored = cached
        warning = None
        if not quick:
            warning = f"{error}; showing the copy cached {describe_age(entry.age(now()))} ago"
        return Answer(stored, entry.age(now()), warning, entry.body)

    control = response.headers.get("cache-control")
    max_age, swr = parse_cache_control(control)
    etag = response.headers.get("etag")
    if response.status == 304:
        assert cached is not None  # checked above, inside the try
        entry, stored = cached
        if control is None:  # a 304 without Cache-Control keeps the stored lifetimes
            max_age, swr = entry.max_age, entry.swr
        cache.store(entry.revalidated(now(), max_age, swr, etag))
        return Answer(stored, 0.0, body=entry.body, from_server=True)
    cache.store(CacheEntry(key, response.body, now(), max_age, swr, etag))
    return Answer(fresh, 0.0, body=response.body, from_server=True, new_content=True)


def _load(cache: Cache, key: str, parse: Callable[[bytes], T]) -> tuple[CacheEntry, T] | None:
    entry = cache.load(key)
    if entry is None:
        return None
    try:
        return entry, parse(entry.body)
    except BadResponseError:
        return None  # a stored body that no longer parses is a miss


def _no_wait(_message: str) -> AbstractContextManager[object]:
    return nullcontext()
