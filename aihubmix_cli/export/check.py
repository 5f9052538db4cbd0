"""`aihub export TOOL --check FILE`: what in aihub's part of a config no longer matches the
catalog.

aihub's part is found as `--merge` finds it (opencode: `provider.aihub`; LiteLLM and llm: the
entries between aihub's marker lines; Codex: the top-level `model` and its context window).
Each model written there is compared with what an export would write for it today, in the
catalog's terms: prices (USD per 1M tokens), long-context tiers, context window and output
limit; a model the catalog no longer has is gone. llm's entries carry no prices or limits,
so for llm only gone models count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from aihubmix_cli.catalog import Model
from aihubmix_cli.export import base, codex, jsonc, litellm, opencode, yamltext

Facts = dict[str, Any]  # "input", "output", "cache_read", "cache_write", "context",
# "max_output", "above 200000 input", ... -> a number


class Drift(NamedTuple):
    model_id: str
    gone: bool
    changes: list[tuple[str, Any, Any]]  # (fact, as written, as the catalog has it now)


# -- what each tool's file holds, and what an export would write today ---------------------


def _opencode_facts(entry: Mapping[str, Any]) -> Facts:
    facts: Facts = {}
    limit = _object(entry.get("limit"))
    for key, fact in (("context", "context"), ("output", "max_output")):
        if key in limit:
            facts[fact] = limit[key]
    cost = _object(entry.get("cost"))
    for field in base.PRICE_FIELDS:
        if field in cost:
            facts[field] = cost[field]
    over = _object(cost.get("context_over_200k"))
    for field in base.PRICE_FIELDS:
        if field in over:
            facts[f"above {opencode.LONG_CONTEXT} {field}"] = over[field]
    return facts


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _opencode_written(text: str) -> dict[str, Facts]:
    root = jsonc.parse(text).value
    provider = root.get("provider") if isinstance(root, dict) else None
    block = provider.get(opencode.PROVIDER_ID) if isinstance(provider, dict) else None
    models = block.get("models") if isinstance(block, dict) else None
    if not isinstance(models, dict):
        raise ValueError(f'it has no "provider.{opencode.PROVIDER_ID}.models" written by aihub')
    return {
        model_id: _opencode_facts(entry if isinstance(entry, dict) else {})
        for model_id, entry in models.items()
    }


_PER_MILLION = Decimal(1_000_000)
_LITELLM_FIELDS = {name: field for field, name in litellm.COST_FIELDS.items()}
_ABOVE = re.compile(r"^(?P<name>.+)_above_(?P<size>\d+)_tokens$")


def _litellm_facts(info: Mapping[str, Any]) -> Facts:
    facts: Facts = {}
    for key, value in info.items():
        above = _ABOVE.match(key)
        name = above.group("name") if above else key
        if name in _LITELLM_FIELDS and isinstance(value, (int, float, Decimal)):
            fact = _LITELLM_FIELDS[name]
            if above:
                fact = f"above {above.group('size')} {fact}"
            facts[fact] = _number(Decimal(str(value)) * _PER_MILLION)
        elif key == "max_input_tokens":
            facts["context"] = value
        elif key == "max_output_tokens":
            facts["max_output"] = value
    return facts


def _number(value: Decimal) -> int | float:
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def _marked_items(text: str) -> list[dict[str, Any]]:
    """The list items between aihub's YAML markers, as aihub writes them: `key: scalar`
    lines, nested by two spaces, strings double-quoted."""
    lines = text.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == yamltext.BEGIN)
        end = next(i for i in range(start, len(lines)) if lines[i].strip() == yamltext.END)
    except StopIteration:
        raise ValueError("it has no entries between aihub's marker lines") from None
    items: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    for line in lines[start + 1 : end]:
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(stripped)
        if stripped.startswith("- "):
            items.append({})
            stack = [(depth + 2, items[-1])]
            stripped, depth = stripped[2:], depth + 2
        while stack and depth < stack[-1][0]:
            stack.pop()
        if not stack:
            raise ValueError("its aihub entries are not as aihub writes them")
        key, _, value = stripped.partition(":")
        if not value.strip():
            child: dict[str, Any] = {}
            stack[-1][1][key] = child
            stack.append((depth + 2, child))
        else:
            stack[-1][1][key] = _scalar(value.strip())
    return items


def _scalar(text: str) -> Any:
    if text.startswith('"'):
        return json.loads(text)
    if text in ("true", "false"):
        return text == "true"
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


def _litellm_written(text: str) -> dict[str, Facts]:
    written: dict[str, Facts] = {}
    for item in _marked_items(text):
        info = item.get("model_info")
        if isinstance(item.get("model_name"), str):
            written[item["model_name"]] = _litellm_facts(info if isinstance(info, dict) else {})
    return written


def _llm_written(text: str) -> dict[str, Facts]:
    return {
        item["model_name"]: {}
        for item in _marked_items(text)
        if isinstance(item.get("model_name"), str)
    }


def _codex_written(text: str) -> dict[str, Facts]:
    first_table = re.search(r"^[ \t]*\[", text, re.MULTILINE)
    head = text[: first_table.start()] if first_table else text
    values: dict[str, Any] = {}
    for key in codex.OWNED:
        found = re.search(rf"^[ \t]*{key}[ \t]*=[ \t]*(.+?)[ \t]*(?:#.*)?$", head, re.MULTILINE)
        if found:
            values[key] = json.loads(found.group(1))
    if values.get("model_provider") != codex.PROVIDER or not isinstance(values.get("model"), str):
        raise ValueError(f'its model_provider is not "{codex.PROVIDER}"')
    window = values.get("model_context_window")
    return {values["model"]: {} if window is None else {"context": window}}


def _codex_now(model: Model) -> Facts:
    window = codex.top_level(model).get("model_context_window")
    return {} if window is None else {"context": window}


READERS: dict[str, tuple[Callable[[str], dict[str, Facts]], Callable[[Model], Facts]]] = {
    "opencode": (_opencode_written, lambda m: _opencode_facts(opencode.model_entry(m))),
    "litellm": (_litellm_written, lambda m: _litellm_facts(litellm.model_info(m))),
    "llm": (_llm_written, lambda m: {}),
    "codex": (_codex_written, _codex_now),
}


def written(tool: str, text: str | None) -> list[str]:
    """The ids of the models aihub wrote in `text` for `tool`, in the file's order: none
    when there is no file, no part of aihub's in it, or no reader for the tool."""
    if not text or tool not in READERS:
        return []
    try:
        return list(READERS[tool][0](text))
    except (ValueError, RecursionError):
        return []


