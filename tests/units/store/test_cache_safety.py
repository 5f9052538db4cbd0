"""The cache folder under attack: `cache clear` removes only what aihub wrote, a folder others
can write to is not used, links are never followed out of it (issue 27, items 1, 11, 12)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from aihubmix_cli.store import history
from tests.conftest import Aihub


def _someone_elses(folder: Path) -> dict[str, bytes]:
    """Files of another program, under names aihub uses or once used."""
    files = {
        ".cache/pip/wheels/abc.whl": b"a wheel",
        "history/notes.txt": b"my notes",
        "results.parsed": b"aihub-parsed lookalike",
        ".tmp-session": b"a session",
        "completion-index": b"another tool's index",
        "bundled-snapshot-used.json": b'{"used_at": "yesterday"}',
        "model-0123456789abcdef.cache": b"not an aihub answer",
    }
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return files


def test_cache_clear_in_a_shared_folder_removes_only_aihub_s_files(
    aihub: Aihub, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    files = _someone_elses(home)
    aihub.cache_dir = home
    assert aihub("list", "-o", "ids").code == 0
    assert not (home / "CACHEDIR.TAG").exists()  # a folder aihub did not make is not tagged
    written = {p for p in home.rglob("*") if p.is_file()} - {home / name for name in files}
    # The answer and its parsed copy (the catalog's versions are kept in the state folder);
    # the other completion-index and marker are left as they are, never replaced.
    assert len(written) == 2, written
    for name, content in files.items():
        assert (home / name).read_bytes() == content, name

    cleared = aihub("cache", "clear")
    assert (cleared.code, cleared.err) == (0, f"aihub: removed 2 cache files from {home}\n")
    for name, content in files.items():
        assert (home / name).read_bytes() == content, name
    assert {p for p in home.rglob("*") if p.is_file()} == {home / name for name in files}


def test_cache_clear_never_follows_links(aihub: Aihub, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert aihub("list", "-o", "ids").code == 0
    (version,) = history.versions(aihub.state_dir)
    kept = elsewhere / version.path.name
    kept.write_bytes(version.path.read_bytes())
    # A `history` link where an earlier release kept the history, and a linked index.
    (aihub.cache_dir / "history").symlink_to(elsewhere, target_is_directory=True)
    (aihub.cache_dir / "completion-index").rename(elsewhere / "completion-index")
    (aihub.cache_dir / "completion-index").symlink_to(elsewhere / "completion-index")
    assert aihub("cache", "clear").code == 0
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(
        ["completion-index", version.path.name]
    )
    assert (aihub.cache_dir / "history").is_symlink()
    assert history.versions(aihub.state_dir) == [version]  # state, not cache: it stays


@pytest.mark.parametrize("where", ["state folder", "cache folder"])
def test_a_history_link_is_never_followed_out_of_the_folder(
    aihub: Aihub, tmp_path: Path, where: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    planted = elsewhere / "catalog-0000000000001-0123456789abcdef.json.gz"
    planted.write_bytes(gzip.compress(b'{"data": []}'))
    folder = aihub.state_dir if where == "state folder" else aihub.cache_dir
    folder.mkdir()
    (folder / "history").symlink_to(elsewhere, target_is_directory=True)
    assert aihub("list", "-o", "ids").code == 0
    assert [p.name for p in elsewhere.iterdir()] == [planted.name]  # nothing written there
    assert (folder / "history").is_symlink()
    changes = aihub("changes")
    assert changes.code == 0
    # The planted version is never read: the only version is the one just fetched, or none
    # when the state folder's own history is the link.
    if where == "state folder":
        assert "no version of the catalog is kept yet" in changes.err
    else:
        assert "only one version of the catalog so far" in changes.err


@pytest.mark.parametrize("how", ["world-writable", "another owner"])
def test_a_folder_others_can_write_to_is_not_used(aihub: Aihub, how: str) -> None:
    assert aihub("list", "-o", "ids").code == 0
    if how == "world-writable":
        aihub.cache_dir.chmod(0o777)
        reason = "anyone can write to it (mode 777)"
    else:
        if os.geteuid() != 0:
            pytest.skip("only root can give a folder to another user")
        os.chown(aihub.cache_dir, 65534, -1)
        reason = "it belongs to another user (uid 65534)"
    before = sorted(p.name for p in aihub.cache_dir.rglob("*"))
    listed = aihub("list", "-o", "ids")
    assert listed.code == 0
    assert listed.err.count("not using the cache folder") == 1
    assert f"not using the cache folder {aihub.cache_dir}: {reason}" in listed.err
    assert len(aihub.catalog_requests()) == 2  # nothing read from it: fetched again
    assert sorted(p.name for p in aihub.cache_dir.rglob("*")) == before  # nothing written


@pytest.mark.skipif(os.geteuid() == 0, reason="root removes files from read-only folders")
def test_cache_clear_of_a_read_only_folder_reports_what_it_removed(aihub: Aihub) -> None:
    assert aihub("list", "-o", "ids").code == 0
    aihub.cache_dir.chmod(0o500)
    try:
        cleared = aihub("cache", "clear")
    finally:
        aihub.cache_dir.chmod(0o700)
    assert cleared.code == 1
    assert cleared.err.splitlines() == [
        f"aihub: removed 0 cache files from {aihub.cache_dir}",
        f"aihub: could not remove 3 cache files from {aihub.cache_dir}: Permission denied",
    ]


def _plant_wrong_types(aihub: Aihub) -> None:
    """Rewrite the parsed copy with every context window a string, checksums all valid."""
    from aihubmix_cli.catalog import PARSED_FORMAT, parse_catalog
    from aihubmix_cli.catalog.model import VIEW_FIELDS
    from aihubmix_cli.store.cache import Cache
    from aihubmix_cli.store.parsed import _views_of

    cache = Cache(aihub.cache_dir)
    (key,) = [e.entry.key for e in cache.files() if e.entry is not None]
    entry = cache.load(key)
    assert entry is not None
    entries, problems = parse_catalog(entry.body)
    views = _views_of(entries)
    views[VIEW_FIELDS.index("context_length")] = ["128k"] * len(entries)
    ids = [e["model_id"] for e in entries]
    parts = [[ids, problems, [0] * len(ids)], b"", entries, [VIEW_FIELDS, views]]
    assert entry.checksum is not None
    assert cache.store_derived(key, entry.checksum, PARSED_FORMAT, parts)


@pytest.mark.parametrize("refresh", [False, True])
def test_a_planted_parsed_copy_of_the_wrong_types_is_a_miss(aihub: Aihub, refresh: bool) -> None:
    good = aihub("list", "--sort", "context_length")
    assert good.code == 0
    _plant_wrong_types(aihub)
    again = aihub("list", "--sort", "context_length", *(["--refresh"] if refresh else []))
    assert (again.code, again.out) == (0, good.out)
    assert aihub("list", "--sort", "context_length").out == good.out  # and a sound copy written
