"""A loopback stand-in for the AIHubMix model catalog.

The CLI's tests talk to this over real HTTP rather than mocking the client, so
timeouts, caching headers, redirects and broken responses are exercised the
way they happen in production. It mimics the *live* service described in
docs/live-service.md, including its bugs, not only the published contract.

Run ``python -m tests.support.catalog_server`` to serve it by hand or for benchmarks;
``--live N`` serves N models in the live catalog's proportions (tests/support/live_catalog.py).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import json
import random
import signal
import socket
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = [
    "FAULT_MODES",
    "CatalogServer",
    "RecordedRequest",
    "filter_and_sort",
    "is_coding",
    "load_fixture_models",
    "load_legacy_fixture",
    "load_models_file",
    "main",
    "synthetic_catalog",
]

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"
CATALOG_FIXTURE = FIXTURES_DIR / "catalog.json"
LEGACY_FIXTURE = FIXTURES_DIR / "legacy_models.json"

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
# The live message verbatim, full-width comma included.
INTERNAL_ERROR_MESSAGE = "服务器内部错误，请稍后重试"

# The service accepts the pre-2025 type names and treats them as synonyms.
_TYPE_ALIASES = {
    "t2t": "llm",
    "t2i": "image_generation",
    "t2v": "video",
    "reranking": "rerank",
}

# Long enough that a client without a timeout visibly hangs, short enough that
# a forgotten server does not keep a CI job alive for minutes.
HANG_SECONDS = 30.0
SLOW_SECONDS = 1.5
HUGE_BYTES = 60 * 1024 * 1024

_JSON_TYPE = "application/json; charset=utf-8"
_HTML_TYPE = "text/html; charset=utf-8"

_BAD_GATEWAY_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


@dataclass
class RecordedRequest:
    """One request as the server saw it, for assertions in tests."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class _Response:
    status: int
    body: bytes = b""
    content_type: str | None = _JSON_TYPE
    headers: list[tuple[str, str]] = field(default_factory=list)
    # A 304 must not advertise a body length of its own.
    send_length: bool = True


class _BadRequest(Exception):
    """Raised by query handling to produce the service's generic 400."""


# --------------------------------------------------------------------------
# Fixture loading
# --------------------------------------------------------------------------


def _entries_from_document(document: Any, source: str) -> list[dict[str, Any]]:
    # Accept both the envelope and a bare list so hand-made fixtures passed
    # with --fixture do not need to be wrapped.
    data = document.get("data") if isinstance(document, dict) else document
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise ValueError(f"{source}: expected a list of objects under 'data'")
    return cast("list[dict[str, Any]]", data)


def load_models_file(path: Path) -> list[dict[str, Any]]:
    """Read catalog entries from an envelope or bare-list JSON file."""
    with path.open(encoding="utf-8") as handle:
        return _entries_from_document(json.load(handle), str(path))


def load_fixture_models() -> list[dict[str, Any]]:
    """The hand-written catalog in raw API form (a fresh copy on each call)."""
    return load_models_file(CATALOG_FIXTURE)


def load_legacy_fixture() -> list[dict[str, Any]]:
    """The default-group answer of GET /v1/models (a fresh copy on each call)."""
    return load_models_file(LEGACY_FIXTURE)


# --------------------------------------------------------------------------
# Synthetic catalog
# --------------------------------------------------------------------------

_CONTEXT_CHOICES = (8192, 32768, 65536, 128000, 131072, 200000, 262144, 400000, 1048576)
_OUTPUT_CHOICES = (4096, 8192, 16384, 32768, 65536, 128000)
_FEATURE_POOL = (
    "thinking",
    "tools",
    "function_calling",
    "web",
    "deepsearch",
    "long_context",
    "structured_outputs",
)
_MODALITY_POOL = ("text", "image", "audio", "video", "pdf")
_PRICE_FACTORS = (0.25, 0.5, 0.8, 1.0, 1.0, 1.25, 1.5, 2.0, 3.0)

# Sentence fragments to pad descriptions to the live catalog's average length;
# real descriptions are vendor blurbs of two to five sentences.
_DESC_SUBJECTS = (
    "This release",
    "The model",
    "This route",
    "The instruct variant",
    "This checkpoint",
)
_DESC_CLAIMS = (
    "improves instruction following on multi-step prompts",
    "reduces latency for interactive chat workloads",
    "handles long documents and repository-scale context",
    "is tuned for agentic tool use and structured outputs",
    "offers strong multilingual performance across 100+ languages",
    "balances cost and quality for high-volume batch jobs",
    "supports streaming, JSON mode and parallel function calls",
    "was trained with additional math, science and code data",
)
_DESC_TAILS = (
    "See the vendor documentation for rate limits.",
    "Pricing follows the upstream provider's list price.",
    "Snapshots are updated regularly without notice.",
    "Recommended for production workloads.",
    "Docs: https://docs.aihubmix.com/en/api/Aihubmix-Integration",
)


