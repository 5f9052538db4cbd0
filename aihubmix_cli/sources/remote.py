"""Answers from the server through the cache: the HTTP caching rules in one place.

A fresh entry answers without a request. An older one is revalidated with If-None-Match; 304
restarts its clock, 200 replaces it. When the server cannot be reached or answers badly, any
cached copy answers instead, with a warning. Nothing unparseable is ever stored.
"""

from __future__ import annotations

import math
import os
import time

from aihubmix_cli.base.errors import (
    AuthError,
    BadResponseError,
    FetchError,
    OfflineMissError,
    StrictError,
)
from aihubmix_cli.base.record import Record
from aihubmix_cli.base.units import describe_age
from aihubmix_cli.store.cache import DEFAULT_MAX_AGE, CacheEntry, Freshness, key_fingerprint

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager
    from typing import Generic, TypeVar

    from aihubmix_cli.base.settings import Settings
    from aihubmix_cli.store.cache import Cache
    from aihubmix_cli.store.failures import Failures

    T = TypeVar("T")

    class _Generic(Generic[T]):
        pass

    Waiting = Callable[[str], AbstractContextManager[object]]
else:
    # Answer is generic to mypy only: typing costs a warm run more than its own work.
    T = None

    class _Generic:
        def __class_getitem__(cls, item: object) -> type:
            return cls


# Within stale-while-revalidate a short-lived process cannot answer first and revalidate
# later, so it revalidates first but gives the server only this long before it quietly
# answers from the stored copy, which the server said is still fine to use.
QUICK_REVALIDATION_TIMEOUT = 2.0


_DIRECTIVE = r"\s*([A-Za-z-]+)\s*(?:=\s*\"?([^\",]*)\"?)?\s*"


def parse_cache_control(header: str | None) -> tuple[float, float]:
    """(max-age, stale-while-revalidate) from a Cache-Control header; 300 s and 0 when absent."""
    max_age, swr = DEFAULT_MAX_AGE, 0.0
    if not header:
        return max_age, swr
    import re  # only an answer from the server has a header to read

    must_revalidate = False
    for part in header.split(","):
        match = re.fullmatch(_DIRECTIVE, part)
        if not match:
            continue
        name, value = match.group(1).lower(), match.group(2)
        if name in ("no-cache", "no-store"):
            must_revalidate = True
        elif name in ("max-age", "stale-while-revalidate") and value is not None:
            try:
                seconds = max(0.0, float(value))
            except ValueError:
                continue
            if not math.isfinite(seconds):
                continue  # "inf" or "1e999" would make an answer fresh for ever
            if name == "max-age":
                max_age = seconds
            else:
                swr = seconds
    if must_revalidate:
        # no-cache means "ask before every use", whatever max-age says and in either order.
        return 0.0, 0.0
    return max_age, swr


class Mode:
    """The network modes, as plain strings."""

    NORMAL = "normal"  # the HTTP caching rules
    REFRESH = "refresh"  # revalidate now, whatever the age
    OFFLINE = "offline"  # never touch the network


class Request(Record):
    __slots__ = ("api_key", "params", "path")

    def __init__(
        self,
        path: str,
        params: tuple[tuple[str, str], ...] = (),
        # The key decides the Authorization header and the cache entry, so an answer fetched
        # with one key is never served to another key or to a call without one.
        api_key: str | None = None,
    ) -> None:
        self.path = path
        self.params = params
        self.api_key = api_key

    def __repr__(self) -> str:
        # A request printed in a debug line or a traceback must not show the key.
        key = ", api_key=<set>" if self.api_key else ""
        return f"Request(path={self.path!r}, params={self.params!r}{key})"

    @property
    def cache_key(self) -> str:
        key = self.path
        if self.params:
            from urllib.parse import urlencode

            key += "?" + urlencode(sorted(self.params))
        if self.api_key:
            key += "#key=" + key_fingerprint(self.api_key)
        return key


class Answer(_Generic[T]):
    """A parsed answer, how old it is, and the warning to show if a stored copy stood in."""

    __slots__ = ("_body", "age", "from_server", "new_content", "value", "warning")

    def __init__(
        self,
        value: T,
        age: float,
        warning: str | None = None,
        body: bytes | Callable[[], bytes] = b"",
        *,
        from_server: bool = False,
        new_content: bool = False,
    ) -> None:
        self.value = value
        self.age = age  # seconds since the server last vouched for it
        self.warning = warning
        # The body as the server sent it; for a stored copy, a function that reads it (a
        # warm run answers from the parsed copy and never needs it).
        self._body = body
        self.from_server = from_server  # the server answered this run (200 or 304)
        self.new_content = new_content  # ... with a body (200), not "unchanged" (304)

    @property
    def body(self) -> bytes:
        return self._body if isinstance(self._body, bytes) else self._body()

    @property
    def body_source(self) -> bytes | Callable[[], bytes]:
        """The body, or the function that reads it, to pass on without reading it."""
        return self._body


