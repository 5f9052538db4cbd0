"""Filters and tables read the catalog column by column (catalog.model.field_values): from the
parsed copy's columns, where equal values are one object judged or shown once, or model by
model otherwise. Either way the answer is the one `matches` and `show` give model by model."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aihubmix_cli.catalog import (
    SORT_KEYS,
    Filters,
    Model,
    apply_filters,
    matches,
    parse_catalog,
    sort_known_first,
    sort_models,
    sort_value,
)
from aihubmix_cli.catalog.model import StoredModel, field_values, per_value
from aihubmix_cli.render.cells import cell_len
from aihubmix_cli.render.columns import layout_table
from aihubmix_cli.render.models import MODEL_COLUMNS, model_view
from aihubmix_cli.store import parsed
from tests.conftest import TERMINAL, Aihub
from tests.support.live_catalog import live_catalog

BODY = json.dumps({"success": True, "data": live_catalog(850, seed=11)}).encode()


def fresh_models() -> list[Model]:
    entries, _ = parse_catalog(BODY)
    return [Model(entry, position) for position, entry in enumerate(entries)]


def stored_models() -> list[Model]:
    """The same catalog as the parsed copy gives it (its views made as they are stored; the
    copy read back from the cache is test_a_warm_table_is_the_cold_table's)."""
    entries, problems = parse_catalog(BODY)
    ids = [entry["model_id"] for entry in entries]
    copy = parsed.ParsedCatalog(ids, problems, [0] * len(ids), lambda: b"", lambda: entries)
    return copy.models()


FRESH = fresh_models()
STORED = stored_models()


def test_the_two_routes_hold_the_same_catalog() -> None:
    assert all(isinstance(m, StoredModel) for m in STORED)
    assert [m.id for m in STORED] == [m.id for m in FRESH]
    # The copy stores equal values once: what makes judging each object once pay.
    features = field_values(STORED, "features")
    assert len({id(value) for value in features}) == len(set(features)) < len(features) / 5


def values_of(field: str) -> list[str]:
    return sorted({value.lower() for m in FRESH for value in getattr(m, field)})


filters = st.builds(
    Filters.build,
    types=st.lists(st.sampled_from([*values_of("types"), "LLM", "nope"]), max_size=2),
    modalities=st.lists(st.sampled_from(values_of("input_modalities")), max_size=2),
    features=st.lists(st.sampled_from([*values_of("features"), "Tool"]), max_size=2),
    model=st.none() | st.sampled_from(["gpt", "Qwen", "-", "名", "zzz"]),
    max_price=st.none() | st.sampled_from([0.0, 0.5, 2.5, 1e9]),
    min_context=st.none() | st.sampled_from([1, 8_000, 128_000, 2_000_000]),
    free=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(filters)
def test_filtering_by_column_keeps_what_matches_keeps(chosen: Filters) -> None:
    expected = [m.id for m in FRESH if matches(m, chosen)]
    assert [m.id for m in apply_filters(FRESH, chosen)] == expected
    assert [m.id for m in apply_filters(STORED, chosen)] == expected
    # And on what an earlier step left: every other model, in reverse.
    subset = STORED[::-2]
    assert [m.id for m in apply_filters(subset, chosen)] == [
        m.id for m in subset if matches(m, chosen)
    ]


def test_a_list_mixing_kinds_of_model_is_read_model_by_model() -> None:
    mixed: list[Model] = [FRESH[0], STORED[1], FRESH[2], STORED[3]]
    assert field_values(mixed, "features") == [m.features for m in mixed]
    other = stored_models()  # another copy: its columns are not these
    assert field_values([STORED[0], other[1]], "types") == [STORED[0].types, other[1].types]


def test_per_value_calls_once_per_object_and_keeps_the_order() -> None:
    shared, other = tuple(["a"]), tuple(["a"])  # equal, two objects
    calls: list[Any] = []

    def record(value: Any) -> int:
        calls.append(value)
        return len(calls)

    result = per_value(record, [shared, other, shared])
    assert result == [1, 2, 1]
    assert calls == [shared, other]


@pytest.mark.parametrize("width", [40, 80, 120, 200])
def test_the_table_drawn_by_column_is_the_table_drawn_cell_by_cell(width: int) -> None:
    # The same columns without their cells functions: show() row by row, as before.
    rowwise = [column._replace(cells=None) for column in MODEL_COLUMNS]
    chosen = apply_filters(STORED, Filters.build(features=["thinking"]))
    style = model_view().style_of
    assert layout_table(MODEL_COLUMNS, chosen, width, cell_len, style) == layout_table(
        rowwise, chosen, width, cell_len, style
    )
    assert layout_table(MODEL_COLUMNS, FRESH, width, cell_len, style) == layout_table(
        rowwise, FRESH, width, cell_len, style
    )


def test_a_warm_table_is_the_cold_table(aihub: Aihub) -> None:
    aihub.server.set_models(live_catalog(850, seed=11))
    args = ("list", "-f", "thinking", "-s", "context_length", "-o", "table")
    cold = aihub(*args, terminal=TERMINAL)
    warm = aihub(*args, terminal=TERMINAL)
    assert cold.code == warm.code == 0
    assert cold.out == warm.out
    assert cold.out.count("\n") > 100


@pytest.mark.parametrize("key", [k for k in SORT_KEYS if k != "cost"])
@pytest.mark.parametrize("descending", [False, True])
def test_sorting_by_column_is_sorting_model_by_model(key: str, descending: bool) -> None:
    def one_by_one(model: Model) -> Any:
        return sort_value(model, key)

    # Models in reverse, so that ties show whether they keep the order they come in.
    expected = sort_known_first(FRESH[::-1], one_by_one, descending=descending)
    got = sort_models(STORED[::-1], key, descending=descending)
    assert [m.id for m in got] == [m.id for m in expected]
    values = [one_by_one(m) for m in expected]
    assert len(set(map(str, values))) > 3
    assert (None in values) is (key not in ("order", "name"))  # which every model has


def test_a_cost_sort_that_leaves_no_model_says_so(aihub: Aihub) -> None:
    result = aihub("list", "--model", "no-such-model", "--input-tokens", "10k", "-s", "cost")
    assert result.code == 0
    assert result.err.splitlines()[-1] == "aihub: no model matches all of these filters"
    assert "error" not in result.err


def test_a_price_of_minus_zero_is_a_price_of_zero(aihub: Aihub) -> None:
    # Equal values are stored once: -0.0 must not stand in for the 0 of another model.
    aihub.server.set_models(
        [
            {"model_id": "minus-zero", "types": "llm", "pricing": {"input": -0.0, "output": 2}},
            {"model_id": "free-one", "types": "llm", "pricing": {"input": 0, "output": 0.0}},
        ]
    )
    args = ("list", "-o", "plain", "--columns", "id,in,out", "--no-headers")
    for run in ("cold", "warm"):
        result = aihub(*args)
        assert result.out.splitlines() == ["minus-zero\t0\t2", "free-one\t0\t0"], run
    assert "$-0" not in aihub("list", terminal=TERMINAL).out
    assert aihub("list", "--free", "--format", "ids").out.split() == ["free-one"]
