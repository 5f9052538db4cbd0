"""`--merge FILE`: update a tool's config in place, atomically, keeping a `.bak` of the old one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from aihubmix_cli.errors import AihubError


class MergeError(AihubError):
    """The file cannot be merged into (unreadable, not the tool's format): left untouched."""


def merge_file(path: Path, update: Callable[[str | None], str]) -> Path | None:
    """Write `update(old text or None)` to `path`; return the backup's path if one was made.

    `update` raises ValueError, with the reason, for a file it cannot parse: nothing is
    written then.
    """
    old: bytes | None = None
    if path.is_dir():
        raise MergeError(f"cannot merge into {path}: it is a folder")
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise MergeError(f"cannot read {path}: {error.strerror or error}") from None
    text: str | None = None
    if old is not None:
        try:
            text = old.decode("utf-8")
        except UnicodeDecodeError:
            raise MergeError(f"{path} is not UTF-8 text; left it untouched") from None
        if text.startswith("\ufeff"):
            text = text[1:]
    try:
        new = update(text)
    except ValueError as error:
        raise MergeError(f"cannot merge into {path}: {error}; left it untouched") from None
    backup = None
    if old is not None:
        backup = path.with_name(path.name + ".bak")
        _write_atomic(backup, old, _mode(path))
    _write_atomic(path, new.encode("utf-8"), _mode(path))
    return backup


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return None


def _write_atomic(path: Path, data: bytes, mode: int | None) -> None:
    """Readers see the old file or the new one, never a half-written one."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        raise MergeError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise MergeError(f"cannot write {path}: {error.strerror or error}") from None
