"""Tests of the on-disk HTTP cache (aihubmix_cli.store.cache).

The cache's promises are what a user relies on when the network is slow or the disk is
unkind: a fresh answer is served without asking, a damaged file is a quiet miss that the next
fetch repairs, a failed write never loses the previous answer nor litters the folder, and an
API key never lands on disk.
"""

from __future__ import annotations

import errno
import math
import multiprocessing
import os
import shutil
import stat
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import IO, Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from aihubmix_cli.sources.remote import Request, parse_cache_control
from aihubmix_cli.store.cache import (
    DEFAULT_MAX_AGE,
    SUFFIX,
    Cache,
    CacheEntry,
    CacheFile,
    Freshness,
    decode,
    encode,
    freshness,
    key_fingerprint,
)
from aihubmix_cli.store.cache_io import FORMAT_VERSION

KEY = "/v1/models"
OTHER_KEY = "/api/v1/models?type=llm"
T0 = 1_750_000_000.0  # a realistic epoch time, so float rounding matches production

ENOSPC = OSError(errno.ENOSPC, "No space left on device")

FRESH = Freshness.FRESH
STALE = Freshness.STALE_USABLE
EXPIRED = Freshness.EXPIRED


def _entry(key: str = KEY, body: bytes = b'{"data":[]}', **fields: Any) -> CacheEntry:
    return CacheEntry(key, body, fields.pop("stored_at", T0), **fields)


def _temporaries(directory: Path) -> list[str]:
    if not directory.exists():
        return []
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".tmp-"))


def _header_of(entry: CacheEntry) -> dict[str, str]:
    """The header line's `name=value` words, in order."""
    words = encode(entry).partition(b"\n")[0].decode("ascii").split(" ")
    return dict(word.partition("=")[::2] for word in words)


def _line(header: dict[str, Any]) -> bytes:
    return " ".join(f"{name}={value}" for name, value in header.items()).encode()


def _with_header(entry: CacheEntry, **changes: Any) -> bytes:
    """A file for `entry` whose header fields are edited but whose body checksum still holds,
    so only the edited field can be the reason it is rejected."""
    header: dict[str, Any] = dict(_header_of(entry))
    header.update(changes)
    return _line(header) + b"\n" + entry.body


# --- freshness --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "max_age", "swr", "expected"),
    [
        pytest.param(0.0, 300.0, 300.0, FRESH, id="just-stored"),
        pytest.param(299.999, 300.0, 300.0, FRESH, id="just-below-max-age"),
        pytest.param(300.0, 300.0, 300.0, STALE, id="exactly-max-age"),
        pytest.param(450.0, 300.0, 300.0, STALE, id="within-swr"),
        pytest.param(599.999, 300.0, 300.0, STALE, id="just-below-max-age-plus-swr"),
        pytest.param(600.0, 300.0, 300.0, EXPIRED, id="exactly-max-age-plus-swr"),
        pytest.param(86_400.0, 300.0, 300.0, EXPIRED, id="a-day-old"),
        pytest.param(299.0, 300.0, 0.0, FRESH, id="swr0-fresh"),
        pytest.param(300.0, 300.0, 0.0, EXPIRED, id="swr0-at-max-age"),
        pytest.param(0.0, 0.0, 0.0, EXPIRED, id="max-age0-never-fresh"),
        pytest.param(0.0, 0.0, 60.0, STALE, id="max-age0-with-swr"),
        pytest.param(60.0, 0.0, 60.0, EXPIRED, id="max-age0-swr-spent"),
        pytest.param(-0.001, 300.0, 300.0, EXPIRED, id="clock-moved-back-a-little"),
        pytest.param(-3600.0, 1e9, 1e9, EXPIRED, id="clock-moved-back-huge-max-age"),
    ],
)
def test_freshness_table(age: float, max_age: float, swr: float, expected: str) -> None:
    assert freshness(T0, max_age, swr, T0 + age) is expected


def test_entry_freshness_and_age_use_the_stored_policy() -> None:
    entry = _entry(max_age=60.0, swr=30.0)
    assert entry.freshness(T0 + 59) is FRESH
    assert entry.freshness(T0 + 60) is STALE
    assert entry.freshness(T0 + 90) is EXPIRED
    assert entry.age(T0 + 42.5) == 42.5


def test_entry_age_is_never_negative_when_the_clock_moved_back() -> None:
    # `cache info` and warnings print the age; "-5 minutes old" would be nonsense.
    assert _entry().age(T0 - 300) == 0.0


