"""Lines for a terminal written without rich, byte for byte as rich writes them.

Importing rich costs a warm `aihub list -o table` a third of its time, and its Text objects most
of the rest; a table is already laid out by aihub (`columns.layout_table`), so what is left to
draw is a few styles and a footer wrapped between words. `Screen` decides what rich would decide
(the width, whether there is colour) from the same signals and writes the same escape sequences,
so that the output does not change by a byte; tests/units/render/test_screen.py holds both
routes side by side. Anything out of the ordinary (Windows consoles, IPython, a style or a
footer this module does not draw) goes to rich, which stays the reference.
"""

from __future__ import annotations

import os
import sys

from aihubmix_cli.base.text import terminal_safe
from aihubmix_cli.render.cells import cell_len

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import IO

    from aihubmix_cli.render.columns import StyledLine
    from aihubmix_cli.render.terminal import Terminal

# rich's SGR parameters, in the order rich writes them: attributes first, then the colour.
_ATTRIBUTES = {"bold": 1, "dim": 2, "italic": 3, "underline": 4, "reverse": 7, "strike": 9}
_COLOURS = (
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
)
_COLOUR_CODES = {name: str(30 + n) for n, name in enumerate(_COLOURS)} | {
    f"bright_{name}": str(90 + n) for n, name in enumerate(_COLOURS)
}


def sgr(style: str | None, *, colour: bool) -> str | None:
    """The parameters of the escape sequence rich writes for `style` ("1;32" for "bold
    green"), "" for none; None for a style this module does not know. Without `colour`
    (NO_COLOR), attributes stay and colours go, as rich's Segment.remove_color does."""
    if not style:
        return ""
    attributes: set[int] = set()
    colours: list[str] = []
    for word in style.split():
        if word in _ATTRIBUTES:
            attributes.add(_ATTRIBUTES[word])
        elif word in _COLOUR_CODES:
            colours = [_COLOUR_CODES[word]]  # the last colour named wins, as in rich
        else:
            return None
    codes = [str(code) for code in sorted(attributes)]
    if colour:
        codes += colours
    return ";".join(codes)


class Screen:
    """What rich's Console would make of `out`: its width, and whether to style at all
    (`styled`) and with colour (`colour`; False under NO_COLOR, which keeps bold and dim)."""

    __slots__ = ("colour", "styled", "width")

    def __init__(self, width: int, styled: bool, colour: bool) -> None:
        self.width = width
        self.styled = styled
        self.colour = colour

    @classmethod
    def of(
        cls, out: IO[str], terminal: Terminal | None, environ: Mapping[str, str] | None = None
    ) -> Screen | None:
        """The screen rich's Console(file=out) would see, as `terminal.console` builds it;
        None where rich decides by means of its own (a Windows console, IPython)."""
        import builtins

        if sys.platform == "win32" or hasattr(builtins, "get_ipython"):
            return None
        env = os.environ if environ is None else environ
        if terminal is None:
            from aihubmix_cli.render.terminal import Terminal

            terminal = Terminal.of(out)
        # A terminal described in full (a test's) is taken at its word, as console() does.
        described = terminal.color is not None
        is_terminal = terminal.is_terminal if described else _is_terminal(out, env)
        dumb = is_terminal and env.get("TERM", "").lower() in ("dumb", "unknown")
        styled = bool(terminal.color) if described else is_terminal and not dumb
        return cls(_width(terminal.width, env, dumb), styled, env.get("NO_COLOR", "") == "")

    def style_codes(self, style: str | None) -> str | None:
        return sgr(style, colour=self.colour) if self.styled else ""

    def lines_text(self, lines: Sequence[StyledLine]) -> str | None:
        """`lines` as rich's print(Text, soft_wrap=True) writes them (terminal.print_lines):
        never wrapped nor cut; None for a style rich must draw."""
        # Cells are made safe where they are built; this is the last door, for any line
        # built from server text that a future change forgets to clean (as print_lines).
        return self.segments_text([[(terminal_safe(line.text), line.style)] for line in lines])

    def write(
        self, out: IO[str], text: str | None, note: str | None, style: str | None = "dim"
    ) -> bool:
        """Write `text` and then `note` under it (see footer_text), if both can be drawn here;
        False, having written nothing, when either needs rich."""
        if text is not None and note is not None:
            tail = self.footer_text(note, style)
            text = None if tail is None else text + tail
        if text is None:
            return False
        out.write(text)
        out.flush()
        return True

    def footer_text(self, note: str, style: str | None = "dim") -> str | None:
        """`note` wrapped between words to the width, as rich's print(Text(note, style=...))
        writes it (terminal.print_footer); None when the note needs rich's folding of words
        longer than the width, or holds characters rich handles itself."""
        lines = wrap(note, self.width)
        if lines is None:
            return None
        return self.segments_text([[(line, style)] for line in lines])

    def segments_text(self, lines: Sequence[Sequence[tuple[str, str | None]]]) -> str | None:
        """Lines made of (text, style) segments, each styled on its own as rich writes a
        segment (no escape sequence at all for an empty one); the texts must be safe already.
        None for a style rich must draw."""
        codes_of: dict[str | None, str | None] = {}
        parts = []
        for line in lines:
            for text, style in line:
                codes = codes_of.get(style, "?")
                if codes == "?":
                    codes = codes_of[style] = self.style_codes(style)
                if codes is None:
                    return None
                parts.append(f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text)
            parts.append("\n")
        return "".join(parts)


