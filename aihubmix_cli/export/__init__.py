"""Configuration for other tools: one module per tool, each with `export` and `merge`.

A target module provides:
- `export(models, base_url) -> Export`: the whole config for the selected models;
- `merge(old_text_or_None, models, base_url) -> Export`: the user's file with only aihub's
  part replaced; ValueError for a file it cannot parse;
- `accept(model) -> bool` and `WANTED`: which models the tool can use, in words;
- `ONE_MODEL`: whether it configures a single model.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Command-line name -> module, most used first.
TOOLS = {
    "opencode": "opencode",
    "litellm": "litellm",
    "llm": "llm",
    "claude-code": "claude_code",
    "codex": "codex",
}


def target(tool: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{TOOLS[tool]}")