def _scaled_price(value: Any, factor: float) -> Any:
    # Keep the original JSON type so string-priced entries stay string-priced.
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return round(value * factor, 4)
    if isinstance(value, str):
        number = _number(value)
        return value if number is None else str(round(number * factor, 4))
    return value


def _synthetic_desc(rng: random.Random, base: str) -> str:
    parts = [base] if base else []
    target = rng.randint(220, 420)
    while sum(len(p) + 1 for p in parts) < target:
        parts.append(f"{rng.choice(_DESC_SUBJECTS)} {rng.choice(_DESC_CLAIMS)}.")
    parts.append(rng.choice(_DESC_TAILS))
    return " ".join(parts)


def synthetic_catalog(
    n: int, seed: int = 0, *, base: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Return ``n`` deterministic, realistic catalog entries with unique ids.

    Entries are variations of the fixture's (or ``base``'s) entries, sized so
    that 850 of them serialise to roughly the live catalog's 600 KB.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    source = base if base is not None else load_fixture_models()
    templates = [e for e in source if isinstance(e.get("model_id"), str)]
    if not templates:
        raise ValueError("no entries with a model_id to vary")
    rng = random.Random(seed)
    result: list[dict[str, Any]] = []
    for i in range(n):
        template = templates[i % len(templates)]
        entry = copy.deepcopy(template)
        entry["model_id"] = f"{template['model_id']}-{i}"
        if isinstance(entry.get("model_name"), str):
            entry["model_name"] = f"{entry['model_name']} #{i}"

        pricing = entry.get("pricing")
        if isinstance(pricing, dict):
            factor = rng.choice(_PRICE_FACTORS)
            for key in ("input", "output", "cache_read", "cache_write"):
                if key in pricing:
                    pricing[key] = _scaled_price(pricing[key], factor)
            tiers = pricing.get("tiers")
            if isinstance(tiers, list):
                for tier in tiers:
                    if isinstance(tier, dict):
                        for key in ("input", "output", "cache_read", "cache_write"):
                            if key in tier:
                                tier[key] = _scaled_price(tier[key], factor)

        is_llm = "llm" in _parts(entry.get("types")) or "t2t" in _parts(entry.get("types"))
        if is_llm:
            context = rng.choice(_CONTEXT_CHOICES)
            # With the non-token models (always 0) this gives the live catalog's
            # share of about a quarter reporting max_output 0.
            output = 0 if rng.random() < 0.1 else min(rng.choice(_OUTPUT_CHOICES), context)
            # The live catalog occasionally sends these as numeric strings.
            stringly = rng.random() < 0.05
            entry["context_length"] = str(context) if stringly else context
            entry["max_output"] = str(output) if stringly else output
            features = [f for f in _FEATURE_POOL if rng.random() < 0.45]
            entry["features"] = ",".join(features)
            modalities = ["text"] + [m for m in _MODALITY_POOL[1:] if rng.random() < 0.3]
            entry["input_modalities"] = ",".join(modalities)

        entry["desc"] = _synthetic_desc(rng, str(entry.get("desc") or ""))
        result.append(entry)
    return result


# --------------------------------------------------------------------------
# Query semantics of GET /api/v1/models
# --------------------------------------------------------------------------


def _parts(value: Any) -> list[str]:
    """Split one of the catalog's comma-string fields; null/empty give []."""
    if not isinstance(value, str):
        return []
    return [p.strip().lower() for p in value.split(",") if p.strip()]


def _canonical_type(name: str) -> str:
    return _TYPE_ALIASES.get(name, name)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def is_coding(entry: dict[str, Any]) -> bool:
    """The server-only "coding" tag: not a field, so clients cannot see it."""
    model_id = entry.get("model_id")
    desc = entry.get("desc")
    # "code" also covers codex, coder and codestral.
    if isinstance(model_id, str) and "code" in model_id.lower():
        return True
    return isinstance(desc, str) and "coding" in desc.lower()


def _hidden_ratio(entry: dict[str, Any]) -> float | None:
    """Cost-effectiveness as only the server knows it.

    Blends input and output prices and divides by a per-model "quality"
    factor derived from a hash of the id, so the order is stable across runs
    yet cannot be reproduced from any field in the response.
    """
    pricing = entry.get("pricing")
    if not isinstance(pricing, dict):
        return None
    price_in = _number(pricing.get("input"))
    if price_in is None:
        return None
    price_out = _number(pricing.get("output"))
    blended = (3 * price_in + (price_in if price_out is None else price_out)) / 4
    digest = hashlib.sha256(str(entry.get("model_id", "")).encode("utf-8")).digest()
    quality = 0.5 + digest[0] / 255 * 2.5
    return blended / quality


