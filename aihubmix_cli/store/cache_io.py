"""The bytes of aihub's cache files: header lines, checksums, atomic writes, parsed copies.

Nothing here knows HTTP or what a catalog is; aihubmix_cli/store/cache.py does. Like it, this module
imports nothing a warm run would not load anyway: the header is `name=value` words rather
than JSON, whose parser would bring re, enum and functools with it.
"""

from __future__ import annotations

import math
import os
import stat
import zlib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    PathLike = str | os.PathLike[str]

MAGIC = "aihub-cache"
FORMAT_VERSION = 2
FIELDS = ("format", "version", "key", "stored_at", "max_age", "swr", "etag", "length", "checksum")
_DERIVED_MAGIC = b"aihub-parsed"
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # Windows has none: nothing there blocks an open
_LONGEST_HEADER = 1 << 16


def checksum(data: bytes | memoryview) -> str:
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def read_at(fd: int, length: int, offset: int) -> bytes:
    """Up to `length` bytes of the file behind `fd` from `offset` (os.pread where there is one:
    it leaves the file's position alone)."""
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, length)


def open_regular(path: str) -> tuple[int, int] | None:
    """An open descriptor on the regular file at `path` and its size, or None."""
    try:
        # O_NONBLOCK and the regular-file check: a FIFO or device squatting on an entry's
        # name must be a miss, not a read that blocks for ever.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except OSError:
        return None
    try:
        status = os.fstat(fd)
    except OSError:
        status = None
    if status is None or not stat.S_ISREG(status.st_mode):
        os.close(fd)
        return None
    return fd, status.st_size


def open_headed(path: str) -> tuple[int, int, bytes] | None:
    """The regular file at `path` opened, with its size and its first line (newline
    included, within the longest header written), or None; the caller closes it."""
    opened = open_regular(path)
    if opened is None:
        return None
    fd, size = opened
    try:
        start = read_at(fd, 512, 0)
        end = start.find(b"\n")
        if end < 0 and len(start) == 512:
            start = read_at(fd, _LONGEST_HEADER, 0)
            end = start.find(b"\n")
    except OSError:
        end = -1
    if end < 0:
        os.close(fd)
        return None
    return fd, size, start[: end + 1]


class Header:
    __slots__ = ("checksum", "etag", "key", "length", "max_age", "stored_at", "swr")
    key: str
    etag: str | None
    stored_at: float
    max_age: float
    swr: float
    length: int
    checksum: str


def header_line(
    key: str, stored_at: float, max_age: float, swr: float, etag: str | None, body: bytes
) -> bytes:
    """The header line of a file holding `body` (newline included): ASCII `name=value` words."""
    values = {
        "format": MAGIC,
        "version": str(FORMAT_VERSION),
        "key": _text(key),
        "stored_at": repr(float(stored_at)),
        "max_age": repr(float(max_age)),
        "swr": repr(float(swr)),
        "etag": "-" if etag is None else _text(etag),
        "length": str(len(body)),
        "checksum": checksum(body),
    }
    return " ".join(f"{name}={values[name]}" for name in FIELDS).encode("ascii") + b"\n"


def _text(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").hex()


def decode_header(line: bytes) -> Header | None:
    """The header on `line` (newline included), checked field by field, or None."""
    if not line.endswith(b"\n") or not line.isascii():
        return None
    values: dict[str, str] = {}
    for word in line[:-1].decode("ascii").split(" "):
        name, equals, value = word.partition("=")
        if not equals or name in values:
            return None
        values[name] = value
    if tuple(values) != FIELDS or values["format"] != MAGIC:
        return None
    if values["version"] != str(FORMAT_VERSION) or not values["length"].isdigit():
        return None
    header = Header()
    try:
        header.key = bytes.fromhex(values["key"]).decode("utf-8", "surrogatepass")
        etag = values["etag"]
        header.etag = None if etag == "-" else bytes.fromhex(etag).decode("utf-8", "surrogatepass")
        numbers = [float(values[name]) for name in ("stored_at", "max_age", "swr")]
    except ValueError:  # UnicodeDecodeError included
        return None
    if not all(math.isfinite(number) for number in numbers):
        return None
    header.stored_at, header.max_age, header.swr = numbers
    header.length = int(values["length"])
    header.checksum = values["checksum"]
    return header


class Derived:
    """An open parsed copy: its header checked, each part read and checked when asked for.

    The file is mapped into memory where it can be: a part is then a view of the file's own
    pages, not a copy (a 10,000-model catalog's texts are megabytes, and every new buffer of
    that size costs its page faults)."""

    def __init__(self, data: Any, offset: int, sizes: list[tuple[int, str, str]]) -> None:
        self.data, self.offset, self.sizes = data, offset, sizes

    @classmethod
    def open(cls, path: str, prefix: bytes) -> Derived | None:
        opened = open_headed(path)
        if opened is None:
            return None
        fd, size, line = opened
        try:
            head, _, listed = line.rstrip(b"\n").rpartition(b" ")
            if head != prefix:
                raise ValueError(path)
            sizes = []
            for item in listed.decode("ascii").split(","):
                length, digest, kind = item.split(":")
                if kind not in ("m", "b"):
                    raise ValueError(path)
                sizes.append((int(length), digest, kind))
            if len(line) + sum(length for length, _, _ in sizes) != size:
                raise ValueError(path)
            data = _mapped(fd, size)
        except (ValueError, UnicodeDecodeError, OSError):
            return None
        finally:
            os.close(fd)  # a map keeps its own hold on the file
        return cls(data, len(line), sizes)

    def part(self, index: int) -> Any:
        """Part `index`: bytes as stored (a view of them), other data unmarshalled; None when
        it cannot be read whole and unchanged."""
        if not 0 <= index < len(self.sizes):
            return None
        length, digest, kind = self.sizes[index]
        start = self.offset + sum(size for size, _, _ in self.sizes[:index])
        payload = memoryview(self.data)[start : start + length]
        if len(payload) != length or checksum(payload) != digest:
            return None
        if kind == "b":
            return payload
        import marshal  # plain data only: dicts, lists, strings and numbers load fast

        try:
            return marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return None


def _mapped(fd: int, size: int) -> Any:
    """The file behind `fd`, mapped read-only, or read whole where it cannot be mapped."""
    try:
        import mmap

        return mmap.mmap(fd, size, access=mmap.ACCESS_READ)
    except (ImportError, OSError, ValueError):
        return read_at(fd, size, 0)


def derived_prefix(key: str, body_checksum: str, version: int) -> bytes:
    """What a derived file's header must start with to be used: its format, what it was made
    from (the entry's key, the body's checksum) and the Python whose marshal wrote it."""
    import sys

    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    fields = [_DERIVED_MAGIC.decode(), str(version), python, checksum(key.encode())]
    return " ".join([*fields, body_checksum]).encode()


def write_atomically(path: PathLike, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`.

    Readers see the old file or the new one, never half of either, and parallel writers
    cannot interleave. The temporary file goes whatever happens, Ctrl-C included.
    """
    import tempfile  # only writers pay for it; a warm read never does

    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(os.fspath(path)))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
