"""Ordering the catalog: the sort keys, their default directions and the one sorting rule."""

from __future__ import annotations

from aihubmix_cli.catalog.model import field_values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any, TypeVar

    from aihubmix_cli.catalog.model import Model

    T = TypeVar("T")

SORT_KEYS = (
    "order",
    "context_length",
    "max_output",
    "price",
    "output_price",
    "name",
    "release_date",
    "cost",  # needs a workload: see aihubmix_cli.catalog.costs
)
# Orders only the server knows: the response carries no ratio or coding tag to sort by.
SERVER_SORT_KEYS = ("model_ratio", "coding")

_DESCENDING_BY_DEFAULT = frozenset({"context_length", "max_output", "release_date"})


def default_descending(key: str) -> bool:
    """Sizes and dates run largest and newest first; prices and names from the bottom."""
    return key in _DESCENDING_BY_DEFAULT


def sort_value(model: Model, key: str) -> Any:
    """The value `key` sorts `model` by, or None when the catalog does not know it."""
    return sort_values([model], key)[0]


def sort_values(models: Sequence[Model], key: str) -> list[Any]:
    """The value `key` sorts each of `models` by (None when the catalog does not know it),
    read column by column (see model.field_values)."""
    if key == "order":
        return [model.position for model in models]
    if key in ("context_length", "max_output", "release_date"):
        return field_values(models, key)
    if key in ("price", "output_price"):
        rates = field_values(models, "prices.input" if key == "price" else "prices.output")
        # Prices rank only in their one known unit, USD per 1M tokens; other models sort last.
        tokens = field_values(models, "token_priced")
        return [rate if token else None for rate, token in zip(rates, tokens, strict=True)]
    if key == "name":
        return [(model.id.casefold(), model.id) for model in models]
    raise ValueError(f"unknown sort key {key!r}")


def sort_models(
    models: Sequence[Model],
    key: str,
    *,
    descending: bool,
    value_of: Callable[[Model], Any] | None = None,
) -> list[Model]:
    """Sort by `key` (or by `value_of`, for values the catalog alone cannot give, such as a
    cost), unknown values last in either direction, ties in catalog order."""
    if not models:
        return []  # whatever the key: a cost's values may not exist for no models
    if value_of is None and key == "order":
        # Catalog order is the order models come in: positions are unique and all known.
        ordered = list(models)
        positions = [model.position for model in ordered]
        if positions != sorted(positions):  # in C: a 10,000-model catalog asks this every run
            ordered.sort(key=lambda model: model.position)
        return ordered[::-1] if descending else ordered
    values = sort_values(models, key) if value_of is None else list(map(value_of, models))
    return sort_by_values(models, values, descending=descending)


def sort_known_first(
    items: Iterable[T], value_of: Callable[[T], Any], *, descending: bool
) -> list[T]:
    """Sort by `value_of`; items whose value is None (unknown) come last in either direction,
    and ties keep their original order."""
    items = list(items)
    return sort_by_values(items, list(map(value_of, items)), descending=descending)


def sort_by_values(items: Sequence[T], values: Sequence[Any], *, descending: bool) -> list[T]:
    """`items` sorted by their `values`; those whose value is None (unknown) come last in
    either direction, and ties keep their original order."""
    known = [(value, item) for value, item in zip(values, items, strict=True) if value is not None]
    unknown = [item for value, item in zip(values, items, strict=True) if value is None]
    # list.sort stays stable with reverse=True, so ties keep their order both ways.
    known.sort(key=lambda pair: pair[0], reverse=descending)
    return [item for _, item in known] + unknown
