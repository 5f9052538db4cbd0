"""`aihub cache clear`: remove the files aihub wrote in its cache folder, and nothing else.

What counts as aihub's is decided file by file (see cache_folder's help): a regular file,
not a link or a folder, under a name aihub writes, and, unless aihub made the folder (its
tag), starting with aihub's own header. Only what was really removed is counted.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from typing import TYPE_CHECKING, NamedTuple

from aihubmix_cli.store import cache_folder, failures
from aihubmix_cli.store.cache_io import decode_header, open_headed, read_at

if TYPE_CHECKING:
    from aihubmix_cli.store.cache_io import PathLike

_ANSWER = re.compile(r"[a-z0-9-]{1,40}-[0-9a-f]{16}\.cache")
_PARSED = re.compile(r"[a-z0-9-]{1,40}-[0-9a-f]{16}\.parsed")
_TEMPORARY = re.compile(r"\.tmp-[a-z0-9_]{8}")  # tempfile.mkstemp's names, prefix ".tmp-"


class Cleared(NamedTuple):
    removed: int  # every file removed: answers, their parsed copies, indexes, leftovers
    failed: int  # files of aihub's that are still there
    reason: str | None  # why the first of those could not go


def clear(directory: PathLike) -> Cleared:
    folder = os.fspath(directory)
    ours = cache_folder.tagged(folder) and cache_folder.distrust(folder) is None
    tally = _Tally()
    for name, path in _regular_files(folder):
        if _is_ours(folder, name, path, ours):
            tally.remove(path)
    # The catalog's history is state, not cache (aihubmix_cli/store/state.py): a history an earlier
    # release left here is moved to the state folder, never removed.
    return Cleared(tally.removed, tally.failed, tally.reason)


class _Tally:
    def __init__(self) -> None:
        self.removed = self.failed = 0
        self.reason: str | None = None

    def remove(self, path: str) -> None:
        try:
            os.unlink(path)
        except OSError as error:
            if error.errno == errno.ENOENT:
                return  # another run removed it
            self.failed += 1
            self.reason = self.reason or error.strerror or type(error).__name__
            return
        self.removed += 1


def _regular_files(folder: str) -> list[tuple[str, str]]:
    try:
        with os.scandir(folder) as entries:
            return [(e.name, e.path) for e in entries if e.is_file(follow_symlinks=False)]
    except OSError:
        return []


def _is_ours(folder: str, name: str, path: str, tagged: bool) -> bool:
    if _ANSWER.fullmatch(name):
        return tagged or _starts_with_answer(path)
    if _PARSED.fullmatch(name):
        return tagged or _starts_with(path, b"aihub-parsed ")
    if _TEMPORARY.fullmatch(name):
        return tagged  # half a write proves nothing: only where nobody else writes
    if name == cache_folder.COMPLETION_INDEX:
        return _starts_with(path, b"aihub-completion ")
    if name == cache_folder.OLD_COMPLETION_INDEX:
        return _old_index(path)
    if name == failures.FILE_NAME:
        return _starts_with(path, failures.MAGIC.encode())
    if name == cache_folder.BUNDLED_MARKER:
        from aihubmix_cli.store import bundled

        return bundled.read_use(folder) is not None
    return False


def _starts_with_answer(path: str) -> bool:
    opened = open_headed(path)
    if opened is None:
        return False
    fd, _, line = opened
    os.close(fd)
    return decode_header(line) is not None


def _head(path: str, size: int) -> bytes:
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags)
    except OSError:
        return b""
    try:
        return read_at(fd, size, 0) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    except OSError:
        return b""
    finally:
        os.close(fd)


def _starts_with(path: str, magic: bytes) -> bool:
    return _head(path, len(magic)) == magic


def _old_index(path: str) -> bool:
    """Earlier aihub's index: a JSON object of lists of strings, with the model ids."""
    import json

    try:
        index = json.loads(_head(path, 1 << 24))
    except (ValueError, RecursionError):
        return False
    return (
        isinstance(index, dict)
        and isinstance(index.get("models"), list)
        and all(isinstance(v, list) and all(isinstance(s, str) for s in v) for v in index.values())
    )


def answer_files(directory: PathLike) -> list[str]:
    """The answers aihub stored in the folder, as `clear` judges them: under an answer's name,
    a regular file, and in a folder aihub did not make, starting with aihub's own header."""
    folder = os.fspath(directory)
    ours = cache_folder.tagged(folder) and cache_folder.distrust(folder) is None
    return sorted(
        path
        for name, path in _regular_files(folder)
        if _ANSWER.fullmatch(name) and (ours or _starts_with_answer(path))
    )
