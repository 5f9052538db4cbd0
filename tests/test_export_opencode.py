"""`aihub export opencode`: the config opencode itself loads, with the catalog's numbers."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Aihub
from tests.real_tools import CANARY, assert_no_canary, fixture_entry, opencode

KEY = {"AIHUBMIX_API_KEY": CANARY}


def run_opencode(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """opencode in `project`, with a home of its own and no network to reach."""
    home = project.parent / "home"
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        # Offline: no models.dev catalog, no update check; the config alone answers.
        "OPENCODE_DISABLE_MODELS_FETCH": "1",
        "OPENCODE_DISABLE_AUTOUPDATE": "1",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [opencode(), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def listed_models(project: Path, provider: str) -> dict[str, dict[str, Any]]:
    """`opencode models PROVIDER --verbose`, parsed: model id -> what opencode made of it."""
    done = run_opencode(project, "models", provider, "--verbose")
    assert done.returncode == 0, done.stderr + done.stdout
    decoder = json.JSONDecoder()
    models: dict[str, dict[str, Any]] = {}
    for match in re.finditer(rf"^{re.escape(provider)}/(.+)$", done.stdout, re.MULTILINE):
        info, _ = decoder.raw_decode(done.stdout[match.end() :].lstrip())
        models[match.group(1)] = info
    return models


def expected_cost(entry: dict[str, Any]) -> dict[str, Any]:
    pricing = entry["pricing"]
    return {
        "input": pricing["input"],
        "output": pricing["output"],
        "cache": {"read": pricing.get("cache_read", 0), "write": pricing.get("cache_write", 0)},
    }


def test_opencode_loads_the_models_with_the_catalogs_limits_and_prices(
    aihub: Aihub, tmp_path: Path
) -> None:
    opencode()
    project = tmp_path / "project"
    project.mkdir()
    result = aihub("export", "opencode", "gpt-5", "claude-sonnet-4-5", env=KEY)
    assert result.code == 0, result.err
    (project / "opencode.json").write_text(result.out)

    models = listed_models(project, "aihub")

    assert sorted(models) == ["claude-sonnet-4-5", "gpt-5"]
    for model_id, info in models.items():
        entry = fixture_entry(model_id)
        assert info["limit"]["context"] == entry["context_length"]
        assert info["limit"]["output"] == entry["max_output"]
        assert {k: info["cost"][k] for k in ("input", "output", "cache")} == expected_cost(entry)
        assert info["name"] == entry["model_name"]
        assert info["api"]["npm"] == "@ai-sdk/openai-compatible"
        assert info["capabilities"]["toolcall"] is True
        assert info["capabilities"]["reasoning"] is True
        assert info["capabilities"]["attachment"] is True
        assert info["capabilities"]["input"]["image"] is True
    assert models["claude-sonnet-4-5"]["capabilities"]["input"]["pdf"] is True
    assert models["gpt-5"]["capabilities"]["input"]["pdf"] is False
    tier = fixture_entry("claude-sonnet-4-5")["pricing"]["tiers"][0]
    # opencode's schema takes the long-context rates (opencode 1.18 does not use them yet
    # for a provider of the config's own): they are written as the catalog has them.
    written = json.loads(result.out)["provider"]["aihub"]["models"]["claude-sonnet-4-5"]
    over = written["cost"]["context_over_200k"]
    assert over == {k: tier[k] for k in ("input", "output", "cache_read", "cache_write")}
    assert_no_canary(result.out, result.err)


def test_unknown_limits_and_prices_are_left_out_never_zero(aihub: Aihub, tmp_path: Path) -> None:
    # grok-4 has no max_output, mistral-large-latest no pricing: opencode's schema needs both
    # halves of `limit` and of `cost`, so those blocks go, and stderr says so.
    result = aihub("export", "opencode", "grok-4", "mistral-large-latest")
    assert result.code == 0, result.err
    models = json.loads(result.out)["provider"]["aihub"]["models"]
    assert "limit" not in models["grok-4"]
    assert models["grok-4"]["cost"]["input"] == fixture_entry("grok-4")["pricing"]["input"]
    assert "cost" not in models["mistral-large-latest"]
    assert not re.search(r": 0[,\n]", result.out)
    assert "left out limit" in result.err and "grok-4" in result.err
    assert "left out cost" in result.err and "mistral-large-latest" in result.err


USER_CONFIG = """{
  // my own settings, comments and all
  "$schema": "https://opencode.ai/config.json",
  "theme": "tokyonight",
  "provider": {
    "local": {
      "npm": "@ai-sdk/openai-compatible",
      "options": { "baseURL": "http://127.0.0.1:11434/v1" },
      "models": { "my-model": { "name": "Mine", "limit": { "context": 8192, "output": 1024 } } },
    },
  },
}
"""


def test_merge_keeps_the_users_providers_and_settings(aihub: Aihub, tmp_path: Path) -> None:
    opencode()
    project = tmp_path / "project"
    project.mkdir()
    config = project / "opencode.json"
    config.write_text(USER_CONFIG)

    first = aihub("export", "opencode", "gpt-5", "--merge", str(config), env=KEY)
    assert first.code == 0, first.err
    assert first.out == ""
    assert f"wrote 1 model to {config}" in first.err
    assert (project / "opencode.json.bak").read_text() == USER_CONFIG
    merged = config.read_text()
    # Everything of the user's is still there, byte for byte; aihub's block was added.
    cut = USER_CONFIG.index('"provider": {') + len('"provider": {')
    assert merged.startswith(USER_CONFIG[:cut])
    assert merged.endswith(USER_CONFIG[cut:])
    assert '"aihub": {' in merged[cut : len(merged) - len(USER_CONFIG) + cut]

    second = aihub("export", "opencode", "claude-sonnet-4-5", "--merge", str(config), env=KEY)
    assert second.code == 0, second.err
    assert (project / "opencode.json.bak").read_text() == merged
    assert list(listed_models(project, "aihub")) == ["claude-sonnet-4-5"]
    assert list(listed_models(project, "local")) == ["my-model"]
    again = config.read_text()
    assert again.count('"local"') == 1 and "tokyonight" in again
    assert_no_canary(first.out, first.err, second.err, again, merged)


@pytest.mark.parametrize(
    "damaged",
    ['{"provider": {"aihub": ', "[1, 2]", '{"provider": []}', "not json at all"],
)
def test_a_file_aihub_cannot_parse_is_refused_and_left_alone(
    aihub: Aihub, tmp_path: Path, damaged: str
) -> None:
    config = tmp_path / "opencode.json"
    config.write_text(damaged)
    result = aihub("export", "opencode", "gpt-5", "--merge", str(config))
    assert result.code == 1
    (message,) = [line for line in result.err.splitlines() if "warning" not in line]
    assert message.startswith(f"aihub: cannot merge into {config}: ")
    assert message.endswith("; left it untouched")
    assert config.read_text() == damaged
    assert not (tmp_path / "opencode.json.bak").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == ["opencode.json"]
