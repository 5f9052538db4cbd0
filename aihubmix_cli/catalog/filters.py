"""Narrowing the catalog: what `aihub list` filters by, and the values it can hint at."""

from __future__ import annotations

from aihubmix_cli.base.record import Record
from aihubmix_cli.catalog.model import (
    FEATURE_ALIASES,
    TYPE_ALIASES,
    field_values,
    per_value,
    view_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any

    from aihubmix_cli.catalog.model import Model

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


def matching_features(names: Iterable[str]) -> frozenset[str]:
    """Feature names as a filter compares them: the catalog writes tool calling as `tools` on
    some models and `function_calling` on others, so the two match each other (output keeps
    the catalog's own word)."""
    return frozenset(SAME_FEATURE.get(name, name) for name in map(normalise_feature, names))


# The one rule for capabilities the catalog names twice: both names compare as the first.
SAME_FEATURE = {"function_calling": "tools"}


class Filters(Record):
    """What `aihub list` narrows the catalog by. Empty sets and None mean "any"."""

    __slots__ = (
        "exclude",
        "features",
        "free",
        "include_unknown",
        "max_price",
        "min_context",
        "modalities",
        "model",
        "paid",
        "types",
    )

    def __init__(
        self,
        types: frozenset[str] = frozenset(),  # any of them
        modalities: frozenset[str] = frozenset(),  # all of them
        features: frozenset[str] = frozenset(),  # all of them
        model: str | None = None,  # case-insensitive part of the id or name
        max_price: float | None = None,  # input USD per 1M tokens
        min_context: int | None = None,
        free: bool = False,
        paid: bool = False,  # leave out models priced 0 in and 0 out
        exclude: tuple[str, ...] = (),  # shell patterns on ids, in lower case
        include_unknown: bool = False,  # keep models whose filtered value is unknown
    ) -> None:
        self.types = types
        self.modalities = modalities
        self.features = features
        self.model = model
        self.max_price = max_price
        self.min_context = min_context
        self.free = free
        self.paid = paid
        self.exclude = exclude
        self.include_unknown = include_unknown

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
        paid: bool = False,
        exclude: Iterable[str] = (),
        include_unknown: bool = False,
    ) -> Filters:
        return cls(
            types=frozenset(normalise_type(t) for t in types if t.strip()),
            modalities=frozenset(m.strip().lower() for m in modalities if m.strip()),
            features=frozenset(normalise_feature(f) for f in features if f.strip()),
            model=model.casefold() if model else None,
            max_price=max_price,
            min_context=min_context,
            free=free,
            paid=paid,
            exclude=tuple(p.strip().casefold() for p in exclude if p.strip()),
            include_unknown=include_unknown,
        )

    @property
    def active(self) -> bool:
        return (
            bool(self.types or self.modalities or self.features or self.free or self.paid)
            or bool(self.exclude)
            or any(value is not None for value in (self.model, self.max_price, self.min_context))
        )


def is_free(model: Model) -> bool:
    return _free(model.prices.get("input"), model.prices.get("output")) is True


def _free(input_price: float | None, output_price: float | None) -> bool | None:
    """Free means both token rates are known and zero; a missing rate makes it unknown, unless
    the other one already says the model is not free."""
    if input_price == 0 and output_price == 0:
        return True
    if (input_price is None and output_price in (None, 0)) or (
        output_price is None and input_price == 0
    ):
        return None
    return False


def _paid(input_price: float | None, output_price: float | None) -> bool:
    return not (input_price == 0 and output_price == 0)


# A criterion's verdict on one model: True (passes), False (fails), None (the catalog does
# not state the value it reads: unknown, neither a pass nor a fail).
if TYPE_CHECKING:
    Test = tuple[tuple[str, ...], Callable[..., bool | None], str]


# What --max-price finds unknown: no input price, or one without a documented unit (an image
# model's bare number) is not a price in USD per 1M tokens.
PRICE_UNKNOWN = "input price in USD per 1M tokens"


def _tests(filters: Filters) -> list[Test]:
    """Each criterion `filters` sets: the model fields it reads, its test of their values, and
    the name of what is unknown when the test says None. Written once for both `matches` (one
    model) and `filter_models` (a catalog, by column)."""
    tests: list[Test] = []
    if filters.exclude:
        from fnmatch import fnmatchcase

        patterns = filters.exclude
        tests.append(
            (
                ("id",),
                lambda model_id: not any(fnmatchcase(model_id.casefold(), p) for p in patterns),
                "",
            )
        )
    if filters.paid:
        tests.append((("prices.input", "prices.output"), _paid, ""))
    if filters.types:
        asked_types = filters.types
        tests.append(
            (
                ("types",),
                lambda types: None if not types else not asked_types.isdisjoint(_lowered(types)),
                "type",
            )
        )
    if filters.features:
        asked = matching_features(filters.features)
        tests.append(
            (
                ("features",),
                lambda values: None if not values else asked <= matching_features(values),
                "features",
            )
        )
    if filters.modalities:
        modalities = filters.modalities
        tests.append(
            (
                ("input_modalities",),
                lambda values: None if not values else modalities.issubset(_lowered(values)),
                "input modalities",
            )
        )
    if filters.model is not None:
        text = filters.model
        tests.append(
            (
                ("id", "name"),
                lambda model_id, name: (
                    text in model_id.casefold() or (name is not None and text in name.casefold())
                ),
                "",
            )
        )
    if filters.max_price is not None:
        most = filters.max_price

        def cheap_enough(price: float | None, token_priced: bool) -> bool | None:
            # USD per 1M tokens: an image model's bare number is not comparable, so its price
            # in that unit is unknown. Both sides come from decimal text through float(), so
            # equal prices compare equal.
            if not token_priced or price is None:
                return None
            return price <= most

        tests.append((("prices.input", "token_priced"), cheap_enough, PRICE_UNKNOWN))
    if filters.min_context is not None:
        least = filters.min_context
        tests.append(
            (
                ("context_length",),
                lambda length: None if length is None else length >= least,
                "context length",
            )
        )
    if filters.free:
        tests.append((("prices.input", "prices.output"), _free, "price"))
    return tests


