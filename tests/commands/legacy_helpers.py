"""What the tests of `aihub legacy` and `aihub list --mine` (tests/commands/test_legacy_*.py)
share: the /v1/models lists a loopback server answers, per key, and the servers as fixtures."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Aihub
from tests.support.catalog_server import CatalogServer, RecordedRequest

LEGACY_PATH = "/v1/models"

# Both shapes seen in practice: the short {id, object, created, owned_by} the live service
# sends, and the full documented object with permission/root/parent. Two entries lack a
# usable `created` (missing, and not a number), one lacks an owner, two tie on `created`.
SMALL: list[dict[str, Any]] = [
    {"id": "zeta-chat", "object": "model", "created": 1700000000, "owned_by": "OpenAI"},
    {
        "id": "Acme/Coder-7B",
        "object": "model",
        "created": 1600000000,
        "owned_by": "acme",
        "permission": [
            {
                "id": "modelperm-acme1",
                "object": "model_permission",
                "created": 1600000000,
                "allow_sampling": True,
                "allow_fine_tuning": False,
                "organization": "*",
                "group": None,
            }
        ],
        "root": "Acme/Coder-7B",
        "parent": None,
    },
    {"id": "beta-embed", "object": "model", "owned_by": "openai"},
    {"id": "alpha-tts", "object": "model", "created": 1700000000, "owned_by": "Acme"},
    {"id": "mystery", "object": "model", "created": "soon"},
]

KEY_A = "sk-test-alpha-0001"
KEY_B = "sk-test-bravo-0002"
DEFAULT_LIST = [
    {"id": "gpt-5", "object": "model", "created": 1754524800, "owned_by": "OpenAI"},
    {"id": "o3", "object": "model", "created": 1744761600, "owned_by": "OpenAI"},
]
LIST_A = [  # not in catalog order: claude-sonnet-4-5 comes after gpt-5 in the catalog
    {"id": "claude-sonnet-4-5", "object": "model", "created": 1759104000, "owned_by": "Anthropic"},
    {"id": "gpt-5", "object": "model", "created": 1754524800, "owned_by": "OpenAI"},
    {"id": "team-a-private", "object": "model", "created": 1760000000, "owned_by": "custom"},
]
LIST_B = [
    {"id": "kimi-k2", "object": "model", "created": 1752192000, "owned_by": "Moonshot"},
]

BUNDLED_NOTE = "the catalog bundled with aihub cannot say which models a key can call"


# -- helpers -----------------------------------------------------------------------------------


def list_requests(server: CatalogServer) -> list[RecordedRequest]:
    return server.requests_to(LEGACY_PATH)


def authorizations(requests: Sequence[RecordedRequest]) -> list[str | None]:
    return [request.headers.get("authorization") for request in requests]


def key_env(key: str | None) -> dict[str, str | None]:
    return {"AIHUBMIX_API_KEY": key}


def ids_of(entries: Sequence[dict[str, Any]]) -> str:
    return "".join(entry["id"] + "\n" for entry in entries)


def legacy_ids(aihub: Aihub, *args: str, key: str | None = None) -> list[str]:
    result = aihub("legacy", "-o", "ids", *args, env=key_env(key))
    assert result.code == 0, result.err
    return result.out.splitlines()


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Aihub]:
    with CatalogServer(legacy=SMALL) as server:
        yield Aihub(server, tmp_path / "cache")


@pytest.fixture
def keyed(tmp_path: Path) -> Iterator[Aihub]:
    """A server that checks keys: none -> DEFAULT_LIST, KEY_A -> LIST_A, KEY_B -> LIST_B."""
    lists = {KEY_A: LIST_A, KEY_B: LIST_B}
    with CatalogServer(legacy=DEFAULT_LIST, keyed_legacy=lists) as server:
        yield Aihub(server, tmp_path / "cache")
