"""Earlier versions of the catalog, kept so that `aihub changes` can say what moved.

Every fetch that brings a catalog whose content differs from the newest kept version adds a
version: the server's answer, compressed, with the time it was fetched. The last
`KEEP` versions stay. Files are written atomically like the cache's; one that cannot be read
is simply not a version, and goes at the next pruning.

The history is state, not cache: it lives in the state folder (`Settings.state_dir`), which
`aihub cache clear` never touches. Versions kept in the cache folder by earlier releases are
moved over once (aihubmix_cli/store/state.py).
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import os
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from _typeshed import StrPath

    from aihubmix_cli.catalog import Model

KEEP = 20
FOLDER = "history"
_NAME = re.compile(r"catalog-(\d{13})-([0-9a-f]{16})\.json\.gz")


class Version(NamedTuple):
    fetched_at: float  # seconds since the epoch
    digest: str
    path: Path

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def read(self) -> bytes | None:
        """The catalog body as the server sent it, or None if the file is damaged."""
        try:
            with gzip.open(self.path, "rb") as handle:
                body = handle.read()
        except (OSError, EOFError, zlib.error):
            return None
        return body if digest(body) == self.digest else None


def is_version_name(name: str) -> bool:
    return _NAME.fullmatch(name) is not None


def digest(body: bytes) -> str:
    from aihubmix_cli.store.cache_io import checksum

    return checksum(body)


def folder(state_dir: StrPath) -> Path:
    return Path(state_dir) / FOLDER


def _files(state_dir: StrPath) -> list[Version]:
    """The version files: regular files in a real folder, in a state folder that is trusted
    (a link is never followed out of it)."""
    from aihubmix_cli.store.cache_folder import distrust

    if distrust(state_dir) is not None or folder(state_dir).is_symlink():
        return []
    try:
        with os.scandir(folder(state_dir)) as entries:
            names = [entry.name for entry in entries if entry.is_file(follow_symlinks=False)]
    except OSError:
        return []
    found = []
    for name in names:
        match = _NAME.fullmatch(name)
        if match:
            fetched_at = int(match.group(1)) / 1000
            found.append(Version(fetched_at, match.group(2), folder(state_dir) / name))
    return sorted(found)


def _repeats(files: list[Version]) -> list[Version]:
    """Files that repeat the version before them: parallel first runs each record one."""
    return [v for previous, v in itertools.pairwise(files) if v.digest == previous.digest]


def versions(state_dir: StrPath) -> list[Version]:
    """The kept versions, oldest first, each differing from the one before."""
    files = _files(state_dir)
    repeats = set(_repeats(files))
    return [v for v in files if v not in repeats]


def record(state_dir: StrPath, body: bytes, fetched_at: float) -> bool:
    """Keep `body` as a new version unless it is the newest one already; True if kept.

    A folder that cannot be written costs the history only.
    """
    from aihubmix_cli.store.cache_folder import distrust
    from aihubmix_cli.store.cache_io import write_atomically

    if distrust(state_dir) is not None or folder(state_dir).is_symlink():
        return False
    kept = versions(state_dir)
    body_digest = digest(body)
    if kept and kept[-1].digest == body_digest:
        return False
    path = folder(state_dir) / f"catalog-{int(fetched_at * 1000):013d}-{body_digest}.json.gz"
    try:
        # The state folder and its history are private, as the cache's are.
        Path(state_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        folder(state_dir).mkdir(mode=0o700, exist_ok=True)
        # mtime=0: the same body always compresses to the same bytes.
        write_atomically(path, gzip.compress(body, compresslevel=6, mtime=0))
    except OSError:
        return False
    files = _files(state_dir)
    repeats = _repeats(files)
    distinct = [v for v in files if v not in set(repeats)]
    for old in repeats + distinct[:-KEEP]:
        old.discard()
    return True


def readable_versions(
    versions: Iterable[Version],
) -> Iterator[tuple[Version, list[Model]]]:
    """The versions that still read, with their models; a damaged one is removed on the way,
    so the history heals instead of failing every run."""
    from aihubmix_cli.base.errors import BadResponseError
    from aihubmix_cli.catalog import parse_envelope, parse_models

    for version in versions:
        body = version.read()
        try:
            models = parse_models(parse_envelope(body))[0] if body is not None else None
        except BadResponseError:
            models = None
        if models is None:
            version.discard()
            continue
        yield version, models
