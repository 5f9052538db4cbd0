"""Narrowing the catalog: what `aihub list` filters by, and the values it can hint at."""

from __future__ import annotations

from aihubmix_cli.record import Record

from .model import FEATURE_ALIASES, TYPE_ALIASES, field_values, per_value, view_of

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from .model import Model

# The values the published contract lists. The catalog grows past them, so they are a
# fallback for hints and completion, never a check on what a user may ask for.
DOCUMENTED_VALUES: dict[str, tuple[str, ...]] = {
    "types": ("llm", "image_generation", "video", "tts", "stt", "embedding", "rerank"),
    "features": (
        "thinking",
        "tools",
        "function_calling",
        "web",
        "deepsearch",
        "long_context",
        "structured_outputs",
    ),
    "input_modalities": ("text", "image", "audio", "video", "pdf"),
}


def normalise_type(name: str) -> str:
    name = name.strip().lower()
    return TYPE_ALIASES.get(name, name)


def normalise_feature(name: str) -> str:
    name = name.strip().lower()
    return FEATURE_ALIASES.get(name, name)


class Filters(Record):
    """What `aihub list` narrows the catalog by. Empty sets and None mean "any"."""

    __slots__ = ("features", "free", "max_price", "min_context", "modalities", "model", "types")

    def __init__(
        self,
        types: frozenset[str] = frozenset(),  # any of them
        modalities: frozenset[str] = frozenset(),  # all of them
        features: frozenset[str] = frozenset(),  # all of them
        model: str | None = None,  # case-insensitive part of the id or name
        max_price: float | None = None,  # input USD per 1M tokens
        min_context: int | None = None,
        free: bool = False,
    ) -> None:
        self.types = types
        self.modalities = modalities
        self.features = features
        self.model = model
        self.max_price = max_price
        self.min_context = min_context
        self.free = free

    @classmethod
    def build(
        cls,
        *,
        types: Iterable[str] = (),
        modalities: Iterable[str] = (),
        features: Iterable[str] = (),
        model: str | None = None,
        max_price: float | None = None,
        min_context: int | None = None,
        free: bool = False,
    ) -> Filters:
        return cls(
            types=frozenset(normalise_type(t) for t in types if t.strip()),
            modalities=frozenset(m.strip().lower() for m in modalities if m.strip()),
            features=frozenset(normalise_feature(f) for f in features if f.strip()),
            model=model.casefold() if model else None,
            max_price=max_price,
            min_context=min_context,
            free=free,
        )

    @property
    def active(self) -> bool:
        return bool(self.types or self.modalities or self.features or self.free) or any(
            value is not None for value in (self.model, self.max_price, self.min_context)
        )


def is_free(model: Model) -> bool:
    return _free(model.prices.get("input"), model.prices.get("output"))


def _free(input_price: float | None, output_price: float | None) -> bool:
    """Free means both token rates are known and zero: a missing rate is not a free one."""
    return input_price == 0 and output_price == 0


def _tests(filters: Filters) -> list[tuple[tuple[str, ...], Callable[..., bool]]]:
    """Each criterion `filters` sets: the model fields it reads, and its test of their values.
    Written once for both `matches` (one model) and `apply_filters` (a catalog, by column)."""
    tests: list[tuple[tuple[str, ...], Callable[..., bool]]] = []
    if filters.types:
        tests.append((("types",), lambda types: not filters.types.isdisjoint(_lowered(types))))
    if filters.features:
        tests.append((("features",), lambda values: filters.features.issubset(_lowered(values))))
    if filters.modalities:
        modalities = filters.modalities
        tests.append((("input_modalities",), lambda values: modalities.issubset(_lowered(values))))
    if filters.model is not None:
        text = filters.model
        tests.append(
            (
                ("id", "name"),
                lambda model_id, name: (
                    text in model_id.casefold() or (name is not None and text in name.casefold())
                ),
            )
        )
    if filters.max_price is not None:
        most = filters.max_price

        def cheap_enough(price: float | None, token_priced: bool) -> bool:
            # USD per 1M tokens: an image model's bare number is not comparable. Both sides
            # come from decimal text through float(), so equal prices compare equal.
            return token_priced and price is not None and price <= most

        tests.append((("prices.input", "token_priced"), cheap_enough))
    if filters.min_context is not None:
        least = filters.min_context
        tests.append((("context_length",), lambda length: length is not None and length >= least))
    if filters.free:
        tests.append((("prices.input", "prices.output"), _free))
    return tests


def matches(model: Model, filters: Filters) -> bool:
    return all(
        test(*[view_of(model, field) for field in fields]) for fields, test in _tests(filters)
    )


def _lowered(values: tuple[str, ...]) -> Iterable[str]:
    """`values` in lower case; as they are when they already are, as the catalog's nearly
    always are."""
    joined = ",".join(values)
    return values if joined == joined.lower() else [value.lower() for value in values]


def apply_filters(models: list[Model], filters: Filters) -> list[Model]:
    """The models `filters` keep, in order: each criterion in turn over the ones left, reading
    the fields it needs column by column (see model.field_values)."""
    for fields, test in _tests(filters):
        if not models:
            break
        verdicts = _verdicts(test, [field_values(models, field) for field in fields])
        models = [model for model, keep in zip(models, verdicts, strict=True) if keep]
    return models


def _verdicts(test: Callable[..., bool], columns: list[list[Any]]) -> list[bool]:
    """`test` of each row of `columns`; of each distinct object, for a one-field test."""
    return per_value(test, columns[0]) if len(columns) == 1 else list(map(test, *columns))


def known_values(models: Iterable[Model], field: str) -> list[str]:
    """Every value of a list field that some model carries, sorted, for hints."""
    values: set[str] = set()
    for model in models:
        values.update(v.lower() for v in getattr(model, field))
    return sorted(values)
