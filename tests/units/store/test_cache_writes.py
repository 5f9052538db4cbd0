"""Tests of the on-disk HTTP cache (aihubmix_cli.store.cache): an unwritable folder warns
once; a failed write never loses the previous answer nor litters the folder; parallel
writers never show a reader half a file."""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import IO, Any

import pytest

from aihubmix_cli.store.cache import Cache, CacheEntry
from tests.units.store.cache_helpers import ENOSPC, KEY, T0, _entry, _temporaries

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
