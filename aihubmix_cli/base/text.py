"""Making server text safe for a terminal.

The catalog is remote data: a description may carry ANSI escapes, bidi overrides or other
control characters that would repaint or reorder a terminal. Everything that is drawn for a
person goes through `terminal_safe`; JSON output never does, so it keeps the text exactly.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from re import Pattern

_BIDI_CONTROLS = (
    "\u061c\u200e\u200f"  # arabic letter mark, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
)
_LINE_BREAKERS = "\u2028\u2029\u0085"

# Whole escape sequences go, not just their ESC: "\x1b[31mred" should read "red", not "[31mred".
_ESCAPE_SEQUENCE = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]"  # the short ones
    r"|\x9b[0-?]*[ -/]*[@-~]"  # CSI in its 8-bit form
)


class _Tables:
    """The translation tables and the escape pattern, made on the first text that needs them:
    most runs draw only printable text, and a warm `--json` run draws none."""

    def __init__(self) -> None:
        # Characters mapped to None are deleted by str.translate.
        one_line: dict[int, str | None] = {code: None for code in range(0x20)}
        one_line.update({code: None for code in range(0x7F, 0xA0)})
        one_line.update({ord(ch): None for ch in _BIDI_CONTROLS})
        # Lone surrogates (from "\\ud800" escapes in JSON) cannot be written to a UTF-8
        # terminal.
        one_line.update({code: None for code in range(0xD800, 0xE000)})
        # White space that would split a cell or a tab-separated line becomes a plain space,
        # so the words on either side stay apart.
        one_line.update({ord(ch): " " for ch in "\t\n\r" + _LINE_BREAKERS})
        multi_line = dict(one_line)
        multi_line[ord("\n")] = "\n"
        multi_line[ord("\r")] = None
        self.one_line = one_line
        self.multi_line = multi_line
        self._escapes: Pattern[str] | None = None

    @property
    def escapes(self) -> Pattern[str]:
        if self._escapes is None:
            import re

            self._escapes = re.compile(_ESCAPE_SEQUENCE)
        return self._escapes


_tables: list[_Tables] = []


def terminal_safe(value: object, *, keep_newlines: bool = False) -> str:
    """Return `value` as text with control, escape and bidi characters removed.

    Tabs and line breaks become spaces (they would break a tab-separated line), unless
    `keep_newlines` asks to keep newlines for a wrapped description.
    """
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():
        # isprintable() is False for every character the tables touch, so most ids and
        # names skip the translation entirely.
        return text
    if not _tables:
        _tables.append(_Tables())
    tables = _tables[0]
    if "\x1b" in text or "\x9b" in text:
        text = tables.escapes.sub("", text)
    return text.translate(tables.multi_line if keep_newlines else tables.one_line)


_VISIBLE_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def quoted(value: str) -> str:
    """`value` in single quotes, written visibly (see `visible`): `'gpt\\x07-5'`."""
    return f"'{visible(value)}'"


def visible(value: str) -> str:
    """`value` with every character a terminal would not show (controls, escapes, bidi
    marks, line breaks) written as its escape, as Python writes them (`gpt\\x07-5`,
    `gpt-5\\u202e`): what the user typed, visibly, on one safe line. terminal_safe deletes
    those characters, which leaves a value looking like another (`gpt-5` for `gpt-5` and a
    bell); a value the user typed is shown, not cleaned."""
    if value.isprintable():
        return value
    shown = []
    for char in value:
        code = ord(char)
        if char.isprintable():
            shown.append(char)
        elif char in _VISIBLE_ESCAPES:
            shown.append(_VISIBLE_ESCAPES[char])
        elif code < 0x100:
            shown.append(f"\\x{code:02x}")
        elif code < 0x10000:
            shown.append(f"\\u{code:04x}")
        else:
            shown.append(f"\\U{code:08x}")
    return "".join(shown)


# No line of stderr is longer than this, "aihub: " included: an error quoting a pasted
# paragraph or naming a hundred ids buries the terminal. Lists are summarised before that
# (summary, below); this is the last guard, for text the user typed.
LINE = 300


# Lists on stderr: what fits of a line after "aihub: ", and how many names a summary gives.
_BODY = LINE - len("aihub: ")
_FIRST = 5


def summary(text: str, items: Sequence[str], verbose_names: bool = True, then: str = "") -> str:
    """`text: a, b, c` and `then`; when that is too long, the first few and how many more
    (and, when `verbose_names`, that --verbose names them all). The one rule for every line
    of stderr that names many things: it never exceeds LINE, "aihub: " included."""
    whole = f"{text}: {', '.join(items)}{then}"
    if len(whole) <= _BODY:
        return whole
    for shown in range(min(_FIRST, len(items)), 0, -1):
        line = f"{text}: {', '.join(items[:shown])} and {len(items) - shown} more"
        line += f" (--verbose names all {len(items)})" if verbose_names else ""
        if len(line + then) <= _BODY:
            return line + then
    return cut(
        f"{text}: {len(items)} in all" + (" (--verbose names them)" if verbose_names else "") + then
    )


def cut(line: str) -> str:
    return line if len(line) <= _BODY else line[: _BODY - 1] + "…"


def stderr_line(message: str, prefix: str = "aihub: ") -> str:
    """The line of stderr that says `message`: terminal-safe, at most LINE characters. A longer
    one loses its middle, where a typed value sits: its start says what failed, its end why."""
    line = prefix + terminal_safe(message)
    if len(line) <= LINE:
        return line
    head = LINE * 2 // 3
    return line[:head] + "…" + line[len(line) - (LINE - head - 1) :]


# What an output encoding that lacks aihub's own marks shows instead, one cell for one cell so
# that tables stay aligned: "—" (unknown) and "✓" must not both become "?".
_STAND_INS = {
    "—": "-",
    "\u2013": "-",  # en dash
    "─": "-",
    "✓": "+",
    "✗": "x",
    "†": "*",
    "→": ">",
    "…": ".",
    "·": ".",
    "≥": ">",
    "≤": "<",
    "\u00a0": " ",
}


def stand_in(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler (registered as "aihub-stand-in"): each character the encoding
    cannot carry becomes a look-alike it can (é -> e, — -> -), else one `?` per cell."""
    import unicodedata

    if not isinstance(error, UnicodeEncodeError):
        raise error
    encoding = error.encoding
    out = []
    for char in error.object[error.start : error.end]:
        candidates = [_STAND_INS.get(char, ""), unicodedata.normalize("NFKD", char)[:1]]
        for candidate in candidates:
            if candidate and _encodable(candidate, encoding):
                out.append(candidate)
                break
        else:
            wide = unicodedata.east_asian_width(char) in ("W", "F")
            out.append("??" if wide else "?")
    return "".join(out), error.end


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def broken_between_words(lines: list[str], width: int, indent: str) -> list[str]:
    """`lines`, each longer than `width` broken between words (and after a comma: a list such
    as `tools,function_calling` is one word otherwise), the rest of it indented by `indent`;
    a word longer than the width stays whole. A terminal would break them anywhere."""
    long = {line for line in lines if len(line) > width}
    if not long:
        return lines
    import re
    import textwrap

    class Wrapper(textwrap.TextWrapper):
        wordsep_simple_re = re.compile(r"(\s+|(?<=,)(?=[^\s,]))")

    wrapper = Wrapper(
        width=max(width, len(indent) + 10),
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    # A sign stays with its word (`+ web`, `- tools`): joined by a character no line holds
    # while wrapping, then given back its space.
    sign = re.compile(r"(?<=\s)([+-]) (?=\S)")
    return [
        part.replace("\0", " ")
        for line in lines
        for part in (wrapper.wrap(sign.sub("\\1\0", line)) if line in long else [line])
    ]
