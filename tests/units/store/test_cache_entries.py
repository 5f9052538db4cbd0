"""Tests of the on-disk HTTP cache (aihubmix_cli.store.cache): entries stored and loaded,
private files, one file per key, clearing and listing the folder, and an API key that never
lands on disk."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from aihubmix_cli.sources.remote import Request
from aihubmix_cli.store.cache import SUFFIX, Cache, CacheFile, encode, key_fingerprint
from tests.units.store.cache_helpers import KEY, OTHER_KEY, T0, _entry, _temporaries

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
