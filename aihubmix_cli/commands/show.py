"""`aihub show MODEL` and `aihub compare A B [C ...]`: one model in full, several side by side."""

from __future__ import annotations

from collections.abc import Sequence

from aihubmix_cli import render
from aihubmix_cli.catalog import (
    DOCUMENTED_VALUES,
    Model,
    find_model,
    not_found_message,
    suggest,
)
from aihubmix_cli.costs import Workload, estimates
from aihubmix_cli.errors import ExitCode, NotFoundError

from .runtime import Runtime


def resolve(models: list[Model], queries: Sequence[str]) -> list[Model]:
    """The models the queries name, in order; NotFoundError naming every miss otherwise."""
    found: list[Model] = []
    misses: list[str] = []
    ids = [model.id for model in models]
    for query in queries:
        model = find_model(models, query)
        if model is not None:
            found.append(model)
            continue
        message = not_found_message(query, suggest(ids, query))
        if message not in misses:
            misses.append(message)
    if misses:
        raise NotFoundError("; ".join(misses))
    return found


def show(runtime: Runtime, query: str, *, workload: Workload | None, as_json: bool) -> int:
    catalog = runtime.load_catalog()
    (model,) = resolve(catalog.models, [query])
    costs = estimates([model], workload) if workload is not None else None
    if as_json:
        runtime.out.write(render.to_json(render.model_object(model, costs)))
    else:
        render.print_model_panel(
            model,
            runtime.out,
            cost=costs[model] if costs is not None else None,
            workload=workload.describe() if workload is not None else None,
        )
    return ExitCode.OK


def compare(
    runtime: Runtime,
    queries: Sequence[str],
    *,
    workload: Workload | None,
    diff: bool,
    as_json: bool,
) -> int:
    catalog = runtime.load_catalog()
    models = resolve(catalog.models, queries)
    costs = estimates(models, workload) if workload is not None else None
    if as_json:
        runtime.out.write(render.to_json([render.model_object(m, costs) for m in models]))
        return ExitCode.OK
    # The documented features first, in their documented order, then any newer ones.
    documented = DOCUMENTED_VALUES["features"]
    extra = sorted({f for m in models for f in m.features} - set(documented))
    render.print_compare_table(
        models, runtime.out, costs=costs, diff=diff, features=[*documented, *extra]
    )
    return ExitCode.OK
