"""Tab completion without typer, for the requests the scripts in completions/ send.

A Tab press starts aihub; importing typer would cost it several interpreter starts. This
module reads the line as click's completion does (the option whose value is being typed, the
argument still open, or the names of options and commands) from the table
scripts/generate_interface.py writes off the typer commands, asks the same completers in
completion.py, and answers in the format of shell_completion.py's classes. Any line it is not
sure of — an unknown word or option, `--`, bundled short options, a help text with markup, a
parameter whose values typer computes in its own way, or typer's own scripts' protocol —
returns None, and typer answers as before.
"""

from __future__ import annotations

import os

from aihubmix_cli.base.record import Record
from aihubmix_cli.base.tab import FILES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


# bash's default COMP_WORDBREAKS, for a script that does not send its own.
WORD_BREAKS = " \t\n\"'><=;|&(:"
_BLANKS = " \t\r\n"


class Item(Record):
    __slots__ = ("help", "value")

    def __init__(self, value: str, help: str | None = None) -> None:
        self.value = value
        self.help = help


class _Params:
    """The little of click's context the completers read: the values given so far."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params


def split_words(line: str) -> list[str]:
    """The shell words of `line` as click reads them (shlex in POSIX mode, split at blanks
    only); an unterminated quote or escape keeps its partial word. Written out because shlex
    imports re and collections, which a Tab press should not wait for; a test holds the two
    to the same answers."""
    words: list[str] = []
    word: list[str] = []
    started = False  # a word has begun (it may still be empty: '')
    quote = ""  # the quote we are inside, if any
    chars = iter(line)
    for char in chars:
        if quote == "'":
            if char == "'":
                quote = ""
            else:
                word.append(char)
        elif quote == '"':
            if char == '"':
                quote = ""
            elif char == "\\":
                escaped = next(chars, None)
                if escaped is None:
                    break
                if escaped not in '\\"':
                    word.append("\\")
                word.append(escaped)
            else:
                word.append(char)
        elif char in _BLANKS:
            if started:
                words.append("".join(word))
                word, started = [], False
        else:
            started = True
            if char in "'\"":
                quote = char
            elif char == "\\":
                escaped = next(chars, None)
                if escaped is None:
                    break
                word.append(escaped)
            else:
                word.append(char)
    if started:
        words.append("".join(word))
    return words


def bash_cut(line: str, incomplete: str, breaks: str) -> int:
    """Where bash's own word starts inside `incomplete`, the last word of `line`: after its
    last word break (`=`, `:`...), for bash replaces only that part; at 0 when the word is
    quoted or holds an escape, which readline completes whole (`'gemma-2-9b-it:f` is one
    word to it, not `f`)."""
    start, quote, escaped = 0, "", False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif quote == "'":
            quote = "" if char == "'" else quote
        elif char == "\\":
            escaped = True
        elif quote == '"':
            quote = "" if char == '"' else quote
        elif char in "'\"":
            quote = char
        elif char in _BLANKS:
            start = index + 1
    if any(char in "'\"\\" for char in line[start:]):
        return 0
    return max((incomplete.rfind(char) for char in breaks), default=-1) + 1


def _completer(name: str) -> Callable[[Any, str], list[str]] | None:
    from aihubmix_cli.store import completion

    if name == "complete_model":
        return completion.complete_model
    if name == "complete_history_model":
        return completion.complete_history_model
    function = getattr(completion, name, None) if name.startswith("complete_") else None
    if function is None:
        return None
    return lambda _ctx, incomplete: list(function(incomplete))


class _Line(Record):
    __slots__ = ("args", "command", "given", "pending")

    def __init__(
        self,
        command: dict[str, Any],
        args: list[str],  # the complete words after the command's path
        given: dict[str, Any],  # dest -> value(s), of what was given on the line
        pending: bool = False,  # the last word is an option still waiting for its value
    ) -> None:
        self.command = command
        self.args = args
        self.given = given
        self.pending = pending


def _resolve(commands: dict[str, Any], words: list[str]) -> _Line | None:
    """The command the words lead to, and what they gave it; None when unsure."""
    path: list[str] = []
    rest = list(words)
    while rest and commands[" ".join(path)]["commands"]:
        if rest[0] in {"--", ""} or rest[0].startswith("-"):
            # Options of a group (aihub --version list ...): rare enough for typer.
            return None
        names = [entry[0] for entry in commands[" ".join(path)]["commands"]]
        if rest[0] not in names:
            return None
        path.append(rest.pop(0))
    command = commands[" ".join(path)]
    options = {name: p for p in command["parameters"] for name in p["names"]}
    arguments = [p for p in command["parameters"] if not p["names"]]
    given: dict[str, Any] = {}
    index = 0
    while index < len(rest):
        word = rest[index]
        index += 1
        if word == "--" or (word[:1] == "-" and word[1:2] != "-" and len(word) > 2):
            return None  # `--` and bundled short options (-tllm): typer's to read
        if word.startswith("-") and len(word) > 1:
            name, has_value, _ = word.partition("=")
            option = options.get(name)
            if option is None or not option["typer"]:
                return None
            if option["takes_value"] and not has_value:
                if index >= len(rest):
                    return _Line(command, rest, given, pending=True)  # its value is being typed
                index += 1
            given.setdefault(option["dest"], []).append(word)
            continue
        open_arguments = [a for a in arguments if a["nargs"] == -1 or a["dest"] not in given]
        if not open_arguments:
            return None  # a word typer would refuse
        given.setdefault(open_arguments[0]["dest"], []).append(word)
    return _Line(command, rest, given)


def _values(parameter: dict[str, Any], line: _Line, incomplete: str) -> list[Item] | None:
    kind = parameter["complete"]
    if kind == "choices":
        return [Item(c) for c in parameter["choices"] if c.startswith(incomplete)]
    if kind == "":
        return []
    if kind == "complete_files":
        return [Item(FILES)]  # whatever is typed: the shell completes file names itself
    completer = _completer(kind)
    if completer is None:
        return None
    context = _Params({dest: tuple(values) for dest, values in line.given.items()})
    return [Item(v) for v in completer(context, incomplete) if v.startswith(incomplete)]


def completions(line: _Line, incomplete: str) -> list[Item] | None:
    """click's answer to `incomplete` after `line`, or None when unsure."""
    args = list(line.args)
    if incomplete == "=":
        incomplete = ""
    elif "=" in incomplete and incomplete.startswith("-"):
        name, _, incomplete = incomplete.partition("=")
        args.append(name)
    parameters: list[dict[str, Any]] = line.command["parameters"]
    if incomplete.startswith("-"):
        if line.pending:
            return None  # an option's value that looks like an option: typer's reading
        items = []
        for p in parameters:
            if not p["names"] or not p["typer"]:
                continue
            if not p["multiple"] and p["dest"] in line.given:
                continue
            items += [Item(n, p["help"] or None) for n in p["names"] if n.startswith(incomplete)]
        return items
    if args and args[-1].startswith("-"):
        for p in parameters:
            if p["names"] and p["typer"] and p["takes_value"] and args[-1] in p["opts"]:
                return _values(p, line, incomplete)
    for p in parameters:
        if not p["names"] and (p["nargs"] == -1 or p["dest"] not in line.given):
            return _values(p, line, incomplete)
    return [
        Item(name, short or None)
        for name, _, short in line.command["commands"]
        if name.startswith(incomplete)
    ]


