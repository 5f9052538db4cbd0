"""The on-disk HTTP cache: one file per request, written atomically, read suspiciously.

A cache file is one JSON header line followed by the response body exactly as the server sent
it. The header carries what HTTP freshness needs (when it was stored, max-age,
stale-while-revalidate, the ETag) and a length and checksum of the body, so a truncated,
corrupt or foreign file is simply a miss that the next fetch heals.

Keys name the request (path and query, plus a fingerprint of the API key where one was sent),
never the host: mirrors serve the same backend, and the key itself is never written.
"""

from __future__ import annotations

import contextlib
import enum
import json
import math
import os
import re
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, NamedTuple, overload

FORMAT_VERSION = 1
DEFAULT_MAX_AGE = 300.0
SUFFIX = ".cache"
# Beside an entry, what every warm run needs of its body, already parsed (see `load_derived`).
DERIVED_SUFFIX = ".parsed"
_MAGIC = "aihub-cache"
_DERIVED_MAGIC = b"aihub-parsed"


class Freshness(enum.Enum):
    FRESH = "fresh"  # younger than max-age: answer without asking the server
    STALE_USABLE = "stale-usable"  # within stale-while-revalidate: revalidate, fall back quietly
    EXPIRED = "expired"  # revalidate; a fallback to it deserves a warning


def freshness(stored_at: float, max_age: float, swr: float, now: float) -> Freshness:
    """How usable a response stored at `stored_at` is at `now` (seconds since the epoch).

    A stored time in the future means the clock moved back; the entry cannot be trusted to be
    fresh, so it is revalidated (a conditional request costs one small 304).
    """
    age = now - stored_at
    if age < 0:
        return Freshness.EXPIRED
    if age < max_age:
        return Freshness.FRESH
    if age < max_age + swr:
        return Freshness.STALE_USABLE
    return Freshness.EXPIRED


_DIRECTIVE = re.compile(r"\s*([A-Za-z-]+)\s*(?:=\s*\"?([^\",]*)\"?)?\s*")


def parse_cache_control(header: str | None) -> tuple[float, float]:
    """(max-age, stale-while-revalidate) from a Cache-Control header; 300 s and 0 when absent."""
    max_age, swr = DEFAULT_MAX_AGE, 0.0
    if not header:
        return max_age, swr
    must_revalidate = False
    for part in header.split(","):
        match = _DIRECTIVE.fullmatch(part)
        if not match:
            continue
        name, value = match.group(1).lower(), match.group(2)
        if name in ("no-cache", "no-store"):
            must_revalidate = True
        elif name in ("max-age", "stale-while-revalidate") and value is not None:
            try:
                seconds = max(0.0, float(value))
            except ValueError:
                continue
            if not math.isfinite(seconds):
                continue  # "inf" or "1e999" would make an answer fresh for ever
            if name == "max-age":
                max_age = seconds
            else:
                swr = seconds
    if must_revalidate:
        # no-cache means "ask before every use", whatever max-age says and in either order.
        return 0.0, 0.0
    return max_age, swr


class CacheEntry(NamedTuple):
    key: str
    body: bytes
    stored_at: float
    max_age: float = DEFAULT_MAX_AGE
    swr: float = 0.0
    etag: str | None = None

    def age(self, now: float) -> float:
        return max(0.0, now - self.stored_at)

    def freshness(self, now: float) -> Freshness:
        return freshness(self.stored_at, self.max_age, self.swr, now)

    def revalidated(self, now: float, max_age: float, swr: float, etag: str | None) -> CacheEntry:
        """The same body after a 304: its freshness clock restarts."""
        return self._replace(stored_at=now, max_age=max_age, swr=swr, etag=etag or self.etag)


def key_fingerprint(api_key: str) -> str:
    """A stable name for an API key that cannot be turned back into it."""
    import hashlib  # a cryptographic hash only where a key is involved

    return hashlib.sha256(b"aihub-key:" + api_key.encode()).hexdigest()[:24]


