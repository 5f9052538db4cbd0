"""Workloads a model cannot run, on the live-shaped catalog: embeddings and rerankers return
no output tokens, so a workload with output has no estimate on them; they neither rank
cheapest under --sort cost nor count as unknown under --max-cost."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Aihub
from tests.support.catalog_server import CatalogServer
from tests.support.live_catalog import live_catalog

WORKLOAD = ("--input-tokens", "10k", "--output-tokens", "1k")
VECTOR_TYPES = {"embedding", "rerank"}


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    return live_catalog(804)


@pytest.fixture
def live(entries: list[dict[str, Any]], tmp_path: Path) -> Iterator[Aihub]:
    with CatalogServer(entries) as server:
        yield Aihub(server, tmp_path / "cache")


def returns_vectors(entry: dict[str, Any]) -> bool:
    types = {t.strip() for t in (entry.get("types") or "").split(",") if t.strip()}
    return bool(types) and types <= VECTOR_TYPES


def test_embeddings_have_no_estimate_for_output_and_one_for_input_alone(
    live: Aihub, entries: list[dict[str, Any]]
) -> None:
    vector_ids = {e["model_id"] for e in entries if returns_vectors(e)}
    assert len(vector_ids) > 10  # the live catalog's share of embedders and rerankers
    both = json.loads(live("list", "--type", "embedding,rerank", *WORKLOAD, "--json").out)
    assert {m["model_id"] for m in both} == vector_ids
    assert {(m["estimated_cost_usd"], m["estimate_unavailable"]) for m in both} == {
        (None, "returns no output tokens")
    }
    only_input = json.loads(
        live("list", "--type", "embedding", "--input-tokens", "10k", "--json").out
    )
    assert all(m["estimated_cost_usd"] is not None for m in only_input)


def test_sort_cost_ranks_models_that_can_run_the_workload(
    live: Aihub, entries: list[dict[str, Any]]
) -> None:
    result = live("list", "--paid", "--sort", "cost", *WORKLOAD, "-n", "10", "--json")
    assert result.code == 0, result.err
    cheapest = json.loads(result.out)
    assert len(cheapest) == 10
    assert all(m["estimated_cost_usd"] is not None for m in cheapest)
    vector_ids = {e["model_id"] for e in entries if returns_vectors(e)}
    assert not vector_ids & {m["model_id"] for m in cheapest}


def test_max_cost_leaves_them_out_as_it_does_a_too_small_window_not_as_unknown(
    live: Aihub, entries: list[dict[str, Any]]
) -> None:
    result = live("list", "--type", "embedding", *WORKLOAD, "--max-cost", "1", "-o", "ids")
    assert (result.code, result.out) == (0, "")
    # Counted as left out for their type only (the untyped models), never for their price:
    # the catalog states it, the workload is what they cannot run.
    (note,) = [line for line in result.err.splitlines() if "left out" in line]
    assert "does not state their type;" in note
    embedder = next(e["model_id"] for e in entries if returns_vectors(e))
    compare = live("compare", embedder, "gpt-5", *WORKLOAD, "-o", "table")
    assert compare.code == 0, compare.err
    cost = next(line for line in compare.out.splitlines() if line.startswith("Est. cost"))
    assert cost.split()[2:4] == ["no", "output"]
