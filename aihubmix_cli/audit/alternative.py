"""What `aihub audit --suggest` and `--cheaper` propose in place of a model: the cheapest
current model that keeps everything the catalog says the pinned one has.

A suggestion has to be one a user can switch to: a paid model (a $0 route is a free,
quota-limited way to try a model, not a replacement, unless the pinned model is free too),
with at least the pinned model's types, features and input modalities (an untyped pinned
model, nearly always a chat model, is matched only with chat models and untyped ones), and a
context at least as large when both are known.
"""

from __future__ import annotations

from collections.abc import Iterable

from aihubmix_cli.catalog import Model

# Spellings of one feature in the catalog.
_SAME_FEATURE = {"tool": "tools"}


def _lower(values: Iterable[str]) -> set[str]:
    return {value.strip().lower() for value in values if value.strip()}


def features(model: Model) -> set[str]:
    """The model's features, one spelling each, with what `reasoning` and `tool_call`
    (only ever true) state."""
    found = {_SAME_FEATURE.get(f, f) for f in _lower(model.features)}
    if model.data.get("reasoning") is True:
        found.add("thinking")
    if model.data.get("tool_call") is True:
        found.add("tools")
    return found


def covers(candidate: Model, reference: Model) -> bool:
    """At least the reference's types, features and input modalities, and its context
    window when both are known."""
    wanted, offered_types = _lower(reference.types), _lower(candidate.types)
    if not wanted <= offered_types:
        return False
    # An entry without types is nearly always a chat model priced per token (see
    # docs/live-service.md): it is never matched with a model the catalog says is something
    # else (an embedding, an image model), only with chat models and other untyped entries.
    if not wanted and offered_types and "llm" not in offered_types:
        return False
    if not features(reference) <= features(candidate):
        return False
    if not _lower(reference.input_modalities) <= _lower(candidate.input_modalities):
        return False
    needed, offered = reference.context_length, candidate.context_length
    return needed is None or offered is None or offered >= needed


def cost(model: Model) -> float | None:
    """Input plus output USD per 1M tokens, for token-priced models that list both."""
    if not model.token_priced:
        return None
    prices = model.prices
    if "input" not in prices or "output" not in prices:
        return None
    return prices["input"] + prices["output"]


def cheapest_alternative(
    reference: Model, models: Iterable[Model], cheaper_than: Model | None
) -> Model | None:
    """The cheapest current model that can stand in for `reference` (None if none can);
    with `cheaper_than`, only one that costs less than it."""
    ceiling = cost(cheaper_than) if cheaper_than is not None else None
    if cheaper_than is not None and ceiling is None:
        return None
    free_too = cost(reference) == 0
    best: tuple[float, int, Model] | None = None
    for model in models:
        price = cost(model)
        if price is None or model.id == reference.id or model.deprecated:
            continue
        if (price <= 0 and not free_too) or (ceiling is not None and price >= ceiling):
            continue
        if covers(model, reference) and (best is None or (price, model.position) < best[:2]):
            best = (price, model.position, model)
    return best[2] if best is not None else None
