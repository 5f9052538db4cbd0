"""The on-disk HTTP cache: one file per request, written atomically, read suspiciously.

A cache file is one ASCII header line followed by the response body exactly as the server sent
it. The header carries what HTTP freshness needs (when it was stored, max-age,
stale-while-revalidate, the ETag) and a length and checksum of the body, so a truncated,
corrupt or foreign file is simply a miss that the next fetch heals.

A warm run reads the header line only: the body is read (and checked) when something asks for
it, which a run answered from the parsed copy beside it (`load_derived`) never does. The header
is `name=value` words rather than JSON, because importing json (and re, enum, functools with
it) would cost a warm run more than everything else it does.

Keys name the request (path and query, plus a fingerprint of the API key where one was sent),
never the host: mirrors serve the same backend, and the key itself is never written.
"""

from __future__ import annotations

import os

from aihubmix_cli.base.record import Record
from aihubmix_cli.store.cache_folder import distrust, distrust_warning
from aihubmix_cli.store.cache_folder import make as make_folder
from aihubmix_cli.store.cache_io import (
    Derived,
    Header,
    checksum,
    decode_header,
    derived_prefix,
    header_line,
    open_headed,
    read_at,
    write_atomically,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path
    from typing import Any

    from aihubmix_cli.store.cache_io import PathLike


DEFAULT_MAX_AGE = 300.0
SUFFIX = ".cache"
# Beside an entry, what every warm run needs of its body, already parsed (see `load_derived`).
DERIVED_SUFFIX = ".parsed"


class Freshness:
    FRESH = "fresh"  # younger than max-age: answer without asking the server
    STALE_USABLE = "stale-usable"  # within stale-while-revalidate: revalidate, fall back quietly
    EXPIRED = "expired"  # revalidate; a fallback to it deserves a warning


def freshness(stored_at: float, max_age: float, swr: float, now: float) -> str:
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


_digest = checksum  # for CacheEntry, whose parameter of that name hides it


class CacheEntry:
    """A stored answer. Its body is given, or read from its file when first asked for."""

    __slots__ = ("_body", "_source", "checksum", "etag", "key", "max_age", "stored_at", "swr")

    def __init__(
        self,
        key: str,
        body: bytes | None,
        stored_at: float,
        max_age: float = DEFAULT_MAX_AGE,
        swr: float = 0.0,
        etag: str | None = None,
        *,
        checksum: str | None = None,  # the body's, as its header says
        source: _BodySource | None = None,  # where to read a body not given
    ) -> None:
        self.key = key
        self._body = body
        self.stored_at = stored_at
        self.max_age = max_age
        self.swr = swr
        self.etag = etag
        self.checksum = checksum if checksum is not None or body is None else _digest(body)
        self._source = source

    def read_body(self) -> bytes | None:
        """The body, or None when its file no longer holds it whole (damaged since, or
        replaced by another answer)."""
        if self._body is None and self._source is not None:
            self._body = self._source.read(self.checksum)
            self._source = None
        return self._body

    @property
    def body(self) -> bytes:
        """The body; empty when it can no longer be read (see read_body)."""
        return self.read_body() or b""

    def age(self, now: float) -> float:
        return max(0.0, now - self.stored_at)

    def freshness(self, now: float) -> str:
        return freshness(self.stored_at, self.max_age, self.swr, now)

    def revalidated(self, now: float, max_age: float, swr: float, etag: str | None) -> CacheEntry:
        """The same body after a 304: its freshness clock restarts."""
        return self.replace(stored_at=now, max_age=max_age, swr=swr, etag=etag or self.etag)

    def replace(self, **changes: Any) -> CacheEntry:
        """A copy with `changes` (key, body, stored_at, max_age, swr, etag), body read."""
        names = ("key", "body", "stored_at", "max_age", "swr", "etag")
        fields = dict(zip(names, self._fields(), strict=True))
        fields.update(changes)
        return CacheEntry(**fields)

    def _fields(self) -> tuple[Any, ...]:
        return (self.key, self.body, self.stored_at, self.max_age, self.swr, self.etag)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CacheEntry) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # mutable: its body is read lazily

    def __repr__(self) -> str:
        return f"CacheEntry(key={self.key!r}, stored_at={self.stored_at!r}, etag={self.etag!r})"


