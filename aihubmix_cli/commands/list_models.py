"""`aihub list`: the catalog, filtered and sorted, in the format asked for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from aihubmix_cli import render
from aihubmix_cli.catalog import (
    SERVER_SORT_KEYS,
    Filters,
    Model,
    apply_filters,
    default_descending,
    known_values,
    sort_models,
)
from aihubmix_cli.errors import ExitCode, UsageError

from .runtime import Runtime

if TYPE_CHECKING:
    # costs imports decimal: only a run with a workload pays for it.
    from aihubmix_cli.costs import Workload


class ListOptions(NamedTuple):
    filters: Filters = Filters()
    tag: str | None = None  # a server-side filter: the response carries no tags
    sort: str = "order"
    descending: bool | None = None  # None: the sort key's natural direction
    limit: int | None = None
    output_format: str | None = None  # None: table on a terminal, plain otherwise
    workload: Workload | None = None  # for cost estimates and --sort cost
    mine: bool = False  # only models the API key can call


def split_values(values: Iterable[str] | None) -> list[str]:
    """`--features a,b --features c` -> ["a", "b", "c"]: comma lists and repeats both work."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def output_format(explicit: str | None, json_output: bool) -> str | None:
    if json_output and explicit not in (None, "json"):
        raise UsageError(f"--json and --format {explicit} ask for different formats")
    return "json" if json_output else explicit


def build_options(
    *,
    types: Iterable[str] | None = None,
    modalities: Iterable[str] | None = None,
    features: Iterable[str] | None = None,
    model: str | None = None,
    tag: str | None = None,
    max_price: float | None = None,
    min_context: int | None = None,
    free: bool = False,
    limit: int | None = None,
    sort: str = "order",
    order: str | None = None,
    format: str | None = None,
    json_output: bool = False,
    input_tokens: int | None = None,
    output_tokens: int | None = None,
    cached_tokens: int | None = None,
    mine: bool = False,
) -> ListOptions:
    """ListOptions from the command line's values, whichever parser read them."""
    workload = None
    if (input_tokens, output_tokens, cached_tokens) != (None, None, None):
        from aihubmix_cli.costs import workload_from

        workload = workload_from(input_tokens, output_tokens, cached_tokens)
    if sort == "cost" and (workload is None or not workload.given):
        raise UsageError("--sort cost needs a workload: --input-tokens and/or --output-tokens")
    return ListOptions(
        filters=Filters.build(
            types=split_values(types),
            modalities=split_values(modalities),
            features=split_values(features),
            model=model,
            max_price=max_price,
            min_context=min_context,
            free=free,
        ),
        tag=tag,
        sort=sort,
        descending=None if order is None else order == "desc",
        limit=limit,
        output_format=output_format(format, json_output),
        workload=workload,
        mine=mine,
    )


def server_params(options: ListOptions) -> tuple[tuple[str, str], ...]:
    """Query parameters for what only the server can do: its own orders and tags."""
    params: list[tuple[str, str]] = []
    if options.sort in SERVER_SORT_KEYS:
        params.append(("sort_by", options.sort))
        if options.descending is not None:
            params.append(("sort_order", "desc" if options.descending else "asc"))
        elif options.sort == "model_ratio":
            params.append(("sort_order", "asc"))  # best value first, as the docs' example
    if options.tag:
        params.append(("tag", options.tag))
    return tuple(params)


def order_and_limit(
    chosen: list[Model], options: ListOptions, costs: render.Costs | None = None
) -> list[Model]:
    """The filtered models in the order asked for, cut to --limit."""
    if options.sort not in SERVER_SORT_KEYS:
        descending = options.descending
        if descending is None:
            descending = default_descending(options.sort)
        value_of = costs.get if options.sort == "cost" and costs is not None else None
        chosen = sort_models(chosen, options.sort, descending=descending, value_of=value_of)
    if options.limit is not None:
        chosen = chosen[: options.limit]
    return chosen


def empty_result_hints(
    models: list[Model], filters: Filters, *, tag: str | None = None
) -> list[str]:
    """Name each asked-for value no model carries, with the values that do exist.

    `models` is what the server answered; the server alone knows tags, so an empty answer to
    a tag is the one sign that no model carries it.
    """
    if tag and not models:
        return [f"no model carries tag '{tag}'; the API documents the tag coding"]
    hints = []
    for asked, field, noun in (
        (filters.types, "types", "type"),
        (filters.features, "features", "feature"),
        (filters.modalities, "input_modalities", "input modality"),
    ):
        known = known_values(models, field)
        for value in sorted(asked - set(known)):
            hints.append(f"no model has {noun} '{value}'; the catalog has: {', '.join(known)}")
    return hints


def run(runtime: Runtime, options: ListOptions) -> int:
    if options.mine and runtime.settings.checked_api_key() is None:
        raise UsageError("--mine needs AIHUBMIX_API_KEY: it lists the models that key can call")
    catalog = runtime.load_catalog(server_params(options))
    answered = catalog.models
    if options.mine:
        callable_ids = {entry["id"] for entry in runtime.load_legacy_list().value}
        catalog = catalog._replace(models=[m for m in catalog.models if m.id in callable_ids])
        if answered and not catalog.models:
            runtime.hint(_none_of_mine(len(callable_ids), options.tag))
    matching = apply_filters(catalog.models, options.filters)
    costs = None
    if options.workload is not None:
        from aihubmix_cli.costs import estimates

        costs = estimates(matching, options.workload)
    chosen = order_and_limit(matching, options, costs)
    if not chosen:
        for hint in empty_result_hints(answered, options.filters, tag=options.tag):
            runtime.hint(hint)
    output_format = render.choose_format(options.output_format, runtime.stdout_is_terminal)
    if output_format == "table":
        render.print_models_table(chosen, runtime.out, age=catalog.age, costs=costs)
    else:
        runtime.out.write(MACHINE_FORMATS[output_format](chosen, costs))
    return ExitCode.OK


def _none_of_mine(callable_count: int, tag: str | None) -> str:
    if callable_count == 0:
        return "your AIHUBMIX_API_KEY can call no models at all (aihub legacy shows its list)"
    noun = "id" if callable_count == 1 else "ids"
    where = f"the catalog's models tagged '{tag}'" if tag else "the catalog"
    return (
        f"your AIHUBMIX_API_KEY can call {callable_count} model {noun}, none of them in "
        f"{where}; aihub legacy --missing lists them"
    )


MACHINE_FORMATS = {
    "plain": render.models_plain,
    "json": render.models_json,
    "jsonl": render.models_jsonl,
    "csv": render.models_csv,
    "ids": render.models_ids,
}
