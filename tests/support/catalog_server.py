"""A loopback stand-in for the AIHubMix model catalog.

The CLI's tests talk to this over real HTTP rather than mocking the client, so
timeouts, caching headers, redirects and broken responses are exercised the
way they happen in production. It mimics the *live* service described in
docs/live-service.md, including its bugs, not only the published contract.

Run ``python -m tests.support.catalog_server`` to serve it by hand or for benchmarks;
``--live N`` serves N models in the live catalog's proportions (tests/support/live_catalog.py).

This module holds the server and its command line, and re-exports what the tests import from
it; the catalogs it serves are in catalogs.py, the query semantics of GET /api/v1/models in
catalog_query.py, the HTTP plumbing in catalog_http.py.
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from typing import Any

from tests.support.catalog_http import (
    _JSON_TYPE,
    RecordedRequest,
    _dump,
    _etag_for,
    _etag_matches,
    _Handler,
    _HTTPServer,
    _invalid_key,
    _json,
    _openai_error,
    _Response,
)
from tests.support.catalog_query import _BadRequest, filter_and_sort, is_coding
from tests.support.catalogs import (
    CATALOG_FIXTURE,
    load_fixture_models,
    load_legacy_fixture,
    load_models_file,
    synthetic_catalog,
)

__all__ = [
    "CATALOG_FIXTURE",
    "FAULT_MODES",
    "CatalogServer",
    "RecordedRequest",
    # Tests patch _Handler._record to see request targets as they came over the wire.
    "_Handler",
    "filter_and_sort",
    "is_coding",
    "load_fixture_models",
    "load_legacy_fixture",
    "load_models_file",
    "main",
    "synthetic_catalog",
]


FAULT_MODES: frozenset[str] = frozenset(
    {
        "500",
        "502",
        "400",
        "401",
        "error200",
        "success_false",
        "no_data",
        "invalid_json",
        "truncated",
        "html",
        "empty",
        "redirect",
        "hang",
        "huge",
        "slow",
    }
)

CATALOG_PATH = "/api/v1/models"
LEGACY_PATH = "/v1/models"

BAD_PARAMS_MESSAGE = "请求参数格式错误"


# --------------------------------------------------------------------------
# Public server
# --------------------------------------------------------------------------


class CatalogServer:
    """The AIHubMix catalog on 127.0.0.1, in a daemon thread.

    ``keyed_legacy`` turns on API-key checking for the /v1/models paths: a
    Bearer key found in it selects that list, any other key gets 401. Without
    it the Authorization header is recorded but otherwise ignored.
    """

    max_age: int
    swr: int
    send_etag: bool
    send_cache_control: bool
    fault_message: str

    def __init__(
        self,
        models: list[dict[str, Any]] | None = None,
        *,
        legacy: list[dict[str, Any]] | None = None,
        keyed_legacy: dict[str, list[dict[str, Any]]] | None = None,
        port: int = 0,
    ) -> None:
        self._lock = threading.Lock()
        self._models = list(models) if models is not None else load_fixture_models()
        self._legacy = list(legacy) if legacy is not None else load_legacy_fixture()
        self._keyed_legacy = dict(keyed_legacy) if keyed_legacy is not None else None
        self._port = port
        self.requests: list[RecordedRequest] = []
        self.max_age = 300
        self.swr = 300
        self.send_etag = True
        self.send_cache_control = True
        self._fault: str | None = None
        self.fault_message = BAD_PARAMS_MESSAGE
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    # -- configuration -----------------------------------------------------

    @property
    def fault(self) -> str | None:
        return self._fault

    @fault.setter
    def fault(self, value: str | None) -> None:
        # Fail at the assignment rather than with a confusing 500 later.
        if value is not None and value not in FAULT_MODES:
            raise ValueError(f"unknown fault mode {value!r}; expected one of {sorted(FAULT_MODES)}")
        self._fault = value

    def set_models(self, models: list[dict[str, Any]]) -> None:
        with self._lock:
            self._models = list(models)

    @property
    def models(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._models)

    # -- lifecycle ---------------------------------------------------------

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("CatalogServer is not started")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> CatalogServer:
        if self._httpd is not None:
            raise RuntimeError("CatalogServer is already started")
        self._stopping = threading.Event()
        httpd = _HTTPServer(self, self._port)
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"catalog-server-{httpd.server_address[1]}",
            daemon=True,
        )
        self._httpd = httpd
        self._thread = thread
        thread.start()
        return self

    def stop(self) -> None:
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._httpd = None
        self._thread = None
        # Wake hanging/slow handlers first so they stop touching sockets.
        self._stopping.set()
        httpd.shutdown()
        httpd.drop_connections()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> CatalogServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- recording ---------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    # -- routing -----------------------------------------------------------

    def _respond(self, request: RecordedRequest) -> _Response:
        path = request.path.rstrip("/") or "/"
        if request.method not in ("GET", "HEAD"):
            return _json(405, {"success": False, "message": "Method Not Allowed"})
        if path == CATALOG_PATH:
            return self._catalog(request)
        if path == LEGACY_PATH:
            return self._legacy_list(request)
        if path.startswith(LEGACY_PATH + "/"):
            return self._legacy_detail(request, path[len(LEGACY_PATH) + 1 :])
        if path.startswith("/v1/"):
            return _openai_error(404, f"Invalid URL (GET {path})", "not_found")
        return _json(404, {"success": False, "message": "Not Found"})

    def _catalog(self, request: RecordedRequest) -> _Response:
        try:
            entries = filter_and_sort(self.models, request.query)
        except _BadRequest:
            return _json(400, {"success": False, "message": BAD_PARAMS_MESSAGE})
        return self._cacheable(_dump({"data": entries, "message": "", "success": True}), request)

    def _legacy_for(self, request: RecordedRequest) -> list[dict[str, Any]] | None:
        """The list this caller may see, or None when its key is rejected."""
        keyed = self._keyed_legacy
        authorization = request.headers.get("authorization")
        if keyed is None or authorization is None:
            return self._legacy
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() == "bearer" and token in keyed:
            return keyed[token]
        return None

    def _legacy_list(self, request: RecordedRequest) -> _Response:
        models = self._legacy_for(request)
        if models is None:
            return _invalid_key()
        return self._cacheable(_dump({"object": "list", "data": models}), request)

    def _legacy_detail(self, request: RecordedRequest, model_id: str) -> _Response:
        models = self._legacy_for(request)
        if models is None:
            return _invalid_key()
        # As live: an id with a slash cannot be asked for by this path, even encoded as %2F
        # (docs/live-service.md); only the list holds it.
        for model in models if "/" not in model_id else []:
            if model.get("id") == model_id:
                return self._cacheable(_dump(model), request)
        return _openai_error(404, f"The model '{model_id}' does not exist", "model_not_found")

    def _cacheable(self, body: bytes, request: RecordedRequest) -> _Response:
        headers: list[tuple[str, str]] = []
        if self.send_cache_control:
            policy = f"public, max-age={self.max_age}, stale-while-revalidate={self.swr}"
            headers.append(("Cache-Control", policy))
        if self.send_etag:
            etag = _etag_for(body)
            headers.append(("ETag", etag))
            if_none_match = request.headers.get("if-none-match")
            if if_none_match is not None and _etag_matches(if_none_match, etag):
                return _Response(304, b"", None, headers, send_length=False)
        return _Response(200, body, _JSON_TYPE, headers)


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.catalog_server",
        description="Serve a fake AIHubMix catalog on 127.0.0.1 until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=0, help="port to bind (default: any free port)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--models", type=int, metavar="N", help="serve N synthetic models instead of the fixture"
    )
    size.add_argument(
        "--live",
        type=int,
        metavar="N",
        help="serve N models in the live catalog's proportions (tests/support/live_catalog.py)",
    )
    parser.add_argument(
        "--fixture", type=Path, metavar="PATH", help="catalog JSON to serve or to vary"
    )
    parser.add_argument(
        "--seed", type=int, help="seed for --models (default: 0) or --live (default: 2026)"
    )
    parser.add_argument("--fault", choices=sorted(FAULT_MODES), help="misbehave on every request")
    args = parser.parse_args(argv)
    if args.live is not None and args.fixture is not None:
        parser.error("--live makes its own catalog; it cannot vary --fixture")
    for option in ("models", "live"):
        if (getattr(args, option) or 0) < 0:
            parser.error(f"--{option} must be 0 or more")

    if args.live is not None:
        # Imported here: the generator is only needed for this option.
        from tests.support.live_catalog import live_catalog

        models = live_catalog(args.live, 2026 if args.seed is None else args.seed)
    else:
        base = load_models_file(args.fixture) if args.fixture is not None else load_fixture_models()
        models = base
        if args.models is not None:
            models = synthetic_catalog(args.models, args.seed or 0, base=base)
    server = CatalogServer(models, port=args.port)
    server.fault = args.fault
    done = threading.Event()
    if threading.current_thread() is threading.main_thread():
        # A shell starts background jobs with SIGINT ignored, which would make
        # a benchmark script's `kill -INT` a no-op; SIGTERM should also stop
        # cleanly rather than kill mid-response.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, lambda _signum, _frame: done.set())
    server.start()
    # The URL alone on the first line, so scripts can read it with one readline().
    print(server.url, flush=True)
    try:
        # A timed wait keeps Ctrl-C responsive on every platform.
        while not done.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