class _BodySource:
    """The rest of an open cache file, past its header: the file as it was when its header
    was read, even if another run has since replaced it (the descriptor keeps that file)."""

    def __init__(self, fd: int, offset: int, length: int) -> None:
        self.fd, self.offset, self.length = fd, offset, length

    def read(self, expected_checksum: str | None) -> bytes | None:
        try:
            body = read_at(self.fd, self.length + 1, self.offset)
        except OSError:
            return None
        finally:
            self.close()
        if len(body) != self.length or checksum(body) != expected_checksum:
            return None
        return body

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    __del__ = close


def key_fingerprint(api_key: str) -> str:
    """A stable name for an API key that cannot be turned back into it."""
    import hashlib  # a cryptographic hash only where a key is involved

    return hashlib.sha256(b"aihub-key:" + api_key.encode()).hexdigest()[:24]


class CacheFile(Record):
    """What `aihub cache info` reports of one file, usable or not."""

    __slots__ = ("entry", "path", "size")

    def __init__(self, path: Path, size: int, entry: CacheEntry | None) -> None:
        self.path = path
        self.size = size
        self.entry = entry


class Cache:
    """The cache folder. Every failure to read is a miss; every failure to write, a warning."""

    def __init__(self, directory: PathLike) -> None:
        self.directory = directory
        self.warnings: list[str] = []
        self._trusted = False  # once found trusted, for the rest of the run

    def usable(self) -> bool:
        """False (with a warning) for a folder others can write to: nothing read from it can
        be trusted, and nothing is written there."""
        if self._trusted:
            return True
        reason = distrust(self.directory)
        if reason is None:
            self._trusted = os.path.isdir(self.directory)  # a missing one is checked again
            return True
        message = distrust_warning(self.directory, reason)
        if message not in self.warnings:
            self.warnings.append(message)
        return False

    def file_for(self, key: str) -> str:
        # The path's letters and digits, each other run of characters one hyphen.
        path = key.split("?", 1)[0].lower()
        folded = "".join(ch if "a" <= ch <= "z" or "0" <= ch <= "9" else " " for ch in path)
        slug = "-".join(folded.split())[:40]
        return os.path.join(self.directory, f"{slug or 'entry'}-{checksum(key.encode())}{SUFFIX}")

    def path_for(self, key: str) -> Path:
        from pathlib import Path

        return Path(self.file_for(key))

    def load(self, key: str, *, lazy_body: bool = False) -> CacheEntry | None:
        """The entry stored for `key`, or None for a missing, damaged or foreign file.

        With `lazy_body` only its header is read and checked now; its body is read (and a
        damaged one found) when something asks for it, which a warm run answered from the
        parsed copy beside it never does.
        """
        entry = _read_entry(self.file_for(key)) if self.usable() else None
        if entry is None or entry.key != key:
            return None
        return entry if lazy_body or entry.read_body() is not None else None

    def store(self, entry: CacheEntry) -> bool:
        """Write `entry` atomically; on failure warn once, leave the old file, return False."""
        path = self.file_for(entry.key)
        if not self.usable():
            return False
        try:
            make_folder(self.directory)
            # A folder squatting on the entry's name is not aihub's to remove: the rename
            # fails, and the run carries on without the cache.
            write_atomically(path, encode(entry))
        except OSError as error:
            self._warn_unwritable(error)
            return False
        return True

    def forget(self, key: str) -> None:
        """Remove the entry for `key` and its parsed copy: the next fetch starts afresh."""
        for path in (self.file_for(key), self.derived_file(key)):
            try:
                os.unlink(path)
            except OSError:
                pass  # gone already, or not ours to remove

    def derived_file(self, key: str) -> str:
        return self.file_for(key)[: -len(SUFFIX)] + DERIVED_SUFFIX

    def derived_path(self, key: str) -> Path:
        from pathlib import Path

        return Path(self.derived_file(key))

    def load_derived(self, key: str, body_checksum: str, version: int) -> Derived | None:
        """What `store_derived` kept for the body with `body_checksum`, or None.

        Derived data is never trusted blindly: a missing, damaged or foreign file, one made
        from another body (the server sent a new catalog) or by another format `version` or
        Python is a miss, and the caller rebuilds it from the stored body. Each part is read
        and checked only when asked for.
        """
        if not self.usable():
            return None
        return Derived.open(self.derived_file(key), derived_prefix(key, body_checksum, version))

    def store_derived(self, key: str, body_checksum: str, version: int, parts: list[Any]) -> bool:
        """Keep `parts` (plain data each; bytes read back as a view) as derived from the body
        with `body_checksum`.

        Best effort: what cannot be written (or marshalled) is rebuilt next time, quietly,
        since the stored body still answers.
        """
        import marshal

        try:
            # Bytes are kept as they are (a reader gets a view of them), the rest marshalled.
            payloads = [part if type(part) is bytes else marshal.dumps(part) for part in parts]
        except ValueError:
            return False  # nested too deep for marshal: parse the body each time instead
        kinds = ["b" if type(part) is bytes else "m" for part in parts]
        sizes = ",".join(
            f"{len(p)}:{checksum(p)}:{kind}" for p, kind in zip(payloads, kinds, strict=True)
        ).encode()
        header = derived_prefix(key, body_checksum, version) + b" " + sizes + b"\n"
        if not self.usable():
            return False
        try:
            make_folder(self.directory)
            write_atomically(self.derived_file(key), header + b"".join(payloads))
        except OSError:
            return False
        return True

    def _warn_unwritable(self, error: OSError) -> None:
        reason = error.strerror or type(error).__name__
        message = f"cannot write the cache in {self.directory} ({reason}); continuing without it"
        if message not in self.warnings:
            self.warnings.append(message)

    def files(self) -> Iterator[CacheFile]:
        """Every cache file, each read whole and checked, for `aihub cache info`: only aihub's
        own (another program's `foo.cache` in a shared folder is none of its business)."""
        from pathlib import Path

        from aihubmix_cli.store.cache_clear import answer_files

        for path in map(Path, answer_files(self.directory)):
            try:
                size = path.stat().st_size
            except OSError:
                continue
            entry = _read_entry(str(path))
            if entry is not None and entry.read_body() is None:
                entry = None
            yield CacheFile(path, size, entry)

    def clear(self) -> int:
        """Remove the files aihub wrote here (see aihubmix_cli/store/cache_clear.py); return how
        many went."""
        from aihubmix_cli.store.cache_clear import clear

        return clear(self.directory).removed


def _read_entry(path: str) -> CacheEntry | None:
    """The entry in the file at `path` with its header checked and its body left unread."""
    opened = open_headed(path)
    if opened is None:
        return None
    fd, size, line = opened
    header = decode_header(line)
    if header is None or header.length != size - len(line):
        os.close(fd)
        return None
    source = _BodySource(fd, len(line), header.length)
    return _entry(header, None, source)


def _entry(header: Header, body: bytes | None, source: _BodySource | None = None) -> CacheEntry:
    return CacheEntry(
        header.key,
        body,
        header.stored_at,
        header.max_age,
        header.swr,
        header.etag,
        checksum=header.checksum,
        source=source,
    )


def encode(entry: CacheEntry) -> bytes:
    """The file for `entry`: its header line, then the body."""
    body = entry.body
    return (
        header_line(entry.key, entry.stored_at, entry.max_age, entry.swr, entry.etag, body) + body
    )


def decode(raw: bytes) -> CacheEntry | None:
    """The entry in `raw`, or None for anything that is not a whole, current cache file."""
    line, newline, body = raw.partition(b"\n")
    header = decode_header(line + newline)
    if header is None or header.length != len(body) or header.checksum != checksum(body):
        return None
    return _entry(header, body)