def drifts(tool: str, text: str, catalog: Mapping[str, Model]) -> list[Drift]:
    """One Drift per model written in the file, in the file's order; ValueError for a file
    whose aihub part cannot be read."""
    read, now = READERS[tool]
    found: list[Drift] = []
    for model_id, written in read(text).items():
        model = catalog.get(model_id)
        if model is None:
            found.append(Drift(model_id, True, []))
            continue
        current = now(model)
        keys = list(dict.fromkeys([*current, *written]))
        changes = [
            (key, written.get(key), current.get(key))
            for key in keys
            if not _same(written.get(key), current.get(key))
        ]
        found.append(Drift(model_id, False, changes))
    return found


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return Decimal(str(a)) == Decimal(str(b))


# -- what is said ---------------------------------------------------------------------------


def lines(found: list[Drift]) -> list[str]:
    """`gpt-5: input $1.25 → $1 per 1M tokens`, one line per model that drifted."""
    out = []
    for drift in found:
        if drift.gone:
            out.append(f"{drift.model_id}: gone from the catalog")
        elif drift.changes:
            said = "; ".join(_change(*change) for change in drift.changes)
            out.append(f"{drift.model_id}: {said}")
    return out


def _change(fact: str, written: Any, now: Any) -> str:
    if fact in ("context", "max_output"):
        return f"{fact} {_plain(written)} → {_plain(now)}"
    return f"{fact.replace('_', ' ')} {_usd(written)} → {_usd(now)} per 1M tokens"


def _plain(value: Any) -> str:
    return "none" if value is None else str(value)


def _usd(value: Any) -> str:
    from aihubmix_cli.base.units import format_usd

    return "none" if value is None else format_usd(Decimal(str(value)))


def report(tool: str, path: str, found: list[Drift]) -> dict[str, Any]:
    """The JSON form: every model, its status and what changed."""
    return {
        "version": 1,
        "tool": tool,
        "file": path,
        "drifted": any(d.gone or d.changes for d in found),
        "models": [
            {
                "id": d.model_id,
                "status": "gone" if d.gone else "changed" if d.changes else "ok",
                "changes": [
                    {"field": fact, "written": _json(old), "catalog": _json(new)}
                    for fact, old, new in d.changes
                ],
            }
            for d in found
        ],
    }


def _json(value: Any) -> Any:
    return _number(value) if isinstance(value, Decimal) else value
