"""What `list` and `export` were asked, read once from either parser's values: the filters,
the order, the output, and the rules for values given empty; and what of it only the server
can answer (its own orders and tags)."""

from __future__ import annotations

from aihubmix_cli.base.errors import UsageError, check_model_ids, empty_value
from aihubmix_cli.base.record import Record
from aihubmix_cli.catalog import SERVER_SORT_KEYS, Filters, split_list
from aihubmix_cli.render.writers import (
    check_columns,
    check_csv_raw,
    check_headers,
    resolve_format,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    # costs imports decimal: only a run with a workload pays for it.
    from aihubmix_cli.catalog.costs import Workload


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


def read_filters(
    *,
    types: Iterable[str] | None = None,
    modalities: Iterable[str] | None = None,
    features: Iterable[str] | None = None,
    model: str | None = None,
    exclude: Iterable[str] | None = None,
    include_unknown: bool = False,
    max_price: float | None = None,
    min_context: int | None = None,
    free: bool = False,
    paid: bool = False,
) -> Filters:
    """The catalog filters from either parser's values (list, export, changes); an option
    naming nothing is a usage error, not a filter that keeps everything."""
    if model == "":
        raise empty_value("--model", "part of a model id or name")
    return Filters.build(
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
    )


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
    filters = read_filters(
        types=types,
        modalities=modalities,
        features=features,
        model=model,
        exclude=exclude,
        include_unknown=include_unknown,
        max_price=max_price,
        min_context=min_context,
        free=free,
        paid=paid,
    )
    if tag is not None and not tag.strip():
        raise empty_value("--tag", "a tag the server knows, such as coding")
    output_format = resolve_format(output_format, json_output)
    check_headers(output_format, not no_headers)
    check_csv_raw(output_format, csv_raw)
    check_columns(output_format, bool(columns))
    return ListOptions(
        filters=filters,
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
