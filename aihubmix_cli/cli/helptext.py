"""`--help` without typer: every command's help, printed from the generated interface table.

Importing typer (and with it click and rich) costs several times an interpreter's own start,
which is too much to make anyone wait for a page of text. scripts/generate_interface.py reads
the help of every command and option off the typer definitions in cli.py into
data/interface.marshal; this module lays it out, gh style: description, usage, arguments,
commands and flags, the flags' names and metavars aligned, the text wrapped between words to
the terminal's width. A command line this module does not recognise as a plain request for
help goes to typer, as does everything when the table is missing.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

HELP_NAMES = ("--help", "-h")
DEFAULT_WIDTH = 80
# Beyond this the flags' column would crowd out their help: longer names get a line of their
# own and their help starts below them.
_WIDEST_LEFT = 32
_NARROWEST_TEXT = 20


def table() -> dict[str, Any]:
    """Every command's help, by its path ("" is aihub itself); empty without the table."""
    from aihubmix_cli.cli.fastpath import interface

    help_table: Any = interface().get("help")
    return help_table if isinstance(help_table, dict) else {}


def requested(args: Sequence[str], commands: dict[str, Any]) -> str | None:
    """The path of the command whose help `args` ask for, or None when they ask for more.

    Plain shapes only: `aihub`, `aihub COMMAND --help` (or -h), and a group alone (`aihub
    cache`). Help among other options or values is typer's to read.
    """
    words = list(args)
    asked = bool(words) and words[-1] in HELP_NAMES
    if asked:
        words.pop()
    path = " ".join(words)
    if path not in commands or any(word.startswith("-") for word in words):
        return None
    if asked or commands[path].get("no_args_is_help"):
        return path
    return None


def width() -> int:
    """The width typer's help would use: $COLUMNS, the terminal's, or 80 in a pipe."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or DEFAULT_WIDTH
    except (OSError, ValueError, AttributeError):
        return DEFAULT_WIDTH


def answer(args: Sequence[str]) -> bool:
    """Print the help `args` ask for and return True; False leaves the line to typer."""
    if len(args) > 1 and args[-1] not in HELP_NAMES:
        return False  # not a help request: no need to read the table for it
    commands = table()
    path = requested(args, commands)
    if path is None:
        return False
    sys.stdout.write(render(commands[path], width()))
    return True


def wrap(text: str, size: int) -> list[str]:
    """`text` in lines of at most `size` characters, broken between words only (a word
    longer than a whole line, which no help text holds, is cut rather than overflow)."""
    lines: list[str] = []
    line = ""
    for whole in text.split():
        word = whole
        while len(word) > size:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:size])
            word = word[size:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= size:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def _rows(rows: list[tuple[str, str]], total: int) -> list[str]:
    """Two columns: the left one as wide as its widest entry (within reason), the right one
    wrapped into what is left of the line, every continuation aligned under its start."""
    fitting = [len(left) for left, _ in rows if len(left) <= _WIDEST_LEFT]
    left_width = max(fitting, default=0)
    indent = 2 + left_width + 2
    size = max(_NARROWEST_TEXT, total - indent)
    if indent + _NARROWEST_TEXT > total:  # a very narrow terminal: help below the names
        indent, size = 4, max(1, total - 4)
    out: list[str] = []
    for left, text in rows:
        lines = wrap(text, size) if text else []
        if len(left) > left_width or indent == 4:
            out.append(f"  {left}")
        elif lines:
            out.append(f"  {left.ljust(left_width)}  {lines.pop(0)}")
        else:
            out.append(f"  {left}")
        out.extend(" " * indent + line for line in lines)
    return out


def _flag_left(parameter: dict[str, Any], shorts: bool) -> str:
    names: list[str] = sorted(parameter["names"], key=lambda name: name.startswith("--"))
    short = [name for name in names if not name.startswith("--")]
    long = [name for name in names if name.startswith("--")]
    text = ", ".join(short + long)
    if not short and shorts:
        text = "    " + text  # long names line up under the long names of `-x, --xyz`
    if parameter["metavar"]:
        text += " " + parameter["metavar"]
    return text


def _parameter_help(parameter: dict[str, Any]) -> str:
    text: str = parameter["help"]
    if parameter["default"]:
        text += f" (default: {parameter['default']})"
    return text


def render(command: dict[str, Any], total: int) -> str:
    """One command's help, laid out for a terminal `total` columns wide."""
    total = max(total, 20)
    lines: list[str] = []
    for paragraph in command["description"]:
        lines += [*wrap(paragraph, total), ""]
    lines += ["USAGE", *("  " + line for line in wrap(command["usage"], total - 2)), ""]
    arguments = [p for p in command["parameters"] if not p["names"]]
    flags = [p for p in command["parameters"] if p["names"]]
    if arguments:
        rows = [
            (p["metavar"], _parameter_help(p) + (" (required)" if p["required"] else ""))
            for p in arguments
        ]
        lines += ["ARGUMENTS", *_rows(rows, total), ""]
    if command["commands"]:
        rows = [(name, text) for name, text, _ in command["commands"]]
        lines += ["COMMANDS", *_rows(rows, total), ""]
    if flags:
        shorts = any(not name.startswith("--") for p in flags for name in p["names"])
        rows = [(_flag_left(p, shorts), _parameter_help(p)) for p in flags]
        lines += ["FLAGS", *_rows(rows, total), ""]
    return "\n".join(lines[:-1]) + "\n"
