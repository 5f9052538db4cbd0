"""The catalog as plain data: parse the server's answer, normalise it, filter and sort it.

Nothing here does I/O or drawing. The live service is looser than its published contract
(see docs/live-service.md), so every field is read tolerantly: numbers may be strings, limits
of 0 mean "unknown", list fields are comma strings (with full-width commas now and then), and
fields nobody documented pass through.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from typing import Any, NamedTuple

from .errors import BadResponseError

TYPE_ALIASES = {"t2t": "llm", "t2i": "image_generation", "t2v": "video", "reranking": "rerank"}
# Spellings the live catalog uses for a documented value (`o4-mini` sends "tool").
FEATURE_ALIASES = {"tool": "tools"}
LIST_FIELDS = ("types", "features", "input_modalities", "output_modalities", "endpoints")
LIMIT_FIELDS = ("context_length", "max_output")
PRICE_FIELDS = ("input", "output", "cache_read", "cache_write")

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

# The price rule: a model is priced in USD per 1M tokens unless every one of its types is one
# of these. Image, video and speech prices have no documented unit (the live catalog gives
# `whisper-1` "100 / 100"), so their numbers are shown without claiming one. A model without
# types is a token model whose type is unknown: about 40% of the live catalog sends no types,
# and nearly all of those are chat models.
MEDIA_TYPES = frozenset({"image_generation", "video", "tts", "stt"})

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# -- parsing ---------------------------------------------------------------------------------


def parse_envelope(body: bytes) -> list[Any]:
    """Return the `data` list of a catalog response, or raise BadResponseError.

    The live service sometimes answers HTTP 200 with an `{"error": ...}` body or
    `success: false`; those are failures with the server's own message, never a catalog.
    """
    data = load_object(body).get("data")
    if not isinstance(data, list):
        raise BadResponseError("the server's answer holds no list of models")
    return data


def load_object(body: bytes) -> dict[str, Any]:
    """A response body that must be a JSON object reporting no failure of its own."""
    payload = load_json(body)
    if not isinstance(payload, dict):
        raise BadResponseError("the server's answer is not a JSON object")
    problem = server_problem(payload)
    if problem:
        raise BadResponseError(problem)
    return payload


def load_json(body: bytes) -> Any:
    if not body.strip():
        raise BadResponseError("the server sent an empty response")
    try:
        # NaN, Infinity and 1e999 load as floats here; json_number makes the known numeric
        # fields null, and render.to_json does the same for any other field.
        return json.loads(body)
    except (ValueError, RecursionError):
        if body.lstrip()[:1] == b"<":
            raise BadResponseError("the server sent an HTML page instead of JSON") from None
        raise BadResponseError("the server sent invalid JSON") from None


def server_problem(payload: dict[str, Any]) -> str | None:
    """The failure a response body reports, in the server's words, if it reports one."""
    error = payload.get("error")
    if error:
        message = error.get("message") if isinstance(error, dict) else error
        return f"the server reported an error: {message or 'no message'}"
    if payload.get("success") is False:
        return f"the server reported a failure: {payload.get('message') or 'no message'}"
    return None


# The live catalog writes some lists with the full-width comma (`"thinking，tools"`) or the
# ideographic one; both separate values just like ",".
_OTHER_COMMAS = str.maketrans({"，": ",", "、": ","})


def split_list(value: Any) -> list[str]:
    """`"thinking，tools, web,"` -> `["thinking", "tools", "web"]`; null, "" and junk -> `[]`.

    Parts are trimmed; empty parts and repeats go.
    """
    if isinstance(value, str):
        if "，" in value or "、" in value:
            value = value.translate(_OTHER_COMMAS)
        parts = value.split(",")
        # Most values are tidy ("thinking,tools"); only the others pay for stripping.
        if not value.isprintable() or " " in value or "" in parts:
            parts = [part.strip() for part in parts]
        else:
            return parts if len(set(parts)) == len(parts) else _dedupe(parts)
    elif isinstance(value, list):
        parts = [part.strip() for part in value if isinstance(part, str)]
    else:
        return []
    parts = [part for part in parts if part]
    return parts if len(set(parts)) == len(parts) else _dedupe(parts)


