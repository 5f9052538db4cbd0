"""LiteLLM proxy (`config.yaml`): one `model_list` entry per model, priced per token.

LiteLLM knows AIHubMix as the provider `aihubmix` (an OpenAI-compatible route reading
AIHUBMIX_API_KEY), so models are written as `aihubmix/<id>`; `api_base` is written too, so
the entry follows AIHUBMIX_BASE_URL. `model_info` prices override LiteLLM's own price map
for these deployments. Long-context tiers become LiteLLM's `*_above_<N>_tokens` rates,
which, as in aihub, bill the whole request once the input exceeds N tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aihubmix_cli.catalog import Model
from aihubmix_cli.export import base, yamltext

PROVIDER = "aihubmix"
# catalog price field -> LiteLLM model_info field (USD per token)
COST_FIELDS = {
    "input": "input_cost_per_token",
    "output": "output_cost_per_token",
    "cache_read": "cache_read_input_token_cost",
    "cache_write": "cache_creation_input_token_cost",
}
HEADER = (
    "# LiteLLM proxy models written by `aihub export litellm` from the AIHubMix catalog.\n"
    f"# The key is read from the environment: export {base.KEY_VARIABLE}=...\n"
)

KIND = "YAML"  # the format of the file --merge writes into
ONE_MODEL = False
WANTED = "models priced per token"


def accept(model: Model) -> bool:
    return model.token_priced


def _mode(model: Model) -> str:
    types = {t.lower() for t in model.types}
    if types and types <= {"embedding"}:
        return "embedding"
    if types and types <= {"rerank"}:
        return "rerank"
    return "chat"


def model_info(model: Model) -> dict[str, Any]:
    info: dict[str, Any] = {"mode": _mode(model)}
    sets = base.rate_sets(model)
    for size, rates in sets:
        suffix = "" if size is None else f"_above_{size}_tokens"
        for field, name in COST_FIELDS.items():
            if field in rates:
                info[name + suffix] = base.per_token(rates[field])
    if model.context_length is not None:
        info["max_input_tokens"] = model.context_length
    ceiling = base.output_limit(model)
    if ceiling is not None:
        info["max_output_tokens"] = ceiling
    for name, value in (
        ("supports_function_calling", base.tools(model)),
        ("supports_vision", base.accepts(model, "image")),
        ("supports_reasoning", base.reasoning(model)),
        ("supports_response_schema", base.structured_outputs(model)),
        ("supports_pdf_input", base.accepts(model, "pdf")),
    ):
        if value is not None:
            info[name] = value
    return info


def entry(model: Model, base_url: str) -> dict[str, Any]:
    return {
        "model_name": model.id,
        "litellm_params": {
            "model": f"{PROVIDER}/{model.id}",
            "api_base": base.api_base(base_url),
            "api_key": f"os.environ/{base.KEY_VARIABLE}",
        },
        "model_info": model_info(model),
    }


def _notes(models: Sequence[Model]) -> list[base.Note]:
    notes: list[base.Note] = []
    unpriced = [m.id for m in models if not m.prices]
    if unpriced:
        notes.append(
            base.Listed(
                "the catalog has no prices for these, so LiteLLM will use its own or none",
                unpriced,
            )
        )
    for key, what, unknown in (
        ("max_input_tokens", "context window", [m.id for m in models if m.context_length is None]),
        (
            "max_output_tokens",
            "output limit",
            [m.id for m in models if base.output_limit(m) is None],
        ),
    ):
        if unknown:
            notes.append(base.Listed(f"left out {key} (the catalog has no {what}) for", unknown))
    return notes


def export(models: Sequence[Model], base_url: str) -> base.Export:
    items = [entry(m, base_url) for m in models]
    return base.Export(HEADER + "model_list:\n" + yamltext.block(items, "  "), _notes(models))


def merge(old: str | None, models: Sequence[Model], base_url: str) -> base.Export:
    """The user's config with aihub's `model_list` entries replaced (or added first)."""
    if old is None or not old.strip():
        return export(models, base_url)
    items = [entry(m, base_url) for m in models]
    return base.Export(yamltext.merge_under_key(old, "model_list", items), _notes(models))
