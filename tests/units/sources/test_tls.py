"""Certificates are verified as strictly as ever, with less work before the request: a plain
http:// URL builds no trust store, and https:// reads the system's hashed certificate folder
lazily instead of parsing a whole bundle up front."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from aihubmix_cli.sources import transport
from tests.conftest import Aihub
from tests.support.bundled_catalog import snapshot_ids_output
from tests.support.catalog_server import CatalogServer, load_fixture_models


class Tls(NamedTuple):
    url: str
    certificate: Path
    server: CatalogServer


def self_signed(folder: Path) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed (it makes the test certificate)")
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(certificate),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return certificate, key


@pytest.fixture
def tls(tmp_path: Path) -> Iterator[Tls]:
    certificate, key = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    with CatalogServer(load_fixture_models()) as server:
        httpd = server._httpd
        assert httpd is not None
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        yield Tls(server.url.replace("http://", "https://"), certificate, server)


def test_an_untrusted_certificate_is_refused(aihub: Aihub, tls: Tls) -> None:
    result = aihub("list", "-o", "ids", env={"AIHUBMIX_BASE_URL": tls.url})
    assert (result.code, result.out) == (0, snapshot_ids_output())
    assert "CERTIFICATE_VERIFY_FAILED" in result.err
    assert tls.server.requests == []  # nothing was sent over the untrusted connection


def test_a_certificate_trusted_through_ssl_cert_file_is_accepted(aihub: Aihub, tls: Tls) -> None:
    env = {"AIHUBMIX_BASE_URL": tls.url, "SSL_CERT_FILE": str(tls.certificate)}
    result = aihub("list", "-o", "ids", env=env)
    assert result.code == 0 and "gpt-5\n" in result.out
    assert "warning: skipped 1 catalog entry" in result.err  # the server's answer, not a copy
    (request,) = tls.server.requests
    assert request.headers["accept-encoding"] == "gzip, deflate"


def test_a_wrong_host_name_is_refused(aihub: Aihub, tls: Tls) -> None:
    env = {"AIHUBMIX_BASE_URL": tls.url, "SSL_CERT_FILE": str(tls.certificate)}
    # The certificate names 127.0.0.1; the same server reached as localhost is refused.
    port = tls.url.rsplit(":", 1)[1]
    env["AIHUBMIX_BASE_URL"] = f"https://localhost:{port}"
    result = aihub("list", "-o", "ids", env=env)
    assert result.out == snapshot_ids_output()
    assert "CERTIFICATE_VERIFY_FAILED" in result.err
    assert "certificate is not valid for 'localhost'" in result.err
    assert tls.server.requests == []
    # A certificate refused is no silence: the next run asks again, and is refused again.
    again = aihub("list", "-o", "ids", env=env)
    assert "certificate is not valid for 'localhost'" in again.err


def test_plain_http_builds_no_trust_store_and_https_parses_none_up_front(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    plain = transport._tls_context("http")
    assert isinstance(plain, ssl.SSLContext)
    # Stricter than any real one: verification required, and nothing to trust.
    assert (plain.verify_mode, plain.check_hostname) == (ssl.CERT_REQUIRED, True)
    assert plain.cert_store_stats()["x509"] == 0
    secure = transport._tls_context("https")
    if secure is True:
        pytest.skip("no hashed certificate folder here: httpx's own default (certifi) is used")
    assert isinstance(secure, ssl.SSLContext)
    assert (secure.verify_mode, secure.check_hostname) == (ssl.CERT_REQUIRED, True)
    # The system's certificates are looked up when a chain needs them, not parsed now.
    assert secure.cert_store_stats()["x509"] == 0


def test_a_revalidation_loads_no_part_of_httpx_it_does_not_use(aihub: Aihub) -> None:
    """httpx imports its command-line client (click, rich, pygments) when click is installed,
    and httpcore HTTP/2 (h2) when h2 is: neither is used, and aihub keeps them out."""
    assert aihub("list").code == 0
    probe = (
        "import sys\n"
        "from aihubmix_cli.__main__ import main\n"
        "code = main(['list', '--json', '--refresh'])\n"
        "unused = ('click', 'pygments', 'h2', 'httpx._main', 'anyio', 'trio')\n"
        "print(code, 'httpcore' in sys.modules, [m for m in unused if m in sys.modules])\n"
        "import httpx\n"
        "print(callable(httpx.main))\n"
    )
    env = {k: v for k, v in aihub.env().items() if v is not None}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.splitlines()[-2:] == ["0 True []", "True"], result.stderr
    assert len(aihub.catalog_requests()) == 2
    (revalidation,) = aihub.catalog_requests()[1:]
    assert "if-none-match" in revalidation.headers
    assert revalidation.headers["accept-encoding"] == "gzip, deflate"
