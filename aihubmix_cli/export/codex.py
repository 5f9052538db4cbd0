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
from aihubmix_cli.export import base

PROVIDER = "aihubmix"
TABLE = f"[model_providers.{PROVIDER}]"
KIND = "TOML"  # the format of the file --merge writes into
ONE_MODEL = True
ENDPOINT = "responses"
WANTED = f"a chat model whose listed endpoints include {ENDPOINT}"
HEADER = "# Codex through AIHubMix (aihub export codex); the key stays in AIHUBMIX_API_KEY.\n"


describe = base.by_endpoints


def accept(model: Model) -> bool:
    return base.is_chat(model) and base.speaks(model, ENDPOINT) is not False


def _value(value: Any) -> str:
    """TOML's basic strings and integers are written as JSON writes them, but for DEL, which
    TOML also wants escaped, and lone surrogates, which TOML cannot hold."""
    text = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        if any("\ud800" <= char <= "\udfff" for char in value):
            raise ValueError(f"{json.dumps(value)} has no UTF-8 form, so TOML cannot hold it")
        text = text.replace("\x7f", "\\u007f")
    return text


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


OWNED = ("model", "model_provider", "model_context_window")
_OWNED_KEY = re.compile(rf"[ \t]*({'|'.join(OWNED)})[ \t]*=")
_TABLE_LINE = re.compile(rf"[ \t]*{re.escape(TABLE)}[ \t]*(#.*)?")


def merge(old: str | None, models: Sequence[Model], base_url: str) -> base.Export:
    """The user's config.toml with aihub's keys and provider table replaced; the rest kept.

    The file is parsed first (a damaged one is refused), edited only on lines that start a
    key or a table (never inside a multi-line string or array), and parsed again: the
    result must hold aihub's values and every other value the file held, unchanged."""
    if old is None or not old.strip():
        return export(models, base_url)
    before = _parse(old)
    (model,) = models
    # Lines end at "\n" only: str.splitlines would also break at U+0085 or U+2028 in a value.
    lines = re.findall(r"[^\n]*\n|[^\n]+$", old)
    starts = _statement_starts(lines)
    first_table = next((n for n in starts if lines[n].lstrip(" \t").startswith("[")), None)
    head_end = len(lines) if first_table is None else first_table
    kept: list[str] = []
    dropping = False
    for number, line in enumerate(lines[:head_end]):
        if number in starts:
            dropping = _OWNED_KEY.match(line) is not None
        if not dropping:
            kept.append(line)
    head = "".join(kept)
    if head and not head.endswith("\n"):
        head += "\n"
    comments = re.match(r"(?:[ \t]*(?:#.*)?\n)*", head)
    cut = comments.end() if comments else 0
    if cut == len(head):
        # Only comments above the tables (as in the file aihub writes): the keys go right
        # under them and the blank lines stay before the tables, so merging again is a no-op.
        last = re.match(r"(?:[ \t]*(?:#.*)?\n)*[ \t]*#.*\n", head)
        cut = last.end() if last else 0
    head = head[:cut] + _lines(top_level(model)) + head[cut:]
    rest = "".join(lines[head_end:])
    block = f"{TABLE}\n" + _lines(table(base_url))
    tables = [n for n in starts if n >= head_end and lines[n].lstrip(" \t").startswith("[")]
    found = next((n for n in tables if _TABLE_LINE.fullmatch(lines[n].rstrip("\r\n"))), None)
    if found is None:
        if not rest:
            separator = "" if head.endswith("\n\n") else "\n"
        else:
            separator = "" if rest.endswith("\n\n") else "\n" if rest.endswith("\n") else "\n\n"
        rest = rest + separator + block
    else:
        following = next((n for n in tables if n > found), len(lines))
        body = "".join(lines[found:following])
        trailing = body[len(body.rstrip("\n")) :]
        rest = "".join(lines[head_end:found]) + block + trailing[1:] + "".join(lines[following:])
    merged = head + rest
    _verify(before, _parse(merged), model, base_url)
    return base.Export(merged, [])


def _statement_starts(lines: list[str]) -> set[int]:
    """The lines that begin a key or a table: not inside a multi-line string or array."""
    starts: set[int] = set()
    quote: str | None = None  # the open multi-line string's delimiter
    depth = 0  # open brackets of a value spanning lines
    for number, line in enumerate(lines):
        if quote is None and depth == 0:
            starts.add(number)
        position = 0
        while position < len(line):
            if quote is not None:
                end = line.find(quote, position)
                while end > 0 and quote == '"""' and _escaped(line, end):
                    end = line.find(quote, end + 1)
                if end < 0:
                    break
                position = end + 3
                while line.startswith(quote[0], position):  # up to two quotes end the text
                    position += 1
                quote = None
                continue
            char = line[position]
            if char == "#":
                break
            if line.startswith(('"""', "'''"), position):
                quote = line[position : position + 3]
                position += 3
            elif char in "\"'":
                position = _string_end(line, position)
            else:
                depth += (char in "[{") - (char in "]}")
                position += 1
        depth = max(depth, 0)  # a table header's brackets close on their own line
    return starts


def _escaped(line: str, position: int) -> bool:
    backslashes = len(line[:position]) - len(line[:position].rstrip("\\"))
    return backslashes % 2 == 1


def _string_end(line: str, position: int) -> int:
    quote = line[position]
    end = position + 1
    while end < len(line) and line[end] != quote:
        end += 2 if quote == '"' and line[end] == "\\" else 1
    return end + 1


def _parse(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - 3.10 reads TOML with tomli, a dependency there
        import tomli as tomllib

    try:
        parsed: dict[str, Any] = tomllib.loads(text)
    except RecursionError:
        raise ValueError("not valid TOML: nested too deep") from None
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"not valid TOML ({error})") from None
    return parsed


def _verify(before: dict[str, Any], after: dict[str, Any], model: Model, base_url: str) -> None:
    """ValueError unless `after` is `before` with only aihub's keys and table set."""
    expected = {key: value for key, value in before.items() if key not in OWNED}
    providers = dict(expected.get("model_providers") or {})
    providers[PROVIDER] = table(base_url)
    expected["model_providers"] = providers
    expected.update(top_level(model))
    if after != expected:
        raise ValueError("aihub could not merge its keys into it without changing others")
