"""The query semantics of GET /api/v1/models on the loopback catalog server
(tests/support/catalog_server.py): filters and sorts as the live service applies them, its
bugs included (docs/live-service.md)."""

from __future__ import annotations

import hashlib
from typing import Any

# The service accepts the pre-2025 type names and treats them as synonyms.
_TYPE_ALIASES = {
    "t2t": "llm",
    "t2i": "image_generation",
    "t2v": "video",
    "reranking": "rerank",
}


class _BadRequest(Exception):
    """Raised by query handling to produce the service's generic 400."""


# --------------------------------------------------------------------------
# Query semantics of GET /api/v1/models
# --------------------------------------------------------------------------


def _parts(value: Any) -> list[str]:
    """Split one of the catalog's comma-string fields; null/empty give []."""
    if not isinstance(value, str):
        return []
    return [p.strip().lower() for p in value.split(",") if p.strip()]


def _canonical_type(name: str) -> str:
    return _TYPE_ALIASES.get(name, name)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def is_coding(entry: dict[str, Any]) -> bool:
    """The server-only "coding" tag: not a field, so clients cannot see it."""
    model_id = entry.get("model_id")
    desc = entry.get("desc")
    # "code" also covers codex, coder and codestral.
    if isinstance(model_id, str) and "code" in model_id.lower():
        return True
    return isinstance(desc, str) and "coding" in desc.lower()


def _hidden_ratio(entry: dict[str, Any]) -> float | None:
    """Cost-effectiveness as only the server knows it.

    Blends input and output prices and divides by a per-model "quality"
    factor derived from a hash of the id, so the order is stable across runs
    yet cannot be reproduced from any field in the response.
    """
    pricing = entry.get("pricing")
    if not isinstance(pricing, dict):
        return None
    price_in = _number(pricing.get("input"))
    if price_in is None:
        return None
    price_out = _number(pricing.get("output"))
    blended = (3 * price_in + (price_in if price_out is None else price_out)) / 4
    digest = hashlib.sha256(str(entry.get("model_id", "")).encode("utf-8")).digest()
    quality = 0.5 + digest[0] / 255 * 2.5
    return blended / quality


def _context_as_text(entry: dict[str, Any]) -> str:
    # Reproduces the live bug: the field is compared as a string, so "50500"
    # ranks above "400000" in a descending sort.
    value = entry.get("context_length")
    return "" if value is None else str(value)


def filter_and_sort(entries: list[dict[str, Any]], query: dict[str, str]) -> list[dict[str, Any]]:
    """Apply the catalog's query parameters the way the live service does."""
    wanted_types = {_canonical_type(t) for t in _parts(query.get("type"))}
    wanted_modalities = set(_parts(query.get("modalities")))
    wanted_features = set(_parts(query.get("features")))
    name_part = query.get("model", "").strip().lower()
    tag = query.get("tag", "").strip().lower()

    selected: list[dict[str, Any]] = []
    for entry in entries:
        if wanted_types:
            # A multi-type entry ("llm,search") matches any of its types, and a
            # comma list in the query is read as "any of these types".
            have = {_canonical_type(t) for t in _parts(entry.get("types"))}
            if not have & wanted_types:
                continue
        if not wanted_modalities <= set(_parts(entry.get("input_modalities"))):
            continue
        if not wanted_features <= set(_parts(entry.get("features"))):
            continue
        if name_part:
            model_id = entry.get("model_id")
            if not isinstance(model_id, str) or name_part not in model_id.lower():
                continue
        if tag and (tag != "coding" or not is_coding(entry)):
            # Only "coding" exists; any other tag simply matches nothing.
            continue
        selected.append(entry)

    sort_by = query.get("sort_by", "").strip().lower()
    sort_order = query.get("sort_order", "").strip().lower()
    if sort_order not in ("", "asc", "desc"):
        raise _BadRequest(sort_order)

    if sort_by == "":
        return selected
    if sort_by == "order":
        return selected[::-1] if sort_order == "desc" else selected
    if sort_by == "context_length":
        # sorted() with reverse=True keeps equal keys in list order, as the
        # live service does.
        return sorted(selected, key=_context_as_text, reverse=sort_order != "asc")
    if sort_by == "model_ratio":
        rated = [(r, e) for e in selected if (r := _hidden_ratio(e)) is not None]
        unrated = [e for e in selected if _hidden_ratio(e) is None]
        rated.sort(key=lambda pair: pair[0], reverse=sort_order == "desc")
        return [e for _, e in rated] + unrated
    if sort_by == "coding":
        # The page says coding models come first and the rest keep the
        # default order; sort_order has no effect.
        return [e for e in selected if is_coding(e)] + [e for e in selected if not is_coding(e)]
    raise _BadRequest(sort_by)
