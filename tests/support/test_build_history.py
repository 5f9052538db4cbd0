"""scripts/build_history.py, which makes the bundled catalog history from the git history of
PublicProviderConf's dist/aihubmix.json: here a small repository made in the test."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.support.bundled_catalog import PLACEHOLDER_CONTEXT

SCRIPT = REPO / "scripts" / "build_history.py"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def _model(model_id: str, pricing: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    """One model as PublicProviderConf writes it."""
    limit = metadata.pop("limit", {"context": PLACEHOLDER_CONTEXT, "output": PLACEHOLDER_CONTEXT})
    return {
        "id": model_id,
        "name": model_id,
        "type": "chat",
        "cost": {"input": pricing.get("input"), "output": pricing.get("output")},
        "limit": limit,
        "metadata": {"pricing": pricing, "source": "public-provider-conf", **metadata},
    }


def _commit(repo: Path, document: dict[str, Any] | None, message: str) -> str:
    path = repo / "dist" / "aihubmix.json"
    if document is None:
        _git(repo, "rm", "-q", "dist/aihubmix.json")
    else:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(document))
        _git(repo, "add", "dist/aihubmix.json")
    _git(repo, "commit", "-q", "-m", message)
    return _git(repo, "rev-parse", "HEAD")


def _document(taken: str, *models: dict[str, Any]) -> dict[str, Any]:
    return {"id": "aihubmix", "updated_at": taken, "models": list(models)}


def _seconds(iso: str) -> int:
    return int(datetime.fromisoformat(iso).replace(tzinfo=timezone.utc).timestamp())


def test_each_state_of_each_model_with_the_versions_it_was_seen_in(tmp_path: Path) -> None:
    repo = tmp_path / "ppc"
    repo.mkdir()
    _git(repo, "init", "-q")
    gpt = {"input": 1.25, "output": 10}
    # The project's older format: ratios and no prices, so no version.
    _commit(repo, {"id": "aihubmix", "updated_at": "2025-10-01T00:00:00Z", "models": [
        {"id": "gpt-5", "metadata": {"modelRatio": 0.625}}
    ]}, "old format")  # fmt: skip
    first = _commit(
        repo,
        _document(
            "2025-11-11T10:00:00Z",
            _model(
                "gpt-5",
                gpt,
                description="GPT-5",
                typeHints=["llm"],
                features=["thinking", "tools"],
                limit={"context": 400000, "output": 400000},
            ),
            _model("qwen3-max", {"input": 0.822, "output": 3.288}),
            _model("gone-and-back", {"input": 1, "output": 1}),
        ),
        "first",
    )
    # Only the description moves: not a new state.
    _commit(
        repo,
        _document(
            "2025-11-12T10:00:00Z",
            _model(
                "gpt-5",
                gpt,
                description="GPT-5, newer words",
                typeHints=["llm"],
                features=["thinking", "tools"],
                limit={"context": 400000, "output": 400000},
            ),
            _model("qwen3-max", {"input": 0.822, "output": 3.288}),
        ),
        "second",
    )
    _commit(repo, None, "the file deleted for a while")
    last = _commit(
        repo,
        _document(
            "2025-11-20T10:00:00Z",
            _model(
                "gpt-5",
                gpt,
                typeHints=["llm"],
                features=["thinking", "tools"],
                limit={"context": 400000, "output": 400000},
            ),
            _model("qwen3-max", {"input": 0.34246, "output": 1.36984}),
            _model("gone-and-back", {"input": 1, "output": 1}),
            _model("out-above", {"input": 2}, limit={"context": 32000, "output": 64000}),
        ),
        "third",
    )
    out = tmp_path / "history.json.gz"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(repo), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(gzip.decompress(out.read_bytes()))
    times = [_seconds("2025-11-11T10:00:00"), _seconds("2025-11-12T10:00:00")]
    times.append(_seconds("2025-11-20T10:00:00"))
    assert document["versions"] == [times[0], times[1] - times[0], times[2] - times[1]]
    gpt_state = {
        "pricing": gpt,
        "types": "llm",
        "features": "thinking,tools",
        "context_length": 400000,
    }
    assert document["models"] == {
        "gpt-5": [[0, 2, gpt_state]],
        "qwen3-max": [
            [0, 1, {"pricing": {"input": 0.822, "output": 3.288}}],  # 8192 is unknown
            [2, 2, {"pricing": {"input": 0.34246, "output": 1.36984}}],
        ],
        "gone-and-back": [
            [0, 0, {"pricing": {"input": 1, "output": 1}}],
            [2, 2, {"pricing": {"input": 1, "output": 1}}],
        ],
        "out-above": [
            [2, 2, {"pricing": {"input": 2}, "context_length": 32000, "max_output": 64000}]
        ],
    }  # fmt: skip
    ids = ["gone-and-back", "gpt-5", "out-above", "qwen3-max"]
    assert document["ids"] == ids
    # The server's order, kept whenever it moves: models come and go with it.
    assert [[first, [ids[i] for i in order]] for first, order in document["orders"]] == [
        [0, ["gpt-5", "qwen3-max", "gone-and-back"]],
        [1, ["gpt-5", "qwen3-max"]],
        [2, ["gpt-5", "qwen3-max", "gone-and-back", "out-above"]],
    ]
    about = document["aihub_history"]
    assert (about["first_commit"], about["last_commit"]) == (first, last)
    assert about["licence"] == "Apache-2.0"
    assert "PublicProviderConf" in about["source"]
    # The same history gives the same bytes.
    again = tmp_path / "again.json.gz"
    subprocess.run(
        [sys.executable, str(SCRIPT), str(repo), "--out", str(again)], check=True, timeout=120
    )
    assert again.read_bytes() == out.read_bytes()
