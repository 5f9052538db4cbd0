"""Write the command line's option table for the fast parser, from the typer commands.

    python scripts/generate_interface.py          # rewrite aihubmix_cli/data/interface.marshal
    python scripts/generate_interface.py --check  # exit 1 if it is stale
    python scripts/generate_interface.py --show   # print it as JSON, to read

Every option is declared once, in aihubmix_cli/cli/ (app.py lists each command's parameters,
declared in options.py and command_options.py). The fast parser
(aihubmix_cli/cli/fastpath.py) reads common command lines without importing typer, from this
table: each command's arguments and options, with their destinations, kinds, converters and
choices, all read off typer's own command objects. The help printer
(aihubmix_cli/cli/helptext.py) and the completion answerer (aihubmix_cli/shell/quickcomplete.py)
read the "help" part: every command's usage line, description, subcommands, and each parameter's
names, metavar, help, default and choices. tests/promises/test_startup.py fails when the file is
stale. Writing it also rewrites the command reference
(scripts/generate_reference.py).

The file is marshalled plain data: every help, Tab press and fast command line reads it, and
marshal loads it in a fraction of a millisecond without importing anything, where json would
first import its parser (and re, enum, functools...) and a generated .py module would build
its dicts one bytecode at a time. `--show` prints it for a person.
"""

from __future__ import annotations

import json
import marshal
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "aihubmix_cli" / "data" / "interface.marshal"
# Version 4 is read by every Python aihub supports.
MARSHAL_VERSION = 4
# The commands a shell or a script runs most; the rest always go through typer.
FAST_COMMANDS = ("list", "show", "compare", "audit")


def _option(param: Any) -> dict[str, Any]:
    func = getattr(param.type, "func", None)
    kind = "flag" if param.is_flag else "multi" if param.multiple else "value"
    return {
        "dest": param.name,
        "kind": kind,
        "convert": func.__name__ if func is not None else "",
        "choices": list(getattr(param.type, "choices", ())),
    }


def interface() -> dict[str, Any]:
    sys.path.insert(0, str(REPO))
    from typer.core import TyperArgument
    from typer.main import get_command

    from aihubmix_cli.cli.app import app

    group = get_command(app)
    commands: dict[str, Any] = {}
    for name in FAST_COMMANDS:
        command = group.commands[name]  # type: ignore[attr-defined]
        arguments = []
        options: dict[str, Any] = {}
        for param in command.params:
            if isinstance(param, TyperArgument):
                arguments.append(
                    {"dest": param.name, "nargs": param.nargs, "required": param.required}
                )
                continue
            for flag in [*param.opts, *param.secondary_opts]:
                options[flag] = _option(param)
        commands[name] = {"arguments": arguments, "options": options}
    return {
        "generated_by": "scripts/generate_interface.py",
        "commands": commands,
        "help": help_table(group),
    }


def _first_paragraph(text: str) -> str:
    import inspect

    return " ".join(inspect.cleandoc(text).partition("\f")[0].split("\n\n")[0].split())


def _description(text: str) -> list[str]:
    """The command's help as paragraphs, each on one line, as typer shows them."""
    import inspect

    paragraphs = inspect.cleandoc(text).partition("\f")[0].split("\n\n")
    return [" ".join(paragraph.split()) for paragraph in paragraphs if paragraph.strip()]


def _completer(param: Any, declared: dict[str, Any]) -> str:
    """How Tab completes the parameter's value: "choices", the name of a completer in
    aihubmix_cli/store/completion.py, "" for nothing, or "other" (typer answers those).

    `declared` holds the functions the command's parameters name at `autocompletion=`."""
    from aihubmix_cli.cli.typer_internals import TyperChoice, plain_type
    from aihubmix_cli.store import completion

    complete = declared.get(param.name)
    if complete is not None:
        # The name quickcomplete looks up (getattr) to find this very function: several are
        # made by a factory, so their __name__ is not theirs.
        for name, value in vars(completion).items():
            if name.startswith("complete_") and value is complete:
                return name
        return "other"
    if isinstance(param.type, TyperChoice):
        return "choices" if param.type.case_sensitive else "other"
    return "" if plain_type(param.type) else "other"


