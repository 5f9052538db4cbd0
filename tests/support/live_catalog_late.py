"""The live-shaped catalog as the late-2026 service sends it: `live_catalog` plus the entries
that carry the fields it added (`reasoning`, `reasoning_options` in each of its forms,
`tool_call`, `vendor`, `variant_of`, `output_modalities`, `release_date`), `-free` routes
priced $0 beside their paid model, and a `max_output` at or above `context_length`.

`late_catalog(count)` is `live_catalog(count)` with `LATE` added (an entry of the same id is
replaced); with `count` at most len(NAMED) it is exactly NAMED + LATE, a small catalog whose
every answer is independent of the generator. Either way it holds each entry shape the live
catalog sends: full, untyped, bare (id and price only), no endpoints, max_output >=
context_length, case-only twins, and the new fields.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.support.live_catalog import NAMED, live_catalog

P = "pricing"
EFFORT = ["minimal", "low", "medium", "high"]
# Fields gpt-5's entry gains in late 2026 (NAMED has it as of mid-2026).
GPT5_LATE: dict[str, Any] = {
    "reasoning_options": [{"type": "effort", "values": EFFORT, "default": "medium"}],
}
LATE: list[dict[str, Any]] = [
    {"model_id": "deepseek-v3.2", "model_name": "DeepSeek V3.2", "vendor": "deepseek",
     "desc": "DeepSeek-V3.2 with thinking and non-thinking modes.",
     P: {"cache_read": 0.028, "input": 0.28, "output": 0.42}, "types": "llm",
     "features": "thinking,tools,function_calling", "input_modalities": "text",
     "output_modalities": "text", "context_length": 128000, "max_output": 128000,
     "reasoning": True, "tool_call": True, "reasoning_options": [{"type": "toggle"}],
     "release_date": "2025-12-01", "open_weights": True, "retire_stage": "active"},
    {"model_id": "claude-sonnet-5", "model_name": "Claude Sonnet 5", "vendor": "anthropic",
     "desc": "Claude Sonnet 5. Sampling parameters are fixed: a request with a non-default "
     "temperature is refused.",
     P: {"cache_read": 0.3, "cache_write": 3.75, "input": 3, "output": 15}, "types": "llm",
     "features": "thinking,tools,function_calling", "input_modalities": "text,image,pdf",
     "context_length": 1000000, "reasoning": True, "tool_call": True,
     "reasoning_options": [{"type": "budget_tokens"}], "release_date": "2026-09-30"},
    {"model_id": "o3-pro", "model_name": "o3-pro", "vendor": "openai",
     "desc": "o3-pro thinks longer for the most reliable answers.",
     P: {"input": 20, "output": 80}, "types": "llm",
     "features": "thinking,tools,function_calling,structured_outputs",
     "input_modalities": "text,image", "context_length": 200000, "max_output": 100000,
     "endpoints": "responses", "reasoning": True, "tool_call": True,
     "reasoning_options": [{"type": "effort", "values": ["high"], "default": "high"}]},
    {"model_id": "gpt-4-32k", "desc": "GPT-4 with a 32K context window (legacy).",
     P: {"input": 60, "output": 120}, "types": "llm", "input_modalities": "text",
     "context_length": 32768, "max_output": 0},
    {"model_id": "gpt-5.5", "model_name": "GPT-5.5", "vendor": "openai",
     P: {"cache_read": 0.5, "input": 5, "output": 30}, "types": "llm",
     "features": "thinking,tools,function_calling,structured_outputs,web",
     "input_modalities": "text,image,pdf", "context_length": 1050000, "max_output": 128000,
     "reasoning": True, "tool_call": True, "release_date": "2026-11-12"},
    {"model_id": "gpt-5.5-free", "model_name": "GPT-5.5 (free)", "vendor": "openai",
     "desc": "Free route of gpt-5.5, rate-limited; quota per day.",
     P: {"input": 0, "output": 0}, "types": "llm",
     "features": "thinking,tools,function_calling,structured_outputs,web,long_context",
     "input_modalities": "text,image,audio,video,pdf", "context_length": 1050000,
     "reasoning": True, "tool_call": True, "variant_of": "gpt-5.5"},
    {"model_id": "coding-glm-5.2-free", "vendor": "zhipu", "variant_of": "glm-5.2",
     P: {"input": 0, "output": 0}, "types": "llm",
     "features": "thinking,tools,function_calling", "input_modalities": "text",
     "context_length": 200000, "reasoning": True, "tool_call": True},
    {"model_id": "doubao-seed-1-6-thinking", "vendor": "bytedance",
     P: {"input": 0.109589, "output": 1.095896}, "types": "llm",
     "features": "thinking，tools,function_calling",
     "input_modalities": "text,image", "context_length": 256000, "max_output": 32768,
     "reasoning": True, "tool_call": True,
     "reasoning_options": [{"type": "effort", "values": ["no_think", "instant", "low", "high"]}]},
]  # fmt: skip


def late_catalog(count: int = 804, seed: int = 2026) -> list[dict[str, Any]]:
    """`live_catalog(count, seed)` with the late-2026 entries; NAMED + LATE when small."""
    base = live_catalog(count, seed) if count > len(NAMED) else copy.deepcopy(NAMED)
    late = {entry["model_id"]: copy.deepcopy(entry) for entry in LATE}
    result = []
    for entry in base:
        grown = {**entry, **copy.deepcopy(GPT5_LATE)} if entry.get("model_id") == "gpt-5" else entry
        result.append(late.pop(grown.get("model_id"), grown))
    return result + list(late.values())


def without_endpoints(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same entries with no `endpoints` field, as every bundled entry and most live ones."""
    return [{k: v for k, v in entry.items() if k != "endpoints"} for entry in entries]
