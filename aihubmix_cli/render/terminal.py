"""The terminal aihub draws on: what it is, a console for it, and the spinner.

`Terminal` is injected through the runtime, so tests can draw a table for a fake terminal of
any width in-process (as httpie's MockEnvironment does) instead of through a pseudo-terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from aihubmix_cli.text import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console

    from .columns import StyledLine


class Terminal(NamedTuple):
    """Where stdout goes. None means: ask the real terminal and the environment (COLUMNS,
    NO_COLOR, FORCE_COLOR, TERM), as rich does."""

    is_terminal: bool
    width: int | None = None
    color: bool | None = None

    @classmethod
    def of(cls, out: IO[str]) -> Terminal:
        try:
            return cls(out.isatty())
        except (AttributeError, ValueError):  # a closed or odd stream: not a terminal
            return cls(False)


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


@contextmanager
def spinner(message: str) -> Iterator[None]:
    """A spinner on stderr while waiting on the network, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True, highlight=False).status(terminal_safe(message), spinner="dots"):
        yield