def test_entry_defaults_are_the_absent_header_policy() -> None:
    entry = CacheEntry(KEY, b"", T0)
    assert (entry.max_age, entry.swr, entry.etag) == (DEFAULT_MAX_AGE, 0.0, None)
    assert (entry.max_age, entry.swr) == parse_cache_control(None)


# --- Cache-Control --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("public, max-age=300, stale-while-revalidate=300", (300.0, 300.0), id="live"),
        pytest.param(None, (300.0, 0.0), id="absent"),
        pytest.param("", (300.0, 0.0), id="empty"),
        pytest.param("no-cache", (0.0, 0.0), id="no-cache"),
        pytest.param("no-store", (0.0, 0.0), id="no-store"),
        pytest.param("max-age=300, no-cache", (0.0, 0.0), id="no-cache-after-max-age"),
        pytest.param("NO-STORE", (0.0, 0.0), id="no-store-upper"),
        pytest.param("private, max-age=60", (60.0, 0.0), id="private"),
        pytest.param("max-age=1.5", (1.5, 0.0), id="fractional"),
        pytest.param(
            "  MAX-AGE = 60 ,Stale-While-Revalidate= 30  ", (60.0, 30.0), id="spacing-and-case"
        ),
        pytest.param("max-age=60,stale-while-revalidate=30", (60.0, 30.0), id="no-spaces"),
        pytest.param(
            'max-age="120", stale-while-revalidate="15"', (120.0, 15.0), id="quoted-values"
        ),
        pytest.param(",, max-age=60 ,,", (60.0, 0.0), id="empty-parts"),
        pytest.param("max-age=soon", (300.0, 0.0), id="garbage-max-age"),
        pytest.param("max-age=12abc", (300.0, 0.0), id="trailing-garbage"),
        pytest.param("max-age=", (300.0, 0.0), id="empty-value"),
        pytest.param("max-age", (300.0, 0.0), id="no-value"),
        pytest.param("stale-while-revalidate=later", (300.0, 0.0), id="garbage-swr"),
        pytest.param("max-age=soon, stale-while-revalidate=5", (300.0, 5.0), id="one-bad-one-good"),
        pytest.param(
            'community="UCI, x", max-age=60', (60.0, 0.0), id="comma-inside-an-unknown-quote"
        ),
        pytest.param("max_age=60", (300.0, 0.0), id="underscore-is-not-the-directive"),
        pytest.param("s-maxage=10, max-age=20", (20.0, 0.0), id="shared-cache-age-ignored"),
        pytest.param("max-age=-5", (0.0, 0.0), id="negative-max-age"),
        pytest.param("max-age=60, stale-while-revalidate=-1", (60.0, 0.0), id="negative-swr"),
    ],
)
def test_parse_cache_control(header: str | None, expected: tuple[float, float]) -> None:
    assert parse_cache_control(header) == expected


@pytest.mark.parametrize("directive", ["no-cache", "no-store"])
def test_no_cache_wins_whatever_the_order(directive: str) -> None:
    assert parse_cache_control(f"{directive}, max-age=300") == (0.0, 0.0)
    assert parse_cache_control(f"max-age=300, stale-while-revalidate=60, {directive}") == (0, 0)


