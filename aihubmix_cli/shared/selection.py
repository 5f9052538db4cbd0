"""Which models `list` shows, and in what order: the options of `list` and `export`
(list_options.py) applied to the catalog, with a line on stderr where the answer may
surprise."""

from __future__ import annotations

from aihubmix_cli.base.errors import UsageError
from aihubmix_cli.catalog import (
    SERVER_SORT_KEYS,
    Filters,
    Model,
    default_descending,
    filter_models,
    known_values,
    sort_models,
    sort_value,
    unknown_note,
)
from aihubmix_cli.shared.list_options import server_only, server_params

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from aihubmix_cli.render.models import Costs
    from aihubmix_cli.shared.list_options import ListOptions
    from aihubmix_cli.shared.runtime import Runtime
    from aihubmix_cli.sources.catalog import LoadedCatalog


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
