"""The late-2026 live-shaped catalog holds every entry shape the live service sends."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.live_catalog import NAMED
from tests.support.live_catalog_late import LATE, late_catalog, without_endpoints

NEW_FIELDS = ("reasoning", "reasoning_options", "tool_call", "vendor", "variant_of",
              "output_modalities", "release_date")  # fmt: skip


def shapes(entries: list[dict[str, Any]]) -> set[str]:
    found = set()
    folded: dict[str, int] = {}
    for entry in entries:
        folded[entry["model_id"].lower()] = folded.get(entry["model_id"].lower(), 0) + 1
        if set(entry) == {"model_id", "pricing"}:
            found.add("bare")
        elif not entry.get("types"):
            found.add("untyped")
        if entry.get("types") and entry.get("features") and entry.get("context_length"):
            found.add("full")
        if "endpoints" not in entry:
            found.add("no endpoints")
        context, ceiling = entry.get("context_length") or 0, entry.get("max_output") or 0
        if context and ceiling >= context:
            found.add("max_output >= context_length")
        found.update(field for field in NEW_FIELDS if field in entry)
        kinds = {o.get("type") for o in entry.get("reasoning_options") or [] if isinstance(o, dict)}
        found.update(f"reasoning_options:{kind}" for kind in kinds)
    if any(n > 1 for n in folded.values()):
        found.add("case-only twins")
    return found


EVERY_SHAPE = {"full", "untyped", "bare", "no endpoints", "max_output >= context_length",
               "case-only twins", *NEW_FIELDS, "reasoning_options:effort",
               "reasoning_options:toggle", "reasoning_options:budget_tokens"}  # fmt: skip


@pytest.mark.parametrize("size", [0, 300, 850])
def test_every_shape_is_there(size: int) -> None:
    entries = late_catalog(size)
    assert shapes(entries) >= EVERY_SHAPE
    ids = [e["model_id"] for e in entries]
    assert len(ids) == len(set(ids))
    assert {e["model_id"] for e in LATE} <= set(ids)
    if size <= len(NAMED):
        assert len(entries) == len(NAMED) + len(LATE)
    assert all("endpoints" not in e for e in without_endpoints(entries))
