"""The OpenAI-compatible model list (`/v1/models`): what a key can call, as plain data.

The published page documents a full object (with `permission`, `root`, `parent`); the live
service mostly sends `{id, object, created, owned_by}`. Both are accepted, and `--json` hands
the objects on exactly as received.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any, NamedTuple
from urllib.parse import quote

from aihubmix_cli.base.errors import BadResponseError
from aihubmix_cli.catalog import load_object, parse_envelope, sort_known_first

LIST_PATH = "/v1/models"
SORT_KEYS = ("id", "created", "owner")


def model_path(model_id: str) -> str:
    """`/v1/models/{id}` with the id encoded whole: `Qwen/QwQ-32B` is one path segment."""
    return f"{LIST_PATH}/{quote(model_id, safe='')}"


class LegacyList(NamedTuple):
    entries: list[Entry]
    skipped: int  # entries without a usable id


def parse_list(body: bytes) -> LegacyList:
    """The entries of a `/v1/models` answer, and how many had no usable id."""
    data = parse_envelope(body)  # the same {"data": [...]} shape as the catalog's
    entries = [Entry.of(raw) for raw in data if isinstance(raw, dict) and _usable_id(raw)]
    return LegacyList(entries, len(data) - len(entries))


def parse_model(body: bytes) -> dict[str, Any]:
    entry = load_object(body)
    if not _usable_id(entry):
        raise BadResponseError("the server's answer is not a model (no id)")
    return entry


def _usable_id(entry: dict[str, Any]) -> bool:
    model_id = entry.get("id")
    return isinstance(model_id, str) and bool(model_id.strip())


class Entry(NamedTuple):
    """One model of the list, typed: `data` is the object exactly as the server sent it."""

    id: str
    owner: str | None  # `owned_by`, when it is a non-empty string
    created: datetime | None  # `created` (Unix seconds), when it is a sane time
    data: dict[str, Any]

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Entry:
        """The typed view of an entry `parse_list` or `parse_model` accepted (it has an id)."""
        if not _usable_id(raw):
            raise ValueError("a model list entry needs a non-empty string id")
        return cls(raw["id"], owner(raw), created(raw), raw)


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


def _by_id(entry: Entry) -> Any:
    return (entry.id.casefold(), entry.id)


def _by_owner(entry: Entry) -> Any:
    return None if entry.owner is None else (entry.owner.casefold(), entry.id.casefold())


def _by_created(entry: Entry) -> Any:
    return None if entry.created is None else entry.created.timestamp()


_SORT_VALUES: dict[str, Callable[[Entry], Any]] = {
    "id": _by_id,
    "owner": _by_owner,
    "created": _by_created,
}


def select(
    entries: Sequence[Entry],
    *,
    model: str | None = None,
    owner_name: str | None = None,
    sort: str | None = None,
    descending: bool = False,
) -> list[Entry]:
    """Filter (part of the id, owner; any case) and sort; without `sort`, the server's order.

    Unknown owners and times sort last in either direction, ties in the server's order.
    """
    chosen = list(entries)
    if model:
        needle = model.casefold()
        chosen = [e for e in chosen if needle in e.id.casefold()]
    if owner_name:
        wanted = owner_name.casefold()
        chosen = [e for e in chosen if (e.owner or "").casefold() == wanted]
    if sort is None:
        ordered = chosen[::-1] if descending else chosen
    elif sort in _SORT_VALUES:
        ordered = sort_known_first(chosen, _SORT_VALUES[sort], descending=descending)
    else:
        raise ValueError(f"unknown sort key {sort!r}")
    return ordered
