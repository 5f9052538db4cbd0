"""`aihub export TOOL --check FILE`: aihub's part of a config against the catalog now; exit
1 when anything drifted, 0 when nothing did; `--merge` is the fix."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SKIP_WARNING, Aihub
from tests.support.catalog_server import load_fixture_models


def repriced() -> list[dict[str, Any]]:
    """The fixture later: gpt-5's input down from $1.25 to $1, o3 gone, grok-4's output
    limit now known."""
    models = [m for m in copy.deepcopy(load_fixture_models()) if m.get("model_id") != "o3"]
    for model in models:
        if model.get("model_id") == "gpt-5":
            model["pricing"]["input"] = 1
        if model.get("model_id") == "grok-4":
            model["max_output"] = 64000
    return models


def test_an_opencode_config_merged_before_a_reprice_drifted(aihub: Aihub, tmp_path: Path) -> None:
    config = tmp_path / "opencode.json"
    config.write_text('{\n  // mine\n  "theme": "tokyonight"\n}\n')
    ids = ("gpt-5", "o3", "grok-4", "claude-sonnet-4-5")
    assert aihub("export", "opencode", *ids, "--merge", str(config)).code == 0
    fresh = aihub("export", "opencode", "--check", str(config))
    assert (fresh.code, fresh.out) == (0, "")
    assert fresh.err == f"aihub: nothing in {config} drifted from the catalog (4 models)\n"

    aihub.server.set_models(repriced())
    stale = aihub("export", "opencode", "--check", str(config), "--refresh")

    assert stale.code == 1
    assert stale.out == (
        "gpt-5: input $1.25 → $1 per 1M tokens\n"
        "o3: gone from the catalog\n"
        "grok-4: max_output 32000 → 64000\n"
    )
    assert stale.err == SKIP_WARNING + (
        f"aihub: 3 of 4 models in {config} drifted from the catalog; "
        f"aihub export opencode gpt-5 grok-4 claude-sonnet-4-5 --merge {config} "
        "writes today's values\n"
    )
    report = json.loads(aihub("export", "opencode", "--check", str(config), "--json").out)
    assert report == {
        "version": 1,
        "tool": "opencode",
        "file": str(config),
        "drifted": True,
        "models": [
            {"id": "gpt-5", "status": "changed",
             "changes": [{"field": "input", "written": 1.25, "catalog": 1}]},
            {"id": "o3", "status": "gone", "changes": []},
            {"id": "grok-4", "status": "changed",
             "changes": [{"field": "max_output", "written": 32000, "catalog": 64000}]},
            {"id": "claude-sonnet-4-5", "status": "ok", "changes": []},
        ],
    }  # fmt: skip

    merged = aihub("export", "opencode", "gpt-5", "grok-4", "claude-sonnet-4-5", "--merge",
                   str(config))  # fmt: skip
    assert merged.code == 0
    again = aihub("export", "opencode", "--check", str(config))
    assert (again.code, again.out) == (0, "")
    assert '"theme": "tokyonight"' in config.read_text()


@pytest.mark.parametrize("tool", ["litellm", "llm", "codex"])
def test_every_file_tool_checks_what_it_writes(aihub: Aihub, tmp_path: Path, tool: str) -> None:
    config = tmp_path / "config"
    model = "gpt-5" if tool != "codex" else "gpt-5-codex"
    assert aihub("export", tool, model, "--merge", str(config)).code == 0
    assert aihub("export", tool, "--check", str(config)).code == 0
    later = repriced()
    for entry in later:
        if entry.get("model_id") == "gpt-5-codex":
            entry["context_length"] = 272000
    aihub.server.set_models(later)

    stale = aihub("export", tool, "--check", str(config), "--refresh")

    expected = {
        "litellm": "gpt-5: input $1.25 → $1 per 1M tokens\n",
        "llm": "",  # llm's entries hold no prices or limits: only a model gone counts
        "codex": "gpt-5-codex: context 400000 → 272000\n",
    }[tool]
    assert (stale.code, stale.out) == (1 if expected else 0, expected)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["opencode", "--check", "missing.json"], "cannot check missing.json: no such file"),
        (["opencode", "--check", "plain.json"],
         'cannot check plain.json: it has no "provider.aihub.models" written by aihub'),
        (["litellm", "--check", "plain.json"],
         "cannot check plain.json: it has no entries between aihub's marker lines"),
        (["claude-code", "--check", "plain.json"],
         "--check does not apply to claude-code: it prints environment lines to source"),
        (["opencode", "gpt-5", "--check", "plain.json"],
         "--check reads the models from FILE: give it no ids, filters or --merge"),
        (["opencode", "gpt-5", "--json"],
         "--json goes with --check FILE; an export is the tool's own format"),
    ],
)  # fmt: skip
def test_what_cannot_be_checked_is_a_usage_error(
    aihub: Aihub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain.json").write_text('{"theme": "x"}\n')
    result = aihub("export", *args)
    assert result.code == 2
    assert result.err.removeprefix(SKIP_WARNING) == f"aihub: {message}\n"


def test_the_fix_for_many_drifted_models_says_to_name_them_all(
    aihub: Aihub, tmp_path: Path
) -> None:
    config = tmp_path / "config.yaml"
    ids = ["gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4o-mini", "o3", "o4-mini",
           "claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5", "gemini-2.5-pro",
           "gemini-2.5-flash", "deepseek-chat", "deepseek-reasoner", "grok-4", "kimi-k2",
           "glm-4.6", "glm-4.5-air", "codestral-latest", "mistral-large-latest"]  # fmt: skip
    assert aihub("export", "litellm", *ids, "--merge", str(config)).code == 0
    aihub.server.set_models(repriced())

    stale = aihub("export", "litellm", "--check", str(config), "--refresh")

    assert stale.code == 1
    assert stale.err.splitlines()[-1] == (
        f"aihub: 3 of 20 models in {config} drifted from the catalog; aihub export litellm "
        "--merge FILE naming all 19 of its models the catalog still has writes today's "
        "values (a merge removes those it is not given)"
    )
