"""Whether a config file is YAML aihub may merge into, without a YAML library.

A pipx install of aihub has no PyYAML, yet `--merge` must refuse a damaged file rather
than write into it. This reads the block structure configs are made of (mappings, `- `
lists, plain, quoted and block scalars, flow `[...]` and `{...}` values, comments, anchors
and tags) line by line and says what the top level is and what each top-level key holds.
It is stricter than YAML where YAML is rarely used (complex `? ` keys, several documents):
such a file is refused with the reason, never written into. Where PyYAML is installed,
yamltext checks with it as well.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from aihubmix_cli.export.yamlflow import Flow, closing_quote

_BLOCK_HEADER = re.compile(r"[|>](?:[-+][1-9]?|[1-9][-+]?)?(?:[ \t]+(#.*)?)?")
# Anchors and the standard tags before a value; other tags PyYAML's safe loader refuses.
_PROPERTY = re.compile(r"(?:(?:&[\w-]+|!!(?:str|int|float|bool|null|map|seq))[ \t]+)+")
_RESERVED = "@`"


class Shape(NamedTuple):
    top: str  # "mapping", "list", "scalar" or "empty"
    keys: dict[str, str]  # top-level key -> "mapping", "list", "scalar" or "empty"


class _Open(NamedTuple):
    indent: int
    kind: str  # "map" or "seq"


def shape(text: str) -> Shape:
    """The shape of the YAML document `text`, or ValueError saying where it is not YAML."""
    return _Reader(text).read()


# What YAML takes for a line break beyond "\n", and the characters it refuses outright.
_OTHER_BREAK = re.compile(r"\r(?!\n)|[\x85\u2028\u2029]")
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


class _Reader:
    def __init__(self, text: str) -> None:
        found = _NON_PRINTABLE.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            raise ValueError(f"not valid YAML at line {line}: a control character")
        found = _OTHER_BREAK.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            raise ValueError(
                f"line {line} breaks with {found.group()!r}, which aihub does not read"
            )
        self.lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
        self.stack: list[_Open] = []
        self.top = "empty"
        self.keys: dict[str, str] = {}
        self.expect: tuple[int, bool, str | None] | None = None  # indent, after a key, top key
        self.continues: int | None = None  # deeper lines continue a plain scalar
        self.documents = 0
        self.anchors: set[str] = set()

    def error(self, number: int, what: str) -> ValueError:
        return ValueError(f"not valid YAML at line {number + 1}: {what}")

    def read(self) -> Shape:
        number = 0
        while number < len(self.lines):
            line = self.lines[number]
            content = line.lstrip(" ")
            if not content.strip() and "\t" in content:
                raise self.error(number, "a tab on a blank line (YAML separates with spaces)")
            if content.startswith("#"):
                self.continues = None  # a comment ends a plain value
            if not content.strip() or content.startswith("#"):
                number += 1
                continue
            if line.startswith("%"):
                raise self.error(number, "aihub reads no YAML directives ('%...')")
            if line.rstrip() in ("---", "...") or line.startswith("--- "):
                if line.startswith("--- ") and line[4:].strip() and not line[4:].startswith("#"):
                    raise self.error(number, "aihub reads no value on a '---' line")
                if line.startswith("---"):
                    self.documents += 1
                    if self.documents > 1 or self.top != "empty":
                        raise self.error(number, "the file holds more than one document")
                number += 1
                continue
            indent = len(line) - len(content)
            if content[0] == "\t" or (content[0] in " \t" and "\t" in line[: indent + 1]):
                raise self.error(number, "indented with a tab, which YAML does not allow")
            if _unquoted_tab(content):
                # YAML allows a tab in few places; a config needs none outside quotes.
                raise self.error(number, "a tab outside quotes (YAML separates with spaces)")
            number = self.line(number, indent, content.rstrip(" \t"))
        if self.expect is not None:
            self._record(self.expect[2], "empty")
        return Shape(self.top, self.keys)

    # -- one line ------------------------------------------------------------------------

    def line(self, number: int, column: int, text: str) -> int:
        expect, self.expect = self.expect, None
        if expect is not None:
            parent, after_key, key = expect
            dash = _is_dash(text)
            if column > parent or (column == parent and dash and after_key):
                self.continues = None
                kind = "list" if dash else "mapping" if self._key(text) else "scalar"
                self._record(key, kind)
                if kind == "scalar":
                    return self.value(number, column, text, parent, None)
                self.stack.append(_Open(column, "seq" if dash else "map"))
                return self.item(number, column, text, key_kind=None)
            self._record(key, "empty")
        while self.stack and self.stack[-1].indent > column:
            self.stack.pop()
        if self.stack and self.stack[-1].indent < column:
            if self.continues is not None and column > self.continues and _continues(text):
                return number + 1  # a plain scalar's next line
            raise self.error(number, "indented deeper than anything it could belong to")
        self.continues = None
        if not self.stack:
            if self.top != "empty":
                raise self.error(number, "a second value at the top level")
            dash = _is_dash(text)
            if not dash and not self._key(text):
                self.top = "scalar"
                return self.value(number, column, text, -1, None)
            self.top = "list" if dash else "mapping"
            self.stack.append(_Open(column, "seq" if dash else "map"))
        top = self.stack[-1]
        if top.kind == "seq" and not _is_dash(text):
            if len(self.stack) > 1 and self.stack[-2] == _Open(column, "map"):
                self.stack.pop()  # a list at its key's own indent has ended
                top = self.stack[-1]
            else:
                raise self.error(number, "expected a '- ' item like the lines above")
        if top.kind == "map" and _is_dash(text):
            raise self.error(number, "a '- ' item among the keys of a mapping")
        if top.kind == "map" and not self._key(text):
            raise self.error(number, "expected 'key: value' like the lines above")
        is_top = len(self.stack) == 1 and self.top == "mapping"
        return self.item(number, column, text, key_kind="top" if is_top else None)

    def item(self, number: int, column: int, text: str, key_kind: str | None) -> int:
        """A `- ` item or a `key: value` starting at `column` of line `number`."""
        if _is_dash(text):
            rest = text[1:].lstrip(" ")
            if not rest or rest.startswith("#"):
                self.expect = (column, False, None)
                return number + 1
            inner = column + len(text) - len(rest)
            if "\t" in text[1 : len(text) - len(rest)]:
                raise self.error(number, "indented with a tab, which YAML does not allow")
            if _is_dash(rest) or self._key(rest):
                self.stack.append(_Open(inner, "seq" if _is_dash(rest) else "map"))
                return self.item(number, inner, rest, None)
            return self.value(number, inner, rest, column, None)
        key, rest = self._split_key(number, text)
        top_key = key if key_kind == "top" else None
        if top_key is not None:
            if key in self.keys:
                raise self.error(number, f"the key {key} appears twice")
            self.keys[key] = "empty"
        rest_column = column + len(text) - len(rest)
        if not rest or rest.startswith("#"):
            self.expect = (column, True, top_key)
            return number + 1
        return self.value(number, rest_column, rest, column, top_key)

    def value(self, number: int, column: int, text: str, parent: int, key: str | None) -> int:
        """An inline value starting at `column` of line `number`, under a line indented
        `parent`; returns the next line to read."""
        if text[0] in "&!" and not _PROPERTY.match(text + " "):
            raise self.error(number, "an anchor is '&name'; tags other than !!str and the like")
        properties = _PROPERTY.match(text + " ")
        if properties:
            self.anchors.update(re.findall(r"&([\w-]+)", properties.group()))
            column += properties.end()
            text = text[properties.end() :].rstrip(" ")
            if not text or text.startswith("#"):
                self.expect = (parent, True, key)
                return number + 1
        first = text[0]
        if first in "[{":
            end = self.scan_flow(number, column)
            self._record(key, "list" if first == "[" else "mapping")
            return end + 1
        if first in "\"'":
            end_line, end_column = self.scan_quoted(number, column)
            after = self.lines[end_line][end_column:].strip()
            if after and not after.startswith("#"):
                raise self.error(end_line, "text after a quoted value")
            self._record(key, "scalar")
            return end_line + 1
        if first in "|>":
            if not _BLOCK_HEADER.fullmatch(text):
                raise self.error(number, "a block scalar's header is not '|' or '>'")
            self._record(key, "scalar")
            following = number + 1
            while following < len(self.lines):
                line = self.lines[following]
                if not line.strip() and "\t" in line:
                    break  # a tab on a blank line: refused as the next line
                if line.strip() and len(line) - len(line.lstrip(" ")) <= max(parent, 0):
                    break
                if line.strip() and parent < 0 and not line.startswith(" "):
                    break
                following += 1
            return following
        if first in _RESERVED or first in ",]}%" or re.match(r"[-?:](\s|$)", text):
            raise self.error(number, f"a plain value cannot start with {first!r}")
        if first == "*":
            alias = re.fullmatch(r"\*([\w-]+)[ \t]*(#.*)?", text)
            if alias is None or alias.group(1) not in self.anchors:
                raise self.error(number, "an alias is '*name' alone, of an anchor '&name' above")
            self._record(key, "scalar")
            return number + 1
        plain = re.split(r"[ \t]#", text, maxsplit=1)[0].rstrip()
        if "\t" in plain:
            raise self.error(number, "a tab in a plain value (quote the value)")
        if plain.endswith(":") or re.search(r":[ \t]", plain):
            raise self.error(number, "a ': ' inside a plain value (quote the value)")
        self._record(key, "empty" if plain in ("~", "null", "Null", "NULL") else "scalar")
        self.continues = parent
        return number + 1

    # -- pieces ------------------------------------------------------------------------

    def _record(self, key: str | None, kind: str) -> None:
        if key is not None:
            self.keys[key] = kind

    def _key(self, text: str) -> bool:
        if text.startswith("? ") or text == "?":
            raise ValueError("aihub reads no complex '? ' keys without PyYAML")
        if text[0] in "\"'":
            end = closing_quote(text)
            return end is not None and re.match(r"[ \t]*:(\s|$)", text[end:]) is not None
        if text[0] in "[{|>#&!*%@`,]}":
            return False
        found = re.search(r":(\s|$)", text)
        if found is None or found.start() == 0:
            return False
        return not re.search(r"[ \t]#", text[: found.start()])

    def _split_key(self, number: int, text: str) -> tuple[str, str]:
        if text[0] in "\"'":
            end = closing_quote(text)
            assert end is not None
            key = text[1 : end - 1]
            rest = text[end:].lstrip(" \t")[1:]
        else:
            found = re.search(r":(\s|$)", text)
            assert found is not None
            key, rest = text[: found.start()].rstrip(" \t"), text[found.start() + 1 :]
            if "\t" in key:
                raise self.error(number, "a tab in a key (quote the key)")
        rest = rest.lstrip(" \t")
        if "\t" in text and rest.startswith(("- ", "-\t")):
            raise self.error(number, "indented with a tab, which YAML does not allow")
        return key, rest

    def scan_quoted(self, number: int, column: int) -> tuple[int, int]:
        """(line, column) just past the quoted scalar opening at `column` of line `number`."""
        quote = self.lines[number][column]
        line, start = number, column + 1
        while line < len(self.lines):
            end = closing_quote(self.lines[line], quote, start)
            if end is not None:
                return line, end
            line, start = line + 1, 0
        raise self.error(number, "a quoted value is never closed")

    def scan_flow(self, number: int, column: int) -> int:
        """The line where the flow collection opening at `column` of line `number` closes,
        its content read item by item; nothing but a comment may follow it there."""
        text = "\n".join([self.lines[number][column:], *self.lines[number + 1 :]])
        flow = Flow(text)
        try:
            end = flow.node(0)
        except ValueError as error:
            where = number + text.count("\n", 0, flow.position)
            raise self.error(where, str(error)) from None
        line = number + text.count("\n", 0, end)
        after = text[end:].split("\n", 1)[0].strip()
        if after and not after.startswith("#"):
            raise self.error(line, "text after a [...] or {...} value")
        return line

    def scan_quoted_at(self, line: int, position: int) -> tuple[int, int]:
        return self.scan_quoted(line, position)


def _continues(text: str) -> bool:
    """Whether `text` can be the next line of a plain value."""
    if text[0] in "[]{},#&*!|>'\"%@`" or re.match(r"[-?:](\s|$)", text):
        return False
    return re.search(r":(\s|$)", text) is None


def _unquoted_tab(text: str) -> bool:
    position = 0
    while position < len(text):
        char = text[position]
        if char == "\t":
            return True
        if char == "#" and (position == 0 or text[position - 1] == " "):
            return False
        if char in "\"'" and (position == 0 or text[position - 1] in " [{,"):
            end = closing_quote(text[position:])
            if end is None:
                return False  # a quoted value going on to the next lines
            position += end
            continue
        position += 1
    return False


def _is_dash(text: str) -> bool:
    return text == "-" or text.startswith(("- ", "-\t"))