# The last large body checksummed, and its checksum: a warm run checks a catalog body when it
# reads the entry, then again to find the parsed copy made from it (parsed.py).
_last_checksum: list[Any] = [None, ""]


def checksum(data: bytes | memoryview) -> str:
    """Catches truncation and bit rot, not tampering: the cache is the user's own folder."""
    if data is _last_checksum[0]:
        return str(_last_checksum[1])
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"
    if isinstance(data, bytes) and len(data) > 65536:
        _last_checksum[:] = [data, digest]  # bytes cannot change, and this keeps it alive
    return digest


class CacheFile(NamedTuple):
    """What `aihub cache info` reports of one file, usable or not."""

    path: Path
    size: int
    entry: CacheEntry | None


class Cache:
    """The cache folder. Every failure to read is a miss; every failure to write, a warning."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.warnings: list[str] = []

    def path_for(self, key: str) -> Path:
        slug = re.sub(r"[^a-z0-9]+", "-", key.split("?", 1)[0].lower()).strip("-")[:40]
        digest = checksum(key.encode())
        return self.directory / f"{slug or 'entry'}-{digest}{SUFFIX}"

    def load(self, key: str) -> CacheEntry | None:
        entry = self._read(self.path_for(key))
        return entry if entry is not None and entry.key == key else None

    def _read(self, path: Path) -> CacheEntry | None:
        parts = _read_regular(path, header=True)
        return decode_parts(*parts) if parts is not None else None

    def store(self, entry: CacheEntry) -> bool:
        """Write `entry` atomically; on failure warn once, leave the old file, return False."""
        path = self.path_for(entry.key)
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if path.is_dir() and not path.is_symlink():
                # A folder squatting on the entry's name would block os.replace for ever.
                import shutil

                shutil.rmtree(path)
            write_atomically(path, encode(entry))
        except OSError as error:
            self._warn_unwritable(error)
            return False
        return True

    def derived_path(self, key: str) -> Path:
        return self.path_for(key).with_suffix(DERIVED_SUFFIX)

    def load_derived(self, key: str, body_checksum: str, version: int) -> Any:
        """What `store_derived` kept for the body with `body_checksum`, or None.

        Derived data is never trusted blindly: a missing, damaged or foreign file, one made
        from another body (the server sent a new catalog) or by another format `version` or
        Python is a miss, and the caller rebuilds it from the stored body.
        """
        raw = _read_regular(self.derived_path(key))
        if raw is None:
            return None
        end = raw.find(b"\n")
        # A view, not a copy: the payload of a large catalog is megabytes.
        payload = memoryview(raw)[end + 1 :]
        if end < 0 or raw[:end] != _derived_header(key, body_checksum, version, payload):
            return None
        import marshal  # plain data only: dicts, lists, strings and numbers load twice as fast

        try:
            return marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return None

    def store_derived(self, key: str, body_checksum: str, version: int, value: Any) -> bool:
        """Keep `value` (plain data) as derived from the body with `body_checksum`.

        Best effort: what cannot be written (or marshalled) is rebuilt next time, quietly,
        since the stored body still answers.
        """
        import marshal

        try:
            payload = marshal.dumps(value)
        except ValueError:
            return False  # nested too deep for marshal: parse the body each time instead
        header = _derived_header(key, body_checksum, version, payload)
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomically(self.derived_path(key), header + b"\n" + payload)
        except OSError:
            return False
        return True

    def _warn_unwritable(self, error: OSError) -> None:
        reason = error.strerror or type(error).__name__
        message = f"cannot write the cache in {self.directory} ({reason}); continuing without it"
        if message not in self.warnings:
            self.warnings.append(message)

    def files(self) -> Iterator[CacheFile]:
        try:
            paths = sorted(self.directory.glob(f"*{SUFFIX}"))
        except OSError:
            return
        for path in paths:
            try:
                size = path.stat().st_size
            except OSError:
                continue
            yield CacheFile(path, size, self._read(path))

    def clear(self) -> int:
        """Remove every cache file, parsed copy and leftover temporary file; return how many
        went, parsed copies not counted."""
        removed = 0
        try:
            paths = list(self.directory.iterdir())
        except OSError:
            return 0
        for path in paths:
            ours = path.name.endswith((SUFFIX, DERIVED_SUFFIX)) or path.name.startswith(".tmp-")
            if not ours:
                continue
            try:
                if path.is_dir() and not path.is_symlink():
                    import shutil  # shutil pulls in bz2 and lzma: not for every warm run

                    shutil.rmtree(path)
                else:
                    path.unlink()
            except OSError:
                continue  # gone already, or not ours to remove: the rest still goes
            # A parsed copy is part of its answer, not a file of its own to the person.
            removed += not path.name.endswith(DERIVED_SUFFIX)
        return removed


@overload
def _read_regular(path: Path) -> bytes | None: ...
@overload
def _read_regular(path: Path, *, header: Literal[True]) -> tuple[bytes, bytes] | None: ...
def _read_regular(path: Path, *, header: bool = False) -> Any:
    """The bytes of the regular file at `path`, or None; with `header`, its first line (with
    the newline) and the rest apart, so a large body is read once and never copied."""
    try:
        # O_NONBLOCK and the regular-file check: a FIFO or device squatting on an entry's
        # name must be a miss, not a read that blocks for ever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            if header:
                return handle.readline(), handle.read()
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _derived_header(
    key: str, body_checksum: str, version: int, payload: bytes | memoryview
) -> bytes:
    """What a derived file must start with to be used: its format, what it was made from
    (the entry's key, the body's checksum, the Python whose marshal wrote it) and a checksum
    of its own payload."""
    import sys

    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    fields = [_DERIVED_MAGIC.decode(), str(version), python, checksum(key.encode())]
    fields += [body_checksum, str(len(payload)), checksum(payload)]
    return " ".join(fields).encode()


def encode(entry: CacheEntry) -> bytes:
    header = {
        "format": _MAGIC,
        "version": FORMAT_VERSION,
        "key": entry.key,
        "stored_at": entry.stored_at,
        "max_age": entry.max_age,
        "swr": entry.swr,
        "etag": entry.etag,
        "length": len(entry.body),
        "checksum": checksum(entry.body),
    }
    return json.dumps(header, separators=(",", ":")).encode() + b"\n" + entry.body


def decode(raw: bytes) -> CacheEntry | None:
    """The entry in `raw`, or None for anything that is not a whole, current cache file."""
    line, newline, body = raw.partition(b"\n")
    return decode_parts(line + newline, body)


def decode_parts(first_line: bytes, body: bytes) -> CacheEntry | None:
    """`decode` of a file read as its first line (newline included) and the rest."""
    line, newline, _ = first_line.partition(b"\n")
    if not newline:
        return None
    try:
        header: Any = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(header, dict) or header.get("format") != _MAGIC:
        return None
    if header.get("version") != FORMAT_VERSION or header.get("length") != len(body):
        return None
    if header.get("checksum") != checksum(body):
        return None
    key, etag = header.get("key"), header.get("etag")
    numbers = [header.get(name) for name in ("stored_at", "max_age", "swr")]
    if not isinstance(key, str) or not (etag is None or isinstance(etag, str)):
        return None
    if not all(
        isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n)
        for n in numbers
    ):
        return None
    stored_at, max_age, swr = (float(n) for n in numbers)  # type: ignore[arg-type]
    return CacheEntry(key, body, stored_at, max_age, swr, etag)


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`.

    Readers see the old file or the new one, never half of either, and parallel writers
    cannot interleave. The temporary file goes whatever happens, Ctrl-C included.
    """
    import tempfile  # only writers pay for it; a warm read never does

    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
