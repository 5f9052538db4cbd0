"""How many terminal cells text takes, measured as rich measures it, without importing rich.

A table is laid out by these widths and then drawn without rich (`screen`), so they must agree
with rich's `cells.cell_len` to the cell: rich still draws show's panels and whatever `screen`
leaves to it, and both kinds of output sit in the same terminal
(tests/units/render/test_screen.py checks every code point against rich's table, so a rich with
newer tables fails there first).

Almost every cell of a table is ASCII, one cell per printable character; other text is
measured a character at a time from the Unicode database (wide East Asian characters take two
cells, combining marks and format characters none), with the handful of characters where
rich's tables (the latest Unicode, after wcwidth) say otherwise listed below. Text whose
width depends on data Python does not carry (characters this Python's Unicode database has
not assigned yet, emoji sequences joined by ZWJ or turned wide by VS16, an older
UNICODE_VERSION asked for) is measured by rich itself.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType

# (first, last, cells): where rich's width for a character differs from what its general
# category and East Asian width say, in every Python from 3.10 (Unicode 13) to 3.13 (15.1).
_EXCEPTIONS = (
    # Soft hyphen and the prepended concatenation marks (Cf) show a glyph: one cell.
    (0x00AD, 0x00AD, 1),
    (0x0600, 0x0605, 1),
    (0x06DD, 0x06DD, 1),
    (0x070F, 0x070F, 1),
    (0x0890, 0x0891, 1),
    (0x08E2, 0x08E2, 1),
    (0x110BD, 0x110BD, 1),
    (0x110CD, 0x110CD, 1),
    # Hangul jamo vowels and final consonants join the syllable before them; the fillers and
    # the emoji skin-tone modifiers take no room of their own.
    (0x1160, 0x11FF, 0),
    (0x3164, 0x3164, 0),
    (0xD7B0, 0xD7C6, 0),
    (0xD7CB, 0xD7FB, 0),
    (0xFFA0, 0xFFA0, 0),
    (0x1F3FB, 0x1F3FF, 0),
    # Made wide in Unicode 16: trigrams, digrams, hexagrams, Tai Xuan Jing, counting rods.
    (0x2630, 0x2637, 2),
    (0x268A, 0x268F, 2),
    (0x4DC0, 0x4DFF, 2),
    (0x1D300, 0x1D356, 2),
    (0x1D360, 0x1D376, 2),
)
_ZERO_CATEGORIES = frozenset({"Mn", "Me", "Mc", "Cf", "Zl", "Zp"})

# Each character's width once measured; None for the ones only rich can measure. And the
# widths of texts outside ASCII: a table repeats "—" in every row with an unknown value.
_widths: dict[str, int | None] = {}
_texts: dict[str, int] = {}
# Whether UNICODE_VERSION asks for an older Unicode, read once per process as rich reads it.
_older: list[bool] = []
# The unicodedata module, imported at the first character outside ASCII.
_database: list[ModuleType] = []


def cell_len(text: str) -> int:
    """The cells `text` takes in a terminal: `rich.cells.cell_len(text)`, exactly."""
    if text.isascii():
        if text.isprintable():
            return len(text)
        # Control characters take no cell.
        return sum(1 for char in text if " " <= char < "\x7f")
    known = _texts.get(text)
    if known is not None:
        return known
    if "\u200d" in text or "\ufe0f" in text or _older_unicode():
        return _rich_cell_len(text)
    widths = _widths
    total = 0
    for char in text:
        width = widths.get(char, -1)
        if width == -1:
            width = widths[char] = char_width(char)
        if width is None:
            return _rich_cell_len(text)
        total += width
    if len(_texts) >= 4096:
        _texts.clear()  # a bound on memory, as rich's cache of 4096 texts
    _texts[text] = total
    return total


def char_width(char: str) -> int | None:
    """The cells one character takes, as rich's latest table says; None when this Python's
    Unicode database does not know the character."""
    code = ord(char)
    if code < 0xA0:
        return 1 if 0x20 <= code < 0x7F else 0
    for first, last, width in _EXCEPTIONS:
        if first <= code <= last:
            return width
    if not _database:
        import unicodedata

        _database.append(unicodedata)
    database = _database[0]
    category = database.category(char)
    if category == "Cn":
        return None  # unassigned here: assigned since, maybe, with a width of its own
    if category in _ZERO_CATEGORIES:
        return 0
    return 2 if database.east_asian_width(char) in ("W", "F") else 1


def _older_unicode() -> bool:
    """Whether rich is asked to measure by an older Unicode's tables (UNICODE_VERSION)."""
    if not _older:
        _older.append(os.environ.get("UNICODE_VERSION", "latest") != "latest")
    return _older[0]


def _rich_cell_len(text: str) -> int:
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)
