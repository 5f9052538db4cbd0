"""What one catalog entry is: its fields, the price rule, and `Model`, the typed view of it.

Limits and prices are validated here, as they are read: a limit of 0 means unknown, a negative
or absurd price is absent, and a price's unit is USD per 1M tokens only for a token model.
"""

from __future__ import annotations

from aihubmix_cli.base.record import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, Protocol, TypeVar

    T = TypeVar("T")

    class _StoredCatalog(Protocol):
        def entries(self) -> list[dict[str, Any]]: ...
        def views(self) -> list[list[Any]]: ...


TYPE_ALIASES = {"t2t": "llm", "t2i": "image_generation", "t2v": "video", "reranking": "rerank"}
# Spellings the live catalog uses for a documented value (`o4-mini` sends "tool").
FEATURE_ALIASES = {"tool": "tools"}
LIST_FIELDS = ("types", "features", "input_modalities", "output_modalities", "endpoints")
LIMIT_FIELDS = ("context_length", "max_output")
PRICE_FIELDS = ("input", "output", "cache_read", "cache_write")

# of these. Image, video and speech prices have no documented unit (the live catalog gives
# `whisper-1` "100 / 100"), so their numbers are shown without claiming one. A model without
# types is a token model whose type is unknown: about 40% of the live catalog sends no types,
# and nearly all of those are chat models.
MEDIA_TYPES = frozenset({"image_generation", "video", "tts", "stt"})


def _is_date(text: str) -> bool:
    """YYYY-MM-DD in ASCII digits (what the pattern \\d{4}-\\d{2}-\\d{2} said, without re)."""
    return (
        len(text) == 10
        and text[4] == text[7] == "-"
        and (text[:4] + text[5:7] + text[8:]).isdecimal()
    )


# No window or price comes near these; a number beyond them is junk, shown as unknown rather
# than carried into float arithmetic that would overflow.
_LARGEST_LIMIT = 10**15
_LARGEST_PRICE = 10**12


def _positive(value: int | float | None) -> int | None:
    """A token limit: 0 (and anything below) means the catalog does not know it."""
    if value is None or value <= 0 or value > _LARGEST_LIMIT:
        return None
    return int(value)


def _price(value: int | float | None) -> float | None:
    if value is None or value < 0 or value > _LARGEST_PRICE:
        return None
    return float(value) + 0.0  # -0.0 (which `value < 0` lets through) is a price of 0


