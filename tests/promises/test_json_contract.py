"""The `--json` contract (docs/output.md, "JSON output"), pinned through the real server and CLI.

Scripts depend on this shape. A change here is a breaking change: it needs a new contract
version in docs/output.md and a line in the CHANGELOG, not just an updated expectation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Aihub
from tests.support.catalog_server import CatalogServer

RAW_ENTRY: dict[str, Any] = {
    "model_id": "Example/Model-1",
    "model_name": "Example Model",
    "desc": "Line one\nLine two \u001b[31m[bold]x[/bold] \u202e",
    "types": "t2t, search",
    "features": " thinking,tools ,,thinking",
    "input_modalities": "",
    "output_modalities": None,
    "endpoints": "chat_completions,responses",
    "context_length": "131072",
    "max_output": 0,
    "pricing": {
        "input": "0.5",
        "output": 2,
        "cache_read": 0.5,
        "tiers": [{"tier": {"size": "200000"}, "input": 1, "output": "4"}],
        "currency_hint": "USD",
    },
    "developer_id": 7,
    "reasoning": True,
    "reasoning_options": ["low", "high"],
    "release_date": "2025-01-02",
    "last_updated": None,
    "retire_stage": "active",
    "future_field": {"nested": [1, 2, {"deep": None}]},
}

EXPECTED_ENTRY: dict[str, Any] = {
    "model_id": "Example/Model-1",
    "model_name": "Example Model",
    "desc": "Line one\nLine two \u001b[31m[bold]x[/bold] \u202e",  # exactly as sent
    "types": ["llm", "search"],  # a list, old names mapped
    "features": ["thinking", "tools"],  # trimmed, empty parts and repeats gone
    "input_modalities": [],
    "output_modalities": [],
    "endpoints": ["chat_completions", "responses"],
    "context_length": 131072,  # numeric strings become numbers
    "max_output": 0,  # 0 is kept as sent: it means "unknown"
    "pricing": {
        "input": 0.5,
        "output": 2,
        "cache_read": 0.5,  # cache_write was absent and stays absent
        "tiers": [{"tier": {"size": 200000}, "input": 1, "output": 4}],
        "currency_hint": "USD",
    },
    "developer_id": 7,
    "reasoning": True,
    "reasoning_options": ["low", "high"],
    "release_date": "2025-01-02",
    "last_updated": None,
    "retire_stage": "active",
    "future_field": {"nested": [1, 2, {"deep": None}]},
}


def test_list_json_contract(tmp_path: Path) -> None:
    sparse = {"model_id": "bare"}  # nothing but an id: no field is invented
    junk = {"model_id": "junk", "context_length": "lots", "pricing": {"input": "free"}}
    with CatalogServer([RAW_ENTRY, sparse, junk]) as server:
        result = Aihub(server, tmp_path)("list", "--json")
    assert result.code == 0
    assert result.out.endswith("\n") and result.out.count("\n") == 1
    assert json.loads(result.out) == [
        EXPECTED_ENTRY,
        {"model_id": "bare"},
        {"model_id": "junk", "context_length": None, "pricing": {"input": None}},
    ]


def test_json_is_identical_whether_or_not_stdout_is_a_terminal(tmp_path: Path) -> None:
    with CatalogServer([RAW_ENTRY]) as server:
        aihub = Aihub(server, tmp_path)
        piped = aihub.subprocess("list", "--json").stdout
        forced = aihub.subprocess("list", "--json", env={"FORCE_COLOR": "1"}).stdout
    assert piped == forced
    assert json.loads(piped) == [EXPECTED_ENTRY]


def test_json_on_a_real_terminal_is_the_same_json(tmp_path: Path) -> None:
    with CatalogServer([RAW_ENTRY]) as server:
        aihub = Aihub(server, tmp_path)
        piped = aihub.subprocess("list", "--json").stdout
        result, seen = aihub.on_terminal("list", "--json")
    assert result.returncode == 0
    assert seen == piped  # no colour, no table, not a byte different


def test_a_table_on_a_real_terminal_by_default(tmp_path: Path) -> None:
    with CatalogServer([RAW_ENTRY]) as server:
        result, seen = Aihub(server, tmp_path).on_terminal("list", "--features", "thinking")
    assert result.returncode == 0
    assert "Example/Model-1" in seen and "In $/1M" in seen and "$0.50" in seen
    assert "\x1b[31m" not in seen and "\u202e" not in seen


def test_columns_select_fields_nested_ones_kept_nested(tmp_path: Path) -> None:
    """`--columns` narrows each object to the asked fields, in the asked order; a field a
    model lacks is left out (never null, never invented); the values are the contract's."""
    sparse = {"model_id": "bare"}
    asked = "desc,model_id,pricing.input,pricing.tiers,future_field.nested,pricing.cache_write"
    with CatalogServer([RAW_ENTRY, sparse]) as server:
        aihub = Aihub(server, tmp_path)
        result = aihub("list", "--json", "--columns", asked)
        lines = aihub("list", "-o", "jsonl", "--columns", "id", "--columns", "in,ctx").out
        compared = aihub("compare", "Example/Model-1", "bare", "--json", "--columns", "in,id")
    assert result.code == 0
    picked = json.loads(result.out)
    assert picked == [
        {
            "desc": EXPECTED_ENTRY["desc"],
            "model_id": "Example/Model-1",
            "pricing": {"input": 0.5, "tiers": EXPECTED_ENTRY["pricing"]["tiers"]},
            "future_field": {"nested": [1, 2, {"deep": None}]},
        },
        {"model_id": "bare"},
    ]
    assert list(picked[0]) == ["desc", "model_id", "pricing", "future_field"]
    assert [json.loads(line) for line in lines.splitlines()] == [
        {"model_id": "Example/Model-1", "pricing": {"input": 0.5}, "context_length": 131072},
        {"model_id": "bare"},
    ]
    assert json.loads(compared.out) == [
        {"pricing": {"input": 0.5}, "model_id": "Example/Model-1"},
        {"model_id": "bare"},
    ]


