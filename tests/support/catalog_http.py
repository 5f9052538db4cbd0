"""The HTTP plumbing of the loopback catalog server (tests/support/catalog_server.py): the
threaded server, the request handler with its fault modes, and the responses it sends."""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import parse_qsl, unquote, urlsplit

if TYPE_CHECKING:
    from tests.support.catalog_server import CatalogServer


# The live message verbatim, full-width comma included.
INTERNAL_ERROR_MESSAGE = "服务器内部错误，请稍后重试"


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