def _context_as_text(entry: dict[str, Any]) -> str:
    # Reproduces the live bug: the field is compared as a string, so "50500"
    # ranks above "400000" in a descending sort.
    value = entry.get("context_length")
    return "" if value is None else str(value)


def filter_and_sort(entries: list[dict[str, Any]], query: dict[str, str]) -> list[dict[str, Any]]:
    """Apply the catalog's query parameters the way the live service does."""
    wanted_types = {_canonical_type(t) for t in _parts(query.get("type"))}
    wanted_modalities = set(_parts(query.get("modalities")))
    wanted_features = set(_parts(query.get("features")))
    name_part = query.get("model", "").strip().lower()
    tag = query.get("tag", "").strip().lower()

    selected: list[dict[str, Any]] = []
    for entry in entries:
        if wanted_types:
            # A multi-type entry ("llm,search") matches any of its types, and a
            # comma list in the query is read as "any of these types".
            have = {_canonical_type(t) for t in _parts(entry.get("types"))}
            if not have & wanted_types:
                continue
        if not wanted_modalities <= set(_parts(entry.get("input_modalities"))):
            continue
        if not wanted_features <= set(_parts(entry.get("features"))):
            continue
        if name_part:
            model_id = entry.get("model_id")
            if not isinstance(model_id, str) or name_part not in model_id.lower():
                continue
        if tag and (tag != "coding" or not is_coding(entry)):
            # Only "coding" exists; any other tag simply matches nothing.
            continue
        selected.append(entry)

    sort_by = query.get("sort_by", "").strip().lower()
    sort_order = query.get("sort_order", "").strip().lower()
    if sort_order not in ("", "asc", "desc"):
        raise _BadRequest(sort_order)

    if sort_by == "":
        return selected
    if sort_by == "order":
        return selected[::-1] if sort_order == "desc" else selected
    if sort_by == "context_length":
        # sorted() with reverse=True keeps equal keys in list order, as the
        # live service does.
        return sorted(selected, key=_context_as_text, reverse=sort_order != "asc")
    if sort_by == "model_ratio":
        rated = [(r, e) for e in selected if (r := _hidden_ratio(e)) is not None]
        unrated = [e for e in selected if _hidden_ratio(e) is None]
        rated.sort(key=lambda pair: pair[0], reverse=sort_order == "desc")
        return [e for _, e in rated] + unrated
    if sort_by == "coding":
        # The page says coding models come first and the rest keep the
        # default order; sort_order has no effect.
        return [e for e in selected if is_coding(e)] + [e for e in selected if not is_coding(e)]
    raise _BadRequest(sort_by)


# --------------------------------------------------------------------------
# Response helpers
# --------------------------------------------------------------------------