def matches(model: Model, filters: Filters) -> bool:
    verdicts = [
        test(*[view_of(model, field) for field in fields]) for fields, test, _ in _tests(filters)
    ]
    if filters.include_unknown:
        return False not in verdicts
    return all(verdict is True for verdict in verdicts)


def _lowered(values: tuple[str, ...]) -> Iterable[str]:
    """`values` in lower case; as they are when they already are, as the catalog's nearly
    always are."""
    joined = ",".join(values)
    return values if joined == joined.lower() else [value.lower() for value in values]


class Filtered(Record):
    """What the filters kept, and the models they left out only because a value they read
    is unknown (`unknown`: model -> the names of those values, in the filters' order)."""

    __slots__ = ("kept", "unknown")

    def __init__(self, kept: list[Model], unknown: dict[Model, tuple[str, ...]]) -> None:
        self.kept = kept
        self.unknown = unknown


def filter_models(models: list[Model], filters: Filters) -> Filtered:
    """The models `filters` keep, in order: each criterion in turn over the ones left, reading
    the fields it needs column by column (see model.field_values). A model whose value is
    unknown to a criterion stays in the running (a later one may fail it outright); at the
    end it is kept with `include_unknown`, else reported in `unknown`.

    Every pass over the models runs in C (compress, map, set and dict operations): a filter
    that half a 10,000-model catalog is unknown to would otherwise cost a warm run more in
    counting them than in filtering."""
    from itertools import compress, filterfalse, repeat
    from operator import is_, is_not

    unknown: dict[Model, tuple[str, ...]] = {}
    for fields, test, label in _tests(filters):
        if not models:
            break
        verdicts = _verdicts(test, [field_values(models, field) for field in fields])
        fails = False in verdicts
        if fails and unknown:
            # Unknown to an earlier criterion, failed outright by this one: not left out for
            # want of a value. (A model this one finds unknown, it does not fail.)
            failed = compress(models, map(is_, verdicts, repeat(False)))
            for model in unknown.keys() & set(failed):
                del unknown[model]
        if None in verdicts:
            nones = compress(models, map(is_, verdicts, repeat(None)))
            unknown = _with_label(unknown, dict.fromkeys(nones, (label,)), label)
        if fails:
            models = list(compress(models, map(is_not, verdicts, repeat(False))))
    if filters.include_unknown or not unknown:
        return Filtered(models, {})
    return Filtered(list(filterfalse(unknown.__contains__, models)), unknown)


def _with_label(
    unknown: dict[Model, tuple[str, ...]], added: dict[Model, tuple[str, ...]], label: str
) -> dict[Model, tuple[str, ...]]:
    """`unknown` with `label` added to the labels of the models in `added` (each new one
    holding `added`'s one shared `(label,)`): those already in keep their place, the new ones
    follow in order."""
    if not unknown:
        return added
    again = unknown.keys() & added.keys()
    merged = unknown | added
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    for model in again:
        labels = (*unknown[model], label)
        merged[model] = shared.setdefault(labels, labels)  # equal labels, one tuple
    return merged


def apply_filters(models: list[Model], filters: Filters) -> list[Model]:
    """The models `filters` keep (see filter_models)."""
    return filter_models(models, filters).kept


def unknown_note(unknown: dict[Model, tuple[str, ...]]) -> str | None:
    """One line saying how many models were left out for an unknown value, and how to see
    them; None when none were."""
    if not unknown:
        return None
    total = len(unknown)
    noun, their = ("model", "its") if total == 1 else ("models", "their")
    # Each value once, in the order the filters read them; a model may lack several, so
    # with more than one the line says how many lack each. Models share equal label tuples
    # (filter_models): each distinct one is counted in C and looked at once.
    values = list(unknown.values())
    counts: dict[str, int] = {}
    for labels in dict.fromkeys(values):
        lacking = values.count(labels)
        for label in dict.fromkeys(labels):
            counts[label] = counts.get(label, 0) + lacking
    if len(counts) == 1:
        said = f"{their} {next(iter(counts))}"
    else:
        said = ", ".join(f"the {label} of {n:,}" for label, n in counts.items())
    return (
        f"{total:,} {noun} left out: the catalog does not state {said}; "
        "--include-unknown lists them"
    )


def _verdicts(test: Callable[..., bool | None], columns: list[list[Any]]) -> list[bool | None]:
    """`test` of each row of `columns`; of each distinct object, for a one-field test."""
    return per_value(test, columns[0]) if len(columns) == 1 else list(map(test, *columns))


def known_values(models: Sequence[Model], field: str) -> list[str]:
    """Every value of a list field that some model carries, sorted, for hints. Read by
    column, each distinct list once (the parsed copy stores equal lists once): every filtered
    run asks it, of the whole catalog."""
    values: set[str] = set()
    column = field_values(models, field)
    for carried in dict(zip(map(id, column), column, strict=True)).values():
        values.update(v.lower() for v in carried)
    return sorted(values)
