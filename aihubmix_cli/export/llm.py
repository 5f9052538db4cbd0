"""Simon Willison's llm (`extra-openai-models.yaml` in `llm logs path`'s folder).

Models get ids `aihubmix/<id>`: llm ships models named like the gateway's (gpt-5, o3), and
a plain id would shadow them. llm has no fields for limits or prices. `api_key_name` makes
llm use the key stored with `llm keys set aihubmix`; without one stored it would send
OPENAI_API_KEY to the gateway, so the export says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aihubmix_cli.catalog import Model
from aihubmix_cli.export import base, yamltext

KEY_NAME = "aihubmix"
PREFIX = "aihubmix/"
KEY_HINT = (
    f"llm reads the key it stores as '{KEY_NAME}': run `llm keys set {KEY_NAME}` once "
    "(without it, llm sends OPENAI_API_KEY to AIHubMix)"
)

KIND = "YAML"  # the format of the file --merge writes into
ONE_MODEL = False
WANTED = "chat models"
accept = base.is_chat


def entry(model: Model, base_url: str) -> dict[str, Any]:
    item: dict[str, Any] = {
        "model_id": PREFIX + model.id,
        "model_name": model.id,
        "api_base": base.api_base(base_url),
        "api_key_name": KEY_NAME,
    }
    for field, value in (
        ("supports_tools", base.tools(model)),
        ("supports_schema", base.structured_outputs(model)),
        ("vision", base.accepts(model, "image")),
        ("reasoning", base.reasoning(model)),
    ):
        if value is not None:
            item[field] = value
    speaks = base.endpoints(model)
    # Models the gateway serves through the Responses API only (gpt-5-codex, gpt-5-pro).
    if "responses" in speaks and "chat_completions" not in speaks:
        item["responses"] = True
    return item


def export(models: Sequence[Model], base_url: str) -> base.Export:
    items = [entry(m, base_url) for m in models]
    return base.Export(yamltext.block(items, ""), [KEY_HINT])


def merge(old: str | None, models: Sequence[Model], base_url: str) -> base.Export:
    """The user's list with aihub's entries replaced (or added at the end)."""
    if old is None or not old.strip():
        return export(models, base_url)
    items = [entry(m, base_url) for m in models]
    return base.Export(yamltext.merge_top_list(old, items), [KEY_HINT])
