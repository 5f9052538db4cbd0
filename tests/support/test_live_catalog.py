"""The live-shaped catalog generator, and that the server and `aihub list` take it whole.

Only the generator's shape is pinned here (proportions, ids, the named real models); what the
CLI makes of prices and features is tested where those rules live.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Aihub
from tests.support.catalog_server import CatalogServer
from tests.support.live_catalog import NAMED, PROPORTIONS, describe, live_catalog

REPO_ROOT = Path(__file__).resolve().parents[2]
SIZES = (804, 850, 10_000)


@pytest.fixture(scope="module")
def catalogs() -> dict[int, list[dict[str, Any]]]:
    return {size: live_catalog(size) for size in SIZES}


def by_id(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry["model_id"]: entry for entry in entries}


def test_deterministic_and_seeded(catalogs: dict[int, list[dict[str, Any]]]) -> None:
    assert live_catalog(850) == catalogs[850]
    assert live_catalog() == catalogs[804]
    other = live_catalog(850, seed=7)
    assert other != catalogs[850]
    assert len(other) == 850
    # The named models do not depend on the seed.
    assert all(entry in other for entry in NAMED)


@pytest.mark.parametrize("size", SIZES)
def test_sized_with_unique_non_empty_ids(
    catalogs: dict[int, list[dict[str, Any]]], size: int
) -> None:
    entries = catalogs[size]
    assert len(entries) == size
    ids = [entry["model_id"] for entry in entries]
    assert all(isinstance(i, str) and i.strip() == i and i for i in ids)
    assert len(set(ids)) == size


def test_small_and_invalid_sizes() -> None:
    assert live_catalog(0) == []
    assert live_catalog(5) == NAMED[:5]
    just_over = live_catalog(len(NAMED) + 3)
    assert len(just_over) == len(NAMED) + 3
    assert all(entry in just_over for entry in NAMED)
    with pytest.raises(ValueError, match="count"):
        live_catalog(-1)


@pytest.mark.parametrize(("size", "seed"), [(804, 2026), (804, 7), (10_000, 2026)])
def test_live_proportions_hold(
    catalogs: dict[int, list[dict[str, Any]]], size: int, seed: int
) -> None:
    measured = describe(catalogs[size] if seed == 2026 else live_catalog(size, seed))
    assert abs(measured["untyped"] - 0.40) <= 0.02
    assert abs(measured["bare"] - 0.25) <= 0.02
    assert abs(measured["context_unknown"] - 2 / 3) <= 0.03
    assert abs(measured["zero_priced"] * 804 - 31) <= 2
    assert abs(measured["slash_ids"] * 804 - 70) <= 4
    assert abs(measured["cache_read_equals_input"] * 804 - 80) <= 5
    assert abs(measured["multiline_desc"] * 804 - 70) <= 5
    assert abs(measured["type:llm"] * 804 - 350) <= 15
    assert measured["max_output_missing"] > 0.5
    for key, want in PROPORTIONS.items():
        assert abs(measured[key] - want) <= max(0.005, want / 10), key
    assert measured["unique_ids"] == 1.0
    assert measured["fullwidth_features"] > 0
    assert measured["case_twin_groups"] * size >= 2


def test_describe_counts_what_it_says() -> None:
    entries: list[dict[str, Any]] = [
        {"model_id": "a", "pricing": {"input": 0, "output": 0}},
        {"model_id": "A/b", "desc": "x\ny", "pricing": {"input": 1, "cache_read": 1}},
        {"model_id": "c", "types": "t2t", "features": "thinking，tools", "context_length": 9},
        {"model_id": "C", "types": "llm, search", "max_output": 0},
    ]
    measured = describe(entries)
    assert measured["bare"] == measured["zero_priced"] == 0.25
    assert measured["untyped"] == 0.5
    assert measured["context_unknown"] == 0.75
    assert measured["slash_ids"] == measured["multiline_desc"] == 0.25
    assert measured["cache_read_equals_input"] == measured["fullwidth_features"] == 0.25
    assert measured["type:llm"] == 0.5
    assert measured["type:search"] == measured["max_output_zero"] == 0.25
    assert measured["case_twin_groups"] == 0.25


@pytest.mark.parametrize("size", SIZES)
def test_the_live_quirks_are_present(catalogs: dict[int, list[dict[str, Any]]], size: int) -> None:
    entries = catalogs[size]
    ids = [entry["model_id"] for entry in entries]
    types = Counter(entry.get("types") for entry in entries)
    for multi in ("image_generation,llm", "llm,search", "llm,ocr", "embedding,rerank"):
        assert types[multi] >= 1, multi
    assert types["t2t"] >= 1
    assert types["t2i"] >= 1
    assert any(i.count("/") == 2 for i in ids)
    assert any(i.endswith(":free") for i in ids)
    assert sum(i.endswith("-free") for i in ids) > sum(i.endswith(":free") for i in ids)
    assert any("@" in i for i in ids)
    assert any(re.search(r"\(\d+\)$", i) for i in ids)
    folded = Counter(i.lower() for i in ids)
    assert folded["deepseek-v3"] == 3
    assert sum(n > 1 for n in folded.values()) >= 2

    features = [e["features"] for e in entries if "features" in e]
    assert None in features
    assert "" in features
    assert sum("，" in f for f in features if f) >= 2
    assert any(", " in f for f in features if f)
    assert any("tool" in (f or "").split(",") for f in features)

    key_sets = Counter(tuple(sorted(e["pricing"])) for e in entries)
    assert {("input", "output"), ("cache_read", "input", "output")} <= set(key_sets)
    assert ("cache_read", "cache_write", "input", "output") in key_sets
    prices = [v for e in entries for v in e["pricing"].values()]
    assert any(type(v) is int and v > 0 for v in prices)
    assert any(isinstance(v, float) and len(repr(v)) >= 8 for v in prices)

    descs = [e["desc"] for e in entries if e.get("desc")]
    assert any(re.search(r"[\u4e00-\u9fff]", d) for d in descs)
    assert any("<think>" in d for d in descs)
    assert any("https://" in d for d in descs)
    assert any("（" in d for d in descs)  # noqa: RUF001
    assert "" in [e.get("desc") for e in entries]

    context = [e.get("context_length") for e in entries]
    assert 0 in context
    assert None in context
    assert any(e.get("max_output", 0) >= e.get("context_length", 0) > 0 for e in entries)
    stages = Counter(e.get("retire_stage") for e in entries)
    assert stages["active"] > 0
    assert stages["deprecated"] > 0
    extra = {"model_name", "developer_id", "vendor", "endpoints", "output_modalities"}
    extra |= {"release_date", "last_updated", "reasoning", "tool_call", "open_weights"}
    assert extra | {"variant_of"} <= {key for e in entries for key in e}
    assert all(
        isinstance(e[k], int) for e in entries for k in ("context_length", "max_output") if k in e
    )
    assert all(
        isinstance(e[k], str | None)
        for e in entries
        for k in ("types", "features", "input_modalities", "output_modalities", "endpoints")
        if k in e
    )


@pytest.mark.parametrize("size", SIZES)
def test_named_real_models_are_exact(catalogs: dict[int, list[dict[str, Any]]], size: int) -> None:
    models = by_id(catalogs[size])
    for entry in NAMED:
        assert models[entry["model_id"]] == entry

    def shape(model_id: str) -> tuple[Any, ...]:
        m = models[model_id]
        return (m.get("types"), m.get("context_length"), m.get("max_output"), m["pricing"])

    assert shape("gpt-4o-mini-global") == (None, None, None, {"input": 0.15, "output": 0.6})
    assert shape("gpt-4o-mini")[:2] == ("llm", 128000)
    assert shape("gpt-4o-mini")[3] == {"input": 0.15, "output": 0.6, "cache_read": 0.075}
    gpt5 = {"input": 1.25, "output": 10, "cache_read": 0.125}
    assert shape("gpt-5") == ("llm", 400000, 128000, gpt5)
    assert models["gpt-5"]["features"] == "thinking,tools,function_calling,structured_outputs"
    assert models["gpt-5"]["input_modalities"] == "text,image"
    sonnet = {"input": 3, "output": 15, "cache_read": 0.3, "cache_write": 3.75}
    assert shape("claude-sonnet-4-5")[:2] == ("llm", 200000)
    assert shape("claude-sonnet-4-5")[3] == sonnet
    assert models["claude-sonnet-4-5"]["features"] == "thinking,tools,function_calling"
    assert models["doubao-seed-1-6"]["types"] == "llm"
    assert models["doubao-seed-1-6"]["features"] == (
        "thinking\uff0ctools,function_calling,structured_outputs"
    )
    assert models["o4-mini"]["types"] == "llm"
    assert models["o4-mini"]["features"] == "thinking,tool"
    deepseek = {"input": 0.272, "output": 1.088}
    assert models["deepseek-v3"] == {"model_id": "deepseek-v3", "pricing": deepseek}
    assert {"DeepSeek-V3", "DeepSeek-v3"} <= set(models)
    for untyped in ("glm-4.5", "claude-3-opus@20240229", "o3-deep-research", "Qwen/Qwen3-32B"):
        assert "types" not in models[untyped], untyped
    assert models["claude-3-opus@20240229"]["pricing"] == {"input": 15, "output": 75}
    for present in ("Qwen/QwQ-32B", "Pro/THUDM/GLM-4.1V-9B-Thinking", "llama3-70b-8192(33)"):
        assert present in models
    assert shape("V_2")[0] == "image_generation"
    assert shape("V_2")[3] == {"input": 2, "output": 2}
    assert "US $0.08/ 1 IMG" in models["V_2"]["desc"]
    assert (shape("whisper-1")[0], shape("whisper-1")[3]) == ("stt", {"input": 100, "output": 100})
    assert (shape("tts-1")[0], shape("tts-1")[3]) == ("tts", {"input": 15, "output": 15})
    assert (shape("sora-2")[0], shape("sora-2")[3]) == ("video", {"input": 2, "output": 2})
    assert "types" not in models["flux-kontext-max"]
    assert shape("gemini-2.5-pro")[:2] == ("llm", 1048576)
    assert "thinking" in models["gemini-2.5-pro"]["features"].split(",")
    assert "auto:<strategy>" in models["auto"]["desc"]


def fetch_data(url: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(url + "/api/v1/models", timeout=10) as response:
        document = json.loads(response.read().decode("utf-8"))
    data: list[dict[str, Any]] = document["data"]
    return data


@pytest.mark.parametrize("size", [850, 10_000])
def test_server_serves_it_and_aihub_lists_every_entry(
    catalogs: dict[int, list[dict[str, Any]]], size: int, server: CatalogServer, aihub: Aihub
) -> None:
    entries = catalogs[size]
    server.set_models(entries)
    assert fetch_data(server.url) == entries

    outcome = aihub("list", "--json")
    assert outcome.code == 0, outcome.err
    listed = json.loads(outcome.out)
    assert len(listed) == size
    assert [item["model_id"] for item in listed] == [e["model_id"] for e in entries]
    assert all(isinstance(item, dict) for item in listed)


def test_command_line_serves_the_live_catalog() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.catalog_server", "--live", "60", "--seed", "5"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert fetch_data(url) == live_catalog(60, seed=5)
    finally:
        process.terminate()
        process.wait(timeout=5)
    assert process.stderr is not None
    assert process.stderr.read() == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--live", "5", "--models", "5"], "not allowed with"),
        (["--live", "5", "--fixture", "tests/fixtures/catalog.json"], "cannot vary --fixture"),
        (["--live", "-1"], "--live must be 0 or more"),
    ],
)
def test_command_line_refuses_contradictions(args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.catalog_server", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""