def whole_words(line: _Line, incomplete: str) -> list[Item] | None:
    """As shell_completion.whole_words: whole `--opt=value` words, any case as a fallback."""
    head = incomplete.partition("=")[0] + "=" if incomplete[:1] == "-" and "=" in incomplete else ""
    items = completions(line, incomplete)
    if items is None:
        return None
    if not items and incomplete[len(head) :]:
        wanted = incomplete[len(head) :].casefold()
        everything = completions(line, head)
        if everything is None:
            return None
        items = [i for i in everything if i.value.casefold().startswith(wanted)]
    return [Item(head + item.value, item.help) for item in items]


def _markup(text: str) -> bool:
    """Whether rich would read markup in `text`: a `[` or an emoji code such as `:smile:`."""
    if "[" in text:
        return True
    if text.count(":") < 2:
        return False
    import re

    return re.search(r":[\w+-]+:", text) is not None


def _words(line: str) -> tuple[list[str], str]:
    words = split_words(line)
    if not line or line[-1].isspace() or not words:
        return words[1:], ""
    return words[1:-1], words[-1]


def answer(commands: dict[str, Any]) -> str | None:
    """The reply to the completion request in the environment, or None for typer."""
    request = os.environ.get("_AIHUB_COMPLETE", "")
    if request == "complete_bash" and "_AIHUB_COMP_LINE" in os.environ:
        words, incomplete = _words(os.environ["_AIHUB_COMP_LINE"])
    elif (request == "complete_zsh" and os.environ.get("_AIHUB_PLAIN")) or (
        request == "complete_fish" and os.environ.get("_TYPER_COMPLETE_FISH_ACTION") == "get-args"
    ):
        typed = os.environ.get("_TYPER_COMPLETE_ARGS", "")
        words = split_words(typed)[1:]
        incomplete = ""
        if words and not typed.endswith(" "):
            incomplete = words.pop()
    else:
        return None  # typer's own scripts, and requests these scripts do not send
    if "" not in commands:
        return None
    line = _resolve(commands, words)
    items = whole_words(line, incomplete) if line is not None else None
    if items is None or any(item.help and _markup(item.help) for item in items):
        return None  # markup in a help text is rendered by rich: typer's job
    if len(items) == 1 and items[0].value.endswith(FILES):  # `--merge=` + FILES too
        return FILES  # as it is, in every shell's format: the script completes file names
    if request == "complete_bash":
        breaks = os.environ.get("_AIHUB_WORDBREAKS") or WORD_BREAKS
        cut = bash_cut(os.environ["_AIHUB_COMP_LINE"], incomplete, breaks)
        head = incomplete[:cut].casefold()
        return "\n".join(i.value[cut:] for i in items if i.value[:cut].casefold() == head)
    if request == "complete_zsh":
        return "\n".join(
            f"{i.value}\t{' '.join(i.help.split())}" if i.help else i.value for i in items
        )
    if any(item.help and len(item.help) >= 60 for item in items):
        return None  # rich wraps a long help over lines in fish's answer: typer's layout
    return "\n".join(_fish(item) for item in items)


def _fish(item: Item) -> str:
    if not item.help:
        return item.value
    # What re.sub(r"\s", " ", ...) does: \s is str.isspace for str patterns.
    return item.value + "\t" + "".join(" " if char.isspace() else char for char in item.help)
