"""The real tools `aihub export` writes for: where to find them, and what the fixture says.

They are large, so they are optional: `pip install -e '.[integration]'` brings LiteLLM, llm
and PyYAML, and `.ci/run` installs opencode, Codex and Claude Code with npm into `.tools/`.
A test that needs an absent tool skips, unless AIHUB_REQUIRE_INTEGRATION is set (CI sets
it): then it fails.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.support.catalog_server import CATALOG_FIXTURE

REQUIRE = bool(os.environ.get("AIHUB_REQUIRE_INTEGRATION"))
# A value no real key looks like: if it shows up anywhere aihub wrote, the key leaked.
CANARY = "sk-aihub-canary-7f3c9e1d2b4a"


def absent(reason: str) -> None:
    if REQUIRE:
        pytest.fail(f"{reason} (AIHUB_REQUIRE_INTEGRATION is set)")
    pytest.skip(reason)


def need_module(name: str, install: str) -> None:
    if importlib.util.find_spec(name) is None:
        absent(f"{name} is not installed: pip install -e '.[integration]' ({install})")


def npm_tool(name: str, package: str, variable: str) -> str:
    """An npm tool's binary: $VARIABLE, `.tools/` as .ci/run installs it, or PATH."""
    candidates = [
        os.environ.get(variable, ""),
        str(REPO / ".tools" / "node_modules" / ".bin" / name),
        shutil.which(name) or "",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    absent(f"{name} is not installed: npm install --prefix .tools {package} (see .ci/run)")
    raise AssertionError("unreachable")


def opencode() -> str:
    return npm_tool("opencode", "opencode-ai", "AIHUB_OPENCODE")


def codex() -> str:
    return npm_tool("codex", "@openai/codex", "AIHUB_CODEX")


def claude() -> str:
    return npm_tool("claude", "@anthropic-ai/claude-code", "AIHUB_CLAUDE")


def fixture_entry(model_id: str) -> dict[str, Any]:
    """One catalog entry exactly as the test server sends it."""
    data = json.loads(CATALOG_FIXTURE.read_text(encoding="utf-8"))["data"]
    for entry in data:
        if entry.get("model_id") == model_id:
            return dict(entry)
    raise KeyError(model_id)


def assert_no_canary(*texts: str | bytes) -> None:
    for text in texts:
        raw = text.encode() if isinstance(text, str) else text
        assert CANARY.encode() not in raw
