"""Which models `list` shows, and in what order: the options of `list` and `export` read into
a selection of the catalog, with a line on stderr where the answer may surprise."""

from __future__ import annotations

from aihubmix_cli.base.errors import UsageError, check_model_ids, empty_value
from aihubmix_cli.base.record import Record
from aihubmix_cli.catalog import (
    SERVER_SORT_KEYS,
    Filters,
    Model,
    default_descending,
    filter_models,
    known_values,
    sort_models,
    sort_value,
    split_list,
    unknown_note,
)
from aihubmix_cli.render.writers import (
    check_columns,
    check_csv_raw,
    check_headers,
    resolve_format,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    # costs imports decimal: only a run with a workload pays for it.
    from aihubmix_cli.catalog.costs import Workload
    from aihubmix_cli.render.models import Costs
    from aihubmix_cli.shared.runtime import Runtime
    from aihubmix_cli.sources.catalog import LoadedCatalog


class ListOptions(Record):
    """What `list` (and `export`) were asked for, read from either parser's values."""

    __slots__ = (
        "columns",
        "descending",
        "filters",
        "headers",
        "ids",
        "limit",
        "max_cost",
        "mine",
        "output_format",
        "raw_csv",
        "sort",
        "tag",
        "workload",
    )

    def __init__(
        self,
        filters: Filters,
        tag: str | None = None,  # a server-side filter: the response carries no tags
        sort: str = "order",
        descending: bool | None = None,  # None: the sort key's natural direction
        limit: int | None = None,
        output_format: str | None = None,  # None: table on a terminal, plain otherwise
        workload: Workload | None = None,  # for cost estimates and --sort cost
        mine: bool = False,  # only models the API key can call
        columns: tuple[str, ...] = (),  # --columns, as typed: checked against the catalog
        headers: bool = True,  # False: --no-headers
        max_cost: float | None = None,  # USD: monthly with a request rate, else per request
        ids: tuple[str, ...] = (),  # `list MODEL...`: exactly these, in this order
        raw_csv: bool = False,  # --csv-raw
    ) -> None:
        self.filters = filters
        self.tag = tag
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.output_format = output_format
        self.workload = workload
        self.mine = mine
        self.columns = columns
        self.headers = headers
        self.max_cost = max_cost
        self.ids = ids
        self.raw_csv = raw_csv


def split_values(values: Iterable[str] | None) -> list[str]:
    """`--features a,b --features c` -> ["a", "b", "c"]: comma lists and repeats both work,
    read by the same rule as the catalog's own lists."""
    return [part for value in values or () for part in split_list(value)]


def given_values(values: Iterable[str] | None, option: str, wanted: str) -> list[str]:
    """`split_values`, where an option given but naming nothing ('' or ',': an unset shell
    variable) is a usage error rather than no filter at all, or the default columns."""
    names = split_values(values)
    if values and not names:
        raise empty_value(option, wanted)
    return names


# What each list option names, for the error when it names nothing.
FILTER_VALUES = {
    "--type": "a type (llm, image_generation, video, tts, stt, embedding, rerank)",
    "--modalities": "an input modality (text, image, audio, video, pdf)",
    "--features": "a feature (thinking, tools, web, ...)",
    "--exclude": "an id pattern such as '*-free'",
}


def column_names(values: Iterable[str] | None) -> list[str]:
    """`--columns` as names (none is a usage error, not the default columns)."""
    return given_values(values, "--columns", "column names (docs/output.md lists them)")


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
    paid: bool = False,
    exclude: Iterable[str] | None = None,
    include_unknown: bool = False,
    max_cost: float | None = None,
    models: Iterable[str] | None = None,
    limit: int | None = None,
    sort: str = "order",
    order: str | None = None,
    output_format: str | None = None,
    json_output: bool = False,
    workload: Workload | None = None,  # the cost options, read by catalog.workload
    mine: bool = False,
    columns: Iterable[str] | None = None,
    no_headers: bool = False,
    csv_raw: bool = False,
) -> ListOptions:
    """ListOptions from the command line's values, whichever parser read them."""
    for asked, option in ((sort == "cost", "--sort cost"), (max_cost is not None, "--max-cost")):
        if asked and (workload is None or not workload.given):
            raise UsageError(f"{option} needs a workload: --input-tokens and/or --output-tokens")
    if free and paid:
        raise UsageError("--free and --paid leave nothing between them; give one")
    ids = tuple(models or ())
    check_model_ids(ids)
    if model == "":
        raise empty_value("--model", "part of a model id or name")
    if tag is not None and not tag.strip():
        raise empty_value("--tag", "a tag the server knows, such as coding")
    output_format = resolve_format(output_format, json_output)
    check_headers(output_format, not no_headers)
    check_csv_raw(output_format, csv_raw)
    check_columns(output_format, bool(columns))
    return ListOptions(
        filters=Filters.build(
            types=given_values(types, "--type", FILTER_VALUES["--type"]),
            modalities=given_values(modalities, "--modalities", FILTER_VALUES["--modalities"]),
            features=given_values(features, "--features", FILTER_VALUES["--features"]),
            model=model,
            max_price=max_price,
            min_context=min_context,
            free=free,
            paid=paid,
            exclude=given_values(exclude, "--exclude", FILTER_VALUES["--exclude"]),
            include_unknown=include_unknown,
        ),
        tag=tag,
        sort=sort,
        descending=None if order is None else order == "desc",
        limit=limit,
        output_format=output_format,
        workload=workload,
        mine=mine,
        columns=tuple(column_names(columns)),
        headers=not no_headers,
        max_cost=max_cost,
        ids=ids,
        raw_csv=csv_raw,
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


def server_only(options: ListOptions) -> str | None:
    """What was asked for that only the server can answer, as the user typed it."""
    asked = []
    if options.tag:
        asked.append(f"--tag {options.tag}")
    if options.sort in SERVER_SORT_KEYS:
        asked.append(f"--sort {options.sort}")
    if options.mine:
        asked.append("--mine (the models your key can call)")
    return " and ".join(asked) or None


def order_and_limit(
    chosen: list[Model], options: ListOptions, costs: Costs | None = None
) -> list[Model]:
    """The filtered models in the order asked for, cut to --limit."""
    if options.ids and options.sort == "order":
        # Named models: "order" is the order they were named in, which --order desc reverses.
        if options.descending:
            chosen = chosen[::-1]
    elif options.sort not in SERVER_SORT_KEYS:
        descending = options.descending
        if descending is None:
            descending = default_descending(options.sort)
        value_of = None
        if options.sort == "cost" and costs is not None:
            value_of = _cost_of(costs)
        chosen = sort_models(chosen, options.sort, descending=descending, value_of=value_of)
    if options.limit is not None:
        chosen = chosen[: options.limit]
    return chosen


def _within(
    models: list[Model],
    costs: Costs,
    options: ListOptions,
    unknown: dict[Model, tuple[str, ...]],
) -> list[Model]:
    """The models whose estimate is at most --max-cost. A workload the model cannot run
    fails; an estimate the catalog cannot give (no price, no unit) is unknown."""
    from decimal import Decimal

    most = Decimal(repr(options.max_cost))
    kept = []
    for model in models:
        cost = costs[model]
        if cost.ranked is not None:
            if cost.ranked <= most:
                kept.append(model)
        elif not cost.impossible:
            if options.filters.include_unknown:
                kept.append(model)
            else:
                unknown[model] = (*unknown.get(model, ()), "price in USD per 1M tokens")
    return kept


def _say_named_left_out(
    runtime: Runtime,
    named: list[Model],
    kept: list[Model],
    unknown: dict[Model, tuple[str, ...]],
) -> None:
    """Models named on the command line that the filters left out are said, never dropped
    silently (those left out for an unknown value are counted by unknown_note)."""
    left = set(kept) | set(unknown)
    out = list(dict.fromkeys(m.id for m in named if m not in left))
    if out:
        from aihubmix_cli.base.text import summary  # only a run that says it pays for it

        total = len(set(named))
        said = f"{len(out)} of the {total} models named" if total > 1 else "the model named"
        runtime.hint(summary(f"{said} left out by the filters", out, verbose_names=False))


def _cost_of(costs: Costs) -> Callable[[Model], Any]:
    return lambda model: costs[model].ranked


def missing_value_hints(
    models: list[Model], filters: Filters, *, kept_some: bool = False
) -> list[str]:
    """Name each asked-for type, feature or input modality no model carries, with the values
    that do exist: a misspelt one among others (`--type llm,embeding`) matches nothing, and
    the models the others match would hide it. `kept_some`: the filters kept a model for
    its values (not --include-unknown), which then carries every value asked all of, and a
    lone type: those need no look at the catalog."""
    hints = []
    for asked, field, noun, all_of in (
        (filters.types, "types", "type", False),
        (filters.features, "features", "feature", True),
        (filters.modalities, "input_modalities", "input modality", True),
    ):
        if not asked:
            continue
        if kept_some and not filters.include_unknown and (all_of or len(asked) == 1):
            continue
        known = known_values(models, field)
        for value in sorted(asked - set(known)):
            hints.append(f"no model has {noun} '{value}'; the catalog has: {', '.join(known)}")
    return hints


def empty_result_hints(
    models: list[Model], filters: Filters, *, tag: str | None = None
) -> list[str]:
    """Why nothing matched: each asked-for value no model carries, or else that the values
    exist but not together.

    `models` is what the server answered; the server alone knows tags, so an empty answer to
    a tag is the one sign that no model carries it.
    """
    if tag and not models:
        return [f"no model carries tag '{tag}'; the API documents the tag coding"]
    hints = missing_value_hints(models, filters)
    if not hints and models and filters.active:
        # Every value exists, but not together: say so rather than print an empty table.
        hints.append("no model matches all of these filters")
        if filters.max_price is not None:
            hints[0] += (
                f" (--max-price counts input prices in USD per 1M tokens up to "
                f"{filters.max_price:g}; image, video and speech models have no such price)"
            )
    return hints


class Selection:
    __slots__ = ("catalog", "chosen", "costs", "matched")

    def __init__(
        self,
        chosen: list[Model],
        catalog: LoadedCatalog,
        costs: Costs | None,
        matched: int | None = None,
    ) -> None:
        self.chosen = chosen  # what `list` shows, in its order
        self.catalog = catalog
        self.costs = costs
        # How many matched before --limit cut them.
        self.matched = len(chosen) if matched is None else matched


def select(runtime: Runtime, options: ListOptions, as_of: str | None = None) -> Selection:
    """The models `aihub list` with these options shows (from the catalog as it stood at
    `as_of`, when given); hints on stderr when there are none."""
    if options.mine and runtime.settings.checked_api_key() is None:
        raise UsageError("--mine needs AIHUBMIX_API_KEY: it lists the models that key can call")
    catalog = runtime.catalog.load(
        server_params(options), needs_server=server_only(options), as_of=as_of
    )
    answered = catalog.models
    if options.mine:
        callable_ids = {entry.id for entry in runtime.catalog.load_legacy_list().value}
        catalog = catalog.with_models([m for m in catalog.models if m.id in callable_ids])
        if answered and not catalog.models:
            runtime.hint(_none_of_mine(len(callable_ids), options.tag))
    candidates = catalog.models
    if options.ids:
        from aihubmix_cli.catalog.lookup import resolve

        candidates = resolve(catalog.models, options.ids)
    filtered = filter_models(candidates, options.filters)
    matching, unknown = filtered.kept, filtered.unknown
    costs = None
    if options.workload is not None:
        from aihubmix_cli.catalog.costs import estimates

        costs = estimates(matching, options.workload)
        if options.max_cost is not None:
            matching = _within(matching, costs, options, unknown)
    note = unknown_note(unknown)
    if note:
        runtime.hint(note)
    if options.ids:
        _say_named_left_out(runtime, candidates, matching, unknown)
    chosen = order_and_limit(matching, options, costs)
    if not matching:  # (not `chosen`: -n 0 lists nothing of what did match)
        for hint in empty_result_hints(answered, options.filters, tag=options.tag):
            runtime.hint(hint)
    else:
        kept_some = bool(filtered.kept)
        for hint in missing_value_hints(answered, options.filters, kept_some=kept_some):
            runtime.hint(hint)
        if options.sort in _SORT_FIELDS and not _any_sort_value(chosen, options.sort, costs):
            runtime.hint(
                f"no listed model has {_SORT_FIELDS[options.sort]}, so --sort {options.sort} "
                "leaves them in the catalog's order"
            )
    return Selection(chosen, catalog, costs, len(matching))


# What each sort key sorts by, for people: the catalog may know it for no model at all.
_SORT_FIELDS = {
    "context_length": "a known context length",
    "max_output": "a known max output",
    "price": "an input price in USD per 1M tokens",
    "output_price": "an output price in USD per 1M tokens",
    "release_date": "a release date",
    "cost": "a cost estimate for this workload",
}


def _any_sort_value(models: list[Model], key: str, costs: Costs | None) -> bool:
    if key == "cost":
        return costs is not None and any(costs[m].usd is not None for m in models)
    return any(sort_value(m, key) is not None for m in models)


def _none_of_mine(callable_count: int, tag: str | None) -> str:
    if callable_count == 0:
        return "your AIHUBMIX_API_KEY can call no models at all (aihub legacy shows its list)"
    noun = "id" if callable_count == 1 else "ids"
    where = f"the catalog's models tagged '{tag}'" if tag else "the catalog"
    return (
        f"your AIHUBMIX_API_KEY can call {callable_count} model {noun}, none of them in "
        f"{where}; aihub legacy --missing lists them"
    )