def _dump(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _json(status: int, document: Any) -> _Response:
    return _Response(status, _dump(document))


def _openai_error(status: int, message: str, code: str) -> _Response:
    return _json(
        status,
        {"error": {"message": message, "type": "invalid_request_error", "code": code}},
    )


def _invalid_key() -> _Response:
    return _openai_error(401, "Invalid token", "invalid_api_key")


def _etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest() + '"'


def _etag_matches(if_none_match: str, etag: str) -> bool:
    # If-None-Match uses weak comparison, so W/"x" matches "x".
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*":
            return True
        if tag.startswith("W/"):
            tag = tag[2:]
        if tag == etag:
            return True
    return False


# --------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------


def _is_disconnect(exc: BaseException | None) -> bool:
    return isinstance(exc, (ConnectionError, TimeoutError))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # Never wait for handler threads on close: a "hang" handler could be
    # parked for 30 s.
    block_on_close = False

    def __init__(self, owner: CatalogServer, port: int) -> None:
        self.owner = owner
        self._connections_lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        super().__init__(("127.0.0.1", port), _Handler)

    def process_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        # Track live connections so stop() can unblock keep-alive readers.
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket | tuple[bytes, socket.socket]) -> None:
        if isinstance(request, socket.socket):
            with self._connections_lock:
                self._connections.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        with self._connections_lock:
            live = list(self._connections)
        for sock in live:
            # OSError here means its handler already closed it.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        # Clients hanging up mid-response is an expected test scenario, not a
        # server bug; anything else still gets the default traceback.
        if _is_disconnect(sys.exc_info()[1]):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "aihubmix-test-catalog/1.0"
    # Safety net for idle keep-alive connections that nobody closes.
    timeout = 60

    def version_string(self) -> str:
        # The default appends the Python version, which no real gateway sends.
        return self.server_version

    def log_message(self, fmt: str, *args: Any) -> None:
        # Per-request access logs would clutter pytest output.
        return

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        self._serve(head=False)

    def do_PUT(self) -> None:
        self._serve(head=False)

    def do_DELETE(self) -> None:
        self._serve(head=False)

    def do_PATCH(self) -> None:
        self._serve(head=False)

    @property
    def _owner(self) -> CatalogServer:
        return cast(_HTTPServer, self.server).owner

    def _record(self) -> RecordedRequest:
        split = urlsplit(self.path)
        recorded = RecordedRequest(
            method=self.command,
            path=unquote(split.path),
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
        )
        self._owner._record(recorded)
        return recorded

    def _serve(self, *, head: bool) -> None:
        owner = self._owner
        if self.command not in ("GET", "HEAD"):
            # Drain a request body so the connection stays usable.
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
        request = self._record()
        try:
            fault = owner.fault
            if fault is None:
                self._send(owner._respond(request), head)
            else:
                self._serve_fault(fault, request, head)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def _serve_fault(self, fault: str, request: RecordedRequest, head: bool) -> None:
        owner = self._owner
        stopping = owner._stopping
        if fault == "hang":
            stopping.wait(HANG_SECONDS)
            self.close_connection = True
            return
        if fault == "slow":
            if stopping.wait(SLOW_SECONDS):
                self.close_connection = True
                return
            self._send(owner._respond(request), head)
            return
        if fault == "truncated":
            response = owner._respond(request)
            self._send_head(response)
            if not head:
                self.wfile.write(response.body[: len(response.body) // 2])
            # Closing with bytes still owed is what makes it a truncation.
            self.close_connection = True
            return
        if fault == "huge":
            self._stream_huge(head)
            return
        self._send(_fault_response(fault, owner.fault_message), head)

    def _send_head(self, response: _Response) -> None:
        self.send_response(response.status)
        if response.content_type is not None:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.send_length:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()

    def _send(self, response: _Response, head: bool) -> None:
        self._send_head(response)
        if not head and response.body:
            self.wfile.write(response.body)

    def _stream_huge(self, head: bool) -> None:
        marker = "@@ID@@"
        template = _dump(
            {
                "model_id": marker,
                "desc": "Synthetic entry used to test response size limits. " * 8,
                "pricing": {"input": 1.0, "output": 2.0},
                "types": "llm",
                "features": "tools,function_calling",
                "input_modalities": "text",
                "max_output": 8192,
                "context_length": 131072,
            }
        )
        before, after = template.split(marker.encode("ascii"))
        # Fixed-width ids keep every entry the same size, so the exact
        # Content-Length is known before streaming starts.
        entry_size = len(before) + len("huge-0000000") + len(after)
        opening = b'{"data": ['
        closing = b'], "message": "", "success": true}'
        count = (HUGE_BYTES - len(opening) - len(closing)) // (entry_size + 1)
        total = len(opening) + count * entry_size + (count - 1) + len(closing)

        self.send_response(200)
        self.send_header("Content-Type", _JSON_TYPE)
        self.send_header("Content-Length", str(total))
        self.end_headers()
        if head:
            return
        self.close_connection = True
        stopping = self._owner._stopping
        self.wfile.write(opening)
        batch = 512
        for start in range(0, count, batch):
            if stopping.is_set():
                return
            chunk = b",".join(
                before + f"huge-{i:07d}".encode("ascii") + after
                for i in range(start, min(start + batch, count))
            )
            self.wfile.write(chunk if start == 0 else b"," + chunk)
        self.wfile.write(closing)


def _fault_response(fault: str, message: str) -> _Response:
    if fault == "500":
        return _json(500, {"success": False, "message": INTERNAL_ERROR_MESSAGE})
    if fault == "502":
        return _Response(502, _BAD_GATEWAY_PAGE, _HTML_TYPE)
    if fault == "400":
        return _json(400, {"success": False, "message": message})
    if fault == "401":
        return _invalid_key()
    if fault == "error200":
        error = {"message": "upstream quota exceeded", "type": "server_error", "code": "quota"}
        return _json(200, {"error": error})
    if fault == "success_false":
        return _json(200, {"success": False, "message": message, "data": None})
    if fault == "no_data":
        return _json(200, {"success": True, "message": ""})
    if fault == "invalid_json":
        return _Response(200, b'{"data": [')
    if fault == "html":
        return _Response(200, b"<html><body>Login</body></html>", _HTML_TYPE)
    if fault == "empty":
        return _Response(200, b"")
    if fault == "redirect":
        return _Response(302, b"", None, [("Location", "/elsewhere")])
    raise ValueError(f"unhandled fault mode {fault!r}")


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
