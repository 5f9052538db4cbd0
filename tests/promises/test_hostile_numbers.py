"""Hostile numbers in the catalog: NaN, Infinity, literals beyond any float, and integers
and workloads beyond the float range, through the real entry point."""

from __future__ import annotations

import math

from tests.conftest import Aihub
from tests.promises import hostile_runs
from tests.promises.hostile_checks import check_one_line_json, same
from tests.promises.hostile_runs import CLI_ENV, raw_catalog, succeeded
from tests.promises.hostile_strategies import BEYOND_FLOAT
from tests.support.catalog_server import CatalogServer

# The fixtures shared with the other hostile tests: bound here so pytest finds them (an
# imported fixture would read to ruff as an unused name that each test parameter shadows).
hostile_server = hostile_runs.hostile_server
aihub = hostile_runs.aihub


def test_nan_and_infinity_become_null_in_list_json(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # The catalog server sends NaN, Infinity and -Infinity as Python's json writes them.
    hostile_server.set_models(
        [
            {
                "model_id": "a",
                "context_length": math.nan,
                "max_output": math.inf,
                "pricing": {"input": math.nan, "output": -math.inf, "cache_read": math.inf},
                "extra": [math.nan, {"deep": math.inf}, -math.inf, 1.5],
                "ratio": math.nan,
            }
        ]
    )
    (model,) = check_one_line_json(succeeded(aihub, "list", "--json"))
    assert model == {
        "model_id": "a",
        "context_length": None,
        "max_output": None,
        "pricing": {"input": None, "output": None, "cache_read": None},
        "extra": [None, {"deep": None}, None, 1.5],
        "ratio": None,
    }
    assert succeeded(aihub, "list", "-o", "plain").split("\n")[1] == "\t".join(["a"] + ["-"] * 8)
    assert "unknown" in succeeded(aihub, "show", "-o", "table", "a")


def test_overflowing_number_literals_become_null_in_list_json(aihub: Aihub) -> None:
    body = (
        b'{"success": true, "data": [{"model_id": "a", "context_length": 1e999,'
        b' "max_output": -1E400, "pricing": {"input": 1e999, "output": -1e999},'
        b' "extra": [1e999, {"deep": -1e999}, 2.5e-999]}]}'
    )
    with raw_catalog(aihub, body):
        (model,) = check_one_line_json(succeeded(aihub, "list", "--json"))
        succeeded(aihub, "list", "-o", "table")
        succeeded(aihub, "show", "-o", "table", "a")
    assert model == {
        "model_id": "a",
        "context_length": None,
        "max_output": None,
        "pricing": {"input": None, "output": None},
        "extra": [None, {"deep": None}, 0.0],
    }


# -- what these properties found ---------------------------------------------------------------
# Each kept with the smallest input found. The first four were fixed in 4beb1be while the
# hostile tests were being written; they stay as plain regression tests.


def test_an_integer_price_beyond_the_float_range(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Was: catalog._price called float() on it, OverflowError, exit 1, in every format but JSON.
    hostile_server.set_models([{"model_id": "a", "pricing": {"input": BEYOND_FLOAT}}])
    assert succeeded(aihub, "list", "-o", "plain").split("\n")[1] == "\t".join(["a"] + ["-"] * 8)
    (model,) = check_one_line_json(succeeded(aihub, "list", "--json"))
    assert same(model["pricing"]["input"], BEYOND_FLOAT)
    succeeded(aihub, "list", "-o", "table")
    succeeded(aihub, "show", "-o", "table", "a")
    assert succeeded(aihub, "list", "--max-price", "1", "-o", "ids") == ""


def test_a_context_length_beyond_the_float_range(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Was: units.format_tokens divided it into a float, OverflowError, exit 1, in the table.
    hostile_server.set_models([{"model_id": "a", "context_length": 10**318}, {"model_id": "b"}])
    succeeded(aihub, "list", "-o", "table")
    assert "unknown" in succeeded(aihub, "show", "-o", "table", "a")
    succeeded(aihub, "compare", "-o", "table", "a", "b")
    (model, _) = check_one_line_json(succeeded(aihub, "list", "--json"))
    assert same(model["context_length"], 10**318)


def test_a_tier_size_beyond_the_float_range(hostile_server: CatalogServer, aihub: Aihub) -> None:
    # Was: OverflowError in units.format_tokens, from render.model_rows, exit 1, in show.
    hostile_server.set_models(
        [{"model_id": "a", "pricing": {"input": 1, "tiers": [{"tier": {"size": 10**318}}]}}]
    )
    succeeded(aihub, "show", "-o", "table", "a")


def test_an_estimated_cost_beyond_the_float_range(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    # Was: render.model_object made the cost float('inf') and to_json refused it: exit 1.
    hostile_server.set_models(
        [{"model_id": "a", "types": "llm", "pricing": {"input": 3.517706171423554e307}}]
    )
    (model,) = check_one_line_json(succeeded(aihub, "list", "--json", "--input-tokens", "5110413"))
    assert model["estimated_cost_usd"] is None
    # An absurd workload is refused up front, as a usage error, before any arithmetic.
    refused = aihub("list", "--json", "--input-tokens", "1" + "0" * 310, env=CLI_ENV)
    assert refused.code == 2 and "more tokens than any model takes" in refused.err


def test_a_workload_beyond_the_float_range_in_show(
    hostile_server: CatalogServer, aihub: Aihub
) -> None:
    hostile_server.set_models([{"model_id": "a", "types": "llm", "pricing": {"input": 1}}])
    result = aihub("show", "a", "--input-tokens", "1" + "0" * 318, env=CLI_ENV)
    assert "unexpected error" not in result.err
    assert result.code in (0, 2), result.err
