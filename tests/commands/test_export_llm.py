"""`aihub export llm`: `llm models list` shows the models with the catalog's capabilities."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Aihub
from tests.support.catalog_server import CatalogServer
from tests.support.live_catalog_late import late_catalog
from tests.support.real_tools import CANARY, assert_no_canary, fixture_entry, need_module

MINE = ["gpt-5", "gpt-5-codex", "deepseek-chat", "Qwen/QwQ-32B", "gpt-image-1"]


@pytest.fixture
def keyed(cache_dir: Path) -> Iterator[Aihub]:
    """A server whose /v1/models answers the canary key with MINE, as the gateway does for a
    key configured for those models."""
    entries = [{"id": i, "object": "model", "created": 1, "owned_by": "x"} for i in MINE]
    with CatalogServer(keyed_legacy={CANARY: entries}) as running:
        yield Aihub(running, cache_dir)


def llm_models(user_dir: Path) -> dict[str, str]:
    """`llm models list --options` with this user folder: model id -> its block of text."""
    need_module("llm", "llm")
    done = subprocess.run(
        [sys.executable, "-m", "llm", "models", "list", "--options"],
        env={"LLM_USER_PATH": str(user_dir), "PATH": "/usr/bin:/bin", "HOME": str(user_dir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    blocks: dict[str, str] = {}
    for match in re.finditer(r"^[^\s].*?: (aihubmix/\S+)\n((?:[ ].*\n?)*)", done.stdout, re.M):
        blocks[match.group(1)] = match.group(0)
    return blocks


def test_llm_lists_the_keys_models_with_their_capabilities(keyed: Aihub, tmp_path: Path) -> None:
    result = keyed("export", "llm", "--mine", env={"AIHUBMIX_API_KEY": CANARY})
    assert result.code == 0, result.err
    # gpt-image-1 is the key's too, but no chat model: named and left out.
    assert "gpt-image-1 (image_generation)" in result.err
    assert "run `llm keys set aihubmix`" in result.err
    user_dir = tmp_path / "llm"
    user_dir.mkdir()
    (user_dir / "extra-openai-models.yaml").write_text(result.out)

    blocks = llm_models(user_dir)

    assert sorted(blocks) == sorted(f"aihubmix/{i}" for i in MINE if i != "gpt-image-1")
    for model_id, block in blocks.items():
        entry = fixture_entry(model_id.removeprefix("aihubmix/"))
        features = entry.get("features") or ""
        inputs = entry.get("input_modalities") or ""
        assert ("- tools" in block) == ("tools" in features or "function_calling" in features)
        assert ("- schemas" in block) == ("structured_outputs" in features)
        assert ("image/png" in block) == ("image" in inputs)
        assert ("reasoning_effort" in block) == ("thinking" in features)
        assert "key: aihubmix" in block
    assert blocks["aihubmix/gpt-5-codex"].startswith("OpenAI Responses: ")
    assert blocks["aihubmix/gpt-5"].startswith("OpenAI Chat: ")
    # The key went to the server for --mine, and nowhere else.
    assert keyed.server.requests[-1].headers.get("authorization") == f"Bearer {CANARY}"
    assert_no_canary(result.out, result.err)


USER_FILE = """\
# my extra models
- model_id: local-qwen
  model_name: qwen2.5
  api_base: http://127.0.0.1:11434/v1
"""


def test_merge_keeps_the_users_models(aihub: Aihub, tmp_path: Path) -> None:
    user_dir = tmp_path / "llm"
    user_dir.mkdir()
    models_file = user_dir / "extra-openai-models.yaml"
    models_file.write_text(USER_FILE)

    first = aihub("export", "llm", "gpt-5", "o3", "--merge", str(models_file))
    assert first.code == 0, first.err
    assert models_file.read_text().startswith(USER_FILE)
    second = aihub("export", "llm", "deepseek-chat", "--merge", str(models_file))
    assert second.code == 0, second.err
    assert models_file.read_text().startswith(USER_FILE)
    assert (user_dir / "extra-openai-models.yaml.bak").read_text().startswith(USER_FILE)

    need_module("llm", "llm")  # what the real tool makes of the merged file
    listed = subprocess.run(
        [sys.executable, "-m", "llm", "models", "list"],
        env={"LLM_USER_PATH": str(user_dir), "PATH": "/usr/bin:/bin", "HOME": str(user_dir)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert "OpenAI Chat: local-qwen" in listed.stdout
    assert "OpenAI Chat: aihubmix/deepseek-chat" in listed.stdout
    assert "aihubmix/gpt-5" not in listed.stdout


def test_a_file_that_is_not_a_list_is_refused(aihub: Aihub, tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    models_file = tmp_path / "extra-openai-models.yaml"
    models_file.write_text("model_id: not-a-list\n")
    result = aihub("export", "llm", "gpt-5", "--merge", str(models_file))
    assert result.code == 1
    assert "its top level is not a list" in result.err
    assert models_file.read_text() == "model_id: not-a-list\n"


def test_llm_lists_a_live_shaped_export(aihub: Aihub, tmp_path: Path) -> None:
    # The live-shaped catalog: untyped, bare and case-twin entries, effort lists, no endpoints.
    entries = {e["model_id"]: e for e in late_catalog(850)}
    aihub.server.set_models(list(entries.values()))
    result = aihub("export", "llm", "--features", "thinking", env={"AIHUBMIX_API_KEY": CANARY})
    assert result.code == 0, result.err
    assert max(len(line) for line in result.err.splitlines()) <= 300
    shown = aihub("list", "--features", "thinking", "--format", "ids").out.split()
    user_dir = tmp_path / "llm"
    user_dir.mkdir()
    (user_dir / "extra-openai-models.yaml").write_text(result.out)

    blocks = llm_models(user_dir)

    assert sorted(blocks) == sorted(f"aihubmix/{i}" for i in shown) and len(shown) > 20
    for model_id, block in blocks.items():
        features = re.split("[,，]", entries[model_id.removeprefix("aihubmix/")]["features"])
        tools = bool({"tools", "tool", "function_calling"} & {f.strip() for f in features})
        assert ("- tools" in block) == tools, model_id
        assert "reasoning_effort" in block and "key: aihubmix" in block
    assert_no_canary(result.out, result.err)
