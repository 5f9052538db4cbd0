"""What every export target shares: the gateway's address, what a model can do, and scalars
written so that each tool's loader reads them back exactly.

The API key is never an input here: every target refers to it by its environment variable.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from aihubmix_cli.base.errors import UsageError
from aihubmix_cli.base.text import cut, summary
from aihubmix_cli.catalog import PRICE_FIELDS, Model

__all__ = ["PRICE_FIELDS", "Export", "api_base"]

KEY_VARIABLE = "AIHUBMIX_API_KEY"
MEDIA_TYPES = frozenset({"image_generation", "video", "tts", "stt"})
# Types that cannot hold a conversation: a chat tool has no use for them.
NOT_CHAT_TYPES = MEDIA_TYPES | {"embedding", "rerank"}
_PER_TOKEN = Decimal(1_000_000)


class Listed(NamedTuple):
    """A note about some models: `text` then their ids (or ids with a word on each), then
    `then` after the list."""

    text: str
    items: list[str]
    then: str = ""


# A note on stderr: one line, or one naming models (summarised when they are many).
Note = str | Listed


class Export(NamedTuple):
    """A target's answer: the text to write and what it had to leave out, for stderr."""

    text: str
    notes: Sequence[Note]


# No line of stderr is longer than text.LINE, "aihub: " included: a list of a hundred ids
# buries the terminal. The first few are named, and --verbose names them all, one a line.


def note_lines(note: Note, verbose: bool = False) -> list[str]:
    """What stderr says of a note, each line at most LINE characters with the prefix."""
    if isinstance(note, str):
        return [cut(note)]
    # With --verbose the names follow one a line: the summary does not point at --verbose.
    line = summary(note.text, note.items, verbose_names=not verbose, then=note.then)
    if not verbose or line == f"{note.text}: {', '.join(note.items)}{note.then}":
        return [line]
    return [line, *(cut(f"  {item}") for item in note.items)]


def api_base(base_url: str) -> str:
    """The OpenAI-compatible root every chat tool calls: the gateway's address + /v1."""
    return base_url.rstrip("/") + "/v1"


# -- what a model can do: None when the catalog does not say ---------------------------------


# `reasoning` and `tool_call` are only ever true: missing, they say nothing. A "no" comes only
# from a features list that leaves the feature out.


def tools(model: Model) -> bool | None:
    if model.data.get("tool_call") is True:
        return True
    if not model.features:
        return None
    return any(f.lower() in ("tools", "tool", "function_calling") for f in model.features)


def reasoning(model: Model) -> bool | None:
    if model.data.get("reasoning") is True:
        return True
    if not model.features:
        return None
    return any(f.lower() == "thinking" for f in model.features)


# AIHubMix's own names for two effort levels.
_EFFORT_NAMES = {"no_think": "none", "instant": "minimal"}


def effort_levels(model: Model) -> list[str]:
    """The reasoning effort levels the catalog lists, in its order ([] when it lists none).

    `reasoning_options` holds `{"type": "effort", "values": [...]}` (the late-2026 form) or,
    in older entries, the levels themselves as strings.
    """
    options = model.data.get("reasoning_options")
    if not isinstance(options, list):
        return []
    levels: list[str] = []
    for option in options:
        if isinstance(option, str):
            values: Any = [option]
        elif isinstance(option, dict) and option.get("type") == "effort":
            values = option.get("values")
        else:
            continue
        for value in values if isinstance(values, list) else []:
            if isinstance(value, str) and value.strip():
                level = _EFFORT_NAMES.get(value.strip().lower(), value.strip().lower())
                if level not in levels:
                    levels.append(level)
    return levels


def structured_outputs(model: Model) -> bool | None:
    if not model.features:
        return None
    return any(f.lower() == "structured_outputs" for f in model.features)


def accepts(model: Model, modality: str) -> bool | None:
    """Whether the model takes this kind of input; None when its inputs are not listed."""
    if not model.input_modalities:
        return None
    return modality in (m.lower() for m in model.input_modalities)


def endpoints(model: Model) -> tuple[str, ...]:
    value = model.data.get("endpoints")
    return tuple(e.lower() for e in value if isinstance(e, str)) if isinstance(value, list) else ()


