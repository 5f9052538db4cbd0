"""What the tests of the on-disk HTTP cache (aihubmix_cli.store.cache) share: the keys, a
fixed clock, an entry and its encoded header."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from aihubmix_cli.store.cache import CacheEntry, Freshness, encode

KEY = "/v1/models"
OTHER_KEY = "/api/v1/models?type=llm"
T0 = 1_750_000_000.0  # a realistic epoch time, so float rounding matches production

ENOSPC = OSError(errno.ENOSPC, "No space left on device")

FRESH = Freshness.FRESH
STALE = Freshness.STALE_USABLE
EXPIRED = Freshness.EXPIRED


def _entry(key: str = KEY, body: bytes = b'{"data":[]}', **fields: Any) -> CacheEntry:
    return CacheEntry(key, body, fields.pop("stored_at", T0), **fields)


def _temporaries(directory: Path) -> list[str]:
    if not directory.exists():
        return []
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".tmp-"))


def _header_of(entry: CacheEntry) -> dict[str, str]:
    """The header line's `name=value` words, in order."""
    words = encode(entry).partition(b"\n")[0].decode("ascii").split(" ")
    return dict(word.partition("=")[::2] for word in words)


def _line(header: dict[str, Any]) -> bytes:
    return " ".join(f"{name}={value}" for name, value in header.items()).encode()


def _with_header(entry: CacheEntry, **changes: Any) -> bytes:
    """A file for `entry` whose header fields are edited but whose body checksum still holds,
    so only the edited field can be the reason it is rejected."""
    header: dict[str, Any] = dict(_header_of(entry))
    header.update(changes)
    return _line(header) + b"\n" + entry.body
