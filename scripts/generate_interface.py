"""Write the command line's option table for the fast parser, from the typer commands.

    python scripts/generate_interface.py          # rewrite aihubmix_cli/data/interface.json
    python scripts/generate_interface.py --check  # exit 1 if it is stale

Every option is declared once, in aihubmix_cli/cli.py. The fast parser (aihubmix_cli/fastpath.py)
reads common command lines without importing typer, from this table: each command's
arguments and options, with their destinations, kinds, converters and choices, all read off
typer's own command objects. tests/test_startup.py fails when the file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "aihubmix_cli" / "data" / "interface.json"
# The commands a shell or a script runs most; the rest always go through typer.
FAST_COMMANDS = ("list", "show", "compare")


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

    from aihubmix_cli.cli import app

    group = get_command(app)
    commands: dict[str, Any] = {}
    for name in FAST_COMMANDS:
        command = group.commands[name]  # type: ignore[attr-defined]
        arguments = []
        options: dict[str, Any] = {}
        for param in command.params:
            if isinstance(param, TyperArgument):
                arguments.append({"dest": param.name, "nargs": param.nargs})
                continue
            for flag in [*param.opts, *param.secondary_opts]:
                options[flag] = _option(param)
        commands[name] = {"arguments": arguments, "options": options}
    return {"generated_by": "scripts/generate_interface.py", "commands": commands}


def text() -> str:
    return json.dumps(interface(), indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    fresh = text()
    current = TARGET.read_text() if TARGET.exists() else None
    if current == fresh:
        return 0
    if "--check" in argv:
        print("stale: aihubmix_cli/data/interface.json; run python scripts/generate_interface.py")
        return 1
    TARGET.write_text(fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
