"""HTTP GET against the configured base URLs: the only module that knows httpx.

It returns bytes and headers or raises FetchError with one sentence fit for a person. It knows
nothing of caching or drawing, and httpx is imported only when a request is really made.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from aihubmix_cli import __version__
from aihubmix_cli.base.errors import AuthError, FetchError, HttpStatusError, UnreachableError
from aihubmix_cli.base.settings import without_credentials
from aihubmix_cli.catalog import server_message

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable

    import httpx

# The live catalog is about 600 KB; anything near this is a broken or hostile server.
MAX_BODY_BYTES = 50 * 1024 * 1024
# A server that can be reached accepts a connection within a round trip or two; one that has
# not after this long will not, and the answer gets the whole AIHUBMIX_TIMEOUT anyway.
CONNECT_TIMEOUT = 3.0


class HttpResponse(NamedTuple):
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes
    url: str
    base: str = ""  # the base URL that answered


def http_get(
    base_urls: Sequence[str],
    path: str,
    *,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float,
    max_bytes: int = MAX_BODY_BYTES,
    unreachable: Callable[[str, FetchError], None] | None = None,
) -> HttpResponse:
    """GET `path` from the first base URL that answers; 200 and 304 come back, the rest raise.

    Mirrors are tried in order when one cannot be reached or fails with a 5xx; a 4xx is the
    backend's verdict on the request and is not retried elsewhere. `unreachable` hears of
    each base URL that could not be connected to or did not answer in time.
    """
    failures: list[FetchError] = []
    for base in base_urls:
        try:
            response = _get_one(base, path, params or {}, headers or {}, timeout, max_bytes)
            return response._replace(base=base)
        except HttpStatusError as error:
            if error.status < 500:
                raise
            failures.append(error)
        except AuthError:
            raise
        except FetchError as error:
            if unreachable is not None and isinstance(error, UnreachableError):
                unreachable(base, error)
            failures.append(error)
    first = failures[0]
    if len(failures) > 1:
        more = f"{first} (and {len(failures) - 1} more mirror(s) failed)"
        if isinstance(first, HttpStatusError):
            raise HttpStatusError(more, first.status)
        if isinstance(first, UnreachableError):
            raise UnreachableError(more, first.cause)
        raise type(first)(more)
    raise first


def _get_one(
    base: str,
    path: str,
    params: Mapping[str, str],
    headers: Mapping[str, str],
    timeout: float,
    max_bytes: int,
) -> HttpResponse:
    shown_base = without_credentials(base)
    try:
        parts = urlsplit(base)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise FetchError(f"AIHUBMIX_BASE_URL '{shown_base}' is not a usable URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"AIHUBMIX_BASE_URL '{shown_base}' is not an http:// or https:// URL")
    httpx = _import_httpx()

    url = base + path
    shown = shown_base + path
    if params:
        shown += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    request_headers = {
        "User-Agent": f"aihub/{__version__}",
        "Accept": "application/json",
        # Said outright: the catalog is 600 KB of JSON that compresses about tenfold.
        "Accept-Encoding": "gzip, deflate",
        **headers,
    }
    deadline = time.monotonic() + timeout
    try:
        # Redirects are not followed: a catalog that moved should be configured, and a
        # redirect must never carry the Authorization header to another host.
        limits = httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT))
        with (
            httpx.Client(
                timeout=limits, follow_redirects=False, verify=_tls_context(parts.scheme)
            ) as client,
            client.stream("GET", url, params=params, headers=request_headers) as response,
        ):
            body = _read_capped(response, shown, max_bytes, deadline, timeout)
            keyed = "Authorization" in headers
            result = HttpResponse(
                response.status_code,
                {k.lower(): v for k, v in response.headers.items()},
                body,
                shown,
            )
    except httpx.ConnectTimeout:
        cause = f"no connection within {min(timeout, CONNECT_TIMEOUT):g} s"
        raise UnreachableError(f"cannot reach {shown}: {cause}", cause) from None
    except httpx.TimeoutException:
        cause = f"no answer within {timeout:g} s"
        raise UnreachableError(f"no answer from {shown} within {timeout:g} s", cause) from None
    except httpx.RemoteProtocolError:
        raise FetchError(f"{shown} closed the connection before the answer was complete") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise FetchError(f"AIHUBMIX_BASE_URL '{shown_base}' is not a usable URL") from None
    except httpx.ConnectError as error:
        cause = _cause(error)
        if _tls_failure(error):  # an answer of sorts, and quick: not "did not answer"
            raise FetchError(f"cannot reach {shown}: {cause}") from None
        raise UnreachableError(f"cannot reach {shown}: {cause}", cause) from None
    except httpx.HTTPError as error:
        raise FetchError(f"cannot reach {shown}: {_cause(error)}") from None
    _check_status(result, keyed=keyed)
    return result


def _import_httpx() -> Any:
    """httpx, imported without the parts aihub never uses.

    When click is installed httpx imports its own command-line client with it (click, rich,
    pygments); when h2 is, httpcore its HTTP/2 support; when anyio or trio are, httpcore's
    locks for async code: together more than the rest of a revalidation. None is ever used
    here (one synchronous HTTP/1.1 request), so for this import they are made unimportable
    (httpx and httpcore expect that: each has a stand-in for the missing part), and put back
    after.
    """
    import sys

    if "httpx" in sys.modules:
        return sys.modules["httpx"]
    unused = ("httpx._main", "h2", "anyio", "trio")
    blocked = [name for name in unused if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # "not importable", per importlib
    try:
        import httpcore  # noqa: F401  # httpx imports it only when a client is made
        import httpx
    finally:
        for name in blocked:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]
    return httpx


def _tls_context(scheme: str) -> ssl.SSLContext | bool:
    """What verifies the server's certificate, built for what the URL needs.

    httpx's default parses certifi's whole bundle (about 140 certificates, tens of ms) for
    every client, even one that will only ever speak plain http. Here:
    - http://: a context that can verify nothing (no trust anchors, verification required),
      never used: no redirect is followed, so no TLS is spoken;
    - https://, with SSL_CERT_FILE or SSL_CERT_DIR set: Python's default context, which reads
      them;
    - https://, where the system keeps its certificates in a hashed folder (Debian, Fedora,
      Alpine...: /etc/ssl/certs): a context that looks up only the issuers a server's chain
      needs, when it needs them, instead of parsing them all up front;
    - otherwise httpx's own default (certifi).
    Verification is the same in every case: a certificate chain to a trusted root, and the
    host name, are required.
    """
    import os
    import ssl

    if scheme != "https":
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if os.environ.get("SSL_CERT_FILE") or os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context()
    folder = ssl.get_default_verify_paths().capath
    try:
        hashed = bool(folder) and any(
            # subject-hash links; os.listdir: pathlib is not worth its import here
            name.endswith(".0")
            for name in os.listdir(folder)  # noqa: PTH208
        )
    except OSError:
        hashed = False
    if hashed:
        return ssl.create_default_context(capath=folder)
    return True


def _tls_failure(error: BaseException) -> bool:
    """Whether a failure to connect was TLS's verdict (an untrusted certificate, say)."""
    import ssl

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _read_capped(
    response: httpx.Response, shown: str, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    too_big = f"{shown} sent more than {max_bytes // (1024 * 1024)} MB; refusing it"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(too_big)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(too_big)
        # httpx's timeout bounds each read; a server dripping bytes could go on for ever.
        if time.monotonic() > deadline:
            raise FetchError(f"no complete answer from {shown} within {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_status(response: HttpResponse, *, keyed: bool) -> None:
    status = response.status
    if 200 <= status < 300 or status == 304:
        return
    if 300 <= status < 400:
        target = response.headers.get("location", "elsewhere")
        raise FetchError(
            f"{response.url} redirected to {target}; set AIHUBMIX_BASE_URL to the new address"
        )
    message = _server_message(response.body)
    detail = f": {message}" if message else ""
    if status in (401, 403):
        if keyed:
            raise AuthError(
                f"the API key was rejected ({response.url} answered HTTP {status}{detail})"
            )
        raise AuthError(
            f"{response.url} answered HTTP {status}{detail}; the request carried no API key"
        )
    raise HttpStatusError(f"{response.url} answered HTTP {status}{detail}", status)


def _server_message(body: bytes) -> str | None:
    """The message in an error body, if it is JSON and carries one."""
    try:
        payload: Any = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return server_message(payload)


def _cause(error: Exception) -> str:
    text = str(error) or type(error).__name__
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused"
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or ("name resolution" in lowered)
    ):
        return "the host name does not resolve"
    return text
