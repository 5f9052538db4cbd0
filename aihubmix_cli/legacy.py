"""The OpenAI-compatible model list (`/v1/models`): what a key can call, as plain data.

The published page documents a full object (with `permission`, `root`, `parent`); the live
service mostly sends `{id, object, created, owned_by}`. Both are accepted, and `--json` hands
the objects on exactly as received.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, NamedTuple
from urllib.parse import quote

from aihubmix_cli.catalog import load_object, parse_envelope
from aihubmix_cli.errors import BadResponseError

LIST_PATH = "/v1/models"
SORT_KEYS = ("id", "created", "owner")


def model_path(model_id: str) -> str:
    """`/v1/models/{id}` with the id encoded whole: `Qwen/QwQ-32B` is one path segment."""
    return f"{LIST_PATH}/{quote(model_id, safe='')}"


class LegacyList(NamedTuple):
    entries: list[dict[str, Any]]
    skipped: int  # entries without a usable id


def parse_list(body: bytes) -> LegacyList:
    """The entries of a `/v1/models` answer, and how many had no usable id."""
    data = parse_envelope(body)  # the same {"data": [...]} shape as the catalog's
    entries = [entry for entry in data if isinstance(entry, dict) and _usable_id(entry)]
    return LegacyList(entries, len(data) - len(entries))


def parse_model(body: bytes) -> dict[str, Any]:
    entry = load_object(body)
    if not _usable_id(entry):
        raise BadResponseError("the server's answer is not a model (no id)")
    return entry


def _usable_id(entry: dict[str, Any]) -> bool:
    model_id = entry.get("id")
    return isinstance(model_id, str) and bool(model_id.strip())


def owner(entry: dict[str, Any]) -> str | None:
    value = entry.get("owned_by")
    return value if isinstance(value, str) and value else None


def created(entry: dict[str, Any]) -> datetime | None:
    """`created` (Unix seconds) as a UTC time, or None when absent or absurd."""
    value = entry.get("created")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    try:
        return datetime.fromtimestamp(value, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def select(
    entries: Sequence[dict[str, Any]],
    *,
    model: str | None = None,
    owner_name: str | None = None,
    sort: str | None = None,
    descending: bool = False,
) -> list[dict[str, Any]]:
    """Filter (part of the id, owner; any case) and sort; without `sort`, the server's order."""
    chosen = list(entries)
    if model:
        needle = model.casefold()
        chosen = [e for e in chosen if needle in e["id"].casefold()]
    if owner_name:
        wanted = owner_name.casefold()
        chosen = [e for e in chosen if (owner(e) or "").casefold() == wanted]
    if sort is None:
        return chosen[::-1] if descending else chosen
    if sort not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort!r}")

    def value(entry: dict[str, Any]) -> Any:
        if sort == "id":
            return (entry["id"].casefold(), entry["id"])
        if sort == "owner":
            name = owner(entry)
            return None if name is None else (name.casefold(), entry["id"].casefold())
        when = created(entry)
        return None if when is None else when.timestamp()

    known = [(value(e), e) for e in chosen if value(e) is not None]
    unknown = [e for e in chosen if value(e) is None]
    known.sort(key=lambda pair: pair[0], reverse=descending)
    return [entry for _, entry in known] + unknown