def test_columns_with_a_workload_keep_the_estimate_and_null(tmp_path: Path) -> None:
    with CatalogServer([RAW_ENTRY, {"model_id": "bare"}]) as server:
        result = Aihub(server, tmp_path)(
            "list", "--json", "--columns", "id,cost,estimate_unavailable", "--input-tokens", "1m"
        )
    # 1M tokens is beyond Example/Model-1's context window: no estimate, and why.
    reasons = {m["model_id"]: m["estimate_unavailable"] for m in json.loads(result.out)}
    assert json.loads(result.out) == [
        {
            "model_id": "Example/Model-1",
            "estimated_cost_usd": None,
            "estimate_unavailable": reasons["Example/Model-1"],
        },
        {"model_id": "bare", "estimated_cost_usd": None, "estimate_unavailable": reasons["bare"]},
    ]
    assert "context" in reasons["Example/Model-1"]


def test_a_request_rate_adds_the_monthly_cost_after_the_estimate(tmp_path: Path) -> None:
    with CatalogServer([RAW_ENTRY, {"model_id": "bare"}]) as server:
        aihub = Aihub(server, tmp_path)
        rated = aihub("list", "--json", "--input-tokens", "100k", "--requests", "10/day")
        fits, bare = json.loads(rated.out)
        plain = json.loads(aihub("list", "--json", "--input-tokens", "100k").out)
    # 100K at $0.5 per 1M is $0.05 a request; 300 requests in 30 days, $15. Added after
    # estimated_cost_usd; null, like it, when there is no estimate, with the same reason.
    assert list(fits)[-2:] == ["estimated_cost_usd", "estimated_monthly_cost_usd"]
    assert (fits["estimated_cost_usd"], fits["estimated_monthly_cost_usd"]) == (0.05, 15)
    assert {k: v for k, v in fits.items() if k != "estimated_monthly_cost_usd"} == plain[0]
    assert list(bare) == [
        "model_id",
        "estimated_cost_usd",
        "estimated_monthly_cost_usd",
        "estimate_unavailable",
    ]
    assert bare["estimated_monthly_cost_usd"] is None
    assert bare["estimate_unavailable"] == plain[1]["estimate_unavailable"]
