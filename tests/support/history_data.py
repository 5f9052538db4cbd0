"""The catalog history bundled with aihub, read here without aihub's own code: what tests of
`history`, `--as-of` and `changes --since` compare aihub's answers with."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone
from typing import Any

from tests.conftest import REPO

HISTORY_FILE = REPO / "aihubmix_cli" / "data" / "catalog-history.json.gz"


def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(gzip.decompress(HISTORY_FILE.read_bytes()))
    return loaded


def times() -> list[int]:
    total, found = 0, []
    for delta in document()["versions"]:
        total += delta
        found.append(total)
    return found


def iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def seconds(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp())


def catalog_at(day: str) -> dict[str, dict[str, Any]]:
    """Each model id present in the newest version at or before `day`, with its state."""
    when = seconds(day)
    index = max(i for i, t in enumerate(times()) if t <= when)
    found = {}
    for model_id, runs in document()["models"].items():
        for first, last, state in runs:
            if first <= index <= last:
                found[model_id] = state
    return found


def price_steps(model_id: str, field: str) -> list[tuple[str, Any]]:
    """(first seen, price) each time `field` took a new value."""
    steps: list[tuple[str, Any]] = []
    moments = times()
    for first, _, state in document()["models"][model_id]:
        price = state.get("pricing", {}).get(field)
        if not steps or steps[-1][1] != price:
            steps.append((iso(moments[first]), price))
    return steps


def ids_at(day: str) -> list[str]:
    """The ids of the newest version at or before `day`, in the server's order then."""
    when = seconds(day)
    index = max(i for i, t in enumerate(times()) if t <= when)
    loaded = document()
    order = [o for first, o in loaded["orders"] if first <= index][-1]
    return [loaded["ids"][i] for i in order]
