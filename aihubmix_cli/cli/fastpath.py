"""A typer-free reading of the most common command lines.

Importing typer costs tens of milliseconds, as much as a warm `aihub list --json` needs for
all its own work, and more than a shell's Tab press or a script's loop should pay. This module
reads the plain, valid shapes of the hot commands (`aihub list --features thinking --json`,
`aihub show gpt-5`) and calls the same command function typer would, with the same values.
Anything else — help, completion, a value it cannot read, an option it does not know, any
doubt at all — returns None, and typer parses the line: typer stays the definition of the
interface and the author of every usage error.

The option table is not written here: `data/interface.marshal` is generated from the typer
commands by scripts/generate_interface.py, and tests/promises/test_startup.py fails when it is
stale.

Like every module a warm run loads, this one imports nothing at start-up that the interpreter
has not loaded already (typing, re, pathlib, json... each costs a warm run a tenth of its
time); tests/promises/test_startup.py checks it.
"""

from __future__ import annotations

import os

from aihubmix_cli.base.record import Record
from aihubmix_cli.base.units import parse_count, parse_rate, parse_size, parse_usd

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    from aihubmix_cli.shared.runtime import RuntimeFactory

INTERFACE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "interface.marshal"
)


def _count(text: str) -> int:
    if not text.replace(",", "").isdigit():  # signs and spaces are typer's to decide
        raise ValueError(text)
    return parse_count(text)


# The converters typer's options name (options.size, options.usd, options.count), without
# typer's error handling: a ValueError here hands the line to typer, which reports it.
CONVERTERS: dict[str, Callable[[str], Any]] = {
    "": str,
    "size": parse_size,
    "usd": parse_usd,
    "count": _count,
    "rate": parse_rate,
}


_loaded: dict[str, Any] = {}


def interface() -> dict[str, Any]:
    """The whole generated file, or {} when it cannot be read; read once per run."""
    if "data" not in _loaded:
        import marshal

        try:
            with open(INTERFACE, "rb") as handle:
                data: Any = marshal.loads(handle.read())
        except (OSError, ValueError, EOFError, TypeError):
            data = {}
        _loaded["data"] = data if isinstance(data, dict) else {}
    table: dict[str, Any] = _loaded["data"]
    return table


def commands() -> dict[str, Any]:
    """The generated table: each fast command's arguments and options."""
    table: Any = interface().get("commands")
    # No table, no fast path: typer reads every line.
    return table if isinstance(table, dict) else {}


class Parsed(Record):
    __slots__ = ("command", "values")

    def __init__(self, command: str, values: dict[str, Any]) -> None:
        self.command = command
        self.values = values


def parse(argv: Sequence[str]) -> Parsed | None:
    """The command and its values, by destination, or None when typer should read the line."""
    table = commands()
    if not argv or argv[0] not in table:
        return None
    spec = table[argv[0]]
    options: dict[str, Any] = spec["options"]
    arguments: list[dict[str, Any]] = list(spec["arguments"])
    values: dict[str, Any] = {}
    args = list(argv[1:])
    while args:
        arg = args.pop(0)
        if not arg.startswith("-") or arg == "-":
            if not arguments:
                return None  # a word typer would refuse
            argument = arguments[0]
            if argument["nargs"] == 1:
                values[argument["dest"]] = arg
                arguments.pop(0)
            else:
                values.setdefault(argument["dest"], []).append(arg)
            continue
        name, has_inline, inline = arg.partition("=")
        option = options.get(name)
        if option is None or (has_inline and not name.startswith("--")):
            return None  # help, `--`, unknown or bundled options: typer's job
        if option["kind"] == "flag":
            if has_inline:
                return None
            values[option["dest"]] = True
            continue
        if has_inline:
            raw = inline
        elif args and not (args[0].startswith("-") and args[0] != "-"):
            raw = args.pop(0)
        else:
            return None
        if option["choices"] and raw not in option["choices"]:
            return None
        try:
            value = CONVERTERS[option["convert"]](raw)
        except (ValueError, KeyError):
            return None
        if option["kind"] == "multi":
            values.setdefault(option["dest"], []).append(value)
        else:
            values[option["dest"]] = value
    for argument in arguments:
        if argument["dest"] in values:
            continue
        if argument.get("required", True):
            return None  # a required argument is missing: typer says so
        if argument["nargs"] == -1:
            values[argument["dest"]] = []  # as typer hands over an absent list
    for option in options.values():
        if option["kind"] == "multi":
            values.setdefault(option["dest"], [])
    return Parsed(argv[0], values)


def run(parsed: Parsed, make_runtime: RuntimeFactory | None = None) -> int:
    """Run what `parse` read, through the same command function the typer command calls."""
    from aihubmix_cli.shared.runtime import Runtime, mode_of

    values = dict(parsed.values)
    mode = mode_of(values.pop("refresh", False), values.pop("offline", False))
    strict = values.pop("strict", False)
    runtime = (make_runtime or Runtime.from_environment)(mode)
    if strict:
        runtime.settings = runtime.settings.replace(strict=True)
    # __import__ rather than importlib.import_module: importlib's package imports warnings.
    module = __import__(f"aihubmix_cli.commands.{parsed.command}", fromlist=["run"])
    code: int = module.run(runtime, module.Options.from_values(**values))
    return code
