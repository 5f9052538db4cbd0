"""The names `--columns` takes: the JSON contract's field names, dotted for nested ones, and
the short names people type; how a name reads a row's JSON object.

Kept free of rendering so that Tab completion can offer the names without loading a writer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from aihubmix_cli.base.errors import UsageError

# `list` and `compare`: the fields aihub knows how to show, in docs/output.md's order.
MODEL_FIELDS = (
    "model_id",
    "model_name",
    "types",
    "context_length",
    "max_output",
    "pricing.input",
    "pricing.output",
    "pricing.cache_read",
    "pricing.cache_write",
    "features",
    "input_modalities",
    "output_modalities",
    "endpoints",
    "release_date",
    "retire_stage",
    "desc",
    "estimated_cost_usd",
    "estimated_monthly_cost_usd",
    "estimate_unavailable",
)
MODEL_ALIASES = {
    "id": "model_id",
    "name": "model_name",
    "type": "types",
    "ctx": "context_length",
    "context": "context_length",
    "max_out": "max_output",
    "in": "pricing.input",
    "out": "pricing.output",
    "cache": "pricing.cache_read",
    "cache_write": "pricing.cache_write",
    "feat": "features",
    "input": "input_modalities",
    "output": "output_modalities",
    "released": "release_date",
    "cost": "estimated_cost_usd",
    "monthly": "estimated_monthly_cost_usd",
}

# `legacy`: the OpenAI-compatible list's own fields.
LEGACY_FIELDS = ("id", "owned_by", "created", "object")
LEGACY_ALIASES = {"owner": "owned_by"}


class Names:
    """The names one command's `--columns` knows."""

    def __init__(self, fields: Sequence[str], aliases: Mapping[str, str]) -> None:
        self.fields = tuple(fields)
        self.aliases = dict(aliases)

    def all(self) -> list[str]:
        """Every name Tab offers: the fields, then the short names."""
        return [*self.fields, *self.aliases]

    def resolve(self, asked: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> list[str]:
        """The field name behind each asked name, in the asked order, each once.

        A name outside the table is accepted when some row's JSON object carries it (the
        catalog may send fields aihub has never heard of); any other is a usage error that
        lists the known names.
        """
        carried: set[str] | None = None
        resolved: list[str] = []
        for name in asked:
            field = self.aliases.get(name, name)
            if field not in self.fields:
                if carried is None:
                    carried = carried_fields(rows)
                if field not in carried:
                    raise UsageError(self.unknown(name))
            if field not in resolved:
                resolved.append(field)
        return resolved

    def unknown(self, name: str) -> str:
        """The usage error for a name neither known nor carried: the likeliest name meant,
        then the known ones, summarised by the rule of every long stderr line."""
        import difflib

        from aihubmix_cli.base.text import cut, quoted, summary

        close = difflib.get_close_matches(name, self.all(), n=1)
        meant = f" (did you mean {close[0]}?)" if close else ""
        return summary(
            cut(f"unknown column {quoted(name)}{meant}") + "; known columns",
            self.all(),
            verbose_names=False,
            then="; docs/output.md lists them all, and any field the data carries (dotted "
            "for nested ones) is a column too",
        )


MODEL_NAMES = Names(MODEL_FIELDS, MODEL_ALIASES)
LEGACY_NAMES = Names(LEGACY_FIELDS, LEGACY_ALIASES)


def carried_fields(rows: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every field name, dotted for nested objects' fields, some row carries."""
    found: set[str] = set()

    def walk(value: Mapping[str, Any], prefix: str) -> None:
        for key, inner in value.items():
            name = f"{prefix}{key}"
            found.add(name)
            if isinstance(inner, Mapping):
                walk(inner, f"{name}.")

    for row in rows:
        walk(row, "")
    return found


_MISSING = object()


def lookup(data: Mapping[str, Any], field: str) -> Any:
    """The value at a dotted field name, or None when the object lacks it."""
    value = _find(data, field)
    return None if value is _MISSING else value


def _find(data: Mapping[str, Any], field: str) -> Any:
    value: Any = data
    for part in field.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return _MISSING
        value = value[part]
    return value


def pick(data: Mapping[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """Only `fields` of a JSON object, in their order, nested ones kept nested; a field the
    object lacks is left out, as the contract leaves out what the catalog does not say."""
    picked: dict[str, Any] = {}
    # The objects made here: any other on the way down is the model's, copied (one level,
    # not deeply: a field nested 500 levels must not exceed Python's stack) before it is
    # written into, so that asking for `pricing` and `pricing.input` never edits the model.
    owned = {id(picked)}
    for field in fields:
        value = _find(data, field)
        if value is _MISSING:
            continue
        *parents, last = field.split(".")
        target = picked
        for part in parents:
            inner = target.get(part)
            if not isinstance(inner, dict) or id(inner) not in owned:
                inner = dict(inner) if isinstance(inner, Mapping) else {}
                target[part] = inner
                owned.add(id(inner))
            target = inner
        target[last] = value
    return picked
