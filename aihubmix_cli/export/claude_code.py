"""Claude Code: the environment lines that point it at AIHubMix's Anthropic-style endpoint.

Claude Code appends /v1/messages to ANTHROPIC_BASE_URL itself, and AIHubMix takes the key
the way Anthropic's API does (ANTHROPIC_API_KEY, sent as x-api-key). The key line refers to
AIHUBMIX_API_KEY, so the lines are safe to keep in a shell profile.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from aihubmix_cli.catalog import Model
from aihubmix_cli.export import base

ONE_MODEL = True
MERGE = False
WHAT = "environment lines to source"
ENDPOINT = "claude_api"
WANTED = f"a chat model whose listed endpoints include {ENDPOINT}"


describe = base.by_endpoints


def accept(model: Model) -> bool:
    return base.is_chat(model) and base.speaks(model, ENDPOINT) is not False


def export(models: Sequence[Model], base_url: str) -> base.Export:
    (model,) = models
    lines = [
        "# Claude Code through AIHubMix (aihub export claude-code); source this file.",
        f"export ANTHROPIC_BASE_URL={shlex.quote(base_url.rstrip('/'))}",
        f'export ANTHROPIC_API_KEY="${base.KEY_VARIABLE}"',
        f"export ANTHROPIC_MODEL={shlex.quote(model.id)}",
    ]
    return base.Export("\n".join(lines) + "\n", [])


def merge(old: str | None, models: Sequence[Model], base_url: str) -> base.Export:
    raise ValueError("claude-code's lines are printed, not merged")
