"""`aihub export opencode`: the config opencode itself loads, with the catalog's numbers."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SKIP_WARNING, Aihub
from tests.support.live_catalog_late import late_catalog, without_endpoints
from tests.support.real_tools import CANARY, assert_no_canary, fixture_entry, opencode

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
    # opencode (a Bun program) can exit before a pipe has taken all it wrote: a long
    # listing arrived cut at a random place. A file takes it whole.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        done = subprocess.run(
            [opencode(), *args],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
        out.seek(0)
        done.stdout = out.read()
    return done


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
    # grok-4 has a 256K window and no max_output; mistral-large-latest no pricing;
    # llama-4-maverick no limits at all. opencode's schema needs both halves of `limit` and
    # of `cost`: the output ceiling opencode uses anyway is written beside a known context
    # and said; a block with nothing known goes, and stderr says so.
    ids = ("grok-4", "mistral-large-latest", "kimi-k2", "llama-4-maverick")
    result = aihub("export", "opencode", *ids)
    assert result.code == 0, result.err
    models = json.loads(result.out)["provider"]["aihub"]["models"]
    assert models["grok-4"]["limit"] == {"context": 256000, "output": 32000}
    # kimi-k2's max_output equals its context: no ceiling either.
    assert models["kimi-k2"]["limit"] == {"context": 131072, "output": 32000}
    assert models["grok-4"]["cost"]["input"] == fixture_entry("grok-4")["pricing"]["input"]
    assert "cost" not in models["mistral-large-latest"]
    assert "limit" not in models["llama-4-maverick"]
    assert not re.search(r": 0[,\n]", result.out)
    assert result.err == SKIP_WARNING + (
        "aihub: the catalog gives no output limit: wrote limit.output as opencode's own "
        "default, 32000 (at most half the context), for: grok-4, mistral-large-latest, "
        "kimi-k2\n"
        "aihub: left out limit (opencode needs the context window; the catalog lacks it) "
        "for: llama-4-maverick\n"
        "aihub: left out cost (opencode needs both input and output prices, the catalog "
        "lacks one) for: mistral-large-latest\n"
    )


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


# The live-shaped catalog with no `endpoints` on any entry, as the live service sends it.
LIVE = without_endpoints(late_catalog(300))
LIVE_IDS = ("claude-sonnet-4-5", "gpt-5", "deepseek-v3.2", "claude-sonnet-5", "o3-pro")


def test_opencode_loads_live_shaped_models_as_the_catalog_states_them(
    aihub: Aihub, tmp_path: Path
) -> None:
    opencode()
    aihub.server.set_models(LIVE)
    entries = {e["model_id"]: e for e in LIVE}
    project = tmp_path / "project"
    project.mkdir()
    result = aihub("export", "opencode", *LIVE_IDS, env=KEY)
    assert result.code == 0, result.err
    assert result.err == (
        "aihub: the catalog gives no output limit: wrote limit.output as opencode's own "
        "default, 32000 (at most half the context), for: deepseek-v3.2, claude-sonnet-5\n"
    )
    written = json.loads(result.out)["provider"]["aihub"]["models"]
    # The catalog never says whether a model takes a temperature (claude-sonnet-5 refuses
    # one): no key, and opencode sends none.
    assert "temperature" not in result.out
    # Output modalities only where the catalog lists them.
    assert "output" not in written["claude-sonnet-4-5"]["modalities"]
    assert written["deepseek-v3.2"]["modalities"]["output"] == ["text"]
    (project / "opencode.json").write_text(result.out)

    models = listed_models(project, "aihub")

    assert sorted(models) == sorted(LIVE_IDS)
    for model_id, info in models.items():
        entry = entries[model_id]
        context, ceiling = entry["context_length"], entry.get("max_output") or 0
        assert info["limit"]["context"] == context
        assert info["limit"]["output"] == (ceiling if 0 < ceiling < context else 32000)
        assert info["cost"]["input"] == entry["pricing"]["input"]
        assert info["cost"]["output"] == entry["pricing"]["output"]
        assert info["capabilities"]["temperature"] is False
        assert info["capabilities"]["reasoning"] is True
    # The catalog's effort levels are opencode's variants, and only those.
    assert models["gpt-5"]["variants"] == {
        level: {"reasoningEffort": level} for level in ("minimal", "low", "medium", "high")
    }
    assert models["o3-pro"]["variants"] == {"high": {"reasoningEffort": "high"}}
    assert models["gpt-5"]["release_date"] == "2025-08-07"
    assert_no_canary(result.out, result.err)


def test_opencode_loads_a_live_shaped_selection(aihub: Aihub, tmp_path: Path) -> None:
    opencode()
    aihub.server.set_models(late_catalog(850))
    project = tmp_path / "project"
    project.mkdir()
    result = aihub("export", "opencode", "--features", "tools", env=KEY)
    assert result.code == 0, result.err
    assert max(len(line) for line in result.err.splitlines()) <= 300
    shown = aihub("list", "--features", "tools", "--format", "ids").out.split()
    (project / "opencode.json").write_text(result.out)

    models = listed_models(project, "aihub")

    assert sorted(models) == sorted(shown) and len(shown) > 50
    assert_no_canary(result.out, result.err)
    # Case-only twins (one bare, one untyped, one full) are three models to opencode too.
    twins = ("DeepSeek-V3", "DeepSeek-v3", "deepseek-v3")
    result = aihub("export", "opencode", *twins, env=KEY)
    assert result.code == 0, result.err
    (project / "opencode.json").write_text(result.out)
    assert sorted(listed_models(project, "aihub")) == sorted(twins)
