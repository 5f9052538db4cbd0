"""Attacks through what aihub reads (issue 27): hostile catalogs and settings.

Each test serves or sets what the attack used, then checks what a user gets: never a
traceback or "unexpected error", always one of the documented exit codes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Aihub
from tests.promises.hostile_runs import RawCatalog
from tests.support.catalog_server import CatalogServer


def nested(depth: int, leaf: Any, kind: str = "dict") -> Any:
    value = leaf
    for _ in range(depth):
        value = {"a": value} if kind == "dict" else [value]
    return value


DEEP = nested(500, 1)
DEEP_LIST = nested(500, "x", "list")


@pytest.fixture
def deep_catalog(cache_dir: Path) -> Iterator[Aihub]:
    models: list[dict[str, Any]] = [
        {"model_id": "a", "context_length": math.nan, "odd": math.nan, "deep": DEEP},
        {"model_id": "b", "deep": DEEP_LIST},
    ]
    with CatalogServer(models=models) as running:
        yield Aihub(running, cache_dir)


def clean_run(aihub: Aihub, *args: str) -> str:
    result = aihub(*args)
    assert result.code == 0, (args, result.err)
    assert "unexpected error" not in result.err and "Traceback" not in result.err
    return result.out


def test_nan_and_a_field_nested_500_levels_keep_every_json_output_whole(
    deep_catalog: Aihub,
) -> None:
    # It was "unexpected error: RecursionError" in list --json, changes --json, show...
    listed = json.loads(clean_run(deep_catalog, "list", "--json"))
    assert listed == [
        {"model_id": "a", "context_length": None, "odd": None, "deep": DEEP},
        {"model_id": "b", "deep": DEEP_LIST},
    ]
    picked = json.loads(clean_run(deep_catalog, "list", "--columns", "id,deep", "--json"))
    assert picked == [{"model_id": "a", "deep": DEEP}, {"model_id": "b", "deep": DEEP_LIST}]
    assert json.loads(clean_run(deep_catalog, "show", "a", "--json"))["deep"] == DEEP
    assert len(json.loads(clean_run(deep_catalog, "compare", "a", "b", "--json"))) == 2
    assert clean_run(deep_catalog, "list", "-o", "plain").startswith("model_id\t")
    assert "a" in clean_run(deep_catalog, "show", "a", "-o", "table")

    deep_catalog.server.set_models(
        [
            {"model_id": "a", "context_length": 5, "odd": math.nan, "deep": [DEEP]},
            {"model_id": "c", "deep": DEEP_LIST},
        ]
    )
    clean_run(deep_catalog, "list", "--refresh")
    changes = json.loads(clean_run(deep_catalog, "changes", "--json"))
    assert [m["model_id"] for m in changes["added"]] == ["c"]
    assert [m["model_id"] for m in changes["removed"]] == ["b"]
    assert "c" in clean_run(deep_catalog, "changes")


def test_json_nested_deeper_than_python_reads_is_refused_in_one_line(aihub: Aihub) -> None:
    depth = 100_000
    body = b'{"success":true,"data":[{"model_id":"a","x":%s1%s}]}' % (
        b"[" * depth,
        b"]" * depth,
    )
    with RawCatalog(body) as raw:
        aihub.url = raw.url
        result = aihub("list", "--json")
    # As any answer aihub cannot read: the bundled snapshot, and one line that says why.
    assert result.code == 0
    assert json.loads(result.out)
    (line,) = [line for line in result.err.splitlines() if "nested" in line]
    assert "the server sent JSON nested too deeply to read" in line
    assert "unexpected error" not in result.err


def test_an_integer_of_4301_digits_costs_only_its_field(aihub: Aihub) -> None:
    # It made the whole catalog "invalid JSON".
    huge = "9" * 4301
    body = (
        '{"success":true,"data":['
        f'{{"model_id":"a","context_length":{huge},"extra":-{huge},"max_output":7}},'
        '{"model_id":"b","context_length":1000}]}'
    ).encode()
    with RawCatalog(body) as raw:
        aihub.url = raw.url
        listed = json.loads(clean_run(aihub, "list", "--json"))
        plain = clean_run(aihub, "list", "-o", "plain", "--columns", "id,ctx,max_output")
    assert listed == [
        {"model_id": "a", "context_length": None, "extra": None, "max_output": 7},
        {"model_id": "b", "context_length": 1000},
    ]
    assert plain == "model_id\tcontext_length\tmax_output\na\t-\t7\nb\t1000\t-\n"


@pytest.mark.parametrize("value", ["1e10", "1e308", "86401"])
def test_a_timeout_too_long_for_the_clock_is_a_usage_error(aihub: Aihub, value: str) -> None:
    # 1e10 was "unexpected error: OverflowError" deep in the HTTP client.
    result = aihub("list", env={"AIHUBMIX_TIMEOUT": value})
    assert (result.code, result.out) == (2, "")
    assert result.err == f"aihub: AIHUBMIX_TIMEOUT must be at most 86400 seconds, not '{value}'\n"
    assert aihub("list", "-o", "ids", env={"AIHUBMIX_TIMEOUT": "86400"}).code == 0
