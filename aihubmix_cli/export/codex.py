"""Codex (`~/.codex/config.toml`): a `[model_providers.aihubmix]` table speaking the
Responses API, and the top-level keys that choose it and the model.

Codex speaks nothing but the Responses API to a custom provider: a model whose listed
endpoints leave out `responses` is refused; one with none listed (most live entries) is
exported, and `aihub export` says the catalog does not confirm it (unknown is not "no").
Codex (0.171) has no setting for a model's output limit and warns about unknown keys, so
only the context window is written.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from typing import Any

from aihubmix_cli.catalog import Model

from . import base

PROVIDER = "aihubmix"
TABLE = f"[model_providers.{PROVIDER}]"
ONE_MODEL = True
ENDPOINT = "responses"
WANTED = f"a chat model whose listed endpoints include {ENDPOINT}"
HEADER = "# Codex through AIHubMix (aihub export codex); the key stays in AIHUBMIX_API_KEY.\n"


describe = base.by_endpoints


def accept(model: Model) -> bool:
    return base.is_chat(model) and base.speaks(model, ENDPOINT) is not False


def _value(value: Any) -> str:
    # TOML's basic strings and integers are written as JSON writes them.
    return json.dumps(value, ensure_ascii=False)


def top_level(model: Model) -> dict[str, Any]:
    keys: dict[str, Any] = {"model": model.id, "model_provider": PROVIDER}
    if model.context_length is not None:
        keys["model_context_window"] = model.context_length
    return keys


def table(base_url: str) -> dict[str, Any]:
    return {
        "name": "AIHubMix",
        "base_url": base.api_base(base_url),
        "env_key": base.KEY_VARIABLE,
        "wire_api": "responses",
    }


def _lines(values: dict[str, Any]) -> str:
    return "".join(f"{key} = {_value(value)}\n" for key, value in values.items())


def export(models: Sequence[Model], base_url: str) -> base.Export:
    (model,) = models
    text = HEADER + _lines(top_level(model)) + f"\n{TABLE}\n" + _lines(table(base_url))
    return base.Export(text, [])


_HEADER_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)
OWNED = ("model", "model_provider", "model_context_window")


def merge(old: str | None, models: Sequence[Model], base_url: str) -> base.Export:
    """The user's config.toml with aihub's keys and provider table replaced; the rest kept."""
    if old is None or not old.strip():
        return export(models, base_url)
    _check(old)
    (model,) = models
    first_table = _HEADER_LINE.search(old)
    head_end = first_table.start() if first_table else len(old)
    head, rest = old[:head_end], old[head_end:]
    owned = re.compile(rf"^[ \t]*({'|'.join(OWNED)})[ \t]*=.*\n?", re.MULTILINE)
    head = owned.sub("", head)
    comments = re.match(r"(?:[ \t]*(?:#.*)?\n)*", head)
    cut = comments.end() if comments else 0
    head = head[:cut] + _lines(top_level(model)) + head[cut:]
    block = f"{TABLE}\n" + _lines(table(base_url))
    found = re.search(rf"^[ \t]*{re.escape(TABLE)}[ \t]*(#.*)?$", rest, re.MULTILINE)
    if found is None:
        separator = (
            "" if not rest or rest.endswith("\n\n") else "\n" if rest.endswith("\n") else "\n\n"
        )
        if not rest:
            separator = "" if head.endswith("\n\n") else "\n" if head.endswith("\n") else "\n\n"
        rest = rest + separator + block
    else:
        following = _HEADER_LINE.search(rest, found.end())
        end = following.start() if following else len(rest)
        tail = rest[found.start() : end]
        trailing = tail[len(tail.rstrip("\n")) :]
        rest = rest[: found.start()] + block + trailing[1:] + rest[end:]
    merged = head + rest
    _check(merged)
    return base.Export(merged, [])


def _check(text: str) -> None:
    # The standard library reads TOML from 3.11 on; before, the file is taken as it is.
    if sys.version_info >= (3, 11):
        import tomllib

        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"not valid TOML ({error})") from None
