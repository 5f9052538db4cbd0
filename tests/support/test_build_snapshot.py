"""scripts/build_snapshot.py, the maintainer script that makes the bundled catalog snapshot:
from a live endpoint (the loopback server here) and from PublicProviderConf's copy."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import REPO
from tests.support.bundled_catalog import NOT_OLDER_THAN, PLACEHOLDER_CONTEXT
from tests.support.catalog_server import CatalogServer, synthetic_catalog


def _clean_environ() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("AIHUBMIX_")}


SCRIPT = REPO / "scripts" / "build_snapshot.py"


def run_script(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env={**_clean_environ(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def read_snapshot(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return document


def test_the_script_rebuilds_it_from_the_live_endpoint(tmp_path: Path) -> None:
    entries = synthetic_catalog(400, seed=7)
    out = tmp_path / "snapshot.json.gz"
    with CatalogServer(entries) as live:
        result = run_script("--out", str(out), env={"AIHUBMIX_BASE_URL": live.url})
        requests = live.requests_to("/api/v1/models")
        url = live.url
    assert result.returncode == 0, result.stderr
    assert len(requests) == 1 and requests[0].query == {}
    document = read_snapshot(out)
    assert document["data"] == entries  # as the server sent them
    assert document["aihub_snapshot"]["source"] == f"{url}/api/v1/models"
    assert date.fromisoformat(document["aihub_snapshot"]["taken"][:10]) >= NOT_OLDER_THAN


def test_the_script_refuses_a_catalog_too_small_to_be_the_catalog(tmp_path: Path) -> None:
    out = tmp_path / "snapshot.json.gz"
    with CatalogServer() as live:  # the fixture: a few dozen models
        result = run_script("--out", str(out), env={"AIHUBMIX_BASE_URL": live.url})
    assert result.returncode != 0 and "refusing to bundle" in result.stderr
    assert not out.exists()


def _ppc_model(index: int) -> dict[str, Any]:
    """One model as PublicProviderConf's dist/aihubmix.json writes it."""
    model: dict[str, Any] = {
        "id": f"model-{index}",
        "name": f"model-{index}",
        "display_name": f"model-{index}",
        "type": "chat",
        "reasoning": {"supported": False},
        "tool_call": False,
        "cost": {"input": 1, "output": 2},
        "limit": {"context": PLACEHOLDER_CONTEXT, "output": PLACEHOLDER_CONTEXT},
        "metadata": {"pricing": {"input": 1, "output": 2}, "source": "public-provider-conf"},
        "vision": False,
    }
    return model


def test_the_script_turns_public_provider_conf_back_into_the_live_shape(tmp_path: Path) -> None:
    models = [_ppc_model(i) for i in range(320)]
    models[0].update(
        id="gpt-5",
        limit={"context": 400000, "output": 400000},
        metadata={
            "description": "GPT-5",
            "typeHints": ["llm"],
            "features": ["thinking", "tools"],
            "inputModalities": ["text", "image"],
            "pricing": {"cache_read": 0.125, "input": 1.25, "output": 10},
            "source": "public-provider-conf",
        },
    )
    # Output above the context: only then is it the model's own max_output.
    models[1]["limit"] = {"context": 32000, "output": 64000}
    # No context known (the placeholder) but an output limit: that is max_output.
    models[2]["limit"] = {"context": PLACEHOLDER_CONTEXT, "output": 16384}
    models[3]["metadata"]["features"] = ["thinking，tools", "web"]  # full-width comma kept
    source = tmp_path / "aihubmix.json"
    source.write_text(
        json.dumps({"id": "aihubmix", "updated_at": "2026-07-02T04:08:51.102Z", "models": models})
    )
    out = tmp_path / "snapshot.json.gz"
    result = run_script(
        "--from-public-provider-conf", str(source), "--commit", "abc123", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    document = read_snapshot(out)
    data = document["data"]
    assert [e["model_id"] for e in data] == [m["id"] for m in models]  # the order kept
    assert data[0] == {
        "model_id": "gpt-5",
        "desc": "GPT-5",
        "pricing": {"cache_read": 0.125, "input": 1.25, "output": 10},
        "types": "llm",
        "features": "thinking,tools",
        "input_modalities": "text,image",
        "context_length": 400000,
    }
    assert data[1] == {
        "model_id": "model-1",
        "pricing": {"input": 1, "output": 2},
        "max_output": 64000,
        "context_length": 32000,
    }
    assert data[2] == {
        "model_id": "model-2",
        "pricing": {"input": 1, "output": 2},
        "max_output": 16384,
    }
    assert data[3]["features"] == "thinking，tools,web"
    assert data[4] == {"model_id": "model-4", "pricing": {"input": 1, "output": 2}}
    about = document["aihub_snapshot"]
    assert about["taken"] == "2026-07-02T04:08:51.102Z"
    assert (
        "github.com/ThinkInAIXYZ/PublicProviderConf/blob/abc123/dist/aihubmix.json"
        in (about["source"])
    )
    # The same input gives the same bytes: the bundled seed can be reproduced.
    again = tmp_path / "again.json.gz"
    run_script(
        "--from-public-provider-conf", str(source), "--commit", "abc123", "--out", str(again)
    )
    assert again.read_bytes() == out.read_bytes()
