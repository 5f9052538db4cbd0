"""What `aihub export` says on stderr about a live-sized selection: no line longer than 300
characters; a long list of ids is the first five and how many more, and --verbose names
them all, one a line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Aihub
from tests.support.live_catalog_late import late_catalog

SELECT = ("--features", "tools", "--max-price", "1")
TOOLS = ("opencode", "litellm", "llm", "codex", "claude-code")


@pytest.fixture
def live(aihub: Aihub) -> Aihub:
    aihub.server.set_models(late_catalog(850))
    return aihub


def summary(text: str, ids: list[str]) -> str:
    more = f"and {len(ids) - 5} more (--verbose names all {len(ids)})"
    return f"aihub: {text}: {', '.join(ids[:5])} {more}"


@pytest.mark.parametrize("tool", TOOLS)
def test_no_stderr_line_is_longer_than_300_characters(live: Aihub, tool: str) -> None:
    result = live("export", tool, *SELECT)
    assert result.code == (2 if tool in ("codex", "claude-code") else 0)
    assert result.err
    assert max(len(line) for line in result.err.splitlines()) <= 300


def test_a_long_list_names_the_first_five_and_how_many_more(live: Aihub) -> None:
    listed = json.loads(live("list", *SELECT, "--json").out)
    no_context = [m["model_id"] for m in listed if not m.get("context_length")]
    assert len(no_context) > 40

    result = live("export", "litellm", *SELECT)

    assert result.code == 0
    # The selection's own line (how many models the filters left out for an unknown value)
    # comes first; the export's notes follow it.
    dropped, first = result.err.splitlines()[:2]
    assert dropped.endswith("; --include-unknown lists them")
    assert first == summary(
        "left out max_input_tokens (the catalog has no context window) for", no_context
    )
    verbose = live("export", "litellm", *SELECT, "--verbose")
    lines = verbose.err.splitlines()
    # Above the full list, the summary does not tell you to use the --verbose you used.
    start = lines.index(first.removesuffix(f" (--verbose names all {len(no_context)})")) + 1
    assert not any("--verbose" in line for line in lines)
    assert lines[start : start + len(no_context)] == [f"aihub:   {i}" for i in no_context]


def test_one_model_tools_name_a_few_of_a_selection(live: Aihub) -> None:
    # The models whose listed endpoints, if any, include codex's.
    listed = [
        m["model_id"]
        for m in json.loads(live("list", *SELECT, "--json").out)
        if "responses" in (m.get("endpoints") or ["responses"])
    ]
    result = live("export", "codex", *SELECT)
    assert result.code == 2
    dropped, refusal = result.err.splitlines()
    assert dropped.endswith("; --include-unknown lists them")
    assert refusal == (
        "aihub: codex takes one model at a time; name one id. The selection holds: "
        f"{', '.join(listed[:5])} and {len(listed) - 5} more"
    )


FLAGS_ONLY: list[dict[str, Any]] = [
    {"model_id": "r-1", "pricing": {"input": 1, "output": 2}, "reasoning": True},
    {"model_id": "t-1", "pricing": {"input": 1, "output": 2}, "tool_call": True},
    {"model_id": "bare-1", "pricing": {"input": 1, "output": 2}},
]


def test_reasoning_and_tool_call_are_carried_and_silence_writes_nothing(aihub: Aihub) -> None:
    aihub.server.set_models(FLAGS_ONLY)
    ids = [e["model_id"] for e in FLAGS_ONLY]
    opencode = json.loads(aihub("export", "opencode", *ids).out)["provider"]["aihub"]["models"]
    assert opencode["r-1"] == {"name": "r-1", "cost": {"input": 1, "output": 2}, "reasoning": True}
    assert opencode["t-1"] == {"name": "t-1", "cost": {"input": 1, "output": 2}, "tool_call": True}
    assert opencode["bare-1"] == {"name": "bare-1", "cost": {"input": 1, "output": 2}}
    litellm = aihub("export", "litellm", *ids).out
    assert litellm.count("supports_reasoning: true") == 1
    assert litellm.count("supports_function_calling: true") == 1
    assert "false" not in litellm
    llm = aihub("export", "llm", *ids).out
    assert llm.count("reasoning: true") == 1 and llm.count("supports_tools: true") == 1
    assert "false" not in llm
