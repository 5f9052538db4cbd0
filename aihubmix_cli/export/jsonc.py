"""JSON with comments and trailing commas (as opencode reads its config), parsed with the
position of every value, so that one member can be replaced and every other byte kept."""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

# Unrolled (a run of plain characters, then escapes each followed by another run): an
# alternation repeated once per character keeps state per character, gigabytes for a 50 MB
# string.
_STRING = re.compile(r'"[^"\\\x00-\x1f]*(?:\\.[^"\\\x00-\x1f]*)*"')
# Deeper than any config; the parser recurses once per level and must stop before Python does.
DEEPEST = 200
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}


class Member(NamedTuple):
    key: str
    key_start: int  # where the key's opening quote is
    value: Node


class Node(NamedTuple):
    start: int
    end: int  # one past the value's last character
    members: tuple[Member, ...] | None  # an object's members; None for anything else
    value: Any  # the plain value, for checks

    def member(self, key: str) -> Member | None:
        found = [m for m in self.members or () if m.key == key]
        if len(found) > 1:
            raise ValueError(f'"{key}" appears twice in one object')
        return found[0] if found else None


def parse(text: str) -> Node:
    """The document's root value, or ValueError saying where it stops being JSON(C)."""
    parser = _Parser(text)
    node = parser.value()
    parser.space()
    if parser.pos != len(text):
        raise parser.error("unexpected text after the end")
    return node


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def error(self, what: str) -> ValueError:
        line = self.text.count("\n", 0, self.pos) + 1
        return ValueError(f"not valid JSON at line {line}: {what}")

    def space(self) -> None:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char in " \t\r\n":
                self.pos += 1
            elif text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    raise self.error("a comment is never closed")
                self.pos = end + 2
            else:
                return

    def value(self) -> Node:
        self.space()
        if self.pos >= len(self.text):
            raise self.error("the document ends early")
        char = self.text[self.pos]
        start = self.pos
        if char in "{[":
            self.depth += 1
            if self.depth > DEEPEST:
                raise self.error(f"nested deeper than {DEEPEST} levels")
            node = self.object() if char == "{" else self.array()
            self.depth -= 1
            return node
        if char == '"':
            string = self.string()
            return Node(start, self.pos, None, string)
        match = _NUMBER.match(self.text, self.pos)
        if match:
            self.pos = match.end()
            return Node(start, self.pos, None, json.loads(match.group()))
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return Node(start, self.pos, None, literal)
        raise self.error(f"unexpected {char!r}")

    def string(self) -> str:
        match = _STRING.match(self.text, self.pos)
        try:
            value = json.loads(match.group()) if match else None
        except ValueError:
            value = None
        if not isinstance(value, str) or match is None:
            raise self.error("a string is not closed or has a bad escape")
        self.pos = match.end()
        return value

    def object(self) -> Node:
        start = self.pos
        self.pos += 1
        members: list[Member] = []
        while True:
            self.space()
            if self.text.startswith("}", self.pos):
                self.pos += 1
                plain = {m.key: m.value.value for m in members}
                return Node(start, self.pos, tuple(members), plain)
            if not self.text.startswith('"', self.pos):
                raise self.error("expected a quoted key or '}'")
            key_start = self.pos
            key = self.string()
            self.space()
            if not self.text.startswith(":", self.pos):
                raise self.error("expected ':' after a key")
            self.pos += 1
            members.append(Member(key, key_start, self.value()))
            self.space()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("}", self.pos):
                raise self.error("expected ',' or '}'")

    def array(self) -> Node:
        start = self.pos
        self.pos += 1
        items: list[Any] = []
        while True:
            self.space()
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return Node(start, self.pos, None, items)
            items.append(self.value().value)
            self.space()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("]", self.pos):
                raise self.error("expected ',' or ']'")


def indentation(text: str, position: int) -> str:
    """The leading whitespace of the line holding `position`."""
    line_start = text.rfind("\n", 0, position) + 1
    line = text[line_start:position]
    return line[: len(line) - len(line.lstrip(" \t"))]


def dumps(value: Any, indent: str) -> str:
    """`value` as indented JSON whose lines after the first start with `indent`."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + indent)


def set_member(text: str, path: tuple[str, ...], value: Any) -> str:
    """`text` with the member at `path` (object keys from the root) set to `value`, creating
    the objects on the way; every byte outside the replaced or inserted span is kept."""
    node = parse(text)
    for depth, key in enumerate(path):
        if node.members is None:
            where = ".".join(path[:depth]) or "the document"
            raise ValueError(f"{where} is not a JSON object")
        member = node.member(key)
        if member is None:
            rest = value
            for inner in reversed(path[depth + 1 :]):
                rest = {inner: rest}
            return _insert(text, node, key, rest)
        node = member.value
    member_indent = indentation(text, node.start)
    return text[: node.start] + dumps(value, member_indent) + text[node.end :]


def _insert(text: str, node: Node, key: str, value: Any) -> str:
    """A new first member of the object `node`, indented like its neighbours."""
    assert node.members is not None
    outer = indentation(text, node.start)
    if node.members:
        inner = indentation(text, node.members[0].key_start)
        if inner == outer or "\n" not in text[node.start : node.members[0].key_start]:
            inner = outer + "  "
    else:
        inner = outer + "  "
    entry = f"\n{inner}{json.dumps(key, ensure_ascii=False)}: {dumps(value, inner)}"
    after_brace = node.start + 1
    if node.members:
        return text[:after_brace] + entry + "," + text[after_brace:]
    closing = node.end - 1
    inside = text[after_brace:closing]  # blank, or comments to keep
    return (
        text[:after_brace] + entry + (inside if inside.strip() else "\n" + outer) + text[closing:]
    )