def fetch_cached(
    request: Request,
    parse: Callable[[bytes], T],
    *,
    settings: Settings,
    cache: Cache,
    mode: str = Mode.NORMAL,
    now: Callable[[], float] = time.time,
    waiting: Waiting | None = None,
    parse_stored: Callable[[CacheEntry], T] | None = None,
) -> Answer[T]:
    """The server's answer to `request`, parsed by `parse`, by the HTTP caching rules.

    `parse_stored`, when given, reads a stored entry instead of `parse` over its body: the
    catalog's answers it from the parsed copy beside it, without reading the body.
    """
    if mode != Mode.OFFLINE:
        # A base URL that cannot be asked, or a timeout that is none, is a configuration
        # error (exit 2), said whatever is cached: the same run must not succeed or fail by
        # the cache's age.
        settings.check_base_urls()
        settings.check_timeout()
    # Not keyed by host: mirrors serve one backend.
    key = request.cache_key
    cached = _load(cache, key, parse, parse_stored)
    state = cached[0].freshness(now()) if cached is not None else None
    if mode == Mode.OFFLINE:
        if cached is None:
            raise OfflineMissError(
                f"nothing cached for {request.path} yet; run once without --offline to fetch it"
            )
        entry, stored = cached
        if settings.strict and state != Freshness.FRESH:
            raise StrictError(
                f"--strict: the copy of {request.path} cached {describe_age(entry.age(now()))} "
                "ago is past its lifetime and --offline asks no server"
            )
        return Answer(stored, entry.age(now()), body=_reader(entry))
    if cached is not None and mode == Mode.NORMAL and state == Freshness.FRESH:
        entry, stored = cached
        return Answer(stored, entry.age(now()), body=_reader(entry))

    headers = {}
    if request.api_key:
        headers["Authorization"] = f"Bearer {request.api_key}"
    # A stored body damaged since it was written cannot be kept by a 304: ask for it whole.
    revalidating = cached is not None and cached[0].read_body() is not None
    if cached is not None and revalidating and cached[0].etag:
        headers["If-None-Match"] = cached[0].etag
    # Strict: a stale copy is never the answer, so the server gets the whole timeout.
    quick = mode == Mode.NORMAL and state == Freshness.STALE_USABLE and not settings.strict
    timeout = settings.timeout
    if quick:
        timeout = min(timeout, QUICK_REVALIDATION_TIMEOUT)

    from aihubmix_cli.store.failures import Failures

    failures = Failures(os.fspath(cache.directory))
    try:
        bases = _worth_asking(settings.base_urls, failures, mode, now())

        from aihubmix_cli.sources.transport import (
            http_get,  # imports httpx: only now that a request is made
        )

        def unreachable(base: str, error: FetchError) -> None:
            failures.note(base, now(), getattr(error, "cause", str(error)))

        with (waiting or _no_wait)(f"Fetching {request.path}"):
            response = http_get(
                bases,
                request.path,
                params=dict(request.params),
                headers=headers,
                timeout=timeout,
                unreachable=unreachable,
            )
        failures.forget([response.base])
        if response.status == 304:
            if cached is None or not revalidating:
                raise BadResponseError(f"{response.url} answered 304 to an unconditional request")
        else:
            fresh = parse(response.body)
    except AuthError:
        raise
    except FetchError as error:
        if cached is None:
            raise
        entry, stored = cached
        if settings.strict:
            raise StrictError(
                f"--strict: {error}; the copy cached {describe_age(entry.age(now()))} ago is "
                "not an answer the server vouches for now"
            ) from None
        warning = None
        if not quick:
            warning = f"{error}; showing the copy cached {describe_age(entry.age(now()))} ago"
        return Answer(stored, entry.age(now()), warning, _reader(entry))
    finally:
        failures.save(now())

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


def _worth_asking(
    bases: tuple[str, ...], failures: Failures, mode: str, now: float
) -> tuple[str, ...]:
    """The base URLs to ask: not those that failed to answer in the last minute, unless
    --refresh says to ask now; FetchError when that leaves none."""
    if mode == Mode.REFRESH:
        return bases
    worth = tuple(base for base in bases if failures.recent(base, now) is None)
    if worth:
        return worth
    from aihubmix_cli.base.settings import without_credentials
    from aihubmix_cli.store.failures import WINDOW

    failure = failures.recent(bases[0], now)
    assert failure is not None
    age = now - failure.at
    when = "just now" if age < 1 else f"{describe_age(age)} ago"
    # A refusal is an answer of sorts: say it as one, not as silence.
    if failure.message == "connection refused":
        what = f"refused the connection {when}"
    else:
        what = f"did not answer {when} ({failure.message})"
    raise FetchError(
        f"{without_credentials(bases[0])} {what} and is not asked again within {WINDOW:g} s; "
        "--refresh asks now"
    )


def _reader(entry: CacheEntry) -> Callable[[], bytes]:
    """The stored body, read when an answer's user asks for it (most never do)."""
    return lambda: entry.body


def _load(
    cache: Cache,
    key: str,
    parse: Callable[[bytes], T],
    parse_stored: Callable[[CacheEntry], T] | None,
) -> tuple[CacheEntry, T] | None:
    entry = cache.load(key, lazy_body=parse_stored is not None)
    if entry is None:
        return None
    try:
        if parse_stored is not None:
            return entry, parse_stored(entry)
        body = entry.read_body()
        return (entry, parse(body)) if body is not None else None
    except BadResponseError:
        return None  # a stored body that no longer parses is a miss


class _NoWait:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_exc: object) -> None:
        return None


def _no_wait(_message: str) -> _NoWait:
    return _NoWait()
