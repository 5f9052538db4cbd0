"""A plain urllib client for the tests of the fake catalog server
(tests/support/test_catalog_server*.py): it never follows a redirect, and an HTTP error is a
reply like any other."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from email.message import Message
from typing import Any


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # Redirects are a fault under test, so they must surface, not be followed.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class Reply:
    def __init__(self, status: int, headers: Message[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


def fetch(
    url: str, headers: dict[str, str] | None = None, *, timeout: float = 5.0, method: str = "GET"
) -> Reply:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, error.headers, error.read())


def ids(reply: Reply) -> list[str]:
    return [e["model_id"] for e in reply.json()["data"] if "model_id" in e]