class _Lazy:
    """functools.cached_property without its lock (Python 3.11 takes one on every read
    until the value is cached; a 10,000-model table reads thousands of these): computed on
    first use, then an ordinary attribute of the instance."""

    def __init__(self, compute: Callable[[Any], Any]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.compute(instance)
        instance.__dict__[self.name] = value
        return value


if TYPE_CHECKING:
    from functools import cached_property
else:
    cached_property = _Lazy


class Tier(Record):
    """Rates that apply to a whole request once its input exceeds `size` tokens."""

    __slots__ = ("prices", "size")

    def __init__(self, size: int, prices: dict[str, float]) -> None:
        self.size = size
        self.prices = prices


class Model:
    """One catalog entry: `data` is its JSON form, the attributes are typed views of it.

    The views are computed on first use: `aihub list --json` with no filter never needs them,
    and a warm run should cost no more than reading and writing the JSON.
    """

    def __init__(self, data: dict[str, Any], position: int) -> None:
        self.data = data
        self.position = position
        self.id: str = data["model_id"]

    @cached_property
    def name(self) -> str | None:
        name = self.data.get("model_name")
        return name if isinstance(name, str) and name else None

    @cached_property
    def types(self) -> tuple[str, ...]:
        return tuple(self.data.get("types") or ())

    @cached_property
    def features(self) -> tuple[str, ...]:
        return tuple(self.data.get("features") or ())

    @cached_property
    def input_modalities(self) -> tuple[str, ...]:
        return tuple(self.data.get("input_modalities") or ())

    @cached_property
    def context_length(self) -> int | None:
        return _positive(self.data.get("context_length"))

    @cached_property
    def max_output(self) -> int | None:
        return _positive(self.data.get("max_output"))

    @cached_property
    def prices(self) -> dict[str, float]:
        pricing = self.data.get("pricing")
        return _valid_prices(pricing) if isinstance(pricing, dict) else {}

    @cached_property
    def tiers(self) -> tuple[Tier, ...]:
        pricing = self.data.get("pricing")
        return _tiers(pricing.get("tiers")) if isinstance(pricing, dict) else ()

    @cached_property
    def deprecated(self) -> bool:
        return self.data.get("retire_stage") == "deprecated"

    @cached_property
    def release_date(self) -> str | None:
        date = self.data.get("release_date")
        return date if isinstance(date, str) and _is_date(date) else None

    @cached_property
    def token_priced(self) -> bool:
        """Whether the prices are USD per 1M tokens: yes unless every type is a media type."""
        return not self.types or not all(t.lower() in MEDIA_TYPES for t in self.types)

    @cached_property
    def bare(self) -> bool:
        """Whether the catalog says nothing of this model but its id and its price, as it does
        for about a quarter of the live catalog."""
        return not any(
            value not in (None, "", [], 0)
            for key, value in self.data.items()
            if key not in ("model_id", "pricing")
        )

    def __repr__(self) -> str:
        return f"Model({self.id!r})"


# The typed views the parsed copy in the cache keeps, column by column, so that filtering,
# sorting and drawing the default table never load the entries themselves (their
# descriptions are most of a catalog's bytes). Prices are kept one column per rate, numbers
# or None: loading 10,000 small dicts would cost a warm run more than all the rest.
PRICE_VIEWS = {f"prices.{field}": field for field in PRICE_FIELDS}
VIEW_FIELDS = (
    "name",
    "types",
    "features",
    "input_modalities",
    "context_length",
    "max_output",
    *PRICE_VIEWS,
    "release_date",
    "token_priced",
    "deprecated",
)


def view_of(model: Model, field: str) -> Any:
    """One of VIEW_FIELDS of `model` (an attribute, or a rate of its prices), or any other
    attribute."""
    rate = PRICE_VIEWS.get(field)
    return getattr(model, field) if rate is None else model.prices.get(rate)


class StoredModel(Model):
    """A Model from the parsed copy in the cache (aihubmix_cli/store/parsed.py): its id is at hand,
    its VIEW_FIELDS come from the copy's columns and its data from the copy's entries, each
    read only when something asks for it."""

    def __init__(self, model_id: str, position: int, catalog: _StoredCatalog) -> None:
        self.id = model_id
        self.position = position
        self._catalog = catalog

    @cached_property
    def data(self) -> dict[str, Any]:  # type: ignore[override]
        return self._catalog.entries()[self.position]

    @cached_property
    def prices(self) -> dict[str, float]:
        views, position = self._catalog.views(), self.position
        rates = ((rate, views[_VIEW_INDEX[view]][position]) for view, rate in PRICE_VIEWS.items())
        return {rate: price for rate, price in rates if price is not None}


class _StoredView:
    """One of VIEW_FIELDS of a StoredModel, read from the copy's column on first use, then an
    ordinary attribute. One call per first read: a 10,000-model table makes 25,000 of them."""

    def __init__(self, index: int, name: str) -> None:
        self.index = index
        self.name = name

    def __get__(self, model: StoredModel | None, owner: type | None = None) -> Any:
        if model is None:
            return self
        value = model._catalog.views()[self.index][model.position]
        model.__dict__[self.name] = value
        return value


for _index, _name in enumerate(VIEW_FIELDS):
    if _name not in PRICE_VIEWS:
        setattr(StoredModel, _name, _StoredView(_index, _name))
_VIEW_INDEX = {name: index for index, name in enumerate(VIEW_FIELDS)}


def field_values(models: Sequence[Model], field: str) -> list[Any]:
    """`field` of each of `models`, in order. Models of one parsed copy have theirs read from
    its column, without a call per model: filtering or drawing 2,000 of 10,000 models asks
    for some 20,000 values. (Equal values the copy stores once then come as one object,
    which `per_value` looks at once.) A table asks about one tuple of models column after
    column: a tuple cannot change, so where its models are is worked out once."""
    index = _VIEW_INDEX.get(field)
    if index is not None and models and isinstance(models[0], StoredModel):
        if models is _last_read[0]:
            stored = _last_read[1]
        else:
            stored = _stored_positions(models)
            if type(models) is tuple:
                _last_read[:] = [models, stored]
        if stored is not None:
            catalog, positions = stored
            return list(map(catalog.views()[index].__getitem__, positions))
    return [view_of(m, field) for m in models]


# The last tuple of models field_values read, and what _stored_positions said of it.
_last_read: list[Any] = [None, None]


def _stored_positions(models: Sequence[Model]) -> tuple[_StoredCatalog, list[int]] | None:
    """The parsed copy `models` all come from and their positions in it; None if they do not
    all come from one."""
    from operator import attrgetter  # passes in C: the point is not to call per model

    try:
        catalogs = set(map(attrgetter("_catalog"), models))
    except AttributeError:  # another kind of model among them
        return None
    if len(catalogs) != 1:
        return None
    return catalogs.pop(), list(map(attrgetter("position"), models))


def _valid_prices(block: dict[str, Any]) -> dict[str, float]:
    """The usable rates of a normalised price block (numbers already; negatives dropped)."""
    prices: dict[str, float] = {}
    for field in PRICE_FIELDS:
        price = _price(block.get(field))
        if price is not None:
            prices[field] = price
    return prices


def _tiers(value: Any) -> tuple[Tier, ...]:
    if not isinstance(value, list):
        return ()
    tiers: list[Tier] = []
    for tier in value:
        if not isinstance(tier, dict) or not isinstance(tier.get("tier"), dict):
            continue
        size = _positive(tier["tier"].get("size"))
        if size is not None:
            tiers.append(Tier(size, _valid_prices(tier)))
    return tuple(sorted(tiers, key=lambda t: t.size))


def per_value(function: Callable[[Any], T], values: list[Any]) -> list[T]:
    """`function` of each of `values`, called once per distinct object: a column of 10,000
    models from the parsed copy holds a few dozen feature lists and limits."""
    keys = list(map(id, values))  # the values are alive (in `values`) while their ids count
    results = {key: function(value) for key, value in dict(zip(keys, values, strict=True)).items()}
    return list(map(results.__getitem__, keys))
