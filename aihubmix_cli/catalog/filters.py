"""Narrowing the catalog: what `aihub list` filters by, and the values it can hint at."""

from __future__ import annotations

from aihubmix_cli.record import Record

from .model import FEATURE_ALIASES, TYPE_ALIASES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

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
    """Free means both token rates are known and zero: a missing rate is not a free one."""
    return model.prices.get("input") == 0 and model.prices.get("output") == 0


def matches(model: Model, filters: Filters) -> bool:
    if filters.types and filters.types.isdisjoint(_lowered(model.types)):
        return False
    if filters.features and not filters.features.issubset(_lowered(model.features)):
        return False
    if filters.modalities and not filters.modalities.issubset(_lowered(model.input_modalities)):
        return False
    if filters.model is not None and not _mentions(model, filters.model):
        return False
    if filters.max_price is not None:
        # USD per 1M tokens: an image model's bare number is not comparable.
        price = model.prices.get("input") if model.token_priced else None
        # Both sides come from decimal text through float(), so equal prices compare equal.
        if price is None or price > filters.max_price:
            return False
    if filters.min_context is not None and (
        model.context_length is None or model.context_length < filters.min_context
    ):
        return False
    return not filters.free or is_free(model)


def _lowered(values: tuple[str, ...]) -> Iterable[str]:
    """`values` in lower case; as they are when they already are, as the catalog's nearly
    always are (a filter over 10,000 models asks this 10,000 times)."""
    joined = ",".join(values)
    return values if joined == joined.lower() else [value.lower() for value in values]


def _mentions(model: Model, text: str) -> bool:
    return text in model.id.casefold() or (model.name is not None and text in model.name.casefold())


def apply_filters(models: list[Model], filters: Filters) -> list[Model]:
    if not filters.active:
        return models
    return [m for m in models if matches(m, filters)]


def known_values(models: Iterable[Model], field: str) -> list[str]:
    """Every value of a list field that some model carries, sorted, for hints."""
    values: set[str] = set()
    for model in models:
        values.update(v.lower() for v in getattr(model, field))
    return sorted(values)
