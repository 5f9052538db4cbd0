"""Ordering the catalog: the sort keys, their default directions and the one sorting rule."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, TypeVar

    from .model import Model

    T = TypeVar("T")

SORT_KEYS = (
    "order",
    "context_length",
    "max_output",
    "price",
    "output_price",
    "name",
    "release_date",
    "cost",  # needs a workload: see aihubmix_cli.costs
)
# Orders only the server knows: the response carries no ratio or coding tag to sort by.
SERVER_SORT_KEYS = ("model_ratio", "coding")

_DESCENDING_BY_DEFAULT = frozenset({"context_length", "max_output", "release_date"})


def default_descending(key: str) -> bool:
    """Sizes and dates run largest and newest first; prices and names from the bottom."""
    return key in _DESCENDING_BY_DEFAULT


def sort_value(model: Model, key: str) -> Any:
    """The value `key` sorts `model` by, or None when the catalog does not know it."""
    if key == "order":
        return model.position
    if key == "context_length":
        return model.context_length
    if key == "max_output":
        return model.max_output
    # Prices rank only in their one known unit, USD per 1M tokens; other models sort last.
    if key == "price":
        return model.prices.get("input") if model.token_priced else None
    if key == "output_price":
        return model.prices.get("output") if model.token_priced else None
    if key == "name":
        return (model.id.casefold(), model.id)
    if key == "release_date":
        return model.release_date
    raise ValueError(f"unknown sort key {key!r}")


def sort_models(
    models: Iterable[Model],
    key: str,
    *,
    descending: bool,
    value_of: Callable[[Model], Any] | None = None,
) -> list[Model]:
    """Sort by `key` (or by `value_of`, for values the catalog alone cannot give, such as a
    cost), unknown values last in either direction, ties in catalog order."""
    if value_of is None and key == "order":
        # Catalog order is the order models come in: positions are unique and all known.
        ordered = list(models)
        positions = [model.position for model in ordered]
        if positions != sorted(positions):  # in C: a 10,000-model catalog asks this every run
            ordered.sort(key=lambda model: model.position)
        return ordered[::-1] if descending else ordered
    if value_of is None:

        def value_of(model: Model) -> Any:
            return sort_value(model, key)

    return sort_known_first(models, value_of, descending=descending)


def sort_known_first(
    items: Iterable[T], value_of: Callable[[T], Any], *, descending: bool
) -> list[T]:
    """Sort by `value_of`; items whose value is None (unknown) come last in either direction,
    and ties keep their original order."""
    known: list[tuple[Any, T]] = []
    unknown: list[T] = []
    for item in items:
        value = value_of(item)
        if value is None:
            unknown.append(item)
        else:
            known.append((value, item))
    # list.sort stays stable with reverse=True, so ties keep their order both ways.
    known.sort(key=lambda pair: pair[0], reverse=descending)
    return [item for _, item in known] + unknown
