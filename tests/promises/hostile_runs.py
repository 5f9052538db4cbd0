"""aihub run against hostile catalogs, for tests/promises/test_hostile_*.py: the shared
loopback server, a server answering fixed bytes the catalog server cannot produce, and runs
that must end cleanly."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Aihub, Outcome
from tests.promises.hostile_checks import assert_clean
from tests.support.catalog_server import CatalogServer


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[CatalogServer]:
    with CatalogServer(models=[]) as running:
        yield running


# No colour and no terminal quirks from the developer's shell; a 100-column table.
CLI_ENV: dict[str, str | None] = {"COLUMNS": "100", "TTY_COMPATIBLE": None, "TERM": None}


def run_cleanly(aihub: Aihub, *args: str, code: int = 0) -> Outcome:
    """Run aihub: it exits with `code`, never with a traceback or an "unexpected error",
    and its stderr is clean. A "not found" (3) prints one line on stderr and nothing else."""
    result = aihub(*args, env=CLI_ENV)
    where = " ".join(args)
    assert "Traceback" not in result.err, (where, result.err)
    assert "unexpected error" not in result.err, (where, result.err)
    assert_clean(result.err, f"{where} (stderr)")
    assert result.code == code, (where, result.code, result.err)
    if code == 3:
        assert result.out == "", where
        assert result.err.count("\n") == 1 and result.err.endswith("\n"), (where, result.err)
    return result


@pytest.fixture
def aihub(hostile_server: CatalogServer, tmp_path: Path) -> Aihub:
    """aihub against the shared hostile server, with a cache of its own."""
    return Aihub(hostile_server, tmp_path / "cache")


class RawCatalog:
    """A loopback server answering every GET with one fixed body: bytes the catalog server
    cannot produce, such as `1e999` or an escaped lone surrogate."""

    def __init__(self, body: bytes) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> RawCatalog:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@contextmanager
def raw_catalog(aihub: Aihub, body: bytes) -> Iterator[Aihub]:
    """`aihub` pointed at a RawCatalog serving `body`."""
    with RawCatalog(body) as raw:
        aihub.url = raw.url
        yield aihub


def succeeded(aihub: Aihub, *args: str) -> str:
    """stdout of a run that must succeed, checked clean (the cells, for plain text) unless
    it is JSON, which keeps the text exactly."""
    result = run_cleanly(aihub, *args)
    where = " ".join(args)
    if "--json" in args or "jsonl" in args:
        pass
    elif "plain" in args:
        for cell in result.out.replace("\n", "\t").split("\t"):
            assert_clean(cell, where, newlines=False)
    else:
        assert_clean(result.out, where)
    return result.out
