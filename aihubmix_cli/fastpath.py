"""A typer-free reading of the most common command lines.

Importing typer costs about 30 ms, as much as a warm `aihub list --json` needs for all its
own work, and more than a shell's Tab press or a script's loop should pay. This module reads
the plain, valid shapes of the hot commands (`aihub list --features thinking --json`) and
hands back the same options the typer command would build. Anything else — help, completion,
a value it cannot read, an option it does not know, any doubt at all — returns None, and typer
parses the line: typer stays the definition of the interface and the author of every usage
error. tests/test_startup.py checks the table below against typer's own command, option by
option, and runs command lines through both parsers to compare the options they build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .catalog import SERVER_SORT_KEYS, SORT_KEYS
from .render import FORMATS
from .units import parse_size, parse_usd


class Spec(NamedTuple):
    dest: str
    kind: str  # "flag", "value", "multi"
    convert: Callable[[str], Any] | None = None
    choices: tuple[str, ...] = ()


def _count(text: str) -> int:
    if not text.isdigit():  # typer's reading of signs and spaces is typer's to decide
        raise ValueError(text)
    return int(text)


LIST_OPTIONS: dict[str, Spec] = {
    "--type": Spec("types", "multi"),
    "-t": Spec("types", "multi"),
    "--modalities": Spec("modalities", "multi"),
    "--features": Spec("features", "multi"),
    "-f": Spec("features", "multi"),
    "--model": Spec("model", "value"),
    "--tag": Spec("tag", "value"),
    "--max-price": Spec("max_price", "value", parse_usd),
    "--min-context": Spec("min_context", "value", parse_size),
    "--free": Spec("free", "flag"),
    "--mine": Spec("mine", "flag"),
    "--limit": Spec("limit", "value", _count),
    "-n": Spec("limit", "value", _count),
    "--sort": Spec("sort", "value", choices=SORT_KEYS + SERVER_SORT_KEYS),
    "-s": Spec("sort", "value", choices=SORT_KEYS + SERVER_SORT_KEYS),
    "--order": Spec("order", "value", choices=("asc", "desc")),
    "--format": Spec("format", "value", choices=FORMATS),
    "-o": Spec("format", "value", choices=FORMATS),
    "--json": Spec("json_output", "flag"),
    "--input-tokens": Spec("input_tokens", "value", parse_size),
    "--output-tokens": Spec("output_tokens", "value", parse_size),
    "--cached-tokens": Spec("cached_tokens", "value", parse_size),
    "--refresh": Spec("refresh", "flag"),
    "--offline": Spec("offline", "flag"),
}

COMMANDS: dict[str, dict[str, Spec]] = {"list": LIST_OPTIONS}


class Parsed(NamedTuple):
    command: str
    values: dict[str, Any]


def parse(argv: Sequence[str]) -> Parsed | None:
    """The command and its option values, or None when typer should read this line."""
    if not argv or argv[0] not in COMMANDS:
        return None
    specs = COMMANDS[argv[0]]
    values: dict[str, Any] = {}
    args = list(argv[1:])
    while args:
        arg = args.pop(0)
        name, has_inline, inline = arg.partition("=")
        spec = specs.get(name)
        if spec is None or (has_inline and not name.startswith("--")):
            return None  # help, positional words, unknown or bundled options: typer's job
        if spec.kind == "flag":
            if has_inline:
                return None
            values[spec.dest] = True
            continue
        if has_inline:
            raw = inline
        elif args and not (args[0].startswith("-") and args[0] != "-"):
            raw = args.pop(0)
        else:
            return None
        if spec.choices and raw not in spec.choices:
            return None
        try:
            value = spec.convert(raw) if spec.convert else raw
        except ValueError:
            return None
        if spec.kind == "multi":
            values.setdefault(spec.dest, []).append(value)
        else:
            values[spec.dest] = value
    return Parsed(argv[0], values)


def run(parsed: Parsed) -> int:
    """Run what `parse` read, through the same code the typer command calls."""
    from .commands import list_models
    from .commands.runtime import Runtime

    values = dict(parsed.values)
    runtime = Runtime.from_environment(
        refresh=values.pop("refresh", False), offline=values.pop("offline", False)
    )
    return list_models.run(runtime, list_models.build_options(**values))