def speaks(model: Model, endpoint: str) -> bool | None:
    """Whether the catalog lists `endpoint` for the model; None when it lists no endpoints,
    as most live entries and every bundled one do: unknown, not "no"."""
    listed = endpoints(model)
    return endpoint in listed if listed else None


def unconfirmed(model: Model, tool: str, endpoint: str) -> list[str]:
    """The note for a model exported although the catalog does not confirm its endpoint."""
    if speaks(model, endpoint) is not None:
        return []
    return [
        f"the catalog lists no endpoints for {model.id}: it does not confirm the {endpoint} "
        f"endpoint {tool} needs; exported it anyway"
    ]


def output_limit(model: Model) -> int | None:
    """The catalog's output ceiling, None when unknown: 0, missing, or (as about one live
    entry in eleven sends) equal to or above the context window, which is no ceiling."""
    ceiling = model.max_output
    context = model.context_length
    if ceiling is None or (context is not None and ceiling >= context):
        return None
    return ceiling


def is_chat(model: Model) -> bool:
    """Token-priced and not only embedding, rerank or media types."""
    types = {t.lower() for t in model.types}
    return model.token_priced and not (types and types <= NOT_CHAT_TYPES)


def usable(
    models: Sequence[Model],
    tool: str,
    *,
    accept: Callable[[Model], bool] = is_chat,
    wanted: str = "chat models",
    describe: Callable[[Model], str] | None = None,
    named: bool,
) -> tuple[list[Model], list[Note]]:
    """The models `tool` can use; the others refused (named ids) or skipped (filters).

    Returns the usable models and a note naming the skipped ones (none when none were).
    """
    unusable = [m for m in models if not accept(m)]
    if not unusable:
        return list(models), []
    described = [(describe or by_types)(m) for m in unusable]
    kept = [m for m in models if accept(m)]
    if named or not kept:
        they = "these are not" if named else "the selection holds none"
        raise UsageError(summary(f"{tool} takes {wanted}; {they}", described, False))
    return kept, [Listed(f"left out what {tool} cannot use (not {wanted})", described)]


def by_types(model: Model) -> str:
    return f"{model.id} ({'/'.join(model.types) or 'untyped'})"


def by_endpoints(model: Model) -> str:
    if not is_chat(model):
        return by_types(model)
    return f"{model.id} (endpoints: {', '.join(endpoints(model)) or 'none listed'})"


def rate_sets(model: Model) -> list[tuple[int | None, dict[str, float]]]:
    """(tier size or None for the base rates, the rates that then bill the whole request)."""
    if not model.token_priced:
        return []
    sets: list[tuple[int | None, dict[str, float]]] = [(None, dict(model.prices))]
    for tier in model.tiers:
        sets.append((tier.size, {**model.prices, **tier.prices}))
    return sets


def per_token(price_per_million: float) -> Decimal:
    """USD per token from USD per 1M tokens, exactly as the catalog's decimal reads."""
    return Decimal(repr(price_per_million)) / _PER_TOKEN


# -- YAML scalars that PyYAML (YAML 1.1, as LiteLLM and llm load) and YAML 1.2 read alike --


def yaml_string(text: str) -> str:
    """A double-quoted scalar: JSON's escapes are YAML's, and every character outside the
    printable set YAML allows is escaped too, so ids with `/`, `:`, `@`, `#` stay strings."""
    out = []
    for char in json.dumps(text, ensure_ascii=False):
        code = ord(char)
        if code > 0x7E and not _yaml_printable(code):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def _yaml_printable(code: int) -> bool:
    # U+0085, U+2028 and U+2029 are printable but YAML reads them as line breaks: escaped.
    return (
        0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
    ) and code not in (0x2028, 0x2029, 0xFEFF)


def yaml_number(value: Decimal | int | float) -> str:
    """Plain decimal notation: `1e-07` would be a string to YAML 1.1, `0.0000001` is not."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    number = value if isinstance(value, Decimal) else Decimal(repr(value))
    text = format(number.normalize(), "f")
    return text


def yaml_bool(value: bool) -> str:
    return "true" if value else "false"
