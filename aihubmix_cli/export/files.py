"""`--merge FILE`: update a tool's config in place, atomically, keeping backups of the old one.

What is never done to the person's file: replaced by a plain file when it is a link (the
link's target is written, beside it, and the link stays), written when it is read-only,
opened when it is not a regular file (a FIFO would block the read for ever), or
overwritten with text aihub could not parse first. Its byte-order mark is kept; backups
rotate (`FILE.bak` is the version just replaced, `FILE.bak.1` the one before, ...), so the
original survives several merges.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from aihubmix_cli.base.errors import AihubError

BACKUPS = 10  # FILE.bak and FILE.bak.1 to FILE.bak.9
BOM = "\ufeff"
# Which file names each target writes; a file named for another format is never merged into
# (a LiteLLM export into Codex's config.toml). Unknown suffixes are left to the parser.
KINDS = {".yaml": "YAML", ".yml": "YAML", ".toml": "TOML", ".json": "JSON", ".jsonc": "JSON"}
# Longer than any config: past this, the file is not one (and parsing it would cost memory).
LARGEST = 64 << 20


class MergeError(AihubError):
    """The file cannot be merged into (unreadable, not the tool's format): left untouched."""


class Merged(NamedTuple):
    """What a merge did: whether it wrote the file, and the backup it made of the old one."""

    written: bool
    backup: Path | None


def merge_file(path: Path, update: Callable[[str | None], str], kind: str | None = None) -> Merged:
    """Write `update(old text or None)` to `path`, unless that is what it holds already.

    `kind` ("YAML", "TOML", "JSON") is the format the target writes: a file whose name says
    another is refused. `update` raises ValueError, with the reason, for a file it cannot
    parse: nothing is written then.
    """
    named = KINDS.get(path.suffix.lower())
    if kind is not None and named is not None and named != kind:
        raise MergeError(f"cannot merge into {path}: it is named as {named}, this export is {kind}")
    real = _target(path)
    old = _read(path, real)
    text: str | None = None
    bom = ""
    if old is not None:
        try:
            text = old.decode("utf-8")
        except UnicodeDecodeError:
            raise MergeError(f"{path} is not UTF-8 text; left it untouched") from None
        if text.startswith(BOM):
            text, bom = text[1:], BOM
    try:
        new = update(text)
    except RecursionError:
        raise MergeError(f"cannot merge into {path}: nested too deep; left it untouched") from None
    except ValueError as error:
        raise MergeError(f"cannot merge into {path}: {error}; left it untouched") from None
    data = (bom + new).encode("utf-8")
    if old is not None and data == old:
        return Merged(False, None)  # no write, and no backup pushing an older one out
    mode = _mode(real)
    backup = None
    if old is not None:
        backup = _rotate(real)
        _write_atomic(backup, old, mode)
    _write_atomic(real, data, mode)
    return Merged(True, backup)


def _target(path: Path) -> Path:
    """The file to write: `path`, or, for a link, the file it finally points at."""
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=False))
    except (OSError, RuntimeError) as error:  # a loop of links
        raise MergeError(f"cannot follow the link {path}: {error}") from None


def _read(path: Path, real: Path) -> bytes | None:
    """The file's bytes, or None when there is none; MergeError for anything that is not a
    regular file aihub may replace."""
    try:
        # O_NONBLOCK: a FIFO opened for reading would wait for a writer for ever.
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        if real.is_dir():
            raise MergeError(f"cannot merge into {path}: it is a folder") from None
        raise MergeError(f"cannot read {path}: {error.strerror or error}") from None
    # Looked at before fdopen, which refuses a folder with a bare "Is a directory".
    status = os.fstat(fd)
    if stat.S_ISDIR(status.st_mode):
        os.close(fd)
        raise MergeError(f"cannot merge into {path}: it is a folder")
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(status.st_mode):
            raise MergeError(f"cannot merge into {path}: it is not a regular file")
        if not status.st_mode & 0o222 or not os.access(real, os.W_OK):
            raise MergeError(f"cannot merge into {path}: it is read-only; left it untouched")
        if status.st_size > LARGEST:
            raise MergeError(f"cannot merge into {path}: larger than any config file")
        try:
            return handle.read(LARGEST + 1)
        except OSError as error:
            raise MergeError(f"cannot read {path}: {error.strerror or error}") from None


def _rotate(real: Path) -> Path:
    """Make room for a new backup: each kept one moves a generation older, the oldest goes."""
    names = [real.with_name(real.name + ".bak")]
    names += [real.with_name(f"{real.name}.bak.{n}") for n in range(1, BACKUPS)]
    for newer, older in reversed(list(itertools.pairwise(names))):
        if newer.is_symlink() or newer.is_file():
            try:
                os.replace(newer, older)
            except OSError as error:
                raise MergeError(f"cannot keep {newer}: {error.strerror or error}") from None
        elif newer.exists():
            raise MergeError(f"cannot keep a backup as {newer}: something else is there")
    return names[0]


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