def _parameter(param: Any, ctx: Any, declared: dict[str, Any]) -> dict[str, Any]:
    from typer.core import TyperArgument, TyperOption

    from aihubmix_cli.cli.typer_internals import help_default

    if isinstance(param, TyperArgument):
        metavar = param.metavar or (param.name or "").upper()
        names: list[str] = []
    else:
        metavar = param.make_metavar(ctx=ctx)
        if "bool" in metavar.lower() or param.is_flag:
            metavar = ""
        names = [*param.opts, *param.secondary_opts]
        if param.name == "help":
            # click makes the help option's names from a set: their order changes from run to
            # run. Short first, as help shows them.
            names.sort(key=len)
    flag = isinstance(param, TyperArgument) or param.is_flag
    default = None if flag else help_default(param, ctx)
    return {
        "names": names,
        "metavar": metavar,
        "help": " ".join((param.help or "").split()) if hasattr(param, "help") else "",
        "default": default or None,
        "required": bool(param.required),
        "choices": [str(c) for c in getattr(param.type, "choices", ())],
        # What Tab completion needs (aihubmix_cli/shell/quickcomplete.py), as click reads it.
        "dest": param.name,
        "opts": sorted(param.opts, key=len) if param.name == "help" else list(param.opts),
        "typer": isinstance(param, (TyperOption, TyperArgument)),
        "takes_value": not (getattr(param, "is_flag", False) or getattr(param, "count", False)),
        "multiple": bool(getattr(param, "multiple", False)),
        "nargs": param.nargs,
        "complete": _completer(param, declared),
    }


def help_table(group: Any) -> dict[str, Any]:
    """What `--help` and Tab completion need of every command, by its path ("" is aihub)."""
    from aihubmix_cli.cli.typer_internals import Context, declared_completers

    table: dict[str, Any] = {}

    def visit(command: Any, path: list[str], parent: Any) -> None:
        # The root's settings name -h beside --help; the subcommands' contexts inherit them.
        settings = dict(command.context_settings or {}) if parent is None else {}
        ctx = Context(command, info_name=path[-1] if path else "aihub", parent=parent, **settings)
        usage = " ".join([ctx.command_path, *command.collect_usage_pieces(ctx)])
        subcommands = getattr(command, "commands", {})
        declared = declared_completers(command)
        table[" ".join(path)] = {
            "usage": usage,
            "description": _description(command.help or ""),
            "parameters": [
                _parameter(param, ctx, declared)
                for param in command.get_params(ctx)
                if not param.hidden
            ],
            "commands": [
                [name, _first_paragraph(sub.short_help or sub.help or ""), sub.get_short_help_str()]
                for name, sub in subcommands.items()
                if not sub.hidden
            ],
            "no_args_is_help": bool(getattr(command, "no_args_is_help", False)) or not path,
        }
        for name, sub in subcommands.items():
            visit(sub, [*path, name], ctx)

    visit(group, [], None)
    return table


def stored() -> Any:
    """What the file holds now, or None."""
    try:
        return marshal.loads(TARGET.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def main(argv: list[str]) -> int:
    fresh = interface()
    if "--show" in argv:
        print(json.dumps(stored(), indent=1, sort_keys=True))
        return 0
    # Compared as data: marshal's bytes for equal values can differ between runs.
    if stored() == fresh:
        return 0
    if "--check" in argv:
        print(
            "stale: aihubmix_cli/data/interface.marshal; run python scripts/generate_interface.py"
        )
        return 1
    TARGET.write_bytes(marshal.dumps(fresh, MARSHAL_VERSION))
    # The man page and docs/commands/ derive from the same declarations: keep them in step.
    from scripts import generate_reference

    return generate_reference.main([])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
