"""Tests of the on-disk HTTP cache (aihubmix_cli.store.cache): the file format, and a
damaged file, or something else on an entry's name, is a quiet miss that the next fetch
repairs."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from aihubmix_cli.store.cache import Cache, CacheEntry, decode, encode
from aihubmix_cli.store.cache_io import FORMAT_VERSION
from tests.units.store.cache_helpers import (
    KEY,
    T0,
    _entry,
    _header_of,
    _line,
    _temporaries,
    _with_header,
)

# --- encode / decode ------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
durations = st.floats(min_value=0, max_value=1e9, allow_nan=False)
entries = st.builds(
    CacheEntry,
    key=st.text(),
    body=st.binary(),
    stored_at=finite,
    max_age=durations,
    swr=durations,
    etag=st.none() | st.text(),
)


@given(entries)
@example(_entry(body=b"line one\nline two\n\x00\xff", etag='"abc123"'))
@example(_entry(body=b"", etag=None))
@example(_entry(body=b"\n", etag='W/"weak"'))
def test_encode_decode_round_trip(entry: CacheEntry) -> None:
    assert decode(encode(entry)) == entry


@given(entries, st.data())
def test_every_truncation_is_a_miss(entry: CacheEntry, data: st.DataObject) -> None:
    raw = encode(entry)
    cut = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    assert decode(raw[:cut]) is None


@given(entries.filter(lambda e: len(e.body) > 0), st.data())
def test_any_flipped_bit_in_the_body_is_a_miss(entry: CacheEntry, data: st.DataObject) -> None:
    raw = bytearray(encode(entry))
    start = len(raw) - len(entry.body)
    index = data.draw(st.integers(min_value=start, max_value=len(raw) - 1))
    raw[index] ^= 1 << data.draw(st.integers(min_value=0, max_value=7))
    assert decode(bytes(raw)) is None


@given(st.binary())
@example(b"\n")
@example(b"[" * 100_000 + b"\n")
@example(b"\xff\xfe\x00\x00\n")
def test_decode_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    result = decode(raw)
    assert result is None or isinstance(result, CacheEntry)


ENTRY = _entry(body=b'{"data":[1,2,3]}', etag='"v1"')
ENCODED = encode(ENTRY)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"", id="empty"),
        pytest.param(ENCODED.partition(b"\n")[0], id="no-newline"),
        pytest.param(b"not a header at all\n" + ENTRY.body, id="garbage-header"),
        pytest.param(b"\xff\xfe\xfd\n" + ENTRY.body, id="undecodable-header"),
        pytest.param(b'{"format": "aihub-cache", "version": 1}\n', id="json-header-of-v1"),
        pytest.param(b"null\n", id="header-null"),
        pytest.param(_with_header(ENTRY, format="other-cache"), id="other-format"),
        pytest.param(_with_header(ENTRY, version=0), id="older-version"),
        pytest.param(_with_header(ENTRY, version=FORMAT_VERSION + 1), id="newer-version"),
        pytest.param(_with_header(ENTRY, version=f"{FORMAT_VERSION}.0"), id="version-as-float"),
        pytest.param(ENCODED[:-1], id="truncated-body"),
        pytest.param(ENCODED[: len(ENCODED) - len(ENTRY.body) // 2], id="body-cut-in-half"),
        pytest.param(ENCODED + b"x", id="trailing-bytes"),
        pytest.param(ENCODED[:-2] + b"]]", id="byte-flipped-in-body"),
        pytest.param(_with_header(ENTRY, checksum="0" * 16), id="wrong-checksum"),
        pytest.param(_with_header(ENTRY, stored_at="yesterday"), id="stored-at-text"),
        pytest.param(_with_header(ENTRY, stored_at=True), id="stored-at-bool"),
        pytest.param(_with_header(ENTRY, stored_at=None), id="stored-at-null"),
        pytest.param(_with_header(ENTRY, max_age="300s"), id="max-age-with-unit"),
        pytest.param(_with_header(ENTRY, length="-1"), id="length-negative"),
        pytest.param(_with_header(ENTRY, key="not-hex"), id="key-not-hex"),
        pytest.param(_with_header(ENTRY, key="ff"), id="key-not-utf8"),
        pytest.param(ENCODED.replace(b" key=", b"  key=", 1), id="two-spaces"),
        pytest.param(ENCODED.replace(b" swr=", b" swr=0 swr=", 1), id="field-twice"),
        pytest.param(ENCODED.replace(b"version=", b"extra=1 version=", 1), id="unknown-field"),
        pytest.param(_with_header(ENTRY, swr=False), id="swr-bool"),
        pytest.param(_with_header(ENTRY, max_age=math.inf), id="max-age-infinite"),
        pytest.param(_with_header(ENTRY, swr=math.inf), id="swr-infinite"),
        pytest.param(_with_header(ENTRY, stored_at=math.nan), id="stored-at-nan"),
        pytest.param(_with_header(ENTRY, key=123), id="key-not-text"),
        pytest.param(_with_header(ENTRY, etag=421), id="etag-not-hex"),
    ],
)
def test_decode_rejects(raw: bytes) -> None:
    assert decode(raw) is None


def test_decode_rejects_a_header_missing_a_field() -> None:
    for field in _header_of(ENTRY):
        header = _header_of(ENTRY)
        del header[field]
        assert decode(_line(header) + b"\n" + ENTRY.body) is None, field


def test_decode_accepts_integer_times() -> None:
    # 300 and 300.0 are the same time; a hand-edited file is fine.
    raw = _with_header(ENTRY, stored_at=int(T0), max_age=300, swr=0)
    decoded = decode(raw)
    assert decoded is not None
    assert (decoded.stored_at, decoded.max_age, decoded.swr) == (T0, 300.0, 0.0)


def test_encoded_header_is_one_ascii_line() -> None:
    entry = _entry(key="/v1/models?q=caf\u00e9\nline", etag='"\u00e9t\u00e9"')
    header, newline, body = encode(entry).partition(b"\n")
    assert newline
    assert body == entry.body
    header.decode("ascii")
    assert _header_of(entry)["version"] == str(FORMAT_VERSION)
    decoded = decode(encode(entry))
    assert decoded is not None and (decoded.key, decoded.etag) == (entry.key, entry.etag)


# --- Damaged files are misses that heal -------------------------------------------------


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _cut_in_half(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 7)


def _older_version(path: Path) -> None:
    entry = decode(path.read_bytes())
    assert entry is not None
    path.write_bytes(_with_header(entry, version=0))


def _flip_a_body_byte(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 0xFF
    path.write_bytes(bytes(raw))


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside").write_bytes(b"a folder with content")


@pytest.mark.parametrize(
    "damage",
    [_empty, _cut_in_half, _garbage, _older_version, _flip_a_body_byte],
    ids=lambda f: f.__name__.lstrip("_"),
)
def test_damaged_file_is_a_miss_that_heals(tmp_path: Path, damage: Any) -> None:
    cache = Cache(tmp_path)
    assert cache.store(_entry(body=b"old body " * 100))
    damage(cache.path_for(KEY))
    assert cache.load(KEY) is None
    fresh = _entry(body=b"new body", stored_at=T0 + 60)
    assert cache.store(fresh) is True
    assert cache.load(KEY) == fresh
    assert cache.warnings == []
    assert cache.path_for(KEY).is_file()


def test_a_folder_on_an_entry_name_is_a_miss_and_is_never_removed(tmp_path: Path) -> None:
    # aihub removes only what it wrote: a folder is never one of its files.
    cache = Cache(tmp_path)
    assert cache.store(_entry(body=b"old body"))
    _directory(cache.path_for(KEY))
    assert cache.load(KEY) is None
    assert cache.store(_entry(body=b"new body", stored_at=T0 + 60)) is False
    assert len(cache.warnings) == 1 and str(tmp_path) in cache.warnings[0]
    assert (cache.path_for(KEY) / "inside").read_bytes() == b"a folder with content"
    assert _temporaries(tmp_path) == []


def test_symlink_to_a_folder_on_an_entry_name_is_replaced_not_followed(tmp_path: Path) -> None:
    # Healing must never delete what a stray link points at.
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("mine")
    cache = Cache(tmp_path / "cache")
    Path(cache.directory).mkdir()
    cache.path_for(KEY).symlink_to(precious, target_is_directory=True)
    assert cache.load(KEY) is None
    assert cache.store(_entry())
    assert cache.load(KEY) == _entry()
    assert (precious / "keep.txt").read_text() == "mine"


def test_a_fifo_on_an_entry_name_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    os.mkfifo(cache.path_for("/api/v1/models"))
    assert cache.load("/api/v1/models") is None
    assert list(cache.files()) == []  # not a regular file: not an answer aihub stored
