"""opencode (`opencode.json`): one provider block of its own, with every selected model.

opencode's config schema (packages/opencode/src/config/provider.ts) makes `limit.context`
and `limit.output` both required once `limit` is given, and `cost.input` and `cost.output`
both required once `cost` is; a model missing either is written without that block, and
opencode then treats it as unknown, as it does for any model it has no data for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aihubmix_cli.catalog import Model

from . import base, jsonc

# Not "aihubmix": opencode ships a provider of that name and would merge this one into it.
PROVIDER_ID = "aihub"
SCHEMA = "https://opencode.ai/config.json"
# The input and output kinds opencode's schema accepts.
MODALITIES = ("text", "audio", "image", "video", "pdf")
# The one long-context threshold opencode can price: `cost.context_over_200k`.
LONG_CONTEXT = 200_000


def provider(models: Sequence[Model], base_url: str, notes: list[str]) -> dict[str, Any]:
    no_limit: list[str] = []
    no_cost: list[str] = []
    entries: dict[str, Any] = {}
    for model in models:
        entry = model_entry(model)
        entries[model.id] = entry
        if "limit" not in entry:
            no_limit.append(model.id)
        if "cost" not in entry:
            no_cost.append(model.id)
    if no_limit:
        notes.append(
            "left out limit (opencode needs both the context window and the output limit, "
            f"the catalog lacks one) for: {', '.join(no_limit)}"
        )
    if no_cost:
        notes.append(
            "left out cost (opencode needs both input and output prices, the catalog lacks "
            f"one) for: {', '.join(no_cost)}"
        )
    return {
        "npm": "@ai-sdk/openai-compatible",
        "name": "AIHubMix",
        "options": {"baseURL": base.api_base(base_url), "apiKey": f"{{env:{base.KEY_VARIABLE}}}"},
        "models": entries,
    }


def model_entry(model: Model) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": model.name or model.id}
    if model.context_length is not None and model.max_output is not None:
        entry["limit"] = {"context": model.context_length, "output": model.max_output}
    cost = _cost(model)
    if cost is not None:
        entry["cost"] = cost
    for field, value in (
        ("tool_call", base.tools(model)),
        ("reasoning", base.reasoning(model)),
        ("attachment", _attachment(model)),
    ):
        if value is not None:
            entry[field] = value
    entry["temperature"] = True
    modalities = _modalities(model)
    if modalities:
        entry["modalities"] = modalities
    return entry


def _rates(rates: dict[str, float]) -> dict[str, float] | None:
    if "input" not in rates or "output" not in rates:
        return None
    return {field: rates[field] for field in base.PRICE_FIELDS if field in rates}


def _cost(model: Model) -> dict[str, Any] | None:
    sets = base.rate_sets(model)
    if not sets:
        return None
    cost: dict[str, Any] | None = _rates(sets[0][1])
    if cost is None:
        return None
    for size, rates in sets[1:]:
        over = _rates(rates)
        if size == LONG_CONTEXT and over is not None:
            cost["context_over_200k"] = over
    return cost


def _attachment(model: Model) -> bool | None:
    if not model.input_modalities:
        return None
    return any(m.lower() != "text" for m in model.input_modalities)


def _modalities(model: Model) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    inputs = [m for m in MODALITIES if base.accepts(model, m)]
    if inputs:
        out["input"] = inputs
    raw = model.data.get("output_modalities")
    outputs = [m for m in MODALITIES if isinstance(raw, list) and m in raw] or ["text"]
    if inputs:
        out["output"] = outputs
    return out


def unpriced_tiers(models: Sequence[Model]) -> list[str]:
    return [m.id for m in models if any(t.size != LONG_CONTEXT for t in m.tiers)]


def export(models: Sequence[Model], base_url: str) -> base.Export:
    notes: list[str] = []
    document = {"$schema": SCHEMA, "provider": {PROVIDER_ID: provider(models, base_url, notes)}}
    _tier_note(models, notes)
    return base.Export(jsonc.dumps(document, "") + "\n", notes)


def merge(old: str | None, models: Sequence[Model], base_url: str) -> base.Export:
    """The user's file with `provider.aihub` replaced (or added); nothing else changes."""
    if old is None or not old.strip():
        return export(models, base_url)
    root = jsonc.parse(old)
    if root.members is None:
        raise ValueError("its top level is not a JSON object")
    found = root.member("provider")
    if found is not None and found.value.members is None:
        raise ValueError('its "provider" is not an object')
    notes: list[str] = []
    block = provider(models, base_url, notes)
    _tier_note(models, notes)
    return base.Export(jsonc.set_member(old, ("provider", PROVIDER_ID), block), notes)


def _tier_note(models: Sequence[Model], notes: list[str]) -> None:
    other = unpriced_tiers(models)
    if other:
        notes.append(
            "opencode prices long context only above 200k tokens; left out the other "
            f"long-context rates of: {', '.join(other)}"
        )


KIND = "JSON"  # the format of the file --merge writes into
ONE_MODEL = False
WANTED = "chat models"
accept = base.is_chat