def wrap(text: str, width: int) -> list[str] | None:
    """`text` in lines of at most `width` cells, broken where rich's Text.wrap breaks them:
    before a word that no longer fits, the spaces after a word staying on its line unless
    they run past the width. None when a word is longer than the width (rich folds it, cell
    by cell) or the text holds anything but printable characters and plain spaces."""
    if not text.isprintable():
        return None  # tabs, line breaks, control codes, wide spaces: rich's own business
    breaks = []
    offset = 0  # cells used on the current line
    position = 0
    end = len(text)
    while position < end:
        start = position
        first = position
        while first < end and text[first] == " ":
            first += 1
        if first == end:
            break  # trailing spaces stay with the word before them
        after = text.find(" ", first)
        if after == -1:
            after = end
        position = after
        while position < end and text[position] == " ":
            position += 1
        length = cell_len(text[start:after])
        if width - offset >= length:
            offset += cell_len(text[start:position])
        elif length > width:
            return None
        elif offset and start:
            breaks.append(start)
            offset = cell_len(text[start:position])
    lines = [text[a:b] for a, b in zip([0, *breaks], [*breaks, end], strict=True)]
    fitted = [_rstrip_end(line, width) if len(line) > width else line for line in lines]
    if any(cell_len(line) > width for line in fitted):
        return None  # rich crops such a line to the width, splitting a wide character
    return fitted


def _rstrip_end(text: str, width: int) -> str:
    """rich's Text.rstrip_end: the white space at the end that takes the text beyond `width`
    characters (characters, not cells, as rich counts there) goes."""
    stripped = text.rstrip()
    excess = len(text) - width
    return text[: len(text) - min(len(text) - len(stripped), excess)]


def _is_terminal(out: IO[str], env: Mapping[str, str]) -> bool:
    """rich's Console.is_terminal: TTY_COMPATIBLE, then FORCE_COLOR, then isatty()."""
    stdin_module = getattr(sys.stdin, "__module__", None)
    if isinstance(stdin_module, str) and stdin_module.startswith("idlelib"):
        return False  # IDLE claims a terminal but shows escape codes as they are
    compatible = env.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = env.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    isatty: Callable[[], bool] | None = getattr(out, "isatty", None)
    try:
        return False if isatty is None else isatty()
    except ValueError:  # a closed file
        return False


def _width(given: int | None, env: Mapping[str, str], dumb: bool) -> int:
    """rich's Console.width: the width asked for, else COLUMNS, else the size of the first
    standard stream that is a terminal, else 80; 80 on a dumb terminal unless both the
    width and LINES are known."""
    width = given
    if width is None:
        width = columns_width(env)
    lines = env.get("LINES")
    if width is not None and lines is not None and lines.isdigit():
        return width
    if dumb:
        return 80
    if width is not None:
        return width
    return terminal_width()


def columns_width(env: Mapping[str, str]) -> int | None:
    """The width COLUMNS gives, None when it gives none. A width of 0 is none, like a
    negative one or a word: rich would take COLUMNS=0 at its word and draw nothing."""
    columns = env.get("COLUMNS")
    if columns is not None and columns.isdigit() and int(columns) > 0:
        return int(columns)
    return None


def terminal_width() -> int:
    """rich's width without COLUMNS: the size of the first standard stream that is a
    terminal, else 80."""
    for stream, usual in ((sys.__stdin__, 0), (sys.__stdout__, 1), (sys.__stderr__, 2)):
        try:
            descriptor = stream.fileno()  # type: ignore[union-attr]
        except Exception:  # no such stream, or not a file: rich asks the usual descriptor
            descriptor = usual
        try:
            return os.get_terminal_size(descriptor).columns or 80
        except (AttributeError, ValueError, OSError):  # not a terminal
            continue
    return 80
