"""The `[...]` and `{...}` values of YAML, read strictly for yamlcheck (no YAML library)."""

from __future__ import annotations

import re

_FLOW_PLAIN = re.compile(
    # A first character that is no indicator (or a `-` starting a word), then anything but
    # the flow indicators, `?`, a `: ` and a ` #`.
    r"(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|-[^\s,\[\]{}?:])"
    r"(?:[^,\[\]{}:#?\n]|:(?=[^\s,\[\]{}])|(?<=\S)#)*"
)


class Flow:
    """A `[...]` or `{...}` value, read strictly: items separated by single commas, each a
    quoted scalar, a plain one, a nested collection or (in braces) a `key: value` pair."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.depth = 0

    def space(self, at: int) -> int:
        text = self.text
        while at < len(text):
            if text[at] in " \n":
                at += 1
            elif text[at] == "#" and (at == 0 or text[at - 1] in " \n"):
                end = text.find("\n", at)
                at = len(text) if end < 0 else end
            elif text[at] == "\t":
                raise ValueError("a tab inside a [...] or {...} value")
            else:
                break
        self.position = at
        return at

    def node(self, at: int) -> int:
        """Just past the value starting at `at` (after spaces)."""
        at = self.space(at)
        if at >= len(self.text):
            raise ValueError("a [ or { is never closed")
        char = self.text[at]
        if char in "[{":
            self.depth += 1
            if self.depth > 100:
                raise ValueError("nested too deep")
            at = self.collection(at, "]" if char == "[" else "}")
            self.depth -= 1
            return at
        if char in "\"'":
            end = closing_quote(self.text[at:].split("\n", 1)[0])
            if end is None:
                raise ValueError("a quoted value inside [...] or {...} must close on its line")
            return at + end
        found = _FLOW_PLAIN.match(self.text, at)
        if found is None:
            raise ValueError(f"{char!r} cannot start a value inside [...] or {{...}}")
        return found.end()

    def collection(self, at: int, closing: str) -> int:
        at = self.space(at + 1)
        while True:
            if self.text.startswith(closing, at):
                return at + 1
            end = self.node(at)
            at = self.space(end)
            if self.text.startswith(":", at):  # a key's value
                if "\n" in self.text[end:at]:
                    raise ValueError("a key and its ':' on different lines")
                at = self.space(self.node(at + 1))
            if self.text.startswith(closing, at):
                return at + 1
            if not self.text.startswith(",", at):
                raise ValueError(f"expected ',' or {closing!r} inside [...] or {{...}}")
            at = self.space(at + 1)


def closing_quote(text: str, quote: str = "", start: int = 1) -> int | None:
    """Just past the quote closing the one `text` starts with, on this line; or, given the
    `quote` of a scalar opened earlier, the one closing it from `start` on."""
    quote, position = quote or text[0], start
    while position < len(text):
        char = text[position]
        if quote == '"' and char == "\\":
            position += 2
            continue
        if char == quote:
            if quote == "'" and text[position + 1 : position + 2] == "'":
                position += 2
                continue
            return position + 1
        position += 1
    return None
