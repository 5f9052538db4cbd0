"""The catalog snapshot shipped inside the package, for a first run that cannot reach the server.

`data/catalog-snapshot.json.gz` is the live envelope (`{"data": [...], "success": true}`) plus
an `aihub_snapshot` object: when it was taken and where it came from
(`scripts/build_snapshot.py` rebuilds it; NOTICE says where the first one came from). It
answers only when nothing is cached and no server answers, is never stored as a server answer,
and is read only then: a warm run never opens it.

When it has answered, a small marker in the cache folder says so for `aihub cache info`; the
next answer from the server removes it.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from aihubmix_cli import __version__
from aihubmix_cli.base.errors import BadResponseError
from aihubmix_cli.catalog import Model, load_object, parse_models

if TYPE_CHECKING:
    from _typeshed import StrPath

SNAPSHOT_PATH = Path(__file__).resolve().parent.parent / "data" / "catalog-snapshot.json.gz"
MARKER_NAME = "bundled-snapshot-used.json"


class Snapshot(NamedTuple):
    models: list[Model]
    taken: str  # ISO 8601, UTC
    source: str

    @property
    def taken_at(self) -> float:
        return _timestamp(self.taken)

    @property
    def day(self) -> str:
        return self.taken[:10]

    def describe(self) -> str:
        """`the catalog bundled with aihub 0.1.0, taken 2026-07-02`"""
        return f"the catalog bundled with aihub {__version__}, taken {self.day}"


def _payload(path: Path) -> dict[str, Any]:
    import gzip
    import zlib

    try:
        return load_object(gzip.decompress(path.read_bytes()))
    except (OSError, EOFError, zlib.error, BadResponseError) as error:
        raise BadResponseError(f"the catalog bundled with aihub cannot be read ({error})") from None


def load() -> Snapshot:
    """The bundled catalog; BadResponseError if the installation lacks it or it is damaged."""
    payload = _payload(SNAPSHOT_PATH)
    data, about = payload.get("data"), payload.get("aihub_snapshot")
    if not isinstance(data, list) or not isinstance(about, dict):
        raise BadResponseError("the catalog bundled with aihub is not a catalog snapshot")
    taken, source = about.get("taken"), about.get("source")
    if not isinstance(taken, str) or not isinstance(source, str):
        raise BadResponseError("the catalog bundled with aihub does not say when it was taken")
    models, _ = parse_models(data)
    return Snapshot(models, taken, source)


def model_ids() -> list[str]:
    """The ids alone, for completion: every Tab press pays for this, so no Model objects."""
    data = _payload(SNAPSHOT_PATH).get("data")
    entries = data if isinstance(data, list) else []
    ids = (entry.get("model_id") for entry in entries if isinstance(entry, dict))
    return [i for i in ids if isinstance(i, str) and i.strip()]


def _timestamp(iso: str) -> float:
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


# -- the marker: "the last catalog shown came from the bundled snapshot" ----------------------


def marker_path(cache_dir: StrPath) -> Path:
    return Path(cache_dir) / MARKER_NAME


def note_use(cache_dir: StrPath, snapshot: Snapshot, now: float, reason: str) -> None:
    """Record that the snapshot answered; a folder that cannot be written costs only this."""
    from aihubmix_cli.store.cache_folder import distrust, make
    from aihubmix_cli.store.cache_io import write_atomically

    if distrust(cache_dir) is not None:
        return  # the cache has said why it does not use the folder
    if os.path.lexists(marker_path(cache_dir)) and read_use(cache_dir) is None:
        return  # a file of that name that is not aihub's is never replaced
    marker = {
        "used_at": now,
        "taken": snapshot.taken,
        "version": __version__,
        "reason": reason,
    }
    try:
        make(cache_dir)
        write_atomically(marker_path(cache_dir), json.dumps(marker).encode())
    except OSError:
        pass


def forget_use(cache_dir: StrPath) -> None:
    """The server has answered: nothing shown from now on comes from the snapshot."""
    if not os.path.lexists(marker_path(cache_dir)):
        return  # the usual case
    if read_use(cache_dir) is not None:  # a file of that name that is not aihub's stays
        with contextlib.suppress(OSError):
            os.unlink(marker_path(cache_dir))


def read_use(cache_dir: StrPath) -> dict[str, Any] | None:
    """The marker's content, or None when there is none or it is not ours."""
    import stat

    try:
        # O_NONBLOCK and the regular-file check: a FIFO in its place must not hang the read;
        # O_NOFOLLOW: a link is not aihub's marker.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(marker_path(cache_dir), flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            marker = json.loads(handle.read(65536))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(marker, dict):
        return None
    used_at, taken = marker.get("used_at"), marker.get("taken")
    if not isinstance(used_at, (int, float)) or isinstance(used_at, bool):
        return None
    if not math.isfinite(used_at):
        return None
    if not isinstance(taken, str):
        return None
    for optional in ("version", "reason"):
        if not isinstance(marker.get(optional), str):
            marker[optional] = None
    return marker