def test_a_fifo_on_an_entry_name_is_a_miss_not_a_hang(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    os.mkfifo(cache.path_for("/api/v1/models"))
    assert cache.load("/api/v1/models") is None
    assert list(cache.files()) == []  # not a regular file: not an answer aihub stored


@pytest.mark.parametrize("directive", ["max-age", "stale-while-revalidate"])
@pytest.mark.parametrize("value", ["inf", "Infinity", "-inf", "1e999", "nan"])
def test_durations_are_always_finite(directive: str, value: str) -> None:
    # float() accepts these, but an infinite max-age would make an answer fresh for ever and
    # `aihub cache info --json` cannot print it (JSON has no Infinity).
    max_age, swr = parse_cache_control(f"{directive}={value}")
    assert math.isfinite(max_age)
    assert math.isfinite(swr)


@pytest.mark.parametrize("value", ["inf", "Infinity", "1e999"])
def test_infinite_durations_are_ignored_like_garbage(value: str) -> None:
    assert parse_cache_control(f"max-age={value}") == (300.0, 0.0)
    assert parse_cache_control(f"max-age=60, max-age={value}") == (60.0, 0.0)
    assert parse_cache_control(f"max-age=60, stale-while-revalidate={value}") == (60.0, 0.0)


@given(st.text())
def test_parse_cache_control_never_raises_and_stays_in_range(header: str) -> None:
    max_age, swr = parse_cache_control(header)
    # NaN compares false to everything and infinity never expires: both break freshness().
    assert 0 <= max_age < math.inf
    assert 0 <= swr < math.inf


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_parse_cache_control_reads_any_delta_seconds(max_age: int, swr: int) -> None:
    header = f"max-age={max_age}, stale-while-revalidate={swr}"
    assert parse_cache_control(header) == (float(max_age), float(swr))


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


# --- Cache: store and load --------------------------------------------------------------


def test_store_then_load_round_trip(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    entry = _entry(body=b"\x00binary\nbody\xff", max_age=60.0, swr=30.0, etag='"abc"')
    assert cache.store(entry) is True
    assert cache.load(KEY) == entry
    assert cache.warnings == []
    assert _temporaries(Path(cache.directory)) == []


def test_store_replaces_the_previous_entry(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.store(_entry(body=b"old"))
    assert cache.store(_entry(body=b"new", stored_at=T0 + 10))
    loaded = cache.load(KEY)
    assert loaded is not None
    assert (loaded.body, loaded.stored_at) == (b"new", T0 + 10)
    assert [p.name for p in tmp_path.iterdir()] == [cache.path_for(KEY).name]


def test_load_from_a_folder_that_does_not_exist_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "missing")
    assert cache.load(KEY) is None
    assert not Path(cache.directory).exists()


def test_store_creates_a_private_folder_and_private_files(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        cache = Cache(tmp_path / "deep" / "cache")
        assert cache.store(_entry())
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(Path(cache.directory).stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.path_for(KEY).stat().st_mode) == 0o600


def test_store_makes_a_previously_readable_file_private(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    path = cache.path_for(KEY)
    path.write_bytes(encode(_entry()))
    path.chmod(0o644)
    assert cache.store(_entry(body=b"new"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_keys_do_not_share_entries(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.store(_entry(KEY))
    assert cache.path_for(KEY) != cache.path_for(OTHER_KEY)
    assert cache.load(OTHER_KEY) is None
    assert cache.store(_entry(OTHER_KEY, body=b"other"))
    first, second = cache.load(KEY), cache.load(OTHER_KEY)
    assert first is not None
    assert second is not None
    assert (first.body, second.body) == (_entry().body, b"other")


def test_a_file_holding_another_keys_entry_is_a_miss(tmp_path: Path) -> None:
    # Two keys whose names collide, or a file copied by hand, must not answer for each other.
    cache = Cache(tmp_path)
    assert cache.store(_entry(KEY))
    assert cache.store(_entry(OTHER_KEY, body=b"other"))
    shutil.copyfile(cache.path_for(KEY), cache.path_for(OTHER_KEY))
    assert cache.load(OTHER_KEY) is None
    assert cache.load(KEY) == _entry(KEY)


def test_query_case_and_key_fingerprint_all_name_different_entries(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    keys = [
        "/v1/models",
        "/V1/Models",
        "/v1/models?a=1",
        "/v1/models?a=2",
        Request("/v1/models", api_key="sk-one").cache_key,
        Request("/v1/models", api_key="sk-two").cache_key,
    ]
    assert len({cache.path_for(key) for key in keys}) == len(keys)
    for key in keys:
        assert cache.store(_entry(key, body=key.encode()))
    for key in keys:
        loaded = cache.load(key)
        assert loaded is not None
        assert loaded.body == key.encode()


@given(st.text())
@example("../../etc/passwd")
@example("/" * 200)
@example("?only=query")
def test_path_for_stays_inside_the_folder(key: str) -> None:
    directory = Path("/cache-root")
    path = Cache(directory).path_for(key)
    assert path.parent == directory
    assert path.name.endswith(SUFFIX)
    assert not path.name.startswith(".")
    assert path == Cache(directory).path_for(key)


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


# --- Unwritable folders and failing writes ---------------------------------------------


def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "file").write_text("not a folder")
    return tmp_path / "file" / "cache"


def _a_file_itself(tmp_path: Path) -> Path:
    (tmp_path / "file").write_text("not a folder")
    return tmp_path / "file"


def _in_proc(tmp_path: Path) -> Path:
    if not Path("/proc/self").exists():
        pytest.skip("no /proc on this system")
    return Path("/proc/aihub-test")


@pytest.mark.parametrize(
    "where", [_under_a_file, _a_file_itself, _in_proc], ids=lambda f: f.__name__.lstrip("_")
)
def test_unwritable_folder_warns_once_and_carries_on(tmp_path: Path, where: Any) -> None:
    directory: Path = where(tmp_path)
    cache = Cache(directory)
    assert cache.store(_entry()) is False
    assert cache.store(_entry(body=b"again")) is False
    assert len(cache.warnings) == 1
    assert str(directory) in cache.warnings[0]
    assert cache.load(KEY) is None
    assert list(cache.files()) == []
    assert cache.clear() == 0


def test_a_different_failure_gets_its_own_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Warnings are deduplicated by message, so a second, different reason is still shown.
    directory = _under_a_file(tmp_path)
    cache = Cache(directory)
    assert not cache.store(_entry())
    (tmp_path / "file").unlink()

    def full_disk(fd: int) -> None:
        raise ENOSPC

    monkeypatch.setattr("aihubmix_cli.store.cache.os.fsync", full_disk)
    assert not cache.store(_entry())
    assert not cache.store(_entry())
    assert len(cache.warnings) == 2
    assert "Not a directory" in cache.warnings[0]
    assert "No space left on device" in cache.warnings[1]


def _assert_failed_write_left_things_as_they_were(cache: Cache, previous: CacheEntry) -> None:
    assert len(cache.warnings) == 1
    assert str(cache.directory) in cache.warnings[0]
    assert "No space left on device" in cache.warnings[0]
    assert cache.load(KEY) == previous
    assert _temporaries(Path(cache.directory)) == []
    assert [p.name for p in Path(cache.directory).iterdir()] == [cache.path_for(KEY).name]


def test_failing_rename_keeps_the_previous_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    previous = _entry(body=b"previous")
    assert cache.store(previous)
    renamed: list[str] = []

    def full_disk(source: str, destination: Any) -> None:
        renamed.append(Path(source).name)
        raise ENOSPC

    monkeypatch.setattr("aihubmix_cli.store.cache.os.replace", full_disk)
    assert cache.store(_entry(body=b"replacement" * 1000)) is False
    monkeypatch.undo()
    # The temporary file really existed and really went; an empty list would prove nothing.
    assert len(renamed) == 1
    assert renamed[0].startswith(".tmp-")
    _assert_failed_write_left_things_as_they_were(cache, previous)


class _HalfWriter:
    """A file that writes half of what it is given, then runs out of space."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.attempts = 0

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.attempts += 1
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise ENOSPC


def test_failing_write_keeps_the_previous_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    previous = _entry(body=b"previous")
    assert cache.store(previous)
    real_fdopen = os.fdopen
    writers: list[_HalfWriter] = []

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> _HalfWriter:
        writers.append(_HalfWriter(real_fdopen(fd, mode, *args, **kwargs)))
        return writers[-1]

    monkeypatch.setattr("aihubmix_cli.store.cache.os.fdopen", fdopen)
    assert cache.store(_entry(body=b"replacement" * 1000)) is False
    monkeypatch.undo()
    assert [w.attempts for w in writers] == [1]
    assert all(w.handle.closed for w in writers)
    _assert_failed_write_left_things_as_they_were(cache, previous)


def test_failing_write_into_an_empty_folder_leaves_it_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(fd: int) -> None:
        raise ENOSPC

    monkeypatch.setattr("aihubmix_cli.store.cache.os.fsync", full_disk)
    cache = Cache(tmp_path / "cache")
    assert cache.store(_entry()) is False
    assert list(Path(cache.directory).iterdir()) == []
    assert cache.load(KEY) is None


def test_ctrl_c_during_the_write_propagates_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    previous = _entry(body=b"previous")
    assert cache.store(previous)
    synced: list[int] = []

    def interrupted(fd: int) -> None:
        synced.append(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr("aihubmix_cli.store.cache.os.fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.store(_entry(body=b"replacement" * 1000))
    monkeypatch.undo()
    assert len(synced) == 1
    assert cache.warnings == []
    assert cache.load(KEY) == previous
    assert _temporaries(tmp_path) == []


# --- clear and files --------------------------------------------------------------------


def test_clear_in_its_own_folder_removes_entries_and_leftovers_only(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    assert cache.store(_entry(KEY))
    assert cache.store(_entry(OTHER_KEY))
    folder = Path(cache.directory)
    assert (folder / "CACHEDIR.TAG").read_bytes().startswith(b"Signature: 8a477f597d28d172")
    (folder / ".tmp-abc12_yz").write_bytes(b"half a write")  # as tempfile names them
    damaged = cache.path_for("/api/v1/models")  # under aihub's name, in aihub's folder
    damaged.write_bytes(b"garbage")
    squatter = folder / f"squatter-0123456789abcdef{SUFFIX}"
    squatter.mkdir()
    (squatter / "nested").write_bytes(b"x")
    unrelated = ["notes.txt", ".hidden", "cache", f"x{SUFFIX}.bak", ".tmp-session", "a.cache"]
    for name in unrelated:
        (folder / name).write_bytes(b"keep me")

    assert cache.clear() == 4
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == sorted([*unrelated, "CACHEDIR.TAG", squatter.name])
    assert (squatter / "nested").read_bytes() == b"x"
    assert cache.load(KEY) is None
    assert cache.load(OTHER_KEY) is None
    assert cache.clear() == 0


def test_clear_in_a_folder_aihub_did_not_make_removes_only_proven_files(tmp_path: Path) -> None:
    cache = Cache(tmp_path)  # exists already: never tagged
    assert cache.store(_entry(KEY))
    assert not (tmp_path / "CACHEDIR.TAG").exists()
    damaged = cache.path_for(OTHER_KEY)
    damaged.write_bytes(b"someone else's file under a name aihub could write")
    leftover = tmp_path / ".tmp-abc12_yz"
    leftover.write_bytes(b"cannot tell whose")
    assert cache.clear() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([damaged.name, leftover.name])


def test_clear_leaves_a_link_and_what_it_points_at(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("mine")
    entry = Cache(tmp_path / "elsewhere")
    assert entry.store(_entry(KEY))
    cache = Cache(tmp_path / "cache")
    Path(cache.directory).mkdir()
    (Path(cache.directory) / f"link-0123456789abcdef{SUFFIX}").symlink_to(
        precious, target_is_directory=True
    )
    (Path(cache.directory) / cache.path_for(KEY).name).symlink_to(entry.path_for(KEY))
    assert cache.clear() == 0
    assert (precious / "keep.txt").read_text() == "mine"
    assert entry.load(KEY) is not None
    assert len(list(Path(cache.directory).iterdir())) == 2


def test_clear_of_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "missing")
    assert cache.clear() == 0
    assert not Path(cache.directory).exists()


def test_files_lists_valid_and_invalid_files_with_sizes(tmp_path: Path) -> None:
    folder = tmp_path / "cache"  # made by aihub, so tagged: a damaged answer there is its own
    cache = Cache(folder)
    first, second = _entry(KEY, body=b"a" * 1000), _entry(OTHER_KEY, body=b"b")
    assert cache.store(first)
    assert cache.store(second)
    broken = folder / f"broken-{'0' * 16}{SUFFIX}"
    broken.write_bytes(b"garbage" * 3)
    (folder / ".tmp-leftover").write_bytes(b"not listed")
    (folder / "notes.txt").write_bytes(b"not listed")
    (folder / f"other{SUFFIX}").write_bytes(b"not aihub's name: not listed")

    listed = {item.path: item for item in cache.files()}
    assert listed == {
        cache.path_for(KEY): CacheFile(cache.path_for(KEY), len(encode(first)), first),
        cache.path_for(OTHER_KEY): CacheFile(
            cache.path_for(OTHER_KEY), len(encode(second)), second
        ),
        broken: CacheFile(broken, 21, None),
    }


def test_files_of_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    assert list(Cache(tmp_path / "missing").files()) == []


# --- API keys ---------------------------------------------------------------------------


def test_key_fingerprint_is_stable_distinct_and_opaque() -> None:
    key = "sk-canary-123"
    assert key_fingerprint(key) == key_fingerprint(key)
    assert key_fingerprint(key) != key_fingerprint("sk-canary-124")
    assert key not in key_fingerprint(key)
    assert "canary" not in key_fingerprint(key)
    # Short enough for a file name, long enough that two users' keys never meet.
    assert len(key_fingerprint(key)) >= 16


@given(st.text(min_size=1), st.text(min_size=1))
def test_distinct_keys_have_distinct_fingerprints(first: str, second: str) -> None:
    assert (key_fingerprint(first) == key_fingerprint(second)) == (first == second)


def test_a_keyed_entry_leaves_no_trace_of_the_key_on_disk(tmp_path: Path) -> None:
    secret = "sk-canary-123"
    request = Request("/v1/models", (("type", "llm"),), api_key=secret)
    cache = Cache(tmp_path / "cache")
    entry = _entry(request.cache_key, body=b'{"data":[]}', etag='"e"')
    assert cache.store(entry)
    assert cache.load(request.cache_key) == entry
    # A keyed answer is never served to a call without the key or with another one.
    assert cache.load(Request("/v1/models", (("type", "llm"),)).cache_key) is None
    assert cache.load(Request("/v1/models", (("type", "llm"),), "sk-other").cache_key) is None

    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert "canary" not in str(path)
        assert b"canary" not in path.read_bytes()


# --- revalidation -----------------------------------------------------------------------


def test_revalidated_restarts_the_clock_and_keeps_the_old_etag() -> None:
    entry = _entry(body=b"body", max_age=60.0, swr=0.0, etag='"old"')
    later = T0 + 3600
    assert entry.freshness(later) is EXPIRED
    renewed = entry.revalidated(later, 300.0, 120.0, None)
    assert renewed == CacheEntry(KEY, b"body", later, 300.0, 120.0, '"old"')
    assert renewed.freshness(later) is FRESH
    assert renewed.freshness(later + 300) is STALE
    assert renewed.age(later + 5) == 5.0
    assert entry.stored_at == T0  # the original is untouched


def test_revalidated_takes_a_new_etag() -> None:
    renewed = _entry(etag='"old"').revalidated(T0 + 1, 300.0, 0.0, '"new"')
    assert renewed.etag == '"new"'


def test_revalidated_entry_survives_the_disk(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.store(_entry(etag='"old"'))
    stored = cache.load(KEY)
    assert stored is not None
    assert cache.store(stored.revalidated(T0 + 600, 300.0, 300.0, None))
    reloaded = cache.load(KEY)
    assert reloaded is not None
    assert (reloaded.stored_at, reloaded.etag) == (T0 + 600, '"old"')
    assert reloaded.freshness(T0 + 601) is FRESH


# --- concurrency ------------------------------------------------------------------------

WRITERS = 8
ROUNDS = 20
BODY_SIZE = 200_000


def _body(writer: int, round_: int) -> bytes:
    # Each body differs throughout, so a file stitched from two writes cannot pass as one.
    label = f"writer {writer} round {round_};".encode()
    return (label * (BODY_SIZE // len(label) + 1))[:BODY_SIZE]


def _store_many(directory: str, writer: int, barrier: Barrier) -> None:
    cache = Cache(Path(directory))
    barrier.wait()
    for round_ in range(ROUNDS):
        if not cache.store(CacheEntry(KEY, _body(writer, round_), T0 + round_)):
            raise SystemExit(f"writer {writer}: {cache.warnings}")


def test_parallel_writers_never_show_a_reader_half_a_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WRITERS + 1)
    workers = [
        context.Process(target=_store_many, args=(str(tmp_path), writer, barrier))
        for writer in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    written = {_body(w, r) for w in range(WRITERS) for r in range(ROUNDS)}
    cache = Cache(tmp_path)
    loads: list[bytes | None] = []
    try:
        barrier.wait(timeout=60)
        while any(worker.is_alive() for worker in workers):
            entry = cache.load(KEY)
            loads.append(None if entry is None else entry.body)
    finally:
        for worker in workers:
            worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0] * WRITERS

    seen = [body for body in loads if body is not None]
    assert seen, "the reader never overlapped a write; the test proved nothing"
    assert all(body in written for body in seen)
    # os.replace swaps the file in one step: once it exists, it never goes missing.
    first_hit = loads.index(seen[0])
    assert None not in loads[first_hit:]

    final = cache.load(KEY)
    assert final is not None
    assert final.body in written
    assert _temporaries(tmp_path) == []
    assert [p.name for p in tmp_path.iterdir()] == [cache.path_for(KEY).name]


def test_entries_and_parsed_copies_read_without_pread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows has no os.pread: the same bytes come through lseek and read.
    cache = Cache(tmp_path)
    assert cache.store(_entry(body=b"x" * 1000))
    assert cache.store_derived(KEY, "sum", 1, [["a"], {"b": 2}])
    monkeypatch.delattr(os, "pread")
    entry = cache.load(KEY, lazy_body=True)
    assert entry is not None and entry.read_body() == b"x" * 1000
    derived = cache.load_derived(KEY, "sum", 1)
    assert derived is not None and [derived.part(1), derived.part(0)] == [{"b": 2}, ["a"]]
