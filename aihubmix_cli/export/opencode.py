"""opencode (`opencode.json`): one provider block of its own, with every selected model.

opencode's config schema (packages/opencode/src/config/provider.ts) makes `limit.context`
and `limit.output` both required once `limit` is given, and `cost.input` and `cost.output`
both required once `cost` is. Without `limit` opencode (1.18) reads the context as 0: it
shows none and cannot tell when a session outgrows the window. A model whose context the
catalog gives but not its output limit (most live entries) gets the output ceiling opencode
asks for anyway (see `_limit`), and stderr says so. Without `cost`, opencode counts the
model as free.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aihubmix_cli.catalog import Model
from aihubmix_cli.export import base, jsonc

# Not "aihubmix": opencode ships a provider of that name and would merge this one into it.
PROVIDER_ID = "aihub"
SCHEMA = "https://opencode.ai/config.json"
# The input and output kinds opencode's schema accepts.
MODALITIES = ("text", "audio", "image", "video", "pdf")
# The one long-context threshold opencode can price: `cost.context_over_200k`.
LONG_CONTEXT = 200_000
# What opencode (1.18) asks for as max_tokens when a model has no output limit.
OUTPUT_DEFAULT = 32_000
# The variants opencode makes by itself for a reasoning model of an openai-compatible provider.
OPENCODE_VARIANTS = ("low", "medium", "high")


def provider(models: Sequence[Model], base_url: str, notes: list[base.Note]) -> dict[str, Any]:
    derived: list[str] = []
    no_limit: list[str] = []
    no_cost: list[str] = []
    entries: dict[str, Any] = {}
    for model in models:
        entry = model_entry(model)
        entries[model.id] = entry
        if "limit" not in entry:
            no_limit.append(model.id)
        elif base.output_limit(model) is None:
            output = entry["limit"]["output"]
            derived.append(model.id if output == OUTPUT_DEFAULT else f"{model.id} ({output})")
        if "cost" not in entry:
            no_cost.append(model.id)
    if derived:
        notes.append(
            base.Listed(
                "the catalog gives no output limit: wrote limit.output as opencode's own "
                f"default, {OUTPUT_DEFAULT} (at most half the context), for",
                derived,
            )
        )
    if no_limit:
        notes.append(
            base.Listed(
                "left out limit (opencode needs the context window; the catalog lacks it) for",
                no_limit,
            )
        )
    if no_cost:
        notes.append(
            base.Listed(
                "left out cost (opencode needs both input and output prices, the catalog "
                "lacks one) for",
                no_cost,
            )
        )
    return {
        "npm": "@ai-sdk/openai-compatible",
        "name": "AIHubMix",
        "options": {"baseURL": base.api_base(base_url), "apiKey": f"{{env:{base.KEY_VARIABLE}}}"},
        "models": entries,
    }


def model_entry(model: Model) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": model.name or model.id}
    limit = _limit(model)
    if limit is not None:
        entry["limit"] = limit
    cost = _cost(model)
    if cost is not None:
        entry["cost"] = cost
    for field, value in (
        ("tool_call", base.tools(model)),
        ("reasoning", base.reasoning(model)),
        ("attachment", _attachment(model)),
        ("release_date", model.release_date),
    ):
        if value is not None:
            entry[field] = value
    # No `temperature`: the catalog never says whether a model takes one, and opencode then
    # sends none, which every model accepts.
    modalities = _modalities(model)
    if modalities:
        entry["modalities"] = modalities
    variants = _variants(model)
    if variants:
        entry["variants"] = variants
    return entry


def _limit(model: Model) -> dict[str, int] | None:
    """Both halves when the catalog gives them; with only the context, the output ceiling
    opencode itself uses for a model without one (32,000, its requests are the same), at
    most half the window so that opencode keeps room for the conversation. No context: none.
    """
    context = model.context_length
    if context is None:
        return None
    output = base.output_limit(model)
    return {"context": context, "output": output or min(OUTPUT_DEFAULT, context // 2)}


def _variants(model: Model) -> dict[str, Any]:
    """The catalog's effort levels as opencode's variants (sent as `reasoning_effort`); the
    variants opencode makes by itself for a reasoning model and the catalog does not list
    are switched off. Nothing when the catalog lists no effort levels."""
    levels = base.effort_levels(model)
    if not levels:
        return {}
    variants: dict[str, Any] = {level: {"reasoningEffort": level} for level in levels}
    for level in OPENCODE_VARIANTS:
        variants.setdefault(level, {"disabled": True})
    return variants


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
    listed = [m.lower() for m in raw if isinstance(m, str)] if isinstance(raw, list) else []
    outputs = [m for m in MODALITIES if m in listed]
    if outputs:
        out["output"] = outputs
    return out


def unpriced_tiers(models: Sequence[Model]) -> list[str]:
    return [m.id for m in models if any(t.size != LONG_CONTEXT for t in m.tiers)]


def export(models: Sequence[Model], base_url: str) -> base.Export:
    notes: list[base.Note] = []
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
    notes: list[base.Note] = []
    block = provider(models, base_url, notes)
    _tier_note(models, notes)
    return base.Export(jsonc.set_member(old, ("provider", PROVIDER_ID), block), notes)


def _tier_note(models: Sequence[Model], notes: list[base.Note]) -> None:
    other = unpriced_tiers(models)
    if other:
        notes.append(
            base.Listed(
                "opencode prices long context only above 200k tokens; left out the other "
                "long-context rates of",
                other,
            )
        )


KIND = "JSON"  # the format of the file --merge writes into
ONE_MODEL = False
WANTED = "chat models"
accept = base.is_chat
