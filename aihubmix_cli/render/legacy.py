"""The OpenAI-compatible list (`/v1/models`) as a view; JSON carries the objects as received."""

from __future__ import annotations

from typing import Any

from aihubmix_cli.text import terminal_safe

from .columns import UNKNOWN, Column
from .writers import View


def _owner(entry: dict[str, Any]) -> str:
    from aihubmix_cli.legacy import owner

    return terminal_safe(owner(entry) or "")


def _created(entry: dict[str, Any], pattern: str) -> str:
    from aihubmix_cli.legacy import created

    when = created(entry)
    return "" if when is None else when.strftime(pattern)


LEGACY_COLUMNS = (
    Column("id", "ID", lambda e: terminal_safe(e["id"]), lambda e: terminal_safe(e["id"])),
    Column("owned_by", "Owner", lambda e: _owner(e) or UNKNOWN, _owner, drop_rank=1),
    Column(
        "created",
        "Created",
        lambda e: _created(e, "%Y-%m-%d") or UNKNOWN,
        lambda e: _created(e, "%Y-%m-%dT%H:%M:%SZ"),
        drop_rank=2,
    ),
)

LEGACY_VIEW = View(LEGACY_COLUMNS, lambda entry: entry, lambda entry: entry["id"])