def json_number(value: Any) -> int | float | None:
    """A number as JSON should carry it: numeric strings become numbers, junk becomes null.

    NaN and infinities become null too: they are not JSON, and `--json` output must parse.
    """
    if type(value) is int:  # the common case first; bool is an int subclass, and not a number
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


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
    return float(value)


def _normalise_prices(block: dict[str, Any]) -> dict[str, Any]:
    out = dict(block)
    for field in PRICE_FIELDS:
        if field in out:
            out[field] = json_number(out[field])
    return out


def _normalise_pricing(pricing: dict[str, Any]) -> dict[str, Any]:
    out = _normalise_prices(pricing)
    tiers = out.get("tiers")
    if isinstance(tiers, list):
        normalised: list[Any] = []
        for tier in tiers:
            if not isinstance(tier, dict):
                normalised.append(tier)
                continue
            block = _normalise_prices(tier)
            bound = block.get("tier")
            if isinstance(bound, dict) and "size" in bound:
                block["tier"] = {**bound, "size": json_number(bound["size"])}
            normalised.append(block)
        out["tiers"] = normalised
    return out


def normalise_entry(raw: dict[str, Any]) -> dict[str, Any]:
    """The JSON contract's form of one catalog entry.

    Comma fields become lists (types under their current names), numbers become numbers,
    absent fields stay absent and unknown fields pass through untouched.
    """
    data = dict(raw)
    for field in LIST_FIELDS:
        if field in data:
            data[field] = split_list(data[field])
    for field, aliases in (("types", TYPE_ALIASES), ("features", FEATURE_ALIASES)):
        values = data.get(field)
        if values and any(v.lower() in aliases for v in values):
            data[field] = _dedupe(aliases.get(v.lower(), v) for v in values)
    for field in LIMIT_FIELDS:
        if field in data:
            data[field] = json_number(data[field])
    pricing = data.get("pricing")
    if isinstance(pricing, dict):
        data["pricing"] = _normalise_pricing(pricing)
    return data


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


class Tier(NamedTuple):
    """Rates that apply to a whole request once its input exceeds `size` tokens."""

    size: int
    prices: dict[str, float]


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
        return date if isinstance(date, str) and _DATE.fullmatch(date) else None

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


def parse_models(entries: Sequence[Any]) -> tuple[list[Model], list[str]]:
    """Models from the `data` list, and warnings about entries that had to be skipped.

    One unusable entry never costs the whole catalog.
    """
    models: list[Model] = []
    skipped = 0
    for entry in entries:
        model_id = entry.get("model_id") if isinstance(entry, dict) else None
        if not isinstance(model_id, str) or not model_id.strip():
            skipped += 1
            continue
        models.append(Model(normalise_entry(entry), len(models)))
    warnings = []
    if skipped:
        noun = "entry" if skipped == 1 else "entries"
        warnings.append(f"skipped {skipped} catalog {noun} without a model_id")
    return models, warnings


# -- filtering -------------------------------------------------------------------------------


def normalise_type(name: str) -> str:
    name = name.strip().lower()
    return TYPE_ALIASES.get(name, name)


def normalise_feature(name: str) -> str:
    name = name.strip().lower()
    return FEATURE_ALIASES.get(name, name)


class Filters(NamedTuple):
    """What `aihub list` narrows the catalog by. Empty sets and None mean "any"."""

    types: frozenset[str] = frozenset()  # any of them
    modalities: frozenset[str] = frozenset()  # all of them
    features: frozenset[str] = frozenset()  # all of them
    model: str | None = None  # case-insensitive part of the id or name
    max_price: float | None = None  # input USD per 1M tokens
    min_context: int | None = None
    free: bool = False

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
        return self != Filters()


