"""Warnings and hints for a person, on stderr: one line each, made terminal-safe (they may
quote the server), and a warning said once however often its cause comes up in a run."""

from __future__ import annotations

from aihubmix_cli.base.text import stderr_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO


class Notices:
    __slots__ = ("_err", "_warned")

    def __init__(self, err: IO[str]) -> None:
        self._err = err
        self._warned: set[str] = set()

    @classmethod
    def on_stderr(cls) -> Notices:
        import sys

        return cls(sys.stderr)

    def warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self._err.write(stderr_line(message, "aihub: warning: ") + "\n")

    def hint(self, message: str) -> None:
        self._err.write(stderr_line(message) + "\n")
