"""Servers that did not answer lately: not asked again for `WINDOW` seconds.

Where the service accepts connections but never answers (or refuses them), every run would
otherwise wait for the timeout before the stored copy or the bundled snapshot answers. A base
URL that timed out or could not be connected to is noted in the cache folder (`unreachable`);
for `WINDOW` seconds after that, runs answer at once without asking it, with a warning that
says so, and `--refresh` asks anyway. The next answer from that server removes its note.

It is kept in the cache folder, not the state folder: it is knowledge about the network of the
last minute, worthless a minute later and harmless to lose (the next run asks once more), and
`aihub cache clear` is how a person says "start afresh". Base URLs are noted by checksum only:
a URL may carry credentials.
"""

from __future__ import annotations

import math
import os

from aihubmix_cli.store.cache_io import checksum, open_regular, read_at

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

WINDOW = 60.0
FILE_NAME = "unreachable"
MAGIC = "aihub-unreachable-1"


def file_for(cache_dir: str) -> str:
    return os.path.join(cache_dir, FILE_NAME)


def _name(base: str) -> str:
    return checksum(base.encode("utf-8", "surrogatepass"))


class Failure:
    __slots__ = ("at", "message")

    def __init__(self, at: float, message: str) -> None:
        self.at = at  # when it failed, seconds since the epoch
        self.message = message  # aihub's own words, credentials already hidden


class Failures:
    """The notes of one cache folder, read once, written back when they change."""

    def __init__(self, cache_dir: str) -> None:
        self.cache_dir = cache_dir
        self.notes = _read(file_for(cache_dir))
        self._changed = False

    def recent(self, base: str, now: float) -> Failure | None:
        """The failure of `base` in the last WINDOW seconds, if any (one noted in the future
        means the clock moved back: it no longer counts)."""
        failure = self.notes.get(_name(base))
        if failure is None or not 0 <= now - failure.at < WINDOW:
            return None
        return failure

    def note(self, base: str, at: float, message: str) -> None:
        self.notes[_name(base)] = Failure(at, " ".join(message.split()) or "no answer")
        self._changed = True

    def forget(self, bases: Iterable[str]) -> None:
        for base in bases:
            if self.notes.pop(_name(base), None) is not None:
                self._changed = True

    def save(self, now: float) -> None:
        """Write the notes back if they changed, dropping the expired; best effort: a note
        that cannot be written costs one more wait, nothing else."""
        if not self._changed:
            return
        from aihubmix_cli.store.cache_io import write_atomically

        lines = [MAGIC] + [
            f"{name} {failure.at!r} {failure.message}"
            for name, failure in self.notes.items()
            if 0 <= now - failure.at < WINDOW
        ]
        from . import cache_folder

        if cache_folder.distrust(self.cache_dir) is not None:
            return  # nothing is written where others can write (the cache has warned)
        try:
            if len(lines) == 1:
                os.unlink(file_for(self.cache_dir))
            else:
                cache_folder.make(self.cache_dir)  # private and tagged, as every writer makes it
                write_atomically(file_for(self.cache_dir), "\n".join(lines).encode() + b"\n")
        except OSError:
            pass


def _read(path: str) -> dict[str, Failure]:
    opened = open_regular(path)  # a FIFO in its place must be no notes, not a hang
    if opened is None:
        return {}
    fd, size = opened
    try:
        raw = read_at(fd, min(size, 65536), 0)
    except OSError:
        return {}
    finally:
        os.close(fd)
    lines = raw.decode("utf-8", "replace").splitlines()
    if not lines or lines[0] != MAGIC:
        return {}
    notes = {}
    for line in lines[1:]:
        name, _, rest = line.partition(" ")
        at, _, message = rest.partition(" ")
        try:
            when = float(at)
        except ValueError:
            continue
        if math.isfinite(when) and message:
            notes[name] = Failure(when, message)
    return notes
