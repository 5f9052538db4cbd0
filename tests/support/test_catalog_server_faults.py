"""Tests of the fake catalog server's fault modes and lifecycle, through plain urllib: each
fault misbehaves as the live service or its gateway does, and stopping never waits for a
hanging handler.

The `server` fixture is tests/conftest.py's, a plain CatalogServer() as in
test_catalog_server.py.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.support.catalog_client import _OPENER, fetch
from tests.support.catalog_server import FAULT_MODES, CatalogServer

REPO_ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- faults


def test_unknown_fault_is_rejected(server: CatalogServer) -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        server.fault = "teapot"


SIMPLE_FAULTS: dict[str, tuple[int, str | None, Any]] = {
    "500": (500, "json", {"success": False, "message": "服务器内部错误，请稍后重试"}),
    "400": (400, "json", {"success": False, "message": "请求参数格式错误"}),
    "401": (
        401,
        "json",
        {
            "error": {
                "message": "Invalid token",
                "type": "invalid_request_error",
                "code": "invalid_api_key",
            }
        },
    ),
    "error200": (
        200,
        "json",
        {"error": {"message": "upstream quota exceeded", "type": "server_error", "code": "quota"}},
    ),
    "success_false": (200, "json", {"success": False, "message": "请求参数格式错误", "data": None}),
    "no_data": (200, "json", {"success": True, "message": ""}),
    "invalid_json": (200, "json", b'{"data": ['),
    "html": (200, "html", b"<html><body>Login</body></html>"),
    "empty": (200, "json", b""),
    "redirect": (302, None, b""),
}


@pytest.mark.parametrize("fault", sorted(SIMPLE_FAULTS))
@pytest.mark.parametrize("path", ["/api/v1/models", "/v1/models/gpt-5", "/anything"])
def test_simple_faults(server: CatalogServer, fault: str, path: str) -> None:
    status, kind, expected = SIMPLE_FAULTS[fault]
    server.fault = fault
    reply = fetch(server.url + path)
    assert reply.status == status
    if kind is not None:
        assert kind in reply.headers["Content-Type"]
    if isinstance(expected, bytes):
        assert reply.body == expected
    else:
        assert reply.json() == expected
    assert reply.headers["Content-Length"] == str(len(reply.body))
    if fault == "redirect":
        assert reply.headers["Location"] == "/elsewhere"
    assert server.requests[-1].path == path


def test_fault_message_is_configurable(server: CatalogServer) -> None:
    server.fault = "400"
    server.fault_message = "bad type"
    assert fetch(server.url + "/api/v1/models").json()["message"] == "bad type"


def test_502_is_an_html_gateway_page(server: CatalogServer) -> None:
    server.fault = "502"
    reply = fetch(server.url + "/api/v1/models")
    assert reply.status == 502
    assert reply.headers["Content-Type"].startswith("text/html")
    assert b"Bad Gateway" in reply.body


def test_truncated_body(server: CatalogServer) -> None:
    server.fault = "truncated"
    request = urllib.request.Request(server.url + "/api/v1/models")
    with _OPENER.open(request, timeout=5) as response:
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead) as caught:
            response.read()
    assert 0 < len(caught.value.partial) < len(fetch_normal_body(server))


def fetch_normal_body(server: CatalogServer) -> bytes:
    server.fault = None
    return fetch(server.url + "/api/v1/models").body


def test_hang_times_out_client_and_does_not_block_stop() -> None:
    running = CatalogServer().start()
    running.fault = "hang"
    started = time.monotonic()
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        fetch(running.url + "/api/v1/models", timeout=0.5)
    assert time.monotonic() - started < 2
    assert len(running.requests) == 1

    # A second client waits with a long timeout; stop() must release it.
    outcome: list[BaseException | None] = []

    def waiting_client() -> None:
        try:
            fetch(running.url + "/api/v1/models", timeout=20)
            outcome.append(None)
        except (OSError, http.client.HTTPException) as error:
            outcome.append(error)

    client = threading.Thread(target=waiting_client)
    client.start()
    deadline = time.monotonic() + 2
    while len(running.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    running.stop()
    assert time.monotonic() - started < 1
    client.join(timeout=2)
    assert not client.is_alive()
    assert outcome and outcome[0] is not None


def test_slow_answers_normally_after_a_delay(server: CatalogServer) -> None:
    server.fault = "slow"
    started = time.monotonic()
    reply = fetch(server.url + "/api/v1/models", timeout=5)
    assert time.monotonic() - started >= 1.4
    assert reply.status == 200 and reply.json()["success"] is True


def test_huge_streams_valid_json_and_tolerates_hangups(
    server: CatalogServer, capfd: pytest.CaptureFixture[str]
) -> None:
    server.fault = "huge"
    baseline = threading.active_count()
    request = urllib.request.Request(server.url + "/api/v1/models")
    with _OPENER.open(request, timeout=5) as response:
        length = int(response.headers["Content-Length"])
        assert 55_000_000 <= length <= 65_000_000
        assert response.read(10) == b'{"data": ['
    # Hung up after 10 bytes; the handler must notice and exit quietly.
    deadline = time.monotonic() + 3
    while threading.active_count() > baseline and time.monotonic() < deadline:
        time.sleep(0.02)
    assert threading.active_count() == baseline

    with _OPENER.open(request, timeout=10) as response:
        body = response.read()
    assert len(body) == length
    assert body.endswith(b'], "message": "", "success": true}')
    first_entry = json.loads(body[len(b'{"data": [') : body.index(b',{"model_id"')])
    assert first_entry["model_id"] == "huge-0000000"
    assert capfd.readouterr().err == ""


def test_every_fault_mode_is_covered() -> None:
    covered = set(SIMPLE_FAULTS) | {"502", "truncated", "hang", "slow", "huge"}
    assert covered == FAULT_MODES


# ---------------------------------------------------------------- lifecycle


def test_lifecycle(capfd: pytest.CaptureFixture[str]) -> None:
    idle = CatalogServer()
    with pytest.raises(RuntimeError):
        _ = idle.url
    idle.stop()  # stopping a server that never started is harmless
    with idle:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", idle.url)
        with pytest.raises(RuntimeError):
            idle.start()
        # A client that gives up mid-request must not produce a traceback.
        host, port = idle.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=2) as raw:
            raw.sendall(b"GET /api/v1/models HTTP/1.1\r\nHost: x\r\n\r\n")
        fetch(idle.url + "/api/v1/models")
    assert capfd.readouterr().err == ""


def test_command_line_prints_url_and_serves() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.catalog_server", "--models", "25"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        data = fetch(url + "/api/v1/models").json()["data"]
        assert len(data) == 25
        assert data[0]["model_id"] == "gpt-5-0"
    finally:
        process.terminate()
        process.wait(timeout=5)
    assert process.stderr is not None
    assert process.stderr.read() == ""
