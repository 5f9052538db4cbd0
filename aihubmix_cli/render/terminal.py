"""The terminal aihub draws on: what it is, a console for it, lines for it, and the spinner.

`Terminal` is injected through the runtime, so tests can draw a table for a fake terminal of
any width in-process (as httpie's MockEnvironment does) instead of through a pseudo-terminal.

Tables and reports made of lines (`draw_lines`, and compare's table) are written without rich
(`screen`); rich's console draws what needs its layout (show's panels), what `screen` leaves
to it, and stays the reference the lines are checked against (`print_lines`, `print_footer`).
"""

from __future__ import annotations

import os
import sys

from aihubmix_cli.base.text import terminal_safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import TracebackType
    from typing import IO, Any

    from rich.console import Console
    from rich.status import Status

    from aihubmix_cli.render.columns import StyledLine


class Terminal:
    """Where stdout goes. None means: ask the real terminal and the environment (COLUMNS,
    NO_COLOR, FORCE_COLOR, TERM), as rich does."""

    __slots__ = ("color", "is_terminal", "width")

    def __init__(
        self, is_terminal: bool, width: int | None = None, color: bool | None = None
    ) -> None:
        self.is_terminal = is_terminal
        self.width = width
        self.color = color

    @classmethod
    def of(cls, out: IO[str]) -> Terminal:
        try:
            is_terminal = out.isatty()
        except (AttributeError, ValueError):  # a closed or odd stream: not a terminal
            return cls(False)
        return cls(is_terminal, _unread_width())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Terminal):
            return NotImplemented
        return (self.is_terminal, self.width, self.color) == (
            other.is_terminal,
            other.width,
            other.color,
        )

    def __hash__(self) -> int:
        return hash((self.is_terminal, self.width, self.color))

    def __repr__(self) -> str:
        described = f"width={self.width!r}, color={self.color!r}"
        return f"Terminal(is_terminal={self.is_terminal!r}, {described})"


def _unread_width() -> int | None:
    """None, leaving the width to rich (and `screen`, which reads it as rich does), unless
    COLUMNS holds a number that is no width (0): rich would draw 0 columns, that is nothing,
    so the width is found as if COLUMNS were not set (the terminal's, else 80)."""
    columns = os.environ.get("COLUMNS")
    if columns is None or not columns.isdigit() or int(columns) > 0:
        return None
    from aihubmix_cli.render.screen import terminal_width

    return terminal_width()


def console(out: IO[str], terminal: Terminal | None = None) -> Console:
    from rich.console import Console

    terminal = terminal or Terminal.of(out)
    options: dict[str, Any] = {}
    if terminal.width is not None:
        options["width"] = terminal.width
    if terminal.color is not None:
        # A terminal described in full (a test's): draw exactly for it, whatever the
        # environment says.
        options["force_terminal"] = terminal.is_terminal
        options["color_system"] = "standard" if terminal.color else None
    # highlight=False: rich would otherwise colour numbers and URLs inside server text.
    return Console(file=out, highlight=False, soft_wrap=False, **options)


def draw_lines(
    out: IO[str],
    terminal: Terminal | None,
    lines_for: Callable[[int], Sequence[StyledLine]],
    footer: str | None = None,
) -> None:
    """The lines `lines_for(width)` lays out for the terminal's width, then the footer
    wrapped to it: written as rich would write them, without rich where `screen` can."""
    from aihubmix_cli.render.screen import Screen

    screen = Screen.of(out, terminal)
    lines = None
    if screen is not None:
        lines = lines_for(screen.width)
        if screen.write(out, screen.lines_text(lines), footer):
            return
    drawing = console(out, terminal)
    if lines is None or screen is None or screen.width != drawing.width:
        lines = lines_for(drawing.width)
    print_lines(drawing, lines)
    if footer is not None:
        print_footer(drawing, footer)


def print_lines(console: Console, lines: Sequence[StyledLine]) -> None:
    """Lines as they are (no wrapping, no markup), styled where the terminal has colour."""
    from rich.text import Text

    text = Text()
    for styled in lines:
        # Cells are made safe where they are built; this is the last door, for any line
        # built from server text that a future change forgets to clean.
        text.append(terminal_safe(styled.text), style=styled.style)
        text.append("\n")
    console.print(text, soft_wrap=True, end="")


def print_footer(console: Console, note: str) -> None:
    """The line under a table, wrapped between words to the terminal's width."""
    from rich.text import Text

    console.print(Text(note, style="dim"))


class _Spinner:
    __slots__ = ("message", "status")

    def __init__(self, message: str) -> None:
        self.message = message
        self.status: Status | None = None

    def __enter__(self) -> None:
        if not sys.stderr.isatty():
            return
        from rich.console import Console

        status = Console(stderr=True, highlight=False).status(
            terminal_safe(self.message), spinner="dots"
        )
        status.__enter__()
        self.status = status

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.status is not None:
            self.status.__exit__(kind, error, traceback)


def spinner(message: str) -> _Spinner:
    """A spinner on stderr while waiting on the network, only when stderr is a terminal."""
    return _Spinner(message)
