"""The catalog snapshot shipped in the package, read here without aihub's own code."""

from __future__ import annotations

import gzip
import json
from datetime import date
from typing import Any

from aihubmix_cli import __version__
from tests.conftest import REPO

SNAPSHOT_FILE = REPO / "aihubmix_cli" / "data" / "catalog-snapshot.json.gz"
# A rebuild must bring a catalog at least this recent: an older one would be a step back.
NOT_OLDER_THAN = date(2026, 7, 1)
# PublicProviderConf's stand-in for an unknown context window, which must not survive.
PLACEHOLDER_CONTEXT = 8192


def snapshot_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(gzip.decompress(SNAPSHOT_FILE.read_bytes()))
    return document


def snapshot_ids() -> list[str]:
    return [entry["model_id"] for entry in snapshot_document()["data"]]


def snapshot_ids_output() -> str:
    """What `aihub list -o ids` prints for the snapshot: every id, in the server's order."""
    return "".join(f"{model_id}\n" for model_id in snapshot_ids())


def snapshot_day() -> str:
    taken: str = snapshot_document()["aihub_snapshot"]["taken"]
    return taken[:10]


def bundled_suffix() -> str:
    """How the warning ends when the snapshot answers."""
    return f"; showing the catalog bundled with aihub {__version__}, taken {snapshot_day()}"


def bundled_warning(reason: str) -> str:
    """The one line on stderr when the snapshot answers."""
    return f"aihub: warning: {reason}{bundled_suffix()}\n"
