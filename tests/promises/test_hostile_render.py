"""Hostile catalogs through the parser and every renderer, in-process, many examples: the
contracts of docs/caching.md hold (nothing crashes; JSON keeps the text exactly; terminal
and plain output carry no control, escape or bidi character from the data)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import partial
from typing import Any
from unittest import mock

from hypothesis import given

from aihubmix_cli.catalog import DOCUMENTED_VALUES, SORT_KEYS, Model, sort_models, sort_value
from aihubmix_cli.catalog.costs import Workload, estimates
from aihubmix_cli.render import compare as render_compare
from aihubmix_cli.render import panels, writers
from aihubmix_cli.render.models import Costs, model_view, models_footer
from tests.promises.hostile_checks import (
    PLAIN_COLUMNS,
    assert_clean,
    check_csv,
    check_ids,
    check_json_models,
    check_jsonl,
    check_one_line_json,
    check_plain,
    is_json_number,
    parsed,
    sent,
    usable,
)
from tests.promises.hostile_strategies import FAST, catalogs, workloads

# -- the writers, as `aihub list` calls them ----------------------------------------------------


def models_json(models: list[Model], costs: Costs | None = None) -> str:
    return writers.json_array(model_view(costs), models)


def models_jsonl(models: list[Model]) -> str:
    return writers.json_lines(model_view(), models)


def models_plain(models: list[Model], costs: Costs | None = None) -> str:
    return writers.plain(model_view(costs).columns, models)


def models_csv(models: list[Model], costs: Costs | None = None) -> str:
    return writers.csv_text(model_view(costs).columns, models)


def models_ids(models: list[Model]) -> str:
    return writers.ids(model_view(), models)


def print_models_table(
    models: list[Model], out: io.StringIO, *, age: float, costs: Costs | None = None
) -> None:
    writers.table(out, None, model_view(costs), models, models_footer(models, age))


@contextmanager
def rich_terminal(columns: int = 100) -> Iterator[None]:
    """rich drawing as for a 100-column pipe: no colour, whatever the developer's shell says."""
    with mock.patch.dict(os.environ, {"COLUMNS": str(columns), "LINES": "50"}):
        for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM"):
            os.environ.pop(name, None)
        yield


def drawn(draw: Callable[[io.StringIO], None], columns: int = 100) -> str:
    buffer = io.StringIO()
    with rich_terminal(columns):
        draw(buffer)
    return buffer.getvalue()


def compare_features(models: Sequence[Model]) -> list[str]:
    """The feature rows `aihub compare` draws: the documented ones, then the rest."""
    documented = DOCUMENTED_VALUES["features"]
    extra = sorted({f for m in models for f in m.features} - set(documented))
    return [*documented, *extra]


# -- render-level properties ---------------------------------------------------------------------


@FAST
@given(catalog=catalogs)
def test_machine_formats_survive_hostile_catalogs(catalog: list[Any]) -> None:
    models, warnings = parsed(catalog)
    raws = [entry for entry in sent(catalog) if usable(entry)]
    # Every usable entry is kept, in order, and one warning counts the others.
    assert [model.id for model in models] == [entry["model_id"] for entry in raws]
    skipped = len(catalog) - len(raws)
    assert len(warnings) == (1 if skipped else 0)
    assert not skipped or f"skipped {skipped} catalog" in warnings[0]

    columns = PLAIN_COLUMNS
    check_json_models(check_one_line_json(models_json(models)), raws, "json")
    check_jsonl(models_jsonl(models), raws, "jsonl")
    check_plain(models_plain(models), models, columns, "plain")
    check_csv(models_csv(models), models, columns, "csv")
    check_ids(models_ids(models), models, "ids")

    # Every order keeps every model, known values first.
    for key in SORT_KEYS:
        if key == "cost":
            continue
        for descending in (False, True):
            ordered = sort_models(models, key, descending=descending)
            assert sorted(m.position for m in ordered) == list(range(len(models)))
            known = [sort_value(m, key) is not None for m in ordered]
            assert known == sorted(known, reverse=True), key


@FAST
@given(catalog=catalogs)
def test_terminal_drawings_survive_hostile_catalogs(catalog: list[Any]) -> None:
    models, _ = parsed(catalog)

    table = drawn(partial(print_models_table, models, age=1.0))
    assert_clean(table, "table")
    noun = "model" if len(models) == 1 else "models"
    assert table.rstrip("\n").split("\n")[-1].startswith(f"{len(models)} {noun}")

    for model in models[:3]:
        assert_clean(drawn(partial(panels.print_model_panel, model)), "panel")
    features = compare_features(models)
    for diff in (False, True):
        comparison = drawn(
            partial(
                render_compare.print_compare_table, models, costs=None, diff=diff, features=features
            )
        )
        assert_clean(comparison, "compare")


@FAST
@given(catalog=catalogs, workload=workloads)
def test_every_format_survives_hostile_catalogs_with_a_workload(
    catalog: list[Any], workload: Workload
) -> None:
    models, _ = parsed(catalog)
    raws = [entry for entry in sent(catalog) if usable(entry)]
    costs = estimates(models, workload)
    for model in models:
        cost, reason, *_ = costs[model]
        assert cost is None or (isinstance(cost, Decimal) and cost.is_finite())
        assert (cost is None) == (reason is not None)

    listed = check_one_line_json(models_json(models, costs))
    assert isinstance(listed, list)
    for obj in listed:
        cost_usd = obj.pop("estimated_cost_usd")
        reason = obj.pop("estimate_unavailable", None)
        assert cost_usd is None or is_json_number(cost_usd)
        assert (cost_usd is None) == isinstance(reason, str)
    check_json_models(listed, raws, "json")
    columns = PLAIN_COLUMNS + 1
    check_plain(models_plain(models, costs), models, columns, "plain")
    check_csv(models_csv(models, costs), models, columns, "csv")

    table = drawn(partial(print_models_table, models, age=0, costs=costs))
    assert_clean(table, "table")
    for model in models[:2]:
        panel = partial(
            panels.print_model_panel, model, cost=costs[model], workload=workload.describe()
        )
        assert_clean(drawn(panel), "panel")
    compare = partial(
        render_compare.print_compare_table,
        models,
        costs=costs,
        diff=False,
        features=compare_features(models),
    )
    assert_clean(drawn(compare), "compare")