def is_free(model: Model) -> bool:
    """Free means both token rates are known and zero: a missing rate is not a free one."""
    return model.prices.get("input") == 0 and model.prices.get("output") == 0


def matches(model: Model, filters: Filters) -> bool:
    if filters.types and not filters.types.intersection(t.lower() for t in model.types):
        return False
    if filters.features and not filters.features.issubset(f.lower() for f in model.features):
        return False
    if filters.modalities and not filters.modalities.issubset(
        m.lower() for m in model.input_modalities
    ):
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


# -- sorting ---------------------------------------------------------------------------------

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
    known: list[tuple[Any, Model]] = []
    unknown: list[Model] = []
    for model in models:
        value = value_of(model) if value_of is not None else sort_value(model, key)
        if value is None:
            unknown.append(model)
        else:
            known.append((value, model))
    # list.sort stays stable with reverse=True, so ties keep catalog order both ways.
    known.sort(key=lambda pair: pair[0], reverse=descending)
    return [model for _, model in known] + unknown


# -- finding one model -----------------------------------------------------------------------


def find_model(models: Iterable[Model], query: str) -> Model | None:
    """The model `query` names: its exact id, else the one id equal to it ignoring case."""
    folded = query.casefold()
    alike: list[Model] = []
    for model in models:
        if model.id == query:
            return model
        if model.id.casefold() == folded:
            alike.append(model)
    return alike[0] if len(alike) == 1 else None


def suggest(ids: Sequence[str], query: str, limit: int = 5) -> list[str]:
    """Ids a person may have meant, best first: every id equal to `query` but for case, then
    ids holding it as a whole word (`opus` in `claude-opus-4-1`), then close spellings."""
    import difflib  # only a miss pays for it

    folded = query.casefold()
    same = [i for i in ids if i.casefold() == folded]
    found = same + [i for i in _holding_word(ids, folded) if i not in same]
    by_folded: dict[str, list[str]] = {}
    for i in ids:
        by_folded.setdefault(i.casefold(), []).append(i)
    close = difflib.get_close_matches(folded, list(by_folded), n=3, cutoff=0.6)
    found += [i for key in close for i in by_folded[key] if i not in found]
    return found[: max(limit, len(same))]


def _holding_word(ids: Sequence[str], folded: str) -> list[str]:
    """Ids that contain `folded` bounded by separators or a letter/digit change, the newest
    version first (`claude-opus-4-8` before `claude-2`), then the shortest, then the server's
    order."""
    if not folded.strip():
        return []
    holding = [(position, i) for position, i in enumerate(ids) if _has_word(i.casefold(), folded)]
    holding.sort(key=lambda item: (_version(item[1]), len(item[1]), item[0]))
    return [i for _, i in holding if i.casefold() != folded]


def _kind(char: str) -> str:
    return "digit" if char.isdigit() else "letter" if char.isalnum() else "separator"


def _has_word(text: str, word: str) -> bool:
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        before = start == 0 or _kind(text[start - 1]) != _kind(text[start])
        after = end == len(text) or _kind(text[end - 1]) != _kind(text[end])
        if before and after:
            return True
        start = text.find(word, start + 1)
    return False


def _version(model_id: str) -> tuple[int, ...]:
    """A sort key putting higher version numbers first; long numbers are dates or sizes."""
    numbers = [int(n) for n in re.findall(r"\d+", model_id) if len(n) <= 3]
    # The 1 ranks `x-4-8` (4.8) before `x-4` (4.0): a missing minor number counts as lowest.
    return (*(-n for n in numbers), 1)


def not_found_message(query: str, suggestions: Sequence[str]) -> str:
    if not suggestions:
        return f"no model '{query}'"
    return f"no model '{query}'; did you mean {', '.join(suggestions)}?"
